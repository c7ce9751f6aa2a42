//! `nnlearn exercise` in Chinese, where its messages come from outside the
//! exercises: the `错误：` prefix of a failure, and the command-line errors clap
//! reports (clap speaks only English). The language is read from the raw command
//! line, before it parses, so that an error in parsing it is said in it too.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::plot::Lang;

/// The language of the messages of the command line `args` (without the program
/// name): `nnlearn exercise`'s (its `--lang` if that is a language, else the
/// locale, [`crate::exercise::choose_lang`]); English for every other command,
/// whose messages are English.
pub fn messages_lang(args: &[String], locale: [Option<&str>; 3]) -> Lang {
    if args.iter().find(|a| !a.starts_with('-')).map(String::as_str) != Some("exercise") {
        return Lang::En;
    }
    let flag = args
        .windows(2)
        .find(|w| w[0] == "--lang")
        .map(|w| w[1].as_str())
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--lang=")))
        .filter(|code| Lang::from_code(code).is_ok());
    let [lc_all, lc_messages, lang] = locale;
    crate::exercise::choose_lang(flag, lc_all, lc_messages, lang).unwrap_or(Lang::En)
}

/// The prefix of the one line that says why a command failed.
pub fn error_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "error: ",
        Lang::ZhCn => "错误：",
    }
}

/// A clap error of `nnlearn exercise` in Chinese, in one sentence, with where to
/// read more (the help itself is clap's, in English).
pub fn usage_error(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let said = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 `{arg}`"),
        ErrorKind::InvalidValue if text(ContextKind::InvalidValue).is_empty() => {
            format!("参数 `{arg}` 缺少它的值")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("参数 `{arg}` 的值 `{}` 无效", text(ContextKind::InvalidValue))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数 {arg}"),
        ErrorKind::ArgumentConflict => {
            format!("参数 `{arg}` 不能这样重复或同时使用")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 `{arg}` 的值的个数不对")
        }
        _ => "命令行无法解析".to_string(),
    };
    format!("{said}（参数说明见 `nnlearn exercise --help`）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn only_the_exercises_follow_the_flag_or_the_locale() {
        let zh = [None, None, Some("zh_CN.UTF-8")];
        let c = [None, None, Some("C")];
        assert_eq!(messages_lang(&words("exercise 2.1"), zh), Lang::ZhCn);
        assert_eq!(messages_lang(&words("exercise 2.1"), c), Lang::En);
        assert_eq!(messages_lang(&words("exercise 2.1 --lang zh-CN"), c), Lang::ZhCn);
        assert_eq!(messages_lang(&words("exercise --lang=zh-CN 2.1"), c), Lang::ZhCn);
        assert_eq!(messages_lang(&words("exercise 2.1 --lang en"), zh), Lang::En);
        // A bad --lang: the locale says in which language to say so.
        assert_eq!(messages_lang(&words("exercise --lang fr"), zh), Lang::ZhCn);
        // `figure --lang zh-CN` draws Chinese labels; its messages stay English.
        assert_eq!(messages_lang(&words("figure natural-log --lang zh-CN"), zh), Lang::En);
        assert_eq!(messages_lang(&[], zh), Lang::En);
    }

    #[test]
    fn clap_errors_of_the_exercise_command_line_in_chinese() {
        let error = |line: &str| {
            let argv = std::iter::once("nnlearn").chain(line.split_whitespace());
            usage_error(&crate::cli::Cli::try_parse_from(argv).err().expect("a usage error"))
        };
        assert_eq!(
            error("exercise 2.1 --bogus"),
            "不认识的参数 `--bogus`（参数说明见 `nnlearn exercise --help`）"
        );
        assert!(error("exercise 2.1 extra").starts_with("不认识的参数 `extra`"));
        assert!(
            error("exercise --lang").starts_with("参数 `--lang <LANG>` 缺少它的值"),
            "{}",
            error("exercise --lang")
        );
        for line in [
            "exercise 2.1 --bogus",
            "exercise 2.1 extra",
            "exercise --lang",
            "exercise 2.1 --lang en --lang en",
        ] {
            let e = error(line);
            assert!(!e.contains("argument") && !e.contains("found"), "{line}: {e}");
        }
    }
}
