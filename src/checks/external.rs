//! `--external`: asks each external http(s) link whether it still answers. Politely: one
//! request at a time per host with a pause between, a few hosts at once, short timeouts, HEAD
//! first (GET when a server refuses HEAD), each URL once however many pages use it. Problems
//! are warnings: other people's servers fail for reasons that are not the author's.

use crate::diagnostics::{Code, Diagnostic};
use crate::links::Target;
use crate::page::PageLink;
use crate::site::Site;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// How hard to knock.
#[derive(Debug, Clone)]
pub struct Politeness {
    /// Hosts asked at the same time.
    pub hosts_at_once: usize,
    /// Pause between two requests to one host.
    pub pause: Duration,
    /// Give up on one request after this long.
    pub timeout: Duration,
    /// Ask about at most this many URLs.
    pub max_urls: usize,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            hosts_at_once: 4,
            pause: Duration::from_millis(250),
            timeout: Duration::from_secs(10),
            max_urls: 2000,
        }
    }
}

/// The host part of an http(s) URL, lowercase.
fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Checks every external http(s) link of the site; one warning per URL that fails, placed at
/// its first use.
pub fn check_external(site: &Site, how: &Politeness) -> Vec<Diagnostic> {
    let mut first_use: BTreeMap<String, (&PageLink, usize)> = BTreeMap::new();
    for page in &site.pages {
        for link in &page.links {
            let url = match &link.target {
                Target::External => link.href.split('#').next().unwrap_or(&link.href).trim().to_string(),
                // A link into the documentation host (`[links] host`), with its query.
                Target::Host(url) => format!("{url}{}", crate::links::split_href(link.href.trim()).query),
                _ => continue,
            };
            if host_of(&url).is_some() {
                first_use.entry(url).or_insert((link, 0)).1 += 1;
            }
        }
    }
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in first_use.keys().take(how.max_urls) {
        by_host.entry(host_of(url).expect("kept only URLs with hosts")).or_default().push(url.clone());
    }
    let queue = Mutex::new(by_host.into_values().collect::<VecDeque<_>>());
    let failures = Mutex::new(Vec::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(how.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("guidebook-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..how.hosts_at_once.max(1) {
            scope.spawn(|| loop {
                let Some(urls) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() else { break };
                for (i, url) in urls.iter().enumerate() {
                    if i > 0 {
                        std::thread::sleep(how.pause);
                    }
                    if let Some(problem) = ask(&agent, url) {
                        failures.lock().unwrap_or_else(|e| e.into_inner()).push((url.clone(), problem));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    failures
        .into_iter()
        .map(|(url, problem)| {
            let (link, uses) = first_use[&url];
            let more = if uses > 1 { format!(" (linked {uses} times)") } else { String::new() };
            Diagnostic::warning_at(&link.file, link.at, format!("external link `{url}` {problem}{more}"))
                .with_code(Code::ExternalLink)
                .with_hint("update or remove the link; if the site is only down for now, check again later")
        })
        .collect()
}

/// None when the URL answers with a success or a redirect that ends in one; else what went wrong.
fn ask(agent: &ureq::Agent, url: &str) -> Option<String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| r.map(|r| r.status().as_u16());
    let answer = match status(agent.head(url).call()) {
        // Some servers refuse or mishandle HEAD; ask again with GET before blaming the link.
        Ok(405 | 403 | 501) | Err(_) => status(agent.get(url).call()),
        other => other,
    };
    match answer {
        Ok(code) if code < 400 => None,
        Ok(code) => Some(format!("answered HTTP {code}")),
        Err(e) => Some(format!("could not be reached: {e}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts_are_found_in_http_urls_only() {
        assert_eq!(super::host_of("https://Example.com/a?b").as_deref(), Some("example.com"));
        assert_eq!(super::host_of("http://127.0.0.1:8080/x").as_deref(), Some("127.0.0.1:8080"));
        assert_eq!(super::host_of("mailto:a@b.c"), None);
    }
}
