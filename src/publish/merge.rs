//! One entry per real event across homepages: co-authors announce the same
//! paper acceptance on their own pages, and a merged feed should say it once,
//! attributed to all of them.
//!
//! Two announced items of different sources are one event when they are of
//! the same section and
//! - publications: their titles normalise to the same text;
//! - news: they carry the same date (same precision) and either share a
//!   distinctive link (arXiv/DOI variants folded) or their body texts are
//!   similar (trigram Dice >= `NEWS_SAME_DATE_SIMILARITY`). Co-authors word
//!   the same news differently ("accepted by" / "accepted to the"), but
//!   rarely on the same day about different things with the same words.
//!
//! Undated news is never merged: without a date, "our paper was accepted"
//! lines of two people are too often different events.
//!
//! The event's first announcer (earliest first-seen, then name) is its
//! primary: its entry id is kept, so the id does not change when a second
//! co-author's page catches up. Per-source feeds are not merged.

use crate::model::SectionKind;
use crate::store::StoredItem;
use crate::store::identity::{body_text_of, normalize_link, normalize_text, similarity};

/// Body-text similarity above which two same-day news lines are one event.
const NEWS_SAME_DATE_SIMILARITY: f64 = 0.5;

/// Groups items (newest first, as the store returns them) into events,
/// keeping the order of each event's newest member.
pub fn group_events(items: &[StoredItem]) -> Vec<Vec<&StoredItem>> {
    let keys: Vec<EventKey> = items.iter().map(EventKey::of).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..items.len() {
        let found = groups.iter().position(|g| {
            g.iter()
                .all(|&j| items[j].source_name != items[i].source_name)
                && g.iter()
                    .any(|&j| same_event(&items[i], &keys[i], &items[j], &keys[j]))
        });
        match found {
            Some(g) => groups[g].push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let mut members: Vec<&StoredItem> = g.into_iter().map(|i| &items[i]).collect();
            members.sort_by(|a, b| {
                a.first_seen
                    .cmp(&b.first_seen)
                    .then_with(|| a.source_name.cmp(&b.source_name))
            });
            members
        })
        .collect()
}

struct EventKey {
    title: Option<String>,
    body: String,
    links: Vec<String>,
}

impl EventKey {
    fn of(item: &StoredItem) -> EventKey {
        EventKey {
            title: item
                .title
                .as_deref()
                .map(normalize_text)
                .filter(|t| t.len() >= 12),
            body: body_text_of(&item.text, item.date_text.as_deref()),
            links: item
                .links
                .iter()
                .filter_map(|l| normalize_link(l))
                .filter(|l| l.contains('/') || l.contains(':'))
                .collect(),
        }
    }
}

fn same_event(a: &StoredItem, ka: &EventKey, b: &StoredItem, kb: &EventKey) -> bool {
    if a.section != b.section {
        return false;
    }
    match a.section {
        SectionKind::Publications => ka.title.is_some() && ka.title == kb.title,
        SectionKind::News => {
            let (Some(da), Some(db)) = (a.date, b.date) else {
                return false;
            };
            if da != db {
                return false;
            }
            ka.links.iter().any(|l| kb.links.contains(l))
                || similarity(&ka.body, &kb.body) >= NEWS_SAME_DATE_SIMILARITY
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;
    use chrono::{DateTime, Utc};

    fn at(h: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-01-01T{h:02}:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    fn news(
        source: &str,
        text: &str,
        date: Option<PartialDate>,
        links: &[&str],
        h: u32,
    ) -> StoredItem {
        StoredItem {
            id: 0,
            source_name: source.into(),
            source_slug: source.into(),
            source_url: format!("https://{source}.github.io/"),
            section: SectionKind::News,
            key: "k".into(),
            text: text.into(),
            html: String::new(),
            title: None,
            date_text: None,
            date,
            links: links.iter().map(|s| s.to_string()).collect(),
            group: None,
            position: 0,
            announced: true,
            first_seen: at(h),
            updated_at: at(h),
            removed_at: None,
            status_changed_at: None,
            status_note: None,
        }
    }

    #[test]
    fn co_authors_announcing_one_acceptance_become_one_event() {
        // Seeds 000 and 001 announce KVPR at ACL Findings on 05/15/2025 and
        // at the SEAS workshop on 12/10/2024, in different words.
        let d1 = Some(PartialDate::day(2025, 5, 15));
        let d2 = Some(PartialDate::day(2024, 12, 10));
        let items = vec![
            news(
                "gao",
                "05/15/2025: Our paper \"KVPR: Efficient LLM Inference with I/O-Aware Partial KV Cache Recomputation\" has been accepted by ACL Findings 2025. See you in Vienna, Austria!",
                d1,
                &[
                    "https://arxiv.org/abs/2411.17089",
                    "https://2025.aclweb.org/",
                ],
                3,
            ),
            news(
                "jiang",
                "05/15/2025: Our paper KVPR: Efficient LLM Inference with I/O-Aware KV Cache Partial Recomputation has been accepted to ACL Findings 2025.",
                d1,
                &["https://arxiv.org/abs/2411.17089v2"],
                2,
            ),
            news(
                "gao",
                "12/10/2024: Our paper \"KVPR: Efficient LLM Inference with I/O-Aware Partial KV Cache Recomputation\" has been accepted by AAAI SEAS workshop 2025. See you in Pennsylvania, USA!",
                d2,
                &["https://seasworkshop.github.io/aaai25/"],
                3,
            ),
            news(
                "jiang",
                "12/10/2024: Our paper Efficient LLM Inference with I/O-Aware Partial KV Cache Recomputation has been accepted to the AAAI SEAS Workshop 2025.",
                d2,
                &[],
                2,
            ),
            news(
                "jiang",
                "05/15/2025: I passed my qualifying exam.",
                d1,
                &[],
                2,
            ),
        ];
        let groups = group_events(&items);
        assert_eq!(groups.len(), 3, "{groups:#?}");
        assert_eq!(groups[0].len(), 2);
        assert_eq!(
            groups[0][0].source_name, "jiang",
            "the first announcer is primary"
        );
        assert_eq!(groups[1].len(), 2);
        assert_eq!(groups[2].len(), 1);
    }

    #[test]
    fn undated_or_same_source_items_are_never_merged() {
        let items = vec![
            news("a", "Our paper was accepted to ICML.", None, &[], 1),
            news("b", "Our paper was accepted to ICML.", None, &[], 1),
            news(
                "a",
                "2025: Paper accepted to ICML.",
                Some(PartialDate::year(2025)),
                &[],
                1,
            ),
            news(
                "a",
                "2025: Paper accepted to ICML!",
                Some(PartialDate::year(2025)),
                &[],
                1,
            ),
        ];
        assert_eq!(group_events(&items).len(), 4);
    }
}
