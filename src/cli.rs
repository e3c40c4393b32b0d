//! The command line: clap definitions and one function per command.
//!
//! Commands return an [`ExitStatus`] rather than exiting, so `main` stays a
//! thin shell and tests can call them. Exit codes are a contract
//! (README.md): 0 every source fine, 1 the run completed but some sources
//! failed, 2 a config or usage error, 3 a fatal error (the store or the
//! output directory unusable: nothing, or not everything, was written).

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use url::Url;

use crate::config::{self, Config, ConfigError};
use crate::extract::{self, Overrides};
use crate::fetch::{FetchOutcome, FetchSettings, Fetcher};
use crate::model::{ExitStatus, ExtractedPage, Format, SectionKind, Validators};
use crate::pipeline::{self, RunLock};
use crate::schedule;
use crate::store::{Health, Store};

#[derive(Debug, Parser)]
#[command(
    name = "scholarfeed",
    version,
    about = "Turns researchers' homepages into RSS and Atom feeds"
)]
/// The command line; `main` parses it and calls [`run`].
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// More log detail: -v shows scholarfeed's debug lines, -vv its trace lines.
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Less log detail: -q shows only warnings (failed sources), -qq only errors.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub quiet: u8,
}

/// The tracing filter for a `RUST_LOG` value and the -v/-q counts.
///
/// A bare level (`RUST_LOG=debug`, or -v) applies to scholarfeed only, with
/// every dependency held at `warn`: html5ever alone logs thousands of debug
/// lines per page, which would bury ours. A `RUST_LOG` with directives
/// (`html5ever=debug,scholarfeed=trace`) is taken as written, for whoever
/// really wants a dependency's lines.
pub fn log_filter(rust_log: Option<&str>, verbose: u8, quiet: u8) -> String {
    const LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];
    let rust_log = rust_log.map(str::trim).filter(|v| !v.is_empty());
    if let Some(directives) = rust_log.filter(|v| v.contains(['=', ',', '[']))
        && verbose == 0
        && quiet == 0
    {
        return directives.to_string();
    }
    let base = rust_log
        .and_then(|v| LEVELS.iter().position(|l| l.eq_ignore_ascii_case(v)))
        .unwrap_or(2);
    let level = (base + usize::from(verbose))
        .saturating_sub(usize::from(quiet))
        .min(LEVELS.len() - 1);
    let deps = LEVELS[level.min(1)];
    // html5ever warns about the page's markup ("foster parenting not
    // implemented"): the page's business, not the reader's.
    format!("{deps},html5ever=error,scholarfeed={}", LEVELS[level])
}

impl Cli {
    /// The daemon and `serve`, as opposed to commands that do one thing and
    /// exit: these are the ones whose memory must stay flat (see `memory`).
    pub fn runs_until_stopped(&self) -> bool {
        matches!(
            self.command,
            Command::Aggregate { once: false, .. } | Command::Serve { .. }
        )
    }
}

/// One subcommand; each variant's doc is its `--help` text.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crawl every source in the config, update the store and write the feeds.
    Aggregate {
        /// Crawl once and exit (for cron); without it, run on the config's schedule.
        #[arg(long)]
        once: bool,
        /// The config file; relative paths in it are read from its directory.
        #[arg(long, short, default_value = "feeds.toml", value_name = "FILE")]
        config: PathBuf,
        /// Also serve the output directory over HTTP on this address (daemon only).
        #[arg(long, value_name = "ADDR", conflicts_with = "once")]
        serve: Option<SocketAddr>,
        /// With --once: fetch, extract and compare, print what would be
        /// announced, and write nothing (neither the store nor the feeds).
        #[arg(long, requires = "once")]
        dry_run: bool,
    },
    /// Serve the output directory over HTTP so a reader can subscribe to it.
    Serve {
        /// The config file whose `output_dir` is served.
        #[arg(long, short, default_value = "feeds.toml", value_name = "FILE")]
        config: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        addr: SocketAddr,
    },
    /// Fetch and extract one page and print what would be stored; stores nothing.
    Preview {
        /// An http(s) URL, a file:// URL or a local path.
        #[arg(value_name = "URL or PATH")]
        target: String,
        /// Print the JSON documented in README.md instead of a readable summary.
        #[arg(long)]
        json: bool,
        /// Also show every candidate section: its heading, where its records
        /// are, how many, the evidence, and why it was kept or rejected.
        #[arg(long)]
        explain: bool,
        /// `--news` and `--publications` selectors.
        #[command(flatten)]
        selectors: SelectorArgs,
    },
    /// Preview a homepage and append it as a [[source]] to the config,
    /// keeping the file's comments and layout.
    Add {
        /// The homepage: an http(s) URL, a file:// URL or a local path.
        #[arg(value_name = "URL or PATH")]
        target: String,
        /// The person's name as feeds show it (default: the page's title or
        /// first heading; asked for when those do not name a person).
        #[arg(long)]
        name: Option<String>,
        /// The config file to add to.
        #[arg(long, short, default_value = "feeds.toml", value_name = "FILE")]
        config: PathBuf,
        /// `--news` and `--publications` selectors.
        #[command(flatten)]
        selectors: SelectorArgs,
        /// Add it even though no News or Publications section was found.
        #[arg(long)]
        force: bool,
    },
    /// Write a starter config: every setting with its default and a comment.
    Init {
        /// Where to write it.
        #[arg(long, short, default_value = "feeds.toml", value_name = "FILE")]
        config: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Show each source's health, item counts and next crawl, from the store.
    Status {
        /// The config file listing the sources (and the database) to report on.
        #[arg(long, short, default_value = "feeds.toml", value_name = "FILE")]
        config: PathBuf,
        /// Print one JSON object per source instead of a readable summary.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script, e.g. `scholarfeed completions bash > /etc/bash_completion.d/scholarfeed`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `scholarfeed man > scholarfeed.1`.
    Man,
}

/// The per-source selector overrides, to try before writing them into
/// feeds.toml (where they are `news = ...` and `publications = ...`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SelectorArgs {
    /// CSS selector whose matches are the news items, as `news` in feeds.toml.
    #[arg(long, value_name = "SELECTOR")]
    pub news: Option<String>,
    /// CSS selector whose matches are the publications, as `publications` in feeds.toml.
    #[arg(long, value_name = "SELECTOR")]
    pub publications: Option<String>,
}

impl SelectorArgs {
    fn overrides(&self) -> Result<Overrides> {
        let compile = |s: &Option<String>, flag: &str| -> Result<Option<scraper::Selector>> {
            s.as_deref()
                .map(|t| config::compile_selector(t).map_err(|m| anyhow::anyhow!("--{flag}: {m}")))
                .transpose()
        };
        Ok(Overrides {
            news: compile(&self.news, "news")?,
            publications: compile(&self.publications, "publications")?,
        })
    }
}

/// Whether a command failed only because its output's reader went away
/// (`| head`): Rust ignores SIGPIPE, so writes fail with EPIPE instead of
/// the process ending quietly as a C tool's would.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<ExitStatus> {
    match cli.command {
        Command::Aggregate {
            once,
            config,
            serve,
            dry_run,
        } => {
            let config_path = config;
            let Some(config) = load_config(&config_path).map(Arc::new) else {
                return Ok(ExitStatus::Usage);
            };
            if dry_run {
                return aggregate_dry_run(&config).await;
            }
            if once {
                return aggregate_once(&config).await;
            }
            let server = match serve {
                Some(addr) => {
                    let dir = config.settings.output_dir.clone();
                    let listener = tokio::net::TcpListener::bind(addr)
                        .await
                        .with_context(|| format!("cannot listen on {addr}"))?;
                    tracing::info!("serving {} on http://{addr}/", dir.display());
                    Some(tokio::spawn(async move {
                        crate::serve::serve_listener(&dir, listener, std::future::pending()).await
                    }))
                }
                None => None,
            };
            let status = schedule::run_daemon(config_path, config).await;
            if let Some(task) = server {
                task.abort();
            }
            status
        }
        Command::Serve { config, addr } => {
            let Some(config) = load_config(&config) else {
                return Ok(ExitStatus::Usage);
            };
            crate::serve::serve(&config.settings.output_dir, addr, terminated()).await?;
            Ok(ExitStatus::Ok)
        }
        // A page that cannot be fetched is the page's failure, not ours.
        Command::Preview {
            target,
            json,
            explain,
            selectors,
        } => match preview(&target, json, explain, &selectors).await {
            Ok(status) => Ok(status),
            Err(e) => {
                eprintln!("error: {e:#}");
                Ok(ExitStatus::SourcesFailed)
            }
        },
        Command::Add {
            target,
            name,
            config,
            selectors,
            force,
        } => add(&target, name, &config, &selectors, force).await,
        Command::Init { config, force } => init(&config, force),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "scholarfeed", &mut std::io::stdout());
            Ok(ExitStatus::Ok)
        }
        Command::Man => {
            write_man_page(&mut std::io::stdout().lock())?;
            Ok(ExitStatus::Ok)
        }
        Command::Status { config, json } => {
            let Some(config) = load_config(&config) else {
                return Ok(ExitStatus::Usage);
            };
            // SQLite reads: off the runtime, like every store step.
            pipeline::unblock(move || status(&config, json, Utc::now())).await?
        }
    }
}

/// One manual page for the whole tool: clap_mangen's page for the top
/// level, then each command's synopsis and options (clap_mangen alone
/// would list the commands without their options).
fn write_man_page(out: &mut dyn Write) -> std::io::Result<()> {
    let cmd = <Cli as clap::CommandFactory>::command().name("scholarfeed");
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("scholarfeed {}", sub.get_name());
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        if let Some(about) = sub.get_about() {
            writeln!(out, "{}", about.to_string().replace('-', "\\-"))?;
        }
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut section = Vec::new();
        sub_man.render_synopsis_section(&mut section)?;
        sub_man.render_options_section(&mut section)?;
        // Each command's part as subsections of its own section.
        let text = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
        out.write_all(text.as_bytes())?;
    }
    man.render_version_section(out)?;
    Ok(())
}

/// Resolves on SIGINT or SIGTERM (what systemd sends).
async fn terminated() {
    #[cfg(unix)]
    if let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        return;
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Loads the config, printing a refusal (file, line, key) on failure.
fn load_config(path: &Path) -> Option<Config> {
    match config::load(path) {
        Ok(c) => Some(c),
        Err(e) => {
            let hint = match &e {
                ConfigError::Read { .. } => " (pass --config PATH)",
                _ => "",
            };
            eprintln!("error: {e}{hint}");
            None
        }
    }
}

/// The one-shot crawl.
pub async fn aggregate_once(config: &Arc<Config>) -> Result<ExitStatus> {
    // Before any fetch: a crawl whose feeds cannot be written is wasted.
    pipeline::check_output_dir(&config.settings.output_dir)?;
    let fetcher = Fetcher::new(pipeline::fetch_settings(config))?;
    let _lock = RunLock::acquire(&config.settings.database).await?;
    let now = Utc::now();
    let database = config.settings.database.clone();
    let mut store = pipeline::unblock(move || Store::open(&database, now)).await??;
    let report = pipeline::run_once(config, &fetcher, &mut store, now).await?;
    let failed = report.failed();
    tracing::info!(
        "run finished: {} sources ({} failed); {}; {} feed files written in {}; {:.1} s",
        report.sources.len(),
        failed,
        pipeline::totals_text(
            report.totals.new,
            report.totals.updated,
            report.totals.removed,
            report.totals.baseline
        ),
        report.publish.written.len(),
        config.settings.output_dir.display(),
        report.elapsed.as_secs_f64()
    );
    Ok(if failed == 0 {
        ExitStatus::Ok
    } else {
        ExitStatus::SourcesFailed
    })
}

/// A path or URL given on the command line, as a URL.
/// The same rules as a source `url` in `feeds.toml`, paths relative to the
/// working directory.
pub fn target_url(target: &str) -> Result<Url> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    config::parse_source_url(target, &cwd).map_err(|m| anyhow::anyhow!("{target}: {m}"))
}

/// Fetches and extracts one page.
pub async fn preview_page(target: &str) -> Result<ExtractedPage> {
    Ok(fetch_and_preview(target, &Overrides::default()).await?.0)
}

/// Fetches and extracts one page with `overrides`; also returns the reasons
/// for every candidate section (`--explain`), the body (for a name) and its
/// final URL.
async fn fetch_and_preview(
    target: &str,
    overrides: &Overrides,
) -> Result<(ExtractedPage, Vec<extract::Candidate>, String, Url)> {
    let url = target_url(target)?;
    let fetcher = Fetcher::new(FetchSettings {
        per_host_interval: std::time::Duration::ZERO,
        ..Default::default()
    })?;
    let doc = match fetcher
        .fetch(&url, &Validators::default())
        .await
        .map_err(anyhow::Error::from)?
    {
        FetchOutcome::Fetched(doc) => doc,
        FetchOutcome::NotModified => anyhow::bail!("{url}: unexpected 304 Not Modified"),
    };
    extract::depth::check(&doc.body)?;
    let format = extract::detect_format(doc.content_type.as_deref(), &doc.final_url, &doc.body);
    let (mut page, candidates) = match format {
        // Feeds are parsed from their raw bytes, as a run does.
        Format::Feed => (
            pipeline::extract_document(
                &doc.body,
                Some(&doc.raw),
                format,
                &doc.final_url,
                overrides,
            ),
            Vec::new(),
        ),
        _ => extract::explain(&doc.body, format, &doc.final_url, overrides),
    };
    // Links and markup come out of extraction as they would be stored.
    page.url = crate::model::redact_url(&page.url);
    Ok((page, candidates, doc.body, doc.final_url))
}

async fn preview(
    target: &str,
    json: bool,
    explain: bool,
    selectors: &SelectorArgs,
) -> Result<ExitStatus> {
    let (page, candidates, _, _) = fetch_and_preview(target, &selectors.overrides()?).await?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &page)?;
        writeln!(out)?;
        return Ok(ExitStatus::Ok);
    }
    print_page(&mut out, &page, target)?;
    if explain {
        print_candidates(&mut out, &candidates)?;
    }
    Ok(ExitStatus::Ok)
}

/// `preview --explain`: every candidate section and why it won or lost.
fn print_candidates(out: &mut dyn Write, candidates: &[extract::Candidate]) -> std::io::Result<()> {
    writeln!(out, "\ncandidate sections, in page order:")?;
    for c in candidates {
        let kind = c.kind.map_or("-".to_string(), |k| k.to_string());
        writeln!(
            out,
            "- {:?} (heading reads as {}, {kind}): {}",
            c.heading, c.named, c.verdict
        )?;
        if c.records > 0 {
            writeln!(
                out,
                "    records: {} at {}; {} cite a paper, {} carry a date label",
                c.records, c.record_path, c.cited, c.dated
            )?;
        }
    }
    Ok(())
}

/// The readable summary `preview` and `add` print.
fn print_page(out: &mut dyn Write, page: &ExtractedPage, target: &str) -> std::io::Result<()> {
    writeln!(out, "{} ({})", page.url, page.format.as_str())?;
    for u in &page.unrecognised {
        writeln!(out, "\nwarning: {}", u.warning(&page.url))?;
    }
    if page.sections.is_empty() {
        writeln!(
            out,
            "no News or Publications section found.\n\
             Point at the right part of the page with CSS selectors (browser: right-click, Inspect), e.g.\n  \
             scholarfeed preview {target} --news '#news li' --publications 'ol.papers > li'\n\
             and put what works in the source's `news` / `publications` in feeds.toml\n\
             (`scholarfeed add {target} --news ... --publications ...` writes them)."
        )?;
    }
    for section in &page.sections {
        writeln!(
            out,
            "\n== {} ({:?}): {} items",
            section.kind,
            section.heading,
            section.items.len()
        )?;
        for item in &section.items {
            let date = item.date.map(|d| d.to_string()).unwrap_or_default();
            let label = match (&item.title, section.kind) {
                (Some(t), SectionKind::Publications) => t.clone(),
                _ => crate::publish::first_clause(&item.text, 100),
            };
            let group = item
                .group
                .as_deref()
                .map(|g| format!(" [{g}]"))
                .unwrap_or_default();
            writeln!(out, "- {date:<10} {label}{group}")?;
        }
    }
    for kind in SectionKind::ALL {
        if !page.sections.is_empty() && !page.has_section(kind) {
            writeln!(
                out,
                "\n(no {kind} section found; --{kind} SELECTOR points at it)"
            )?;
        }
    }
    Ok(())
}

/// `add`: preview, then append the source to the config.
async fn add(
    target: &str,
    name: Option<String>,
    config_path: &Path,
    selectors: &SelectorArgs,
    force: bool,
) -> Result<ExitStatus> {
    let text = match std::fs::read_to_string(config_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "error: cannot read {}: {e} (`scholarfeed init` writes a starter config)",
                config_path.display()
            );
            return Ok(ExitStatus::Usage);
        }
    };
    let (page, _, body, final_url) = fetch_and_preview(target, &selectors.overrides()?).await?;
    print_page(&mut std::io::stdout().lock(), &page, target)?;
    if page.sections.is_empty() && !force {
        eprintln!("error: not added: nothing to follow on this page (--force adds it anyway)");
        return Ok(ExitStatus::SourcesFailed);
    }
    let base = config_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = name.or_else(|| crate::onboard::guess_name(&body)) else {
        eprintln!(
            "error: not added: cannot tell whose page {final_url} is; pass --name \"Jane Doe\""
        );
        return Ok(ExitStatus::Usage);
    };
    let new = crate::onboard::NewSource {
        name,
        url: url_for_config(target, base)?,
        news: selectors.news.clone(),
        publications: selectors.publications.clone(),
    };
    let origin = config_path.display().to_string();
    let edited = match crate::onboard::add_source(&text, &origin, base, &new) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: not added: {e:#}");
            return Ok(ExitStatus::Usage);
        }
    };
    crate::publish::write_if_changed(config_path, edited.as_bytes())?;
    println!(
        "\nadded \"{}\" <{}> to {}; the next `scholarfeed aggregate` follows it",
        new.name, new.url, origin
    );
    Ok(ExitStatus::Ok)
}

/// The `url` to write for a page given on the command line: URLs as
/// typed; a path relative to the config's directory when it is inside it
/// (so the config can move with its pages), else absolute.
fn url_for_config(target: &str, config_dir: &Path) -> Result<String> {
    let url = target_url(target)?;
    if url.scheme() != "file" {
        return Ok(target.trim().to_string());
    }
    let path = url
        .to_file_path()
        .map_err(|()| anyhow::anyhow!("{target}: not a local path"))?;
    let dir = std::path::absolute(config_dir).unwrap_or_else(|_| config_dir.to_path_buf());
    Ok(match path.strip_prefix(&dir) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.display().to_string(),
    })
}

/// `init`: write the starter config.
fn init(path: &Path, force: bool) -> Result<ExitStatus> {
    if path.exists() && !force {
        eprintln!(
            "error: {} exists; not replacing it (--force does)",
            path.display()
        );
        return Ok(ExitStatus::Usage);
    }
    crate::publish::write_if_changed(path, crate::onboard::starter_config().as_bytes())?;
    println!(
        "wrote {}: every setting with its default. Next: scholarfeed add URL --name \"Jane Doe\" --config {}",
        path.display(),
        path.display()
    );
    Ok(ExitStatus::Ok)
}

/// `aggregate --once --dry-run`: the real run against copies of the store
/// and the output directory, then what it would have announced. The copy
/// holds the real validators, so unchanged pages still answer 304 and
/// the diff is exactly what the next real run would do.
pub async fn aggregate_dry_run(config: &Config) -> Result<ExitStatus> {
    let scratch = tempfile::tempdir().context("cannot create a temporary directory")?;
    let mut trial = config.clone();
    trial.settings.database = scratch.path().join("scholarfeed.db");
    trial.settings.output_dir = scratch.path().join("public");
    if config.settings.database.exists() {
        // Not while a run writes (and the lock file exists after any run).
        let _lock = RunLock::acquire(&config.settings.database).await?;
        let (from, to) = (
            config.settings.database.clone(),
            trial.settings.database.clone(),
        );
        pipeline::unblock(move || Store::copy_database(&from, &to)).await??;
    }
    let fetcher = Fetcher::new(pipeline::fetch_settings(&trial))?;
    let now = Utc::now();
    let database = trial.settings.database.clone();
    let mut store = pipeline::unblock(move || Store::open(&database, now)).await??;
    let report = pipeline::run_once(&Arc::new(trial), &fetcher, &mut store, now).await?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "dry run: what this run would change (nothing was written to {} or {}):",
        config.settings.database.display(),
        config.settings.output_dir.display()
    )?;
    for r in &report.sources {
        match &r.outcome {
            pipeline::SourceOutcome::Synced { stats, changes, .. } => {
                if stats.baseline > 0 {
                    writeln!(
                        out,
                        "{}: {}",
                        r.name,
                        pipeline::baseline_note(stats.baseline)
                    )?;
                }
                for c in changes {
                    writeln!(out, "{}: {}", r.name, pipeline::describe_change(c))?;
                }
            }
            pipeline::SourceOutcome::Failed { error } => {
                writeln!(out, "{}: failed: {error}", r.name)?;
            }
            _ => {}
        }
    }
    writeln!(
        out,
        "would be: {}",
        pipeline::totals_text(
            report.totals.new,
            report.totals.updated,
            report.totals.removed,
            report.totals.baseline
        )
    )?;
    Ok(if report.failed() == 0 {
        ExitStatus::Ok
    } else {
        ExitStatus::SourcesFailed
    })
}

#[derive(serde::Serialize)]
struct SourceStatus {
    name: String,
    url: String,
    last_attempt: Option<String>,
    last_success: Option<String>,
    consecutive_failures: u32,
    last_error: Option<String>,
    news: usize,
    publications: usize,
    next_crawl: Option<String>,
    #[serde(skip)]
    health: Health,
}

fn status(config: &Config, json: bool, now: DateTime<Utc>) -> Result<ExitStatus> {
    if !config.settings.database.exists() {
        eprintln!(
            "no database at {} yet: run `scholarfeed aggregate --once` first",
            config.settings.database.display()
        );
        return Ok(ExitStatus::Ok);
    }
    let store = Store::open(&config.settings.database, now)?;
    let mut rows = Vec::new();
    for s in &config.sources {
        // A URL changed in the config since the last run: show the health
        // the next run starts from, not the old URL's.
        let record = store
            .find_source(&s.name, &s.ident())?
            .map(|r| r.with_url(s.url.as_str()));
        let (news, publications) = match &record {
            Some(r) => store.live_counts(r.id)?,
            None => (0, 0),
        };
        let next = Some(schedule::next_due(
            s,
            record.as_ref(),
            &config.settings,
            now,
            None,
        ));
        rows.push(SourceStatus {
            name: s.name.clone(),
            url: crate::model::without_userinfo(&s.url).to_string(),
            last_attempt: record
                .as_ref()
                .and_then(|r| r.last_attempt)
                .map(crate::store::ts),
            last_success: record
                .as_ref()
                .and_then(|r| r.last_success)
                .map(crate::store::ts),
            consecutive_failures: record.as_ref().map_or(0, |r| r.consecutive_failures),
            last_error: record.as_ref().and_then(|r| r.last_error.clone()),
            news,
            publications,
            next_crawl: next.map(crate::store::ts),
            health: record.as_ref().map_or(Health::NeverCrawled, |r| r.health()),
        });
    }
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(ExitStatus::Ok);
    }
    if let Some(run) = store.last_run()? {
        writeln!(
            out,
            "last run {}: {} ok, {} failed; {}\n",
            crate::store::ts(run.started_at),
            run.sources_ok,
            run.sources_failed,
            pipeline::totals_text(
                run.new_items,
                run.updated_items,
                run.removed_items,
                run.baseline_items
            )
        )?;
    }
    for r in &rows {
        let health = match &r.health {
            Health::Failing { attempts, error } => format!("FAILING x{attempts}: {error}"),
            Health::Warning(w) => format!("warning: {w}"),
            Health::Ok => "ok".to_string(),
            Health::NeverCrawled => "never crawled".to_string(),
        };
        writeln!(out, "{}  <{}>", r.name, r.url)?;
        writeln!(
            out,
            "    {health}; news {}, publications {}; last success {}; next {}",
            r.news,
            r.publications,
            r.last_success.as_deref().unwrap_or("-"),
            r.next_crawl.as_deref().unwrap_or("-")
        )?;
    }
    Ok(ExitStatus::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_level_holds_dependencies_at_warn() {
        assert_eq!(
            log_filter(None, 0, 0),
            "warn,html5ever=error,scholarfeed=info"
        );
        assert_eq!(
            log_filter(Some("debug"), 0, 0),
            "warn,html5ever=error,scholarfeed=debug"
        );
        assert_eq!(
            log_filter(Some("DEBUG"), 0, 0),
            "warn,html5ever=error,scholarfeed=debug"
        );
        assert_eq!(
            log_filter(Some(""), 0, 0),
            "warn,html5ever=error,scholarfeed=info"
        );
        assert_eq!(
            log_filter(None, 1, 0),
            "warn,html5ever=error,scholarfeed=debug"
        );
        assert_eq!(
            log_filter(None, 5, 0),
            "warn,html5ever=error,scholarfeed=trace"
        );
        assert_eq!(
            log_filter(None, 0, 1),
            "warn,html5ever=error,scholarfeed=warn"
        );
        assert_eq!(
            log_filter(None, 0, 2),
            "error,html5ever=error,scholarfeed=error"
        );
        assert_eq!(
            log_filter(Some("warn"), 1, 0),
            "warn,html5ever=error,scholarfeed=info"
        );
    }

    #[test]
    fn directives_are_taken_as_written() {
        assert_eq!(
            log_filter(Some("html5ever=debug,scholarfeed=trace"), 0, 0),
            "html5ever=debug,scholarfeed=trace"
        );
        // -v/-q are about scholarfeed's own lines; they win over directives.
        assert_eq!(
            log_filter(Some("scholarfeed=trace"), 0, 1),
            "warn,html5ever=error,scholarfeed=warn"
        );
    }

    /// Every argument and option says what it is for in `--help` (and so
    /// in the man page and completions, which are made from the same
    /// definitions).
    #[test]
    fn every_option_has_help_text() {
        let cmd = <Cli as clap::CommandFactory>::command();
        let mut missing = Vec::new();
        for sub in std::iter::once(&cmd).chain(cmd.get_subcommands()) {
            if sub.get_name() != "scholarfeed" && sub.get_about().is_none() {
                missing.push(sub.get_name().to_string());
            }
            for arg in sub.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !builtin && arg.get_help().is_none() {
                    missing.push(format!("{} {}", sub.get_name(), arg.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no help text: {missing:?}");
    }

    #[test]
    fn verbose_and_quiet_are_global_flags() {
        let cli = Cli::try_parse_from(["scholarfeed", "aggregate", "--once", "-vv"]).unwrap();
        assert_eq!((cli.verbose, cli.quiet), (2, 0));
        let cli = Cli::try_parse_from(["scholarfeed", "-q", "status"]).unwrap();
        assert_eq!((cli.verbose, cli.quiet), (0, 1));
        assert!(Cli::try_parse_from(["scholarfeed", "-v", "-q", "status"]).is_err());
    }
}
