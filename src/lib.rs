//! guidebook: a static documentation and onboarding site generator for multilingual guides.
//!
//! The pipeline, one module a step, data flowing one way (see [`build::build`]):
//! config → discover → parse → site graph → render → write.

#![warn(missing_docs)]

pub mod build;
pub mod check;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod discover;
pub mod docfx;
pub mod docset_links;
pub mod encoding_guess;
pub mod escape;
pub mod external;
pub mod frontmatter;
pub mod hints;
pub mod i18n;
pub mod include;
pub mod init;
pub mod langtag;
pub mod latest;
pub mod links;
pub mod markdown;
pub mod mounts;
pub mod nav;
pub mod onboarding;
pub mod options;
pub mod output;
pub mod output_lock;
pub mod output_mount;
pub mod output_owner;
pub mod page;
pub mod page_body;
pub mod parse;
pub mod progress;
pub mod publish;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod shard;
pub mod site;
pub mod source;
pub mod symlinks;
pub mod theme;
pub mod url_clashes;
pub mod urls;
pub mod version_checks;
pub mod version_links;
pub mod version_nav;
pub mod version_view;
pub mod versions;
pub mod view;
pub mod warning_summary;
pub mod workspace;
pub mod xref;
pub mod yaml;
