//! RSS 2.0 rendering of a [`FeedDoc`], with `atom:link rel="self"` and
//! `dc:creator` for the person (RSS `author` must be an e-mail address).

use std::collections::BTreeMap;

use rss::extension::atom::AtomExtension;
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Guid, Item};

use super::{FeedDoc, GENERATOR};

pub(crate) fn render(doc: &FeedDoc) -> Vec<u8> {
    let mut channel = Channel::default();
    channel.set_title(doc.title.clone());
    channel.set_link(doc.home.to_string());
    channel.set_description(doc.description.clone());
    channel.set_generator(Some(GENERATOR.to_string()));
    channel.set_ttl(Some(doc.ttl_minutes.to_string()));
    channel.set_last_build_date(Some(doc.updated.to_rfc2822()));
    let mut self_link = atom_syndication::Link::default();
    self_link.set_href(doc.self_rss.as_str());
    self_link.set_rel("self");
    self_link.set_mime_type(Some("application/rss+xml".to_string()));
    channel.set_atom_ext(Some(AtomExtension {
        links: vec![self_link],
    }));
    let mut namespaces = BTreeMap::new();
    namespaces.insert(
        "atom".to_string(),
        "http://www.w3.org/2005/Atom".to_string(),
    );
    namespaces.insert(
        "dc".to_string(),
        "http://purl.org/dc/elements/1.1/".to_string(),
    );
    channel.set_namespaces(namespaces);
    let items = doc
        .entries
        .iter()
        .map(|e| {
            let mut item = Item::default();
            item.set_title(Some(e.title.clone()));
            item.set_link(Some(e.link.clone()));
            item.set_guid(Some(Guid {
                value: e.id.clone(),
                permalink: false,
            }));
            item.set_pub_date(Some(e.published.to_rfc2822()));
            item.set_categories(vec![Category {
                name: e.category.into(),
                domain: None,
            }]);
            item.set_description(Some(e.content_html.clone()));
            item.set_dublin_core_ext(Some(DublinCoreExtension {
                creators: e.authors.iter().map(|a| a.name.clone()).collect(),
                ..Default::default()
            }));
            item
        })
        .collect::<Vec<_>>();
    channel.set_items(items);
    super::with_declaration(channel.to_string())
}
