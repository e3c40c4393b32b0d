//! Writing the arena back out as markup, escaped as html5ever's
//! serializer escapes it.
//!
//! Apart from the arena because serialisation has its own contract (what a
//! parser reads back is what was on the page) and its own hot loop: the
//! escape scan looks at eight bytes at a time. The sanitising writer
//! ([`crate::extract::sanitize`]) shares the escaping; the unsanitised
//! writer here is for holding sanitisers against each other.

use super::{Data, Doc, LinkSet, is_void};

impl Doc<'_> {
    /// Markup of the nodes as on the page, with links and sources made
    /// absolute: unsanitized, so never stored or published (that is
    /// [`Doc::html_and_links`]); for comparing sanitisers.
    pub fn html(&self, nodes: &[usize]) -> String {
        // Markup is rarely short: start with room for a typical item.
        let mut out = String::with_capacity(1024);
        let mut links = LinkSet::default();
        for &n in nodes {
            self.html_into(n, &mut out, &mut links);
        }
        let kept = out.trim_end().len();
        out.truncate(kept);
        let lead = out.len() - out.trim_start().len();
        out.drain(..lead);
        out
    }

    /// An item's markup, sanitized as it is serialised, and its links
    /// (http, https and mailto only), in one pass that resolves each link
    /// once: see [`super::sanitize`].
    pub fn html_and_links(&self, nodes: &[usize]) -> (String, Vec<String>) {
        crate::extract::sanitize::item(self, nodes)
    }

    fn html_into(&self, i: usize, out: &mut String, links: &mut LinkSet) {
        let end = self.end(i);
        let mut open: Vec<(usize, &str)> = Vec::new();
        for j in i..end {
            while let Some(&(e, name)) = open.last() {
                if e > j {
                    break;
                }
                open.pop();
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            match &self.nodes[j].data {
                Data::Text(t) => escape_into(t, false, out),
                Data::Element(e) => {
                    out.push('<');
                    out.push_str(e.name);
                    for (k, v) in e.attrs() {
                        out.push(' ');
                        out.push_str(k);
                        out.push_str("=\"");
                        match matches!(k, "href" | "src").then(|| self.absolute(v)) {
                            Some(Some(abs)) => {
                                escape_into(&abs, true, out);
                                if k == "href" && e.name == "a" {
                                    links.add(abs);
                                }
                            }
                            _ => escape_into(v, true, out),
                        }
                        out.push('"');
                    }
                    out.push('>');
                    // A parser drops a newline right after these start
                    // tags: one that is the text's own is written twice.
                    if matches!(e.name, "pre" | "textarea" | "listing")
                        && j + 1 < self.end(j)
                        && self.text_node(j + 1).is_some_and(|t| t.starts_with('\n'))
                    {
                        out.push('\n');
                    }
                    if !is_void(e.name) {
                        open.push((self.end(j), e.name));
                    }
                }
            }
        }
        while let Some((_, name)) = open.pop() {
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

/// Bytes that may need escaping: `&`, `<`, `>`, `"` and the lead byte of U+00A0.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[0xc2] = true;
    t
};

/// Index of the first byte at or after `from` that may need escaping
/// ([`SPECIAL`]), eight bytes at a time.
fn next_special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set in the lane of each byte equal to `c` (exact for the lowest such lane).
    let lanes = |x: u64, c: u8| {
        let v = x ^ (ONES * u64::from(c));
        v.wrapping_sub(ONES) & !v & HIGH
    };
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hits =
            lanes(x, b'&') | lanes(x, b'<') | lanes(x, b'>') | lanes(x, b'"') | lanes(x, 0xc2);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !SPECIAL[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

/// Appends `s` escaped as html5ever's serializer does: `&`, `<`, `>` and
/// U+00A0 always, `"` in attribute values.
pub fn escape_into(s: &str, attr: bool, out: &mut String) {
    let bytes = s.as_bytes();
    let mut done = 0;
    let mut i = next_special(bytes, 0);
    while i < bytes.len() {
        let (rep, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attr => ("&quot;", 1),
            // U+00A0 in UTF-8.
            0xc2 if bytes.get(i + 1) == Some(&0xa0) => ("&nbsp;", 2),
            _ => {
                i = next_special(bytes, i + 1);
                continue;
            }
        };
        out.push_str(&s[done..i]);
        out.push_str(rep);
        i += len;
        done = i;
        i = next_special(bytes, i);
    }
    out.push_str(&s[done..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_every_position() {
        let naive = |t: &str, attr: bool| {
            let mut out = String::new();
            for c in t.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' if attr => out.push_str("&quot;"),
                    '\u{a0}' => out.push_str("&nbsp;"),
                    c => out.push(c),
                }
            }
            out
        };
        let pieces = [
            "a", "&", "<", ">", "\"", "\u{a0}", "é", "中", "\u{c2}", " ", "0123456",
        ];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut t = String::new();
            for _ in 0..(seed % 23) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for attr in [false, true] {
                let mut out = String::new();
                escape_into(&t, attr, &mut out);
                assert_eq!(out, naive(&t, attr), "{t:?}");
            }
        }
    }
}
