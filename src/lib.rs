//! guidebook: a static documentation and onboarding site generator for multilingual guides.
//!
//! The pipeline, one module a step, data flowing one way (see [`build::build`]):
//! config → discover → parse → site graph → render → write.

pub mod config;
pub mod diagnostics;
pub mod discover;
pub mod frontmatter;
pub mod langtag;
pub mod markdown;
pub mod yaml;
