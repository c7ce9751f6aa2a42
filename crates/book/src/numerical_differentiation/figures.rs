//! The figures of chapter 3, "Numerical differentiation", and the experiments
//! that draw them: `cargo run -- tangent` and `cargo run -- diff-error`.

use std::path::PathBuf;

use nnlearn::numerical_diff::{difference_errors, function_1, tangent_line};
use plotters::coord::combinators::BindKeyPoints;
use plotters::prelude::*;

use crate::experiment::Experiment;
use crate::figure::Figure;
use crate::figure_data::{mark, series};
use crate::parse::{at_most_series, diff_error_at, tangent_at};
use crate::plot::{COLORS, FONT, PlotError, SIZE, arange, draw_legend, legend_line, svg, tr};

/// The figures of this chapter.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::experiment::<Tangent>("tangents", "--at 5 --at 10"),
        Figure::experiment::<Secant>("secants", "--at 10 --h 8"),
        // The secants widget's starting state, printed in its place (see book/theme/nnlearn.css).
        Figure::experiment::<Secant>("secants-widget", "--at 5 --h 1"),
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

    fn report(&self) -> anyhow::Result<String> {
        at_most_series(self.at.len(), "tangents (--at)", "draw")?;
        let mut text = String::new();
        for &x in &self.at {
            let (slope, intercept) = tangent_line(function_1, x);
            if !(slope.is_finite() && intercept.is_finite()) {
                anyhow::bail!("--at {x}: the tangent there is not a finite line");
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

    fn report(&self) -> anyhow::Result<String> {
        let x = self.x;
        let mut text = format!(
            "h        forward error   central error   (true derivative {:?})\n",
            3.0 * x * x
        );
        for (h, f, c) in difference_errors(x, &error_plot_steps()) {
            if !(f.is_finite() && c.is_finite()) {
                anyhow::bail!("--x {x}: the error at h = {h:e} is not a finite number");
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
            .caption(
                tr("f(x) = 0.01x² + 0.1x and its tangents", "f(x) = 0.01x² + 0.1x 及其切线"),
                (FONT, 20),
            )
            .build_cartesian_2d(0.0..20.0, -1.0..6.0)?;
        chart.configure_mesh().x_desc("x").y_desc("f(x)").label_style((FONT, 14)).draw()?;
        chart
            .draw_series(LineSeries::new(
                series("f(x)", xs.iter().map(|&x| (x, function_1(x)))),
                COLORS[0].stroke_width(2),
            ))?
            .label("f(x)")
            .legend(legend_line(COLORS[0]));
        for (i, &x0) in at.iter().enumerate() {
            let (slope, intercept) = tangent_line(function_1, x0);
            let color = COLORS[1 + i % 3];
            let line = series(
                &crate::plot::pick(format!("tangent at x = {x0}"), format!("x = {x0} 处的切线")),
                xs.iter()
                    .map(|&x| (x, slope * x + intercept))
                    .filter(|&(_, y)| (-1.0..=6.0).contains(&y)),
            );
            chart
                .draw_series(DashedLineSeries::new(line, 8, 5, color.stroke_width(2)))?
                .label(format!(
                    "{}{x0}{}{slope:.4}",
                    tr("tangent at x = ", "x = "),
                    tr(": slope ", " 处的切线：斜率 ")
                ))
                .legend(legend_line(color));
            chart.draw_series(std::iter::once(Circle::new(
                mark(
                    &crate::plot::pick(
                        format!("point of tangency at x = {x0}"),
                        format!("x = {x0} 处的切点"),
                    ),
                    x0,
                    function_1(x0),
                ),
                5,
                color.filled(),
            )))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        Ok(())
    })
}

/// The axis labels of the error plot: every other power of ten from `10^from` to
/// `10^to` (parsed from decimal text, like the steps).
fn powers_of_ten(from: i32, to: i32) -> Vec<f64> {
    (from..=to).step_by(2).map(|e| format!("1e{e}").parse().expect("a decimal number")).collect()
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
/// and once `x + h` rounds to `x` the forward difference is exactly 0 (the error
/// is the whole derivative); the central one only once `x − h` rounds to `x` too.
/// `h = 1e-4`, the book's choice, those two steps, and `h = 1e-50` are marked.
pub fn difference_error(x: f64) -> Result<String, PlotError> {
    let exact = 3.0 * x * x;
    let floor = 1e-18; // an error of exactly 0 is drawn here (log axes have no 0)
    let errors = difference_errors(x, &error_plot_steps());
    svg((720, 460), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .caption(
                format!(
                    "{}{x}{}",
                    tr("error of the numerical derivative of x³ at x = ", "x³ 在 x = "),
                    tr("", " 处数值导数的误差")
                ),
                (FONT, 20),
            )
            .build_cartesian_2d(
                (1e-20..1.0).log_scale().with_key_points(powers_of_ten(-20, 0)),
                (floor..1e3).log_scale().with_key_points(powers_of_ten(-17, 3)),
            )?;
        chart
            .configure_mesh()
            .x_desc(tr("step h", "步长 h"))
            .y_desc(tr("|estimate − true derivative|", "|估计值 − 真正的导数|"))
            .x_label_formatter(&|h: &f64| format!("1e{}", h.log10().round() as i32))
            .y_label_formatter(&|e: &f64| format!("1e{}", e.log10().round() as i32))
            .label_style((FONT, 13))
            .draw()?;
        for (i, name) in
            [tr("forward difference", "前向差分"), tr("central difference", "中心差分")]
                .into_iter()
                .enumerate()
        {
            let color = COLORS[i];
            chart
                .draw_series(LineSeries::new(
                    series(
                        &crate::plot::pick(format!("{name} error"), format!("{name}的误差")),
                        errors.iter().map(|&(h, f, c)| (h, if i == 0 { f } else { c }.max(floor))),
                    ),
                    color.stroke_width(2),
                ))?
                .label(name)
                .legend(legend_line(color));
        }
        // A sum rounds to the nearer f64: x + h == x once h is below half the gap
        // from x to the next f64 up, x − h == x once it is below half the gap down.
        let (up, down) = ((x.next_up() - x) / 2.0, (x - x.next_down()) / 2.0);
        let text_at = 1.5 * up.max(down);
        let marks = [
            (1e-4, tr("h = 1e-4 (the book)", "h = 1e-4（本书）").to_string(), 1e-4 * 1.5, 1e2, 1e3),
            (up, format!("h < {up:.1e}: x + h == x"), text_at, 1e-15, 1e-12),
            (
                down,
                format!("h < {down:.1e}: x − h == x{}", tr(" too", " 也成立")),
                text_at,
                1e-17,
                1e-12,
            ),
        ];
        for (h, label, text_h, y, top) in marks {
            if !(1e-20..1.0).contains(&h) {
                continue; // off the axis, for some --x
            }
            chart.draw_series(DashedLineSeries::new(
                vec![(h, floor), (h, top)],
                5,
                4,
                BLACK.mix(0.6).stroke_width(1),
            ))?;
            chart.draw_series(std::iter::once(Text::new(label, (text_h, y), (FONT, 13))))?;
        }
        for (i, line) in [
            tr("h = 1e-50 lies far to the left,", "h = 1e-50 远在左边，"),
            tr("on this plateau: the estimate", "就在这片平台上：估计值"),
            tr("is 0, the error the whole", "为 0，误差就是整个"),
            &format!("{}{exact}", tr("derivative, ", "导数 ")),
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

/// Chapter 3: the true tangent of f(x) = 0.01x² + 0.1x at x against the forward
/// and the central secants of a step h (the book: x = 10, h = 8).
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "secant")]
pub struct Secant {
    /// Where the derivative is taken (from -10000 to 10000).
    #[arg(long, default_value_t = 10.0, value_parser = tangent_at, allow_hyphen_values = true)]
    pub at: f64,
    /// The step of the secants (large, so that you can see them; 1e-6 to 1000).
    #[arg(long, default_value_t = 8.0, value_parser = crate::parse::secant_step)]
    pub h: f64,
    /// Where to write the figure (SVG). Default: target/experiments/secant.svg
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Experiment for Secant {
    const COMMAND: &'static str = "secant";

    fn report(&self) -> anyhow::Result<String> {
        let [tangent, forward, central] = secant_slopes(self.at, self.h);
        Ok(format!(
            "at x = {}, h = {}: true slope {tangent:.6}, forward secant {forward:.6}, central secant {central:.6}\n",
            self.at, self.h
        ))
    }

    fn figure(&self) -> Result<String, PlotError> {
        secants(self.at, self.h)
    }

    fn out(&self) -> Option<&PathBuf> {
        self.out.as_ref()
    }
}

/// The slopes of the true tangent of `function_1` at `x` (its derivative is
/// `0.02x + 0.1`), of the forward secant through `x` and `x + h`, and of the
/// central secant through `x − h` and `x + h`.
pub fn secant_slopes(x: f64, h: f64) -> [f64; 3] {
    use nnlearn::numerical_diff::{central_difference, forward_difference};
    [0.02 * x + 0.1, forward_difference(function_1, x, h), central_difference(function_1, x, h)]
}

/// f(x) = 0.01x² + 0.1x with its true tangent at `x` and the two secants of step
/// `h`: the forward one leans, the central one (for a parabola) is parallel to
/// the tangent.
pub fn secants(x: f64, h: f64) -> Result<String, PlotError> {
    let (lo, hi) = (x - h - 2.0, x + h + 2.0);
    let xs: Vec<f64> = (0..=400).map(|i| lo + (hi - lo) * f64::from(i) / 400.0).collect();
    let ys: Vec<f64> = xs.iter().map(|&t| function_1(t)).collect();
    let (y_lo, y_hi) = ys.iter().fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
    let margin = 0.1 * (y_hi - y_lo).max(1.0);
    let [tangent, forward, central] = secant_slopes(x, h);
    let lines = [
        (tr("true tangent", "真正的切线"), tangent, x),
        (tr("forward secant, from x to x + h", "前向割线，从 x 到 x + h"), forward, x),
        (tr("central secant, from x − h to x + h", "中心割线，从 x − h 到 x + h"), central, x - h),
    ];
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption(
                match crate::plot::lang() {
                    crate::plot::Lang::En => {
                        format!("the slope at x = {x}, and two secants of step h = {h}")
                    }
                    crate::plot::Lang::ZhCn => {
                        format!("x = {x} 处的斜率，以及步长 h = {h} 的两条割线")
                    }
                },
                (FONT, 20),
            )
            .build_cartesian_2d(lo..hi, (y_lo - margin)..(y_hi + margin))?;
        chart.configure_mesh().x_desc("x").y_desc("f(x)").label_style((FONT, 14)).draw()?;
        chart
            .draw_series(LineSeries::new(
                series("f(x) = 0.01x² + 0.1x", xs.iter().copied().zip(ys.iter().copied())),
                COLORS[0].stroke_width(2),
            ))?
            .label("f(x) = 0.01x² + 0.1x")
            .legend(legend_line(COLORS[0]));
        for (i, (label, slope, through)) in lines.into_iter().enumerate() {
            let color = COLORS[1 + i];
            let at = function_1(through);
            let line = series(
                &crate::plot::pick(
                    format!("{label} (slope {slope:?})"),
                    format!("{label}（斜率 {slope:?}）"),
                ),
                xs.iter()
                    .map(|&t| (t, at + slope * (t - through)))
                    .filter(|&(_, y)| y >= y_lo - margin && y <= y_hi + margin),
            );
            chart
                .draw_series(DashedLineSeries::new(line, 8, 5, color.stroke_width(2)))?
                .label(format!("{label}{}{slope:.4}", tr(": slope ", "：斜率 ")))
                .legend(legend_line(color));
        }
        let points = [x - h, x, x + h].map(|t| {
            Circle::new(mark(tr("marked point", "标出的点"), t, function_1(t)), 5, BLACK.filled())
        });
        chart.draw_series(points)?;
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the chapter says of the error plot: the smallest central error is
    /// at h = 1e-6, the smallest forward error at h = 1e-8.
    #[test]
    fn the_error_plot_is_lowest_at_1e_6_and_1e_8() {
        let errors = difference_errors(1.0, &error_plot_steps());
        let best = |pick: fn(&(f64, f64, f64)) -> f64| {
            errors.iter().min_by(|a, b| pick(a).total_cmp(&pick(b))).unwrap().0
        };
        assert_eq!(best(|e| e.2), 1e-6);
        assert_eq!(best(|e| e.1), 1e-8);
    }

    /// For a parabola the central secant has the exact slope; the forward one is
    /// off by 0.01 h.
    #[test]
    fn the_central_secant_of_a_parabola_is_parallel_to_the_tangent() {
        let [tangent, forward, central] = secant_slopes(10.0, 8.0);
        assert!((central - tangent).abs() < 1e-12);
        assert!((forward - tangent - 0.08).abs() < 1e-12);
    }
}
