//! Splits a section's region into items, and sub-headings into groups.
//!
//! Pages repeat one structure per item, but which one varies: list items
//! (nested lists stay with their parent), table rows, repeated sibling
//! blocks (`div.paper-box`, `div.pub-list-item`), lines separated by `<br>`,
//! segments separated by `<hr>`, or a title heading with its paragraphs. The
//! walker descends through single-child wrappers until the content fans
//! out, then picks the structure the blocks at that level share. Headings
//! and year labels between items become the `group` of what follows; a
//! lone paragraph next to a list is an introduction, not an item.

use std::cell::OnceCell;

use super::dom::Doc;
use super::sections::heading_level;
use crate::model::SectionKind;

/// An item before its fields are computed: the nodes it spans and its group.
#[derive(Debug, Clone)]
pub struct RawItem {
    /// The record's top nodes (several for `<br>`-separated lines or dt/dd pairs).
    pub nodes: Vec<usize>,
    /// The subheading the record sits under.
    pub group: Option<String>,
    /// Found through a repeated structure (list, rows, siblings), not as a lone paragraph.
    pub structural: bool,
    /// The record's collapsed text, built on first use: section choice,
    /// evidence checks and field building all read it, and building it is
    /// the walk's main cost.
    text: OnceCell<String>,
    /// Whether it reads as a citation, asked for both the narrow and the
    /// widened region and by the Research check.
    cites: OnceCell<bool>,
}

impl RawItem {
    /// A record; text and citation verdict are computed on first use.
    pub fn new(nodes: Vec<usize>, group: Option<String>, structural: bool) -> RawItem {
        RawItem {
            nodes,
            group,
            structural,
            text: OnceCell::new(),
            cites: OnceCell::new(),
        }
    }

    /// The record's text, as [`Doc::texts`] gives it.
    pub fn text(&self, doc: &Doc) -> &str {
        self.text.get_or_init(|| doc.texts(&self.nodes))
    }

    /// [`super::evidence::cites_a_paper`] of the record.
    pub fn cites(&self, doc: &Doc) -> bool {
        *self
            .cites
            .get_or_init(|| super::evidence::cites_a_paper(doc, self.text(doc), &self.nodes))
    }

    /// The record's nodes, group and text, the text built if it was not yet.
    pub fn into_parts(self, doc: &Doc) -> (Vec<usize>, Option<String>, String) {
        let text = match self.text.into_inner() {
            Some(t) => t,
            None => doc.texts(&self.nodes),
        };
        (self.nodes, self.group, text)
    }

    /// Adds a node to the record, forgetting what was read of it before.
    fn extend(&mut self, node: usize) {
        self.nodes.push(node);
        self.text = OnceCell::new();
        self.cites = OnceCell::new();
    }
}

/// Walks a section's range and collects its records.
pub struct Walker<'a> {
    doc: &'a Doc<'a>,
    kind: SectionKind,
    group: Option<String>,
    /// Records found, in page order.
    pub out: Vec<RawItem>,
    /// [`Walker::lists_citations`] answers, by list node.
    citation_lists: std::cell::RefCell<std::collections::HashMap<usize, bool>>,
}

const LIST: &[&str] = &["ul", "ol"];
const TABLE: &[&str] = &["table", "tbody", "thead", "tfoot"];
/// Blocks whose children may be a run of records without list markup.
const RUN: &[&str] = &["div", "section"];
/// Class words that mark an element as one item rather than a wrapper of items.
const ITEM_CLASS_WORDS: &[&str] = &[
    "item",
    "entry",
    "paper",
    "pub",
    "publication",
    "card",
    "post",
    "box",
    "row",
];

impl<'a> Walker<'a> {
    /// A walker for a section of `kind`.
    pub fn new(doc: &'a Doc<'a>, kind: SectionKind) -> Self {
        Walker {
            doc,
            kind,
            group: None,
            out: Vec::new(),
            citation_lists: Default::default(),
        }
    }

    /// Walks the top-level nodes of the preorder range `[start, end)`.
    pub fn walk_range(&mut self, start: usize, end: usize) {
        let mut blocks = Vec::new();
        let mut i = start;
        while i < end {
            if self.doc.end(i) <= end {
                blocks.push(i);
                i = self.doc.end(i);
            } else {
                i += 1;
            }
        }
        self.walk_blocks(&blocks, 0);
    }

    fn push(&mut self, nodes: Vec<usize>, structural: bool) {
        if nodes.iter().any(|&n| self.doc.has_text(n)) {
            self.out
                .push(RawItem::new(nodes, self.group.clone(), structural));
        }
    }

    fn is_sep(&self, i: usize) -> bool {
        self.doc.is(i, &["br", "hr"])
    }

    fn is_inline(&self, i: usize) -> bool {
        match self.doc.el(i) {
            None => true,
            Some(_) => !self.doc.is_block(i) && !self.has_block_child(i),
        }
    }

    fn has_block_child(&self, i: usize) -> bool {
        self.doc.children(i).any(|c| {
            self.doc
                .el(c)
                .is_some_and(|e| self.doc.is_block(c) && e.name != "br")
        })
    }

    /// The markup an item block repeats: its name and sorted classes, as
    /// `div.paper.box`; `None` for elements that are never such blocks.
    fn signature(&self, i: usize) -> Option<String> {
        let e = self.doc.el(i)?;
        if !self.has_signature(i, e.name) {
            return None;
        }
        let mut classes: Vec<&str> = e.classes().collect();
        classes.sort_unstable();
        Some(format!("{}.{}", e.name, classes.join(".")))
    }

    /// Whether block `i` repeats the markup `sig` (see [`Walker::signature`]):
    /// the same element name, and the same classes or mostly the same (see
    /// [`similar_classes`]), without building `i`'s signature.
    fn signature_is(&self, i: usize, sig: &str) -> bool {
        let Some(e) = self.doc.el(i) else {
            return false;
        };
        let Some(rest) = sig.strip_prefix(e.name).and_then(|r| r.strip_prefix('.')) else {
            return false;
        };
        let mut classes = e.classes();
        let same_classes = match (classes.next(), classes.next()) {
            (None, _) => rest.is_empty(),
            (Some(only), None) => rest == only || similar_classes(rest, only),
            _ => {
                let mut all: Vec<&str> = e.classes().collect();
                all.sort_unstable();
                let all = all.join(".");
                all == rest || similar_classes(rest, &all)
            }
        };
        same_classes && self.has_signature(i, e.name)
    }

    fn has_signature(&self, i: usize, name: &str) -> bool {
        if LIST.contains(&name)
            || TABLE.contains(&name)
            || matches!(name, "hr" | "br" | "details" | "blockquote" | "li")
            || heading_level(self.doc, i).is_some()
        {
            return false;
        }
        // A block that opens with a short heading ("2025") and holds several blocks is a group, not an item.
        let mut kids = self.doc.children(i).filter(|&c| self.doc.has_text(c));
        if let Some(first) = kids.next()
            && kids.nth(1).is_some()
            && heading_level(self.doc, first).is_some()
            && !self.is_title_heading(first)
        {
            return false;
        }
        true
    }

    /// A heading (or heading-like line) that labels the items after it.
    fn is_group_heading(&self, i: usize) -> bool {
        if heading_level(self.doc, i).is_some() {
            return true;
        }
        let Some(e) = self.doc.el(i) else {
            return false;
        };
        if !matches!(e.name, "p" | "div" | "span" | "strong" | "b" | "time") {
            return false;
        }
        let words = self.doc.words_upto(i, 6);
        if words == 0 || words > 6 || self.doc.has_link(i) {
            return false;
        }
        if is_year_label(&self.doc.text(i)) {
            return true;
        }
        let kids: Vec<usize> = self
            .doc
            .children(i)
            .filter(|&c| self.doc.has_text(c))
            .collect();
        if kids.len() != 1 {
            return false;
        }
        // Bold, possibly inside spans that only size or colour it; or a
        // heading inside wrappers of its own (a page builder's heading
        // widget: `div > div > h3`).
        let mut k = kids[0];
        loop {
            if self.doc.is(k, &["strong", "b"])
                || self.is_bold_span(k)
                || heading_level(self.doc, k).is_some()
            {
                return true;
            }
            let mut inner = self.doc.children(k).filter(|&c| self.doc.has_text(c));
            match (inner.next(), inner.next()) {
                (Some(only), None) if self.doc.is(k, &["span", "div"]) => k = only,
                _ => return false,
            }
        }
    }

    /// A span made bold by its inline style, as Wix and Google Sites write
    /// bold text (`<span style="font-weight:bold">`).
    fn is_bold_span(&self, i: usize) -> bool {
        self.doc.el(i).is_some_and(|e| {
            e.name == "span"
                && e.attr("style").is_some_and(|st| {
                    let st: String = st.chars().filter(|c| !c.is_whitespace()).collect();
                    st.contains("font-weight:bold")
                        || st.contains("font-weight:700")
                        || st.contains("font-weight:800")
                })
        })
    }

    /// A block that opens with a year label ("2024") and holds blocks after
    /// it: a year's group of records, not a record. (Not any heading: a
    /// card's title heads the card, which is the record.)
    fn is_labelled_group(&self, b: usize) -> bool {
        let mut texty = self.doc.children(b).filter(|&c| self.doc.has_text(c));
        let Some(first) = texty.next() else {
            return false;
        };
        // (A year label is a word or two: most blocks are settled by that.)
        if self.doc.words_upto(first, 3) > 2 || self.doc.has_link(first) {
            return false;
        }
        let rest: Vec<usize> = texty.collect();
        is_year_label(&self.doc.text(first))
            && self.is_group_heading(first)
            && !rest.is_empty()
            && rest
                .iter()
                .all(|&c| self.doc.el(c).is_some() && !self.is_inline(c))
    }

    /// A heading long enough to be a paper title rather than a group label.
    fn is_title_heading(&self, i: usize) -> bool {
        heading_level(self.doc, i).is_some() && {
            let t = self.doc.text(i);
            t.split_whitespace().count() >= 4 && !t.trim_end().ends_with(':')
        }
    }

    fn heading_text(&self, i: usize) -> String {
        let t = super::sections::without_permalink(self.doc.text(i));
        t.trim().trim_end_matches(':').trim().to_string()
    }

    fn walk_blocks(&mut self, blocks: &[usize], depth: usize) {
        if depth > 64 {
            return;
        }
        let mut sig: Vec<usize> = blocks
            .iter()
            .copied()
            .filter(|&b| self.is_sep(b) || self.doc.has_text(b))
            .collect();
        if sig.iter().all(|&b| self.is_sep(b)) {
            return;
        }
        // A short link beside blocks ("News archive »" after the table) is
        // a way elsewhere, not a line of text among them.
        if sig.iter().any(|&b| !self.is_inline(b) && !self.is_sep(b)) {
            sig.retain(|&b| {
                !(self.doc.is(b, &["a"]) && self.is_inline(b) && self.doc.words_upto(b, 5) <= 4)
            });
        }
        // A label between lists (`<time>2024</time><ul>…`) is inline, but
        // names the next list's group: no reason to read lines.
        let has_lists = sig
            .iter()
            .any(|&b| self.doc.is(b, LIST) || self.doc.is(b, TABLE));
        if sig.iter().any(|&b| {
            self.is_inline(b)
                && !self.is_sep(b)
                && !self.doc.is_decoration(b)
                && (!has_lists || self.doc.el(b).is_none() || !self.is_group_heading(b))
        }) {
            let single_breaks = self.kind == SectionKind::News || self.citation_lines(&sig);
            self.lines(&sig, single_breaks);
            return;
        }
        let hrs = sig.iter().filter(|&&b| self.doc.is(b, &["hr"])).count();
        if hrs >= 2 {
            self.segments(&sig);
            return;
        }
        if let Some(records) = self.blank_line_records(blocks) {
            for seg in records {
                self.push(seg, true);
            }
            return;
        }
        // A long heading over a list of papers names their group
        // ("Articles in International Refereed Journals"), not a paper.
        let titles = sig
            .iter()
            .enumerate()
            .filter(|&(k, &b)| {
                self.is_title_heading(b)
                    && !sig.get(k + 1).is_some_and(|&next| {
                        self.lists_citations(next) || self.holds_citation_list(next)
                    })
            })
            .count();
        if titles >= 2 {
            self.heading_runs(&sig);
            return;
        }
        let blocks: Vec<usize> = sig
            .iter()
            .copied()
            .filter(|&b| !self.is_sep(b) && !self.doc.is_decoration(b))
            .collect();
        let rep = self
            .dominant_signature(&blocks)
            .filter(|rep| !self.outweighed_by_citation_lists(&blocks, rep));
        if let Some(rep) = rep {
            // The group the last repeated block was in.
            let mut rep_group = self.group.clone();
            // Wrappers of lists of papers, one per kind of paper: when one
            // of the run is, all are (a list some of whose citations read
            // less clearly is no single paper).
            let wrappers = blocks
                .iter()
                .any(|&b| self.signature_is(b, &rep) && self.holds_citation_list(b));
            for &b in &blocks {
                let same = self.signature_is(b, &rep);
                if same && wrappers && self.has_block_child(b) {
                    // Repeated wrappers (one per group of papers), not
                    // records; what they hold are records even where a
                    // group has a single one.
                    let kids: Vec<usize> = self.doc.children(b).collect();
                    let from = self.out.len();
                    self.walk_blocks(&kids, depth + 1);
                    for r in &mut self.out[from..] {
                        r.structural = true;
                    }
                } else if same && self.lists_cited_definitions(b) {
                    // Definition lists of papers, one per kind of paper.
                    self.definitions(b);
                } else if same && self.is_labelled_group(b) {
                    // One wrapper per year, its label then its records: what
                    // the wrapper holds are the records, found by the run of
                    // wrappers even where a year has a single one.
                    let kids: Vec<usize> = self.doc.children(b).collect();
                    let from = self.out.len();
                    self.walk_blocks(&kids, depth + 1);
                    for r in &mut self.out[from..] {
                        r.structural = true;
                    }
                } else if same
                    && (self.dated_lines(b)
                        || (self.kind == SectionKind::Publications && self.is_line_container(b)))
                {
                    // One of the paragraphs holds a dated line per piece of
                    // news, or a whole citation per line (a paragraph of
                    // papers per kind of paper, `<br><br>` between them).
                    let kids: Vec<usize> = self.doc.children(b).collect();
                    self.lines(&kids, true);
                } else if same
                    && self.kind == SectionKind::Publications
                    // (A label is a few nodes: most entries are settled by their size.)
                    && self.doc.end(b) - b <= 8
                    && self.is_group_heading(b)
                {
                    // A bold label shaped like the entries around it (Wix
                    // writes every line as the same `<p>`): it names a group.
                    self.group = Some(self.heading_text(b));
                } else if same {
                    rep_group = self.group.clone();
                    self.push(vec![b], true);
                } else if self.is_group_heading(b) {
                    self.group = Some(self.heading_text(b));
                } else if self.doc.is(b, &["details"])
                    || self.holds_citation_list(b)
                    || (self.kind == SectionKind::Publications
                        && self.group != rep_group
                        && self.doc.is(b, LIST)
                        && self.lists_citations(b))
                {
                    // A list of citations under a subheading of its own after
                    // the repeated blocks ("Full List" after the selected
                    // papers' boxes) is papers too. (Straight after the
                    // boxes, a list is their "other papers", which the
                    // corpus's readers do not count.)
                    self.walk_one(b, depth + 1);
                } else if self.contains_signature(b, &rep) {
                    // Other blocks count only when they wrap more of the repeated blocks; lists
                    // beside repeated blocks are secondary ("other papers"), notes are not items.
                    let kids: Vec<usize> = self.doc.children(b).collect();
                    self.walk_blocks(&kids, depth + 1);
                }
            }
            return;
        }
        if blocks.len() == 1 {
            self.walk_one(blocks[0], depth + 1);
            return;
        }
        let mut k = 0;
        while k < blocks.len() {
            let b = blocks[k];
            if self.is_group_heading(b) {
                self.group = Some(self.heading_text(b));
            } else if self.doc.is(b, &["blockquote"]) {
                // A note about the list ("* equal contribution"), not an item.
            } else if self.kind == SectionKind::Publications
                && k + 1 < blocks.len()
                && self.doc.is(blocks[k + 1], LIST)
                && self.attaches(b, blocks[k + 1])
            {
                self.push(vec![b, blocks[k + 1]], true);
                k += 1;
            } else {
                self.walk_one(b, depth + 1);
            }
            k += 1;
        }
    }

    /// The signature shared by at least two blocks, if the blocks are mostly
    /// that. Blocks whose classes mostly agree count together, so cards
    /// tagged by category for a filter (`item cat-a`, `item cat-b`) are
    /// one run; the signature kept is the run's most common one.
    fn dominant_signature(&self, blocks: &[usize]) -> Option<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for &b in blocks {
            // Year labels between lists ("<p>2024</p><ul>…<p>2023</p><ul>…")
            // repeat each other, but they label the records.
            if self.doc.end(b) - b <= 3
                && self.doc.words_upto(b, 2) == 1
                && is_year_label(&self.doc.text(b))
            {
                continue;
            }
            if let Some(s) = self.signature(b) {
                match counts.iter_mut().find(|(k, _)| *k == s) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((s, 1)),
                }
            }
        }
        let run = |(sig, _): &(String, usize)| -> usize {
            counts
                .iter()
                .filter(|(other, _)| other == sig || similar_signatures(sig, other))
                .map(|(_, n)| n)
                .sum()
        };
        let best = counts
            .iter()
            .map(|c| (run(c), c.1, &c.0))
            .max_by_key(|&(run, own, _)| (run, own))?;
        (best.0 >= 2).then(|| best.2.clone())
    }

    /// The `<details>` block that is all of `li`'s content, if it is.
    fn only_details(&self, li: usize) -> Option<usize> {
        let mut texty = self.doc.children(li).filter(|&c| self.doc.has_text(c));
        match (texty.next(), texty.next()) {
            (Some(d), None) if self.doc.is(d, &["details"]) => Some(d),
            _ => None,
        }
    }

    /// Entries written in a page editor (Google Sites, a CMS) as a few
    /// paragraphs each (title, then venue), with an empty paragraph
    /// (`<p><br></p>`) between entries: the paragraphs between two empty
    /// ones are one record. Only when at least two such groups hold several
    /// paragraphs, and no group holds more than one that cites a paper on
    /// its own (a group of citations, one per paragraph, is several records
    /// under a blank line, not one).
    fn blank_line_records(&self, blocks: &[usize]) -> Option<Vec<Vec<usize>>> {
        let blank = |b: usize| {
            self.doc.is(b, &["p", "div"])
                && !self.doc.has_content(b)
                && self
                    .doc
                    .children(b)
                    .all(|c| self.doc.is(c, &["br", "span"]) || self.doc.text_node(c).is_some())
        };
        if blocks.iter().filter(|&&b| blank(b)).count() < 2 {
            return None;
        }
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        for &b in blocks {
            if blank(b) {
                groups.push(Vec::new());
            } else if self.doc.has_text(b)
                && !self.is_sep(b)
                && let Some(g) = groups.last_mut()
            {
                g.push(b);
            }
        }
        groups.retain(|g| !g.is_empty());
        let several = groups.iter().filter(|g| g.len() >= 2).count();
        let parts_of_one = |g: &Vec<usize>| {
            g.iter()
                .filter(|&&b| super::evidence::cites_a_paper(self.doc, &self.doc.text(b), &[b]))
                .count()
                <= 1
        };
        let blocks_only = groups
            .iter()
            .flatten()
            .all(|&b| !self.is_inline(b) && self.doc.el(b).is_some());
        // A group of one paragraph that is a whole citation is an entry
        // written on one line (`<br>` inside), beside the others.
        let whole = groups
            .iter()
            .filter(|g| {
                g.len() == 1
                    && super::evidence::cites_a_paper(self.doc, &self.doc.text(g[0]), &[g[0]])
            })
            .count();
        (several >= 2
            && (several + whole) * 2 > groups.len()
            && blocks_only
            && groups.iter().all(parts_of_one))
        .then_some(groups)
    }

    /// Whether the run of blocks repeating `rep` is only prose beside the
    /// papers: in a publications section, none of the run cites a paper
    /// while a list (or table) beside it lists citations. An introduction
    /// and a closing "Older publications" paragraph repeat each other's
    /// markup, but the records are the lists' items.
    fn outweighed_by_citation_lists(&self, blocks: &[usize], rep: &str) -> bool {
        self.kind == SectionKind::Publications
            && blocks.iter().any(|&b| {
                (self.doc.is(b, LIST) || self.doc.is(b, TABLE)) && self.lists_citations(b)
            })
            && !blocks.iter().any(|&b| {
                self.signature_is(b, rep)
                    && super::evidence::cites_a_paper(self.doc, &self.doc.text(b), &[b])
            })
    }

    /// Whether a publications block holds a list (or table) of at least two
    /// citations, or is one (a `div` of paper `div`s): it is then a wrapper
    /// of records, whatever repeats it.
    fn holds_citation_list(&self, b: usize) -> bool {
        if self.kind != SectionKind::Publications {
            return false;
        }
        // (Itself only as a run of blocks: a list or table among the
        // blocks is one of them, and holds its own records.)
        (self.doc.is(b, RUN) && self.lists_citations(b))
            || (b + 1..self.doc.end(b)).any(|j| {
                (self.doc.is(j, LIST) || self.doc.is(j, TABLE) || self.doc.is(j, RUN))
                    && self.lists_citations(j)
            })
    }

    /// Whether list or table `j` has at least two citation rows, or block
    /// `j` is a run of at least two blocks of one markup that all cite a
    /// paper (`div.citation` after `div.citation`, one `<p>` per paper):
    /// a list by other means. Nested wrappers ask about the same lists at
    /// every level; each answer reads the rows' text, so it is kept.
    fn lists_citations(&self, j: usize) -> bool {
        if let Some(&known) = self.citation_lists.borrow().get(&j) {
            return known;
        }
        let cites = |c: usize| super::evidence::cites_a_paper(self.doc, &self.doc.text(c), &[c]);
        let holds = if self.doc.is(j, RUN) {
            self.cited_run(j, cites)
        } else {
            self.doc
                .children(j)
                .filter(|&c| self.doc.is(c, &["li", "tr"]))
                .filter(|&c| cites(c))
                .nth(1)
                .is_some()
        };
        self.citation_lists.borrow_mut().insert(j, holds);
        holds
    }

    /// Whether block `j`'s children with text are blocks of one markup, of
    /// which at least two, and two thirds, cite a paper. A paper's own
    /// parts (a title line, an author line) share markup too, but its
    /// title line and its links cite nothing.
    fn cited_run(&self, j: usize, cites: impl Fn(usize) -> bool) -> bool {
        // Asked of every `div` inside a publications block, so the cheap
        // tests come first: two blocks of one name, each of a citation's
        // length (authors, a title and a venue are more than five words).
        // A heading may open the run (a CMS text block: "<h3>Journal
        // articles</h3><p>…</p><p>…</p>"): it names the group.
        let in_run = |c: usize| self.doc.has_text(c) && heading_level(self.doc, c).is_none();
        let mut kids = self.doc.children(j).filter(|&c| in_run(c));
        let (Some(first), Some(second)) = (kids.next(), kids.next()) else {
            return false;
        };
        let named = |c: usize| self.doc.el(c).map(|e| e.name);
        let long = |c: usize| self.doc.words_upto(c, 6) >= 6;
        if named(first).is_none() || named(first) != named(second) || !long(first) || !long(second)
        {
            return false;
        }
        let Some(sig) = self.signature(first) else {
            return false;
        };
        let mut n: usize = 0;
        for c in self.doc.children(j).filter(|&c| in_run(c)) {
            if !self.signature_is(c, &sig) {
                return false;
            }
            n += 1;
        }
        // At least two, and two thirds, cite: stop as soon as that is
        // settled either way. A long run is judged by its first dozen
        // blocks (a page's whole list of papers is such a run).
        let n = n.min(12);
        let need = (2 * n).div_ceil(3).max(2);
        let (mut citing, mut left) = (0, n);
        for c in self.doc.children(j).filter(|&c| in_run(c)) {
            if citing >= need || citing + left < need {
                break;
            }
            left -= 1;
            if long(c) && cites(c) {
                citing += 1;
            }
        }
        citing >= need
    }

    fn contains_signature(&self, b: usize, sig: &str) -> bool {
        (b + 1..self.doc.end(b)).any(|j| self.signature_is(j, sig))
    }

    /// A paper paragraph followed by a list of its highlights: the list belongs to it.
    fn attaches(&self, p: usize, list: usize) -> bool {
        // A list of citations is papers of its own, whatever precedes it
        // (a note "* co-first authors" in italics).
        if !self.leads_with_emphasis(p) || self.lists_citations(list) {
            return false;
        }
        !self
            .doc
            .children(list)
            .any(|li| self.doc.is(li, &["li"]) && self.leads_with_emphasis(li))
    }

    fn leads_with_emphasis(&self, i: usize) -> bool {
        let mut j = i + 1;
        let end = self.doc.end(i);
        while j < end {
            if let Some(t) = self.doc.text_node(j) {
                if t.trim().is_empty() {
                    j += 1;
                    continue;
                }
                return false;
            }
            if self.doc.is(j, &["b", "strong", "u", "em", "i", "a"]) {
                return self.doc.words_upto(j, 3) >= 3;
            }
            if self.doc.has_text(j) {
                j += 1;
            } else {
                j = self.doc.end(j);
            }
        }
        false
    }

    fn walk_one(&mut self, b: usize, depth: usize) {
        if depth > 64 {
            return;
        }
        let Some(e) = self.doc.el(b) else {
            self.push(vec![b], false);
            return;
        };
        let name = e.name;
        if LIST.contains(&name) {
            self.list_items(b);
        } else if TABLE.contains(&name) {
            self.rows(b);
        } else if name == "dl" {
            self.definitions(b);
        } else if name == "details" {
            let kids: Vec<usize> = self.doc.children(b).collect();
            let summary = kids.iter().copied().find(|&k| self.doc.is(k, &["summary"]));
            // The folded part is grouped under what its toggle says ("Show
            // more", "Older papers"), as the reader sees it.
            let saved = self.group.clone();
            let label = summary.map(|s| self.heading_text(s)).unwrap_or_default();
            if !label.is_empty() {
                self.group = Some(label);
            }
            let rest: Vec<usize> = kids.into_iter().filter(|&k| Some(k) != summary).collect();
            self.walk_blocks(&rest, depth + 1);
            self.group = saved;
        } else if matches!(name, "hr" | "br") {
        } else if self.is_wrapper(b) {
            let kids: Vec<usize> = self.doc.children(b).collect();
            self.walk_blocks(&kids, depth + 1);
        } else if self.is_line_container(b) {
            // News lines, or whole citations: split at every break.
            let kids: Vec<usize> = self.doc.children(b).collect();
            self.lines(&kids, true);
        } else if let Some(records) = self.record_run(b) {
            self.walk_blocks(&records, depth + 1);
        } else if self.labels_lists(b) {
            // A timeline: lists of records under labels ("2024", "2023")
            // that are no headings, in one wrapper.
            let kids: Vec<usize> = self.doc.children(b).collect();
            self.walk_blocks(&kids, depth + 1);
        } else if self.holds_citation_list(b) {
            self.labelled_lists(b);
        } else {
            self.push(vec![b], false);
        }
    }

    /// Whether `b` holds two or more lists (or tables), with nothing else
    /// beside them but labels of their groups (a year, a bold line).
    /// A list may sit in a wrapper of its own (the folded "older news"
    /// after the recent ones), and a short link may stand between them
    /// ("Show older news").
    fn labels_lists(&self, b: usize) -> bool {
        let mut lists = 0;
        for c in self.doc.children(b).filter(|&c| self.doc.has_text(c)) {
            if self.wraps_list(c) {
                lists += 1;
            } else if !(self.is_group_heading(c)
                || (self.doc.is(c, &["a"]) && self.doc.words_upto(c, 5) <= 4))
            {
                return false;
            }
        }
        lists >= 2
    }

    /// Whether `c` is a list or table, or wraps one alone.
    fn wraps_list(&self, c: usize) -> bool {
        let mut cur = c;
        for _ in 0..4 {
            if self.doc.is(cur, LIST) || self.doc.is(cur, TABLE) {
                return true;
            }
            let mut kids = self.doc.children(cur).filter(|&k| self.doc.has_text(k));
            match (kids.next(), kids.next()) {
                (Some(only), None) if self.doc.el(only).is_some() => cur = only,
                _ => return false,
            }
        }
        false
    }

    /// Lists of citations with their labels written as bare text or bold
    /// lines in between ("<b>Journal Papers</b><br>(in English)<ol>…"):
    /// a short line before a list names its group; a long one is an item.
    fn labelled_lists(&mut self, b: usize) {
        let kids: Vec<usize> = self.doc.children(b).collect();
        let mut label: Vec<String> = Vec::new();
        for c in kids {
            if self.doc.is(c, LIST) || self.doc.is(c, TABLE) {
                if !label.is_empty() {
                    self.group = Some(label.join(" "));
                    label.clear();
                }
                self.walk_one(c, 1);
            } else if self.doc.is(c, &["br", "hr"]) {
            } else if self.doc.has_text(c) {
                let t = self.heading_text(c);
                if t.split_whitespace().count() <= 8 && !self.doc.has_link(c) {
                    label.push(t);
                } else {
                    self.push(vec![c], false);
                }
            }
        }
    }

    /// The records an element holds, when it is a container rather than
    /// one item: below its single-child wrappers (a table row's one text
    /// cell), its content fans out into blocks most of which repeat one
    /// shape: the same markup (name and classes) opening the same way
    /// (the same element path down to their first text). This is the
    /// repeated-record test of data-record mining (MDR): tag names and
    /// classes are compared with each other, never with a list of names,
    /// so `<p><strong>date:</strong> …</p>` rows, `<div class=x>` cards or
    /// custom tags all qualify. A paper's own parts (title, authors and
    /// venue blocks) differ in markup or in how they open, so a paper is
    /// not split.
    fn record_run(&self, b: usize) -> Option<Vec<usize>> {
        let mut cur = b;
        loop {
            let mut texty = self.doc.children(cur).filter(|&c| self.doc.has_text(c));
            let (Some(first), second) = (texty.next(), texty.next()) else {
                break;
            };
            let block = self.doc.el(first).is_some() && !self.is_inline(first);
            // The one block holding the content, followed by no more than
            // short links ("more", "See all"): CMS views wrap their rows in
            // several such layers. (A short line before it labels it.)
            // (Short counted in characters too: CJK text has no spaces.)
            let short =
                |c: usize| self.doc.words_upto(c, 4) <= 3 && self.doc.text(c).chars().count() <= 30;
            let only = match second {
                None => block.then_some(first),
                Some(second) => (block
                    && self.doc.words_upto(first, 12) > 11
                    && std::iter::once(second)
                        .chain(texty)
                        .all(|c| self.doc.has_link(c) && short(c)))
                .then_some(first),
            };
            match only {
                Some(only) => cur = only,
                None => break,
            }
        }
        // A list, table or definition list behind the wrappers holds the records.
        if cur != b
            && (self.doc.is(cur, LIST) || self.doc.is(cur, TABLE) || self.doc.is(cur, &["dl"]))
        {
            return Some(vec![cur]);
        }
        let texty: Vec<usize> = self
            .doc
            .children(cur)
            .filter(|&c| self.doc.has_text(c) && !self.doc.is_decoration(c))
            .collect();
        // A row's cells are the fields of one record, never records.
        if texty.len() < 2
            || texty.iter().any(|&c| {
                self.doc.el(c).is_none() || self.is_inline(c) || self.doc.is(c, &["td", "th"])
            })
        {
            return None;
        }
        let shapes: Vec<String> = texty.iter().map(|&c| self.shape(c)).collect();
        // The same shape, or the same but for classes that mostly agree.
        let alike = |a: &str, b: &str| {
            a == b
                || match (a.split_once('|'), b.split_once('|')) {
                    (Some((sa, ra)), Some((sb, rb))) => ra == rb && similar_signatures(sa, sb),
                    _ => false,
                }
        };
        let mut best = (0, "");
        for s in &shapes {
            let n = shapes.iter().filter(|t| alike(t, s)).count();
            if n > best.0 {
                best = (n, s);
            }
        }
        (best.0 >= 2 && best.0 * 3 >= texty.len() * 2).then(|| self.doc.children(cur).collect())
    }

    /// A block's markup and how it opens: `p.|strong|` for
    /// `<p><strong>6/19/23:</strong> …</p>`.
    fn shape(&self, i: usize) -> String {
        let mut out = self
            .signature(i)
            .unwrap_or_else(|| self.doc.name(i).to_string());
        let mut j = i;
        while let Some(first) = self.doc.children(j).find(|&c| self.doc.has_text(c)) {
            out.push('|');
            match self.doc.el(first) {
                Some(e) => out.push_str(e.name),
                None => break,
            }
            j = first;
        }
        out
    }

    /// An element that only holds other blocks (and is not itself marked as an item).
    fn is_wrapper(&self, b: usize) -> bool {
        let Some(e) = self.doc.el(b) else {
            return false;
        };
        if matches!(e.name, "p" | "li" | "tr" | "td" | "th" | "a" | "dt" | "dd") {
            return false;
        }
        let kids: Vec<usize> = self
            .doc
            .children(b)
            .filter(|&c| self.doc.has_text(c) && !self.doc.is_decoration(c))
            .collect();
        if kids.is_empty() || kids.iter().any(|&c| self.is_inline(c) && !self.is_sep(c)) {
            return false;
        }
        if has_class_word(self.doc, b, |w| ITEM_CLASS_WORDS.contains(&w)) {
            if has_class_word(self.doc, b, |w| w == "row" || w == "box") || kids.len() < 2 {
                return false;
            }
            return self.dominant_signature(&kids).is_some()
                || kids
                    .iter()
                    .any(|&c| self.doc.is(c, LIST) || self.doc.is(c, TABLE));
        }
        true
    }

    /// An element whose text runs are separated by `<br>` into several
    /// items: news lines, or publications whose every line is a citation.
    fn is_line_container(&self, b: usize) -> bool {
        let kids: Vec<usize> = self.doc.children(b).collect();
        let brs = kids.iter().filter(|&&c| self.doc.is(c, &["br"])).count();
        brs >= 1 && (self.kind == SectionKind::News || self.citation_lines(&kids))
    }

    /// Whether `b` is news written as `<br>`-separated lines of which at
    /// least two open with a date label: each line is an item, even when
    /// `b` is one of a run of blocks (the paragraph of news lines beside a
    /// paragraph pointing to the archive).
    fn dated_lines(&self, b: usize) -> bool {
        if self.kind != SectionKind::News {
            return false;
        }
        let mut dated = 0;
        let mut line: Vec<usize> = Vec::new();
        let kids: Vec<usize> = self.doc.children(b).collect();
        for (k, &n) in kids.iter().enumerate() {
            let br = self.doc.is(n, &["br"]);
            if !br {
                line.push(n);
            }
            if br || k + 1 == kids.len() {
                if super::dates::leading_date(&self.doc.texts(&line)).is_some() {
                    dated += 1;
                    if dated >= 2 {
                        return true;
                    }
                }
                line.clear();
            }
        }
        false
    }

    /// Whether every `<br>`-separated line of `nodes` (at least two) is a
    /// whole citation of the same shape: starting with the same element,
    /// with a year and an author list or a link to the paper ("<b>Title</b>,
    /// A. B, C. D, ICML 2025", "<a href=arxiv…>Title</a>, <em>ICLR
    /// 2025</em>"). One paper written over several lines (title, authors,
    /// venue) has its year on one line only, and a note under a paper
    /// ("Best Paper Award, CVPR 2024") has neither authors nor a link.
    ///
    /// A bold label on a line of its own ("<strong>Articles</strong>")
    /// names the lines after it and is left out; and a third of the lines
    /// may lack the year (a work in progress among the papers).
    fn citation_lines(&self, nodes: &[usize]) -> bool {
        let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
        for &n in nodes {
            if self.doc.is(n, &["br"]) {
                lines.push(Vec::new());
            } else if let Some(l) = lines.last_mut() {
                l.push(n);
            }
        }
        lines.retain(|l| l.iter().any(|&n| self.doc.has_text(n)) && self.label_line(l).is_none());
        // What each line starts with: an element's name, or "" for text.
        let lead = |l: &[usize]| {
            l.iter()
                .find(|&&n| self.doc.has_text(n))
                .map_or("", |&n| self.doc.el(n).map_or("", |e| e.name))
        };
        // (A law review's "Title, 70 Duke L.J. 45 (2020)." has one comma.)
        let cites = |l: &Vec<usize>| {
            let t = self.doc.texts(l);
            let commas = t.matches([',', '，']).count();
            mentions_year(&t)
                && (commas >= 2
                    || commas == 1 && t.split_whitespace().nth(5).is_some()
                    || self
                        .doc
                        .links(l)
                        .iter()
                        .any(|u| super::evidence::is_paper_link(u)))
        };
        lines.len() >= 2 && lines.iter().all(|l| lead(l) == lead(&lines[0])) && {
            let citing = lines.iter().filter(|l| cites(l)).count();
            citing >= 2 && citing * 3 >= lines.len() * 2
        }
    }

    /// The label a line of publications is, if it is one: a bold element
    /// alone on its line, a few words, linking nowhere ("Articles", "Book
    /// Chapters & Essays", "Works in Progress").
    fn label_line(&self, line: &[usize]) -> Option<String> {
        if self.kind != SectionKind::Publications {
            return None;
        }
        let mut texty = line.iter().copied().filter(|&n| self.doc.has_text(n));
        let (Some(only), None) = (texty.next(), texty.next()) else {
            return None;
        };
        (self.doc.is(only, &["b", "strong"])
            && self.doc.words_upto(only, 7) <= 6
            && !self.doc.has_link(only))
        .then(|| self.heading_text(only))
    }

    fn list_items(&mut self, list: usize) {
        let kids: Vec<usize> = self.doc.children(list).collect();
        // Year labels inside the list refine the group the list is under.
        let outer = self.group.clone();
        for c in kids {
            if self.doc.is(c, &["li"]) {
                if self.is_label_item(c) {
                    self.group = Some(self.heading_text(c));
                } else if let Some((label, lists)) = self.labelled_sublists(c) {
                    // "<li><strong>2023</strong><ul><li>paper…": the item
                    // labels the entries of the list inside it.
                    let saved = self.group.clone();
                    self.group = Some(match &outer {
                        Some(o) => format!("{o} {label}"),
                        None => label,
                    });
                    for l in lists {
                        self.list_items(l);
                    }
                    self.group = saved;
                } else if let Some(toggle) = self.only_details(c) {
                    // A list item that is only a toggle ("Older news",
                    // "2024" folding entries, as Notion writes them)
                    // holds records; it is not one.
                    self.walk_one(toggle, 1);
                } else {
                    self.push(vec![c], true);
                }
            } else if self.doc.has_text(c) {
                // A year label placed straight inside the list ("<ol><center>2025</center><li>…").
                if is_year_label(&self.doc.text(c)) && !self.doc.has_link(c) {
                    let year = self.heading_text(c);
                    self.group = Some(match &outer {
                        Some(o) => format!("{o} {year}"),
                        None => year,
                    });
                    continue;
                }
                // Stray content between items (a nested list outside any <li>) belongs to the item before.
                match self.out.last_mut() {
                    Some(last) if self.doc.is(c, LIST) => last.extend(c),
                    _ => self.push(vec![c], false),
                }
            }
        }
    }

    /// A list item that is a short label (a year, "Journal papers") over
    /// lists nested in it: the label and the lists.
    fn labelled_sublists(&self, li: usize) -> Option<(String, Vec<usize>)> {
        let (lists, label): (Vec<usize>, Vec<usize>) = self
            .doc
            .children(li)
            .filter(|&c| self.doc.has_text(c))
            .partition(|&c| self.doc.is(c, LIST));
        let words: usize = label.iter().map(|&c| self.doc.words_upto(c, 7)).sum();
        if lists.is_empty()
            || label.is_empty()
            || words > 6
            || label.iter().any(|&c| self.doc.has_link(c))
        {
            return None;
        }
        let text = self.doc.texts(&label);
        let text = text.trim().trim_end_matches(':').trim();
        (!text.is_empty()).then(|| (text.to_string(), lists))
    }

    /// Whether `dl` lists citations, a term and its description each (a
    /// title over authors and venue), as Markdown renderers write them.
    fn lists_cited_definitions(&self, dl: usize) -> bool {
        if self.kind != SectionKind::Publications || !self.doc.is(dl, &["dl"]) {
            return false;
        }
        let kids: Vec<usize> = self
            .doc
            .children(dl)
            .filter(|&c| self.doc.has_text(c))
            .collect();
        let pairs = kids
            .windows(2)
            .filter(|w| self.doc.is(w[0], &["dt"]) && self.doc.is(w[1], &["dd"]))
            .filter(|w| super::evidence::cites_a_paper(self.doc, &self.doc.texts(w), w))
            .count();
        pairs >= 2
    }

    /// A definition list: each term with its descriptions is one item.
    fn definitions(&mut self, dl: usize) {
        let mut cur: Vec<usize> = Vec::new();
        let kids: Vec<usize> = self
            .doc
            .children(dl)
            .filter(|&c| self.doc.has_text(c))
            .collect();
        let terms = kids.iter().filter(|&&c| self.doc.is(c, &["dt"])).count();
        let definitions = kids.iter().filter(|&&c| self.doc.is(c, &["dd"])).count();
        if terms >= 1 && definitions > terms {
            // More definitions than terms: a term labels the several entries
            // after it (`<dt>2024</dt><dd>paper</dd><dd>paper</dd>`), each a record.
            let outer = self.group.clone();
            for c in kids {
                if self.doc.is(c, &["dt"]) {
                    self.group = Some(self.heading_text(c));
                } else {
                    self.push(vec![c], true);
                }
            }
            self.group = outer;
            return;
        }
        for c in kids {
            if self.doc.is(c, &["dt"]) && cur.iter().any(|&n| self.doc.is(n, &["dd"])) {
                self.push(std::mem::take(&mut cur), true);
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            self.push(cur, true);
        }
    }

    /// A list item that is a label ("2024") rather than an entry.
    fn is_label_item(&self, li: usize) -> bool {
        let text = self.doc.text(li);
        if is_year_label(&text) && !self.doc.has_link(li) {
            return true;
        }
        let kids: Vec<usize> = self
            .doc
            .children(li)
            .filter(|&c| self.doc.has_text(c))
            .collect();
        kids.len() == 1 && heading_level(self.doc, kids[0]).is_some()
    }

    fn rows(&mut self, table: usize) {
        let kids: Vec<usize> = self.doc.children(table).collect();
        for r in kids {
            if self.doc.is(r, TABLE) {
                self.rows(r);
            } else if self.doc.is(r, &["tr"]) && self.doc.has_text(r) {
                let cells: Vec<usize> = self
                    .doc
                    .children(r)
                    .filter(|&c| self.doc.has_text(c))
                    .collect();
                // A row of one cell that is a heading, or a year ("<tr
                // class=year><td colspan=2>2024</td></tr>"), labels the rows after it.
                let header = cells.len() == 1
                    && (self.doc.is(cells[0], &["th"])
                        || self.is_group_heading_cell(cells[0])
                        || (is_year_label(&self.doc.text(cells[0]))
                            && !self.doc.has_link(cells[0])));
                // A row of column names ("When | What", "Year | Title |
                // Venue") heads the table's columns: no entry.
                let column_names =
                    cells.len() >= 2 && cells.iter().all(|&c| self.doc.is(c, &["th"]));
                if header {
                    self.group = Some(self.heading_text(cells[0]));
                } else if column_names {
                    continue;
                } else if let Some(records) = self.record_run(r) {
                    self.walk_blocks(&records, 1);
                } else {
                    self.push(vec![r], true);
                }
            }
        }
    }

    fn is_group_heading_cell(&self, cell: usize) -> bool {
        let kids: Vec<usize> = self
            .doc
            .children(cell)
            .filter(|&c| self.doc.has_text(c))
            .collect();
        kids.len() == 1
            && (heading_level(self.doc, kids[0]).is_some() || self.is_group_heading(kids[0]))
    }

    /// Inline flow split at `<br>`: at every break with `single_breaks`
    /// (news lines, or publications whose every line is a whole citation),
    /// else only at a blank line (two breaks).
    fn lines(&mut self, nodes: &[usize], single_breaks: bool) {
        let mut runs: Vec<(Vec<usize>, usize)> = vec![(Vec::new(), 0)];
        for &n in nodes {
            if self.doc.is(n, &["br"]) {
                runs.last_mut().expect("runs is never empty").1 += 1;
                continue;
            }
            if self.doc.text_node(n).is_some_and(|t| t.trim().is_empty()) {
                continue;
            }
            let block = self.doc.is_block(n) || self.has_block_child(n);
            let breaks = runs.last().map_or(0, |r| r.1);
            let last_empty = runs.last().is_none_or(|r| r.0.is_empty());
            let split = if single_breaks {
                breaks >= 1
            } else {
                breaks >= 2
            };
            if !last_empty && (split || block) {
                runs.push((Vec::new(), 0));
            } else if let Some(r) = runs.last_mut() {
                r.1 = 0;
            }
            if block && self.is_group_heading(n) {
                self.flush(&mut runs);
                self.group = Some(self.heading_text(n));
                continue;
            }
            // A list among the lines (an introduction, then the papers):
            // its entries are the records, not the list as one line.
            if self.doc.is(n, LIST)
                && self
                    .doc
                    .children(n)
                    .filter(|&c| self.doc.is(c, &["li"]))
                    .nth(1)
                    .is_some()
            {
                // A short line just before the list is its label ("Journal Papers").
                runs.retain(|r| !r.0.is_empty());
                let label = runs.last().map(|r| r.0.clone()).filter(|nodes| {
                    !nodes.iter().any(|&k| self.doc.has_link(k))
                        && self.doc.texts(nodes).split_whitespace().count() <= 8
                });
                if label.is_some() {
                    runs.pop();
                }
                self.flush(&mut runs);
                if let Some(nodes) = label {
                    let t = self.doc.texts(&nodes);
                    self.group = Some(t.trim().trim_end_matches(':').trim().to_string());
                }
                self.list_items(n);
                continue;
            }
            runs.last_mut().expect("runs is never empty").0.push(n);
            if block {
                runs.push((Vec::new(), 0));
            }
        }
        self.flush(&mut runs);
    }

    fn flush(&mut self, runs: &mut Vec<(Vec<usize>, usize)>) {
        let filled: Vec<Vec<usize>> = runs
            .drain(..)
            .map(|r| r.0)
            .filter(|r| !r.is_empty())
            .collect();
        let structural = filled.len() >= 2;
        for r in filled {
            match self.label_line(&r) {
                Some(label) => self.group = Some(label),
                None => self.push(r, structural),
            }
        }
        runs.push((Vec::new(), 0));
    }

    /// Blocks separated by horizontal rules: each segment is an item, a segment that is only a heading is a group.
    fn segments(&mut self, nodes: &[usize]) {
        let mut seg: Vec<usize> = Vec::new();
        let mut all: Vec<Vec<usize>> = Vec::new();
        for &n in nodes {
            if self.doc.is(n, &["hr"]) {
                all.push(std::mem::take(&mut seg));
            } else if !self.doc.is(n, &["br"]) {
                seg.push(n);
            }
        }
        all.push(seg);
        all.retain(|s| s.iter().any(|&n| self.doc.has_text(n)));
        // Text before the first rule that is shaped unlike the entries is an introduction.
        if all.len() >= 3 {
            let shape = |s: &Vec<usize>| -> Vec<Option<String>> {
                s.iter()
                    .filter(|&&n| self.doc.has_text(n))
                    .map(|&n| {
                        self.signature(n)
                            .or_else(|| Some(self.doc.name(n).to_string()))
                    })
                    .collect()
            };
            let first = shape(&all[0]);
            let same = all[1..].iter().filter(|s| shape(s) == first).count();
            let common = all[1..]
                .iter()
                .filter(|s| shape(s) == shape(&all[1]))
                .count();
            if same == 0 && common * 2 > all.len() - 1 {
                all.remove(0);
            }
        }
        for seg in all.into_iter() {
            let heads: Vec<usize> = seg
                .iter()
                .copied()
                .filter(|&n| heading_level(self.doc, n).is_some())
                .collect();
            let texty: Vec<usize> = seg
                .iter()
                .copied()
                .filter(|&n| self.doc.has_text(n))
                .collect();
            if !texty.is_empty() && texty.iter().all(|n| heads.contains(n)) {
                self.group = Some(self.heading_text(*texty.last().expect("non-empty")));
                continue;
            }
            // Leading short headings label the segment's group; the item starts at the first other block.
            let mut start = 0;
            while start < seg.len()
                && heading_level(self.doc, seg[start]).is_some()
                && !self.is_title_heading(seg[start])
                && heads.len() >= 2
            {
                self.group = Some(self.heading_text(seg[start]));
                start += 1;
            }
            // A rule under each subheading, not between entries: the
            // segment holds a run of entries (paper boxes, a list of
            // citations) of its own.
            let blocks: Vec<usize> = seg[start..]
                .iter()
                .copied()
                .filter(|&n| self.doc.has_text(n) && !self.is_inline(n))
                .collect();
            // (Blocks of the run each cite a paper: a paper written over
            // several paragraphs between rules is one entry.)
            let cites =
                |b: usize| super::evidence::cites_a_paper(self.doc, &self.doc.text(b), &[b]);
            let holds_run = blocks.len() >= 2
                && blocks.len()
                    == seg[start..]
                        .iter()
                        .filter(|&&n| self.doc.has_text(n))
                        .count()
                && (self.dominant_signature(&blocks).is_some_and(|rep| {
                    blocks
                        .iter()
                        .filter(|&&b| self.signature_is(b, &rep))
                        .all(|&b| cites(b))
                }) || blocks
                    .iter()
                    .any(|&b| self.doc.is(b, LIST) && self.lists_citations(b)));
            if holds_run {
                self.walk_blocks(&seg[start..], 1);
            } else {
                self.push(seg[start..].to_vec(), true);
            }
        }
    }

    /// Title headings each followed by their paragraphs; short headings between them are groups.
    fn heading_runs(&mut self, nodes: &[usize]) {
        let mut cur: Vec<usize> = Vec::new();
        for &n in nodes {
            if self.doc.is(n, &["hr", "br"]) {
                continue;
            }
            if heading_level(self.doc, n).is_some() {
                if !cur.is_empty() {
                    self.push(std::mem::take(&mut cur), true);
                }
                if self.is_title_heading(n) {
                    cur.push(n);
                } else {
                    self.group = Some(self.heading_text(n));
                }
            } else if !cur.is_empty() {
                cur.push(n);
            }
        }
        if !cur.is_empty() {
            self.push(cur, true);
        }
    }
}

/// Whether two signatures (`name.class.class`) name the same element and
/// mostly the same classes.
fn similar_signatures(a: &str, b: &str) -> bool {
    let (Some((na, ca)), Some((nb, cb))) = (a.split_once('.'), b.split_once('.')) else {
        return false;
    };
    na == nb && similar_classes(ca, cb)
}

/// Whether two class lists (dot-joined or as written) share at least half of all the
/// classes either has (and at least one): the classes that say what a
/// block is, with some that say which category or state it is in.
pub(super) fn similar_classes(a: &str, b: &str) -> bool {
    // Asked of every block beside a run, so nothing is allocated. Class
    // lists come dot-joined (signatures) or as written (spaces).
    fn classes(s: &str) -> impl Iterator<Item = &str> {
        s.split(['.', ' ', '\t', '\n']).filter(|c| !c.is_empty())
    }
    let shared = classes(a).filter(|c| classes(b).any(|d| d == *c)).count();
    // A class saying where a block is that the other block lacks
    // (`views-row-1` beside `views-row-2`) says nothing of what it is.
    let placed = |x: &str, y: &str| {
        classes(x)
            .filter(|c| is_positional(c) && !classes(y).any(|d| d == *c))
            .count()
    };
    let union = classes(a).count() + classes(b).count() - shared - placed(a, b) - placed(b, a);
    shared > 0 && shared * 2 >= union
}

/// A class that says where a block is among its siblings, not what it is
/// (`views-row-3`, `item-odd`, `row-first`, `last`), as CMS views and
/// templates number their rows.
fn is_positional(class: &str) -> bool {
    let last = class.rsplit(['-', '_']).next().unwrap_or(class);
    (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
        || matches!(last, "odd" | "even" | "first" | "last")
}

/// Whether a class of element `i`, split at `-` and `_`, has a word satisfying `pred`
/// (words are lowercased; most already are, so they are rarely copied).
pub fn has_class_word(doc: &Doc, i: usize, pred: impl Fn(&str) -> bool) -> bool {
    doc.el(i)
        .and_then(|e| e.attr("class"))
        .is_some_and(|c| attr_has_word(c, true, &pred))
}

/// Whether a word of an attribute value satisfies `pred`: the value split at
/// `-` and `_` (and at whitespace when `spaced`, as class lists are), words
/// lowercased. ASCII values (nearly all) are split bytewise, without copies.
pub fn attr_has_word(value: &str, spaced: bool, pred: &impl Fn(&str) -> bool) -> bool {
    let test = |w: &str| {
        !w.is_empty()
            && if w.bytes().any(|b| b.is_ascii_uppercase()) {
                pred(&w.to_ascii_lowercase())
            } else {
                pred(w)
            }
    };
    if !value.is_ascii() {
        return if spaced {
            value
                .split_whitespace()
                .flat_map(|c| c.split(['-', '_']))
                .any(test)
        } else {
            value.split(['-', '_']).any(test)
        };
    }
    // The ASCII part of `char::is_whitespace`.
    let sep =
        |b: u8| b == b'-' || b == b'_' || (spaced && (b == b' ' || (0x09..=0x0d).contains(&b)));
    value.split(|c: char| sep(c as u8)).any(test)
}

/// A label such as "2024" or "2020 and before".
pub fn is_year_label(text: &str) -> bool {
    let t = text.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    is_year(first) && t.split_whitespace().count() <= 4
}

/// Whether the text mentions a year of this or the last century (a run of
/// exactly four digits starting 19 or 20), as citations do.
pub fn mentions_year(text: &str) -> bool {
    // Over bytes: every record's text is asked, and no byte of a multibyte
    // character is an ASCII digit, so runs of digits are the same.
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 && matches!(&b[start..start + 2], b"19" | b"20") {
            return true;
        }
    }
    false
}

/// A year standing alone ("2024", "2024:"), 1000-2999: a year subheading.
pub fn is_year(text: &str) -> bool {
    // Asked of every word of every title candidate: no trimming for the
    // words that cannot be one or need none.
    let t = match text.len() {
        0..4 => return false,
        4 => text,
        _ => text.trim().trim_end_matches(':').trim(),
    };
    t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) && t.starts_with(['1', '2'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_year_reads_runs_of_digits() {
        for (t, want) in [
            ("CVPR 2024", true),
            ("in 1998.", true),
            ("12024 and 202", false),
            ("２０２４ 年", false),
            ("v2019x", true),
            ("３2021", true),
            ("1899, 2100", false),
            ("", false),
            ("é2020é", true),
        ] {
            let split = t
                .split(|c: char| !c.is_ascii_digit())
                .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
            assert_eq!(mentions_year(t), want, "{t:?}");
            assert_eq!(split, want, "{t:?} as split reads it");
        }
    }
}
