//! The exercises at the end of each chapter, one file per chapter.
//!
//! Each exercise is a function for you to write (the *starter*, a `todo!()` until
//! you do), a *check* that runs your function on real inputs and compares the
//! result with what the crate computes, and a *solution* in the `solution` module
//! at the bottom of the same file. The book shows the starter and, folded, the
//! solution, both included from that one file.
//!
//! `cargo run -- exercise` lists the exercises and the state of yours;
//! `cargo run -- exercise 2.1` checks your answer to one. `cargo test` checks
//! that every solution passes its check.
//!
//! Every message speaks the learner's language: English, or Chinese with
//! `--lang zh-CN` or a Chinese locale ([`choose_lang`]). The messages stay one
//! source: a fixed text is `tr("English", "中文")`, a formatted one
//! `say!("expected {}", "期望 {}", x)`, each Chinese text beside its English twin.

use std::fmt::Write as _;

mod outcome;
pub mod support;

pub use outcome::{Outcome, run};

use crate::plot::{Lang, UnknownLang, lang, tr};

/// `format!` in the language of the run: `say!("got {}", "得到 {}", x)` formats the
/// English text, or with Chinese ([`Lang::ZhCn`]) the Chinese one, with the same
/// arguments (both texts must use every one of them).
macro_rules! say {
    ($en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        match $crate::plot::lang() {
            $crate::plot::Lang::En => format!($en $(, $arg)*),
            $crate::plot::Lang::ZhCn => format!($zh $(, $arg)*),
        }
    };
}
pub(crate) use say;

/// Why a check did not pass, in the learner's language (each message is made
/// with [`say!`] or [`tr`], so it is already in the language of the run).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Failure {
    /// The answer differs from what the crate computes: what differs.
    #[error("{0}")]
    Wrong(String),
    /// The check itself could not run (the data it needs could not be read):
    /// not the learner's mistake.
    #[error("{0}")]
    CannotRun(String),
}

/// What a check returns: what the answer computed, or why it does not pass.
pub type Check = Result<String, Failure>;

/// `Err(wrong!("expected {}", "期望 {}", x))`: a [`Failure::Wrong`] whose message
/// is made by [`say!`].
macro_rules! wrong {
    ($($message:tt)*) => {
        $crate::exercise::Failure::Wrong($crate::exercise::say!($($message)*))
    };
}
pub(crate) use wrong;

/// The data of a check could not be loaded: its checks cannot run.
impl From<mnist::MnistError> for Failure {
    fn from(e: mnist::MnistError) -> Self {
        Failure::CannotRun(say!("cannot load the MNIST subset: {e}", "无法读取 MNIST 子集：{e}"))
    }
}

/// The shipped subset is too small for the split a check makes.
impl From<nnlearn::checked::train::ConfigError> for Failure {
    fn from(e: nnlearn::checked::train::ConfigError) -> Self {
        Failure::CannotRun(say!(
            "the check cannot split the MNIST subset: {e}",
            "检查无法划分 MNIST 子集：{e}"
        ))
    }
}

/// The language of `nnlearn exercise`: `--lang` if given (`en` or `zh-CN`), else
/// the locale, as POSIX reads it (the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that
/// is set and not empty): Chinese if it starts with `zh`, English otherwise.
pub fn choose_lang(
    flag: Option<&str>,
    lc_all: Option<&str>,
    lc_messages: Option<&str>,
    lang: Option<&str>,
) -> Result<Lang, UnknownLang> {
    let locale = [lc_all, lc_messages, lang].into_iter().flatten().find(|v| !v.is_empty());
    let from_locale = match locale {
        Some(locale) if locale.starts_with("zh") => Lang::ZhCn,
        _ => Lang::En,
    };
    if let Some(code) = flag {
        // A language it does not know is said in the locale's.
        return Lang::from_code(code).map_err(|e| UnknownLang {
            known: ("the exercises speak", "练习支持的语言有"),
            said_in: from_locale,
            ..e
        });
    }
    Ok(from_locale)
}

/// One exercise of the book.
#[derive(Clone, Copy)]
pub struct Exercise {
    /// Its number in the book, `"<chapter>.<n>"`, for example `"2.1"`.
    pub id: &'static str,
    /// The chapter's file name without `.md`, for example `"loss-functions"`.
    pub chapter: &'static str,
    pub title: &'static str,
    /// The title in the Chinese edition (its heading, `练习 2.1：…`, without the number).
    pub title_zh: &'static str,
    /// The check run on your function (the starter, until you edit it).
    pub yours: fn() -> Check,
    /// The same check run on the solution.
    pub solution: fn() -> Check,
}

impl Exercise {
    /// The file you edit for this exercise, for example
    /// `crates/book/src/loss_functions/exercises.rs`.
    pub fn file(&self) -> String {
        format!("crates/book/src/{}/exercises.rs", self.chapter.replace('-', "_"))
    }

    /// Its title in the language of the run.
    pub fn title(&self) -> &'static str {
        tr(self.title, self.title_zh)
    }
}

/// A chapter's heading in the listing: its file name in English, its number and
/// title in Chinese (as the Chinese edition names it).
fn chapter_heading(exercise: &Exercise) -> String {
    let zh = match exercise.chapter {
        "learning-from-data" => "从数据中学习",
        "loss-functions" => "损失函数",
        "numerical-differentiation" => "数值微分",
        "gradients" => "梯度",
        "learning-algorithm" => "学习算法",
        other => other,
    };
    let number = exercise.id.split('.').next().unwrap_or_default();
    let file = exercise.file();
    match lang() {
        Lang::En => format!("{} ({file}):", exercise.chapter),
        Lang::ZhCn => format!("第 {number} 章 {zh}（{file}）："),
    }
}

/// `cargo run -- exercise [id]`: without an id, lists every exercise with the
/// state of your answer; with one, checks your answer to it. `Err` (a non-zero
/// exit) when the answer is not right yet.
pub fn run_cli(id: Option<&str>, all: &[Exercise]) -> anyhow::Result<()> {
    let Some(id) = id else {
        print!("{}", listing(all));
        return Ok(());
    };
    let exercise = all.iter().find(|e| e.id == id).ok_or_else(|| {
        let ids: Vec<&str> = all.iter().map(|e| e.id).collect();
        anyhow::anyhow!(say!(
            "no exercise `{id}`; the exercises are {} (`cargo run -- exercise` lists them with their titles)",
            "没有练习 `{id}`；练习有 {}（`cargo run -- exercise` 列出它们和标题）",
            ids.join(tr(", ", "、"))
        ))
    })?;
    let text = verdict(exercise, exercise.yours)?;
    println!("{text}");
    Ok(())
}

/// What `cargo run -- exercise <id>` says of one run of `check` (your function's
/// check, or the solution's): `Ok` with the result when it passes, else why not.
pub(crate) fn verdict(exercise: &Exercise, check: fn() -> Check) -> Check {
    let name = say!("exercise {} ({})", "练习 {}（{}）", exercise.id, exercise.title());
    match run(check) {
        Outcome::Passed(message) => {
            Ok(say!("{name}: correct!\n{message}", "{name}：正确！\n{message}"))
        }
        Outcome::Failed(message) => {
            Err(wrong!("{name}: not yet right.\n{message}", "{name}：还不对。\n{message}"))
        }
        Outcome::CannotRun(message) => Err(Failure::CannotRun(say!(
            "{name} cannot be checked here: {message}",
            "{name}无法在这里检查：{message}"
        ))),
        Outcome::NotStarted => Err(wrong!(
            "{name} is not started yet: replace the todo!() in {}",
            "{name}还没有开始：把 {} 里的 todo!() 换成你的代码",
            exercise.file()
        )),
        Outcome::Panicked { message, location } => Err(match location {
            Some(l) => wrong!(
                "{name}: the code panicked at {l}: {message}",
                "{name}：代码在 {l} 处 panic 了：{message}"
            ),
            None => {
                wrong!("{name}: the code panicked: {message}", "{name}：代码 panic 了：{message}")
            }
        }),
    }
}

/// The list of exercises with the state of each of your answers (this runs
/// every check).
fn listing(exercises: &[Exercise]) -> String {
    let mut text = String::new();
    let mut done = 0;
    let mut chapter = "";
    for exercise in exercises {
        if exercise.chapter != chapter {
            chapter = exercise.chapter;
            let _ = writeln!(text, "{}", chapter_heading(exercise));
        }
        let outcome = run(exercise.yours);
        done += usize::from(matches!(outcome, Outcome::Passed(_)));
        let title = exercise.title();
        // Pad to 44 columns of a terminal, where a Han character takes two.
        let width = title.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum::<usize>();
        let padding = " ".repeat(44usize.saturating_sub(width));
        let _ = writeln!(text, "  {:<4} {title}{padding} {}", exercise.id, outcome.state());
    }
    let _ = writeln!(
        text,
        "{}",
        say!(
            "{done} of {} done. Check one with `cargo run -- exercise <id>`.",
            "已完成 {done} 道，共 {} 道。检查其中一道：`cargo run -- exercise <编号>`。",
            exercises.len()
        )
    );
    text
}

/// A character a terminal shows two columns wide: Han, and full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FF60}')
}

/// For the tests of the checks: runs `check` in English and in Chinese, asserts
/// that they agree (both pass or both fail) and that every line of the Chinese
/// message has Han characters and the numbers of its English twin; returns the
/// Chinese message.
#[cfg(test)]
#[track_caller]
pub(crate) fn chinese_twin(check: impl Fn() -> Check) -> String {
    let english = crate::plot::in_lang(Lang::En, &check);
    let chinese = crate::plot::in_lang(Lang::ZhCn, &check);
    assert_eq!(english.is_ok(), chinese.is_ok(), "{english:?}\n{chinese:?}");
    let text = |r: Check| r.unwrap_or_else(|e| e.to_string());
    let (english, chinese) = (text(english), text(chinese));
    assert_eq!(english.lines().count(), chinese.lines().count(), "{english}\n{chinese}");
    for (en, zh) in english.lines().zip(chinese.lines()) {
        assert!(tests::has_han(zh), "no Chinese in {zh:?}");
        assert_eq!(tests::numbers(en), tests::numbers(zh), "\n{en}\n{zh}");
    }
    chinese
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contents::exercises;
    use crate::plot::in_lang;

    /// The numbers of a message (`0.105`, `1e-4`, `784`, the `2` of `2.1` and its
    /// `1`...), sorted: a translation may reorder them, not change them.
    pub(super) fn numbers(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            let digits = |i: &mut usize| {
                while *i < chars.len() && chars[*i].is_ascii_digit() {
                    *i += 1;
                }
            };
            digits(&mut i);
            let digit_at = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);
            if chars.get(i) == Some(&'.') && digit_at(i + 1) {
                i += 1;
                digits(&mut i);
            }
            if chars.get(i) == Some(&'e') {
                let sign = usize::from(matches!(chars.get(i + 1), Some('-' | '+')));
                if digit_at(i + 1 + sign) {
                    i += 1 + sign;
                    digits(&mut i);
                }
            }
            found.push(chars[start..i].iter().collect());
        }
        found.sort();
        found
    }

    pub(super) fn has_han(text: &str) -> bool {
        text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    }

    #[test]
    fn numbers_are_found_as_a_reader_reads_them() {
        assert_eq!(numbers("got 0.105, h = 1e-4 (784 pixels)."), ["0.105", "1e-4", "784"]);
        assert_eq!(numbers("练习 2.1：第 3 张"), ["2.1", "3"]);
    }

    /// Every verdict `nnlearn exercise <id>` gives today, on the solutions and on
    /// the starters, in Chinese: Han characters in every message, and the numbers
    /// of its English twin.
    #[test]
    fn every_verdict_speaks_chinese_with_the_same_numbers() {
        let mut problems = Vec::new();
        for exercise in exercises() {
            for (which, check) in [("solution", exercise.solution), ("starter", exercise.yours)] {
                let english = in_lang(Lang::En, || verdict(&exercise, check));
                let chinese = in_lang(Lang::ZhCn, || verdict(&exercise, check));
                if english.is_ok() != chinese.is_ok() {
                    problems.push(format!("{} {which}: {english:?} but {chinese:?}", exercise.id));
                    continue;
                }
                let text = |r: Check| r.unwrap_or_else(|e| e.to_string());
                let (english, chinese) = (text(english), text(chinese));
                for (en, zh) in english.lines().zip(chinese.lines()) {
                    if !has_han(zh) || numbers(en) != numbers(zh) {
                        problems.push(format!("{} {which}:\n  {en}\n  {zh}", exercise.id));
                    }
                }
                if english.lines().count() != chinese.lines().count() {
                    problems.push(format!(
                        "{} {which}: lines differ:\n{english}\n{chinese}",
                        exercise.id
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// A check whose data cannot be read is not the learner's mistake: the
    /// verdict says it cannot be checked (not "not yet right"), in both languages,
    /// naming the missing file.
    #[test]
    fn a_check_without_its_data_cannot_run() {
        fn no_data() -> Check {
            let dir = std::path::PathBuf::from("nowhere");
            let missing =
                mnist::MnistError::NotFound { dir, name: "train-images-idx3-ubyte".into() };
            Err(Failure::from(missing))
        }
        let exercise = Exercise { yours: no_data, solution: no_data, ..exercises()[0] };
        assert!(matches!(run(no_data), Outcome::CannotRun(_)));
        let english = in_lang(Lang::En, || verdict(&exercise, no_data)).unwrap_err();
        assert!(matches!(english, Failure::CannotRun(_)), "{english:?}");
        let english = english.to_string();
        let start = "exercise 1.1 (Split the data: training and test) cannot be checked here: \
                     cannot load the MNIST subset: nowhere";
        assert!(english.starts_with(start), "{english}");
        assert!(english.contains("train-images-idx3-ubyte: not found"), "{english}");
        let chinese = in_lang(Lang::ZhCn, || verdict(&exercise, no_data)).unwrap_err().to_string();
        assert!(chinese.contains("无法在这里检查：无法读取 MNIST 子集：nowhere"), "{chinese}");
        assert_eq!(in_lang(Lang::ZhCn, || run(no_data).state()), "无法运行");
    }

    #[test]
    fn the_listing_speaks_chinese_and_english_as_before() {
        let all = exercises();
        let chinese = in_lang(Lang::ZhCn, || listing(&all[..3]));
        assert!(chinese.lines().all(has_han), "{chinese}");
        assert!(chinese.contains("  1.1  划分数据：训练数据和测试数据"), "{chinese}");
        let english = listing(&all[..3]);
        let first = format!("  1.1  {:<44} not started\n", "Split the data: training and test");
        let heading = "learning-from-data (crates/book/src/learning_from_data/exercises.rs):\n";
        assert!(english.starts_with(&format!("{heading}{first}")), "{english}");
        assert!(english.ends_with("0 of 3 done. Check one with `cargo run -- exercise <id>`.\n"));
    }

    #[test]
    fn the_language_is_the_flag_else_the_locale() {
        let zh = Some("zh_CN.UTF-8");
        assert_eq!(choose_lang(None, None, None, None), Ok(Lang::En));
        assert_eq!(choose_lang(None, None, None, zh), Ok(Lang::ZhCn));
        assert_eq!(choose_lang(None, None, zh, Some("en_US.UTF-8")), Ok(Lang::ZhCn));
        assert_eq!(choose_lang(None, Some("C"), zh, zh), Ok(Lang::En), "LC_ALL first");
        assert_eq!(
            choose_lang(None, Some(""), None, Some("zh_TW.UTF-8")),
            Ok(Lang::ZhCn),
            "empty is unset"
        );
        assert_eq!(choose_lang(Some("en"), zh, zh, zh), Ok(Lang::En), "--lang overrides");
        assert_eq!(choose_lang(Some("zh-CN"), None, None, Some("C")), Ok(Lang::ZhCn));
        let unknown = choose_lang(Some("zh"), None, None, None).unwrap_err().to_string();
        assert_eq!(unknown, "unknown language `zh`: the exercises speak en, zh-CN");
        let unknown = choose_lang(Some("fr"), None, None, Some("zh_CN.UTF-8")).unwrap_err();
        assert_eq!(unknown.to_string(), "不认识的语言 `fr`：练习支持的语言有 en、zh-CN");
    }
}
