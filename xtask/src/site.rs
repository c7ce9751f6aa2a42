//! The publishable site, `target/site/`: both editions (`/` and `/zh-CN/`),
//! the widgets' module and data, every figure, the PDFs when they have been
//! made; nothing that needs a server of ours, so that any static host serves
//! it. `cargo xtask build` makes it, `cargo xtask check` makes it through the
//! same [`build`] and checks it, and `.github/workflows/pages.yml` publishes it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use bookops::editions::{TRANSLATIONS, Translation};
use bookops::{mdbook, widgets};

use crate::run::{run, step};
use crate::tools::{ensure_book_tools, ensure_targets};

/// `target/site`.
pub fn dir(repo: &Path) -> PathBuf {
    repo.join("target").join("site")
}

/// The folder of the logs and translated markdown (`target/i18n`).
pub fn i18n_dir(repo: &Path) -> PathBuf {
    repo.join("target").join("i18n")
}

/// Builds the whole site into `target/site/`, from nothing, to be published at
/// `site_url` (see [`publish_at`]).
pub fn build(repo: &Path, site_url: &str) -> Result<PathBuf> {
    check_site_url(site_url)?;
    crate::system::ensure(crate::system::Needs::Site)?;
    ensure_book_tools(repo)?;
    ensure_targets(&[widgets::WASM_TARGET])?;
    let site = dir(repo);
    step(&format!(
        "the English edition (target/site), with mdbook {}",
        bookops::tools::MDBOOK.version
    ));
    // mdBook empties the folder it builds into: the editions come after.
    mdbook::Build {
        repo,
        book_root: repo,
        dest: &site,
        env: vec![],
        log_file: Some(repo.join("target").join("mdbook-build.log")),
    }
    .run()?;
    for lang in TRANSLATIONS {
        step(&format!("the {lang} edition (target/site/{lang})"));
        let logs = i18n_dir(repo);
        Translation {
            repo,
            book_root: repo,
            lang,
            dest: &site.join(lang),
            markdown: Some(logs.join(format!("{lang}-md"))),
            logs: &logs,
        }
        .build()?;
    }
    publish_at(&site, site_url)?;
    step("the widgets' WebAssembly module (crates/widgets), into every edition");
    run(widgets::build_command(repo).arg("--quiet"))?;
    let editions = std::iter::once(site.clone()).chain(TRANSLATIONS.iter().map(|l| site.join(l)));
    for edition in editions {
        widgets::install(repo, &edition)?;
    }
    step("a PDF of each edition (target/pdf), printed from its print page in the browser");
    let pdf_dir = repo.join("target").join("pdf");
    let browser = crate::system::browser().map_err(|e| anyhow::anyhow!("no browser: {e:?}"))?;
    let mut bookcheck =
        crate::run::cargo(repo, &["run", "--quiet", "--release", "-p", "bookcheck", "--"]);
    run(bookcheck
        .args(["pdf".as_ref(), site.as_os_str(), "--out".as_ref(), pdf_dir.as_os_str()])
        .env("CHROMIUM", &browser))?;
    let pdfs = copy_pdfs(repo, &site)?;
    println!("    the PDFs: {}", pdfs.join(", "));
    println!("    the site is in {}", site.display());
    Ok(site)
}

/// A site address as mdBook's site-url takes it: an absolute path, ending in `/`.
fn check_site_url(site_url: &str) -> Result<()> {
    let plain = !site_url.contains(['"', '<', '>', '\\', '?', '#', ' ']);
    if site_url.starts_with('/') && site_url.ends_with('/') && plain {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "--site-url {site_url}: the address the site is published at is a path that starts \
             and ends with `/`, such as `/` or `/nnlearn/`"
        ))
    }
}

/// Every page of the site works under `site_url` (`/nnlearn/` for a GitHub
/// project page) through relative links, except the 404 pages: a host serves
/// them at whatever address was not found, so mdBook writes them with a `<base
/// href>` of its `site-url`, `/` unless told (and `/zh-CN/` for the Chinese
/// edition, as bookops builds it). This moves each edition's base under
/// `site_url`: `<site_url>` and `<site_url>zh-CN/`.
pub fn publish_at(site: &Path, site_url: &str) -> Result<()> {
    check_site_url(site_url)?;
    let editions = std::iter::once("").chain(TRANSLATIONS.iter().copied());
    for lang in editions {
        let dir = if lang.is_empty() { site.to_path_buf() } else { site.join(lang) };
        let page = dir.join("404.html");
        let html = std::fs::read_to_string(&page)
            .with_context(|| format!("reading {}", page.display()))?;
        let edition = if lang.is_empty() { String::new() } else { format!("{lang}/") };
        let was = format!("<base href=\"/{edition}\">");
        let now = format!("<base href=\"{site_url}{edition}\">");
        if html.matches(&was).count() != 1 {
            anyhow::bail!("{}: no single {was} to move under {site_url}", page.display());
        }
        std::fs::write(&page, html.replacen(&was, &now, 1))
            .with_context(|| format!("writing {}", page.display()))?;
    }
    Ok(())
}

/// A copy of the built `site` (`target/site-published`) as [`publish_at`] makes it
/// for `site_url`: what `bookcheck html --site-url` checks.
pub fn published_copy(repo: &Path, site: &Path, site_url: &str) -> Result<PathBuf> {
    let to = repo.join("target").join("site-published");
    if to.exists() {
        std::fs::remove_dir_all(&to).with_context(|| format!("removing {}", to.display()))?;
    }
    bookops::copy_dir(site, &to)
        .with_context(|| format!("copying {} to {}", site.display(), to.display()))?;
    publish_at(&to, site_url)?;
    Ok(to)
}

/// The hook for the PDFs of each edition: every `target/pdf/*.pdf` is copied
/// to the top of the site (`target/site/<name>.pdf`, so the English one at
/// `/how-neural-networks-learn.pdf`), if there are any; returns their names.
/// Whatever makes the PDFs writes them into `target/pdf/` before this runs.
pub fn copy_pdfs(repo: &Path, site: &Path) -> Result<Vec<String>> {
    let from = repo.join("target").join("pdf");
    let Ok(entries) = std::fs::read_dir(&from) else { return Ok(Vec::new()) };
    let mut names = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("reading {}", from.display()))?.path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let name = path.file_name().expect("a file").to_string_lossy().into_owned();
            std::fs::copy(&path, site.join(&name))
                .with_context(|| format!("copying {} into the site", path.display()))?;
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `run:` commands and the uploaded `path:` of a workflow file.
    fn runs_and_uploads(workflow: &str) -> (Vec<&str>, Vec<&str>) {
        let value = |key: &str| {
            workflow
                .lines()
                .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix(key))
                .map(str::trim)
                .collect::<Vec<_>>()
        };
        (value("run:"), value("path:"))
    }

    /// The publishing workflow does what `cargo xtask build` does, and nothing more.
    #[test]
    fn the_pages_workflow_runs_exactly_the_build_command() {
        let repo = bookops::repo();
        let workflow = std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).unwrap();
        let (runs, paths) = runs_and_uploads(&workflow);
        assert_eq!(
            runs,
            [r#"cargo xtask build --site-url "${{ steps.pages.outputs.base_path }}/""#]
        );
        assert_eq!(paths, ["target/site"]);
        assert_eq!(dir(&repo), repo.join("target").join("site"));
        // The check itself can fail: a workflow with a step of its own.
        let extra = workflow.replace(
            "- run: cargo xtask build",
            "- run: cp extra target/site\n      - run: cargo xtask build",
        );
        assert_ne!(runs_and_uploads(&extra).0, runs);
    }

    /// The 404 pages' bases move under the published address, in both editions;
    /// a bad address, or a page whose base is not mdBook's, is refused.
    #[test]
    fn the_404_pages_move_under_the_site_url() {
        let site = std::env::temp_dir().join(format!("xtask-404-{}", std::process::id()));
        let page = |dir: &Path, base: &str| {
            std::fs::create_dir_all(dir).unwrap();
            let html = format!("<head><base href=\"{base}\"><link href=\"css/x.css\"></head>");
            std::fs::write(dir.join("404.html"), html).unwrap();
        };
        page(&site, "/");
        for lang in TRANSLATIONS {
            page(&site.join(lang), &format!("/{lang}/"));
        }
        publish_at(&site, "/nnlearn/").unwrap();
        let read = |dir: &Path| std::fs::read_to_string(dir.join("404.html")).unwrap();
        assert!(read(&site).contains("<base href=\"/nnlearn/\">"), "{}", read(&site));
        assert!(read(&site.join("zh-CN")).contains("<base href=\"/nnlearn/zh-CN/\">"));
        // Moved once, the base is no longer mdBook's: a second move is refused.
        let again = publish_at(&site, "/other/").unwrap_err().to_string();
        assert!(again.contains("no single <base href=\"/\">"), "{again}");
        for bad in ["nnlearn/", "/nnlearn", "/a\"b/"] {
            assert!(publish_at(&site, bad).is_err(), "{bad}");
        }
        std::fs::remove_dir_all(&site).unwrap();
    }

    #[test]
    fn the_pdfs_are_copied_when_there_are_any() {
        let repo = std::env::temp_dir().join(format!("xtask-pdfs-{}", std::process::id()));
        let site = repo.join("site");
        std::fs::create_dir_all(&site).unwrap();
        assert!(copy_pdfs(&repo, &site).unwrap().is_empty());
        let pdf = repo.join("target").join("pdf");
        std::fs::create_dir_all(&pdf).unwrap();
        std::fs::write(pdf.join("how-neural-networks-learn.pdf"), "%PDF").unwrap();
        std::fs::write(pdf.join("notes.txt"), "not a pdf").unwrap();
        assert_eq!(copy_pdfs(&repo, &site).unwrap(), ["how-neural-networks-learn.pdf"]);
        assert!(site.join("how-neural-networks-learn.pdf").is_file());
        assert!(!site.join("notes.txt").exists());
        std::fs::remove_dir_all(&repo).unwrap();
    }
}
