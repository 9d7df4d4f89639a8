//! Reading and writing text: a page's source with its includes, front matter and the YAML
//! library behind it, encodings, escaping, dates and language tags.

pub(crate) mod dates;
pub(crate) mod encoding_guess;
pub(crate) mod escape;
pub(crate) mod front_matter_fields;
pub mod frontmatter;
pub(crate) mod hangul;
pub(crate) mod include;
pub(crate) mod langtag;
pub(crate) mod source;
pub(crate) mod utf8;
pub(crate) mod yaml;
pub(crate) mod yaml_flat;
