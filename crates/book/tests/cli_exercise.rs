//! `nnlearn exercise` speaks the learner's language: English by default, Chinese
//! with `--lang zh-CN` or a Chinese locale, English again with `--lang en`.
//! (The answers may be the starters or the learner's: only the language is checked.)

mod cli_support;

use std::ffi::OsString;
use std::path::Path;

use cli_support::{Limits, Run, run};

/// `nnlearn ARGS` with the locale variables set to `locale` (LC_ALL and
/// LC_MESSAGES empty, which counts as unset, so LANG decides).
fn exercise(args: &str, locale: &str) -> Run {
    let args: Vec<OsString> = args.split_whitespace().map(OsString::from).collect();
    let env =
        [("LC_ALL", Path::new("")), ("LC_MESSAGES", Path::new("")), ("LANG", Path::new(locale))];
    run(&args, Limits::default(), &env, "exercise")
}

fn output(r: &Run) -> String {
    format!("{}{}", r.stdout, r.stderr)
}

#[test]
fn cli_exercise_speaks_chinese_with_the_flag() {
    let r = exercise("exercise 2.1 --lang zh-CN", "C");
    let text = output(&r);
    assert!(text.contains("练习 2.1（预测一个自信答案的损失）"), "{text}");
    assert!(!text.contains("exercise 2.1 ("), "{text}");
    assert!(!r.stderr.contains("panicked"), "{text}");
}

#[test]
fn cli_exercise_follows_a_chinese_locale_and_the_flag_overrides_it() {
    let r = exercise("exercise", "zh_CN.UTF-8");
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    for line in [
        "第 2 章 损失函数（crates/book/src/loss_functions/exercises.rs）：",
        "  2.1  预测一个自信答案的损失",
    ] {
        assert!(r.stdout.contains(line), "{line:?} not in\n{}", r.stdout);
    }
    assert!(r.stdout.lines().last().unwrap_or("").starts_with("已完成 "), "{}", r.stdout);
    assert!(r.stdout.contains("，共 22 道。"), "{}", r.stdout);

    let r = exercise("exercise 2.1 --lang en", "zh_CN.UTF-8");
    let text = output(&r);
    assert!(text.contains("exercise 2.1 (Predict the loss of a confident answer)"), "{text}");
    assert!(!text.contains("练习"), "{text}");
}

#[test]
fn cli_exercise_speaks_english_by_default() {
    let r = exercise("exercise", "C");
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("learning-from-data (crates/book/src/learning_from_data/exercises.rs):\n")
    );
    assert!(r.stdout.contains(" of 22 done. Check one with `cargo run -- exercise <id>`.\n"));
    let r = exercise("exercise 9.9", "en_US.UTF-8");
    assert_eq!(r.code(), Some(1));
    assert!(
        r.stderr.starts_with("error: no exercise `9.9`; the exercises are 1.1, 1.2,"),
        "{}",
        r.stderr
    );
    let r = exercise("exercise 9.9 --lang fr", "C");
    assert_eq!(r.code(), Some(1));
    assert!(
        r.stderr.starts_with("error: unknown language `fr`: the exercises speak en, zh-CN"),
        "{}",
        r.stderr
    );
    let r = exercise("exercise 2.1 --bogus", "C");
    assert_eq!(r.code(), Some(2));
    assert!(r.stderr.starts_with("error: unexpected argument '--bogus' found"), "{}", r.stderr);
}

/// The one line of a failure, Chinese from its prefix on: no English word of
/// the program's own (a path, a command or `todo!()` may be quoted).
#[track_caller]
fn chinese_error(r: &Run, code: i32) -> String {
    assert_eq!(r.code(), Some(code), "{}", r.stderr);
    let line = r.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("错误："), "{line}");
    let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    for english in ["error", "argument", "found", "unknown", "exercise ", "the "] {
        assert!(!prose.contains(english), "`{english}` in {line}");
    }
    line.to_string()
}

#[test]
fn cli_exercise_says_a_bad_argument_in_chinese() {
    let r = exercise("exercise 2.1 --bogus", "zh_CN.UTF-8");
    let line = chinese_error(&r, 2);
    assert_eq!(line, "错误：不认识的参数 `--bogus`（参数说明见 `nnlearn exercise --help`）");
    let r = exercise("exercise 2.1 extra --lang zh-CN", "C");
    assert!(chinese_error(&r, 2).starts_with("错误：不认识的参数 `extra`"));
    let r = exercise("exercise --lang", "zh_CN.UTF-8");
    assert!(chinese_error(&r, 2).starts_with("错误：参数 `--lang <LANG>` 缺少它的值"));
    let r = exercise("exercise 9.9 --lang fr", "zh_CN.UTF-8");
    assert_eq!(chinese_error(&r, 1), "错误：不认识的语言 `fr`：练习支持的语言有 en、zh-CN");
    let r = exercise("exercise 9.9 --lang zh-CN", "C");
    assert!(chinese_error(&r, 1).starts_with("错误：没有练习 `9.9`；练习有 1.1、1.2、"));
}

/// A check that fails (the starter's `todo!()`, or a wrong answer) says so in
/// Chinese from the prefix on; one that passes says so in Chinese too.
#[test]
fn cli_exercise_says_a_failed_check_in_chinese() {
    let r = exercise("exercise 2.1 --lang zh-CN", "C");
    if r.code() == Some(0) {
        assert!(r.stdout.contains("练习 2.1"), "{}", r.stdout);
    } else {
        let line = chinese_error(&r, 1);
        assert!(line.starts_with("错误：练习 2.1（预测一个自信答案的损失）"), "{line}");
    }
}
