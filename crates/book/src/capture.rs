//! The book's listings are small programs that print with `println!`. This
//! module gives them a `println!` that prints to the terminal as usual, except
//! while [`run`] captures it: then the lines go into a string, which is what the
//! book shows under the listing (and what `cargo test` compares with it).
//!
//! A listing file starts with `use crate::capture::println;`, above the part
//! the book shows.

use std::cell::RefCell;
use std::fmt::{self, Write as _};

thread_local! {
    static CAPTURED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The most a capture holds (1 MB; the book's longest output is a few
/// kilobytes): a listing that prints more (a `println!` in an endless loop)
/// panics, and the live book reports it, instead of filling the memory.
pub const LIMIT: usize = 1 << 20;

/// Writes one line: into the capture if [`run`] is capturing, else to stdout.
pub fn write_line(line: fmt::Arguments<'_>) {
    let too_much = CAPTURED.with(|captured| match captured.borrow_mut().as_mut() {
        Some(text) => {
            let _ = writeln!(text, "{line}");
            text.len() > LIMIT
        }
        None => {
            std::println!("{line}");
            false
        }
    });
    if too_much {
        // The capture (already over the limit) is dropped now, not after unwinding.
        CAPTURED.with(|c| c.borrow_mut().take());
        panic!("printed more than {} MB: stopped (a println! in an endless loop?)", LIMIT >> 20);
    }
}

/// `println!`, capturable: see the module documentation.
macro_rules! println {
    () => {
        $crate::capture::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::capture::write_line(format_args!($($arg)*))
    };
}
pub(crate) use println;

/// Runs `program` and returns what it printed with this module's `println!`.
pub fn run<T>(program: impl FnOnce() -> T) -> (T, String) {
    /// Ends the capture even if the program panics.
    struct Capturing;
    impl Drop for Capturing {
        fn drop(&mut self) {
            CAPTURED.with(|c| c.borrow_mut().take());
        }
    }
    CAPTURED.with(|c| *c.borrow_mut() = Some(String::new()));
    let guard = Capturing;
    let result = program();
    let text = CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    drop(guard);
    (result, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_captured_in_order() {
        let ((), text) = run(|| {
            println!("one {}", 1);
            println!();
            println!("three");
        });
        assert_eq!(text, "one 1\n\nthree\n");
    }

    #[test]
    fn printing_without_bound_is_stopped() {
        let caught = std::panic::catch_unwind(|| {
            run(|| {
                loop {
                    println!("again and again");
                }
            })
        });
        let message = *caught.unwrap_err().downcast::<String>().unwrap();
        assert!(message.starts_with("printed more than 1 MB"), "{message}");
        CAPTURED.with(|c| assert!(c.borrow().is_none()));
    }

    #[test]
    fn a_panicking_program_ends_the_capture() {
        let caught = std::panic::catch_unwind(|| run(|| panic!("boom")));
        assert!(caught.is_err());
        CAPTURED.with(|c| assert!(c.borrow().is_none()));
    }
}
