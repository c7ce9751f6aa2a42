//! Parsers of the command line's values: each one says what is wrong with a
//! value, in a sentence that names it.

/// What is wrong with a value of the command line. Each message quotes the
/// value and says what would be right; clap adds the option it was given to
/// (`invalid value 'x' for '--lr <LR>': `x` is not a number`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("`{0}` is not a whole number")]
    NotAWholeNumber(String),
    #[error("{0} must be a positive finite number")]
    NotPositive(String),
    #[error("{0} is not a finite number")]
    NotFinite(String),
    #[error("0 is not possible: it must be at least 1")]
    Zero,
    #[error("`{0}` is not a point: write x0,x1 (for example -3,4)")]
    NotAPoint(String),
    /// One coordinate of a point (`part`), in the whole value (`point`).
    #[error("`{part}` in `{point}` is not a finite number")]
    BadCoordinate { part: String, point: String },
    /// A number beyond ±`limit`; `why` says what a larger one would do.
    #[error("{text} is out of range: use a number from -{limit:e} to {limit:e} ({why})")]
    OutOfRange { text: String, limit: f64, why: &'static str },
    #[error("a grid step of {0} would draw too many arrows; use 0.05 or more")]
    GridTooFine(String),
    #[error("a grid step of {0} leaves at most one arrow on the figure; use at most 2")]
    GridTooCoarse(String),
    #[error("{0} steps: use at most 100000 (every point is kept and drawn)")]
    TooManySteps(usize),
    #[error("a step of {0} cannot be drawn: use one from 1e-6 to 1000")]
    SecantStep(String),
    /// More curves than one figure can show: how many, of what (with their
    /// option), and what the figure does with them.
    #[error("{count} {what}: {verb} at most {MAX_SERIES} on one figure")]
    TooManySeries { count: usize, what: &'static str, verb: &'static str },
}

use ParseError::*;

/// A learning rate or a step: a positive finite number.
pub fn positive(text: &str) -> Result<f64, ParseError> {
    let value: f64 = text.parse().map_err(|_| NotANumber(text.into()))?;
    if value.is_finite() && value > 0.0 { Ok(value) } else { Err(NotPositive(text.into())) }
}

/// The spacing of the gradient field: from 0.05 (a finer grid would draw
/// hundreds of thousands of arrows, too many to see) to 2 (a coarser one leaves
/// a single arrow, or none, on the figure's [-2, 2]²).
pub fn grid_step(text: &str) -> Result<f64, ParseError> {
    let step = positive(text)?;
    if step < 0.05 {
        return Err(GridTooFine(text.into()));
    }
    if step > 2.0 {
        return Err(GridTooCoarse(text.into()));
    }
    Ok(step)
}

/// A number of descent steps: at most 100000 (every point is kept and drawn).
pub fn descent_steps(text: &str) -> Result<usize, ParseError> {
    let steps: usize = text.parse().map_err(|_| NotAWholeNumber(text.into()))?;
    if steps > 100_000 {
        return Err(TooManySteps(steps));
    }
    Ok(steps)
}

/// A point `x0,x1` of two finite numbers.
pub fn point(text: &str) -> Result<[f64; 2], ParseError> {
    let parts: Vec<&str> = text.split(',').collect();
    let [a, b] = parts.as_slice() else {
        return Err(NotAPoint(text.into()));
    };
    let parse = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| BadCoordinate { part: s.into(), point: text.into() })
    };
    Ok([parse(a)?, parse(b)?])
}

/// The most curves (tangents, learning rates) one figure draws: more would
/// make its legend unreadable.
pub const MAX_SERIES: usize = 10;

/// Refuses more than [`MAX_SERIES`] curves on one figure: `what` names them and
/// their option (`"tangents (--at)"`), `verb` what the figure does with them.
pub fn at_most_series(
    count: usize,
    what: &'static str,
    verb: &'static str,
) -> Result<(), ParseError> {
    if count > MAX_SERIES {
        return Err(TooManySeries { count, what, verb });
    }
    Ok(())
}

/// A finite number.
pub fn finite(text: &str) -> Result<f64, ParseError> {
    let value: f64 = text.parse().map_err(|_| NotANumber(text.into()))?;
    if value.is_finite() { Ok(value) } else { Err(NotFinite(text.into())) }
}

/// A finite number from `-limit` to `limit`; `why` says what a larger one would do.
pub fn within(text: &str, limit: f64, why: &'static str) -> Result<f64, ParseError> {
    let value = finite(text)?;
    if value.abs() <= limit { Ok(value) } else { Err(OutOfRange { text: text.into(), limit, why }) }
}

/// Where to draw a tangent of f(x) = 0.01x² + 0.1x: from -10000 to 10000 (the
/// figure shows 0 to 20; much farther, the point of tangency lies billions of
/// pixels off the figure).
pub fn tangent_at(text: &str) -> Result<f64, ParseError> {
    within(text, 1e4, "the figure shows x from 0 to 20")
}

/// The step of the secants' figure: from 1e-6 (a smaller one draws the three
/// lines on top of each other) to 1000 (the figure spans x ± (h + 2)).
pub fn secant_step(text: &str) -> Result<f64, ParseError> {
    let h = positive(text)?;
    if !(1e-6..=1e3).contains(&h) {
        return Err(SecantStep(text.into()));
    }
    Ok(h)
}

/// Where to measure the error of the differences of x³: from -1e6 to 1e6 (the
/// figure's errors are drawn up to 1e3; 3x² is already 3e12 at 1e6).
pub fn diff_error_at(text: &str) -> Result<f64, ParseError> {
    within(text, 1e6, "the figure draws errors up to 1e3")
}

/// A count that must be at least 1: a batch size, a layer size, a number of images.
pub fn at_least_one(text: &str) -> Result<usize, ParseError> {
    let n: usize = text.parse().map_err(|_| NotAWholeNumber(text.into()))?;
    if n == 0 {
        return Err(Zero);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_out_of_range_are_named() {
        let message = |e: ParseError| e.to_string();
        assert_eq!(message(finite("inf").unwrap_err()), "inf is not a finite number");
        assert_eq!(finite("x").unwrap_err(), NotANumber("x".into()));
        assert_eq!(message(finite("x").unwrap_err()), "`x` is not a number");
        assert_eq!(tangent_at("-3").unwrap(), -3.0);
        assert!(message(tangent_at("1e5").unwrap_err()).contains("use a number from -1e4 to 1e4"));
        assert!(message(tangent_at("nan").unwrap_err()).contains("nan is not a finite number"));
        assert!(message(diff_error_at("1e7").unwrap_err()).contains("-1e6 to 1e6"));
        assert_eq!(
            message(at_least_one("0").unwrap_err()),
            "0 is not possible: it must be at least 1"
        );
        assert_eq!(message(at_least_one("-1").unwrap_err()), "`-1` is not a whole number");
        assert!(message(grid_step("3").unwrap_err()).contains("at most 2"));
        assert_eq!(grid_step("0.01").unwrap_err(), GridTooFine("0.01".into()));
        assert_eq!(message(point("1,x").unwrap_err()), "`x` in `1,x` is not a finite number");
        assert_eq!(
            message(at_most_series(11, "tangents (--at)", "draw").unwrap_err()),
            "11 tangents (--at): draw at most 10 on one figure"
        );
    }
}
