//! Trying and adding sources: the starter config `init` writes, the
//! `[[source]]` table `add` appends, and a name for a page that was not
//! given one.
//!
//! Edits go through toml_edit, so a user's comments, order and layout
//! survive `scholarfeed add`; the edited text is parsed as a config before
//! it is written, so `add` can never leave a config that will not load.

use std::path::Path;

use anyhow::{Context, Result};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

/// The shipped feeds.toml up to its first source: every setting with its
/// default and comment, and the commented example of a source. Taken from
/// the file itself so the two cannot drift apart.
pub fn starter_config() -> String {
    const SHIPPED: &str = include_str!("../feeds.toml");
    let cut = SHIPPED
        .match_indices("[[source]]")
        .find(|(i, _)| *i == 0 || SHIPPED.as_bytes()[i - 1] == b'\n')
        .map_or(SHIPPED.len(), |(i, _)| i);
    let mut text = SHIPPED[..cut].trim_end().to_string();
    text.push_str(
        "\n\n# Add homepages with `scholarfeed add URL --name \"Jane Doe\"` (it shows\n\
         # what it finds on the page first), or write [[source]] tables here.\n",
    );
    text
}

/// What `add` writes for a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    /// The person's name, as feeds will show it.
    pub name: String,
    /// The homepage, as the user gave it (normalised).
    pub url: String,
    /// A news selector, when the user gave one.
    pub news: Option<String>,
    /// A publications selector, when the user gave one.
    pub publications: Option<String>,
}

/// `config_text` with `source` appended as a `[[source]]` table, everything
/// else as it was. Refused (with the config error) when the result would
/// not load, e.g. a name or URL already followed.
pub fn add_source(
    config_text: &str,
    origin: &str,
    base_dir: &Path,
    source: &NewSource,
) -> Result<String> {
    let mut doc: DocumentMut = config_text
        .parse()
        .with_context(|| format!("{origin} is not valid TOML"))?;
    let mut table = Table::new();
    table.insert("name", value(source.name.as_str()));
    table.insert("url", value(source.url.as_str()));
    if let Some(s) = &source.news {
        table.insert("news", value(s.as_str()));
    }
    if let Some(s) = &source.publications {
        table.insert("publications", value(s.as_str()));
    }
    match doc.get_mut("source") {
        Some(Item::ArrayOfTables(sources)) => sources.push(table),
        Some(_) => anyhow::bail!("{origin}: `source` is not a list of [[source]] tables"),
        None => {
            // The comments at the end of a config without sources (the
            // starter's notes on writing a [[source]]) go above the first
            // one, instead of ending up below every source added.
            let trailer = doc.trailing().as_str().unwrap_or_default().to_string();
            if !trailer.trim().is_empty() {
                table
                    .decor_mut()
                    .set_prefix(format!("\n{}\n", trailer.trim_matches('\n')));
                doc.set_trailing("");
            }
            let mut sources = ArrayOfTables::new();
            sources.push(table);
            doc.insert("source", Item::ArrayOfTables(sources));
        }
    }
    let mut text = doc.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    crate::config::parse(&text, origin, base_dir).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(text)
}

/// A name for a page added without `--name`: its HTML `<title>`, Markdown
/// front matter `title`, or first `# ` heading, without a " | Homepage"
/// tail; `None` when that is missing or reads like a section ("🔥 News",
/// "About me") rather than a person, so the caller asks for `--name`.
pub fn guess_name(body: &str) -> Option<String> {
    let candidates = [
        html_title(body),
        front_matter_title(body),
        first_heading(body),
    ];
    candidates.into_iter().flatten().find_map(|t| {
        let end = [" | ", " - ", " – ", " — ", " · "]
            .iter()
            .filter_map(|sep| t.find(sep))
            .min()
            .unwrap_or(t.len());
        let name = t[..end].trim().to_string();
        (name.chars().any(char::is_alphabetic)
            && name.chars().count() <= 80
            && !reads_like_a_section(&name))
        .then_some(name)
    })
}

/// Headings and titles that name a part of a page, not its owner.
fn reads_like_a_section(text: &str) -> bool {
    const WORDS: [&str; 22] = [
        "about",
        "academic",
        "bio",
        "biography",
        "blog",
        "contact",
        "cv",
        "home",
        "homepage",
        "me",
        "news",
        "page",
        "papers",
        "personal",
        "projects",
        "publication",
        "publications",
        "research",
        "selected",
        "teaching",
        "updates",
        "welcome",
    ];
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.is_empty() || words.iter().all(|w| WORDS.contains(&w.as_str()))
}

fn html_title(body: &str) -> Option<String> {
    if !body.contains("<title") && !body.contains("<TITLE") {
        return None;
    }
    let doc = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse("title").expect("constant selector");
    let title = doc.select(&selector).next()?.text().collect::<String>();
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

fn front_matter_title(body: &str) -> Option<String> {
    let rest = body.strip_prefix("---")?;
    for line in rest.lines().skip(1) {
        if line.trim() == "---" {
            break;
        }
        if let Some(t) = line.strip_prefix("title:") {
            let t = t.trim().trim_matches(['"', '\'']).trim();
            if !t.is_empty() {
                return Some(t.to_string());
            }
        }
    }
    None
}

fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "# My feeds\n\n[settings]\n# where\noutput_dir = \"public\"  # keep\n\n\
                          [[source]]\nname = \"A\"\nurl = \"https://a.org/\"\n\n# the end\n";

    fn source(name: &str, url: &str) -> NewSource {
        NewSource {
            name: name.into(),
            url: url.into(),
            news: None,
            publications: None,
        }
    }

    #[test]
    fn adding_keeps_comments_and_layout_and_appends_one_table() {
        let mut s = source("Jane Doe", "https://jane.example/");
        s.news = Some("#news li".into());
        let text = add_source(CONFIG, "feeds.toml", Path::new("/etc/sf"), &s).unwrap();
        assert!(
            text.starts_with(CONFIG.trim_end_matches("\n# the end\n")),
            "{text}"
        );
        assert!(
            text.contains("# My feeds") && text.contains("# keep") && text.contains("# the end")
        );
        // After the last source, before the file's closing comment.
        assert!(
            text.ends_with(
                "url = \"https://a.org/\"\n\n[[source]]\nname = \"Jane Doe\"\nurl = \"https://jane.example/\"\nnews = \"#news li\"\n\n# the end\n"
            ),
            "{text}"
        );
        let c = crate::config::parse(&text, "feeds.toml", Path::new("/etc/sf")).unwrap();
        assert_eq!(c.sources.len(), 2);
    }

    #[test]
    fn adding_what_would_not_load_is_refused() {
        let e = add_source(
            CONFIG,
            "feeds.toml",
            Path::new("/"),
            &source("a", "https://b.org/"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("duplicate source name"), "{e}");
        let e = add_source(
            CONFIG,
            "feeds.toml",
            Path::new("/"),
            &source("B", "https://a.org/"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("the same url as another source"), "{e}");
        let mut bad = source("B", "https://b.org/");
        bad.news = Some("div[[[".into());
        let e = add_source(CONFIG, "feeds.toml", Path::new("/"), &bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("CSS selector syntax error"), "{e}");
    }

    #[test]
    fn adding_to_a_config_without_sources() {
        let starter = starter_config();
        let one = add_source(
            &starter,
            "feeds.toml",
            Path::new("/"),
            &source("A", "https://a.org/"),
        )
        .unwrap();
        let two = add_source(
            &one,
            "feeds.toml",
            Path::new("/"),
            &source("B", "https://b.org/"),
        )
        .unwrap();
        let c = crate::config::parse(&two, "feeds.toml", Path::new("/")).unwrap();
        assert_eq!(c.sources.len(), 2);
        // The notes on writing sources stay above them, and the sources
        // come in the order they were added, at the end.
        let notes = two.find("# One [[source]] per homepage.").unwrap();
        let a = two.find("name = \"A\"").unwrap();
        let b = two.find("name = \"B\"").unwrap();
        assert!(notes < a && a < b, "{two}");
        assert!(
            two.ends_with("[[source]]\nname = \"B\"\nurl = \"https://b.org/\"\n"),
            "{two}"
        );
    }

    #[test]
    fn the_starter_config_loads_with_every_setting_and_no_source() {
        let text = starter_config();
        let c = crate::config::parse(&text, "feeds.toml", Path::new("/")).unwrap();
        assert!(c.sources.is_empty());
        assert!(text.contains("on_first_crawl = \"baseline\""));
        assert!(
            text.contains("# id = \"jane-doe\""),
            "the commented example stays"
        );
    }

    #[test]
    fn names_come_from_the_page_or_are_asked_for() {
        let name = |body: &str| guess_name(body);
        assert_eq!(
            name("<html><head><title>Jane Doe | Homepage</title></head></html>").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(
            name("---\nlayout: about\ntitle: \"Jane Doe\"\n---\n# About\n").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(name("# Jane Doe\n\n## News\n").as_deref(), Some("Jane Doe"));
        // AcadHomepage: an empty front matter title, and a section first.
        assert_eq!(
            name("---\ntitle: \"\"\n---\n\n# 🔥 News\n- 2025: x\n"),
            None
        );
        assert_eq!(name("<title>About Me</title>"), None);
        assert_eq!(name("<p>no title</p>"), None);
    }
}
