# UI strings of the default theme, English (United States).
# A site's locales/en-us/*.ftl overrides any of these, key by key.

## Page furniture

skip-to-content = Skip to main content
language = Language
choose-language = Choose a language
breadcrumbs = Breadcrumb
on-this-page = On this page
page-navigation = Previous and next pages
previous = Previous
next = Next
search = Search
edit-this-page = Edit this page
built-with = Built with guidebook

## Page details
# $date is already formatted, by the "date" message below when the page's date is ISO 8601.

last-updated = Last updated on { $date }
written-by = By { $author }

# $year, $month and $day are numbers (month 1 to 12).
date = { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $day }, { $year }

## Translation notices

# Shown on a machine-translated page, followed by a link to the original (read-original).
machine-translated-notice = This page was translated by a machine and may contain mistakes.
# $language: the name of the original's language, e.g. "English".
read-original = Read the original in { $language }
not-translated-notice = This page has not been translated yet, so it is shown in its original language.

## Onboarding and sections

before-you-begin = Before you begin
next-steps = Next steps
section-pages = In this section
subsections = Subsections

## Page not found

page-not-found-title = Page not found
page-not-found-body = The page you are looking for does not exist or has moved. Check the address, or start again from the home page.
go-home = Go to the home page

## Docs alerts: the titles of > [!NOTE] and its kin, written by the engine.

alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution

## More translation notices

# Shown on a translation whose original changed after it was translated, followed by read-original.
outdated-notice = The original of this page has changed since it was translated.
# Tooltip on a language in the switcher that has no translation of this page.
not-translated-label = Not translated yet

## Navigation and onboarding paths

site-navigation = Site navigation
menu = Menu
# On a page that is a step of an onboarding path: "Step 2 of 5".
step-of = Step { $n } of { $m }
mark-done = Mark as done
step-done = Done
path-steps = Steps
# $done is filled in by the page's script; $total is the number of steps.
path-progress = { $done } of { $total } steps done

## Search

search-placeholder = Search the guide
search-results-title = Search results
# $query is what the reader typed.
search-no-results = No results for “{ $query }”.
search-result-count = { $count } results for “{ $query }”
search-needs-script = Search needs JavaScript, which is turned off in this browser.
# $version is the label of the version searched (sites with versions).
search-in-version = Results from { $version }.
search-other-versions = Search another version:

## DocFX extensions: labels the engine writes into pages

# The title of an embedded video player ([!VIDEO …]).
docfx-video = Video
# The summary of a complex image's long description.
docfx-long-description = Long description
# Above each ::: zone block; $pivot is the zone's pivot, e.g. "windows".
docfx-pivot = Pivot: { $pivot }
# Above each ::: moniker block; $range is the range in words, built from the moniker-* strings.
docfx-applies-to = Applies to: { $range }
moniker-and-later = { $version } and later
moniker-and-earlier = { $version } and earlier
moniker-later-than = later than { $version }
moniker-earlier-than = earlier than { $version }
moniker-between = { $from } to { $to }

## Code blocks

# The button that copies a code block to the clipboard, and what it says once it has.
copy-code = Copy
code-copied = Copied
# Read out by screen readers for the copy button.
copy-code-label = Copy code to the clipboard
