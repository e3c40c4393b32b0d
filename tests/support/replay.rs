//! Replays the real histories in `../shared/corpus` through the whole
//! pipeline and scores what the feeds announce.
//!
//! Every site's v1, then v2, then v3, then v3 again is served from a local
//! HTTP server and `run_once` crawls them all after each switch, with the
//! default `on_first_crawl = "baseline"`. The entries first seen in a run
//! are compared with `added_in_vK` of `expected.json` (normalised text, as
//! in corpus/MANIFEST.md): precision and recall of new entries, edited or
//! regrouped items wrongly announced as new, spurious entries, and any
//! change at all on the repeated v3 crawl.
//!
//! Shared by `tests/replay.rs` (which enforces a floor) and
//! `examples/replay.rs` (which prints the table).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use scholarfeed::config;
use scholarfeed::fetch::Fetcher;
use scholarfeed::model::SectionKind;
use scholarfeed::pipeline;
use scholarfeed::store::{Store, StoredItem};
use serde_json::Value;

use super::eval::{ORIGINAL_SITES, fraction};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Letters and digits only, case-folded: the corpus scoring rule.
pub fn alnum(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Per-site replay figures.
#[derive(Debug, Clone, Default)]
pub struct SiteScore {
    pub site: String,
    /// Entries announced on the first crawl (must be 0 with "baseline").
    pub baseline_leaks: usize,
    pub expected_added: usize,
    pub reported_new: usize,
    pub true_new: usize,
    pub edits_as_new: usize,
    pub regroups_as_new: usize,
    pub spurious: usize,
    /// New, updated or removed items on the repeated v3 crawl.
    pub no_change_leaks: usize,
    /// Expected removals that were marked removed / expected removals.
    pub removed_found: usize,
    pub removed_expected: usize,
    /// Descriptions of misses and false alarms, for the table's notes.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ReplayReport {
    pub sites: Vec<SiteScore>,
    /// Whether the repeated v3 crawl left every feed file byte-identical.
    pub feeds_unchanged_on_repeat: bool,
    /// The output files the repeated v3 crawl changed, for the table.
    pub changed_on_repeat: Vec<String>,
}

impl ReplayReport {
    /// Every corpus site.
    pub fn total(&self) -> SiteScore {
        self.total_where("TOTAL", |_| true)
    }

    /// The ratchet's first level: the 16 sites the first floor was set on.
    pub fn original(&self) -> SiteScore {
        self.total_where("original 16 sites", |s| ORIGINAL_SITES.contains(&s))
    }

    fn total_where(&self, name: &str, keep: impl Fn(&str) -> bool) -> SiteScore {
        let mut t = SiteScore {
            site: name.into(),
            ..Default::default()
        };
        for s in self.sites.iter().filter(|s| keep(&s.site)) {
            t.baseline_leaks += s.baseline_leaks;
            t.expected_added += s.expected_added;
            t.reported_new += s.reported_new;
            t.true_new += s.true_new;
            t.edits_as_new += s.edits_as_new;
            t.regroups_as_new += s.regroups_as_new;
            t.spurious += s.spurious;
            t.no_change_leaks += s.no_change_leaks;
            t.removed_found += s.removed_found;
            t.removed_expected += s.removed_expected;
        }
        t
    }
}

impl SiteScore {
    pub fn precision(&self) -> f64 {
        fraction(self.true_new, self.reported_new)
    }
    pub fn recall(&self) -> f64 {
        fraction(self.true_new, self.expected_added)
    }
}

struct Site {
    slug: String,
    url_path: String,
    content_type: &'static str,
    versions: [Vec<u8>; 3],
    expected: Value,
}

fn load_sites(corpus: &Path) -> Vec<Site> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let slug = dir.file_name().unwrap().to_string_lossy().into_owned();
            let ext = if dir.join("v1.md").exists() {
                "md"
            } else {
                "html"
            };
            let read = |v: &str| std::fs::read(dir.join(format!("{v}.{ext}"))).unwrap();
            let expected: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                    .unwrap();
            Site {
                url_path: format!(
                    "/{slug}/{}",
                    if ext == "md" {
                        "about.md"
                    } else {
                        "index.html"
                    }
                ),
                content_type: if ext == "md" {
                    "text/markdown"
                } else {
                    "text/html"
                },
                versions: [read("v1"), read("v2"), read("v3")],
                slug,
                expected,
            }
        })
        .collect()
}

async fn serve_version(server: &MockServer, sites: &[Site], v: usize) {
    server.reset().await;
    for s in sites {
        Mock::given(method("GET"))
            .and(path(s.url_path.clone()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_bytes(s.versions[v].clone())
                    .insert_header("content-type", s.content_type),
            )
            .mount(server)
            .await;
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// One expected item as comparable text.
#[derive(Debug, Clone)]
struct Want {
    kind: SectionKind,
    text: String,
    shown: String,
}

fn wants(v: &Value, kind: SectionKind) -> Vec<Want> {
    let key = kind.as_str();
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    let t = match kind {
                        SectionKind::News => e.get("text"),
                        SectionKind::Publications => e.get("title"),
                    };
                    let shown = t.and_then(Value::as_str).unwrap_or("").to_string();
                    Want {
                        kind,
                        text: alnum(&shown),
                        shown,
                    }
                })
                .filter(|w| !w.text.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn all_wants(v: Option<&Value>) -> Vec<Want> {
    let Some(v) = v else { return Vec::new() };
    let mut w = wants(v, SectionKind::News);
    w.extend(wants(v, SectionKind::Publications));
    w
}

fn edited_afters(v: Option<&Value>) -> Vec<Want> {
    let mut out = Vec::new();
    for kind in SectionKind::ALL {
        for e in v
            .and_then(|v| v.get(kind.as_str()))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let after = e.get("after").cloned().unwrap_or(Value::Null);
            let text = match kind {
                SectionKind::News => after.get("text"),
                SectionKind::Publications => after.get("title"),
            };
            let shown = text.and_then(Value::as_str).unwrap_or("").to_string();
            if !shown.is_empty() {
                out.push(Want {
                    kind,
                    text: alnum(&shown),
                    shown,
                });
            }
        }
    }
    out
}

/// Whether a stored item is the expected one: the expected text (a prefix
/// of the item's text after its date, or a publication's title) occurs in
/// the item.
fn is(item: &StoredItem, want: &Want) -> bool {
    if item.section != want.kind {
        return false;
    }
    let hay = match (want.kind, &item.title) {
        (SectionKind::Publications, Some(t)) if alnum(t).contains(&want.text) => return true,
        _ => alnum(&item.text),
    };
    hay.contains(&want.text)
}

/// Pairs each item with at most one want (multiset), returning the items left over.
fn take_matches<'a>(
    items: Vec<&'a StoredItem>,
    wants: &mut Vec<Want>,
) -> (usize, Vec<&'a StoredItem>) {
    let mut hits = 0;
    let mut rest = Vec::new();
    for it in items {
        if let Some(i) = wants.iter().position(|w| is(it, w)) {
            wants.remove(i);
            hits += 1;
        } else {
            rest.push(it);
        }
    }
    (hits, rest)
}

/// Runs the whole replay in a temporary directory.
pub async fn replay(shared: &Path) -> ReplayReport {
    let sites = load_sites(&shared.join("corpus"));
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[settings]\nsite_url = \"https://feeds.example.org/\"\nper_host_delay_ms = 0\nretries = 0\n\
         timeout_secs = 10\nmax_entries = 1000\n",
    );
    for s in &sites {
        text.push_str(&format!(
            "[[source]]\nname = \"{}\"\nurl = \"{}{}\"\n",
            s.slug,
            server.uri(),
            s.url_path
        ));
    }
    let cfg_path = dir.path().join("feeds.toml");
    std::fs::write(&cfg_path, text).unwrap();
    let config = config::load(&cfg_path).unwrap();
    let fetcher = Fetcher::new(pipeline::fetch_settings(&config)).unwrap();
    let t0: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-02-01T06:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let times: Vec<DateTime<Utc>> = (0..4).map(|k| t0 + Duration::hours(6 * k)).collect();

    let mut per_run_stats = Vec::new();
    // What each run announced, as it read at that moment (later edits
    // rewrite stored texts).
    let mut announced_at: Vec<Vec<StoredItem>> = Vec::new();
    let mut before_repeat = BTreeMap::new();
    for (run, &now) in times.iter().enumerate() {
        serve_version(&server, &sites, run.min(2)).await;
        if run == 3 {
            before_repeat = snapshot(&config.settings.output_dir);
        }
        let mut store = Store::open(&config.settings.database, now).unwrap();
        let report = pipeline::run_once(&Arc::new(config.clone()), &fetcher, &mut store, now)
            .await
            .unwrap();
        assert_eq!(
            report.failed(),
            0,
            "every corpus page is served: {:?}",
            report.sources
        );
        per_run_stats.push(report);
        let mut new = store.announced(None, None, usize::MAX >> 1).unwrap();
        new.retain(|i| i.first_seen == now);
        announced_at.push(new);
    }
    let after_repeat = snapshot(&config.settings.output_dir);
    let feeds_unchanged_on_repeat = after_repeat == before_repeat;
    let changed_on_repeat: Vec<String> = after_repeat
        .iter()
        .filter(|(p, body)| before_repeat.get(*p) != Some(*body))
        .map(|(p, _)| p.display().to_string())
        .collect();

    let store = Store::open(&config.settings.database, times[3]).unwrap();
    let mut scores = Vec::new();
    for s in &sites {
        let mut sc = SiteScore {
            site: s.slug.clone(),
            ..Default::default()
        };
        let all = store.all_items(&s.slug).unwrap();
        let mine = |run: usize| -> Vec<&StoredItem> {
            announced_at[run]
                .iter()
                .filter(|i| i.source_name == s.slug)
                .collect()
        };
        sc.baseline_leaks = mine(0).len();
        for k in [2usize, 3] {
            let now = times[k - 1];
            let new = mine(k - 1);
            let mut expected = all_wants(s.expected.get(format!("added_in_v{k}")));
            sc.expected_added += expected.len();
            sc.reported_new += new.len();
            let (hits, rest) = take_matches(new, &mut expected);
            sc.true_new += hits;
            for w in &expected {
                sc.notes
                    .push(format!("v{k} missed {}: {}", w.kind, w.shown));
            }
            let mut edits = edited_afters(s.expected.get(format!("edited_in_v{k}")));
            let (edit_hits, rest) = take_matches(rest, &mut edits);
            sc.edits_as_new += edit_hits;
            let mut regroups: Vec<Want> = s
                .expected
                .get(format!("regrouped_in_v{k}"))
                .and_then(|v| v.get("publications"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|e| e.get("title").and_then(Value::as_str))
                .map(|t| Want {
                    kind: SectionKind::Publications,
                    text: alnum(t),
                    shown: t.to_string(),
                })
                .collect();
            let (regroup_hits, rest) = take_matches(rest, &mut regroups);
            sc.regroups_as_new += regroup_hits;
            if edit_hits + regroup_hits > 0 {
                sc.notes.push(format!(
                    "v{k}: {edit_hits} edited and {regroup_hits} regrouped items announced as new"
                ));
            }
            for it in rest {
                sc.spurious += 1;
                sc.notes.push(format!(
                    "v{k} spurious {}: {}",
                    it.section,
                    it.text.chars().take(90).collect::<String>()
                ));
            }
            // Removals: each expected removal should be an item marked removed in this run.
            let mut removed_expected = all_wants(s.expected.get(format!("removed_in_v{k}")));
            sc.removed_expected += removed_expected.len();
            let removed_now: Vec<&StoredItem> =
                all.iter().filter(|i| i.removed_at == Some(now)).collect();
            let (found, _) = take_matches(removed_now, &mut removed_expected);
            sc.removed_found += found;
            for w in &removed_expected {
                sc.notes
                    .push(format!("v{k} removal not seen {}: {}", w.kind, w.shown));
            }
        }
        scores.push(sc);
    }
    // No-change leaks on the repeated v3 crawl.
    for (i, s) in sites.iter().enumerate() {
        let sc = &mut scores[i];
        if let Some(r) = per_run_stats[3].sources.iter().find(|r| r.name == s.slug)
            && let pipeline::SourceOutcome::Synced { stats, .. } = &r.outcome
        {
            sc.no_change_leaks += stats.new + stats.updated + stats.removed;
        }
    }
    ReplayReport {
        sites: scores,
        feeds_unchanged_on_repeat,
        changed_on_repeat,
    }
}

/// The table printed by the example (and by the test on failure).
pub fn table(r: &ReplayReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<38} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>7}\n",
        "site",
        "exp+",
        "new",
        "ok",
        "prec",
        "recall",
        "edit+",
        "regrp+",
        "spur",
        "leaks",
        "removed"
    ));
    let row = |s: &SiteScore| {
        format!(
            "{:<38} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6} {:>6} {:>5} {:>6} {:>3}/{:<3}\n",
            s.site,
            s.expected_added,
            s.reported_new,
            s.true_new,
            s.precision(),
            s.recall(),
            s.edits_as_new,
            s.regroups_as_new,
            s.spurious,
            s.no_change_leaks + s.baseline_leaks,
            s.removed_found,
            s.removed_expected
        )
    };
    for s in &r.sites {
        out.push_str(&row(s));
    }
    out.push_str(&row(&r.original()));
    out.push_str(&row(&r.total()));
    out.push_str(&format!(
        "feeds byte-identical on the repeated v3 crawl: {}\n",
        r.feeds_unchanged_on_repeat
    ));
    for p in &r.changed_on_repeat {
        out.push_str(&format!("  changed: {p}\n"));
    }
    let notes: Vec<String> = r
        .sites
        .iter()
        .flat_map(|s| s.notes.iter().map(move |n| format!("  {}: {n}", s.site)))
        .collect();
    if !notes.is_empty() {
        out.push_str("\nnotes:\n");
        for n in notes {
            out.push_str(&n);
            out.push('\n');
        }
    }
    out
}
