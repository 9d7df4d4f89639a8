//! The part of a code file a code include asks for: a named region (`#region name` …
//! `#endregion` in C#, PowerShell and VB, or the snippet tags `// <name>` … `// </name>`,
//! `<!-- <name> -->`, `# <name>`, `' <name>` that dotnet docs use), line ranges (`3-10,12`,
//! `5-`), dedented. Region and tag lines inside the part are left out, as DocFX does.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker<'a> {
    /// `#region name`.
    Region(&'a str),
    /// `#endregion`.
    EndRegion,
    /// `<name>` in a comment.
    Tag(&'a str),
    /// `</name>` in a comment.
    EndTag(&'a str),
}

fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix)).map(|_| &s[prefix.len()..])
}

fn marker(line: &str) -> Option<Marker<'_>> {
    let t = line.trim();
    if let Some(rest) = strip_ci(t, "#endregion").or_else(|| strip_ci(t, "#end region")) {
        return (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(Marker::EndRegion);
    }
    if let Some(rest) = strip_ci(t, "#region") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Some(Marker::Region(rest.trim().trim_matches('"')));
        }
    }
    let inner = ["<!--", "//", "/*", "#", "'", "--", "REM "].iter().find_map(|p| strip_ci(t, p))?;
    let inner = inner.trim().trim_end_matches("-->").trim_end_matches("*/").trim();
    let tag = inner.strip_prefix('<')?.strip_suffix('>')?;
    let is_name = |n: &str| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    match tag.strip_prefix('/') {
        Some(n) if is_name(n) => Some(Marker::EndTag(n)),
        None if is_name(tag) => Some(Marker::Tag(tag)),
        _ => None,
    }
}

/// The lines of region `name` of `text`, marker lines dropped; the error says what is missing.
pub fn region<'a>(text: &'a str, name: &str) -> Result<Vec<&'a str>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let opens = |m: Option<Marker<'_>>| match m {
        Some(Marker::Region(n) | Marker::Tag(n)) => n.eq_ignore_ascii_case(name),
        _ => false,
    };
    let Some(first) = lines.iter().position(|l| opens(marker(l))) else {
        return Err(format!("has no region or snippet tag named `{name}`"));
    };
    let by_tag = matches!(marker(lines[first]), Some(Marker::Tag(_)));
    let mut depth = 0usize;
    let mut out = Vec::new();
    for line in &lines[first + 1..] {
        let m = marker(line);
        let ends = match m {
            Some(Marker::EndTag(n)) if by_tag => n.eq_ignore_ascii_case(name),
            Some(Marker::EndRegion) if !by_tag => depth == 0,
            _ => false,
        };
        if ends {
            return Ok(out);
        }
        match m {
            Some(Marker::Region(_)) => depth += 1,
            Some(Marker::EndRegion) => depth = depth.saturating_sub(1),
            Some(_) => {}
            None => out.push(*line),
        }
    }
    Err(format!("has a region `{name}` that never ends"))
}

/// `3-10,12,15-` as inclusive 1-based line ranges (an open end is `usize::MAX`).
pub fn ranges(spec: &str) -> Result<Vec<(usize, usize)>, String> {
    let bad = || format!("`{spec}` is not a line range (write 3-10,12 or 5-)");
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim) {
        let num = |s: &str| s.trim().parse::<usize>().ok().filter(|n| *n > 0);
        let range = match part.split_once('-') {
            Some((a, "")) => (num(a).ok_or_else(bad)?, usize::MAX),
            Some((a, b)) => (num(a).ok_or_else(bad)?, num(b).ok_or_else(bad)?),
            None => {
                let n = num(part).ok_or_else(bad)?;
                (n, n)
            }
        };
        if range.0 > range.1 {
            return Err(bad());
        }
        out.push(range);
    }
    Ok(out)
}

/// The lines the ranges pick, in order; an error when a range starts past the last line.
pub fn select<'a>(lines: &[&'a str], ranges: &[(usize, usize)]) -> Result<Vec<&'a str>, String> {
    let mut out = Vec::new();
    for &(from, to) in ranges {
        if from > lines.len() || (to != usize::MAX && to > lines.len()) {
            let shown = if to == usize::MAX { format!("{from}-") } else { format!("{from}-{to}") };
            return Err(format!("has {} lines, so the range {shown} is past its end", lines.len()));
        }
        out.extend_from_slice(&lines[from - 1..to.min(lines.len())]);
    }
    Ok(out)
}

/// The lines with their common indentation removed, joined with newlines (ending in one).
pub fn dedent(lines: &[&str]) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| indent(l)).min().unwrap_or(0);
    let mut out = String::new();
    for l in lines {
        out.push_str(l.get(common..).unwrap_or("").trim_end_matches('\r'));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CS: &str = "using System;\n\nclass A\n{\n    #region Main\n    static void Main()\n    {\n        // <inner>\n        Run();\n        // </inner>\n    }\n    #endregion\n}\n";

    #[test]
    fn regions_and_tags_are_found_and_dedented() {
        let main = region(CS, "Main").unwrap();
        assert_eq!(dedent(&main), "static void Main()\n{\n    Run();\n}\n");
        assert_eq!(dedent(&region(CS, "inner").unwrap()), "Run();\n");
        let ps = "# <setup>\n$a = 1\n#region Nested\n$b = 2\n#endregion\n# </setup>\n";
        assert_eq!(dedent(&region(ps, "setup").unwrap()), "$a = 1\n$b = 2\n");
        let xml = "<root>\n  <!-- <cfg> -->\n  <a/>\n  <!-- </cfg> -->\n</root>\n";
        assert_eq!(dedent(&region(xml, "cfg").unwrap()), "<a/>\n");
        let vb = "#Region \"Load\"\nDim x = 1\n#End Region\n";
        assert_eq!(dedent(&region(vb, "Load").unwrap()), "Dim x = 1\n");
        assert!(region(CS, "missing").unwrap_err().contains("no region"));
        assert!(region("// <open>\nx\n", "open").unwrap_err().contains("never ends"));
    }

    #[test]
    fn ranges_pick_lines() {
        let lines: Vec<&str> = "a\nb\nc\nd\ne".lines().collect();
        assert_eq!(select(&lines, &ranges("2-3,5").unwrap()).unwrap(), ["b", "c", "e"]);
        assert_eq!(select(&lines, &ranges("4-").unwrap()).unwrap(), ["d", "e"]);
        assert!(select(&lines, &ranges("4-9").unwrap()).unwrap_err().contains("5 lines"));
        assert!(ranges("3-1").is_err());
        assert!(ranges("x").is_err());
        assert!(ranges("0-2").is_err());
    }
}
