//! The command line against hostile input, case by case: each value or file that
//! used to abort, hang, panic or answer NaN, and the one-line error it gets now
//! (exit status 2 for a value the command line refuses, 1 for a command that
//! fails). The property test (`cli_properties.rs`) tries random ones.

mod cli_support;

use std::ffi::OsString;
use std::fs;

#[cfg(unix)]
use cli_support::mkfifo;
use cli_support::{
    Limits, assert_fails, data_dir_with, forged_images_header, nnlearn, run, scratch, subset,
};

fn subset_arg() -> String {
    subset().display().to_string()
}

#[test]
fn cli_non_finite_and_far_values_are_refused_with_their_option() {
    // `tangent --at inf` printed `y = nan t + nan` and exited 0.
    let r = nnlearn("tangent --at inf");
    assert_fails(&r, 2, "invalid value 'inf' for '--at <AT>': inf is not a finite number");
    assert!(r.error().contains("(see `nnlearn tangent --help`)"), "{}", r.error());
    // 1e300 printed NaN, then the figure panicked (an overflow in plotters); so did 1e5.
    assert_fails(&nnlearn("tangent --at 1e300"), 2, "use a number from -1e4 to 1e4");
    assert_fails(&nnlearn("tangent --at 100000"), 2, "out of range");
    let many = format!("tangent{}", " --at 1".repeat(11));
    assert_fails(&nnlearn(&many), 1, "11 tangents (--at): draw at most 10");
    // diff-error printed a table of NaN.
    assert_fails(&nnlearn("diff-error --x inf"), 2, "inf is not a finite number");
    assert_fails(&nnlearn("diff-error --x 1e200"), 2, "use a number from -1e6 to 1e6");
    assert_fails(&nnlearn("field --step 3"), 2, "use at most 2");
    assert_fails(&nnlearn("descent --lr nan"), 2, "must be a positive finite number");
    assert_fails(&nnlearn("descent --start 1,inf"), 2, "`inf` in `1,inf` is not a finite number");
    assert_fails(&nnlearn("learning-rates --lr -1"), 2, "-1 must be a positive finite number");
    // A descent whose distance to the minimum overflows cannot be drawn on a log scale.
    assert_fails(
        &nnlearn("learning-rates --lr 0.9 --start 1e300,-1e300"),
        1,
        "too far from the minimum to draw",
    );
    for line in
        ["train --batch-size 0", "train --hidden 0", "train --train-size 0", "train --eval-every 0"]
    {
        assert_fails(&nnlearn(line), 2, "0 is not possible: it must be at least 1");
    }
    assert_fails(&nnlearn("train --iters -5"), 2, "unexpected argument '-5'");
    assert_fails(&nnlearn("train --lr inf"), 2, "inf must be a positive finite number");
}

#[test]
fn cli_a_descent_that_overflows_reports_its_last_point_not_infinity() {
    let dir = scratch("overflow");
    let out = dir.join("d.svg").display().to_string();
    let r = nnlearn(&format!("descent --lr 1e308 --start 1e10,1 --out {out}"));
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with("after 0 steps: [10000000000.0, 1.0]\nstep 1 overflowed"),
        "{}",
        r.stdout
    );
    let first = r.stdout.lines().next().unwrap();
    assert!(!first.contains("inf") && !first.contains("NaN"), "{}", r.stdout);
}

#[test]
fn cli_configurations_too_large_for_memory_are_refused_before_allocating() {
    // These aborted with SIGABRT: "memory allocation of 627200000000 bytes failed".
    let data = subset_arg();
    let r = nnlearn(&format!("train --hidden 100000000 --iters 3 --data-dir {data}"));
    assert_fails(&r, 1, "--hidden 100000000: this run would need up to ");
    assert!(r.error().contains("bytes") && r.error().contains("GiB"), "{}", r.error());
    let r = nnlearn(&format!("train --iters 100000000000 --data-dir {data}"));
    assert_fails(&r, 1, "--iters 100000000000: this run would need up to 20000");
    let r = nnlearn(&format!("train --batch-size 5000 --hidden 3000000 --data-dir {data}"));
    assert_fails(&r, 1, "this run would need up to");
    // A header that promises four billion images is weighed, not believed.
    let dir = scratch("bomb");
    // (The MNIST names have no dot: `with_extension("gz")` appends `.gz`.)
    let bomb = data_dir_with(&dir, "bomb", |path| {
        fs::write(path.with_extension("gz"), forged_images_header(4_000_000_000)).unwrap()
    });
    let r = nnlearn(&format!("train --iters 1 --data-dir {}", bomb.display()));
    assert_fails(&r, 1, "the data (4000000000 training and 1000 test images): this run would need");
}

#[test]
fn cli_special_files_are_named_as_what_they_are() {
    let dir = scratch("special");
    let folder = data_dir_with(&dir, "folder", |p| fs::create_dir(p.with_extension("gz")).unwrap());
    let r = nnlearn(&format!("train --iters 1 --data-dir {}", folder.display()));
    assert_fails(&r, 1, "is a directory, not a regular file");

    // Outputs: a directory is not written into.
    let out = dir.display();
    let what = "is a directory, not a regular file";
    assert_fails(&nnlearn(&format!("figure surface --out {out}")), 1, what);
    assert_fails(&nnlearn(&format!("tangent --out {out}")), 1, what);
    let file = dir.join("a-file");
    fs::write(&file, "mine").unwrap();
    let under = file.join("x.svg").display().to_string();
    assert_fails(
        &nnlearn(&format!("figure surface --out {under}")),
        1,
        "is a regular file, not a directory",
    );
    let r = nnlearn(&format!(
        "train --iters 1 --data-dir {} --out-dir {}",
        subset_arg(),
        file.display()
    ));
    assert_fails(&r, 1, "a-file: is a regular file, not a directory (--out-dir)");
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");

    // download: the folder, and what it would replace, must be what they should.
    let mirror = "--mirror http://127.0.0.1:1/";
    assert_fails(
        &nnlearn(&format!("download --dir {} {mirror}", file.display())),
        1,
        "a-file: is a regular file, not a directory",
    );
    let dl = dir.join("dl");
    fs::create_dir_all(dl.join("train-images-idx3-ubyte.gz")).unwrap();
    let r = nnlearn(&format!("download --dir {} {mirror}", dl.display()));
    assert_fails(&r, 1, "train-images-idx3-ubyte.gz: is a directory, not a regular file");
    assert!(dl.join("train-images-idx3-ubyte.gz").is_dir());
}

/// The special files only Unix has: named pipes and devices, as inputs and outputs.
#[cfg(unix)]
#[test]
fn cli_pipes_and_devices_are_named_as_what_they_are() {
    let dir = scratch("special-unix");
    // A FIFO in place of an MNIST file was "not found" (and opening one waits forever).
    let fifo = data_dir_with(&dir, "fifo", mkfifo);
    let r = nnlearn(&format!("train --iters 1 --data-dir {}", fifo.display()));
    assert_fails(&r, 1, "train-images-idx3-ubyte: is a named pipe (FIFO), not a regular file");
    let zero = data_dir_with(&dir, "zero", |p| std::os::unix::fs::symlink("/dev/zero", p).unwrap());
    let r = nnlearn(&format!("train --iters 1 --data-dir {}", zero.display()));
    assert_fails(&r, 1, "train-images-idx3-ubyte: is a character device, not a regular file");
    assert_fails(
        &nnlearn("train --data-dir /dev/null"),
        1,
        "/dev/null: is a character device, not a directory",
    );

    // Outputs: a FIFO or a device is not written into or waited on.
    let pipe = dir.join("pipe.svg");
    mkfifo(&pipe);
    for (out, what) in [
        (pipe.display().to_string(), "is a named pipe (FIFO), not a regular file"),
        ("/dev/full".to_string(), "/dev/full: is a character device, not a regular file"),
    ] {
        assert_fails(&nnlearn(&format!("figure surface --out {out}")), 1, what);
        assert_fails(&nnlearn(&format!("tangent --out {out}")), 1, what);
    }
    // mnist-subset: from a FIFO folder, or into one.
    let r = nnlearn(&format!(
        "mnist-subset --from {} --to {}",
        fifo.display(),
        dir.join("out").display()
    ));
    assert_fails(&r, 1, "is a named pipe (FIFO), not a regular file");
    let r = nnlearn(&format!("mnist-subset --from {} --to {}", subset_arg(), pipe.display()));
    assert_fails(&r, 1, "pipe.svg: is a named pipe (FIFO), not a directory");
}

#[test]
fn cli_usage_errors_are_one_line_and_help_is_not_an_error() {
    assert_fails(&nnlearn(""), 2, "(`nnlearn --help` lists the commands)");
    assert_fails(&nnlearn("frobnicate"), 2, "unrecognized subcommand 'frobnicate'");
    assert_fails(&nnlearn("train --iters"), 2, "a value is required for '--iters <ITERS>'");
    assert_fails(&nnlearn("descent --lr 1 --lr 2"), 2, "cannot be used multiple times");
    let bad_utf8 = OsString::from(String::from_utf8_lossy(b"caf\xe9").into_owned());
    let r = run(&[OsString::from("listing"), bad_utf8], Limits::default(), &[], "utf8");
    assert_fails(&r, 1, "no listing called");
    for line in ["--help", "--version", "train --help"] {
        let r = nnlearn(line);
        assert_eq!(r.code(), Some(0), "{line}: {}", r.stderr);
        assert!(!r.stdout.is_empty() && r.stderr.is_empty(), "{line}");
    }
}

/// (Linux only: the address-space limit is `prlimit`'s.)
#[cfg(target_os = "linux")]
#[test]
fn cli_the_memory_estimate_is_enough_for_the_run() {
    // Runs under an address-space limit just above what the estimate allows:
    // were the estimate too low, the run would abort for lack of memory.
    use nnlearn::train::TrainConfig;
    use nnlearn_book::learning_algorithm::train_command::memory_need;
    use std::time::Duration;
    let dir = scratch("estimate");
    for (hidden, batch, iters, plain) in
        [(400, 500, 10, false), (400, 500, 10, true), (5, 1, 20000, false)]
    {
        let config = TrainConfig {
            hidden_size: hidden,
            batch_size: batch,
            iters_num: iters,
            ..TrainConfig::default()
        };
        let need = memory_need(&config, plain, (5000, 5000, 1000)).total();
        // The room the budget keeps for the program itself, and its own size.
        let limit = need + (256 << 20) + (128 << 20);
        let which = if plain { "plain" } else { "fast" };
        let args: Vec<OsString> = format!(
            "train --hidden {hidden} --batch-size {batch} --iters {iters} --loop {which} --data-dir {} --out-dir {}",
            subset_arg(),
            dir.display()
        )
        .split_whitespace()
        .map(OsString::from)
        .collect();
        let limits =
            Limits { memory: Some(limit), time: Duration::from_secs(120), file_size: None };
        let r = run(&args, limits, &[], "estimate");
        assert_eq!(
            r.code(),
            Some(0),
            "{args:?} under --as={limit} (estimate {need}): {}",
            r.stderr
        );
    }
}
