// The book's Rust, compiled to WebAssembly (crates/widgets), and the files the
// widgets read. Loaded once per page, whatever the number of widgets on it.
//
// The module has no imports: numbers go in and out of its functions; a file or
// the canvas is written into its byte buffer first (nn_bytes), results are read
// from its output buffer (nn_out_ptr, nn_out_len), an error's text from its
// message buffer. Every view of its memory is made afresh after a call, since
// the memory may have grown (which detaches the old views).

let loading = null;

/** The module, instantiated (a promise, shared by all the widgets of the page). */
export function crate() {
  if (!loading) {
    const url = path_to_root + "widgets/nnlearn_widgets.wasm";
    loading = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status + " (run scripts/serve, which builds it)");
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.instantiate(bytes, {}))
      .then(({ instance }) => new Crate(instance.exports));
  }
  return loading;
}

class Crate {
  constructor(exports) {
    this.x = exports;
  }

  /** The results of the last call, copied out of the module's memory. */
  out() {
    const n = this.x.nn_out_len();
    return new Float64Array(this.x.memory.buffer, this.x.nn_out_ptr(), n).slice();
  }

  /** The text of the last error. */
  message() {
    const n = this.x.nn_message_len();
    const bytes = new Uint8Array(this.x.memory.buffer, this.x.nn_message_ptr(), n);
    return new TextDecoder().decode(bytes);
  }

  /** Writes bytes into the module's byte buffer, for the next call. */
  put(bytes) {
    const p = this.x.nn_bytes(bytes.length);
    new Uint8Array(this.x.memory.buffer, p, bytes.length).set(bytes);
  }

  /** Calls an export that returns 0 on success; throws its message otherwise. */
  call(name, ...args) {
    const code = this.x[name](...args);
    if (code !== 0) throw new Error(name + ": " + this.message());
    return this.out();
  }
}

const files = new Map();

/** A file of the built book, as bytes (gzip files unzipped by the browser). */
export function file(path) {
  if (!files.has(path)) {
    const url = path_to_root + path;
    files.set(
      path,
      fetch(url).then(async (r) => {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        if (!path.endsWith(".gz")) return new Uint8Array(await r.arrayBuffer());
        const unzipped = r.body.pipeThrough(new DecompressionStream("gzip"));
        return new Uint8Array(await new Response(unzipped).arrayBuffer());
      }),
    );
  }
  return files.get(path);
}

/** The full run's network, loaded into the module once: weights.bin, the bits
 * of runs/full/weights.txt in 38 % of its bytes (tools/bookops/src/widgets.rs). */
let network = null;
export function loadNetwork(c) {
  if (!network) {
    network = file("widgets/data/weights.bin").then((bytes) => {
      c.put(bytes);
      c.call("nn_load_network");
    });
  }
  return network;
}

/** The shipped digits (data/mnist-subset), loaded into the module: `parts` of
 * 0 training images, 1 training labels, 2 test images, 3 test labels. */
const NAMES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
const parts = new Map();
export function loadDigits(c, wanted) {
  return Promise.all(
    wanted.map((part) => {
      if (!parts.has(part)) {
        parts.set(
          part,
          file("widgets/data/" + NAMES[part] + ".gz").then((bytes) => {
            c.put(bytes);
            c.call("nn_load_data", part);
          }),
        );
      }
      return parts.get(part);
    }),
  );
}
