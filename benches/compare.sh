#!/usr/bin/env bash
# The full run, whole process, nnlearn against NumPy, side by side; then the
# GEMM microbenchmark and the book's tables.
#
# Usage: benches/compare.sh /path/to/mnist [pairs]      (pairs: at least 3, default 5)
#
# Each contender is timed as a whole process (start, loading the four IDX files,
# 10000 iterations, 17 evaluations, writing the log), in alternating pairs:
# nnlearn f64, NumPy f64, nnlearn f32, NumPy float32, then again. A pair is only
# kept if no compiler (rustc) ran on the machine before and after it (other work
# on the same two cores makes every number worse, and not by the same factor):
# a disturbed pair is thrown away and run again. The times of every kept pair go
# to target/compare.json; `cargo run -- bench-table` takes medians over pairs.
# With BUSY_OK=1 pairs are kept even while compilers run; the JSON and the
# book's table then say that the numbers were taken on a busy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-${MNIST_DIR:-}}"
pairs="${2:-5}"
[ -n "$dir" ] || { echo "usage: benches/compare.sh /path/to/mnist [pairs]" >&2; exit 2; }
[ "$pairs" -ge 3 ] || { echo "benches/compare.sh: at least 3 pairs (got $pairs)" >&2; exit 2; }
python3 -c 'import numpy' || { echo "benches/compare.sh: needs NumPy (pip install numpy)" >&2; exit 2; }

cargo build --release --quiet
bin=target/release/nnlearn
out=target/compare
mkdir -p "$out"

busy_ok="${BUSY_OK:-0}"
disturbed=false
quiet() { ! pgrep -x rustc >/dev/null; }
wait_quiet() {
    if [ "$busy_ok" = 1 ]; then quiet || disturbed=true; return; fi
    until quiet; do sleep 5; done
}
# seconds NAME COMMAND...: runs COMMAND, prints its wall time in seconds.
seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >"$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000000" | bc
}

rust() { "$bin" train --data-dir "$dir" --out-dir "$out/train" "$@"; }
numpy() { python3 benches/numpy_full_run.py "$dir" 1 "$@"; }

kept=()
while [ "${#kept[@]}" -lt "$pairs" ]; do
    wait_quiet
    rf64=$(seconds rust --precision f64)
    nf64=$(seconds numpy)
    rf32=$(seconds rust --precision f32)
    nf32=$(seconds numpy --float32)
    if quiet || [ "$busy_ok" = 1 ]; then
        quiet || disturbed=true
        kept+=("{\"nnlearn_f64\": $rf64, \"numpy_f64\": $nf64, \"nnlearn_f32\": $rf32, \"numpy_f32\": $nf32}")
        echo "pair ${#kept[@]}: nnlearn f64 $rf64 s, NumPy f64 $nf64 s, nnlearn f32 $rf32 s, NumPy float32 $nf32 s"
    else
        echo "pair disturbed by a compiler on the machine: thrown away, run again" >&2
    fi
done

numpy_version=$(python3 -c 'import numpy; print(numpy.__version__)')
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
{
    echo "{\"numpy\": \"$numpy_version\", \"cpu\": \"$cpu\", \"cores\": $(nproc), \"busy\": $disturbed, \"pairs\": ["
    (IFS=,; echo "${kept[*]}")
    echo "]}"
} >target/compare.json
echo "wrote target/compare.json"

wait_quiet
cargo bench --bench gemm
cargo run --release --quiet -- bench-table
