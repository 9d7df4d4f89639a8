//! guidebook: a static documentation and onboarding site generator for multilingual guides.
//!
//! The pipeline, one module a step, data flowing one way (see [`build::build`]):
//! config → discover → parse → site graph → render → write.

#![warn(missing_docs)]

// The pipeline steps, in the order a build runs them (see docs/modules.md for why they stay at
// the top level).
pub mod build;
pub mod config;
pub mod diagnostics;
pub mod discover;
pub(crate) mod nav;
pub(crate) mod options;
pub(crate) mod page;
pub(crate) mod page_body;
pub(crate) mod parse;
pub(crate) mod render;
pub mod search;
pub(crate) mod site;
pub(crate) mod theme;
pub(crate) mod view;
pub mod workspace;
pub(crate) mod xref;

// The groups: what the steps use, by what it is for.
pub(crate) mod checks;
pub mod commands;
pub mod docfx;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod output;
pub mod text;
pub(crate) mod versions;
