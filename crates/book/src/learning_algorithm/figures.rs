//! The figures of chapter 5, "The learning algorithm", drawn from the record of a
//! training run (the book's: `book/runs/full/`; yours: `target/experiments/train/`).

use plotters::prelude::*;

use ndarray::Axis;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::runs::{RunRecord, Trained, book_run};
use crate::figure::Figure;
use crate::figure_data::{mark, series};
use crate::plot::{COLORS, FONT, PlotError, SIZE, draw_digit, draw_legend, legend_line, svg, tr};

/// The figures of this chapter (and chapter 1's overfitting figure), drawn from
/// the records in `book/runs/`.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::fixed("full-run-loss", || from_run("full", |r| loss_curve(r, None))),
        Figure::fixed("full-run-loss-zoom", || from_run("full", |r| loss_curve(r, Some(1000)))),
        Figure::fixed("plateau", plateau),
        Figure::fixed("full-run-accuracy", || from_run("full", |r| accuracy_curve(r, None))),
        Figure::fixed("overfit-accuracy", || from_run("overfit", |r| accuracy_curve(r, Some(50)))),
        Figure::fixed("mini-batch-noise", || from_trained(mini_batch_noise)),
        Figure::fixed("mistakes", || from_trained(mistakes)),
        Figure::fixed("confusion-matrix", || from_trained(confusion_matrix)),
    ]
}

/// The network trained by the book's full run (`book/runs/full/`).
pub(super) fn full_run_network() -> Result<Trained, PlotError> {
    let record =
        book_run("full").and_then(|r| r.record()).map_err(|e| PlotError(format!("{e:#}")))?;
    record.trained.ok_or_else(|| PlotError("book/runs/full keeps no network".into()))
}

/// A figure of the network trained by the book's full run.
fn from_trained(draw: fn(&Trained) -> Result<String, PlotError>) -> Result<String, PlotError> {
    draw(&full_run_network()?)
}

/// The digits shipped with the book (5000 training and 1000 test images).
fn shipped_digits() -> Result<(mnist::Split, mnist::Split), PlotError> {
    let options = mnist::LoadOptions::default();
    mnist::load_mnist(&mnist::subset_dir(), options).map_err(|e| PlotError(e.to_string()))
}

/// The mini-batch sizes of [`mini_batch_noise`], and how many batches of each.
pub const NOISE_SIZES: [usize; 4] = [1, 10, 100, 1000];
pub const NOISE_BATCHES: usize = 200;

/// The loss on all the shipped training images, and the losses of the random
/// mini-batches of each size.
pub struct NoiseLosses {
    pub all: f64,
    pub by_size: Vec<(usize, Vec<f64>)>,
}

/// The loss of random mini-batches of each size at the same weights (the full
/// run's trained network), against the loss on all 5000 shipped training images.
pub fn noise_losses(trained: &Trained) -> Result<NoiseLosses, PlotError> {
    let (train, _) = shipped_digits()?;
    let (x, t) = (train.images_2d().to_owned(), train.one_hot());
    let net = &trained.network;
    let all = net.loss(&x, &t);
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut losses = Vec::new();
    for size in NOISE_SIZES {
        let mut batch_losses = Vec::new();
        for _ in 0..NOISE_BATCHES {
            let mask: Vec<usize> = (0..size).map(|_| rng.random_range(0..x.nrows())).collect();
            batch_losses.push(net.loss(&x.select(Axis(0), &mask), &t.select(Axis(0), &mask)));
        }
        losses.push((size, batch_losses));
    }
    Ok(NoiseLosses { all, by_size: losses })
}

/// See [`noise_losses`]: each batch a dot, jittered sideways, on a log scale.
pub fn mini_batch_noise(trained: &Trained) -> Result<String, PlotError> {
    let NoiseLosses { all, by_size: losses } = noise_losses(trained)?;
    let top = losses.iter().flat_map(|(_, l)| l.iter().copied()).fold(1.0, f64::max) * 1.5;
    let floor = 1e-3;
    let mut jitter = ChaCha8Rng::seed_from_u64(5);
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .caption(
                tr(
                    "the loss of 200 random mini-batches of each size, same weights",
                    "同一组权重下，每种大小各 200 个随机 mini-batch 的损失",
                ),
                (FONT, 18),
            )
            .build_cartesian_2d(-0.5..3.5, (floor..top).log_scale())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(4)
            .x_label_formatter(&|i: &f64| {
                let k = i.round().clamp(0.0, 3.0) as usize;
                match crate::plot::lang() {
                    crate::plot::Lang::En => format!("batch of {}", NOISE_SIZES[k]),
                    crate::plot::Lang::ZhCn => format!("{} 张一批", NOISE_SIZES[k]),
                }
            })
            .y_desc(tr("loss of the mini-batch", "mini-batch 的损失"))
            // plotters places the ticks of a log scale at powers of ten computed
            // with the C library's `pow`, which under Wine gives 0.010000000000000002
            // for 10⁻²: the label is the tick rounded to 12 significant digits.
            .y_label_formatter(&|l: &f64| {
                format!("{}", format!("{l:.11e}").parse::<f64>().unwrap_or(*l))
            })
            .label_style((FONT, 13))
            .draw()?;
        for (i, (_, batch_losses)) in losses.iter().enumerate() {
            // Recorded as batch size and loss; drawn spread sideways so that the dots show.
            series(
                &crate::plot::pick(
                    format!("mini-batches of {}", NOISE_SIZES[i]),
                    format!("{} 张一批的 mini-batch", NOISE_SIZES[i]),
                ),
                batch_losses.iter().map(|&l| (NOISE_SIZES[i] as f64, l)),
            );
            let dots: Vec<(f64, f64)> = batch_losses
                .iter()
                .map(|&l| (i as f64 + jitter.random_range(-0.25..0.25), l.max(floor)))
                .collect();
            let dot = |p| Circle::new(p, 2, COLORS[0].mix(0.5).filled());
            chart.draw_series(dots.into_iter().map(dot))?;
        }
        series(
            tr("the loss on all 5000 images", "全部 5000 张图像上的损失"),
            NOISE_SIZES.iter().map(|&n| (n as f64, all)),
        );
        chart
            .draw_series(LineSeries::new([(-0.5, all), (3.5, all)], COLORS[3].stroke_width(2)))?
            .label(format!(
                "{}{all:.4}",
                tr("the loss on all 5000 images: ", "全部 5000 张图像上的损失：")
            ))
            .legend(legend_line(COLORS[3]));
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    })
}

/// The test images among the first 1000 (those shipped with the book) that the
/// trained network gets wrong, each with its label and the network's answer.
pub fn mistakes(trained: &Trained) -> Result<String, PlotError> {
    let (_, test) = shipped_digits()?;
    let images = test.images_2d();
    let wrong: Vec<usize> = trained
        .mistakes()
        .into_iter()
        .filter(|&i| i < images.nrows())
        .take(super::listings::run_summaries::MISTAKES_SHOWN)
        .collect();
    let (scale, gap, per_row) = (2, 14, 8);
    let side = 28 * scale;
    let rows = wrong.len().div_ceil(per_row) as i32;
    let width = per_row as i32 * (side + gap) + gap;
    let height = rows * (side + gap + 30) + gap;
    svg((width as u32, height as u32), |root| {
        let style = (FONT, 12).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top));
        for (n, &i) in wrong.iter().enumerate() {
            let (col, row) = ((n % per_row) as i32, (n / per_row) as i32);
            let (x, y) = (gap + col * (side + gap), gap + row * (side + gap + 30));
            let pixels = images.row(i).to_vec();
            let (label, answer) = trained.test_answers[i];
            crate::figure_data::ink(
                &crate::plot::pick(
                    format!("test image {i}, a {label} read as {answer}"),
                    format!("测试图像 {i}，{label} 认成 {answer}"),
                ),
                &pixels,
            );
            draw_digit(root, &pixels, (x, y), scale)?;
            let read_as = match crate::plot::lang() {
                crate::plot::Lang::En => format!("{label} read as {answer}"),
                crate::plot::Lang::ZhCn => format!("{label} 认成 {answer}"),
            };
            let lines = [(read_as, 3), (format!("{} {i}", tr("image", "图像")), 16)];
            for (text, dy) in lines {
                root.draw(&Text::new(text, (x + side / 2, y + side + dy), style.clone()))?;
            }
        }
        Ok(())
    })
}

/// How often each digit (row) was answered as each digit (column), over the
/// 10000 test images: the diagonal is right, everything else a mistake.
pub fn confusion_counts(trained: &Trained) -> [[usize; 10]; 10] {
    let mut counts = [[0; 10]; 10];
    for &(label, answer) in &trained.test_answers {
        counts[usize::from(label)][usize::from(answer)] += 1;
    }
    counts
}

/// See [`confusion_counts`]: a 10 × 10 table, each mistake's cell shaded by its count.
pub fn confusion_matrix(trained: &Trained) -> Result<String, PlotError> {
    let counts = confusion_counts(trained);
    let (cell, left, top) = (48, 90, 70);
    let off_diagonal = (0..10).flat_map(|l| (0..10).filter(move |&a| a != l).map(move |a| (l, a)));
    let most_wrong = off_diagonal.map(|(l, a)| counts[l][a]).max().unwrap_or(1).max(1);
    let centered = Pos::new(HPos::Center, VPos::Center);
    let text = move |s: String, p: (i32, i32), size: i32| {
        Text::new(s, p, (FONT, size).into_font().color(&BLACK).pos(centered))
    };
    svg(((left + 10 * cell + 20) as u32, (top + 10 * cell + 30) as u32), |root| {
        root.draw(&text(
            tr("the network's answer", "网络的回答").into(),
            (left + 5 * cell, 20),
            15,
        ))?;
        let vertical =
            (FONT, 15).into_font().transform(FontTransform::Rotate270).color(&BLACK).pos(centered);
        root.draw(&Text::new(tr("the true digit", "真正的数字"), (22, top + 5 * cell), vertical))?;
        for k in 0..10 {
            root.draw(&text(k.to_string(), (left + k * cell + cell / 2, top - 16), 14))?;
            root.draw(&text(k.to_string(), (left - 16, top + k * cell + cell / 2), 14))?;
        }
        for (l, row) in counts.iter().enumerate() {
            for (a, &n) in row.iter().enumerate() {
                let (x, y) = (left + a as i32 * cell, top + l as i32 * cell);
                let color = if l == a {
                    RGBColor(198, 232, 198)
                } else {
                    let t = (n as f64 / most_wrong as f64).sqrt();
                    let fade = |c: f64| (255.0 - t * (255.0 - c)).round() as u8;
                    RGBColor(fade(214.0), fade(39.0), fade(40.0))
                };
                let name = crate::plot::pick(
                    format!("true {l}, answered {a}"),
                    format!("真实 {l}，回答 {a}"),
                );
                mark(&name, a as f64, n as f64);
                let square = [(x, y), (x + cell, y + cell)];
                root.draw(&Rectangle::new(square, color.filled()))?;
                root.draw(&Rectangle::new(square, RGBColor(210, 210, 210)))?;
                if n > 0 {
                    root.draw(&text(n.to_string(), (x + cell / 2, y + cell / 2), 13))?;
                }
            }
        }
        let total: usize = counts.iter().flatten().sum();
        let right: usize = (0..10).map(|k| counts[k][k]).sum();
        let summary = match crate::plot::lang() {
            crate::plot::Lang::En => format!(
                "{right} of {total} right; the {} mistakes lie off the diagonal",
                total - right
            ),
            crate::plot::Lang::ZhCn => {
                format!("{total} 张中答对 {right} 张；{} 个错误位于对角线之外", total - right)
            }
        };
        root.draw(&text(summary, (left + 5 * cell, top + 10 * cell + 16), 13))?;
        Ok(())
    })
}

/// One line of a panel of the plateau figure: its points, colour and label.
type Curve<'a> = (Vec<(f64, f64)>, RGBColor, &'a str);

/// The iterations the plateau figure shows.
pub const PLATEAU_ITERS: usize = 301;

/// The first 300 iterations of the book's run, re-run with its seed on the
/// shipped images (Listing `plateau`), in four panels: the loss (with the
/// recorded full run's), the mean slope σ′ of the hidden units, the spread of
/// their outputs over the images, and the size of W2.
pub fn plateau() -> Result<String, PlotError> {
    let data =
        super::data::load(&mnist::subset_dir(), None).map_err(|e| PlotError(e.to_string()))?;
    let trace = super::listings::plateau::plateau(&data, PLATEAU_ITERS);
    let record =
        book_run("full").and_then(|r| r.record()).map_err(|e| PlotError(format!("{e:#}")))?;
    let full = &record.log.train_loss_list[..PLATEAU_ITERS];
    let series = |f: fn(&super::listings::plateau::Step) -> f64| -> Vec<(f64, f64)> {
        trace.iter().enumerate().map(|(i, s)| (i as f64, f(s))).collect()
    };
    let n = PLATEAU_ITERS as f64 - 1.0;
    svg((900, 620), |root| {
        let panels = root.split_evenly((2, 2));
        let panel = |area: &crate::plot::Area,
                     title: &str,
                     top: f64,
                     lines: Vec<Curve>|
         -> Result<(), PlotError> {
            let mut chart = ChartBuilder::on(area)
                .margin(12)
                .x_label_area_size(36)
                .y_label_area_size(50)
                .caption(title, (FONT, 16))
                .build_cartesian_2d(0.0..n, 0.0..top)?;
            chart
                .configure_mesh()
                .x_desc(tr("iteration", "迭代次数"))
                .x_label_formatter(&|x: &f64| format!("{x:.0}"))
                .label_style((FONT, 12))
                .draw()?;
            let labelled = lines.len() > 1;
            for (points, color, label) in lines {
                let points = crate::figure_data::series(&format!("{title}: {label}"), points);
                let drawn = chart.draw_series(LineSeries::new(points, color.stroke_width(2)))?;
                if labelled {
                    drawn.label(label).legend(legend_line(color));
                }
            }
            if labelled {
                draw_legend(&mut chart, SeriesLabelPosition::LowerLeft)?;
            }
            Ok(())
        };
        let full: Vec<(f64, f64)> = full.iter().enumerate().map(|(i, &l)| (i as f64, l)).collect();
        panel(
            &panels[0],
            tr("loss on the mini-batch", "mini-batch 上的损失"),
            2.6,
            vec![
                (full, COLORS[1], tr("the recorded full run", "记录的完整训练")),
                (
                    series(|s| s.loss),
                    COLORS[0],
                    tr("re-run on the shipped images", "在随书图像上重跑"),
                ),
            ],
        )?;
        panel(
            &panels[1],
            tr(
                "mean slope σ′ of the hidden units (at most 0.25)",
                "隐藏层神经元的平均斜率 σ′（最大 0.25）",
            ),
            0.26,
            vec![
                (
                    vec![(0.0, 0.25), (n, 0.25)],
                    COLORS[3],
                    tr("the largest slope, 0.25", "最大斜率 0.25"),
                ),
                (
                    series(|s| s.slope),
                    COLORS[0],
                    tr("mean σ′ on the mini-batch", "mini-batch 上的平均 σ′"),
                ),
            ],
        )?;
        panel(
            &panels[2],
            tr("spread of the hidden outputs over the images", "隐藏层输出在图像之间的差异"),
            0.2,
            vec![(series(|s| s.spread), COLORS[0], "")],
        )?;
        panel(
            &panels[3],
            tr("size of W2, √(sum of its squares)", "W2 的大小，√(各元素平方和)"),
            3.0,
            vec![(series(|s| s.norm_w2), COLORS[0], "")],
        )?;
        Ok(())
    })
}

/// A figure of a run the book keeps in `book/runs/<run>/`.
fn from_run(
    run: &str,
    draw: fn(&RunRecord) -> Result<String, PlotError>,
) -> Result<String, PlotError> {
    let record = book_run(run).and_then(|r| r.record()).map_err(|e| PlotError(format!("{e:#}")))?;
    draw(&record)
}

/// The loss after each iteration, for the first `first` iterations (all if `None`).
pub fn loss_curve(record: &RunRecord, first: Option<usize>) -> Result<String, PlotError> {
    let losses = &record.log.train_loss_list;
    let n = first.unwrap_or(losses.len()).min(losses.len());
    let top = losses[..n].iter().copied().fold(0.0, f64::max).max(0.1) * 1.05;
    let title = match first {
        Some(_) => {
            format!("{}{n}{}", tr("loss, the first ", "损失，前 "), tr(" iterations", " 次迭代"))
        }
        None => format!("{}{n}{}", tr("loss, all ", "损失，全部 "), tr(" iterations", " 次迭代")),
    };
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption(title, (FONT, 20))
            .build_cartesian_2d(0..n.max(1), 0.0..top)?;
        chart
            .configure_mesh()
            .x_desc(tr("iteration", "迭代次数"))
            .y_desc(tr("loss", "损失"))
            .label_style((FONT, 14))
            .draw()?;
        let points =
            series(tr("loss", "损失"), losses[..n].iter().enumerate().map(|(i, &l)| (i as f64, l)));
        chart.draw_series(LineSeries::new(
            points.into_iter().map(|(i, l)| (i as usize, l)),
            COLORS[0].stroke_width(1),
        ))?;
        Ok(())
    })
}

/// Train (solid) and test (dashed) accuracy at each evaluation, against the epoch
/// (`every: None`) or the iteration (`every: Some(n)`: one evaluation per n iterations).
pub fn accuracy_curve(record: &RunRecord, every: Option<usize>) -> Result<String, PlotError> {
    let (train_acc, test_acc) = (&record.log.train_acc_list, &record.log.test_acc_list);
    let scale = every.unwrap_or(1) as f64;
    let x_desc =
        if every.is_some() { tr("iteration", "迭代次数") } else { tr("epochs", "epoch") };
    let epochs = (train_acc.len().saturating_sub(1).max(1)) as f64 * scale;
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption(
                if every.is_some() {
                    tr("accuracy during training", "训练过程中的识别精度")
                } else {
                    tr("accuracy per epoch", "每个 epoch 的识别精度")
                },
                (FONT, 20),
            )
            .build_cartesian_2d(0.0..epochs, 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .y_desc(tr("accuracy", "识别精度"))
            .label_style((FONT, 14))
            .draw()?;
        let at = |(i, &acc): (usize, &f64)| (i as f64 * scale, acc);
        let train =
            series(tr("train acc", "训练数据的识别精度"), train_acc.iter().enumerate().map(at));
        let test =
            series(tr("test acc", "测试数据的识别精度"), test_acc.iter().enumerate().map(at));
        chart
            .draw_series(LineSeries::new(train, COLORS[0].stroke_width(2)))?
            .label(tr("train acc", "训练数据的识别精度"))
            .legend(legend_line(COLORS[0]));
        chart
            .draw_series(DashedLineSeries::new(test, 8, 5, COLORS[1].stroke_width(2)))?
            .label(tr("test acc", "测试数据的识别精度"))
            .legend(legend_line(COLORS[1]));
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    })
}

/// The three figures of a run: `loss`, `loss-zoom` (first 1000) and `accuracy`
/// (per epoch; a run with `--eval-every` draws it against the evaluation count).
pub fn run_figures(record: &RunRecord) -> Result<Vec<(&'static str, String)>, PlotError> {
    Ok(vec![
        ("loss", loss_curve(record, None)?),
        ("loss-zoom", loss_curve(record, Some(1000))?),
        ("accuracy", accuracy_curve(record, None)?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trained() -> Trained {
        book_run("full").unwrap().record().unwrap().trained.unwrap()
    }

    /// What the chapter says of the noise figure: the spread of the mini-batch
    /// losses shrinks as the batch grows, and batches of 1000 lie close to the
    /// loss on all the images.
    #[test]
    fn larger_batches_give_tighter_losses() {
        let NoiseLosses { all, by_size } = noise_losses(&trained()).unwrap();
        let spread = |l: &[f64]| {
            let mean = l.iter().sum::<f64>() / l.len() as f64;
            (l.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / l.len() as f64).sqrt()
        };
        let spreads: Vec<f64> = by_size.iter().map(|(_, l)| spread(l)).collect();
        assert!(spreads.windows(2).all(|w| w[0] > w[1]), "{spreads:?}");
        assert!(by_size[3].1.iter().all(|l| (l - all).abs() < 0.1 * all + 0.05), "{all}");
    }

    /// The numbers the chapter quotes from the confusion matrix.
    #[test]
    fn the_confusion_matrix_has_the_chapters_numbers() {
        let counts = confusion_counts(&trained());
        let right: usize = (0..10).map(|k| counts[k][k]).sum();
        assert_eq!(right, 9457);
        assert_eq!((counts[5][5], counts[1][1]), (812, 1111));
        assert_eq!(
            (counts[9][4], counts[5][3], counts[4][9], counts[7][9], counts[7][2]),
            (34, 28, 24, 24, 22)
        );
        let worst = (0..10)
            .min_by_key(|&k| counts[k][k] * 10000 / counts[k].iter().sum::<usize>())
            .unwrap();
        assert_eq!(worst, 5, "the 5 is the hardest digit");
    }
}
