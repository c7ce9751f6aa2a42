//! The figures of chapter 2, "Loss functions".

use plotters::prelude::*;

use nnlearn::activation::{sigmoid, sigmoid_grad, step_function};

use super::listings::accuracy_vs_loss::accuracy_and_loss;
use crate::figure::Figure;
use crate::plot::{
    Area, COLORS, FONT, PlotError, SIZE, draw_legend, legend_line, linspace, svg, tr,
};

/// The figures of this chapter.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::fixed("natural-log", natural_log),
        Figure::fixed("step-vs-sigmoid", step_versus_sigmoid),
        Figure::fixed("accuracy-vs-loss", accuracy_versus_loss),
    ]
}

/// y = ln x on (0, 1], with the two predictions of the chapter marked: the loss
/// is the height of the point below zero.
pub fn natural_log() -> Result<String, PlotError> {
    svg(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(20)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .caption("y = ln x", (FONT, 20))
            .build_cartesian_2d(0.0..1.05, -5.0..0.5)?;
        chart.configure_mesh().x_desc("x").y_desc("y").label_style((FONT, 14)).draw()?;
        let xs = linspace((-5.0f64).exp(), 1.0, 400);
        chart
            .draw_series(LineSeries::new(
                xs.iter().map(|&x| (x, x.ln())),
                COLORS[0].stroke_width(2),
            ))?
            .label("y = ln x")
            .legend(legend_line(COLORS[0]));
        for (p, name) in [
            (0.6_f64, tr("y1: 0.6 for \"2\"", "y1：“2”的概率为 0.6")),
            (0.1, tr("y2: 0.1 for \"2\"", "y2：“2”的概率为 0.1")),
        ] {
            chart.draw_series(std::iter::once(Circle::new((p, p.ln()), 5, COLORS[1].filled())))?;
            chart.draw_series(std::iter::once(Text::new(
                format!("{name}{}{p} = {:.2}", tr(", loss -ln ", "，损失 -ln "), -f64::ln(p)),
                (p + 0.03, p.ln() - 0.1),
                (FONT, 14),
            )))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    })
}

/// The step function against the sigmoid (left) and their slopes (right).
pub fn step_versus_sigmoid() -> Result<String, PlotError> {
    svg((880, 380), |root| {
        let (left, right) = root.split_horizontally(440);
        let xs = linspace(-6.0, 6.0, 481);
        two_curves(
            &left,
            tr("the functions", "函数"),
            -0.1..1.1,
            [
                (
                    tr("step function", "阶跃函数"),
                    xs.iter().map(|&x| (x, step_function(x))).collect(),
                ),
                (tr("sigmoid", "sigmoid 函数"), xs.iter().map(|&x| (x, sigmoid(x))).collect()),
            ],
        )?;
        // The step function's slope is 0 wherever it is defined (not at x = 0).
        let step_slope: Vec<(f64, f64)> = xs.iter().map(|&x| (x, 0.0)).collect();
        two_curves(
            &right,
            tr("their slopes", "它们的斜率"),
            -0.03..0.3,
            [
                (tr("step: 0 (undefined at 0)", "阶跃函数：0（在 0 处无定义）"), step_slope),
                (
                    tr(
                        "sigmoid: 0.25 at 0, small far out",
                        "sigmoid 函数：在 0 处为 0.25，远处很小",
                    ),
                    xs.iter().map(|&x| (x, sigmoid_grad(x))).collect(),
                ),
            ],
        )?;
        Ok(())
    })
}

/// A panel with two named curves, the first dashed.
fn two_curves(
    area: &Area,
    title: &str,
    y_range: std::ops::Range<f64>,
    curves: [(&str, Vec<(f64, f64)>); 2],
) -> Result<(), PlotError> {
    let mut chart = ChartBuilder::on(area)
        .margin(15)
        .x_label_area_size(35)
        .y_label_area_size(45)
        .caption(title, (FONT, 18))
        .build_cartesian_2d(-6.0..6.0, y_range)?;
    chart.configure_mesh().x_desc("x").label_style((FONT, 13)).draw()?;
    for (i, (name, points)) in curves.into_iter().enumerate() {
        let color = COLORS[i];
        let series = if i == 0 {
            chart.draw_series(DashedLineSeries::new(points, 6, 4, color.stroke_width(2)))?
        } else {
            chart.draw_series(LineSeries::new(points, color.stroke_width(2)))?
        };
        series.label(name).legend(legend_line(color));
    }
    draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

/// Accuracy (a staircase) and loss (a smooth curve) of the one-weight classifier
/// of the chapter, as its weight `w` sweeps [-1, 1].
pub fn accuracy_versus_loss() -> Result<String, PlotError> {
    svg((880, 380), |root| {
        let (left, right) = root.split_horizontally(440);
        let ws = linspace(-1.0, 1.0, 801);
        let values: Vec<(f64, f64, f64)> = ws
            .iter()
            .map(|&w| {
                let (a, l) = accuracy_and_loss(w);
                (w, a, l)
            })
            .collect();
        let highest_loss = values.iter().map(|v| v.2).fold(0.0, f64::max);
        for (area, title, pick, range, color) in [
            (&left, tr("accuracy: flat steps", "识别精度：平坦的台阶"), 0, 0.0..1.05, COLORS[3]),
            (
                &right,
                tr("loss: smooth, lowest at w = 0.3", "损失：光滑，在 w = 0.3 处最低"),
                1,
                0.0..highest_loss * 1.05,
                COLORS[0],
            ),
        ] {
            let mut chart = ChartBuilder::on(area)
                .margin(15)
                .x_label_area_size(35)
                .y_label_area_size(45)
                .caption(title, (FONT, 18))
                .build_cartesian_2d(-1.0..1.0, range)?;
            chart
                .configure_mesh()
                .x_desc(tr("weight w", "权重 w"))
                .label_style((FONT, 13))
                .draw()?;
            chart.draw_series(LineSeries::new(
                values.iter().map(|&(w, a, l)| (w, if pick == 0 { a } else { l })),
                color.stroke_width(2),
            ))?;
        }
        Ok(())
    })
}
