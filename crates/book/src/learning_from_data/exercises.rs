//! Exercises of chapter 1, "Learning from data": splitting data, a classifier
//! that only memorises, and a feature designed by hand.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 1.1` (or 1.2, 1.3). The solutions are at the bottom.

use std::collections::HashMap;

use ndarray::{ArrayView1, ArrayView2};

use crate::exercise::support::{close, digits};
use crate::exercise::{Check, Exercise, Failure, say, wrong};
use crate::plot::tr;

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "1.1",
        chapter: "learning-from-data",
        title: "Split the data: training and test",
        title_zh: "划分数据：训练数据和测试数据",
        yours: || check_1_1(train_test_split),
        solution: || check_1_1(solution::train_test_split),
    },
    Exercise {
        id: "1.2",
        chapter: "learning-from-data",
        title: "A classifier that only memorises",
        title_zh: "只会死记的分类器",
        yours: || check_1_2(memorise),
        solution: || check_1_2(solution::memorise),
    },
    Exercise {
        id: "1.3",
        chapter: "learning-from-data",
        title: "A feature designed by hand",
        title_zh: "人工设计的特征量",
        yours: || check_1_3(ink, zero_or_one),
        solution: || check_1_3(solution::ink, solution::zero_or_one),
    },
];

// ANCHOR: ex_1_1
/// Exercise 1.1: split the sample numbers `0..n` into training data and test data.
///
/// Shuffle `0..n` with `ChaCha8Rng::seed_from_u64(seed)` (write `use rand::SeedableRng;`,
/// `use rand::seq::SliceRandom;` and `use rand_chacha::ChaCha8Rng;` at the top of
/// the function: they give you `seed_from_u64` and `shuffle`), put the first
/// `(n as f64 * test_share).round()` shuffled numbers in the test set and the rest
/// in the training set, and return `(train, test)`. The same seed must give the
/// same split.
#[allow(unused_variables)] // until you write the body
pub fn train_test_split(n: usize, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    todo!("shuffle 0..n with a seeded ChaCha8Rng, then cut it in two")
}
// ANCHOR_END: ex_1_1

// ANCHOR: ex_1_2
/// Exercise 1.2: a "classifier" that learns by heart. For each row of `queries`,
/// return the label of a training image that is exactly equal to it, pixel for
/// pixel, or 0 (a guess) if no training image is.
///
/// Hint: an `f64` cannot be a `HashMap` key, but its bits can:
/// `row.iter().map(|p| p.to_bits()).collect::<Vec<u64>>()`.
#[allow(unused_variables)] // until you write the body
pub fn memorise(
    train_images: ArrayView2<f64>,
    train_labels: &[usize],
    queries: ArrayView2<f64>,
) -> Vec<usize> {
    todo!("remember every training image with its label, then look each query up")
}
// ANCHOR_END: ex_1_2

// ANCHOR: ex_1_3
/// Exercise 1.3, the feature (特征量): the share of the 784 pixels of `image` that
/// are brighter than 0.5 ("ink"), a number between 0 and 1.
#[allow(unused_variables)] // until you write the body
pub fn ink(image: &[f64]) -> f64 {
    todo!("count the pixels above 0.5, divide by the number of pixels")
}

/// Exercise 1.3, the rule: is `image` a 0 or a 1? Decide from `ink(image)` alone,
/// with a threshold you choose (the check prints what the training data suggests).
#[allow(unused_variables)] // until you write the body
pub fn zero_or_one(image: &[f64]) -> usize {
    todo!("compare ink(image) with a threshold")
}
// ANCHOR_END: ex_1_3

/// A way to split `n` samples: `(n, test_share, seed) → (train, test)`.
type Splitter = fn(usize, f64, u64) -> (Vec<usize>, Vec<usize>);

/// Checks a split: sizes, no sample lost or repeated, reproducible, shuffled.
fn check_1_1(split: Splitter) -> Check {
    for (n, share, seed) in [(100, 0.2, 1), (10, 0.25, 7), (5000, 0.2, 2026), (1, 0.0, 0)] {
        let (train, test) = split(n, share, seed);
        let call = format!("train_test_split({n}, {share}, {seed})");
        let test_size = (n as f64 * share).round() as usize;
        if test.len() != test_size || train.len() != n - test_size {
            return Err(wrong!(
                "{call}: expected {} training and {test_size} test samples, got {} and {}",
                "{call}：期望 {} 个训练样本和 {test_size} 个测试样本，得到 {} 个和 {} 个",
                n - test_size,
                train.len(),
                test.len()
            ));
        }
        let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
        all.sort_unstable();
        if all != (0..n).collect::<Vec<_>>() {
            return Err(wrong!(
                "{call}: together, train and test must hold every number of 0..{n} exactly once",
                "{call}：train 和 test 合起来必须恰好包含 0..{n} 中的每个数各一次"
            ));
        }
        if split(n, share, seed) != (train, test) {
            return Err(wrong!(
                "{call}: a second call gave another split; seed the generator",
                "{call}：再调用一次得到了另一种划分；请给随机数生成器设定种子"
            ));
        }
    }
    let (train, test) = split(100, 0.2, 1);
    if test == (0..20).collect::<Vec<_>>() || train == (20..100).collect::<Vec<_>>() {
        return Err(Failure::Wrong(
            tr(
                "train_test_split(100, 0.2, 1): the numbers are still in order; shuffle them",
                "train_test_split(100, 0.2, 1)：这些编号仍然按顺序排列；请把它们打乱",
            )
            .into(),
        ));
    }
    if split(100, 0.2, 2).1 == test {
        return Err(Failure::Wrong(
            tr(
                "train_test_split(100, 0.2, _): seeds 1 and 2 gave the same split",
                "train_test_split(100, 0.2, _)：种子 1 和种子 2 给出了相同的划分",
            )
            .into(),
        ));
    }
    Ok(say!(
        "train_test_split(100, 0.2, 1): {} training samples, test samples {:?}",
        "train_test_split(100, 0.2, 1)：{} 个训练样本，测试样本为 {:?}",
        train.len(),
        test
    ))
}

/// How many of the first training images the memoriser may learn (as the
/// overfitting experiment of the chapter, which trains on 300).
const MEMORISED: usize = 300;

/// A memoriser: `(training images, their labels, queries) → an answer per query`.
type Memoriser = fn(ArrayView2<f64>, &[usize], ArrayView2<f64>) -> Vec<usize>;

/// Checks the memoriser on the shipped MNIST subset: it must answer every training
/// image right, and every unseen image with the guess 0.
fn check_1_2(memorise: Memoriser) -> Check {
    let digits = digits()?;
    let train = digits.train.first(MEMORISED);
    let (train_images, train_labels) = (train.images_2d(), train.classes().to_vec());
    // What the check knows: the labels of the training images equal to each image.
    let mut known: HashMap<Vec<u64>, Vec<usize>> = HashMap::new();
    for (row, &label) in train_images.rows().into_iter().zip(&train_labels) {
        known.entry(bits(row)).or_default().push(label);
    }
    let mut accuracies = Vec::new();
    for (name, images, labels) in [
        ("training", train_images, &train_labels),
        ("test", digits.test.images_2d(), &digits.test.classes().to_vec()),
    ] {
        let guesses = memorise(train_images, &train_labels, images);
        let name_zh = tr(name, if name == "training" { "训练" } else { "测试" });
        if guesses.len() != images.nrows() {
            return Err(wrong!(
                "{} {name} images asked, {} answers returned",
                "问了 {} 张{name_zh}图像，却返回了 {} 个答案",
                images.nrows(),
                guesses.len()
            ));
        }
        for (i, (row, &guess)) in images.rows().into_iter().zip(&guesses).enumerate() {
            let allowed = known.get(&bits(row)).cloned().unwrap_or_else(|| vec![0]);
            if !allowed.contains(&guess) {
                let why = if known.contains_key(&bits(row)) {
                    tr("it is a training image with that label", "它是一张带有这个标签的训练图像")
                } else {
                    tr(
                        "no training image equals it, so the answer is the guess 0",
                        "没有与它相同的训练图像，所以答案应是猜的 0",
                    )
                };
                return Err(wrong!(
                    "{name} image {i}: expected {} ({why}), got {guess}",
                    "第 {i} 张{name_zh}图像：期望 {}（{why}），得到 {guess}",
                    allowed[0]
                ));
            }
        }
        let correct = guesses.iter().zip(labels).filter(|(g, l)| g == l).count();
        accuracies.push(correct as f64 / labels.len() as f64);
    }
    Ok(say!(
        "accuracy on its {MEMORISED} training images: {}; on {} test images: {} \
         (the share of 0s among them). Perfect on what it has seen, chance on the rest: \
         overfitting in its purest form.",
        "在它记住的 {MEMORISED} 张训练图像上，识别精度为 {}；在 {} 张测试图像上为 {}\
         （即其中 0 所占的比例）。见过的全对，没见过的全凭运气：这是最纯粹的过拟合。",
        accuracies[0],
        digits.test.len(),
        accuracies[1]
    ))
}

/// The bits of each pixel: an exact key for an image.
fn bits(row: ArrayView1<f64>) -> Vec<u64> {
    row.iter().map(|p| p.to_bits()).collect()
}

/// The accuracy the hand-designed rule must reach on the 0s and 1s of the test set.
const REQUIRED_ACCURACY: f64 = 0.9;

/// Checks the feature against its definition, then the rule on the 0s and 1s of
/// the test images.
fn check_1_3(ink: fn(&[f64]) -> f64, zero_or_one: fn(&[f64]) -> usize) -> Check {
    let digits = digits()?;
    let pixels = |images: ArrayView2<'_, f64>, i: usize| images.row(i).to_vec();
    // The feature, against a count done here.
    let train = digits.train.images_2d();
    for i in 0..5 {
        let image = pixels(train, i);
        let share = image.iter().filter(|&&p| p > 0.5).count() as f64 / image.len() as f64;
        let what = say!("ink(training image {i})", "ink(第 {i} 张训练图像)");
        close(&what, ink(&image), share, 1e-12)?;
    }
    // What the training data says about the feature: how much ink each digit uses.
    let labels = digits.train.classes();
    let sorted_inks = |digit: usize| {
        let mut inks: Vec<f64> = (0..labels.len())
            .filter(|&i| labels[i] == digit)
            .map(|i| ink(&pixels(train, i)))
            .collect();
        inks.sort_by(f64::total_cmp);
        inks
    };
    let (zeros, ones) = (sorted_inks(0), sorted_inks(1));
    let quantile = |inks: &[f64], q: f64| inks[((inks.len() - 1) as f64 * q).round() as usize];
    let hint = say!(
        "in the training images, 90% of the 1s have an ink below {:.3}, 90% of the 0s above {:.3} \
         (the medians are {:.3} for a 1 and {:.3} for a 0)",
        "在训练图像中，90% 的 1 墨水量低于 {:.3}，90% 的 0 墨水量高于 {:.3}\
         （1 的中位数是 {:.3}，0 的中位数是 {:.3}）",
        quantile(&ones, 0.9),
        quantile(&zeros, 0.1),
        quantile(&ones, 0.5),
        quantile(&zeros, 0.5)
    );
    // The rule, on the test images of 0s and 1s only.
    let test = digits.test.images_2d();
    let test_labels = digits.test.classes();
    let zeros_and_ones: Vec<usize> =
        (0..test_labels.len()).filter(|&i| test_labels[i] <= 1).collect();
    let mut correct = 0;
    for &i in &zeros_and_ones {
        let answer = zero_or_one(&pixels(test, i));
        if answer > 1 {
            return Err(wrong!(
                "zero_or_one(test image {i}) = {answer}; answer 0 or 1",
                "zero_or_one(第 {i} 张测试图像) = {answer}；只能回答 0 或 1"
            ));
        }
        correct += usize::from(answer == test_labels[i]);
    }
    let accuracy = correct as f64 / zeros_and_ones.len() as f64;
    let result = say!(
        "{correct} of the {} test images of 0s and 1s right: accuracy {accuracy:.3}",
        "{} 张 0 和 1 的测试图像中答对 {correct} 张：识别精度 {accuracy:.3}",
        zeros_and_ones.len()
    );
    if accuracy < REQUIRED_ACCURACY {
        return Err(wrong!(
            "{result}, below {REQUIRED_ACCURACY}; {hint}",
            "{result}，低于 {REQUIRED_ACCURACY}；{hint}"
        ));
    }
    Ok(say!("{result} ({hint})", "{result}。{hint}。"))
}

pub mod solution {
    use std::collections::HashMap;

    use ndarray::ArrayView2;

    // ANCHOR: ex_1_1_solution
    /// Exercise 1.1: split the sample numbers `0..n` into training data and test data.
    pub fn train_test_split(n: usize, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
        use rand::SeedableRng;
        use rand::seq::SliceRandom;
        use rand_chacha::ChaCha8Rng;

        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        let test_size = (n as f64 * test_share).round() as usize;
        let train = order.split_off(test_size); // order keeps the first test_size
        (train, order)
    }
    // ANCHOR_END: ex_1_1_solution

    // ANCHOR: ex_1_2_solution
    /// Exercise 1.2: a "classifier" that learns by heart.
    pub fn memorise(
        train_images: ArrayView2<f64>,
        train_labels: &[usize],
        queries: ArrayView2<f64>,
    ) -> Vec<usize> {
        let key = |row: ndarray::ArrayView1<f64>| -> Vec<u64> {
            row.iter().map(|p| p.to_bits()).collect()
        };
        let memory: HashMap<Vec<u64>, usize> = train_images
            .rows()
            .into_iter()
            .zip(train_labels)
            .map(|(row, &label)| (key(row), label))
            .collect();
        queries.rows().into_iter().map(|row| memory.get(&key(row)).copied().unwrap_or(0)).collect()
    }
    // ANCHOR_END: ex_1_2_solution

    // ANCHOR: ex_1_3_solution
    /// Exercise 1.3, the feature: the share of pixels brighter than 0.5.
    pub fn ink(image: &[f64]) -> f64 {
        let inked = image.iter().filter(|&&p| p > 0.5).count();
        inked as f64 / image.len() as f64
    }

    /// Exercise 1.3, the rule: a 1 uses little ink, a 0 much more.
    pub fn zero_or_one(image: &[f64]) -> usize {
        const THRESHOLD: f64 = 0.1;
        if ink(image) < THRESHOLD { 1 } else { 0 }
    }
    // ANCHOR_END: ex_1_3_solution
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_1_1_passes() {
        check_1_1(solution::train_test_split).unwrap();
    }

    #[test]
    fn an_unshuffled_split_is_rejected() {
        fn in_order(n: usize, share: f64, _seed: u64) -> (Vec<usize>, Vec<usize>) {
            let k = (n as f64 * share).round() as usize;
            ((k..n).collect(), (0..k).collect())
        }
        let err = check_1_1(in_order).unwrap_err().to_string();
        assert!(err.contains("still in order"), "{err}");
    }

    #[test]
    fn solution_1_2_passes() {
        let message = check_1_2(solution::memorise).unwrap();
        assert!(message.contains("training images: 1;"), "{message}");
    }

    #[test]
    fn a_memoriser_that_always_guesses_is_rejected() {
        let err = check_1_2(|_, _, q| vec![0; q.nrows()]).unwrap_err().to_string();
        assert!(err.starts_with("training image"), "{err}");
    }

    #[test]
    fn solution_1_3_passes() {
        check_1_3(solution::ink, solution::zero_or_one).unwrap();
    }

    #[test]
    fn a_rule_on_the_wrong_side_of_the_threshold_is_rejected() {
        let err = check_1_3(solution::ink, |image| usize::from(solution::ink(image) >= 0.1))
            .unwrap_err()
            .to_string();
        assert!(err.contains("90% of the 1s"), "{err}");
    }

    #[test]
    fn the_mistakes_are_named_in_chinese_too() {
        use crate::exercise::chinese_twin;
        fn in_order(n: usize, share: f64, _seed: u64) -> (Vec<usize>, Vec<usize>) {
            let k = (n as f64 * share).round() as usize;
            ((k..n).collect(), (0..k).collect())
        }
        assert!(chinese_twin(|| check_1_1(in_order)).contains("请把它们打乱"));
        let err = chinese_twin(|| check_1_2(|_, _, q| vec![0; q.nrows()]));
        assert!(err.starts_with("第 0 张训练图像：期望"), "{err}");
        let wrong_side = |image: &[f64]| usize::from(solution::ink(image) >= 0.1);
        let err = chinese_twin(|| check_1_3(solution::ink, wrong_side));
        assert!(err.contains("90% 的 1 墨水量低于"), "{err}");
    }
}
