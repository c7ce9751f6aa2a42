//! What the machine itself must have: a C compiler (the pinned mdbook-katex
//! compiles QuickJS, in C), and for the check a browser of the Chromium family
//! and a CJK font (the chapters quote Chinese terms; without one the
//! screenshots show empty boxes), and on Linux the mingw-w64 C compiler and
//! Wine (the learner's tests built for Windows and run). On Debian and Ubuntu
//! what is missing is installed with apt-get, as root or through sudo, before
//! anything is compiled; anywhere else the task stops at once and prints the
//! one command to run on that platform.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};

use crate::run::works;

/// A part of the system a task needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    CCompiler,
    Browser,
    Fontconfig,
    CjkFont,
    Mingw,
    Wine,
    /// poppler's command-line tools (pdfinfo, pdffonts, pdftotext...), which
    /// `bookcheck pdf-check` reads the PDFs with.
    Poppler,
}

impl Part {
    fn describe(self) -> &'static str {
        match self {
            Part::CCompiler => "a C compiler",
            Part::Browser => "Chrome, Chromium or Edge",
            Part::Fontconfig => "fontconfig",
            Part::CjkFont => "a CJK font",
            Part::Mingw => "the mingw-w64 C compiler",
            Part::Wine => "Wine",
            Part::Poppler => "poppler's tools (pdfinfo, pdffonts, pdftotext)",
        }
    }
}

/// What a task needs of the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Installing the book tools: a C compiler.
    Tools,
    /// The publishable site: also the browser and a CJK font (the PDFs are
    /// printed from the book's print pages).
    Site,
    /// The check: also poppler's tools, and on Linux mingw-w64 and Wine.
    Check,
}

/// The package managers whose package names we know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Apt,
    Dnf,
    Pacman,
    Brew,
    Winget,
    Unknown,
}

/// The package manager of this machine.
pub fn manager() -> Manager {
    match std::env::consts::OS {
        "macos" => Manager::Brew,
        "windows" => Manager::Winget,
        _ if works("apt-get", &["--version"]) => Manager::Apt,
        _ if works("dnf", &["--version"]) => Manager::Dnf,
        _ if works("pacman", &["--version"]) => Manager::Pacman,
        _ => Manager::Unknown,
    }
}

/// The one command that installs `parts` with `manager`.
pub fn one_command(manager: Manager, parts: &[Part]) -> String {
    let names = |f: fn(Part) -> &'static str| {
        let mut v: Vec<&str> = parts.iter().map(|&p| f(p)).filter(|n| !n.is_empty()).collect();
        v.dedup();
        v.join(" ")
    };
    match manager {
        Manager::Apt => format!(
            "sudo apt-get update && sudo apt-get install -y {}",
            names(|p| match p {
                Part::CCompiler => "gcc",
                Part::Browser => "chromium",
                Part::Fontconfig => "fontconfig",
                Part::CjkFont => "fonts-wqy-microhei",
                Part::Mingw => "gcc-mingw-w64-x86-64",
                Part::Wine => "wine wine64",
                Part::Poppler => "poppler-utils",
            })
        ),
        Manager::Dnf => format!(
            "sudo dnf install -y {}",
            names(|p| match p {
                Part::CCompiler => "gcc",
                Part::Browser => "chromium",
                Part::Fontconfig => "fontconfig",
                Part::CjkFont => "google-noto-sans-cjk-fonts",
                Part::Mingw => "mingw64-gcc",
                Part::Wine => "wine",
                Part::Poppler => "poppler-utils",
            })
        ),
        Manager::Pacman => format!(
            "sudo pacman -S --needed {}",
            names(|p| match p {
                Part::CCompiler => "gcc",
                Part::Browser => "chromium",
                Part::Fontconfig => "fontconfig",
                Part::CjkFont => "noto-fonts-cjk",
                Part::Mingw => "mingw-w64-gcc",
                Part::Wine => "wine",
                Part::Poppler => "poppler",
            })
        ),
        // macOS has CJK fonts; its C compiler comes with the command line tools.
        Manager::Brew => {
            let mut commands = Vec::new();
            if parts.contains(&Part::CCompiler) {
                commands.push("xcode-select --install".to_string());
            }
            if parts.contains(&Part::Browser) {
                commands.push("brew install --cask google-chrome".to_string());
            }
            if parts.contains(&Part::Poppler) {
                commands.push("brew install poppler".to_string());
            }
            commands.join(" && ")
        }
        // Windows has CJK fonts, and Rust's MSVC toolchain its C compiler;
        // winget has no package of poppler's tools that we know of.
        Manager::Winget => {
            let mut command = "winget install --id Google.Chrome".to_string();
            if parts.contains(&Part::Poppler) {
                command.push_str(
                    " (and put poppler's tools, pdfinfo, pdffonts and pdftotext, on PATH)",
                );
            }
            command
        }
        Manager::Unknown => format!(
            "install {} with this system's package manager",
            parts.iter().map(|p| p.describe()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The names a browser of the Chromium family goes by on `PATH`.
const BROWSER_NAMES: [&str; 8] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
];

/// Where the browsers are installed when they are not on `PATH`, per platform
/// (`var` reads an environment variable: Windows' program folders).
fn usual_paths(os: &str, var: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    match os {
        "macos" => [
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
        ]
        .iter()
        .map(PathBuf::from)
        .collect(),
        "windows" => {
            let bases = ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"];
            let apps = [
                r"Google\Chrome\Application\chrome.exe",
                r"Microsoft\Edge\Application\msedge.exe",
                r"Chromium\Application\chrome.exe",
            ];
            let bases: Vec<PathBuf> =
                bases.iter().filter_map(|b| var(b)).map(PathBuf::from).collect();
            apps.iter().flat_map(|app| bases.iter().map(move |b| b.join(app))).collect()
        }
        _ => [
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/snap/bin/chromium",
            "/usr/bin/google-chrome",
            "/opt/google/chrome/chrome",
            "/usr/bin/microsoft-edge",
        ]
        .iter()
        .map(PathBuf::from)
        .collect(),
    }
}

/// Why no browser was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoBrowser {
    /// `$CHROMIUM` (or `$CHROME`) names a file that is not there.
    Named { var: &'static str, path: PathBuf },
    /// None installed.
    None,
}

/// The browser the checks will drive: `$CHROMIUM`, else `$CHROME`, else the
/// first of Chrome, Chromium or Edge on `PATH`, else in its usual install
/// folder. `os` is `std::env::consts::OS`; `var` and `is_file` read the
/// environment and the disk (the tests give other ones).
pub fn find_browser(
    os: &str,
    var: &dyn Fn(&str) -> Option<OsString>,
    is_file: &dyn Fn(&Path) -> bool,
) -> Result<PathBuf, NoBrowser> {
    for name in ["CHROMIUM", "CHROME"] {
        if let Some(p) = var(name).filter(|p| !p.is_empty()) {
            let path = PathBuf::from(p);
            return if is_file(&path) {
                Ok(path)
            } else {
                Err(NoBrowser::Named {
                    var: if name == "CHROMIUM" { "CHROMIUM" } else { "CHROME" },
                    path,
                })
            };
        }
    }
    let exe = if os == "windows" { ".exe" } else { "" };
    let on_path: Vec<PathBuf> =
        var("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    let named =
        BROWSER_NAMES.iter().flat_map(|n| on_path.iter().map(move |d| d.join(format!("{n}{exe}"))));
    named.chain(usual_paths(os, var)).find(|p| is_file(p)).ok_or(NoBrowser::None)
}

/// This machine's browser (see [`find_browser`]).
pub fn browser() -> Result<PathBuf, NoBrowser> {
    find_browser(std::env::consts::OS, &|v| std::env::var_os(v), &|p| p.is_file())
}

/// Whether a C compiler is on `PATH` (Windows: Rust's MSVC toolchain brings its own).
fn has_c_compiler() -> bool {
    cfg!(windows) || ["cc", "gcc", "clang"].iter().any(|c| works(c, &["--version"]))
}

/// The parts of `needs` this machine lacks; an error when `$CHROMIUM` names a
/// browser that is not there (installing another would not help).
pub fn missing(needs: Needs) -> Result<Vec<Part>> {
    let mut parts = Vec::new();
    if !has_c_compiler() {
        parts.push(Part::CCompiler);
    }
    if needs == Needs::Tools {
        return Ok(parts);
    }
    if needs == Needs::Check && !works("pdfinfo", &["-v"]) {
        parts.push(Part::Poppler);
    }
    if needs == Needs::Check && cfg!(target_os = "linux") {
        if !works("x86_64-w64-mingw32-gcc", &["--version"]) {
            parts.push(Part::Mingw);
        }
        if !works("wine", &["--version"]) {
            parts.push(Part::Wine);
        }
    }
    match browser() {
        Ok(_) => {}
        Err(NoBrowser::Named { var, path }) => bail!(
            "${var} names {}, which is not there: set it to the browser's program, or unset it to use \
             the Chrome, Chromium or Edge installed here; to install one, run:\n    {}",
            path.display(),
            one_command(manager(), &[Part::Browser])
        ),
        Err(NoBrowser::None) => parts.push(Part::Browser),
    }
    // Windows and macOS come with CJK fonts; elsewhere fontconfig says.
    if !cfg!(any(windows, target_os = "macos")) {
        if !works("fc-list", &["--version"]) {
            parts.push(Part::Fontconfig);
            parts.push(Part::CjkFont);
        } else {
            let zh = Command::new("fc-list").args([":lang=zh", "family"]).output();
            if !zh.is_ok_and(|o| !o.stdout.trim_ascii().is_empty()) {
                parts.push(Part::CjkFont);
            }
        }
    }
    Ok(parts)
}

/// Installs what `needs` lacks with apt-get (root, or sudo that can run), or
/// stops at once with the one command to run.
pub fn ensure(needs: Needs) -> Result<()> {
    let parts = missing(needs)?;
    if parts.is_empty() {
        return Ok(());
    }
    let lacking: Vec<&str> = parts.iter().map(|p| p.describe()).collect();
    let manager = manager();
    let sudo = sudo();
    let Some(sudo) = sudo.filter(|_| manager == Manager::Apt) else {
        bail!(
            "this machine lacks {}, which the task needs; install them first:\n    {}{}",
            lacking.join(", "),
            one_command(manager, &parts),
            if parts.contains(&Part::Browser) {
                "\n(or set CHROMIUM to a Chrome, Chromium or Edge program installed elsewhere)"
            } else {
                ""
            }
        );
    };
    let packages = one_command(Manager::Apt, &parts);
    let packages = packages.rsplit("install -y ").next().unwrap_or_default().to_string();
    println!(
        "==> installing {packages} with apt-get{}: the task needs them",
        if sudo.is_empty() { "" } else { " (through sudo)" }
    );
    let apt = |args: &[&str]| {
        let mut words: Vec<&str> = sudo.clone();
        words.extend(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        words.extend(args);
        let mut command = Command::new(words[0]);
        command.args(&words[1..]);
        crate::run::run(&mut command)
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq"];
    install.extend(packages.split_whitespace());
    apt(&install)?;
    let still = missing(needs)?;
    if !still.is_empty() {
        let still: Vec<&str> = still.iter().map(|p| p.describe()).collect();
        bail!("still missing after apt-get: {}", still.join(", "));
    }
    Ok(())
}

/// How to run apt-get: directly as root, through sudo when it needs no
/// password or can ask on this terminal; `None` when neither.
fn sudo() -> Option<Vec<&'static str>> {
    if cfg!(unix)
        && Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
    {
        return Some(vec![]);
    }
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdin());
    (works("sudo", &["-n", "true"]) || (terminal && works("sudo", &["--version"])))
        .then(|| vec!["sudo"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn chromium_named_by_the_environment_comes_first_and_must_exist() {
        let anything = |_: &Path| true;
        let var = env(&[("CHROMIUM", "/opt/c/chrome"), ("CHROME", "/x")]);
        assert_eq!(find_browser("linux", &var, &anything), Ok(PathBuf::from("/opt/c/chrome")));
        let nothing = |_: &Path| false;
        assert_eq!(
            find_browser("linux", &var, &nothing),
            Err(NoBrowser::Named { var: "CHROMIUM", path: PathBuf::from("/opt/c/chrome") })
        );
    }

    #[test]
    fn a_browser_is_found_on_path_then_in_its_usual_folder_per_platform() {
        let path = std::env::join_paths(["/a", "/b"]).unwrap();
        let path: &'static str = Box::leak(path.into_string().unwrap().into_boxed_str());
        let pairs: &'static [(&str, &str)] = Box::leak(Box::new([("PATH", path)]));
        let var = env(pairs);
        let edge = Path::new("/b").join("microsoft-edge");
        assert_eq!(find_browser("linux", &var, &|p| p == edge), Ok(edge.clone()));
        let mac = Path::new("/Applications/Chromium.app/Contents/MacOS/Chromium");
        assert_eq!(find_browser("macos", &var, &|p| p == mac), Ok(mac.to_path_buf()));
        let var = env(&[("ProgramFiles(x86)", "C:/PF86")]);
        let win = Path::new("C:/PF86").join(r"Microsoft\Edge\Application\msedge.exe");
        assert_eq!(find_browser("windows", &var, &|p| p == win), Ok(win.clone()));
        assert_eq!(find_browser("linux", &var, &|_| false), Err(NoBrowser::None));
    }

    #[test]
    fn the_one_command_names_the_platforms_packages() {
        let parts = [Part::Browser, Part::CjkFont];
        assert_eq!(
            one_command(Manager::Apt, &parts),
            "sudo apt-get update && sudo apt-get install -y chromium fonts-wqy-microhei"
        );
        assert_eq!(
            one_command(Manager::Dnf, &parts),
            "sudo dnf install -y chromium google-noto-sans-cjk-fonts"
        );
        assert_eq!(one_command(Manager::Brew, &parts), "brew install --cask google-chrome");
        assert_eq!(one_command(Manager::Winget, &parts), "winget install --id Google.Chrome");
        assert_eq!(one_command(Manager::Brew, &[Part::CCompiler]), "xcode-select --install");
    }
}
