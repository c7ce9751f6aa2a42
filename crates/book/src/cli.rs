//! The command line of the book, `nnlearn`: run any listing, redraw any figure,
//! re-run any experiment with other parameters, check an exercise.
//!
//! `cargo run -- --help` lists the commands; `cargo run -- <command> --help`
//! explains each one's parameters. The book's lint parses every command the
//! chapters show with [`Cli::try_parse_args`], so none of them can go stale.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use crate::atomic_file::write_file;
use crate::experiment::Experiment;
use crate::gradients::SimpleNetArgs;
use crate::gradients::figures::{Descent, Field, Landscape, LearningRates};
use crate::learning_algorithm::runs::{Loop, book_run, compare};
use crate::learning_algorithm::train_command::TrainArgs;
use crate::numerical_differentiation::figures::{DiffError, Secant, Tangent};
use crate::{contents, layout, regen};

#[derive(Parser)]
#[command(
    name = "nnlearn",
    version,
    about = "How Neural Networks Learn, in Rust: the book's listings, figures and experiments"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Redraw every figure and rewrite every listing output of the book (after an
    /// intended change; `cargo test` checks they are up to date).
    Regen,
    /// Run one listing of the book and print what it prints (no name: list them).
    Listing {
        /// The listing's name, as in `book/outputs/<name>.txt`.
        name: Option<String>,
    },
    /// Draw one figure of the book as it appears there (no name: list them).
    Figure {
        /// The figure's name, as in `book/figures/<name>.svg`.
        name: Option<String>,
        /// Where to write the SVG (default: `<name>.svg` in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The language of its labels: `en`, or `zh-CN` as the Chinese edition shows it.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    Tangent(Tangent),
    Secant(Secant),
    DiffError(DiffError),
    Field(Field),
    Descent(Descent),
    LearningRates(LearningRates),
    Landscape(Landscape),
    /// Chapter 4: the 2×3 network's loss and numerical gradient, with random weights.
    SimpleNet(SimpleNetArgs),
    /// Chapter 5: train the two-layer network on MNIST with mini-batch SGD.
    Train(TrainArgs),
    /// Re-run a training run that the book quotes (`full`: the original's run on
    /// the full MNIST; `overfit`: 300 images) with the chapter's loop and record it
    /// in book/runs/<name>/, or, with --check, compare both loops with the record.
    BookRun {
        /// `full` or `overfit`.
        name: String,
        /// Compare with the committed record instead of overwriting it: the
        /// chapter's loop, and the fast path, which must give the same bits.
        #[arg(long)]
        check: bool,
    },
    /// Download the full MNIST (four files, verified against pinned sha256 hashes;
    /// files already present and good are not downloaded again).
    Download {
        /// Where to put the files (default: $MNIST_DIR, else data/mnist/).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Base URL of the mirror.
        #[arg(long, default_value = mnist::OSSCI_MIRROR)]
        mirror: String,
    },
    /// Rewrite data/mnist-subset/ (the first 5000 training and 1000 test images,
    /// gzipped reproducibly) from the full MNIST files in --from.
    MnistSubset {
        /// Folder of the four full MNIST files.
        #[arg(long)]
        from: PathBuf,
        /// Where to write the subset (default: data/mnist-subset/).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Write the benchmark tables the book shows (book/bench/*.md) from the last
    /// `cargo bench` results in target/criterion/.
    BenchTable,
    /// Check your answer to an exercise (no id: list the exercises and their state).
    Exercise {
        /// The exercise, as numbered in the book, for example `2.1`.
        id: Option<String>,
        /// The language of the messages: `en`, or `zh-CN` (default: the locale,
        /// Chinese if LC_ALL, LC_MESSAGES or LANG starts with `zh`).
        #[arg(long)]
        lang: Option<String>,
    },
}

/// The program: parses the command line and runs it. Every failure is one line
/// on stderr, `error: ...`, with exit status 2 for a command line that does not
/// parse and 1 for a command that fails; `--help` and `--version` exit 0.
pub fn main() -> std::process::ExitCode {
    use clap::error::ErrorKind;
    use std::process::ExitCode;
    // `nnlearn exercise` speaks the learner's language, its errors too (cli_zh.rs).
    let args: Vec<String> =
        std::env::args_os().skip(1).map(|a| a.to_string_lossy().into()).collect();
    let var = |name: &str| std::env::var(name).ok();
    let locale = [var("LC_ALL"), var("LC_MESSAGES"), var("LANG")];
    let lang = crate::cli_zh::messages_lang(&args, locale.each_ref().map(Option::as_deref));
    let prefix = crate::cli_zh::error_prefix(lang);
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            print!("{e}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let message = match lang {
                crate::plot::Lang::En => usage_error(&e),
                crate::plot::Lang::ZhCn => crate::cli_zh::usage_error(&e),
            };
            eprintln!("{prefix}{}", one_line(&message));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Each cause said once, on one line (anyhow's "Caused by:" list is
            // never printed), after the prefix in the learner's language.
            eprintln!("{prefix}{}", one_line(&with_causes(&error)));
            ExitCode::FAILURE
        }
    }
}

/// A clap error in one sentence: its first line, and where to read more.
fn usage_error(e: &clap::Error) -> String {
    use clap::CommandFactory;
    use clap::error::ErrorKind;
    let rendered = e.to_string();
    let first = rendered.lines().find(|l| !l.trim().is_empty()).unwrap_or("invalid command line");
    let first = first.trim_start_matches("error: ").trim();
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            | ErrorKind::MissingSubcommand
            | ErrorKind::InvalidSubcommand
    ) {
        return format!("{first} (`nnlearn --help` lists the commands)");
    }
    // The command whose --help explains its options: the subcommand named on the line.
    let command = std::env::args_os().skip(1).find_map(|arg| {
        let arg = arg.to_str()?.to_string();
        Cli::command().get_subcommands().any(|c| c.get_name() == arg).then_some(arg)
    });
    match command {
        Some(command) => format!("{first} (see `nnlearn {command} --help`)"),
        None => format!("{first} (see `nnlearn --help`)"),
    }
}

/// The error with its context and causes, `outer: inner: cause`, each said
/// once: a cause that its outer message already quotes (a typed error that
/// shows its source, as `MnistError`'s `path: cannot open: cause` does) is not
/// repeated.
fn with_causes(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain().map(ToString::to_string) {
        if text.is_empty() {
            text = cause;
        } else if !text.contains(&cause) {
            text = format!("{text}: {cause}");
        }
    }
    text
}

/// A message as one line: any line breaks in it become "; ".
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("; ")
}

impl Cli {
    /// Parses a command line (`argv[0]` is the program name), or says why not.
    /// `Ok(None)` means the line asks for `--help` or `--version`.
    pub fn try_parse_args<I, T>(argv: I) -> Result<Option<Cli>, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::error::ErrorKind;
        match Cli::try_parse_from(argv) {
            Ok(cli) => Ok(Some(cli)),
            Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

/// Runs a parsed command; the error is a message for the terminal.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Tangent(e) => e.run(),
        Command::Secant(e) => e.run(),
        Command::DiffError(e) => e.run(),
        Command::Field(e) => e.run(),
        Command::Descent(e) => e.run(),
        Command::LearningRates(e) => e.run(),
        Command::Landscape(e) => e.run(),
        Command::SimpleNet(args) => {
            args.run();
            Ok(())
        }
        Command::Train(args) => args.run(),
        Command::BookRun { name, check } => book_run_command(&name, check),
        Command::Download { dir, mirror } => download(dir, &mirror),
        Command::MnistSubset { from, to } => {
            let to = to.unwrap_or_else(mnist::subset_dir);
            let files = mnist::write_subset(&from, &to, 5000, 1000)?;
            for file in files {
                println!(
                    "{}: {} samples, {} bytes, sha256 {} (content {})",
                    file.path.display(),
                    file.samples,
                    file.bytes,
                    file.sha256,
                    file.content_sha256
                );
            }
            Ok(())
        }
        Command::BenchTable => crate::appendix_fast::bench_table::write_tables(),
        Command::Exercise { id, lang } => {
            let var = |name: &str| std::env::var(name).ok();
            let (lc_all, lc_messages, locale) = (var("LC_ALL"), var("LC_MESSAGES"), var("LANG"));
            let lang = crate::exercise::choose_lang(
                lang.as_deref(),
                lc_all.as_deref(),
                lc_messages.as_deref(),
                locale.as_deref(),
            )?;
            crate::plot::in_lang(lang, || {
                crate::exercise::run_cli(id.as_deref(), &contents::exercises())
            })
        }
        Command::Regen => {
            let changes = regen::regenerate(&layout::book_dir())?;
            if changes.is_empty() {
                println!("every figure and listing output is up to date");
            }
            for change in changes {
                println!("{change:?}");
            }
            Ok(())
        }
        Command::Listing { name: None } => {
            for l in contents::listings() {
                println!("{}", l.name);
            }
            Ok(())
        }
        Command::Listing { name: Some(name) } => contents::listing(&name)
            .with_context(|| {
                format!("no listing called `{name}`; `cargo run -- listing` lists them")
            })?
            .run(),
        Command::Figure { name: None, .. } => {
            for f in contents::figures() {
                println!("{:<24} {}", f.name, f.command());
            }
            Ok(())
        }
        Command::Figure { name: Some(name), out, lang } => {
            let figure = contents::figure(&name).with_context(|| {
                format!("no figure called `{name}`; `cargo run -- figure` lists them")
            })?;
            let lang = crate::plot::Lang::from_code(&lang)?;
            let out = out.unwrap_or_else(|| PathBuf::from(format!("{name}.svg")));
            write_file(&out, &figure.draw_in(lang)?)?;
            println!("wrote {}", out.display());
            Ok(())
        }
    }
}

/// `book-run <name> [--check]`.
fn book_run_command(name: &str, check: bool) -> Result<()> {
    let run = book_run(name)?;
    eprintln!("running `{}`: {} (data: {})", run.name, run.about, run.data_dir().display());
    let started = std::time::Instant::now();
    let fresh = run.run(Loop::Plain)?;
    eprintln!("the chapter's loop: done in {:.1} s", started.elapsed().as_secs_f64());
    print!("{}", fresh.evaluations_text());
    if !check {
        // The figures of a book run are drawn by `regen` into book/figures/.
        fresh.write_to(&run.dir())?;
        println!("recorded in {}; now run `cargo run -- regen`", run.dir().display());
        return Ok(());
    }
    let record = run.record()?;
    let verdict = compare(&fresh, &record)?;
    println!("book/runs/{}, the chapter's loop: {verdict}", run.name);
    let started = std::time::Instant::now();
    let fast = run.run(Loop::Fast)?;
    eprintln!("the fast path: done in {:.1} s", started.elapsed().as_secs_f64());
    if fast != fresh {
        bail!(
            "the fast path does not give the chapter's loop's run bit for bit: {}",
            compare(&fast, &fresh).unwrap_or_else(|e| format!("{e:#}"))
        );
    }
    println!("book/runs/{}, the fast path: the same run, bit for bit", run.name);
    Ok(())
}

/// `download`: the four files into `dir`, with what happened to each.
fn download(dir: Option<PathBuf>, mirror: &str) -> Result<()> {
    use mnist::{DownloadEvent, DownloadSource, MnistError, mnist_dir};
    let dir = mnist_dir(dir.as_deref());
    if let Ok(m) = std::fs::metadata(&dir)
        && !m.is_dir()
    {
        let what = crate::atomic_file::what_it_is(&m);
        bail!("{}: is {what}, not a directory", dir.display());
    }
    let report = mnist::download(&dir, &DownloadSource::mnist(mirror), |event| match event {
        DownloadEvent::Skipped { name, .. } => {
            eprintln!("{name}: present and verified, kept")
        }
        // Not replaced: the download stops with this error.
        DownloadEvent::Invalid { error: MnistError::NotAFile { .. }, .. } => {}
        DownloadEvent::Invalid { name, error, .. } => {
            eprintln!("{name}: present but not valid ({error}); downloading a replacement")
        }
        DownloadEvent::Started { url, total, .. } => match total {
            Some(n) => eprintln!("downloading {url} ({n} bytes)"),
            None => eprintln!("downloading {url}"),
        },
        DownloadEvent::Saved { name, path } => {
            eprintln!("{name}: verified, saved as {}", path.display())
        }
        _ => {}
    })?;
    println!(
        "{}: {} downloaded, {} already there ({} bytes received)",
        dir.display(),
        report.downloaded.len(),
        report.skipped.len(),
        report.bytes
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(line: &str) -> String {
        Cli::try_parse_args(line.split_whitespace())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn bad_parameters_are_named() {
        assert!(
            error_of("nnlearn descent --lr -1").contains("-1 must be a positive finite number")
        );
        assert!(
            error_of("nnlearn descent --lr nan").contains("nan must be a positive finite number")
        );
        assert!(error_of("nnlearn descent --start 1,2,3").contains("is not a point: write x0,x1"));
        assert!(
            error_of("nnlearn descent --start 1,x").contains("`x` in `1,x` is not a finite number")
        );
        assert!(error_of("nnlearn descent --steps 1000000000").contains("use at most 100000"));
        assert!(error_of("nnlearn field --step 0.001").contains("use 0.05 or more"));
        assert!(error_of("nnlearn train --lr 0").contains("0 must be a positive finite number"));
        assert!(error_of("nnlearn train --grad magic").contains("invalid value 'magic'"));
    }

    /// A failure prints with its context and causes, each once: the MNIST
    /// error already quotes the system's, which is not said twice.
    #[test]
    fn every_cause_is_said_once() {
        use anyhow::Context;
        let missing = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let path = std::path::PathBuf::from("data/x");
        let mnist = mnist::MnistError::Io { path, action: "cannot open", source: missing };
        let error = Err::<(), _>(mnist).context("loading the training images").unwrap_err();
        assert_eq!(with_causes(&error), "loading the training images: data/x: cannot open: gone");
        let config = nnlearn::checked::train::ConfigError::EmptyBatch;
        let train = anyhow::Error::new(nnlearn::checked::train::TrainError::from(config));
        assert_eq!(
            with_causes(&train),
            "invalid configuration: batch size 0: a mini-batch needs at least one image"
        );
    }

    #[test]
    fn a_negative_start_point_parses() {
        assert!(Cli::try_parse_args("nnlearn descent --start -3,4".split_whitespace()).is_ok());
    }

    /// Every experiment's name in the command line is the one its figures use.
    #[test]
    fn the_experiments_answer_to_their_command_names() {
        for command in [
            Tangent::COMMAND,
            Secant::COMMAND,
            DiffError::COMMAND,
            Field::COMMAND,
            Descent::COMMAND,
            LearningRates::COMMAND,
            Landscape::COMMAND,
        ] {
            let parsed = Cli::try_parse_args(["nnlearn", command]);
            assert!(matches!(parsed, Ok(Some(_))), "{command}: {parsed:?}", parsed = parsed.err());
        }
    }

    #[test]
    fn the_train_defaults_are_the_book_run() {
        let Ok(Some(Cli { command: Command::Train(args) })) =
            Cli::try_parse_args(["nnlearn", "train"])
        else {
            panic!("`nnlearn train` parses");
        };
        assert_eq!(args.config(), nnlearn::train::TrainConfig::default());
    }
}
