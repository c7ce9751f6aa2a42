//! One build of the live book: the copy of `book/` brought up to date, the
//! code's outputs and figures written into it (after compiling the code, if it
//! changed), mdBook run on it into a fresh folder, and the widgets' module and
//! data put beside the pages. A build that fails leaves the last good one
//! served, with notices that name the file and line.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use nnlearn_layout::events::{EVENTS_OPTION, Event};

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
/// it is; the arguments in `bookops::live`, shared with `cargo xtask serve`,
/// which starts this build early): into its own folder, `target/live/`, leaving
/// the other builds alone. With the system's default linker: mold was measured
/// as the faster linker and was not: linking `book-live` (4.9 MB) with the same
/// inputs, alternating, on the book's 2-core machine loaded by other builds, took
/// 0.44-0.95 s with GNU ld (median 0.66 s) and 0.53-1.00 s with mold 1.10 (median
/// 0.79 s); gold took 1.5 s. The link is a small part of a save anyway (the
/// compile of `nnlearn-book`, about 3 s of type checking and code generation,
/// and mdBook come first).
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

/// The most `book-live` may print, and the most events it may send (each is a
/// few hundred bytes; the whole book sends about 30 kB).
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
    let events = paths.serve().join("book-live-events.jsonl");
    let mut command = Command::new(paths.book_live());
    command.current_dir(&paths.repo).arg(paths.mirror()).arg(EVENTS_OPTION).arg(&events);
    if let Some(stems) = listings {
        command.arg("--listings").arg(stems.join(","));
    }
    run_book_live(command, &events, ITEM_BUDGET, cancel)
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

/// The events of one run of `book-live`, read as the file grows: the whole
/// lines that came since the last read (at most [`OUTPUT_LIMIT`] bytes in all).
struct EventFile {
    path: PathBuf,
    /// Bytes read so far.
    read: u64,
    /// The start of a line whose end has not been written yet.
    partial: Vec<u8>,
}

impl EventFile {
    fn new_lines(&mut self) -> std::io::Result<Vec<String>> {
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(self.read))?;
        let room = (OUTPUT_LIMIT as u64 + 1).saturating_sub(self.read);
        let mut bytes = std::mem::take(&mut self.partial);
        let before = bytes.len();
        file.take(room).read_to_end(&mut bytes)?;
        self.read += (bytes.len() - before) as u64;
        let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |end| end + 1);
        self.partial = bytes.split_off(complete);
        Ok(String::from_utf8_lossy(&bytes).lines().map(str::to_string).collect())
    }

    fn too_long(&self) -> bool {
        self.read > OUTPUT_LIMIT as u64
    }
}

/// Reads what a stream of the child prints until it ends, keeping the first
/// [`OUTPUT_LIMIT`] bytes (for the notice of a crash) and counting all of it
/// into `printed`; says on `ended` when the stream closed (the program exited).
fn drain(
    stream: impl Read + Send + 'static,
    printed: Arc<AtomicUsize>,
    ended: mpsc::Sender<()>,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut stream = BufReader::new(stream);
        let mut kept = Vec::new();
        let mut chunk = [0; 8192];
        while let Ok(n @ 1..) = stream.read(&mut chunk) {
            let room = OUTPUT_LIMIT.saturating_sub(kept.len());
            kept.extend_from_slice(&chunk[..n.min(room)]);
            printed.fetch_add(n, Ordering::SeqCst);
        }
        let _ = ended.send(());
        String::from_utf8_lossy(&kept).into_owned()
    })
}

/// Runs `command` (`book-live`, or a stand-in in the tests) and follows the
/// events it appends to the file `events` (see [`nnlearn_layout::events`]):
/// each item's time is measured against `budget`, the files it wrote are
/// returned and its failures are notices. What the program prints is only kept
/// to explain a crash, and bounded like the events.
pub fn run_book_live(
    mut command: Command,
    events: &Path,
    budget: Duration,
    cancel: &dyn Fn() -> bool,
) -> Result<(Vec<String>, Vec<Notice>), Vec<Notice>> {
    let program = command.get_program().to_string_lossy().into_owned();
    // A fresh file: only this run's events are read.
    std::fs::write(events, "")
        .map_err(|e| vec![Notice::new(format!("{}: {e}", events.display()), "")])?;
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
    let printed = Arc::new(AtomicUsize::new(0));
    let (ended, stream_ended) = mpsc::channel();
    let stdout = drain(child.stdout.take().expect("piped"), Arc::clone(&printed), ended.clone());
    let stderr = drain(child.stderr.take().expect("piped"), Arc::clone(&printed), ended);
    let mut file = EventFile { path: events.to_path_buf(), read: 0, partial: Vec::new() };
    let mut run = Run::default();
    let mut streams_open = 2;
    // `cancel` looks at the files: at most once a tick.
    let mut asked = Instant::now();
    let (status, stopped) = loop {
        // Woken at once when the program's output ends (it exits); then its
        // exit is looked for every few milliseconds.
        let tick = if streams_open == 0 { Duration::from_millis(2) } else { TICK };
        if stream_ended.recv_timeout(tick).is_ok() {
            streams_open -= 1;
        }
        if let Some(stop) = run.follow(&mut file) {
            break (None, Some(stop));
        }
        if printed.load(Ordering::SeqCst) > OUTPUT_LIMIT {
            break (
                None,
                Some(run.stop(format!("it printed more than {} MB", OUTPUT_LIMIT >> 20))),
            );
        }
        match child.try_wait() {
            Ok(Some(status)) => break (Some(status), None),
            Ok(None) => {}
            Err(e) => return Err(vec![Notice::new(format!("{program}: {e}"), "")]),
        }
        if let Some((what, _)) = run.running.iter().find(|(_, since)| since.elapsed() > budget) {
            let others: Vec<&str> =
                run.running.iter().filter(|(w, _)| w != what).map(|(w, _)| w.as_str()).collect();
            let detail = format!(
                "{what} ran for more than {} s and was stopped; its previous output stays in the book. Fix it and save: the book is built again.{}",
                budget.as_secs(),
                if others.is_empty() {
                    String::new()
                } else {
                    format!(" Stopped with it, unfinished: {}.", others.join(", "))
                }
            );
            let summary = format!(
                "{what} stopped after {} s: it did not finish (an endless loop?)",
                budget.as_secs()
            );
            break (None, Some(Notice::new(summary, detail)));
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
    let status = match status {
        Some(status) => status,
        None => {
            let _ = child.kill();
            child.wait().map_err(|e| vec![Notice::new(format!("{program}: {e}"), "")])?
        }
    };
    // The events written just before the end.
    let mut stopped = stopped.or_else(|| run.follow(&mut file));
    if stopped.is_none() && !status.success() {
        let (out, errors) = (stdout.join().unwrap_or_default(), stderr.join().unwrap_or_default());
        let detail = format!("{out}{errors}");
        // A crash while items ran names them (the others' outputs are kept).
        if run.running.is_empty() {
            return Err(vec![Notice::new(format!("book-live failed ({status})"), detail)]);
        }
        let items: Vec<&str> = run.running.iter().map(|(w, _)| w.as_str()).collect();
        let why = if errors.contains("memory allocation of") {
            format!(
                "it needed more than {MEMORY_LIMIT_MB} MB of memory (it allocates without bound?)"
            )
        } else {
            format!("the program crashed ({status})")
        };
        stopped = Some(Notice::new(format!("{} stopped: {why}", items.join(", ")), detail));
    }
    run.notices.extend(stopped);
    Ok((run.written, run.notices))
}

/// What the events of a run of `book-live` said so far.
#[derive(Default)]
struct Run {
    /// The items started and not finished, with their start.
    running: Vec<(String, Instant)>,
    written: Vec<String>,
    notices: Vec<Notice>,
}

impl Run {
    /// Takes in the new events; says why to stop the program if they cannot
    /// be read, are not events, or are too many.
    fn follow(&mut self, file: &mut EventFile) -> Option<Notice> {
        let lines = match file.new_lines() {
            Ok(lines) => lines,
            Err(e) => {
                return Some(Notice::new(format!("reading {}: {e}", file.path.display()), ""));
            }
        };
        for line in lines {
            match Event::from_line(&line) {
                Ok(Event::Started { item }) => self.running.push((item, Instant::now())),
                Ok(Event::Finished { item }) => self.running.retain(|(w, _)| *w != item),
                Ok(Event::Wrote { path, .. }) => self.written.push(path),
                Ok(Event::Failed { item, why }) => self.notices.push(Notice::new(
                    format!("{item}: {}", why.replace('\n', " ")),
                    format!("{item}: {why}"),
                )),
                Err(e) => {
                    return Some(Notice::new(
                        format!("book-live sent something that is not an event ({e})"),
                        line,
                    ));
                }
            }
        }
        file.too_long()
            .then(|| self.stop(format!("it sent more than {} MB of events", OUTPUT_LIMIT >> 20)))
    }

    /// The notice of a run stopped `why`, naming the item running.
    fn stop(&self, why: String) -> Notice {
        let what = self.running.first().map_or("book-live", |(w, _)| w.as_str());
        Notice::new(format!("{what} stopped: {why}"), "")
    }
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
pub fn install_widgets(paths: &Paths, site: &Path) -> std::io::Result<()> {
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

    /// The shell command that appends `event` to the events file (`$1`), as book-live does.
    #[cfg(unix)]
    fn tell(event: &Event) -> String {
        format!("printf '%s' '{}' >> \"$1\"; ", event.to_line())
    }
    #[cfg(unix)]
    fn begin(item: &str) -> String {
        tell(&Event::Started { item: item.into() })
    }
    #[cfg(unix)]
    fn end(item: &str) -> String {
        tell(&Event::Finished { item: item.into() })
    }

    /// A stand-in for `book-live`: a shell script given the events file as `$1`.
    #[cfg(unix)]
    fn book_live(script: &str, events: &Path) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script, "book-live"]).arg(events);
        command
    }

    /// The `cancel` of the tests whose stand-in never ends by itself: a run
    /// not stopped as it should be is given up after 20 s (the test then
    /// fails instead of hanging).
    #[cfg(unix)]
    fn safety_net() -> impl Fn() -> bool {
        let started = Instant::now();
        move || started.elapsed() > Duration::from_secs(20)
    }

    /// A folder for the events file, and its path.
    fn events_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("events.jsonl");
        (dir, file)
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn an_endless_loop_is_stopped_and_named_and_the_fix_recovers() {
        let (_dir, events) = events_file();
        let started = Instant::now();
        let looping = book_live(
            &format!(
                "{}{}{} while :; do :; done",
                begin("figure secants"),
                end("figure secants"),
                begin("listing gradient-descent")
            ),
            &events,
        );
        let (_, notices) =
            run_book_live(looping, &events, Duration::from_secs(1), &safety_net()).unwrap();
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        assert_eq!(notices.len(), 1);
        assert_eq!(
            notices[0].summary,
            "listing gradient-descent stopped after 1 s: it did not finish (an endless loop?)"
        );
        // The next build, after the fix, is good (and reads only its own events).
        let item = "listing gradient-descent";
        let wrote = Event::Wrote { item: item.into(), path: "outputs/gradient-descent.txt".into() };
        let fixed = book_live(&format!("{}{}{}", begin(item), tell(&wrote), end(item)), &events);
        let (written, notices) =
            run_book_live(fixed, &events, Duration::from_secs(1), &safety_net()).unwrap();
        assert_eq!(written, ["outputs/gradient-descent.txt"]);
        assert!(notices.is_empty(), "{notices:?}");
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn a_new_save_stops_a_running_book_live() {
        let (_dir, events) = events_file();
        let started = Instant::now();
        let looping = book_live(
            &format!("{} while :; do :; done", begin("listing gradient-descent")),
            &events,
        );
        let cancel = || started.elapsed() > Duration::from_millis(300);
        let notices =
            run_book_live(looping, &events, Duration::from_secs(60), &cancel).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        assert!(notices[0].summary.contains("a newer save"), "{notices:?}");
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn failures_and_crashes_are_still_reported() {
        let (_dir, events) = events_file();
        let item = "listing boom";
        let failed = Event::Failed { item: item.into(), why: "panicked at x.rs:1:1:\nno".into() };
        let failing = book_live(&format!("{}{}{}", begin(item), tell(&failed), end(item)), &events);
        let (_, notices) =
            run_book_live(failing, &events, Duration::from_secs(5), &safety_net()).unwrap();
        assert_eq!(notices[0].summary, "listing boom: panicked at x.rs:1:1: no");
        assert_eq!(notices[0].detail, "listing boom: panicked at x.rs:1:1:\nno");
        let crashing = book_live("echo 'out of memory' >&2; exit 3", &events);
        let notices =
            run_book_live(crashing, &events, Duration::from_secs(5), &safety_net()).unwrap_err();
        assert!(notices[0].summary.starts_with("book-live failed ("), "{notices:?}");
        assert!(notices[0].detail.contains("out of memory"));
    }

    /// What the program prints is not its message: lines in the old form of
    /// the protocol are not taken for events, and a line in the events file
    /// that is not an event stops the run, shown as it was.
    #[cfg(unix)]
    #[test]
    fn only_the_events_file_is_read_and_only_events_in_it() {
        let (_dir, events) = events_file();
        let printing = book_live(
            "echo 'started listing a'; echo 'failed listing a: no'; echo 'wrote outputs/a.txt'",
            &events,
        );
        let (written, notices) =
            run_book_live(printing, &events, Duration::from_secs(5), &safety_net()).unwrap();
        assert!(written.is_empty() && notices.is_empty(), "{written:?} {notices:?}");
        let started = Instant::now();
        let garbled = book_live(
            &format!("{} echo 'wrote outputs/a.txt' >> \"$1\"; exec sleep 30", begin("listing a")),
            &events,
        );
        let (_, notices) =
            run_book_live(garbled, &events, Duration::from_secs(60), &safety_net()).unwrap();
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        assert!(notices[0].summary.starts_with("book-live sent something that is not an event"));
        assert_eq!(notices[0].detail, "wrote outputs/a.txt");
    }

    /// Output without bound stops the run at once (not after the item's time
    /// budget), naming the item that was running.
    #[cfg(unix)]
    #[test]
    fn printing_without_bound_is_stopped() {
        let (_dir, events) = events_file();
        let started = Instant::now();
        let flood = book_live(&format!("{} exec yes", begin("listing chatty")), &events);
        let (_, notices) =
            run_book_live(flood, &events, Duration::from_secs(60), &safety_net()).unwrap();
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        assert_eq!(notices[0].summary, "listing chatty stopped: it printed more than 4 MB");
        let spam = book_live(
            &format!(
                "{} while :; do printf '%s' '{}' >> \"$1\"; done",
                begin("listing chatty"),
                Event::Started { item: "x".repeat(1000) }.to_line()
            ),
            &events,
        );
        let (_, notices) =
            run_book_live(spam, &events, Duration::from_secs(60), &safety_net()).unwrap();
        assert_eq!(notices[0].summary, "listing chatty stopped: it sent more than 4 MB of events");
    }

    /// A line is taken only once its end is written (book-live may be halfway through it).
    #[test]
    fn half_a_line_waits_for_its_end() {
        let (_dir, events) = events_file();
        let line = Event::Finished { item: "figure secants".into() }.to_line();
        let (head, tail) = line.split_at(10);
        std::fs::write(&events, head).unwrap();
        let mut file = EventFile { path: events.clone(), read: 0, partial: Vec::new() };
        assert!(file.new_lines().unwrap().is_empty());
        std::fs::write(&events, format!("{head}{tail}{line}")).unwrap();
        assert_eq!(file.new_lines().unwrap(), [line.trim_end(), line.trim_end()]);
        assert!(file.new_lines().unwrap().is_empty());
    }

    // A POSIX shell stands in for book-live.
    #[cfg(unix)]
    #[test]
    fn a_crash_names_the_item_running_and_memory_is_limited() {
        let (_dir, events) = events_file();
        let hog = book_live(
            &format!(
                "{} echo 'memory allocation of 8589934592 bytes failed' >&2; kill -ABRT $$",
                begin("listing hog")
            ),
            &events,
        );
        let (_, notices) =
            run_book_live(hog, &events, Duration::from_secs(5), &safety_net()).unwrap();
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
