//! Digits in the page: the MNIST files the trainer learns from (IDX, as shipped
//! in `data/mnist-subset/`, unzipped by the browser), and a drawing on the
//! canvas turned into the 28 × 28 pixels the network reads.
#![forbid(unsafe_code)]

use ndarray::Array2;

/// Pixels of one image: 28 × 28.
pub const PIXELS: usize = 784;
/// The canvas is the image at this many canvas pixels per image pixel.
pub const SCALE: usize = 10;

/// The images of an IDX image file (magic 2051), one row of 784 bytes each.
pub fn parse_images(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let (dims, body) = parse_idx(bytes, 0x0803, 3, "images")?;
    if dims[1] != 28 || dims[2] != 28 {
        return Err(format!("images: {} × {} pixels, expected 28 × 28", dims[1], dims[2]));
    }
    Ok(body.to_vec())
}

/// The labels of an IDX label file (magic 2049), each below 10.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let (_, body) = parse_idx(bytes, 0x0801, 1, "labels")?;
    if let Some(i) = body.iter().position(|&l| l > 9) {
        return Err(format!("labels: label {i} is {}, not a digit", body[i]));
    }
    Ok(body.to_vec())
}

/// The sizes and the payload of an IDX file of unsigned bytes.
fn parse_idx<'a>(
    bytes: &'a [u8],
    magic: u32,
    dims: usize,
    what: &str,
) -> Result<(Vec<usize>, &'a [u8]), String> {
    let word = |i: usize| -> Option<u32> {
        Some(u32::from_be_bytes(bytes.get(4 * i..4 * i + 4)?.try_into().ok()?))
    };
    let found = word(0).ok_or_else(|| format!("{what}: {} bytes, no IDX header", bytes.len()))?;
    if found != magic {
        return Err(format!("{what}: magic number {found:#x}, expected {magic:#x}"));
    }
    let sizes: Vec<usize> = (1..=dims)
        .map(|i| word(i).map(|w| w as usize))
        .collect::<Option<_>>()
        .ok_or_else(|| format!("{what}: the header is cut short"))?;
    let header = 4 * (dims + 1);
    let want = sizes.iter().product::<usize>();
    let body = &bytes[header..];
    if body.len() != want {
        return Err(format!("{what}: {} bytes of data, the header announces {want}", body.len()));
    }
    Ok((sizes, body))
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
        let short = &images[..799];
        assert!(
            parse_images(short)
                .unwrap_err()
                .contains("783 bytes of data, the header announces 784")
        );
        assert!(parse_images(&images[..6]).unwrap_err().contains("cut short"));
        assert!(parse_labels(&images).unwrap_err().contains("magic number 0x803"));
        assert!(parse_labels(&idx(0x0801, &[1], &[10])).unwrap_err().contains("label 0 is 10"));
        assert!(
            parse_images(&idx(0x0803, &[1, 28, 27], &[0; 756])).unwrap_err().contains("28 × 27")
        );
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
