//! Prints what extraction finds in one file: `cargo run --example dump -- PATH [--html]`.

use std::process::ExitCode;

use scholarfeed::extract::{Overrides, detect_format, extract, markdown};
use url::Url;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump PATH [--html]");
        return ExitCode::FAILURE;
    };
    let body = match std::fs::read_to_string(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: reading {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let name = std::path::Path::new(&path)
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("index.html");
    let url = Url::parse(&format!("https://example.org/{name}")).expect("valid URL");
    let format = detect_format(None, &url, &body);
    if std::env::args().any(|a| a == "--html") {
        println!("{}", markdown::to_html(&body));
        return ExitCode::SUCCESS;
    }
    let page = extract(&body, format, &url, &Overrides::default());
    for s in &page.sections {
        println!("== {} {:?} ({} items)", s.kind, s.heading, s.items.len());
        for it in &s.items {
            let text: String = it.text.chars().take(110).collect();
            println!(
                "  - [{}] {:?} | {:?} | {}",
                it.group.as_deref().unwrap_or(""),
                it.date_text,
                it.title,
                text
            );
        }
    }
    ExitCode::SUCCESS
}
