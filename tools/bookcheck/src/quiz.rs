//! `bookcheck quiz`: the chapters' predict-then-check questions
//! (book/widgets/quiz.js), in headless Chromium, in both editions.
//!
//! On every chapter page with questions: each question and the progress summary
//! mount, and each exercise link leads to its heading. On chapter 3, in each
//! edition: a right answer (typed, with Enter) and a wrong one (a choice) get
//! their verdicts in the page's language, are stored and counted; each
//! malformed answer (letters, an empty box, `NaN`, a huge number) gets a
//! message and stores nothing; the answers survive a reload; the reset clears
//! them. Then the same scenario runs on a copy of the book whose quiz.js is
//! broken on purpose (every number counted right; a malformed answer stored),
//! and must fail there: the check proves, each time, that it can fail.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use headless_chrome::Tab;
use serde_json::Value;

use crate::browser::{self, eval_json};
use crate::report::{Kind, Report};
use bookserve::Server;

const CHAPTERS: [&str; 5] = [
    "learning-from-data",
    "loss-functions",
    "numerical-differentiation",
    "gradients",
    "learning-algorithm",
];

/// The editions: the folder of each inside the build dir, and its text for a right answer.
const EDITIONS: [(&str, &str); 2] = [("", "Right."), ("zh-CN/", "答对了。")];

/// Runs `body` (an async function body) in the page; returns its JSON.
fn run(tab: &Tab, body: &str) -> Result<Value> {
    let v = eval_json(
        tab,
        &format!(
            "(async () => {{ {body} }})().then((v) => JSON.stringify(v), (e) => JSON.stringify({{ error: String(e) }}))"
        ),
    )?;
    match v["error"].as_str() {
        Some(e) => Err(anyhow!("{e}")),
        None => Ok(v),
    }
}

/// What every chapter page must show: all its questions and its summary
/// mounted, and every exercise link pointing at a heading of the page.
const MOUNTED: &str = r#"
const t0 = Date.now();
const summary = () => document.querySelector('.nn-quiz-summary');
while (!(summary() && summary().dataset.mounted === 'yes') && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 50));
const answers = JSON.parse(document.querySelector('script.nn-quiz-answers').textContent);
const blocks = [...document.querySelectorAll('div.nn-quiz')];
return {
  questions: answers.questions.length,
  blocks: blocks.length,
  mounted: blocks.filter((b) => b.dataset.mounted === 'yes' && b.querySelector('fieldset > legend')).length,
  summary: summary() ? summary().dataset.mounted || '' : 'missing',
  exercises: answers.exercises.length,
  links: [...document.querySelectorAll('.nn-quiz-exercises a')].map((a) => [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1))]),
  commands: [...document.querySelectorAll('.nn-quiz-exercises code')].map((c) => c.textContent),
};"#;

/// The scenario of chapter 3 (questions 3.1, a number, and 3.2, a choice).
const STEPS: &str = r#"
const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const t0 = Date.now();
while (!(document.querySelector('.nn-quiz-summary') || {}).dataset?.mounted && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 50));
const answers = JSON.parse(document.querySelector('script.nn-quiz-answers').textContent);
const q = (id) => document.querySelector('div.nn-quiz[data-quiz="' + id + '"]');
const stored = () => JSON.parse(localStorage.getItem('nnlearn-quiz') || '{}');
const summary = () => { const s = document.querySelector('.nn-quiz-summary'); return [Number(s.dataset.answered), Number(s.dataset.right), s.querySelector('.nn-quiz-progress').textContent]; };
const verdict = (id) => { const v = q(id).querySelector('.nn-quiz-verdict'); return { text: v.textContent, cls: v.className, state: q(id).dataset.state || '', why: !q(id).querySelector('.nn-quiz-why').hidden, output: q(id).querySelector('.nn-quiz-output').hidden ? '' : q(id).querySelector('.nn-quiz-output').textContent }; };
const button = (id) => q(id).querySelector('.nn-quiz-actions button');
const number = answers.questions.find((x) => x.id === '3.1');
const choice = answers.questions.find((x) => x.id === '3.2');
const out = {};
// Each malformed answer: a message, aria-invalid, nothing stored.
out.malformed = [];
for (const text of ['abc', '', '   ', 'NaN', '1e400', '99999999999', '0.2x']) {
  const box = q('3.1').querySelector('input');
  box.value = text;
  button('3.1').click();
  await frame();
  out.malformed.push({ text, verdict: verdict('3.1'), invalid: box.getAttribute('aria-invalid'), stored: stored()['3.1'] || null, summary: summary() });
}
// A right answer to the number question, typed and sent with Enter.
const box = q('3.1').querySelector('input');
box.value = String(number.answer + number.tolerance / 2);
box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
await frame();
out.right = { verdict: verdict('3.1'), stored: stored()['3.1'] || null, summary: summary() };
// A number just outside the tolerance is wrong.
box.value = String(number.answer + number.tolerance * 1.5);
button('3.1').click();
await frame();
out.outside = { verdict: verdict('3.1'), stored: stored()['3.1'] || null };
box.value = String(number.answer);
button('3.1').click();
await frame();
// No choice picked, then a wrong choice.
button('3.2').click();
await frame();
out.none = { verdict: verdict('3.2'), stored: stored()['3.2'] || null };
const wrong = (choice.answer + 1) % choice.choices;
q('3.2').querySelectorAll('input[type=radio]')[wrong].click();
button('3.2').click();
await frame();
out.wrong = { verdict: verdict('3.2'), stored: stored()['3.2'] || null, summary: summary(), answer: q('3.2').querySelectorAll('label')[choice.answer].textContent.trim() };
return out;"#;

const AFTER_RELOAD: &str = r#"
const t0 = Date.now();
while (!(document.querySelector('.nn-quiz-summary') || {}).dataset?.mounted && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 50));
const q = (id) => document.querySelector('div.nn-quiz[data-quiz="' + id + '"]');
const s = document.querySelector('.nn-quiz-summary');
const restored = { s31: q('3.1').dataset.state || '', s32: q('3.2').dataset.state || '', answered: Number(s.dataset.answered), right: Number(s.dataset.right) };
[...s.querySelectorAll('button')][0].click();
await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const reset = { s31: q('3.1').dataset.state || '', verdict: q('3.1').querySelector('.nn-quiz-verdict').textContent, answered: Number(s.dataset.answered), right: Number(s.dataset.right), stored: localStorage.getItem('nnlearn-quiz'), status: s.querySelector('[role=status]').textContent };
return { restored, reset };"#;

fn navigate(tab: &Tab, url: &str) -> Result<()> {
    tab.navigate_to(url)?.wait_until_navigated()?;
    Ok(())
}

/// The scenario on chapter 3 of one edition; the problems it finds.
fn scenario(
    tab: &Tab,
    base: &str,
    edition: &str,
    right_text: &str,
    shots: Option<&Path>,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let url = format!("{base}{edition}numerical-differentiation.html");
    navigate(tab, &url)?;
    tab.evaluate("localStorage.clear()", false)?;
    navigate(tab, &url)?;
    let v = run(tab, STEPS)?;
    for m in v["malformed"].as_array().into_iter().flatten() {
        let text = &m["text"];
        if m["verdict"]["cls"] != "nn-quiz-verdict nn-invalid"
            || m["verdict"]["text"].as_str().is_none_or(str::is_empty)
        {
            problems.push(format!("the malformed answer {text} got no message: {}", m["verdict"]));
        }
        if m["invalid"] != "true" {
            problems.push(format!("the malformed answer {text} is not marked aria-invalid"));
        }
        if !m["stored"].is_null() || m["summary"][0] != 0 {
            problems.push(format!("the malformed answer {text} was stored or counted: {m}"));
        }
    }
    let right = &v["right"];
    if right["verdict"]["state"] != "right" || right["verdict"]["text"] != right_text {
        problems.push(format!(
            "a right answer (within the tolerance) is not called right: {}",
            right["verdict"]
        ));
    }
    if !right["verdict"]["why"].as_bool().unwrap_or(false)
        || right["verdict"]["output"].as_str().is_none_or(str::is_empty)
    {
        problems.push("a right answer does not show the explanation and the output".into());
    }
    if right["stored"]["right"] != true || right["summary"][0] != 1 || right["summary"][1] != 1 {
        problems.push(format!("a right answer is not stored and counted: {right}"));
    }
    if v["outside"]["verdict"]["state"] != "wrong" {
        problems.push(format!(
            "an answer 1.5 tolerances away is not called wrong: {}",
            v["outside"]["verdict"]
        ));
    }
    if v["none"]["verdict"]["cls"] != "nn-quiz-verdict nn-invalid" || !v["none"]["stored"].is_null()
    {
        problems.push(format!("checking with no choice picked: {}", v["none"]));
    }
    let wrong = &v["wrong"];
    let answer = wrong["answer"].as_str().unwrap_or("?");
    if wrong["verdict"]["state"] != "wrong"
        || !wrong["verdict"]["text"].as_str().unwrap_or("").contains(answer)
    {
        problems.push(format!(
            "a wrong choice does not get the right answer (`{answer}`) named: {}",
            wrong["verdict"]
        ));
    }
    if wrong["stored"]["right"] != false || wrong["summary"][0] != 2 || wrong["summary"][1] != 1 {
        problems.push(format!("a wrong answer is not stored and counted: {wrong}"));
    }
    if let Some(dir) = shots {
        for (id, name) in [("3.1", "right"), ("3.2", "wrong")] {
            let rect = eval_json(
                tab,
                &format!(
                    "(() => {{ const e = document.querySelector('div.nn-quiz[data-quiz=\"{id}\"]'); e.scrollIntoView(); const r = e.getBoundingClientRect(); return JSON.stringify([r.left + scrollX, r.top + scrollY, r.width, r.height]); }})()"
                ),
            )?;
            let r: Vec<f64> =
                rect.as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
            if r.len() == 4 {
                let png = browser::clip_png(tab, r[0], r[1], r[2].max(1.0), r[3].max(1.0), true)?;
                let lang = if edition.is_empty() { "en" } else { "zh-CN" };
                std::fs::create_dir_all(dir)?;
                std::fs::write(dir.join(format!("quiz-{name}-{lang}.png")), png)?;
            }
        }
    }
    navigate(tab, &url)?;
    let after = run(tab, AFTER_RELOAD)?;
    let (restored, reset) = (&after["restored"], &after["reset"]);
    if restored["s31"] != "right"
        || restored["s32"] != "wrong"
        || restored["answered"] != 2
        || restored["right"] != 1
    {
        problems.push(format!("the answers are not restored after a reload: {restored}"));
    }
    if reset["s31"] != ""
        || reset["verdict"] != ""
        || reset["answered"] != 0
        || reset["right"] != 0
        || reset["stored"] != "{}"
        || reset["status"] == ""
    {
        problems.push(format!("the reset does not clear the chapter's answers: {reset}"));
    }
    Ok(problems)
}

/// Every chapter page of an edition: questions, summary and exercise links.
fn pages(tab: &Tab, base: &str, edition: &str, report: &mut Report) -> Result<()> {
    for chapter in CHAPTERS {
        let page = format!("{edition}{chapter}.html");
        navigate(tab, &format!("{base}{page}"))?;
        let v = run(tab, MOUNTED)?;
        let n = v["questions"].as_u64().unwrap_or(0);
        if n < 3 || v["blocks"] != n || v["mounted"] != n {
            report.error(
                Kind::Checker,
                &page,
                format!(
                    "quiz: {} answers, {} question blocks, {} mounted",
                    n, v["blocks"], v["mounted"]
                ),
            );
        }
        if v["summary"] != "yes" {
            report.error(
                Kind::Checker,
                &page,
                format!("quiz: the progress summary is {}", v["summary"]),
            );
        }
        let links = v["links"].as_array().cloned().unwrap_or_default();
        if links.len() as u64 != v["exercises"].as_u64().unwrap_or(0) || links.is_empty() {
            report.error(
                Kind::Checker,
                &page,
                format!("quiz: {} exercise links for {} exercises", links.len(), v["exercises"]),
            );
        }
        for l in links.iter().filter(|l| l[1] != true) {
            report.error(
                Kind::Checker,
                &page,
                format!("quiz: the exercise link {} leads to no heading", l[0]),
            );
        }
        for c in v["commands"].as_array().into_iter().flatten() {
            if !c.as_str().unwrap_or("").starts_with("cargo run -- exercise ") {
                report.error(Kind::Checker, &page, format!("quiz: exercise command {c}"));
            }
        }
    }
    Ok(())
}

/// A copy of the build whose quiz.js is broken in `how`'s way.
fn broken_copy(build: &Path, into: &Path, how: &str) -> Result<()> {
    let from = build.join("widgets/quiz.js");
    let js = std::fs::read_to_string(&from).with_context(|| format!("{}", from.display()))?;
    let (find, replace) = match how {
        "any number is right" => {
            ("right = Math.abs(parsed.value - q.answer) <= q.tolerance;", "right = true;")
        }
        _ => (
            "if (parsed.error) return refuse(parsed.error);",
            "if (parsed.error) { show(false); onChange(q.id, { given: 0, right: false }); return; }",
        ),
    };
    if !js.contains(find) {
        return Err(anyhow!("quiz.js no longer contains `{find}`: update the self-test's break"));
    }
    std::fs::create_dir_all(into.join("widgets"))?;
    let page = "numerical-differentiation.html";
    std::fs::copy(build.join(page), into.join(page))?;
    for dir in ["css", "fonts", "FontAwesome", "katex", "theme"] {
        let _ = crate::selftest::copy_dir(&build.join(dir), &into.join(dir));
    }
    for file in std::fs::read_dir(build)?.flatten() {
        if file.path().is_file() && file.file_name().to_string_lossy().ends_with(".js") {
            std::fs::copy(file.path(), into.join(file.file_name()))?;
        }
    }
    std::fs::copy(build.join("widgets/quiz.css"), into.join("widgets/quiz.css"))?;
    std::fs::write(into.join("widgets/quiz.js"), js.replace(find, replace))?;
    Ok(())
}

pub fn check(build: &Path, screenshots: Option<&Path>, report: &mut Report) -> Result<()> {
    let chromium = browser::chromium_path()?;
    let profile = tempfile::Builder::new().prefix("bookcheck-quiz-").tempdir()?;
    let chrome = browser::launch(&chromium, profile.path())?;
    let server = Server::files(build).context("starting the local HTTP server")?;
    let scratch = tempfile::Builder::new().prefix("bookcheck-quiz-break-").tempdir()?;
    let result = (|| -> Result<()> {
        let tab = browser::visible_tab(&chrome, 1000, 900)?;
        tab.set_default_timeout(Duration::from_secs(30));
        let base = server.base();
        for (edition, right_text) in EDITIONS {
            if !build.join(edition).join("numerical-differentiation.html").is_file() {
                report.error(
                    Kind::Checker,
                    edition,
                    format!("quiz: no edition at {}", build.join(edition).display()),
                );
                continue;
            }
            pages(&tab, &base, edition, report)?;
            let page = format!("{edition}numerical-differentiation.html");
            let problems = scenario(&tab, &base, edition, right_text, screenshots)?;
            for p in &problems {
                report.error(Kind::Checker, &page, format!("quiz: {p}"));
            }
            if problems.is_empty() {
                report.notes.push(format!(
                    "quiz ({page}): right, wrong, 7 malformed answers, reload and reset: passed"
                ));
            }
        }
        // The check must fail on a broken quiz.js.
        for how in ["any number is right", "a malformed answer is stored"] {
            let dir = scratch.path().join(how.replace(' ', "-"));
            broken_copy(build, &dir, how)?;
            let broken = Server::files(&dir).context("serving the broken copy")?;
            let found = scenario(&tab, &broken.base(), "", "Right.", None)?;
            if found.is_empty() {
                report.error(
                    Kind::Checker,
                    "widgets/quiz.js",
                    format!("quiz self-test: the check does not notice the break `{how}`"),
                );
            } else {
                report
                    .notes
                    .push(format!("quiz self-test: the break `{how}` is caught ({})", found[0]));
            }
        }
        let _ = tab.close(false);
        Ok(())
    })();
    drop(server);
    browser::close(chrome, profile.path());
    result
}
