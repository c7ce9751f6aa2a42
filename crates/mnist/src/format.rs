//! The facts of the IDX format as MNIST uses it: the image size, the classes, and
//! the two kinds of file with their magic numbers and header lengths.

/// Rows of pixels in an MNIST image.
pub const ROWS: usize = 28;
/// Columns of pixels in an MNIST image.
pub const COLS: usize = 28;
/// Pixels in an MNIST image, `28 × 28 = 784`: the length of a flattened image.
pub const PIXELS: usize = ROWS * COLS;
/// Number of classes (the digits 0 to 9): the length of a one-hot label.
pub const CLASSES: usize = 10;

/// The first two bytes of every gzip stream.
#[cfg(feature = "fs")]
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The two kinds of IDX file in MNIST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdxKind {
    /// `*-images-idx3-ubyte`: magic 2051, then count, rows, columns, then the pixels.
    Images,
    /// `*-labels-idx1-ubyte`: magic 2049, then count, then the labels.
    Labels,
}

impl IdxKind {
    /// The magic number that starts the file: `0x00000803` (2051) for images,
    /// `0x00000801` (2049) for labels. Its third byte, 8, says "unsigned byte" and
    /// its fourth the number of dimensions (3 or 1).
    pub const fn magic(self) -> u32 {
        match self {
            IdxKind::Images => 2051,
            IdxKind::Labels => 2049,
        }
    }

    /// Length of the header in bytes: four big-endian `u32` for images, two for labels.
    pub const fn header_len(self) -> usize {
        match self {
            IdxKind::Images => 16,
            IdxKind::Labels => 8,
        }
    }

    /// Bytes per sample: 784 pixels for an image, 1 for a label.
    pub const fn sample_len(self) -> usize {
        match self {
            IdxKind::Images => PIXELS,
            IdxKind::Labels => 1,
        }
    }

    /// The payload length, in bytes, that `count` samples take.
    pub const fn payload_len(self, count: u32) -> u64 {
        count as u64 * self.sample_len() as u64
    }

    pub(crate) const fn other(self) -> IdxKind {
        match self {
            IdxKind::Images => IdxKind::Labels,
            IdxKind::Labels => IdxKind::Images,
        }
    }

    pub(crate) const fn noun(self) -> &'static str {
        match self {
            IdxKind::Images => "image",
            IdxKind::Labels => "label",
        }
    }

    pub(crate) const fn a_file(self) -> &'static str {
        match self {
            IdxKind::Images => "an image file",
            IdxKind::Labels => "a label file",
        }
    }

    pub(crate) const fn header_fields(self) -> &'static str {
        match self {
            IdxKind::Images => "magic, count, rows, columns",
            IdxKind::Labels => "magic, count",
        }
    }
}
