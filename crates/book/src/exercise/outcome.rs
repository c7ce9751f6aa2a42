//! Running a check safely: the learner's code may still be a `todo!()`, or may
//! panic, and either must become a verdict, not a crash with a backtrace.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, PanicHookInfo};
use std::sync::Mutex;

use super::{Check, Failure};
use crate::plot::tr;

/// What became of one run of a check.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The answer is right; what it computed.
    Passed(String),
    /// The answer is wrong; what is wrong (expected against got).
    Failed(String),
    /// The check could not run (its data could not be read); why.
    CannotRun(String),
    /// The function is still the starter's `todo!()`.
    NotStarted,
    /// Some code panicked: the message, and where (`file:line:column`) if known.
    Panicked { message: String, location: Option<String> },
}

impl Outcome {
    /// One word or two, for the list of exercises.
    pub fn state(&self) -> &'static str {
        match self {
            Outcome::Passed(_) => tr("done", "已完成"),
            Outcome::Failed(_) => tr("failing", "未通过"),
            Outcome::CannotRun(_) => tr("cannot run", "无法运行"),
            Outcome::NotStarted => tr("not started", "未开始"),
            Outcome::Panicked { .. } => tr("panics", "panic 了"),
        }
    }
}

/// The panic hook is global to the program; only one check at a time swaps it.
static HOOK: Mutex<()> = Mutex::new(());

thread_local! {
    /// Where the last panic on this thread happened (the silent hook writes it).
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `check` with the panic hook silenced (so a `todo!()` prints no
/// backtrace) and turns whatever happens into an [`Outcome`].
pub fn run(check: fn() -> Check) -> Outcome {
    let result = {
        let _only_us = HOOK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let previous = panic::take_hook();
        panic::set_hook(Box::new(remember_location));
        let result = panic::catch_unwind(check);
        panic::set_hook(previous);
        result
    };
    match result {
        Ok(Ok(message)) => Outcome::Passed(message),
        Ok(Err(Failure::Wrong(message))) => Outcome::Failed(message),
        Ok(Err(Failure::CannotRun(message))) => Outcome::CannotRun(message),
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            // `todo!()` panics with "not yet implemented" (and its own text, if any).
            if message.starts_with("not yet implemented") {
                Outcome::NotStarted
            } else {
                let location = LOCATION.with(|l| l.borrow_mut().take());
                Outcome::Panicked { message, location }
            }
        }
    }
}

/// The silent panic hook: prints nothing, remembers where.
fn remember_location(info: &PanicHookInfo<'_>) {
    let location = info.location().map(|l| l.to_string());
    LOCATION.with(|l| *l.borrow_mut() = location);
}

/// The text of a panic (`panic!` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        tr("(a panic without a message)", "（一个没有消息的 panic）").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_todo_is_not_started() {
        fn starter() -> Check {
            todo!("write it")
        }
        assert_eq!(run(starter), Outcome::NotStarted);
    }

    #[test]
    fn another_panic_keeps_its_message_and_location() {
        fn broken() -> Check {
            let v: Vec<f64> = Vec::new();
            Ok(format!("{}", v[3]))
        }
        let Outcome::Panicked { message, location } = run(broken) else {
            panic!("expected a panic");
        };
        assert!(message.contains("index out of bounds"), "{message}");
        assert!(location.unwrap().contains("outcome.rs"));
    }

    #[test]
    fn answers_pass_through() {
        assert_eq!(run(|| Ok("fine".into())), Outcome::Passed("fine".into()));
        assert_eq!(run(|| Err(Failure::Wrong("wrong".into()))), Outcome::Failed("wrong".into()));
        let missing = || Err(Failure::CannotRun("no data".into()));
        assert_eq!(run(missing), Outcome::CannotRun("no data".into()));
    }
}
