//! The widgets' code, run natively, against the book's own records: the
//! network they load is the full run's, their reading of the shipped digits is
//! `load_mnist`'s, and a test image painted into the canvas gets the answer
//! the full run recorded for it. (tools/bookcheck checks the same in Chromium,
//! on the module compiled to WebAssembly.)

use mnist::{
    TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, find_file, read_idx_images, read_idx_labels, subset_dir,
};
use nnlearn::argmax::argmax;
use nnlearn_book::layout::run_dir;
use nnlearn_book::learning_algorithm::runs::RunRecord;
use nnlearn_widgets::{digits, network};

fn weights() -> nnlearn::two_layer_net::TwoLayerNet {
    let text = std::fs::read_to_string(run_dir("full").join("weights.txt")).unwrap();
    network::parse_weights(&text).unwrap()
}

#[test]
fn the_widget_reads_the_full_runs_network_bit_for_bit() {
    let record = RunRecord::read_from(&run_dir("full")).unwrap();
    assert_eq!(weights(), record.trained.expect("the full run keeps its network").network);
}

#[test]
fn the_page_reads_the_full_runs_network_bit_for_bit_from_its_binary_file() {
    let text = std::fs::read_to_string(run_dir("full").join("weights.txt")).unwrap();
    let bin = bookops::widgets::weights_bin(&text).unwrap();
    let net = network::parse_weights_bin(&bin).unwrap();
    // Compared as bits (`==` on f64 would also let -0.0 pass for 0.0).
    let bits = |n: &nnlearn::two_layer_net::TwoLayerNet| -> Vec<u64> {
        let p = &n.params;
        p.w1.iter().chain(&p.b1).chain(&p.w2).chain(&p.b2).map(|v| v.to_bits()).collect()
    };
    let record = RunRecord::read_from(&run_dir("full")).unwrap();
    let recorded = record.trained.expect("the full run keeps its network").network;
    assert_eq!(bits(&net), bits(&recorded));
    assert_eq!(net, recorded);
    // 784-50-10: 39,760 values of 8 bytes and a header of 16, 38 % of the text.
    assert_eq!(bin.len(), 16 + 39_760 * 8);
    assert!(bin.len() * 100 / text.len() <= 38, "{} of {}", bin.len(), text.len());
}

#[test]
fn the_widget_reads_the_shipped_digits_as_load_mnist_does() {
    let dir = subset_dir();
    for name in [TRAIN_IMAGES, TEST_IMAGES] {
        let images = read_idx_images(find_file(&dir, name).unwrap()).unwrap();
        let parsed = digits::parse_images(&images.to_idx_bytes()).unwrap();
        assert_eq!(parsed, images.pixels(), "{name}");
    }
    let labels = read_idx_labels(find_file(&dir, TEST_LABELS).unwrap()).unwrap();
    assert_eq!(digits::parse_labels(&labels.to_idx_bytes()).unwrap(), labels.labels());
    let (_, test) = mnist::load_mnist(
        &dir,
        mnist::LoadOptions { normalize: true, flatten: true, one_hot_label: true },
    )
    .unwrap();
    let images = read_idx_images(find_file(&dir, TEST_IMAGES).unwrap()).unwrap();
    assert_eq!(digits::to_rows(images.pixels()), test.images_2d());
}

/// Every shipped test image (the first 1000 of MNIST's), painted into the
/// canvas as the page paints it, gets the answer that the full run recorded in
/// `book/runs/full/test-answers.txt`.
#[test]
fn painted_test_images_get_the_recorded_answers() {
    let net = weights();
    let record = RunRecord::read_from(&run_dir("full")).unwrap();
    let answers = record.trained.unwrap().test_answers;
    let dir = subset_dir();
    let images = read_idx_images(find_file(&dir, TEST_IMAGES).unwrap()).unwrap();
    let labels = read_idx_labels(find_file(&dir, TEST_LABELS).unwrap()).unwrap();
    for (k, recorded) in answers.iter().enumerate().take(images.len()) {
        let image = images.image(k);
        let side = 28 * digits::SCALE;
        let canvas: Vec<u8> =
            (0..side * side).map(|i| image[(i / side / 10) * 28 + (i % side) / 10]).collect();
        let pixels = digits::from_canvas(&canvas).unwrap();
        let p = network::probabilities(&net, &pixels).unwrap();
        let answer = argmax(&ndarray::ArrayView1::from(&p));
        assert_eq!((labels.labels()[k], answer as u8), *recorded, "test image {k}");
    }
}
