//! The functions the page's JavaScript calls (`book/widgets/widgets.js`), and
//! the buffers through which numbers and files go in and out.
//!
//! The calling convention is the simplest WebAssembly has: numbers in, numbers
//! out. Larger inputs (a file, the canvas) are written by the JavaScript into
//! [`nn_bytes`]' buffer before the call; larger results are left in the output
//! buffer ([`nn_out_ptr`], [`nn_out_len`]), and an error's text in the message
//! buffer. The page reads both as views of the module's memory.
//!
//! `#[unsafe(no_mangle)]` is how a function becomes an export of the module
//! under its own name; it is the only thing here the `unsafe_code` lint
//! counts, and there is no `unsafe` block. The names start with `nn_` so that
//! they clash with nothing when this crate is linked natively, for its tests.

use std::cell::RefCell;

use nnlearn::loss::one_hot;
use nnlearn::train::{Data, TrainConfig};
use nnlearn::two_layer_net::TwoLayerNet;

use crate::descent::{self, Surface};
use crate::digits::{self, PIXELS};
use crate::own_function::OwnFunction;
use crate::trainer::Trainer;
use crate::{losses, network, secants};

/// What the module keeps between calls (a page has one thread).
#[derive(Default)]
struct State {
    bytes: Vec<u8>,
    out: Vec<f64>,
    message: String,
    network: Option<TwoLayerNet>,
    /// The shipped digits: training images, labels, test images, labels.
    data: [Vec<u8>; 4],
    trainer: Option<Trainer>,
    /// Chapter 3: the reader's own function.
    own: Option<OwnFunction>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn with<T>(f: impl FnOnce(&mut State) -> T) -> T {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

/// Sets the output buffer; returns 0.
fn output(values: Vec<f64>) -> i32 {
    with(|s| s.out = values);
    0
}

/// Sets the message buffer; returns 1 (the failure code of every export).
fn fail(message: String) -> i32 {
    with(|s| s.message = message);
    1
}

/// A buffer of `len` bytes for the page to fill before the next call.
#[unsafe(no_mangle)]
pub extern "C" fn nn_bytes(len: usize) -> *mut u8 {
    with(|s| {
        s.bytes.clear();
        s.bytes.resize(len, 0);
        s.bytes.as_mut_ptr()
    })
}

/// Where the last results are (`f64`s).
#[unsafe(no_mangle)]
pub extern "C" fn nn_out_ptr() -> *const f64 {
    with(|s| s.out.as_ptr())
}

/// How many results there are.
#[unsafe(no_mangle)]
pub extern "C" fn nn_out_len() -> usize {
    with(|s| s.out.len())
}

/// Where the last error's text is (UTF-8).
#[unsafe(no_mangle)]
pub extern "C" fn nn_message_ptr() -> *const u8 {
    with(|s| s.message.as_ptr())
}

/// The length of the last error's text, in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn nn_message_len() -> usize {
    with(|s| s.message.len())
}

/// Chapter 2: [`losses::values`] for the probability `p` of the correct class.
#[unsafe(no_mangle)]
pub extern "C" fn nn_losses(p: f64) -> i32 {
    output(losses::values(p))
}

/// Chapter 2: [`losses::slopes`], the slopes of both losses with respect to
/// the score of the correct class, for probability `p`.
#[unsafe(no_mangle)]
pub extern "C" fn nn_loss_slopes(p: f64) -> i32 {
    output(losses::slopes(p).to_vec())
}

/// Chapter 3: [`secants::values`] at `x` with step `h`.
#[unsafe(no_mangle)]
pub extern "C" fn nn_secants(x: f64, h: f64) -> i32 {
    output(secants::values(x, h))
}

/// Chapter 3: parses the reader's function of x, written as UTF-8 into the
/// byte buffer; 1 with the reason if it cannot be used.
#[unsafe(no_mangle)]
pub extern "C" fn nn_own_parse() -> i32 {
    let parsed = with(|s| {
        let text = String::from_utf8_lossy(&s.bytes).into_owned();
        OwnFunction::parse(&text)
    });
    match parsed {
        Ok(f) => {
            with(|s| s.own = Some(f));
            output(Vec::new())
        }
        Err(e) => {
            with(|s| s.own = None);
            fail(e)
        }
    }
}

/// Chapter 3: [`OwnFunction::values`] of the parsed function at `x`, step `h`.
#[unsafe(no_mangle)]
pub extern "C" fn nn_own_values(x: f64, h: f64) -> i32 {
    match with(|s| s.own.as_ref().map(|f| f.values(x, h))) {
        Some(Ok(v)) => output(v),
        Some(Err(e)) => fail(e),
        None => fail("no function parsed yet".into()),
    }
}

/// Chapter 3: [`OwnFunction::error_curve`] at `x`, for the steps of
/// [`curve_steps`](crate::own_function::curve_steps).
#[unsafe(no_mangle)]
pub extern "C" fn nn_own_curve(x: f64) -> i32 {
    let hs = crate::own_function::curve_steps();
    match with(|s| s.own.as_ref().map(|f| f.error_curve(x, &hs))) {
        Some(v) => output(v),
        None => fail("no function parsed yet".into()),
    }
}

/// Chapter 4: the value of surface `surface` (0: bowl, 1: landscape, 2:
/// elongated bowl) at a point.
#[unsafe(no_mangle)]
pub extern "C" fn nn_surface(surface: u32, x0: f64, x1: f64) -> f64 {
    Surface::from_number(surface).map_or(f64::NAN, |s| s.value(x0, x1))
}

/// Chapter 4: [`descent::step_factors`] of a bowl for learning rate `lr`, in
/// the output buffer; 1 with a message for the landscape.
#[unsafe(no_mangle)]
pub extern "C" fn nn_step_factors(surface: u32, lr: f64) -> i32 {
    match Surface::from_number(surface).and_then(|s| descent::step_factors(s, lr)) {
        Some(v) => output(v.to_vec()),
        None => fail(format!("surface {surface} is not a bowl")),
    }
}

/// Chapter 4: the descent's points in the output buffer. Returns -1 when it
/// ran every step, the step where it stopped when the function overflowed, or
/// -2 with a message for parameters the command line would refuse too.
#[unsafe(no_mangle)]
pub extern "C" fn nn_descent(surface: u32, x0: f64, x1: f64, lr: f64, steps: u32) -> i32 {
    let Some(surface) = Surface::from_number(surface) else {
        fail(format!("no surface number {surface}"));
        return -2;
    };
    match descent::path(surface, [x0, x1], lr, steps as usize) {
        Some((points, stopped)) => {
            output(points);
            stopped.map_or(-1, |step| step as i32)
        }
        None => {
            fail(format!(
                "lr = {lr} must be a positive finite number and steps = {steps} at most {}",
                descent::MAX_STEPS
            ));
            -2
        }
    }
}

/// Chapter 5: reads the full run's network (`weights.bin`, in the byte buffer).
#[unsafe(no_mangle)]
pub extern "C" fn nn_load_network() -> i32 {
    let parsed = with(|s| network::parse_weights_bin(&s.bytes));
    match parsed {
        Ok(net) => with(|s| {
            s.network = Some(net);
            0
        }),
        Err(e) => fail(e),
    }
}

/// Chapter 5: the canvas's ink (280 × 280 bytes, in the byte buffer) as the
/// network sees it, and its answer: 784 pixels, then 10 probabilities.
#[unsafe(no_mangle)]
pub extern "C" fn nn_predict_canvas() -> i32 {
    let result = with(|s| {
        let net = s.network.as_ref().ok_or("the network is not loaded")?;
        let pixels = digits::from_canvas(&s.bytes).ok_or("the canvas must be 280 × 280")?;
        let probabilities = network::probabilities(net, &pixels).ok_or("784 pixels expected")?;
        Ok::<_, &str>([pixels, probabilities].concat())
    });
    match result {
        Ok(values) => output(values),
        Err(e) => fail(e.to_string()),
    }
}

/// Chapter 5: reads one of the shipped MNIST files (unzipped, in the byte
/// buffer): 0 training images, 1 training labels, 2 test images, 3 test labels.
#[unsafe(no_mangle)]
pub extern "C" fn nn_load_data(part: u32) -> i32 {
    let parsed = with(|s| match part {
        0 | 2 => digits::parse_images(&s.bytes),
        1 | 3 => digits::parse_labels(&s.bytes),
        _ => Err(format!("no data part {part}")),
    });
    match parsed {
        Ok(v) => with(|s| {
            s.data[part as usize] = v;
            0
        }),
        Err(e) => fail(e),
    }
}

/// Chapter 5: test image `k` (784 pixels `0..=255`, then its label).
#[unsafe(no_mangle)]
pub extern "C" fn nn_test_image(k: u32) -> i32 {
    let k = k as usize;
    let image = with(|s| {
        let pixels = s.data[2].get(k * PIXELS..(k + 1) * PIXELS)?;
        let label = *s.data[3].get(k)?;
        Some(pixels.iter().map(|&p| f64::from(p)).chain([f64::from(label)]).collect())
    });
    match image {
        Some(values) => output(values),
        None => fail(format!("no test image {k} (are the test files loaded?)")),
    }
}

/// Chapter 5: a new training run on the shipped digits, with the reader's
/// hyperparameters (and the book's seed).
#[unsafe(no_mangle)]
pub extern "C" fn nn_trainer_new(learning_rate: f64, hidden_size: u32, batch_size: u32) -> i32 {
    let data = with(|s| {
        let [xi, xl, ti, tl] = &s.data;
        let complete =
            !xi.is_empty() && xi.len() == xl.len() * PIXELS && ti.len() == tl.len() * PIXELS;
        complete.then(|| Data {
            x_train: digits::to_rows(xi),
            t_train: one_hot(&xl.iter().map(|&l| usize::from(l)).collect::<Vec<_>>(), 10),
            x_test: digits::to_rows(ti),
            t_test: one_hot(&tl.iter().map(|&l| usize::from(l)).collect::<Vec<_>>(), 10),
        })
    });
    let Some(data) = data else {
        return fail("the training and test files are not loaded".to_string());
    };
    let (hidden_size, batch_size) = (hidden_size as usize, batch_size as usize);
    if !(learning_rate.is_finite() && learning_rate > 0.0) {
        return fail(format!("learning rate {learning_rate}: must be a positive finite number"));
    }
    if hidden_size == 0 || batch_size == 0 || batch_size > data.x_train.nrows() {
        return fail(format!(
            "hidden size {hidden_size} must be at least 1 and batch size {batch_size} between 1 and {}",
            data.x_train.nrows()
        ));
    }
    let config = TrainConfig { learning_rate, hidden_size, batch_size, ..TrainConfig::default() };
    with(|s| s.trainer = Some(Trainer::new(config, data)));
    0
}

/// Runs up to `n` iterations, stopping early when an evaluation is due;
/// returns how many ran.
#[unsafe(no_mangle)]
pub extern "C" fn nn_trainer_step(n: u32) -> u32 {
    with(|s| {
        let Some(t) = s.trainer.as_mut() else { return 0 };
        let mut done = 0;
        while done < n && !t.evaluating() {
            t.step();
            done += 1;
        }
        done
    })
}

/// Counts up to `rows` images of the evaluation under way; returns the rows left.
#[unsafe(no_mangle)]
pub extern "C" fn nn_trainer_evaluate(rows: u32) -> u32 {
    with(|s| s.trainer.as_mut().map_or(0, |t| t.evaluate(rows as usize) as u32))
}

/// The run so far: `[iterations, evaluating (0 or 1), L, E]`, then the `L`
/// losses from iteration `from` on, then the `E` evaluations as `train
/// accuracy, test accuracy` pairs.
#[unsafe(no_mangle)]
pub extern "C" fn nn_trainer_log(from: u32) -> i32 {
    let values = with(|s| {
        let t = s.trainer.as_ref()?;
        let losses = t.log.train_loss_list.get(from as usize..).unwrap_or(&[]);
        let accuracies = t.log.train_acc_list.iter().zip(&t.log.test_acc_list);
        let evaluations = t.log.train_acc_list.len() as f64;
        let mut v = vec![t.iteration as f64, f64::from(u8::from(t.evaluating()))];
        v.extend([losses.len() as f64, evaluations]);
        v.extend(losses);
        v.extend(accuracies.flat_map(|(&a, &b)| [a, b]));
        Some(v)
    });
    match values {
        Some(v) => output(v),
        None => fail("no training run".to_string()),
    }
}
