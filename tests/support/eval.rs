//! Scores extraction against the hand-checked pages in `../shared` (see
//! `shared/corpus/MANIFEST.md`, "Scoring guidance"): the 26 corpus sites in
//! three versions, the 11 single-version pages of `wild/`, and the seeds.
//!
//! Shared by the ratchet test (`tests/extraction_eval.rs`) and the table
//! printer (`examples/eval.rs`), so both measure the same thing; it lives
//! beside the tests because it reads files and is no part of the product.
//! Texts are compared normalised (case-folded, letters and digits only); an
//! expected news text is a prefix of the item's text after its date label;
//! expected and extracted items are matched as multisets. Reading files is
//! kept apart from scoring so the scorer can be tested on values.
//!
//! Every page version that `expected.json` describes must exist (and every
//! page file must be described): a missing one is an error, never a skip,
//! so the ratchet cannot pass on fewer pages than it was set on.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use url::Url;

use scholarfeed::extract::{Overrides, detect_format, extract};
use scholarfeed::model::{ExtractedItem, ExtractedPage, SectionKind};

/// The 16 corpus sites the first ratchet was set on. Kept as a level of its
/// own so that work on the newer pages can never buy its gains there.
pub const ORIGINAL_SITES: [&str; 16] = [
    "academicpages-ziqihuangg",
    "acadhomepage-algolzw",
    "acadhomepage-betswish",
    "acadhomepage-haotang11",
    "alfolio-0010ss",
    "alfolio-boqichen",
    "bootstrap-xhliu",
    "handwritten-liuziwei7-home",
    "handwritten-liuziwei7-publications",
    "handwritten-modern-kaiyangzhou-2026",
    "hugo-academic-adamgleave",
    "i18n-hughw19",
    "jemdoc-diamondfan",
    "jonbarron-style-lyken17",
    "oldschool-kaiyangzhou-2022",
    "wowchemy-1zb",
];

/// Where a page comes from; each is a level of the ratchet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Set {
    /// One of [`ORIGINAL_SITES`].
    Original,
    /// A corpus site added after the first ratchet.
    Added,
    /// `wild/`: one version each, other templates.
    Wild,
    /// `seeds/`: must be extracted exactly.
    Seed,
}

/// The template family of a site, from its slug (the MANIFEST's template
/// column, coarsened so each family has several sites to hold out).
pub fn family(slug: &str) -> &'static str {
    let slug = slug.strip_prefix("w-").unwrap_or(slug);
    let mut tokens = slug.split('-');
    let mut first = tokens.next().unwrap_or("");
    if matches!(first, "zh" | "ja") {
        first = tokens.next().unwrap_or("");
    }
    match first {
        "academicpages" | "minimalmistakes" => "academicpages",
        "acadhomepage" => "acadhomepage",
        "alfolio" => "al-folio",
        "hugo" | "hugoblox" | "wowchemy" => "hugo",
        "jemdoc" => "jemdoc",
        "jonbarron" => "jonbarron",
        "hexo" | "mkdocs" | "quarto" => "other-generator",
        "seed" => "seeds",
        _ => "handwritten",
    }
}

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
    /// `site/v1`, or `seed/<stem>`.
    pub name: String,
    pub site: String,
    pub set: Set,
    pub family: &'static str,
    pub path: PathBuf,
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

fn read_json(path: &Path) -> Result<Value> {
    serde_json::from_str(
        &std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
    )
    .with_context(|| format!("parsing {}", path.display()))
}

fn subdirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    Ok(out)
}

/// The page file of one version (`v1.html`, `v1.md`, `v1.htm`), if any.
fn page_file(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["html", "md", "htm"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.exists())
}

/// Loads the versions of every site directory under `root`: each of
/// `versions` must have both its page file and its `expected.json` entry.
fn load_sites(root: &Path, versions: &[&str], set_of: impl Fn(&str) -> Set) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for site in subdirs(root)? {
        let exp = read_json(&site.join("expected.json"))?;
        let slug = site
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("?")
            .to_string();
        for v in versions {
            let ev = exp
                .get(*v)
                .with_context(|| format!("{}: expected.json has no {v}", site.display()))?;
            let path = page_file(&site, v)
                .with_context(|| format!("{}: the page file of {v} is missing", site.display()))?;
            let body = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            cases.push(Case {
                name: format!("{slug}/{v}"),
                family: family(&slug),
                set: set_of(&slug),
                site: slug.clone(),
                path,
                body,
                expected: parse_expected(ev),
            });
        }
        if let Some(extra) = ["v1", "v2", "v3", "v4"]
            .iter()
            .find(|v| !versions.contains(v) && page_file(&site, v).is_some())
        {
            anyhow::bail!("{}: page {extra} exists but is not scored", site.display());
        }
    }
    Ok(cases)
}

/// Loads every corpus version, wild page and seed under `shared`.
pub fn load_cases(shared: &Path) -> Result<Vec<Case>> {
    let mut cases = load_sites(&shared.join("corpus"), &["v1", "v2", "v3"], |slug| {
        if ORIGINAL_SITES.contains(&slug) {
            Set::Original
        } else {
            Set::Added
        }
    })?;
    let originals = cases.iter().filter(|c| c.set == Set::Original).count();
    anyhow::ensure!(
        originals == ORIGINAL_SITES.len() * 3,
        "expected 48 page versions of the 16 original corpus sites, found {originals}"
    );
    cases.extend(load_sites(&shared.join("wild"), &["v1"], |_| Set::Wild)?);
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
        let exp = read_json(&exp_path)?;
        let ev = exp
            .get("v1")
            .with_context(|| format!("{}: no v1", exp_path.display()))?;
        let path = ["md", "html"]
            .iter()
            .map(|ext| seeds.join(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .with_context(|| format!("{}: its page is missing", exp_path.display()))?;
        let body = std::fs::read_to_string(&path)?;
        cases.push(Case {
            name: format!("seed/{stem}"),
            site: stem,
            set: Set::Seed,
            family: family("seed"),
            path,
            body,
            expected: parse_expected(ev),
        });
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
    pub fn f1(&self) -> f64 {
        fraction(2 * self.matched, self.extracted + self.expected)
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
    /// Matched publications with an expected `group` whose extracted group
    /// corresponds to it (see [`group_score`]).
    pub groups: Ratio,
    /// Human-readable misses and extras, for finding what to fix.
    pub problems: Vec<String>,
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        self.news.add(o.news);
        self.publications.add(o.publications);
        self.dates.add(o.dates);
        self.titles.add(o.titles);
        self.groups.add(o.groups);
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

/// Group labels are descriptive (MANIFEST: "do not require exact group
/// strings"), so what is scored is the partition: each expected group maps
/// to the extracted label most of its items carry, and an item is right
/// when it carries its group's label and no other expected group claimed
/// that label. Items the page does not group are not scored.
fn group_score(pairs: &[(&str, Option<&str>)]) -> (Ratio, Vec<String>) {
    use std::collections::BTreeMap;
    let mut votes: BTreeMap<&str, BTreeMap<Option<&str>, usize>> = BTreeMap::new();
    for (want, got) in pairs {
        *votes.entry(want).or_default().entry(*got).or_default() += 1;
    }
    let mut label: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    let mut claimed: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for (want, v) in &votes {
        let best = v
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(g, _)| *g)
            .unwrap_or(None);
        label.insert(want, best);
        *claimed.entry(best).or_default() += 1;
    }
    let mut r = Ratio::default();
    let mut problems = Vec::new();
    for (want, got) in pairs {
        r.total += 1;
        let l = label[want];
        if l.is_some() && *got == l && claimed[&l] == 1 {
            r.ok += 1;
        } else {
            problems.push(format!("group {got:?} for expected {want:?}"));
        }
    }
    problems.sort();
    problems.dedup();
    (r, problems)
}

/// Scores one extracted page against its ground truth.
pub fn score(page: &ExtractedPage, exp: &Expected) -> Score {
    let mut s = Score::default();
    for u in &page.unrecognised {
        s.problems.push(format!(
            "flagged: {} heading {:?} with no items (suggestion {:?})",
            u.kind, u.heading, u.suggestion
        ));
    }
    // News: the normalised date + text must be a prefix of the item's
    // normalised text; or, when the item's date label is not where its
    // text starts (a card's "Posted Aug 27, 2025" line after the summary),
    // the text must be a prefix of what is left once the label is taken out.
    let news: Vec<&ExtractedItem> = page.items(SectionKind::News).collect();
    let news_norm: Vec<String> = news.iter().map(|i| norm(&i.text)).collect();
    let unlabelled: Vec<Option<String>> = news
        .iter()
        .map(|i| {
            let label = i.date_text.as_deref()?;
            let at = i.text.find(label)?;
            Some(norm(&format!(
                "{}{}",
                &i.text[..at],
                &i.text[at + label.len()..]
            )))
        })
        .collect();
    let mut used = vec![false; news.len()];
    for e in &exp.news {
        let want = norm(&format!("{} {}", e.date, e.text));
        let want_text = norm(&e.text);
        let hit = (0..news.len()).find(|&k| {
            !used[k]
                && (news_norm[k].starts_with(&want)
                    || (!e.date.is_empty()
                        && unlabelled[k]
                            .as_deref()
                            .is_some_and(|u| u.starts_with(&want_text))))
        });
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
    // An item outside any sub-group sits in its section's group: the
    // expected groups name the section ("Selected Publications",
    // "Highlights") where the page has no finer grouping.
    let pub_groups: Vec<&str> = page
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Publications)
        .flat_map(|s| {
            s.items
                .iter()
                .map(|i| i.group.as_deref().unwrap_or(s.heading.as_str()))
        })
        .collect();
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
    let mut grouped: Vec<(&str, Option<&str>)> = Vec::new();
    for e in &exp.publications {
        match find(&e.title, &mut used) {
            Some(k) => {
                if let Some(g) = e.group.as_deref() {
                    grouped.push((g, Some(pub_groups[k])));
                }
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
    let (groups, problems) = group_score(&grouped);
    s.groups = groups;
    s.problems.extend(problems);
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

/// The synthetic URL a case is extracted at: its file name keeps the
/// extension, so format detection sees what the pipeline would.
pub fn case_url(case: &Case) -> Url {
    let file = case
        .path
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("index.html");
    Url::parse(&format!(
        "https://example.org/{}/{file}",
        case.name.replace('/', "-")
    ))
    .expect("a valid synthetic URL")
}

/// Extracts one case the way the pipeline would (format detected from the file name).
pub fn extract_case(case: &Case) -> ExtractedPage {
    let url = case_url(case);
    let format = detect_format(None, &url, &case.body);
    extract(&case.body, format, &url, &Overrides::default())
}

/// Scores for every case.
pub struct Report {
    pub rows: Vec<(Case, Score)>,
}

pub fn run(shared: &Path) -> Result<Report> {
    let cases = load_cases(shared)?;
    let rows = cases
        .into_iter()
        .map(|case| {
            let page = extract_case(&case);
            let s = score(&page, &case.expected);
            (case, s)
        })
        .collect();
    Ok(Report { rows })
}

const HEADER: [&str; 11] = [
    "news m/x/e",
    "P",
    "R",
    "F1",
    "pubs m/x/e",
    "P",
    "R",
    "F1",
    "date",
    "title",
    "group",
];

fn row(out: &mut String, name: &str, s: &Score) {
    let _ = writeln!(
        out,
        "{:<44} {:>13} {:>6.3} {:>6.3} {:>6.3} {:>13} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
        name,
        format!(
            "{}/{}/{}",
            s.news.matched, s.news.extracted, s.news.expected
        ),
        s.news.precision(),
        s.news.recall(),
        s.news.f1(),
        format!(
            "{}/{}/{}",
            s.publications.matched, s.publications.extracted, s.publications.expected
        ),
        s.publications.precision(),
        s.publications.recall(),
        s.publications.f1(),
        s.dates.value(),
        s.titles.value(),
        s.groups.value(),
    );
}

fn header(out: &mut String, first: &str) {
    let _ = write!(out, "{first:<44}");
    for (i, h) in HEADER.iter().enumerate() {
        let w = if i == 0 || i == 4 { 13 } else { 6 };
        let _ = write!(out, " {h:>w$}");
    }
    out.push('\n');
}

impl Report {
    /// The summed score of the rows `keep` selects.
    pub fn total_where(&self, keep: impl Fn(&Case) -> bool) -> Score {
        let mut t = Score::default();
        for (c, s) in &self.rows {
            if keep(c) {
                t.add(s);
            }
        }
        t
    }

    /// Every page (corpus, wild and seeds).
    pub fn total(&self) -> Score {
        self.total_where(|_| true)
    }

    /// The ratchet's first level: the 16 original corpus sites.
    pub fn original(&self) -> Score {
        self.total_where(|c| c.set == Set::Original)
    }

    /// The totals per level, printed under every table.
    pub fn totals(&self) -> String {
        let mut out = String::new();
        for (name, set) in [
            ("original 16 corpus sites", Some(Set::Original)),
            ("10 added corpus sites", Some(Set::Added)),
            ("wild (11 pages)", Some(Set::Wild)),
            ("seeds", Some(Set::Seed)),
            ("TOTAL", None),
        ] {
            row(
                &mut out,
                name,
                &self.total_where(|c| set.is_none_or(|s| c.set == s)),
            );
        }
        out
    }

    /// The per-page table and totals, as printed by `cargo run --example eval`.
    pub fn table(&self, verbose: bool) -> String {
        let mut out = String::new();
        header(&mut out, "page");
        for (case, s) in &self.rows {
            row(&mut out, &case.name, s);
            if verbose {
                for p in &s.problems {
                    let _ = writeln!(out, "    {p}");
                }
            }
        }
        out.push('\n');
        out.push_str(&self.totals());
        out
    }

    /// One row per template family (`--by-family`), then the totals.
    pub fn family_table(&self) -> String {
        let mut families: Vec<&str> = self.rows.iter().map(|(c, _)| c.family).collect();
        families.sort_unstable();
        families.dedup();
        let mut out = String::new();
        header(&mut out, "family (sites, pages)");
        for f in families {
            let mut sites: Vec<&str> = self
                .rows
                .iter()
                .filter(|(c, _)| c.family == f)
                .map(|(c, _)| c.site.as_str())
                .collect();
            let pages = sites.len();
            sites.dedup();
            row(
                &mut out,
                &format!("{f} ({}, {pages})", sites.len()),
                &self.total_where(|c| c.family == f),
            );
        }
        out.push('\n');
        out.push_str(&self.totals());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scholarfeed::model::{ExtractedSection, Format};

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
            unrecognised: vec![],
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
