//! [`SimpleNet`]'s methods with their arguments checked: an input or a target of
//! the wrong length panics, naming the method and the shapes.

use ndarray::{Array1, Array2};

use crate::simple_net::SimpleNet;

/// [`SimpleNet::predict`], checked.
#[track_caller]
pub fn predict(net: &SimpleNet, x: &Array1<f64>) -> Array1<f64> {
    check(net, "predict", x, None);
    net.predict(x)
}

/// [`SimpleNet::loss`], checked.
#[track_caller]
pub fn loss(net: &SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
    check(net, "loss", x, Some(t));
    net.loss(x, t)
}

/// [`SimpleNet::gradient`], checked.
#[track_caller]
pub fn gradient(net: &SimpleNet, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
    check(net, "gradient", x, Some(t));
    net.gradient(x, t)
}

/// Panics, naming the shapes, unless `x` has one value per row of `W` and `t`
/// one per column.
#[track_caller]
fn check(net: &SimpleNet, method: &str, x: &Array1<f64>, t: Option<&Array1<f64>>) {
    let (inputs, outputs) = net.w.dim();
    assert!(
        x.len() == inputs,
        "SimpleNet::{method}: x has {} values, but W has shape [{inputs}, {outputs}]: x needs {inputs}",
        x.len()
    );
    if let Some(t) = t {
        assert!(
            t.len() == outputs,
            "SimpleNet::{method}: t has {} values, but W has shape [{inputs}, {outputs}]: t needs {outputs} (one-hot)",
            t.len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simple_net::book_weights;
    use ndarray::array;

    fn net() -> SimpleNet {
        SimpleNet { w: book_weights() }
    }

    #[test]
    fn good_arguments_give_the_plain_numbers() {
        let (x, t) = (array![0.6, 0.9], array![0.0, 0.0, 1.0]);
        assert_eq!(loss(&net(), &x, &t), 0.928_068_285_786_407_5);
        assert_eq!(gradient(&net(), &x, &t), net().gradient(&x, &t));
        assert_eq!(predict(&net(), &x), net().predict(&x));
    }

    #[test]
    #[should_panic(
        expected = "SimpleNet::loss: t has 2 values, but W has shape [2, 3]: t needs 3 (one-hot)"
    )]
    fn a_target_of_the_wrong_length_is_named() {
        loss(&net(), &array![0.6, 0.9], &array![0.0, 1.0]);
    }

    #[test]
    #[should_panic(
        expected = "SimpleNet::predict: x has 3 values, but W has shape [2, 3]: x needs 2"
    )]
    fn an_input_of_the_wrong_length_is_named() {
        predict(&net(), &array![0.6, 0.9, 0.1]);
    }
}
