//! The numbers behind each figure, for a reader who cannot see it or wants the
//! values: recorded by the drawing code as it draws (each series passes through
//! [`series`] on its way to plotters), written as CSV beside the figure
//! (`book/figures/<name>.csv`, linked under it) and byte-checked by the
//! generated test like the SVG.
//!
//! The CSV is long: one row per point, `series,x,y`, the series named as the
//! figure's legend or caption names it, x and y on the figure's axes. The
//! Chinese figure's CSV (`book/figures/zh-CN/<name>.csv`, linked under it in the
//! Chinese edition) is recorded while the Chinese figure is drawn: its header and
//! its series' names are in Chinese, its numbers the same.

use std::cell::RefCell;

/// The figures that draw no numbers, with no CSV: diagrams of boxes and arrows,
/// which their text alternative describes whole.
pub const DIAGRAMS: &[&str] = &["three-approaches"];

thread_local! {
    // The rows recorded while a figure is drawn under `capture`; None otherwise,
    // so that drawing outside it (the command line's figures) records nothing.
    static ROWS: RefCell<Option<Vec<(String, f64, f64)>>> = const { RefCell::new(None) };
}

/// A series of points as the figure draws it: recorded under `name`, and given back.
pub fn series(name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let points: Vec<(f64, f64)> = points.into_iter().collect();
    ROWS.with(|r| {
        if let Some(rows) = r.borrow_mut().as_mut() {
            rows.extend(points.iter().map(|&(x, y)| (name.to_string(), x, y)));
        }
    });
    points
}

/// One point, recorded (see [`series`]) and given back.
pub fn mark(name: &str, x: f64, y: f64) -> (f64, f64) {
    series(name, [(x, y)])[0]
}

/// Records the inked pixels of an image as a series: x the pixel's index, from 0 to
/// 783 (row × 28 + column), y its ink (1 black); a pixel not listed is paper (0).
pub fn ink(name: &str, pixels: &[f64]) {
    series(name, pixels.iter().enumerate().filter(|(_, p)| **p > 0.0).map(|(k, &p)| (k as f64, p)));
}

/// Runs `draw` and returns its result with the CSV of the series it drew, its
/// header in the language figures are drawn in ([`crate::plot::in_lang`]).
pub fn capture<T>(draw: impl FnOnce() -> T) -> (T, String) {
    struct Restore(Option<Vec<(String, f64, f64)>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            ROWS.with(|r| *r.borrow_mut() = self.0.take());
        }
    }
    let restore = Restore(ROWS.with(|r| r.borrow_mut().replace(Vec::new())));
    let out = draw();
    let rows = ROWS.with(|r| r.borrow_mut().take()).unwrap_or_default();
    drop(restore);
    (out, csv(&rows))
}

/// The rows as CSV (RFC 4180: a name with a comma or a quote is quoted). Numbers
/// are written as Rust's `{:?}` writes an f64, the shortest text that reads back
/// the same value.
fn csv(rows: &[(String, f64, f64)]) -> String {
    let mut out = format!("{}\n", crate::plot::tr("series,x,y", "数据系列,x,y"));
    for (name, x, y) in rows {
        let name = if name.contains([',', '"', '\n']) {
            format!("\"{}\"", name.replace('"', "\"\""))
        } else {
            name.clone()
        };
        out += &format!("{name},{x:?},{y:?}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_under_capture() {
        assert_eq!(series("lost", [(1.0, 2.0)]), vec![(1.0, 2.0)]);
        let (v, text) = capture(|| {
            series("f(x), squared", [(0.0, 0.0), (0.5, 0.25)]);
            mark("min \"0\"", 0.0, 0.0);
            7
        });
        assert_eq!(v, 7);
        assert_eq!(
            text,
            "series,x,y\n\"f(x), squared\",0.0,0.0\n\"f(x), squared\",0.5,0.25\n\"min \"\"0\"\"\",0.0,0.0\n"
        );
        // Nothing is recorded once the capture is over.
        assert_eq!(capture(|| ()).1, "series,x,y\n");
        series("after", [(3.0, 4.0)]);
        assert_eq!(capture(|| ()).1, "series,x,y\n");
        // In Chinese, the header too.
        let zh = crate::plot::in_lang(crate::plot::Lang::ZhCn, || capture(|| mark("点", 1.0, 2.0)));
        assert_eq!(zh.1, "数据系列,x,y\n点,1.0,2.0\n");
    }
}
