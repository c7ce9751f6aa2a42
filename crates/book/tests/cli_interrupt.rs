//! Interrupted work loses nothing: the `nnlearn` binary is killed in the middle
//! of writing its files, and every file it was writing must be either the old
//! one or the complete new one, never half-written.
//!
//! Two ways to kill it mid-write:
//! - a limit on the size of the files it may write (`prlimit --fsize`): the
//!   kernel kills it (SIGXFSZ) at that exact byte of a write, deterministically
//!   (Linux only);
//! - a kill (`Child::kill`: SIGKILL, or TerminateProcess on Windows), sent the moment a temporary file appears beside its target (the
//!   test watches the folder), as Ctrl-C or a crash would come.
//!
//! `train` writes its record with the writer of `book-run` and `regen`
//! (`RunRecord::write_to`, `atomic_file::write_file`); `mnist-subset` and
//! `download` write with the MNIST crate's own temporary files.

mod cli_support;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

use cli_support::{Limits, command, run, scratch, subset};

/// SIGXFSZ on Linux: "file size limit exceeded".
#[cfg(target_os = "linux")]
const SIGXFSZ: i32 = 25;

fn args(line: &str) -> Vec<OsString> {
    line.split_whitespace().map(OsString::from).collect()
}

/// Every regular file of `dir` (not the temporary ones), with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            out.insert(name, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// The temporary files of `dir` (`.NAME.part...`), with their sizes.
fn parts(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // (A file renamed away while the folder is read is no longer a part.)
        if name.starts_with('.')
            && name.contains(".part")
            && let Ok(metadata) = entry.metadata()
        {
            out.push((name, metadata.len()));
        }
    }
    out
}

/// Asserts that every file of `dir` is its `old` or its `new` content.
#[track_caller]
fn assert_old_or_new(
    dir: &Path,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
) -> (usize, usize) {
    let (mut olds, mut news) = (0, 0);
    for (name, bytes) in files(dir) {
        if old.get(&name) == Some(&bytes) {
            olds += 1;
        } else if new.get(&name) == Some(&bytes) {
            news += 1;
        } else {
            panic!(
                "{}: neither the old nor the new file ({} bytes)",
                dir.join(&name).display(),
                bytes.len()
            );
        }
    }
    (olds, news)
}

/// Copies the files of `from` into a fresh `to`.
fn copy_dir(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for (name, bytes) in files(from) {
        fs::write(to.join(name), bytes).unwrap();
    }
}

/// A training run whose record is large (a long loss log and its figures) and
/// another whose record differs everywhere: the "new" and the "old" files.
fn train_line(iters: u32, seed: u32, out: &Path) -> String {
    format!(
        "train --iters {iters} --batch-size 1 --hidden 1 --seed {seed} --data-dir {} --out-dir {}",
        subset().display(),
        out.display()
    )
}

/// Runs to completion and returns the files it wrote.
fn complete(line: &str, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let r = run(&args(line), Limits::default(), &[], "interrupt-complete");
    assert_eq!(r.code(), Some(0), "{line}: {}", r.stderr);
    files(dir)
}

/// (Linux only: the limit on file size is `prlimit`'s.)
#[cfg(target_os = "linux")]
#[test]
fn cli_a_run_killed_at_a_byte_of_its_write_leaves_old_or_new_files() {
    let root = scratch("interrupt-fsize");
    let (old_dir, new_dir, dir) = (root.join("old"), root.join("new"), root.join("killed"));
    let old = complete(&train_line(50, 1, &old_dir), &old_dir);
    let new = complete(&train_line(10_000, 2, &new_dir), &new_dir);
    let losses = new["losses.txt"].len() as u64;
    assert!(losses > 100_000, "the new loss log is large: {losses} bytes");
    for limit in [1000, losses / 2, losses - 1] {
        copy_dir(&old_dir, &dir);
        let limits = Limits { file_size: Some(limit), ..Limits::default() };
        let r = run(&args(&train_line(10_000, 2, &dir)), limits, &[], "interrupt-fsize");
        assert_eq!(
            r.signal(),
            Some(SIGXFSZ),
            "killed when a write passed {limit} bytes: {}",
            r.stderr
        );
        // It died inside the write of a file larger than the limit: run.txt is
        // small and written first, losses.txt is the first one that large.
        let (olds, news) = assert_old_or_new(&dir, &old, &new);
        assert_eq!(fs::read(dir.join("losses.txt")).unwrap(), old["losses.txt"], "limit {limit}");
        assert_eq!(fs::read(dir.join("run.txt")).unwrap(), new["run.txt"], "limit {limit}");
        assert_eq!((olds, news), (old.len() - 1, 1));
        let left = parts(&dir);
        assert!(
            left.len() == 1 && left[0].0.starts_with(".losses.txt.part-") && left[0].1 == limit,
            "the half-written temporary file, {limit} bytes: {left:?}"
        );
        // The next run completes, and removes what the killed one left.
        let r = run(&args(&train_line(10_000, 2, &dir)), Limits::default(), &[], "interrupt-fsize");
        assert_eq!(r.code(), Some(0), "{}", r.stderr);
        assert_eq!(files(&dir), new);
        assert_eq!(parts(&dir), vec![], "no temporary file is left");
    }
    fs::remove_dir_all(&root).unwrap();
}

/// Starts `line` and SIGKILLs it `delay` after a temporary file shows in `dir`
/// (`None`: the run ended before one showed, too fast to be caught). Checks that
/// every file of `dir` is old or new, and says whether the kill came inside a
/// write (a temporary file shorter than its target's new content).
fn kill_while_writing(
    line: &str,
    dir: &Path,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
    delay: Duration,
) -> Option<bool> {
    let mut child = command(&args(line), Limits::default(), &[])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let seen = loop {
        if !parts(dir).is_empty() {
            break true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(120) {
            break false;
        }
    };
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().unwrap();
    assert_old_or_new(dir, old, new);
    seen.then(|| {
        parts(dir).iter().any(|(name, size)| {
            let target = name.trim_start_matches('.').split(".part-").next().unwrap();
            new.get(target).is_some_and(|bytes| *size < bytes.len() as u64)
        })
    })
}

#[test]
fn cli_a_run_killed_while_it_writes_leaves_old_or_new_files() {
    let root = scratch("interrupt-kill");
    let (mut inside, mut kills, mut missed) = (0, 0, 0);
    let (old_dir, new_dir, dir) = (root.join("old"), root.join("new"), root.join("killed"));
    let mut attempt = |line: &str,
                       old: &BTreeMap<String, Vec<u8>>,
                       new: &BTreeMap<String, Vec<u8>>,
                       delay_ms: u64| {
        copy_dir(&old_dir, &dir);
        match kill_while_writing(line, &dir, old, new, Duration::from_millis(delay_ms)) {
            Some(mid_write) => {
                kills += 1;
                inside += usize::from(mid_write);
            }
            None => missed += 1,
        }
    };
    // A figure of 100 000 points (9 MB of SVG), over a small one.
    let descent = |steps: u32, dir: &Path| {
        format!("descent --lr 0.1 --steps {steps} --out {}", dir.join("path.svg").display())
    };
    fs::create_dir_all(&old_dir).unwrap();
    let old = complete(&descent(10, &old_dir), &old_dir);
    let new = complete(&descent(100_000, &new_dir), &new_dir);
    for delay_ms in [0, 0, 0, 0, 1, 2, 5, 10] {
        attempt(&descent(100_000, &dir), &old, &new, delay_ms);
    }
    // A training run's record (the writer of book-run), over an older record.
    let old = complete(&train_line(50, 1, &old_dir), &old_dir);
    let new = complete(&train_line(10_000, 2, &new_dir), &new_dir);
    for delay_ms in [0, 0, 1, 3] {
        attempt(&train_line(10_000, 2, &dir), &old, &new, delay_ms);
    }
    println!(
        "{kills} runs killed while writing: every file old or new; {inside} kills came inside a write ({missed} runs ended before a temporary file was seen)"
    );
    assert!(kills >= 6, "only {kills} of 12 runs were caught writing");
    fs::remove_dir_all(&root).unwrap();
}

/// (Linux only: the limit on file size is `prlimit`'s.)
#[cfg(target_os = "linux")]
#[test]
fn cli_mnist_subset_killed_mid_write_leaves_old_or_new_files() {
    let root = scratch("interrupt-subset");
    let (new_dir, dir) = (root.join("new"), root.join("killed"));
    let line =
        |to: &Path| format!("mnist-subset --from {} --to {}", subset().display(), to.display());
    let new = complete(&line(&new_dir), &new_dir);
    let old: BTreeMap<String, Vec<u8>> =
        new.keys().map(|name| (name.clone(), b"an older file\n".to_vec())).collect();
    let first = new["train-images-idx3-ubyte.gz"].len() as u64;
    for limit in [100, first / 2] {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &old {
            fs::write(dir.join(name), bytes).unwrap();
        }
        let limits = Limits { file_size: Some(limit), ..Limits::default() };
        let r = run(&args(&line(&dir)), limits, &[], "interrupt-subset");
        assert_eq!(r.signal(), Some(SIGXFSZ), "{}", r.stderr);
        assert_eq!(files(&dir), old, "every file still the old one");
        assert_eq!(parts(&dir), vec![(".train-images-idx3-ubyte.gz.part".to_string(), limit)]);
        let r = run(&args(&line(&dir)), Limits::default(), &[], "interrupt-subset");
        assert_eq!(r.code(), Some(0), "{}", r.stderr);
        assert_eq!(files(&dir), new);
        assert_eq!(parts(&dir), vec![]);
    }
    fs::remove_dir_all(&root).unwrap();
}

/// A server that answers every request with a 200 announcing `total` bytes and
/// then sends them slowly, 16 KiB every 20 ms.
fn slow_server(total: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let mut stream = stream;
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {total}\r\nConnection: close\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes());
                // The start of a gzip stream, then zeros.
                let mut sent = 0;
                let mut chunk = vec![0u8; 16 << 10];
                chunk[..2].copy_from_slice(&[0x1f, 0x8b]);
                while sent < total {
                    let n = chunk.len().min(total - sent);
                    if stream.write_all(&chunk[..n]).is_err() {
                        return;
                    }
                    sent += n;
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
        }
    });
    port
}

#[test]
fn cli_a_download_killed_mid_transfer_keeps_the_file_that_was_there() {
    let root = scratch("interrupt-download");
    let dir = root.join("mnist");
    fs::create_dir_all(&dir).unwrap();
    // A file that fails verification: download fetches a replacement, and must
    // keep this one until the replacement is verified.
    let old = b"not the real training images".to_vec();
    let target = dir.join("train-images-idx3-ubyte.gz");
    fs::write(&target, &old).unwrap();
    let port = slow_server(4 << 20);
    let line = format!("download --dir {} --mirror http://127.0.0.1:{port}/", dir.display());
    let mut child = command(&args(&line), Limits::default(), &[])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let part = dir.join(".train-images-idx3-ubyte.gz.part");
    let started = Instant::now();
    while fs::metadata(&part).map_or(true, |m| m.len() < 100_000) {
        assert!(started.elapsed() < Duration::from_secs(60), "the download did not start");
        assert!(child.try_wait().unwrap().is_none(), "the download ended early");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(fs::read(&target).unwrap(), old, "the file that was there is intact");
    let names: Vec<String> = files(&dir).into_keys().collect();
    assert_eq!(names, vec!["train-images-idx3-ubyte.gz"], "no other file appeared");
    assert!(fs::metadata(&part).unwrap().len() < 4 << 20, "the transfer was cut mid-way");
    // The next download (here from a mirror that refuses the connection) starts
    // by removing the stale temporary file, and keeps the old one still.
    let r = run(
        &args(&format!("download --dir {} --mirror http://127.0.0.1:1/", dir.display())),
        Limits::default(),
        &[],
        "download",
    );
    assert_eq!(r.code(), Some(1), "{}", r.stderr);
    assert!(!part.exists(), "the stale temporary file is gone");
    assert_eq!(fs::read(&target).unwrap(), old);
    fs::remove_dir_all(&root).unwrap();
}
