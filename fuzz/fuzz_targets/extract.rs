//! Extraction must never panic, whatever the page: every format, any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scholarfeed::extract::{Overrides, detect_format, extract};
use scholarfeed::model::Format;

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let url = url::Url::parse("https://example.org/~me/").expect("valid URL");
    let _ = detect_format(None, &url, &body);
    for format in [Format::Html, Format::Markdown, Format::Feed] {
        let _ = extract(&body, format, &url, &Overrides::default());
    }
});
