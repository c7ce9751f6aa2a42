//! The printed stand-ins of chapter 5's two interactive figures: on paper a
//! widget cannot run, so the print edition shows what it draws in its default
//! state, drawn here by the crate from the same data and network.
//!
//! - The digit widget opens on test image 0 of the shipped digits, painted into
//!   its pad, with the ten probabilities that the book's full run (its recorded
//!   weights) gives it: `digit-widget`.
//! - The training widget opens stopped, on a fresh network and empty plots;
//!   what it is for shows once Start is pressed. Its stand-in is the run Start
//!   makes with the default sliders (lr 0.1, hidden size 50, batch size 100,
//!   seed 2026, on the 5000 + 1000 shipped digits, an evaluation per epoch of 50
//!   iterations), stopped after 1000 iterations: `training-widget`. The widget's
//!   loop is `train`'s, one iteration at a time (tested bit for bit in
//!   crates/widgets), so this is what the reader sees at iteration 1000.

use nnlearn::argmax::argmax;
use nnlearn::train::{Data, TrainConfig, TrainLog, train};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::load;
use crate::figure::Figure;
use crate::figure_data::{ink, series};
use crate::plot::{COLORS, FONT, Lang, PlotError, draw_digit, draw_legend, legend_line, svg, tr};

/// The iterations the training widget's stand-in runs: 20 epochs of 50.
pub const TRAINING_ITERATIONS: usize = 1000;

/// The figures of this file.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::fixed("digit-widget", digit_widget),
        Figure::fixed("training-widget", training_widget),
    ]
}

/// The shipped digits (5000 training, 1000 test images), as `train` takes them.
fn shipped() -> Result<Data, PlotError> {
    load(&mnist::subset_dir(), None).map_err(|e| PlotError(e.to_string()))
}

/// The test image the digit widget opens on: 0, the first of the shipped ones.
pub const FIRST_IMAGE: usize = 0;

/// Test image 0 (its pixels and label) and the ten probabilities the full
/// run's network gives it.
pub fn first_digit() -> Result<(Vec<f64>, usize, Vec<f64>), PlotError> {
    let data = shipped()?;
    let trained = super::figures::full_run_network()?;
    let x = data.x_test.row(FIRST_IMAGE).insert_axis(ndarray::Axis(0)).to_owned();
    let probabilities = trained.network.predict(&x).row(0).to_vec();
    let label = argmax(&data.t_test.row(FIRST_IMAGE));
    Ok((x.row(0).to_vec(), label, probabilities))
}

/// The digit widget's default state: the image it reads, and its ten bars, the
/// answer's in red as the widget draws it.
pub fn digit_widget() -> Result<String, PlotError> {
    let (pixels, label, probabilities) = first_digit()?;
    let answer = argmax(&ndarray::ArrayView1::from(&probabilities[..]));
    ink(
        &crate::plot::pick(
            format!("test image {FIRST_IMAGE}, a {label}"),
            format!("测试图像 {FIRST_IMAGE}，是 {label}"),
        ),
        &pixels,
    );
    let shown = series(
        tr("probability of each digit", "各个数字的概率"),
        probabilities.iter().enumerate().map(|(k, &p)| (k as f64, p)),
    );
    svg((640, 300), |root| {
        let (left, right) = root.split_horizontally(250);
        let scale = 7;
        let at = (24, 40);
        draw_digit(&left, &pixels, at, scale)?;
        let under = (FONT, 14).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top));
        let name = match crate::plot::lang() {
            Lang::En => format!("test image {FIRST_IMAGE}, a {label}"),
            Lang::ZhCn => format!("测试图像 {FIRST_IMAGE}，是 {label}"),
        };
        left.draw(&Text::new(name, (at.0 + 14 * scale, at.1 + 28 * scale + 8), under))?;
        let caption = match crate::plot::lang() {
            Lang::En => format!("the network's answer: {answer} ({:.4})", probabilities[answer]),
            Lang::ZhCn => format!("网络的回答：{answer}（{:.4}）", probabilities[answer]),
        };
        let mut chart = ChartBuilder::on(&right)
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(45)
            .caption(caption, (FONT, 18))
            .build_cartesian_2d(-0.5..9.5, 0.0..1.0)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(10)
            .x_label_formatter(&|x: &f64| format!("{:.0}", x.round()))
            .x_desc(tr("digit", "数字"))
            .y_desc(tr("probability", "概率"))
            .label_style((FONT, 14))
            .draw()?;
        chart.draw_series(shown.iter().map(|&(k, p)| {
            let color = if k as usize == answer { COLORS[3] } else { COLORS[0] };
            Rectangle::new([(k - 0.35, 0.0), (k + 0.35, p)], color.filled())
        }))?;
        Ok(())
    })
}

/// The run the training widget makes from its default sliders, stopped after
/// [`TRAINING_ITERATIONS`]. Made once per process: its figure and its data, in
/// both languages, are four items of one `regen` or live build, and the run
/// (about 1.4 s in the live profile) is the same each time.
pub fn training_run() -> Result<TrainLog, PlotError> {
    static RUN: std::sync::OnceLock<Result<TrainLog, PlotError>> = std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let config = TrainConfig { iters_num: TRAINING_ITERATIONS, ..TrainConfig::default() };
        Ok(train(&config, &shipped()?).1)
    })
    .clone()
}

/// The training widget's two plots after [`TRAINING_ITERATIONS`]: the loss
/// after every iteration, and the accuracies of every evaluation (solid: the
/// 5000 training images, dashed: the 1000 test images).
pub fn training_widget() -> Result<String, PlotError> {
    let log = training_run()?;
    let losses = series(
        tr("loss", "损失"),
        log.train_loss_list.iter().enumerate().map(|(i, &l)| ((i + 1) as f64, l)),
    );
    let at = |(i, &a): (usize, &f64)| (i as f64, a);
    let train_acc = series(
        tr("training images (5000)", "训练图像（5000 张）"),
        log.train_acc_list.iter().enumerate().map(at),
    );
    let test_acc = series(
        tr("test images (1000)", "测试图像（1000 张）"),
        log.test_acc_list.iter().enumerate().map(at),
    );
    let evaluations = (log.train_acc_list.len().max(2) - 1) as f64;
    let top = losses.iter().map(|p| p.1).fold(0.0, f64::max).max(2.5);
    svg((640, 560), |root| {
        let (upper, lower) = root.split_vertically(280);
        let mut loss = ChartBuilder::on(&upper)
            .margin(15)
            .margin_right(25)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption(
                match crate::plot::lang() {
                    Lang::En => format!(
                        "the loss after each of {TRAINING_ITERATIONS} iterations (lr 0.1, hidden 50, batch 100)"
                    ),
                    Lang::ZhCn => format!(
                        "{TRAINING_ITERATIONS} 次迭代中每次迭代后的损失（lr 0.1，隐藏层 50，批大小 100）"
                    ),
                },
                (FONT, 16),
            )
            .build_cartesian_2d(0.0..TRAINING_ITERATIONS as f64, 0.0..top)?;
        loss.configure_mesh()
            .x_desc(tr("iteration", "迭代次数"))
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .y_desc(tr("loss", "损失"))
            .label_style((FONT, 14))
            .draw()?;
        loss.draw_series(LineSeries::new(losses.iter().copied(), COLORS[0].stroke_width(1)))?;
        let mut acc = ChartBuilder::on(&lower)
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption(tr("the accuracy at every evaluation", "每次评价时的识别精度"), (FONT, 16))
            .build_cartesian_2d(0.0..evaluations, 0.0..1.0)?;
        acc.configure_mesh()
            .x_desc(tr("evaluation (once per epoch)", "评价（每个 epoch 一次）"))
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .y_desc(tr("accuracy", "识别精度"))
            .label_style((FONT, 14))
            .draw()?;
        acc.draw_series(LineSeries::new(train_acc.iter().copied(), COLORS[0].stroke_width(2)))?
            .label(tr("training images (5000)", "训练图像（5000 张）"))
            .legend(legend_line(COLORS[0]));
        acc.draw_series(DashedLineSeries::new(
            test_acc.iter().copied(),
            8,
            5,
            COLORS[1].stroke_width(2),
        ))?
        .label(tr("test images (1000)", "测试图像（1000 张）"))
        .legend(legend_line(COLORS[1]));
        draw_legend(&mut acc, SeriesLabelPosition::LowerRight)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the captions say: test image 0 is a 7 and the full run's network
    /// answers 7, with a probability above 0.99 (bookcheck's widget check finds
    /// the same answer in the page, from the page's own network).
    #[test]
    fn the_first_digit_is_a_seven_read_as_seven() {
        let (pixels, label, p) = first_digit().unwrap();
        assert_eq!((pixels.len(), label), (784, 7));
        let answer = argmax(&ndarray::ArrayView1::from(&p[..]));
        assert_eq!(answer, 7);
        assert!(p[7] > 0.99, "{p:?}");
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    /// The run the caption describes: 1000 losses, 20 evaluations (after
    /// iterations 0, 50, …, 950), the accuracies rising from chance to the
    /// 0.8s.
    #[test]
    fn the_training_stand_in_runs_twenty_epochs() {
        let log = training_run().unwrap();
        assert_eq!(log.train_loss_list.len(), TRAINING_ITERATIONS);
        assert_eq!(log.train_acc_list.len(), 20);
        assert!(log.train_acc_list[0] < 0.2 && log.test_acc_list[0] < 0.2, "{log:?}");
        let last = log.test_acc_list[19];
        assert!((0.8..0.9).contains(&last), "{last}");
    }
}
