//! What templates see: plain serialisable views of the site, its pages and sections, kept
//! apart from the domain types so templates can change shape without touching the pipeline.

use crate::config::{Config, Direction};
use crate::i18n::translation::Freshness;
use crate::links::Target;
use crate::markdown::Heading;
use crate::page::Page;
use crate::site::{folder_of, Section, Site};
use serde::Serialize;
use serde_json::{Map, Value};

/// `site` in templates.
#[derive(Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Full base URL without trailing slash.
    pub base_url: String,
    /// Scheme and host only (`https://docs.example.com`), or empty.
    pub origin: String,
    /// base_url's path without trailing slash (`/partner`, or empty).
    pub base_path: String,
    /// The default locale's code.
    pub default_locale: String,
    /// Every locale with its home URL, in switcher order.
    pub locales: Vec<LocaleView>,
}

/// `search` in templates: where the current locale's results page and index are.
#[derive(Serialize)]
pub struct SearchView {
    /// The results page (`/<locale>/search/`).
    pub page: String,
    /// The folder of the index files (`/<locale>/_search/`; with versions, the index of the
    /// page's version, `/<locale>/<version>/_search/`).
    pub index: String,
    /// With versions: the name of the version searched (the page's, or the latest).
    pub version: Option<String>,
    /// With versions: every version and its index, for the results page (else empty).
    pub versions: Vec<crate::search::per_version::VersionChoice>,
}

/// Builds `search` for a locale, on the page or folder at `rel` (below the locale root).
pub fn search_view(config: &Config, locale: &str, rel: Option<&str>) -> SearchView {
    use crate::search::per_version;
    let prefix = config.locale_prefix(locale);
    let page = format!("{prefix}/search/");
    match per_version::version_for(&config.versions, rel) {
        None => SearchView {
            page,
            index: format!("{prefix}/{}/", crate::search::INDEX_DIR),
            version: None,
            versions: Vec::new(),
        },
        Some(v) => SearchView {
            page,
            index: per_version::index_url(config, locale, &v.name),
            version: Some(v.name.clone()),
            versions: per_version::choices(config, locale),
        },
    }
}

/// A locale in `site.locales`.
#[derive(Serialize)]
pub struct LocaleView {
    /// Its code.
    pub code: String,
    /// Its name in its own language.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: Direction,
    /// Its home page URL.
    pub url: String,
}

/// `lang` in templates: the locale being rendered.
#[derive(Serialize)]
pub struct LangView {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: Direction,
}

/// A titled link (`section.pages`, `breadcrumbs`, prerequisites).
#[derive(Serialize, Clone)]
pub struct LinkView {
    /// The target's title.
    pub title: String,
    /// The target's URL.
    pub url: String,
    /// The target's description, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One entry of `page.translations`. Borrowed from the site where it can be: the view is
/// serialised into the template's context at once, which copies every string anyway.
#[derive(Serialize)]
pub struct TranslationView<'a> {
    /// The translation's locale.
    pub locale: &'a str,
    /// The locale's name.
    pub name: &'a str,
    /// The translation's URL.
    pub url: std::borrow::Cow<'a, str>,
    /// The translation's title.
    pub title: &'a str,
    /// True for the page being rendered.
    pub current: bool,
    /// True when that locale has no translation: the link goes to its stand-in copy, or with
    /// `fallback = "link"` to that locale's home page.
    pub fallback: bool,
}

/// `page` in templates.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// Title (for `<title>`).
    pub title: &'a str,
    /// The visible heading (the body's opening h1, else the title).
    pub heading: &'a str,
    /// The opening h1's id, if the body had one.
    pub heading_id: Option<&'a str>,
    /// Front matter `description`.
    pub description: Option<String>,
    /// `page.content`, the body HTML, is not here: [`page_value`] moves it in.
    /// Every front matter key (`page.meta`); [`page_value`] clones it in whole.
    #[serde(skip)]
    pub meta: &'a Map<String, Value>,
    /// The locale of the text shown: for a stand-in of an untranslated page, the original's
    /// (so `page.locale != lang.code` tells a template the text is in another language).
    pub locale: &'a str,
    /// The page URL.
    pub url: &'a str,
    /// Path below the locale folder.
    pub source_path: &'a str,
    /// h2..h6.
    pub headings: &'a [Heading],
    /// The page in each locale that has it.
    pub translations: Vec<TranslationView<'a>>,
    /// The date (`date` or `ms.date`), as ISO `YYYY-MM-DD` when it can be read as a date.
    pub date: Option<String>,
    /// Front matter `author`.
    pub author: Option<String>,
    /// Machine translated (`ms.translationtype: MT`, `translation: machine`).
    pub machine_translated: bool,
    /// A translation whose source changed since it was made (its `source_hash` differs).
    pub outdated: bool,
    /// URL of the default locale's version, when this is another locale's.
    pub original_url: Option<String>,
    /// Front matter `prerequisites`, resolved to titled links in this locale.
    pub prerequisites: Vec<LinkView>,
    /// Front matter `next`, resolved to titled links in this locale.
    pub next: Vec<LinkView>,
    /// Where to edit the page's source (site.toml `edit_url`); a stand-in edits its original.
    pub edit_url: Option<String>,
}

/// `section` in templates.
#[derive(Serialize)]
pub struct SectionView {
    /// Title (index page's, else the folder name).
    pub title: String,
    /// URL.
    pub url: String,
    /// Pages in the folder, in navigation order.
    pub pages: Vec<LinkView>,
    /// Subfolders.
    pub subsections: Vec<LinkView>,
}

/// Builds `site`.
pub fn site_view(config: &Config) -> SiteView {
    SiteView {
        title: config.title.clone(),
        base_url: config.base_url(),
        origin: config.origin.clone(),
        base_path: config.base_path.clone(),
        default_locale: config.default_locale.clone(),
        locales: config
            .locales
            .iter()
            .map(|l| LocaleView {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: l.dir,
                url: config.urls().page_url(&l.code, "index.md"),
            })
            .collect(),
    }
}

/// Builds `lang` for a locale code.
pub fn lang_view(config: &Config, code: &str) -> LangView {
    let l = config.locale(code);
    LangView {
        code: code.to_string(),
        name: l.map(|l| l.name.clone()).unwrap_or_else(|| code.to_string()),
        dir: l.map(|l| l.dir).unwrap_or(Direction::Ltr),
    }
}

/// `page` for page `i` as a tera value, its `content` the page's HTML. The HTML is moved in and
/// the front matter (`page.meta`) cloned whole: serialised with the rest of the view, both were
/// copied a value at a time, a string at a time (callgrind: 2 % of a build's instructions).
pub fn page_value(site: &Site, i: usize, content: String) -> Value {
    let view = page_view(site, i);
    let mut value = serde_json::to_value(&view).expect("a page view serialises");
    if let Value::Object(fields) = &mut value {
        fields.insert("content".into(), Value::String(content));
        fields.insert("meta".into(), Value::Object(view.meta.clone()));
    }
    value
}

/// `nav` as a tera value, the sidebar's HTML moved in rather than copied by serialisation.
pub fn nav_value(mut nav: NavView) -> Value {
    let sidebar = std::mem::take(&mut nav.sidebar);
    let mut value = serde_json::to_value(&nav).expect("a navigation view serialises");
    if let Value::Object(fields) = &mut value {
        fields.insert("sidebar".into(), Value::String(sidebar));
    }
    value
}

/// Builds `page` for page `i` of the site.
pub fn page_view(site: &Site, i: usize) -> PageView<'_> {
    let page = &site.pages[i];
    let config = &site.config;
    let translations = config
        .locales
        .iter()
        .map(|l| {
            let (locale, name) = (l.code.as_str(), l.name.as_str());
            match site.page(&l.code, &page.rel_path) {
                Some(t) => {
                    let p = &site.pages[t];
                    let (url, title, fallback) = (p.url.as_str().into(), p.title.as_str(), p.fallback_from.is_some());
                    TranslationView { locale, name, url, title, current: t == i, fallback }
                }
                // No page at all in that locale (`fallback = "link"`): its home, never a 404.
                None => TranslationView {
                    locale,
                    name,
                    url: config.urls().page_url(&l.code, "").into(),
                    title: "",
                    current: false,
                    fallback: true,
                },
            }
        })
        .collect();
    let original_url = (page.locale != config.default_locale)
        .then(|| site.page(&config.default_locale, &page.rel_path))
        .flatten()
        .map(|o| site.pages[o].url.clone());
    PageView {
        title: &page.title,
        heading: &page.heading,
        heading_id: page.heading_id.as_deref(),
        description: page.meta.description.clone(),
        meta: page.meta.keys(),
        locale: page.fallback_from.as_deref().unwrap_or(&page.locale),
        url: &page.url,
        source_path: &page.rel_path,
        headings: &page.headings,
        translations,
        date: page.date().map(|d| iso_date(&d)),
        author: page.meta.author.clone(),
        machine_translated: page.is_machine_translated(),
        outdated: page.freshness == Some(Freshness::Outdated),
        original_url,
        prerequisites: linked_pages(site, page, "prerequisites"),
        next: linked_pages(site, page, "next"),
        edit_url: config.edit_url.as_ref().map(|pattern| {
            let locale = page.fallback_from.as_deref().unwrap_or(&page.locale);
            pattern.replace("{locale}", locale).replace("{path}", &page.rel_path)
        }),
    }
}

/// The pages of a front matter list (`prerequisites:`, `next:`) as titled links. The entries
/// were resolved while parsing; those that lead nowhere are left out here (`check` reports them).
fn linked_pages(site: &Site, page: &Page, key: &str) -> Vec<LinkView> {
    page.onboarding
        .iter()
        .filter(|o| o.key == key)
        .filter_map(|o| match &o.link.target {
            Target::Page(r) => site.page(&r.locale, &r.rel_path),
            _ => None,
        })
        // The visible heading: titles often end in a site-name suffix (`| Azure Marketplace`).
        .map(|t| LinkView {
            title: site.pages[t].heading.clone(),
            url: site.pages[t].url.clone(),
            description: site.pages[t].meta.description.clone(),
        })
        .collect()
}

/// Builds `section`.
pub fn section_view(site: &Site, s: &Section) -> SectionView {
    let link = |i: &usize| {
        let p = &site.pages[*i];
        LinkView { title: p.heading.clone(), url: p.url.clone(), description: p.meta.description.clone() }
    };
    SectionView {
        title: site.section_title(s),
        url: s.url.clone(),
        pages: s.pages.iter().map(link).collect(),
        subsections: s
            .subsections
            .iter()
            .filter_map(|f| site.section(&s.locale, f))
            .map(|sub| LinkView { title: site.section_title(sub), url: sub.url.clone(), description: None })
            .collect(),
    }
}

/// The trail to a page through the navigation tree (so toc.yml names, in the page's language,
/// make the breadcrumbs): the locale home, then each entry above the page that has a URL.
pub fn nav_breadcrumbs(site: &Site, nav: Option<&crate::nav::LocaleNav>, page: usize) -> Option<Vec<LinkView>> {
    let trail = nav?.trail(page)?;
    let p = &site.pages[page];
    let home_url = site.config.urls().page_url(&p.locale, "");
    let mut out = Vec::new();
    if p.url != home_url {
        let title = site
            .page(&p.locale, "index.md")
            .map(|h| site.pages[h].heading.clone())
            .unwrap_or_else(|| site.config.title.clone());
        out.push(LinkView { title, url: home_url.clone(), description: None });
    }
    for (title, url) in trail {
        if let Some(url) = url.as_ref().filter(|u| **u != home_url && **u != p.url) {
            out.push(LinkView { title: title.clone(), url: url.clone(), description: None });
        }
    }
    Some(out)
}

/// The trail from the locale home to the parent of a page (or section) in `folder`.
pub fn breadcrumbs(site: &Site, locale: &str, folder: &str, is_section: bool) -> Vec<LinkView> {
    let mut trail = Vec::new();
    let mut current = if is_section {
        if folder.is_empty() {
            return trail;
        }
        folder_of(folder).to_string()
    } else {
        folder.to_string()
    };
    loop {
        if let Some(s) = site.section(locale, &current) {
            trail.push(LinkView { title: site.section_title(s), url: s.url.clone(), description: None });
        }
        if current.is_empty() {
            break;
        }
        current = folder_of(&current).to_string();
    }
    trail.reverse();
    trail
}

/// `MM/DD/YYYY` (Microsoft docs' `ms.date`) to `YYYY-MM-DD`; other forms are kept as written.
pub fn iso_date(date: &str) -> String {
    let parts: Vec<&str> = date.trim().split('/').collect();
    if let [m, d, y] = parts[..] {
        if let (Ok(m), Ok(d), Ok(y)) = (m.parse::<u32>(), d.parse::<u32>(), y.parse::<u32>()) {
            if (1..=12).contains(&m) && (1..=31).contains(&d) && y >= 1000 {
                return format!("{y:04}-{m:02}-{d:02}");
            }
        }
    }
    date.trim().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ms_dates_become_iso() {
        assert_eq!(super::iso_date("04/01/2019"), "2019-04-01");
        assert_eq!(super::iso_date("2019-04-01"), "2019-04-01");
        assert_eq!(super::iso_date("someday"), "someday");
    }
}

/// `nav` in templates: the sidebar, the neighbours in reading order, and the onboarding step.
#[derive(Serialize, Default)]
pub struct NavView {
    /// The sidebar's HTML (a nested list; print with `| safe`).
    pub sidebar: String,
    /// True when there is a sidebar: test this rather than `nav.sidebar`, which copies it.
    pub has_sidebar: bool,
    /// The page before, in reading order.
    pub previous: Option<LinkView>,
    /// The page after, in reading order.
    pub next: Option<LinkView>,
    /// Where the page stands on its section's onboarding path.
    pub step: Option<crate::nav::Step>,
    /// On a section page with an onboarding path: its steps.
    pub path: Option<PathView>,
}

/// An onboarding path shown on its section page.
#[derive(Serialize)]
pub struct PathView {
    /// Same in every language (for the progress kept in the browser).
    pub id: String,
    /// The steps in order.
    pub steps: Vec<StepView>,
}

/// One step of a path.
#[derive(Serialize)]
pub struct StepView {
    /// Same in every language.
    pub id: String,
    /// The page's title.
    pub title: String,
    /// The page's URL.
    pub url: String,
}

/// Builds `nav` for a page (or a section without an index page, or none).
pub fn nav_view(
    site: &Site,
    nav: Option<&crate::nav::LocaleNav>,
    page: Option<usize>,
    section: Option<&str>,
) -> NavView {
    let Some(nav) = nav else { return NavView::default() };
    let link =
        |i: usize| LinkView { title: site.pages[i].heading.clone(), url: site.pages[i].url.clone(), description: None };
    let locale = page.map(|p| site.pages[p].locale.as_str());
    let path = section.and_then(|folder| {
        nav.paths.iter().find(|p| p.id == folder && locale.is_none_or(|l| site.pages[p.pages[0]].locale == l))
    });
    let sidebar = nav.sidebar(page);
    NavView {
        has_sidebar: !sidebar.is_empty(),
        sidebar,
        previous: page.and_then(|p| nav.previous(p)).map(link),
        next: page.and_then(|p| nav.next(p)).map(link),
        step: page.and_then(|p| nav.step(p, site)),
        path: path.map(|p| PathView {
            id: p.id.clone(),
            steps: p
                .pages
                .iter()
                .map(|&i| StepView {
                    id: site.pages[i].rel_path.clone(),
                    title: site.pages[i].heading.clone(),
                    url: site.pages[i].url.clone(),
                })
                .collect(),
        }),
    }
}
