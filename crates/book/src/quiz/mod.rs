//! The chapters' predict-then-check questions: what the reader is asked, and
//! the answers, computed from the pinned outputs of the listings
//! (`book/outputs/*.txt`), never typed by hand.
//!
//! A question's text, its choices and the explanation of its answer are English
//! in the chapter (a `<div class="nn-quiz" data-quiz="3.1" ...>` block, so that
//! they go through the catalogue for the Chinese edition); its answer is found
//! here in the output it names. `cargo run -- regen` writes each chapter's
//! answers to `book/quiz/<chapter>.json` (see [`chapter_json`]), which the page's
//! `book/widgets/quiz.js` reads; `cargo test` byte-checks that file, so an output
//! that changes changes the answer or fails the test, and [`check_chapter`]
//! fails when a question's text no longer matches what is computed here.
//!
//! One file per chapter holds its questions.

mod chapters;
mod markdown;
mod read;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};

pub use markdown::check_chapter;

/// One question of a chapter.
pub struct Question {
    /// `"<chapter>.<n>"`, as the chapter's block names it (`data-quiz`).
    pub id: &'static str,
    /// The listing output the answer is read from (`book/outputs/<output>.txt`).
    pub output: &'static str,
    /// For a multiple-choice question, a word or number that each choice of the
    /// chapter's list must contain, in order (the test checks it); empty for a
    /// question answered with a number.
    pub choices: &'static [&'static str],
    /// Reads the answer from the output's text.
    pub answer: fn(&str) -> Result<Found>,
}

/// The answer of a question, and the lines of the output it follows from (shown
/// to the reader after answering).
#[derive(Debug, PartialEq)]
pub struct Found {
    pub answer: Answer,
    pub shown: Vec<String>,
}

#[derive(Debug, PartialEq)]
pub enum Answer {
    /// A number, right when within `tolerance` of `value`; the chapter states
    /// the tolerance (the test checks it).
    Number { value: f64, tolerance: f64 },
    /// The index of the right choice, from 0.
    Choice(usize),
}

/// The chapters that have questions: (file name without `.md`, questions).
pub fn chapters() -> Vec<(&'static str, &'static [Question])> {
    chapters::ALL.to_vec()
}

/// The questions of `chapter` (empty for a chapter without any).
pub fn questions(chapter: &str) -> &'static [Question] {
    chapters::ALL.iter().find(|(name, _)| *name == chapter).map_or(&[], |(_, q)| q)
}

/// Where a chapter's answers are, relative to the book folder.
pub fn answers_file(chapter: &str) -> String {
    format!("quiz/{chapter}.json")
}

impl Question {
    /// The answer, read from `output` (the text of `book/outputs/<self.output>.txt`),
    /// checked against the question's choices.
    pub fn find(&self, output: &str) -> Result<Found> {
        let found = (self.answer)(output).with_context(|| {
            format!("question {}: in book/outputs/{}.txt", self.id, self.output)
        })?;
        match found.answer {
            Answer::Choice(i) if i >= self.choices.len() => {
                bail!("question {}: choice {i} of {}", self.id, self.choices.len())
            }
            Answer::Number { value, tolerance } if !(value.is_finite() && tolerance > 0.0) => {
                bail!("question {}: answer {value} ± {tolerance}", self.id)
            }
            Answer::Number { .. } if !self.choices.is_empty() => {
                bail!("question {}: a number answer with choices", self.id)
            }
            _ => Ok(found),
        }
    }

    fn json(&self, output: &str) -> Result<Value> {
        let found = self.find(output)?;
        let mut q = json!({ "id": self.id, "output": self.output, "shown": found.shown });
        match found.answer {
            Answer::Number { value, tolerance } => {
                q["kind"] = json!("number");
                q["answer"] = json!(value);
                q["tolerance"] = json!(tolerance);
            }
            Answer::Choice(i) => {
                q["kind"] = json!("choice");
                q["answer"] = json!(i);
                q["choices"] = json!(self.choices.len());
            }
        }
        Ok(q)
    }
}

/// The id mdBook gives a heading (`Exercise 2.1: Predict` becomes
/// `exercise-21-predict`): lower case, spaces as `-`, other punctuation dropped.
pub fn heading_id(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// A chapter's answers file: its questions' answers, read by `output` (the text
/// of a listing's pinned output, by name), and its exercises with the command
/// that checks each and the id of its heading in `markdown` (the chapter's).
pub fn chapter_json(
    chapter: &str,
    markdown: &str,
    output: &dyn Fn(&str) -> Result<String>,
) -> Result<String> {
    let mut questions = Vec::new();
    for q in self::questions(chapter) {
        questions.push(q.json(&output(q.output)?)?);
    }
    let mut exercises = Vec::new();
    for e in crate::contents::exercises().iter().filter(|e| e.chapter == chapter) {
        let start = format!("### Exercise {}:", e.id);
        let heading = markdown
            .lines()
            .find_map(|l| l.strip_prefix("### ").filter(|_| l.starts_with(&start)))
            .ok_or_else(|| anyhow!("{chapter}: no heading `{start} ...`"))?;
        exercises.push(json!({
            "id": e.id,
            "title": e.title,
            "title_zh": e.title_zh,
            "anchor": heading_id(heading),
            "command": format!("cargo run -- exercise {}", e.id),
        }));
    }
    let all = json!({ "chapter": chapter, "questions": questions, "exercises": exercises });
    let mut text = serde_json::to_string_pretty(&all)?;
    text.push('\n');
    Ok(text)
}

/// Every chapter's answers file, read from the outputs in `book` (relative path,
/// content).
pub fn produce_all(book: &std::path::Path) -> Result<Vec<(String, String)>> {
    let read = |name: &str| {
        let path = book.join(crate::layout::output_file(name));
        std::fs::read_to_string(&path).with_context(|| path.display().to_string())
    };
    chapters()
        .into_iter()
        .map(|(chapter, _)| {
            let path = book.join(format!("{chapter}.md"));
            let markdown =
                std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
            Ok((answers_file(chapter), chapter_json(chapter, &markdown, &read)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_mdbooks() {
        assert_eq!(
            heading_id("Exercise 2.1: Predict the loss of a confident answer"),
            "exercise-21-predict-the-loss-of-a-confident-answer"
        );
        assert_eq!(
            heading_id("Exercise 5.1: A tanh hidden layer"),
            "exercise-51-a-tanh-hidden-layer"
        );
    }

    /// Every chapter of 1-5 has three questions or more, with unique ids that
    /// start with the chapter's number.
    #[test]
    fn three_or_more_per_chapter() {
        let all = chapters();
        assert_eq!(all.len(), 5);
        let mut ids = std::collections::HashSet::new();
        for (n, (chapter, questions)) in all.iter().enumerate() {
            assert!(questions.len() >= 3, "{chapter}: {} questions", questions.len());
            for q in *questions {
                assert!(q.id.starts_with(&format!("{}.", n + 1)), "{chapter}: {}", q.id);
                assert!(ids.insert(q.id), "{} twice", q.id);
            }
        }
    }

    /// The answers of a chapter name the output a question is about; an output
    /// that cannot be read is named in the error.
    #[test]
    fn a_missing_output_is_named() {
        let err = chapter_json("numerical-differentiation", "", &|name| bail!("no {name}"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no numerical-diff"), "{err}");
        let ok =
            |_: &str| Ok("0.2\n1e-2 1 0.5\n1e-4 1 1\n1e-6 1 1\n1e-10 1 1\n1e-16 1 1\n".to_string());
        let err = chapter_json("numerical-differentiation", "", &ok).unwrap_err().to_string();
        assert!(err.contains("no heading `### Exercise 3.1:"), "{err}");
    }
}
