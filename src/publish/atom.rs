//! Atom 1.0 (RFC 4287) rendering of a [`FeedDoc`].

use atom_syndication::{Category, Content, Entry, Feed, Generator, Link, Person, Text};

use super::{FeedDoc, GENERATOR};

fn link(href: &str, rel: &str, mime: Option<&str>) -> Link {
    let mut l = Link::default();
    l.set_href(href);
    l.set_rel(rel);
    l.set_mime_type(mime.map(str::to_string));
    l
}

fn person(name: &str, uri: Option<&str>) -> Person {
    let mut p = Person::default();
    p.set_name(name);
    p.set_uri(uri.map(str::to_string));
    p
}

pub(crate) fn render(doc: &FeedDoc) -> Vec<u8> {
    let mut feed = Feed::default();
    feed.set_id(doc.id.clone());
    feed.set_title(Text::plain(doc.title.clone()));
    feed.set_subtitle(Some(Text::plain(doc.description.clone())));
    feed.set_updated(doc.updated.fixed_offset());
    feed.set_authors(vec![person("scholarfeed", None)]);
    feed.set_links(vec![
        link(doc.self_atom.as_str(), "self", Some("application/atom+xml")),
        link(doc.home.as_str(), "alternate", Some("text/html")),
    ]);
    feed.set_generator(Some(Generator {
        value: "scholarfeed".into(),
        uri: Some(env!("CARGO_PKG_REPOSITORY").into()),
        version: Some(GENERATOR.trim_start_matches("scholarfeed ").into()),
    }));
    let entries = doc
        .entries
        .iter()
        .map(|e| {
            let mut entry = Entry::default();
            entry.set_id(e.id.clone());
            entry.set_title(Text::plain(e.title.clone()));
            entry.set_updated(e.updated.fixed_offset());
            entry.set_published(Some(e.published.fixed_offset()));
            entry.set_authors(
                e.authors
                    .iter()
                    .map(|a| person(&a.name, Some(&a.uri)))
                    .collect::<Vec<_>>(),
            );
            entry.set_links(vec![link(&e.link, "alternate", None)]);
            entry.set_categories(vec![Category {
                term: e.category.into(),
                scheme: None,
                label: Some(e.category.into()),
            }]);
            let mut content = Content::default();
            content.set_content_type(Some("html".to_string()));
            content.set_value(Some(e.content_html.clone()));
            entry.set_content(Some(content));
            entry
        })
        .collect::<Vec<_>>();
    feed.set_entries(entries);
    super::with_declaration(feed.to_string())
}
