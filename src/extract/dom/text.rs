//! Visible text: whitespace collapsed as `split_whitespace` and a join on
//! `" "` would collapse it, block edges as word breaks.
//!
//! Apart because it is the hottest loop of extraction (every item's text,
//! every word count asks it) and is tuned byte by byte: ASCII is handled
//! without decoding, and only the four lead bytes that can start a
//! non-ASCII space are decoded at all. The tests hold it against
//! `split_whitespace`.

use super::{Data, Doc, TEXT};

impl Doc<'_> {
    /// The visible text of a subtree, block boundaries as spaces, whitespace collapsed.
    pub fn text(&self, i: usize) -> String {
        let mut out = Collapsed::default();
        self.text_into(i, &mut out);
        out.text
    }

    /// The visible text of `nodes`, whitespace collapsed, blocks separated by a space.
    pub fn texts(&self, nodes: &[usize]) -> String {
        // An item's text: rarely short, so start with room for a typical one.
        let mut out = Collapsed {
            text: String::with_capacity(256),
            gap: false,
        };
        for &n in nodes {
            self.text_into(n, &mut out);
        }
        out.text
    }

    /// Appends a subtree's text, collapsing whitespace as it goes; block
    /// elements are bracketed by spaces. No recursion, no intermediate copy.
    pub fn text_into(&self, i: usize, out: &mut Collapsed) {
        let end = self.end(i);
        // Blocks whose closing space is still owed, by subtree end.
        let mut open: Vec<usize> = Vec::new();
        for j in i..end {
            while open.last().is_some_and(|&e| e <= j) {
                open.pop();
                out.space();
            }
            match &self.nodes[j].data {
                // Indentation between tags, most of a page's text nodes, is
                // known blank from the arena: a gap, without a scan.
                Data::Text(t) if self.nodes[j].flags & TEXT == 0 => {
                    if !t.is_empty() {
                        out.space();
                    }
                }
                Data::Text(t) => out.push(t),
                // Images carry no text; alt text is not what a reader reads.
                Data::Element(_) => {
                    if self.nodes[j].block {
                        out.space();
                        open.push(self.end(j));
                    }
                }
            }
        }
        if !open.is_empty() {
            out.space();
        }
    }

    /// The number of words in the subtree's text (as [`Doc::text`] splits
    /// it), counting no further than `limit + 1`: enough to tell a short
    /// label from a long block without collecting the block's text.
    pub fn words_upto(&self, i: usize, limit: usize) -> usize {
        let end = self.end(i);
        let mut open: Vec<usize> = Vec::new();
        let mut count = 0;
        let mut in_word = false;
        for j in i..end {
            while open.last().is_some_and(|&e| e <= j) {
                open.pop();
                in_word = false;
            }
            match &self.nodes[j].data {
                Data::Text(t) if self.nodes[j].flags & TEXT == 0 => {
                    if !t.is_empty() {
                        in_word = false;
                    }
                }
                Data::Text(t) => {
                    let bytes = t.as_bytes();
                    let mut k = 0;
                    while k < bytes.len() {
                        let (white, len) = if bytes[k] < 0x80 {
                            (is_ascii_white(bytes[k]), 1)
                        } else {
                            white_at(t, k)
                        };
                        k += len;
                        if white {
                            in_word = false;
                        } else if !in_word {
                            in_word = true;
                            count += 1;
                            if count > limit {
                                return count;
                            }
                        }
                    }
                }
                Data::Element(_) => {
                    if self.nodes[j].block {
                        in_word = false;
                        open.push(self.end(j));
                    }
                }
            }
        }
        count
    }
}

/// Whether `s` is empty or all whitespace.
#[inline]
pub(super) fn is_blank(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Indentation between tags is most of a page's text nodes: ASCII
        // bytes are tested in place, without decoding.
        let b = bytes[i];
        if b < 0x80 {
            if !is_ascii_white(b) {
                return false;
            }
            i += 1;
            continue;
        }
        match white_at(s, i) {
            (true, len) => i += len,
            (false, _) => return false,
        }
    }
    true
}

/// The ASCII part of `char::is_whitespace`: space, tab, LF, VT, FF, CR.
#[inline]
fn is_ascii_white(b: u8) -> bool {
    b == b' ' || (0x09..=0x0d).contains(&b)
}

/// Whether the character at byte `i` of `s` is whitespace (as
/// `char::is_whitespace`), and its width. Outside ASCII only U+0085, U+00A0,
/// U+1680, U+2000..U+205F and U+3000 are: their lead bytes are C2, E1, E2
/// and E3, so other characters are not decoded. The zero-width space and
/// U+FEFF count too (lead bytes E2 and EF).
#[inline]
fn white_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b == b' ' || (0x09..=0x0d).contains(&b), 1);
    }
    let len = match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    // A zero-width space (a permalink's invisible text, "News\u{200b}") or
    // byte-order mark is a word boundary a reader never sees.
    let white = matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef)
        && s[i..]
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'));
    (white, len)
}

/// `s` contains `needle`, ignoring ASCII case (without lowercasing a copy).
pub(in crate::extract) fn contains_ci(s: &str, needle: &str) -> bool {
    s.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `s` with runs of whitespace made one space and the ends trimmed.
pub fn collapse(s: &str) -> String {
    let mut out = Collapsed::default();
    out.push(s);
    out.text
}

/// Text with runs of whitespace collapsed to one space and no space at
/// either end, built piece by piece: what `split_whitespace` and `join(" ")`
/// give for the concatenated pieces, without the intermediate string.
#[derive(Debug, Default)]
pub struct Collapsed {
    /// The text so far.
    pub text: String,
    /// Whitespace was seen since the last word.
    gap: bool,
}

impl Collapsed {
    /// A word boundary (block edge, line break).
    pub fn space(&mut self) {
        self.gap = true;
    }

    /// Appends a piece of text, collapsing whitespace across the seam.
    pub fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let n = bytes.len();
        let wide = |i: usize| white_at(s, i);
        let mut i = 0;
        while i < n {
            let gap_start = i;
            while i < n {
                let b = bytes[i];
                // The ASCII part of `char::is_whitespace`.
                if b == b' ' || (0x09..=0x0d).contains(&b) {
                    i += 1;
                    continue;
                }
                if b < 0x80 {
                    break;
                }
                match wide(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                }
            }
            if i > gap_start {
                self.gap = true;
            }
            if i == n {
                break;
            }
            // A run of words separated by single spaces is copied in one go.
            // Every ASCII byte that is not whitespace is a word byte, control
            // characters included: a byte neither loop takes would never be
            // consumed, and a page with a stray U+0001 hung the run.
            let word_byte = |c: u8| c < 0x80 && c != b' ' && !(0x09..=0x0d).contains(&c);
            let run = i;
            while i < n {
                let b = bytes[i];
                if word_byte(b) {
                    i += 1;
                } else if b == b' ' && bytes.get(i + 1).is_some_and(|&c| word_byte(c)) {
                    i += 2;
                } else if b >= 0x80
                    && let (false, len) = wide(i)
                {
                    i += len;
                } else {
                    break;
                }
            }
            self.word(&s[run..i]);
        }
    }

    fn word(&mut self, w: &str) {
        if self.gap && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.gap = false;
        self.text.push_str(w);
    }
}

#[cfg(test)]
mod tests {
    use url::Url;

    use super::*;

    #[test]
    fn zero_width_spaces_are_boundaries() {
        assert_eq!(collapse("News\u{200b}"), "News");
        assert_eq!(
            collapse("\u{feff}Publications \u{200b} 2024"),
            "Publications 2024"
        );
        // Joiners stay: they shape Persian words and emoji.
        assert_eq!(collapse("می\u{200c}خواهم"), "می\u{200c}خواهم");
    }

    #[test]
    fn collapsing_matches_split_whitespace() {
        for t in [
            "",
            "  a  b ",
            "a\u{a0}b\u{3000}c\u{2003}d\u{85}e\u{1680}f\u{205f}g",
            "中文 标题\t\n x",
            "é è\u{2028}ü\u{feff}z",
            "\u{b}\u{c}x\r\ny",
            // Control characters are word characters (and used to hang).
            "\u{1}",
            "a\u{1} \u{8}b \u{1f}\u{7f}",
            "x \u{0}y",
        ] {
            // (And the zero-width space and U+FEFF, which a reader never sees.)
            let want = t
                .split(|c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(collapse(t), want, "{t:?}");
            let mut pieces = Collapsed::default();
            for (k, c) in t.char_indices() {
                pieces.push(&t[k..k + c.len_utf8()]);
            }
            assert_eq!(pieces.text, want, "{t:?} char by char");
        }
    }

    #[test]
    fn word_counts_agree_with_text() {
        let html = "<div> a\u{a0}b <p>c<i>d</i></p>e\u{3000}f<br>g 中文 </div>";
        let page = super::super::parse(html);
        let d = Doc::new(&page, &Url::parse("https://example.org/").unwrap());
        let i = (0..d.len()).find(|&i| d.name(i) == "div").unwrap();
        let words = d.text(i).split_whitespace().count();
        assert_eq!(d.words_upto(i, 100), words);
        assert_eq!(d.words_upto(i, 2), 3, "stops one past the limit");
    }
}
