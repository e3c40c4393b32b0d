//! The binary as a user runs it: commands, messages and exit codes, on a
//! homepage written to a temporary directory (file paths only: no network).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A homepage with two news lines and three papers under the headings a
/// template would use.
const PAGE: &str = "# Jane Doe\n\n## News\n\n\
**2026.03**: Our paper on sparse attention was accepted at ICML 2026.\n\n\
**2026.01**: Joined the Example Lab as a postdoc.\n\n\
## Publications\n\n\
1. J. Doe, A. Smith. **Sparse Attention at Scale**. ICML 2026. [PDF](sparse.pdf)\n\
2. J. Doe, B. Jones. **Careful Studies of Careful Things**. NeurIPS 2025.\n\
3. A. Smith, J. Doe. **A Third Paper With a Title**. ACL 2024.\n";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A config following `about.md` (written from `page`) with `settings` added.
    fn new(page: &str, settings: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("about.md"), page).unwrap();
        std::fs::write(
            dir.path().join("feeds.toml"),
            format!(
                "[settings]\nsite_url = \"https://feeds.example.org/\"\n{settings}\n\
                 [[source]]\nname = \"Jane Doe\"\nurl = \"about.md\"\n"
            ),
        )
        .unwrap();
        Site { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn run(&self, args: &[&str]) -> Output {
        run_in(self.dir.path(), args, &[])
    }
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scholarfeed"));
    c.current_dir(dir).args(args).env_remove("RUST_LOG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_typo_in_a_key_is_refused_with_file_line_and_suggestion() {
    let site = Site::new(PAGE, "shedule = \"0 * * * *\"");
    let o = site.run(&["aggregate", "--once"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim(),
        "error: feeds.toml:3: unknown key 'shedule' in [settings]; did you mean 'schedule'?"
    );
    assert!(!site.path("scholarfeed.db").exists(), "nothing written");
}

#[test]
fn an_unwritable_output_dir_is_exit_3_before_anything_is_fetched() {
    // A file where the directory should be: unwritable even for root.
    let site = Site::new(PAGE, "output_dir = \"blocked\"");
    std::fs::write(site.path("blocked"), "not a directory").unwrap();
    let o = site.run(&["aggregate", "--once"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("error: cannot write the feeds to output_dir ")
            && err.contains("blocked")
            && err.contains("nothing was fetched"),
        "{err}"
    );
    assert!(!err.contains("some sources failed"), "{err}");
    assert!(
        !site.path("scholarfeed.db").exists(),
        "nothing fetched or stored"
    );
}

const BASELINE: &str = "baseline: 5 items stored, none announced (on_first_crawl = baseline)";

#[test]
fn the_first_crawl_says_it_stored_a_baseline_everywhere() {
    let site = Site::new(PAGE, "");
    let o = site.run(&["aggregate", "--once"]);
    let log = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{log}");
    assert!(
        log.contains(&format!("Jane Doe: ok: news 2, publications 3; {BASELINE}")),
        "{log}"
    );
    assert!(
        log.contains(&format!("run finished: 1 sources (0 failed); {BASELINE};")),
        "{log}"
    );
    assert!(!log.contains("new 5"), "{log}");

    let status = stdout(&site.run(&["status"]));
    assert!(
        status.contains(&format!("0 failed; {BASELINE}")),
        "{status}"
    );

    // The reader sees the page was read, and what was found where.
    let feed = std::fs::read_to_string(site.path("public/feed.atom")).unwrap();
    assert!(
        feed.contains("<title>Now following Jane Doe: 2 news, 3 publications found</title>"),
        "{feed}"
    );
    assert!(feed.contains("2 items under “News”"), "{feed}");
    let own = std::fs::read_to_string(site.path("public/sources/jane-doe.atom")).unwrap();
    assert!(own.contains("Now following Jane Doe"), "{own}");
    let news = std::fs::read_to_string(site.path("public/news.atom")).unwrap();
    assert!(
        !news.contains("<entry>"),
        "section feeds stay empty: {news}"
    );
}

#[test]
fn each_new_updated_and_removed_item_is_logged_by_name() {
    let site = Site::new(PAGE, "");
    assert_eq!(site.run(&["aggregate", "--once"]).status.code(), Some(0));
    let edited = PAGE
        .replace(
            "## News\n\n",
            "## News\n\n**2026.04**: Gave a talk at the Example Workshop.\n\n",
        )
        .replace(
            "Careful Studies of Careful Things",
            "Careful Studies of Very Careful Things",
        )
        .replace(
            "3. A. Smith, J. Doe. **A Third Paper With a Title**. ACL 2024.\n",
            "",
        );
    std::fs::write(site.path("about.md"), edited).unwrap();
    let o = site.run(&["aggregate", "--once"]);
    let log = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{log}");
    assert!(log.contains("new 1, updated 1, removed 1"), "{log}");
    for line in [
        "Jane Doe: new news: \"2026.04: Gave a talk at the Example Workshop.\"",
        "Jane Doe: updated publications: \"Careful Studies of Very Careful Things\": \"… (nothing) …\" → \"… Very …\"",
        "Jane Doe: removed publications: \"A Third Paper With a Title\"",
    ] {
        assert!(log.contains(line), "no {line:?} in\n{log}");
    }
}

#[test]
fn debug_logging_shows_our_lines_not_the_html_parsers() {
    let html = "<html><body><h2>News</h2><ul><li>2026-03: Paper accepted at ICML.</li>\
                <li>2026-01: Joined the lab.</li><li>2025-11: Gave a talk.</li></ul></body></html>";
    let html_site = || {
        let site = Site::new("", "");
        let cfg = std::fs::read_to_string(site.path("feeds.toml"))
            .unwrap()
            .replace("about.md", "index.html");
        std::fs::write(site.path("feeds.toml"), cfg).unwrap();
        std::fs::write(site.path("index.html"), html).unwrap();
        site
    };
    type Env<'a> = &'a [(&'a str, &'a str)];
    let runs: [(&[&str], Env); 2] = [
        (&["aggregate", "--once", "-v"], &[]),
        (&["aggregate", "--once"], &[("RUST_LOG", "debug")]),
    ];
    for (args, env) in runs {
        let site = html_site();
        let log = stderr(&run_in(site.dir.path(), args, env));
        assert!(log.contains("Jane Doe: fetched file://"), "{args:?}: {log}");
        assert!(
            log.contains("Jane Doe: news section under \"News\": 3 items"),
            "{args:?}: {log}"
        );
        assert!(
            log.lines()
                .all(|l| l.contains("INFO") || l.contains("DEBUG")),
            "{args:?}: {log}"
        );
        assert!(
            log.lines().count() < 15,
            "{args:?}: dependencies' debug lines leak: {log}"
        );
    }
    // The same run with every target at debug is what the filter spares us.
    let site = html_site();
    let log = stderr(&run_in(
        site.dir.path(),
        &["aggregate", "--once"],
        &[("RUST_LOG", "debug,scholarfeed=debug")],
    ));
    assert!(log.lines().count() >= 15, "{log}");
    // -q: a clean run says nothing.
    let o = html_site().run(&["aggregate", "--once", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "");
}

/// Regression: `scholarfeed status | head` ended with "error: Broken
/// pipe" and exit status 1.
#[test]
fn status_into_a_closed_pipe_ends_quietly() {
    let site = Site::new(PAGE, "");
    assert_eq!(site.run(&["aggregate", "--once"]).status.code(), Some(0));
    // Far more than a pipe holds (64 KiB), so writing must meet the closed end.
    let mut many = String::from("[settings]\n");
    for i in 0..3000 {
        many.push_str(&format!(
            "[[source]]\nname = \"Person {i:04} with a long name\"\nurl = \"p{i}.md\"\n"
        ));
    }
    std::fs::write(site.path("many.toml"), many).unwrap();
    for args in [
        &["status", "-c", "many.toml"][..],
        &["status", "-c", "many.toml", "--json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
            .current_dir(site.dir.path())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

fn entry_ids(feed: &str) -> Vec<String> {
    feed.split("<id>")
        .skip(2) // the feed's own id
        .map(|rest| rest[..rest.find("</id>").unwrap()].to_string())
        .collect()
}

/// Regression: renaming a source made a new baseline, and removing one
/// left its files and its entries in the merged feeds.
#[test]
fn a_renamed_source_stays_itself_and_a_removed_one_leaves_the_feeds() {
    let site = Site::new(PAGE, "on_first_crawl = \"publish\"");
    let cfg = std::fs::read_to_string(site.path("feeds.toml")).unwrap();
    let o = site.run(&["aggregate", "--once"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let merged = || std::fs::read_to_string(site.path("public/feed.atom")).unwrap();
    let ids = entry_ids(&merged());
    assert_eq!(ids.len(), 5 + 1, "{ids:?}");

    // Renamed: same items and entry ids, no baseline; its own feed follows the name.
    std::fs::write(
        site.path("feeds.toml"),
        cfg.replace("name = \"Jane Doe\"", "name = \"Jane Q. Doe\""),
    )
    .unwrap();
    let o = site.run(&["aggregate", "--once"]);
    let log = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{log}");
    assert!(!log.contains("baseline") && !log.contains("new 5"), "{log}");
    assert_eq!(entry_ids(&merged()), ids);
    assert!(merged().contains("<name>Jane Q. Doe</name>"));
    assert!(site.path("public/sources/jane-q-doe.atom").is_file());
    assert!(!site.path("public/sources/jane-doe.atom").exists());
    let status = stdout(&site.run(&["status"]));
    assert!(
        status.contains("Jane Q. Doe") && status.contains("news 2, publications 3"),
        "{status}"
    );

    // Removed: out of the feeds and the sources/ directory, kept in the store.
    std::fs::write(
        site.path("other.md"),
        "## News\n\n**2026.02**: Started a blog.\n",
    )
    .unwrap();
    std::fs::write(
        site.path("feeds.toml"),
        cfg.replace(
            "name = \"Jane Doe\"\nurl = \"about.md\"",
            "name = \"Other\"\nurl = \"other.md\"",
        ),
    )
    .unwrap();
    let o = site.run(&["aggregate", "--once"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!merged().contains("Jane"), "{}", merged());
    let files: Vec<String> = std::fs::read_dir(site.path("public/sources"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().all(|f| f.starts_with("other.")), "{files:?}");

    // Added back: its entries return, with the same ids, and no new baseline.
    std::fs::write(site.path("feeds.toml"), &cfg).unwrap();
    let o = site.run(&["aggregate", "--once"]);
    assert!(!stderr(&o).contains("baseline"), "{}", stderr(&o));
    assert_eq!(entry_ids(&merged()), ids);
}

#[test]
fn completions_and_the_man_page_come_from_the_real_options() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["completions", "bash"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bash = stdout(&o);
    assert!(bash.contains("_scholarfeed()"), "{bash}");
    for word in [
        "aggregate",
        "status",
        "--config",
        "--once",
        "--json",
        "completions",
    ] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    let o = run_in(dir.path(), &["completions", "zsh"], &[]);
    assert!(stdout(&o).starts_with("#compdef scholarfeed"));
    let o = run_in(dir.path(), &["man"], &[]);
    let man = stdout(&o);
    assert_eq!(o.status.code(), Some(0));
    assert!(man.contains(".TH scholarfeed 1"), "{man}");
    assert!(man.contains(".SH SUBCOMMANDS"), "{man}");
    // Each command's options, not only the command list.
    assert!(man.contains(".SH \"SCHOLARFEED STATUS\""), "{man}");
    assert!(man.contains("The config file listing the sources"), "{man}");
    // --help of a subcommand explains each option.
    let help = stdout(&run_in(dir.path(), &["status", "--help"], &[]));
    assert!(
        help.contains("The config file listing the sources"),
        "{help}"
    );
    assert!(help.contains("Print one JSON object per source"), "{help}");
}

#[test]
fn preview_tries_selectors_and_says_how_when_nothing_is_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("page.html"),
        "<html><body><div id=\"updates\"><p>2026-03: Paper accepted at ICML.</p>\
         <p>2026-01: Joined the lab.</p></div></body></html>",
    )
    .unwrap();
    let o = run_in(dir.path(), &["preview", "page.html"], &[]);
    let out = stdout(&o);
    assert!(
        out.contains("no News or Publications section found"),
        "{out}"
    );
    assert!(
        out.contains("scholarfeed preview page.html --news"),
        "{out}"
    );
    let o = run_in(
        dir.path(),
        &["preview", "page.html", "--news", "#updates p"],
        &[],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.contains("== news (\"#updates p\"): 2 items"), "{out}");
    assert!(
        out.contains("(no publications section found; --publications SELECTOR points at it)"),
        "{out}"
    );
    let o = run_in(
        dir.path(),
        &["preview", "page.html", "--news", "div[[["],
        &[],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("--news: CSS selector syntax error"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_then_add_make_a_working_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("about.md"), PAGE).unwrap();
    let o = run_in(dir.path(), &["init"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let starter = std::fs::read_to_string(dir.path().join("feeds.toml")).unwrap();
    assert!(starter.contains("on_first_crawl = \"baseline\""));
    let o = run_in(dir.path(), &["init"], &[]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an existing config is never replaced"
    );

    // Nothing to follow: refused, config untouched.
    std::fs::write(dir.path().join("empty.md"), "# Nobody\n\nJust a page.\n").unwrap();
    let o = run_in(dir.path(), &["add", "empty.md"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("feeds.toml")).unwrap(),
        starter
    );

    let o = run_in(dir.path(), &["add", "about.md"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("== news (\"News\"): 2 items"),
        "the preview first: {out}"
    );
    assert!(out.contains("added \"Jane Doe\" <about.md>"), "{out}");
    let cfg = std::fs::read_to_string(dir.path().join("feeds.toml")).unwrap();
    // Comments and layout kept: every line of the starter, in order.
    let mut lines = cfg.lines();
    for want in starter.lines() {
        assert!(lines.any(|l| l == want), "lost or moved: {want:?}");
    }
    assert!(
        cfg.contains("[[source]]\nname = \"Jane Doe\"\nurl = \"about.md\"\n"),
        "{cfg}"
    );
    // The same page again: refused as a duplicate.
    let o = run_in(
        dir.path(),
        &["add", "about.md", "--name", "Jane Again"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the same url as another source"),
        "{}",
        stderr(&o)
    );

    let o = run_in(dir.path(), &["aggregate", "--once"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Jane Doe: ok: news 2, publications 3"),
        "{}",
        stderr(&o)
    );
}

/// Everything in `dir`: path -> (length, a hash of the bytes).
fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, (usize, u64)> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                let mut h = std::hash::DefaultHasher::new();
                std::hash::Hash::hash(&bytes, &mut h);
                out.insert(p.clone(), (bytes.len(), std::hash::Hasher::finish(&h)));
            }
        }
    }
    out
}

#[test]
fn a_dry_run_shows_what_would_be_announced_and_writes_nothing() {
    let site = Site::new(PAGE, "");
    // First ever run, dry: a baseline, and no database or feeds appear.
    let o = site.run(&["aggregate", "--once", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("Jane Doe: {BASELINE}")),
        "{}",
        stdout(&o)
    );
    assert!(!site.path("scholarfeed.db").exists());
    assert!(!site.path("public").exists());

    assert_eq!(site.run(&["aggregate", "--once"]).status.code(), Some(0));
    std::fs::write(
        site.path("about.md"),
        PAGE.replace(
            "## News\n\n",
            "## News\n\n**2026.04**: Gave a talk at the Example Workshop.\n\n",
        ),
    )
    .unwrap();
    let before = snapshot(site.dir.path());
    let o = site.run(&["aggregate", "--once", "--dry-run"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        out.contains("Jane Doe: new news: \"2026.04: Gave a talk at the Example Workshop.\""),
        "{out}"
    );
    assert!(
        out.contains("would be: new 1, updated 0, removed 0"),
        "{out}"
    );
    assert_eq!(
        snapshot(site.dir.path()),
        before,
        "a dry run writes nothing"
    );
    // The real run then announces exactly that.
    let o = site.run(&["aggregate", "--once"]);
    assert!(
        stderr(&o).contains("Jane Doe: new news: \"2026.04: Gave a talk"),
        "{}",
        stderr(&o)
    );
}

/// A first crawl in publish mode (or a rewritten page) changes many items:
/// ten are listed, the rest counted, all of them at -v.
#[test]
fn many_changes_are_summarised_after_ten() {
    let news: String = (1..=15)
        .map(|d| format!("**2026.01.{d:02}**: Gave talk number {d} at a workshop.\n\n"))
        .collect();
    let site = Site::new(
        &format!("# Jane Doe\n\n## News\n\n{news}"),
        "on_first_crawl = \"publish\"",
    );
    let log = stderr(&site.run(&["aggregate", "--once"]));
    assert_eq!(log.matches("Jane Doe: new news:").count(), 10, "{log}");
    assert!(
        log.contains("Jane Doe: … and 5 more changes (-v lists them all)"),
        "{log}"
    );
    std::fs::remove_file(site.path("scholarfeed.db")).unwrap();
    let log = stderr(&site.run(&["aggregate", "--once", "-v"]));
    assert_eq!(log.matches("Jane Doe: new news:").count(), 15, "{log}");
}
