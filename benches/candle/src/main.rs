//! Chapter 5's full run as a candle user would write it: the 784-50-10 network
//! (sigmoid, softmax with cross-entropy) as two `candle_nn::Linear` layers, its
//! gradient by candle's autograd, `candle_nn::SGD` with learning rate 0.1;
//! 10000 updates on mini-batches of 100 drawn with replacement, the loss on the
//! batch recomputed after each update, and the accuracy on all 60000 training
//! and 10000 test images every 600 updates (17 evaluations): the same work as
//! `nnlearn train` and `benches/numpy_full_run.py`.
//!
//! Usage: nnlearn-candle-peer /path/to/mnist [--float32]
//!
//! The weights start as in the NumPy original, 0.01 times standard normal draws
//! and zero biases (candle's own default would be Kaiming's uniform draws);
//! candle's CPU device cannot be seeded, so the draws differ from run to run
//! (the time does not depend on them).

use std::path::Path;
use std::time::Instant;

use candle_core::{D, DType, Device, Result, Tensor};
use candle_nn::{Init, Linear, Module, Optimizer, SGD, VarBuilder, VarMap, loss, ops};
use rand::{Rng, SeedableRng, rngs::StdRng};

const ITERATIONS: usize = 10_000;
const BATCH: usize = 100;
const LEARNING_RATE: f64 = 0.1;
const EVERY: usize = 600;

/// An IDX file's payload after its header, checked against the magic number
/// the format gives for unsigned bytes of `dims` dimensions.
fn idx(path: &Path, dims: u8) -> std::result::Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let header = 4 + 4 * usize::from(dims);
    if bytes.len() < header || bytes[..4] != [0, 0, 8, dims] {
        return Err(format!(
            "{}: not an IDX file of unsigned bytes in {dims} dimensions",
            path.display()
        ));
    }
    Ok(bytes[header..].to_vec())
}

/// Images as `n × 784` numbers `b / 255` and labels as `u32`, on `device`.
fn load(dir: &Path, set: &str, dtype: DType, device: &Device) -> Result<(Tensor, Tensor)> {
    let images =
        idx(&dir.join(format!("{set}-images-idx3-ubyte")), 3).map_err(candle_core::Error::msg)?;
    let labels =
        idx(&dir.join(format!("{set}-labels-idx1-ubyte")), 1).map_err(candle_core::Error::msg)?;
    let n = labels.len();
    let x = (Tensor::from_vec(images, (n, 784), device)?.to_dtype(dtype)? / 255.0)?;
    let t = Tensor::from_vec(labels, n, device)?.to_dtype(DType::U32)?;
    Ok((x, t))
}

struct TwoLayerNet {
    affine1: Linear,
    affine2: Linear,
}

impl TwoLayerNet {
    fn new(vb: VarBuilder) -> Result<Self> {
        let normal = Init::Randn { mean: 0.0, stdev: 0.01 };
        let zero = Init::Const(0.0);
        let layer = |vb: VarBuilder, inputs: usize, outputs: usize| -> Result<Linear> {
            let w = vb.get_with_hints((outputs, inputs), "weight", normal)?;
            let b = vb.get_with_hints(outputs, "bias", zero)?;
            Ok(Linear::new(w, Some(b)))
        };
        Ok(Self {
            affine1: layer(vb.pp("affine1"), 784, 50)?,
            affine2: layer(vb.pp("affine2"), 50, 10)?,
        })
    }
}

impl Module for TwoLayerNet {
    /// The scores before the softmax (the loss applies it).
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let hidden = ops::sigmoid(&self.affine1.forward(x)?)?;
        self.affine2.forward(&hidden)
    }
}

fn accuracy(net: &TwoLayerNet, x: &Tensor, t: &Tensor) -> Result<f64> {
    let predicted = net.forward(x)?.argmax(D::Minus1)?;
    let right = predicted.eq(t)?.to_dtype(DType::F64)?.sum_all()?.to_scalar::<f64>()?;
    Ok(right / t.dim(0)? as f64)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dtype = if args.iter().any(|a| a == "--float32") { DType::F32 } else { DType::F64 };
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: nnlearn-candle-peer /path/to/mnist [--float32]");
        std::process::exit(2);
    };
    let device = Device::Cpu;
    let dir = Path::new(dir);
    let (x_train, t_train) = load(dir, "train", dtype, &device)?;
    let (x_test, t_test) = load(dir, "t10k", dtype, &device)?;
    let train_size = t_train.dim(0)?;

    let start = Instant::now();
    let varmap = VarMap::new();
    let net = TwoLayerNet::new(VarBuilder::from_varmap(&varmap, dtype, &device))?;
    let mut sgd = SGD::new(varmap.all_vars(), LEARNING_RATE)?;
    let mut rng = StdRng::seed_from_u64(0);
    let mut losses = Vec::with_capacity(ITERATIONS);
    let mut accuracies = Vec::new();
    for i in 0..ITERATIONS {
        let mask: Vec<u32> = (0..BATCH).map(|_| rng.random_range(0..train_size as u32)).collect();
        let mask = Tensor::from_vec(mask, BATCH, &device)?;
        let (x, t) = (x_train.index_select(&mask, 0)?, t_train.index_select(&mask, 0)?);
        sgd.backward_step(&loss::cross_entropy(&net.forward(&x)?, &t)?)?;
        let after = loss::cross_entropy(&net.forward(&x)?, &t)?;
        losses.push(after.to_dtype(DType::F64)?.to_scalar::<f64>()?);
        if i % EVERY == 0 {
            accuracies
                .push((accuracy(&net, &x_train, &t_train)?, accuracy(&net, &x_test, &t_test)?));
        }
    }
    let (train, test) = accuracies[accuracies.len() - 1];
    println!(
        "candle {dtype:?}: {:.2} s, {} evaluations, last loss {:.4}, final train/test accuracy {train:.4} {test:.4}",
        start.elapsed().as_secs_f64(),
        accuracies.len(),
        losses[ITERATIONS - 1],
    );
    Ok(())
}
