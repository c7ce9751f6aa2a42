//! `bookcheck widgets`: every interactive figure of the built book, in headless
//! Chromium, against the native crate.
//!
//! For each widget: it mounts (its WebAssembly module loads); moving each of
//! its controls changes its drawing (the pixels of its canvases) and its
//! numbers; the numbers are the native crate's (the descent path bit for bit,
//! and its end point as `cargo run -- descent` prints it; a real test image
//! painted into the canvas gets the answer the native network gives and that
//! the full run recorded); training runs without freezing the page, stops and
//! starts again; and the page logs no console error and asks no other host.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use headless_chrome::Tab;
use ndarray::array;
use nnlearn_widgets::descent::{Surface, step_factors};
use nnlearn_widgets::own_function::OwnFunction;
use nnlearn_widgets::{digits, losses, network, secants, trainer};
use serde_json::Value;

use crate::browser::{self, Events, eval_json};
use crate::keyboard;
use crate::report::{Kind, Report};
use bookserve::Server;

/// Helpers every scenario uses, defined in the page first.
const HELPERS: &str = r#"
window.H = {
  frame: () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  async root(name) {
    const t0 = Date.now();
    for (;;) {
      const r = document.querySelector('[data-widget="' + name + '"]');
      if (r && (r.dataset.mounted === 'yes' || r.dataset.mounted === 'failed')) return r;
      if (Date.now() - t0 > 20000) throw new Error('widget ' + name + ' did not mount in 20 s');
      await H.sleep(50);
    }
  },
  snap(root) {
    return {
      pixels: [...root.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|'),
      numbers: [...root.querySelectorAll('table')].map((t) => t.innerText).join('|'),
      nn: JSON.parse(JSON.stringify(root.nn || null)),
    };
  },
  async slide(root, label, value) {
    const input = root.querySelector('input[aria-label="' + label + '"]');
    if (!input) throw new Error('no control ' + label);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await H.frame();
  },
  async press(root, text) {
    const b = [...root.querySelectorAll('button')].find((b) => b.textContent === text);
    if (!b) throw new Error('no button ' + text);
    b.click();
    await H.frame();
  },
  /** A pointer event at canvas pixel (x, y), as a mouse would send it. */
  pointer(canvas, type, x, y) {
    const r = canvas.getBoundingClientRect();
    const e = { bubbles: true, clientX: r.left + (x * r.width) / canvas.width, clientY: r.top + (y * r.height) / canvas.height, pointerId: 1, button: 0, buttons: type === 'pointerup' ? 0 : 1 };
    canvas.dispatchEvent(type === 'click' ? new MouseEvent('click', e) : new PointerEvent(type, e));
  },
};
0"#;

/// Runs a scenario (an async function body using `H`) and returns its JSON.
/// Numbers travel as their shortest decimal text (`"#0.1"`), read back here
/// with Rust's exact parser (serde_json's default one may be off by an ulp).
pub(crate) fn scenario(tab: &Tab, body: &str) -> Result<Value> {
    tab.evaluate(HELPERS, false)?;
    let json = eval_json(
        tab,
        &format!(
            "(async () => {{ {body} }})().then((v) => JSON.stringify(v, (k, x) => typeof x === 'number' ? '#' + String(x) : x), \
             (e) => JSON.stringify({{ error: String(e) }}))"
        ),
    )?;
    Ok(exact_numbers(json))
}

/// Turns the `"#<number>"` strings of [`scenario`] back into numbers.
fn exact_numbers(v: Value) -> Value {
    match v {
        Value::String(s) if s.starts_with('#') => match s[1..].parse::<f64>() {
            Ok(x) if x.fract() == 0.0 && x.abs() < 9e15 && x >= 0.0 => Value::from(x as u64),
            Ok(x) => serde_json::Number::from_f64(x).map_or(Value::String(s), Value::Number),
            Err(_) => Value::String(s),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(exact_numbers).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, exact_numbers(v))).collect())
        }
        other => other,
    }
}

/// The widgets, by the page that shows them.
const PAGES: [(&str, &[&str]); 4] = [
    ("loss-functions.html", &["losses"]),
    ("numerical-differentiation.html", &["secants"]),
    ("gradients.html", &["descent"]),
    ("learning-algorithm.html", &["digit", "training"]),
];

pub fn check(
    build: &Path,
    book_src: &Path,
    screenshots: Option<&Path>,
    report: &mut Report,
) -> Result<()> {
    let repo = book_src
        .canonicalize()
        .with_context(|| format!("{}", book_src.display()))?
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| anyhow!("the book's sources have no parent folder"))?;
    let native = Native::load(build)?;
    let chromium = browser::chromium_path()?;
    let profile = tempfile::Builder::new().prefix("bookcheck-widgets-").tempdir()?;
    let chrome = browser::launch(&chromium, profile.path())?;
    let server = Server::files(build).context("starting the local HTTP server")?;
    let mut cli: Vec<CliCheck> = Vec::new();
    let result = (|| -> Result<()> {
        // A window of its own, visible, so that it paints (and runs animation frames) at full speed.
        let tab = browser::visible_tab(&chrome, 1280, 1000)?;
        tab.set_default_timeout(Duration::from_secs(60));
        let events = Arc::new(Mutex::new(Events::default()));
        let loads = Arc::new(AtomicU64::new(0));
        browser::listen(&tab, &events, &loads)?;
        for (page, widgets) in PAGES {
            *events.lock().expect("events") = Events::default();
            tab.navigate_to(&format!("{}{page}", server.base()))?.wait_until_navigated()?;
            for &widget in widgets {
                let t = Instant::now();
                let mut problems = Vec::new();
                let outcome = match widget {
                    "losses" => check_losses(&tab, &mut problems),
                    "secants" => check_secants(&tab, &mut problems),
                    "descent" => check_descent(&tab, &mut cli, &mut problems),
                    "digit" => check_digit(&tab, &native, &mut problems),
                    _ => check_training(&tab, &native, &mut problems),
                };
                if let Err(e) = outcome {
                    problems.push(format!("the check could not run: {e:#}"));
                }
                if let Some(dir) = screenshots {
                    let rect = eval_json(
                        &tab,
                        &format!(
                            "(() => {{ const r = document.querySelector('[data-widget=\"{widget}\"]').getBoundingClientRect(); \
                             return JSON.stringify([r.left + scrollX, r.top + scrollY, r.width, r.height]); }})()"
                        ),
                    )?;
                    let r = f64s(&rect);
                    let shot =
                        browser::clip_png(&tab, r[0], r[1], r[2].max(1.0), r[3].max(1.0), true);
                    match shot {
                        Ok(png) => std::fs::create_dir_all(dir)
                            .and_then(|()| {
                                std::fs::write(dir.join(format!("widget-{widget}.png")), png)
                            })
                            .with_context(|| format!("writing the screenshot of {widget}"))?,
                        Err(e) => problems.push(format!("no screenshot: {e:#}")),
                    }
                }
                for p in &problems {
                    report.error(Kind::Checker, page, format!("widget {widget}: {p}"));
                }
                if problems.is_empty() {
                    report.notes.push(format!(
                        "widget {widget} ({page}): passed in {:.1}s",
                        t.elapsed().as_secs_f64()
                    ));
                }
            }
            std::thread::sleep(Duration::from_millis(100));
            let e = std::mem::take(&mut *events.lock().expect("events"));
            for c in e.console {
                report.error(Kind::Console, page, format!("with its widgets: {c}"));
            }
            let base = server.base();
            for u in e.requests.iter().filter(|u| {
                !u.starts_with(&base) && !u.starts_with("data:") && !u.starts_with("blob:")
            }) {
                report.error(Kind::External, page, format!("widget page asked another host: {u}"));
            }
            for (u, status) in e.responses.iter().filter(|(_, s)| *s >= 400) {
                report.error(
                    Kind::Network,
                    page,
                    format!("widget page: {u} answered HTTP {status}"),
                );
            }
            for (u, why) in e.failed {
                report.error(Kind::Network, page, format!("widget page: {u} failed ({why})"));
            }
        }
        // The reader's own function on the Chinese page, where the site has one.
        if build.join("zh-CN").is_dir() {
            let page = "zh-CN/numerical-differentiation.html";
            tab.navigate_to(&format!("{}{page}", server.base()))?.wait_until_navigated()?;
            let mut problems = Vec::new();
            if let Err(e) = check_own_function(&tab, &mut problems, true) {
                problems.push(format!("the check could not run: {e:#}"));
            }
            for p in &problems {
                report.error(Kind::Checker, page, format!("widget secants, in Chinese: {p}"));
            }
            if problems.is_empty() {
                report
                    .notes
                    .push(format!("widget secants ({page}): your own function, in Chinese"));
            }
        }
        // The keyboard on every widget from its start, in each edition.
        let editions = ["", "zh-CN/"].into_iter().filter(|e| build.join(e).is_dir());
        for edition in editions {
            let found = keyboard::check_edition(&tab, &server.base(), edition)?;
            let name = if edition.is_empty() { "English" } else { "Chinese" };
            if found.is_empty() {
                report.notes.push(format!(
                    "the keyboard on every widget of the {name} pages: keys, steps, live regions"
                ));
            }
            for (page, p) in found {
                report.error(Kind::Checker, page, format!("keyboard, {name} pages: {p}"));
            }
        }
        let _ = tab.close(false);
        Ok(())
    })();
    drop(server);
    browser::close(chrome, profile.path());
    result?;
    // The descents the page drew, as the command line runs them.
    for (args, want) in cli {
        let out_svg =
            std::env::temp_dir().join(format!("bookcheck-descent-{}.svg", std::process::id()));
        let out = std::process::Command::new("cargo")
            .current_dir(&repo)
            .args(["run", "--quiet", "-p", "nnlearn-book", "--", "descent"])
            .args(&args)
            .arg("--out")
            .arg(&out_svg)
            .output()
            .context("running cargo")?;
        let _ = std::fs::remove_file(&out_svg);
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        let command = format!("cargo run -- descent {}", args.join(" "));
        if !out.status.success() || printed.lines().next() != Some(want.as_str()) {
            report.error(
                Kind::Checker,
                "gradients.html",
                format!(
                    "widget descent: `{command}` prints `{}`, the page ends at `{want}` ({})",
                    printed.trim(),
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
            );
        } else {
            report
                .notes
                .push(format!("widget descent: `{command}` prints the page's end point, `{want}`"));
        }
    }
    Ok(())
}

/// Checks that a control changed both the drawing and the numbers.
fn changed(before: &Value, after: &Value, what: &str, problems: &mut Vec<String>) {
    if before["pixels"] == after["pixels"] {
        problems.push(format!("{what} did not change the drawing"));
    }
    if before["numbers"] == after["numbers"] {
        problems.push(format!("{what} did not change the numbers"));
    }
}

fn error_of(v: &Value) -> Result<()> {
    match v["error"].as_str() {
        Some(e) => Err(anyhow!("{e}")),
        None => Ok(()),
    }
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().into_iter().flatten().filter_map(Value::as_f64).collect()
}

fn check_losses(tab: &Tab, problems: &mut Vec<String>) -> Result<()> {
    let v = scenario(
        tab,
        r#"const root = await H.root('losses');
        const a = H.snap(root);
        await H.slide(root, 'probability of the correct class, y₂', 0.1);
        const b = H.snap(root);
        const canvas = root.querySelector('canvas');
        H.pointer(canvas, 'pointerdown', 160, 15 + 0.1 * 250);
        H.pointer(canvas, 'pointerup', 160, 15 + 0.1 * 250);
        await H.frame();
        const c = H.snap(root);
        // The slopes' caption links to the chapter's section on the choice of loss when the page has it.
        const section = !!document.getElementById('why-cross-entropy');
        const link = !!root.querySelector("a[href='#why-cross-entropy']");
        return { a, b, c, section, link };"#,
    )?;
    error_of(&v)?;
    changed(&v["a"], &v["b"], "the slider", problems);
    changed(&v["b"], &v["c"], "dragging the bar", problems);
    for key in ["a", "b", "c"] {
        let nn = &v[key]["nn"];
        let p = nn["p"].as_f64().unwrap_or(f64::NAN);
        let native = losses::values(p);
        let page = [nn["cross"].as_f64(), nn["squared"].as_f64()];
        if page != [Some(native[0]), Some(native[1])] {
            problems.push(format!(
                "at p = {p}: the page shows {page:?}, the native crate {:?}",
                &native[..2]
            ));
        }
        // The slopes with respect to a₂: the formulas are the native crate's to
        // the bit. The numerical ones go through exp and ln, which the module
        // takes from Rust's libm and the native crate from the system's C
        // library: they may differ in the last bit, which the central
        // difference divides by 2h = 2e-4 (an ulp of the loss, about 1e-16,
        // becomes about 3e-13); so those agree to 1e-11. Then the
        // cross-entropy's is y₂ − t₂ = p − 1, and the formulas agree with the
        // numerical derivatives (the crate's cross-entropy, −ln(y₂ + δ), has
        // the slope (y₂ − 1)·y₂/(y₂ + δ)).
        let slopes = f64s(&nn["slopes"]);
        let want = losses::slopes(p);
        let same = slopes.len() == 4
            && slopes[..2] == want[..2]
            && (2..4).all(|i| (slopes[i] - want[i]).abs() <= 1e-11);
        if !same {
            problems.push(format!(
                "at p = {p}: the page shows the slopes {slopes:?}, the native crate {want:?}"
            ));
        } else if slopes[0] != p - 1.0
            || (slopes[2] - slopes[0] * p / (p + 1e-7)).abs() > 1e-6
            || (slopes[3] - slopes[1]).abs() > 1e-6
        {
            problems.push(format!(
                "at p = {p}: the slopes {slopes:?} are not y₂ − 1 and the numerical derivatives"
            ));
        }
    }
    if v["section"] != v["link"] {
        problems.push(format!(
            "the page has the section #why-cross-entropy: {}, the widget links to it: {}",
            v["section"], v["link"]
        ));
    }
    // Confidently wrong, the squared error's slope has all but vanished; the cross-entropy's has not.
    let wrong = f64s(&v["b"]["nn"]["slopes"]);
    if !(wrong.len() == 4 && wrong[1].abs() < 0.2 && wrong[0] < -0.85) {
        problems.push(format!("at p = 0.1 the slopes are {wrong:?}"));
    }
    if v["a"]["nn"]["p"].as_f64() != Some(0.6)
        || v["a"]["nn"]["cross"].as_f64() != Some(0.510825457099338)
    {
        problems.push(format!("at start it does not show the chapter's y1: {}", v["a"]["nn"]));
    }
    // Without a mouse: on the focused figure the arrow keys move y₂ by a step (0.01 at
    // first) that + and − multiply or divide by 10.
    let mut p = v["c"]["nn"]["p"].as_f64().unwrap_or(f64::NAN);
    let mut last = v["c"].clone();
    let presses: [(&[&str], f64, f64); 3] = [
        (&["ArrowRight", "ArrowRight"], 0.02, 0.01),
        (&["+", "ArrowUp"], 0.1, 0.1),
        (&["-", "-", "ArrowDown"], -0.001, 0.001),
    ];
    for (keys, delta, step) in presses {
        let k = keyboard::press(tab, "losses", "root.querySelector('canvas')", keys)?;
        let what = format!("the keys {keys:?}");
        keyboard::usable(&k, &what, problems);
        p = ((p + delta).clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
        let nn = &k["snap"]["nn"];
        let native = losses::values(p);
        if nn["p"].as_f64() != Some(p) || nn["step"].as_f64() != Some(step) {
            problems.push(format!(
                "{what}: y₂ {} with the step {}, not {p} with the step {step}",
                nn["p"], nn["step"]
            ));
        } else if [nn["cross"].as_f64(), nn["squared"].as_f64()]
            != [Some(native[0]), Some(native[1])]
        {
            problems.push(format!(
                "{what}: at p = {p} the page shows {} and {}, the native crate {:?}",
                nn["cross"],
                nn["squared"],
                &native[..2]
            ));
        }
        keyboard::reads(&k, &format!("{p:.3}"), &what, problems);
        keyboard::reads(&k, &format!("cross_entropy_error {:?}", native[0]), &what, problems);
        changed(&last, &k["snap"], &what, problems);
        last = k["snap"].clone();
    }
    Ok(())
}

fn check_secants(tab: &Tab, problems: &mut Vec<String>) -> Result<()> {
    let v = scenario(
        tab,
        r#"const root = await H.root('secants');
        const a = H.snap(root);
        await H.slide(root, 'x', 12.5);
        const b = H.snap(root);
        await H.slide(root, 'step h', -9);
        const c = H.snap(root);
        const canvas = root.querySelector('canvas');
        H.pointer(canvas, 'pointerdown', 50 + 0.25 * 535, 200);
        H.pointer(canvas, 'pointerup', 50 + 0.25 * 535, 200);
        await H.frame();
        const d = H.snap(root);
        return { a, b, c, d };"#,
    )?;
    error_of(&v)?;
    changed(&v["a"], &v["b"], "the x slider", problems);
    changed(&v["b"], &v["c"], "the h slider", problems);
    changed(&v["c"], &v["d"], "dragging x on the figure", problems);
    for key in ["a", "b", "c", "d"] {
        let nn = &v[key]["nn"];
        let (x, h) = (nn["x"].as_f64().unwrap_or(f64::NAN), nn["h"].as_f64().unwrap_or(f64::NAN));
        let native = secants::values(x, h);
        let page: Vec<Option<f64>> =
            ["slope", "forward", "central", "forwardError", "centralError"]
                .iter()
                .map(|k| nn[*k].as_f64())
                .collect();
        let want: Vec<Option<f64>> = [1, 3, 4, 5, 6].iter().map(|&i| Some(native[i])).collect();
        if page != want {
            problems.push(format!(
                "at x = {x}, h = {h}: the page shows {page:?}, the native crate {want:?}"
            ));
        }
    }
    // Without a mouse: the arrow keys move x by 0.5, + and − multiply h by 10 or divide
    // it (nine + take the dragged h = 1e-9 to 1, where the secants part from the tangent).
    let nn = &v["d"]["nn"];
    let (mut x, mut h) =
        (nn["x"].as_f64().unwrap_or(f64::NAN), nn["h"].as_f64().unwrap_or(f64::NAN));
    let mut last = v["d"].clone();
    let presses: [(&[&str], f64, f64); 3] =
        [(&["ArrowRight"], 0.5, 1.0), (&["+"; 9], 0.0, 1e9), (&["ArrowDown", "-"], -0.5, 0.1)];
    for (keys, dx, times) in presses {
        let k = keyboard::press(tab, "secants", "root.querySelector('canvas')", keys)?;
        let what = format!("the keys {keys:?}");
        keyboard::usable(&k, &what, problems);
        let nn = &k["snap"]["nn"];
        let (px, ph) = (nn["x"].as_f64().unwrap_or(f64::NAN), nn["h"].as_f64().unwrap_or(f64::NAN));
        let want_x = ((x + dx).clamp(0.0, 20.0) * 10.0).round() / 10.0;
        if px != want_x || ((ph / h) / times - 1.0).abs() > 1e-9 {
            problems.push(format!(
                "{what}: x {px}, h {ph}; from x {x}, h {h} they should be {want_x} and h × {times}"
            ));
        }
        (x, h) = (px, ph);
        let native = secants::values(x, h);
        let page: Vec<Option<f64>> =
            ["slope", "forward", "central", "forwardError", "centralError"]
                .iter()
                .map(|k| nn[*k].as_f64())
                .collect();
        let want: Vec<Option<f64>> = [1, 3, 4, 5, 6].iter().map(|&i| Some(native[i])).collect();
        if page != want {
            problems.push(format!(
                "{what}: at x = {x}, h = {h} the page shows {page:?}, the native crate {want:?}"
            ));
        }
        keyboard::reads(&k, &format!("x {x:.1}"), &what, problems);
        keyboard::reads(&k, &format!("forward_difference {:?}", native[3]), &what, problems);
        changed(&last, &k["snap"], &what, problems);
        last = k["snap"].clone();
    }
    // Last: the reader's own function moves x and h (the keyboard's checks
    // above start from the state the mouse left).
    check_own_function(tab, problems, false)?;
    Ok(())
}

/// Chapter 3's own function: each typed function gives the native crate's
/// numbers (bit for bit) and draws its error curve; each bad one a message, no
/// numbers and no curve.
/// The reader's own function against the native crate. `zh`: on the Chinese
/// page, at the widget's start (x = 5, h = 1), where every message of the crate
/// must be in Chinese (not the native crate's English) and the numbers the same.
fn check_own_function(tab: &Tab, problems: &mut Vec<String>, zh: bool) -> Result<()> {
    let slides = if zh {
        ""
    } else {
        "await H.slide(root, 'x', 1.5);\n        await H.slide(root, 'step h', -3);"
    };
    let v = scenario(
        tab,
        &r#"const root = await H.root('secants');
        const box = root.querySelector('fieldset.nn-own');
        const input = box.querySelector('input');
        SLIDES
        const out = [];
        for (const text of ['sin(x)', 'x^3', 'exp(-x^2)', '1/x', 'sin(x', 'sin(y)', 'ln(x - 2)', 'exp(x^800)', '1/(x - 1.5)', '']) {
          input.value = text;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await H.frame();
          out.push({ text, nn: JSON.parse(JSON.stringify(box.nn)), message: box.querySelector('.nn-own-message').textContent, invalid: input.getAttribute('aria-invalid'), pixels: box.querySelector('canvas').toDataURL(), numbers: box.querySelector('table').innerText });
        }
        return out;"#
            .replace("SLIDES", slides),
    )?;
    error_of(&v)?;
    let cases = v.as_array().cloned().unwrap_or_default();
    if cases.len() != 10 {
        return Err(anyhow!("own function: {} cases", cases.len()));
    }
    let mut pixels = std::collections::HashSet::new();
    for case in &cases {
        let text = case["text"].as_str().unwrap_or("");
        let nn = &case["nn"];
        let (x, h) = (nn["x"].as_f64().unwrap_or(f64::NAN), nn["h"].as_f64().unwrap_or(f64::NAN));
        let native = OwnFunction::parse(text).and_then(|f| f.values(x, h).map(|v| (f, v)));
        match native {
            Ok((f, values)) => {
                let page: Vec<f64> = f64s(&nn["values"]);
                // f(x), f′(x), f(x − h), f(x + h) to a few ulps (see the curve
                // below for why not to the bit); the differences and errors
                // to what a few ulps of f(x ± h) make of them.
                let scale = values[0].abs().max(1.0);
                let ulps = |a: f64, b: f64| {
                    (a - b).abs() <= 8.0 * f64::EPSILON * b.abs().max(f64::MIN_POSITIVE)
                };
                // A few ulps of f(x ± h) change an estimate by up to 4·ε·|f|/h.
                let near = |a: f64, b: f64, h: f64| {
                    (a - b).abs() <= 8.0 * f64::EPSILON * scale / h + 1e-12 * b.abs()
                };
                let close = page.len() == values.len()
                    && [0, 1, 6, 7].iter().all(|&i| ulps(page[i], values[i]))
                    && [2, 3, 4, 5].iter().all(|&i| near(page[i], values[i], h));
                if !close {
                    problems.push(format!("own function `{text}` at x = {x}, h = {h}: the page shows {page:?}, the native crate {values:?}"));
                }
                let hs = nnlearn_widgets::own_function::curve_steps();
                let (page, want) = (f64s(&nn["curve"]), f.error_curve(x, &hs));
                // The module's sin, exp and powf (Rust's libm in WebAssembly)
                // may differ from the native ones in the last bit: each point
                // is compared within what that makes of it at its own h.
                let same = page.len() == want.len()
                    && page.chunks(3).zip(want.chunks(3)).all(|(p, w)| {
                        p[0] == w[0] && near(p[1], w[1], w[0]) && near(p[2], w[2], w[0])
                    });
                if !same {
                    problems.push(format!("own function `{text}`: the error curve is not the native crate's: {page:?} against {want:?}"));
                }
                if !case["message"].as_str().unwrap_or("x").is_empty() {
                    problems.push(format!("own function `{text}`: a message {}", case["message"]));
                }
                pixels.insert(case["pixels"].as_str().unwrap_or("").to_string());
            }
            Err(e) => {
                let message = case["message"].as_str().unwrap_or("");
                // English: the crate's own words; Chinese: Chinese, not the crate's English,
                // nor its detail after the last colon (a syntax error's kind).
                let detail = e.rsplit(": ").next().unwrap_or(&e);
                let said = if zh {
                    !message.contains(&e)
                        && !message.contains(detail)
                        && message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                } else {
                    message.contains(&e)
                };
                if !said || case["invalid"] != "true" {
                    problems.push(format!(
                        "own function `{text}`: the page says `{message}`, the native crate `{e}`"
                    ));
                }
                let table = !zh && !case["numbers"].as_str().unwrap_or("x").is_empty();
                if table || nn["values"] != Value::Null {
                    problems.push(format!("own function `{text}`: numbers shown beside the error"));
                }
            }
        }
    }
    if pixels.len() < 4 {
        problems
            .push(format!("own function: {} different error curves for 4 functions", pixels.len()));
    }
    Ok(())
}

/// A `cargo run -- descent` to run: its arguments, and the first line it must print.
type CliCheck = (Vec<String>, String);

fn check_descent(tab: &Tab, cli: &mut Vec<CliCheck>, problems: &mut Vec<String>) -> Result<()> {
    // Canvas pixel of a point (the widget's layout: 560 × 640, margins 50/15/15/35, [-3.5, 3.5] × [-4.5, 4.5]).
    let v = scenario(
        tab,
        r#"const root = await H.root('descent');
        const canvas = root.querySelector('canvas');
        const at = (a, b) => [50 + ((a + 3.5) / 7) * 495, 15 + (1 - (b + 4.5) / 9) * 590];
        const out = {};
        out.start = H.snap(root);
        H.pointer(canvas, 'click', ...at(2, -3));
        await H.frame();
        out.clicked = H.snap(root);
        await H.slide(root, 'steps', 100);
        out.steps = H.snap(root);
        await H.press(root, 'lr = 10');
        out.lr10 = H.snap(root);
        await H.press(root, 'lr = 1e-10');
        out.tiny = H.snap(root);
        await H.slide(root, 'learning rate lr', -0.5);
        out.slid = H.snap(root);
        const select = root.querySelector('select');
        select.value = '1';
        select.dispatchEvent(new Event('change', { bubbles: true }));
        await H.frame();
        out.landscape = H.snap(root);
        H.pointer(canvas, 'click', ...at(0, 2));
        await H.frame();
        out.saddle = H.snap(root);
        select.value = '2';
        select.dispatchEvent(new Event('change', { bubbles: true }));
        await H.frame();
        out.elongated = H.snap(root);
        H.pointer(canvas, 'click', ...at(-3, 4));
        await H.frame();
        await H.press(root, 'lr = 0.09');
        out.zigzag = H.snap(root);
        await H.press(root, 'lr = 0.11');
        out.diverging = H.snap(root);
        return out;"#,
    )?;
    error_of(&v)?;
    // Without a mouse: the arrow keys move the start by 0.25, − moves the learning
    // rate's slider down by 0.1 (in log10 lr); the paths are checked below with the rest.
    let mut v = v;
    let canvas = "root.querySelector('canvas')";
    let moved = keyboard::press(tab, "descent", canvas, &["ArrowRight", "ArrowDown"])?;
    let slower = keyboard::press(tab, "descent", canvas, &["-"])?;
    for (k, what) in [(&moved, "the keys [ArrowRight, ArrowDown]"), (&slower, "the key -")] {
        keyboard::usable(k, what, problems);
    }
    let was = &v["diverging"]["nn"];
    let (start, lr) = (f64s(&was["start"]), was["lr"].as_f64().unwrap_or(f64::NAN));
    let want = [start[0] + 0.25, start[1] - 0.25].map(|x| (x * 100.0).round() / 100.0);
    let now = f64s(&moved["snap"]["nn"]["start"]);
    if now != want {
        problems.push(format!(
            "the arrow keys moved the start from {start:?} to {now:?}, not {want:?}"
        ));
    }
    keyboard::reads(&moved, &format!("[{:?}, {:?}]", want[0], want[1]), "the arrow keys", problems);
    let slow = slower["snap"]["nn"]["lr"].as_f64().unwrap_or(f64::NAN);
    if (slow / (lr * 10f64.powf(-0.1)) - 1.0).abs() > 0.01 {
        problems.push(format!("the key - set lr {slow} from {lr}, not about {lr} / 10^0.1"));
    }
    keyboard::reads(&slower, &format!("lr {slow:?}"), "the key -", problems);
    v["keys_move"] = moved["snap"].clone();
    v["keys_lr"] = slower["snap"].clone();
    let order = [
        "start",
        "clicked",
        "steps",
        "lr10",
        "tiny",
        "slid",
        "landscape",
        "saddle",
        "elongated",
        "zigzag",
        "diverging",
        "keys_move",
        "keys_lr",
    ];
    for w in order.windows(2) {
        changed(&v[w[0]], &v[w[1]], &format!("going from `{}` to `{}`", w[0], w[1]), problems);
    }
    for key in order {
        let nn = &v[key]["nn"];
        let start = f64s(&nn["start"]);
        let (lr, steps, surface) = (
            nn["lr"].as_f64().unwrap_or(f64::NAN),
            nn["steps"].as_u64().unwrap_or(0) as usize,
            nn["surface"].as_u64(),
        );
        let path: Vec<f64> = nn["path"].as_array().into_iter().flatten().flat_map(f64s).collect();
        let init = array![start[0], start[1]];
        // The elongated bowl written here again, x0² + 10·x1², not taken from the widgets' crate.
        let f: fn(&ndarray::Array1<f64>) -> f64 = match surface {
            Some(0) => nnlearn::gradient::function_2,
            Some(2) => |x| x[0].powi(2) + 10.0 * x[1].powi(2),
            _ => nnlearn::gradient::landscape,
        };
        let d = nnlearn::checked::gradient::gradient_descent(f, &init, lr, steps);
        let native: Vec<f64> = d.path.iter().flat_map(|x| [x[0], x[1]]).collect();
        if path != native {
            problems.push(format!("`{key}` (lr {lr}, {steps} steps from {start:?}): the page's path is not the native crate's gradient_descent's"));
        }
        if surface == Some(0) {
            // The end point as the command line prints it (run after the browser is closed).
            let fmt = |x: f64| format!("{x:?}");
            let args = vec![
                "--lr".to_string(),
                fmt(lr),
                "--steps".to_string(),
                steps.to_string(),
                "--start".to_string(),
                format!("{},{}", fmt(start[0]), fmt(start[1])),
            ];
            let end = &path[path.len() - 2..];
            cli.push((args, format!("after {steps} steps: [{:?}, {:?}]", end[0], end[1])));
        }
    }
    let lr10 = &v["lr10"]["nn"];
    if lr10["lr"].as_f64() != Some(10.0) || v["tiny"]["nn"]["lr"].as_f64() != Some(1e-10) {
        problems.push("the presets do not set lr = 10 and lr = 1e-10".to_string());
    }
    check_elongated(&v, problems);
    Ok(())
}

/// The elongated bowl x0² + 10·x1², from the click at (−3, 4) for 100 steps. Its curvatures
/// are 2 and 20 (by hand), so lr is capped at 2/20 = 0.1: at lr 0.09 each step
/// multiplies x1 by 1 − 0.09·20 = −0.8 (a zig-zag that closes in), at lr 0.11
/// by −1.2 (one that opens out). The page's factors are the native crate's, and
/// its paths do what they say.
fn check_elongated(v: &Value, problems: &mut Vec<String>) {
    for (key, lr, factor) in [("zigzag", 0.09, -0.8), ("diverging", 0.11, -1.2)] {
        let nn = &v[key]["nn"];
        let (start, steps) = (f64s(&nn["start"]), nn["steps"].as_u64());
        let near =
            start.len() == 2 && (start[0] + 3.0).abs() <= 0.02 && (start[1] - 4.0).abs() <= 0.02;
        if nn["surface"].as_u64() != Some(2)
            || nn["lr"].as_f64() != Some(lr)
            || !near
            || steps != Some(100)
        {
            problems.push(format!(
                "`{key}` is not lr {lr}, 100 steps from [-3, 4] on the elongated bowl: {nn}"
            ));
            continue;
        }
        let factors = f64s(&nn["factors"]);
        let native = step_factors(Surface::Elongated, lr).map(|f| f.to_vec());
        if Some(&factors) != native.as_ref() {
            problems.push(format!(
                "`{key}`: the page's step factors {factors:?} are not the native crate's {native:?}"
            ));
            continue;
        }
        let by_hand = [2.0, 20.0, 0.1, 1.0 - 2.0 * lr, factor];
        if factors.iter().zip(by_hand).any(|(a, b)| (a - b).abs() > 1e-6) {
            problems.push(format!("`{key}`: the step factors {factors:?}, by hand {by_hand:?}"));
        }
        let x1: Vec<f64> =
            nn["path"].as_array().into_iter().flatten().map(|p| f64s(p)[1]).collect();
        let alternates = x1.windows(2).all(|w| w[0] * w[1] < 0.0);
        let ratio = x1.get(1).map_or(f64::NAN, |b| b / x1[0]);
        let grows = x1.windows(2).all(|w| w[1].abs() > w[0].abs());
        let shrinks = x1.windows(2).all(|w| w[1].abs() < w[0].abs());
        let end = x1.last().copied().unwrap_or(f64::NAN).abs();
        let as_said = if factor > -1.0 { shrinks && end < 1e-6 } else { grows && end > 1e6 };
        if x1.len() != 101 || !alternates || (ratio - factor).abs() > 1e-6 || !as_said {
            problems.push(format!(
                "`{key}`: x1 along the path {:?} … {end}, first step ×{ratio}: not a zig-zag by ×{factor}",
                &x1[..x1.len().min(4)]
            ));
        }
    }
}

/// The native side of chapter 5: the full run's network, its recorded answers
/// and the shipped digits, as the built book holds them.
struct Native {
    network: nnlearn::two_layer_net::TwoLayerNet,
    answers: Vec<(u8, u8)>,
    /// Training images, training labels, test images, test labels.
    data: [Vec<u8>; 4],
}

impl Native {
    fn load(build: &Path) -> Result<Native> {
        let read = |rel: &str| -> Result<Vec<u8>> {
            let path: PathBuf = build.join(rel);
            std::fs::read(&path).with_context(|| format!("{}", path.display()))
        };
        let text = String::from_utf8(read("runs/full/weights.txt")?)?;
        let network = network::parse_weights(&text).map_err(|e| anyhow!(e))?;
        let answers = String::from_utf8(read("runs/full/test-answers.txt")?)?
            .lines()
            .map(|l| {
                let (a, b) = l.split_once(' ').unwrap_or(("x", "x"));
                Ok((a.parse()?, b.parse()?))
            })
            .collect::<Result<Vec<(u8, u8)>>>()?;
        let gunzip = |rel: &str| -> Result<Vec<u8>> {
            let mut out = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(&read(rel)?[..]),
                &mut out,
            )?;
            Ok(out)
        };
        let e = |e: String| anyhow!(e);
        let data = [
            digits::parse_images(&gunzip("widgets/data/train-images-idx3-ubyte.gz")?).map_err(e)?,
            digits::parse_labels(&gunzip("widgets/data/train-labels-idx1-ubyte.gz")?).map_err(e)?,
            digits::parse_images(&gunzip("widgets/data/t10k-images-idx3-ubyte.gz")?).map_err(e)?,
            digits::parse_labels(&gunzip("widgets/data/t10k-labels-idx1-ubyte.gz")?).map_err(e)?,
        ];
        Ok(Native { network, answers, data })
    }
}

fn check_digit(tab: &Tab, native: &Native, problems: &mut Vec<String>) -> Result<()> {
    // Some test images, and the first that the network gets wrong.
    let wrong = native.answers.iter().take(1000).position(|(l, a)| l != a).unwrap_or(0);
    let images = [0, 1, 2, 3, wrong];
    let v = scenario(
        tab,
        &format!(
            r#"const root = await H.root('digit');
            const out = {{ tests: [] }};
            for (const k of {images:?}) {{
              root.querySelector('input[type=number]').value = k;
              await H.press(root, 'Show the test image');
              out.tests.push(H.snap(root));
            }}
            await H.press(root, 'Clear');
            out.cleared = H.snap(root);
            const pad = root.querySelector('canvas');
            H.pointer(pad, 'pointerdown', 140, 50);
            for (let y = 50; y <= 230; y += 10) H.pointer(pad, 'pointermove', 140 + (y - 50) / 12, y);
            H.pointer(pad, 'pointerup', 155, 230);
            await H.frame(); await H.frame();
            out.drawn = H.snap(root);
            return out;"#
        ),
    )?;
    error_of(&v)?;
    let tests = v["tests"].as_array().cloned().unwrap_or_default();
    for (snap, &k) in tests.iter().zip(&images) {
        let nn = &snap["nn"];
        let pixels = f64s(&nn["pixels"]);
        let want = digits::to_rows(&native.data[2][k * 784..(k + 1) * 784]);
        if pixels.as_slice() != want.as_slice().unwrap_or(&[]) {
            problems
                .push(format!("test image {k}: the canvas does not give the image's pixels back"));
            continue;
        }
        let p = network::probabilities(&native.network, &pixels).unwrap_or_default();
        let page = f64s(&nn["probabilities"]);
        let close = page.len() == 10
            && page.iter().zip(&p).all(|(a, b)| (a - b).abs() <= 1e-12 * b.abs().max(1e-300));
        let answer = nn["answer"].as_u64().unwrap_or(99) as u8;
        let recorded = native.answers[k];
        if !close || answer != recorded.1 || nn["label"].as_u64() != Some(u64::from(recorded.0)) {
            problems.push(format!(
                "test image {k} (a {}): the page answers {answer} with {page:?}; the native network {p:?}, recorded answer {}",
                recorded.0, recorded.1
            ));
        }
    }
    if tests.len() != images.len() {
        problems.push("not every test image was shown".to_string());
    }
    for w in tests.windows(2) {
        changed(&w[0], &w[1], "showing another test image", problems);
    }
    if let Some(last) = tests.last() {
        changed(last, &v["cleared"], "Clear", problems);
    }
    changed(&v["cleared"], &v["drawn"], "drawing a stroke", problems);
    let sum: f64 = f64s(&v["drawn"]["nn"]["probabilities"]).iter().sum();
    if (sum - 1.0).abs() > 1e-9 {
        problems.push(format!("the probabilities of the drawing sum to {sum}"));
    }
    check_digit_keys(tab, native, &v["drawn"], problems)
}

/// The digit without a mouse: Clear by Enter on its button; then on the pad the
/// space bar puts the pen down at the centre, four ↓ draw a stroke of 4 × 20 pixels,
/// the space bar lifts it; + doubles the step, ↑ moves the lifted pen. What the
/// network answers is the native network's answer for the pixels the page read.
fn check_digit_keys(
    tab: &Tab,
    native: &Native,
    drawn: &Value,
    problems: &mut Vec<String>,
) -> Result<()> {
    let clear = "[...root.querySelectorAll('button')].find((b) => b.textContent === 'Clear')";
    let cleared = keyboard::press(tab, "digit", clear, &["Enter"])?;
    changed(drawn, &cleared["snap"], "Enter on Clear", problems);
    let pad = "root.querySelector('canvas')";
    let stroke = ["Space", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown", "Space"];
    let k =
        keyboard::press(tab, "digit", pad, &stroke.map(|s| if s == "Space" { " " } else { s }))?;
    keyboard::usable(&k, "a stroke by the keys", problems);
    changed(&cleared["snap"], &k["snap"], "a stroke by the keys", problems);
    let nn = &k["snap"]["nn"];
    if f64s(&nn["pen"]["at"]) != [140.0, 220.0] || nn["pen"]["down"] != Value::Bool(false) {
        problems.push(format!("after a stroke by the keys the pen is {}", nn["pen"]));
    }
    let pixels = f64s(&nn["pixels"]);
    let p = network::probabilities(&native.network, &pixels).unwrap_or_default();
    let page = f64s(&nn["probabilities"]);
    let close = page.len() == 10
        && page.iter().zip(&p).all(|(a, b)| (a - b).abs() <= 1e-12 * b.abs().max(1e-300));
    if !close {
        problems.push(format!(
            "a stroke by the keys: the page gives {page:?}, the native network {p:?}"
        ));
    }
    keyboard::reads(&k, &format!("{} (", nn["answer"]), "a stroke by the keys", problems);
    let k = keyboard::press(tab, "digit", pad, &["+", "ArrowUp"])?;
    let nn = &k["snap"]["nn"];
    if f64s(&nn["pen"]["at"]) != [140.0, 180.0] || nn["pen"]["step"].as_f64() != Some(40.0) {
        problems.push(format!(
            "after + and ↑ the pen is {}, not at [140, 180] with the step 40",
            nn["pen"]
        ));
    }
    keyboard::reads(&k, "(140, 180)", "+ and ↑", problems);
    Ok(())
}

fn check_training(tab: &Tab, native: &Native, problems: &mut Vec<String>) -> Result<()> {
    let v = scenario(
        tab,
        r#"const root = await H.root('training');
        const out = {};
        out.fresh = H.snap(root);
        await H.press(root, 'Start');
        await H.sleep(1500);
        // Each slider starts a new network, while it trains.
        out.before = [H.snap(root)];
        await H.slide(root, 'hidden size', 20);
        out.after = [H.snap(root)];
        await H.sleep(1000);
        out.before.push(H.snap(root));
        await H.slide(root, 'batch size', 50);
        out.after.push(H.snap(root));
        await H.sleep(1000);
        out.before.push(H.snap(root));
        await H.slide(root, 'learning rate', -0.3);
        out.after.push(H.snap(root));
        // While it trains, a timer every 20 ms measures how long the page is kept busy.
        let last = performance.now(), worst = 0;
        const timer = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; }, 20);
        await H.sleep(4000);
        out.running = H.snap(root);
        await H.press(root, 'Stop');
        clearInterval(timer);
        out.worstGap = worst;
        await H.sleep(300);
        out.stopped = H.snap(root);
        await H.sleep(600);
        out.still = H.snap(root);
        await H.press(root, 'Start');
        await H.sleep(1500);
        await H.press(root, 'Stop');
        out.again = H.snap(root);
        return out;"#,
    )?;
    error_of(&v)?;
    changed(&v["fresh"], &v["before"][0], "Start (training)", problems);
    let sliders = [
        ("hidden size", "hidden", 20.0),
        ("batch size", "batch", 50.0),
        ("learning rate", "lr", 0.5),
    ];
    for (i, (name, key, value)) in sliders.into_iter().enumerate() {
        let (before, after) = (&v["before"][i], &v["after"][i]);
        changed(before, after, &format!("the {name} slider"), problems);
        let set = after["nn"]["settings"][key].as_f64();
        let (was, now) = (
            before["nn"]["iteration"].as_u64().unwrap_or(0),
            after["nn"]["iteration"].as_u64().unwrap_or(u64::MAX),
        );
        if set != Some(value) || now >= was {
            problems.push(format!("the {name} slider did not start a new network with {key} {value} ({set:?}; iterations {was} then {now})"));
        }
    }
    let it = |k: &str| v[k]["nn"]["iteration"].as_u64().unwrap_or(0);
    if it("running") < 10 {
        problems.push(format!("only {} iterations in 4 s of training", it("running")));
    }
    if it("still") != it("stopped") {
        problems.push(format!(
            "Stop did not stop: {} then {} iterations",
            it("stopped"),
            it("still")
        ));
    }
    if it("again") <= it("still") {
        problems.push("Start after Stop did not go on".to_string());
    }
    let worst = v["worstGap"].as_f64().unwrap_or(f64::INFINITY);
    if worst > 250.0 {
        problems.push(format!("training froze the page for {worst:.0} ms"));
    }
    let accuracies = v["again"]["nn"]["accuracies"].as_array().cloned().unwrap_or_default();
    if accuracies.is_empty() {
        problems.push("no accuracy was drawn".to_string());
    }
    // The same run, natively: the chapter's loop on the same digits.
    let head = f64s(&v["again"]["nn"]["head"]);
    let settings = &v["again"]["nn"]["settings"];
    let config = nnlearn::train::TrainConfig {
        learning_rate: settings["lr"].as_f64().unwrap_or(0.0),
        hidden_size: settings["hidden"].as_u64().unwrap_or(0) as usize,
        batch_size: settings["batch"].as_u64().unwrap_or(0) as usize,
        ..Default::default()
    };
    if (config.learning_rate, config.hidden_size, config.batch_size) != (0.5, 20, 50) {
        problems.push(format!("the sliders set {settings}, not lr 0.5, hidden 20, batch 50"));
    }
    let labels = |l: &[u8]| {
        nnlearn::loss::one_hot(&l.iter().map(|&x| usize::from(x)).collect::<Vec<_>>(), 10)
    };
    let data = nnlearn::train::Data {
        x_train: digits::to_rows(&native.data[0]),
        t_train: labels(&native.data[1]),
        x_test: digits::to_rows(&native.data[2]),
        t_test: labels(&native.data[3]),
    };
    let mut t = trainer::Trainer::new(config, data);
    while t.log.train_loss_list.len() < head.len() {
        while t.evaluate(1000) > 0 {}
        t.step();
    }
    while t.evaluate(1000) > 0 {}
    let close = head.len() >= 20
        && head.iter().zip(&t.log.train_loss_list).all(|(a, b)| (a - b).abs() <= 1e-9 * b.abs());
    if !close {
        problems.push(format!(
            "the page's first losses {:?} are not the native loop's {:?}",
            &head[..head.len().min(3)],
            &t.log.train_loss_list[..t.log.train_loss_list.len().min(3)]
        ));
    }
    let first = f64s(&accuracies.first().cloned().unwrap_or_default());
    let want = [t.log.train_acc_list[0], t.log.test_acc_list[0]];
    if first != want {
        problems.push(format!("the first evaluation shows {first:?}, the native loop {want:?}"));
    }
    // Without a mouse: Enter on the focused Start button starts and then stops the run,
    // and the live region says so.
    let go = "root.querySelector('button')";
    let started = keyboard::press(tab, "training", go, &["Enter"])?;
    std::thread::sleep(Duration::from_millis(1000));
    let stopped = keyboard::press(tab, "training", go, &["Enter"])?;
    keyboard::usable(&started, "Enter on Start", problems);
    keyboard::usable(&stopped, "Enter on Stop", problems);
    if started["snap"]["nn"]["running"] != Value::Bool(true)
        || stopped["snap"]["nn"]["running"] != Value::Bool(false)
    {
        problems.push("Enter on the Start button did not start, then stop, the run".to_string());
    }
    keyboard::reads(&started, "running", "Enter on Start", problems);
    keyboard::reads(&stopped, "stopped", "Enter on Stop", problems);
    Ok(())
}
