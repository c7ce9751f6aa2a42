//! The house style of the book's figures, and the plumbing that turns a plotters
//! drawing into an SVG string.
//!
//! Every figure is drawn by plotters' SVG backend with no font files (text is left
//! to the reader's browser), on a white background so it stays readable in the
//! dark themes, with integer pixel coordinates: the same code draws the same bytes
//! on every machine, which is what lets `cargo test` compare a fresh drawing with
//! the committed file.

use std::cell::Cell;

use plotters::coord::Shift;
use plotters::prelude::*;

/// The language of a figure's visible text: the English edition's figures, and the
/// Chinese edition's (`book/figures/zh-CN/`), drawn by the same code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    ZhCn,
}

impl Lang {
    /// Every language the figures are drawn in.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The language's code, as the editions name it (`en`, `zh-CN`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language of a code, for the command line's `--lang`.
    pub fn from_code(code: &str) -> Result<Lang, UnknownLang> {
        Lang::ALL.into_iter().find(|l| l.code() == code).ok_or_else(|| UnknownLang {
            code: code.into(),
            known: ("the figures are drawn in", "图的语言有"),
            said_in: Lang::En,
        })
    }
}

/// A `--lang` that names none of the book's languages: the code given, and
/// what speaks the known ones (`"the figures are drawn in"`, with its Chinese),
/// before their list, said in `said_in` (the exercises answer in the locale's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLang {
    pub code: String,
    pub known: (&'static str, &'static str),
    pub said_in: Lang,
}

impl std::fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let codes = Lang::ALL.map(Lang::code);
        match self.said_in {
            Lang::En => {
                write!(f, "unknown language `{}`: {} {}", self.code, self.known.0, codes.join(", "))
            }
            Lang::ZhCn => {
                write!(f, "不认识的语言 `{}`：{} {}", self.code, self.known.1, codes.join("、"))
            }
        }
    }
}

impl std::error::Error for UnknownLang {}

thread_local! {
    // The language figures are drawn in on this thread: English unless `in_lang`
    // says otherwise, so that the drawing functions keep their signatures.
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Runs `draw` with every label in `lang` (see [`tr`]).
pub fn in_lang<T>(lang: Lang, draw: impl FnOnce() -> T) -> T {
    struct Restore(Lang);
    impl Drop for Restore {
        fn drop(&mut self) {
            LANG.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(LANG.with(|l| l.replace(lang)));
    draw()
}

/// The language figures are being drawn in.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// A visible label in the language of the figure being drawn: `tr("loss", "损失")`.
pub fn tr(en: &'static str, zh: &'static str) -> &'static str {
    match lang() {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// A visible text made at run time (`format!`), in the language of the figure
/// being drawn: `pick(format!("tangent at x = {x}"), format!("x = {x} 处的切线"))`.
pub fn pick(en: String, zh: String) -> String {
    match lang() {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// The drawing area of an SVG figure.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A failure while drawing (plotters reports them as strings for the SVG backend).
#[derive(Debug, Clone, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct PlotError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError(e.to_string())
    }
}

/// Width and height of a standard figure, in pixels.
pub const SIZE: (u32, u32) = (640, 420);

/// The font family of every label: the browser's sans-serif.
pub const FONT: &str = "sans-serif";

/// The font stack of the Chinese figures, named so that Han characters are drawn
/// with a simplified-Chinese font (a browser's bare `sans-serif` may fall back to a
/// Japanese one, whose glyph forms differ), with the SVG's language set to match.
pub const FONT_ZH: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// Line colors, in order: blue, orange, green, red (the classic matplotlib cycle,
/// distinguishable for most forms of color blindness in this order).
pub const COLORS: [RGBColor; 4] =
    [RGBColor(31, 119, 180), RGBColor(255, 127, 14), RGBColor(44, 160, 44), RGBColor(214, 39, 40)];

/// Draws a figure of `size` pixels with `draw` and returns the SVG text.
pub fn svg(
    size: (u32, u32),
    draw: impl FnOnce(&Area) -> Result<(), PlotError>,
) -> Result<String, PlotError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    if lang() == Lang::ZhCn {
        out = out
            .replacen("<svg ", "<svg xml:lang=\"zh-CN\" ", 1)
            .replace(&format!("font-family=\"{FONT}\""), &format!("font-family=\"{FONT_ZH}\""));
    }
    Ok(out)
}

/// The sample line that stands for a series of `color` in a legend.
pub fn legend_line(color: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
}

/// Draws the legend of `chart` at `position`: white box, black frame, 14 px text.
pub fn draw_legend<'a, CT>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, CT>,
    position: SeriesLabelPosition,
) -> Result<(), PlotError>
where
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE)
        .border_style(BLACK)
        .label_font((FONT, 14))
        .draw()?;
    Ok(())
}

/// Draws a 28 × 28 MNIST image (784 pixels in 0..=1, row by row) with its top
/// left corner at `(x, y)`, each pixel a `scale` × `scale` square, in a thin gray
/// frame: ink in 16 shades of gray, the paper left white. Neighbouring pixels of
/// a row with the same shade are drawn as one rectangle, to keep the SVG small.
pub fn draw_digit(
    area: &Area,
    pixels: &[f64],
    (x, y): (i32, i32),
    scale: i32,
) -> Result<(), PlotError> {
    let side = 28 * scale;
    area.draw(&Rectangle::new([(x - 1, y - 1), (x + side, y + side)], RGBColor(190, 190, 190)))?;
    let shade = |p: f64| (p.clamp(0.0, 1.0) * 15.0).round() as u8; // 0 = paper, 15 = black
    for (row, pixels) in pixels.chunks(28).enumerate() {
        let mut col = 0;
        while col < pixels.len() {
            let level = shade(pixels[col]);
            let run = pixels[col..].iter().take_while(|&&p| shade(p) == level).count();
            if level > 0 {
                let gray = 255 - level * 17;
                let corner = (x + col as i32 * scale, y + row as i32 * scale);
                let far = (corner.0 + run as i32 * scale, corner.1 + scale);
                area.draw(&Rectangle::new([corner, far], RGBColor(gray, gray, gray).filled()))?;
            }
            col += run;
        }
    }
    Ok(())
}

/// `n` evenly spaced values from `start` to `stop` (both included), like `np.linspace`.
pub fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    match n {
        0 => vec![],
        1 => vec![start],
        _ => (0..n).map(|i| start + (stop - start) * i as f64 / (n - 1) as f64).collect(),
    }
}

/// Values from `start` (included) to `stop` (excluded) in steps of `step`, like
/// `np.arange`: the i-th value is `start + i * step`, not a running sum.
pub fn arange(start: f64, stop: f64, step: f64) -> Vec<f64> {
    let n = ((stop - start) / step).ceil().max(0.0) as usize;
    (0..n).map(|i| start + i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arange_matches_numpy_length_and_values() {
        let x = arange(0.0, 20.0, 0.1);
        assert_eq!(x.len(), 200);
        assert_eq!(x[3], 0.30000000000000004);
        assert_eq!(arange(-2.0, 2.25, 0.25).len(), 17);
    }

    #[test]
    fn linspace_includes_both_ends() {
        assert_eq!(linspace(0.0, 1.0, 5), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    }

    #[test]
    fn labels_follow_the_language_and_it_is_restored() {
        assert_eq!(tr("loss", "损失"), "loss");
        assert_eq!(in_lang(Lang::ZhCn, || tr("loss", "损失")), "损失");
        assert_eq!(lang(), Lang::En);
        let caught = std::panic::catch_unwind(|| in_lang(Lang::ZhCn, || panic!("drawing failed")));
        assert!(caught.is_err());
        assert_eq!(lang(), Lang::En, "restored after a panic too");
        assert_eq!(Lang::from_code("zh-CN"), Ok(Lang::ZhCn));
        let unknown = Lang::from_code("fr").unwrap_err().to_string();
        assert_eq!(unknown, "unknown language `fr`: the figures are drawn in en, zh-CN");
    }

    #[test]
    fn chinese_figures_name_a_cjk_font_and_their_language() {
        let draw = |a: &Area| {
            a.draw(&Text::new("损失", (5, 5), (FONT, 12)))?;
            Ok(())
        };
        let zh = in_lang(Lang::ZhCn, || svg((40, 30), draw)).unwrap();
        assert!(zh.starts_with("<svg xml:lang=\"zh-CN\" "), "{zh}");
        assert!(zh.contains(&format!("font-family=\"{FONT_ZH}\"")), "{zh}");
        assert!(!zh.contains("font-family=\"sans-serif\""), "{zh}");
        let en = svg((40, 30), draw).unwrap();
        assert!(!en.contains("xml:lang") && en.contains("font-family=\"sans-serif\""), "{en}");
    }

    #[test]
    fn svg_is_deterministic_and_white() {
        let draw = |a: &Area| -> Result<(), PlotError> {
            a.draw(&Circle::new((10, 10), 5, BLUE.filled()))?;
            Ok(())
        };
        let one = svg((40, 30), draw).unwrap();
        let two = svg((40, 30), draw).unwrap();
        assert_eq!(one, two);
        assert!(one.contains("<svg"));
        assert!(one.contains("#FFFFFF"));
    }
}
