//! One page edited, or the UI strings: parse again what the change touched, swap it into the
//! site graph, check what it could have broken, and say which pages to render again.

use super::{alert_labels, other_urls, Workspace};
use crate::checks;
use crate::checks::onboarding;
use crate::diagnostics::{self, Diagnostic};
use crate::discover::SourceFile;
use crate::i18n::translation::SourceHashes;
use crate::i18n::{self, Strings};
use crate::links::{LinkIndex, Target};
use crate::markdown::highlight::Highlighter;
use crate::page::{self, Page, ParseContext};
use crate::page_key::PageKeyRef;
use crate::render::{Job, Renderer};
use crate::site::folder_of;
use crate::theme;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// What an edit of one page needs.
pub enum Update {
    /// Render these again (the edit parsed and checked clean); warnings found on the way.
    Rerender(Vec<Job>, Vec<Diagnostic>),
    /// The edit has errors; the site is as it was.
    Failed(Vec<Diagnostic>),
    /// The edit changes more than one page can (a new or vanished page, a draft): rebuild all.
    FullRebuild,
}

impl Workspace {
    /// Re-reads the page file at `path` (and the stand-ins that show it in other locales).
    pub fn update_page(&mut self, path: &Path) -> Update {
        let files: Vec<_> = self.sources.pages.iter().filter(|f| f.abs_path == path).cloned().collect();
        if files.is_empty() {
            return Update::FullRebuild;
        }
        let refs: Vec<&SourceFile> = files.iter().collect();
        let parsed = parse_files(
            &refs,
            &self.links,
            &self.highlighter,
            &self.strings,
            &self.site.config.default_locale,
            &self.bodies,
        );
        let mut fresh: Vec<(usize, Page)> = Vec::new();
        let mut diags = Vec::new();
        for (file, (page, d)) in files.iter().zip(parsed) {
            if file.fallback_from.is_none() {
                diags.extend(d);
            }
            match (page, self.site.page(&file.locale, &file.rel_path)) {
                // A draft that stopped or started being one changes the set of pages.
                (Some(p), Some(i)) if !p.is_draft() || self.drafts => fresh.push((i, p)),
                (Some(_), _) => return Update::FullRebuild,
                (None, _) => {}
            }
        }
        if diagnostics::error_count(&diags) > 0 {
            diagnostics::sort(&mut diags);
            return Update::Failed(diags);
        }
        // Swap the new pages in; keep the old ones to undo if the checks fail.
        let mut old = Vec::new();
        let mut shape_changed = false;
        for (i, p) in fresh {
            let before = self.site.replace_page(i, p);
            shape_changed |= shape(&before) != shape(&self.site.pages[i]);
            old.push((i, before));
        }
        let changed: HashSet<usize> = old.iter().map(|(i, _)| *i).collect();
        let to_check = if shape_changed { self.linking_to(&changed) } else { changed.clone() };
        let other = other_urls(&self.site, &self.theme);
        let mut found = checks::links::check_pages(&self.site, &self.links, &other, Some(&to_check));
        found.extend(onboarding::check_cycles(&self.site));
        found.extend(crate::checks::versions::check_archived_links(&self.site, Some(&changed)));
        // A new uid or title changes what xrefs anywhere lead to or show: index and check again.
        let uids_changed = self.xrefs.after_edit(&self.site, &old).map(|d| found.extend(d)).is_some();
        let xref_scope = (!uids_changed && !shape_changed).then_some(&changed);
        found.extend(crate::xref::check::check_pages(&self.site, &self.xrefs, xref_scope));
        let found = checks::links::apply_policy(found, self.site.config.links.broken);
        diags.extend(found);
        if diagnostics::error_count(&diags) > 0 {
            for (i, p) in old {
                self.site.replace_page(i, p);
            }
            if uids_changed {
                self.xrefs.reindex_pages(&self.site);
            }
            diagnostics::sort(&mut diags);
            return Update::Failed(diags);
        }
        let mut jobs: Vec<Job> = if shape_changed {
            // Titles and order show in every sidebar of the locale: rebuild the navigation and
            // render the locale again.
            let (nav, nav_diags) = crate::nav::build(&self.site, &self.links, &self.sources.tocs);
            diags.extend(nav_diags);
            self.nav = nav;
            let locales: HashSet<&str> = changed.iter().map(|i| self.site.pages[*i].locale.as_str()).collect();
            let site = &self.site;
            Renderer::jobs(site)
                .into_iter()
                .filter(|j| Renderer::job_locale(site, j).is_some_and(|l| locales.contains(l)))
                .collect()
        } else {
            changed.iter().map(|i| self.job_of(*i)).collect()
        };
        if uids_changed {
            let have: HashSet<Job> = jobs.iter().cloned().collect();
            let more = crate::xref::pages_with_xrefs(&self.site).map(|i| self.job_of(i));
            jobs.extend(more.filter(|j| !have.contains(j)).collect::<Vec<_>>());
        }
        Update::Rerender(jobs, diags)
    }

    /// Reads the UI strings again after an .ftl file changed, and says what to render again:
    /// the pages of `locale` (their alert titles are strings too), or of every locale when the
    /// default locale's strings changed, since the others fall back to them.
    pub(crate) fn reload_strings(&mut self, locale: Option<&str>) -> Result<Vec<Job>, Vec<Diagnostic>> {
        let theme = theme::load(&self.site.config)?;
        let (strings, diags) = i18n::load(&self.site.config, &theme);
        if diagnostics::error_count(&diags) > 0 {
            return Err(diags);
        }
        let strings = Arc::new(strings);
        let renderer = Renderer::new(&self.site, &theme, Arc::clone(&strings))?;
        let everywhere = locale.is_none_or(|l| l == self.site.config.default_locale);
        let affected = |l: &str| everywhere || Some(l) == locale;
        // Alert titles are rendered while parsing: parse the affected pages again.
        let files: Vec<&SourceFile> = self.sources.pages.iter().filter(|f| affected(&f.locale)).collect();
        let parsed = parse_files(
            &files,
            &self.links,
            &self.highlighter,
            &strings,
            &self.site.config.default_locale,
            &self.bodies,
        );
        let mut fresh = Vec::new();
        for (f, (page, d)) in files.iter().zip(parsed) {
            if let (Some(p), Some(i)) = (page, self.site.page(&f.locale, &f.rel_path)) {
                fresh.push((i, p));
            } else if diagnostics::error_count(&d) > 0 {
                return Err(d);
            }
        }
        for (i, p) in fresh {
            self.site.replace_page(i, p);
        }
        self.theme = theme;
        self.strings = strings;
        self.renderer = renderer;
        let site = &self.site;
        Ok(Renderer::jobs(site).into_iter().filter(|j| Renderer::job_locale(site, j).is_none_or(&affected)).collect())
    }

    /// The render job that writes page `i`.
    fn job_of(&self, i: usize) -> Job {
        let p = &self.site.pages[i];
        let folder = folder_of(&p.rel_path);
        match self.site.section(&p.locale, folder).and_then(|s| s.index) {
            Some(index) if index == i => Job::Section(p.locale.clone(), folder.to_string()),
            _ => Job::Page(i),
        }
    }

    /// The pages that link to any of `targets` (and the targets), whose checks depend on them.
    fn linking_to(&self, targets: &HashSet<usize>) -> HashSet<usize> {
        let keys: HashSet<PageKeyRef<'_>> = targets
            .iter()
            .map(|i| PageKeyRef::new(&self.site.pages[*i].locale, &self.site.pages[*i].rel_path))
            .collect();
        let mut out = targets.clone();
        for (i, p) in self.site.pages.iter().enumerate() {
            let hits = p.links.iter().chain(p.onboarding.iter().map(|o| &o.link)).any(|l| match &l.target {
                Target::Page(r) => keys.contains(&PageKeyRef::new(&r.locale, &r.rel_path)),
                _ => false,
            });
            if hits {
                out.insert(i);
            }
        }
        out
    }
}

/// Parses some pages again (after an edit, or new UI strings), in parallel.
fn parse_files(
    files: &[&SourceFile],
    links: &LinkIndex,
    highlighter: &Highlighter,
    strings: &Strings,
    default_locale: &str,
    bodies: &crate::page_body::BodyStore,
) -> Vec<(Option<Page>, Vec<Diagnostic>)> {
    let alerts = |locale: &str| alert_labels(strings, locale);
    let docfx = |locale: &str| crate::docfx::Labels::from_strings(strings, locale);
    let source_hashes = SourceHashes::default();
    let ctx = ParseContext {
        links,
        highlighter,
        alerts: &alerts,
        docfx: &docfx,
        default_locale,
        source_hashes: &source_hashes,
        bodies: Some(bodies),
    };
    files.par_iter().map(|f| page::parse(f, &ctx)).collect()
}

/// Title, heading, description, headings, anchors and onboarding entries of a page.
type Shape<'a> = (&'a str, &'a str, Option<String>, &'a [crate::markdown::Heading], &'a [String], Vec<&'a str>);

/// What other pages show of a page: if this stays the same, an edit re-renders the page alone.
fn shape(p: &Page) -> Shape<'_> {
    let onboarding = p.onboarding.iter().map(|o| o.link.href.as_str()).collect();
    (&p.title, &p.heading, p.meta.description.clone(), &p.headings, &p.anchors, onboarding)
}
