//! guidebook: a static documentation and onboarding site generator for multilingual guides.
//!
//! The pipeline, one module a step, data flowing one way (see [`build::build`]):
//! config → discover → parse → site graph → render → write.

#![warn(missing_docs)]

// The pipeline steps, one module each (docs/modules.md says why they stay at the top level).
pub mod build;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub(crate) mod nav;
pub(crate) mod options;
pub(crate) mod page;
pub(crate) mod page_body;
pub(crate) mod page_key;
pub(crate) mod parse;
pub(crate) mod render;
pub mod search;
pub(crate) mod site;
pub(crate) mod theme;
pub(crate) mod view;
pub mod workspace;
pub(crate) mod xref;

// Folders of related modules, each named for what it holds.
pub(crate) mod checks;
pub mod commands;
pub mod docfx;
pub(crate) mod fan_out;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod memory;
pub mod output;
pub mod text;
pub(crate) mod versions;
