//! `bookcheck`: checks the built book (static HTML checks, and every page in
//! headless Chromium), and proves with `self-test` that the checks catch breaks.
#![forbid(unsafe_code)]

mod assets;
mod book;
mod browser;
mod html;
mod mathtext;
mod report;
mod selftest;
mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;

use book::Book;
use report::Report;

const USAGE: &str = "\
usage:
  bookcheck html <build-dir> [--book-src DIR] [--site-url URL]
  bookcheck browser <build-dir> [--book-src DIR] [--screenshots DIR | --no-screenshots]
                    [--dark-theme navy|coal] [--jobs N] [--site DIR]
                    [--search QUERY=PAGE[,PAGE...]]...
  bookcheck self-test <build-dir> [--book-src DIR]
  bookcheck widgets <build-dir> [--book-src DIR] [--screenshots DIR]
                    the interactive figures, against the native crate (a PNG of each)

  --book-src DIR     the book's markdown sources, with SUMMARY.md (default: book)
  --site-url URL     where the build dir is published, as mdBook's site-url (default: /)
  --screenshots DIR  where the browser check saves its PNGs (default: target/bookcheck)
  --dark-theme NAME  the dark mdBook theme to check (default: navy)
  --jobs N           pages checked at once, each in a window of the one browser (default: 2)
  --site DIR         serve DIR, which holds the build dir (an edition inside a site, such
                     as target/book/zh-CN inside target/book)
  --search Q=PAGES   on index.html, search for Q: the results must include every page
                     listed (comma-separated); repeatable

Chromium: $CHROMIUM, else $CHROME, else /usr/bin/chromium (required, never skipped).
Exit status: 0 clean (warnings allowed), 1 problems found, 2 the check could not run.";

struct Args {
    command: String,
    build: PathBuf,
    book_src: PathBuf,
    screenshots: Option<PathBuf>,
    dark_theme: String,
    jobs: usize,
    site: Option<PathBuf>,
    queries: Vec<(String, Vec<String>)>,
    site_url: String,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let command = it.next().ok_or("missing subcommand")?;
    if command == "-h" || command == "--help" {
        return Err(String::new());
    }
    if !matches!(command.as_str(), "html" | "browser" | "self-test" | "widgets") {
        return Err(format!("unknown subcommand `{command}`"));
    }
    let mut build = None;
    let mut book_src = PathBuf::from("book");
    let mut screenshots = Some(PathBuf::from("target/bookcheck"));
    let mut dark_theme = "navy".to_string();
    let mut jobs = 2;
    let mut site = None;
    let mut site_url = "/".to_string();
    let mut queries = Vec::new();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--book-src" => book_src = PathBuf::from(value("--book-src")?),
            "--screenshots" if command == "browser" || command == "widgets" => {
                screenshots = Some(PathBuf::from(value("--screenshots")?));
            }
            "--no-screenshots" if command == "browser" => screenshots = None,
            "--dark-theme" if command == "browser" => {
                dark_theme = value("--dark-theme")?;
                if !matches!(dark_theme.as_str(), "navy" | "coal" | "ayu") {
                    return Err(format!("--dark-theme: `{dark_theme}` is not a dark mdBook theme"));
                }
            }
            "--jobs" if command == "browser" => {
                jobs = value("--jobs")?
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or("--jobs needs a number >= 1")?;
            }
            "--site" if command == "browser" => site = Some(PathBuf::from(value("--site")?)),
            "--site-url" if command == "html" => site_url = value("--site-url")?,
            "--search" if command == "browser" => {
                queries.push(browser::parse_query(&value("--search")?)?);
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}` for {command}")),
            s if build.is_none() => build = Some(PathBuf::from(s)),
            s => return Err(format!("unexpected argument `{s}`")),
        }
    }
    Ok(Args {
        command,
        build: build.ok_or("missing <build-dir>")?,
        book_src,
        screenshots,
        dark_theme,
        jobs,
        site,
        queries,
        site_url,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("bookcheck: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !args.build.is_dir() {
        eprintln!(
            "bookcheck: the build dir {} does not exist: run `mdbook build` first",
            args.build.display()
        );
        return ExitCode::from(2);
    }
    let mut report = Report::default();
    match args.command.as_str() {
        "html" => {
            let book = Book::load(&args.book_src, &mut report);
            html::check_at(&args.build, &args.site_url, &book, &mut report);
            report.print("html");
        }
        "browser" => {
            if let Err(e) = browser::chromium_path() {
                eprintln!("bookcheck: {e}");
                return ExitCode::from(2);
            }
            let book = Book::load(&args.book_src, &mut report);
            let opts = browser::Options {
                build: args.build.clone(),
                screenshots: args.screenshots.clone(),
                dark_theme: args.dark_theme.clone(),
                only: None,
                jobs: args.jobs,
                site: args.site.clone(),
                queries: args.queries.clone(),
            };
            if let Err(e) = browser::check(&opts, &book, &mut report) {
                report.print("browser");
                eprintln!("bookcheck: the browser check could not run: {e:#}");
                return ExitCode::from(2);
            }
            report.print("browser");
        }
        "widgets" => {
            if let Err(e) = browser::chromium_path() {
                eprintln!("bookcheck: {e}");
                return ExitCode::from(2);
            }
            if let Err(e) = widgets::check(
                &args.build,
                &args.book_src,
                args.screenshots.as_deref(),
                &mut report,
            ) {
                report.print("widgets");
                eprintln!("bookcheck: the widget check could not run: {e:#}");
                return ExitCode::from(2);
            }
            report.print("widgets");
        }
        _ => {
            if let Err(e) = browser::chromium_path() {
                eprintln!("bookcheck: {e}");
                return ExitCode::from(2);
            }
            return match selftest::run(&args.build, &args.book_src) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("bookcheck: the self-test could not run: {e:#}");
                    ExitCode::from(2)
                }
            };
        }
    }
    if report.errors() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
