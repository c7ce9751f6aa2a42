//! One build of the live book: the copy of `book/` brought up to date, the
//! code's outputs and figures written into it (after compiling the code, if it
//! changed), mdBook run on it into a fresh folder, and the widgets' module and
//! data put beside the pages. A build that fails leaves the last good one
//! served, with notices that name the file and line.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::mirror;
use crate::paths::Paths;

/// Something the learner must see: in the terminal and on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// One line: what failed, and where (`src/loss.rs:22:5` when known).
    pub summary: String,
    /// The full text (the compiler's message, mdBook's log...).
    pub detail: String,
}

impl Notice {
    fn new(summary: impl Into<String>, detail: impl Into<String>) -> Notice {
        Notice { summary: summary.into(), detail: detail.into() }
    }
}

/// A finished build: the folder to serve, and what went wrong in it (a listing
/// that panicked, an include mdBook could not find...).
pub struct Built {
    pub site: PathBuf,
    pub notices: Vec<Notice>,
    /// Where the time went: `compile 2.0 s, run 1.3 s, mdBook 0.3 s`.
    pub phases: String,
}

/// Compiles `book-live` (the code of the book as it is now), in the `live`
/// profile (`[profile.live]` in the root `Cargo.toml`, which says why it is as
/// it is): into its own folder, `target/live/`, leaving the other builds alone.
pub fn compile(paths: &Paths) -> Result<(), Vec<Notice>> {
    let out = Command::new("cargo")
        .current_dir(&paths.repo)
        .args(bookops::live::BUILD_ARGS)
        .args(["--color", "never"])
        .output()
        .map_err(|e| vec![Notice::new(format!("cannot run cargo: {e}"), "")])?;
    if out.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    Err(compiler_errors(&text))
}

/// The compiler's errors, each with its place: `error[E0308]: mismatched types
/// (src/loss.rs:22:5)`, and the message block as the detail.
pub fn compiler_errors(text: &str) -> Vec<Notice> {
    let mut notices = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let is_error = line.starts_with("error") && !line.starts_with("error: could not compile");
        if !is_error {
            continue;
        }
        let block: Vec<&str> = lines[i..].iter().take_while(|l| !l.is_empty()).copied().collect();
        let place = block.iter().find_map(|l| l.trim_start().strip_prefix("--> "));
        let summary = match place {
            Some(p) => format!("{line} ({p})"),
            None => line.to_string(),
        };
        notices.push(Notice::new(summary, block.join("\n")));
    }
    if notices.is_empty() {
        notices.push(Notice::new("the book's code does not compile", text.trim()));
    }
    notices
}

/// How long one listing or figure may run in the live book before it is
/// stopped. The slowest runs in about a second (the mini-batch noise figure,
/// 0.8 s with the `live` profile, more while the widgets compile beside it).
pub const ITEM_BUDGET: Duration = Duration::from_secs(10);

/// The most `book-live` may print (its lines are a few kilobytes).
const OUTPUT_LIMIT: usize = 4 << 20;

/// How often the budget and the learner's saves are looked at while `book-live` runs.
const TICK: Duration = Duration::from_millis(100);

/// Writes the code's outputs and figures into the copy of the book (with
/// `listings`, only those listings': see [`crate::watch::Needs::listings`]).
/// A listing or figure that runs longer than [`ITEM_BUDGET`] is stopped (the
/// whole `book-live` with it), and named in a notice; the others' outputs are
/// kept. `cancel` is asked every tenth of a second: when it says yes (a new
/// save of the code), `book-live` is stopped and the build given up.
pub fn write_outputs(
    paths: &Paths,
    listings: Option<&[String]>,
    cancel: &dyn Fn() -> bool,
) -> Result<(Vec<String>, Vec<Notice>), Vec<Notice>> {
    let mut command = Command::new(paths.book_live());
    command.current_dir(&paths.repo).arg(paths.mirror());
    if let Some(stems) = listings {
        command.arg("--listings").arg(stems.join(","));
    }
    run_book_live(command, ITEM_BUDGET, cancel)
}

/// The memory `book-live` may take (its address space: the whole book takes
/// 150 MB at most, measured, and runs within 512 MB), on Linux only.
pub const MEMORY_LIMIT_MB: u64 = 2048;

/// Limits the memory of the running `child` to [`MEMORY_LIMIT_MB`] (Linux:
/// `prlimit` on its pid through the rlimit crate, so no unsafe code and no
/// shell; an allocation past it fails, and the item then running is named).
/// It is set just after the start (book-live reads its arguments before its
/// first item, so in practice every item runs under it). Elsewhere nothing:
/// the time budget still applies.
pub fn limit_memory(child: &std::process::Child) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let bytes = MEMORY_LIMIT_MB << 20;
        let pid = i32::try_from(child.id()).map_err(std::io::Error::other)?;
        rlimit::prlimit(pid, rlimit::Resource::AS, Some((bytes, bytes)), None)?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = child;
    Ok(())
}

/// Runs `command` (`book-live`, or a stand-in in the tests), reading its lines
/// as they come: `started <item>` / `finished <item>` (each item's time is
/// measured against `budget`), `wrote <path>`, `failed <what>: <why>`.
pub fn run_book_live(
    mut command: Command,
    budget: Duration,
    cancel: &dyn Fn() -> bool,
) -> Result<(Vec<String>, Vec<Notice>), Vec<Notice>> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| vec![Notice::new(format!("cannot run {program}: {e}"), "")])?;
    if let Err(e) = limit_memory(&child) {
        let _ = child.kill();
        let _ = child.wait();
        return Err(vec![Notice::new(format!("cannot limit the memory of {program}: {e}"), "")]);
    }
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout.expect("piped")).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    // At most OUTPUT_LIMIT of its errors are kept; past that the process
    // blocks on its writes, and the budget stops it.
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = BufReader::new(stderr.expect("piped"))
            .take(OUTPUT_LIMIT as u64)
            .read_to_string(&mut text);
        text
    });
    let mut running: Vec<(String, Instant)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut printed = 0;
    // `cancel` looks at the files: at most once a tick, however many lines come.
    let mut asked = Instant::now();
    let stopped = loop {
        match received.recv_timeout(TICK) {
            Ok(line) => {
                if let Some(what) = line.strip_prefix("started ") {
                    running.push((what.to_string(), Instant::now()));
                } else if let Some(what) = line.strip_prefix("finished ") {
                    running.retain(|(w, _)| w != what);
                } else {
                    printed += line.len() + 1;
                    if printed > OUTPUT_LIMIT {
                        break Some(Notice::new(
                            format!(
                                "{} stopped: it printed more than {} MB",
                                running.first().map_or("book-live", |(w, _)| w.as_str()),
                                OUTPUT_LIMIT >> 20
                            ),
                            "",
                        ));
                    }
                    out.push(line);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break None,
        }
        if let Some((what, _)) = running.iter().find(|(_, since)| since.elapsed() > budget) {
            let others = running.iter().filter(|(w, _)| w != what).map(|(w, _)| w.as_str());
            let others: Vec<&str> = others.collect();
            let detail = format!(
                "{what} ran for more than {} s and was stopped; its previous output stays in the book. Fix it and save: the book is built again.{}",
                budget.as_secs(),
                if others.is_empty() {
                    String::new()
                } else {
                    format!(" Stopped with it, unfinished: {}.", others.join(", "))
                }
            );
            break Some(Notice::new(
                format!(
                    "{what} stopped after {} s: it did not finish (an endless loop?)",
                    budget.as_secs()
                ),
                detail,
            ));
        }
        if asked.elapsed() >= TICK {
            asked = Instant::now();
            if cancel() {
                let _ = child.kill();
                let _ = child.wait();
                return Err(vec![Notice::new(
                    "the listings and figures were stopped: a newer save is being built",
                    "",
                )]);
            }
        }
    };
    if stopped.is_some() {
        let _ = child.kill();
    }
    let status = child.wait().map_err(|e| vec![Notice::new(format!("{program}: {e}"), "")])?;
    let mut stopped = stopped;
    if stopped.is_none() && !status.success() {
        let errors = errors.join().unwrap_or_default();
        let detail = format!("{}{errors}", out.join("\n"));
        // A crash while items ran names them (the others' outputs are kept).
        if running.is_empty() {
            return Err(vec![Notice::new("book-live failed", detail)]);
        }
        let items: Vec<&str> = running.iter().map(|(w, _)| w.as_str()).collect();
        let why = if errors.contains("memory allocation of") {
            format!(
                "it needed more than {MEMORY_LIMIT_MB} MB of memory (it allocates without bound?)"
            )
        } else {
            format!("the program crashed ({status})")
        };
        stopped = Some(Notice::new(format!("{} stopped: {why}", items.join(", ")), detail));
    }
    let mut written = Vec::new();
    let mut notices = Vec::new();
    for line in &out {
        if let Some(path) = line.strip_prefix("wrote ") {
            written.push(path.to_string());
        } else if let Some(failure) = line.strip_prefix("failed ") {
            notices.push(Notice::new(failure, failure));
        }
    }
    notices.extend(stopped);
    Ok((written, notices))
}

/// Runs mdBook on the copy into `site`; its complaints are notices (mdBook
/// exits 0 on a missing include or bad TeX, and only logs them: the filter is
/// `bookops::mdbook`'s, the one `cargo xtask` uses).
pub fn mdbook(paths: &Paths, site: &Path) -> Result<Vec<Notice>, Vec<Notice>> {
    let build = bookops::mdbook::Build {
        repo: &paths.repo,
        book_root: &paths.serve(),
        dest: site,
        env: vec![],
        log_file: None,
    };
    match build.run() {
        Ok(_) => Ok(Vec::new()),
        Err(e) => {
            let notices = problems(&e);
            // mdBook built the pages and only logged: they are served, with the notices.
            if e.pages_built { Ok(notices) } else { Err(notices) }
        }
    }
}

/// One notice per problem line of a failed mdBook build (its whole log the detail).
fn problems(e: &bookops::mdbook::BuildError) -> Vec<Notice> {
    let mut notices: Vec<Notice> =
        e.problems.iter().map(|p| Notice::new(format!("mdBook: {p}"), e.log.clone())).collect();
    if notices.is_empty() {
        notices.push(Notice::new(e.summary.clone(), e.log.clone()));
    }
    notices
}

/// The files the widgets load that are not in `book/` (the module and the
/// shipped digits), put beside the pages of `site`.
pub fn install_widgets(paths: &Paths, site: &Path) -> Result<(), String> {
    bookops::widgets::install(&paths.repo, site)
}

/// Compiles the widgets' module (release, WebAssembly), at low priority where
/// `nice` is (the pages' own build comes first), into its own cargo folder
/// (`target/widgets`), so that it never waits for the lock of the book's build.
pub fn compile_widgets(paths: &Paths) -> Result<(), Vec<Notice>> {
    let cargo = bookops::widgets::build_command(&paths.repo);
    let mut command = if cfg!(unix) {
        let mut nice = Command::new("nice");
        nice.args(["-n", "10"]).arg(cargo.get_program()).args(cargo.get_args());
        nice
    } else {
        Command::new(cargo.get_program())
    };
    if !cfg!(unix) {
        command.args(cargo.get_args());
    }
    let out = command
        .current_dir(&paths.repo)
        .args(["--color", "never"])
        .output()
        .map_err(|e| vec![Notice::new(format!("cannot run cargo: {e}"), "")])?;
    if out.status.success() {
        Ok(())
    } else {
        Err(compiler_errors(&String::from_utf8_lossy(&out.stderr)))
    }
}

/// What a build does about the code's outputs and figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outputs {
    /// Keep those of the copy (the committed ones on the very first build,
    /// which then needs no compiling: the book is served at once).
    Keep,
    /// Compile the code and produce every one.
    All,
    /// Compile the code and produce these listings' only (files `a_b.rs`...).
    Listings(Vec<String>),
}

/// The translated editions (their one home: `bookops::editions`), served beside the English.
pub use bookops::editions::TRANSLATIONS;

/// Builds the edition of `lang` from the served copy (so with the live outputs
/// and figures) into `dest`, as `cargo xtask build` builds it (pages only),
/// and puts the widgets beside its pages.
pub fn translation(paths: &Paths, lang: &str, dest: &Path) -> Result<(), Vec<Notice>> {
    let logs = paths.serve().join("logs");
    let edition = bookops::editions::Translation {
        repo: &paths.repo,
        book_root: &paths.serve(),
        lang,
        dest,
        logs: &logs,
        markdown: None,
    };
    edition.build().map_err(|e| {
        let first = e.problems.first().cloned().unwrap_or_else(|| e.summary.clone());
        vec![Notice::new(format!("the {lang} edition did not build: {first}"), e.log)]
    })?;
    // Before the widgets' module is first built there is none to install: the
    // English build says so, and the module is put here too once it is built.
    if paths.wasm().exists() {
        install_widgets(paths, dest)
            .map_err(|e| vec![Notice::new(format!("widgets ({lang}): {e}"), "")])?;
    }
    Ok(())
}

/// A whole build into site number `n`.
/// (`cancel`: see [`write_outputs`].)
pub fn build(
    paths: &Paths,
    n: usize,
    outputs: &Outputs,
    cancel: &dyn Fn() -> bool,
) -> Result<Built, Vec<Notice>> {
    mirror::sync(paths)
        .map_err(|e| vec![Notice::new(format!("copying book/ into target/serve: {e}"), "")])?;
    let mut notices = Vec::new();
    let mut phases = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |what: &str, phases: &mut Vec<String>| {
        phases.push(format!("{what} {:.1} s", clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    // The outputs and figures change only with the code.
    if *outputs != Outputs::Keep {
        compile(paths)?;
        lap("compile", &mut phases);
        let listings = match outputs {
            Outputs::Listings(l) => Some(l.as_slice()),
            _ => None,
        };
        let (written, failures) = write_outputs(paths, listings, cancel)?;
        notices.extend(failures);
        lap(&format!("run ({} files changed)", written.len()), &mut phases);
    }
    let site = paths.site(n);
    notices.extend(mdbook(paths, &site)?);
    if let Err(e) = install_widgets(paths, &site) {
        notices.push(Notice::new(format!("widgets: {e}"), ""));
    }
    lap("mdBook", &mut phases);
    Ok(Built { site, notices, phases: phases.join(", ") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiler_errors_name_their_place() {
        let text = "   Compiling nnlearn v0.1.0\nerror[E0308]: mismatched types\n  --> src/loss.rs:22:5\n   |\n22 |     1\n\nerror: could not compile `nnlearn` (lib) due to 1 previous error\n";
        let n = compiler_errors(text);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].summary, "error[E0308]: mismatched types (src/loss.rs:22:5)");
        assert!(n[0].detail.contains("22 |     1"));
        assert_eq!(compiler_errors("something else").len(), 1);
    }

    /// A stand-in for `book-live`: a shell script printing its lines.
    #[cfg(unix)]
    fn book_live(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn an_endless_loop_is_stopped_and_named_and_the_fix_recovers() {
        let started = Instant::now();
        let looping = book_live(
            "echo 'started figure secants'; echo 'finished figure secants'; \
             echo 'started listing gradient-descent'; while :; do :; done",
        );
        let (_, notices) = run_book_live(looping, Duration::from_secs(1), &|| false).unwrap();
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        assert_eq!(notices.len(), 1);
        assert_eq!(
            notices[0].summary,
            "listing gradient-descent stopped after 1 s: it did not finish (an endless loop?)"
        );
        // The next build, after the fix, is good.
        let fixed = book_live(
            "echo 'started listing gradient-descent'; echo 'finished listing gradient-descent'; \
             echo 'wrote outputs/gradient-descent.txt'",
        );
        let (written, notices) = run_book_live(fixed, Duration::from_secs(1), &|| false).unwrap();
        assert_eq!(written, ["outputs/gradient-descent.txt"]);
        assert!(notices.is_empty(), "{notices:?}");
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn a_new_save_stops_a_running_book_live() {
        let started = Instant::now();
        let looping = book_live("echo 'started listing gradient-descent'; while :; do :; done");
        let cancel = || started.elapsed() > Duration::from_millis(300);
        let notices = run_book_live(looping, Duration::from_secs(60), &cancel).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        assert!(notices[0].summary.contains("a newer save"), "{notices:?}");
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn failures_and_crashes_are_still_reported() {
        let failing = book_live(
            "echo 'started listing boom'; echo 'failed listing boom: panicked at x.rs:1:1: no'; \
             echo 'finished listing boom'",
        );
        let (_, notices) = run_book_live(failing, Duration::from_secs(5), &|| false).unwrap();
        assert_eq!(notices[0].summary, "listing boom: panicked at x.rs:1:1: no");
        let crashing = book_live("echo 'out of memory' >&2; exit 3");
        let notices = run_book_live(crashing, Duration::from_secs(5), &|| false).unwrap_err();
        assert_eq!(notices[0].summary, "book-live failed");
        assert!(notices[0].detail.contains("out of memory"));
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn a_crash_names_the_item_running_and_memory_is_limited() {
        let hog = book_live(
            "echo 'started listing hog'; echo 'memory allocation of 8589934592 bytes failed' >&2; \
             kill -ABRT $$",
        );
        let (_, notices) = run_book_live(hog, Duration::from_secs(5), &|| false).unwrap();
        assert_eq!(
            notices[0].summary,
            "listing hog stopped: it needed more than 2048 MB of memory (it allocates without bound?)"
        );
        if cfg!(target_os = "linux") {
            // The limit set on a running stand-in, read back from outside it.
            let mut child = Command::new("sleep").arg("5").spawn().unwrap();
            limit_memory(&child).unwrap();
            #[cfg(target_os = "linux")]
            {
                let (mut soft, mut hard) = (0, 0);
                let pid = child.id() as i32;
                rlimit::prlimit(pid, rlimit::Resource::AS, None, Some((&mut soft, &mut hard)))
                    .unwrap();
                assert_eq!((soft, hard), (2048 << 20, 2048 << 20));
            }
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}
