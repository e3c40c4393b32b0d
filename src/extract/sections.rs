//! Finds where the News and Publications sections of a page are.
//!
//! A section starts at a heading whose text names it (in several languages,
//! behind emoji or mojibake) and runs until the next heading of the same or
//! a higher level, or until the container that holds the heading ends,
//! whichever comes first. Heading-like elements count too (`div.title`, a
//! bold-only paragraph, a custom `<heading>` tag), but only when their text
//! is a known section name: otherwise every paper title in a `div.title`
//! would cut the section short. When no heading names a section, a container
//! whose id or class says `news` / `publications` stands in for it.

use super::dom::Doc;
use super::items::attr_has_word;

/// What a heading's text says the section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// News, Updates, Neuigkeiten, 新闻...
    News,
    /// Publications, Papers, 論文...
    Publications,
    /// "Research": publications only if the content is a list of papers.
    Research,
    /// A section we know is neither (Teaching, Awards, Projects...): it bounds others.
    Other,
    /// Not a recognised section name.
    Unknown,
}

const NEWS_WORDS: &[&str] = &[
    "news",
    "updates",
    "update",
    "announcements",
    "announcement",
    // German
    "neuigkeiten",
    "aktuelles",
    "neues",
    // French, Spanish, Italian, Portuguese, Dutch
    "actualités",
    "actualites",
    "nouvelles",
    "noticias",
    "novedades",
    "notizie",
    "novità",
    "notícias",
    "novidades",
    "nieuws",
    // Polish, Russian, Ukrainian
    "aktualności",
    "aktualnosci",
    "новости",
    "новини",
    // Czech, Slovak, Scandinavian, Finnish, Hungarian, Romanian, Catalan
    "novinky",
    "aktuality",
    "nyheter",
    "nyheder",
    "uutiset",
    "ajankohtaista",
    "hírek",
    "știri",
    "stiri",
    "noutăți",
    "noutati",
    "notícies",
    // Turkish, Indonesian/Malay, Greek
    "haberler",
    "duyurular",
    "berita",
    "pengumuman",
    "νέα",
    "ανακοινώσεις",
    // Arabic, Persian, Hebrew, Hindi
    "الأخبار",
    "الاخبار",
    "أخبار",
    "اخبار",
    "المستجدات",
    "חדשות",
    "समाचार",
];
/// Names of two or more words (Vietnamese writes each syllable apart):
/// matched as a run of a heading's words.
const NEWS_PHRASES: &[&str] = &["tin tức", "thông báo", "tin mới"];
const PUB_PHRASES: &[&str] = &["công bố", "bài báo", "công trình khoa học"];
const PUB_WORDS: &[&str] = &[
    "publications",
    "publication",
    "papers",
    "preprints",
    "preprint",
    "bibliography",
    // "Selected Scholarship" in law and the humanities ("Scholarships"
    // are awards).
    "scholarship",
    // German, French, Spanish
    "publikationen",
    "veröffentlichungen",
    "publicaciones",
    "pubblicazioni",
    "publicações",
    "publicacions",
    "publicaties",
    "publikationer",
    "publikacje",
    "публикации",
    "публікації",
    "статьи",
    // Czech, Slovak, Finnish, Hungarian, Romanian, Norwegian, Greek
    "publikace",
    "publikácie",
    "julkaisut",
    "publikációk",
    "publicații",
    "publicatii",
    "publikasjoner",
    "δημοσιεύσεις",
    // Turkish, Indonesian/Malay
    "yayınlar",
    "yayinlar",
    "yayınlarım",
    "publikasi",
    "penerbitan",
    // Arabic, Persian, Hebrew, Hindi
    "المنشورات",
    "منشورات",
    "انتشارات",
    "פרסומים",
    "प्रकाशन",
];
/// Chinese, Japanese and Korean section names, matched inside the heading
/// (these scripts put no spaces between words).
const CJK_NEWS: &[&str] = &[
    // Thai writes no spaces either.
    "ข่าว",
    "新闻",
    "动态",
    "消息",
    "通知",
    "公告",
    "新着",
    "お知らせ",
    "ニュース",
    "新聞",
    "動態",
    "소식",
    "뉴스",
    "공지",
];
const CJK_PUBS: &[&str] = &[
    "ผลงานตีพิมพ์",
    "การตีพิมพ์",
    "论文",
    "發表",
    "发表",
    "出版物",
    "論文",
    "業績",
    "研究成果",
    "논문",
    "출판",
    "연구실적",
    "国際会議",
    "国内会議",
];
/// Sections that are neither, in the same scripts: patents, awards,
/// teaching, projects, students, team, education, experience, talks,
/// service, contact, friends, grants, biographies.
const CJK_OTHER: &[&str] = &[
    "简介",
    "簡介",
    "プロフィール",
    "略歴",
    "소개",
    "약력",
    "专利",
    "獲獎",
    "获奖",
    "奖励",
    "荣誉",
    "教学",
    "授课",
    "项目",
    "学生",
    "团队",
    "教育",
    "经历",
    "服务",
    "联系",
    "友情",
    "特許",
    "受賞",
    "経歴",
    "教育",
    "講演",
    "競争的資金",
    "資金",
    "研究費",
    "学歴",
    "職歴",
    "リンク",
    "특허",
    "수상",
    "경력",
    "교육",
    "강의",
    "프로젝트",
    "연락처",
];
const OTHER_WORDS: &[&str] = &[
    "teaching",
    "awards",
    "award",
    "scholarships",
    "fellowships",
    "honors",
    "honours",
    "service",
    "services",
    "experience",
    "education",
    "educations",
    "projects",
    "project",
    "talks",
    "talk",
    "students",
    "team",
    "contact",
    "biography",
    "bio",
    "about",
    "interests",
    "interest",
    "misc",
    "skills",
    "grants",
    "funding",
    "people",
    "members",
    "openings",
    "positions",
    "opportunities",
    "reviewing",
    "activities",
    "internships",
    "software",
    "softwares",
    "resources",
    "courses",
    "presentations",
    "media",
    "press",
    "collaborators",
    "mentoring",
    "supervision",
    "volunteer",
    "employment",
    "links",
    "blog",
    "posts",
    "hobbies",
    "personal",
    "vitae",
    "cv",
    "contests",
    "contest",
    "competitions",
    "competition",
    "friends",
    "artifacts",
    "systems",
    "tools",
    "datasets",
    "code",
    "invited",
    "outreach",
    // German
    "lehre",
    "auszeichnungen",
    "projekte",
    "lebenslauf",
    "kontakt",
    "patente",
    "betreuung",
    // French, Spanish, Portuguese, Italian
    "enseignement",
    "projets",
    "docencia",
    "enseñanza",
    "proyectos",
    "premios",
    "contacto",
    "ensino",
    "projetos",
    "contato",
    "didattica",
    "progetti",
    "contatti",
    // Russian
    "преподавание",
    "курсы",
    "награды",
    "проекты",
    "гранты",
    "контакты",
    "образование",
    "студенты",
    "доклады",
    // Turkish, Indonesian, Arabic, Persian
    "dersler",
    "projeler",
    "ödüller",
    "eğitim",
    "iletişim",
    "öğrenciler",
    "deneyim",
    "özgeçmiş",
    "pengajaran",
    "penghargaan",
    "proyek",
    "kontak",
    "pendidikan",
    "التدريس",
    "الجوائز",
    "المشاريع",
    "التعليم",
    "اتصل",
    "تدریس",
    "جوایز",
    "پروژه‌ها",
    // Vietnamese (one syllable each)
    "giảng",
    "dạy",
    "thưởng",
    "dự",
    "liên",
];

/// Words a heading over a list of papers may use without naming them
/// ("Research Highlights", "Selected Work"): publications only when the
/// records are citations.
const RESEARCH_WORDS: &[&str] = &[
    "research",
    "highlights",
    "featured",
    "work",
    "works",
    "selected",
    "recent",
    "latest",
    "my",
    // "Research Outputs", as British universities name the list.
    "output",
    "outputs",
    // "Work in Progress", "Selected Writings", "Books and Chapters": law
    // and the humanities name their papers so.
    "in",
    "progress",
    "writings",
    "working",
    "and",
    "books",
    "book",
    "chapters",
    "essays",
    // "Journal Articles", "Artículos": papers by another name, which
    // blogs also use; publications only when the records cite papers.
    "journal",
    "articles",
    "artículos",
    "artigos",
    "articoli",
    "makaleler",
    "bildiriler",
    // Portuguese CVs (Lattes): "Produção bibliográfica", "Produções".
    "produção",
    "produções",
    "producao",
    "producoes",
    "bibliográfica",
    "makalah",
    "مقالات",
    "الأبحاث",
    "البحوث",
];

/// The part of a heading that names it, lowercased: cut at the first
/// bracket, colon or bar (what follows is a remark such as "(Full list...)").
fn heading_head(text: &str) -> String {
    let cut = text
        .find(['(', '[', '|', ':', '（', '：', '—'])
        .unwrap_or(text.len());
    let head = &text[..cut];
    let head = if head.trim().is_empty() { text } else { head };
    head.to_lowercase()
}

/// Words of a lowercased heading head: runs of letters/digits.
fn heading_words(head: &str) -> Vec<&str> {
    head.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        // Mojibake of an emoji ("üî¥") is a word of Latin-1 letters alone;
        // "Actualités" or "Veröffentlichungen" have ASCII letters too.
        .filter(|w| w.chars().any(|c| c.is_ascii() || u32::from(c) > 0xff))
        .collect()
}

/// A word list in sorted order, for binary search. `classify` looks each
/// of a heading's words up in four lists of 40-120 names (written grouped
/// by language), and scanning them was most of its cost.
struct Vocabulary {
    words: &'static [&'static str],
    sorted: std::sync::OnceLock<Vec<&'static str>>,
}

impl Vocabulary {
    const fn new(words: &'static [&'static str]) -> Vocabulary {
        Vocabulary {
            words,
            sorted: std::sync::OnceLock::new(),
        }
    }

    fn has(&self, word: &str) -> bool {
        self.sorted
            .get_or_init(|| {
                let mut sorted = self.words.to_vec();
                sorted.sort_unstable();
                sorted
            })
            .binary_search(&word)
            .is_ok()
    }
}

static NEWS: Vocabulary = Vocabulary::new(NEWS_WORDS);
static PUBS: Vocabulary = Vocabulary::new(PUB_WORDS);
static OTHER: Vocabulary = Vocabulary::new(OTHER_WORDS);
static RESEARCH: Vocabulary = Vocabulary::new(RESEARCH_WORDS);

/// Classifies a heading's text.
pub fn classify(text: &str) -> Named {
    // The CJK names (none of them ASCII: see the test) cannot occur in
    // ASCII text, which most headings and titles are: that skips dozens of
    // substring scans per call.
    let has_cjk = |set: &[&str]| !text.is_ascii() && set.iter().any(|w| text.contains(w));
    if has_cjk(CJK_PUBS) {
        return Named::Publications;
    }
    if has_cjk(CJK_NEWS) {
        return Named::News;
    }
    if has_cjk(CJK_OTHER) {
        return Named::Other;
    }
    let head = heading_head(text);
    let words = heading_words(&head);
    if words.is_empty() || words.len() > 6 {
        return Named::Unknown;
    }
    let has = |set: &Vocabulary| words.iter().any(|w| set.has(w));
    let whats_new = words
        .windows(2)
        .any(|w| (w[0] == "whats" || w[0] == "s") && w[1] == "new")
        || words
            .windows(3)
            .any(|w| w[0] == "quoi" && w[1] == "de" && w[2] == "neuf")
        || words
            .windows(3)
            .any(|w| w[0] == "what" && w[1] == "s" && w[2] == "new");
    let phrase = |set: &[&str]| {
        !head.is_ascii() && {
            let joined = format!(" {} ", words.join(" "));
            set.iter().any(|p| joined.contains(&format!(" {p} ")))
        }
    };
    // "Work in Progress", "Works in Progress": papers not yet out, as
    // economists and lawyers list them (no venue, so no citation to tell).
    let in_progress = words
        .windows(3)
        .any(|w| matches!(w[0], "work" | "works") && w[1] == "in" && w[2] == "progress");
    if has(&PUBS) || phrase(PUB_PHRASES) || in_progress {
        return Named::Publications;
    }
    // "New Info": announcements by another name.
    let announces = words
        .windows(2)
        .any(|w| w[0] == "new" && matches!(w[1], "info" | "information"));
    // "Recent", "Latest" alone: what happened lately (papers say so:
    // "Recent Publications").
    let lately = words
        .iter()
        .all(|w| matches!(*w, "recent" | "recently" | "latest" | "lately"));
    if has(&NEWS) || whats_new || announces || lately || phrase(NEWS_PHRASES) {
        return Named::News;
    }
    if words.iter().all(|w| RESEARCH.has(w))
        && words
            .iter()
            .any(|w| !matches!(*w, "selected" | "recent" | "latest" | "my"))
    {
        return Named::Research;
    }
    // Other sections are named briefly; a long heading that merely starts with
    // "Talk-to-Edit:" is a paper title.
    let whole = text.split_whitespace().count();
    if whole <= 5 && (has(&OTHER) || words.contains(&"research")) {
        return Named::Other;
    }
    Named::Unknown
}

/// A heading found on the page.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The heading element's arena index.
    pub node: usize,
    /// 1-6 for `h1`-`h6`; larger numbers for heading-like elements, which rank below real headings.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// What its words name.
    pub named: Named,
}

const TITLE_CLASS_WORDS: &[&str] = &["title", "heading", "header", "caption"];

/// Whether a word of element `i`'s classes or id (split at `-` and `_`) satisfies `pred`.
fn has_word(doc: &Doc, i: usize, pred: impl Fn(&str) -> bool) -> bool {
    doc.el(i).is_some_and(|e| {
        e.attr("class")
            .is_some_and(|c| attr_has_word(c, true, &pred))
            || e.attr("id")
                .is_some_and(|id| attr_has_word(id, false, &pred))
    })
}

/// Level of a heading or heading-like element; `None` for ordinary elements.
pub fn heading_level(doc: &Doc, i: usize) -> Option<u8> {
    let e = doc.el(i)?;
    match e.name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        "heading" => Some(3),
        _ => None,
    }
}

/// Heading-like elements that are not `h1`-`h6`: only trusted when their text is a known name.
fn heading_like_level(doc: &Doc, i: usize) -> Option<u8> {
    let e = doc.el(i)?;
    if !matches!(
        e.name,
        "div"
            | "span"
            | "p"
            | "header"
            | "strong"
            | "b"
            | "section"
            | "td"
            | "th"
            | "summary"
            | "button"
    ) {
        return None;
    }
    // A button that opens a section ("Publications" toggling a collapsed
    // block), or that stands over one as its label, names it as a heading
    // would; one that acts on nothing on the page and heads nothing (a
    // toast's closing "Update" button, which reloads the page) does not.
    let toggles = || {
        e.attrs().any(|(name, _)| {
            matches!(name, "aria-controls" | "aria-expanded" | "onclick")
                || (name.starts_with("data-")
                    && (name.ends_with("target") || name.ends_with("toggle")))
        })
    };
    let heads_content = || {
        doc.parent(i).is_some_and(|p| {
            doc.children(p)
                .skip_while(|&c| c != i)
                .skip(1)
                .any(|c| doc.has_text(c) && doc.is_block(c))
        })
    };
    if e.name == "summary"
        || (e.name == "button" && (toggles() || heads_content()))
        || has_word(doc, i, |w| TITLE_CLASS_WORDS.contains(&w))
    {
        let sub = has_word(doc, i, |w| w == "sub" || w == "subtitle");
        return Some(if sub { 8 } else { 7 });
    }
    // Bold text on a line of its own, outside any paragraph, as pages
    // written before CSS head their sections (`<font size=+1><b>News</b></font>`
    // between two lists).
    if matches!(e.name, "b" | "strong") && stands_alone(doc, i) {
        return Some(9);
    }
    if e.name == "p" || e.name == "div" {
        // A paragraph that is nothing but bold text, maybe inside the font
        // or span that colours it (`<p><font size=+1><b>News</b></font></p>`).
        let mut cur = i;
        loop {
            let mut kids = doc.children(cur).filter(|&c| doc.has_text(c));
            let (Some(only), None) = (kids.next(), kids.next()) else {
                break;
            };
            if doc.is(only, &["strong", "b"]) {
                return Some(9);
            }
            if !doc.is(only, &["font", "span", "big"]) {
                break;
            }
            cur = only;
        }
        if is_label_line(doc, i) {
            return Some(9);
        }
        if e.name == "div" && is_named_label_div(doc, i) {
            return Some(9);
        }
    }
    None
}

/// A `div` whose whole text is a short section name, before a block of
/// content: a heading styled by the stylesheet alone (`<div class=bt>代表性论文</div>`
/// on Chinese university CMS pages), with no tag, bold or class word to say so.
fn is_named_label_div(doc: &Doc, i: usize) -> bool {
    let mut kids = doc.children(i).filter(|&c| doc.has_text(c));
    let (Some(only), None) = (kids.next(), kids.next()) else {
        return false;
    };
    if doc.el(only).is_some() || doc.words_upto(i, 5) > 4 {
        return false;
    }
    let text = doc.text(i);
    if text.chars().count() > 30 || matches!(classify(&text), Named::Unknown | Named::Research) {
        return false;
    }
    let next = doc.parent(i).and_then(|p| {
        doc.children(p)
            .skip_while(|&c| c != i)
            .skip(1)
            .find(|&c| doc.has_text(c))
    });
    next.is_some_and(|n| doc.is_block(n) && doc.words_upto(n, 6) > 5)
}

/// Whether inline element `i`, with the inline elements wrapping only it,
/// is a line of its own between blocks: what stands beside it is a block
/// (not a line break) or nothing, never text.
fn stands_alone(doc: &Doc, i: usize) -> bool {
    // Asked of every bold element on the page: a heading line is short,
    // and most bold text (titles, names in author lists) is decided by
    // its first neighbours, so nothing is collected.
    if doc.words_upto(i, 6) > 6 {
        return false;
    }
    let mut cur = i;
    while let Some(p) = doc.parent(cur) {
        if doc.is_block(p) || doc.children(p).any(|c| c != cur && doc.has_text(c)) {
            break;
        }
        cur = p;
    }
    let Some(p) = doc.parent(cur) else {
        return false;
    };
    // A line break after it makes it the first line of a block (a record's
    // bold title over its text), not a line between blocks.
    let edge = |c: usize| doc.is_block(c) && !doc.is(c, &["br"]);
    let (mut prev, mut next, mut seen) = (None, None, false);
    // What follows on the same line may be a remark in brackets
    // ("Recent Publications (complete list at DBLP)"), as `heading_head` cuts.
    let mut remark = String::new();
    for c in doc.children(p) {
        if c == cur {
            seen = true;
        } else if !(doc.has_content(c) || doc.is(c, &["br"])) {
        } else if !seen {
            prev = Some(c);
        } else if doc.is_block(c) {
            next = Some(c);
            break;
        } else {
            remark.push_str(&doc.text(c));
            if remark.len() > 200 {
                return false;
            }
        }
    }
    let remark = remark.trim();
    let remark_ok = remark.is_empty()
        || (remark.starts_with('(')
            && remark.ends_with(')')
            && remark.split_whitespace().count() <= 8);
    // Block siblings on both sides, and not the only thing in its block
    // (a paragraph or cell of bold text is handled as such).
    (prev.is_some() || next.is_some() || !remark.is_empty())
        && remark_ok
        && prev.is_none_or(edge)
        && next.is_none_or(edge)
}

/// A label line: a paragraph of a few words ending in a colon ("Selected
/// works:"), what a page without markup for headings writes before a list.
/// A weaker sign than a heading, since the same form introduces lists that
/// are neither ("Review papers for:"), so it names publications only when
/// the records cite papers (as "Research" does).
fn is_label_line(doc: &Doc, i: usize) -> bool {
    // Asked of every paragraph on the page: the colon is looked for in the
    // last text run before any text is collected.
    let last_text = (i..doc.end(i))
        .rev()
        .find_map(|j| doc.text_node(j).filter(|t| !t.trim().is_empty()));
    doc.is(i, &["p", "div"])
        && last_text.is_some_and(|t| t.trim_end().ends_with([':', '：']))
        && doc.words_upto(i, 4) <= 4
        && !doc.has_link(i)
}

/// A heading's text without the permalink mark that documentation
/// generators append to it (Sphinx and MkDocs `¶`, `§`, a link icon, a
/// spaced `#`): it is not part of the name the reader sees as a label.
pub fn without_permalink(mut text: String) -> String {
    loop {
        let t = text.trim_end();
        let cut = t
            .strip_suffix(['¶', '§', '🔗'])
            .or_else(|| t.strip_suffix(" #"))
            .map(str::len);
        match cut {
            Some(n) if n > 0 => text.truncate(n),
            _ => {
                let n = t.len();
                text.truncate(n);
                return text;
            }
        }
    }
}

/// Every heading on the page, in document order, with its classification.
pub fn headings(doc: &Doc) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        if let Some(level) = heading_level(doc, i) {
            let mut text = without_permalink(doc.text(i));
            if text.is_empty() {
                text = image_label(doc, i).unwrap_or_default();
            }
            if !text.is_empty() {
                let named = match classify(&text) {
                    Named::Unknown => Named::Unknown,
                    _ if titles_a_repeated_record(doc, i, &text) => Named::Unknown,
                    named => named,
                };
                out.push(Heading {
                    node: i,
                    level,
                    named,
                    text,
                });
            }
            i = doc.end(i);
            continue;
        }
        // A line of nothing but images, the first captioned (`<p><img
        // alt="Latest News"> <img alt=""></p>`, as CMS banners head their
        // sections): named by its caption, when the caption names one.
        if doc.is(i, &["p", "div"])
            && !doc.has_text(i)
            && doc.end(i) - i <= 6
            && let Some(alt) = image_label(doc, i)
            && matches!(classify(&alt), Named::News | Named::Publications)
        {
            out.push(Heading {
                node: i,
                level: 7,
                named: classify(&alt),
                text: alt,
            });
            i = doc.end(i);
            continue;
        }
        let holds_heading = || (i + 1..doc.end(i)).any(|j| heading_level(doc, j).is_some());
        // A menu ("About Posts Papers CV" in a `<header>`) names pages, not
        // a section here: two links or more, or a list, and it is one.
        let is_menu = || {
            (i + 1..doc.end(i))
                .filter(|&j| doc.is(j, &["a"]))
                .nth(1)
                .is_some()
                || (i + 1..doc.end(i)).any(|j| doc.is(j, &["ul", "ol", "nav"]))
        };
        // More than ten words is never a heading: a long block's text is not collected.
        if let Some(level) = heading_like_level(doc, i)
            .filter(|_| !holds_heading())
            .filter(|_| doc.words_upto(i, 10) <= 10)
            .filter(|_| !is_menu())
        {
            let text = doc.text(i);
            let named = match classify(&text) {
                Named::Publications if is_label_line(doc, i) => Named::Research,
                named => named,
            };
            if named != Named::Unknown && text.split_whitespace().count() <= 10 {
                out.push(Heading {
                    node: i,
                    level,
                    named,
                    text,
                });
                i = doc.end(i);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The caption of the first image inside `i` that has one: the heading's
/// text when the heading is an image ("Latest News" drawn as a banner).
fn image_label(doc: &Doc, i: usize) -> Option<String> {
    (i + 1..doc.end(i))
        .filter(|&j| doc.is(j, &["img"]))
        .find_map(|j| doc.el(j)?.attr("alt"))
        .map(super::dom::collapse)
        .filter(|alt| !alt.is_empty())
}

/// The preorder range a section heading governs: `[start, end)`.
///
/// Bounded by the next heading that outranks it and by the end of the
/// container holding the heading; when the next thing after that container
/// is one of our sub-headings (a year list split over several containers),
/// the section carries on into the next container.
pub fn region(doc: &Doc, all: &[Heading], h: &Heading) -> (usize, usize) {
    let start = doc.end(h.node);
    let mut anchor = h.node;
    let mut from = start;
    loop {
        let container_end = container_end(doc, anchor, from);
        for g in all
            .iter()
            .filter(|g| g.node >= from && g.node < container_end)
        {
            if ends(h, g) && !titles_a_record(doc, h.node, g) {
                return (start, g.node);
            }
        }
        let next_text = (container_end..doc.len())
            .find(|&j| doc.text_node(j).is_some_and(|t| !t.trim().is_empty()));
        let Some(t) = next_text else {
            return (start, container_end);
        };
        match all.iter().find(|g| doc.contains(g.node, t)) {
            Some(g) if g.level > h.level && g.level <= 6 && !ends(h, g) => {
                anchor = g.node;
                from = doc.end(g.node);
            }
            _ => return (start, container_end),
        }
    }
}

/// The wider reading of a section: from its heading to the next heading
/// that ends it, wherever that is, across the containers that bound
/// [`region`]. Taken when the container holds nothing but an introduction
/// and the records follow in the next block (a heading in one table, its
/// papers as rows of the next).
pub fn region_to_next_heading(doc: &Doc, all: &[Heading], h: &Heading) -> (usize, usize) {
    let start = doc.end(h.node);
    let end = all
        .iter()
        .find(|g| g.node >= start && ends(h, g) && !titles_a_record(doc, h.node, g))
        .map_or(doc.len(), |g| g.node);
    (start, end)
}

/// The same element with the same or mostly the same classes.
fn alike_blocks(doc: &Doc, a: usize, b: usize) -> bool {
    match (doc.el(a), doc.el(b)) {
        (Some(x), Some(y)) => {
            x.name == y.name
                && (x.class_attr() == y.class_attr()
                    || super::items::similar_classes(x.class_attr(), y.class_attr()))
        }
        _ => false,
    }
}

/// Whether block `b` has a sibling alike with an element named `name` inside.
fn repeats_with(doc: &Doc, b: usize, name: &str) -> bool {
    doc.parent(b).is_some_and(|p| {
        doc.children(p)
            .filter(|&s| s != b)
            .any(|s| alike_blocks(doc, s, b) && (s + 1..doc.end(s)).any(|j| doc.name(j) == name))
    })
}

/// Whether heading `i`, which is more than a section name, titles one of
/// a run of repeated records (a blog's post entries, each `<article>`
/// titled by its `<h2>`): then "Two papers at EMNLP 2023" is a post's
/// title, not a Publications section. Asked up to four levels up.
fn titles_a_repeated_record(doc: &Doc, i: usize, text: &str) -> bool {
    // CJK names are matched inside the heading, not word by word: a short
    // one ("联系方式") is a name.
    // (Before a gloss in brackets: "논문 (Publications)", "お知らせ (News)".)
    let head = text.find(['(', '（']).map_or(text, |k| &text[..k]);
    let short_cjk = !head.is_ascii() && !head.trim().is_empty() && head.trim().chars().count() <= 8;
    if is_only_a_name(text) || short_cjk {
        return false;
    }
    let name = doc.name(i);
    let mut cur = i;
    for _ in 0..4 {
        let Some(p) = doc.parent(cur) else {
            return false;
        };
        let Some(pp) = doc.parent(p) else {
            return false;
        };
        // The like blocks beside `p`, by the first such heading inside.
        let titles: Vec<String> = doc
            .children(pp)
            .filter(|&s| s != p && alike_blocks(doc, s, p))
            .filter_map(|s| (s + 1..doc.end(s)).find(|&j| doc.name(j) == name))
            .map(|j| doc.text(j))
            .collect();
        if !titles.is_empty() {
            // Blocks that are sections (News, Teaching, ...) are named so;
            // posts and cards mostly are not.
            let unnamed = titles
                .iter()
                .filter(|t| classify(t) == Named::Unknown)
                .count();
            return unnamed * 2 > titles.len();
        }
        cur = p;
    }
    false
}

/// Whether heading `g`, met in the section of the heading at node `h`,
/// titles one of a run of records rather than opening a section of its
/// own: one of `g`'s ancestors has a sibling of the same element and
/// mostly the same classes with an element like `g` inside. Cards titled
/// "Invited talk at JSM 2025" or "NSF CAREER award", or a list of papers
/// each titled by an `h2` under an `h2` "Publications", are records, not
/// Talks or Awards sections or sections of their own that end the first.
///
/// Two shapes are not records: sections built as repeated blocks
/// (`<section class=part><h2>News</h2>…</section><section class=part>…`),
/// where the run includes the block that holds `h` itself; and a heading
/// that is nothing but a section name ("Talks", "Honors and Awards").
fn titles_a_record(doc: &Doc, h: usize, g: &Heading) -> bool {
    if is_only_a_name(&g.text) {
        return false;
    }
    let name = doc.name(g.node);
    let alike = |a: usize, b: usize| alike_blocks(doc, a, b);
    let repeats = |b: usize| repeats_with(doc, b, name);
    let mut cur = g.node;
    while let Some(p) = doc.parent(cur) {
        let top = doc.contains(p, h);
        if cur != g.node && repeats(cur) {
            // Beside the section's own heading: a run of records only if
            // the block holding that heading is not one of the run.
            return !top
                || doc
                    .children(p)
                    .find(|&c| doc.contains(c, h))
                    .is_some_and(|hb| !alike(hb, cur));
        }
        if top {
            return false;
        }
        cur = p;
    }
    false
}

/// Words that may join section names in a heading ("Honors and Awards").
const NAME_GLUE: &[&str] = &["and", "of", "the", "in", "for", "s"];

/// Whether a heading says nothing but a section's name: every word is one
/// the section vocabularies know, or joins them.
fn is_only_a_name(text: &str) -> bool {
    let head = heading_head(text);
    let words = heading_words(&head);
    !words.is_empty()
        && words.iter().all(|w| {
            [&NEWS, &PUBS, &OTHER, &RESEARCH]
                .iter()
                .any(|set| set.has(w))
                || NAME_GLUE.contains(w)
        })
}

/// Whether heading `g`, met after `h`, ends `h`'s section.
fn ends(h: &Heading, g: &Heading) -> bool {
    // A year ("2024") labels a group of the section's records, even at the
    // section heading's own level (jekyll-scholar writes `<h2>2024</h2>`
    // under `<h2>Publications</h2>`).
    if g.named == Named::Unknown && super::items::is_year_label(&g.text) {
        return false;
    }
    // An empty anchor (`<a name=pubs>`) is the weakest of headings: any
    // heading that names a section ends its region.
    if h.text.is_empty() && g.named != Named::Unknown {
        return true;
    }
    let other_kind = match (h.named, g.named) {
        (Named::News, Named::Publications | Named::Research) => true,
        (Named::Publications | Named::Research, Named::News) => true,
        (_, Named::Other) => g.level <= h.level.max(6),
        _ => false,
    };
    // Pseudo-headings rank below every real heading, so only named headings end their sections.
    let outranks = g.level <= h.level && (h.level <= 6 || g.named != Named::Unknown);
    outranks || other_kind
}

/// End of the smallest ancestor of `anchor` that has visible content after `from`.
fn container_end(doc: &Doc, anchor: usize, from: usize) -> usize {
    let mut a = doc.parent(anchor);
    while let Some(p) = a {
        let end = doc.end(p);
        let mut j = from;
        while j < end {
            if doc.has_content(j) {
                return end;
            }
            j = doc.end(j);
        }
        a = doc.parent(p);
    }
    doc.len()
}

/// Empty anchors (`<span id="news"></span>`, `<a name="publications">`) that mark
/// where a section starts when it has no heading text, as pseudo-headings;
/// and headings whose id names the section when their text does not (an
/// anchor for the menu, `<h2 id="publications">المنشورات العلمية</h2>` in
/// a language we do not know): the section runs from them as from a heading.
pub fn anchors(doc: &Doc, news: bool) -> Vec<Heading> {
    let wanted: &[&str] = if news {
        &["news"]
    } else {
        &["publications", "pubs", "papers"]
    };
    let named = if news {
        Named::News
    } else {
        Named::Publications
    };
    (0..doc.len())
        // Empty elements first: they are few, and the id test copies.
        .filter(|&i| {
            (!doc.has_content(i) || heading_level(doc, i).is_some())
                && doc.el(i).is_some_and(|e| {
                    let id = e
                        .attr("id")
                        .or_else(|| e.attr("name"))
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    id.split(['-', '_']).any(|w| wanted.contains(&w))
                })
        })
        .map(|i| match heading_level(doc, i) {
            Some(level) => Heading {
                node: i,
                level,
                text: without_permalink(doc.text(i)),
                named,
            },
            None => Heading {
                node: i,
                level: 7,
                text: String::new(),
                named,
            },
        })
        .collect()
}

/// Outermost elements whose id or class says they hold a section, when no heading does.
///
/// With `ids_only`, only an element's id counts (see the caller: beside a
/// section a heading names, a class is too weak a sign), which also spares
/// reading every element's classes.
pub fn containers(doc: &Doc, news: bool, ids_only: bool) -> Vec<(usize, usize)> {
    let wanted: &[&str] = if news {
        &["news"]
    } else {
        &["publications", "pubs", "papers", "bibliography"]
    };
    let named = |i: usize| {
        if ids_only {
            doc.el(i)
                .and_then(|e| e.attr("id"))
                .is_some_and(|id| attr_has_word(id, false, &|w: &str| wanted.contains(&w)))
        } else {
            has_word(doc, i, |w| wanted.contains(&w))
        }
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        // A heading so named is an anchor (see `anchors`), not a container.
        if doc.has_text(i) && named(i) && heading_level(doc, i).is_none() {
            // Sibling matches (one element per item) make one region together.
            let parent = doc.parent(i);
            match out.last_mut() {
                Some((s, e)) if doc.parent(*s) == parent && parent.is_some() && *e <= i => {
                    *e = doc.end(i)
                }
                _ => out.push((i, doc.end(i))),
            }
            i = doc.end(i);
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_names_are_not_ascii() {
        // `classify` skips these lists for ASCII text.
        for w in CJK_PUBS.iter().chain(CJK_NEWS).chain(CJK_OTHER) {
            assert!(!w.is_ascii(), "{w:?} is ASCII");
        }
    }

    #[test]
    fn names_in_many_forms() {
        for t in [
            "News",
            "🔥 News",
            "üî• News",
            "Recent News",
            "Latest News",
            "News and updates",
            "Updates",
            "What's New",
            "Announcements",
            "新闻",
            "最新动态",
            "NEWS [Twitter]",
            "Recent",
            "Latest:",
            "Actualités",
            "Quoi de neuf ?",
            "Noticias",
        ] {
            assert_eq!(classify(t), Named::News, "{t}");
        }
        for t in [
            "Publications",
            "📝 Selected Publications",
            "Recent Publications",
            "Papers",
            "Latest Preprints",
            "论文",
            "发表论文",
            "Highlighted Publications (Full List of Publications and Google Scholar)",
            "Publications & Patents",
            "SELECTED PUBLICATIONS",
            "Veröffentlichungen",
            "Pubblicazioni",
        ] {
            assert_eq!(classify(t), Named::Publications, "{t}");
        }
        assert_eq!(classify("Research"), Named::Research);
        for t in [
            "Teaching",
            "Awards",
            "Experience",
            "Service",
            "Open-source Projects (Selected)",
            "Research Interests",
            "Talks & Presentations",
        ] {
            assert_eq!(classify(t), Named::Other, "{t}");
        }
        assert_eq!(
            classify("Home · Research · Publications · Softwares · Team · Services · Awards"),
            Named::Unknown
        );
    }
}
