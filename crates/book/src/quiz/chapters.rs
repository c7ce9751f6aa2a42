//! The questions of chapters 1 to 5, each with the output it is about and how
//! its answer is read from it. The question's words are in the chapter.

use anyhow::{Context, Result, bail};

use super::read::{after_bar, argmax, field, line, nth_line, number};
use super::{Answer, Found, Question};

pub const ALL: &[(&str, &[Question])] = &[
    ("learning-from-data", LEARNING_FROM_DATA),
    ("loss-functions", LOSS_FUNCTIONS),
    ("numerical-differentiation", NUMERICAL_DIFFERENTIATION),
    ("gradients", GRADIENTS),
    ("learning-algorithm", LEARNING_ALGORITHM),
];

fn number_answer(value: f64, tolerance: f64, shown: &str) -> Result<Found> {
    Ok(Found { answer: Answer::Number { value, tolerance }, shown: vec![shown.to_string()] })
}

fn choice(index: usize, shown: Vec<&str>) -> Result<Found> {
    Ok(Found {
        answer: Answer::Choice(index),
        shown: shown.into_iter().map(String::from).collect(),
    })
}

/// The index of the value of `choices` nearest to `value`.
fn nearest(value: f64, choices: &[f64]) -> usize {
    let distances: Vec<f64> = choices.iter().map(|c| -(c - value).abs()).collect();
    argmax(&distances)
}

// ------------------------------------------------------------------ chapter 1

const LEARNING_FROM_DATA: &[Question] = &[
    Question {
        id: "1.1",
        output: "overfit-summary",
        choices: &["0.1", "0.5", "0.8", "1.0"],
        answer: |text| {
            let first = line(text, "first evaluation")?;
            let test = after_bar(first)?.get(1).copied().context("no test accuracy")?;
            choice(nearest(test, &[0.1, 0.5, 0.8, 1.0]), vec![first])
        },
    },
    Question {
        id: "1.2",
        output: "overfit-summary",
        choices: &[],
        answer: |text| {
            let last = line(text, "last evaluation")?;
            let acc = after_bar(last)?;
            let [train, test] = acc[..] else { bail!("`{last}`: two accuracies") };
            number_answer(train - test, 0.02, last)
        },
    },
    Question {
        id: "1.3",
        output: "full-run-summary",
        choices: &["larger", "about the same", "smaller"],
        answer: |text| {
            // The gap of the 300-image run, which the chapter shows, is 0.22.
            let gap_line = line(text, "train - test")?;
            let gap = after_bar(gap_line)?[0];
            let index = if gap > 0.3 {
                0
            } else if gap > 0.1 {
                1
            } else {
                2
            };
            choice(index, vec![line(text, "last evaluation")?, gap_line])
        },
    },
];

// ------------------------------------------------------------------ chapter 2

const LOSS_FUNCTIONS: &[Question] = &[
    Question {
        id: "2.1",
        output: "mse-two-predictions",
        choices: &[],
        answer: |text| {
            let first = nth_line(text, 1)?;
            number_answer(number(first)?, 0.001, first)
        },
    },
    Question {
        id: "2.2",
        output: "softmax-slopes",
        choices: &["cross-entropy", "squared error", "equal"],
        answer: |text| {
            let row = line(text, "-8.0")?;
            let (ce, se) = (field(row, 2)?.abs(), field(row, 3)?.abs());
            let index = if ce > se {
                0
            } else if se > ce {
                1
            } else {
                2
            };
            choice(index, vec![nth_line(text, 1)?, row])
        },
    },
    Question {
        id: "2.3",
        output: "sigmoid-saturation",
        choices: &["5", "20", "37", "710"],
        answer: |text| {
            let xs = [5.0, 20.0, 37.0, 710.0];
            // The smallest positive x of the table whose slope is exactly 0.
            let row = text
                .lines()
                .skip(1)
                .find(|l| field(l, 0).is_ok_and(|x| x > 0.0) && field(l, 2).is_ok_and(|s| s == 0.0))
                .context("no positive x with a slope of exactly 0")?;
            let x = field(row, 0)?;
            let index =
                xs.iter().position(|c| *c == x).with_context(|| format!("x = {x} is no choice"))?;
            choice(index, vec![nth_line(text, 1)?, row])
        },
    },
];

// ------------------------------------------------------------------ chapter 3

const NUMERICAL_DIFFERENTIATION: &[Question] = &[
    Question {
        id: "3.1",
        output: "numerical-diff",
        choices: &[],
        answer: |text| {
            let first = nth_line(text, 1)?;
            number_answer(number(first)?, 0.0001, first)
        },
    },
    Question {
        id: "3.2",
        output: "forward-vs-central",
        choices: &["forward", "central", "equal"],
        answer: |text| {
            let row = line(text, "1e-2 ")?;
            let (forward, central) = (field(row, 1)?, field(row, 2)?);
            let index = if forward < central {
                0
            } else if central < forward {
                1
            } else {
                2
            };
            choice(index, vec![nth_line(text, 1)?, row])
        },
    },
    Question {
        id: "3.3",
        output: "forward-vs-central",
        choices: &["1e-2", "1e-4", "1e-6", "1e-10", "1e-16"],
        answer: |text| {
            let mut rows = Vec::new();
            let mut errors = Vec::new();
            for h in ["1e-2", "1e-4", "1e-6", "1e-10", "1e-16"] {
                let row = line(text, &format!("{h} "))?;
                errors.push(-field(row, 2)?);
                rows.push(row);
            }
            let index = argmax(&errors);
            choice(index, [vec![nth_line(text, 1)?], rows].concat())
        },
    },
];

// ------------------------------------------------------------------ chapter 4

/// Where a descent from (−3, 4) ended: 0 near the minimum (0, 0), 1 near the
/// start, 2 far away (more than 100 from the minimum), 3 none of these.
fn where_it_ended(end: &[f64]) -> usize {
    let [x0, x1] = end[..] else { return 3 };
    let from = |a: f64, b: f64| ((x0 - a).powi(2) + (x1 - b).powi(2)).sqrt();
    if from(0.0, 0.0) < 0.01 {
        0
    } else if from(-3.0, 4.0) < 0.01 {
        1
    } else if from(0.0, 0.0) > 100.0 {
        2
    } else {
        3
    }
}

const WHERE: &[&str] = &["minimum", "start", "far"];

fn descent_with(text: &str, lr: &str) -> Result<Found> {
    let row = line(text, &format!("lr = {lr}:"))?;
    let index = where_it_ended(&after_bar(row)?);
    choice(index, vec![row])
}

const GRADIENTS: &[Question] = &[
    Question {
        id: "4.1",
        output: "numerical-gradient",
        choices: &[],
        answer: |text| {
            let first = nth_line(text, 1)?;
            number_answer(field(first, 1)?, 0.0001, first)
        },
    },
    Question {
        id: "4.2",
        output: "learning-rates",
        choices: WHERE,
        answer: |text| descent_with(text, "1e1"),
    },
    Question {
        id: "4.3",
        output: "learning-rates",
        choices: WHERE,
        answer: |text| descent_with(text, "1e-10"),
    },
    Question {
        id: "4.4",
        output: "critical-points",
        choices: &["1", "2", "4", "9"],
        answer: |text| {
            let minima = text.lines().filter(|l| l.trim_end().ends_with(": Minimum")).count();
            let index = [1, 2, 4, 9]
                .iter()
                .position(|c| *c == minima)
                .with_context(|| format!("{minima} minima is no choice"))?;
            choice(index, text.lines().collect())
        },
    },
];

// ------------------------------------------------------------------ chapter 5

const LEARNING_ALGORITHM: &[Question] = &[
    Question {
        id: "5.1",
        output: "first-loss",
        choices: &[],
        answer: |text| {
            let first = line(text, "loss before learning:")?;
            number_answer(field(first, 3)?, 0.01, first)
        },
    },
    Question {
        id: "5.2",
        output: "init-experiment",
        choices: &["all zero", "std 1.0", "std 0.01"],
        answer: |text| {
            let mut rows = Vec::new();
            let mut accuracies = Vec::new();
            for start in ["all zero:", "std 1.0:", "std 0.01:"] {
                let row = line(text, start)?;
                let (_, rest) = row.split_once("validation accuracy ").context("no accuracy")?;
                accuracies.push(number(rest.split(',').next().unwrap_or(""))?);
                rows.push(row);
            }
            choice(argmax(&accuracies), rows)
        },
    },
    Question {
        id: "5.3",
        output: "full-run-summary",
        choices: &[],
        answer: |text| {
            let last = line(text, "last evaluation")?;
            let test = after_bar(last)?.get(1).copied().context("no test accuracy")?;
            number_answer(test, 0.02, last)
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Each reading, on a made-up output whose answer is known, and on a broken
    /// one (a line gone, a number garbled) that must fail with the line named.
    #[test]
    fn answers_follow_from_the_text_and_a_broken_text_fails() {
        let q = |id: &str| ALL.iter().flat_map(|(_, q)| q.iter()).find(|q| q.id == id).unwrap();
        let summary = "first evaluation:  train acc, test acc | 0.5, 0.52\n\
                       last evaluation:   train acc, test acc | 0.9, 0.85\n\
                       train - test: 0.0500\n";
        assert_eq!(q("1.1").find(summary).unwrap().answer, Answer::Choice(1));
        assert_eq!(
            q("1.2").find(summary).unwrap().answer,
            Answer::Number { value: 0.9 - 0.85, tolerance: 0.02 }
        );
        assert_eq!(q("1.3").find(summary).unwrap().answer, Answer::Choice(2));
        assert_eq!(
            q("5.3").find(summary).unwrap().answer,
            Answer::Number { value: 0.85, tolerance: 0.02 }
        );
        let err = q("1.2")
            .find(&summary.replace("last", "final"))
            .map_err(|e| format!("{e:#}"))
            .unwrap_err();
        assert!(err.contains("last evaluation") && err.contains("overfit-summary"), "{err}");
        assert!(q("5.3").find(&summary.replace("0.85", "x")).is_err());

        let rates = "lr = 1e1: [1e3, 1.0]\nlr = 1e-10: [-2.9999, 3.9999]\n";
        assert_eq!(q("4.2").find(rates).unwrap().answer, Answer::Choice(2));
        assert_eq!(q("4.3").find(rates).unwrap().answer, Answer::Choice(1));
        assert_eq!(where_it_ended(&[1e-5, 0.0]), 0);
        assert_eq!(where_it_ended(&[1.0, 1.0]), 3);

        let table = "h a b\n1e-2 1e-3 2e-3\n1e-4 1 1\n1e-6 1 0.5\n1e-10 1 1e-4\n1e-16 1 1\n";
        assert_eq!(q("3.2").find(table).unwrap().answer, Answer::Choice(0));
        assert_eq!(q("3.3").find(table).unwrap().answer, Answer::Choice(3));
        assert!(
            q("3.3")
                .find(&table.replace("1e-6 ", "1e-7 "))
                .map_err(|e| format!("{e:#}"))
                .unwrap_err()
                .contains("1e-6")
        );

        let sigmoid = "x s slope\n 5 0.9 0.1\n 20 1.0 0.0\n";
        assert_eq!(q("2.3").find(sigmoid).unwrap().answer, Answer::Choice(1));
        assert!(
            q("2.3")
                .find("x s slope\n 21 1.0 0.0\n")
                .map_err(|e| format!("{e:#}"))
                .unwrap_err()
                .contains("no choice")
        );
        let minima = "a: Minimum\nb: SaddlePoint\nc: Minimum\n";
        assert_eq!(q("4.4").find(minima).unwrap().answer, Answer::Choice(1));
        assert!(q("4.4").find("a: Minimum\n").is_ok());
        assert!(q("4.4").find("a: Maximum\n").is_err(), "0 minima is no choice");
    }
}
