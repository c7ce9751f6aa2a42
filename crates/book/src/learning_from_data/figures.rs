//! The figures of chapter 1, "Learning from data".

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::figure::Figure;
use crate::plot::{Area, FONT, PlotError, draw_digit, svg, tr};

/// The figures of this chapter.
pub fn figures() -> Vec<Figure> {
    vec![
        Figure::fixed("handwritten-fives", handwritten_fives),
        Figure::fixed("three-approaches", three_approaches),
    ]
}

/// The first 16 images labelled 5 among the training images shipped with the
/// book: the same digit, written sixteen ways.
pub fn handwritten_fives() -> Result<String, PlotError> {
    let (train, _) = mnist::load_mnist(&mnist::subset_dir(), mnist::LoadOptions::default())
        .map_err(|e| PlotError(e.to_string()))?;
    let images = train.images_2d();
    let fives: Vec<usize> = train
        .classes()
        .iter()
        .enumerate()
        .filter(|(_, k)| **k == 5)
        .map(|(i, _)| i)
        .take(16)
        .collect();
    let (scale, gap, per_row) = (3, 14, 8);
    let side = 28 * scale;
    let width = per_row * (side + gap) + gap;
    let height = 2 * (side + gap + 18) + gap;
    svg((width as u32, height as u32), |root| {
        for (n, &i) in fives.iter().enumerate() {
            let (col, row) = ((n % per_row as usize) as i32, (n / per_row as usize) as i32);
            let x = gap + col * (side + gap);
            let y = gap + row * (side + gap + 18);
            let pixels = images.row(i).to_vec();
            let name = crate::plot::pick(format!("training image {i}"), format!("训练图像 {i}"));
            crate::figure_data::ink(&name, &pixels);
            draw_digit(root, &pixels, (x, y), scale)?;
            let label = format!("{} {i}", tr("image", "图像"));
            let style = (FONT, 13).into_font().color(&BLACK).pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(label, (x + side / 2, y + side + 4), style))?;
        }
        Ok(())
    })
}

/// Who decides each step: a person (gray) or the machine, from data (white).
const BY_HAND: RGBColor = RGBColor(200, 200, 200);

/// The three approaches to recognising a "5": a hand-written algorithm; features
/// designed by hand and then machine learning; a neural network end to end.
pub fn three_approaches() -> Result<String, PlotError> {
    svg((960, 400), |root| {
        let rows = [
            (60, vec![(tr("algorithm designed by a person", "人设计的算法"), true)]),
            (
                170,
                vec![
                    (
                        tr(
                            "features chosen by a person (SIFT, HOG)",
                            "人选择的特征量（SIFT、HOG）",
                        ),
                        true,
                    ),
                    (tr("machine learning (SVM, KNN ...)", "机器学习（SVM、KNN……）"), false),
                ],
            ),
            (280, vec![(tr("neural network (deep learning)", "神经网络（深度学习）"), false)]),
        ];
        for (y, boxes) in &rows {
            input_image(root, 20, *y)?;
            let width = 660 / boxes.len() as i32 - 30;
            let mut x = 110;
            for (label, by_hand) in boxes {
                arrow(root, (x - 30, *y), (x, *y))?;
                labelled_box(root, (x, y - 28), (x + width, y + 28), label, *by_hand)?;
                x += width + 30;
            }
            arrow(root, (x - 30, *y), (x + 10, *y))?;
            root.draw(&Text::new(
                tr("answer: \"5\"", "答案：“5”"),
                (x + 20, *y),
                TextStyle::from((FONT, 16)).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        labelled_box(root, (110, 345), (140, 365), "", true)?;
        root.draw(&Text::new(
            tr("decided by a person", "由人决定"),
            (150, 355),
            TextStyle::from((FONT, 14)).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        labelled_box(root, (340, 345), (370, 365), "", false)?;
        root.draw(&Text::new(
            tr("learned by the machine from data", "由机器从数据中学习"),
            (380, 355),
            TextStyle::from((FONT, 14)).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        Ok(())
    })
}

/// A small square standing for the input image, with a "5" in it.
fn input_image(root: &Area, x: i32, y: i32) -> Result<(), PlotError> {
    root.draw(&Rectangle::new([(x, y - 25), (x + 50, y + 25)], BLACK.filled()))?;
    root.draw(&Text::new(
        "5",
        (x + 25, y),
        TextStyle::from((FONT, 34)).color(&WHITE).pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}

fn labelled_box(
    root: &Area,
    top_left: (i32, i32),
    bottom_right: (i32, i32),
    label: &str,
    by_hand: bool,
) -> Result<(), PlotError> {
    let fill = if by_hand { BY_HAND } else { WHITE };
    root.draw(&Rectangle::new([top_left, bottom_right], fill.filled()))?;
    root.draw(&Rectangle::new([top_left, bottom_right], BLACK.stroke_width(2)))?;
    let center = ((top_left.0 + bottom_right.0) / 2, (top_left.1 + bottom_right.1) / 2);
    root.draw(&Text::new(
        label.to_string(),
        center,
        TextStyle::from((FONT, 15)).pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}

fn arrow(root: &Area, from: (i32, i32), to: (i32, i32)) -> Result<(), PlotError> {
    root.draw(&PathElement::new(vec![from, (to.0 - 8, to.1)], BLACK.stroke_width(2)))?;
    root.draw(&Polygon::new(
        vec![to, (to.0 - 10, to.1 - 6), (to.0 - 10, to.1 + 6)],
        BLACK.filled(),
    ))?;
    Ok(())
}
