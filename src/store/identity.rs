//! Item identity: what makes two sightings of a news line or a paper "the
//! same item", across crawls, reorderings and small edits.
//!
//! Keys are SHA-256 based (stable across Rust versions and machines, unlike
//! `DefaultHasher`), truncated to 64 bits: collisions inside one source and
//! section are what matter, and at a few thousand items per source the
//! chance is negligible. Normalisation folds everything a human would not
//! call a change: case, punctuation, emoji, spacing and the date label.

use crate::model::{ExtractedItem, SectionKind};

/// CJK Unified Ideographs: every one a letter with no case.
const CJK_IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

/// Letters and digits only, lowercased, words separated by one space.
/// This is the corpus scoring rule too, so identity agrees with what a
/// reader would call "the same text".
pub fn normalize_text(s: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut pending_space = false;
    let word = |out: &mut Vec<u8>, pending_space: &mut bool| {
        if *pending_space && !out.is_empty() {
            out.push(b' ');
        }
        *pending_space = false;
    };
    // ASCII (most of any page) byte by byte: `char::to_lowercase` and
    // `is_alphanumeric` on every character were a third of a cold sync's
    // instructions.
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                word(&mut out, &mut pending_space);
                out.push(b.to_ascii_lowercase());
            } else {
                pending_space = true;
            }
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("i is on a character boundary");
        if CJK_IDEOGRAPHS.contains(&c) {
            // Letters without case, and the rest of the non-ASCII text on
            // the corpus's Chinese pages: `is_alphanumeric` looks each one
            // up in Unicode's tables (a test holds the range to them).
            word(&mut out, &mut pending_space);
            out.extend_from_slice(&bytes[i..i + c.len_utf8()]);
        } else if c.is_alphanumeric() {
            word(&mut out, &mut pending_space);
            for l in c.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
            }
        } else {
            pending_space = true;
        }
        i += c.len_utf8();
    }
    String::from_utf8(out).expect("built from whole characters")
}

/// The item's text without its date label, normalised. A news line whose
/// date is reformatted ("05/19/2025" -> "May 19, 2025") keeps its identity.
pub fn body_text(item: &ExtractedItem) -> String {
    body_text_of(&item.text, item.date_text.as_deref())
}

/// [`body_text`] for text and label held elsewhere (stored items).
pub fn body_text_of(text: &str, date_text: Option<&str>) -> String {
    let text = normalize_text(text);
    if let Some(label) = date_text {
        let label = normalize_text(label);
        if !label.is_empty() {
            if let Some(rest) = text.strip_prefix(&label) {
                return rest.trim_start().to_string();
            }
            if let Some(rest) = text.strip_suffix(&label) {
                return rest.trim_end().to_string();
            }
        }
    }
    text
}

/// The text an item is matched on exactly: a publication by its title (the
/// venue and author list around it change as a paper is published), news by
/// its body text.
pub fn identity_text(kind: SectionKind, item: &ExtractedItem) -> String {
    identity_of(kind, item.title.as_deref(), &body_text(item))
}

/// [`identity_text`] from an already computed [`body_text`], so callers that
/// need both normalise the text once.
pub fn identity_of(kind: SectionKind, title: Option<&str>, body: &str) -> String {
    if kind == SectionKind::Publications
        && let Some(t) = title.map(normalize_text).filter(|t| t.len() >= 8)
    {
        return format!("t:{t}");
    }
    format!("x:{body}")
}

/// Canonical form of a link for comparison: the scheme, `www.`, a trailing
/// slash, fragments and tracking parameters are not part of what a link
/// points at; arXiv abs/pdf/version variants and DOI resolvers all name one
/// paper.
pub fn normalize_link(link: &str) -> Option<String> {
    let url = url::Url::parse(link).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    let path = url.path().trim_end_matches('/');
    if host == "arxiv.org" || host == "export.arxiv.org" {
        let id = path
            .trim_start_matches("/abs/")
            .trim_start_matches("/pdf/")
            .trim_end_matches(".pdf");
        let id = match id.rfind('v') {
            Some(i)
                if i > 0 && id[i + 1..].chars().all(|c| c.is_ascii_digit()) && i + 1 < id.len() =>
            {
                &id[..i]
            }
            _ => id,
        };
        if id.contains('.') || id.contains('/') {
            return Some(format!("arxiv:{}", id.trim_start_matches('/')));
        }
    }
    if host == "doi.org" || host == "dx.doi.org" {
        return Some(format!(
            "doi:{}",
            path.trim_start_matches('/').to_ascii_lowercase()
        ));
    }
    let query: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && k != "fbclid" && k != "ref")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut out = format!("{host}{path}");
    if !query.is_empty() {
        out.push('?');
        let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push_str(&q.join("&"));
    }
    Some(out)
}

/// Similarity of two normalised texts in [0, 1]: the Dice coefficient of
/// their character trigram multisets. Trigrams tolerate reworded clauses
/// and typo fixes far better than word sets, and need no language rules
/// (the corpus has English, Chinese and mixed text).
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    similarity_of(a, &trigrams(a), b, &trigrams(b))
}

/// [`similarity`] with each side's [`trigrams`] computed once by the
/// caller, who compares one text with many.
pub fn similarity_of(a: &str, ta: &[[char; 3]], b: &str, tb: &[[char; 3]]) -> f64 {
    if a == b {
        return 1.0;
    }
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    2.0 * ratio(common(ta, tb), ta.len() + tb.len())
}

/// Share of the shorter text's trigrams found in the longer one, in [0, 1].
/// An edit that appends a clause ("intern at Amazon" -> "intern at Amazon
/// Web Services, working on ...") keeps the short text's trigrams while the
/// Dice coefficient halves.
pub fn overlap(a: &str, b: &str) -> f64 {
    overlap_of(&trigrams(a), &trigrams(b))
}

/// [`overlap`] of precomputed [`trigrams`].
pub fn overlap_of(ta: &[[char; 3]], tb: &[[char; 3]]) -> f64 {
    let min = ta.len().min(tb.len());
    if min == 0 {
        return 0.0;
    }
    ratio(common(ta, tb), min)
}

/// Counts here are trigrams of one item's text, far below 2^32, so they
/// convert to f64 exactly; a larger one would saturate, not wrap.
fn ratio(num: usize, den: usize) -> f64 {
    let f = |n: usize| f64::from(u32::try_from(n).unwrap_or(u32::MAX));
    f(num) / f(den)
}

fn common(ta: &[[char; 3]], tb: &[[char; 3]]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0usize);
    while i < ta.len() && j < tb.len() {
        match ta[i].cmp(&tb[j]) {
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    n
}

/// Tokens that name something: acronyms and mixed-case names (ICLR,
/// China3DV, NeurIPS, BabyVision) and numbers. Lowercased for comparison.
/// The date label is removed first: it is compared on its own.
pub fn distinctive_tokens(text: &str, date_text: Option<&str>) -> Vec<String> {
    let text = match date_text {
        Some(d) if !d.is_empty() => text.replacen(d, " ", 1),
        _ => text.to_string(),
    };
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| {
            t.chars().count() >= 2
                && (t.chars().any(|c| c.is_ascii_digit())
                    || t.chars().skip(1).any(char::is_uppercase))
        })
        .map(str::to_lowercase)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether two texts name different things: each has a distinctive token
/// the other lacks ("accepted to ICLR 2026" vs "accepted to ICML 2026",
/// "talk at China3DV" vs "talk at Mini3DV"). Real edits reword around the
/// names, or add some, but do not swap one for another. With
/// `years_may_change`, a swapped year alone is not a conflict (a corrected
/// "ICLR 2023" -> "ICLR 2024" under an unchanged date label).
pub fn names_conflict(a: &[String], b: &[String], years_may_change: bool) -> bool {
    let is_year = |t: &String| {
        t.len() == 4 && t.starts_with(['1', '2']) && t.chars().all(|c| c.is_ascii_digit())
    };
    let only = |x: &[String], y: &[String]| {
        x.iter()
            .any(|t| !(y.contains(t) || years_may_change && is_year(t)))
    };
    only(a, b) && only(b, a)
}

/// The sorted character trigrams (whitespace ignored) the similarity
/// measures compare.
pub fn trigrams(s: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 3 {
        return if chars.is_empty() {
            Vec::new()
        } else {
            vec![[chars[0], *chars.get(1).unwrap_or(&' '), ' ']]
        };
    }
    let mut v: Vec<[char; 3]> = chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, date: Option<&str>) -> ExtractedItem {
        ExtractedItem {
            text: text.into(),
            date_text: date.map(Into::into),
            date: None,
            title: None,
            links: vec![],
            group: None,
            html: String::new(),
        }
    }

    #[test]
    fn normalisation_folds_case_punctuation_and_emoji() {
        assert_eq!(
            normalize_text("🎉 Our paper, “KVPR”, is ACCEPTED!!"),
            "our paper kvpr is accepted"
        );
        assert_eq!(normalize_text("新闻：论文被接收"), "新闻 论文被接收");
        // The ASCII fast path agrees with the rule char by char.
        let by_char = |s: &str| {
            let mut out = String::new();
            let mut pending_space = false;
            for c in s.chars() {
                if c.is_alphanumeric() {
                    if pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.extend(c.to_lowercase());
                } else {
                    pending_space = true;
                }
            }
            out
        };
        for c in CJK_IDEOGRAPHS {
            assert!(c.is_alphanumeric() && c.to_lowercase().eq([c]), "{c:?}");
        }
        for s in [
            "",
            "  ",
            "A",
            "ÉCOLE Normale, Zürich: İstanbul ǅ ΣΑΣ",
            "2025-05-19 — Paper “X” accepted at NeurIPS'25!! 🎉🎉 end.",
            "日本語とEnglish混在 text",
            "\u{0}\u{7f}ascii\tcontrol\u{85}next",
        ] {
            assert_eq!(normalize_text(s), by_char(s), "{s:?}");
        }
    }

    #[test]
    fn date_label_is_not_part_of_identity() {
        let a = item("05/19/2025: Joined Microsoft.", Some("05/19/2025"));
        let b = item("[May 2025] Joined Microsoft", Some("May 2025"));
        assert_eq!(body_text(&a), body_text(&b));
        assert_eq!(
            identity_text(SectionKind::News, &a),
            identity_text(SectionKind::News, &b)
        );
    }

    #[test]
    fn arxiv_and_doi_variants_are_one_link() {
        let a = normalize_link("https://arxiv.org/abs/2411.17089v2").unwrap();
        let b = normalize_link("http://arxiv.org/pdf/2411.17089.pdf").unwrap();
        let c = normalize_link("https://www.arxiv.org/abs/2411.17089/").unwrap();
        assert_eq!(a, "arxiv:2411.17089");
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(
            normalize_link("https://doi.org/10.1145/ABC.123").unwrap(),
            normalize_link("http://dx.doi.org/10.1145/abc.123").unwrap()
        );
        assert_eq!(
            normalize_link("https://example.org/p/?utm_source=x#top").unwrap(),
            normalize_link("http://www.example.org/p").unwrap()
        );
        assert_eq!(normalize_link("mailto:a@b.c"), None);
    }

    #[test]
    fn similarity_ranks_edits_above_unrelated_items() {
        let a = normalize_text(
            "Our paper on KV cache recomputation was accepted to ACL Findings 2025.",
        );
        let b = normalize_text(
            "Our paper on KV-cache recomputation has been accepted to ACL 2025 Findings!",
        );
        let c = normalize_text("I will join Microsoft as a research intern this summer.");
        assert!(similarity(&a, &b) > 0.7, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.3, "{}", similarity(&a, &c));
        assert_eq!(similarity(&a, &a), 1.0);
        assert_eq!(similarity("", "abc"), 0.0);
    }

    #[test]
    fn swapped_names_are_different_items_and_rewordings_are_not() {
        let t = |s: &str| distinctive_tokens(s, None);
        // Pairs from the corpus (expected.json judgement calls).
        assert!(names_conflict(
            &t("Three papers get accepted to ICLR 2026."),
            &t("Three papers get accepted to ICML 2026."),
            false
        ));
        assert!(names_conflict(
            &t("Invited talk (slides) at China3DV 2025."),
            &t("Invited talk (slides) at Mini3DV 2025."),
            false
        ));
        assert!(!names_conflict(
            &t("One paper is accepted by ICLR 2023."),
            &t("One paper was accepted by ICLR 2024."),
            true
        ));
        assert!(names_conflict(
            &t("One paper is accepted by ICLR 2023."),
            &t("One paper was accepted by ICLR 2024."),
            false
        ));
        assert!(!names_conflict(
            &t("I will be an intern at Amazon this Summer."),
            &t(
                "Summer intern at Amazon Web Service, working on long-context large language models"
            ),
            false
        ));
        assert!(!names_conflict(
            &t("Our paper Percept-WAM has been accepted to CVPR 2026!"),
            &t("Our paper (Percept-WAM) was accepted by CVPR 2026"),
            false
        ));
        assert_eq!(
            distinctive_tokens("[2025-10] Talk at NeurIPS 2025", Some("2025-10")),
            vec!["2025", "neurips"]
        );
    }

    #[test]
    fn overlap_forgives_appended_clauses() {
        let a = normalize_text("I will be an intern at Amazon this Summer.");
        let b = normalize_text(
            "Summer intern at Amazon Web Service, working on long-context large language models.",
        );
        assert!(overlap(&a, &b) > 0.5, "{}", overlap(&a, &b));
        assert!(similarity(&a, &b) < 0.45);
    }
}
