//! Finds TeX that was not rendered in text a reader sees.

/// TeX commands that never appear in the book's prose unless a formula was not rendered.
const TEX_COMMANDS: &[&str] = &[
    "frac",
    "dfrac",
    "tfrac",
    "sum",
    "prod",
    "int",
    "begin",
    "end",
    "sqrt",
    "partial",
    "nabla",
    "cdot",
    "cdots",
    "ldots",
    "times",
    "left",
    "right",
    "mathbf",
    "mathrm",
    "mathcal",
    "mathbb",
    "boldsymbol",
    "operatorname",
    "text",
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "eta",
    "theta",
    "lambda",
    "sigma",
    "log",
    "exp",
    "leq",
    "geq",
    "neq",
    "approx",
    "infty",
    "lim",
    "hat",
    "bar",
    "vec",
    "quad",
    "qquad",
    "displaystyle",
    "mathit",
    "top",
];

/// The pieces of `text` that look like TeX a renderer should have turned into math:
/// `$$`, a `$...$` pair (opening `$` followed by a non-space, closing `$` preceded by
/// a non-space and not followed by a digit, as Pandoc decides, so "$5 and $10" is
/// not math), or a TeX command such as `\frac`. Each piece comes with some context.
pub fn raw_math(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        out.extend(raw_math_in_line(line));
    }
    out
}

fn raw_math_in_line(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '$' {
            if chars.get(i + 1) == Some(&'$') {
                found.push((i, (i + 2).min(chars.len())));
                i += 2;
                continue;
            }
            let opens = chars.get(i + 1).is_some_and(|n| !n.is_whitespace());
            if opens {
                let mut j = i + 1;
                let mut closed = None;
                while j < chars.len() && j - i < 300 {
                    if chars[j] == '$' && j > i + 1 {
                        let before_ok = !chars[j - 1].is_whitespace();
                        let after_ok = !chars.get(j + 1).is_some_and(|n| n.is_ascii_digit());
                        if before_ok && after_ok {
                            closed = Some(j);
                        }
                        break;
                    }
                    j += 1;
                }
                if let Some(j) = closed {
                    found.push((i, j + 1));
                    i = j + 1;
                    continue;
                }
            }
        } else if c == '\\' {
            let name: String =
                chars[i + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).collect();
            if TEX_COMMANDS.contains(&name.as_str()) {
                let end = i + 1 + name.chars().count();
                found.push((i, end));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    found
        .into_iter()
        .map(|(a, b)| {
            let from = a.saturating_sub(30);
            let to = (b + 30).min(chars.len());
            let mut s: String = chars[from..to].iter().collect();
            s = s.trim().to_string();
            if from > 0 {
                s.insert(0, '…');
            }
            if to < chars.len() {
                s.push('…');
            }
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::raw_math;

    #[test]
    fn finds_raw_tex() {
        assert_eq!(raw_math("so $\\frac{1}{2}$ is").len(), 1);
        assert_eq!(raw_math("half is $x$.").len(), 1);
        assert_eq!(raw_math("$$").len(), 1);
        assert_eq!(raw_math("the \\sum of it").len(), 1);
        assert_eq!(raw_math("E = \\frac12").len(), 1);
    }

    #[test]
    fn ignores_money_and_plain_text() {
        assert!(raw_math("costs $5 and $10 today").is_empty());
        assert!(raw_math("a lone $ sign").is_empty());
        assert!(raw_math("C:\\Users and \\n").is_empty());
        assert!(raw_math("the fraction is one half").is_empty());
    }
}
