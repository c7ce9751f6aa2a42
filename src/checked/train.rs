//! [`crate::train`] with its configuration and data checked before it starts:
//! an empty data set, a batch of 0 images or more images than there are, a hidden
//! layer of 0 neurons, a learning rate that is not a positive finite number,
//! evaluations every 0 iterations, images and targets of different counts or
//! widths, a NaN or infinite pixel or target (image, position and value named).

use ndarray::Array2;

use crate::train::{self, Data, Diverged, TrainConfig, TrainLog};
use crate::two_layer_net::TwoLayerNet;

/// Why a run could not start, or stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    // Not `#[from]`, which would also make it the source: the message already
    // holds it, and a report of the whole chain would say it twice.
    #[error("invalid configuration: {0}")]
    Config(ConfigError),
    #[error(transparent)]
    Diverged(#[from] Diverged),
}

impl From<ConfigError> for TrainError {
    fn from(e: ConfigError) -> Self {
        TrainError::Config(e)
    }
}

/// What is wrong with a configuration or its data, found before training: each
/// message names the value at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("the training set is empty")]
    EmptyTrainingSet,
    #[error("the test set is empty")]
    EmptyTestSet,
    #[error("batch size 0: a mini-batch needs at least one image")]
    EmptyBatch,
    #[error("batch size {batch_size} is larger than the training set ({train_size} images)")]
    BatchTooLarge { batch_size: usize, train_size: usize },
    #[error("hidden size 0: the hidden layer needs at least one neuron")]
    NoHiddenNeuron,
    #[error("learning rate {0} must be a positive finite number")]
    LearningRate(f64),
    #[error("evaluating every 0 iterations is not possible")]
    EvaluateEveryZero,
    #[error("the {set} set has {images} images but {targets} targets")]
    Counts { set: &'static str, images: usize, targets: usize },
    #[error(
        "the {set} set has images of {image_width} values and targets of {target_width}; the network takes images of {IMAGE_WIDTH} and targets of {CLASSES}"
    )]
    Widths { set: &'static str, image_width: usize, target_width: usize },
    /// A NaN or infinite value: in which set, an image or a target, its row,
    /// column and value.
    #[error("{set} {what} {row} holds {value} at position {column}")]
    NotFinite { set: &'static str, what: &'static str, row: usize, column: usize, value: f64 },
    #[error(
        "a validation set of {validation_size} images out of {train_size} training images: it needs at least one, and fewer than {train_size}"
    )]
    ValidationSize { validation_size: usize, train_size: usize },
    /// A training loop that offers fewer gradient methods than the chapter's
    /// (the fast path of `nnlearn-fast` computes by backpropagation only).
    #[error("the {path} computes the gradient by backpropagation only")]
    BackpropagationOnly { path: &'static str },
}

/// The width of an image (28 × 28 pixels) and of a one-hot target (10 digits):
/// the network of chapter 5 is 784-`hidden`-10, as in the original.
pub const IMAGE_WIDTH: usize = 784;
pub const CLASSES: usize = 10;

/// [`train::train`], checked: the configuration and the data first; and a run
/// whose loss stops being a number is reported with the iteration where it
/// happened, instead of a log of NaN.
pub fn train(config: &TrainConfig, data: &Data) -> Result<(TwoLayerNet, TrainLog), TrainError> {
    validate_data(config, data)?;
    let (network, log) = train::train(config, data);
    match log.train_loss_list.iter().position(|loss| !loss.is_finite()) {
        Some(iteration) => {
            let loss = log.train_loss_list[iteration];
            Err(TrainError::Diverged(Diverged { iteration, loss }))
        }
        None => Ok((network, log)),
    }
}

/// [`train::validation_split`], checked: the validation images must be at least
/// one, and fewer than the training images.
pub fn validation_split(data: &Data, validation_size: usize) -> Result<Data, ConfigError> {
    let train_size = data.x_train.nrows();
    if validation_size == 0 || validation_size >= train_size {
        return Err(ConfigError::ValidationSize { validation_size, train_size });
    }
    Ok(train::validation_split(data, validation_size))
}

/// Checks the configuration against the sizes of the data, naming what is wrong.
pub fn validate(
    config: &TrainConfig,
    train_size: usize,
    test_size: usize,
) -> Result<(), ConfigError> {
    let batch_size = config.batch_size;
    if train_size == 0 {
        return Err(ConfigError::EmptyTrainingSet);
    }
    if test_size == 0 {
        return Err(ConfigError::EmptyTestSet);
    }
    if batch_size == 0 {
        return Err(ConfigError::EmptyBatch);
    }
    if batch_size > train_size {
        return Err(ConfigError::BatchTooLarge { batch_size, train_size });
    }
    if config.hidden_size == 0 {
        return Err(ConfigError::NoHiddenNeuron);
    }
    if !(config.learning_rate.is_finite() && config.learning_rate > 0.0) {
        return Err(ConfigError::LearningRate(config.learning_rate));
    }
    if config.eval_every == Some(0) {
        return Err(ConfigError::EvaluateEveryZero);
    }
    Ok(())
}

/// Checks the data as well: images 784 wide and targets 10 wide, as many targets
/// as images, and no NaN or infinite value (which would otherwise turn every loss
/// into NaN, silently).
pub fn validate_data(config: &TrainConfig, data: &Data) -> Result<(), ConfigError> {
    validate(config, data.x_train.nrows(), data.x_test.nrows())?;
    for (set, x, t) in
        [("training", &data.x_train, &data.t_train), ("test", &data.x_test, &data.t_test)]
    {
        if x.nrows() != t.nrows() {
            return Err(ConfigError::Counts { set, images: x.nrows(), targets: t.nrows() });
        }
        if x.ncols() != IMAGE_WIDTH || t.ncols() != CLASSES {
            let (image_width, target_width) = (x.ncols(), t.ncols());
            return Err(ConfigError::Widths { set, image_width, target_width });
        }
        for (what, a) in [("image", x), ("target", t)] {
            if let Some((row, column, value)) = first_non_finite(a) {
                return Err(ConfigError::NotFinite { set, what, row, column, value });
            }
        }
    }
    Ok(())
}

/// The first NaN or infinite value of `a`, as (row, column, value).
fn first_non_finite(a: &Array2<f64>) -> Option<(usize, usize, f64)> {
    a.indexed_iter().find(|(_, v)| !v.is_finite()).map(|((row, col), &v)| (row, col, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::one_hot;

    fn data(train: usize, test: usize) -> Data {
        let images =
            |n: usize| Array2::from_shape_fn((n, 784), |(i, j)| ((i + j) % 7) as f64 / 7.0);
        let targets = |n: usize| one_hot(&(0..n).map(|i| i % 10).collect::<Vec<_>>(), 10);
        Data {
            x_train: images(train),
            t_train: targets(train),
            x_test: images(test),
            t_test: targets(test),
        }
    }

    #[test]
    fn bad_configurations_are_named() {
        let data = data(50, 10);
        let base = TrainConfig { batch_size: 10, iters_num: 2, ..TrainConfig::default() };
        let cases = [
            (
                TrainConfig { batch_size: 51, ..base.clone() },
                "batch size 51 is larger than the training set (50 images)",
            ),
            (TrainConfig { hidden_size: 0, ..base.clone() }, "hidden size 0"),
            (
                TrainConfig { learning_rate: -1.0, ..base.clone() },
                "learning rate -1 must be a positive finite number",
            ),
            (TrainConfig { learning_rate: f64::NAN, ..base.clone() }, "learning rate NaN"),
            (TrainConfig { learning_rate: f64::INFINITY, ..base.clone() }, "learning rate inf"),
            (TrainConfig { batch_size: 0, ..base.clone() }, "batch size 0"),
            (TrainConfig { eval_every: Some(0), ..base.clone() }, "every 0 iterations"),
        ];
        for (config, expected) in cases {
            let err = train(&config, &data).unwrap_err();
            assert!(err.to_string().contains(expected), "{err}");
        }
        assert!(train(&base, &data).is_ok());
    }

    #[test]
    fn data_with_nan_or_mismatched_shapes_is_rejected_before_training() {
        let config = TrainConfig { batch_size: 10, iters_num: 5, ..TrainConfig::default() };
        let mut bad = data(50, 10);
        bad.x_train[[7, 3]] = f64::NAN;
        let err = train(&config, &bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: training image 7 holds NaN at position 3"
        );
        // A caller can tell the kind of mistake, and where it is, without reading the text.
        let TrainError::Config(ConfigError::NotFinite { set, what, row, column, value }) = err
        else {
            panic!("{err:?}")
        };
        assert_eq!((set, what, row, column), ("training", "image", 7, 3));
        assert!(value.is_nan());
        // Its message holds the mistake; no source repeats it in a report of the chain.
        assert!(std::error::Error::source(&train(&config, &bad).unwrap_err()).is_none());
        let mut short = data(50, 10);
        short.t_test = short.t_test.select(ndarray::Axis(0), &[0, 1, 2, 3, 4, 5, 6, 7, 8]);
        let err = train(&config, &short).unwrap_err();
        assert!(err.to_string().contains("the test set has 10 images but 9 targets"), "{err}");
        let mut narrow = data(50, 10);
        narrow.x_train = Array2::zeros((50, 8));
        let err = train(&config, &narrow).unwrap_err();
        assert!(err.to_string().contains("images of 8 values"), "{err}");
        let empty = data(0, 10);
        let err = train(&config, &empty).unwrap_err();
        assert!(err.to_string().contains("the training set is empty"), "{err}");
    }

    #[test]
    fn a_validation_split_needs_images_on_both_sides() {
        let d = data(50, 10);
        let err = validation_split(&d, 0).unwrap_err();
        assert_eq!(err, ConfigError::ValidationSize { validation_size: 0, train_size: 50 });
        assert!(err.to_string().contains("needs at least one"), "{err}");
        assert!(validation_split(&d, 50).unwrap_err().to_string().contains("fewer than 50"));
        assert_eq!(validation_split(&d, 10).unwrap().x_test.nrows(), 10);
    }

    #[test]
    fn divergence_comes_through() {
        let config = TrainConfig {
            batch_size: 10,
            iters_num: 100,
            learning_rate: f64::MAX,
            hidden_size: 4,
            ..TrainConfig::default()
        };
        let err = train(&config, &data(50, 10)).unwrap_err();
        assert!(matches!(err, TrainError::Diverged(d) if d.iteration < 10), "{err}");
    }
}
