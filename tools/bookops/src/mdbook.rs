//! One `mdbook build` with the pinned tools, judged by its log: mdBook exits 0
//! on a missing include or a formula KaTeX cannot render, and only logs them,
//! so a build whose log names a problem fails. [`logged_problems`] is the one
//! home of that filter (the check, the site and the live book all use it).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools;

/// A build that failed, or logged problems: what to say, and the full log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// One line.
    pub summary: String,
    /// The problem lines (or the whole log when mdBook itself failed).
    pub problems: Vec<String>,
    /// mdBook's whole output.
    pub log: String,
    /// Where the log was written, if it was.
    pub log_file: Option<PathBuf>,
    /// Whether mdBook itself succeeded (the pages are there) and only logged problems.
    pub pages_built: bool,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        write!(f, "{}", self.summary)?;
        if let Some(file) = &self.log_file {
            write!(f, " (full log: {})", file.display())?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// The lines of an mdBook log that name a problem, ANSI colours removed.
/// (mdbook-katex 0.10.0 warns that it was built against mdbook 0.5.3: harmless,
/// filtered.)
pub fn logged_problems(log: &str) -> Vec<String> {
    log.lines()
        .map(strip_ansi)
        .filter(|l| {
            ["ERROR", "WARN", "Rendering failed", "Unexpected rendering failure"]
                .iter()
                .any(|p| l.contains(p))
        })
        .filter(|l| !l.contains("was built against mdbook v0.5.3"))
        .map(|l| l.trim().to_string())
        .collect()
}

/// `s` without its ANSI escape sequences (mdBook colours its log on a terminal).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One `mdbook build`: the book of `book_root` (the folder of its `book.toml`:
/// the repository, or the live book's copy), into `dest`, with `env` set
/// (mdBook's `MDBOOK_...` configuration), the pinned tools of `repo` first on
/// `PATH`.
pub struct Build<'a> {
    pub repo: &'a Path,
    pub book_root: &'a Path,
    pub dest: &'a Path,
    pub env: Vec<(String, String)>,
    /// Where to keep the log (none: not written).
    pub log_file: Option<PathBuf>,
}

impl Build<'_> {
    /// The command, for callers that run it their own way.
    pub fn command(&self) -> Command {
        let mut command = Command::new(tools::mdbook(self.repo));
        command
            .current_dir(self.book_root)
            .env("PATH", tools::path_with_tools(self.repo))
            .args(["build", "--dest-dir"])
            .arg(self.dest)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// Runs it; fails when mdBook fails or its log names a problem. On success,
    /// returns the log.
    pub fn run(&self) -> Result<String, BuildError> {
        let fail = |summary: String, problems: Vec<String>, log: String| BuildError {
            summary,
            problems,
            log,
            log_file: self.log_file.clone(),
            pages_built: false,
        };
        let out = self.command().output().map_err(|e| {
            fail(
                format!("cannot run {}: {e}", tools::mdbook(self.repo).display()),
                vec![],
                String::new(),
            )
        })?;
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(file) = &self.log_file {
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(file, &log);
        }
        let problems = logged_problems(&log);
        if !out.status.success() {
            let problems =
                if problems.is_empty() { log.lines().map(strip_ansi).collect() } else { problems };
            return Err(fail("mdbook build failed".into(), problems, log));
        }
        if !problems.is_empty() {
            let logged = fail("mdbook build logged the problems above".into(), problems, log);
            return Err(BuildError { pages_built: true, ..logged });
        }
        Ok(log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_keeps_problems_and_drops_the_known_harmless_warning() {
        let log = "\u{1b}[32m INFO\u{1b}[0m Book building has started\n\
                   \u{1b}[33m WARN\u{1b}[0m mdbook-katex: The katex preprocessor was built against mdbook v0.5.3\n\
                   \u{1b}[31mERROR\u{1b}[0m Unable to open included file x.rs\n\
                   2026 WARN Rendering failed: \\frac\n";
        assert_eq!(
            logged_problems(log),
            ["ERROR Unable to open included file x.rs", "2026 WARN Rendering failed: \\frac"]
        );
        assert!(logged_problems(" INFO Running the html backend\n").is_empty());
    }

    #[test]
    fn ansi_colours_are_stripped() {
        assert_eq!(strip_ansi("\u{1b}[33m WARN\u{1b}[0m x"), " WARN x");
    }

    #[test]
    fn a_missing_mdbook_is_an_error_naming_it() {
        let repo = std::env::temp_dir().join("bookops-no-tools-here");
        let build = Build {
            repo: &repo,
            book_root: &repo,
            dest: &repo.join("out"),
            env: vec![],
            log_file: None,
        };
        let e = build.run().unwrap_err();
        assert!(e.summary.starts_with("cannot run ") && e.summary.contains("mdbook"), "{e}");
        assert!(!e.pages_built);
    }
}
