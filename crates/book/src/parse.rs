//! Parsers of the command line's values: each one says what is wrong with a
//! value, in a sentence that names it.

/// A learning rate or a step: a positive finite number.
pub fn positive(text: &str) -> Result<f64, String> {
    let value: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(format!("{text} must be a positive finite number"))
    }
}

/// The spacing of the gradient field: 0.05 or more (a finer grid would draw
/// hundreds of thousands of arrows, too many to see).
pub fn grid_step(text: &str) -> Result<f64, String> {
    let step = positive(text)?;
    if step < 0.05 {
        return Err(format!("a grid step of {text} would draw too many arrows; use 0.05 or more"));
    }
    Ok(step)
}

/// A number of descent steps: at most 100000 (every point is kept and drawn).
pub fn descent_steps(text: &str) -> Result<usize, String> {
    let steps: usize = text.parse().map_err(|_| format!("`{text}` is not a whole number"))?;
    if steps > 100_000 {
        return Err(format!("{steps} steps: use at most 100000 (every point is kept and drawn)"));
    }
    Ok(steps)
}

/// A point `x0,x1` of two finite numbers.
pub fn point(text: &str) -> Result<[f64; 2], String> {
    let parts: Vec<&str> = text.split(',').collect();
    let [a, b] = parts.as_slice() else {
        return Err(format!("`{text}` is not a point: write x0,x1 (for example -3,4)"));
    };
    let parse = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("`{s}` in `{text}` is not a finite number"))
    };
    Ok([parse(a)?, parse(b)?])
}
