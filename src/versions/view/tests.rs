use super::*;
use crate::config::Config;
use crate::page::Page;
use crate::versions::{Status, Version, Versions};

fn config() -> Config {
    let version = |name: &str, latest: bool, status: Status| Version {
        name: name.into(),
        folder: name.into(),
        label: format!("CLI {name}"),
        latest,
        status,
    };
    Config {
        versions: Versions::new(vec![version("v2", true, Status::Current), version("v1", false, Status::Archived)]),
        ..crate::config::test_config("/docs", &["en-us", "ko-kr"])
    }
}

/// A page; `from` makes it a stand-in showing that locale's text.
fn page(locale: &str, rel: &str, from: Option<&str>) -> Page {
    let source = std::path::PathBuf::from(format!("content/{locale}/{rel}"));
    Page {
        title: rel.into(),
        heading: rel.into(),
        fallback_from: from.map(str::to_string),
        stub: false,
        body: Default::default(),
        ..crate::commands::shard::stubs::blank(locale, rel, &source, &config().urls().page_url(locale, rel))
    }
}

fn site() -> Site {
    let pages = vec![
        page("en-us", "index.md", None),
        page("en-us", "v2/index.md", None),
        page("en-us", "v2/cmd/index.md", None),
        page("en-us", "v2/cmd/rollback.md", None),
        page("en-us", "v2/cmd/deploy.md", None),
        page("en-us", "v1/index.md", None),
        page("en-us", "v1/cmd/deploy.md", None),
        page("en-us", "v1/old/gone.md", None),
        page("ko-kr", "v1/cmd/deploy.md", None),
        page("ko-kr", "v2/cmd/deploy.md", Some("en-us")),
    ];
    Site::new(config(), pages, Vec::new()).0
}

fn at(s: &Site, locale: &str, rel: &str) -> usize {
    s.page(locale, rel).unwrap()
}

#[test]
fn the_switcher_goes_to_the_same_page_else_the_nearest_folder() {
    let s = site();
    let urls = |subject| context(&s, subject).versions.into_iter().map(|v| (v.url, v.current)).collect::<Vec<_>>();
    let deploy = Subject::Page(at(&s, "en-us", "v2/cmd/deploy.md"));
    assert_eq!(
        urls(deploy),
        [("/docs/en-us/v2/cmd/deploy/".into(), true), ("/docs/en-us/v1/cmd/deploy/".into(), false)]
    );
    // v1 has no rollback and no index.md in cmd/, but its folder holds deploy: that section.
    let rollback = Subject::Page(at(&s, "en-us", "v2/cmd/rollback.md"));
    assert_eq!(urls(rollback)[1].0, "/docs/en-us/v1/cmd/");
    // v2 has no old/ folder at all: up to the version's root.
    let gone = Subject::Page(at(&s, "en-us", "v1/old/gone.md"));
    assert_eq!(urls(gone)[0].0, "/docs/en-us/v2/");
    // A shared page: each version's root, none current.
    let home = Subject::Page(at(&s, "en-us", "index.md"));
    assert_eq!(urls(home), [("/docs/en-us/v2/".into(), false), ("/docs/en-us/v1/".into(), false)]);
    // The Korean v2 page is a stand-in: stand-ins count.
    let ko = Subject::Page(at(&s, "ko-kr", "v1/cmd/deploy.md"));
    assert_eq!(urls(ko), [("/docs/ko-kr/v2/cmd/deploy/".into(), false), ("/docs/ko-kr/v1/cmd/deploy/".into(), true)]);
    assert_eq!(urls(Subject::Other("ko-kr"))[0].0, "/docs/ko-kr/v2/", "the section ko-kr/v2 exists (its stand-in)");
}

#[test]
fn older_pages_get_a_banner_and_a_canonical_in_the_latest_version() {
    let s = site();
    let v1 = context(&s, Subject::Page(at(&s, "en-us", "v1/cmd/deploy.md")));
    let banner = v1.banner.unwrap();
    assert!(banner.archived);
    assert_eq!((banner.version.as_str(), banner.latest_url.as_str()), ("CLI v1", "/docs/en-us/v2/cmd/deploy/"));
    assert_eq!(v1.version.unwrap().canonical.as_deref(), Some("/docs/en-us/v2/cmd/deploy/"));
    // The Korean v2 page is a stand-in: the canonical is its English original.
    let ko = context(&s, Subject::Page(at(&s, "ko-kr", "v1/cmd/deploy.md")));
    assert_eq!(ko.version.unwrap().canonical.as_deref(), Some("/docs/en-us/v2/cmd/deploy/"));
    // Not in the latest version: no canonical elsewhere.
    let gone = context(&s, Subject::Page(at(&s, "en-us", "v1/old/gone.md")));
    assert_eq!(gone.version.unwrap().canonical, None);
    let v2 = context(&s, Subject::Page(at(&s, "en-us", "v2/cmd/deploy.md")));
    assert!(v2.banner.is_none() && v2.version.unwrap().canonical.is_none());
    let home = context(&s, Subject::Page(at(&s, "en-us", "index.md")));
    assert!(home.banner.is_none() && home.version.is_none());
}

#[test]
fn a_site_without_versions_gets_nothing() {
    let mut c = config();
    c.versions = Versions::default();
    let s = Site::new(c, vec![page("en-us", "index.md", None)], Vec::new()).0;
    let ctx = context(&s, Subject::Page(0));
    assert!(ctx.versions.is_empty() && ctx.version.is_none() && ctx.banner.is_none());
    assert!(nav_version(&s, Subject::Page(0)).is_none());
}
