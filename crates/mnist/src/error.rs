//! Everything that can go wrong while finding, reading, writing or downloading the
//! MNIST files. Every message starts with the path of the file at fault and then
//! says what is wrong with it, so that it can be printed as is:
//!
//! ```text
//! data/mnist/train-images-idx3-ubyte: magic number 2049 is that of a label file; an image file starts with 2051
//! ```

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::format::{COLS, IdxKind, ROWS};

/// An error of the [`mnist`](super) module. Its `Display` names the file and the problem.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MnistError {
    /// Neither `name` nor `name.gz` exists in `dir`.
    #[error(
        "{}: not found (looked for {name} and {name}.gz in {}; run `cargo run --release -- download` or set MNIST_DIR)",
        dir.join(name).display(),
        dir.display()
    )]
    NotFound { dir: PathBuf, name: String },

    /// The path names something that is not a regular file: a directory, a
    /// named pipe (FIFO), a device or a socket (`what` says which).
    #[error("{}: is {what}, not a regular file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },

    /// The path of a folder names something that is not one (`what` says what).
    #[error("{}: is {what}, not a directory", path.display())]
    NotADirectory { path: PathBuf, what: &'static str },

    /// The file exists but may not be read (permissions).
    #[error("{}: not readable: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },

    /// The memory for the data could not be had (a header that promises more than
    /// this machine, or this process's limits, can hold).
    #[error(
        "{}: cannot allocate {bytes} bytes for its {}s: not enough memory",
        path.display(),
        kind.noun()
    )]
    OutOfMemory { path: PathBuf, kind: IdxKind, bytes: u64 },

    /// The operating system refused an operation (`action`, e.g. "cannot open") on the file.
    #[error("{}: {action}: {source}", path.display())]
    Io { path: PathBuf, action: &'static str, source: io::Error },

    /// The file starts like gzip (bytes `1f 8b`) but does not decompress: it is corrupt or cut off.
    #[error("{}: corrupt or cut-off gzip data: {source}", path.display())]
    Gzip { path: PathBuf, source: io::Error },

    /// The first four bytes are not the magic number of this kind of IDX file.
    #[error("{}: {}", path.display(), describe_magic(*kind, *found))]
    WrongMagic { path: PathBuf, kind: IdxKind, found: u32 },

    /// The file (after decompression) ends inside the header.
    #[error(
        "{}: truncated header: the file ends after {found} bytes, but {} header is {} bytes ({})",
        path.display(),
        kind.a_file(),
        kind.header_len(),
        kind.header_fields()
    )]
    TruncatedHeader { path: PathBuf, kind: IdxKind, found: usize },

    /// The header says the images are not 28x28 pixels.
    #[error(
        "{}: images are {rows}x{cols} pixels (rows x columns), but MNIST images are {ROWS}x{COLS}",
        path.display()
    )]
    WrongImageSize { path: PathBuf, rows: u32, cols: u32 },

    /// The header says the file holds no samples at all.
    #[error(
        "{}: the header says the file holds 0 {}s; an MNIST file holds at least one",
        path.display(),
        kind.noun()
    )]
    Empty { path: PathBuf, kind: IdxKind },

    /// Fewer payload bytes follow the header than its count promises.
    #[error(
        "{}: truncated payload: header promises {} but only {found} bytes follow",
        path.display(),
        Promise(*kind, *count)
    )]
    TruncatedPayload { path: PathBuf, kind: IdxKind, count: u32, found: u64 },

    /// More payload bytes follow the header than its count promises.
    /// `found` is `None` for a gzip file, which is not decompressed past the excess.
    #[error(
        "{}: trailing bytes: header promises {} but {} follow",
        path.display(),
        Promise(*kind, *count),
        Excess(*kind, *count, *found)
    )]
    TrailingBytes { path: PathBuf, kind: IdxKind, count: u32, found: Option<u64> },

    /// A label byte is not a digit.
    #[error(
        "{}: label {value} of sample {index} is not a digit 0..=9",
        path.display()
    )]
    BadLabel { path: PathBuf, index: usize, value: u8 },

    /// The image file and the label file of one split hold different numbers of samples.
    #[error(
        "{}: holds {images} images but {} holds {labels} labels; a split needs exactly one label per image",
        images_path.display(),
        labels_path.display()
    )]
    CountMismatch { images_path: PathBuf, labels_path: PathBuf, images: usize, labels: usize },

    /// A subset asked for more samples than the file holds, or for none.
    #[error(
        "{}: cannot take the first {wanted} samples of the {available} it holds (ask for 1..={available})",
        path.display()
    )]
    SubsetSize { path: PathBuf, wanted: usize, available: usize },

    /// The content (decompressed) does not have the pinned SHA-256.
    #[error(
        "{}: sha256 of the decompressed content is {actual}, but the expected one is {expected} (a corrupt download or a different file)",
        path.display()
    )]
    HashMismatch { path: PathBuf, expected: String, actual: String },

    /// The server answered with an HTTP status other than 200.
    #[cfg(feature = "download")]
    #[error("{}: {url} answered HTTP {status}{}", path.display(), reason(*status))]
    HttpStatus { path: PathBuf, url: String, status: u16 },

    /// The request failed before a response arrived (DNS, connection, TLS, timeout...).
    #[cfg(feature = "download")]
    #[error("{}: cannot download {url}: {source}", path.display())]
    Http { path: PathBuf, url: String, source: Box<ureq::Error> },

    /// The response body broke off (connection closed, timeout...) after `received` bytes.
    #[error(
        "{}: download of {url} failed after {received} bytes: {source}",
        path.display()
    )]
    Interrupted { path: PathBuf, url: String, received: u64, source: io::Error },

    /// The response body is larger than any MNIST file.
    #[error(
        "{}: {url} sent more than {limit} bytes, more than any MNIST file; refusing the rest",
        path.display()
    )]
    TooLarge { path: PathBuf, url: String, limit: u64 },
}

impl MnistError {
    /// An [`MnistError::Io`] for `path`, saying which `action` failed.
    pub(crate) fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
        MnistError::Io { path: path.to_path_buf(), action, source }
    }
}

/// "magic number 2049 is that of a label file; an image file starts with 2051", or
/// the same with an unknown number (in decimal and hexadecimal).
fn describe_magic(kind: IdxKind, found: u32) -> String {
    let expected = kind.magic();
    let other = kind.other();
    if found == other.magic() {
        format!(
            "magic number {found} is that of {}; {} starts with {expected}",
            other.a_file(),
            kind.a_file()
        )
    } else if found.swap_bytes() == expected {
        format!(
            "magic number {found} (0x{found:08x}) is {expected} written little-endian; IDX numbers are big-endian, {} starts with the bytes 00 00 08 {:02x}",
            kind.a_file(),
            expected & 0xff
        )
    } else {
        format!(
            "magic number {found} (0x{found:08x}) is not that of an IDX file; {} starts with {expected} (0x{expected:08x})",
            kind.a_file()
        )
    }
}

/// " Not Found" for 404: the standard reason phrase of an HTTP status, if any.
#[cfg(feature = "download")]
fn reason(status: u16) -> String {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| format!(" {r}"))
        .unwrap_or_default()
}

/// What a header promises: "60000 images of 28x28 (47040000 bytes)" or "60000 labels (60000 bytes)".
struct Promise(IdxKind, u32);

impl fmt::Display for Promise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Promise(kind, count) = *self;
        let bytes = kind.payload_len(count);
        match kind {
            IdxKind::Images => write!(f, "{count} images of {ROWS}x{COLS} ({bytes} bytes)"),
            IdxKind::Labels => write!(f, "{count} labels ({bytes} bytes)"),
        }
    }
}

/// How many bytes follow when there are too many: "47040010 bytes (10 too many)" or "more".
struct Excess(IdxKind, u32, Option<u64>);

impl fmt::Display for Excess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Excess(kind, count, found) = *self;
        match found {
            Some(found) => {
                let extra = found.saturating_sub(kind.payload_len(count));
                write!(f, "{found} bytes ({extra} too many)")
            }
            None => write!(f, "more than {} bytes", kind.payload_len(count)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> PathBuf {
        PathBuf::from("data/mnist/train-images-idx3-ubyte")
    }

    #[test]
    fn errors_can_cross_threads_and_be_boxed() {
        fn send_sync_static<T: Send + Sync + 'static>() {}
        send_sync_static::<MnistError>();
    }

    #[test]
    fn a_label_magic_in_an_image_file_is_recognised() {
        let e = MnistError::WrongMagic { path: path(), kind: IdxKind::Images, found: 2049 };
        assert_eq!(
            e.to_string(),
            "data/mnist/train-images-idx3-ubyte: magic number 2049 is that of a label file; an image file starts with 2051"
        );
    }

    #[test]
    fn a_little_endian_magic_is_recognised() {
        let e = MnistError::WrongMagic {
            path: path(),
            kind: IdxKind::Images,
            found: 2051u32.swap_bytes(),
        };
        assert!(e.to_string().contains("2051 written little-endian"), "{e}");
    }

    #[test]
    fn payload_messages_give_counts_and_bytes() {
        let e = MnistError::TruncatedPayload {
            path: path(),
            kind: IdxKind::Images,
            count: 60000,
            found: 1000,
        };
        assert_eq!(
            e.to_string(),
            "data/mnist/train-images-idx3-ubyte: truncated payload: header promises 60000 images of 28x28 (47040000 bytes) but only 1000 bytes follow"
        );
        let e = MnistError::TrailingBytes {
            path: PathBuf::from("t10k-labels-idx1-ubyte"),
            kind: IdxKind::Labels,
            count: 10,
            found: Some(12),
        };
        assert_eq!(
            e.to_string(),
            "t10k-labels-idx1-ubyte: trailing bytes: header promises 10 labels (10 bytes) but 12 bytes (2 too many) follow"
        );
    }

    #[test]
    fn not_found_says_where_it_looked_and_what_to_do() {
        let e = MnistError::NotFound {
            dir: PathBuf::from("data/mnist"),
            name: "train-images-idx3-ubyte".into(),
        };
        // The path as the system writes it (`data/mnist\train-...` on Windows).
        let path = Path::new("data/mnist").join("train-images-idx3-ubyte");
        assert_eq!(
            e.to_string(),
            format!(
                "{}: not found (looked for train-images-idx3-ubyte and \
                 train-images-idx3-ubyte.gz in data/mnist; run `cargo run --release -- download` or set MNIST_DIR)",
                path.display()
            )
        );
    }
}
