//! SHA-256 of a file's *content*: of the decompressed bytes if the file is gzip,
//! so that `train-images-idx3-ubyte` and `train-images-idx3-ubyte.gz` have the same
//! hash (the one `sha256sum` gives for the raw file), whatever compressor made the
//! `.gz`.

use std::io::{self, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};

use super::error::MnistError;
use super::files::open_regular;
use super::idx::read_up_to;
use super::idx_file::GZIP_MAGIC;

/// Content beyond this many bytes is not hashed (the largest MNIST file has
/// 47 040 016), so that a decompression bomb cannot keep the hasher busy: the hash
/// of a longer file is simply wrong.
// (The download's: the subset alone does not hash files.)
#[cfg_attr(not(feature = "download"), allow(dead_code))]
const MAX_CONTENT: u64 = 64 << 20;

/// The lowercase hexadecimal SHA-256 of `bytes`.
///
/// ```
/// assert_eq!(
///     mnist::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The SHA-256 of the content of the file at `path`, decompressed if it starts with
/// the gzip magic bytes. Errors name `shown_as` (the file the user knows, when
/// `path` is a temporary file).
#[cfg_attr(not(feature = "download"), allow(dead_code))]
pub(crate) fn content_sha256(path: &Path, shown_as: &Path) -> Result<String, MnistError> {
    let mut file = open_regular(path, shown_as)?;
    let mut start = [0u8; 2];
    let n = read_up_to(&mut file, &mut start)
        .map_err(|e| MnistError::io(shown_as, "cannot read", e))?;
    let rest = (&start[..n]).chain(file);
    let mut hasher = Sha256::new();
    if start[..n] == GZIP_MAGIC {
        let mut decoder = MultiGzDecoder::new(BufReader::new(rest)).take(MAX_CONTENT);
        io::copy(&mut decoder, &mut hasher)
            .map_err(|source| MnistError::Gzip { path: shown_as.to_path_buf(), source })?;
    } else {
        io::copy(&mut rest.take(MAX_CONTENT), &mut hasher)
            .map_err(|e| MnistError::io(shown_as, "cannot read", e))?;
    }
    Ok(format!("{:x}", hasher.finalize()))
}
