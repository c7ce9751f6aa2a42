//! Helpers shared by the `tests/mnist_*.rs` tests: synthetic IDX files written
//! byte by byte (independently of the crate's writer), gzip, and scratch directories.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

use flate2::{Compression, write::GzEncoder};

/// The bytes of an IDX image file with the given header fields and payload.
pub fn image_file(magic: u32, count: u32, rows: u32, cols: u32, payload: &[u8]) -> Vec<u8> {
    let mut bytes: Vec<u8> =
        [magic, count, rows, cols].iter().flat_map(|f| f.to_be_bytes()).collect();
    bytes.extend_from_slice(payload);
    bytes
}

/// The bytes of an IDX label file with the given header fields and payload.
pub fn label_file(magic: u32, count: u32, payload: &[u8]) -> Vec<u8> {
    let mut bytes: Vec<u8> = [magic, count].iter().flat_map(|f| f.to_be_bytes()).collect();
    bytes.extend_from_slice(payload);
    bytes
}

/// A valid image file of `n` images whose pixels follow a simple pattern.
pub fn valid_images(n: u32) -> Vec<u8> {
    let pixels: Vec<u8> = (0..n as usize * 784).map(|i| (i * 7 % 256) as u8).collect();
    image_file(2051, n, 28, 28, &pixels)
}

/// A valid label file of `n` labels `0, 1, ..., 9, 0, ...`.
pub fn valid_labels(n: u32) -> Vec<u8> {
    let labels: Vec<u8> = (0..n as u8).map(|i| i % 10).collect();
    label_file(2049, n, &labels)
}

/// `bytes` gzipped (level 6, default header).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A new empty directory `mnist-LABEL` in the target directory's scratch space
/// (emptied first if a previous run left it). Each test uses its own label.
pub fn scratch_dir(label: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("mnist-{label}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
