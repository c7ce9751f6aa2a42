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
