#!/usr/bin/env python3
"""The training widget's speed in the page against the native plain loop.

Usage: benches/widget_speed.py [rounds]        (default 5, at least 3)
       benches/widget_speed.py --self-test     (the comparison refuses unequal runs)

Builds the widgets' module twice (target/widgets as cargo xtask build builds it,
and target/widgets-simd with WebAssembly SIMD, `-C target-feature=+simd128`)
and the native runner (`widget-native`, benches/widget_native.rs); then, in
alternating rounds, times the same work natively and in headless Chromium
(benches/widget/speed.js: the shipped digits, learning rate 0.1, 50 hidden
neurons, batches of 100, 500 iterations with their 10 evaluations on 6000
images), recording the load average beside each round. Every page's losses and
accuracies must equal the native ones (to 1e-9 relative, as `bookcheck
widgets` asks; the table says whether they are equal to the bit): if not, the
script fails. Writes target/widget-speed.json and book/bench/widget.md.
"""
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITERATIONS = 500
MODULE = "wasm32-unknown-unknown/widgets/nnlearn_widgets.wasm"


def build():
    plain = ["cargo", "build", "--quiet", "--profile", "widgets", "--target", "wasm32-unknown-unknown", "-p", "nnlearn-widgets"]
    subprocess.run(plain + ["--target-dir", "target/widgets"], cwd=ROOT, check=True)
    simd = dict(os.environ, RUSTFLAGS="-C target-feature=+simd128")
    subprocess.run(plain + ["--target-dir", "target/widgets-simd"], cwd=ROOT, check=True, env=simd)
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "nnlearn-benches", "--bin", "widget-native"], cwd=ROOT, check=True)
    return {"plain": ROOT / "target/widgets" / MODULE, "simd": ROOT / "target/widgets-simd" / MODULE}


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("benches/widget_speed.py: no Chromium found (install chromium)")


def in_page(browser, module):
    """Serves the page with `module`, runs it in headless Chromium, returns what it posts."""
    site = Path(tempfile.mkdtemp(prefix="nnlearn-widget-speed-"))
    for name in ("speed.html", "speed.js"):
        shutil.copy(ROOT / "benches/widget" / name, site / name)
    shutil.copy(module, site / "module.wasm")
    shutil.copytree(ROOT / "data/mnist-subset", site / "data")
    posted = {}
    done = threading.Event()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def do_POST(self):
            posted.update(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()
            done.set()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp(prefix="nnlearn-widget-chromium-")
    url = f"http://127.0.0.1:{server.server_address[1]}/speed.html?iterations={ITERATIONS}"
    process = subprocess.Popen(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={profile}", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not done.wait(600):
            sys.exit("benches/widget_speed.py: the page did not report within 10 minutes")
    finally:
        process.terminate()
        process.wait()
        server.shutdown()
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
    if "error" in posted:
        sys.exit(f"benches/widget_speed.py: the page failed: {posted['error']}")
    return posted


def native():
    out = subprocess.run([ROOT / "target/release/widget-native", str(ITERATIONS)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def difference(page, reference):
    """The largest relative difference of the losses and accuracies (None: not the same run)."""
    a = page["losses"] + page["evaluations"]
    b = reference["losses"] + reference["evaluations"]
    if len(a) != len(b) or page["iterations"] != reference["iterations"]:
        return None
    return max(abs(x - y) / max(abs(y), 1e-300) for x, y in zip(a, b))


def load():
    return os.getloadavg()[0]


def self_test():
    """The comparison refuses what it must: a loss off by more than 1e-9, an
    accuracy off by one image, a run of another length; and takes equal runs."""
    run = {"iterations": 2, "losses": [2.3, 2.2], "evaluations": [0.1, 0.125]}
    same = json.loads(json.dumps(run))
    assert difference(same, run) == 0.0
    off = dict(run, losses=[2.3, 2.2 * (1 + 1e-8)])
    assert difference(off, run) > 1e-9
    one_image = dict(run, evaluations=[0.1 + 1 / 5000, 0.125])
    assert difference(one_image, run) > 1e-9
    shorter = dict(run, iterations=1, losses=[2.3])
    assert difference(shorter, run) is None
    print("benches/widget_speed.py: self-test passed")


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if rounds < 3:
        sys.exit("benches/widget_speed.py: at least 3 rounds")
    modules = build()
    browser = chromium()
    version = " ".join(subprocess.run([browser, "--version"], capture_output=True, text=True).stdout.split()[:2])
    kept = []
    for r in range(rounds):
        before = load()
        reference = native()
        pages = {name: in_page(browser, path) for name, path in modules.items()}
        after = load()
        for name, page in pages.items():
            d = difference(page, reference)
            if d is None or d > 1e-9:
                sys.exit(f"benches/widget_speed.py: the page ({name}) is not the native run: largest relative difference {d}")
            page["bits"] = d == 0.0
        times = {"native": reference["seconds"], **{name: p["seconds"] for name, p in pages.items()}}
        kept.append({"seconds": times, "bits": {n: p["bits"] for n, p in pages.items()}, "load": [before, after]})
        print(f"round {r + 1} (load {before:.2f}, then {after:.2f}): " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()), flush=True)
    cpu = next((l.split(":", 1)[1].strip() for l in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines() if l.startswith("Model name")), "?")
    sizes = {name: path.stat().st_size for name, path in modules.items()}
    result = {"chromium": version, "cpu": cpu, "date": time.strftime("%Y-%m-%d", time.gmtime()), "iterations": ITERATIONS, "module_bytes": sizes, "rounds": kept}
    (ROOT / "target/widget-speed.json").write_text(json.dumps(result, indent=1))
    (ROOT / "book/bench/widget.md").write_text(table(result))
    (ROOT / "book/bench/page-weight.md").write_text(page_weight(modules["plain"]))
    print("wrote target/widget-speed.json, book/bench/widget.md and book/bench/page-weight.md")


def table(result):
    rounds = result["rounds"]
    median = lambda name: statistics.median(r["seconds"][name] for r in rounds)
    ratio = lambda name: statistics.median(r["seconds"][name] / r["seconds"]["native"] for r in rounds)
    equal = lambda name: "to the bit" if all(r["bits"][name] for r in rounds) else "to 1e-9"
    n = result["iterations"]
    loads = [x for r in rounds for x in r["load"]]
    rows = [
        f"| the training widget's work: {n} iterations of batch 100 and {n // 50} evaluations on 6000 images (median of {len(rounds)} rounds) | iterations per second | time / native | equal to the native run |",
        "|---|---|---|---|",
        f"| native: `crates/widgets`' trainer (x86-64, release) | {n / median('native'):.0f} | 1 |  |",
        f"| in the page: WebAssembly, {result['module_bytes']['plain']} bytes ({result['chromium']}) | {n / median('plain'):.0f} | {ratio('plain'):.2f} | {equal('plain')} |",
        f"| in the page: WebAssembly with SIMD (`+simd128`), {result['module_bytes']['simd']} bytes | {n / median('simd'):.0f} | {ratio('simd'):.2f} | {equal('simd')} |",
        f"| *{result['cpu']}, {result['date']}; load average {min(loads):.1f} to {max(loads):.1f} around the rounds* |  |  |  |",
    ]
    return "\n".join(rows) + "\n"


def weights_bin():
    """weights.bin as `bookops::widgets::weights_bin` writes it from weights.txt
    (the bytes it installs beside the site): b"NNW1", W1's rows and columns and
    W2's columns as u32 little-endian, then every value as its f64, little-endian."""
    import struct
    lines = (ROOT / "book/runs/full/weights.txt").read_text().splitlines()
    headers = [l.split() for l in lines if l[:1] in "Wb"]
    values = [float(l) for l in lines if l[:1] not in "Wb"]
    sizes = [int(headers[0][1]), int(headers[0][2]), int(headers[2][2])]
    return b"NNW1" + struct.pack("<3I", *sizes) + struct.pack(f"<{len(values)}d", *values)


def page_weight(module):
    """What chapter 5's page (learning-algorithm.md: the digit and the training
    widgets) fetches for its widgets, file by file: as stored, and as a server
    that compresses (gzip -6) would send it."""
    import gzip
    files = [
        ("the widgets' module (`nnlearn_widgets.wasm`, as `cargo xtask build` builds it)", module),
        ("the widgets' script and style (`book/widgets/*.js`, `widgets.css`)",
         [ROOT / "book/widgets" / n for n in ("widgets.js", "crate.js", "plot.js", "widgets.css")]),
        ("the trained network (`widgets/data/weights.bin`, the bits of `runs/full/weights.txt`; the digit widget)", weights_bin()),
        ("the shipped test digits (1000, gzip)", [ROOT / "data/mnist-subset" / n for n in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]),
        ("the shipped training digits (5000, gzip; the training widget)", [ROOT / "data/mnist-subset" / n for n in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")]),
    ]
    # A file's size and what gzip -6 sends of it, or a made file's (bytes).
    rows = ["| chapter 5's page: what its widgets fetch | bytes | sent by a server that compresses (gzip -6) |", "|---|---|---|"]
    total = [0, 0]
    for what, paths in files:
        if isinstance(paths, bytes):
            raw, sent = len(paths), len(gzip.compress(paths, 6))
        else:
            paths = paths if isinstance(paths, list) else [paths]
            raw = sum(p.stat().st_size for p in paths)
            sent = sum(p.stat().st_size if p.suffix == ".gz" else len(gzip.compress(p.read_bytes(), 6)) for p in paths)
        total = [total[0] + raw, total[1] + sent]
        rows.append(f"| {what} | {raw:,} | {sent:,} |")
    rows.append(f"| **all of them** | **{total[0]:,}** | **{total[1]:,}** |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
