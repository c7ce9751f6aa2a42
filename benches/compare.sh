#!/usr/bin/env bash
# The full run in Rust (f64, f32) and in NumPy, side by side, then the book's tables.
# Usage: benches/compare.sh /path/to/mnist
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-${MNIST_DIR:-}}"
[ -n "$dir" ] || { echo "usage: benches/compare.sh /path/to/mnist" >&2; exit 2; }
MNIST_DIR="$dir" cargo bench --bench training
python3 benches/numpy_full_run.py "$dir" 3 --json target/numpy-full-run.json
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
    python3 benches/numpy_full_run.py "$dir" 2 --json target/numpy-full-run-1thread.json
cargo run --quiet -- bench-table
