//! The IDX format, the format of the four MNIST files: a big-endian header,
//! then one unsigned byte per pixel or per label (see the table in the
//! [module documentation](super)). This module parses and writes the bytes, with
//! no file system (the widgets use it in WebAssembly); reading files, raw or
//! gzip-compressed, is [`super::idx_file`]'s (feature `fs`).
//!
//! Every check is made before the payload is read, and the header is never
//! trusted with an allocation: a payload of known length (bytes in memory, a raw
//! file) is compared with the header's claim first, and one of unknown length (a
//! gzip stream) is read into a buffer that grows only as data actually arrives,
//! through `take(claimed + 1)`, so that a forged header claiming four billion
//! images in a 100-byte file fails at once.

use std::io::{self, Read};
use std::path::Path;

use super::error::MnistError;
pub use super::format::{CLASSES, COLS, IdxKind, PIXELS, ROWS};

/// The images of an IDX image file: `len()` images of 28x28 pixels, row by row,
/// one byte (0 = white background, 255 = black ink) per pixel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdxImages {
    pub(crate) pixels: Vec<u8>,
}

impl IdxImages {
    /// Wraps `pixels`, the images one after the other, 784 bytes each.
    ///
    /// # Panics
    /// If `pixels` is empty or its length is not a multiple of 784.
    pub fn from_pixels(pixels: Vec<u8>) -> Self {
        assert!(
            !pixels.is_empty() && pixels.len().is_multiple_of(PIXELS),
            "IdxImages::from_pixels: {} bytes are not a whole, non-zero number of {PIXELS}-pixel images",
            pixels.len()
        );
        IdxImages { pixels }
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.pixels.len() / PIXELS
    }

    /// Always `false`: an IDX image file holds at least one image.
    pub fn is_empty(&self) -> bool {
        self.pixels.is_empty()
    }

    /// All the pixels, image after image, row after row.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The same, owned (without a copy).
    pub fn into_pixels(self) -> Vec<u8> {
        self.pixels
    }

    /// The 784 pixels of image `i`, row after row.
    ///
    /// # Panics
    /// If `i >= len()`.
    pub fn image(&self, i: usize) -> &[u8] {
        assert!(
            i < self.len(),
            "IdxImages::image: index {i} is out of range for {} images",
            self.len()
        );
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// The first `n` images (all of them if `n >= len()`).
    ///
    /// # Panics
    /// If `n == 0`.
    pub fn first(&self, n: usize) -> IdxImages {
        assert!(n > 0, "IdxImages::first: cannot keep 0 images");
        IdxImages::from_pixels(self.pixels[..n.min(self.len()) * PIXELS].to_vec())
    }

    /// The file's bytes: the 16-byte header (2051, count, 28, 28) and the pixels.
    ///
    /// ```
    /// use mnist::IdxImages;
    /// let bytes = IdxImages::from_pixels(vec![0; 784]).to_idx_bytes();
    /// assert_eq!(&bytes[..16], &[0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28]);
    /// assert_eq!(bytes.len(), 16 + 784);
    /// ```
    pub fn to_idx_bytes(&self) -> Vec<u8> {
        let count = u32::try_from(self.len()).expect("more than u32::MAX images");
        let mut bytes = Vec::with_capacity(IdxKind::Images.header_len() + self.pixels.len());
        for field in [IdxKind::Images.magic(), count, ROWS as u32, COLS as u32] {
            bytes.extend_from_slice(&field.to_be_bytes());
        }
        bytes.extend_from_slice(&self.pixels);
        bytes
    }
}

/// The labels of an IDX label file: one digit `0..=9` per image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdxLabels {
    pub(crate) labels: Vec<u8>,
}

impl IdxLabels {
    /// Wraps `labels`.
    ///
    /// # Panics
    /// If `labels` is empty or a label is not a digit `0..=9`.
    pub fn from_labels(labels: Vec<u8>) -> Self {
        assert!(
            !labels.is_empty(),
            "IdxLabels::from_labels: no labels (an IDX file holds at least one)"
        );
        if let Some((i, v)) = labels.iter().enumerate().find(|(_, v)| usize::from(**v) >= CLASSES) {
            panic!("IdxLabels::from_labels: labels[{i}] = {v} is not a digit 0..=9");
        }
        IdxLabels { labels }
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Always `false`: an IDX label file holds at least one label.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The labels, one digit `0..=9` per image.
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// The first `n` labels (all of them if `n >= len()`).
    ///
    /// # Panics
    /// If `n == 0`.
    pub fn first(&self, n: usize) -> IdxLabels {
        assert!(n > 0, "IdxLabels::first: cannot keep 0 labels");
        IdxLabels::from_labels(self.labels[..n.min(self.len())].to_vec())
    }

    /// The file's bytes: the 8-byte header (2049, count) and the labels.
    ///
    /// ```
    /// use mnist::IdxLabels;
    /// let bytes = IdxLabels::from_labels(vec![5, 0, 4]).to_idx_bytes();
    /// assert_eq!(bytes, [0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4]);
    /// ```
    pub fn to_idx_bytes(&self) -> Vec<u8> {
        let count = u32::try_from(self.len()).expect("more than u32::MAX labels");
        let mut bytes = Vec::with_capacity(IdxKind::Labels.header_len() + self.labels.len());
        for field in [IdxKind::Labels.magic(), count] {
            bytes.extend_from_slice(&field.to_be_bytes());
        }
        bytes.extend_from_slice(&self.labels);
        bytes
    }
}

/// Parses the bytes of an IDX image file (uncompressed), checking them as
/// [`read_idx_images`](crate::read_idx_images) checks a file; `name` names them
/// in errors (a file name, or what they are).
///
/// ```
/// use mnist::{IdxImages, parse_idx_images};
/// let bytes = IdxImages::from_pixels(vec![7; 784]).to_idx_bytes();
/// assert_eq!(parse_idx_images(&bytes, "one image")?.len(), 1);
/// let e = parse_idx_images(&bytes[..20], "cut").unwrap_err();
/// assert!(e.to_string().starts_with("cut: truncated payload"), "{e}");
/// # Ok::<(), mnist::MnistError>(())
/// ```
pub fn parse_idx_images(bytes: &[u8], name: &str) -> Result<IdxImages, MnistError> {
    let (path, len) = (Path::new(name), Some(bytes.len() as u64));
    let pixels = read_idx_from(path, IdxKind::Images, bytes, len, Encoding::Raw)?;
    Ok(IdxImages { pixels })
}

/// Parses the bytes of an IDX label file (uncompressed), checking them as
/// [`read_idx_labels`](crate::read_idx_labels) checks a file.
///
/// ```
/// use mnist::{IdxLabels, parse_idx_labels};
/// let bytes = IdxLabels::from_labels(vec![5, 0, 4]).to_idx_bytes();
/// assert_eq!(parse_idx_labels(&bytes, "labels")?.labels(), &[5, 0, 4]);
/// # Ok::<(), mnist::MnistError>(())
/// ```
pub fn parse_idx_labels(bytes: &[u8], name: &str) -> Result<IdxLabels, MnistError> {
    let (path, len) = (Path::new(name), Some(bytes.len() as u64));
    let labels = read_idx_from(path, IdxKind::Labels, bytes, len, Encoding::Raw)?;
    check_labels(path, labels)
}

/// The labels, if each is a digit `0..=9`; else the first that is not, named.
pub(crate) fn check_labels(path: &Path, labels: Vec<u8>) -> Result<IdxLabels, MnistError> {
    if let Some((index, &value)) =
        labels.iter().enumerate().find(|(_, v)| usize::from(**v) >= CLASSES)
    {
        return Err(MnistError::BadLabel { path: path.to_path_buf(), index, value });
    }
    Ok(IdxLabels { labels })
}

/// Whether the bytes come straight from the file or out of a gzip decoder (which
/// decides how a read error is reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Raw,
    /// (Only files are gzipped: bytes in memory are parsed raw.)
    #[cfg_attr(not(feature = "fs"), allow(dead_code))]
    Gzip,
}

impl Encoding {
    fn error(self, path: &Path, source: io::Error) -> MnistError {
        match self {
            Encoding::Raw => MnistError::io(path, "cannot read", source),
            Encoding::Gzip => MnistError::Gzip { path: path.to_path_buf(), source },
        }
    }
}

/// Reads and checks the header, then the payload, from `reader` (the decompressed
/// bytes of `path`). `len` is the total length of the bytes when known in advance
/// (a raw file), so that a wrong payload length is caught before reading it.
pub(crate) fn read_idx_from(
    path: &Path,
    kind: IdxKind,
    mut reader: impl Read,
    len: Option<u64>,
    encoding: Encoding,
) -> Result<Vec<u8>, MnistError> {
    let err = |source| encoding.error(path, source);
    let count = read_header(path, kind, &mut reader, encoding)?;
    let path_buf = || path.to_path_buf();
    let expected = kind.payload_len(count);
    let truncated = |found| MnistError::TruncatedPayload { path: path_buf(), kind, count, found };
    let trailing = |found| MnistError::TrailingBytes { path: path_buf(), kind, count, found };
    let out_of_memory = || MnistError::OutOfMemory { path: path_buf(), kind, bytes: expected };

    // A raw file: compare the header's promise with the real length before reading.
    let follow = len.map(|len| len.saturating_sub(kind.header_len() as u64));
    let mut payload = Vec::new();
    match follow {
        Some(follow) if follow < expected => return Err(truncated(follow)),
        Some(follow) if follow > expected => return Err(trailing(Some(follow))),
        // Checked against the file length, so this much memory is really needed;
        // asked for fallibly, so that a lack of it is an error, not an abort.
        Some(_) => {
            let bytes = usize::try_from(expected).map_err(|_| out_of_memory())?;
            payload.try_reserve_exact(bytes).map_err(|_| out_of_memory())?;
        }
        // Unknown length (gzip): grow only as data arrives (fallibly, in `read_to_end`).
        None => {}
    }
    // One byte more than promised, to notice trailing bytes without reading them all.
    reader.take(expected + 1).read_to_end(&mut payload).map_err(|e| {
        if e.kind() == io::ErrorKind::OutOfMemory { out_of_memory() } else { err(e) }
    })?;
    let got = payload.len() as u64;
    if got < expected {
        return Err(truncated(got));
    }
    if got > expected {
        return Err(trailing(follow));
    }
    Ok(payload)
}

/// Reads and checks the header from `reader`; returns the sample count it promises.
pub(crate) fn read_header(
    path: &Path,
    kind: IdxKind,
    reader: &mut impl Read,
    encoding: Encoding,
) -> Result<u32, MnistError> {
    let mut header = [0u8; 16];
    let header = &mut header[..kind.header_len()];
    let found = read_up_to(reader, header).map_err(|e| encoding.error(path, e))?;
    let field =
        |i: usize| u32::from_be_bytes(header[4 * i..4 * i + 4].try_into().expect("4 bytes"));
    let path_buf = || path.to_path_buf();
    if found < 4 {
        return Err(MnistError::TruncatedHeader { path: path_buf(), kind, found });
    }
    if field(0) != kind.magic() {
        return Err(MnistError::WrongMagic { path: path_buf(), kind, found: field(0) });
    }
    if found < kind.header_len() {
        return Err(MnistError::TruncatedHeader { path: path_buf(), kind, found });
    }
    let count = field(1);
    if kind == IdxKind::Images && (field(2), field(3)) != (ROWS as u32, COLS as u32) {
        return Err(MnistError::WrongImageSize {
            path: path_buf(),
            rows: field(2),
            cols: field(3),
        });
    }
    if count == 0 {
        return Err(MnistError::Empty { path: path_buf(), kind });
    }
    Ok(count)
}

/// Reads until `buf` is full or the input ends; returns how many bytes were read.
pub(crate) fn read_up_to(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A reader that counts the bytes it hands out.
    struct Counting<R> {
        inner: R,
        bytes: u64,
    }

    impl<R: Read> Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.bytes += n as u64;
            Ok(n)
        }
    }

    fn header(count: u32) -> Vec<u8> {
        [2051, count, 28, 28].iter().flat_map(|f: &u32| f.to_be_bytes()).collect()
    }

    #[test]
    fn a_valid_image_file_round_trips() {
        let images = IdxImages::from_pixels((0..2 * PIXELS).map(|i| i as u8).collect());
        let bytes = images.to_idx_bytes();
        let len = Some(bytes.len() as u64);
        let payload =
            read_idx_from(Path::new("x"), IdxKind::Images, &bytes[..], len, Encoding::Raw).unwrap();
        assert_eq!(payload, images.pixels());
    }

    #[test]
    fn a_forged_count_reads_only_what_is_there_when_the_length_is_unknown() {
        // 4 000 000 000 images would be 3.1 TB; the file is 100 bytes.
        let mut bytes = header(4_000_000_000);
        bytes.resize(100, 7);
        let mut reader = Counting { inner: Cursor::new(&bytes), bytes: 0 };
        let e =
            read_idx_from(Path::new("forged"), IdxKind::Images, &mut reader, None, Encoding::Gzip)
                .unwrap_err();
        assert!(matches!(e, MnistError::TruncatedPayload { found: 84, .. }), "{e}");
        assert_eq!(reader.bytes, 100);
        assert!(e.to_string().contains("4000000000 images of 28x28 (3136000000000 bytes)"), "{e}");
    }

    #[test]
    fn a_forged_count_is_rejected_before_reading_when_the_length_is_known() {
        let mut bytes = header(4_000_000_000);
        bytes.resize(100, 7);
        let mut reader = Counting { inner: Cursor::new(&bytes), bytes: 0 };
        let e = read_idx_from(
            Path::new("forged"),
            IdxKind::Images,
            &mut reader,
            Some(100),
            Encoding::Raw,
        )
        .unwrap_err();
        assert!(matches!(e, MnistError::TruncatedPayload { found: 84, .. }), "{e}");
        assert_eq!(reader.bytes, 16, "only the header may be read");
    }

    #[test]
    fn gzip_trailing_bytes_are_noticed_after_one_extra_byte() {
        let mut bytes = IdxLabels::from_labels(vec![1, 2, 3]).to_idx_bytes();
        bytes.extend_from_slice(&[0; 1000]);
        let mut reader = Counting { inner: Cursor::new(&bytes), bytes: 0 };
        let e = read_idx_from(Path::new("l"), IdxKind::Labels, &mut reader, None, Encoding::Gzip)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "l: trailing bytes: header promises 3 labels (3 bytes) but more than 3 bytes follow"
        );
        assert_eq!(reader.bytes, 8 + 3 + 1);
    }

    #[test]
    fn read_up_to_stops_at_the_end() {
        let mut buf = [0u8; 4];
        assert_eq!(read_up_to(&mut &[1u8, 2][..], &mut buf).unwrap(), 2);
        assert_eq!(buf, [1, 2, 0, 0]);
    }
}
