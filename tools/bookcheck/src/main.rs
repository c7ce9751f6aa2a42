//! `bookcheck`: checks the built book (static HTML checks, and every page in
//! headless Chromium), and proves with `self-test` that the checks catch breaks.
#![forbid(unsafe_code)]

mod assets;
mod axe;
mod book;
mod browser;
mod html;
mod keyboard;
mod mathtext;
mod pdf;
mod quiz;
mod report;
mod selftest;
mod widgets;

use std::path::PathBuf;

use clap::Parser;
use std::process::ExitCode;

use book::Book;
use report::Report;

/// The command line (clap). The defaults are what scripts/check relies on.
#[derive(Parser, Debug)]
#[command(
    name = "bookcheck",
    about = "Checks the built book: static HTML checks and a headless Chromium pass over every page",
    after_help = "Chromium: $CHROMIUM, else $CHROME, else /usr/bin/chromium (required, never skipped).\n\
                  Exit status: 0 clean (warnings allowed), 1 problems found, 2 the check could not run."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What every subcommand takes.
#[derive(clap::Args, Debug)]
struct BuildArgs {
    /// The built book (mdBook's build dir)
    #[arg(value_name = "build-dir")]
    build: PathBuf,
    /// The book's markdown sources, with SUMMARY.md
    #[arg(long, value_name = "DIR", default_value = "book")]
    book_src: PathBuf,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// The static checks of the HTML
    Html {
        #[command(flatten)]
        book: BuildArgs,
        /// Where the build dir is published, as mdBook's site-url
        #[arg(long, value_name = "URL", default_value = "/")]
        site_url: String,
    },
    /// Every page in headless Chromium
    Browser {
        #[command(flatten)]
        book: BuildArgs,
        /// Where the PNGs are saved
        #[arg(long, value_name = "DIR", default_value = "target/bookcheck")]
        screenshots: PathBuf,
        /// Save no PNGs
        #[arg(long, conflicts_with = "screenshots")]
        no_screenshots: bool,
        /// The dark mdBook theme to check
        #[arg(long, value_name = "NAME", default_value = "navy", value_parser = ["navy", "coal", "ayu"])]
        dark_theme: String,
        /// Pages checked at once, each in a window of the one browser
        #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: u16,
        /// Serve DIR, which holds the build dir (an edition inside a site, such as
        /// target/book/zh-CN inside target/book)
        #[arg(long, value_name = "DIR")]
        site: Option<PathBuf>,
        /// On index.html, search for QUERY: the results must include every page
        /// listed (comma-separated); repeatable
        #[arg(long = "search", value_name = "QUERY=PAGE[,PAGE...]", value_parser = browser::parse_query)]
        queries: Vec<(String, Vec<String>)>,
    },
    /// Proves that the checks catch a broken formula, image, link and include
    SelfTest {
        #[command(flatten)]
        book: BuildArgs,
    },
    /// The interactive figures, against the native crate (a PNG of each)
    Widgets {
        #[command(flatten)]
        book: BuildArgs,
        /// Where the PNGs are saved
        #[arg(long, value_name = "DIR", default_value = "target/bookcheck")]
        screenshots: PathBuf,
    },
    /// The chapters' questions in both editions (<build-dir> and <build-dir>/zh-CN),
    /// then on a copy broken on purpose
    Quiz {
        #[command(flatten)]
        book: BuildArgs,
        /// Where the PNGs of a right and a wrong answer are saved
        #[arg(long, value_name = "DIR")]
        screenshots: Option<PathBuf>,
    },
    /// A PDF of each edition, printed from print.html
    Pdf {
        #[command(flatten)]
        book: BuildArgs,
        /// Where the PDFs are written
        #[arg(long, value_name = "DIR", default_value = "target/pdf")]
        out: PathBuf,
    },
    /// The PDFs, with poppler's tools, against the print pages of the build
    PdfCheck {
        /// The folder of the PDFs
        #[arg(value_name = "pdf-dir")]
        pdfs: PathBuf,
        /// The built book whose print pages the PDFs are checked against
        #[arg(long, value_name = "DIR", default_value = "target/book")]
        build: PathBuf,
    },
    /// Breaks the PDF on purpose and sees pdf-check fail
    PdfSelfTest {
        #[command(flatten)]
        book: BuildArgs,
    },
}

/// The command line, flattened for the checks.
#[derive(Debug)]
struct Args {
    command: &'static str,
    build: PathBuf,
    book_src: PathBuf,
    screenshots: Option<PathBuf>,
    dark_theme: String,
    jobs: usize,
    site: Option<PathBuf>,
    queries: Vec<(String, Vec<String>)>,
    site_url: String,
    /// pdf's --out; pdf-check's --build
    other_dir: Option<PathBuf>,
}

impl Args {
    fn of(cli: Cli) -> Args {
        let new = |command, book: BuildArgs| Args {
            command,
            build: book.build,
            book_src: book.book_src,
            screenshots: None,
            dark_theme: "navy".to_string(),
            jobs: 2,
            site: None,
            queries: Vec::new(),
            site_url: "/".to_string(),
            other_dir: None,
        };
        match cli.command {
            Command::Html { book, site_url } => Args { site_url, ..new("html", book) },
            Command::Browser {
                book,
                screenshots,
                no_screenshots,
                dark_theme,
                jobs,
                site,
                queries,
            } => Args {
                screenshots: (!no_screenshots).then_some(screenshots),
                dark_theme,
                jobs: jobs.into(),
                site,
                queries,
                ..new("browser", book)
            },
            Command::SelfTest { book } => new("self-test", book),
            Command::Widgets { book, screenshots } => {
                Args { screenshots: Some(screenshots), ..new("widgets", book) }
            }
            Command::Quiz { book, screenshots } => Args { screenshots, ..new("quiz", book) },
            Command::Pdf { book, out } => Args { other_dir: Some(out), ..new("pdf", book) },
            Command::PdfCheck { pdfs, build } => Args {
                other_dir: Some(build),
                ..new("pdf-check", BuildArgs { build: pdfs, book_src: PathBuf::from("book") })
            },
            Command::PdfSelfTest { book } => new("pdf-self-test", book),
        }
    }
}

fn main() -> ExitCode {
    // A bad command line: clap names what is wrong, with the usage, and exits with 2.
    let args = Args::of(Cli::parse());
    if !args.build.is_dir() && args.command != "pdf-check" {
        eprintln!(
            "bookcheck: the build dir {} does not exist: run `mdbook build` first",
            args.build.display()
        );
        return ExitCode::from(2);
    }
    let mut report = Report::default();
    match args.command {
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
        "quiz" => {
            if let Err(e) = quiz::check(&args.build, args.screenshots.as_deref(), &mut report) {
                report.print("quiz");
                eprintln!("bookcheck: the quiz check could not run: {e:#}");
                return ExitCode::from(2);
            }
            report.print("quiz");
        }
        "pdf" | "pdf-check" | "pdf-self-test" => {
            return pdf::main(args.command, &args.build, args.other_dir.as_deref());
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn args(line: &str) -> Result<Args, clap::Error> {
        Cli::try_parse_from(line.split(' ')).map(Args::of)
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The invocations of scripts/check, word for word.
    #[test]
    fn scripts_check_invocations_parse_as_before() {
        let a = args("bookcheck html target/book").unwrap();
        assert_eq!((a.command, a.build, a.book_src), ("html", "target/book".into(), "book".into()));
        assert_eq!(a.site_url, "/");
        let a = args(
            "bookcheck html target/book/zh-CN --book-src target/i18n/zh-CN-md --site-url /zh-CN/",
        )
        .unwrap();
        assert_eq!(
            (a.book_src, a.site_url),
            ("target/i18n/zh-CN-md".into(), "/zh-CN/".to_string())
        );
        let a = args(
            "bookcheck browser target/book/zh-CN --site target/book --book-src target/i18n/zh-CN-md \
             --screenshots target/bookcheck/zh-CN --search 梯度=gradients.html \
             --search 损失函数=loss-functions.html,a.html",
        )
        .unwrap();
        assert_eq!(a.site, Some("target/book".into()));
        assert_eq!(a.screenshots, Some("target/bookcheck/zh-CN".into()));
        assert_eq!(
            a.queries,
            [
                ("梯度".to_string(), vec!["gradients.html".to_string()]),
                (
                    "损失函数".to_string(),
                    vec!["loss-functions.html".to_string(), "a.html".to_string()]
                )
            ]
        );
        assert_eq!((a.jobs, a.dark_theme.as_str()), (2, "navy"));
        let a = args("bookcheck browser target/book --screenshots target/bookcheck").unwrap();
        assert_eq!(a.screenshots, Some("target/bookcheck".into()));
        let a = args("bookcheck browser target/book --no-screenshots --jobs 3 --dark-theme coal")
            .unwrap();
        assert_eq!((a.screenshots, a.jobs, a.dark_theme.as_str()), (None, 3, "coal"));
        assert_eq!(args("bookcheck self-test target/book").unwrap().command, "self-test");
        let a = args("bookcheck widgets target/book").unwrap();
        assert_eq!((a.command, a.screenshots), ("widgets", Some("target/bookcheck".into())));
        let a = args("bookcheck quiz target/book --screenshots target/quiz").unwrap();
        assert_eq!((a.command, a.screenshots), ("quiz", Some("target/quiz".into())));
        let a = args("bookcheck pdf target/book --out target/pdf").unwrap();
        assert_eq!((a.command, a.other_dir), ("pdf", Some("target/pdf".into())));
        let a = args("bookcheck pdf-check target/pdf --build target/book").unwrap();
        assert_eq!(
            (a.command, a.build, a.other_dir),
            ("pdf-check", "target/pdf".into(), Some("target/book".into()))
        );
        assert_eq!(args("bookcheck pdf-self-test target/book").unwrap().command, "pdf-self-test");
    }

    #[test]
    fn bad_command_lines_are_refused_with_status_2() {
        for bad in [
            "bookcheck",
            "bookcheck lint target/book",
            "bookcheck html",
            "bookcheck html target/book --jobs 2",
            "bookcheck browser target/book --jobs 0",
            "bookcheck browser target/book --dark-theme light",
            "bookcheck browser target/book --search nothing",
            "bookcheck browser target/book --no-screenshots --screenshots x",
            "bookcheck self-test target/book extra",
        ] {
            let e = args(bad).expect_err(bad);
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }
}
