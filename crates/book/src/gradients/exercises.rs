//! Exercises of chapter 4, "Gradients": a learning rate that diverges, the
//! largest one that converges, the gradient of the small network by formula, and
//! the core of the chapter written by you: the numerical gradient of a vector, of
//! an array of any shape, and gradient descent.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 4.1` (or 4.2 to 4.6). The solutions are at the bottom.

use ndarray::{
    Array, Array1, Array2, Array3, Dimension, IntoDimension, Ix2, Ix3, array, indices_of,
};

use crate::exercise::support::arrays_close;
use crate::exercise::{Check, Exercise, Failure, say, wrong};
use crate::plot::tr;
use crate::pyrepr::{repr, repr_list};
use nnlearn::checked::gradient::gradient_descent;
use nnlearn::gradient::{elongated_bowl, function_2, landscape};
use nnlearn::simple_net::{SimpleNet, book_weights};

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "4.1",
        chapter: "gradients",
        title: "A learning rate that diverges",
        title_zh: "一个会发散的学习率",
        yours: || check_4_1(diverging_learning_rate),
        solution: || check_4_1(solution::diverging_learning_rate),
    },
    Exercise {
        id: "4.2",
        chapter: "gradients",
        title: "The largest learning rate that converges",
        title_zh: "仍能收敛的最大学习率",
        yours: || check_4_2(largest_converging_learning_rate),
        solution: || check_4_2(solution::largest_converging_learning_rate),
    },
    Exercise {
        id: "4.3",
        chapter: "gradients",
        title: "The gradient of the network, by formula",
        title_zh: "按公式求网络的梯度",
        yours: || check_4_3(simple_net_gradient),
        solution: || check_4_3(solution::simple_net_gradient),
    },
    Exercise {
        id: "4.4",
        chapter: "gradients",
        title: "The numerical gradient of a vector",
        title_zh: "向量的数值梯度",
        yours: || check_4_4(numerical_gradient_1d),
        solution: || check_4_4(solution::numerical_gradient_1d),
    },
    Exercise {
        id: "4.5",
        chapter: "gradients",
        title: "The numerical gradient of any shape",
        title_zh: "任意形状数组的数值梯度",
        yours: || check_4_5(numerical_gradient_nd::<Ix2>, numerical_gradient_nd::<Ix3>),
        solution: || {
            check_4_5(
                solution::numerical_gradient_nd::<Ix2>,
                solution::numerical_gradient_nd::<Ix3>,
            )
        },
    },
    Exercise {
        id: "4.6",
        chapter: "gradients",
        title: "Gradient descent",
        title_zh: "梯度下降法",
        yours: || check_4_6(gradient_descent_yours),
        solution: || check_4_6(solution::gradient_descent),
    },
];

// ANCHOR: ex_4_1
/// Exercise 4.1: a learning rate with which gradient descent on `x0² + x1²`,
/// from `(-3, 4)`, ends farther from the minimum after 100 steps than it started
/// (the check asks for a distance above 6; the start is at 5).
pub fn diverging_learning_rate() -> f64 {
    todo!("a learning rate, such as 0.1 (which converges)")
}
// ANCHOR_END: ex_4_1

// ANCHOR: ex_4_2
/// Exercise 4.2: the largest learning rate with which gradient descent on
/// `x0² + x1²` still converges to the minimum. Work it out from what one step
/// does: the gradient of `x0² + x1²` is `(2x0, 2x1)`. Answers from 0.95 up to
/// (not including) the exact limit count as right.
pub fn largest_converging_learning_rate() -> f64 {
    todo!("a learning rate, from what one step x ← x − lr · 2x does")
}
// ANCHOR_END: ex_4_2

// ANCHOR: ex_4_3
/// Exercise 4.3: the gradient of the loss of the 2×3 network of the chapter,
/// `L = cross_entropy_error(softmax(x W), t)`, by its formula instead of
/// numerically:
///
/// `∂L/∂W = xᵀ (softmax(x W) − t)`, the 2×3 outer product of `x` and `y − t`.
#[allow(unused_variables)] // until you write the body
pub fn simple_net_gradient(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
    todo!("y = softmax(x · W); then element [i, j] is x[i] · (y[j] − t[j])")
}
// ANCHOR_END: ex_4_3

// ANCHOR: ex_4_4
/// Exercise 4.4: the numerical gradient of `f` at the vector `x`: for each
/// element `i` in turn, the central difference `(f(x + h) − f(x − h)) / 2h` with
/// `h = 1e-4`, moving only `x[i]` and putting it back before the next element.
#[allow(unused_variables)] // until you write the body
pub fn numerical_gradient_1d(f: &dyn Fn(&Array1<f64>) -> f64, x: &Array1<f64>) -> Array1<f64> {
    todo!(
        "a copy of x to move (x.clone()), a zero gradient (Array1::zeros(x.len())), a loop over i"
    )
}
// ANCHOR_END: ex_4_4

// ANCHOR: ex_4_5
/// Exercise 4.5: the same for an array of any shape (a weight matrix, say):
/// visit every element's position with `for idx in indices_of(x)`, and make each
/// one an index with `let idx = idx.into_dimension();` (use `idx.clone()` for
/// all uses of it but the last).
#[allow(unused_variables)] // until you write the body
pub fn numerical_gradient_nd<D: Dimension>(
    f: &dyn Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
) -> Array<f64, D> {
    todo!("as in 4.4, with Array::zeros(x.raw_dim()) and the loop over indices_of(x)")
}
// ANCHOR_END: ex_4_5

// ANCHOR: ex_4_6
/// Exercise 4.6: gradient descent, formula (7): from `init_x`, `step_num` times
/// `x ← x − lr · ∇f(x)`, with `nnlearn::gradient::numerical_gradient(f, &x)`.
/// Returns where it ends.
#[allow(unused_variables)] // until you write the body
pub fn gradient_descent_yours(
    f: &dyn Fn(&Array1<f64>) -> f64,
    init_x: &Array1<f64>,
    lr: f64,
    step_num: usize,
) -> Array1<f64> {
    todo!("a copy of init_x, then step_num steps")
}
// ANCHOR_END: ex_4_6

/// The start of the chapter's descents, 5 from the minimum.
fn start() -> Array1<f64> {
    array![-3.0, 4.0]
}

/// The distance from the origin.
fn norm(x: &Array1<f64>) -> f64 {
    x.dot(x).sqrt()
}

/// Checks that a learning rate is one `gradient_descent` accepts.
fn positive(lr: f64) -> Result<f64, Failure> {
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err(wrong!(
            "a learning rate must be a positive finite number; got {}",
            "学习率必须是有限的正数；得到的是 {}",
            repr(lr)
        ))
    }
}

/// Runs the descent with the learning rate chosen and measures the distance.
fn check_4_1(diverging_learning_rate: fn() -> f64) -> Check {
    let lr = positive(diverging_learning_rate())?;
    let descent = gradient_descent(function_2, &start(), lr, 100);
    let distance = norm(&descent.x);
    let stopped = match &descent.diverged_at {
        Some((step, why)) => {
            say!(" (stopped at step {step}: {why})", "（在第 {step} 步停止：{why}）")
        }
        None => String::new(),
    };
    let story = say!(
        "with lr = {}, after 100 steps from (-3, 4) the point is {}, at distance {} from the \
         minimum{stopped}",
        "取 lr = {}，从 (-3, 4) 出发走 100 步后，点在 {}，离最小值的距离为 {}{stopped}",
        repr(lr),
        repr_list(&descent.x),
        repr(distance)
    );
    if distance <= 6.0 {
        return Err(wrong!(
            "{story}: it did not diverge. Each step multiplies x by 1 − 2·lr = {}; for the point to \
             go away, that factor must be larger than 1 in size",
            "{story}：没有发散。每一步把 x 乘以 1 − 2·lr = {}；要让点越走越远，\
             这个因子的绝对值必须大于 1",
            repr(1.0 - 2.0 * lr)
        ));
    }
    Ok(say!(
        "{story}. Each step multiplies x by 1 − 2·lr = {}, larger than 1 in size.",
        "{story}。每一步把 x 乘以 1 − 2·lr = {}，其绝对值大于 1。",
        repr(1.0 - 2.0 * lr)
    ))
}

/// The range of answers accepted for 4.2.
const ACCEPTED: std::ops::Range<f64> = 0.95..1.0;

/// Checks the answer with the crate's descent: it must converge, and be close to
/// the limit, where the descent stops converging.
fn check_4_2(largest_converging_learning_rate: fn() -> f64) -> Check {
    let lr = positive(largest_converging_learning_rate())?;
    let steps = 1000;
    let distance = |lr: f64| norm(&gradient_descent(function_2, &start(), lr, steps).x);
    let at_limit = gradient_descent(function_2, &start(), 1.0, 2);
    let oscillation = say!(
        "at lr = 1 each step multiplies x by 1 − 2 = −1: the descent goes {} → {} → {} and so \
         on, forever at distance 5 (after {steps} steps: {})",
        "lr = 1 时每一步把 x 乘以 1 − 2 = −1：梯度下降依次经过 {} → {} → {}，如此往复，\
         永远停在距离 5 处（{steps} 步后：{}）",
        repr_list(&at_limit.path[0]),
        repr_list(&at_limit.path[1]),
        repr_list(&at_limit.path[2]),
        repr(distance(1.0))
    );
    if lr >= ACCEPTED.end {
        return Err(wrong!(
            "lr = {} does not converge: after {steps} steps the distance is {}. The step is \
             x ← (1 − 2 lr) x, which shrinks x only while |1 − 2 lr| < 1; {oscillation}",
            "lr = {} 不收敛：{steps} 步后距离为 {}。每一步是 x ← (1 − 2 lr) x，\
             只有当 |1 − 2 lr| < 1 时 x 才会缩小；{oscillation}",
            repr(lr),
            repr(distance(lr))
        ));
    }
    let reached = distance(lr);
    if lr < ACCEPTED.start {
        return Err(wrong!(
            "lr = {} converges (after {steps} steps the distance is {}), but larger rates do too. \
             The step is x ← (1 − 2 lr) x: find where |1 − 2 lr| reaches 1",
            "lr = {} 收敛（{steps} 步后距离为 {}），但更大的学习率也收敛。\
             每一步是 x ← (1 − 2 lr) x：找出 |1 − 2 lr| 在哪里达到 1",
            repr(lr),
            repr(reached)
        ));
    }
    Ok(say!(
        "lr = {} converges (after {steps} steps the distance is {}): the step x ← (1 − 2 lr) x \
         shrinks x while |1 − 2 lr| < 1, that is for 0 < lr < 1. The limit itself does not \
         converge: {oscillation}",
        "lr = {} 收敛（{steps} 步后距离为 {}）：只要 |1 − 2 lr| < 1，即 0 < lr < 1，\
         每一步 x ← (1 − 2 lr) x 都会让 x 缩小。上限本身不收敛：{oscillation}",
        repr(lr),
        repr(reached)
    ))
}

/// A gradient of the network's loss: `(W, x, t) → ∂L/∂W`.
type Gradient = fn(&Array2<f64>, &Array1<f64>, &Array1<f64>) -> Array2<f64>;

/// Checks the formula against the numerical gradient of `SimpleNet`.
fn check_4_3(simple_net_gradient: Gradient) -> Check {
    let cases = [
        (
            tr("the book's weights", "本书的权重"),
            SimpleNet { w: book_weights() },
            array![0.6, 0.9],
            array![0.0, 0.0, 1.0],
        ),
        (
            tr("weights of seed 1", "种子 1 的权重"),
            SimpleNet::new(1),
            array![0.6, 0.9],
            array![0.0, 0.0, 1.0],
        ),
        (
            tr("weights of seed 2", "种子 2 的权重"),
            SimpleNet::new(2),
            array![-1.2, 0.4],
            array![1.0, 0.0, 0.0],
        ),
    ];
    let mut worst = 0.0f64;
    for (name, net, x, t) in cases {
        let numerical = net.gradient(&x, &t);
        let yours = simple_net_gradient(&net.w, &x, &t);
        let what = say!(
            "∂L/∂W with {name}, x = {}, t = {}",
            "{name}下的 ∂L/∂W，x = {}，t = {}",
            repr_list(&x),
            repr_list(&t)
        );
        arrays_close(&what, &yours, &numerical, 1e-6)?;
        worst = yours.iter().zip(&numerical).fold(worst, |m, (a, b)| m.max((a - b).abs()));
    }
    Ok(say!(
        "within {worst:.1e} of the numerical gradient, never exactly equal: the loss takes \
         ln(y + 1e-7), whose slope 1/(y + 1e-7) is not quite the 1/y of the formula, and the \
         central difference rounds",
        "与数值梯度相差不超过 {worst:.1e}，但从不完全相等：损失取的是 ln(y + 1e-7)，\
         它的斜率 1/(y + 1e-7) 与公式中的 1/y 略有不同，而且中心差分有舍入误差"
    ))
}

/// The mistakes the checks of 4.4 and 4.5 recognise: what each one computes, in
/// the same loop as the right answer (an array of any shape).
#[derive(Clone, Copy, PartialEq)]
enum Mistake {
    /// `(f(x + h) − f(x)) / h`, the forward difference of chapter 3.
    Forward,
    /// `x[i]` left at `x[i] − h` after its turn.
    NoRestore,
    /// `(f(x − h) − f(x + h)) / 2h`.
    WrongSign,
    /// `/ h` instead of `/ 2h`.
    Twice,
}

impl Mistake {
    const ALL: [Mistake; 4] =
        [Mistake::Forward, Mistake::NoRestore, Mistake::WrongSign, Mistake::Twice];

    /// What a learner who makes this mistake gets.
    fn gradient<D: Dimension>(
        self,
        f: &dyn Fn(&Array<f64, D>) -> f64,
        x: &Array<f64, D>,
    ) -> Array<f64, D> {
        let h = 1e-4;
        let mut x = x.clone();
        let mut grad = Array::zeros(x.raw_dim());
        for idx in indices_of(&x) {
            let idx = idx.into_dimension();
            let tmp_val = x[idx.clone()];
            x[idx.clone()] = tmp_val + h;
            let fxh1 = f(&x);
            x[idx.clone()] = if self == Mistake::Forward { tmp_val } else { tmp_val - h };
            let fxh2 = f(&x);
            grad[idx.clone()] = match self {
                Mistake::Forward => (fxh1 - fxh2) / h,
                Mistake::WrongSign => (fxh2 - fxh1) / (2.0 * h),
                Mistake::Twice => (fxh1 - fxh2) / h,
                Mistake::NoRestore => (fxh1 - fxh2) / (2.0 * h),
            };
            if self != Mistake::NoRestore {
                x[idx] = tmp_val;
            }
        }
        grad
    }

    /// What to tell a learner whose answer is this mistake's.
    fn advice(self) -> &'static str {
        match self {
            Mistake::Forward => tr(
                "this is the forward difference (f(x + h) − f(x)) / h, whose error is of the order of h; \
                 take the central difference (f(x + h) − f(x − h)) / (2h), as in chapter 3",
                "这是前向差分 (f(x + h) − f(x)) / h，它的误差与 h 同阶；\
                 请像第 3 章那样用中心差分 (f(x + h) − f(x − h)) / (2h)",
            ),
            Mistake::NoRestore => tr(
                "each element is left at x[i] − h after its turn, so the later elements are \
                 differentiated at a moved point; put x[i] back (x[i] = tmp_val) before the next one",
                "每个元素处理完后停在了 x[i] − h，于是后面的元素是在移动过的点上求导的；\
                 处理下一个元素之前，请把 x[i] 还原（x[i] = tmp_val）",
            ),
            Mistake::WrongSign => tr(
                "every element has the wrong sign: it is (f(x + h) − f(x − h)) / (2h), the value at \
                 x + h first",
                "每个元素的符号都反了：应该是 (f(x + h) − f(x − h)) / (2h)，x + h 处的值在前",
            ),
            Mistake::Twice => tr(
                "every element is twice too large: divide by 2h, the distance from x − h to x + h",
                "每个元素都是正确值的两倍：请除以 2h，即从 x − h 到 x + h 的距离",
            ),
        }
    }
}

/// Compares a gradient with the exact one; if it is wrong and matches a known
/// mistake, says which.
fn judge_gradient<D: Dimension>(
    what: &str,
    f: &dyn Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
    yours: &Array<f64, D>,
    exact: &Array<f64, D>,
) -> Result<f64, Failure> {
    if let Err(e) = arrays_close(what, yours, exact, 1e-6) {
        for mistake in Mistake::ALL {
            let wrong = mistake.gradient(f, x);
            if yours.shape() == wrong.shape()
                && yours.iter().zip(&wrong).all(|(a, b)| (a - b).abs() <= 1e-9)
            {
                return Err(wrong!("{e}. {what}: {}", "{e}。{what}：{}", mistake.advice()));
            }
        }
        if yours.iter().all(|&g| g == 0.0) && exact.iter().any(|&g| g != 0.0) {
            return Err(wrong!(
                "{e}. Every element is 0: is f given the moved x each time, and is h = 1e-4 (not a \
                 tiny h such as 1e-50, which rounds away, chapter 3)?",
                "{e}。每个元素都是 0：每次传给 f 的是移动后的 x 吗？h 是 1e-4 吗\
                 （不能是 1e-50 这样小的 h，它会被舍入掉，见第 3 章）？"
            ));
        }
        return Err(e);
    }
    Ok(yours.iter().zip(exact).fold(0.0f64, |m, (a, b)| m.max((a - b).abs())))
}

/// A function of a vector with every kind of term: a square, a product of two
/// elements (which a forgotten restore disturbs) and a cube.
fn mixed(x: &Array1<f64>) -> f64 {
    x[0] * x[0] + x[0] * x[1] + x[2].powi(3)
}

/// A vector's numerical gradient: `(f, x) → ∇f(x)`.
type Gradient1 = fn(&dyn Fn(&Array1<f64>) -> f64, &Array1<f64>) -> Array1<f64>;

/// Checks 4.4 against exact derivatives, worked out by hand.
fn check_4_4(numerical_gradient_1d: Gradient1) -> Check {
    type Case = (&'static str, fn(&Array1<f64>) -> f64, Array1<f64>, Array1<f64>);
    let cases: [Case; 3] = [
        ("x0² + x1² at (3, 4)", function_2, array![3.0, 4.0], array![6.0, 8.0]),
        // ∂/∂x0 = 2x0 + x1, ∂/∂x1 = x0, ∂/∂x2 = 3x2²
        ("x0² + x0·x1 + x2³ at (1, 2, -1)", mixed, array![1.0, 2.0, -1.0], array![4.0, 1.0, 3.0]),
        // (x0³ − x0, x1³ − x1 + 0.2)
        ("the landscape at (0.5, -2)", landscape, array![0.5, -2.0], array![-0.375, -5.8]),
    ];
    let cases = cases.map(|(name, f, x, exact)| {
        let zh = match name {
            "x0² + x1² at (3, 4)" => "x0² + x1² 在 (3, 4) 处",
            "x0² + x0·x1 + x2³ at (1, 2, -1)" => "x0² + x0·x1 + x2³ 在 (1, 2, -1) 处",
            _ => "本章的地形函数在 (0.5, -2) 处",
        };
        (tr(name, zh), f, x, exact)
    });
    let mut worst = 0.0f64;
    for (name, f, x, exact) in cases {
        let yours = numerical_gradient_1d(&f, &x);
        worst = worst.max(judge_gradient(
            &say!("the gradient of {name}", "{name}的梯度"),
            &f,
            &x,
            &yours,
            &exact,
        )?);
    }
    Ok(say!(
        "within {worst:.1e} of the exact gradient on three functions: the central difference's \
         error is of the order of h² = 1e-8 times the third derivative",
        "在三个函数上与精确梯度相差不超过 {worst:.1e}：中心差分的误差与 h² = 1e-8 \
         乘以三阶导数同阶"
    ))
}

/// The numerical gradient of a matrix, and of a 3-D array.
type Gradient2 = fn(&dyn Fn(&Array2<f64>) -> f64, &Array2<f64>) -> Array2<f64>;
type Gradient3 = fn(&dyn Fn(&Array3<f64>) -> f64, &Array3<f64>) -> Array3<f64>;

/// Checks 4.5 on the network's weights (against the formula of exercise 4.3), on
/// a matrix function with a product of two weights, and on a 3-D array.
fn check_4_5(matrix: Gradient2, cube: Gradient3) -> Check {
    let net = SimpleNet { w: book_weights() };
    let (x, t) = (array![0.6, 0.9], array![0.0, 0.0, 1.0]);
    let loss = |w: &Array2<f64>| SimpleNet { w: w.clone() }.loss(&x, &t);
    let exact = solution::simple_net_gradient(&net.w, &x, &t);
    let mut worst = judge_gradient(
        tr("∂L/∂W of the chapter's network", "本章网络的 ∂L/∂W"),
        &loss,
        &net.w,
        &matrix(&loss, &net.w),
        &exact,
    )?;
    // f(W) = Σ (i + 1)·w_ij² + w_01·w_10: ∂/∂w_ij = 2(i + 1)·w_ij, plus w_10 at (0, 1), w_01 at (1, 0)
    let w = array![[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]];
    let g = |w: &Array2<f64>| {
        w.indexed_iter().map(|((i, _), v)| (i + 1) as f64 * v * v).sum::<f64>()
            + w[[0, 1]] * w[[1, 0]]
    };
    let mut exact = Array2::from_shape_fn((2, 3), |(i, j)| 2.0 * (i + 1) as f64 * w[[i, j]]);
    exact[[0, 1]] += w[[1, 0]];
    exact[[1, 0]] += w[[0, 1]];
    let what =
        tr("the gradient of Σ (i + 1)·w_ij² + w_01·w_10", "Σ (i + 1)·w_ij² + w_01·w_10 的梯度");
    worst = worst.max(judge_gradient(what, &g, &w, &matrix(&g, &w), &exact)?);
    // f(A) = Σ a³ over a 2×2×2 array: ∂/∂a = 3a²
    let a =
        Array3::from_shape_fn((2, 2, 2), |(i, j, k)| i as f64 - 0.5 * j as f64 + 0.25 * k as f64);
    let cubes = |a: &Array3<f64>| a.iter().map(|v| v.powi(3)).sum::<f64>();
    let exact = a.mapv(|v| 3.0 * v * v);
    worst = worst.max(judge_gradient(
        tr("the gradient of Σ a³ (a 2×2×2 array)", "Σ a³ 的梯度（a 是 2×2×2 数组）"),
        &cubes,
        &a,
        &cube(&cubes, &a),
        &exact,
    )?);
    Ok(say!(
        "within {worst:.1e} of the exact gradients of a 2×3 matrix (the network's loss among them) \
         and of a 2×2×2 array: one loop for every shape",
        "在 2×3 矩阵（包括网络的损失）和 2×2×2 数组上与精确梯度相差不超过 {worst:.1e}：\
         同一个循环适用于任意形状"
    ))
}

/// Gradient descent: `(f, init_x, lr, step_num) → where it ends`.
type Descent = fn(&dyn Fn(&Array1<f64>) -> f64, &Array1<f64>, f64, usize) -> Array1<f64>;

/// Checks 4.6 against the exact descents: on x0² + x1² a step multiplies x by
/// 1 − 2·lr; on x0² + 10·x1², x0 by 1 − 2·lr and x1 by 1 − 20·lr.
fn check_4_6(gradient_descent: Descent) -> Check {
    let exact = |start: &Array1<f64>, factors: [f64; 2], steps: i32| {
        array![start[0] * factors[0].powi(steps), start[1] * factors[1].powi(steps)]
    };
    type Case = (&'static str, fn(&Array1<f64>) -> f64, Array1<f64>, f64, usize, [f64; 2]);
    let cases: [Case; 4] = [
        ("x0² + x1² from (-3, 4), lr 0.1", function_2, array![-3.0, 4.0], 0.1, 100, [0.8, 0.8]),
        ("x0² + x1² from (-3, 4), lr 0.1", function_2, array![-3.0, 4.0], 0.1, 1, [0.8, 0.8]),
        ("x0² + x1² from (-3, 4), lr 0.1", function_2, array![-3.0, 4.0], 0.1, 0, [0.8, 0.8]),
        (
            "x0² + 10·x1² from (-4, 1), lr 0.09",
            elongated_bowl,
            array![-4.0, 1.0],
            0.09,
            20,
            [0.82, -0.8],
        ),
    ];
    for (name, f, start, lr, steps, factors) in cases {
        let init = start.clone();
        let yours = gradient_descent(&f, &start, lr, steps);
        let expected = exact(&start, factors, steps as i32);
        let name_zh = if name.starts_with("x0² + x1²") {
            "x0² + x1²，从 (-3, 4) 出发，lr 0.1"
        } else {
            "x0² + 10·x1²，从 (-4, 1) 出发，lr 0.09"
        };
        let what = say!("after {steps} steps on {name}", "{name_zh}，走 {steps} 步后");
        // relative to the size of the answer: 0.8^100 · 5 is about 1e-9
        let scale = expected.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1e-300);
        if let Err(e) = arrays_close(&what, &(&yours / scale), &(&expected / scale), 1e-6) {
            let near = |steps: i32| {
                let other = exact(&init, factors, steps);
                yours.shape() == other.shape()
                    && yours
                        .iter()
                        .zip(&other)
                        .all(|(a, b)| (a - b).abs() <= 1e-6 * scale.max(b.abs()))
            };
            let ascent = factors.map(|c| 2.0 - c); // x ← x + lr·∇f: 1 + (1 − c)
            // (uphill, the numerical gradient rounds more and more: a loose comparison)
            let uphill = exact(&init, ascent, steps as i32);
            let went_up = yours.shape() == [2]
                && (0..2).all(|i| (yours[i] - uphill[i]).abs() <= 1e-2 * uphill[i].abs());
            let hint = if steps > 0 && went_up {
                tr(
                    "it went uphill: that is gradient ascent, x + lr·∇f; formula (7) subtracts the gradient",
                    "它往上坡走了：这是梯度上升 x + lr·∇f；式 (7) 减去的是梯度",
                )
                .to_string()
            } else if steps > 0 && near(0) {
                tr(
                    "it is the start: the steps never changed the x that is returned",
                    "这是起点：这些步从没改变返回的 x",
                )
                .to_string()
            } else if steps > 1 && near(1) {
                tr(
                    "it is where the first step lands: the loop must take all step_num steps",
                    "这是第一步落下的位置：循环必须走完全部 step_num 步",
                )
                .to_string()
            } else if near(steps as i32 - 1) || near(steps as i32 + 1) {
                tr(
                    "it is one step off: for _ in 0..step_num takes exactly step_num steps",
                    "差了一步：for _ in 0..step_num 恰好走 step_num 步",
                )
                .to_string()
            } else {
                say!(
                    "the exact descent multiplies x0 by {} and x1 by {} each step",
                    "精确的梯度下降每一步把 x0 乘以 {}，把 x1 乘以 {}",
                    factors[0],
                    factors[1]
                )
            };
            return Err(wrong!("{e}: {hint}", "{e}：{hint}"));
        }
    }
    let end = exact(&array![-3.0, 4.0], [0.8, 0.8], 100);
    Ok(say!(
        "every descent ends where the exact one does: on x0² + x1², 0.8^100·(-3, 4) = ({:.3e}, \
         {:.3e}); on the elongated bowl, 0.82^20 along x0 and (-0.8)^20 across, the zig-zag",
        "每次梯度下降都停在精确解停下的地方：在 x0² + x1² 上，0.8^100·(-3, 4) = ({:.3e}, \
         {:.3e})；在狭长的碗上，沿 x0 方向是 0.82^20，横跨方向是 (-0.8)^20，即之字形",
        end[0],
        end[1]
    ))
}

pub mod solution {
    use ndarray::{Array, Array1, Array2, Axis, Dimension, IntoDimension, indices_of};

    use nnlearn::activation::softmax;

    // ANCHOR: ex_4_1_solution
    /// Exercise 4.1: each step multiplies x by `1 − 2·lr`; with `lr = 10` that is
    /// −19, and the point flies away.
    pub fn diverging_learning_rate() -> f64 {
        10.0
    }
    // ANCHOR_END: ex_4_1_solution

    // ANCHOR: ex_4_2_solution
    /// Exercise 4.2: `x ← x − lr · 2x = (1 − 2 lr) x` shrinks `x` while
    /// `|1 − 2 lr| < 1`, that is `0 < lr < 1`. At `lr = 1` it flips `x` forever.
    pub fn largest_converging_learning_rate() -> f64 {
        0.99
    }
    // ANCHOR_END: ex_4_2_solution

    // ANCHOR: ex_4_3_solution
    /// Exercise 4.3: `∂L/∂W = xᵀ (softmax(x W) − t)`.
    pub fn simple_net_gradient(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
        let error = softmax(&x.dot(w)) - t; // y − t, one per output
        let column = x.view().insert_axis(Axis(1)); // x as a 2×1 matrix
        let row = error.view().insert_axis(Axis(0)); // y − t as a 1×3 matrix
        column.dot(&row) // 2×1 times 1×3: the 2×3 outer product
    }
    // ANCHOR_END: ex_4_3_solution

    // ANCHOR: ex_4_4_solution
    /// Exercise 4.4: the central difference, element by element, on a copy.
    pub fn numerical_gradient_1d(f: &dyn Fn(&Array1<f64>) -> f64, x: &Array1<f64>) -> Array1<f64> {
        let h = 1e-4;
        let mut x = x.clone();
        let mut grad = Array1::zeros(x.len());
        for i in 0..x.len() {
            let tmp_val = x[i];
            x[i] = tmp_val + h;
            let fxh1 = f(&x);
            x[i] = tmp_val - h;
            let fxh2 = f(&x);
            grad[i] = (fxh1 - fxh2) / (2.0 * h);
            x[i] = tmp_val;
        }
        grad
    }
    // ANCHOR_END: ex_4_4_solution

    // ANCHOR: ex_4_5_solution
    /// Exercise 4.5: the same loop, over every position of an array of any shape.
    pub fn numerical_gradient_nd<D: Dimension>(
        f: &dyn Fn(&Array<f64, D>) -> f64,
        x: &Array<f64, D>,
    ) -> Array<f64, D> {
        let h = 1e-4;
        let mut x = x.clone();
        let mut grad = Array::zeros(x.raw_dim());
        for idx in indices_of(&x) {
            let idx = idx.into_dimension();
            let tmp_val = x[idx.clone()];
            x[idx.clone()] = tmp_val + h;
            let fxh1 = f(&x);
            x[idx.clone()] = tmp_val - h;
            let fxh2 = f(&x);
            grad[idx.clone()] = (fxh1 - fxh2) / (2.0 * h);
            x[idx] = tmp_val;
        }
        grad
    }
    // ANCHOR_END: ex_4_5_solution

    // ANCHOR: ex_4_6_solution
    /// Exercise 4.6: formula (7), `step_num` times.
    pub fn gradient_descent(
        f: &dyn Fn(&Array1<f64>) -> f64,
        init_x: &Array1<f64>,
        lr: f64,
        step_num: usize,
    ) -> Array1<f64> {
        let mut x = init_x.clone();
        for _ in 0..step_num {
            let grad = nnlearn::gradient::numerical_gradient(f, &x);
            x = x - lr * grad;
        }
        x
    }
    // ANCHOR_END: ex_4_6_solution
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_4_1_passes() {
        check_4_1(solution::diverging_learning_rate).unwrap();
    }

    #[test]
    fn a_converging_rate_is_rejected() {
        let err = check_4_1(|| 0.1).unwrap_err().to_string();
        assert!(err.contains("did not diverge"), "{err}");
        assert!(check_4_1(|| 1.0).is_err(), "lr = 1 oscillates at distance 5");
        assert!(check_4_1(|| -1.0).unwrap_err().to_string().contains("positive"));
    }

    #[test]
    fn solution_4_2_passes() {
        check_4_2(solution::largest_converging_learning_rate).unwrap();
    }

    #[test]
    fn the_limit_itself_and_small_rates_are_rejected() {
        let err = check_4_2(|| 1.0).unwrap_err().to_string();
        assert!(err.contains("does not converge"), "{err}");
        let err = check_4_2(|| 0.5).unwrap_err().to_string();
        assert!(err.contains("larger rates do too"), "{err}");
    }

    #[test]
    fn solution_4_3_passes() {
        check_4_3(solution::simple_net_gradient).unwrap();
    }

    #[test]
    fn a_gradient_without_t_is_rejected() {
        let err = check_4_3(|w, x, _| {
            let y = nnlearn::activation::softmax(&x.dot(w));
            Array2::from_shape_fn((2, 3), |(i, j)| x[i] * y[j])
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("∂L/∂W with the book's weights"), "{err}");
    }

    #[test]
    fn solutions_4_4_to_4_6_pass() {
        check_4_4(solution::numerical_gradient_1d).unwrap();
        check_4_5(solution::numerical_gradient_nd::<Ix2>, solution::numerical_gradient_nd::<Ix3>)
            .unwrap();
        check_4_6(solution::gradient_descent).unwrap();
    }

    /// The crate's own functions pass too: the checks accept any right answer.
    #[test]
    fn the_crates_functions_pass() {
        check_4_4(|f, x| nnlearn::gradient::numerical_gradient_1d(f, x)).unwrap();
        check_4_5(
            |f, x| nnlearn::gradient::numerical_gradient(f, x),
            |f, x| nnlearn::gradient::numerical_gradient(f, x),
        )
        .unwrap();
        check_4_6(|f, x, lr, n| nnlearn::gradient::gradient_descent(f, x, lr, n).0).unwrap();
    }

    #[test]
    fn each_typical_mistake_of_4_4_and_4_5_is_named() {
        let cases = [
            (Mistake::Forward, "forward difference"),
            (Mistake::NoRestore, "put x[i] back"),
            (Mistake::WrongSign, "wrong sign"),
            (Mistake::Twice, "twice too large"),
        ];
        for (mistake, words) in cases {
            let err = match mistake {
                Mistake::Forward => check_4_4(|f, x| Mistake::Forward.gradient(f, x)),
                Mistake::NoRestore => check_4_4(|f, x| Mistake::NoRestore.gradient(f, x)),
                Mistake::WrongSign => check_4_4(|f, x| Mistake::WrongSign.gradient(f, x)),
                Mistake::Twice => check_4_4(|f, x| Mistake::Twice.gradient(f, x)),
            }
            .unwrap_err()
            .to_string();
            assert!(err.contains(words), "4.4, {words}: {err}");
        }
        let err = check_4_5(
            |f, x| Mistake::NoRestore.gradient(f, x),
            |f, x| Mistake::NoRestore.gradient(f, x),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("put x[i] back"), "{err}");
        let err = check_4_5(
            |f, x| Mistake::Forward.gradient(f, x),
            |f, x| Mistake::Forward.gradient(f, x),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("forward difference"), "{err}");
        // A gradient of the first row only, zeros elsewhere
        let err = check_4_5(
            |f, x| {
                let mut g = nnlearn::gradient::numerical_gradient(f, x);
                g.row_mut(1).fill(0.0);
                g
            },
            |f, x| nnlearn::gradient::numerical_gradient(f, x),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("∂L/∂W of the chapter's network[1, 0]"), "{err}");
        // The bad h of chapter 3
        let err = check_4_4(|f, x| {
            let mut g = Array1::zeros(x.len());
            for i in 0..x.len() {
                let (mut a, mut b) = (x.clone(), x.clone());
                a[i] += 1e-50;
                b[i] -= 1e-50;
                g[i] = (f(&a) - f(&b)) / 2e-50;
            }
            g
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("Every element is 0"), "{err}");
    }

    #[test]
    fn each_typical_mistake_of_4_6_is_named() {
        fn grad(f: &dyn Fn(&Array1<f64>) -> f64, x: &Array1<f64>) -> Array1<f64> {
            nnlearn::gradient::numerical_gradient(f, x)
        }
        let err = check_4_6(|f, x, lr, n| {
            let mut x = x.clone();
            for _ in 0..n {
                x = &x + lr * grad(f, &x);
            }
            x
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("gradient ascent"), "{err}");
        let err = check_4_6(|_, x, _, _| x.clone()).unwrap_err().to_string();
        assert!(err.contains("it is the start"), "{err}");
        let err = check_4_6(|f, x, lr, _| x - lr * grad(f, x)).unwrap_err().to_string();
        assert!(err.contains("first step"), "{err}");
        let err = check_4_6(|f, x, lr, n| {
            let mut x = x.clone();
            for _ in 0..=n {
                x = &x - lr * grad(f, &x);
            }
            x
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("one step off"), "{err}");
        // A descent with the wrong learning rate matches none of the known mistakes
        let err = check_4_6(|f, x, lr, n| nnlearn::gradient::gradient_descent(f, x, lr / 2.0, n).0)
            .unwrap_err()
            .to_string();
        assert!(err.contains("multiplies x0 by 0.8"), "{err}");
    }

    #[test]
    fn the_mistakes_are_named_in_chinese_too() {
        use crate::exercise::chinese_twin;
        assert!(chinese_twin(|| check_4_1(|| 0.1)).contains("没有发散"));
        assert!(chinese_twin(|| check_4_1(|| -1.0)).contains("有限的正数"));
        assert!(chinese_twin(|| check_4_2(|| 1.0)).contains("不收敛"));
        assert!(chinese_twin(|| check_4_2(|| 0.5)).contains("更大的学习率也收敛"));
        let err = chinese_twin(|| check_4_4(|f, x| Mistake::Forward.gradient(f, x)));
        assert!(err.contains("这是前向差分"), "{err}");
        let err = chinese_twin(|| check_4_4(|f, x| Mistake::Twice.gradient(f, x)));
        assert!(err.contains("正确值的两倍"), "{err}");
        let err = chinese_twin(|| check_4_6(|_, x, _, _| x.clone()));
        assert!(err.contains("这是起点"), "{err}");
    }
}
