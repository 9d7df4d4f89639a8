//! Warnings as `build` and `serve` print them: a large site can have thousands of one kind
//! (a missing translation per page), which buried everything else. The first few of each
//! code are printed in full, then how many more there are, then one line counting each code.
//! `check` (and `--verbose`) keep the whole list.

use crate::diagnostics::{Code, Diagnostic};

/// Warnings of one code printed in full before the rest are only counted.
pub(crate) const FIRST_OF_EACH: usize = 5;

/// The warnings among `diags` as text: all of them when `all`, else the first
/// [`FIRST_OF_EACH`] of each code, each code's remainder counted, and a summary by code.
pub fn format(diags: &[Diagnostic], all: bool) -> String {
    let warnings: Vec<&Diagnostic> = diags.iter().filter(|d| !d.is_error()).collect();
    // Codes in the order they first appear, with their counts.
    let mut codes: Vec<(Code, usize)> = Vec::new();
    for d in &warnings {
        match codes.iter_mut().find(|(c, _)| *c == d.code) {
            Some((_, n)) => *n += 1,
            None => codes.push((d.code, 1)),
        }
    }
    let mut out = String::new();
    let mut shown: Vec<(Code, usize)> = Vec::new();
    for d in &warnings {
        let seen = match shown.iter_mut().find(|(c, _)| *c == d.code) {
            Some((_, n)) => n,
            None => {
                shown.push((d.code, 0));
                &mut shown.last_mut().expect("just pushed").1
            }
        };
        *seen += 1;
        if all || *seen <= FIRST_OF_EACH {
            out.push_str(&format!("{d}\n"));
        }
    }
    let hidden: usize = codes.iter().map(|(_, n)| n.saturating_sub(FIRST_OF_EACH)).sum();
    if all || hidden == 0 {
        return out;
    }
    for (code, n) in &codes {
        if *n > FIRST_OF_EACH {
            out.push_str(&format!("... and {} more `{code}` warning(s)\n", n - FIRST_OF_EACH));
        }
    }
    let by_code: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
    out.push_str(&format!(
        "warnings by code: {}; {hidden} not shown (--verbose prints all, `guidebook check` lists all)\n",
        by_code.join(", ")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warn(code: Code, line: usize) -> Diagnostic {
        Diagnostic::warning("content/a.md", line, 1, format!("{code} number {line}")).with_code(code)
    }

    #[test]
    fn the_first_of_each_code_then_counts() {
        let mut diags: Vec<Diagnostic> = (1..=8).map(|i| warn(Code::FallbackLink, i)).collect();
        diags.push(warn(Code::BrokenAnchor, 100));
        diags.push(Diagnostic::error("content/b.md", 1, 1, "an error").with_code(Code::FrontMatter));
        let text = format(&diags, false);
        for i in 1..=5 {
            assert!(text.contains(&format!("content/a.md:{i}:1: warning: fallback-link number {i}\n")), "{text}");
        }
        assert!(!text.contains("fallback-link number 6"), "{text}");
        assert!(text.contains("broken-anchor number 100"), "{text}");
        assert!(!text.contains("an error"), "errors are printed elsewhere");
        assert!(text.contains("... and 3 more `fallback-link` warning(s)\n"), "{text}");
        assert!(text.ends_with("warnings by code: fallback-link 8, broken-anchor 1; 3 not shown (--verbose prints all, `guidebook check` lists all)\n"), "{text}");
    }

    #[test]
    fn verbose_or_few_print_every_warning_and_no_summary() {
        let diags: Vec<Diagnostic> = (1..=8).map(|i| warn(Code::FallbackLink, i)).collect();
        let all = format(&diags, true);
        assert_eq!(all.lines().count(), diags.iter().map(|d| d.to_string().lines().count()).sum::<usize>());
        assert!(!all.contains("warnings by code"));
        let few = format(&diags[..5], false);
        assert!(!few.contains("warnings by code") && few.contains("fallback-link number 5"));
    }
}
