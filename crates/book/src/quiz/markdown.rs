//! The questions as the chapter writes them, checked against their definitions:
//! a question's answer must still follow from its text.
//!
//! A question is a block of the chapter:
//!
//! ```text
//! <div class="nn-quiz" data-quiz="3.2" data-output="forward-vs-central">
//!
//! **Predict.** The question, naming the listing and stating a number's tolerance.
//!
//! - a choice (for a multiple-choice question)
//! - another
//!
//! The explanation, shown once the reader has answered.
//!
//! </div>
//! ```

use super::{Answer, questions};

/// One question block of a chapter.
#[derive(Debug)]
struct Block<'a> {
    id: &'a str,
    output: &'a str,
    /// The items of its list (the choices).
    items: Vec<&'a str>,
    text: String,
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    tag[start..].split('"').next()
}

fn blocks(markdown: &str) -> anyhow::Result<Vec<Block<'_>>> {
    let mut out = Vec::new();
    let mut lines = markdown.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if !line.starts_with("<div class=\"nn-quiz\"") {
            continue;
        }
        let (Some(id), Some(output)) =
            (attribute(line, "data-quiz"), attribute(line, "data-output"))
        else {
            anyhow::bail!("line {}: a question without data-quiz and data-output", n + 1);
        };
        let mut block = Block { id, output, items: Vec::new(), text: String::new() };
        loop {
            match lines.next() {
                None => anyhow::bail!("question {id}: no </div>"),
                Some((_, "</div>")) => break,
                Some((_, l)) => {
                    if let Some(item) = l.strip_prefix("- ") {
                        block.items.push(item);
                    }
                    block.text.push_str(l);
                    block.text.push(' ');
                }
            }
        }
        out.push(block);
    }
    Ok(out)
}

/// What is wrong with the questions of `chapter` as its markdown writes them:
/// the blocks must be the chapter's questions, in order, each naming its output,
/// a number's tolerance stated (`within 0.01`), a choice's list with one item per
/// choice, each containing the word its answer is read for; and the chapter must
/// show the progress summary and load its answers.
pub fn check_chapter(chapter: &str, markdown: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let blocks = match blocks(markdown) {
        Ok(b) => b,
        Err(e) => return vec![format!("{chapter}: {e}")],
    };
    let written: Vec<&str> = blocks.iter().map(|b| b.id).collect();
    let defined: Vec<&str> = questions(chapter).iter().map(|q| q.id).collect();
    if written != defined {
        problems
            .push(format!("{chapter}: the page has questions {written:?}, the code {defined:?}"));
    }
    for (q, b) in questions(chapter).iter().zip(&blocks) {
        let fail = |what: String| format!("{chapter}: question {}: {what}", q.id);
        if b.output != q.output {
            problems.push(fail(format!("names output `{}`, is about `{}`", b.output, q.output)));
        }
        if q.choices.is_empty() {
            if !b.items.is_empty() {
                problems.push(fail("is answered with a number but has a list of choices".into()));
            }
        } else if b.items.len() != q.choices.len() {
            problems.push(fail(format!(
                "{} choices, the code has {}",
                b.items.len(),
                q.choices.len()
            )));
        } else {
            for (item, word) in b.items.iter().zip(q.choices) {
                if !item.contains(word) {
                    problems.push(fail(format!("choice `{item}` does not contain `{word}`")));
                }
            }
        }
        let output = crate::layout::book_dir().join(crate::layout::output_file(q.output));
        match std::fs::read_to_string(&output).map_err(Into::into).and_then(|t| q.find(&t)) {
            Ok(found) => {
                if let Answer::Number { tolerance, .. } = found.answer
                    && !b.text.contains(&format!("within {tolerance}"))
                {
                    problems
                        .push(fail(format!("does not state its tolerance, `within {tolerance}`")));
                }
            }
            Err(e) => problems.push(fail(format!("{e:#}"))),
        }
    }
    if !defined.is_empty() {
        for needed in [
            format!("<div class=\"nn-quiz-summary\" data-chapter=\"{chapter}\">"),
            format!("{{{{#include quiz/{chapter}.json}}}}"),
        ] {
            if !markdown.contains(&needed) {
                problems.push(format!("{chapter}: no `{needed}`"));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter_text() -> String {
        std::fs::read_to_string(crate::layout::book_dir().join("numerical-differentiation.md"))
            .unwrap()
    }

    #[test]
    fn the_chapters_questions_match_their_definitions() {
        for (chapter, _) in super::super::chapters() {
            let path = crate::layout::book_dir().join(format!("{chapter}.md"));
            let text = std::fs::read_to_string(path).unwrap();
            let problems = check_chapter(chapter, &text);
            assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
        }
    }

    /// Each way a question's text can drift from its answer is caught.
    #[test]
    fn a_drifted_question_fails() {
        let text = chapter_text();
        let broken = [
            // A choice's word changed.
            (text.replace("- the central", "- the middle"), "does not contain `central`"),
            // The tolerance no longer stated.
            (text.replace("within 0.0001", "within a little"), "tolerance"),
            // A choice removed.
            (text.replacen("- `h = 1e-16`", "", 1), "4 choices"),
            // A question removed.
            (text.replacen("data-quiz=\"3.1\"", "data-quiz=\"3.9\"", 1), "the page has questions"),
            // Another output named.
            (
                text.replacen("data-output=\"numerical-diff\"", "data-output=\"rounding-trap\"", 1),
                "names output",
            ),
            // The answers no longer loaded.
            (text.replace("{{#include quiz/", "{{#include gone/"), "no `{{#include quiz/"),
        ];
        for (changed, expected) in broken {
            assert_ne!(changed, text, "the break for `{expected}` changed nothing");
            let problems = check_chapter("numerical-differentiation", &changed).join("\n");
            assert!(problems.contains(expected), "expected `{expected}` in:\n{problems}");
        }
    }
}
