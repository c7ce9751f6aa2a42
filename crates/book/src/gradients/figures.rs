//! The figures of chapter 4, "Gradients", and the experiments that draw them:
//! `cargo run -- field`, `cargo run -- descent`, `cargo run -- learning-rates`.

use std::path::PathBuf;

use ndarray::{Array1, Array2, array};
use nnlearn::checked::gradient::gradient_descent;
use nnlearn::gradient::{function_2, landscape, numerical_gradient_rows};
use plotters::prelude::*;

use crate::experiment::Experiment;
use crate::figure::Figure;
use crate::parse::{at_most_series, descent_steps, grid_step, point, positive};
use crate::plot::{COLORS, FONT, PlotError, arange, draw_legend, legend_line, svg, tr};
use crate::pyrepr::repr;

/// The figures of this chapter.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::fixed("surface", surface),
        Figure::experiment::<Field>("gradient-field", "--step 0.25"),
        Figure::experiment::<Descent>("descent-path", "--lr 0.1 --steps 20 --start -3,4"),
        Figure::experiment::<LearningRates>(
            "learning-rates",
            "--lr 10 --lr 0.1 --lr 1e-10 --steps 100",
        ),
        Figure::experiment::<Landscape>(
            "landscape",
            "--lr 0.1 --steps 100 --start 0.5,-2 --start 0.5,2 --start 0,2",
        ),
    ]
}

/// Chapter 4: the field of negative gradients of x0² + x1² as arrows.
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "field")]
pub struct Field {
    /// Spacing of the grid of arrows (the book: 0.25; from 0.05 to 2).
    #[arg(long, default_value_t = 0.25, value_parser = grid_step)]
    pub step: f64,
    /// Where to write the figure (SVG). Default: target/experiments/field.svg
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Experiment for Field {
    const COMMAND: &'static str = "field";

    fn report(&self) -> Result<String, String> {
        let arrows = field_points(self.step).nrows();
        Ok(format!("{arrows} arrows on a grid of spacing {}\n", self.step))
    }

    fn figure(&self) -> Result<String, PlotError> {
        gradient_field(self.step)
    }

    fn out(&self) -> Option<&PathBuf> {
        self.out.as_ref()
    }
}

/// Chapter 4: gradient descent on x0² + x1², drawn step by step.
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "descent")]
pub struct Descent {
    /// Learning rate η (the book: 0.1).
    #[arg(long, default_value_t = 0.1, value_parser = positive, allow_hyphen_values = true)]
    pub lr: f64,
    /// Number of steps.
    #[arg(long, default_value_t = 20, value_parser = descent_steps)]
    pub steps: usize,
    /// Start point x0,x1.
    #[arg(long, default_value = "-3,4", value_parser = point, allow_hyphen_values = true)]
    pub start: [f64; 2],
    /// Where to write the figure (SVG). Default: target/experiments/descent.svg
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Experiment for Descent {
    const COMMAND: &'static str = "descent";

    fn report(&self) -> Result<String, String> {
        let d = gradient_descent(
            function_2,
            &array![self.start[0], self.start[1]],
            self.lr,
            self.steps,
        );
        // A step can overflow to infinity before the next one finds f not finite:
        // the report gives the last point that is a point.
        let finite = |x: &&Array1<f64>| x.iter().all(|v| v.is_finite());
        let (steps, last) =
            d.path.iter().enumerate().rev().find(|(_, x)| finite(x)).unwrap_or((0, &d.x));
        let mut text = format!("after {steps} steps: {:?}\n", last.to_vec());
        if steps + 1 < d.path.len() {
            text += &format!(
                "step {} overflowed to infinity (the learning rate {:e} is far too large); stopped there\n",
                steps + 1,
                self.lr
            );
        } else if let Some((step, why)) = &d.diverged_at {
            text += &format!("stopped at step {step}: {why}\n");
        }
        Ok(text)
    }

    fn figure(&self) -> Result<String, PlotError> {
        descent_path(self.start, self.lr, self.steps)
    }

    fn out(&self) -> Option<&PathBuf> {
        self.out.as_ref()
    }
}

/// Chapter 4: distance to the minimum against the step, for several learning rates.
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "learning-rates")]
pub struct LearningRates {
    /// Learning rates to compare (repeat the flag, at most 10; the book: 10, 0.1, 1e-10).
    #[arg(long = "lr", default_values_t = [10.0, 0.1, 1e-10], value_parser = positive, allow_hyphen_values = true)]
    pub rates: Vec<f64>,
    /// Number of steps.
    #[arg(long, default_value_t = 100, value_parser = descent_steps)]
    pub steps: usize,
    /// Start point x0,x1.
    #[arg(long, default_value = "-3,4", value_parser = point, allow_hyphen_values = true)]
    pub start: [f64; 2],
    /// Where to write the figure (SVG). Default: target/experiments/learning-rates.svg
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Experiment for LearningRates {
    const COMMAND: &'static str = "learning-rates";

    fn report(&self) -> Result<String, String> {
        at_most_series(self.rates.len(), "learning rates (--lr)", "compare")?;
        let start = array![self.start[0], self.start[1]];
        let mut text = String::new();
        for &lr in &self.rates {
            let d = gradient_descent(function_2, &start, lr, self.steps);
            // The figure draws each point's distance to the minimum, ‖x‖, on a log scale.
            if let Some(k) = d.path.iter().position(|x| !x.dot(x).sqrt().is_finite()) {
                return Err(format!(
                    "lr = {lr:e}: at step {k} the descent is too far from the minimum to draw (its distance overflows f64); use a smaller --start or learning rate"
                ));
            }
            text += &format!("lr = {lr:e}: {:?}\n", d.x.to_vec());
            if let Some((step, why)) = &d.diverged_at {
                text += &format!("  stopped at step {step}: {why}\n");
            }
        }
        Ok(text)
    }

    fn figure(&self) -> Result<String, PlotError> {
        learning_rates(self.start, &self.rates, self.steps)
    }

    fn out(&self) -> Option<&PathBuf> {
        self.out.as_ref()
    }
}

/// The surface of f(x0, x1) = x0² + x1² over [-3, 3]², in 3-D.
pub fn surface() -> Result<String, PlotError> {
    let grid = arange(-3.0, 3.01, 0.25);
    svg((640, 520), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .caption("f(x0, x1) = x0² + x1²", (FONT, 20))
            .build_cartesian_3d(-3.0..3.0, 0.0..18.0, -3.0..3.0)?;
        chart.with_projection(|mut p| {
            p.pitch = 0.45;
            p.yaw = 0.6;
            p.scale = 0.85;
            p.into_matrix()
        });
        chart
            .configure_axes()
            .label_style((FONT, 12))
            .light_grid_style(BLACK.mix(0.1))
            .max_light_lines(3)
            .draw()?;
        chart.draw_series(
            SurfaceSeries::xoz(grid.iter().copied(), grid.iter().copied(), |x0, x1| {
                function_2(&array![x0, x1])
            })
            .style_func(&|&f| {
                let t = (f / 18.0).clamp(0.0, 1.0);
                RGBColor(
                    (31.0 + t * 200.0) as u8,
                    (119.0 + t * 60.0) as u8,
                    (180.0 - t * 150.0) as u8,
                )
                .mix(0.85)
                .filled()
            }),
        )?;
        Ok(())
    })
}

/// The grid of the gradient field: `np.arange(-2, 2.5, step)` in both directions,
/// one point per row (x0, x1).
pub fn field_points(step: f64) -> Array2<f64> {
    let axis = arange(-2.0, 2.5, step);
    let mut points = Array2::zeros((axis.len() * axis.len(), 2));
    for (i, &x1) in axis.iter().enumerate() {
        for (j, &x0) in axis.iter().enumerate() {
            points.row_mut(i * axis.len() + j).assign(&array![x0, x1]);
        }
    }
    points
}

/// The negative gradient of x0² + x1² as arrows on a grid of spacing `step`
/// (the book: 0.25), axes limited to [-2, 2]: every arrow points to the minimum,
/// longer where the function is steeper.
pub fn gradient_field(step: f64) -> Result<String, PlotError> {
    let points = field_points(step);
    let grad = numerical_gradient_rows(function_2, &points);
    let longest = grad.rows().into_iter().map(|g| g.dot(&g).sqrt()).fold(0.0, f64::max);
    // Scale so that the longest arrow is 1.6 grid steps long, as matplotlib's quiver would.
    let scale = if longest > 0.0 { 1.6 * step / longest } else { 0.0 };
    svg((600, 600), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(45)
            .caption(tr("the negative gradient of x0² + x1²", "x0² + x1² 的负梯度"), (FONT, 20))
            .build_cartesian_2d(-2.0..2.0, -2.0..2.0)?;
        chart.configure_mesh().x_desc("x0").y_desc("x1").label_style((FONT, 14)).draw()?;
        let inside = |x: f64| (-2.0..=2.0).contains(&x);
        for (p, g) in points.rows().into_iter().zip(grad.rows()) {
            let (x0, x1) = (p[0], p[1]);
            let tip = (x0 - scale * g[0], x1 - scale * g[1]);
            if !(inside(x0) && inside(x1) && inside(tip.0) && inside(tip.1)) {
                continue;
            }
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x0, x1), tip],
                COLORS[0].stroke_width(1),
            )))?;
            // Arrowhead: two short strokes back from the tip, at ±25° to the shaft.
            let (dx, dy) = (tip.0 - x0, tip.1 - x1);
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let head = (0.3 * len).min(0.08);
                for angle in [0.436_f64, -0.436] {
                    let (c, s) = (angle.cos(), angle.sin());
                    let back = (-(dx * c - dy * s) / len * head, -(dx * s + dy * c) / len * head);
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![tip, (tip.0 + back.0, tip.1 + back.1)],
                        COLORS[0].stroke_width(1),
                    )))?;
                }
            }
        }
        chart.draw_series(std::iter::once(Circle::new((0.0, 0.0), 4, COLORS[3].filled())))?;
        Ok(())
    })
}

/// The points visited by gradient descent on x0² + x1², as markers, with dashed
/// axis lines (the book: from (-3, 4), lr 0.1, 20 steps).
pub fn descent_path(start: [f64; 2], lr: f64, steps: usize) -> Result<String, PlotError> {
    let descent = gradient_descent(function_2, &array![start[0], start[1]], lr, steps);
    svg((560, 640), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(45)
            .caption(
                format!(
                    "{}{lr}, {steps}{}",
                    tr("gradient descent, lr = ", "梯度下降法，学习率 = "),
                    tr(" steps", " 步")
                ),
                (FONT, 20),
            )
            .build_cartesian_2d(-3.5..3.5, -4.5..4.5)?;
        chart.configure_mesh().x_desc("x0").y_desc("x1").label_style((FONT, 14)).draw()?;
        for axis in [vec![(-5.0, 0.0), (5.0, 0.0)], vec![(0.0, -5.0), (0.0, 5.0)]] {
            chart.draw_series(DashedLineSeries::new(axis, 6, 4, COLORS[0].stroke_width(1)))?;
        }
        let visible = |x: &Array1<f64>| x[0].abs() <= 3.5 && x[1].abs() <= 4.5;
        chart.draw_series(
            descent
                .path
                .iter()
                .filter(|x| visible(x))
                .map(|x| Circle::new((x[0], x[1]), 4, COLORS[0].filled())),
        )?;
        Ok(())
    })
}

/// Distance to the minimum, `‖x‖`, against the step of gradient descent from
/// `start` for each learning rate, on a log scale (the book: 10, 0.1 and 1e-10).
pub fn learning_rates(start: [f64; 2], rates: &[f64], steps: usize) -> Result<String, PlotError> {
    let runs: Vec<(f64, Vec<f64>)> = rates
        .iter()
        .map(|&lr| {
            let d = gradient_descent(function_2, &array![start[0], start[1]], lr, steps);
            (lr, d.path.iter().map(|x| x.dot(x).sqrt()).collect())
        })
        .collect();
    let floor = 1e-12;
    let top = runs.iter().flat_map(|(_, d)| d.iter().copied()).fold(10.0, f64::max) * 10.0;
    svg((720, 460), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .caption(
                tr(
                    "how far from the minimum, for each learning rate",
                    "各个学习率下与最小值的距离",
                ),
                (FONT, 20),
            )
            .build_cartesian_2d(0..steps, (floor..top).log_scale())?;
        chart
            .configure_mesh()
            .x_desc(tr("step", "步数"))
            .y_desc(tr("distance to the minimum (0, 0)", "与最小值 (0, 0) 的距离"))
            .y_label_formatter(&|d: &f64| format!("1e{}", d.log10().round() as i32))
            .label_style((FONT, 13))
            .draw()?;
        for (i, (lr, distances)) in runs.iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            chart
                .draw_series(LineSeries::new(
                    distances.iter().enumerate().map(|(k, &d)| (k, d.max(floor))),
                    color.stroke_width(2),
                ))?
                .label(format!("lr = {}", repr(*lr)))
                .legend(legend_line(color));
        }
        draw_legend(&mut chart, SeriesLabelPosition::MiddleRight)?;
        Ok(())
    })
}

/// Chapter 4: gradient descent on the landscape with saddle points and a local
/// minimum, from several starts (the book: three).
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "landscape")]
pub struct Landscape {
    /// Learning rate η.
    #[arg(long, default_value_t = 0.1, value_parser = positive, allow_hyphen_values = true)]
    pub lr: f64,
    /// Number of steps.
    #[arg(long, default_value_t = 100, value_parser = descent_steps)]
    pub steps: usize,
    /// Start points x0,x1 (repeat the flag for several).
    #[arg(long = "start", default_values = ["0.5,-2", "0.5,2", "0,2"], value_parser = point, allow_hyphen_values = true)]
    pub starts: Vec<[f64; 2]>,
    /// Where to write the figure (SVG). Default: target/experiments/landscape.svg
    #[arg(long)]
    pub out: Option<PathBuf>,
}

impl Experiment for Landscape {
    const COMMAND: &'static str = "landscape";

    fn report(&self) -> Result<String, String> {
        at_most_series(self.starts.len(), "start points (--start)", "draw")?;
        let mut text = String::new();
        for &[x0, x1] in &self.starts {
            let d = gradient_descent(landscape, &array![x0, x1], self.lr, self.steps);
            if let Some((step, why)) = &d.diverged_at {
                text += &format!("from ({x0}, {x1}): stopped at step {step}: {why}\n");
                continue;
            }
            let grad = nnlearn::gradient::numerical_gradient(landscape, &d.x);
            if !d.x.iter().chain(&grad).all(|v| v.is_finite()) {
                text += &format!(
                    "from ({x0}, {x1}): stopped: the descent overflowed to infinity (the learning rate {:e} is far too large)\n",
                    self.lr
                );
                continue;
            }
            text += &format!(
                "from ({x0}, {x1}): after {} steps at [{:.6}, {:.6}], f = {:.6}, gradient [{:.1e}, {:.1e}]\n",
                d.path.len() - 1,
                d.x[0],
                d.x[1],
                landscape(&d.x),
                grad[0],
                grad[1]
            );
        }
        Ok(text)
    }

    fn figure(&self) -> Result<String, PlotError> {
        landscape_paths(&self.starts, self.lr, self.steps)
    }

    fn out(&self) -> Option<&PathBuf> {
        self.out.as_ref()
    }
}

/// The landscape as shades of blue (darker is lower) over [-2, 2]², its global
/// minima (×), local minima (○) and saddle points (◇), and the descent from each
/// start as a line of dots.
pub fn landscape_paths(starts: &[[f64; 2]], lr: f64, steps: usize) -> Result<String, PlotError> {
    const CELLS: usize = 40;
    let (lo, hi) = (-2.0, 2.0);
    let size = (hi - lo) / CELLS as f64;
    let center = |i: usize| lo + (i as f64 + 0.5) * size;
    let (f_lo, f_hi) = (-0.75, 0.75);
    let shade = |f: f64| {
        let t = ((f - f_lo) / (f_hi - f_lo)).clamp(0.0, 1.0);
        let channel = |dark: f64, light: f64| (dark + (light - dark) * t).round() as u8;
        RGBColor(channel(8.0, 235.0), channel(48.0, 242.0), channel(107.0, 250.0))
    };
    // The critical points, from the roots of x³ − x = 0 and x³ − x + 0.2 = 0.
    let (deep, hill, shallow) = (-1.0880, 0.2091, 0.8789);
    svg((600, 600), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(45)
            .caption(
                format!(
                    "{}{lr}, {steps}{}",
                    tr("gradient descent on the landscape, lr = ", "地形上的梯度下降法，学习率 = "),
                    tr(" steps", " 步")
                ),
                (FONT, 18),
            )
            .build_cartesian_2d(lo..hi, lo..hi)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("x0")
            .y_desc("x1")
            .label_style((FONT, 14))
            .draw()?;
        chart.draw_series((0..CELLS).flat_map(|i| (0..CELLS).map(move |j| (i, j))).map(
            |(i, j)| {
                let (x0, x1) = (center(i), center(j));
                let corner = |a: f64, b: f64| (a - size / 2.0, b - size / 2.0);
                let far = (x0 + size / 2.0, x1 + size / 2.0);
                Rectangle::new([corner(x0, x1), far], shade(landscape(&array![x0, x1])).filled())
            },
        ))?;
        let marks = [
            ([(-1.0, deep), (1.0, deep)], "×"),
            ([(-1.0, shallow), (1.0, shallow)], "○"),
            ([(0.0, deep), (0.0, shallow)], "◇"),
            ([(-1.0, hill), (1.0, hill)], "◇"),
        ];
        for (points, symbol) in marks {
            let text = |&p: &(f64, f64)| {
                Text::new(symbol, p, (FONT, 22).into_font().color(&WHITE).pos(centered()))
            };
            chart.draw_series(points.iter().map(text))?;
        }
        chart.draw_series(std::iter::once(Text::new(
            tr(
                "× global minimum    ○ local minimum    ◇ saddle point",
                "× 全局最小值    ○ 局部最小值    ◇ 鞍点",
            ),
            (0.0, -1.85),
            (FONT, 15).into_font().color(&BLACK).pos(centered()),
        )))?;
        for (k, &[x0, x1]) in starts.iter().enumerate() {
            let color = COLORS[(1 + k) % COLORS.len()];
            let d = gradient_descent(landscape, &array![x0, x1], lr, steps);
            let inside = d.path.iter().filter(|x| x.iter().all(|v| (lo..=hi).contains(v)));
            chart
                .draw_series(inside.map(|x| Circle::new((x[0], x[1]), 3, color.filled())))?
                .label(format!("{}({x0}, {x1}){}", tr("from ", "从 "), tr("", " 出发")))
                .legend(move |(x, y)| Circle::new((x + 10, y), 4, color.filled()));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        Ok(())
    })
}

/// Text centred on its point.
fn centered() -> plotters::style::text_anchor::Pos {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    Pos::new(HPos::Center, VPos::Center)
}
