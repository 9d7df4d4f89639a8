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
    for i in pages {
        let page = &site.pages[i];
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            crate::text::escape::attr(&format!("{origin}{}", page.url))
        ));
        if let Some(date) = page.date().map(|d| iso_date(&d)).filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-') {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        let translations: Vec<usize> =
            site.translations(i).into_iter().filter(|t| site.pages[*t].fallback_from.is_none()).collect();
        if translations.len() > 1 {
            for t in &translations {
                let tp = &site.pages[*t];
                let href = crate::text::escape::attr(&format!("{origin}{}", tp.url));
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>\n",
                    tp.locale
                ));
            }
            if let Some(d) = translations.iter().find(|t| site.pages[**t].locale == site.config.default_locale) {
                let href = crate::text::escape::attr(&format!("{origin}{}", site.pages[*d].url));
                xml.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{href}\"/>\n"));
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
