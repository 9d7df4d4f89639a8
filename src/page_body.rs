//! A page's body HTML, kept LZ4-compressed from the parse that renders it to the write that
//! wraps it in the theme.
//!
//! Why compressed: 20,000 pages' bodies are ~120 MiB of HTML, alive from parse to write, which
//! is the build's peak. Rendering them again at write time instead (reading each file a second
//! time) cost a fifth of the build's CPU; LZ4 keeps them in about a quarter of the memory for a
//! hundredth of that CPU (bench/compare_hugo.py figures in DESIGN.md, "Memory").

/// One page's body HTML, compressed; its xrefs are still markers (`xref::resolve::page_html`).
#[derive(Debug, Clone, Default)]
pub struct Body(Box<[u8]>);

impl Body {
    /// Compresses `html`.
    pub fn new(html: &str) -> Body {
        if html.is_empty() {
            return Body::default();
        }
        Body(lz4_flex::block::compress_prepend_size(html.as_bytes()).into_boxed_slice())
    }

    /// The HTML again.
    pub fn html(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        // The bytes are our own, compressed from a `str` in this process: they decompress.
        let bytes = lz4_flex::block::decompress_size_prepended(&self.0).expect("a body compressed by Body::new");
        String::from_utf8(bytes).expect("a body compressed from a str")
    }

    /// Bytes held (for the memory figures).
    pub fn compressed_len(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Body;

    #[test]
    fn html_comes_back_as_it_went_in() {
        let html = "<h2 id=\"a\">제목</h2>\n<p>Text <a href=\"../x/\">x</a></p>\n".repeat(50);
        let body = Body::new(&html);
        assert_eq!(body.html(), html);
        assert!(body.compressed_len() < html.len() / 4, "repetitive HTML compresses");
        assert_eq!(Body::new("").html(), "");
    }
}
