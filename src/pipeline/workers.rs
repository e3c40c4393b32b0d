//! The threads extraction runs on: one per core, for the life of the process.
//!
//! Extraction ran on tokio's blocking pool, where each page lands on
//! whichever pool thread is free. A cold run kept five to seven of them
//! alive (DNS lookups and other blocking steps share the pool), and glibc
//! gives every thread its own malloc arena, which stays as large as the
//! largest page that thread ever parsed. With the parsing done on as many
//! threads as there are cores (the extraction semaphore's bound anyway),
//! a cold run of 1,000 pages peaked at 33 MiB instead of 37 (BENCHMARKS.md).
//!
//! An extraction that overruns its time limit (a bug of ours) cannot be
//! stopped: its thread is left to finish, and a new one takes its place so
//! the run keeps its cores.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;
type Jobs = Arc<Mutex<mpsc::Receiver<Job>>>;

struct Pool {
    queue: Mutex<mpsc::Sender<Job>>,
    jobs: Jobs,
}

/// How a job on an extraction thread ended.
pub(super) enum Ran<T> {
    Done(T),
    /// It panicked, with this payload.
    Panicked(Box<dyn std::any::Any + Send>),
    /// It was still running after the limit, and was left behind.
    Overran,
}

/// Runs `f` on an extraction thread and waits for it (at most `limit`)
/// without holding a runtime worker.
pub(super) async fn run<T, F>(limit: Duration, f: F) -> anyhow::Result<Ran<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let pool = pool().map_err(|e| anyhow::anyhow!("{e}"))?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        // A caller that gave up is not waiting for the result.
        let _ = tx.send(catch_unwind(AssertUnwindSafe(f)));
    });
    pool.queue
        .lock()
        .map_err(|_| anyhow::anyhow!("the extraction threads' queue is poisoned"))?
        .send(job)
        .map_err(|_| anyhow::anyhow!("the extraction threads are not running"))?;
    match tokio::time::timeout(limit, rx).await {
        Ok(Ok(Ok(v))) => Ok(Ran::Done(v)),
        Ok(Ok(Err(panic))) => Ok(Ran::Panicked(panic)),
        Ok(Err(_)) => anyhow::bail!("an extraction thread stopped"),
        Err(_) => {
            if let Err(e) = spawn_worker(Arc::clone(&pool.jobs)) {
                tracing::warn!("cannot start an extraction thread in place of a stuck one: {e}");
            }
            Ok(Ran::Overran)
        }
    }
}

fn pool() -> Result<&'static Pool, &'static str> {
    static POOL: OnceLock<Result<Pool, String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let jobs: Jobs = Arc::new(Mutex::new(rx));
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        for _ in 0..cores {
            spawn_worker(Arc::clone(&jobs))
                .map_err(|e| format!("cannot start the extraction threads: {e}"))?;
        }
        Ok(Pool {
            queue: Mutex::new(tx),
            jobs,
        })
    })
    .as_ref()
    .map_err(String::as_str)
}

fn spawn_worker(jobs: Jobs) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("scholarfeed-extract".into())
        .spawn(move || {
            loop {
                // The lock is held only while waiting, not while working.
                let next = match jobs.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                match next {
                    Ok(job) => job(),
                    Err(mpsc::RecvError) => return,
                }
            }
        })
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_runs_off_the_runtime_and_its_panic_comes_back() {
        let here = std::thread::current().id();
        let Ran::Done(there) = run(Duration::from_secs(5), || std::thread::current().id())
            .await
            .unwrap()
        else {
            panic!("the job did not finish");
        };
        assert_ne!(here, there);
        let ran = run(Duration::from_secs(5), || -> () { panic!("boom") })
            .await
            .unwrap();
        assert!(matches!(ran, Ran::Panicked(p) if p.downcast_ref::<&str>() == Some(&"boom")));
    }

    #[tokio::test]
    async fn a_stuck_job_is_left_behind_and_the_threads_keep_working() {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        // Every thread stuck, one after another: each overrun starts a new one.
        let (release, stuck) = std::sync::mpsc::channel::<()>();
        let stuck = Arc::new(Mutex::new(stuck));
        for _ in 0..cores {
            let stuck = Arc::clone(&stuck);
            let ran = run(Duration::from_millis(50), move || {
                let _ = stuck.lock().map(|s| s.recv());
            })
            .await
            .unwrap();
            assert!(matches!(ran, Ran::Overran));
        }
        let ran = run(Duration::from_secs(5), || 7).await.unwrap();
        assert!(matches!(ran, Ran::Done(7)));
        drop(release);
    }
}
