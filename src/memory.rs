//! How the process asks the OS for memory: settings of mimalloc (the global allocator, chosen in
//! `main.rs`) and of the kernel, per command.

/// Turns transparent huge pages off for this process.
///
/// `serve`: tiny_http gives each connection a thread, and mimalloc gives each thread a heap of
/// its own; with huge pages, each new heap's first allocation faults in a whole 2 MiB page. A
/// thousand connections then cost half a gigabyte and a second of zeroing memory, during which
/// every request waits (measured with benches/serve_load.rs).
///
/// `build`: huge pages saved little CPU (user time 7.3-7.6 s with them, 7.8-8.0 s without, on
/// 2 x 10,000 pages) and cost ~30 MiB of peak memory (half-used 2 MiB pages) and, once the
/// machine's memory is fragmented, seconds of the kernel compacting memory to find them
/// (system time 2.5-3.0 s with, 1.7-1.9 s without; wall time no worse).
pub fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// `build` and `check`: a process that builds once and exits.
pub fn for_one_shot_build() {
    keep_freed_memory();
    without_huge_pages();
}

/// For a one-shot build, which frees and reallocates the same few hundred MiB page after page:
/// by default mimalloc hands freed memory back to the OS after a delay and faults it in again
/// (zeroed) moments later, which was a quarter of a build's time in the kernel. The process
/// exits when the build ends, so it keeps what it freed; peak memory is unchanged (measured
/// with bench/compare_hugo.py). `serve` lives long and keeps the default.
fn keep_freed_memory() {
    /// `mi_option_purge_delay` in mimalloc.h (the same index in v2 and v3).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's integer options; -1 is documented as "never purge".
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}
