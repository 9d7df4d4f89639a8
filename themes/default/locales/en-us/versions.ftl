# UI strings of the default theme for `[[versions]]`, English (United States).

# The version switcher's name (shown beside it on wide screens, read out by screen readers).
version = Version
# After an archived version's label in the switcher.
version-archived = archived
# On every page of a version that is not the latest; $version is that version's label.
version-banner = You are reading the documentation for { $version }.
version-banner-archived = You are reading the documentation for { $version }, which is no longer maintained.
# The banner's link to the same page in the latest version.
version-banner-latest = Go to the latest version
