//! OPML 2.0 listing of every feed written, for one-step import into a reader.

use super::{FeedDoc, escape};

pub fn render(docs: &[FeedDoc]) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>scholarfeed feeds</title>\n  </head>\n  <body>\n",
    );
    for d in docs {
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
