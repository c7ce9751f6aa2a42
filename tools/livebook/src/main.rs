//! `livebook`: the book served live (`cargo xtask serve`), following the code.
//!
//! On every save under `book/`, `src/` or `crates/`, the book is built again
//! into `target/serve/` (see [`build`]): the code compiled if it changed, every
//! listing output and figure produced by it, mdBook run, the widgets' module
//! put beside the pages; then the open pages reload. A compile error or a
//! panicking listing is shown in the terminal and at the top of the page, with
//! its file and line, and the last good book stays served. So is a listing or
//! figure that runs too long ([`build::ITEM_BUDGET`]: it is stopped), prints
//! without bound or (on Linux) takes too much memory
//! ([`build::MEMORY_LIMIT_MB`]); a new save of the code stops a run still
//! going. Nothing is written into `book/`: `cargo xtask regen` remains the way to
//! accept a change there. The mdBook builds, the editions and the widgets'
//! files are `bookops`' operations, the same `cargo xtask` uses.
#![forbid(unsafe_code)]

mod build;
mod mirror;
mod paths;
mod server;
mod verify;
mod watch;

use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use build::{Notice, Outputs};
use clap::Parser;
use paths::Paths;
use server::{Shared, State, update};

/// The command line (clap): `cargo xtask serve` and `cargo xtask check` call it.
#[derive(Parser, Debug, PartialEq)]
#[command(name = "livebook", about = "The book served live, following the code (scripts/serve)")]
enum Cli {
    /// Serve the live book on 127.0.0.1
    Serve {
        #[arg(long, value_name = "N", default_value_t = 3000)]
        port: u16,
    },
    /// Put the widgets' module and digits into a built book
    InstallWidgets { site: PathBuf },
    /// Check that the served book is what scripts/regen followed by mdbook build gives
    Verify,
}

fn main() -> ExitCode {
    // A bad command line: clap names what is wrong, with the usage, and exits with 2.
    let cli = Cli::parse();
    let paths = Paths::of_repository();
    let result = match cli {
        Cli::Serve { port } => serve(&paths, port),
        Cli::InstallWidgets { site } => build::install_widgets(&paths, &site).map_err(Into::into),
        Cli::Verify => verify::run(&paths),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("livebook: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn print_notices(notices: &[Notice]) {
    for n in notices {
        eprintln!("  ! {}", n.summary);
        if n.detail != n.summary && !n.detail.is_empty() && !n.summary.starts_with("mdBook") {
            for line in n.detail.lines() {
                eprintln!("    {line}");
            }
        }
    }
}

fn serve(paths: &Paths, port: u16) -> anyhow::Result<()> {
    // 127.0.0.1 only: the book is not offered to other machines on the network.
    let shared: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    // Served while this function runs (it never returns but on an error).
    let _server =
        server::serve(port, Arc::clone(&shared)).with_context(|| format!("127.0.0.1:{port}"))?;
    eprintln!("==> building the live book into target/serve/ (book/ is never written)");
    let mut n = 0;
    let watcher = watch::Watcher::start(&paths.repo)?;
    // The first build takes the committed outputs and figures: the book is
    // served at once, while the code compiles (the first time, a few minutes)
    // and the widgets' module too, in the background.
    rebuild(
        paths,
        &shared,
        &mut n,
        &Outputs::Keep,
        "the first build (outputs and figures as committed)",
        &|| false,
    );
    eprintln!(
        "==> serving the book at http://127.0.0.1:{port} (Ctrl-C to stop); watching book/, src/ and crates/"
    );
    let editions = Editions::default();
    editions.start(paths, &shared);
    let widgets_busy = Arc::new(AtomicBool::new(false));
    let mut widgets_again = !start_widgets(paths, &shared, &widgets_busy);
    eprintln!(
        "==> compiling the book's code, to produce its outputs and figures from it (the first time takes a few minutes)"
    );
    // Until the code has built and run once, and after a build that failed,
    // the next build runs every listing and figure.
    // A save of the code while the listings and figures run stops them (one
    // may be in an endless loop): the loop below builds again at once.
    let mut pending = !rebuild(paths, &shared, &mut n, &Outputs::All, "the book's code", &|| {
        watcher.code_saved()
    });
    if !pending {
        editions.start(paths, &shared);
    }
    loop {
        let changed = watcher.changes(Duration::from_millis(100));
        if changed.is_empty() {
            // A widgets' build asked for while one was running.
            if widgets_again {
                widgets_again = !start_widgets(paths, &shared, &widgets_busy);
            }
            continue;
        }
        let needs = watch::needs(&changed);
        let names: Vec<String> = changed.iter().take(3).map(|p| p.display().to_string()).collect();
        let what = format!("{}{}", names.join(", "), if changed.len() > 3 { ", ..." } else { "" });
        if needs.pages {
            let outputs = match (&needs.listings, needs.code || pending) {
                (_, false) => Outputs::Keep,
                (Some(listings), true) if !pending => Outputs::Listings(listings.clone()),
                _ => Outputs::All,
            };
            let built = rebuild(paths, &shared, &mut n, &outputs, &what, &|| watcher.code_saved());
            pending = (pending || outputs != Outputs::Keep) && !built;
            if built {
                editions.start(paths, &shared);
            }
        }
        // The widgets' module compiles beside the pages (in its own cargo folder),
        // one build at a time; a change during it is picked up by the next.
        if needs.widgets || widgets_again {
            widgets_again = !start_widgets(paths, &shared, &widgets_busy);
        }
    }
}

/// Builds the book once more and, if it built, serves it; says whether it
/// built. `cancel`: see [`build::write_outputs`].
fn rebuild(
    paths: &Paths,
    shared: &Shared,
    n: &mut usize,
    outputs: &Outputs,
    what: &str,
    cancel: &dyn Fn() -> bool,
) -> bool {
    let started = Instant::now();
    match build::build(paths, *n, outputs, cancel) {
        Ok(built) => {
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "==> {what}: rebuilt in {seconds:.1} s ({}){}",
                built.phases,
                if built.notices.is_empty() {
                    String::new()
                } else {
                    format!(", with {} problem(s):", built.notices.len())
                }
            );
            print_notices(&built.notices);
            *n += 1;
            update(shared, |s| {
                s.site = Some(built.site);
                s.site_version += 1;
                s.builds += 1;
                s.notices = built.notices;
            });
            true
        }
        Err(notices) => {
            eprintln!("==> {what}: the book did not build; the last good one stays served:");
            print_notices(&notices);
            update(shared, |s| s.notices = notices);
            false
        }
    }
}

/// The translated editions, built in the background from the served copy after
/// each build of the English (they follow it by a few seconds), one build at a
/// time: a build asked for while one runs starts when it ends.
#[derive(Default, Clone)]
struct Editions {
    /// (a build is running, another one is wanted after it)
    state: Arc<Mutex<(bool, bool)>>,
    /// How many have been built (which of the two folders is next).
    count: Arc<std::sync::atomic::AtomicUsize>,
}

impl Editions {
    fn start(&self, paths: &Paths, shared: &Shared) {
        {
            let mut s = self.state.lock().expect("editions lock");
            if s.0 {
                s.1 = true;
                return;
            }
            *s = (true, false);
        }
        let (me, paths, shared) = (self.clone(), paths.clone(), Arc::clone(shared));
        std::thread::spawn(move || {
            loop {
                me.build_once(&paths, &shared);
                let mut s = me.state.lock().expect("editions lock");
                if !s.1 {
                    s.0 = false;
                    return;
                }
                s.1 = false;
            }
        });
    }

    fn build_once(&self, paths: &Paths, shared: &Shared) {
        let started = Instant::now();
        let root = paths.editions(self.count.load(Ordering::SeqCst));
        let _ = std::fs::remove_dir_all(&root);
        let result: Result<(), Vec<Notice>> = build::TRANSLATIONS
            .iter()
            .try_for_each(|lang| build::translation(paths, lang, &root.join(lang)));
        match result {
            Ok(()) => {
                self.count.fetch_add(1, Ordering::SeqCst);
                eprintln!(
                    "==> the Chinese edition rebuilt in {:.1} s (/zh-CN/)",
                    started.elapsed().as_secs_f64()
                );
                update(shared, |s| {
                    s.editions = Some(root);
                    s.site_version += 1;
                    s.edition_notices.clear();
                });
            }
            Err(notices) => {
                eprintln!("==> the Chinese edition did not build; the last good one stays served:");
                print_notices(&notices);
                update(shared, |s| s.edition_notices = notices);
            }
        }
    }
}

/// Starts [`rebuild_widgets`] in the background unless one is running; says whether it started.
fn start_widgets(paths: &Paths, shared: &Shared, busy: &Arc<AtomicBool>) -> bool {
    if busy.swap(true, Ordering::SeqCst) {
        return false;
    }
    let (paths, shared, busy) = (paths.clone(), Arc::clone(shared), Arc::clone(busy));
    std::thread::spawn(move || {
        rebuild_widgets(&paths, &shared);
        busy.store(false, Ordering::SeqCst);
    });
    true
}

/// Compiles the widgets' module again and puts it into the book served.
fn rebuild_widgets(paths: &Paths, shared: &Shared) {
    let started = Instant::now();
    let result = build::compile_widgets(paths).and_then(|()| {
        let (site, editions) = {
            let state = shared.0.lock().expect("state lock");
            (state.site.clone(), state.editions.clone())
        };
        let translated = editions.iter().flat_map(|e| build::TRANSLATIONS.map(|l| e.join(l)));
        site.into_iter().chain(translated).try_for_each(|dir| {
            build::install_widgets(paths, &dir).map_err(|e| {
                let e = e.to_string();
                vec![Notice { summary: e.clone(), detail: e }]
            })
        })
    });
    match result {
        Ok(()) => {
            eprintln!(
                "==> the widgets' module rebuilt in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            update(shared, |s| {
                s.site_version += 1;
                s.widget_notices.clear();
            });
        }
        Err(notices) => {
            eprintln!("==> the widgets' module did not build:");
            print_notices(&notices);
            update(shared, |s| s.widget_notices = notices);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn cli(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(line.split(' '))
    }

    #[test]
    fn the_command_lines_of_the_scripts_parse() {
        Cli::command().debug_assert();
        assert_eq!(cli("livebook serve").unwrap(), Cli::Serve { port: 3000 });
        assert_eq!(cli("livebook serve --port 3001").unwrap(), Cli::Serve { port: 3001 });
        assert_eq!(
            cli("livebook install-widgets target/book").unwrap(),
            Cli::InstallWidgets { site: "target/book".into() }
        );
        assert_eq!(cli("livebook verify").unwrap(), Cli::Verify);
        for bad in [
            "livebook",
            "livebook serve --port x",
            "livebook serve --port 70000",
            "livebook install-widgets",
            "livebook verify now",
        ] {
            assert_eq!(cli(bad).expect_err(bad).exit_code(), 2, "{bad}");
        }
    }
}
