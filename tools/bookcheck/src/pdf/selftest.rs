//! `bookcheck pdf-self-test`: prints the English edition intact, then broken in
//! one way at a time (or breaks the PDF or its print page afterwards), and sees
//! `pdf-check` notice each break by the property it breaks, and only the intact
//! PDF pass.

use std::path::Path;

use anyhow::{Context, Result};

use super::check::{self, Expected, Property};
use super::{EDITIONS, PrintOptions, Printer};

/// A break made while printing.
struct Printed {
    label: &'static str,
    opts: PrintOptions,
    expect: Property,
}

/// Hides the text of the chapter whose heading has id `id` (everything after the
/// heading up to the next chapter's page break), as a font without glyphs or a
/// layout that loses a chapter would.
const BLANK_CHAPTER: &str = r#"(() => {
  let e = document.getElementById('loss-functions').nextElementSibling;
  while (e && !(e.style && e.style.breakBefore === 'page')) {
    e.style.visibility = 'hidden';
    e = e.nextElementSibling;
  }
})()"#;

/// Turns the first SVG figure into a PNG (as a figure rasterised by a print path would be).
const RASTER_FIGURE: &str = r#"(async () => {
  const img = document.querySelector('main img[src$=".svg"]');
  const c = document.createElement('canvas');
  c.width = 200; c.height = 100;
  c.getContext('2d').fillRect(0, 0, 200, 100);
  img.src = c.toDataURL('image/png');
  await img.decode();
})()"#;

/// Leaves only the first chapter (a print cut short).
const FIRST_CHAPTER_ONLY: &str = r#"(() => {
  const breaks = [...document.querySelectorAll('main > div')].filter((d) => d.style.breakBefore === 'page');
  let e = breaks[0];
  while (e) { const next = e.nextElementSibling; e.remove(); e = next; }
})()"#;

/// Renames a section's heading after the print page was read (a bookmark that no
/// longer matches its heading).
const RENAMED_HEADING: &str = r#"(() => {
  document.querySelector('main h2').textContent = 'A heading renamed by the self-test';
})()"#;

/// Code never wrapped and set larger (a print stylesheet without the book's
/// rules): at the page's width, the longest lines run past its edge.
const UNWRAPPED_CODE: &str = r#"(() => {
  const s = document.createElement('style');
  s.textContent = 'main pre, main pre > code, main pre > code.hljs { white-space: pre !important; ' +
    'overflow-wrap: normal !important; overflow-x: auto !important; font-size: 1.5em !important; }';
  document.head.append(s);
})()"#;

/// Removes the notes' terms from the page's text (as a Chinese edition that lost
/// them, or printed without its Chinese text, would).
const TERMS_REMOVED: &str = r#"(() => {
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    n.data = n.data.replace(/梯度|损失函数|过拟合/g, '');
  }
})()"#;

fn printed() -> Vec<Printed> {
    let with = |f: fn(&mut PrintOptions)| {
        let mut o = PrintOptions::default();
        f(&mut o);
        o
    };
    let tamper = |s: &str| PrintOptions { tamper: Some(s.to_string()), ..PrintOptions::default() };
    vec![
        Printed {
            label: "printed without an outline",
            opts: with(|o| o.outline = false),
            expect: Property::Outline,
        },
        Printed {
            label: "printed untagged",
            opts: with(|o| o.tagged = false),
            expect: Property::Tagged,
        },
        Printed {
            label: "chapter `Loss functions` blank",
            opts: tamper(BLANK_CHAPTER),
            expect: Property::Text,
        },
        Printed {
            label: "KaTeX's fonts blocked",
            opts: with(|o| o.blocked = vec!["*KaTeX_*".to_string()]),
            expect: Property::Math,
        },
        Printed {
            label: "a figure turned into a PNG",
            opts: tamper(RASTER_FIGURE),
            expect: Property::Figures,
        },
        Printed {
            label: "only the first chapter printed",
            opts: tamper(FIRST_CHAPTER_ONLY),
            expect: Property::Pages,
        },
        Printed {
            label: "a section heading renamed",
            opts: tamper(RENAMED_HEADING),
            expect: Property::Outline,
        },
        Printed {
            label: "code lines not wrapped",
            opts: tamper(UNWRAPPED_CODE),
            expect: Property::Layout,
        },
    ]
}

/// Replaces every `from` in `bytes` by `to` (of the same length, so that the PDF's
/// cross-reference offsets stay right); the number replaced.
fn replace_bytes(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    n
}

fn verdict(label: &str, expect: Option<Property>, found: &[check::Finding]) -> bool {
    let ok = match expect {
        None => found.is_empty(),
        Some(p) => found.iter().any(|f| f.property == p),
    };
    let want = expect.map_or("no finding".to_string(), |p| format!("a `{}` finding", p.name()));
    println!("  {} {label}: wanted {want}", if ok { "ok  " } else { "MISS" });
    // Detected: the finding that detected it; missed: everything that was found.
    let shown: Vec<&check::Finding> = if ok {
        found.iter().filter(|f| Some(f.property) == expect).take(1).collect()
    } else {
        found.iter().take(20).collect()
    };
    for f in shown {
        println!("         {}: {}", f.property.name(), f.message);
    }
    ok
}

/// Runs the self-test on the build dir `build`; `Ok(true)` when the intact PDF
/// passes and every break is caught.
pub fn run(build: &Path) -> Result<bool> {
    let en = &EDITIONS[0];
    let x = Expected::load(&en.dir(build))?;
    let scratch = tempfile::Builder::new().prefix("bookcheck-pdf-selftest-").tempdir()?;
    let mut printer = Printer::start(build)?;
    let url = printer.url(en);
    let pdf_of = |name: &str, bytes: &[u8]| -> Result<std::path::PathBuf> {
        let p = scratch.path().join(format!("{name}.pdf"));
        std::fs::write(&p, bytes)?;
        Ok(p)
    };

    println!("pdf-self-test: the intact English PDF, then one break at a time");
    let (intact, ready) = printer.print(&url, &PrintOptions::default())?;
    let intact_pdf = pdf_of("intact", &intact)?;
    let mut found = ready.problems;
    found.extend(check::check(&intact_pdf, en, &x)?);
    let mut ok = verdict("intact", None, &found);

    // The English edition quotes the notes' terms too (梯度 beside "gradient"): with
    // them removed from its page, the Chinese edition's term check must fail.
    let opts = PrintOptions { tamper: Some(TERMS_REMOVED.to_string()), ..PrintOptions::default() };
    let (bytes, _) = printer.print(&url, &opts)?;
    let pdf = pdf_of("no-terms", &bytes)?;
    let terms: Vec<_> = check::check(&pdf, &EDITIONS[1], &x)?
        .into_iter()
        .filter(|f| f.property == Property::Terms)
        .collect();
    ok &= verdict(
        "the notes' terms removed (checked as the Chinese edition)",
        Some(Property::Terms),
        &terms,
    );
    let intact_terms: Vec<_> = check::check(&intact_pdf, &EDITIONS[1], &x)?
        .into_iter()
        .filter(|f| f.property == Property::Terms)
        .collect();
    ok &= verdict(
        "the intact English PDF's terms (checked as the Chinese edition)",
        None,
        &intact_terms,
    );

    for (k, b) in printed().into_iter().enumerate() {
        let (bytes, ready) =
            printer.print(&url, &b.opts).with_context(|| format!("printing `{}`", b.label))?;
        let pdf = pdf_of(&format!("break-{k}"), &bytes)?;
        // What the browser saw before printing counts, as `bookcheck pdf` fails on it.
        let mut found = ready.problems;
        found.extend(check::check(&pdf, en, &x)?);
        ok &= verdict(b.label, Some(b.expect), &found);
    }
    drop(printer);

    // Breaks made after printing: the PDF's bytes, the print page, the edition.
    let mut bytes = intact.clone();
    // A font descriptor without its font file is a font not embedded (same length).
    let n = replace_bytes(&mut bytes, b"/FontFile2", b"/FontFileX");
    let pdf = pdf_of("unembedded", &bytes)?;
    ok &= verdict(
        &format!("{n} font file(s) unlinked from their fonts"),
        Some(Property::Fonts),
        &check::check(&pdf, en, &x)?,
    );

    let print = std::fs::read_to_string(en.dir(build).join("print.html"))?;
    let twice = print.replacen("<main>", "<main><p id=\"introduction\"></p>", 1);
    let mut dup = Expected::from_print(&scraper::Html::parse_document(&twice));
    dup.toc = x.toc.clone();
    ok &= verdict(
        "an id used twice in print.html",
        Some(Property::Ids),
        &check::check(&intact_pdf, en, &dup)?,
    );

    println!(
        "pdf-self-test: {}",
        if ok { "every break was detected" } else { "FAILED, a break went unnoticed" }
    );
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::replace_bytes;

    #[test]
    fn replaces_same_length_bytes() {
        let mut b = b"a /FontFile2 1 0 R /FontFile2".to_vec();
        assert_eq!(replace_bytes(&mut b, b"/FontFile2", b"/FontFileX"), 2);
        assert_eq!(&b, b"a /FontFileX 1 0 R /FontFileX");
    }
}
