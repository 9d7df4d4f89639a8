//! Whether a page's Korean text is drawn as Hangul or as empty boxes: fontconfig says which
//! installed fonts cover Korean (`fc-list :lang=ko`), and Chromium says which fonts it really
//! used for an element's text (CDP `CSS.getPlatformFontsForNode`). A font Chromium used for
//! Hangul that fontconfig does not list as covering Korean drew `.notdef` boxes.
//!
//! Include it with `#[path = "common/fonts.rs"] mod fonts;` beside
//! `#[path = "common/browser.rs"] mod browser;` (it drives the tab through `crate::browser`).

// Each test includes this file on its own and uses only part of it.
#![allow(dead_code)]

use serde_json::json;
use std::process::Command;

/// Set this (CI does) to make a machine without a font for Hangul a failure instead of a skip.
pub const REQUIRE_VAR: &str = "GUIDEBOOK_REQUIRE_CJK_FONT";

/// The font families fontconfig lists as covering the language `lang` (`fc-list :lang=ko
/// family`), every name a family goes by (`NanumGothic` and `나눔고딕`); `None` when `fc-list`
/// cannot be run.
pub fn families_covering(lang: &str) -> Option<Vec<String>> {
    let out = Command::new("fc-list").arg(format!(":lang={lang}")).arg("family").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // One font a line, its names separated by commas; fontconfig escapes `-` and `,` in names.
    let mut names: Vec<String> = text
        .lines()
        .flat_map(|line| line.split(','))
        .map(|name| name.trim().replace('\\', ""))
        .filter(|name| !name.is_empty())
        .collect();
    names.sort();
    names.dedup();
    Some(names)
}

/// The families covering Korean, for the test `test_name`. Where there are none (or no
/// `fc-list`) this prints a loud skip line and returns `None`, unless `GUIDEBOOK_REQUIRE_CJK_FONT`
/// is set: then it returns the (empty) list, so that the test goes on and fails on what the
/// browser really drew.
pub fn hangul_families(test_name: &str) -> Option<Vec<String>> {
    let families = families_covering("ko");
    if families.as_ref().is_some_and(|f| !f.is_empty()) {
        return families;
    }
    let why = match families {
        None => "fc-list (fontconfig) cannot be run, so which fonts cover Korean is unknown",
        Some(_) => "no installed font covers Korean (`fc-list :lang=ko` finds none): Hangul shows as empty boxes",
    };
    if std::env::var_os(REQUIRE_VAR).is_some() {
        eprintln!("{test_name}: {why}; {REQUIRE_VAR} is set, so the check runs and must fail");
        return Some(Vec::new());
    }
    eprintln!("\n*** SKIPPED {test_name}: {why} (apt-get install fonts-noto-cjk fontconfig); CI installs them ***\n");
    None
}

/// One font Chromium used to draw an element's text, and how many glyphs it drew.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedFont {
    /// The family name as the platform gives it, e.g. `Noto Sans CJK KR`.
    pub family: String,
    /// Glyphs drawn with it (a `.notdef` box counts as a glyph too).
    pub glyphs: u64,
}

/// The fonts Chromium used for the text nodes directly inside the first element matching the CSS
/// `selector` in `tab`'s current document (CDP `CSS.getPlatformFontsForNode`).
#[track_caller]
pub fn fonts_used(tab: &mut crate::browser::Tab, selector: &str) -> Vec<UsedFont> {
    // The CSS domain needs the DOM domain on; node ids are per document, so look up afresh.
    tab.cdp("DOM.enable", json!({}));
    tab.cdp("CSS.enable", json!({}));
    let root = tab.cdp("DOM.getDocument", json!({ "depth": 0 }));
    let root_id = root["root"]["nodeId"].as_u64().expect("DOM.getDocument gave no root nodeId");
    let found = tab.cdp("DOM.querySelector", json!({ "nodeId": root_id, "selector": selector }));
    let node_id = found["nodeId"].as_u64().filter(|&id| id != 0);
    let node_id = node_id.unwrap_or_else(|| panic!("no element matches {selector}"));
    let reply = tab.cdp("CSS.getPlatformFontsForNode", json!({ "nodeId": node_id }));
    let fonts = reply["fonts"].as_array().cloned().unwrap_or_default();
    fonts
        .iter()
        .map(|font| UsedFont {
            family: font["familyName"].as_str().unwrap_or_default().to_string(),
            glyphs: font["glyphCount"].as_u64().unwrap_or(0),
        })
        .collect()
}
