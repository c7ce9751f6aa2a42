//! Every figure and every listing output committed in `book/` is exactly what the
//! code produces now. After an intended change, `scripts/regen` rewrites them.

use nnlearn_book::plot::Lang;

#[test]
fn committed_figures_and_outputs_match_the_code() {
    let stale = if BUILT_WITH_THE_BOOKS_C_LIBRARY {
        nnlearn_book::regen::stale(&nnlearn_book::layout::book_dir()).expect("drawing")
    } else {
        stale_beyond_the_c_library(&nnlearn_book::layout::book_dir())
    };
    assert!(
        stale.is_empty(),
        "\n{}\nIf the change is intended, run `scripts/regen` (or `cargo run -- regen`) and commit the result.\n",
        stale.join("\n")
    );
}

/// The committed outputs were made on Linux with glibc, whose `exp` and `ln` Rust's
/// `f64::exp` and `f64::ln` call. Another C library (Windows', macOS', Wine's) may
/// round a few of them the other way in the last bit: measured under Wine,
/// σ(−36) = 1/(1 + e³⁶) comes out as 2.3195228302435686e-16 where glibc gives
/// 2.319522830243569e-16 (the exact value is 2.31952283024356885…e-16, between
/// the two, less than one unit in the last place from each).
const BUILT_WITH_THE_BOOKS_C_LIBRARY: bool = cfg!(all(target_os = "linux", target_env = "gnu"));

/// Elsewhere: every figure byte for byte, every listing output word for word
/// except that a number may differ from the committed one by one unit in the
/// last place (and no more), which is what another C library's `exp` can do;
/// and a figure's data (CSV) field for field, except that a number may differ by
/// `CSV_DRIFT` relatively: some series are whole training runs, where an ulp of
/// `exp` in one step grows through the steps that follow (the figure drawn from
/// them, rounded to pixels, is byte for byte the same).
fn stale_beyond_the_c_library(book: &std::path::Path) -> Vec<String> {
    let mut stale = Vec::new();
    for generated in nnlearn_book::regen::produce_all().expect("drawing") {
        let committed = std::fs::read_to_string(book.join(&generated.path)).unwrap_or_default();
        let same = if generated.path.ends_with(".txt") {
            same_words(&committed, &generated.content, one_ulp_apart)
        } else if generated.path.ends_with(".csv") {
            same_words(&committed, &generated.content, |a, b| {
                (a - b).abs() <= CSV_DRIFT * a.abs().max(b.abs())
            })
        } else {
            committed == generated.content
        };
        if !same {
            let drift = largest_drift(&committed, &generated.content);
            stale.push(format!(
                "book/{} differs from what the code produces now (largest relative difference of a number: {drift:e})",
                generated.path
            ));
        }
    }
    stale
}

/// The largest relative difference between the numbers in the same places.
fn largest_drift(committed: &str, now: &str) -> f64 {
    let numbers = |s: &str| -> Vec<f64> {
        s.split(|c: char| c.is_whitespace() || c == ',').filter_map(|w| w.parse().ok()).collect()
    };
    numbers(committed)
        .iter()
        .zip(numbers(now))
        .map(|(a, b)| (a - b).abs() / a.abs().max(b.abs()).max(f64::MIN_POSITIVE))
        .fold(0.0, f64::max)
}

/// How far a number of a figure's data may drift, relatively, off glibc: under
/// Wine the largest drift measured was 1.9e-9 (accuracy-vs-loss.csv, losses
/// after training), five times less than this.
const CSV_DRIFT: f64 = 1e-8;

fn one_ulp_apart(x: f64, y: f64) -> bool {
    x.next_up() == y || x.next_down() == y
}

/// The same words (split at white space and commas), or numbers that `close`
/// accepts.
fn same_words(committed: &str, now: &str, close: impl Fn(f64, f64) -> bool) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    };
    let (a, b) = (words(committed), words(now));
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            x == y
                || match (x.parse::<f64>(), y.parse::<f64>()) {
                    (Ok(x), Ok(y)) => close(x, y),
                    _ => false,
                }
        })
}

/// The same words, or numbers at most one unit in the last place apart.
fn same_but_for_the_last_bit(committed: &str, now: &str) -> bool {
    same_words(committed, now, one_ulp_apart)
}

#[test]
fn one_unit_in_the_last_place_and_no_more() {
    assert!(same_but_for_the_last_bit(
        "-36 2.319522830243569e-16 x",
        "-36 2.3195228302435686e-16 x"
    ));
    assert!(!same_but_for_the_last_bit("2.319522830243569e-16", "2.319522830243568e-16"));
    assert!(!same_but_for_the_last_bit("0.5 a", "0.5 b"));
    assert!(!same_but_for_the_last_bit("0.5", "0.5 0.5"));
    let drift = |a: &str, b: &str| {
        same_words(a, b, |x, y| (x - y).abs() <= CSV_DRIFT * x.abs().max(y.abs()))
    };
    assert!(drift("loss,1.0,2.2786242713887144", "loss,1.0,2.2786242713887150"));
    assert!(!drift("loss,1.0,2.2786242713887144", "loss,1.0,2.2786243000000000"));
    assert!(!drift("loss,1.0,2.2", "gain,1.0,2.2"));
}

/// The command the book shows under each figure, run through the command line
/// (in-process, with `--out` to a scratch file), draws the committed figure.
#[test]
fn every_figure_command_redraws_its_figure() {
    let scratch =
        std::env::temp_dir().join(format!("nnlearn-figure-commands-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut problems = Vec::new();
    for figure in nnlearn_book::contents::figures() {
        let command = figure.command();
        let args = command.strip_prefix("cargo run -- ").unwrap_or_else(|| {
            panic!("figure {}: command must start with `cargo run -- `", figure.name)
        });
        let out = scratch.join(format!("{}.svg", figure.name));
        let argv = std::iter::once("nnlearn".to_string())
            .chain(args.split_whitespace().map(String::from))
            .chain(["--out".to_string(), out.to_string_lossy().into_owned()]);
        let cli = match nnlearn_book::cli::Cli::try_parse_args(argv) {
            Ok(Some(cli)) => cli,
            other => {
                problems.push(format!("`{}` does not parse: {:?}", command, other.err()));
                continue;
            }
        };
        if let Err(e) = nnlearn_book::cli::run(cli) {
            problems.push(format!("`{command}` failed: {e}"));
            continue;
        }
        let drawn = std::fs::read_to_string(&out).unwrap_or_default();
        let path = nnlearn_book::layout::figure_file(figure.name);
        let committed = std::fs::read_to_string(nnlearn_book::layout::book_dir().join(&path))
            .unwrap_or_default();
        if drawn != committed {
            problems.push(format!("`{command}` does not draw book/{path}"));
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Every figure but a diagram records the numbers it draws (its CSV has rows, each
/// a series, x and y), and a diagram records none: a new figure drawn without
/// passing its series through `figure_data::series` fails here.
#[test]
fn every_figure_has_its_data() {
    let mut problems = Vec::new();
    for figure in nnlearn_book::contents::figures() {
        let csv = figure.data().unwrap_or_else(|e| panic!("figure {}: {e}", figure.name));
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("series,x,y"), "figure {}", figure.name);
        let rows = lines.count();
        let diagram = nnlearn_book::figure_data::DIAGRAMS.contains(&figure.name);
        if diagram != (rows == 0) {
            problems.push(format!(
                "figure {}: {rows} data rows, {}",
                figure.name,
                if diagram { "listed as a diagram" } else { "not a diagram" }
            ));
        }
        // The Chinese edition's CSV: the same numbers, row for row, under Chinese
        // names (a series whose name the code forgot to translate is named here).
        let zh =
            figure.data_in(Lang::ZhCn).unwrap_or_else(|e| panic!("figure {}: {e}", figure.name));
        let numbers = |csv: &str| -> Vec<String> {
            csv.lines()
                .skip(1)
                .map(|l| l.rsplitn(3, ',').take(2).collect::<Vec<_>>().join(","))
                .collect()
        };
        if numbers(&zh) != numbers(&csv) || zh.lines().next() != Some("数据系列,x,y") {
            problems.push(format!(
                "figure {}: the Chinese CSV's numbers or header differ",
                figure.name
            ));
        }
        let untranslated: std::collections::BTreeSet<&str> = zh
            .lines()
            .skip(1)
            .filter_map(|l| l.rsplitn(3, ',').nth(2))
            .filter(|name| {
                name.chars().any(|c| c.is_ascii_alphabetic())
                    && !name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            })
            .filter(|name| !NAMES_WITHOUT_WORDS.iter().any(|n| name.starts_with(n)))
            .collect();
        if !untranslated.is_empty() {
            problems.push(format!(
                "figure {}: series named in English in the Chinese CSV: {untranslated:?}",
                figure.name
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Series names that are formulas or symbols, the same in both languages.
const NAMES_WITHOUT_WORDS: &[&str] = &["f(x", "-ln y", "lr = ", "\"("];
