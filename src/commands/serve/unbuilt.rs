//! The page `serve` answers every request with while the site has never built: the errors (as
//! text, paths below the site root shown relative to it) and the live-reload script, so an open
//! tab turns into the site by itself once the author fixes them. Without it a first build that
//! failed left only a bare "not found", with no script to notice the fix.

use crate::text::escape;
use std::path::Path;

/// The errors with the site root's own path taken off the paths below it (`/site/content/a.md`
/// → `content/a.md`), as every other message names them.
pub fn relative_to_root(errors: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    let root = root.trim_end_matches(std::path::MAIN_SEPARATOR);
    if root.is_empty() {
        return errors.to_string();
    }
    errors.replace(&format!("{root}{}", std::path::MAIN_SEPARATOR), "")
}

/// The whole page: `build_id` marks it so the script reloads as soon as the server holds
/// another build (a good one replaces this page; a failed one shows its new errors).
pub fn page(errors: &str, build_id: u64, script: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" data-guidebook-unbuilt=\"{build_id}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>guidebook: the site does not build yet</title>\n</head>\n\
         <body style=\"margin:0;background:#1e1e1e;color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">\n\
         <main id=\"guidebook-unbuilt\" role=\"alert\" style=\"padding:2rem\">\n\
         <h1 style=\"font-size:1.2rem\">guidebook: the site does not build yet</h1>\n\
         <p>Fix the errors below and save: this page turns into the site by itself.</p>\n\
         <pre style=\"white-space:pre-wrap\">{}</pre>\n</main>\n<script>{script}</script>\n</body>\n</html>\n",
        escape::text(errors)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_root_lose_it_and_the_text_is_escaped() {
        let root = Path::new("/tmp/site");
        let text =
            "/tmp/site/content/a.md:2:8: error: <b>quote</b>\n/tmp/site: error: no content/ folder in /tmp/site\n";
        let rel = relative_to_root(text, root);
        assert_eq!(rel, "content/a.md:2:8: error: <b>quote</b>\n/tmp/site: error: no content/ folder in /tmp/site\n");
        let page = String::from_utf8(page(&rel, 7, "/*js*/")).unwrap();
        assert!(page.contains("content/a.md:2:8: error: &lt;b&gt;quote&lt;/b&gt;"), "{page}");
        assert!(page.contains("data-guidebook-unbuilt=\"7\"") && page.contains("<script>/*js*/</script>"));
    }
}
