//! What a run left in its output directory, against what rendering every
//! file from the same store writes: a run renders only what it changed,
//! and must leave exactly what a full publish would.

// Each test crate uses a different part of this file.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use scholarfeed::config::Config;
use scholarfeed::store::Store;

/// Every file under `dir`, by its path relative to `dir`.
pub fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

/// Renders every file of `config` from its store into `scratch` (which
/// must not exist) and asserts that `config`'s output directory holds
/// exactly those files, byte for byte; `when` names the moment in failures.
pub fn assert_same_as_full_publish(
    config: &Config,
    scratch: &Path,
    now: DateTime<Utc>,
    when: &str,
) {
    let left = files_under(&config.settings.output_dir);
    let mut full = config.clone();
    full.settings.output_dir = scratch.to_path_buf();
    let store = Store::open(&config.settings.database, now).unwrap();
    scholarfeed::publish::publish(&full, &store).unwrap();
    let rendered = files_under(scratch);
    assert_eq!(
        left.keys().collect::<Vec<_>>(),
        rendered.keys().collect::<Vec<_>>(),
        "{when}: the same files"
    );
    for (path, bytes) in &rendered {
        assert!(
            left[path] == *bytes,
            "{when}: {} differs from a full publish:\n--- left by the run\n{}\n--- full publish\n{}",
            path.display(),
            String::from_utf8_lossy(&left[path]),
            String::from_utf8_lossy(bytes)
        );
    }
}
