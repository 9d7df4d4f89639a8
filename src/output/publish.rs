//! What a host needs beside the pages: `sitemap.xml` with every translation as an
//! `xhtml:link rel="alternate" hreflang` (and `x-default`), and `robots.txt` pointing at it
//! (unless the site ships its own).

use crate::output::Sink;
use crate::site::Site;
use crate::view::iso_date;

/// The sitemap: one `<url>` per published page (stand-ins for untranslated pages are not
/// listed: their canonical URL is the original's), sorted by URL.
pub fn sitemap(site: &Site) -> String {
    let origin = &site.config.origin;
    let mut pages: Vec<usize> = (0..site.pages.len()).filter(|i| site.pages[*i].fallback_from.is_none()).collect();
    pages.sort_by(|a, b| site.pages[*a].url.cmp(&site.pages[*b].url));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // Pushed piece by piece, URLs escaped straight into the document, which is sized for its
    // pages at once (~560 bytes each with two locales): a `format!` and new Strings per line
    // were 0.8 % of a build's instructions (callgrind), on one thread.
    xml.reserve(pages.len() * 600);
    use crate::text::escape::{push_replacing, Escapes};
    let push_url = |xml: &mut String, url: &str| {
        push_replacing(xml, origin, Escapes::Attr);
        push_replacing(xml, url, Escapes::Attr);
    };
    let push_alternate = |xml: &mut String, hreflang: &str, url: &str| {
        xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
        xml.push_str(hreflang);
        xml.push_str("\" href=\"");
        push_url(xml, url);
        xml.push_str("\"/>\n");
    };
    for i in pages {
        let page = &site.pages[i];
        xml.push_str("  <url>\n    <loc>");
        push_url(&mut xml, &page.url);
        xml.push_str("</loc>\n");
        if let Some(date) = page.date().map(|d| iso_date(&d)).filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-') {
            xml.push_str("    <lastmod>");
            xml.push_str(&date);
            xml.push_str("</lastmod>\n");
        }
        let translations: Vec<usize> =
            site.translations(i).into_iter().filter(|t| site.pages[*t].fallback_from.is_none()).collect();
        if translations.len() > 1 {
            for t in &translations {
                let tp = &site.pages[*t];
                push_alternate(&mut xml, &tp.locale, &tp.url);
            }
            if let Some(d) = translations.iter().find(|t| site.pages[**t].locale == site.config.default_locale) {
                push_alternate(&mut xml, "x-default", &site.pages[*d].url);
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Writes `sitemap.xml`, and `robots.txt` unless the theme or site has one.
pub fn write(site: &Site, has_robots: bool, sink: &dyn Sink) -> std::io::Result<()> {
    sink.write("sitemap.xml", sitemap(site).as_bytes())?;
    if !has_robots {
        let url = format!("{}{}/sitemap.xml", site.config.origin, site.config.base_path);
        sink.write("robots.txt", format!("User-agent: *\nAllow: /\n\nSitemap: {url}\n").as_bytes())?;
    }
    Ok(())
}
