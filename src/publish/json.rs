//! JSON Feed 1.1 rendering of a [`FeedDoc`] (same ids as Atom and RSS).
//! Serialized from structs so the key order, and so the bytes, are stable.

use serde::Serialize;

use super::FeedDoc;

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: String,
    description: &'a str,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    date_published: String,
    date_modified: String,
    authors: Vec<JsonAuthor<'a>>,
    tags: [&'static str; 1],
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    url: &'a str,
}

pub(crate) fn render(doc: &FeedDoc) -> Vec<u8> {
    let rfc3339 =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &doc.title,
        home_page_url: doc.home.as_str(),
        feed_url: doc.self_json.to_string(),
        description: &doc.description,
        items: doc
            .entries
            .iter()
            .map(|e| JsonItem {
                id: &e.id,
                url: &e.link,
                title: &e.title,
                content_html: &e.content_html,
                date_published: rfc3339(e.published),
                date_modified: rfc3339(e.updated),
                authors: e
                    .authors
                    .iter()
                    .map(|a| JsonAuthor {
                        name: &a.name,
                        url: &a.uri,
                    })
                    .collect(),
                tags: [e.category],
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&feed).expect("JSON feed serializes");
    out.push(b'\n');
    out
}
