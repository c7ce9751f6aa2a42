//! The Chinese edition's catalogue and checks (see po/README.md): the message
//! catalogue extracted from the English, each `po/<lang>.po` complete and
//! current, the preprocessor order proven by an identity translation, and
//! `cargo xtask i18n-update` (msgmerge).

use std::path::Path;

use anyhow::{Result, bail};
use bookops::editions::TRANSLATIONS;
use bookops::mdbook::Build;

use crate::run::{cargo, run, works};
use crate::site::i18n_dir;

/// `booki18n <args>` (release: it also runs as mdBook's preprocessor).
pub fn booki18n(repo: &Path, args: &[&str]) -> Result<()> {
    let mut command = cargo(repo, &["run", "--quiet", "--release", "-p", "booki18n", "--"]);
    run(command.args(args))
}

/// `target/i18n/messages.pot`: the message catalogue of the English sources.
pub fn extract_catalogue(repo: &Path) -> Result<()> {
    let dir = i18n_dir(repo);
    let extracted = dir.join("extracted");
    let _ = std::fs::remove_dir_all(&extracted);
    Build {
        repo,
        book_root: repo,
        dest: &extracted,
        env: vec![("MDBOOK_OUTPUT".into(), r#"{"xgettext": {"pot-file": "messages.pot"}}"#.into())],
        log_file: Some(dir.join("xgettext.log")),
    }
    .run()?;
    let pot = extracted.join("messages.pot");
    booki18n(
        repo,
        &["catalogue", &pot.to_string_lossy(), &dir.join("messages.pot").to_string_lossy()],
    )
}

/// Fails, naming each message, unless every translation is complete and current.
pub fn check_translations(repo: &Path) -> Result<()> {
    let pot = i18n_dir(repo).join("messages.pot");
    let mut stale = false;
    for lang in TRANSLATIONS {
        let po = repo.join("po").join(format!("{lang}.po"));
        if booki18n(repo, &["check", &pot.to_string_lossy(), &po.to_string_lossy()]).is_err() {
            stale = true;
        }
    }
    if stale {
        bail!(
            "a translation is stale: run `cargo xtask i18n-update`, translate what it names, and remove the fuzzy flags"
        );
    }
    Ok(())
}

/// The preprocessor order, tested: the English put through the whole
/// translation pipeline with a translation that changes nothing (msgstr =
/// msgid) must give the English pages of `english`, formulas and all, up to
/// white space.
pub fn identity_test(repo: &Path, english: &Path) -> Result<()> {
    let dir = i18n_dir(repo).join("identity");
    let _ = std::fs::remove_dir_all(&dir);
    let pot = i18n_dir(repo).join("messages.pot");
    let po = dir.join("po");
    booki18n(repo, &["identity", &pot.to_string_lossy(), &po.join("en.po").to_string_lossy()])?;
    Build {
        repo,
        book_root: repo,
        dest: &dir.join("book"),
        env: vec![("MDBOOK_PREPROCESSOR__GETTEXT__PO_DIR".into(), po.to_string_lossy().into())],
        log_file: Some(dir.join("build.log")),
    }
    .run()?;
    booki18n(repo, &["same-pages", &english.to_string_lossy(), &dir.join("book").to_string_lossy()])
}

/// After the English chapters changed: the catalogue extracted anew and merged
/// into each `po/<lang>.po` by msgmerge (GNU gettext): new messages come in
/// untranslated, changed ones fuzzy with their old translation, removed ones
/// obsolete (#~); then names every message that needs translating.
pub fn update(repo: &Path) -> Result<()> {
    if !works("msgmerge", &["--version"]) {
        bail!(
            "msgmerge not found: install GNU gettext ({})",
            match std::env::consts::OS {
                "macos" => "brew install gettext",
                "windows" => "winget install --id mlocati.GetText",
                _ => "Debian/Ubuntu: sudo apt-get install gettext",
            }
        );
    }
    extract_catalogue(repo)?;
    let pot = i18n_dir(repo).join("messages.pot");
    for lang in TRANSLATIONS {
        let po = repo.join("po").join(format!("{lang}.po"));
        run(std::process::Command::new("msgmerge")
            .args(["--quiet", "--update", "--backup=none", "--previous", "--width=79"])
            .arg(&po)
            .arg(&pot))?;
    }
    // Names what needs translating; its failure is the work to do, not an error here.
    let _ = check_translations(repo);
    Ok(())
}
