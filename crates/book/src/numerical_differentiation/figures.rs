//! The figures of chapter 3, "Numerical differentiation", and the experiments
//! that draw them: `cargo run -- tangent` and `cargo run -- diff-error`.

use std::path::PathBuf;

use nnlearn::numerical_diff::{difference_errors, function_1, tangent_line};
use plotters::prelude::*;

use crate::experiment::Experiment;
use crate::figure::Figure;
use crate::parse::{MAX_SERIES, diff_error_at, tangent_at};
use crate::plot::{COLORS, FONT, PlotError, SIZE, arange, draw_legend, legend_line, svg};

/// The figures of this chapter.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::experiment::<Tangent>("tangents", "--at 5 --at 10"),
        Figure::experiment::<DiffError>("difference-error", "--x 1"),
    ]
}

/// Chapter 3: the tangent of f(x) = 0.01x² + 0.1x at each x given, drawn with f.
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "tangent")]
pub struct Tangent {
    /// Where to draw a tangent (repeat for several, at most 10; from -10000 to 10000).
    #[arg(long = "at", default_values_t = [5.0, 10.0], value_parser = tangent_at, allow_hyphen_values = true)]
    pub at: Vec<f64>,
    /// Where to write the figure (SVG). Default: target/experiments/tangent.svg
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Experiment for Tangent {
    const COMMAND: &'static str = "tangent";

    fn report(&self) -> Result<String, String> {
        if self.at.len() > MAX_SERIES {
            return Err(format!(
                "{} tangents (--at): draw at most {MAX_SERIES} on one figure",
                self.at.len()
            ));
        }
        let mut text = String::new();
        for &x in &self.at {
            let (slope, intercept) = tangent_line(function_1, x);
            if !(slope.is_finite() && intercept.is_finite()) {
                return Err(format!("--at {x}: the tangent there is not a finite line"));
            }
            text += &format!("tangent at x = {x}: y = {slope:?} t + {intercept:?}\n");
        }
        Ok(text)
    }

    fn figure(&self) -> Result<String, PlotError> {
        tangents(&self.at)
    }

    fn out(&self) -> Option<&PathBuf> {
        self.out.as_ref()
    }
}

/// Chapter 3: error of the forward and central differences of x³ against the step h.
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "diff-error")]
pub struct DiffError {
    /// The point where the derivative of x³ is estimated (true value 3x²; from -1e6 to 1e6).
    #[arg(long, default_value_t = 1.0, value_parser = diff_error_at, allow_hyphen_values = true)]
    pub x: f64,
    /// Where to write the figure (SVG). Default: target/experiments/diff-error.svg
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Experiment for DiffError {
    const COMMAND: &'static str = "diff-error";

    fn report(&self) -> Result<String, String> {
        let x = self.x;
        let mut text = format!(
            "h        forward error   central error   (true derivative {:?})\n",
            3.0 * x * x
        );
        for (h, f, c) in difference_errors(x, &error_plot_steps()) {
            if !(f.is_finite() && c.is_finite()) {
                return Err(format!("--x {x}: the error at h = {h:e} is not a finite number"));
            }
            text += &format!("{h:<8e} {f:<15.3e} {c:.3e}\n");
        }
        Ok(text)
    }

    fn figure(&self) -> Result<String, PlotError> {
        difference_error(self.x)
    }

    fn out(&self) -> Option<&PathBuf> {
        self.out.as_ref()
    }
}

/// f(x) = 0.01x² + 0.1x on [0, 20) with its tangent at each point of `at`
/// (the book: 5 and 10), the slopes from `numerical_diff`.
pub fn tangents(at: &[f64]) -> Result<String, PlotError> {
    let xs = arange(0.0, 20.0, 0.1);
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption("f(x) = 0.01x² + 0.1x and its tangents", (FONT, 20))
            .build_cartesian_2d(0.0..20.0, -1.0..6.0)?;
        chart.configure_mesh().x_desc("x").y_desc("f(x)").label_style((FONT, 14)).draw()?;
        chart
            .draw_series(LineSeries::new(
                xs.iter().map(|&x| (x, function_1(x))),
                COLORS[0].stroke_width(2),
            ))?
            .label("f(x)")
            .legend(legend_line(COLORS[0]));
        for (i, &x0) in at.iter().enumerate() {
            let (slope, intercept) = tangent_line(function_1, x0);
            let color = COLORS[1 + i % 3];
            let line: Vec<(f64, f64)> = xs
                .iter()
                .map(|&x| (x, slope * x + intercept))
                .filter(|&(_, y)| (-1.0..=6.0).contains(&y))
                .collect();
            chart
                .draw_series(DashedLineSeries::new(line, 8, 5, color.stroke_width(2)))?
                .label(format!("tangent at x = {x0}: slope {slope:.4}"))
                .legend(legend_line(color));
            chart.draw_series(std::iter::once(Circle::new(
                (x0, function_1(x0)),
                5,
                color.filled(),
            )))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        Ok(())
    })
}

/// The steps of the error plot: 1, 2 and 5 times each power of ten from 1e-20 to 1.
/// (Parsed from decimal text, which rounds the same way on every machine.)
pub fn error_plot_steps() -> Vec<f64> {
    let mut steps = Vec::new();
    for exponent in -20..=0 {
        for mantissa in [1, 2, 5] {
            if exponent == 0 && mantissa > 1 {
                break;
            }
            steps.push(format!("{mantissa}e{exponent}").parse().expect("a decimal number"));
        }
    }
    steps
}

/// Errors of the forward and central differences of `x³` at `x` against the step
/// `h`, on log-log axes: truncation error falls with `h` (as `h` for the forward
/// difference, `h²` for the central one), rounding error rises as `h` shrinks,
/// and below about 1e-16 the difference is exactly 0 (the error is the whole
/// derivative). `h = 1e-4`, the book's choice, and `h = 1e-50` are marked.
pub fn difference_error(x: f64) -> Result<String, PlotError> {
    let exact = 3.0 * x * x;
    let floor = 1e-18; // an error of exactly 0 is drawn here (log axes have no 0)
    let errors = difference_errors(x, &error_plot_steps());
    svg((720, 460), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .caption(format!("error of the numerical derivative of x³ at x = {x}"), (FONT, 20))
            .build_cartesian_2d((1e-20..1.0).log_scale(), (floor..1e3).log_scale())?;
        chart
            .configure_mesh()
            .x_desc("step h")
            .y_desc("|estimate − true derivative|")
            .x_label_formatter(&|h: &f64| format!("1e{}", h.log10().round() as i32))
            .y_label_formatter(&|e: &f64| format!("1e{}", e.log10().round() as i32))
            .label_style((FONT, 13))
            .draw()?;
        for (i, name) in ["forward difference", "central difference"].into_iter().enumerate() {
            let color = COLORS[i];
            chart
                .draw_series(LineSeries::new(
                    errors.iter().map(|&(h, f, c)| (h, if i == 0 { f } else { c }.max(floor))),
                    color.stroke_width(2),
                ))?
                .label(name)
                .legend(legend_line(color));
        }
        let marks = [(1e-4, "h = 1e-4 (the book)", 1e2), (1e-16, "below 1e-16: x + h == x", 1e-16)];
        for (h, label, y) in marks {
            chart.draw_series(DashedLineSeries::new(
                vec![(h, floor), (h, 1e3)],
                5,
                4,
                BLACK.mix(0.6).stroke_width(1),
            ))?;
            chart.draw_series(std::iter::once(Text::new(label, (h * 1.5, y), (FONT, 13))))?;
        }
        for (i, line) in [
            "h = 1e-50 lies far to the left,",
            "on this plateau: the estimate",
            "is 0, the error the whole",
            &format!("derivative, {exact}"),
        ]
        .iter()
        .enumerate()
        {
            chart.draw_series(std::iter::once(Text::new(
                line.to_string(),
                (1.5e-20, 1e-3 / 10f64.powi(i as i32)),
                (FONT, 13),
            )))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    })
}
