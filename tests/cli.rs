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
