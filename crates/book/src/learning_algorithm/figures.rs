//! The figures of chapter 5, "The learning algorithm", drawn from the record of a
//! training run (the book's: `book/runs/full/`; yours: `target/experiments/train/`).

use plotters::prelude::*;

use super::runs::{RunRecord, book_run};
use crate::figure::Figure;
use crate::plot::{COLORS, FONT, PlotError, SIZE, draw_legend, legend_line, svg};

/// The figures of this chapter (and chapter 1's overfitting figure), drawn from
/// the records in `book/runs/`.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::fixed("full-run-loss", || from_run("full", |r| loss_curve(r, None))),
        Figure::fixed("full-run-loss-zoom", || from_run("full", |r| loss_curve(r, Some(1000)))),
        Figure::fixed("full-run-accuracy", || from_run("full", |r| accuracy_curve(r, None))),
        Figure::fixed("overfit-accuracy", || from_run("overfit", |r| accuracy_curve(r, Some(50)))),
    ]
}

/// A figure of a run the book keeps in `book/runs/<run>/`.
fn from_run(
    run: &str,
    draw: fn(&RunRecord) -> Result<String, PlotError>,
) -> Result<String, PlotError> {
    let record = book_run(run).and_then(|r| r.record()).map_err(PlotError)?;
    draw(&record)
}

/// The loss after each iteration, for the first `first` iterations (all if `None`).
pub fn loss_curve(record: &RunRecord, first: Option<usize>) -> Result<String, PlotError> {
    let losses = &record.log.train_loss_list;
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
        chart.configure_mesh().x_desc("iteration").y_desc("loss").label_style((FONT, 14)).draw()?;
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
    let (train_acc, test_acc) = (&record.log.train_acc_list, &record.log.test_acc_list);
    let scale = every.unwrap_or(1) as f64;
    let x_desc = if every.is_some() { "iteration" } else { "epochs" };
    let epochs = (train_acc.len().saturating_sub(1).max(1)) as f64 * scale;
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption(
                if every.is_some() { "accuracy during training" } else { "accuracy per epoch" },
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
        let at = |(i, &acc): (usize, &f64)| (i as f64 * scale, acc);
        let train = train_acc.iter().enumerate().map(at);
        let test = test_acc.iter().enumerate().map(at);
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
