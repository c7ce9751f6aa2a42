//! The mdBook preprocessor protocol: `<cmd> supports <renderer>`, then the
//! `[context, book]` JSON on stdin and the book on stdout.

use anyhow::Context;
use serde_json::Value;

/// Applies `f` to the content of every chapter of the book JSON, naming the
/// chapter's source file in an error.
fn each_chapter(
    item: &mut Value,
    f: &dyn Fn(&str) -> anyhow::Result<String>,
) -> anyhow::Result<()> {
    match item {
        Value::Array(items) => {
            for i in items {
                each_chapter(i, f)?;
            }
        }
        Value::Object(map) => {
            if let Some(Value::Object(ch)) = map.get_mut("Chapter") {
                let name = ch
                    .get("source_path")
                    .or_else(|| ch.get("path"))
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string();
                if let Some(Value::String(content)) = ch.get_mut("content") {
                    *content = f(content).context(name)?;
                }
                if let Some(sub) = ch.get_mut("sub_items") {
                    each_chapter(sub, f)?;
                }
            } else {
                for v in map.values_mut() {
                    each_chapter(v, f)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Runs one preprocessor: `supports`, mdBook asked whether it supports a
/// renderer; else `f` is given each chapter and the book's language
/// (`book.language`, `en` if unset).
pub fn run(supports: bool, f: &dyn Fn(&str, &str) -> anyhow::Result<String>) -> anyhow::Result<()> {
    if supports {
        return Ok(()); // which renderers is said in book.toml
    }
    let input = std::io::read_to_string(std::io::stdin()).context("reading stdin")?;
    let mut v: Value = serde_json::from_str(&input).context("the book's JSON on stdin")?;
    let language =
        v.pointer("/0/config/book/language").and_then(Value::as_str).unwrap_or("en").to_string();
    let book = v
        .as_array_mut()
        .and_then(|a| a.get_mut(1))
        .context("stdin is not mdBook's [context, book] array")?;
    each_chapter(book, &|md| f(md, &language))?;
    let out = serde_json::to_string(book).context("the book as JSON")?;
    println!("{out}");
    Ok(())
}
