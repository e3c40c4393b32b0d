//! The lenient date parser must return `None` on garbage, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scholarfeed::extract::dates::{leading_date, parse_date, trailing_date};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = parse_date(s);
        if let Some(l) = leading_date(s) {
            // The label's offsets must be valid char boundaries, in order.
            assert!(l.start <= l.end && l.end <= l.rest && l.rest <= s.len());
            let _ = &s[l.start..l.end];
            let _ = &s[l.rest..];
        }
        if let Some(l) = trailing_date(s) {
            assert!(l.rest == 0 && l.start <= l.end && l.end <= s.len());
            let _ = &s[l.start..l.end];
        }
    }
});
