//! Helpers shared by the `tests/cli_*.rs` tests: the `nnlearn` binary run as a
//! subprocess, with a time limit and (on Linux, through `prlimit`) a memory
//! limit; scratch folders; special files (named pipes, directories, devices) to
//! hand it. What only some systems have (signals, FIFOs, `prlimit`) is compiled
//! there only; the time limit, the kill and the folders work everywhere.
#![allow(dead_code)]

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The binary under test: `$NNLEARN_BIN` if set (scripts/check points it at the
/// release build), else the one cargo built for these tests.
pub fn binary() -> PathBuf {
    std::env::var_os("NNLEARN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_nnlearn")))
}

/// A new empty folder `cli-LABEL` in the target directory's scratch space.
pub fn scratch(label: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{label}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// How a run ended.
#[derive(Debug)]
pub struct Run {
    pub argv: Vec<OsString>,
    pub status: Option<ExitStatus>,
    pub timed_out: bool,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// The exit code, if the process exited (rather than being killed by a signal).
    pub fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }

    /// The signal that killed it, if one did (Unix; elsewhere there are none).
    #[cfg(unix)]
    pub fn signal(&self) -> Option<i32> {
        use std::os::unix::process::ExitStatusExt;
        self.status.and_then(|s| s.signal())
    }

    /// The signal that killed it: none, on a system without signals.
    #[cfg(not(unix))]
    pub fn signal(&self) -> Option<i32> {
        None
    }

    /// The lines of stderr that are not empty.
    pub fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| !l.trim().is_empty()).collect()
    }

    /// The error line (the last line of stderr, which must start with `error: `).
    pub fn error(&self) -> &str {
        self.stderr_lines().last().copied().unwrap_or("")
    }
}

/// Limits of a run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub time: Duration,
    /// The address space the process may use (`prlimit --as`), if limited
    /// (on Linux only: elsewhere the run is not limited, and only its time is).
    pub memory: Option<u64>,
    /// The largest file the process may write (`prlimit --fsize`), if limited:
    /// a write beyond it kills the process (SIGXFSZ) in the middle of the write.
    pub file_size: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { time: Duration::from_secs(60), memory: None, file_size: None }
    }
}

/// The environment every run gets: no MNIST unless a test says so (MNIST_DIR
/// points to an empty folder), no colours, no backtrace, the C locale (so that
/// `nnlearn exercise` speaks English on a Chinese developer's machine too).
pub fn command(args: &[OsString], limits: Limits, env: &[(&str, &Path)]) -> Command {
    let mut cmd = limited(limits);
    cmd.args(args)
        .env("MNIST_DIR", no_mnist())
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .stdin(Stdio::null());
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd
}

/// Runs `nnlearn ARGS`, killing it if it outlives the time limit; stdout and
/// stderr go to files (no pipe to fill up), read back at the end.
pub fn run(args: &[OsString], limits: Limits, env: &[(&str, &Path)], label: &str) -> Run {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-output");
    fs::create_dir_all(&dir).unwrap();
    // One pair of files per run: tests run in parallel.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, Ordering::Relaxed);
    let stem = format!("{label}-{}-{n}", std::process::id());
    let (out_path, err_path) = (dir.join(format!("{stem}.out")), dir.join(format!("{stem}.err")));
    let mut cmd = command(args, limits, env);
    cmd.stdout(fs::File::create(&out_path).unwrap()).stderr(fs::File::create(&err_path).unwrap());
    let started = Instant::now();
    let mut child = cmd.spawn().expect("the nnlearn binary starts");
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limits.time {
            timed_out = true;
            let _ = child.kill();
            break child.wait().ok();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let read = |p: &Path| {
        let text = String::from_utf8_lossy(&fs::read(p).unwrap_or_default()).into_owned();
        let _ = fs::remove_file(p);
        text
    };
    Run {
        argv: args.to_vec(),
        status,
        timed_out,
        stdout: read(&out_path),
        stderr: read(&err_path),
        elapsed: started.elapsed(),
    }
}

/// `nnlearn` with the words of `line`, with the default limits.
pub fn nnlearn(line: &str) -> Run {
    let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
    run(&args, Limits::default(), &[], "line")
}

/// Panics unless the run failed as a command should: exit status `code`, no
/// panic, and exactly one `error: ` line, the last of stderr, containing `expected`.
#[track_caller]
pub fn assert_fails(run: &Run, code: i32, expected: &str) {
    let errors = run.stderr_lines().iter().filter(|l| l.starts_with("error")).count();
    assert!(
        run.code() == Some(code)
            && errors == 1
            && run.error().starts_with("error: ")
            && run.error().contains(expected)
            && !run.stderr.contains("panicked"),
        "{:?}: expected exit {code} and one error line with `{expected}`, got {:?} (signal {:?}) after {:?}\nstdout:\n{}\nstderr:\n{}",
        run.argv,
        run.code(),
        run.signal(),
        run.elapsed,
        run.stdout,
        run.stderr
    );
}

/// The binary, under `prlimit` when the limits ask for memory or file size.
#[cfg(target_os = "linux")]
fn limited(limits: Limits) -> Command {
    if limits.memory.is_none() && limits.file_size.is_none() {
        return Command::new(binary());
    }
    let mut cmd = Command::new(prlimit());
    if let Some(bytes) = limits.memory {
        cmd.arg(format!("--as={bytes}"));
    }
    if let Some(bytes) = limits.file_size {
        cmd.arg(format!("--fsize={bytes}"));
    }
    cmd.arg("--").arg(binary());
    cmd
}

/// The binary: without `prlimit` (Linux's), a memory limit is not set, and a
/// limit on file size cannot be (the tests that need one are Linux's only).
#[cfg(not(target_os = "linux"))]
fn limited(limits: Limits) -> Command {
    assert!(limits.file_size.is_none(), "a limit on file size needs Linux's prlimit");
    Command::new(binary())
}

/// The `prlimit` program of util-linux (it sets a process's resource limits).
#[cfg(target_os = "linux")]
pub fn prlimit() -> &'static str {
    let found = ["/usr/bin/prlimit", "/bin/prlimit"].into_iter().find(|p| Path::new(p).exists());
    found.unwrap_or_else(|| {
        panic!(
            "these tests need prlimit (util-linux) to limit the memory of a run; install util-linux"
        )
    })
}

/// An empty folder that MNIST_DIR points to, so that no run finds real MNIST
/// files by accident (and none is written into the repository).
pub fn no_mnist() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-no-mnist");
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The repository's shipped MNIST subset.
pub fn subset() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/mnist-subset")
}

/// Makes a named pipe (FIFO) at `path` with `mkfifo`.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The four MNIST file names.
pub const MNIST_FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// A data folder like the subset's, but with `special` in place of the training
/// images (made by `make` at the given path).
pub fn data_dir_with(root: &Path, label: &str, make: impl FnOnce(&Path)) -> PathBuf {
    let dir = root.join(label);
    fs::create_dir_all(&dir).unwrap();
    for name in &MNIST_FILES[1..] {
        let gz = format!("{name}.gz");
        fs::copy(subset().join(&gz), dir.join(&gz)).unwrap();
    }
    make(&dir.join(MNIST_FILES[0]));
    dir
}

/// The bytes of a gzip file holding only an IDX image header that promises
/// `count` images (a "decompression bomb" as far as the header goes).
pub fn forged_images_header(count: u32) -> Vec<u8> {
    use std::io::Write;
    let header: Vec<u8> = [2051u32, count, 28, 28].iter().flat_map(|f| f.to_be_bytes()).collect();
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&header).unwrap();
    e.finish().unwrap()
}
