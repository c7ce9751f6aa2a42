//! Problems found by the checks, and how they are printed.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem: the self-test matches breaks to findings by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An unexpanded `{{#include}}` (or any `{{#...}}`) left in a page.
    Include,
    /// Raw TeX in the text, a `katex-error`, or a formula count that differs from the source.
    Math,
    /// The page's markdown source cannot be read or scanned.
    Source,
    /// A resource loaded from (or pointing to) another host.
    External,
    /// A link to another host (allowed, reported as a warning).
    ExternalLink,
    /// A relative link or resource that does not resolve, or a `#fragment` with no target.
    Link,
    /// An image that does not load or has no alt text.
    Image,
    /// A console error or an uncaught exception.
    Console,
    /// A failed request or an HTTP status >= 400.
    Network,
    /// The search does not find the page.
    Search,
    /// Something is unreadable in a dark theme.
    Contrast,
    /// Something a screen reader or a keyboard cannot use: a formula without its
    /// MathML, a serious or critical axe-core violation.
    Accessibility,
    /// The checker itself could not do a check (it is then an error: nothing is skipped).
    Checker,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Include => "include",
            Kind::Math => "math",
            Kind::Source => "source",
            Kind::External => "external",
            Kind::ExternalLink => "external-link",
            Kind::Link => "link",
            Kind::Image => "image",
            Kind::Console => "console",
            Kind::Network => "network",
            Kind::Search => "search",
            Kind::Contrast => "contrast",
            Kind::Accessibility => "accessibility",
            Kind::Checker => "checker",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub kind: Kind,
    /// The file or page, relative to the build dir (or the source file).
    pub page: String,
    /// What is wrong, and where in the page.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}] {}: {}", self.kind.name(), self.page, self.message)
    }
}

/// The findings of one run.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    /// Free-form lines printed after the problems (counts, timings).
    pub notes: Vec<String>,
}

impl Report {
    pub fn error(&mut self, kind: Kind, page: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, kind, page, message);
    }

    pub fn warning(&mut self, kind: Kind, page: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, kind, page, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        kind: Kind,
        page: impl Into<String>,
        message: impl Into<String>,
    ) {
        let p = Problem { severity, kind, page: page.into(), message: message.into() };
        if !self.problems.contains(&p) {
            self.problems.push(p);
        }
    }

    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }

    /// Prints the problems (errors first, then warnings, each sorted by page) and a summary.
    pub fn print(&self, what: &str) {
        let mut sorted: Vec<&Problem> = self.problems.iter().collect();
        sorted.sort_by(|a, b| (a.severity, &a.page, a.kind).cmp(&(b.severity, &b.page, b.kind)));
        for p in sorted {
            println!("{p}");
        }
        for n in &self.notes {
            println!("{n}");
        }
        println!("bookcheck {what}: {} error(s), {} warning(s)", self.errors(), self.warnings());
    }
}
