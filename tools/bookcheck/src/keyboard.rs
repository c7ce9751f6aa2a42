//! The widgets without a mouse: keys pressed as a keyboard sends them (DevTools'
//! `Input.dispatchKeyEvent`, not events made up in the page), and what the widget
//! then shows and reads out (its `aria-live` region). The values themselves are
//! checked against the native crate by the widget's check in `widgets.rs`, as the
//! mouse's are.

use anyhow::{Result, anyhow};
use headless_chrome::Tab;
use serde_json::Value;

use crate::widgets::scenario;

/// Focuses `target` (a JavaScript expression of `root`, the widget's element), presses
/// `keys` in turn, and returns what the widget shows then: `snap` (as `H.snap`),
/// `live` (the text of its `aria-live` region), `focused` (the target kept the focus),
/// `tabindex`, and `url` (mdBook's own arrow keys turn the page: it must not move).
pub fn press(tab: &Tab, widget: &str, target: &str, keys: &[&str]) -> Result<Value> {
    let quoted = serde_json::to_string(target)?;
    let before = scenario(
        tab,
        &format!(
            r#"const root = await H.root('{widget}');
            const t = {target};
            if (!t) throw new Error('no keyboard target ' + {quoted});
            t.focus();
            return {{ focused: document.activeElement === t, tabindex: t.tabIndex, url: location.href }};"#
        ),
    )?;
    if let Some(e) = before["error"].as_str() {
        return Err(anyhow!("{e}"));
    }
    for k in keys {
        tab.press_key(k)?;
    }
    let mut after = scenario(
        tab,
        &format!(
            r#"const root = await H.root('{widget}');
            await H.frame(); await H.frame();
            const t = {target};
            const live = root.querySelector('[aria-live]');
            return {{ snap: H.snap(root), live: live ? live.textContent : null,
                     focused: document.activeElement === t, url: location.href }};"#
        ),
    )?;
    if let Some(e) = after["error"].as_str() {
        return Err(anyhow!("{e}"));
    }
    after["tabindex"] = before["tabindex"].clone();
    after["was_focused"] = before["focused"].clone();
    after["url_before"] = before["url"].clone();
    Ok(after)
}

/// The problems common to every key press: the target takes the focus from Tab
/// (tabindex 0), keeps it, the page stays, and there is a live region.
pub fn usable(v: &Value, what: &str, problems: &mut Vec<String>) {
    if v["tabindex"].as_i64() != Some(0) || v["was_focused"] != Value::Bool(true) {
        problems.push(format!("{what}: the target cannot take the keyboard's focus"));
    }
    if v["focused"] != Value::Bool(true) {
        problems.push(format!("{what}: the target lost the focus"));
    }
    if v["url"] != v["url_before"] {
        problems.push(format!("{what}: the keys left the page (to {})", v["url"]));
    }
    if v["live"].as_str().is_none_or(|s| s.trim().is_empty()) {
        problems.push(format!("{what}: no aria-live region reads the values out"));
    }
}

/// The live region's text contains `want`.
pub fn reads(v: &Value, want: &str, what: &str, problems: &mut Vec<String>) {
    let live = v["live"].as_str().unwrap_or("");
    if !live.contains(want) {
        problems.push(format!("{what}: the live region reads `{live}`, without `{want}`"));
    }
}

/// The widgets and their pages, in each edition.
const PAGES: [(&str, &str); 5] = [
    ("loss-functions.html", "losses"),
    ("numerical-differentiation.html", "secants"),
    ("gradients.html", "descent"),
    ("learning-algorithm.html", "digit"),
    ("learning-algorithm.html", "training"),
];

/// One edition's words for what the live regions read out (widgets.js's `T`).
struct Words {
    probability: &'static str,
    error: &'static str,
    start: &'static str,
    pen: &'static str,
    running: &'static str,
    stopped: &'static str,
}

const ENGLISH: Words = Words {
    probability: "probability of the correct class, y₂",
    error: "error",
    start: "start",
    pen: "pen",
    running: "running",
    stopped: "stopped",
};

const CHINESE: Words = Words {
    probability: "正确类别的概率 y₂",
    error: "误差",
    start: "起点",
    pen: "笔",
    running: "正在训练",
    stopped: "已停止",
};

/// The keyboard on every widget of one edition (`edition`: `""` for the English
/// pages, `"zh-CN/"` for the Chinese), each from its starting state on a freshly
/// loaded page: the keys move what they should by the step they should, and the
/// live region reads the new values out, in the edition's language, the numbers
/// as the native crate computes them. Returns (page, problem) pairs.
pub fn check_edition(tab: &Tab, base: &str, edition: &str) -> Result<Vec<(String, String)>> {
    let words = if edition.is_empty() { &ENGLISH } else { &CHINESE };
    let mut found = Vec::new();
    for (page, widget) in PAGES {
        let page = format!("{edition}{page}");
        tab.navigate_to(&format!("{base}{page}"))?.wait_until_navigated()?;
        let mut problems = Vec::new();
        if let Err(e) = check_widget(tab, widget, words, &mut problems) {
            problems.push(format!("the check could not run: {e:#}"));
        }
        found.extend(problems.into_iter().map(|p| (page.clone(), format!("widget {widget}: {p}"))));
    }
    Ok(found)
}

/// The `nn` state a widget shows, as a number.
fn number(v: &Value, key: &str) -> f64 {
    v["snap"]["nn"][key].as_f64().unwrap_or(f64::NAN)
}

fn check_widget(tab: &Tab, widget: &str, w: &Words, problems: &mut Vec<String>) -> Result<()> {
    let canvas = "root.querySelector('canvas')";
    match widget {
        // y₂ starts at 0.6; → twice moves it by twice the first step, 0.01.
        "losses" => {
            let k = press(tab, widget, canvas, &["ArrowRight", "ArrowRight"])?;
            usable(&k, "→ →", problems);
            let p = number(&k, "p");
            if p != 0.62 {
                problems.push(format!("→ → from y₂ = 0.6 gave {p}, not 0.62"));
            }
            let cross = nnlearn_widgets::losses::values(0.62)[0];
            reads(&k, &format!("{} 0.620", w.probability), "→ →", problems);
            reads(&k, &format!("cross_entropy_error {cross:?}"), "→ →", problems);
        }
        // x starts at 5 with h = 1; → moves x by 0.5.
        "secants" => {
            let k = press(tab, widget, canvas, &["ArrowRight"])?;
            usable(&k, "→", problems);
            let (x, h) = (number(&k, "x"), number(&k, "h"));
            if (x, h) != (5.5, 1.0) {
                problems.push(format!("→ from x = 5, h = 1 gave x = {x}, h = {h}"));
            }
            let forward = nnlearn_widgets::secants::values(5.5, 1.0)[3];
            reads(
                &k,
                &format!("x 5.5, h 1.0; forward_difference {forward:?} ({}", w.error),
                "→",
                problems,
            );
        }
        // The start is (−3, 4); → and ↓ move it by 0.25 each.
        "descent" => {
            let k = press(tab, widget, canvas, &["ArrowRight", "ArrowDown"])?;
            usable(&k, "→ ↓", problems);
            let start = k["snap"]["nn"]["start"].clone();
            if start != serde_json::json!([-2.75, 3.75]) {
                problems.push(format!("→ ↓ from the start (−3, 4) gave {start}"));
            }
            reads(&k, &format!("{} [-2.75, 3.75]", w.start), "→ ↓", problems);
        }
        // The pen starts lifted at (140, 140) with the step 20: + doubles the step, ↑ moves it up.
        "digit" => {
            let k = press(tab, widget, canvas, &["+", "ArrowUp"])?;
            usable(&k, "+ ↑", problems);
            let pen = k["snap"]["nn"]["pen"].clone();
            if pen["at"] != serde_json::json!([140, 100]) || pen["step"].as_f64() != Some(40.0) {
                problems.push(format!("+ ↑ from the pen at (140, 140), step 20, gave {pen}"));
            }
            reads(&k, &format!("{} (140, 100)", w.pen), "+ ↑", problems);
        }
        // Enter on the focused Start button starts the run, and again stops it.
        _ => {
            let go = "root.querySelector('button')";
            let started = press(tab, widget, go, &["Enter"])?;
            std::thread::sleep(std::time::Duration::from_millis(500));
            let stopped = press(tab, widget, go, &["Enter"])?;
            usable(&started, "Enter on Start", problems);
            usable(&stopped, "Enter on Stop", problems);
            let running = |v: &Value| v["snap"]["nn"]["running"].clone();
            if running(&started) != Value::Bool(true) || running(&stopped) != Value::Bool(false) {
                problems.push("Enter on the Start button did not start, then stop, the run".into());
            }
            reads(&started, w.running, "Enter on Start", problems);
            reads(&stopped, w.stopped, "Enter on Stop", problems);
        }
    }
    Ok(())
}

/// What the self-test breaks in a copy of the site: in the English edition's
/// widgets.js the arrow keys do nothing; in the Chinese edition's the live region
/// is no longer live (a plain paragraph, which a screen reader does not read out).
const BREAKS: [(&str, &str, &str); 2] = [
    (
        "widgets/widgets.js",
        "if (d) on.move(...d);",
        "if (d) { /* bookcheck self-test: arrows ignored */ }",
    ),
    (
        "zh-CN/widgets/widgets.js",
        r#"el("p", { class: "nn-live", role: "status", "aria-live": "polite" })"#,
        r#"el("p", { class: "nn-live" })"#,
    ),
];

/// The widgets each break must be caught on: the English break on every widget
/// the arrow keys drive, the Chinese one on every widget.
const CAUGHT_ON: [&[&str]; 2] = [
    &["losses", "secants", "descent", "digit"],
    &["losses", "secants", "descent", "digit", "training"],
];

/// `bookcheck self-test`'s keyboard part: [`check_edition`] on the intact site
/// and on a copy with [`BREAKS`]; `Ok(true)` when every broken widget is caught
/// (a problem the intact site does not have) in its edition.
pub fn self_test(build: &std::path::Path) -> Result<bool> {
    let scratch = tempfile::Builder::new().prefix("bookcheck-keyboard-").tempdir()?;
    let copy = scratch.path().join("site");
    crate::selftest::copy_dir(build, &copy)?;
    for (file, from, to) in BREAKS {
        let path = copy.join(file);
        let js = std::fs::read_to_string(&path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        if js.matches(from).count() != 1 {
            return Err(anyhow!("{file}: not exactly one `{from}` to break"));
        }
        std::fs::write(&path, js.replacen(from, to, 1))?;
        println!("  keyboard: {file}: `{from}` made `{to}`");
    }
    let chromium = crate::browser::chromium_path().map_err(|e| anyhow!(e))?;
    let profile = tempfile::Builder::new().prefix("bookcheck-keyboard-profile-").tempdir()?;
    let chrome = crate::browser::launch(&chromium, profile.path())?;
    let run = |dir: &std::path::Path| -> Result<Vec<Vec<(String, String)>>> {
        let server = bookserve::Server::files(dir)?;
        let tab = crate::browser::visible_tab(&chrome, 1280, 1000)?;
        tab.set_default_timeout(std::time::Duration::from_secs(60));
        let found = ["", "zh-CN/"].map(|e| check_edition(&tab, &server.base(), e));
        let _ = tab.close(false);
        found.into_iter().collect()
    };
    let outcome = run(build).and_then(|intact| Ok((intact, run(&copy)?)));
    crate::browser::close(chrome, profile.path());
    let (intact, broken) = outcome?;
    let mut ok = true;
    for (i, edition) in ["English", "Chinese"].into_iter().enumerate() {
        let new: Vec<&(String, String)> =
            broken[i].iter().filter(|p| !intact[i].contains(p)).collect();
        for widget in CAUGHT_ON[i] {
            let tag = format!("widget {widget}:");
            let hits: Vec<&&(String, String)> =
                new.iter().filter(|p| p.1.starts_with(&tag)).collect();
            match hits.first() {
                Some((page, p)) => println!("  keyboard, {edition}: {widget} caught: {page}: {p}"),
                None => {
                    ok = false;
                    println!("  keyboard, {edition}: {widget} NOT CAUGHT ({})", BREAKS[i].0);
                }
            }
        }
    }
    Ok(ok)
}
