//! `/<locale>/latest/<path>/`: for every page and folder of the latest version, a small page
//! that sends the reader to its real URL (`/<locale>/v2/<path>/`), so a link written as
//! `…/latest/get-started/` keeps working across releases. A meta refresh, a canonical link and
//! a plain link: no script needed. These pages are in no sitemap and no search index.

use crate::diagnostics::{Code, Diagnostic};
use crate::output::Sink;
use crate::site::Site;
use crate::text::escape::{attr, text};
use crate::versions::LATEST;

/// One `/latest/` page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// Where it is written, below the output root (`en-us/latest/a/index.html`).
    pub path: String,
    /// The real URL it sends readers to.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The page's locale.
    pub locale: String,
}

/// Every `/latest/` page to write, and a warning for each one a page of the site's own hides.
pub fn targets(site: &Site) -> (Vec<Alias>, Vec<Diagnostic>) {
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    let Some(latest) = site.config.versions.latest() else { return (out, diags) };
    let urls = site.config.urls();
    let base = site.config.base_path.as_str();
    let mut add = |locale: &str, url: &str, title: &str| {
        let root = urls.section_url(locale, &latest.folder);
        let Some(rest) = url.strip_prefix(root.as_str()) else { return };
        let alias = format!("{}/{LATEST}/{rest}", urls.locale_prefix(locale));
        // A page of the site's own at that URL (a shared folder named `latest`) wins.
        if let Some(p) = site.page_by_url(&alias) {
            if site.pages[p].fallback_from.is_some() {
                return; // a stand-in: its original is warned about
            }
            let msg = format!("this page's URL {alias} is where guidebook sends readers to {url}, the latest version");
            let hint = "rename the folder or page: `latest/` below a locale is the latest version's address";
            diags
                .push(Diagnostic::warning(&site.pages[p].source, 1, 1, msg).with_code(Code::LatestUrl).with_hint(hint));
            return;
        }
        let path = crate::links::urls::output_path(base, &alias);
        let (path, url, title, locale) = (format!("{path}index.html"), url.into(), title.into(), locale.into());
        out.push(Alias { path, url, title, locale });
    };
    for page in site.pages.iter().filter(|p| site.config.versions.version_of(&p.rel_path) == Some(latest)) {
        add(&page.locale, &page.url, &page.title);
    }
    // Folders without an index page are pages of the site too (their section listing).
    for s in site.sections.values().filter(|s| s.index.is_none()) {
        if site.config.versions.version_of(&s.folder) == Some(latest) && site.page_by_url(&s.url).is_none() {
            add(&s.locale, &s.url, &site.section_title(s));
        }
    }
    (out, diags)
}

/// The page that sends a reader on to `url` (site-absolute; `origin` makes the canonical link
/// absolute).
pub fn redirect_html(origin: &str, alias: &Alias) -> String {
    let (url, title) = (attr(&alias.url), text(&alias.title));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{}{url}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p><a href=\"{url}\">{title}</a></p>\n</body>\n</html>\n",
        attr(&alias.locale),
        attr(origin)
    )
}

/// Writes every `/latest/` page into `sink`; returns the problems found.
pub fn write(site: &Site, sink: &dyn Sink) -> Vec<Diagnostic> {
    write_some(site, sink, &|_| true)
}

/// Writes the `/latest/` pages of the locales `keep` accepts (a shard writes its own).
pub fn write_some(site: &Site, sink: &dyn Sink, keep: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let (targets, mut diags) = targets(site);
    for alias in targets.into_iter().filter(|a| keep(&a.locale)) {
        if let Err(e) = sink.write(&alias.path, redirect_html(&site.config.origin, &alias).as_bytes()) {
            diags.push(Diagnostic::file_error(&alias.path, format!("cannot write: {e}")).with_code(Code::Io));
        }
    }
    diags
}
