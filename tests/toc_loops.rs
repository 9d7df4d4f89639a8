//! A toc.yml that leads back to its own folder (`href: ./`, `href: toc.yml`, a subfolder's
//! `../`) is an error at the entry naming the loop, in `build`, `check` and `serve` alike; and
//! toc.yml files that list one folder twice at every level stay linear. Each run is capped in
//! memory and time: before the fix these grew ~180 MB/s without end.

mod common;
#[path = "common/server.rs"]
mod server;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);

/// `guidebook ARGS` under a 3 GB address-space cap, killed (and the test failed) past the deadline.
fn capped(args: &[&str]) -> Output {
    let mut child = spawn_capped(args);
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("guidebook {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn spawn_capped(args: &[&str]) -> Child {
    Command::new("sh")
        .args(["-c", "ulimit -v 3000000 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_guidebook"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A one-language site whose top toc.yml is `toc`.
fn site_with_toc(toc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(&root.join("site.toml"), "title = \"Loops\"\nbase_url = \"/\"\ndefault_locale = \"en-us\"\n\n[[locales]]\ncode = \"en-us\"\nname = \"English\"\n");
    write_file(&root.join("content/en-us/index.md"), "---\ntitle: Home\n---\nWelcome.\n");
    write_file(&root.join("content/en-us/guide/index.md"), "---\ntitle: Guide\n---\nGuide.\n");
    write_file(&root.join("content/en-us/guide/setup.md"), "---\ntitle: Setup\n---\nSetup.\n");
    write_file(&root.join("content/en-us/toc.yml"), toc);
    dir
}

fn loop_error(stderr: &str, line: usize, col: usize, href: &str) -> bool {
    stderr.contains(&format!(
        "content/en-us/toc.yml:{line}:{col}: error: toc.yml entry `{href}` leads back to a folder that is already being listed"
    ))
}

#[test]
fn a_toc_listing_its_own_folder_twice_is_a_loop_error_in_build_and_check() {
    for (toc, href) in [
        ("- name: Home\n  href: ./\n- name: Again\n  href: ./\n", "./"),
        (
            "- name: Guide\n  href: guide/\n- name: Self\n  href: toc.yml\n- name: Self again\n  href: toc.yml\n",
            "toc.yml",
        ),
    ] {
        let site = site_with_toc(toc);
        let root = site.path().to_str().unwrap();
        let line = toc.lines().position(|l| l.contains(&format!("href: {href}"))).unwrap() + 1;
        let out = site.path().join("public");
        for args in [vec!["build", "--root", root, "--out", out.to_str().unwrap()], vec!["check", "--root", root]] {
            let result = capped(&args);
            let stderr = String::from_utf8_lossy(&result.stderr);
            assert_eq!(result.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(loop_error(&stderr, line, 9, href), "{args:?}: {stderr}");
            assert!(stderr.contains("content/en-us/toc.yml -> content/en-us/toc.yml"), "names the loop: {stderr}");
        }
    }
}

#[test]
fn a_subfolder_leading_back_up_names_both_toc_files() {
    let site = site_with_toc("- name: Guide\n  href: guide/\n");
    write_file(
        &site.path().join("content/en-us/guide/toc.yml"),
        "- name: Setup\n  href: setup.md\n- name: Up\n  href: ../\n",
    );
    let result = capped(&["check", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/en-us/guide/toc.yml:4:9: error: toc.yml entry `../` leads back")
            && stderr.contains("content/en-us/toc.yml -> content/en-us/guide/toc.yml -> content/en-us/toc.yml"),
        "{stderr}"
    );
}

#[test]
fn one_folder_listed_twice_at_every_level_stays_linear() {
    // 30 nested folders, each toc.yml listing its subfolder twice: 2^30 entries unfolded.
    let site = site_with_toc("- name: L0\n  href: d/\n- name: L0 again\n  href: d/\n");
    let mut dir = site.path().join("content/en-us/d");
    for level in 1..=30 {
        write_file(&dir.join("index.md"), &format!("---\ntitle: Level {level}\n---\nText.\n"));
        write_file(
            &dir.join("toc.yml"),
            &format!("- name: L{level}\n  href: d/\n- name: L{level} again\n  href: d/\n"),
        );
        dir = dir.join("d");
    }
    write_file(&dir.join("index.md"), "---\ntitle: Bottom\n---\nText.\n");
    let out = site.path().join("public");
    let result = capped(&["build", "--root", site.path().to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_ok(&result);
    let bottom = format!("en-us/{}index.html", "d/".repeat(31));
    let html = read(out.join(&bottom));
    assert!(html.contains("Bottom"), "{bottom}");
}

#[test]
fn serve_reports_the_loop_and_keeps_answering() {
    let site = site_with_toc("- name: Home\n  href: ./\n- name: Again\n  href: ./\n");
    let mut child = spawn_capped(&["serve", "--root", site.path().to_str().unwrap(), "--port", "0"]);
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap_or_else(|e| e.into_inner()).push_str(&(line + "\n"));
        }
    });
    let line = rx.recv_timeout(DEADLINE);
    let Ok(line) = line else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("serve did not start within {DEADLINE:?}");
    };
    let addr = line.split("http://").nth(1).and_then(|s| s.split('/').next()).unwrap_or_default().to_string();
    let reply = server::request(&addr, "GET", "/en-us/", &[]);
    let _ = child.kill();
    let _ = child.wait();
    let page = String::from_utf8_lossy(&reply.body);
    let log = log.lock().unwrap().clone();
    assert!(
        page.contains("leads back to a folder that is already being listed") || loop_error(&log, 2, 9, "./"),
        "serve shows the loop: {log}\n{page}"
    );
}
