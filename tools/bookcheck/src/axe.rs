//! axe-core, the accessibility engine, run by `bookcheck browser` in every page of
//! the book, in every theme mdBook offers ([`THEMES`]): a serious or critical
//! violation is an error.
//!
//! axe-core is vendored (tools/bookcheck/vendor/axe-core, its version and licence in
//! the README there) and compiled into bookcheck: the check runs offline, and the
//! engine is injected into the page by the check, never shipped with the book.

use anyhow::Result;
use headless_chrome::Tab;
use serde_json::Value;

use crate::browser::eval_json;
use crate::report::{Kind, Report};

/// axe-core 4.14.1's `axe.min.js`, unchanged.
const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// The rules turned off, each with the reason. Every other rule of axe-core's
/// default set (WCAG 2.0, 2.1 and 2.2 A and AA, and best practices) runs.
pub const DISABLED: &[(&str, &str)] = &[];

/// The pages where axe checks only the page around the content (the menu, the
/// sidebar, the search): print.html holds every chapter again, each checked on its
/// own page, and axe over all of them at once (1600 formulas with their MathML)
/// outlasts the browser's time limit.
pub const FRAME_ONLY: &[&str] = &["print.html"];

/// Every theme mdBook 0.5 offers (its theme menu): axe runs in each. The light
/// and the dark one the browser check is given (`--dark-theme`, navy) get the
/// browser check's other checks too; the rest get axe.
pub const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];

/// The impacts axe gives, from the worst; the first two fail the check.
pub const IMPACTS: [&str; 4] = ["critical", "serious", "moderate", "minor"];

/// One rule violated in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    /// How many elements violate it.
    pub nodes: usize,
    /// The CSS selectors of the first few, and what axe says of the first.
    pub examples: Vec<String>,
    pub summary: String,
}

/// Waits for the page's widgets, then runs axe on the whole document.
const RUN_JS: &str = r#"(async () => {
  const started = Date.now();
  const pending = () => [...document.querySelectorAll('[data-widget]')]
    .some(w => w.dataset.mounted !== 'yes' && w.dataset.mounted !== 'failed');
  while (pending() && Date.now() - started < 15000) await new Promise(r => setTimeout(r, 50));
  await document.fonts.ready;
  const rules = {};
  for (const id of DISABLED) rules[id] = { enabled: false };
  // KaTeX's HTML is aria-hidden (its MathML is what assistive technology reads, and
  // the html check requires it); its colours are checked in both themes by the
  // browser check's formula contrast. Leaving its thousands of spans out keeps axe
  // within the browser's time limits on the longest chapters.
  const context = { exclude: FRAME_ONLY ? [['main']] : [['.katex-html']] };
  const r = await axe.run(context, { rules, resultTypes: ['violations'] });
  return JSON.stringify(r.violations.map(v => ({
    rule: v.id, impact: v.impact || 'minor', help: v.help, nodes: v.nodes.length,
    examples: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || '').replace(/\s+/g, ' ').slice(0, 300),
  })));
})()"#;

/// Runs axe-core in `page`, open in `tab` (allowing it a minute: the browser
/// check's tabs allow a script 15 s).
pub fn run(tab: &Tab, page: &str) -> Result<Vec<Violation>> {
    tab.set_default_timeout(std::time::Duration::from_secs(60));
    let result = run_in(tab, page);
    tab.set_default_timeout(std::time::Duration::from_secs(15));
    result
}

fn run_in(tab: &Tab, page: &str) -> Result<Vec<Violation>> {
    let loaded = tab.evaluate("typeof window.axe === 'object'", false)?;
    if loaded.value != Some(Value::Bool(true)) {
        tab.evaluate(AXE, false)?;
    }
    let disabled: Vec<&str> = DISABLED.iter().map(|(id, _)| *id).collect();
    let js = RUN_JS
        .replace("DISABLED", &serde_json::to_string(&disabled)?)
        .replace("FRAME_ONLY", if FRAME_ONLY.contains(&page) { "true" } else { "false" });
    let v = eval_json(tab, &js)?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .map(|v| Violation {
            rule: v["rule"].as_str().unwrap_or("").to_string(),
            impact: v["impact"].as_str().unwrap_or("minor").to_string(),
            help: v["help"].as_str().unwrap_or("").to_string(),
            nodes: v["nodes"].as_u64().unwrap_or(0) as usize,
            examples: v["examples"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect(),
            summary: v["summary"].as_str().unwrap_or("").to_string(),
        })
        .collect())
}

/// The number of violating elements for each impact, worst first.
pub fn counts(violations: &[Violation]) -> [usize; 4] {
    let mut out = [0; 4];
    for v in violations {
        if let Some(i) = IMPACTS.iter().position(|i| *i == v.impact) {
            out[i] += v.nodes;
        }
    }
    out
}

/// Reports a page's violations: serious and critical ones as errors, the others
/// as warnings; and a note of the counts by impact.
pub fn report(page: &str, theme: &str, violations: &[Violation], report: &mut Report) {
    for v in violations {
        let text = format!(
            "axe {} ({}, {theme} theme): {} on {} element(s), e.g. {}: {}",
            v.rule,
            v.impact,
            v.help,
            v.nodes,
            v.examples.join(", "),
            v.summary
        );
        if matches!(v.impact.as_str(), "critical" | "serious") {
            report.error(Kind::Accessibility, page, text);
        } else {
            report.warning(Kind::Accessibility, page, text);
        }
    }
    let c = counts(violations);
    report.notes.push(format!(
        "axe {page} ({theme}): critical {}, serious {}, moderate {}, minor {}",
        c[0], c[1], c[2], c[3]
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_elements_by_impact() {
        let v = |impact: &str, nodes| Violation {
            rule: "r".into(),
            impact: impact.into(),
            help: String::new(),
            nodes,
            examples: vec![],
            summary: String::new(),
        };
        assert_eq!(counts(&[v("serious", 2), v("minor", 1), v("serious", 3)]), [0, 5, 0, 1]);
        let mut r = Report::default();
        report("p.html", "light", &[v("moderate", 1)], &mut r);
        assert_eq!(r.errors(), 0);
        report("p.html", "light", &[v("critical", 1)], &mut r);
        assert_eq!(r.errors(), 1);
    }

    #[test]
    fn the_engine_is_the_vendored_one() {
        assert!(AXE.starts_with("/*! axe v4.14.1"), "{}", &AXE[..40]);
    }
}
