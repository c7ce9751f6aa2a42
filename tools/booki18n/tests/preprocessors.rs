//! The preprocessors as mdBook runs them: the book's JSON on stdin, the book on
//! stdout; a chapter they cannot handle fails the build with one line on stderr
//! that names the chapter, the file and line, and what is wrong.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// mdBook's `[context, book]` with one chapter (`a.md`) in `language`.
fn book_json(language: &str, content: &str) -> String {
    serde_json::json!([
        { "root": ".", "config": { "book": { "language": language } }, "renderer": "html" },
        { "items": [ { "Chapter": {
            "name": "A", "content": content, "number": [1], "sub_items": [],
            "path": "a.md", "source_path": "a.md", "parent_names": []
        } } ] }
    ])
    .to_string()
}

/// A folder of its own for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("booki18n-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `booki18n <command>` in `dir`, the JSON on stdin; `protect` also finds the two
/// preprocessors it checks for on PATH (empty stand-ins in `dir`).
fn run(command: &str, dir: &Path, stdin: &str) -> Output {
    for tool in ["mdbook-gettext", "mdbook-katex"] {
        std::fs::write(dir.join(format!("{tool}{}", std::env::consts::EXE_SUFFIX)), "").unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_booki18n"))
        .arg(command)
        .current_dir(dir)
        .env("PATH", std::env::join_paths([dir]).unwrap())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn protect_fails_the_build_naming_the_chapter_and_the_line() {
    let dir = folder("protect");
    let good = run("protect", &dir, &book_json("en", "a $x_1$\n"));
    assert!(good.status.success(), "{}", stderr(&good));
    assert!(String::from_utf8_lossy(&good.stdout).contains("a `$x_1$`"));

    let bad = run("protect", &dir, &book_json("en", "a\n\nsee $x + y\n"));
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr(&bad), "booki18n: a.md: line 3: a $ that never closes\n");
    assert!(bad.stdout.is_empty(), "no book is written");

    let not_json = run("protect", &dir, "[1,");
    assert_eq!(not_json.status.code(), Some(2));
    assert!(stderr(&not_json).starts_with("booki18n: the book's JSON on stdin: "));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn comments_names_the_catalogue_and_its_bad_line() {
    let dir = folder("comments");
    let md = "```rust\n// a short comment\nlet x = 1;\n```\n";
    let missing = run("comments", &dir, &book_json("zh-CN", md));
    assert_eq!(missing.status.code(), Some(2));
    let e = stderr(&missing);
    assert!(e.starts_with("booki18n: a.md: reading po/zh-CN.po: "), "{e}");

    std::fs::create_dir_all(dir.join("po")).unwrap();
    let po = "msgid \"\"\nmsgstr \"\"\n\nmsgid \"a short comment\"\nmsgstr \"一条注释\"\n";
    std::fs::write(dir.join("po/zh-CN.po"), po).unwrap();
    let good = run("comments", &dir, &book_json("zh-CN", md));
    assert!(good.status.success(), "{}", stderr(&good));
    assert!(String::from_utf8_lossy(&good.stdout).contains("// 一条注释"));

    std::fs::write(dir.join("po/zh-CN.po"), format!("{po}msgctxt \"x\"\n")).unwrap();
    let bad = run("comments", &dir, &book_json("zh-CN", md));
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        stderr(&bad),
        "booki18n: a.md: po/zh-CN.po: line 6: cannot read `msgctxt \"x\"` \
         (msgctxt and plurals are not used)\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
