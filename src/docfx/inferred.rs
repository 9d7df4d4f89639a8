//! Settings for a DocFX repository without a site.toml, read from its docfx.json.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::links::mounts::Declared;

/// Completes the settings inferred for a root without site.toml from its docfx.json, if it
/// has one: title, mounts, `[links] site_path` and `host`, and `[xref]` (the cmdlet uid rule and
/// the local xrefmaps of `build.xref`). Bad JSON is an error.
pub fn apply_inferred(mut config: Config) -> Result<Config, Vec<Diagnostic>> {
    let Some(file) = super::config::find(&config.root, &config.default_locale) else {
        return Ok(config);
    };
    let locales: Vec<String> = config.locales.iter().map(|l| l.code.clone()).collect();
    let settings = super::config::read(&config.root, &file, &locales).map_err(|d| vec![d])?;
    if let Some((title, _)) = settings.title {
        config.title = title;
    }
    let declared: Vec<Declared> = settings
        .mounts
        .iter()
        .map(|m| Declared { src: m.src.clone(), url: m.url.clone(), line: m.line, col: m.col, url_at: (m.line, m.col) })
        .collect();
    config.mounts = crate::links::mounts::settle(&settings.file, &declared)?;
    config.links.site_path = settings.site_path.map(|(p, _)| p);
    config.links.host = settings.host.map(|(h, _)| h);
    config.xref = crate::xref::config::XrefConfig {
        rule: crate::xref::rule::UidRule::parse(super::config::CMDLET_UID_RULE).ok(),
        maps: settings
            .xref_maps
            .iter()
            .map(|path| crate::xref::config::MapSource { path: path.clone(), line: 0, col: 0 })
            .collect(),
    };
    Ok(config)
}
