//! Reading numbers out of a listing's printed text, with errors that say which
//! line or value was not there (the question's answer no longer follows).

use anyhow::{Result, anyhow, bail};

/// The first line that starts with `prefix` (after leading spaces).
pub fn line<'a>(text: &'a str, prefix: &str) -> Result<&'a str> {
    text.lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .ok_or_else(|| anyhow!("no line starts with `{prefix}`"))
}

/// Line `n` (from 1).
pub fn nth_line(text: &str, n: usize) -> Result<&str> {
    text.lines().nth(n - 1).ok_or_else(|| anyhow!("there is no line {n}"))
}

/// A number as the listings print it (`0.2`, `-3.1e-2`, `3.000e0`).
pub fn number(word: &str) -> Result<f64> {
    let trimmed = word.trim().trim_matches(|c| matches!(c, '[' | ']' | ',' | '(' | ')'));
    match trimmed.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => bail!("`{word}` is not a finite number"),
    }
}

/// The whitespace-separated word `i` (from 0) of `line`, as a number.
pub fn field(line: &str, i: usize) -> Result<f64> {
    let word =
        line.split_whitespace().nth(i).ok_or_else(|| anyhow!("`{line}` has no field {i}"))?;
    number(word)
}

/// The numbers after the last `|` or `:` of `line`, split at commas.
pub fn after_bar(line: &str) -> Result<Vec<f64>> {
    let (_, rest) =
        line.rsplit_once(['|', ':']).ok_or_else(|| anyhow!("`{line}` has no `|` or `:`"))?;
    rest.split(',').map(number).collect()
}

/// The index of the largest of `values` (the first, on a tie).
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > values[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lines_and_fields() {
        assert_eq!(number("[6.00000000000378,").unwrap(), 6.00000000000378);
        assert!(number("NaN").is_err());
        assert!(number("abc").unwrap_err().to_string().contains("`abc`"));
        let text = "h  a  b\n1e-2  3.010e-2  1.000e-4\n";
        assert_eq!(field(line(text, "1e-2").unwrap(), 2).unwrap(), 1e-4);
        assert!(line(text, "1e-3").unwrap_err().to_string().contains("1e-3"));
        assert_eq!(after_bar("acc | 1.0, 0.779").unwrap(), vec![1.0, 0.779]);
        assert_eq!(nth_line(text, 2).unwrap(), "1e-2  3.010e-2  1.000e-4");
        assert!(nth_line(text, 3).is_err());
        assert_eq!(argmax(&[0.2, 0.9, 0.9]), 1);
    }
}
