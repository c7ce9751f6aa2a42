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
        root.textContent = "The interactive figure could not start: " + e.message;
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
  const plot = canvas(560, 300, "the ten probabilities of the output, and both losses against the probability of the correct class");
  const bars = new Plot(plot, [-0.5, 9.5], [0, 1], { left: 50, right: 290, top: 15, bottom: 35 });
  const curve = new Plot(plot, [0, 1], [0, 5], { left: 330, right: 10, top: 15, bottom: 35 });
  const table = numbers();
  const p = slider("probability of the correct class, y₂", { min: 0, max: 1, step: 0.001, value: 0.6 }, (v) => v.toFixed(3), draw);
  // The curves do not depend on p: computed once, by the crate.
  const ps = range(0, 1, 201);
  const ce = ps.map((v) => [v, c.call("nn_losses", v)[0]]);
  const se = ps.map((v) => [v, c.call("nn_losses", v)[1]]);

  function draw(value) {
    const v = c.call("nn_losses", value);
    const [cross, squared, ...y] = v;
    bars.clear();
    bars.axes(range(0, 9, 10), [0, 0.5, 1], "class k", "y_k", (t) => String(t));
    y.forEach((yk, k) => {
      const g = bars.g;
      g.fillStyle = k === 2 ? COLORS[3] : COLORS[0];
      const [x0, x1] = [bars.px(k - 0.35), bars.px(k + 0.35)];
      g.fillRect(x0, bars.py(yk), x1 - x0, bars.py(0) - bars.py(yk));
    });
    curve.axes([0, 0.5, 1], [0, 1, 2, 3, 4, 5], "y₂, the probability of the correct class", "loss");
    curve.line(ce, COLORS[3]);
    curve.line(se, COLORS[0], 2, [6, 4]);
    curve.dot(value, Math.min(cross, 5), COLORS[3], 5);
    curve.dot(value, squared, COLORS[0], 5);
    curve.legend([["cross-entropy −ln(y₂ + δ)", COLORS[3]], ["squared error ½Σ(y−t)²", COLORS[0], [6, 4]]]);
    table.show([
      ["y", "[" + y.map(rs).join(", ") + "]"],
      ["cross_entropy_error(y, t)", rs(cross)],
      ["mean_squared_error(y, t)", rs(squared)],
    ]);
    root.nn = { p: value, cross, squared, y };
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

  root.append(
    el("p", { class: "nn-caption" }, "Live: drag the red bar (the probability the network gives the correct class, 2) or the slider; the other nine share the rest as in y₁. Computed by the crate's loss functions."),
    plot, el("div", { class: "nn-controls" }, p), table,
  );
  p.refresh();
  draw(0.6);
}

// ---------------------------------------------------------------- chapter 3

/** The tangent at x, and the forward and central secants for a step h. */
function secants(root, c) {
  const plot = canvas(600, 400, "f(x) = 0.01x² + 0.1x with the tangent and the two secants at x");
  const view = new Plot(plot, [0, 20], [-1, 6]);
  const table = numbers();
  const f = range(0, 20, 201).map((x) => [x, 0.01 * x * x + 0.1 * x]);
  let x = 5;
  let logH = 0;
  const xs = slider("x", { min: 0, max: 20, step: 0.1, value: 5 }, (v) => v.toFixed(1), (v) => { x = v; draw(); });
  const hs = slider("step h", { min: -20, max: 1, step: 0.1, value: 0 }, (v) => rs(10 ** v), (v) => { logH = v; draw(); });

  function draw() {
    const h = 10 ** logH;
    const [fx, slope, intercept, forward, central, forwardError, centralError, exact, fl, fr] = c.call("nn_secants", x, h);
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
      ["tangent (numerical_diff, h = 1e-4)", "#000", [8, 5]],
      ["forward secant, through x and x + h", COLORS[1]],
      ["central secant, through x − h and x + h", COLORS[2], [3, 3]],
    ]);
    table.show([
      ["true slope 0.02x + 0.1", rs(exact)],
      ["tangent_line(function_1, x).0", rs(slope)],
      ["forward_difference(function_1, x, h)", rs(forward) + "   (error " + rs(forwardError) + ")"],
      ["central_difference(function_1, x, h)", rs(central) + "   (error " + rs(centralError) + ")"],
    ]);
    root.nn = { x, h, slope, forward, central, forwardError, centralError };
  }

  let dragging = false;
  const fromPointer = (e) => xs.set(Math.min(20, Math.max(0, view.at(e)[0])).toFixed(1));
  plot.addEventListener("pointerdown", (e) => { dragging = true; plot.setPointerCapture?.(e.pointerId); fromPointer(e); });
  plot.addEventListener("pointermove", (e) => dragging && fromPointer(e));
  plot.addEventListener("pointerup", () => (dragging = false));

  root.append(
    el("p", { class: "nn-caption" }, "Live: drag x on the figure or with the slider, and set the step h (from 1e-20 to 10). With a tiny h the rounding trap sends both estimates to 0. Computed by the crate's numerical_diff functions."),
    plot, el("div", { class: "nn-controls" }, xs, hs), table,
  );
  xs.refresh();
  hs.refresh();
  draw();
}

// ---------------------------------------------------------------- chapter 4

/** Gradient descent from a clicked start, by the crate's gradient_descent. */
function descent(root, c) {
  const plot = canvas(560, 640, "the path of gradient descent from the start you click");
  const view = new Plot(plot, [-3.5, 3.5], [-4.5, 4.5]);
  const table = numbers();
  let surface = 0;
  let start = [-3, 4];
  let lr = 0.1;
  let steps = 20;
  const background = new Map();
  const choice = el("select", { "aria-label": "function" },
    el("option", { value: "0" }, "x0² + x1² (the chapter's bowl)"),
    el("option", { value: "1" }, "landscape: two valleys, a local minimum, saddle points"));
  choice.addEventListener("change", () => { surface = Number(choice.value); draw(); });
  const lrs = slider("learning rate lr", { min: -10, max: 1.1, step: 0.1, value: -1 }, (v) => rs(Number((10 ** v).toPrecision(3))), (v) => { lr = Number((10 ** v).toPrecision(3)); draw(); });
  const ss = slider("steps", { min: 1, max: 100, step: 1, value: 20 }, (v) => String(v), (v) => { steps = v; draw(); });
  const preset = (text, v) => button(text, () => lrs.set(Math.log10(v)));

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
      background.set(surface, g.getImageData(0, 0, plot.width, plot.height));
    }
    view.g.putImageData(background.get(surface), 0, 0);
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
    table.show([
      ["start (click the figure)", "[" + start.map(rs).join(", ") + "]"],
      ["gradient_descent(f, start, lr, steps).0", "[" + end.map(rs).join(", ") + "]"],
      ["f at the end", rs(c.x.nn_surface(surface, end[0], end[1]))],
      ["points inside the figure", shown + " of " + path.length + (stopped >= 0 ? ", stopped at step " + stopped + ": f is no longer finite" : "")],
      ["the same in a terminal", surface === 0
        ? "cargo run -- descent --lr " + rs(lr) + " --steps " + steps + " --start " + start.map(rs).join(",")
        : "(the command line's descent runs on the bowl)"],
    ]);
    root.nn = { surface, start: start.slice(), lr, steps, path, stopped };
  }

  plot.addEventListener("click", (e) => {
    const [a, b] = view.at(e);
    // Two decimals: a start you can type on the command line.
    start = [Number(a.toFixed(2)), Number(b.toFixed(2))];
    draw();
  });

  root.append(
    el("p", { class: "nn-caption" }, "Live: click a start point; set the learning rate and the number of steps. The path is computed by the crate's gradient_descent (the one `cargo run -- descent` runs)."),
    plot,
    el("div", { class: "nn-controls" }, el("label", { class: "nn-control" }, el("span", {}, "function"), choice), lrs, ss,
      el("span", { class: "nn-presets" }, preset("lr = 10", 10), preset("lr = 0.1", 0.1), preset("lr = 1e-10", 1e-10))),
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
  plot.axes(range(0, 9, 10), [0, 0.5, 1], "digit", "probability");
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
  const pad = canvas(280, 280, "a canvas to draw a digit on");
  pad.classList.add("nn-pad");
  const seen = canvas(84, 84, "the 28 × 28 pixels the network reads");
  const bars = new Plot(canvas(320, 200, "the ten probabilities"), [-0.5, 9.5], [0, 1], { left: 45, right: 10, top: 10, bottom: 35 });
  const table = numbers();
  const g = pad.getContext("2d", { willReadFrequently: true });
  const which = el("input", { type: "number", min: 0, max: 999, value: 0, "aria-label": "test image number" });
  let label = null;

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
      ["the network's answer", String(answer) + (label === null ? "" : "   (test image " + which.value + " is a " + label + ")")],
      ["probabilities", probabilities.map((p) => p.toFixed(4)).join("  ")],
    ]);
    root.nn = { answer, probabilities, pixels: Array.from(pixels), label };
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
    el("p", { class: "nn-caption" }, "Live: draw a digit, large and centred like MNIST's (about two thirds of the height). The small square is the 28 × 28 image the network reads; the bars are the ten probabilities that the network of the book's run (its recorded weights) gives it, computed by the crate's TwoLayerNet::predict."),
    el("div", { class: "nn-row" }, pad, el("div", {}, seen, bars.canvas)),
    el("div", { class: "nn-controls" },
      button("Clear", () => { clear(); predict(); }),
      el("label", { class: "nn-control" }, el("span", {}, "test image (0 to 999)"), which),
      button("Show the test image", () => { paintTest(Number(which.value)); predict(); })),
    table,
  );
  clear();
  paintTest(0);
  predict();
}

/** Train a network in the page on the shipped digits. */
async function training(root, c) {
  await loadDigits(c, [0, 1, 2, 3]);
  const lossPlot = new Plot(canvas(560, 220, "the loss after every iteration"), [0, 100], [0, 2.5]);
  const accPlot = new Plot(canvas(560, 220, "the accuracy on the training and the test images at every evaluation"), [0, 1], [0, 1]);
  const table = numbers();
  let running = false;
  let settings = { lr: 0.1, hidden: 50, batch: 100 };
  let losses = [];
  let accuracies = [];
  let iteration = 0;
  const lrs = slider("learning rate", { min: -3, max: 1, step: 0.1, value: -1 }, (v) => rs(Number((10 ** v).toPrecision(2))), (v) => restart({ lr: Number((10 ** v).toPrecision(2)) }));
  const hs = slider("hidden size", { min: 1, max: 100, step: 1, value: 50 }, String, (v) => restart({ hidden: v }));
  const bs = slider("batch size", { min: 1, max: 500, step: 1, value: 100 }, String, (v) => restart({ batch: v }));
  const go = button("Start", () => (running ? stop() : start()));

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
    lossPlot.axes(range(0, lossPlot.x1, 5).map(Math.round), [0, 0.5, 1, 1.5, 2, 2.5], "iteration", "loss");
    const stride = Math.max(1, Math.floor(n / 1000));
    const pts = [];
    for (let i = 0; i < n; i += stride) pts.push([i + 1, losses[i]]);
    lossPlot.line(pts, COLORS[0], 1);
    accPlot.x1 = Math.max(1, accuracies.length - 1);
    accPlot.clear();
    accPlot.axes(range(0, accPlot.x1, Math.min(accPlot.x1 + 1, 6)).map(Math.round), [0, 0.5, 1], "evaluation (once per epoch)", "accuracy");
    accPlot.line(accuracies.map(([a], i) => [i, a]), COLORS[0]);
    accPlot.line(accuracies.map(([, b], i) => [i, b]), COLORS[1], 2, [6, 4]);
    accPlot.legend([["training images (5000)", COLORS[0]], ["test images (1000)", COLORS[1], [6, 4]]], "lower");
    const last = accuracies[accuracies.length - 1];
    table.show([
      ["hyperparameters", "lr " + rs(settings.lr) + ", hidden " + settings.hidden + ", batch " + settings.batch + ", seed 2026"],
      ["iterations", String(iteration) + "   (one epoch: " + rs(5000 / settings.batch) + ")"],
      ["last loss", n ? rs(losses[n - 1]) : "-"],
      ["train acc, test acc", last ? rs(last[0]) + ", " + rs(last[1]) : "-"],
    ]);
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
    go.textContent = "Stop";
    draw();
    setTimeout(tick, 0);
  }
  function stop() {
    running = false;
    go.textContent = "Start";
    draw();
  }

  root.append(
    el("p", { class: "nn-caption" }, "Live: train the chapter's two-layer network here, on the 5000 training and 1000 test digits shipped with the book, with the chapter's loop (crates/widgets runs train's loop one iteration at a time). Changing a slider starts a new network."),
    el("div", { class: "nn-controls" }, go, lrs, hs, bs),
    lossPlot.canvas, accPlot.canvas, table,
  );
  lrs.refresh();
  hs.refresh();
  bs.refresh();
  restart({});
}
