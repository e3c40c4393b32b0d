//! scholarfeed turns researchers' homepages into feeds.
//!
//! ```text
//!  feeds.toml ──> config ──> fetch (async, concurrent, polite per host)
//!                              │  bytes -> decoded text, validators
//!                              v
//!                            extract (sync: find News / Publications, split items)
//!                              │  ExtractedPage
//!                              v
//!                            store (SQLite: identity, diff -> new / edited / removed)
//!                              │  stored entries
//!                              v
//!                            publish (Atom + RSS, atomic writes)
//! ```
//!
//! `pipeline::run_once` is the one place the stages meet; the one-shot
//! command and the daemon (`schedule`) both call it.
//!
//! Modules import downwards only, so the graph has no cycle: `model` (the
//! words several stages share) at the bottom; the stages `fetch`,
//! `extract`, `store` and `publish` above it, with `config` (which holds
//! `extract`'s compiled selectors); then `pipeline`, `schedule`, `serve`
//! and `cli`. A type two modules share goes below both, never into one of
//! them.

// The library's surface is what tests, examples and benches use, so every
// public item says what it is for, private modules say `pub(crate)`, and
// numeric conversions that could lose bits are written out (`try_from`, or
// an `allow` with the reason the value fits). Scoped to the library: test
// code's ratio arithmetic stays plain.
#![warn(missing_docs, unreachable_pub)]
#![warn(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::cast_precision_loss,
    clippy::cast_lossless
)]

pub mod cli;
pub mod config;
pub mod extract;
pub mod fetch;
pub mod memory;
pub mod model;
pub mod onboard;
pub mod pipeline;
pub mod publish;
pub mod schedule;
pub mod serve;
pub mod store;
