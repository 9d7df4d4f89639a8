//! How finely the build's page-by-page steps are cut into tasks for rayon's threads.
//!
//! Left to itself, rayon cuts a parallel iterator into a few pieces per thread and cuts a piece
//! again only when another thread steals it; a thread already working through a piece of
//! thousands of pages cannot be helped. On 2 x 10,000 pages one thread rendered alone for the
//! last ~150 ms of the render step while the other waited (perf, samples per thread over time).

/// Pages per task at most: 1-2 ms of work (a page takes 70-90 µs to parse or to render), so the
/// last task ends within that of the other threads', while 20,000 pages make ~1,250 tasks,
/// each split and joined in a microsecond or two.
pub const PAGES_PER_TASK: usize = 16;
