//! Everything about languages in one place: the UI strings from Fluent files (`strings`), the
//! bookkeeping that ties a translation to its source (`translation`), the checks that keep
//! translations in step (`checks`) and the `guidebook i18n status` report (`status`).

pub(crate) mod checks;
pub(crate) mod cycles;
pub mod status;
pub(crate) mod strings;
pub mod translation;

pub use strings::{load, Strings};
