//! Property test over the command line: random argument vectors for every
//! subcommand, with huge, negative, non-finite, empty and wrong-typed values and
//! paths to special files (named pipes, directories, devices, files where a
//! folder belongs, names that are not Unicode; pipes and devices on Unix). Each
//! one runs the `nnlearn` binary as a subprocess under a time limit and, on
//! Linux, a memory limit (`prlimit --as`, 2 GiB), and must:
//!
//! - exit by itself, in time (no hang), with status 0, 1 or 2: never a panic
//!   (101) or a signal (an abort for lack of memory is SIGABRT);
//! - on failure, print exactly one `error: ...` line, the last of stderr (a
//!   command line that does not parse: that line and nothing else);
//! - on success, print no NaN or infinity where a number belongs (the
//!   experiments, `simple-net` and `train`).
//!
//! Valid values are drawn small enough for a run to take well under a second;
//! invalid ones cover what a hand or a script might type. The number of cases
//! of each command and their exit statuses are printed
//! (`cargo test --test cli_properties -- --nocapture`).

mod cli_support;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

#[cfg(unix)]
use cli_support::mkfifo;
use cli_support::{Limits, Run, data_dir_with, forged_images_header, run, scratch, subset};

/// The memory limit of every run, and its time limit.
const MEMORY: u64 = 2 << 30;
const TIME: Duration = Duration::from_secs(30);

/// Number-like text: edge values, non-finite ones, overflowing ones, wrong types.
fn number() -> BoxedStrategy<String> {
    let edge = [
        "0",
        "-0",
        "1",
        "-1",
        "0.5",
        "-2.5",
        "1e-300",
        "5e-324",
        "1e308",
        "1.7976931348623157e308",
        "1e309",
        "-1e309",
        "inf",
        "-inf",
        "+inf",
        "infinity",
        "NaN",
        "nan",
        "-nan",
        "1e9",
        "4294967296",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999",
        "-9223372036854775808",
        "0x10",
        "1_000",
        "1,2",
        "",
        " ",
        " 1",
        "abc",
        "--",
        "-",
        "1e",
        "e5",
        ".",
        "+1",
        "٣",
        "1.0.0",
    ];
    prop_oneof![
        4 => select(edge.to_vec()).prop_map(String::from),
        1 => any::<f64>().prop_map(|v| format!("{v}")),
        1 => any::<f64>().prop_map(|v| format!("{v:e}")),
        1 => any::<i64>().prop_map(|v| v.to_string()),
        1 => "[ -~]{0,10}",
    ]
    .boxed()
}

/// A hostile count: 0, negative, not a whole number, or far too large (at
/// least 2^32: the memory check must refuse it).
fn bad_count() -> BoxedStrategy<String> {
    prop_oneof![1 => (1u64 << 32..=u64::MAX).prop_map(|n| n.to_string()), 2 => number()].boxed()
}

fn small(range: std::ops::RangeInclusive<u64>) -> BoxedStrategy<String> {
    range.prop_map(|n| n.to_string()).boxed()
}

fn real(range: std::ops::Range<f64>) -> BoxedStrategy<String> {
    range.prop_map(|v| format!("{v}")).boxed()
}

fn words(values: &[&'static str]) -> BoxedStrategy<String> {
    select(values.to_vec()).prop_map(String::from).boxed()
}

/// A point `x0,x1` of small numbers, or something that is not a good point.
fn point() -> BoxedStrategy<String> {
    (real(-5.0..5.0), real(-5.0..5.0)).prop_map(|(a, b)| format!("{a},{b}")).boxed()
}

fn bad_point() -> BoxedStrategy<String> {
    prop_oneof![
        (number(), real(-5.0..5.0)).prop_map(|(a, b)| format!("{a},{b}")),
        number(),
        (number(), number(), number()).prop_map(|(a, b, c)| format!("{a},{b},{c}")),
        (1e150..1e308f64, 1e150..1e308f64).prop_map(|(a, b)| format!("{a},-{b}")),
    ]
    .boxed()
}

/// An option of a command: its flag, a value it can carry out quickly, and a
/// hostile one; `always`: given on every line (the default would be slow).
struct Opt {
    flag: &'static str,
    valid: BoxedStrategy<OsString>,
    hostile: BoxedStrategy<OsString>,
    always: bool,
}

fn opt(flag: &'static str, valid: BoxedStrategy<String>, hostile: BoxedStrategy<String>) -> Opt {
    let os = |s: BoxedStrategy<String>| s.prop_map(OsString::from).boxed();
    Opt { flag, valid: os(valid), hostile: os(hostile), always: false }
}

fn path_opt(flag: &'static str, valid: &[OsString], hostile: &[OsString]) -> Opt {
    let (valid, hostile) = (select(valid.to_vec()).boxed(), select(hostile.to_vec()).boxed());
    Opt { flag, valid, hostile, always: false }
}

fn always(mut o: Opt) -> Opt {
    o.always = true;
    o
}

/// Lines of `command` (its words, then options): each option present or not,
/// with a valid value, except up to two that get a hostile one. A repeatable
/// option may be listed several times.
fn line(command: &'static str, options: Vec<Opt>) -> BoxedStrategy<Vec<OsString>> {
    let n = options.len();
    let flags: Vec<(&'static str, bool)> = options.iter().map(|o| (o.flag, o.always)).collect();
    let values: Vec<_> = options.into_iter().map(|o| (any::<bool>(), o.valid, o.hostile)).collect();
    (values, vec(0..n, 0..=2))
        .prop_map(move |(values, hostile)| {
            let mut argv: Vec<OsString> = command.split(' ').map(OsString::from).collect();
            for (i, ((present, valid, bad), (flag, always))) in
                values.into_iter().zip(&flags).enumerate()
            {
                if present || *always || hostile.contains(&i) {
                    argv.push(flag.into());
                    argv.push(if hostile.contains(&i) { bad } else { valid });
                }
            }
            argv
        })
        .boxed()
}

/// The paths the tests hand to the command line.
struct Paths {
    /// Where a figure (`--out`) or a folder (`--out-dir`, `--to`) may go.
    outputs: Vec<OsString>,
    /// The MNIST subset (a folder to read from that works).
    data: Vec<OsString>,
    /// Special files: a FIFO, a directory, a file, a path under a file,
    /// devices, a missing folder, the empty path, a name that is not UTF-8, a
    /// long path; and MNIST folders with a FIFO, a directory, /dev/zero, a
    /// forged header or a truncated file in place of the training images.
    specials: Vec<OsString>,
}

fn os(p: impl AsRef<Path>) -> OsString {
    p.as_ref().as_os_str().to_owned()
}

fn paths(root: &Path) -> Paths {
    let file = root.join("file");
    fs::write(&file, "a regular file").unwrap();
    fs::create_dir_all(root.join("dir")).unwrap();
    let mut specials = vec![
        os(root.join("dir")),
        os(&file),
        os(file.join("under-a-file")),
        os(root.join("missing").join("deeper")),
        os(""),
        os(root.join(not_unicode())),
        os(root.join("x".repeat(300)).join("y.svg")),
    ];
    #[cfg(unix)]
    {
        let fifo = root.join("fifo");
        mkfifo(&fifo);
        specials.extend([os(&fifo), os("/dev/null"), os("/dev/zero"), os("/dev/full")]);
        specials.push(os(data_dir_with(root, "data-fifo", mkfifo)));
        specials.push(os(data_dir_with(root, "data-zero", |p| {
            std::os::unix::fs::symlink("/dev/zero", p).unwrap()
        })));
    }
    specials.push(os(data_dir_with(root, "data-dir", |p| fs::create_dir_all(p).unwrap())));
    specials.push(os(data_dir_with(root, "data-bomb", |p| {
        fs::write(p.with_extension("gz"), forged_images_header(u32::MAX)).unwrap()
    })));
    specials.push(os(data_dir_with(root, "data-truncated", |p| {
        fs::write(p, &forged_images_header(2)[..20]).unwrap()
    })));
    let outputs = (0..4).map(|i| os(root.join("out").join(format!("o{i}")))).collect();
    Paths { outputs, data: vec![os(subset())], specials }
}

/// A file name that is not Unicode: bytes that are not UTF-8 on Unix, an
/// unpaired surrogate on Windows.
#[cfg(unix)]
fn not_unicode() -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(b"\xff\xfe-out".to_vec())
}

#[cfg(windows)]
fn not_unicode() -> OsString {
    use std::os::windows::ffi::OsStringExt;
    OsString::from_wide(&[0xD800, u16::from(b'-'), u16::from(b'o')])
}

/// The experiments of chapters 3 and 4, and `simple-net`.
fn experiments(p: &Paths) -> BoxedStrategy<Vec<OsString>> {
    let out = || path_opt("--out", &p.outputs, &p.specials);
    let lr = || real(1e-3..12.0);
    let steps = || prop_oneof![4 => small(0..=300), 1 => Just("100000".to_string())].boxed();
    let at = || opt("--at", real(-30.0..30.0), number());
    prop_oneof![
        line(
            "tangent",
            vec![at(), at(), at(), at(), at(), at(), at(), at(), at(), at(), at(), out()]
        ),
        line(
            "secant",
            vec![
                opt("--at", real(-30.0..30.0), number()),
                opt("--h", real(1e-3..20.0), number()),
                out()
            ]
        ),
        line("diff-error", vec![opt("--x", real(-1e3..1e3), number()), out()]),
        line("field", vec![opt("--step", real(0.05..2.0), number()), out()]),
        line(
            "descent",
            vec![
                opt("--lr", lr(), number()),
                opt("--steps", steps(), bad_count()),
                opt("--start", point(), bad_point()),
                out(),
            ],
        ),
        line(
            "learning-rates",
            vec![
                opt("--lr", lr(), number()),
                opt("--lr", lr(), number()),
                opt("--lr", lr(), number()),
                opt("--steps", steps(), bad_count()),
                opt("--start", point(), bad_point()),
                out(),
            ],
        ),
        line(
            "landscape",
            vec![
                opt("--lr", lr(), number()),
                opt("--steps", steps(), bad_count()),
                opt("--start", point(), bad_point()),
                opt("--start", point(), bad_point()),
                out(),
            ],
        ),
        line(
            "simple-net",
            vec![opt("--seed", any::<u64>().prop_map(|s| s.to_string()).boxed(), number())]
        ),
    ]
    .boxed()
}

/// `train`: the sizes are always given (the defaults are the book's full run),
/// small; the numerical gradient (two forward passes per weight) the smallest.
fn train(p: &Paths) -> BoxedStrategy<Vec<OsString>> {
    let common = |iters, hidden, batch| {
        vec![
            always(opt("--iters", small(iters), bad_count())),
            always(opt("--hidden", small(hidden), bad_count())),
            always(opt("--batch-size", small(batch), bad_count())),
            always(path_opt("--data-dir", &p.data, &p.specials)),
            path_opt("--out-dir", &p.outputs, &p.specials),
            opt("--lr", real(1e-3..20.0), number()),
            opt("--seed", any::<u64>().prop_map(|s| s.to_string()).boxed(), number()),
            opt("--train-size", small(1..=5000), bad_count()),
            opt("--eval-every", small(1..=10), bad_count()),
            opt("--validation", small(1..=50), bad_count()),
        ]
    };
    let mut fast = common(0..=30, 1..=8, 1..=16);
    fast.push(opt("--precision", words(&["f64", "f32"]), words(&["f16", "", "F64"])));
    fast.push(opt("--loop", words(&["fast", "plain"]), words(&["other", ""])));
    fast.push(opt("--grad", words(&["backprop"]), words(&["magic", ""])));
    let mut numerical = common(0..=2, 1..=2, 1..=3);
    numerical.push(opt("--loop", words(&["plain", "fast"]), words(&["other"])));
    prop_oneof![4 => line("train", fast), 1 => line("train --grad numerical", numerical)].boxed()
}

/// The commands that read or write files: figure, listing, exercise, book-run,
/// download, mnist-subset, and regen / bench-table (which take no values: only
/// wrong ones are tried, since a right one would rewrite the book's files).
fn files(p: &Paths) -> BoxedStrategy<Vec<OsString>> {
    let names = |real: Vec<String>| prop_oneof![2 => select(real), 1 => "[a-z0-9.-]{0,12}".prop_map(String::from)];
    let figures: Vec<String> =
        nnlearn_book::contents::figures().iter().map(|f| f.name.to_string()).collect();
    let listings: Vec<String> =
        nnlearn_book::contents::listings().iter().map(|l| l.name.to_string()).collect();
    let exercises: Vec<String> =
        nnlearn_book::contents::exercises().iter().map(|e| e.id.to_string()).collect();
    let mirrors = words(&["http://127.0.0.1:1/", "http://localhost:1/mnist", "http://[::1]:1/"]);
    let bad_mirrors = words(&[
        "",
        "not a url",
        "ftp://127.0.0.1/",
        "http://127.0.0.1:99999/",
        "http://",
        "https://127.0.0.1:1/",
    ]);
    let with_name = |command: &'static str, name: Option<String>, mut rest: Vec<OsString>| {
        let mut v = vec![OsString::from(command)];
        v.extend(name.map(OsString::from));
        v.append(&mut rest);
        v
    };
    // Never `--` (the end of the options: regen would then run).
    let junk = prop_oneof![Just("--nope".to_string()), Just("extra".to_string()), number()]
        .prop_filter("a value, not the end of the options", |w| w != "--");
    prop_oneof![
        (
            option::of(names(figures)),
            line(
                "figure",
                vec![
                    path_opt("--out", &p.outputs, &p.specials),
                    opt("--lang", words(&["en", "zh-CN"]), words(&["fr", "", "zh", "EN"])),
                ]
            )
        )
            .prop_map(move |(name, line)| with_name("figure", name, line[1..].to_vec())),
        option::of(names(listings)).prop_map(move |name| with_name("listing", name, vec![])),
        option::of(names(exercises)).prop_map(move |id| with_name("exercise", id, vec![])),
        // `full` finds no MNIST (MNIST_DIR is an empty folder); `overfit` alone
        // would rewrite book/runs/overfit, so it only comes with a wrong flag.
        (words(&["full", "nope", "", "overfit --bogus"]), any::<bool>()).prop_map(
            |(name, check)| {
                let mut v = vec![OsString::from("book-run")];
                v.extend(name.split(' ').map(OsString::from));
                if check {
                    v.push("--check".into());
                }
                v
            }
        ),
        line(
            "download",
            vec![path_opt("--dir", &p.outputs, &p.specials), opt("--mirror", mirrors, bad_mirrors),]
        ),
        line(
            "mnist-subset",
            vec![
                always(path_opt("--from", &p.data, &p.specials)),
                always(path_opt("--to", &p.outputs, &p.specials)),
            ]
        ),
        (words(&["regen", "bench-table"]), junk)
            .prop_map(|(command, extra)| vec![OsString::from(command), OsString::from(extra)]),
    ]
    .boxed()
}

/// Anything at all: random words, unknown commands and flags, help.
fn junk() -> BoxedStrategy<Vec<OsString>> {
    let word = prop_oneof![
        select(vec![
            "--help",
            "-h",
            "--version",
            "-V",
            "train",
            "tangent",
            "help",
            "--",
            "-",
            "--at",
            "--lr",
            "figure",
            "listing",
        ])
        .prop_map(String::from),
        "[ -~]{0,8}",
        number(),
    ];
    vec(word, 0..=4).prop_map(|words| words.into_iter().map(OsString::from).collect()).boxed()
}

/// Whether the output holds a NaN or an infinity as a word, outside the lines
/// that explain why a descent stopped ("stopped at step 3: f returned inf...",
/// "step 1 overflowed to infinity (...); stopped there").
fn has_non_finite(text: &str) -> bool {
    text.lines().filter(|line| !line.contains("stopped")).any(|line| {
        line.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| matches!(w.to_ascii_lowercase().as_str(), "nan" | "inf" | "infinity"))
    })
}

/// Checks one run against the properties of the module documentation.
fn check(r: &Run) -> Result<(), TestCaseError> {
    let show = || {
        format!(
            "{:?}\nexit {:?}, signal {:?}, after {:?}\nstdout:\n{}\nstderr:\n{}",
            r.argv,
            r.code(),
            r.signal(),
            r.elapsed,
            r.stdout,
            r.stderr
        )
    };
    prop_assert!(!r.timed_out, "did not finish within {:?}: {}", TIME, show());
    prop_assert!(matches!(r.code(), Some(0..=2)), "exit status: {}", show());
    for bad in ["panicked", "memory allocation of", "RUST_BACKTRACE", "stack overflow"] {
        prop_assert!(!r.stderr.contains(bad), "`{}` on stderr: {}", bad, show());
    }
    let lines = r.stderr_lines();
    if r.code() != Some(0) {
        let errors = lines.iter().filter(|l| l.starts_with("error")).count();
        prop_assert!(
            errors == 1 && r.error().starts_with("error: "),
            "not one error line: {}",
            show()
        );
        prop_assert!(r.error().len() > "error: ".len() + 5, "an empty error: {}", show());
    }
    if r.code() == Some(2) {
        prop_assert!(lines.len() == 1, "a usage error of more than one line: {}", show());
    }
    let numeric =
        ["tangent", "diff-error", "field", "descent", "learning-rates", "simple-net", "train"];
    let command = r.argv.first().and_then(|c| c.to_str()).unwrap_or("");
    if r.code() == Some(0) && numeric.contains(&command) {
        prop_assert!(!has_non_finite(&r.stdout), "NaN or infinity in the output: {}", show());
    }
    Ok(())
}

/// Runs `cases` argument vectors from `strategy`; prints what they did.
fn property(label: &str, cases: u32, strategy: impl Fn(&Paths) -> BoxedStrategy<Vec<OsString>>) {
    let root = scratch(&format!("properties-{label}"));
    let paths = paths(&root);
    let outcomes: Mutex<BTreeMap<String, usize>> = Mutex::default();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    });
    let result = runner.run(&strategy(&paths), |args| {
        let limits = Limits { time: TIME, memory: Some(MEMORY), file_size: None };
        let r = run(&args, limits, &[], label);
        let command = args.first().map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
        let key = format!("{command:<15} exit {:?}", r.code());
        *outcomes.lock().unwrap().entry(key).or_default() += 1;
        check(&r)
    });
    let outcomes = outcomes.into_inner().unwrap();
    println!("{label}: {} runs", outcomes.values().sum::<usize>());
    for (outcome, n) in &outcomes {
        println!("  {n:4}  {outcome}");
    }
    if let Err(e) = result {
        panic!("{label}: {e}");
    }
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn cli_random_experiments() {
    property("experiments", 300, experiments);
}

#[test]
fn cli_random_training() {
    property("train", 250, train);
}

#[test]
fn cli_random_files_and_names() {
    property("files", 250, files);
}

#[test]
fn cli_random_words() {
    property("words", 200, |_| junk());
}

#[test]
fn cli_the_non_finite_detector_detects() {
    assert!(has_non_finite("y = NaN t + nan"));
    assert!(has_non_finite("[-inf, 1.0]"));
    assert!(!has_non_finite("information: 1e-300, infinite? no"));
    assert!(!has_non_finite("after 0 steps: [1e150, 1.0]\nstopped at step 0: f returned inf"));
}
