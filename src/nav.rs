//! Navigation per locale: a tree from the folders' `toc.yml` files (DocFX style: `name`,
//! `href`, `items`), else from the folder structure ordered by `order:` then title; the reading
//! order it gives (previous/next); onboarding paths (`path:` in a section's index); and the
//! sidebar, rendered as one HTML fragment per folder, once per locale, so a page's sidebar is
//! a few of them joined, whatever the size of the site.

use crate::diagnostics::{Code, Diagnostic};
use crate::discover::SourceFile;
use crate::links::{LinkIndex, Target};
use crate::page_key::{PageKey, PageKeyRef};
use crate::site::{folder_of, Section, Site};
use crate::text::escape::{attr as escape_attr, text as escape_text};
use serde_json::Value;
use std::collections::HashMap;

/// One entry of the navigation tree.
#[derive(Debug, Clone, Default)]
pub struct NavNode {
    /// The label shown.
    pub title: String,
    /// Where it leads (None for a heading that only groups its children).
    pub url: Option<String>,
    /// The page it is, if it is one.
    pub page: Option<usize>,
    /// Its children, in order.
    pub children: Vec<NavNode>,
}

/// Where a page stands on an onboarding path.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    /// 1-based position.
    pub number: usize,
    /// Steps on the path.
    pub total: usize,
    /// A name for the path that is the same in every language (its section's path).
    pub path_id: String,
    /// A name for the step that is the same in every language (the page's path).
    pub step_id: String,
    /// The path's section page.
    pub path_url: String,
    /// The path's title.
    pub path_title: String,
}

/// An onboarding path: a section's ordered pages.
#[derive(Debug, Clone)]
pub struct Path {
    /// Same in every language.
    pub id: String,
    /// The section's title.
    pub title: String,
    /// The section page's URL.
    pub url: String,
    /// The steps, in order.
    pub pages: Vec<usize>,
}

/// The navigation of one locale.
#[derive(Debug, Default)]
pub struct LocaleNav {
    /// The tree.
    pub roots: Vec<NavNode>,
    /// Pages in reading order.
    pub reading: Vec<usize>,
    position: HashMap<usize, usize>,
    /// Onboarding paths, by the page of their section.
    pub paths: Vec<Path>,
    fragments: Vec<Fragment>,
    /// Pages on onboarding paths, with their step ids (already in `fragments`' links).
    step_ids: HashMap<usize, String>,
    /// For each page, the folders (fragment ids) to open, outermost first.
    open_chain: HashMap<usize, Vec<usize>>,
    /// For each page, the entries above it (title, URL), outermost first: its breadcrumbs.
    trails: HashMap<usize, Vec<(String, Option<String>)>>,
    url_of: HashMap<usize, String>,
    /// For each page with a link in its own sidebar: the fragment, and the offset in its text,
    /// where `aria-current` goes (after the link's `href` and step id; for a page with two
    /// entries, at the first its sidebar shows).
    current_at: HashMap<usize, (usize, usize)>,
}

/// The navigation of every locale.
#[derive(Debug, Default)]
pub struct Navigation {
    locales: HashMap<String, LocaleNav>,
    /// For a site with `[[versions]]`: each (locale, version)'s own tree (see `versions::nav`).
    versions: HashMap<(String, String), LocaleNav>,
}

/// Where a folder's fragment goes in its parent's while the tree is walked (see [`Fragment`]).
fn slot(id: usize) -> String {
    format!("<!--gb-slot-{id}-->")
}

/// One folder's `<ul>` (fragment 0: the top level's), split at the places where a folder
/// below it opens. A sidebar is its fragments joined at the open folders' places: a closed
/// folder leaves nothing behind (its slot marker, 19 bytes, was in every page once per closed
/// folder: 1 KB of a page's 19 in the benchmark corpus).
#[derive(Debug, Default)]
struct Fragment {
    text: String,
    /// (byte offset in `text`, fragment id of the folder whose list goes there), in order.
    slots: Vec<(usize, usize)>,
}

impl Fragment {
    /// A fragment as [`fragment`] wrote it, its slot markers taken out.
    fn from_marked(marked: &str) -> Self {
        const OPEN: &str = "<!--gb-slot-";
        let mut out = Fragment { text: String::with_capacity(marked.len()), slots: Vec::new() };
        let mut rest = marked;
        while let Some(at) = memchr::memmem::find(rest.as_bytes(), OPEN.as_bytes()) {
            out.text.push_str(&rest[..at]);
            let after = &rest[at + OPEN.len()..];
            // Titles are escaped (`<` is `&lt;`): every marker is one `slot` wrote.
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let id = after[..digits].parse().unwrap_or(usize::MAX);
            out.slots.push((out.text.len(), id));
            rest = after[digits..].strip_prefix("-->").unwrap_or(&after[digits..]);
        }
        out.text.push_str(rest);
        out
    }

    /// Appends this fragment (number `me`) to `html`, with the fragments of the folders in
    /// `open` (and, within them, of theirs) in their places, and `aria-current` at `current`
    /// (a fragment and an offset in its text), which is then taken.
    fn join(
        &self,
        me: usize,
        all: &[Fragment],
        open: &[usize],
        current: &mut Option<(usize, usize)>,
        html: &mut String,
    ) {
        let mut from = 0;
        for &(at, id) in &self.slots {
            if open.contains(&id) {
                self.push_text(me, from, at, current, html);
                from = at;
                if let Some(child) = all.get(id) {
                    child.join(id, all, open, current, html);
                }
            }
        }
        self.push_text(me, from, self.text.len(), current, html);
    }

    /// Appends `text[from..to]`, with `aria-current` where `current` says if it falls there.
    fn push_text(&self, me: usize, from: usize, to: usize, current: &mut Option<(usize, usize)>, html: &mut String) {
        match *current {
            Some((id, at)) if id == me && (from..=to).contains(&at) => {
                html.push_str(&self.text[from..at]);
                html.push_str(CURRENT);
                html.push_str(&self.text[at..to]);
                *current = None;
            }
            _ => html.push_str(&self.text[from..to]),
        }
    }

    /// The first link, in the order [`Fragment::join`] writes them with the folders in `open`
    /// open, that `hit` accepts (given its fragment, URL and end offset): that fragment and end.
    fn first_link(
        &self,
        me: usize,
        all: &[Fragment],
        open: &[usize],
        hit: &impl Fn(usize, &str, usize) -> bool,
    ) -> Option<(usize, usize)> {
        // A slot is never inside a link (it follows an entry's `</a>`): links ending at or
        // before an open slot come before that folder's list.
        let mut links = self.links().peekable();
        for &(at, id) in self.slots.iter().filter(|(_, id)| open.contains(id)) {
            while let Some((url, end)) = links.next_if(|(_, end)| *end <= at) {
                if hit(me, url, end) {
                    return Some((me, end));
                }
            }
            if let Some(found) = all.get(id).and_then(|child| child.first_link(id, all, open, hit)) {
                return Some(found);
            }
        }
        links.find(|(url, end)| hit(me, url, *end)).map(|(_, end)| (me, end))
    }

    /// Each link's URL (as written, escaped) with the offset just after its `<a href="URL"`.
    fn links(&self) -> impl Iterator<Item = (&str, usize)> {
        self.text.match_indices(LINK_OPEN).filter_map(|(at, _)| {
            let start = at + LINK_OPEN.len();
            let len = self.text[start..].find('"')?;
            Some((&self.text[start..start + len], start + len + 1))
        })
    }
}

/// What marks the reader's own page in the sidebar, after its link's `href` (and step id).
const CURRENT: &str = " aria-current=\"page\"";

impl LocaleNav {
    /// The page before `page` in reading order.
    pub fn previous(&self, page: usize) -> Option<usize> {
        let at = *self.position.get(&page)?;
        at.checked_sub(1).map(|i| self.reading[i])
    }

    /// The page after `page` in reading order.
    pub fn next(&self, page: usize) -> Option<usize> {
        let at = *self.position.get(&page)?;
        self.reading.get(at + 1).copied()
    }

    /// The sidebar of `page` (or of a page-less section when None): the top level, the
    /// branch down to the page open, the page marked `aria-current`.
    pub fn sidebar(&self, page: Option<usize>) -> String {
        let Some(root) = self.fragments.first() else { return String::new() };
        let open = page.and_then(|p| self.open_chain.get(&p)).map(Vec::as_slice).unwrap_or(&[]);
        // One buffer sized for the result: every page of a site builds its sidebar.
        let mut html = String::with_capacity(
            root.text.len()
                + open.iter().filter_map(|id| self.fragments.get(*id)).map(|f| f.text.len()).sum::<usize>()
                + 64,
        );
        // Where the page's own link is, found once in `finish`: searching each page's sidebar
        // for it (a memmem searcher built per page, then the text moved to make room) was 1 %
        // of a build's instructions (callgrind).
        let mut current = page.and_then(|p| self.current_at.get(&p)).copied();
        root.join(0, &self.fragments, open, &mut current, &mut html);
        html
    }

    /// The entries above a page in the tree (title, URL), outermost first.
    pub fn trail(&self, page: usize) -> Option<&[(String, Option<String>)]> {
        self.trails.get(&page).map(Vec::as_slice)
    }

    /// The step a page is on a path, if it is on one.
    pub fn step(&self, page: usize, site: &Site) -> Option<Step> {
        self.paths.iter().find_map(|path| {
            let n = path.pages.iter().position(|p| *p == page)?;
            Some(Step {
                number: n + 1,
                total: path.pages.len(),
                path_id: path.id.clone(),
                step_id: site.pages[page].rel_path.clone(),
                path_url: path.url.clone(),
                path_title: path.title.clone(),
            })
        })
    }
}

impl Navigation {
    /// The navigation of a locale.
    pub fn locale(&self, code: &str) -> Option<&LocaleNav> {
        self.locales.get(code)
    }

    /// The navigation a page of `version` shows in a locale (the whole locale's without one).
    pub fn for_version(&self, code: &str, version: Option<&str>) -> Option<&LocaleNav> {
        match version {
            Some(v) => self.versions.get(&(code.to_string(), v.to_string())).or_else(|| self.locale(code)),
            None => self.locale(code),
        }
    }
}

/// What building the tree needs.
struct TreeBuilder<'a> {
    site: &'a Site,
    links: &'a LinkIndex,
    locale: &'a str,
    /// toc.yml per (locale, folder).
    tocs: &'a HashMap<PageKey, (SourceFile, Value, String)>,
    diags: &'a mut Vec<Diagnostic>,
    /// The folders being listed, outermost first, each with what lists it (its toc.yml, or the
    /// folder itself): a folder met again among them is a loop.
    stack: Vec<(String, String)>,
    /// Folders already listed in this locale: listed again, they are a link without children,
    /// so toc.yml files that list one folder twice at every level stay linear, not 2^depth.
    listed: std::collections::HashSet<String>,
    /// The toc.yml entry being followed (file, line, col, href), for a loop's diagnostic.
    at: Option<(std::path::PathBuf, usize, usize, String)>,
}

/// Builds every locale's navigation. Problems in toc.yml files come back as diagnostics.
pub fn build(site: &Site, links: &LinkIndex, toc_files: &[SourceFile]) -> (Navigation, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut tocs = HashMap::new();
    for f in toc_files {
        let text = std::fs::read_to_string(&f.abs_path).unwrap_or_default();
        let is_md = f.rel_path.rsplit('/').next().is_some_and(|n| n.eq_ignore_ascii_case("toc.md"));
        let parsed = if is_md { Ok(crate::docfx::toc_md::parse(&text)) } else { crate::text::yaml::parse_value(&text) };
        match parsed {
            Ok(v) => {
                tocs.insert(PageKey::new(&f.locale, folder_of(&f.rel_path)), (f.clone(), v, text));
            }
            Err(e) => diags.push(
                Diagnostic::error(&f.display, e.line, e.col, format!("invalid toc.yml: {}", e.message))
                    .with_code(Code::Toc),
            ),
        }
    }
    let mut nav = Navigation::default();
    for locale in &site.config.locales {
        let mut b = TreeBuilder {
            site,
            links,
            locale: &locale.code,
            tocs: &tocs,
            diags: &mut diags,
            stack: Vec::new(),
            listed: Default::default(),
            at: None,
        };
        let mut roots = Vec::new();
        let root_toc = tocs.contains_key(PageKeyRef::new(&locale.code, "").key())
            || tocs.contains_key(PageKeyRef::new(&site.config.default_locale, "").key());
        // Without a toc.yml at the top, the locale's home page heads the list.
        if let Some(home) = site.section(&locale.code, "").and_then(|s| s.index).filter(|_| !root_toc) {
            roots.push(NavNode {
                title: label(site, home),
                url: Some(site.pages[home].url.clone()),
                page: Some(home),
                children: vec![],
            });
        }
        roots.extend(b.folder(""));
        for v in site.config.versions.iter() {
            let own = crate::versions::nav::only(site, &roots, v);
            nav.versions.insert((locale.code.clone(), v.name.clone()), finish(site, &locale.code, own));
        }
        nav.locales.insert(locale.code.clone(), finish(site, &locale.code, roots));
    }
    diags.dedup();
    (nav, diags)
}

/// The label of a page in navigation: its visible heading, which drops the site-name suffix
/// that Microsoft-style titles carry (`… | Azure Marketplace`).
fn label(site: &Site, page: usize) -> String {
    let p = &site.pages[page];
    p.meta.nav_title.clone().unwrap_or_else(|| p.heading.clone())
}

fn order_of(site: &Site, page: Option<usize>) -> i64 {
    page.and_then(|p| site.pages[p].order()).unwrap_or(i64::MAX)
}

impl TreeBuilder<'_> {
    /// The children of a folder: from its toc.yml (this locale's, else the default's), else
    /// its pages and subfolders by `order:` then title.
    fn folder(&mut self, folder: &str) -> Vec<NavNode> {
        if let Some(start) = self.stack.iter().position(|(f, _)| f == folder) {
            self.report_loop(start);
            return Vec::new();
        }
        if !self.listed.insert(folder.to_string()) {
            return Vec::new();
        }
        let default = &self.site.config.default_locale;
        let own = self.tocs.get(PageKeyRef::new(self.locale, folder).key());
        let toc = own.or_else(|| self.tocs.get(PageKeyRef::new(default, folder).key()));
        let by = match toc {
            Some((file, ..)) => file.display.to_string_lossy().into_owned(),
            None => format!("{folder}/"),
        };
        self.stack.push((folder.to_string(), by));
        let nodes = match toc {
            Some((file, Value::Array(entries), text)) => {
                let (file, entries, text) = (file.clone(), entries.clone(), text.clone());
                let mut spots = HrefSpots::new(&text);
                self.entries(&file, &entries, &mut spots, own.is_some())
            }
            _ => self.auto(folder),
        };
        self.stack.pop();
        nodes
    }

    /// An error at the toc.yml entry that leads back to `self.stack[start]`, naming the loop.
    fn report_loop(&mut self, start: usize) {
        let Some((file, line, col, href)) = self.at.clone() else { return };
        let mut chain: Vec<&str> = self.stack[start..].iter().map(|(_, by)| by.as_str()).collect();
        chain.push(&self.stack[start].1);
        let msg = format!(
            "toc.yml entry `{href}` leads back to a folder that is already being listed, a loop: {}",
            chain.join(" -> ")
        );
        self.diags.push(
            Diagnostic::error(&file, line, col, msg)
                .with_code(Code::Toc)
                .with_hint("link a page of that folder (`href: page.md`) or remove the entry".to_string()),
        );
    }

    fn auto(&mut self, folder: &str) -> Vec<NavNode> {
        let Some(section) = self.site.section(self.locale, folder).cloned() else { return Vec::new() };
        let mut nodes: Vec<(i64, NavNode)> = section
            .pages
            .iter()
            .map(|&p| {
                let node = NavNode {
                    title: label(self.site, p),
                    url: Some(self.site.pages[p].url.clone()),
                    page: Some(p),
                    children: vec![],
                };
                (order_of(self.site, Some(p)), node)
            })
            .collect();
        for sub in &section.subsections {
            let Some(s) = self.site.section(self.locale, sub).cloned() else { continue };
            let node = self.section_node(&s);
            nodes.push((order_of(self.site, s.index), node));
        }
        nodes.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
        nodes.into_iter().map(|(_, n)| n).collect()
    }

    fn section_node(&mut self, s: &Section) -> NavNode {
        let title = s.index.map(|i| label(self.site, i)).unwrap_or_else(|| self.site.section_title(s));
        let children = self.folder(&s.folder);
        NavNode { title, url: Some(s.url.clone()), page: s.index, children }
    }

    fn entries(
        &mut self,
        file: &SourceFile,
        entries: &[Value],
        spots: &mut HrefSpots<'_>,
        localized: bool,
    ) -> Vec<NavNode> {
        let mut out = Vec::new();
        for entry in entries {
            let Some(map) = entry.as_object() else { continue };
            let name = map.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            let href = map.get("href").and_then(Value::as_str).map(str::trim);
            let mut node = NavNode { title: name.clone(), ..NavNode::default() };
            if let Some(href) = href {
                let (line, col) = spots.next(href);
                self.at = Some((file.display.clone(), line, col, href.to_string()));
                let is_toc = crate::discover::is_nav_file(href.rsplit('/').next().unwrap_or(href));
                let target = if is_toc {
                    let folder = href.rsplit_once('/').map(|(f, _)| f).unwrap_or(".");
                    self.links.resolve(self.locale, &file.rel_path, &format!("{folder}/"))
                } else {
                    self.links.resolve(self.locale, &file.rel_path, href)
                };
                match target {
                    Target::Page(r) => {
                        if let Some(p) = self.site.page(&r.locale, &r.rel_path) {
                            node.url = Some(self.site.pages[p].url.clone());
                            node.page = Some(p);
                            // The default locale's toc.yml names pages in its language: use
                            // the translation's own title instead.
                            if !localized || node.title.is_empty() {
                                node.title = label(self.site, p);
                            }
                            let folder = folder_of(&r.rel_path);
                            let is_index = self.site.section(&r.locale, folder).and_then(|s| s.index) == Some(p);
                            // Explicit `items` win over the folder's own order.
                            if (is_toc || href.ends_with('/')) && is_index && !map.contains_key("items") {
                                node.children = self.folder(folder);
                            }
                        }
                    }
                    Target::External => node.url = Some(href.to_string()),
                    Target::SitePath(path) => node.url = Some(self.links.site_url(&path)),
                    Target::Host(url) => node.url = Some(url),
                    Target::Asset(r) => node.url = Some(self.links.asset_url(&r.locale, &r.rel_path)),
                    Target::Missing { .. } | Target::OutsideRoot | Target::SamePage => {
                        // A folder without an index page still has a place in the tree.
                        let folder = crate::links::percent_decode(href.trim_end_matches('/'));
                        let joined = join(
                            folder_of(&file.rel_path),
                            if is_toc { folder.rsplit_once('/').map(|(f, _)| f).unwrap_or("") } else { &folder },
                        );
                        match self.site.section(self.locale, &joined).cloned() {
                            Some(s) if (is_toc || href.ends_with('/')) && !map.contains_key("items") => {
                                node = NavNode { title: name.clone(), ..self.section_node(&s) }
                            }
                            Some(s) if is_toc || href.ends_with('/') => node.url = Some(s.url.clone()),
                            _ if file.locale == self.locale || localized => {
                                let msg = format!("toc.yml entry `{href}` leads to no page");
                                self.diags
                                    .push(Diagnostic::error(&file.display, line, col, msg).with_code(Code::BrokenLink));
                            }
                            _ => {}
                        }
                    }
                }
            }
            if let Some(Value::Array(items)) = map.get("items") {
                node.children.extend(self.entries(file, items, spots, localized));
            }
            if !node.title.is_empty() || node.url.is_some() {
                out.push(node);
            }
        }
        out
    }
}

fn join(folder: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Where the `href:` values of one toc.yml are written, handed out in the order its entries are
/// walked (document order): the second entry with the same href gets the second place, not
/// the first again.
struct HrefSpots<'t> {
    text: &'t str,
    /// Each href value's places (line, column), in document order.
    places: HashMap<String, std::collections::VecDeque<(usize, usize)>>,
}

impl<'t> HrefSpots<'t> {
    fn new(text: &'t str) -> Self {
        let mut places: HashMap<String, std::collections::VecDeque<(usize, usize)>> = HashMap::new();
        for (value, line, col) in crate::text::yaml::key_values(text, "href") {
            places.entry(value).or_default().push_back((line, col));
        }
        HrefSpots { text, places }
    }

    /// The place of the next entry whose href is `href`; for one the scan could not read (a
    /// value over several lines, say), the first line holding it, else (1, 1).
    fn next(&mut self, href: &str) -> (usize, usize) {
        if let Some(place) = self.places.get_mut(href).and_then(|q| q.pop_front()) {
            return place;
        }
        self.text
            .lines()
            .enumerate()
            .find_map(|(i, l)| l.find(href).map(|c| (i + 1, l[..c].chars().count() + 1)))
            .unwrap_or((1, 1))
    }
}

/// Reading order, paths and sidebar fragments for a finished tree.
fn finish(site: &Site, locale: &str, roots: Vec<NavNode>) -> LocaleNav {
    let mut nav = LocaleNav { roots, ..LocaleNav::default() };
    // Fragment 0 is the top level; each node with children gets the next id, depth first.
    let mut fragments = vec![String::new()];
    let mut chain = Vec::new();
    let mut reading = Vec::new();
    let mut open_chain = HashMap::new();
    let mut url_of = HashMap::new();
    let mut trails = HashMap::new();
    let roots = std::mem::take(&mut nav.roots);
    let mut walk = Walk {
        fragments: &mut fragments,
        chain: &mut chain,
        reading: &mut reading,
        open_chain: &mut open_chain,
        url_of: &mut url_of,
        trails: &mut trails,
        above: Vec::new(),
    };
    let top = fragment(&roots, &mut walk);
    fragments[0] = top;
    nav.trails = trails;
    nav.roots = roots;
    nav.position = reading.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    nav.reading = reading;
    nav.open_chain = open_chain;
    nav.url_of = url_of;
    nav.paths = paths(site, locale, &nav);
    nav.step_ids =
        nav.paths.iter().flat_map(|p| p.pages.iter().map(|&i| (i, site.pages[i].rel_path.clone()))).collect();
    // Steps of onboarding paths carry an id, so the page's script can tick the done ones: the
    // same on every page, so written into the fragments once rather than into each sidebar.
    for (p, id) in &nav.step_ids {
        if let Some(url) = nav.url_of.get(p) {
            let link = link_start(url);
            let marked = format!("{link}{}", step_attr(id));
            for fragment in &mut fragments {
                if fragment.contains(&link) {
                    *fragment = fragment.replace(&link, &marked);
                }
            }
        }
    }
    nav.fragments = fragments.iter().map(|f| Fragment::from_marked(f)).collect();
    nav.current_at = current_links(&nav);
    nav
}

/// [`LocaleNav::current_at`]: each page's link (with its step id), found in the fragments once
/// for all. Most pages have one entry, found by URL; a page with more is marked at the first its
/// sidebar shows, found by walking the fragments in the order `join` writes them.
fn current_links(nav: &LocaleNav) -> HashMap<usize, (usize, usize)> {
    let mut by_url: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (id, fragment) in nav.fragments.iter().enumerate() {
        for (url, end) in fragment.links() {
            by_url.entry(url).or_default().push((id, end));
        }
    }
    let mut out = HashMap::with_capacity(nav.url_of.len());
    for (&p, url) in &nav.url_of {
        let step = nav.step_ids.get(&p).map(|id| step_attr(id)).unwrap_or_default();
        let escaped = escape_attr(url);
        let Some(found) = by_url.get(escaped.as_str()) else { continue };
        let is_mine = |id: usize, end: usize| nav.fragments[id].text[end..].starts_with(&step);
        let mut mine = found.iter().filter(|&&(id, end)| is_mine(id, end));
        let at = match (mine.next(), mine.next()) {
            (Some(&only), None) => Some(only),
            (None, _) => None,
            (Some(_), Some(_)) => {
                let open = nav.open_chain.get(&p).map(Vec::as_slice).unwrap_or(&[]);
                let hit = |id: usize, u: &str, end: usize| u == escaped && is_mine(id, end);
                nav.fragments.first().and_then(|root| root.first_link(0, &nav.fragments, open, &hit))
            }
        };
        if let Some((id, end)) = at {
            out.insert(p, (id, end + step.len()));
        }
    }
    out
}

/// What follows a step's link start in the sidebar: its step id, for the page's script.
fn step_attr(id: &str) -> String {
    format!(" data-step=\"{}\"", escape_attr(id))
}

/// What every sidebar link starts with, before its URL: [`link_start`] writes it and
/// [`Fragment::links`] finds links by it.
const LINK_OPEN: &str = "<a href=\"";

/// How a sidebar entry's link to `url` starts, as [`fragment`] writes it.
fn link_start(url: &str) -> String {
    format!("{LINK_OPEN}{}\"", escape_attr(url))
}

/// What the walk over the tree fills in.
struct Walk<'a> {
    fragments: &'a mut Vec<String>,
    chain: &'a mut Vec<usize>,
    reading: &'a mut Vec<usize>,
    open_chain: &'a mut HashMap<usize, Vec<usize>>,
    url_of: &'a mut HashMap<usize, String>,
    trails: &'a mut HashMap<usize, Vec<(String, Option<String>)>>,
    above: Vec<(String, Option<String>)>,
}

/// The `<ul>` of some nodes; each node with children leaves a slot for its own fragment.
fn fragment(nodes: &[NavNode], w: &mut Walk<'_>) -> String {
    let mut html = String::from("<ul class=\"nav-list\">");
    for node in nodes {
        let has_children = !node.children.is_empty();
        let id = if has_children {
            w.fragments.push(String::new());
            Some(w.fragments.len() - 1)
        } else {
            None
        };
        if let Some(p) = node.page {
            if !w.url_of.contains_key(&p) {
                w.reading.push(p);
                w.url_of.insert(p, node.url.clone().unwrap_or_default());
                let mut opens = w.chain.clone();
                opens.extend(id);
                w.open_chain.insert(p, opens);
                w.trails.insert(p, w.above.clone());
            }
        }
        html.push_str(if has_children { "<li class=\"nav-branch\">" } else { "<li>" });
        match &node.url {
            Some(url) => html.push_str(&format!("{}>{}</a>", link_start(url), escape_text(&node.title))),
            None => html.push_str(&format!("<span class=\"nav-heading\">{}</span>", escape_text(&node.title))),
        }
        if let Some(id) = id {
            html.push_str(&slot(id));
            w.chain.push(id);
            w.above.push((node.title.clone(), node.url.clone()));
            let inner = fragment(&node.children, w);
            w.above.pop();
            w.chain.pop();
            w.fragments[id] = inner;
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
    html
}

/// Sections whose index page declares `path:` — `true` for its pages in reading order, or a
/// list of relative links to the steps.
fn paths(site: &Site, locale: &str, nav: &LocaleNav) -> Vec<Path> {
    let mut out = Vec::new();
    for s in site.sections.values().filter(|s| s.locale == locale) {
        let Some(index) = s.index else { continue };
        let page = &site.pages[index];
        let steps: Vec<usize> = match page.meta.get("path") {
            Some(Value::Bool(true)) => {
                let prefix = if s.folder.is_empty() { String::new() } else { format!("{}/", s.folder) };
                nav.reading
                    .iter()
                    .copied()
                    .filter(|p| *p != index && site.pages[*p].rel_path.starts_with(&prefix))
                    .collect()
            }
            Some(Value::Array(_)) => page
                .onboarding
                .iter()
                .filter(|o| o.key == "path")
                .filter_map(|o| match &o.link.target {
                    Target::Page(r) => site.page(&r.locale, &r.rel_path),
                    _ => None,
                })
                .collect(),
            _ => continue,
        };
        if !steps.is_empty() {
            out.push(Path { id: s.folder.clone(), title: page.heading.clone(), url: s.url.clone(), pages: steps });
        }
    }
    out
}
