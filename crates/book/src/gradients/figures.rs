//! The figures of chapter 4, "Gradients", and the experiments that draw them:
//! `cargo run -- field`, `cargo run -- descent`, `cargo run -- learning-rates`.

use std::path::PathBuf;

use ndarray::{Array1, Array2, array};
use nnlearn::checked::gradient::gradient_descent;
use nnlearn::gradient::{
    CriticalKind, elongated_bowl, function_2, landscape, landscape_critical_points,
    numerical_gradient_rows,
};
use plotters::prelude::*;

use super::contour::{Plane, draw_bands, draw_colour_scale, draw_level_lines, draw_x0_x1_axes};
use crate::experiment::Experiment;
use crate::figure::Figure;
use crate::figure_data::{mark, series};
use crate::parse::{at_most_series, descent_steps, grid_step, point, positive};
use crate::plot::{Area, COLORS, FONT, PlotError, arange, draw_legend, legend_line, svg, tr};
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
        Figure::fixed("elongated-bowl", elongated_bowl_paths),
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

    fn report(&self) -> anyhow::Result<String> {
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

    fn report(&self) -> anyhow::Result<String> {
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

    fn report(&self) -> anyhow::Result<String> {
        at_most_series(self.rates.len(), "learning rates (--lr)", "compare")?;
        let start = array![self.start[0], self.start[1]];
        let mut text = String::new();
        for &lr in &self.rates {
            let d = gradient_descent(function_2, &start, lr, self.steps);
            // The figure draws each point's distance to the minimum, ‖x‖, on a log scale.
            if let Some(k) = d.path.iter().position(|x| !x.dot(x).sqrt().is_finite()) {
                anyhow::bail!(
                    "lr = {lr:e}: at step {k} the descent is too far from the minimum to draw (its distance overflows f64); use a smaller --start or learning rate"
                );
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
        // The axes' names, beyond their tick labels (x0 along the front edge, x1
        // along the right one, f up the left one).
        let name = |text: &'static str, at: (f64, f64, f64)| {
            Text::new(text, at, (FONT, 15).into_font().style(FontStyle::Italic))
        };
        chart.draw_series([
            name("x0", (0.0, 0.0, 4.6)),
            name("x1", (4.4, 0.0, 0.0)),
            name("f(x0, x1)", (-3.6, 19.0, 3.0)),
        ])?;
        for &x1 in &grid {
            series(
                &crate::plot::pick(
                    format!("f(x0, x1) at x1 = {x1:?}"),
                    format!("x1 = {x1:?} 时的 f(x0, x1)"),
                ),
                grid.iter().map(|&x0| (x0, function_2(&array![x0, x1]))),
            );
        }
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
        draw_x0_x1_axes(&mut chart)?;
        // Contour lines (等高线) where f = 0.5, 1, 1.5, ..., 4: equal steps of f, so
        // the circles lie closer together where the bowl is steeper.
        let bowl = |a: f64, b: f64| function_2(&array![a, b]);
        let levels: Vec<f64> = (1..=8).map(|k| 0.5 * k as f64).collect();
        draw_level_lines(&mut chart, &bowl, &levels, BLACK.mix(0.3))?;
        let inside = |x: f64| (-2.0..=2.0).contains(&x);
        for (p, g) in points.rows().into_iter().zip(grad.rows()) {
            let (x0, x1) = (p[0], p[1]);
            let tip = (x0 - scale * g[0], x1 - scale * g[1]);
            if !(inside(x0) && inside(x1) && inside(tip.0) && inside(tip.1)) {
                continue;
            }
            mark(
                &crate::plot::pick(
                    format!("negative gradient at ({x0:?}, {x1:?})"),
                    format!("({x0:?}, {x1:?}) 处的负梯度"),
                ),
                -g[0],
                -g[1],
            );
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
        let minimum = mark(tr("minimum", "最小值"), 0.0, 0.0);
        chart.draw_series(std::iter::once(Circle::new(minimum, 4, COLORS[3].filled())))?;
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
                    "{}{lr}{}{steps}{}",
                    tr("gradient descent, lr = ", "梯度下降法，学习率 = "),
                    tr(", ", "，"),
                    tr(" steps", " 步")
                ),
                (FONT, 20),
            )
            .build_cartesian_2d(-3.5..3.5, -4.5..4.5)?;
        draw_x0_x1_axes(&mut chart)?;
        for axis in [vec![(-3.5, 0.0), (3.5, 0.0)], vec![(0.0, -4.5), (0.0, 4.5)]] {
            chart.draw_series(DashedLineSeries::new(axis, 6, 4, BLACK.mix(0.3).stroke_width(1)))?;
        }
        // Contour lines where f = 1, 4, 9, 16, 25: circles of radius 1 to 5.
        let bowl = |a: f64, b: f64| function_2(&array![a, b]);
        draw_level_lines(&mut chart, &bowl, &[1.0, 4.0, 9.0, 16.0, 25.0], BLACK.mix(0.3))?;
        draw_path(&mut chart, &descent.path, COLORS[0], tr("path", "路径"))?;
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
                    series(
                        &format!("lr = {}", repr(*lr)),
                        distances.iter().enumerate().map(|(k, &d)| (k as f64, d.max(floor))),
                    )
                    .into_iter()
                    .map(|(k, d)| (k as usize, d)),
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

    fn report(&self) -> anyhow::Result<String> {
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

/// The contour levels of the landscape's map, and the colour of each band
/// between them (below the first level, ..., above the last): blue where low,
/// nearly white where high.
fn landscape_levels() -> (Vec<f64>, Vec<RGBColor>) {
    let levels = vec![-0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0, 0.1, 0.25, 0.5, 1.0, 2.0];
    let n = levels.len();
    let colors = (0..=n)
        .map(|k| {
            let t = k as f64 / n as f64;
            let channel = |dark: f64, light: f64| (dark + (light - dark) * t).round() as u8;
            RGBColor(channel(33.0, 247.0), channel(102.0, 251.0), channel(172.0, 255.0))
        })
        .collect();
    (levels, colors)
}

/// The kinds of points the landscape figure marks.
#[derive(Clone, Copy)]
enum Marker {
    GlobalMinimum,
    LocalMinimum,
    Saddle,
    Maximum,
}

/// Draws `marker` centred on the pixel `(x, y)` of `area`.
fn draw_marker(area: &Area, marker: Marker, (x, y): (i32, i32)) -> Result<(), PlotError> {
    let r = 7;
    match marker {
        Marker::GlobalMinimum => {
            area.draw(&Circle::new((x, y), r, BLACK.filled()))?;
            area.draw(&Circle::new((x, y), r, WHITE.stroke_width(1)))?;
        }
        Marker::LocalMinimum => {
            area.draw(&Circle::new((x, y), r, WHITE.filled()))?;
            area.draw(&Circle::new((x, y), r, BLACK.stroke_width(2)))?;
        }
        Marker::Saddle => {
            let diamond = vec![(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)];
            area.draw(&Polygon::new(diamond.clone(), WHITE.filled()))?;
            area.draw(&PathElement::new(
                diamond.into_iter().chain([(x, y - r - 1)]).collect::<Vec<_>>(),
                BLACK.stroke_width(2),
            ))?;
        }
        Marker::Maximum => {
            let triangle = vec![(x, y - r - 1), (x + r + 1, y + r - 1), (x - r - 1, y + r - 1)];
            area.draw(&Polygon::new(triangle.clone(), BLACK.filled()))?;
            area.draw(&PathElement::new(
                triangle.into_iter().chain([(x, y - r - 1)]).collect::<Vec<_>>(),
                WHITE.stroke_width(1),
            ))?;
        }
    }
    Ok(())
}

/// Draws a descent as a line through its points, each a dot, the start a larger
/// dot: only the points inside the chart (a diverging descent leaves it).
/// Its points (x0, x1) are recorded as the series `name` (see [`series`]).
fn draw_path(
    chart: &mut Plane,
    path: &[Array1<f64>],
    color: RGBColor,
    name: &str,
) -> Result<(), PlotError> {
    let (x, y) = (chart.x_range(), chart.y_range());
    let inside = |p: &Array1<f64>| x.contains(&p[0]) && y.contains(&p[1]);
    let shown = series(name, path.iter().take_while(|p| inside(p)).map(|p| (p[0], p[1])));
    chart.draw_series(std::iter::once(PathElement::new(shown.clone(), color.stroke_width(2))))?;
    chart.draw_series(shown.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
    if let Some(&first) = shown.first() {
        chart.draw_series(std::iter::once(Circle::new(first, 5, color.filled())))?;
    }
    Ok(())
}

/// One entry of a legend drawn beside a chart: a marker or a line, and its text.
enum Entry {
    Marker(Marker),
    Line(RGBColor),
}

/// Draws a legend in `area`, outside the data: the entries in rows of `per_row`.
fn draw_legend_below(
    area: &Area,
    entries: &[(Entry, String)],
    per_row: usize,
) -> Result<(), PlotError> {
    let (width, _) = area.dim_in_pixel();
    let column = width as i32 / per_row as i32;
    for (k, (entry, text)) in entries.iter().enumerate() {
        let (x, y) = (20 + column * (k % per_row) as i32, 18 + 28 * (k / per_row) as i32);
        match entry {
            Entry::Marker(m) => draw_marker(area, *m, (x + 10, y))?,
            Entry::Line(c) => {
                area.draw(&PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)))?;
                area.draw(&Circle::new((x + 10, y), 4, c.filled()))?;
            }
        }
        area.draw(&Text::new(text.clone(), (x + 28, y - 8), (FONT, 14).into_font()))?;
    }
    Ok(())
}

/// The landscape as a filled contour map (blue where low) over [-2.2, 2.2]², with
/// a colour scale, its critical points found by Newton's method and marked by
/// kind, and the descent from each start as a line of dots; the legend below.
pub fn landscape_paths(starts: &[[f64; 2]], lr: f64, steps: usize) -> Result<String, PlotError> {
    let (lo, hi) = (-2.2, 2.2);
    let (levels, colors) = landscape_levels();
    let f = |a: f64, b: f64| landscape(&array![a, b]);
    let points = landscape_critical_points();
    let global = points.iter().map(|(x, _)| landscape(x)).fold(f64::INFINITY, f64::min);
    svg((680, 720), |root| {
        let (top, bottom) = root.split_vertically(590);
        let (left, right) = top.split_horizontally(570);
        let mut chart = ChartBuilder::on(&left)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(45)
            .caption(
                format!(
                    "{}{lr}{}{steps}{}",
                    tr("gradient descent on the landscape, lr = ", "地形上的梯度下降法，学习率 = "),
                    tr(", ", "，"),
                    tr(" steps", " 步")
                ),
                (FONT, 18),
            )
            .build_cartesian_2d(lo..hi, lo..hi)?;
        draw_x0_x1_axes(&mut chart)?;
        draw_bands(&mut chart, &f, &levels, &colors, 160)?;
        draw_level_lines(&mut chart, &f, &levels, BLACK.mix(0.25))?;
        let mut paths = Vec::new();
        for (k, &[x0, x1]) in starts.iter().enumerate() {
            let color = COLORS[(1 + k) % COLORS.len()];
            let d = gradient_descent(landscape, &array![x0, x1], lr, steps);
            let name = crate::plot::pick(
                format!("path from ({x0:?}, {x1:?})"),
                format!("从 ({x0:?}, {x1:?}) 出发的路径"),
            );
            draw_path(&mut chart, &d.path, color, &name)?;
            paths.push((
                Entry::Line(color),
                format!("{}({x0}, {x1}){}", tr("from ", "从 "), tr("", " 出发")),
            ));
        }
        for (x, kind) in &points {
            let marker = match kind {
                CriticalKind::Minimum if landscape(x) <= global + 1e-9 => Marker::GlobalMinimum,
                CriticalKind::Minimum => Marker::LocalMinimum,
                CriticalKind::SaddlePoint => Marker::Saddle,
                CriticalKind::Maximum => Marker::Maximum,
            };
            let name = match marker {
                Marker::GlobalMinimum => tr("global minimum", "全局最小值"),
                Marker::LocalMinimum => tr("local minimum", "局部最小值"),
                Marker::Saddle => tr("saddle point", "鞍点"),
                Marker::Maximum => tr("local maximum", "局部最大值"),
            };
            mark(name, x[0], x[1]);
            draw_marker(&left, marker, chart.backend_coord(&(x[0], x[1])))?;
        }
        draw_colour_scale(&right, &levels, &colors, tr("f(x0, x1)", "f(x0, x1)"))?;
        let mut entries = vec![
            (Entry::Marker(Marker::GlobalMinimum), tr("global minimum", "全局最小值").to_string()),
            (Entry::Marker(Marker::LocalMinimum), tr("local minimum", "局部最小值").to_string()),
            (Entry::Marker(Marker::Saddle), tr("saddle point", "鞍点").to_string()),
            (Entry::Marker(Marker::Maximum), tr("local maximum", "局部最大值").to_string()),
        ];
        entries.extend(paths);
        draw_legend_below(&bottom, &entries, 4)?;
        Ok(())
    })
}

/// Gradient descent on the elongated bowl x0² + 10·x1² from (-4, 1), 20 steps,
/// for three learning rates, over its contour lines: slow along the flat x0 with
/// η = 0.02, a zig-zag across the steep x1 with η = 0.09, and with η = 0.105 a
/// zig-zag that grows until it leaves the figure (η must stay below 0.1).
pub fn elongated_bowl_paths() -> Result<String, PlotError> {
    let (start, steps) = (array![-4.0, 1.0], 20);
    let rates = [0.02, 0.09, 0.105];
    // 680 pixels for 9 units across, 242 for 3.2 up: the same scale both ways, so
    // that the gradient is drawn at right angles to the contour lines.
    svg((765, 420), |root| {
        let (top, bottom) = root.split_vertically(372);
        let mut chart = ChartBuilder::on(&top)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(45)
            .caption(
                format!(
                    "{}{steps}{}",
                    tr(
                        "gradient descent on x0² + 10·x1², from (-4, 1), ",
                        "x0² + 10·x1² 上的梯度下降法，从 (-4, 1) 出发，"
                    ),
                    tr(" steps", " 步")
                ),
                (FONT, 18),
            )
            .build_cartesian_2d(-4.5..4.5, -1.6..1.6)?;
        draw_x0_x1_axes(&mut chart)?;
        let bowl = |a: f64, b: f64| elongated_bowl(&array![a, b]);
        draw_level_lines(&mut chart, &bowl, &[0.5, 2.0, 4.5, 8.0, 12.5, 18.0], BLACK.mix(0.3))?;
        let mut entries = Vec::new();
        for (k, &lr) in rates.iter().enumerate() {
            let color = COLORS[k % COLORS.len()];
            let d = gradient_descent(elongated_bowl, &start, lr, steps);
            let name =
                crate::plot::pick(format!("path with lr = {lr}"), format!("lr = {lr} 的路径"));
            draw_path(&mut chart, &d.path, color, &name)?;
            entries.push((Entry::Line(color), format!("lr = {lr}")));
        }
        let minimum = mark(tr("minimum", "最小值"), 0.0, 0.0);
        chart.draw_series(std::iter::once(Cross::new(minimum, 6, BLACK.stroke_width(2))))?;
        draw_legend_below(&bottom, &entries, 3)?;
        Ok(())
    })
}
