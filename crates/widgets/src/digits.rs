//! Digits in the page: the MNIST files the trainer learns from (IDX, as shipped
//! in `data/mnist-subset/`, unzipped by the browser), and a drawing on the
//! canvas turned into the 28 × 28 pixels the network reads.
#![forbid(unsafe_code)]

use mnist::IdxImages;
use ndarray::Array2;

/// Pixels of one image: 28 × 28.
pub const PIXELS: usize = mnist::PIXELS;
/// The canvas is the image at this many canvas pixels per image pixel.
pub const SCALE: usize = 10;

/// The images of an IDX image file (magic 2051), 784 bytes each, checked by
/// the MNIST crate's parser, the one the book's loader uses (the header, 28 × 28
/// images, exactly the promised bytes); errors start with `images:`.
pub fn parse_images(bytes: &[u8]) -> Result<Vec<u8>, String> {
    mnist::parse_idx_images(bytes, "images").map(IdxImages::into_pixels).map_err(|e| e.to_string())
}

/// The labels of an IDX label file (magic 2049), each a digit; errors start
/// with `labels:`.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let labels = mnist::parse_idx_labels(bytes, "labels").map_err(|e| e.to_string())?;
    Ok(labels.labels().to_vec())
}

/// Pixels `0..=255` as the network reads them: `value / 255` (what `load_mnist`
/// does with `normalize`), one image per row.
pub fn to_rows(pixels: &[u8]) -> Array2<f64> {
    let n = pixels.len() / PIXELS;
    Array2::from_shape_fn((n, PIXELS), |(i, j)| f64::from(pixels[i * PIXELS + j]) / 255.0)
}

/// The 28 × 28 image of a 280 × 280 canvas, given as its ink (0: paper, 255:
/// full ink), canvas row after row: each pixel is the mean ink of its 10 × 10
/// cell, divided by 255. A test image painted cell by cell comes back exactly.
pub fn from_canvas(ink: &[u8]) -> Option<Vec<f64>> {
    let side = 28 * SCALE;
    if ink.len() != side * side {
        return None;
    }
    let mut out = vec![0.0; PIXELS];
    for (k, value) in out.iter_mut().enumerate() {
        let (row, col) = (k / 28, k % 28);
        let mut sum = 0u32;
        for y in row * SCALE..(row + 1) * SCALE {
            let line = &ink[y * side + col * SCALE..y * side + (col + 1) * SCALE];
            sum += line.iter().map(|&v| u32::from(v)).sum::<u32>();
        }
        *value = f64::from(sum) / (SCALE * SCALE) as f64 / 255.0;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(magic: u32, sizes: &[u32], body: &[u8]) -> Vec<u8> {
        let mut v = magic.to_be_bytes().to_vec();
        for s in sizes {
            v.extend(s.to_be_bytes());
        }
        v.extend(body);
        v
    }

    #[test]
    fn files_parse_and_bad_files_are_named() {
        let images = idx(0x0803, &[1, 28, 28], &[7; 784]);
        assert_eq!(parse_images(&images).unwrap(), vec![7; 784]);
        assert_eq!(parse_labels(&idx(0x0801, &[2], &[3, 9])).unwrap(), vec![3, 9]);
        let short = parse_images(&images[..799]).unwrap_err();
        assert!(short.starts_with("images: truncated payload"), "{short}");
        assert!(short.ends_with("only 783 bytes follow"), "{short}");
        let cut = parse_images(&images[..6]).unwrap_err();
        assert!(cut.starts_with("images: truncated header"), "{cut}");
        let swapped = parse_labels(&images).unwrap_err();
        assert!(swapped.starts_with("labels: magic number 2051 is that of an image file"));
        let ten = parse_labels(&idx(0x0801, &[1], &[10])).unwrap_err();
        assert_eq!(ten, "labels: label 10 of sample 0 is not a digit 0..=9");
        let narrow = parse_images(&idx(0x0803, &[1, 28, 27], &[0; 756])).unwrap_err();
        assert!(narrow.contains("images are 28x27 pixels"), "{narrow}");
    }

    /// A test image painted into the canvas, 10 × 10 canvas pixels per image
    /// pixel, comes back as the very pixels `load_mnist` gives.
    #[test]
    fn a_painted_image_comes_back_exactly() {
        let image: Vec<u8> = (0..784).map(|k| (k * 37 % 256) as u8).collect();
        let side = 280;
        let mut canvas = vec![0u8; side * side];
        for y in 0..side {
            for x in 0..side {
                canvas[y * side + x] = image[(y / 10) * 28 + x / 10];
            }
        }
        let back = from_canvas(&canvas).unwrap();
        let expected = to_rows(&image);
        assert_eq!(back.as_slice(), expected.as_slice().unwrap());
        assert!(from_canvas(&canvas[1..]).is_none());
    }
}
