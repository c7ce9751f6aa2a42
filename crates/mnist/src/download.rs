//! Downloading the four MNIST files from a public mirror, verified and atomically.
//!
//! For each file: if `NAME` or `NAME.gz` is already in the directory and its content
//! has the pinned SHA-256, it is kept and not downloaded again. Otherwise `NAME.gz`
//! is streamed into `.NAME.gz.part`, flushed to disk, its *decompressed* content
//! hashed and compared with the pinned hash, and only then renamed into place. On
//! any failure the temporary file is removed, and a file that was already there
//! (but failed verification) stays untouched until a verified replacement exists.

use std::io::Read;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::error::MnistError;
use super::files::{check_directory, check_replaceable, open_regular};
use super::hash::content_sha256;
use super::idx::read_up_to;
use super::idx_file::GZIP_MAGIC;
use super::load::find_file;
use super::part_file::{PartFile, remove_stale};
use super::{TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS};

/// The default mirror (the one PyTorch's torchvision uses).
pub const OSSCI_MIRROR: &str = "https://ossci-datasets.s3.amazonaws.com/mnist/";
/// An alternative mirror (Google's, the one TensorFlow's tutorials used).
pub const GOOGLE_MIRROR: &str = "https://storage.googleapis.com/cvdf-datasets/mnist/";

/// The four MNIST files and the SHA-256 of their raw (decompressed) content, as
/// `sha256sum` prints it for the uncompressed IDX files.
pub const MNIST_SHA256: [(&str, &str); 4] = [
    (TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    (TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    (TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    (TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
];

/// No response body larger than this is accepted (the largest `.gz` has 9 912 422
/// bytes; 64 MiB leaves room for a mirror that serves the files uncompressed).
pub const MAX_DOWNLOAD: u64 = 64 << 20;

/// Where to download from and what to expect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadSource {
    /// The file `NAME` is fetched from `{base_url}NAME.gz`; a missing final `/` is added.
    pub base_url: String,
    /// Each file's `NAME` and the lowercase hex SHA-256 of its decompressed content.
    pub files: Vec<(String, String)>,
    /// Longest wait to connect, for the response to start, and between two reads of it.
    pub timeout: Duration,
}

impl DownloadSource {
    /// The four MNIST files with their pinned hashes, from the mirror at `base_url`
    /// (e.g. [`OSSCI_MIRROR`] or [`GOOGLE_MIRROR`]), with a 30-second timeout.
    pub fn mnist(base_url: &str) -> Self {
        DownloadSource {
            base_url: base_url.to_string(),
            files: MNIST_SHA256
                .iter()
                .map(|(name, hash)| (name.to_string(), hash.to_string()))
                .collect(),
            timeout: Duration::from_secs(30),
        }
    }

    /// The URL of the file `name`: `{base_url}{name}.gz`.
    ///
    /// ```
    /// use mnist::DownloadSource;
    /// assert_eq!(
    ///     DownloadSource::default().url("t10k-labels-idx1-ubyte"),
    ///     "https://ossci-datasets.s3.amazonaws.com/mnist/t10k-labels-idx1-ubyte.gz"
    /// );
    /// ```
    pub fn url(&self, name: &str) -> String {
        let slash = if self.base_url.ends_with('/') { "" } else { "/" };
        format!("{}{slash}{name}.gz", self.base_url)
    }
}

impl Default for DownloadSource {
    /// MNIST from [`OSSCI_MIRROR`].
    fn default() -> Self {
        DownloadSource::mnist(OSSCI_MIRROR)
    }
}

/// What [`download`] is doing, for a progress display.
#[derive(Debug)]
#[non_exhaustive]
pub enum DownloadEvent<'a> {
    /// `path` is present and verified: it is kept, nothing is downloaded.
    Skipped { name: &'a str, path: &'a Path },
    /// `path` is present but fails verification; it is kept until a verified
    /// download replaces it.
    Invalid { name: &'a str, path: &'a Path, error: &'a MnistError },
    /// The server answered; `total` is the announced size in bytes, if any.
    Started { name: &'a str, url: &'a str, total: Option<u64> },
    /// `received` bytes have arrived so far.
    Progress { name: &'a str, received: u64, total: Option<u64> },
    /// The file is verified and in place at `path`.
    Saved { name: &'a str, path: &'a Path },
}

/// What [`download`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownloadReport {
    /// Files downloaded, verified and put in place.
    pub downloaded: Vec<PathBuf>,
    /// Files already present whose content verified: not downloaded again.
    pub skipped: Vec<PathBuf>,
    /// Files that were present but failed verification, and have been replaced
    /// (the file at this path was overwritten or, if it was the raw `NAME` while
    /// the download is `NAME.gz`, removed).
    pub replaced: Vec<PathBuf>,
    /// Bytes received over the network.
    pub bytes: u64,
}

/// Downloads into `dir` (created if needed) every file of `source` that is not
/// already there with the right content, calling `progress` as it goes (pass
/// `|_| {}` for silence). Stops at the first file that fails.
///
/// ```no_run
/// use mnist::{DownloadSource, download, mnist_dir};
/// let report = download(&mnist_dir(None), &DownloadSource::default(), |_| {})?;
/// println!("{} downloaded, {} already there", report.downloaded.len(), report.skipped.len());
/// # Ok::<(), mnist::MnistError>(())
/// ```
///
/// # Errors
/// [`MnistError`] naming the file and the problem: HTTP status (with the URL),
/// connection or timeout, a body cut short, a body too large, corrupt gzip, a hash
/// mismatch (with both hashes), or an I/O error in `dir`.
// ANCHOR: download
pub fn download(
    dir: &Path,
    source: &DownloadSource,
    mut progress: impl FnMut(&DownloadEvent<'_>),
) -> Result<DownloadReport, MnistError> {
    std::fs::create_dir_all(dir).map_err(|e| MnistError::io(dir, "cannot create directory", e))?;
    let agent = agent(source);
    let mut report = DownloadReport::default();
    for (name, expected) in &source.files {
        let present = find_file(dir, name).ok();
        if let Some(path) = &present {
            match verify(path, path, expected) {
                Ok(()) => {
                    progress(&DownloadEvent::Skipped { name, path });
                    report.skipped.push(path.clone());
                    continue;
                }
                Err(error) => progress(&DownloadEvent::Invalid { name, path, error: &error }),
            }
        }
        let url = source.url(name);
        let (saved, bytes) = fetch(&agent, &url, dir, name, expected, &mut progress)?;
        report.bytes += bytes;
        if let Some(old) = present {
            if old != saved {
                std::fs::remove_file(&old)
                    .map_err(|e| MnistError::io(&old, "cannot remove the replaced file", e))?;
            }
            report.replaced.push(old);
        }
        progress(&DownloadEvent::Saved { name, path: &saved });
        report.downloaded.push(saved);
    }
    Ok(report)
}
// ANCHOR_END: download

/// Downloads `url` into a temporary file, verifies it and renames it to
/// `dir/NAME.gz` (or `dir/NAME` if the server sent it uncompressed). Returns the
/// final path and the bytes received.
fn fetch(
    agent: &ureq::Agent,
    url: &str,
    dir: &Path,
    name: &str,
    expected: &str,
    progress: &mut impl FnMut(&DownloadEvent<'_>),
) -> Result<(PathBuf, u64), MnistError> {
    let gz_path = dir.join(format!("{name}.gz"));
    // Whatever the download will replace must be a file: a directory, a FIFO or a
    // device under the name is reported, not removed or written into.
    check_directory(dir)?;
    check_replaceable(&gz_path)?;
    check_replaceable(&dir.join(name))?;
    // What an interrupted download left goes first, whatever this one meets.
    remove_stale(&gz_path)?;
    let interrupted = |received, source| MnistError::Interrupted {
        path: gz_path.clone(),
        url: url.to_string(),
        received,
        source,
    };
    let response = agent.get(url).call().map_err(|e| MnistError::Http {
        path: gz_path.clone(),
        url: url.to_string(),
        source: Box::new(e),
    })?;
    if response.status() != 200 {
        return Err(MnistError::HttpStatus {
            path: gz_path,
            url: url.to_string(),
            status: response.status().as_u16(),
        });
    }
    let total = response.body().content_length();
    if total.is_some_and(|total| total > MAX_DOWNLOAD) {
        return Err(MnistError::TooLarge {
            path: gz_path,
            url: url.to_string(),
            limit: MAX_DOWNLOAD,
        });
    }
    progress(&DownloadEvent::Started { name, url, total });

    let mut part = PartFile::create(&gz_path)?;
    let mut body = response.into_body().into_reader();
    let mut buf = vec![0u8; 64 * 1024];
    let mut received = 0u64;
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(interrupted(received, e)),
        };
        received += n as u64;
        if received > MAX_DOWNLOAD {
            return Err(MnistError::TooLarge {
                path: gz_path,
                url: url.to_string(),
                limit: MAX_DOWNLOAD,
            });
        }
        part.write_all(&buf[..n])?;
        progress(&DownloadEvent::Progress { name, received, total });
    }
    if let Some(total) = total.filter(|&total| received < total) {
        let message = format!("the connection closed after {received} of {total} bytes");
        return Err(interrupted(
            received,
            std::io::Error::new(std::io::ErrorKind::UnexpectedEof, message),
        ));
    }
    part.sync()?;
    verify(part.path(), &gz_path, expected)?;
    let saved = if is_gzip(part.path(), &gz_path)? { gz_path } else { dir.join(name) };
    part.persist(&saved)?;
    Ok((saved, received))
}

/// Checks that the content of `path` has the SHA-256 `expected`; errors name `shown_as`.
fn verify(path: &Path, shown_as: &Path, expected: &str) -> Result<(), MnistError> {
    let actual = content_sha256(path, shown_as)?;
    if actual.eq_ignore_ascii_case(expected) {
        Ok(())
    } else {
        Err(MnistError::HashMismatch {
            path: shown_as.to_path_buf(),
            expected: expected.to_ascii_lowercase(),
            actual,
        })
    }
}

/// Whether the file starts with the gzip magic bytes.
fn is_gzip(path: &Path, shown_as: &Path) -> Result<bool, MnistError> {
    let mut start = [0u8; 2];
    let mut file = open_regular(path, shown_as)?;
    let n = read_up_to(&mut file, &mut start)
        .map_err(|e| MnistError::io(shown_as, "cannot read", e))?;
    Ok(start[..n] == GZIP_MAGIC)
}

/// An HTTP agent with the source's timeouts, that reports HTTP statuses itself and
/// asks for the bytes as stored (`Accept-Encoding: identity`). It uses the proxy of
/// the environment (`HTTPS_PROXY`, ...) except for a loopback address, which no
/// proxy can reach.
fn agent(source: &DownloadSource) -> ureq::Agent {
    let timeout = Some(source.timeout);
    let mut config = ureq::Agent::config_builder()
        .timeout_connect(timeout)
        .timeout_recv_response(timeout)
        .timeout_per_read(timeout)
        .http_status_as_error(false)
        .accept_encoding("identity")
        .user_agent(concat!("nnlearn/", env!("CARGO_PKG_VERSION")));
    if is_loopback(&source.base_url) {
        config = config.proxy(None);
    }
    // macOS: the system's TLS (see Cargo.toml); elsewhere ureq's default, rustls.
    #[cfg(target_os = "macos")]
    {
        let tls = ureq::tls::TlsConfig::builder().provider(ureq::tls::TlsProvider::NativeTls);
        config = config.tls_config(tls.build());
    }
    config.build().into()
}

/// Whether the URL's host is `localhost` or a loopback IP address.
fn is_loopback(url: &str) -> bool {
    let Ok(uri) = url.parse::<ureq::http::Uri>() else {
        return false;
    };
    let host = uri.host().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_get_their_slash() {
        let mut s = DownloadSource::mnist("http://127.0.0.1:8000/mnist");
        assert_eq!(s.url("x"), "http://127.0.0.1:8000/mnist/x.gz");
        s.base_url = GOOGLE_MIRROR.into();
        assert_eq!(s.url("x"), "https://storage.googleapis.com/cvdf-datasets/mnist/x.gz");
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:1234/"));
        assert!(is_loopback("http://localhost/"));
        assert!(is_loopback("http://[::1]:80/a/"));
        assert!(!is_loopback(OSSCI_MIRROR));
    }
}
