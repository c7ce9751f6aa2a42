//! The training widget's work natively: the same `Trainer` of crates/widgets
//! that the page runs as WebAssembly, on the same shipped digits
//! (`data/mnist-subset`), with the same calls as benches/widget/speed.js (an
//! evaluation's rows 250 at a time, else one iteration), timed. Prints
//! `{"seconds": s, "iterations": n, "losses": [...], "evaluations": [...]}`
//! for benches/widget_speed.py, which compares the page's numbers with these.
//!
//! Usage: widget-native [iterations]      (default 500)

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use nnlearn::loss::one_hot;
use nnlearn::train::{Data, TrainConfig};
use nnlearn_widgets::{digits, trainer::Trainer};

fn gunzip(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(bytes)
}

fn main() -> Result<(), String> {
    let iterations: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().map_err(|_| format!("iterations `{n}`: not a count"))?,
        None => 500,
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/mnist-subset");
    let images = |set: &str| -> Result<_, String> {
        Ok(digits::to_rows(&digits::parse_images(&gunzip(
            &dir.join(format!("{set}-images-idx3-ubyte.gz")),
        )?)?))
    };
    let labels = |set: &str| -> Result<_, String> {
        let l = digits::parse_labels(&gunzip(&dir.join(format!("{set}-labels-idx1-ubyte.gz")))?)?;
        Ok(one_hot(&l.iter().map(|&x| usize::from(x)).collect::<Vec<_>>(), 10))
    };
    let data = Data {
        x_train: images("train")?,
        t_train: labels("train")?,
        x_test: images("t10k")?,
        t_test: labels("t10k")?,
    };
    // The widget's defaults: learning rate 0.1, 50 hidden neurons, batches of 100.
    let config =
        TrainConfig { learning_rate: 0.1, hidden_size: 50, batch_size: 100, ..Default::default() };
    let mut trainer = Trainer::new(config, data);
    let start = Instant::now();
    let mut done = 0;
    loop {
        if trainer.evaluate(250) > 0 {
            continue;
        }
        if done == iterations {
            break;
        }
        trainer.step();
        done += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    let list = |v: &[f64]| v.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(", ");
    let evaluations: Vec<f64> = trainer
        .log
        .train_acc_list
        .iter()
        .zip(&trainer.log.test_acc_list)
        .flat_map(|(&a, &b)| [a, b])
        .collect();
    println!(
        "{{\"seconds\": {seconds}, \"iterations\": {}, \"losses\": [{}], \"evaluations\": [{}]}}",
        trainer.iteration,
        list(&trainer.log.train_loss_list),
        list(&evaluations)
    );
    Ok(())
}
