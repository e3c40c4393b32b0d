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
