//! `guidebook init --from-docfx`: a site.toml for an existing DocFX repository, each setting
//! with a comment saying where in the repository it came from.

use super::config::{find, read, DocfxSettings};
use crate::diagnostics::{Code, Diagnostic};
use std::fmt::Write;
use std::path::Path;

/// Writes `DIR/site.toml` from the repository's docfx.json; never overwrites a site.toml.
/// Returns the path of the docfx.json read.
pub fn init_from_docfx(dir: &Path) -> Result<String, Diagnostic> {
    let target = dir.join(crate::config::CONFIG_FILE);
    if target.exists() {
        let msg = format!("{} already exists; init --from-docfx never overwrites it", target.display());
        return Err(Diagnostic::file_error(&target, msg)
            .with_code(Code::Config)
            .with_hint("remove or rename the site.toml first, or edit it by hand"));
    }
    if !dir.join("content").is_dir() {
        let msg = format!("no content/ folder in {}", dir.display());
        return Err(Diagnostic::file_error(dir, msg)
            .with_code(Code::Config)
            .with_hint("lay the docset out as content/<locale>/ (each locale folder holding docfx.json's folders)"));
    }
    let inferred = crate::config::infer(dir);
    let Some(file) = find(dir, &inferred.default_locale) else {
        let msg = format!("no docfx.json in {} or content/{}/", dir.display(), inferred.default_locale);
        return Err(Diagnostic::file_error(dir, msg)
            .with_code(Code::Config)
            .with_hint("run it in the root of a DocFX repository, or make a new site with `guidebook init`"));
    };
    let codes: Vec<String> = inferred.locales.iter().map(|l| l.code.clone()).collect();
    let settings = read(dir, &file, &codes)?;
    let multilingual = inferred.layout == crate::config::ContentLayout::PerLocale;
    let text = site_toml(&settings, &inferred.default_locale, if multilingual { &codes } else { &[] });
    std::fs::write(&target, text)
        .map_err(|e| Diagnostic::file_error(&target, format!("cannot write site.toml: {e}")).with_code(Code::Io))?;
    Ok(settings.file.display().to_string())
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The text of the site.toml for these settings; `locales` empty for a one-language site.
pub(crate) fn site_toml(s: &DocfxSettings, default_locale: &str, locales: &[String]) -> String {
    let from = s.file.display().to_string().replace('\\', "/");
    let mut t = format!("# Written by `guidebook init --from-docfx` from {from}.\n");
    if let Some((title, key)) = &s.title {
        let _ = writeln!(t, "# From build.globalMetadata.{key}.\ntitle = {}", quoted(title));
    }
    t.push_str("base_url = \"/\"\n");
    if !locales.is_empty() {
        let _ = writeln!(t, "# The language folders under content/; the default is en-us, else en, else the first.");
        let _ = writeln!(t, "default_locale = {}", quoted(default_locale));
        for code in locales {
            // Named as a site without site.toml names it, so both give the same site.
            let name = crate::text::langtag::native_name(code);
            let _ = writeln!(t, "\n[[locales]]\ncode = {}\nname = {}", quoted(code), quoted(&name));
        }
    }
    if !s.mounts.is_empty() {
        t.push_str(
            "\n# Folders published under another URL path, from build.content[] src/dest. When several\n\
             # share a url (versions), the first is published there; the others keep their own\n\
             # folder path and only serve links written as published URLs.\n",
        );
    }
    for m in &s.mounts {
        let _ = writeln!(
            t,
            "\n# build.content[{}]: src {}, dest {}\n[[mounts]]\nsrc = {}\nurl = {}",
            m.entry,
            quoted(&m.src),
            quoted(&m.url),
            quoted(&m.src),
            quoted(&m.url)
        );
    }
    for note in &s.skipped {
        let _ = writeln!(t, "# not mounted: {note}");
    }
    if s.site_path.is_some() || s.host.is_some() {
        t.push_str("\n[links]\n");
    }
    if let Some((path, why)) = &s.site_path {
        let _ =
            writeln!(t, "# The docset's path on its host, from {why}.\nsite_path = {}", quoted(&format!("{path}/")));
    }
    if let Some((host, why)) = &s.host {
        let _ = writeln!(t, "# Other site-absolute links lead to this host: {why}.\nhost = {}", quoted(host));
    }
    let _ = writeln!(
        t,
        "\n[xref]\n# platyPS cmdlet pages are xref targets as Module.Cmdlet, as on Microsoft Learn.\nuid = {}",
        quoted(super::config::CMDLET_UID_RULE)
    );
    if !s.xref_maps.is_empty() {
        let maps: Vec<String> = s.xref_maps.iter().map(|m| quoted(m)).collect();
        let _ = writeln!(t, "# Local xrefmap files named in build.xref.\nmaps = [{}]", maps.join(", "));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::super::config::DocfxMount;
    use super::*;

    #[test]
    fn every_setting_says_where_it_came_from() {
        let s = DocfxSettings {
            file: "content/en-us/docfx.json".into(),
            title: Some(("PowerShell".into(), "titleSuffix")),
            mounts: vec![DocfxMount {
                src: "docs-conceptual".into(),
                url: "scripting".into(),
                entry: 1,
                line: 4,
                col: 5,
            }],
            skipped: vec!["build.content[5]: src `virtual-directory` is not a folder of any locale".into()],
            site_path: Some(("/powershell".into(), "the first segment of build.globalMetadata.breadcrumb_path".into())),
            host: Some((
                "https://learn.microsoft.com".into(),
                "the repository has .openpublishing.publish.config.json".into(),
            )),
            xref_maps: vec!["content/en-us/xrefmap.yml".into()],
        };
        let text = site_toml(&s, "en-us", &["en-us".into(), "ko-kr".into()]);
        for want in [
            "# From build.globalMetadata.titleSuffix.\ntitle = \"PowerShell\"",
            "default_locale = \"en-us\"",
            "[[locales]]\ncode = \"ko-kr\"",
            "# build.content[1]: src \"docs-conceptual\", dest \"scripting\"\n[[mounts]]\nsrc = \"docs-conceptual\"\nurl = \"scripting\"",
            "# not mounted: build.content[5]",
            "breadcrumb_path.\nsite_path = \"/powershell/\"",
            "host = \"https://learn.microsoft.com\"",
            "[xref]\n# platyPS cmdlet pages are xref targets as Module.Cmdlet, as on Microsoft Learn.\nuid = \"{Module Name}.{title}\"",
            "maps = [\"content/en-us/xrefmap.yml\"]",
        ] {
            assert!(text.contains(want), "missing {want:?} in:\n{text}");
        }
        let dir = tempfile::tempdir().unwrap();
        for l in ["en-us", "ko-kr"] {
            std::fs::create_dir_all(dir.path().join("content").join(l).join("docs-conceptual")).unwrap();
        }
        std::fs::write(dir.path().join("content/en-us/xrefmap.yml"), "references: []\n").unwrap();
        let config = crate::config::from_toml(dir.path(), &text).unwrap();
        assert!(config.xref.rule.is_some());
        assert_eq!(config.xref.maps[0].path, "content/en-us/xrefmap.yml");
        assert_eq!(config.mounts[0].url, "scripting");
        assert_eq!(config.links.site_path.as_deref(), Some("/powershell"));
    }
}
