//! Status changes that are news: a paper that leaves "Preprints" for an
//! accepted list or gains a venue, a news line that goes from "submitted"
//! to "accepted".
//!
//! Such a change surfaces as its own feed entry (with an id of its own)
//! rather than only as an `updated` bump of the original entry: most
//! readers (newsboat, Miniflux, NetNewsWire) do not show an updated entry
//! again, and an acceptance is exactly what followers want to see. The
//! original entry keeps its id. Wording and typo edits never qualify.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::SectionKind;

static PENDING_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(pre-?prints?|arxiv|submitted|submissions?|under review|in submission|working papers?|manuscripts?|in preparation)\b")
        .expect("static regex")
});
static PENDING_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(pre-?print|arxiv(?: preprint)?|submitted|under review|in submission|in preparation)\b")
        .expect("static regex")
});
static ACCEPTED_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(accepted|to appear|published|camera[- ]ready|oral|spotlight|proceedings)\b")
        .expect("static regex")
});

fn pending(text: &str, group: Option<&str>) -> bool {
    group.is_some_and(|g| PENDING_GROUP.is_match(g))
        || (PENDING_TEXT.is_match(text) && !ACCEPTED_TEXT.is_match(text))
}

/// A short note ("accepted", "now in Conference Papers") when the item went
/// from pending to accepted, `None` otherwise.
pub(crate) fn status_change(
    kind: SectionKind,
    old_text: &str,
    old_group: Option<&str>,
    new_text: &str,
    new_group: Option<&str>,
) -> Option<String> {
    match kind {
        SectionKind::Publications => {
            if !pending(old_text, old_group) || pending(new_text, new_group) {
                return None;
            }
            Some(match new_group.filter(|g| !g.trim().is_empty()) {
                Some(g) => format!("accepted ({})", g.trim()),
                None => "accepted".to_string(),
            })
        }
        SectionKind::News => {
            let was_pending = PENDING_TEXT.is_match(old_text) && !ACCEPTED_TEXT.is_match(old_text);
            let now_accepted =
                ACCEPTED_TEXT.is_match(new_text) && !ACCEPTED_TEXT.is_match(old_text);
            (was_pending && now_accepted).then(|| "accepted".to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    #[test]
    fn a_preprint_moving_to_the_accepted_list_is_news() {
        let t = "WorldLens: Full-Spectrum Evaluations of Driving World Models. arXiv 2025";
        assert_eq!(
            status_change(
                Publications,
                t,
                Some("Preprints"),
                "WorldLens. CVPR 2026",
                None
            )
            .as_deref(),
            Some("accepted")
        );
        assert_eq!(
            status_change(
                Publications,
                "X. arXiv preprint 2025",
                None,
                "X. In CVPR 2026",
                Some("Conference Papers")
            )
            .as_deref(),
            Some("accepted (Conference Papers)")
        );
    }

    #[test]
    fn a_submitted_news_line_that_becomes_accepted_is_news() {
        assert_eq!(
            status_change(
                News,
                "Our paper X is submitted to ICML.",
                None,
                "Our paper X is accepted to ICML!",
                None
            )
            .as_deref(),
            Some("accepted")
        );
    }

    #[test]
    fn rewording_and_typo_fixes_are_not_status_changes() {
        assert_eq!(
            status_change(
                News,
                "Paper acepted to ICML",
                None,
                "Paper accepted to ICML",
                None
            ),
            None
        );
        assert_eq!(
            status_change(Publications, "X. CVPR 2025", None, "X: CVPR 2025.", None),
            None
        );
        assert_eq!(
            status_change(
                Publications,
                "X. arXiv",
                Some("Preprints"),
                "X. arXiv v2",
                Some("Preprints")
            ),
            None
        );
        assert_eq!(
            status_change(News, "We won 2nd place.", None, "We win 2nd place.", None),
            None
        );
    }
}
