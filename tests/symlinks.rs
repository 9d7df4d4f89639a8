//! One rule for symlinks, on a fixture built in a temp dir: a link that leads out of the site
//! root is never followed (static files, content, includes, the preview's watcher), a warning
//! at the link says so, links and includes to it say "is a symlink", and a theme named by an
//! absolute path or one that climbs out of themes/ is refused.
#![cfg(unix)]

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use std::os::unix::fs::symlink;
use std::time::Duration;

/// A directory outside every site, with a file no site may publish.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(&dir.path().join("secret.txt"), "TOP SECRET");
    write_file(&dir.path().join("leak.md"), "---\ntitle: Leak\n---\nTOP SECRET\n");
    dir
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_static_folder_that_links_out_of_the_site_is_not_copied() {
    let (site, away, out) = (site_copy("links-ok"), outside(), tempfile::tempdir().unwrap());
    symlink(away.path(), site.path().join("static")).unwrap();
    let run = build(site.path(), &out.path().join("public"), &[]);
    assert_ok(&run);
    let files = tree(&out.path().join("public"));
    assert!(!files.contains_key("secret.txt"), "a file from outside the site was published");
    assert!(stderr(&run).contains("static is a symlink to "), "{}", stderr(&run));
}

#[test]
fn content_links_out_of_the_site_are_warned_of_and_links_to_them_say_so() {
    let (site, away, out) = (site_copy("links-ok"), outside(), tempfile::tempdir().unwrap());
    let en = site.path().join("content/en-us");
    symlink(away.path(), en.join("away")).unwrap();
    symlink(away.path().join("leak.md"), en.join("includes/leak.md")).unwrap();
    write_file(&en.join("leaky.md"), "---\ntitle: Leaky\n---\n[x](away/leak.md)\n\n[!INCLUDE [l](includes/leak.md)]\n");
    let run = build(site.path(), &out.path().join("public"), &[]);
    let err = stderr(&run);
    assert!(!run.status.success(), "the include is an error: {err}");
    assert!(err.contains("content/en-us/away is a symlink to "), "{err}");
    assert!(err.contains("includes/leak.md is a symlink to "), "{err}");
    assert!(!err.contains("en-us/away/leak.md does not exist"), "{err}");
    assert!(err.contains("`away/leak.md` leads to no file: content/en-us/away is a symlink"), "{err}");
    assert!(err.contains("include `includes/leak.md`: content/en-us/includes/leak.md is a symlink"), "{err}");
}

#[test]
fn links_that_stay_inside_the_site_are_followed() {
    let (site, out) = (site_copy("links-ok"), tempfile::tempdir().unwrap());
    let en = site.path().join("content/en-us");
    symlink(en.join("guide"), en.join("alias")).unwrap();
    let run = build(site.path(), &out.path().join("public"), &[]);
    assert_ok(&run);
    assert!(out.path().join("public/en-us/alias/setup/index.html").is_file(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("symlink"), "{}", stderr(&run));
}

#[test]
fn a_theme_outside_themes_is_refused() {
    let away = tempfile::tempdir().unwrap();
    write_file(&away.path().join("templates/page.html"), "STOLEN THEME");
    for theme in [away.path().to_str().unwrap().to_string(), "../../..".to_string() + away.path().to_str().unwrap()] {
        let (site, out) = (site_copy("links-ok"), tempfile::tempdir().unwrap());
        let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
        std::fs::write(site.path().join("site.toml"), format!("theme = {theme:?}\n{toml}")).unwrap();
        let run = build(site.path(), &out.path().join("public"), &[]);
        assert!(!run.status.success(), "theme {theme} was used");
        assert!(stderr(&run).contains("is refused: it leads out of themes/"), "{}", stderr(&run));
    }
    // A folder of themes/ that is a symlink out of the site is refused too.
    let (site, out) = (site_copy("links-ok"), tempfile::tempdir().unwrap());
    std::fs::create_dir_all(site.path().join("themes")).unwrap();
    symlink(away.path(), site.path().join("themes/linked")).unwrap();
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(site.path().join("site.toml"), format!("theme = \"linked\"\n{toml}")).unwrap();
    let run = build(site.path(), &out.path().join("public"), &[]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("themes/linked is a symlink to "), "{}", stderr(&run));
}

#[test]
fn serve_does_not_watch_what_a_content_symlink_leads_to_outside_the_site() {
    let (site, away) = (site_copy("links-ok"), outside());
    symlink(away.path(), site.path().join("content/en-us/away")).unwrap();
    // The server watches before it says where it listens: no pause is needed before editing.
    let srv = server::start(site.path(), &[]);
    let mut events = server::Events::open(&srv.addr);
    write_file(&away.path().join("new.md"), "---\ntitle: New\n---\nnew\n");
    write_file(&away.path().join("secret.txt"), "changed");
    // Rather than wait a fixed time for nothing to happen: an edit inside the site, made after
    // the ones outside, whose reload shows that every earlier event has been handled.
    let setup = site.path().join("content/en-us/guide/setup.md");
    std::fs::write(&setup, read(&setup).replace("## Install", "## Install\n\nEdited inside.")).unwrap();
    assert!(events.wait_for("reload", Duration::from_secs(10)).is_some(), "{}", srv.log.lock().unwrap());
    let log = srv.log_with("re-rendered ", Duration::from_secs(10));
    assert!(log.contains("re-rendered "), "the edit inside the site: {log}");
    assert!(!log.contains("rebuilt") && !log.contains("copied"), "an edit outside the site was watched: {log}");
    assert!(log.contains("content/en-us/away is a symlink to "), "{log}");
}
