//! Matching: which of a crawl's items continues which stored item, decided
//! from the items alone (no SQL, no clock), so it is tested without a
//! database and `sync` only writes what it decides.
//!
//! Matching runs in three passes over the items not yet paired, each more
//! lenient than the last, so an exact match is never stolen by a fuzzy one:
//!
//! 1. **Exact**: same `match_key` (hash of the normalised identity text, see
//!    `identity`). Duplicate texts on one page get an ordinal (`#2`), so a
//!    conference and a journal version with the same title stay two items.
//! 2. **Shared link**: a link that only one item on the page carries and
//!    only one unpaired stored item carries (arXiv/DOI variants folded).
//!    Publications are renamed far more often than their links change. For
//!    news a link alone is weak (several news lines cite one paper), so news
//!    also needs some textual similarity.
//! 3. **Fuzzy**: trigram similarity of the body text, best pairs first.
//!    Thresholds (chosen on the corpus edits, see `FUZZY_*`): a reworded
//!    news line keeps most of its trigrams; two different news lines of one
//!    person share little beyond boilerplate such as "our paper ... accepted".
//!
//! Removed stored items are candidates in every pass like live ones.

use std::collections::{HashMap, HashSet};

use super::identity::{
    body_text, body_text_of, distinctive_tokens, identity_of, names_conflict, normalize_link,
    normalize_text, overlap_of, similarity, similarity_of, trigrams,
};
use crate::model::{ExtractedItem, SectionKind, short_hash};

/// News: two lines are the same item when this similar (trigram Dice) and
/// no name was swapped for another (`identity::names_conflict`)...
const FUZZY_NEWS: f64 = 0.62;
/// ...or, under the same date label, when this similar...
const FUZZY_NEWS_SAME_DATE: f64 = 0.45;
/// ...or when the shorter text is this much contained in the longer one
/// (an appended clause). Calibrated on the corpus edits: the lowest real
/// same-date edit scores Dice 0.35 / overlap 0.55, while the closest dated
/// non-pairs are told apart by a swapped name, not by similarity.
const OVERLAP_NEWS_SAME_DATE: f64 = 0.5;
/// Publications: title similarity (retitles keep most of the words).
const FUZZY_TITLE: f64 = 0.72;
/// Publications without titles, compared on the whole citation text.
const FUZZY_PUB_TEXT: f64 = 0.75;
/// News lines paired by a shared link still need this much in common.
const LINK_NEWS_MIN_SIMILARITY: f64 = 0.3;
/// Up to this many unpaired (fresh, stored) pairs the fuzzy pass compares
/// them all; beyond, it compares each fresh item only with its likeliest
/// stored items (`fuzzy_candidates`), so a page with thousands of edited
/// lines still pairs them up (it used to skip the pass and announce every
/// edited line as new and its old version as removed).
const FUZZY_MAX_PAIRS: usize = 250_000;

/// What matching reads of a stored item.
pub(super) struct Known {
    pub(super) match_key: String,
    pub(super) text: String,
    pub(super) date_text: Option<String>,
    body: String,
    title_norm: Option<String>,
    links: HashSet<String>,
}

impl Known {
    /// A stored item as matching sees it, from its stored fields.
    pub(super) fn new(
        match_key: String,
        text: String,
        title: Option<&str>,
        date_text: Option<String>,
        links: &[String],
    ) -> Known {
        Known {
            match_key,
            body: body_text_of(&text, date_text.as_deref()),
            title_norm: title.map(normalize_text),
            text,
            date_text,
            links: links.iter().filter_map(|l| normalize_link(l)).collect(),
        }
    }
}

/// A crawl's item with its identity key and what matching reads of it.
pub(super) struct Fresh<'a> {
    pub(super) item: &'a ExtractedItem,
    pub(super) match_key: String,
    body: String,
    title_norm: Option<String>,
    links: HashSet<String>,
}

/// The fresh items with their keys. What only a match against stored
/// items reads (links, normalised titles) is left empty when there is
/// nothing to match (a first crawl): normalising every link cost a cold
/// sync a tenth of its instructions.
pub(super) fn fresh_items<'a>(
    kind: SectionKind,
    items: &[&'a ExtractedItem],
    matching: bool,
) -> Vec<Fresh<'a>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .map(|it| {
            let body = body_text(it);
            let base = short_hash(&identity_of(kind, it.title.as_deref(), &body));
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let match_key = if *n == 1 { base } else { format!("{base}#{n}") };
            Fresh {
                item: it,
                match_key,
                body,
                title_norm: it.title.as_deref().filter(|_| matching).map(normalize_text),
                links: if matching {
                    it.links.iter().filter_map(|l| normalize_link(l)).collect()
                } else {
                    HashSet::new()
                },
            }
        })
        .collect()
}

/// For each fresh item, the index of the stored item it continues, if any.
pub(super) fn match_items(
    kind: SectionKind,
    fresh: &[Fresh<'_>],
    stored: &[&Known],
) -> Vec<Option<usize>> {
    let mut pair: Vec<Option<usize>> = vec![None; fresh.len()];
    if stored.is_empty() {
        // A first crawl (`fresh_items` left out what matching reads).
        return pair;
    }
    let mut taken = vec![false; stored.len()];

    // 1. exact
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in stored.iter().enumerate() {
        by_key.entry(s.match_key.as_str()).or_default().push(i);
    }
    for (fi, f) in fresh.iter().enumerate() {
        if let Some(cands) = by_key.get(f.match_key.as_str())
            && let Some(&si) = cands.iter().find(|&&si| !taken[si])
        {
            pair[fi] = Some(si);
            taken[si] = true;
        }
    }

    // 2. a link unique to one fresh and one unpaired stored item
    let mut link_owners: HashMap<&str, usize> = HashMap::new();
    for f in fresh {
        for l in &f.links {
            *link_owners.entry(l.as_str()).or_insert(0) += 1;
        }
    }
    // Stored items by link, so each fresh item looks only at the stored
    // items that share one of its links (a scan of all was quadratic).
    let mut stored_by_link: HashMap<&str, Vec<usize>> = HashMap::new();
    for (si, s) in stored.iter().enumerate() {
        for l in &s.links {
            stored_by_link.entry(l.as_str()).or_default().push(si);
        }
    }
    for fi in 0..fresh.len() {
        if pair[fi].is_some() {
            continue;
        }
        let f = &fresh[fi];
        let mut cands: Vec<usize> = f
            .links
            .iter()
            .filter(|l| link_owners.get(l.as_str()) == Some(&1))
            .filter_map(|l| stored_by_link.get(l.as_str()))
            .flatten()
            .copied()
            .filter(|&si| !taken[si])
            .collect();
        cands.sort_unstable();
        cands.dedup();
        if let [si] = cands[..] {
            let ok = kind == SectionKind::Publications
                || similarity(&f.body, &stored[si].body) >= LINK_NEWS_MIN_SIMILARITY;
            if ok {
                pair[fi] = Some(si);
                taken[si] = true;
            }
        }
    }

    // 3. fuzzy, best pairs first
    let open_f: Vec<usize> = (0..fresh.len()).filter(|&i| pair[i].is_none()).collect();
    let open_s: Vec<usize> = (0..stored.len()).filter(|&i| !taken[i]).collect();
    if open_f.is_empty() || open_s.is_empty() {
        return pair;
    }
    // Every pair while that is cheap (the usual case: a few edits); beyond,
    // only the stored items sharing the most rare words and word pairs with
    // each fresh item, so 20,000 edited lines pair up as surely as 20.
    let candidates = (open_f.len().saturating_mul(open_s.len()) > FUZZY_MAX_PAIRS)
        .then(|| fuzzy_candidates(fresh, stored, &open_f, &open_s));
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    // Name tokens only for the items that got this far: most items match
    // exactly, and this is the store's serial path.
    let names = |text: &str, date: Option<&str>| match kind {
        SectionKind::News => distinctive_tokens(text, date),
        SectionKind::Publications => Vec::new(),
    };
    let f_names: Vec<Vec<String>> = open_f
        .iter()
        .map(|&fi| names(&fresh[fi].item.text, fresh[fi].item.date_text.as_deref()))
        .collect();
    let s_names: Vec<Vec<String>> = open_s
        .iter()
        .map(|&si| names(&stored[si].text, stored[si].date_text.as_deref()))
        .collect();
    // Trigrams once per item, not once per comparison.
    let f_grams: Vec<Grams> = open_f
        .iter()
        .map(|&fi| Grams::of(&fresh[fi].body, fresh[fi].title_norm.as_deref()))
        .collect();
    let s_grams: Vec<Grams> = open_s
        .iter()
        .map(|&si| Grams::of(&stored[si].body, stored[si].title_norm.as_deref()))
        .collect();
    for (a, &fi) in open_f.iter().enumerate() {
        let bs: Box<dyn Iterator<Item = usize>> = match &candidates {
            None => Box::new(0..open_s.len()),
            Some(c) => Box::new(c[a].iter().copied()),
        };
        for b in bs {
            let si = open_s[b];
            let pair_names = (&f_names[a][..], &s_names[b][..]);
            let grams = (&f_grams[a], &s_grams[b]);
            if let Some(score) = fuzzy_score(kind, &fresh[fi], stored[si], grams, pair_names) {
                scored.push((score, fi, si));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, fi, si) in scored {
        if pair[fi].is_none() && !taken[si] {
            pair[fi] = Some(si);
            taken[si] = true;
        }
    }
    pair
}

/// Stored items compared with each fresh item when comparing every pair is
/// too much: the ones sharing the most rare tokens.
const FUZZY_CANDIDATES: usize = 10;
/// A token held by more unpaired stored items than this says little about
/// which one is the same item (and would cost a scan of them all).
const FUZZY_TOKEN_MAX_OWNERS: usize = 64;

/// For each of `open_f`, indices into `open_s` worth scoring. Tokens are the
/// words and adjacent word pairs of the normalised text; a pair similar
/// enough to match (at least 45% of their trigrams in common) shares many
/// of them. Tokens too common to tell items apart are skipped, and the
/// stored items sharing the most of the rest are kept. A fresh item with no
/// usable token is compared with every unpaired stored item, within the
/// overall [`FUZZY_MAX_PAIRS`] budget.
fn fuzzy_candidates(
    fresh: &[Fresh<'_>],
    stored: &[&Known],
    open_f: &[usize],
    open_s: &[usize],
) -> Vec<Vec<usize>> {
    fn tokens(text: &str) -> HashSet<String> {
        let norm = normalize_text(text);
        let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
        let mut out: HashSet<String> = words.iter().map(|w| (*w).to_string()).collect();
        out.extend(words.windows(2).map(|w| format!("{} {}", w[0], w[1])));
        out
    }
    let mut owners: HashMap<String, Vec<u32>> = HashMap::new();
    for (b, &si) in open_s.iter().enumerate() {
        let b = u32::try_from(b).unwrap_or(u32::MAX);
        for t in tokens(&stored[si].body) {
            owners.entry(t).or_default().push(b);
        }
    }
    let mut counts = vec![0u32; open_s.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut fallback_budget = FUZZY_MAX_PAIRS;
    open_f
        .iter()
        .map(|&fi| {
            for t in tokens(&fresh[fi].body) {
                if let Some(list) = owners.get(&t).filter(|l| l.len() <= FUZZY_TOKEN_MAX_OWNERS) {
                    for &b in list {
                        let b = b as usize;
                        if counts[b] == 0 {
                            touched.push(b);
                        }
                        counts[b] += 1;
                    }
                }
            }
            if touched.is_empty() {
                if fallback_budget < open_s.len() {
                    return Vec::new();
                }
                fallback_budget -= open_s.len();
                return (0..open_s.len()).collect();
            }
            touched.sort_unstable_by_key(|&b| (std::cmp::Reverse(counts[b]), b));
            let keep: Vec<usize> = touched.iter().take(FUZZY_CANDIDATES).copied().collect();
            for &b in &touched {
                counts[b] = 0;
            }
            touched.clear();
            keep
        })
        .collect()
}

/// The similarity of a candidate pair if it clears its threshold.
/// An item's trigrams, for [`fuzzy_score`].
struct Grams {
    body: Vec<[char; 3]>,
    title: Option<Vec<[char; 3]>>,
}

impl Grams {
    fn of(body: &str, title: Option<&str>) -> Grams {
        Grams {
            body: trigrams(body),
            title: title.map(trigrams),
        }
    }
}

fn fuzzy_score(
    kind: SectionKind,
    f: &Fresh<'_>,
    s: &Known,
    (fg, sg): (&Grams, &Grams),
    (f_names, s_names): (&[String], &[String]),
) -> Option<f64> {
    match kind {
        SectionKind::Publications => {
            if let (Some(a), Some(b), Some(ta), Some(tb)) =
                (&f.title_norm, &s.title_norm, &fg.title, &sg.title)
            {
                let t = similarity_of(a, ta, b, tb);
                return (t >= FUZZY_TITLE).then_some(t);
            }
            let t = similarity_of(&f.body, &fg.body, &s.body, &sg.body);
            (t >= FUZZY_PUB_TEXT).then_some(t)
        }
        SectionKind::News => {
            let t = similarity_of(&f.body, &fg.body, &s.body, &sg.body);
            let same_date = f
                .item
                .date_text
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty())
                && f.item.date_text.as_deref().map(normalize_text)
                    == s.date_text.as_deref().map(normalize_text);
            if names_conflict(f_names, s_names, same_date) {
                return None;
            }
            if same_date {
                let o = overlap_of(&fg.body, &sg.body);
                (t >= FUZZY_NEWS_SAME_DATE || o >= OVERLAP_NEWS_SAME_DATE).then_some(t.max(o))
            } else {
                (t >= FUZZY_NEWS).then_some(t)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::fixtures::news;

    fn paper(title: &str, rest: &str, links: &[&str]) -> ExtractedItem {
        ExtractedItem {
            text: format!("{title}. {rest}"),
            title: Some(title.into()),
            ..news("", None, links)
        }
    }

    /// `items` as they would be stored after a crawl that found them.
    fn stored(kind: SectionKind, items: &[ExtractedItem]) -> Vec<Known> {
        let refs: Vec<&ExtractedItem> = items.iter().collect();
        fresh_items(kind, &refs, false)
            .into_iter()
            .map(|f| {
                let it = f.item;
                Known::new(
                    f.match_key,
                    it.text.clone(),
                    it.title.as_deref(),
                    it.date_text.clone(),
                    &it.links,
                )
            })
            .collect()
    }

    /// The pairs `now` makes with what `before` stored.
    fn pairs(
        kind: SectionKind,
        before: &[ExtractedItem],
        now: &[ExtractedItem],
    ) -> Vec<Option<usize>> {
        let known = stored(kind, before);
        let known: Vec<&Known> = known.iter().collect();
        let refs: Vec<&ExtractedItem> = now.iter().collect();
        match_items(kind, &fresh_items(kind, &refs, true), &known)
    }

    #[test]
    fn an_exact_match_is_never_taken_by_a_fuzzy_one() {
        let a = news(
            "2025.05: Paper on KV caches accepted to ACL 2025.",
            Some("2025.05"),
            &[],
        );
        let b = news(
            "2025.05: Paper on KV caches accepted to ACL 2025!",
            Some("2025.05"),
            &[],
        );
        // `b` is identical to `a` once normalised: it pairs exactly, and
        // an edited line next to it pairs with what is left.
        let edited = news(
            "2025.05: Paper on KV caches accepted to ACL 2025 as an oral.",
            Some("2025.05"),
            &[],
        );
        assert_eq!(
            pairs(
                SectionKind::News,
                std::slice::from_ref(&a),
                &[edited.clone(), b]
            ),
            [None, Some(0)]
        );
        assert_eq!(pairs(SectionKind::News, &[a], &[edited]), [Some(0)]);
    }

    #[test]
    fn a_shared_link_pairs_a_renamed_paper_but_not_an_unrelated_news_line() {
        let before = [paper(
            "Scaling Laws for Tiny Models",
            "arXiv",
            &["https://arxiv.org/abs/2401.00001"],
        )];
        let now = [paper(
            "Completely New Name for the Same Work",
            "CVPR 2026",
            &["https://arxiv.org/pdf/2401.00001v3"],
        )];
        assert_eq!(pairs(SectionKind::Publications, &before, &now), [Some(0)]);

        let link = "https://arxiv.org/abs/2401.00001";
        let before = [news(
            "2025.01: Our paper is on arXiv.",
            Some("2025.01"),
            &[link],
        )];
        let now = [news(
            "2025.09: Gave an invited talk at the Vision Workshop.",
            Some("2025.09"),
            &[link],
        )];
        assert_eq!(pairs(SectionKind::News, &before, &now), [None]);
    }

    #[test]
    fn duplicate_titles_get_ordinals_and_pair_in_order() {
        let items = [
            paper("Same Title Twice Here", "CVPR", &[]),
            paper("Same Title Twice Here", "TPAMI", &[]),
        ];
        let refs: Vec<&ExtractedItem> = items.iter().collect();
        let fresh = fresh_items(SectionKind::Publications, &refs, true);
        assert_eq!(fresh[1].match_key, format!("{}#2", fresh[0].match_key));
        assert_eq!(
            pairs(SectionKind::Publications, &items, &items),
            [Some(0), Some(1)]
        );
    }

    #[test]
    fn nothing_stored_pairs_nothing_and_skips_what_only_matching_reads() {
        let items = [paper(
            "Scaling Laws for Tiny Models",
            "arXiv",
            &["https://arxiv.org/abs/2401.00001"],
        )];
        let refs: Vec<&ExtractedItem> = items.iter().collect();
        let fresh = fresh_items(SectionKind::Publications, &refs, false);
        assert!(fresh[0].links.is_empty() && fresh[0].title_norm.is_none());
        assert_eq!(pairs(SectionKind::Publications, &[], &items), [None]);
    }

    /// `n` distinct news lines over a small vocabulary, so that words
    /// repeat across lines as on a real page.
    fn many_lines(n: usize, suffix: &str) -> Vec<ExtractedItem> {
        let vocab: Vec<String> = (0..200)
            .map(|i| format!("w{}x{}", i * 7919 % 1000, i))
            .collect();
        let mut rng = fastrand::Rng::with_seed(7);
        (0..n)
            .map(|i| {
                let date = format!("2025.{:02}", 1 + i % 12);
                let words: Vec<&str> = (0..12).map(|_| vocab[rng.usize(..200)].as_str()).collect();
                let text = format!("{date}: {}{suffix}", words.join(" "));
                ExtractedItem {
                    links: vec![],
                    html: String::new(),
                    ..news(&text, Some(&date), &[])
                }
            })
            .collect()
    }

    #[test]
    fn thousands_of_edited_lines_are_paired_not_new() {
        // Past FUZZY_MAX_PAIRS the fuzzy pass used to be skipped: " (oral)"
        // appended to 600 lines was announced as 600 new and 600 removed.
        for n in [600, 20_000] {
            let p = pairs(
                SectionKind::News,
                &many_lines(n, ""),
                &many_lines(n, " (oral)"),
            );
            assert_eq!(p.iter().flatten().count(), n, "{n} lines");
            let mut seen = p.iter().flatten().collect::<Vec<_>>();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), n, "{n} lines: each stored item once");
        }
    }
}
