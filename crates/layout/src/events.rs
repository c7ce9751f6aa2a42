//! What `book-live` tells the live server while it writes the book's outputs
//! and figures: one [`Event`] per line of JSON in a file the server names
//! (`book-live <copy> --events <file>`), never mixed with what the program
//! prints. Both sides build on this one type (serde), so a change on one side
//! that the other does not know fails to compile or to parse, with a message,
//! instead of being silently misread.
//!
//! The server reads the file as it grows: an item started and not finished
//! after its time budget is the one it stops and names (an endless loop), and
//! the files written are the ones the page shows new.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

/// The option of `book-live` that names the file of events.
pub const EVENTS_OPTION: &str = "--events";

/// One thing that happened in `book-live`, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// An item (`listing gradient-descent`, `figure secants`) starts.
    Started { item: String },
    /// The item wrote this file (relative to the book folder), whose content changed.
    Wrote { item: String, path: String },
    /// The item failed: why (a panic with its place, an error with its causes).
    Failed { item: String, why: String },
    /// The item is done (after its `Wrote` or `Failed`, if any).
    Finished { item: String },
}

impl Event {
    /// The event as one line of JSON, with its end of line.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("an event is plain strings");
        line.push('\n');
        line
    }

    /// Reads one line written by [`Event::to_line`] (without its end of line).
    pub fn from_line(line: &str) -> Result<Event, serde_json::Error> {
        serde_json::from_str(line)
    }

    /// Writes the event to `out` in one call (with the file opened for
    /// appending, events of two threads never interleave inside a line).
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(self.to_line().as_bytes())?;
        out.flush()
    }

    /// The item the event is about.
    pub fn item(&self) -> &str {
        match self {
            Event::Started { item }
            | Event::Wrote { item, .. }
            | Event::Failed { item, .. }
            | Event::Finished { item } => item,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_go_through_one_line_each() {
        let item = "listing gradient-descent".to_string();
        let events = [
            Event::Started { item: item.clone() },
            Event::Wrote { item: item.clone(), path: "outputs/gradient-descent.txt".into() },
            // A failure's text may hold anything: ends of line, quotes, non-ASCII.
            Event::Failed {
                item: item.clone(),
                why: "panicked at a.rs:1:2:\n\"损失\" is NaN".into(),
            },
            Event::Finished { item },
        ];
        for e in &events {
            let line = e.to_line();
            assert_eq!(line.matches('\n').count(), 1, "{line}");
            assert_eq!(Event::from_line(line.trim_end()).unwrap(), *e);
            assert_eq!(e.item(), "listing gradient-descent");
        }
        // The form the other side reads, spelled out.
        assert_eq!(
            events[0].to_line(),
            "{\"event\":\"started\",\"item\":\"listing gradient-descent\"}\n"
        );
    }

    #[test]
    fn what_is_not_an_event_is_refused() {
        for bad in [
            "started listing gradient-descent",
            "{\"event\":\"begun\",\"item\":\"x\"}",
            "{\"event\":\"started\"}",
            "{\"event\":\"started\",\"item\":\"x\",\"extra\":1}",
            "{\"event\":\"wrote\",\"item\":\"x\"}",
        ] {
            assert!(Event::from_line(bad).is_err(), "{bad}");
        }
    }
}
