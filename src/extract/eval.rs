//! Scores extraction against the hand-checked corpus in `shared/` (see
//! `shared/corpus/MANIFEST.md`, "Scoring guidance").
//!
//! Shared by the ratchet test (`tests/extraction_eval.rs`) and the table
//! printer (`examples/eval.rs`), so both measure the same thing. Texts are
//! compared normalised (case-folded, letters and digits only); an expected
//! news text is a prefix of the item's text after its date label; expected
//! and extracted items are matched as multisets. Reading files is kept apart
//! from scoring so the scorer can be tested on values.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use url::Url;

use super::{Overrides, detect_format, extract};
use crate::model::{ExtractedItem, ExtractedPage, SectionKind};

#[derive(Debug, Clone, Default)]
pub struct ExpectedNews {
    pub date: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct ExpectedPub {
    pub title: String,
    pub group: Option<String>,
}

/// Ground truth for one page version.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub news: Vec<ExpectedNews>,
    pub publications: Vec<ExpectedPub>,
    /// Publications that count neither for nor against (seed 004).
    pub optional_publications: Vec<ExpectedPub>,
}

/// One page version with its ground truth.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub path: PathBuf,
    pub seed: bool,
    pub body: String,
    pub expected: Expected,
}

/// Case-folded letters and digits only: markup, punctuation, emoji and spacing never matter.
pub fn norm(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Parses one version object of an `expected.json` (`"v1": {...}`).
pub fn parse_expected(v: &Value) -> Expected {
    let strs = |x: &Value, k: &str| x.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let pubs = |k: &str| -> Vec<ExpectedPub> {
        v.get(k)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|p| ExpectedPub {
                        title: strs(p, "title"),
                        group: p.get("group").and_then(Value::as_str).map(str::to_string),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let present = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(true);
    let mut e = Expected {
        news: v
            .get("news")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|n| ExpectedNews {
                        date: strs(n, "date"),
                        text: strs(n, "text"),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        publications: pubs("publications"),
        optional_publications: pubs("optional_publications"),
    };
    if !present("news_section_present") {
        e.news.clear();
    }
    if !present("publications_section_present") {
        e.publications.clear();
    }
    e
}

/// Loads every corpus version and seed under `shared`.
pub fn load_cases(shared: &Path) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    let corpus = shared.join("corpus");
    let mut sites: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .with_context(|| format!("reading {}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    for site in sites {
        let exp_path = site.join("expected.json");
        let exp: Value = serde_json::from_str(
            &std::fs::read_to_string(&exp_path)
                .with_context(|| format!("reading {}", exp_path.display()))?,
        )
        .with_context(|| format!("parsing {}", exp_path.display()))?;
        let slug = site
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        for v in ["v1", "v2", "v3"] {
            let Some(ev) = exp.get(v) else { continue };
            for ext in ["html", "md", "htm"] {
                let path = site.join(format!("{v}.{ext}"));
                if path.exists() {
                    let body = std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    cases.push(Case {
                        name: format!("{slug}/{v}"),
                        path,
                        seed: false,
                        body,
                        expected: parse_expected(ev),
                    });
                    break;
                }
            }
        }
    }
    let seeds = shared.join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .with_context(|| format!("reading {}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    files.sort();
    for exp_path in files {
        let stem = exp_path
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .trim_end_matches(".expected.json")
            .to_string();
        let exp: Value = serde_json::from_str(&std::fs::read_to_string(&exp_path)?)
            .with_context(|| format!("parsing {}", exp_path.display()))?;
        let Some(ev) = exp.get("v1") else { continue };
        for ext in ["md", "html"] {
            let path = seeds.join(format!("{stem}.{ext}"));
            if path.exists() {
                let body = std::fs::read_to_string(&path)?;
                cases.push(Case {
                    name: format!("seed/{stem}"),
                    path,
                    seed: true,
                    body,
                    expected: parse_expected(ev),
                });
                break;
            }
        }
    }
    Ok(cases)
}

/// Matched / extracted / expected counts for one section kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub matched: usize,
    pub extracted: usize,
    pub expected: usize,
}

/// `part / whole` as a score: 1.0 when there was nothing to get right.
pub fn fraction(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl Counts {
    pub fn precision(&self) -> f64 {
        fraction(self.matched, self.extracted)
    }
    pub fn recall(&self) -> f64 {
        fraction(self.matched, self.expected)
    }
    fn add(&mut self, o: Counts) {
        self.matched += o.matched;
        self.extracted += o.extracted;
        self.expected += o.expected;
    }
}

/// Correct / total for a per-item field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub ok: usize,
    pub total: usize,
}

impl Ratio {
    pub fn value(&self) -> f64 {
        fraction(self.ok, self.total)
    }
    fn add(&mut self, o: Ratio) {
        self.ok += o.ok;
        self.total += o.total;
    }
}

#[derive(Debug, Clone, Default)]
pub struct Score {
    pub news: Counts,
    pub publications: Counts,
    /// Dated expected news whose matched item has exactly that `date_text`.
    pub dates: Ratio,
    /// Matched publications whose `title` equals the expected one (normalised).
    pub titles: Ratio,
    /// Human-readable misses and extras, for finding what to fix.
    pub problems: Vec<String>,
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        self.news.add(o.news);
        self.publications.add(o.publications);
        self.dates.add(o.dates);
        self.titles.add(o.titles);
    }

    /// True when every item, date and title is right (what the seeds require).
    pub fn exact(&self) -> bool {
        let c = |c: &Counts| c.matched == c.expected && c.matched == c.extracted;
        c(&self.news)
            && c(&self.publications)
            && self.dates.ok == self.dates.total
            && self.titles.ok == self.titles.total
    }
}

fn short(s: &str) -> String {
    s.chars().take(90).collect()
}

/// Scores one extracted page against its ground truth.
pub fn score(page: &ExtractedPage, exp: &Expected) -> Score {
    let mut s = Score::default();
    // News: the normalised date + text must be a prefix of the item's normalised text.
    let news: Vec<&ExtractedItem> = page.items(SectionKind::News).collect();
    let news_norm: Vec<String> = news.iter().map(|i| norm(&i.text)).collect();
    let mut used = vec![false; news.len()];
    for e in &exp.news {
        let want = norm(&format!("{} {}", e.date, e.text));
        let hit = (0..news.len()).find(|&k| !used[k] && news_norm[k].starts_with(&want));
        match hit {
            Some(k) => {
                used[k] = true;
                s.news.matched += 1;
                if !e.date.is_empty() {
                    s.dates.total += 1;
                    if news[k].date_text.as_deref() == Some(e.date.as_str()) {
                        s.dates.ok += 1;
                    } else {
                        s.problems.push(format!(
                            "news date {:?} != {:?}: {}",
                            news[k].date_text,
                            e.date,
                            short(&e.text)
                        ));
                    }
                }
            }
            None => s
                .problems
                .push(format!("news missing: [{}] {}", e.date, short(&e.text))),
        }
    }
    s.news.expected = exp.news.len();
    s.news.extracted = news.len();
    for (k, it) in news.iter().enumerate() {
        if !used[k] {
            s.problems.push(format!("news extra: {}", short(&it.text)));
        }
    }
    // Publications: the expected title must appear in the item's text; exact titles preferred.
    let pubs: Vec<&ExtractedItem> = page.items(SectionKind::Publications).collect();
    let pubs_norm: Vec<String> = pubs.iter().map(|i| norm(&i.text)).collect();
    let titles_norm: Vec<String> = pubs
        .iter()
        .map(|i| norm(i.title.as_deref().unwrap_or("")))
        .collect();
    let mut used = vec![false; pubs.len()];
    let find = |title: &str, used: &mut Vec<bool>| -> Option<usize> {
        let want = norm(title);
        if want.is_empty() {
            return None;
        }
        let k = (0..pubs.len())
            .find(|&k| !used[k] && titles_norm[k] == want)
            .or_else(|| (0..pubs.len()).find(|&k| !used[k] && pubs_norm[k].contains(&want)))?;
        used[k] = true;
        Some(k)
    };
    for e in &exp.publications {
        match find(&e.title, &mut used) {
            Some(k) => {
                s.publications.matched += 1;
                s.titles.total += 1;
                if titles_norm[k] == norm(&e.title) {
                    s.titles.ok += 1;
                } else {
                    s.problems.push(format!(
                        "title {:?} != {:?}",
                        pubs[k].title.as_deref().map(short),
                        short(&e.title)
                    ));
                }
            }
            None => s.problems.push(format!("pub missing: {}", short(&e.title))),
        }
    }
    let mut optional = 0;
    for e in &exp.optional_publications {
        if find(&e.title, &mut used).is_some() {
            optional += 1;
        }
    }
    s.publications.expected = exp.publications.len();
    s.publications.extracted = pubs.len() - optional;
    for (k, it) in pubs.iter().enumerate() {
        if !used[k] {
            s.problems.push(format!("pub extra: {}", short(&it.text)));
        }
    }
    s
}

/// Extracts one case the way the pipeline would (format detected from the file name).
pub fn extract_case(case: &Case) -> ExtractedPage {
    let file = case
        .path
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("index.html");
    let url = Url::parse(&format!(
        "https://example.org/{}/{file}",
        case.name.replace('/', "-")
    ))
    .expect("a valid synthetic URL");
    let format = detect_format(None, &url, &case.body);
    extract(&case.body, format, &url, &Overrides::default())
}

/// Scores for every case plus the totals.
pub struct Report {
    pub rows: Vec<(Case, Score)>,
    pub total: Score,
}

pub fn run(shared: &Path) -> Result<Report> {
    let cases = load_cases(shared)?;
    let mut rows = Vec::new();
    let mut total = Score::default();
    for case in cases {
        let page = extract_case(&case);
        let s = score(&page, &case.expected);
        total.add(&s);
        rows.push((case, s));
    }
    Ok(Report { rows, total })
}

impl Report {
    /// The per-page table and totals, as printed by `cargo run --example eval`.
    pub fn table(&self, verbose: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<44} {:>13} {:>6} {:>6} {:>13} {:>6} {:>6} {:>7} {:>7}",
            "page", "news m/x/e", "P", "R", "pubs m/x/e", "P", "R", "date", "title"
        );
        let row = |out: &mut String, name: &str, s: &Score| {
            let _ = writeln!(
                out,
                "{:<44} {:>13} {:>6.3} {:>6.3} {:>13} {:>6.3} {:>6.3} {:>7.3} {:>7.3}",
                name,
                format!(
                    "{}/{}/{}",
                    s.news.matched, s.news.extracted, s.news.expected
                ),
                s.news.precision(),
                s.news.recall(),
                format!(
                    "{}/{}/{}",
                    s.publications.matched, s.publications.extracted, s.publications.expected
                ),
                s.publications.precision(),
                s.publications.recall(),
                s.dates.value(),
                s.titles.value(),
            );
        };
        for (case, s) in &self.rows {
            row(&mut out, &case.name, s);
            if verbose {
                for p in &s.problems {
                    let _ = writeln!(out, "    {p}");
                }
            }
        }
        row(&mut out, "TOTAL", &self.total);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExtractedSection, Format};

    fn item(text: &str, date: Option<&str>, title: Option<&str>) -> ExtractedItem {
        ExtractedItem {
            text: text.into(),
            date_text: date.map(str::to_string),
            date: None,
            title: title.map(str::to_string),
            links: vec![],
            group: None,
            html: String::new(),
        }
    }

    #[test]
    fn prefix_and_multiset_matching() {
        let page = ExtractedPage {
            url: "u".into(),
            format: Format::Html,
            sections: vec![
                ExtractedSection {
                    kind: SectionKind::News,
                    heading: "News".into(),
                    items: vec![
                        item("[2024-01] Hello, world! More.", Some("2024-01"), None),
                        item("extra", None, None),
                    ],
                },
                ExtractedSection {
                    kind: SectionKind::Publications,
                    heading: "P".into(),
                    items: vec![
                        item("A Title. Authors", None, Some("A title")),
                        item("Other", None, None),
                    ],
                },
            ],
        };
        let exp = Expected {
            news: vec![ExpectedNews {
                date: "2024-01".into(),
                text: "hello world".into(),
            }],
            publications: vec![ExpectedPub {
                title: "A Title".into(),
                group: None,
            }],
            optional_publications: vec![ExpectedPub {
                title: "Other".into(),
                group: None,
            }],
        };
        let s = score(&page, &exp);
        assert_eq!(
            s.news,
            Counts {
                matched: 1,
                extracted: 2,
                expected: 1
            }
        );
        assert_eq!(s.dates, Ratio { ok: 1, total: 1 });
        assert_eq!(
            s.publications,
            Counts {
                matched: 1,
                extracted: 1,
                expected: 1
            }
        );
        assert_eq!(s.titles, Ratio { ok: 1, total: 1 });
    }
}
