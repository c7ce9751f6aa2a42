//! Contour lines (等高线) and filled level bands for the figures of chapter 4:
//! marching squares over a grid, each level line joined into polylines.

use std::collections::BTreeMap;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plot::{FONT, PlotError};

/// A chart over a rectangle of the (x0, x1) plane.
pub type Plane<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The level lines `f = level` over `[x.0, x.1] × [y.0, y.1]`, sampled on a grid of
/// `n × n` cells, as polylines in plane coordinates.
pub fn level_lines(
    f: &dyn Fn(f64, f64) -> f64,
    x: (f64, f64),
    y: (f64, f64),
    n: usize,
    level: f64,
) -> Vec<Vec<(f64, f64)>> {
    let at = |i: usize, j: usize| {
        let p = (x.0 + (x.1 - x.0) * i as f64 / n as f64, y.0 + (y.1 - y.0) * j as f64 / n as f64);
        (p, f(p.0, p.1))
    };
    let grid: Vec<Vec<((f64, f64), f64)>> =
        (0..=n).map(|i| (0..=n).map(|j| at(i, j)).collect()).collect();
    // An edge of the grid: (horizontal?, i, j), from corner (i, j) to (i + 1, j) or (i, j + 1).
    type Edge = (bool, usize, usize);
    let crossing = |(horizontal, i, j): Edge| -> Option<(f64, f64)> {
        let (a, b) = (grid[i][j], if horizontal { grid[i + 1][j] } else { grid[i][j + 1] });
        if (a.1 > level) == (b.1 > level) {
            return None;
        }
        let t = (level - a.1) / (b.1 - a.1);
        Some((a.0.0 + t * (b.0.0 - a.0.0), a.0.1 + t * (b.0.1 - a.0.1)))
    };
    // Segments between edges, cell by cell.
    let mut segments: Vec<(Edge, Edge)> = Vec::new();
    for i in 0..n {
        for j in 0..n {
            // bottom, right, top, left
            let edges = [(true, i, j), (false, i + 1, j), (true, i, j + 1), (false, i, j)];
            let cut: Vec<Edge> = edges.into_iter().filter(|&e| crossing(e).is_some()).collect();
            match cut.len() {
                2 => segments.push((cut[0], cut[1])),
                4 => {
                    // A saddle cell: the centre decides which corners are joined.
                    let centre = f(
                        (grid[i][j].0.0 + grid[i + 1][j].0.0) / 2.0,
                        (grid[i][j].0.1 + grid[i][j + 1].0.1) / 2.0,
                    );
                    if (centre > level) == (grid[i][j].1 > level) {
                        segments.push((cut[0], cut[1]));
                        segments.push((cut[2], cut[3]));
                    } else {
                        segments.push((cut[3], cut[0]));
                        segments.push((cut[1], cut[2]));
                    }
                }
                _ => {}
            }
        }
    }
    // Join the segments that share an edge into polylines.
    let mut by_edge: BTreeMap<Edge, Vec<usize>> = BTreeMap::new();
    for (k, (a, b)) in segments.iter().enumerate() {
        by_edge.entry(*a).or_default().push(k);
        by_edge.entry(*b).or_default().push(k);
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut chain = std::collections::VecDeque::from([segments[start].0, segments[start].1]);
        for forward in [true, false] {
            loop {
                let end = if forward { *chain.back().unwrap() } else { *chain.front().unwrap() };
                let next = by_edge[&end].iter().copied().find(|&k| !used[k]);
                let Some(k) = next else { break };
                used[k] = true;
                let (a, b) = segments[k];
                let other = if a == end { b } else { a };
                if forward { chain.push_back(other) } else { chain.push_front(other) }
            }
        }
        lines.push(chain.into_iter().filter_map(crossing).collect());
    }
    lines
}

/// The axes of a plane of (x0, x1): ticks and names, no grid (the level lines and
/// paths drawn over it are the figure).
pub fn draw_x0_x1_axes(chart: &mut Plane) -> Result<(), PlotError> {
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("x0")
        .y_desc("x1")
        .label_style((FONT, 14))
        .draw()?;
    Ok(())
}

/// Draws the level lines of `f` at `levels` over the whole chart, thin, in `color`.
pub fn draw_level_lines(
    chart: &mut Plane,
    f: &dyn Fn(f64, f64) -> f64,
    levels: &[f64],
    color: RGBAColor,
) -> Result<(), PlotError> {
    let (x, y) = (chart.x_range(), chart.y_range());
    for &level in levels {
        for line in level_lines(f, (x.start, x.end), (y.start, y.end), 120, level) {
            chart.draw_series(std::iter::once(PathElement::new(line, color.stroke_width(1))))?;
        }
    }
    Ok(())
}

/// The band of `value` among `levels` (ascending): 0 below the first level, `levels.len()`
/// above the last.
fn band(levels: &[f64], value: f64) -> usize {
    levels.iter().filter(|&&l| value > l).count()
}

/// Fills the chart with the bands between `levels` (one colour each, `colors[k]` for
/// band `k`, `levels.len() + 1` colours), in strips `rows` high, each strip cut where
/// the band changes: a filled contour map.
pub fn draw_bands(
    chart: &mut Plane,
    f: &dyn Fn(f64, f64) -> f64,
    levels: &[f64],
    colors: &[RGBColor],
    rows: usize,
) -> Result<(), PlotError> {
    let (x, y) = (chart.x_range(), chart.y_range());
    let (dx, dy) = ((x.end - x.start) / (2 * rows) as f64, (y.end - y.start) / rows as f64);
    for r in 0..rows {
        let (y0, y1) = (y.start + r as f64 * dy, y.start + (r + 1) as f64 * dy);
        let mut from = x.start;
        let mut current = band(levels, f(x.start + dx / 2.0, (y0 + y1) / 2.0));
        for c in 1..=2 * rows {
            let xc = x.start + (c as f64 + 0.5) * dx;
            let next = if c < 2 * rows { band(levels, f(xc, (y0 + y1) / 2.0)) } else { usize::MAX };
            if next != current {
                let to = x.start + c as f64 * dx;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(from, y0), (to, y1)],
                    colors[current].filled(),
                )))?;
                (from, current) = (to, next);
            }
        }
    }
    Ok(())
}

/// A vertical colour scale in `area`: one box of equal height per band, each level
/// written at the boundary of its two bands, and `title` above it.
pub fn draw_colour_scale(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    levels: &[f64],
    colors: &[RGBColor],
    title: &str,
) -> Result<(), PlotError> {
    let bands = levels.len() + 1;
    let mut scale = ChartBuilder::on(area)
        .margin_top(50)
        .margin_bottom(90)
        .caption(title, (FONT, 14))
        .build_cartesian_2d(0.0..3.0, 0.0..bands as f64)?;
    for (k, color) in colors.iter().enumerate() {
        let box_ = [(0.0, k as f64), (1.0, k as f64 + 1.0)];
        scale.draw_series(std::iter::once(Rectangle::new(box_, color.filled())))?;
    }
    scale.draw_series(std::iter::once(Rectangle::new(
        [(0.0, 0.0), (1.0, bands as f64)],
        BLACK.mix(0.5).stroke_width(1),
    )))?;
    for (k, &level) in levels.iter().enumerate() {
        let y = (k + 1) as f64;
        scale.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, y), (1.15, y)],
            BLACK.mix(0.5),
        )))?;
        let label = (FONT, 13).into_font().color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
        scale.draw_series(std::iter::once(Text::new(format!("{level}"), (1.3, y), label)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The level line x² + y² = 1 is the unit circle: one closed polyline whose
    /// points are all at distance 1 (within the grid's interpolation error).
    #[test]
    fn the_level_line_of_a_round_bowl_is_a_circle() {
        let lines = level_lines(&|a, b| a * a + b * b, (-2.0, 2.0), (-2.0, 2.0), 80, 1.0);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert!(line.len() > 50);
        for &(a, b) in line {
            assert!(((a * a + b * b).sqrt() - 1.0).abs() < 2e-3, "({a}, {b})");
        }
        assert_eq!(line.first(), line.last(), "closed");
    }

    #[test]
    fn bands_count_the_levels_below() {
        assert_eq!(band(&[0.0, 1.0, 2.0], -1.0), 0);
        assert_eq!(band(&[0.0, 1.0, 2.0], 1.5), 2);
        assert_eq!(band(&[0.0, 1.0, 2.0], 3.0), 3);
    }
}
