//! Everything about languages in one place: the UI strings from Fluent files (`strings`), the
//! bookkeeping that ties a translation to its source (`translation`), the checks that keep
//! translations in step (`checks`) and the `guidebook i18n status` report (`status`).

pub mod checks;
pub mod cycles;
pub mod status;
pub mod strings;
pub mod translation;

pub use strings::{load, Strings};
