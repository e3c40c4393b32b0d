//! OPML 2.0 subscription lists, one per way of reading the feeds.
//!
//! The feeds overlap by design (the merged feed holds every entry, the
//! section feeds split it by kind, the per-person feeds by source), so one
//! list subscribing to all of them delivers each entry three times. Nested
//! outlines marked as alternatives would not help: readers import every
//! outline that has an `xmlUrl`. Hence one file per choice, each giving an
//! entry once (co-authored events aside, which every co-author's own feed
//! carries); README.md says which to import.

use super::{FeedDoc, escape};

/// A subscription list: its file name, what it offers, and which docs it lists.
pub(crate) struct List {
    pub file: &'static str,
    pub title: &'static str,
    pub pick: fn(&FeedDoc) -> bool,
}

/// The lists written beside the feeds; the first is the one to import.
pub(crate) const LISTS: [List; 3] = [
    List {
        file: "feeds.opml",
        title: "scholarfeed: every entry once, in one feed",
        pick: |d| d.stem == "feed",
    },
    List {
        file: "sections.opml",
        title: "scholarfeed: news and publications as two feeds",
        pick: |d| d.stem == "news" || d.stem == "publications",
    },
    List {
        file: "people.opml",
        title: "scholarfeed: one feed per person",
        pick: |d| d.stem.starts_with("sources/"),
    },
];

pub(crate) fn render(list: &List, docs: &[FeedDoc]) -> Vec<u8> {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>{}</title>\n  </head>\n  <body>\n",
        escape(list.title)
    );
    for d in docs.iter().filter(|d| (list.pick)(d)) {
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{x}\" htmlUrl=\"{h}\"/>\n",
            t = escape(&d.title),
            x = escape(d.self_atom.as_str()),
            h = escape(d.home.as_str()),
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out.into_bytes()
}
