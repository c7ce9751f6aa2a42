//! The few words of the chapters that sit in HTML blocks, which gettext leaves
//! alone (they never reach the catalogue): the label of the command under each
//! figure, and the `<summary>` of each folded solution. `booki18n restore`
//! translates them for the edition being built; `booki18n editions` fails on any
//! left in English, so a new label is noticed.

/// (English, translation) pairs, as they stand in the chapters' HTML.
pub fn table(language: &str) -> &'static [(&'static str, &'static str)] {
    match language {
        "zh-CN" => ZH_CN,
        _ => &[],
    }
}

const ZH_CN: &[(&str, &str)] = &[
    // The link to the numbers a figure draws, after its command: the Chinese figure's
    // (book/figures/zh-CN/<name>.csv, its header and series named in Chinese).
    ("<a class=\"figure-data\" href=\"figures/", "<a class=\"figure-data\" href=\"figures/zh-CN/"),
    ("\">Data (CSV)</a>", "\">数据（CSV）</a>"),
    ("<summary>Solution</summary>", "<summary>答案</summary>"),
    ("<summary>A closer look</summary>", "<summary>深入一步</summary>"),
    ("<summary>The original Python</summary>", "<summary>原书的 Python 代码</summary>"),
    ("<p class=\"figure-command\">Redraw: ", "<p class=\"figure-command\">重新绘制："),
    (
        "<p class=\"figure-command\">Redraw from the recorded run: ",
        "<p class=\"figure-command\">根据记录的训练重新绘制：",
    ),
    (
        "<p class=\"figure-command\">Redraw, or try other starts: ",
        "<p class=\"figure-command\">重新绘制，或换几个起点试试：",
    ),
    (
        "<p class=\"figure-command\">Redraw, or try another point: ",
        "<p class=\"figure-command\">重新绘制，或换一个点试试：",
    ),
    (
        "<p class=\"figure-command\">Redraw, or try another point and step: ",
        "<p class=\"figure-command\">重新绘制，或换一个点和步长试试：",
    ),
    (
        "<p class=\"figure-command\">Redraw, or try another learning rate or start: ",
        "<p class=\"figure-command\">重新绘制，或换一个学习率或起点试试：",
    ),
    (
        "<p class=\"figure-command\">Redraw, or draw other tangents: ",
        "<p class=\"figure-command\">重新绘制，或画出其他切线：",
    ),
    (
        "<p class=\"figure-command\">Redraw, or compare other rates: ",
        "<p class=\"figure-command\">重新绘制，或比较其他学习率：",
    ),
    (
        "<p class=\"figure-command\">Redraw, or change the grid: ",
        "<p class=\"figure-command\">重新绘制，或改变网格：",
    ),
];

/// The chapter with its HTML labels in `language` (unchanged for English).
pub fn translate(markdown: &str, language: &str) -> String {
    let mut out = markdown.to_string();
    for (en, translated) in table(language) {
        out = out.replace(en, translated);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_translated_for_chinese_only() {
        let md = "<details>\n<summary>Solution</summary>\n\n<p class=\"figure-command\">Redraw: <code>x</code></p>\n";
        let zh = translate(md, "zh-CN");
        assert!(zh.contains("<summary>答案</summary>") && zh.contains(">重新绘制：<code>"), "{zh}");
        assert_eq!(translate(md, "en"), md);
    }

    #[test]
    fn every_label_is_in_the_chapters() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book");
        let mut all = String::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                all.push_str(&std::fs::read_to_string(p).unwrap());
            }
        }
        for (en, _) in ZH_CN {
            assert!(all.contains(en), "`{en}` is in no chapter: remove it from the table");
        }
    }
}
