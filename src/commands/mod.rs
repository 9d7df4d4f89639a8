//! The commands that are more than the build pipeline (`init`, `serve`, the sharded build's
//! `index export` and `merge`), and what every command prints: reports, the warning summary and
//! the progress display.

pub mod init;
pub mod progress;
pub mod report;
pub mod serve;
pub mod shard;
pub mod warning_summary;
