// The book's interactive figures. Each chapter includes a widget's HTML file
// (book/widgets/<name>.html): an empty <div data-widget="name"> and a module
// script that imports this file and calls mountAll(). The numbers and paths are
// computed by the book's Rust (crates/widgets, compiled to WebAssembly); this
// file only draws them and turns the reader's moves into calls.
//
// Every widget keeps what it shows last in `element.nn` (read by the browser
// tests of tools/bookcheck).

import { crate, loadDigits, loadNetwork } from "./crate.js";
import { COLORS, Plot, range } from "./plot.js";

const WIDGETS = { losses, secants, descent, digit, training };

// ---------------------------------------------------------------- languages

// The widgets' visible texts (captions, labels, buttons, options, aria-labels,
// the axes and legends drawn on the canvases, the tables' row headers) are
// written in English below, each wrapped in T(). On the pages of the Chinese
// edition (<html lang="zh-CN">, built by gettext from po/zh-CN.po) T gives the
// text of this table, in the terms the Chinese edition uses; on every other page,
// or for a text missing here, the English itself. Code, commands, formulas and
// numbers are never translated. The checks of tools/bookcheck run on the English
// pages and find controls by their English texts, which thus stay as they are.
const ZH = {
  "The interactive figure could not start: ": "交互式图无法启动：",
  // the keyboard (every widget) and what the live region reads out
  "Keyboard: ": "键盘：",
  "the arrow keys move y₂, + and − change their step.": "方向键移动 y₂，+ 和 − 改变方向键的步长。",
  "the arrow keys move x, + and − multiply the step h by 10 or divide it by 10.": "方向键移动 x，+ 和 − 把步长 h 乘以 10 或除以 10。",
  "the arrow keys move the start, + and − change the learning rate.": "方向键移动起点，+ 和 − 改变学习率。",
  "the arrow keys move the pen, the space bar puts it down or lifts it, + and − change how far it moves.": "方向键移动笔，空格键落笔或抬笔，+ 和 − 改变笔每次移动的距离。",
  "arrow-key step": "方向键步长",
  "error": "误差",
  "start": "起点",
  "end": "终点",
  "pen": "笔",
  "down": "落下",
  "up": "抬起",
  "running": "正在训练",
  "stopped": "已停止",
  ")": "）",
  // chapter 2: losses
  "the ten probabilities of the output, and both losses against the probability of the correct class": "输出的十个概率，以及两种损失随正确类别概率的变化",
  "probability of the correct class, y₂": "正确类别的概率 y₂",
  "class k": "类别 k",
  "y₂, the probability of the correct class": "y₂，正确类别的概率",
  "loss": "损失",
  "cross-entropy −ln(y₂ + δ)": "交叉熵误差 −ln(y₂ + δ)",
  "squared error ½Σ(y−t)²": "均方误差 ½Σ(y−t)²",
  "Live: drag the red bar (the probability the network gives the correct class, 2) or the slider; the other nine share the rest as in y₁. Computed by the crate's loss functions.":
    "实时演示：拖动红色的柱（网络给正确类别 2 的概率）或滑块；其余九个类别像 y₁ 中那样分享剩下的概率。由 crate 的损失函数计算。",
  "the slope of each loss with respect to the score of the correct class, against the probability of the correct class": "每种损失对正确类别得分的斜率，随正确类别概率的变化",
  "slope ∂loss/∂a₂": "斜率 ∂损失/∂a₂",
  "cross-entropy: y₂ − t₂": "交叉熵误差：y₂ − t₂",
  "squared error: (Jᵀ(y − t))₂": "均方误差：(Jᵀ(y − t))₂",
  "slope of the cross-entropy, y₂ − t₂": "交叉熵误差的斜率 y₂ − t₂",
  "slope of the squared error, (Jᵀ(y − t))₂": "均方误差的斜率 (Jᵀ(y − t))₂",
  "   (numerical_diff: ": "   （numerical_diff：",
  "   (numerical_diff: none, y₂ = 0 is the score a₂ = −∞)": "   （numerical_diff：无，y₂ = 0 对应得分 a₂ = −∞）",
  "Below: the slope of each loss with respect to a₂, the score of the correct class, when y is the softmax of the scores (a = ln y). Cross-entropy's is y₂ − 1: it pushes hardest when the network is confidently wrong. The squared error's, Jᵀ(y − t) with J the softmax's Jacobian, vanishes there. Computed by the crate's softmax and losses, the formulas checked against numerical_diff.":
    "下图：当 y 是得分的 softmax（a = ln y）时，每种损失对正确类别得分 a₂ 的斜率。交叉熵误差的斜率是 y₂ − 1：网络自信地答错时，它推得最用力。均方误差的斜率是 Jᵀ(y − t)（J 是 softmax 的雅可比矩阵），在那里却趋于 0。由 crate 的 softmax 和损失函数计算，公式已用 numerical_diff 验证。",
  "Why cross-entropy": "为什么用交叉熵误差",
  // chapter 3: secants
  "f(x) = 0.01x² + 0.1x with the tangent and the two secants at x": "f(x) = 0.01x² + 0.1x 及其在 x 处的切线和两条割线",
  "step h": "步长 h",
  "tangent (numerical_diff, h = 1e-4)": "切线（numerical_diff，h = 1e-4）",
  "forward secant, through x and x + h": "前向割线，经过 x 和 x + h",
  "central secant, through x − h and x + h": "中心割线，经过 x − h 和 x + h",
  "true slope 0.02x + 0.1": "真正的斜率 0.02x + 0.1",
  "   (error ": "   （误差 ",
  "Live: drag x on the figure or with the slider, and set the step h (from 1e-20 to 10). With a tiny h the rounding trap sends both estimates to 0. Computed by the crate's numerical_diff functions.":
    "实时演示：在图上或用滑块拖动 x，并设置步长 h（从 1e-20 到 10）。h 极小时，舍入陷阱让两个估计值都变成 0。由 crate 的 numerical_diff 中的函数计算。",
  // chapter 3: your own function
  "your own function of x": "你自己的 x 的函数",
  "f(x) =": "f(x) =",
  "Differentiate": "求导",
  "Type a function of x (for example sin(x), x^3, exp(-x^2), 1/x): exmex, a maintained expression parser, differentiates it exactly, and the crate's forward_difference and central_difference estimate the derivative at the x and h above.":
    "输入一个 x 的函数（例如 sin(x)、x^3、exp(-x^2)、1/x）：由维护良好的表达式解析库 exmex 精确求导，crate 的 forward_difference 和 central_difference 在上面的 x 和 h 处估计导数。",
  "the error of the forward and central differences against the step h, for your function, on log-log axes": "你的函数的前向差分和中心差分的误差随步长 h 的变化（双对数坐标）",
  "exact derivative (exmex)": "精确的导数（exmex）",
  "error": "误差",
  "forward difference": "前向差分",
  "central difference": "中心差分",
  "Cannot use this function: ": "无法使用这个函数：",
  "no point to draw: the function is undefined or infinite for every h at this x": "没有可画的点：在这个 x 处，对每个 h 函数都无定义或为无穷大",
  // chapter 4: descent
  "the path of gradient descent from the start you click": "从你点击的起点出发的梯度下降法路径",
  "function": "函数",
  "x0² + x1² (the chapter's bowl)": "x0² + x1²（本章的碗形函数）",
  "landscape: two valleys, a local minimum, saddle points": "地形：两个山谷、一个局部最小值、鞍点",
  "x0² + 10·x1² (an elongated bowl, steep across x1)": "x0² + 10·x1²（拉长的碗形函数，沿 x1 方向陡）",
  "curvatures λ0, λ1 (∂²f/∂x0², ∂²f/∂x1²)": "曲率 λ0、λ1（∂²f/∂x0²、∂²f/∂x1²）",
  "stable while lr < 2/λmax =": "lr < 2/λmax 时稳定，2/λmax =",
  "each step multiplies x0, x1 by 1 − lr·λ": "每一步把 x0、x1 乘以 1 − lr·λ",
  ": below −1, the path zig-zags outwards (diverges)": "：小于 −1，路径之字形向外发散",
  ": below 0, the path zig-zags across the valley": "：小于 0，路径在山谷两侧之字形来回",
  "learning rate lr": "学习率 lr",
  "steps": "步数",
  "start (click the figure)": "起点（在图上点击）",
  "f at the end": "终点处的 f",
  "points inside the figure": "图内的点",
  " of ": " / ",
  ", stopped at step ": "，停在第 ",
  ": f is no longer finite": " 步：f 不再是有限值",
  "the same in a terminal": "在终端中运行同样的下降",
  "(the command line's descent runs on the bowl)": "（命令行的 descent 只在碗形函数上运行）",
  "Live: click a start point; set the learning rate and the number of steps. The path is computed by the crate's gradient_descent, the one that cargo run -- descent runs.":
    "实时演示：点击选择起点，再设置学习率和步数。路径由 crate 的 gradient_descent 计算，cargo run -- descent 运行的也是它。",
  " The grey curves are contour lines (equal f). On the elongated bowl the gradient points across the valley, not at the minimum: try lr = 0.09 and lr = 0.11.":
    "灰色曲线是等高线（f 相等的点）。在拉长的碗形函数上，梯度指向山谷的另一侧，而不是最小值：试试 lr = 0.09 和 lr = 0.11。",
  // chapter 5: digit
  "digit": "数字",
  "probability": "概率",
  "a canvas to draw a digit on": "在这里画一个数字",
  "the 28 × 28 pixels the network reads": "网络读入的 28 × 28 像素",
  "the ten probabilities": "十个概率",
  "test image number": "测试图像编号",
  "the network's answer": "网络的回答",
  "   (test image ": "   （测试图像 ",
  " is a ": " 是 ",
  "probabilities": "概率",
  "Live: draw a digit, large and centred like MNIST's (about two thirds of the height). The small square is the 28 × 28 image the network reads; the bars are the ten probabilities that the network of the book's run (its recorded weights) gives it, computed by the crate's TwoLayerNet::predict.":
    "实时演示：画一个数字，像 MNIST 的数字那样又大又居中（约占高度的三分之二）。小方块是网络读入的 28 × 28 图像；柱形是本书那次训练得到的网络（用它记录下的权重）给出的十个概率，由 crate 的 TwoLayerNet::predict 计算。",
  "Clear": "清除",
  "test image (0 to 999)": "测试图像（0 到 999）",
  "Show the test image": "显示测试图像",
  // chapter 5: training
  "the loss after every iteration": "每次迭代后的损失",
  "the accuracy on the training and the test images at every evaluation": "每次评价时训练图像和测试图像上的识别精度",
  "learning rate": "学习率",
  "hidden size": "隐藏层大小",
  "batch size": "批大小",
  "Start": "开始",
  "Stop": "停止",
  "iteration": "迭代次数",
  "evaluation (once per epoch)": "评价（每个 epoch 一次）",
  "accuracy": "识别精度",
  "training images (5000)": "训练图像（5000 张）",
  "test images (1000)": "测试图像（1000 张）",
  "hyperparameters": "超参数",
  ", hidden ": "，隐藏层大小 ",
  ", batch ": "，批大小 ",
  ", seed 2026": "，种子 2026",
  "iterations": "迭代次数",
  "   (one epoch: ": "   （一个 epoch：",
  "last loss": "最后的损失",
  "train acc, test acc": "训练、测试识别精度",
  "Live: train the chapter's two-layer network here, on the 5000 training and 1000 test digits shipped with the book, with the chapter's loop (crates/widgets runs train's loop one iteration at a time). Changing a slider starts a new network.":
    "实时演示：在这里用本章的循环训练本章的两层神经网络，数据是随书附带的 5000 张训练图像和 1000 张测试图像（crates/widgets 每次只执行 train 循环的一次迭代）。改变任一滑块都会从一个新的网络开始。",
};

/** A visible text in the page's language: Chinese on the Chinese edition's pages (see ZH), English elsewhere. */
function T(en) {
  return document.documentElement.lang === "zh-CN" && ZH[en] !== undefined ? ZH[en] : en;
}

/**
 * The messages of the reader's own function (crates/widgets/src/own_function.rs)
 * in the page's language: each English pattern beside its Chinese. After a syntax
 * error comes the kind of mistake, one of the crate's plain sentences for what
 * exmex reports (SYNTAX_KINDS in own_function.rs, whose test checks every one is here).
 */
const SYNTAX_ZH = {
  "it ends with an operator": "末尾是一个运算符",
  "a parenthesis has no partner": "有一个括号没有配对",
  "a closing parenthesis has no opening one": "有一个右括号没有对应的左括号",
  "two operators in a row": "两个运算符连在了一起",
  "an operator before a closing parenthesis": "右括号前面是一个运算符",
  "empty parentheses": "括号里是空的",
  "a * is missing next to a parenthesis (write 2*(x+1), sin(x)*x), or a function is unknown":
    "括号旁边少了一个 *（应写成 2*(x+1)、sin(x)*x），或者用了未知的函数",
  "two terms without an operator between them (write 2*x, not 2x)": "两项之间缺少运算符（应写成 2*x，而不是 2x）",
  "a comma where no function takes two arguments": "逗号用在了不接受两个参数的地方",
  "a character or number it cannot read": "有无法识别的字符或数字",
  "an operator without its operand": "有一个运算符缺少运算对象",
  "the parser cannot read it": "解析器无法读懂它",
};
const syntaxZh = (m) => SYNTAX_ZH[m] ?? m;

const OWN_MESSAGES_ZH = [
  [/^type a function of x, such as sin\(x\) or x\^3$/, () => "请输入一个关于 x 的函数，例如 sin(x) 或 x^3"],
  [/^the function is longer than (\d+) characters$/, (n) => `函数超过了 ${n} 个字符`],
  [/^at character (\d+): write the power after this minus in parentheses, as in 2\*\(-\(x\^2\)\): the parser would read -x\^2 as \(-x\)\^2$/,
    (i) => `第 ${i} 个字符处：请把这个减号后面的乘方放进括号，例如 2*(-(x^2))：解析器会把 -x^2 读成 (-x)^2`],
  [/^syntax error \(at character (\d+), `(.)`\): (.*)$/, (i, c, m) => `语法错误（第 ${i} 个字符，\`${c}\`）：${syntaxZh(m)}`],
  [/^syntax error: (.*)$/, (m) => `语法错误：${syntaxZh(m)}`],
  [/^unknown name `([^`]*)`: .*$/, (v) => `未知的名字 \`${v}\`：函数里只能用 x、数字、+ - * / ^，以及 sin、cos、tan、exp、ln、sqrt、abs 等`],
  [/^cannot differentiate it: (.*)$/, (m) => `无法对它求导：${m}`],
  [/^the function is undefined at (x|x − h|x \+ h) = (\S+)$/, (n, t) => `函数在 ${n} = ${t} 处没有定义`],
  [/^the function is infinite at (x|x − h|x \+ h) = (\S+) .*$/, (n, t) => `函数在 ${n} = ${t} 处为无穷大（除以 0，或数值超出 f64 的范围）`],
  [/^its derivative is not finite at x = (\S+)$/, (t) => `它的导数在 x = ${t} 处不是有限值`],
  [/^a difference overflows at x = (\S+), h = (\S+)$/, (x, h) => `在 x = ${x}、h = ${h} 处差分溢出`],
  [/^x = (\S+) and h = (\S+): .*$/, (x, h) => `x = ${x}，h = ${h}：x 必须是有限的数，h 必须是正数`],
];

/** A message of the crate about the reader's function, in the page's language. */
function ownMessage(en) {
  if (document.documentElement.lang !== "zh-CN") return en;
  for (const [pattern, zh] of OWN_MESSAGES_ZH) {
    const m = en.match(pattern);
    if (m) return zh(...m.slice(1));
  }
  return en;
}

/** Mounts every widget of the page that is not mounted yet. */
export function mountAll() {
  if (!document.getElementById("nn-widgets-css")) {
    const link = document.createElement("link");
    link.id = "nn-widgets-css";
    link.rel = "stylesheet";
    link.href = path_to_root + "widgets/widgets.css";
    document.head.appendChild(link);
  }
  for (const root of document.querySelectorAll("[data-widget]:not([data-mounted])")) {
    root.dataset.mounted = "loading";
    const make = WIDGETS[root.dataset.widget];
    crate()
      .then((c) => make(root, c))
      .then(() => {
        root.hidden = false;
        root.dataset.mounted = "yes";
      })
      .catch((e) => {
        // The static figure above stays; say why the live one is missing.
        root.dataset.mounted = "failed";
        root.hidden = false;
        root.textContent = T("The interactive figure could not start: ") + e.message;
        console.error("widget " + root.dataset.widget + ": " + e.message);
      });
  }
}

// ---------------------------------------------------------------- controls

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** A labelled slider; `show` formats its value. */
function slider(label, { min, max, step, value }, show, onInput) {
  const input = el("input", { type: "range", min, max, step, value, "aria-label": label });
  const out = el("output");
  const update = () => {
    out.textContent = show(Number(input.value));
    onInput(Number(input.value));
  };
  input.addEventListener("input", update);
  const wrap = el("label", { class: "nn-control" }, el("span", {}, label), input, out);
  wrap.input = input;
  wrap.refresh = () => (out.textContent = show(Number(input.value)));
  wrap.set = (v) => {
    input.value = v;
    update();
  };
  return wrap;
}

/** The keyboard's way into a figure: focusable (Tab reaches it), the arrow keys call
 * on.move(dx, dy), + and − call on.step(±1), the space bar on.space(). A handled key
 * goes no further: mdBook's own arrow keys would turn the page. */
function keys(target, on) {
  target.tabIndex = 0;
  target.setAttribute("aria-keyshortcuts", "ArrowLeft ArrowRight ArrowUp ArrowDown + -" + (on.space ? " Space" : ""));
  target.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (d) on.move(...d);
    else if (e.key === "+" || e.key === "=") on.step(1);
    else if (e.key === "-" || e.key === "_" || e.key === "−") on.step(-1);
    else if (e.key === " " && on.space) on.space();
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
}

/** The region a screen reader reads out when it changes: the figure's current values. */
function live() {
  return el("p", { class: "nn-live", role: "status", "aria-live": "polite" });
}

/** A value kept within [lo, hi]. */
function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

function button(text, onClick) {
  const b = el("button", { type: "button" }, text);
  b.addEventListener("click", onClick);
  return b;
}

function canvas(width, height, label) {
  return el("canvas", { width, height, role: "img", "aria-label": label });
}

/** A number as Rust's `{:?}` prints an f64: the shortest text that reads back the same. */
function rs(v) {
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return v.toFixed(1);
  return String(v).replace("e+", "e");
}

/** A count of iterations: a whole number as one ("50", not "50.0"), else to one decimal. */
function iterations(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function numbers(rows) {
  const table = el("table", { class: "nn-numbers" });
  table.show = (values) => {
    table.replaceChildren(...values.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))));
  };
  if (rows) table.show(rows);
  return table;
}

// ---------------------------------------------------------------- chapter 2

/** The probability of the correct class, and the two losses of the output. */
function losses(root, c) {
  const plot = canvas(560, 300, T("the ten probabilities of the output, and both losses against the probability of the correct class"));
  const bars = new Plot(plot, [-0.5, 9.5], [0, 1], { left: 50, right: 290, top: 15, bottom: 35 });
  const curve = new Plot(plot, [0, 1], [0, 5], { left: 330, right: 10, top: 15, bottom: 35 });
  const table = numbers();
  const p = slider(T("probability of the correct class, y₂"), { min: 0, max: 1, step: 0.001, value: 0.6 }, (v) => v.toFixed(3), draw);
  // The curves do not depend on p: computed once, by the crate.
  const ps = range(0, 1, 201);
  const ce = ps.map((v) => [v, c.call("nn_losses", v)[0]]);
  const se = ps.map((v) => [v, c.call("nn_losses", v)[1]]);
  // Below: each loss's slope with respect to the correct class's score a₂ (y = softmax(a)).
  const slopeCanvas = canvas(560, 220, T("the slope of each loss with respect to the score of the correct class, against the probability of the correct class"));
  const slopes = new Plot(slopeCanvas, [0, 1], [-1.05, 0.05]);
  const ceSlope = ps.map((v) => [v, c.call("nn_loss_slopes", v)[0]]);
  const seSlope = ps.map((v) => [v, c.call("nn_loss_slopes", v)[1]]);

  // The keyboard: the arrow keys move y₂ by a step that + and − choose.
  const steps = [0.001, 0.01, 0.1];
  let stepAt = 1;
  const said = live();
  keys(plot, {
    move: (dx, dy) => p.set(clamp(Number(p.input.value) + (dx + dy) * steps[stepAt], 0, 1).toFixed(3)),
    step: (s) => { stepAt = clamp(stepAt + s, 0, steps.length - 1); draw(Number(p.input.value)); },
  });

  function draw(value) {
    const v = c.call("nn_losses", value);
    const [cross, squared, ...y] = v;
    said.textContent = T("probability of the correct class, y₂") + " " + value.toFixed(3) + "; cross_entropy_error " + rs(cross) +
      "; mean_squared_error " + rs(squared) + "; " + T("arrow-key step") + " " + steps[stepAt];
    bars.clear();
    bars.axes(range(0, 9, 10), [0, 0.5, 1], T("class k"), "y_k", (t) => String(t));
    y.forEach((yk, k) => {
      const g = bars.g;
      g.fillStyle = k === 2 ? COLORS[3] : COLORS[0];
      const [x0, x1] = [bars.px(k - 0.35), bars.px(k + 0.35)];
      g.fillRect(x0, bars.py(yk), x1 - x0, bars.py(0) - bars.py(yk));
    });
    curve.axes([0, 0.5, 1], [0, 1, 2, 3, 4, 5], T("y₂, the probability of the correct class"), T("loss"));
    curve.line(ce, COLORS[3]);
    curve.line(se, COLORS[0], 2, [6, 4]);
    curve.dot(value, Math.min(cross, 5), COLORS[3], 5);
    curve.dot(value, squared, COLORS[0], 5);
    curve.legend([[T("cross-entropy −ln(y₂ + δ)"), COLORS[3]], [T("squared error ½Σ(y−t)²"), COLORS[0], [6, 4]]]);
    const [crossSlope, squaredSlope, ...numeric] = c.call("nn_loss_slopes", value);
    slopes.clear();
    slopes.axes([0, 0.25, 0.5, 0.75, 1], [-1, -0.5, 0], T("y₂, the probability of the correct class"), T("slope ∂loss/∂a₂"));
    slopes.line([[0, 0], [1, 0]], "#999", 1);
    slopes.line(ceSlope, COLORS[3]);
    slopes.line(seSlope, COLORS[0], 2, [6, 4]);
    slopes.dot(value, crossSlope, COLORS[3], 5);
    slopes.dot(value, squaredSlope, COLORS[0], 5);
    slopes.legend([[T("cross-entropy: y₂ − t₂"), COLORS[3]], [T("squared error: (Jᵀ(y − t))₂"), COLORS[0], [6, 4]]], "lower");
    const checked = (n) => (Number.isNaN(n) ? T("   (numerical_diff: none, y₂ = 0 is the score a₂ = −∞)") : T("   (numerical_diff: ") + rs(n) + T(")"));
    table.show([
      ["y", "[" + y.map(rs).join(", ") + "]"],
      ["cross_entropy_error(y, t)", rs(cross)],
      ["mean_squared_error(y, t)", rs(squared)],
      [T("slope of the cross-entropy, y₂ − t₂"), rs(crossSlope) + checked(numeric[0])],
      [T("slope of the squared error, (Jᵀ(y − t))₂"), rs(squaredSlope) + checked(numeric[1])],
    ]);
    root.nn = { p: value, cross, squared, y, slopes: [crossSlope, squaredSlope, ...numeric], step: steps[stepAt] };
  }

  // Drag the red bar (or anywhere over the bars) to set the probability.
  let dragging = false;
  const fromPointer = (e) => {
    const [, y] = bars.at(e);
    if (e.offsetX <= plot.clientWidth * (270 / 560)) p.set(Math.min(1, Math.max(0, y)).toFixed(3));
  };
  plot.addEventListener("pointerdown", (e) => { dragging = true; plot.setPointerCapture?.(e.pointerId); fromPointer(e); });
  plot.addEventListener("pointermove", (e) => dragging && fromPointer(e));
  plot.addEventListener("pointerup", () => (dragging = false));

  const below = el("p", { class: "nn-caption" }, T("Below: the slope of each loss with respect to a₂, the score of the correct class, when y is the softmax of the scores (a = ln y). Cross-entropy's is y₂ − 1: it pushes hardest when the network is confidently wrong. The squared error's, Jᵀ(y − t) with J the softmax's Jacobian, vanishes there. Computed by the crate's softmax and losses, the formulas checked against numerical_diff."));
  // The chapter's section on the choice of loss, where the page has it under this id.
  if (document.getElementById("why-cross-entropy")) {
    below.append(" ", el("a", { href: "#why-cross-entropy" }, T("Why cross-entropy")), ".");
  }
  root.append(
    el("p", { class: "nn-caption" }, T("Live: drag the red bar (the probability the network gives the correct class, 2) or the slider; the other nine share the rest as in y₁. Computed by the crate's loss functions.") +
      " " + T("Keyboard: ") + T("the arrow keys move y₂, + and − change their step.")),
    plot, said, el("div", { class: "nn-controls" }, p), below, slopeCanvas, table,
  );
  p.refresh();
  draw(0.6);
}

// ---------------------------------------------------------------- chapter 3

/** The tangent at x, and the forward and central secants for a step h. */
function secants(root, c) {
  const plot = canvas(600, 400, T("f(x) = 0.01x² + 0.1x with the tangent and the two secants at x"));
  const view = new Plot(plot, [0, 20], [-1, 6]);
  const table = numbers();
  const f = range(0, 20, 201).map((x) => [x, 0.01 * x * x + 0.1 * x]);
  let x = 5;
  let logH = 0;
  let drawOwn = () => {};
  const xs = slider("x", { min: 0, max: 20, step: 0.1, value: 5 }, (v) => v.toFixed(1), (v) => { x = v; draw(); });
  const hs = slider(T("step h"), { min: -20, max: 1, step: 0.1, value: 0 }, (v) => rs(10 ** v), (v) => { logH = v; draw(); });

  // The keyboard: the arrow keys move x by 0.5, + and − multiply h by 10 or divide it.
  const said = live();
  keys(plot, {
    move: (dx, dy) => xs.set(clamp(x + 0.5 * (dx + dy), 0, 20).toFixed(1)),
    step: (s) => hs.set(clamp(logH + s, -20, 1).toFixed(1)),
  });

  function draw() {
    const h = 10 ** logH;
    const [fx, slope, intercept, forward, central, forwardError, centralError, exact, fl, fr] = c.call("nn_secants", x, h);
    said.textContent = "x " + x.toFixed(1) + ", h " + rs(h) + "; forward_difference " + rs(forward) + " (" + T("error") + " " + rs(forwardError) +
      "); central_difference " + rs(central) + " (" + T("error") + " " + rs(centralError) + ")";
    view.clear();
    view.axes([0, 5, 10, 15, 20], [0, 2, 4, 6], "x", "f(x)");
    view.line(f, COLORS[0]);
    const across = (s, x0, y0) => [[-5, y0 + s * (-5 - x0)], [25, y0 + s * (25 - x0)]];
    view.line([[-5, slope * -5 + intercept], [25, slope * 25 + intercept]], "#000", 1.5, [8, 5]);
    view.line(across(forward, x, fx), COLORS[1]);
    view.line(across(central, x - h, fl), COLORS[2], 2, [3, 3]);
    view.dot(x + h, fr, COLORS[1]);
    view.dot(x - h, fl, COLORS[2]);
    view.dot(x, fx, COLORS[3], 5);
    view.legend([
      ["f(x) = 0.01x² + 0.1x", COLORS[0]],
      [T("tangent (numerical_diff, h = 1e-4)"), "#000", [8, 5]],
      [T("forward secant, through x and x + h"), COLORS[1]],
      [T("central secant, through x − h and x + h"), COLORS[2], [3, 3]],
    ]);
    table.show([
      [T("true slope 0.02x + 0.1"), rs(exact)],
      ["tangent_line(function_1, x).0", rs(slope)],
      ["forward_difference(function_1, x, h)", rs(forward) + T("   (error ") + rs(forwardError) + T(")")],
      ["central_difference(function_1, x, h)", rs(central) + T("   (error ") + rs(centralError) + T(")")],
    ]);
    root.nn = { x, h, slope, forward, central, forwardError, centralError };
    drawOwn();
  }

  let dragging = false;
  const fromPointer = (e) => xs.set(Math.min(20, Math.max(0, view.at(e)[0])).toFixed(1));
  plot.addEventListener("pointerdown", (e) => { dragging = true; plot.setPointerCapture?.(e.pointerId); fromPointer(e); });
  plot.addEventListener("pointermove", (e) => dragging && fromPointer(e));
  plot.addEventListener("pointerup", () => (dragging = false));

  root.append(
    el("p", { class: "nn-caption" }, T("Live: drag x on the figure or with the slider, and set the step h (from 1e-20 to 10). With a tiny h the rounding trap sends both estimates to 0. Computed by the crate's numerical_diff functions.") +
      " " + T("Keyboard: ") + T("the arrow keys move x, + and − multiply the step h by 10 or divide it by 10.")),
    plot, said, el("div", { class: "nn-controls" }, xs, hs), table,
    ownFunction(c, () => [x, 10 ** logH], (redraw) => (drawOwn = redraw)),
  );
  xs.refresh();
  hs.refresh();
  draw();
}

/** Chapter 3: the reader's own function of x (crates/widgets/src/own_function.rs), at the x and h of the sliders above. */
function ownFunction(c, xh, register) {
  const id = "nn-own-function";
  const input = el("input", { type: "text", id, value: "sin(x)", spellcheck: "false", autocomplete: "off", "aria-describedby": id + "-message" });
  const message = el("p", { class: "nn-caption nn-own-message", id: id + "-message", role: "status", "aria-live": "polite" });
  const plot = canvas(600, 300, T("the error of the forward and central differences against the step h, for your function, on log-log axes"));
  const view = new Plot(plot, [-16, 0], [-20, 2]);
  const table = numbers();
  const box = el("fieldset", { class: "nn-own" }, el("legend", {}, T("your own function of x")));
  const state = { text: null, error: null };

  function show() {
    const [x, h] = xh();
    const text = input.value;
    let error = null;
    let values = null;
    let curve = [];
    try {
      if (text !== state.text) {
        c.put(new TextEncoder().encode(text));
        c.call("nn_own_parse");
        state.text = text;
      }
      values = c.call("nn_own_values", x, h);
      curve = [...c.call("nn_own_curve", x)];
    } catch (e) {
      error = ownMessage(e.message.replace(/^nn_own_\w+: /, ""));
      if (/^nn_own_parse/.test(e.message)) state.text = null;
    }
    view.clear();
    view.axes([-16, -12, -8, -4, 0], [-20, -15, -10, -5, 0], "log₁₀ h", "log₁₀ " + T("error"), (t) => String(t));
    const pts = (k) => {
      const out = [];
      for (let i = 0; i + 2 < curve.length; i += 3) {
        const e = curve[i + k];
        if (e > 0) out.push([Math.log10(curve[i]), Math.max(-20, Math.log10(e))]);
      }
      return out;
    };
    if (!error && curve.length === 0) error = T("no point to draw: the function is undefined or infinite for every h at this x");
    if (error) {
      message.textContent = T("Cannot use this function: ") + error;
      message.dataset.error = "yes";
      input.setAttribute("aria-invalid", "true");
      table.show([]);
      box.nn = { text, x, h, error };
    } else {
      message.textContent = "";
      delete message.dataset.error;
      input.removeAttribute("aria-invalid");
      view.line(pts(1), COLORS[1]);
      view.line(pts(2), COLORS[2], 2, [3, 3]);
      view.legend([[T("forward difference"), COLORS[1]], [T("central difference"), COLORS[2], [3, 3]]], "lower");
      const [fx, exact, forward, central, forwardError, centralError] = values;
      table.show([
        ["f(x)", rs(fx)],
        [T("exact derivative (exmex)"), rs(exact)],
        ["forward_difference(f, x, h)", rs(forward) + T("   (error ") + rs(forwardError) + T(")")],
        ["central_difference(f, x, h)", rs(central) + T("   (error ") + rs(centralError) + T(")")],
      ]);
      box.nn = { text, x, h, values: [...values], curve };
    }
  }
  input.addEventListener("input", show);
  register(show);
  box.append(
    el("p", { class: "nn-caption" }, T("Type a function of x (for example sin(x), x^3, exp(-x^2), 1/x): exmex, a maintained expression parser, differentiates it exactly, and the crate's forward_difference and central_difference estimate the derivative at the x and h above.")),
    el("label", { class: "nn-control", for: id }, el("span", {}, T("f(x) =")), input),
    message, plot, table,
  );
  queueMicrotask(show);
  return box;
}

// ---------------------------------------------------------------- chapter 4

/** Gradient descent from a clicked start, by the crate's gradient_descent. */
function descent(root, c) {
  const plot = canvas(560, 640, T("the path of gradient descent from the start you click"));
  const view = new Plot(plot, [-3.5, 3.5], [-4.5, 4.5]);
  const table = numbers();
  let surface = 0;
  let start = [-3, 4];
  let lr = 0.1;
  let steps = 20;
  const background = new Map();
  const choice = el("select", { "aria-label": T("function") },
    el("option", { value: "0" }, T("x0² + x1² (the chapter's bowl)")),
    el("option", { value: "1" }, T("landscape: two valleys, a local minimum, saddle points")),
    el("option", { value: "2" }, T("x0² + 10·x1² (an elongated bowl, steep across x1)")));
  choice.addEventListener("change", () => { surface = Number(choice.value); draw(); });
  const lrs = slider(T("learning rate lr"), { min: -10, max: 1.1, step: "any", value: -1 }, (v) => rs(Number((10 ** v).toPrecision(3))), (v) => { lr = Number((10 ** v).toPrecision(3)); draw(); });
  const ss = slider(T("steps"), { min: 1, max: 100, step: 1, value: 20 }, (v) => String(v), (v) => { steps = v; draw(); });
  const preset = (text, v) => button(text, () => lrs.set(Math.log10(v)));
  // The keyboard: the arrow keys move the start by 0.25, + and − the learning rate's slider by 0.1 (in log10 lr).
  const said = live();
  keys(plot, {
    move: (dx, dy) => {
      start = [Number(clamp(start[0] + 0.25 * dx, -3.5, 3.5).toFixed(2)), Number(clamp(start[1] + 0.25 * dy, -4.5, 4.5).toFixed(2))];
      draw();
    },
    step: (s) => lrs.set(Number(lrs.input.value) + 0.1 * s),
  });

  /** Shades of the function's value, computed once per function by the crate. */
  function shade() {
    if (!background.has(surface)) {
      const g = view.g;
      const { left, top } = view.margin;
      const cell = 8;
      const values = [];
      for (let cy = 0; cy < view.h; cy += cell) {
        for (let cx = 0; cx < view.w; cx += cell) {
          const x0 = view.x0 + ((cx + cell / 2) / view.w) * (view.x1 - view.x0);
          const x1 = view.y1 - ((cy + cell / 2) / view.h) * (view.y1 - view.y0);
          values.push([cx, cy, c.x.nn_surface(surface, x0, x1)]);
        }
      }
      const fs = values.map((v) => v[2]);
      const [lo, hi] = [Math.min(...fs), Math.max(...fs)];
      view.clear();
      for (const [cx, cy, f] of values) {
        // Lighter is lower; on a log scale, so that the valleys show.
        const t = Math.log1p(f - lo) / Math.log1p(hi - lo);
        g.fillStyle = "rgb(" + Math.round(255 - 150 * t) + "," + Math.round(255 - 90 * t) + ",255)";
        g.fillRect(left + cx, top + cy, cell, cell);
      }
      contours(lo, hi);
      background.set(surface, g.getImageData(0, 0, plot.width, plot.height));
    }
    view.g.putImageData(background.get(surface), 0, 0);
  }

  /** Contour lines of f (marching squares on a 5-pixel grid of the crate's values), at
   * levels evenly spaced on a log scale of f − min f, finer near the bottom than the
   * shading's, so that the landscape's valleys and saddles get their own lines. */
  function contours(lo, hi) {
    const g = view.g;
    const { left, top } = view.margin;
    const cell = 5;
    const [nx, ny] = [Math.floor(view.w / cell) + 1, Math.floor(view.h / cell) + 1];
    const f = [];
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x0 = view.x0 + ((i * cell) / view.w) * (view.x1 - view.x0);
        const x1 = view.y1 - ((j * cell) / view.h) * (view.y1 - view.y0);
        f.push(c.x.nn_surface(surface, x0, x1));
      }
    }
    const unit = (hi - lo) / 1000;
    const levels = range(1, 14, 14).map((k) => lo + unit * Math.expm1((k / 15) * Math.log1p(1000)));
    g.save();
    g.strokeStyle = "rgba(70, 70, 70, 0.6)";
    g.lineWidth = 1;
    g.beginPath();
    for (const level of levels) {
      for (let j = 0; j + 1 < ny; j++) {
        for (let i = 0; i + 1 < nx; i++) {
          const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
          const v = corners.map(([a, b]) => f[b * nx + a]);
          const cut = [];
          for (let e = 0; e < 4; e++) {
            const [a, b] = [v[e], v[(e + 1) % 4]];
            if ((a < level) === (b < level)) continue;
            const s = (level - a) / (b - a);
            const [p, q] = [corners[e], corners[(e + 1) % 4]];
            cut.push([left + (p[0] + s * (q[0] - p[0])) * cell, top + (p[1] + s * (q[1] - p[1])) * cell]);
          }
          for (let k = 0; k + 1 < cut.length; k += 2) {
            g.moveTo(...cut[k]);
            g.lineTo(...cut[k + 1]);
          }
        }
      }
    }
    g.stroke();
    g.restore();
  }

  function draw() {
    const stopped = c.x.nn_descent(surface, start[0], start[1], lr, steps);
    if (stopped === -2) throw new Error(c.message());
    const flat = c.out();
    const path = [];
    for (let i = 0; i < flat.length; i += 2) path.push([flat[i], flat[i + 1]]);
    shade();
    view.axes([-3, -2, -1, 0, 1, 2, 3], [-4, -2, 0, 2, 4], "x0", "x1");
    view.line([[-5, 0], [5, 0]], "#555", 1, [6, 4]);
    view.line([[0, -5], [0, 5]], "#555", 1, [6, 4]);
    view.line(path, COLORS[0], 1);
    for (const [a, b] of path) view.dot(a, b, COLORS[0]);
    view.dot(start[0], start[1], COLORS[3], 6);
    const end = path[path.length - 1];
    const shown = path.filter(([a, b]) => Math.abs(a) <= 3.5 && Math.abs(b) <= 4.5).length;
    // On a bowl: its curvatures, the learning rate's cap and what one step does along each axis.
    const factors = surface === 1 ? null : c.call("nn_step_factors", surface, lr);
    const r6 = (v) => rs(Number(v.toPrecision(6)));
    const bowl = factors ? [
      [T("curvatures λ0, λ1 (∂²f/∂x0², ∂²f/∂x1²)"), "[" + r6(factors[0]) + ", " + r6(factors[1]) + "]"],
      [T("stable while lr < 2/λmax ="), r6(factors[2])],
      [T("each step multiplies x0, x1 by 1 − lr·λ"), "[" + r6(factors[3]) + ", " + r6(factors[4]) + "]" +
        (Math.min(factors[3], factors[4]) < -1 ? T(": below −1, the path zig-zags outwards (diverges)")
          : Math.min(factors[3], factors[4]) < 0 ? T(": below 0, the path zig-zags across the valley") : "")],
    ] : [];
    table.show([
      [T("start (click the figure)"), "[" + start.map(rs).join(", ") + "]"],
      ["gradient_descent(f, start, lr, steps).0", "[" + end.map(rs).join(", ") + "]"],
      [T("f at the end"), rs(c.x.nn_surface(surface, end[0], end[1]))],
      [T("points inside the figure"), shown + T(" of ") + path.length + (stopped >= 0 ? T(", stopped at step ") + stopped + T(": f is no longer finite") : "")],
      [T("the same in a terminal"), surface === 0
        ? "cargo run -- descent --lr " + rs(lr) + " --steps " + steps + " --start " + start.map(rs).join(",")
        : T("(the command line's descent runs on the bowl)")],
      ...bowl,
    ]);
    said.textContent = T("start") + " [" + start.map(rs).join(", ") + "]; lr " + rs(lr) + "; " + T("end") + " [" + end.map(rs).join(", ") + "]; f " +
      rs(c.x.nn_surface(surface, end[0], end[1]));
    root.nn = { surface, start: start.slice(), lr, steps, path, stopped, factors: factors && Array.from(factors) };
  }

  plot.addEventListener("click", (e) => {
    const [a, b] = view.at(e);
    // Two decimals: a start you can type on the command line.
    start = [Number(a.toFixed(2)), Number(b.toFixed(2))];
    draw();
  });

  root.append(
    el("p", { class: "nn-caption" }, T("Live: click a start point; set the learning rate and the number of steps. The path is computed by the crate's gradient_descent, the one that cargo run -- descent runs.") +
      T(" The grey curves are contour lines (equal f). On the elongated bowl the gradient points across the valley, not at the minimum: try lr = 0.09 and lr = 0.11.") +
      " " + T("Keyboard: ") + T("the arrow keys move the start, + and − change the learning rate.")),
    plot, said,
    el("div", { class: "nn-controls" }, el("label", { class: "nn-control" }, el("span", {}, T("function")), choice), lrs, ss,
      el("span", { class: "nn-presets" }, preset("lr = 10", 10), preset("lr = 0.11", 0.11), preset("lr = 0.1", 0.1), preset("lr = 0.09", 0.09), preset("lr = 1e-10", 1e-10))),
    table,
  );
  lrs.refresh();
  ss.refresh();
  draw();
}

// ---------------------------------------------------------------- chapter 5

/** Bars of ten probabilities on a canvas. */
function drawBars(plot, probabilities) {
  plot.clear();
  plot.axes(range(0, 9, 10), [0, 0.5, 1], T("digit"), T("probability"));
  const best = probabilities.indexOf(Math.max(...probabilities));
  probabilities.forEach((p, k) => {
    plot.g.fillStyle = k === best ? COLORS[3] : COLORS[0];
    const [x0, x1] = [plot.px(k - 0.35), plot.px(k + 0.35)];
    plot.g.fillRect(x0, plot.py(p), x1 - x0, plot.py(0) - plot.py(p));
  });
}

/** Draw a digit; the full run's network gives its ten probabilities. */
async function digit(root, c) {
  await Promise.all([loadNetwork(c), loadDigits(c, [2, 3])]);
  const pad = canvas(280, 280, T("a canvas to draw a digit on"));
  pad.classList.add("nn-pad");
  const seen = canvas(84, 84, T("the 28 × 28 pixels the network reads"));
  const bars = new Plot(canvas(320, 200, T("the ten probabilities")), [-0.5, 9.5], [0, 1], { left: 45, right: 10, top: 10, bottom: 35 });
  const table = numbers();
  const g = pad.getContext("2d", { willReadFrequently: true });
  const which = el("input", { type: "number", min: 0, max: 999, value: 0, "aria-label": T("test image number") });
  let label = null;
  // The keyboard: a pen the arrow keys move (drawing while it is down), by a step + and − choose.
  const pen = { at: [140, 140], down: false, step: 20 };
  const said = live();
  keys(pad, {
    move: (dx, dy) => {
      const to = [clamp(pen.at[0] + dx * pen.step, 0, 280), clamp(pen.at[1] - dy * pen.step, 0, 280)];
      if (pen.down) stroke(pen.at, to);
      pen.at = to;
      if (!pen.down) predict();
    },
    step: (s) => { pen.step = clamp(s > 0 ? pen.step * 2 : pen.step / 2, 5, 80); predict(); },
    space: () => {
      pen.down = !pen.down;
      if (pen.down) { label = null; stroke(pen.at, pen.at); } else predict();
    },
  });

  function clear() {
    g.fillStyle = "#fff";
    g.fillRect(0, 0, 280, 280);
    label = null;
  }

  /** Paints test image k into the canvas, each pixel a 10 × 10 cell. */
  function paintTest(k) {
    const v = c.call("nn_test_image", k);
    for (let i = 0; i < 784; i++) {
      const ink = 255 - v[i];
      g.fillStyle = "rgb(" + ink + "," + ink + "," + ink + ")";
      g.fillRect((i % 28) * 10, Math.floor(i / 28) * 10, 10, 10);
    }
    label = v[784];
  }

  function predict() {
    const rgba = g.getImageData(0, 0, 280, 280).data;
    const ink = new Uint8Array(280 * 280);
    for (let i = 0; i < ink.length; i++) ink[i] = 255 - rgba[4 * i];
    c.put(ink);
    const v = c.call("nn_predict_canvas");
    const pixels = v.slice(0, 784);
    const probabilities = Array.from(v.slice(784));
    const s = seen.getContext("2d");
    for (let i = 0; i < 784; i++) {
      const shade = Math.round(255 - 255 * pixels[i]);
      s.fillStyle = "rgb(" + shade + "," + shade + "," + shade + ")";
      s.fillRect((i % 28) * 3, Math.floor(i / 28) * 3, 3, 3);
    }
    drawBars(bars, probabilities);
    const answer = probabilities.indexOf(Math.max(...probabilities));
    table.show([
      [T("the network's answer"), String(answer) + (label === null ? "" : T("   (test image ") + which.value + T(" is a ") + label + T(")"))],
      [T("probabilities"), probabilities.map((p) => p.toFixed(4)).join("  ")],
    ]);
    said.textContent = T("the network's answer") + " " + answer + " (" + probabilities[answer].toFixed(4) + "); " + T("pen") + " (" + pen.at.join(", ") + "), " +
      (pen.down ? T("down") : T("up")) + "; " + T("arrow-key step") + " " + pen.step;
    root.nn = { answer, probabilities, pixels: Array.from(pixels), label, pen: { at: pen.at.slice(), down: pen.down, step: pen.step } };
  }

  let last = null;
  let queued = false;
  const later = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(() => { queued = false; predict(); });
    }
  };
  const point = (e) => {
    const r = pad.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * 280, ((e.clientY - r.top) / r.height) * 280];
  };
  pad.addEventListener("pointerdown", (e) => {
    last = point(e);
    label = null;
    pad.setPointerCapture?.(e.pointerId);
    stroke(last, last);
  });
  pad.addEventListener("pointermove", (e) => {
    if (!last) return;
    const p = point(e);
    stroke(last, p);
    last = p;
  });
  const end = () => (last = null);
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointerleave", end);
  function stroke(a, b) {
    g.strokeStyle = "#000";
    g.lineWidth = 22;
    g.lineCap = "round";
    g.beginPath();
    g.moveTo(a[0], a[1]);
    g.lineTo(b[0], b[1]);
    g.stroke();
    later();
  }

  root.nn = {};
  root.nnPaintTest = (k) => { which.value = k; paintTest(k); predict(); };
  root.append(
    el("p", { class: "nn-caption" }, T("Live: draw a digit, large and centred like MNIST's (about two thirds of the height). The small square is the 28 × 28 image the network reads; the bars are the ten probabilities that the network of the book's run (its recorded weights) gives it, computed by the crate's TwoLayerNet::predict.") +
      " " + T("Keyboard: ") + T("the arrow keys move the pen, the space bar puts it down or lifts it, + and − change how far it moves.")),
    el("div", { class: "nn-row" }, pad, el("div", {}, seen, bars.canvas)), said,
    el("div", { class: "nn-controls" },
      button(T("Clear"), () => { clear(); predict(); }),
      el("label", { class: "nn-control" }, el("span", {}, T("test image (0 to 999)")), which),
      button(T("Show the test image"), () => { paintTest(Number(which.value)); predict(); })),
    table,
  );
  clear();
  paintTest(0);
  predict();
}

/** Train a network in the page on the shipped digits. */
async function training(root, c) {
  await loadDigits(c, [0, 1, 2, 3]);
  const lossPlot = new Plot(canvas(560, 220, T("the loss after every iteration")), [0, 100], [0, 2.5]);
  const accPlot = new Plot(canvas(560, 220, T("the accuracy on the training and the test images at every evaluation")), [0, 1], [0, 1]);
  const table = numbers();
  let running = false;
  let settings = { lr: 0.1, hidden: 50, batch: 100 };
  let losses = [];
  let accuracies = [];
  let iteration = 0;
  const lrs = slider(T("learning rate"), { min: -3, max: 1, step: 0.1, value: -1 }, (v) => rs(Number((10 ** v).toPrecision(2))), (v) => restart({ lr: Number((10 ** v).toPrecision(2)) }));
  const hs = slider(T("hidden size"), { min: 1, max: 100, step: 1, value: 50 }, String, (v) => restart({ hidden: v }));
  const bs = slider(T("batch size"), { min: 1, max: 500, step: 1, value: 100 }, String, (v) => restart({ batch: v }));
  const go = button(T("Start"), () => (running ? stop() : start()));
  // Read out when the run starts, stops or is evaluated (not every iteration: that would never stop talking).
  const said = live();
  let told = "";

  /** A fresh network with the sliders' hyperparameters (the run goes on if it was running). */
  function restart(change) {
    Object.assign(settings, change);
    c.call("nn_trainer_new", settings.lr, settings.hidden, settings.batch);
    losses = [];
    accuracies = [];
    iteration = 0;
    draw();
  }

  /** The new losses and all the accuracies, from the crate's log. */
  function read() {
    const v = c.call("nn_trainer_log", losses.length);
    const [iterations, , newLosses, evaluations] = v;
    iteration = iterations;
    losses.push(...v.slice(4, 4 + newLosses));
    accuracies = [];
    for (let i = 0, at = 4 + newLosses; i < evaluations; i++, at += 2) accuracies.push([v[at], v[at + 1]]);
  }

  function draw() {
    const n = losses.length;
    lossPlot.x1 = Math.max(100, n);
    lossPlot.clear();
    lossPlot.axes(range(0, lossPlot.x1, 5).map(Math.round), [0, 0.5, 1, 1.5, 2, 2.5], T("iteration"), T("loss"));
    const stride = Math.max(1, Math.floor(n / 1000));
    const pts = [];
    for (let i = 0; i < n; i += stride) pts.push([i + 1, losses[i]]);
    lossPlot.line(pts, COLORS[0], 1);
    accPlot.x1 = Math.max(1, accuracies.length - 1);
    accPlot.clear();
    accPlot.axes(range(0, accPlot.x1, Math.min(accPlot.x1 + 1, 6)).map(Math.round), [0, 0.5, 1], T("evaluation (once per epoch)"), T("accuracy"));
    accPlot.line(accuracies.map(([a], i) => [i, a]), COLORS[0]);
    accPlot.line(accuracies.map(([, b], i) => [i, b]), COLORS[1], 2, [6, 4]);
    accPlot.legend([[T("training images (5000)"), COLORS[0]], [T("test images (1000)"), COLORS[1], [6, 4]]], "lower");
    const last = accuracies[accuracies.length - 1];
    table.show([
      [T("hyperparameters"), "lr " + rs(settings.lr) + T(", hidden ") + settings.hidden + T(", batch ") + settings.batch + T(", seed 2026")],
      [T("iterations"), String(iteration) + T("   (one epoch: ") + iterations(5000 / settings.batch) + T(")")],
      [T("last loss"), n ? rs(losses[n - 1]) : "-"],
      [T("train acc, test acc"), last ? rs(last[0]) + ", " + rs(last[1]) : "-"],
    ]);
    const tell = (running ? T("running") : T("stopped")) + "; " + T("train acc, test acc") + " " + (last ? rs(last[0]) + ", " + rs(last[1]) : "-");
    if (tell !== told) {
      told = tell;
      said.textContent = tell + "; " + T("iterations") + " " + iteration + "; " + T("last loss") + " " + (n ? rs(losses[n - 1]) : "-");
    }
    root.nn = { running, iteration, losses: losses.length, head: losses.slice(0, 50), lastLoss: losses[n - 1], accuracies: accuracies.slice(), settings: { ...settings } };
  }

  // Work in slices of about 15 ms, then give the page back: training never freezes it.
  function tick() {
    if (!running) return;
    const until = performance.now() + 15;
    while (performance.now() < until) {
      if (c.x.nn_trainer_evaluate(250) > 0) continue;
      c.x.nn_trainer_step(1);
    }
    read();
    draw();
    setTimeout(tick, 0);
  }
  function start() {
    running = true;
    go.textContent = T("Stop");
    draw();
    setTimeout(tick, 0);
  }
  function stop() {
    running = false;
    go.textContent = T("Start");
    draw();
  }

  root.append(
    el("p", { class: "nn-caption" }, T("Live: train the chapter's two-layer network here, on the 5000 training and 1000 test digits shipped with the book, with the chapter's loop (crates/widgets runs train's loop one iteration at a time). Changing a slider starts a new network.")),
    el("div", { class: "nn-controls" }, go, lrs, hs, bs), said,
    lossPlot.canvas, accPlot.canvas, table,
  );
  lrs.refresh();
  hs.refresh();
  bs.refresh();
  restart({});
}
