# The example site's own UI strings: each key here replaces the theme's key of the same name
# (themes/default/locales/en-us/theme.ftl) on this site only.
built-with = Partner Portal Guide, built with guidebook
search-placeholder = Search the Partner Portal guide
