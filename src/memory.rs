//! Keeping a long-running process's resident memory flat under glibc.
//!
//! glibc's malloc gives threads their own arenas (up to eight per core) and
//! returns freed pages to the kernel only from the top of each heap. Our
//! allocation pattern is the worst case for that: every run parses hundreds
//! of pages into short-lived DOMs on whichever worker or blocking thread is
//! free, so freed memory ends up scattered over many arenas. Measured on the
//! daemon with 300 sources every 10 s, default settings crept from 45 to
//! 64 MiB in six minutes; two arenas held 37–44 MiB (BENCHMARKS.md).
//!
//! Other targets (musl, macOS, Windows) get no-ops: their allocators manage
//! this differently, and nothing here is needed for correctness.
#![allow(unsafe_code)]

/// Caps glibc at two malloc arenas, for processes that run until stopped.
/// Call before any thread starts: arenas are created on a thread's first
/// allocation, and the cap does not shrink arenas that already exist. An
/// explicit `MALLOC_ARENA_MAX` in the environment wins. The cap has a price,
/// which a one-shot run need not pay: threads then contend for the arena
/// locks, and a cold `aggregate --once` of 1,000 sources took 15 % longer
/// (3.3 s against 3.8 s on 2 cores) for 8 MiB less peak memory.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; it is called
        // before the runtime spawns threads.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Makes every allocation of 128 KiB or more its own mapping, returned to
/// the kernel when freed, for every command. glibc starts at that threshold
/// but raises it (up to 32 MiB) each time such a block is freed, so after
/// the first pages a run's bodies, DOM arenas and item vectors come from
/// the heaps, where they stay resident after use and fragment the arenas.
/// A fixed threshold turns that adaptation off. Measured on a cold
/// `aggregate --once` of 1,000 pages (tmpfs, three runs each): peak RSS
/// 54-62 -> 39 MiB at the same wall time (2.09-2.22 s against 2.11-2.14 s),
/// where capping the arenas took 39-42 MiB for 30 % more wall time
/// (BENCHMARKS.md). An explicit `MALLOC_MMAP_THRESHOLD_` or
/// `GLIBC_TUNABLES` in the environment wins.
pub fn map_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none()
        && std::env::var_os("GLIBC_TUNABLES").is_none()
    {
        // SAFETY: mallopt only sets an allocator parameter; it is called
        // before the runtime spawns threads.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}

/// Hands free pages inside the heaps back to the kernel, for a daemon to
/// call between runs (a few milliseconds; the next run refills what it needs).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds as free;
    // it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}
