//! Bytes to text: choosing the character encoding of a fetched document.
//!
//! Owns the order of evidence, which follows what browsers do: a byte order
//! mark, then the `charset` of the Content-Type header, then an in-document
//! declaration (`<meta charset>`, `<meta http-equiv>` or an XML declaration)
//! near the start, then UTF-8 if the bytes are valid UTF-8, then a statistical
//! guess with `chardetng`. It does not parse HTML: a small prescan of the first
//! bytes is all browsers do as well, and it keeps this total and cheap. It
//! never fails and never panics: malformed sequences become U+FFFD, because a
//! page with a few broken bytes is still worth reading.

use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

/// How far into the body an in-document declaration is looked for. The HTML
/// standard says 1024 bytes; real pages put long `<script>` or comment blocks
/// first often enough that a little more is worth it.
const PRESCAN_BYTES: usize = 2048;

/// How much of an undeclared, non-UTF-8 body the detector reads. Detection
/// settles long before this, and bounding it keeps a 5 MiB page cheap.
const DETECT_BYTES: usize = 256 * 1024;

/// Decodes `bytes` and returns the text with the encoding that was used.
///
/// `content_type` is the raw Content-Type header, if any; `host` is the
/// document's host, whose top-level domain tilts the guess for undeclared
/// legacy pages (a `.cn` page is more likely GBK than Big5).
pub(crate) fn decode(
    bytes: &[u8],
    content_type: Option<&str>,
    host: Option<&str>,
) -> (String, &'static Encoding) {
    let declared = content_type
        .and_then(charset_from_content_type)
        .or_else(|| sniff_declaration(bytes));
    let encoding = match declared {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => guess(bytes, host),
    };
    // `Encoding::decode` lets a byte order mark override `encoding`, and
    // reports which encoding it actually used.
    let (text, used, _had_errors) = encoding.decode(bytes);
    (text.into_owned(), used)
}

/// The encoding named by a Content-Type header's `charset` parameter, if it
/// names one that exists.
pub(crate) fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        Encoding::for_label(value.as_bytes())
    })
}

/// The encoding declared inside the document itself: an XML declaration at
/// the very start, or a `<meta>` charset within the first [`PRESCAN_BYTES`].
pub(crate) fn sniff_declaration(bytes: &[u8]) -> Option<&'static Encoding> {
    static XML_DECL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)\A\s*<\?xml[^>]*?\sencoding\s*=\s*["']\s*([a-z0-9_.:\-]+)"#)
            .expect("valid regex")
    });
    // One pattern covers both `<meta charset="x">` and
    // `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"#)
            .expect("valid regex")
    });

    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if let Some(caps) = XML_DECL.captures(head) {
        return Encoding::for_label(&caps[1]);
    }
    let label = META.captures(head)?;
    let encoding = Encoding::for_label(&label[1])?;
    // The HTML standard's fix-ups: a `<meta>` can only have been read if the
    // bytes are ASCII-compatible, so a UTF-16 label is a lie (a real UTF-16
    // page has a BOM), and x-user-defined means windows-1252.
    Some(
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            UTF_8
        } else if encoding == encoding_rs::X_USER_DEFINED {
            WINDOWS_1252
        } else {
            encoding
        },
    )
}

/// Guesses the encoding of undeclared legacy bytes, as Firefox does.
fn guess(bytes: &[u8], host: Option<&str>) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    detector.guess(
        host.and_then(tld).as_deref().map(str::as_bytes),
        Utf8Detection::Allow,
    )
}

/// The top-level domain in the form `chardetng` insists on (it panics on
/// upper case, dots or non-ASCII), or `None` when there is no usable one.
fn tld(host: &str) -> Option<String> {
    let label = host.trim_end_matches('.').rsplit('.').next()?;
    let usable = !label.is_empty()
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.bytes().all(|b| b.is_ascii_digit());
    usable.then(|| label.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{GBK, SHIFT_JIS, UTF_16LE};

    #[test]
    fn content_type_charset_parameter() {
        assert_eq!(
            charset_from_content_type("text/html; charset=ISO-8859-1"),
            Some(WINDOWS_1252)
        );
        assert_eq!(
            charset_from_content_type("text/html;charset=\"gbk\""),
            Some(GBK)
        );
        assert_eq!(
            charset_from_content_type("text/html; q=1; Charset = utf-8 "),
            Some(UTF_8)
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(
            charset_from_content_type("text/html; charset=no-such-thing"),
            None
        );
    }

    #[test]
    fn meta_charset_attribute() {
        let html = b"<!doctype html><html><head><meta charset=\"windows-1252\"><title>x</title>";
        assert_eq!(sniff_declaration(html), Some(WINDOWS_1252));
        assert_eq!(
            sniff_declaration(b"<META CHARSET=Shift_JIS>"),
            Some(SHIFT_JIS)
        );
    }

    #[test]
    fn meta_http_equiv() {
        let html = br#"<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /></head>"#;
        assert_eq!(sniff_declaration(html), Some(GBK));
    }

    #[test]
    fn xml_declaration() {
        let xml = br#"<?xml version="1.0" encoding="ISO-8859-1"?><rss></rss>"#;
        assert_eq!(sniff_declaration(xml), Some(WINDOWS_1252));
    }

    #[test]
    fn meta_after_prescan_window_is_ignored() {
        let mut html = vec![b' '; PRESCAN_BYTES];
        html.extend_from_slice(b"<meta charset=gbk>");
        assert_eq!(sniff_declaration(&html), None);
    }

    #[test]
    fn meta_utf16_means_utf8() {
        assert_eq!(sniff_declaration(b"<meta charset=utf-16>"), Some(UTF_8));
    }

    #[test]
    fn header_wins_over_meta() {
        let html = b"<meta charset=gbk><p>caf\xc3\xa9</p>";
        let (text, used) = decode(html, Some("text/html; charset=utf-8"), None);
        assert_eq!(used, UTF_8);
        assert!(text.contains("café"));
    }

    #[test]
    fn bom_wins_over_header() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "héllo".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let (text, used) = decode(&bytes, Some("text/html; charset=windows-1252"), None);
        assert_eq!(used, UTF_16LE);
        assert_eq!(text, "héllo");
    }

    #[test]
    fn undeclared_utf8_stays_utf8() {
        let (text, used) = decode("naïve — 中文".as_bytes(), Some("text/html"), None);
        assert_eq!(used, UTF_8);
        assert_eq!(text, "naïve — 中文");
    }

    #[test]
    fn undeclared_gbk_is_guessed() {
        let source = "<html><body><h1>新闻</h1><p>我们的论文被国际会议接收。欢迎同学们加入实验室，\
                      共同研究自然语言处理和机器学习。</p></body></html>";
        let (bytes, _, _) = GBK.encode(source);
        let (text, used) = decode(&bytes, None, Some("www.example.edu.cn"));
        assert_eq!(used, GBK);
        assert_eq!(text, source);
    }

    #[test]
    fn tld_is_sanitised_for_chardetng() {
        assert_eq!(tld("Example.CN").as_deref(), Some("cn"));
        assert_eq!(tld("example.org.").as_deref(), Some("org"));
        assert_eq!(tld("127.0.0.1"), None);
        assert_eq!(tld("bücher.de").as_deref(), Some("de"));
        assert_eq!(tld("xn--bcher-kva.xn--p1ai").as_deref(), Some("xn--p1ai"));
        assert_eq!(tld("ex.bücher"), None);
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = fastrand::Rng::with_seed(7);
        for len in [0, 1, 2, 3, 17, 1000, 5000] {
            for _ in 0..20 {
                let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
                let _ = decode(&bytes, None, Some("example.jp"));
                let _ = decode(&bytes, Some("text/html; charset=utf-16be"), None);
            }
        }
    }
}
