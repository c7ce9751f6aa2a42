//! Chapter 3's widget, with the reader's own function of x: parsed, and
//! differentiated symbolically for the exact derivative, by exmex (a maintained
//! expression parser); the forward and central differences are the book's
//! `numerical_diff` functions, applied to it.
//!
//! Every answer is a finite number or an error that says what is wrong: a
//! syntax error (with its position when it can be found), a name other than
//! `x`, a function undefined at x (or at x ± h), a result that overflows.
#![forbid(unsafe_code)]

use exmex::prelude::*;
use exmex::{Differentiate, FlatEx};
use nnlearn::numerical_diff::{central_difference, forward_difference};

/// The longest function accepted, in characters (a typed formula is far shorter).
pub const MAX_LEN: usize = 200;

/// The reader's function and its derivative.
#[derive(Debug)]
pub struct OwnFunction {
    f: FlatEx<f64>,
    derivative: FlatEx<f64>,
    /// Whether `x` occurs in it (a constant has no variable to evaluate at).
    has_x: bool,
}

/// Where the first character is that can start no token of a formula, or the
/// first parenthesis without its partner: a position to show with a syntax
/// error, found by scanning, not by parsing (exmex parses).
fn position_of_problem(text: &str) -> Option<(usize, char)> {
    let mut open = Vec::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '(' => open.push((i, c)),
            ')' if open.pop().is_none() => return Some((i, c)),
            c if c.is_alphanumeric() || c.is_whitespace() || "+-*/^._,πτ".contains(c) => {}
            ')' => {}
            c => return Some((i, c)),
        }
    }
    open.first().copied()
}

/// The kinds of syntax error exmex 0.21 reports, each said in one plain sentence
/// (its own words name its internals, some print Rust's debug form of a token):
/// exmex's message, what part of it to look for, and the sentence. The widget
/// (book/widgets/widgets.js) gives each sentence its Chinese; a test there and
/// [`tests::every_kind_of_syntax_error_is_said_plainly`] keep the two lists one.
pub const SYNTAX_KINDS: [(&str, &str); 12] = [
    ("the last element cannot be an operator", "it ends with an operator"),
    ("parentheses mismatch", "a parenthesis has no partner"),
    ("too many closing parentheses", "a closing parenthesis has no opening one"),
    ("cannot be next to the binary operator", "two operators in a row"),
    ("cannot be on the right of another operator", "two operators in a row"),
    ("cannot be on the left of a binary one", "two operators in a row"),
    (
        "an operator cannot be on the left of a closing paren",
        "an operator before a closing parenthesis",
    ),
    ("an opening paren cannot be next to a closing paren", "empty parentheses"),
    (
        "cannot be on the right of a closing parenthesis",
        "a * is missing next to a parenthesis (write 2*(x+1), sin(x)*x), or a function is unknown",
    ),
    (
        "cannot be on the left of a unary operator",
        "two terms without an operator between them (write 2*x, not 2x)",
    ),
    ("could not find operator for comma", "a comma where no function takes two arguments"),
    ("don't know how to parse", "a character or number it cannot read"),
];

/// exmex's message of a syntax error as a plain sentence ([`SYNTAX_KINDS`]; its
/// count of operators and operands, `we have 1 ops and 1 node`, says which is missing).
fn syntax_kind(exmex: &str) -> &'static str {
    if let Some((_, plain)) = SYNTAX_KINDS.iter().find(|(theirs, _)| exmex.contains(theirs)) {
        return plain;
    }
    let count = |word: &str| -> Option<usize> {
        let before = &exmex[..exmex.find(word)?];
        before.split_whitespace().last()?.parse().ok()
    };
    match (count(" ops"), count(" node")) {
        (Some(ops), Some(nodes)) if ops >= nodes => "an operator without its operand",
        (Some(_), Some(_)) => "two terms without an operator between them (write 2*x, not 2x)",
        _ => "the parser cannot read it",
    }
}

/// exmex gives a unary minus precedence over `^` (its documentation: `-2^2`
/// is 4), where mathematics reads `-x^2` as `-(x^2)`. A minus that begins the
/// formula or a parenthesis (or follows a comma) is therefore written `0-`,
/// a binary minus, which `^` binds tighter than; a minus after another operator
/// followed by a power (`2*-x^2`) is ambiguous and refused, with a way to write it.
fn minus_as_in_mathematics(text: &str) -> Result<String, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' {
            match previous {
                None | Some('(' | ',') => {
                    out.push_str("0-");
                    previous = Some(c);
                    continue;
                }
                Some('+' | '-' | '*' | '/') if power_follows(&chars[i + 1..]) => {
                    return Err(format!(
                        "at character {}: write the power after this minus in parentheses, as in 2*(-(x^2)): the parser would read -x^2 as (-x)^2",
                        i + 1
                    ));
                }
                _ => {}
            }
        }
        out.push(c);
        if !c.is_whitespace() {
            previous = Some(c);
        }
    }
    Ok(out)
}

/// Whether the operand at the start of `rest` (a name, a number, or a name
/// applied to a parenthesis) is raised to a power.
fn power_follows(rest: &[char]) -> bool {
    let mut i = 0;
    while i < rest.len() && rest[i].is_whitespace() {
        i += 1;
    }
    while i < rest.len() && (rest[i].is_alphanumeric() || rest[i] == '.' || rest[i] == '_') {
        i += 1;
    }
    if i < rest.len() && rest[i] == '(' {
        let mut depth = 0;
        while i < rest.len() {
            depth += match rest[i] {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            i += 1;
            if depth == 0 {
                break;
            }
        }
    }
    while i < rest.len() && rest[i].is_whitespace() {
        i += 1;
    }
    rest.get(i) == Some(&'^')
}

/// The steps of the error curve: four to a decade, from 1e-16 to 1. Made by
/// a multiplication (correctly rounded everywhere), not by `powf`, whose last
/// bit differs between the WebAssembly and the native library.
pub fn curve_steps() -> Vec<f64> {
    const QUARTERS: [f64; 4] =
        [1.0, 1.778_279_410_038_923, 3.162_277_660_168_379_5, 5.623_413_251_903_491];
    let mut hs = Vec::new();
    for decade in (1..=16).rev() {
        let base: f64 = format!("1e-{decade}").parse().expect("a literal");
        hs.extend(QUARTERS.iter().map(|q| q * base));
    }
    hs.push(1.0);
    hs
}

impl OwnFunction {
    /// Parses `text`, a function of `x` such as `sin(x)`, `x^3`, `exp(-x^2)`, `1/x`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("type a function of x, such as sin(x) or x^3".into());
        }
        if trimmed.chars().count() > MAX_LEN {
            return Err(format!("the function is longer than {MAX_LEN} characters"));
        }
        let formula = minus_as_in_mathematics(trimmed)?;
        let f = exmex::parse::<f64>(&formula).map_err(|e| {
            let at = position_of_problem(trimmed)
                .map(|(i, c)| format!(" (at character {}, `{c}`)", i + 1))
                .unwrap_or_default();
            format!("syntax error{at}: {}", syntax_kind(e.msg()))
        })?;
        if let Some(other) = f.var_names().iter().find(|v| v.as_str() != "x") {
            return Err(format!(
                "unknown name `{other}`: the function may use x, numbers, + - * / ^, and sin, cos, tan, exp, ln, sqrt, abs, ..."
            ));
        }
        let has_x = !f.var_names().is_empty();
        let derivative = if has_x {
            f.clone().partial(0).map_err(|e| format!("cannot differentiate it: {}", e.msg()))?
        } else {
            exmex::parse::<f64>("0").map_err(|e| e.msg().to_string())?
        };
        Ok(OwnFunction { f, derivative, has_x })
    }

    fn eval(expr: &FlatEx<f64>, has_x: bool, x: f64) -> f64 {
        let vars: &[f64] = if has_x { &[x] } else { &[] };
        expr.eval(vars).unwrap_or(f64::NAN)
    }

    /// f(x), as a plain function (NaN where it is undefined).
    pub fn value(&self, x: f64) -> f64 {
        Self::eval(&self.f, self.has_x, x)
    }

    /// The exact derivative f′(x) (NaN where it is undefined).
    pub fn slope(&self, x: f64) -> f64 {
        Self::eval(&self.derivative, self.has_x, x)
    }

    /// `[f(x), exact slope, forward slope, central slope, forward error,
    /// central error, f(x − h), f(x + h)]`, every one finite, or what is wrong.
    pub fn values(&self, x: f64, h: f64) -> Result<Vec<f64>, String> {
        if !(x.is_finite() && h.is_finite() && h > 0.0) {
            return Err(format!(
                "x = {x} and h = {h}: x must be a finite number, h a positive one"
            ));
        }
        let f = |t: f64| self.value(t);
        let at = |name: &str, t: f64, v: f64| -> Result<f64, String> {
            if v.is_nan() {
                Err(format!("the function is undefined at {name} = {t:e}"))
            } else if v.is_infinite() {
                Err(format!(
                    "the function is infinite at {name} = {t:e} (a division by 0, or a value too large for f64)"
                ))
            } else {
                Ok(v)
            }
        };
        let fx = at("x", x, f(x))?;
        let left = at("x − h", x - h, f(x - h))?;
        let right = at("x + h", x + h, f(x + h))?;
        let exact = self.slope(x);
        if !exact.is_finite() {
            return Err(format!("its derivative is not finite at x = {x:e}"));
        }
        let forward = forward_difference(f, x, h);
        let central = central_difference(f, x, h);
        let results = [
            fx,
            exact,
            forward,
            central,
            (forward - exact).abs(),
            (central - exact).abs(),
            left,
            right,
        ];
        if results.iter().any(|v| !v.is_finite()) {
            return Err(format!("a difference overflows at x = {x:e}, h = {h:e}"));
        }
        Ok(results.to_vec())
    }

    /// The forward and central errors against h, for the log-log figure: for
    /// each h of `hs`, `[h, forward error, central error]` where both are
    /// finite (a point where the function is undefined is left out).
    pub fn error_curve(&self, x: f64, hs: &[f64]) -> Vec<f64> {
        hs.iter()
            .filter_map(|&h| self.values(x, h).ok().map(|v| [h, v[4], v[5]]))
            .flatten()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact derivatives, against the calculus of each function.
    #[test]
    fn exact_derivatives_of_the_examples() {
        type Derivative = fn(f64) -> f64;
        let cases: [(&str, Derivative); 4] = [
            ("sin(x)", f64::cos),
            ("x^3", |x| 3.0 * x * x),
            ("exp(-x^2)", |x| -2.0 * x * (-x * x).exp()),
            ("1/x", |x| -1.0 / (x * x)),
        ];
        for (text, d) in cases {
            let f = OwnFunction::parse(text).unwrap();
            for x in [0.5, 1.0, 2.0, 3.7] {
                let got = f.slope(x);
                assert!((got - d(x)).abs() <= 1e-12 * d(x).abs().max(1.0), "{text} at {x}: {got}");
            }
        }
    }

    /// The book's function gives the numbers of the book's widget.
    #[test]
    fn the_books_function_gives_the_widgets_numbers() {
        let f = OwnFunction::parse("0.01*x^2 + 0.1*x").unwrap();
        let v = f.values(5.0, 0.1).unwrap();
        let book = crate::secants::values(5.0, 0.1);
        assert_eq!(v[0], book[0]);
        assert!((v[1] - 0.2).abs() < 1e-15);
        assert!((v[2] - book[3]).abs() < 1e-12 && (v[3] - book[4]).abs() < 1e-12);
        // The forward error is about h f''(x)/2 = 0.1 * 0.02 / 2.
        assert!((v[4] - 0.001).abs() < 1e-9, "{}", v[4]);
    }

    /// A minus reads as in mathematics: `-x^2` is `-(x^2)`, `(-x)^2` is `x^2`.
    #[test]
    fn minus_binds_as_in_mathematics() {
        let at = |t: &str, x: f64| OwnFunction::parse(t).unwrap().value(x);
        assert_eq!(at("-x^2", 3.0), -9.0);
        assert_eq!(at("exp(-x^2)", 1.0), (-1.0f64).exp());
        assert_eq!(at("(-x)^2", 3.0), 9.0);
        assert_eq!(at("2^-x", 1.0), 0.5);
        assert_eq!(at("x - 1", 3.0), 2.0);
        assert_eq!(at("-sin(x)^2 + 1", 1.0), 1.0 - 1.0f64.sin().powi(2));
        assert!(OwnFunction::parse("2*-x^2").unwrap_err().contains("character 3"));
        assert_eq!(at("2*-x", 3.0), -6.0);
    }

    /// Each kind of mistake a reader makes gets its sentence, none exmex's own words
    /// (found by typing them; `x+*2` printed Rust's debug form of two operators).
    #[test]
    fn every_kind_of_syntax_error_is_said_plainly() {
        let cases = [
            ("x+", "it ends with an operator"),
            ("sin", "it ends with an operator"),
            ("sin(", "a parenthesis has no partner"),
            (")(", "a closing parenthesis has no opening one"),
            ("2**x", "two operators in a row"),
            ("x+*2", "two operators in a row"),
            ("()", "empty parentheses"),
            ("x(", "a * is missing next to a parenthesis"),
            ("foo(x)", "or a function is unknown"),
            ("2x", "two terms without an operator between them"),
            ("x y", "two terms without an operator between them"),
            ("*x", "an operator without its operand"),
            ("x,2", "a comma where no function takes two arguments"),
            ("1.2.3", "a character or number it cannot read"),
            ("x!", "a character or number it cannot read"),
        ];
        let plain: Vec<&str> = SYNTAX_KINDS.iter().map(|(_, p)| *p).collect();
        for (text, kind) in cases {
            let e = OwnFunction::parse(text).err().unwrap_or_else(|| panic!("{text} parsed"));
            let detail = e.split_once("): ").or_else(|| e.split_once(": ")).map(|(_, d)| d);
            assert!(e.contains(kind), "{text}: {e}");
            let detail = detail.unwrap_or_default();
            assert!(
                plain.contains(&detail)
                    || detail == "an operator without its operand"
                    || detail.starts_with("two terms without"),
                "{text}: {e}"
            );
        }
        assert_eq!(syntax_kind("something exmex adds later"), "the parser cannot read it");
        // The widget's table gives every sentence its Chinese.
        let js = include_str!("../../../book/widgets/widgets.js");
        for sentence in
            plain.iter().chain(&["an operator without its operand", "the parser cannot read it"])
        {
            assert!(
                js.contains(&format!("\"{sentence}\"")),
                "book/widgets/widgets.js has no Chinese for {sentence:?}"
            );
        }
    }

    #[test]
    fn bad_input_gets_a_clear_message() {
        let err = |t: &str| OwnFunction::parse(t).err().unwrap_or_else(|| panic!("{t} parsed"));
        assert!(err("").contains("type a function"));
        assert!(err("sin(x").contains("syntax error (at character 4, `(`)"), "{}", err("sin(x"));
        assert!(
            err("x +* 2").contains("syntax error: two operators in a row"),
            "{}",
            err("x +* 2")
        );
        assert!(err("x $ 2").contains("at character 3, `$`"), "{}", err("x $ 2"));
        assert!(err("sin(y)").contains("unknown name `y`"));
        assert!(err(&"x+".repeat(150)).contains("longer than"));
        let one_over = OwnFunction::parse("1/x").unwrap();
        assert!(
            one_over.values(0.0, 1e-3).unwrap_err().contains("at x = 0e0"),
            "{:?}",
            one_over.values(0.0, 1e-3)
        );
        let ln = OwnFunction::parse("ln(x)").unwrap();
        assert!(ln.values(-1.0, 0.1).unwrap_err().contains("undefined at x = -1e0"));
        assert!(ln.values(0.05, 0.1).unwrap_err().contains("undefined at x − h"));
        let big = OwnFunction::parse("exp(x)").unwrap();
        assert!(big.values(800.0, 0.1).unwrap_err().contains("too large for f64"));
        assert!(big.values(1.0, 0.0).is_err() && big.values(f64::NAN, 0.1).is_err());
        // A constant has the slope 0 everywhere.
        assert_eq!(OwnFunction::parse("3").unwrap().values(1.0, 0.1).unwrap()[1], 0.0);
    }

    #[test]
    fn the_error_curve_leaves_out_undefined_points() {
        let f = OwnFunction::parse("sqrt(x)").unwrap();
        let curve = f.error_curve(0.5, &[1e-2, 1.0]);
        assert_eq!(curve.len(), 3, "h = 1 reaches x − h < 0: {curve:?}");
        assert_eq!(curve[0], 1e-2);
    }
}
