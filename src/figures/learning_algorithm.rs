//! The figures of chapter 5, "The learning algorithm", drawn from the record of a
//! training run (the book's: `book/runs/full/`; yours: `target/experiments/train/`).

use plotters::prelude::*;

use crate::experiment::RunRecord;
use crate::plot::{COLORS, FONT, PlotError, SIZE, draw_legend, legend_line, svg};

/// The loss after each iteration, for the first `first` iterations (all if `None`).
pub fn loss_curve(record: &RunRecord, first: Option<usize>) -> Result<String, PlotError> {
    let losses = &record.log.losses;
    let n = first.unwrap_or(losses.len()).min(losses.len());
    let top = losses[..n].iter().copied().fold(0.0, f64::max).max(0.1) * 1.05;
    let title = match first {
        Some(_) => format!("loss, the first {n} iterations"),
        None => format!("loss, all {n} iterations"),
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
            .x_desc("iteration")
            .y_desc("loss")
            .label_style((FONT, 14))
            .draw()?;
        chart.draw_series(LineSeries::new(
            losses[..n].iter().enumerate().map(|(i, &l)| (i, l)),
            COLORS[0].stroke_width(1),
        ))?;
        Ok(())
    })
}

/// Train (solid) and test (dashed) accuracy at each evaluation, against the epoch
/// (`every: None`) or the iteration (`every: Some(n)`: one evaluation per n iterations).
pub fn accuracy_curve(record: &RunRecord, every: Option<usize>) -> Result<String, PlotError> {
    let evaluations = &record.log.evaluations;
    let scale = every.unwrap_or(1) as f64;
    let x_desc = if every.is_some() {
        "iteration"
    } else {
        "epochs"
    };
    let epochs = (evaluations.len().saturating_sub(1).max(1)) as f64 * scale;
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption(
                if every.is_some() {
                    "accuracy during training"
                } else {
                    "accuracy per epoch"
                },
                (FONT, 20),
            )
            .build_cartesian_2d(0.0..epochs, 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .x_label_formatter(&|x: &f64| format!("{x:.0}"))
            .y_desc("accuracy")
            .label_style((FONT, 14))
            .draw()?;
        let train = evaluations
            .iter()
            .enumerate()
            .map(|(i, e)| (i as f64 * scale, e.train_acc));
        let test = evaluations
            .iter()
            .enumerate()
            .map(|(i, e)| (i as f64 * scale, e.test_acc));
        chart
            .draw_series(LineSeries::new(train, COLORS[0].stroke_width(2)))?
            .label("train acc")
            .legend(legend_line(COLORS[0]));
        chart
            .draw_series(DashedLineSeries::new(
                test.collect::<Vec<_>>(),
                8,
                5,
                COLORS[1].stroke_width(2),
            ))?
            .label("test acc")
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
