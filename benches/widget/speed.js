// The training widget's work, timed in the page: the module of crates/widgets,
// the shipped digits, then the loop of book/widgets/widgets.js's `tick`
// (an evaluation's rows 250 at a time, else one iteration) without the
// drawing, until ITERATIONS iterations and their evaluations are done.
// Posts {seconds, iterations, losses} to /result (or {error}).
const ITERATIONS = Number(new URLSearchParams(location.search).get("iterations") || 500);
const NAMES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

async function bytes(url, gz) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(url + ": HTTP " + r.status);
  const body = gz ? r.body.pipeThrough(new DecompressionStream("gzip")) : r.body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

async function run() {
  const { instance } = await WebAssembly.instantiate(await bytes("module.wasm", false), {});
  const x = instance.exports;
  const put = (b) => {
    const p = x.nn_bytes(b.length); // may grow the memory: view it afterwards
    new Uint8Array(x.memory.buffer, p, b.length).set(b);
  };
  for (let part = 0; part < 4; part++) {
    put(await bytes("data/" + NAMES[part] + ".gz", true));
    if (x.nn_load_data(part) !== 0) throw new Error("nn_load_data " + part);
  }
  if (x.nn_trainer_new(0.1, 50, 100) !== 0) throw new Error("nn_trainer_new");
  const start = performance.now();
  let done = 0;
  for (;;) {
    if (x.nn_trainer_evaluate(250) > 0) continue;
    if (done === ITERATIONS) break;
    done += x.nn_trainer_step(1);
  }
  const seconds = (performance.now() - start) / 1000;
  if (x.nn_trainer_log(0) !== 0) throw new Error("nn_trainer_log");
  const v = new Float64Array(x.memory.buffer, x.nn_out_ptr(), x.nn_out_len()).slice();
  const losses = Array.from(v.slice(4, 4 + v[2]));
  const evaluations = Array.from(v.slice(4 + v[2]));
  return { seconds, iterations: v[0], losses, evaluations };
}

run()
  .catch((e) => ({ error: String(e) }))
  .then((result) => fetch("/result", { method: "POST", body: JSON.stringify(result) }));
