//! Diagnostics printed for people (text), for scripts (JSON) and for code-review tools
//! (SARIF 2.1.0, which GitHub and others use to annotate the exact line).

use crate::diagnostics::{Diagnostic, Position, Severity};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// An output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `file:line:col: error: message` lines with hints.
    Text,
    /// A JSON array, one object per diagnostic.
    Json,
    /// A SARIF 2.1.0 log.
    Sarif,
}

/// Formats diagnostics; text ends with a newline per diagnostic.
pub fn format(diags: &[Diagnostic], format: Format) -> String {
    match format {
        Format::Text => diags.iter().map(|d| format!("{d}\n")).collect(),
        Format::Json => {
            let items: Vec<Value> = diags.iter().map(json_item).collect();
            serde_json::to_string_pretty(&items).expect("plain values serialise") + "\n"
        }
        Format::Sarif => serde_json::to_string_pretty(&sarif(diags)).expect("plain values serialise") + "\n",
    }
}

fn path_string(d: &Diagnostic) -> String {
    d.file.to_string_lossy().replace('\\', "/")
}

fn json_item(d: &Diagnostic) -> Value {
    json!({
        "severity": d.severity,
        "code": d.code,
        "file": path_string(d),
        "line": d.line_number(),
        "column": d.col_number(),
        "message": d.message,
        "hint": d.hint,
    })
}

fn sarif(diags: &[Diagnostic]) -> Value {
    // Rules in the order of their text, as tools list them.
    let codes: BTreeSet<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    let rules: Vec<Value> = codes.iter().map(|c| json!({ "id": c, "name": c })).collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut location = json!({ "artifactLocation": { "uri": path_string(d), "uriBaseId": "SRCROOT" } });
            if let Some(Position { line, col }) = d.position {
                let mut region = json!({ "startLine": line });
                if let Some(col) = col {
                    region["startColumn"] = json!(col);
                }
                location["region"] = region;
            }
            let text = match &d.hint {
                Some(h) => format!("{} ({h})", d.message),
                None => d.message.clone(),
            };
            json!({
                "ruleId": d.code,
                "level": if d.severity == Severity::Error { "error" } else { "warning" },
                "message": { "text": text },
                "locations": [ { "physicalLocation": location } ],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": {
                "name": "guidebook",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/guidebook/guidebook",
                "rules": rules,
            } },
            // Columns count characters, as the text output does.
            "columnKind": "unicodeCodePoints",
            "results": results,
        } ],
    })
}
