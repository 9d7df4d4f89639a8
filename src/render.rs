//! The render step: tera templates compiled once, one copy per locale with that locale's
//! `t()`; every page, section, 404 page and the root redirect rendered in parallel.

mod borrowing_filters;
mod cached_matching;
mod constant_calls;
mod formatted;

use crate::diagnostics::{Code, Diagnostic};
use crate::i18n::Strings;
use crate::links::LinkIndex;
use crate::output::Sink;
use crate::site::{folder_of, Site};
use crate::theme::Theme;
use crate::versions::view as version_view;
use crate::view;
use fluent::{FluentArgs, FluentValue};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tera::{Context, Tera};

/// Compiled templates per locale.
pub struct Renderer {
    teras: HashMap<String, Tera>,
    /// Where each template comes from, to name it in errors.
    origins: HashMap<String, PathBuf>,
    /// `site` in templates.
    site: Value,
    default_locale: String,
    assets: Arc<HashMap<String, String>>,
}

/// One file to render.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    /// A page that is not a folder's index.
    Page(usize),
    /// A folder, with its index page if it has one: (locale, folder).
    Section(String, String),
    /// The 404 page of a locale.
    NotFound(String),
    /// `/404.html` in the default locale.
    RootNotFound,
    /// `/index.html`, sending readers to their language.
    Redirect,
    /// The search results page of a locale (`/<locale>/search/`).
    Search(String),
}

impl Job {
    /// The template this job renders with (`serve` re-renders a job when it reads an edited one).
    pub fn template(&self) -> &'static str {
        match self {
            Job::Page(_) => "page.html",
            Job::Section(..) => "section.html",
            Job::NotFound(_) | Job::RootNotFound => "404.html",
            Job::Search(_) => "search.html",
            Job::Redirect => "redirect.html",
        }
    }
}

/// Content-hashed names for the theme's stylesheets and scripts: `style.css` →
/// `style.3fa9c1d2.css` (the first 8 hex digits of SHA-256 of the bytes).
fn asset_names(theme: &Theme, hash: bool) -> HashMap<String, String> {
    use sha2::{Digest, Sha256};
    if !hash {
        return HashMap::new();
    }
    theme
        .statics
        .iter()
        .filter(|(rel, _)| rel.ends_with(".css") || rel.ends_with(".js"))
        .filter_map(|(rel, file)| {
            let bytes = file.source.read().ok()?;
            let digest: String = Sha256::digest(&bytes).iter().take(4).map(|b| format!("{b:02x}")).collect();
            let (stem, ext) = rel.rsplit_once('.')?;
            Some((rel.clone(), format!("{stem}.{digest}.{ext}")))
        })
        .collect()
}

/// What `asset(path=...)` answers: the file's published URL (its hashed name when it has one).
fn asset_url(base_path: &str, assets: &HashMap<String, String>, path: &str) -> String {
    let path = path.trim_start_matches('/');
    format!("{base_path}/{}", assets.get(path).map(String::as_str).unwrap_or(path))
}

/// The names tera quotes in an error message (`Failed to parse 'page.html'`), in order.
fn quoted_names(text: &str) -> Vec<String> {
    text.split('\'')
        .skip(1)
        .step_by(2)
        .filter(|n| n.ends_with(".html") || n.ends_with(".xml"))
        .map(str::to_string)
        .collect()
}

/// A template that does not parse, placed at its file, line and column.
fn syntax_error(e: &tera::Error, origins: &HashMap<String, PathBuf>) -> Diagnostic {
    let text = tera_message(e);
    let name = quoted_names(&text).into_iter().next().unwrap_or_default();
    let file = origins.get(&name).cloned().unwrap_or_else(|| PathBuf::from("templates").join(&name));
    // pest marks the place as ` --> LINE:COL` and says what it expected on a `= ...` line.
    let at = text.split_once(" --> ").and_then(|(_, rest)| {
        let pos: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
        let (l, c) = pos.split_once(':')?;
        Some((l.parse().ok()?, c.parse().ok()?))
    });
    let detail =
        text.lines().find_map(|l| l.trim_start().strip_prefix("= ")).map(str::to_string).unwrap_or(text.clone());
    let msg = format!("template syntax: {detail}");
    let d = match at {
        Some((line, col)) => Diagnostic::error(file, line, col, msg),
        None => Diagnostic::file_error(file, msg),
    };
    d.with_code(Code::Template)
        .with_hint("tera syntax: {{ value }}, {% if %}…{% endif %}; see https://keats.github.io/tera/docs/")
}

/// Tera's error with its causes, which hold the template name, line and the actual problem.
fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// A date (`MM/DD/YYYY` as in `ms.date`, or ISO `YYYY-MM-DD...`) in the locale's own format,
/// through the Fluent message `date` ($year, $month, $day); other text is returned as it is.
fn local_date(strings: &Strings, locale: &str, text: &str) -> String {
    let iso = view::iso_date(text);
    let parts: Vec<&str> = iso.get(..10).unwrap_or("").split('-').collect();
    let [y, m, d] = parts[..] else { return text.to_string() };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else { return text.to_string() };
    let mut args = FluentArgs::new();
    args.set("year", FluentValue::from(y));
    args.set("month", FluentValue::from(m));
    args.set("day", FluentValue::from(d));
    strings.get(locale, "date", Some(&args)).unwrap_or_else(|| iso.clone())
}

/// Every literal `t(key="...")` of the templates must name a string some locale has; an
/// unknown key is an error at its template line, found before anything is rendered.
fn check_string_keys(
    sources: &[(String, String)],
    files: &std::collections::BTreeMap<String, crate::theme::ThemeFile>,
    strings: &Strings,
    default_locale: &str,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (name, text) in sources {
        let lines = crate::diagnostics::LineIndex::new(text);
        for (at, _) in text.match_indices("t(key=") {
            let rest = &text[at + 6..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
            let Some(end) = rest[1..].find(quote) else { continue };
            let key = &rest[1..1 + end];
            if !strings.has(default_locale, key) {
                let (line, col) = lines.position(at);
                let origin = files.get(name).map(|f| f.origin.clone()).unwrap_or_else(|| name.into());
                let msg = format!("UI string `{key}` is not defined in any locale");
                let hint = format!("add `{key} = ...` to locales/{default_locale}/*.ftl");
                diags.push(Diagnostic::error(origin, line, col, msg).with_code(Code::MissingString).with_hint(hint));
            }
        }
    }
    diags
}

/// A `t()` call's arguments besides `key`, for Fluent; None when it has no others. The one
/// conversion for calls answered at render time and for those folded into the templates.
fn fluent_args<'a, V: std::borrow::Borrow<Value>>(
    args: impl Iterator<Item = (&'a str, V)>,
) -> Option<FluentArgs<'static>> {
    let mut out = FluentArgs::new();
    let mut any = false;
    for (name, value) in args.filter(|(name, _)| *name != "key") {
        out.set(name.to_string(), fluent_value(value.borrow()));
        any = true;
    }
    any.then_some(out)
}

fn fluent_value(v: &Value) -> FluentValue<'static> {
    match v {
        Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => FluentValue::from(s.clone()),
        other => FluentValue::from(other.to_string()),
    }
}

impl Renderer {
    /// Compiles the theme's templates and binds `t()` and `asset()` for each locale.
    pub fn new(site: &Site, theme: &Theme, strings: Arc<Strings>) -> Result<Renderer, Vec<Diagnostic>> {
        let mut sources = Vec::new();
        let mut diags = Vec::new();
        for (name, file) in &theme.templates {
            match file.source.read().map(String::from_utf8) {
                Ok(Ok(text)) => sources.push((name.clone(), text)),
                _ => diags.push(
                    Diagnostic::file_error(&file.origin, "cannot read the template as UTF-8 text")
                        .with_code(Code::Template),
                ),
            }
        }
        diags.extend(check_string_keys(&sources, &theme.templates, &strings, &site.config.default_locale));
        let mut base = Tera::default();
        base.autoescape_on(vec![".html", ".xml"]);
        // Like tera's default but leaving `/` alone, so URLs in attributes stay readable.
        base.set_escape_fns(crate::text::escape::attr, crate::text::escape::write_attr);
        // tera's own compiles its pattern on every call.
        base.register_tester("matching", cached_matching::CachedMatching::default());
        // tera's own copy the whole array they are given.
        borrowing_filters::register(&mut base);
        let origins: HashMap<String, PathBuf> =
            theme.templates.iter().map(|(name, file)| (name.clone(), file.origin.clone())).collect();
        if let Err(e) = base.add_raw_templates(sources) {
            diags.push(syntax_error(&e, &origins));
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let base_path = site.config.base_path.clone();
        let assets = Arc::new(asset_names(theme, site.config.hash_assets));
        let mut teras = HashMap::new();
        for locale in &site.config.locales {
            let mut tera = base.clone();
            // The strings this locale has and the asset names, written into its templates.
            constant_calls::fold(&mut tera, &|function: &str, args: &[(&str, &str)]| match (function, args) {
                ("t", _) => {
                    let key = args.iter().find(|(name, _)| *name == "key")?.1;
                    // The literals as `t()` reads them at render time: text values.
                    let fargs = fluent_args(args.iter().map(|(name, literal)| (*name, Value::from(*literal))));
                    strings.own(&locale.code, key, fargs.as_ref())
                }
                ("asset", [("path", literal)]) => Some(asset_url(&base_path, &assets, literal)),
                _ => None,
            });
            let (strings_for_dates, code_for_dates) = (Arc::clone(&strings), locale.code.clone());
            let strings = Arc::clone(&strings);
            let code = locale.code.clone();
            // A string is formatted once per key and arguments (see formatted.rs).
            let formatted = formatted::Formatted::default();
            tera.register_function("t", move |args: &tera::Args| {
                let key =
                    args.get("key").and_then(Value::as_str).ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
                let text = formatted.get_or(&formatted::call_key(key, args), || {
                    strings.get(&code, key, fluent_args(args.iter().map(|(name, v)| (name.as_str(), v))).as_ref())
                });
                text.map(Value::String).ok_or_else(|| {
                    tera::Error::msg(format!(
                        "no UI string `{key}` for locale {code} or its fallbacks; add it to locales/{code}/*.ftl"
                    ))
                })
            });
            let dates = formatted::Formatted::default();
            tera.register_filter("local_date", move |value: &Value, _: &tera::Args| {
                let text = value.as_str().unwrap_or_default();
                let date = dates.get_or(text, || Some(local_date(&strings_for_dates, &code_for_dates, text)));
                Ok(Value::String(date.unwrap_or_default()))
            });
            let (base_path, assets) = (base_path.clone(), Arc::clone(&assets));
            tera.register_function("asset", move |args: &tera::Args| {
                let path = args
                    .get("path")
                    .and_then(Value::as_str)
                    .ok_or_else(|| tera::Error::msg("asset() needs path=\"...\""))?;
                Ok(Value::String(asset_url(&base_path, &assets, path)))
            });
            teras.insert(locale.code.clone(), tera);
        }
        let site_value = serde_json::to_value(view::site_view(&site.config)).expect("plain values serialise");
        Ok(Renderer { teras, origins, site: site_value, default_locale: site.config.default_locale.clone(), assets })
    }

    /// The name a static file is published under: content-hashed for stylesheets and scripts
    /// when the site hashes assets, else its own.
    pub fn asset_name(&self, rel: &str) -> String {
        self.assets.get(rel).cloned().unwrap_or_else(|| rel.to_string())
    }

    /// The compiled templates (the same in every locale but for `t()` and friends), for what
    /// `serve` learns of them: which templates read which, and which changed.
    pub fn compiled(&self) -> &Tera {
        self.tera(&self.default_locale)
    }

    fn tera(&self, locale: &str) -> &Tera {
        self.teras
            .get(locale)
            .or_else(|| self.teras.get(&self.default_locale))
            .expect("the default locale has templates")
    }

    /// Everything there is to render for a site, in a stable order.
    pub fn jobs(site: &Site) -> Vec<Job> {
        // A folder's index page is rendered as the folder's section page, not as a page. Marked
        // from the sections at once: looking each page's folder up in the section map took
        // ~30 ms of a 20,000-page build, twice (the URL-clash check lists the jobs too).
        let mut is_index = vec![false; site.pages.len()];
        for i in site.sections.values().filter_map(|s| s.index) {
            if let Some(slot) = is_index.get_mut(i) {
                *slot = true;
            }
        }
        let mut jobs: Vec<Job> = Vec::with_capacity(site.pages.len() + site.sections.len() + 8);
        jobs.extend((0..site.pages.len()).filter(|&i| !is_index[i]).map(Job::Page));
        // A folder `guide/` beside a page `guide.md` has the page's URL: the page wins.
        // Hashed with Fx: a SipHash set of every page's URL was ~10 ms of a 20,000-page build,
        // with the other core idle before the pages render.
        let mut page_urls: rustc_hash::FxHashSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
        jobs.extend(
            site.sections
                .iter()
                // Two folders mounted at one URL make one section page: the first folder's.
                .filter(|(_, s)| s.index.is_some() || page_urls.insert(s.url.as_str()))
                .map(|(k, _)| Job::Section(k.locale.clone(), k.path.clone())),
        );
        jobs.extend(site.config.locales.iter().map(|l| Job::NotFound(l.code.clone())));
        // A page of the site's own at `search/` wins over the results page.
        jobs.extend(
            site.config
                .locales
                .iter()
                .filter(|l| site.page_by_url(&format!("{}/search/", site.config.locale_prefix(&l.code))).is_none())
                .map(|l| Job::Search(l.code.clone())),
        );
        if site.config.layout == crate::config::ContentLayout::PerLocale {
            jobs.push(Job::RootNotFound);
            jobs.push(Job::Redirect);
        }
        jobs
    }

    /// The locale a job renders in (None for the root redirect and 404, which use the default).
    pub fn job_locale<'a>(site: &'a Site, job: &'a Job) -> Option<&'a str> {
        match job {
            Job::Page(i) => Some(&site.pages[*i].locale),
            Job::Section(l, _) | Job::NotFound(l) | Job::Search(l) => Some(l),
            Job::RootNotFound | Job::Redirect => None,
        }
    }

    /// Renders one job to (output path, HTML). The HTML stays bytes: it is only written out, and
    /// checking that tera wrote UTF-8 (it always does) was 4 % of a build.
    pub fn render(&self, input: &Inputs<'_>, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let (site, links) = (input.site, input.links);
        let config = &site.config;
        let mut ctx = Context::new();
        // The same for every page: built once, in Renderer::new.
        ctx.insert_value("site", self.site.clone());
        let nav_page = match job {
            Job::Page(i) => Some(*i),
            Job::Section(l, f) => site.section(l, f).and_then(|s| s.index),
            _ => None,
        };
        // `[[versions]]`: the switcher, banner and canonical, and the version's own navigation.
        let subject = match (nav_page, job) {
            (Some(i), _) => version_view::Subject::Page(i),
            (None, Job::Section(l, f)) => version_view::Subject::Folder(l, f),
            (None, _) => version_view::Subject::Other(Self::job_locale(site, job).unwrap_or(&self.default_locale)),
        };
        let versions = version_view::context(site, subject);
        let nav_version = version_view::nav_version(site, subject).map(|v| v.name.as_str());
        let locale_nav = Self::job_locale(site, job).and_then(|l| input.nav.for_version(l, nav_version));
        let section_folder = match job {
            Job::Section(_, f) => Some(f.as_str()),
            _ => None,
        };
        // The body, rendered by the parse, with its xrefs filled in.
        let body = match nav_page.filter(|&i| !site.pages[i].stub) {
            Some(i) => {
                let html = input.bodies.html(site.pages[i].body);
                crate::xref::resolve::page_html(site, input.xrefs, i, &html).unwrap_or(html)
            }
            None => String::new(),
        };
        let body_len = body.len();
        // Called in one arm below: the body is moved into the page's value, not copied.
        let page_value = |i: usize| view::page_value(site, i, body);
        ctx.insert_value("nav", view::nav_value(view::nav_view(site, locale_nav, nav_page, section_folder)));
        let (locale, template, path, source) = match job {
            Job::Page(i) => {
                let page = &site.pages[*i];
                ctx.insert_value("page", page_value(*i));
                let mut crumbs = view::nav_breadcrumbs(site, locale_nav, *i)
                    .unwrap_or_else(|| view::breadcrumbs(site, &page.locale, folder_of(&page.rel_path), false));
                version_view::trim_breadcrumbs(versions.version.as_ref(), &mut crumbs);
                ctx.insert("breadcrumbs", &crumbs);
                (page.locale.clone(), "page.html", self.out_path(site, &page.url), page.source.clone())
            }
            Job::Section(locale, folder) => {
                let s = site.section(locale, folder).expect("job from the section map");
                match s.index {
                    Some(i) => ctx.insert_value("page", page_value(i)),
                    None => ctx.insert("page", &Value::Null),
                }
                ctx.insert("section", &view::section_view(site, s));
                let crumbs = s.index.and_then(|i| view::nav_breadcrumbs(site, locale_nav, i));
                let mut crumbs = crumbs.unwrap_or_else(|| view::breadcrumbs(site, locale, folder, true));
                version_view::trim_breadcrumbs(versions.version.as_ref(), &mut crumbs);
                ctx.insert("breadcrumbs", &crumbs);
                let source = s
                    .index
                    .map(|i| site.pages[i].source.clone())
                    .unwrap_or_else(|| format!("content/{locale}/{folder}").into());
                (locale.clone(), "section.html", self.out_path(site, &s.url), source)
            }
            Job::NotFound(locale) => {
                ctx.insert("page", &Value::Null);
                ctx.insert("breadcrumbs", &Vec::<view::LinkView>::new());
                let home = links.page_url(locale, "index.md");
                let dir = self.out_path(site, &home);
                let dir = dir.strip_suffix("index.html").unwrap_or(&dir);
                (locale.clone(), "404.html", format!("{dir}404.html"), "404.html".into())
            }
            Job::Search(locale) => {
                ctx.insert("page", &Value::Null);
                ctx.insert("breadcrumbs", &Vec::<view::LinkView>::new());
                let url = format!("{}/search/", config.locale_prefix(locale));
                (locale.clone(), "search.html", self.out_path(site, &url), "search.html".into())
            }
            Job::RootNotFound => {
                ctx.insert("page", &Value::Null);
                ctx.insert("breadcrumbs", &Vec::<view::LinkView>::new());
                (self.default_locale.clone(), "404.html", "404.html".to_string(), "404.html".into())
            }
            Job::Redirect => {
                ctx.insert("target", &links.page_url(&config.default_locale, "index.md"));
                (self.default_locale.clone(), "redirect.html", "index.html".to_string(), "redirect.html".into())
            }
        };
        debug_assert_eq!(template, job.template(), "Job::template names what render uses");
        ctx.insert("versions", &versions.versions);
        ctx.insert("version", &versions.version);
        ctx.insert("version_banner", &versions.banner);
        ctx.insert("lang", &view::lang_view(config, &locale));
        // The version a page or folder belongs to picks its search index (sites with versions).
        let rel = match job {
            Job::Page(i) => Some(site.pages[*i].rel_path.as_str()),
            Job::Section(_, folder) => Some(folder.as_str()),
            _ => None,
        };
        ctx.insert("search", &view::search_view(config, &locale, rel));
        // Templates test `has_page` rather than `page`: tera copies what an `if` tests, and a
        // page carries its whole HTML.
        let has_page = ctx.get("page").is_some_and(|p| !p.is_null());
        ctx.insert("has_page", &has_page);
        // tera starts from a 2 KB buffer and grows it by copying; a page is ~20 KB of chrome
        // around its body, so start there.
        let mut out = Vec::with_capacity(body_len + 24 * 1024);
        let rendered = self.tera(&locale).render_to(template, &ctx, &mut out);
        rendered.map_err(|e| {
            let text = tera_message(&e);
            // The template named last in tera's message is the one that failed (an include).
            let failing = quoted_names(&text).last().cloned().unwrap_or_else(|| template.to_string());
            let file = self.origins.get(&failing).map(|p| p.display().to_string()).unwrap_or(failing);
            Diagnostic::file_error(source, format!("cannot render this page with {template}: {text}"))
                .with_code(Code::Template)
                .with_hint(format!(
                    "the failing template is {file}; fix it, or give the page what it reads (`| default(value=...)` for optional values)"
                ))
        })?;
        Ok((path, out))
    }

    /// `index.html` below the URL, relative to the output root.
    fn out_path(&self, site: &Site, url: &str) -> String {
        format!("{}index.html", crate::links::urls::output_path(&site.config.base_path, url))
    }
}

/// What rendering reads: the site graph, the link index and the navigation.
pub struct Inputs<'a> {
    /// Pages and sections.
    pub site: &'a Site,
    /// For URLs.
    pub links: &'a LinkIndex,
    /// Sidebars, previous/next, onboarding steps.
    pub nav: &'a crate::nav::Navigation,
    /// uids, for the xrefs in page bodies.
    pub xrefs: &'a crate::xref::XrefIndex,
    /// The pages' body HTML.
    pub bodies: &'a crate::page_body::BodyStore,
}

/// Renders every job in parallel into `sink`; returns the problems found.
pub fn render_site(input: &Inputs<'_>, renderer: &Renderer, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut jobs = Renderer::jobs(input.site);
    if let Some(shard) = &input.site.shard {
        jobs.retain(|j| shard.writes_job(input.site, j));
    }
    let mut diags: Vec<Diagnostic> = jobs
        .par_iter()
        .with_max_len(crate::fan_out::PAGES_PER_TASK)
        .filter_map(|job| {
            let (path, html) = match renderer.render(input, job) {
                Ok(r) => r,
                Err(d) => return Some(d),
            };
            sink.write(&path, &html)
                .err()
                .map(|e| Diagnostic::file_error(&path, format!("cannot write: {e}")).with_code(Code::Template))
        })
        .collect();
    crate::diagnostics::sort(&mut diags);
    diags.dedup_by(|a, b| a.message == b.message && a.file == b.file);
    diags
}
