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

/// The lists' outlines, added one feed at a time as a publish renders
/// them, so that listing 100,000 sources does not need every source's
/// feed in memory at once.
#[derive(Default)]
pub(crate) struct Outlines([String; LISTS.len()]);

impl Outlines {
    pub(crate) fn add(&mut self, d: &FeedDoc) {
        for (list, out) in LISTS.iter().zip(&mut self.0) {
            if (list.pick)(d) {
                out.push_str(&format!(
                    "    <outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{x}\" htmlUrl=\"{h}\"/>\n",
                    t = escape(&d.title),
                    x = escape(d.self_atom.as_str()),
                    h = escape(d.home.as_str()),
                ));
            }
        }
    }

    /// Each list's file name and bytes.
    pub(crate) fn render(&self) -> impl Iterator<Item = (&'static str, Vec<u8>)> + '_ {
        LISTS.iter().zip(&self.0).map(|(list, outlines)| {
            let mut out = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>{}</title>\n  </head>\n  <body>\n",
                escape(list.title)
            );
            out.push_str(outlines);
            out.push_str("  </body>\n</opml>\n");
            (list.file, out.into_bytes())
        })
    }
}
