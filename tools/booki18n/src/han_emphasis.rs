//! Emphasis next to Han, after mdbook-gettext. A translation writes `*现在*`
//! (po/README.md), but mdbook-gettext 0.4 parses each translated message and
//! writes it back with `_` as its emphasis marker (`emphasis_token: '_'` in
//! mdbook-i18n-helpers' `reconstruct_markdown`). Next to a Han character `_` can
//! neither open nor close (CommonMark counts Han as letters, and `_` does not
//! work inside a word), so every such emphasis reached the Chinese pages as
//! literal underscores: 这段代码_现在_的输出. `stars` puts the `*` back after
//! gettext; `literal_markers` finds any marker left on a built page.

use crate::style::is_cjk;

/// `md` with every `_` that CommonMark leaves as a literal character next to a Han
/// character or CJK punctuation turned into `*`. After mdbook-gettext, such a `_`
/// is one of the emphasis markers it wrote: the translations may not contain one
/// (`booki18n check` rejects it), and an escaped `\_` is left alone. Code spans,
/// code blocks, HTML and link targets are not text, so they are never touched.
pub fn stars(md: &str) -> String {
    let mut at = Vec::new();
    for (range, _) in booksrc::texts(md) {
        for (i, c) in md[range.clone()].char_indices() {
            let pos = range.start + i;
            if c != '_' || md[..pos].ends_with('\\') {
                continue;
            }
            let before = md[..pos].chars().next_back();
            let after = md[pos + 1..].chars().next();
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
                at.push(pos);
            }
        }
    }
    let mut out = md.to_string();
    for pos in at {
        out.replace_range(pos..pos + 1, "*");
    }
    out
}

/// The emphasis markers that a built page shows as characters next to Han: each
/// `_` or `*` touching a Han character or CJK punctuation in the text of `html`
/// outside `<pre>`, `<code>`, `<script>` and `<style>`, with a little context.
pub fn literal_markers(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let skipped = ["pre", "code", "script", "style"].iter().find_map(|tag| {
            let after = rest.strip_prefix(&format!("<{tag}"))?;
            matches!(after.chars().next(), Some('>' | ' '))
                .then(|| rest.find(&format!("</{tag}>")).map(|end| end + tag.len() + 3))
                .flatten()
        });
        let end = skipped.or_else(|| rest.find('>').map(|e| e + 1)).unwrap_or(rest.len());
        text.push(' ');
        rest = &rest[end..];
    }
    text.push_str(rest);
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '_' && c != '*' {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
            let from = i.saturating_sub(6);
            let to = (i + 7).min(chars.len());
            found.push(chars[from..to].iter().collect());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gettexts_underscores_next_to_han_become_stars() {
        // What mdbook-gettext writes for `这段代码*现在*的输出`.
        assert_eq!(stars("这段代码_现在_的输出。"), "这段代码*现在*的输出。");
        assert_eq!(
            stars("梯度会指向_局部_最小值，_顺着_梯度"),
            "梯度会指向*局部*最小值，*顺着*梯度"
        );
        // What parses as emphasis, or is not next to Han, or is code, stays.
        for kept in [
            "an _emphasis_ in English",
            "（_literate_）的书",
            "代码 `a_b` 和 \\_ 号",
            "```rust\nlet 值_a = 1;\n```\n",
            "[链接](https://example.com/a_中)",
            "$y_k$ 是输出",
        ] {
            assert_eq!(stars(kept), kept);
        }
        // The result is emphasis: nothing literal is left.
        assert!(crate::style::literal_emphasis(&stars("这段代码_现在_的输出")).is_empty());
    }

    #[test]
    fn markers_left_on_a_page_are_found_outside_code() {
        let page = "<p>都是这段代码_现在_的输出，<em>现在</em>。</p>\
                    <pre><code>let 值_a = 1;</code></pre><p>称为<code>a_中</code>和 a_b</p>";
        let found = literal_markers(page);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|c| c.contains("_现在_")), "{found:?}");
        assert!(literal_markers("<p>这段代码<em>现在</em>的输出</p>").is_empty());
        assert_eq!(literal_markers("<p>称为**“梯度”**的</p>").len(), 2);
    }
}
