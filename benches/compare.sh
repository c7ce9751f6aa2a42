#!/usr/bin/env bash
# The appendix's tables in one command: the full run, whole process, nnlearn
# against NumPy and against candle, side by side; then the GEMM microbenchmark
# and the book's tables.
#
# Usage: benches/compare.sh /path/to/mnist [pairs]      (pairs: at least 3, default 5)
#
# Each contender is timed as a whole process (start, loading the four IDX files,
# 10000 iterations, 17 evaluations), in alternating rounds: nnlearn f64, NumPy
# f64, candle f64, nnlearn f32, NumPy float32, candle f32, then again; the
# ratios are taken within each round, so that a slower moment of a shared
# machine weighs on both sides of a ratio. The load average (`uptime`) is
# recorded beside every round. A round is only kept if no compiler (rustc) ran
# on the machine before and after it: a disturbed round is run again. With
# BUSY_OK=1 rounds are kept even while compilers run; the JSON and the book's
# table then say so.
#
# NumPy runs with the kernel it chooses itself on this processor: the variables
# that steer OpenBLAS (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE, thread counts...)
# are removed from its environment only, and the kernel it ran (threadpoolctl)
# goes into the table beside the processor's name and the date.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-${MNIST_DIR:-}}"
pairs="${2:-5}"
[ -n "$dir" ] || { echo "usage: benches/compare.sh /path/to/mnist [pairs]" >&2; exit 2; }
[ "$pairs" -ge 3 ] || { echo "benches/compare.sh: at least 3 pairs (got $pairs)" >&2; exit 2; }

# The environment NumPy would have on a reader's machine: no BLAS steering.
steering=$(env | sed -n 's/^\(OPENBLAS_[A-Z0-9_]*\|GOTOBLAS[A-Z0-9_]*\|GOTO_[A-Z0-9_]*\|OMP_[A-Z0-9_]*\|MKL_[A-Z0-9_]*\|BLIS_[A-Z0-9_]*\)=.*/\1/p')
numpy_env=(env)
for v in $steering; do numpy_env+=(-u "$v"); done
[ -z "$steering" ] || echo "NumPy runs without: $steering"
"${numpy_env[@]}" python3 -c 'import numpy, threadpoolctl' || {
    echo "benches/compare.sh: needs NumPy and threadpoolctl (pip install numpy threadpoolctl)" >&2; exit 2; }
kernel=$("${numpy_env[@]}" python3 -c '
import numpy, threadpoolctl
blas = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
print(", ".join("%s %s %s kernels, %d threads" % (i["internal_api"], i["version"], i.get("architecture", "?"), i["num_threads"]) for i in blas) or "no BLAS found")')
echo "NumPy's kernel: $kernel"

cargo build --release --quiet
cargo build --release --quiet --manifest-path benches/candle/Cargo.toml --target-dir target/candle
bin=target/release/nnlearn
candle_bin=target/candle/release/nnlearn-candle-peer
out=target/compare
mkdir -p "$out"

busy_ok="${BUSY_OK:-0}"
disturbed=false
quiet() { ! pgrep -x rustc >/dev/null; }
wait_quiet() {
    if [ "$busy_ok" = 1 ]; then quiet || disturbed=true; return; fi
    until quiet; do sleep 5; done
}
load() { sed 's/ .*//' /proc/loadavg 2>/dev/null || uptime | sed 's/.*average: *//; s/,.*//'; }
# seconds COMMAND...: runs COMMAND, prints its wall time in seconds.
seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >"$out/last.log" 2>&1 || { cat "$out/last.log" >&2; exit 1; }
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000000" | bc
}

rust() { "$bin" train --data-dir "$dir" --out-dir "$out/train" "$@"; }
numpy() { "${numpy_env[@]}" python3 benches/numpy_full_run.py "$dir" 1 "$@"; }
candle() { "$candle_bin" "$dir" "$@"; }

kept=()
while [ "${#kept[@]}" -lt "$pairs" ]; do
    wait_quiet
    before=$(load)
    rf64=$(seconds rust --precision f64)
    nf64=$(seconds numpy)
    cf64=$(seconds candle)
    rf32=$(seconds rust --precision f32)
    nf32=$(seconds numpy --float32)
    cf32=$(seconds candle --float32)
    after=$(load)
    if quiet || [ "$busy_ok" = 1 ]; then
        quiet || disturbed=true
        kept+=("{\"nnlearn_f64\": $rf64, \"numpy_f64\": $nf64, \"candle_f64\": $cf64, \"nnlearn_f32\": $rf32, \"numpy_f32\": $nf32, \"candle_f32\": $cf32, \"load\": [$before, $after]}")
        echo "round ${#kept[@]} (load $before, then $after): nnlearn f64 $rf64 s, NumPy f64 $nf64 s, candle f64 $cf64 s, nnlearn f32 $rf32 s, NumPy float32 $nf32 s, candle f32 $cf32 s"
    else
        echo "round disturbed by a compiler on the machine: thrown away, run again" >&2
    fi
done

numpy_version=$(python3 -c 'import numpy; print(numpy.__version__)')
candle_version=$(sed -n '/^name = "candle-core"/{n;s/^version = "\(.*\)"/\1/p}' benches/candle/Cargo.lock)
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
{
    echo "{\"numpy\": \"$numpy_version\", \"kernel\": \"$kernel\", \"candle\": \"$candle_version\","
    echo " \"cpu\": \"$cpu\", \"cores\": $(nproc), \"date\": \"$(date -u +%Y-%m-%d)\", \"busy\": $disturbed, \"pairs\": ["
    (IFS=,; echo "${kept[*]}")
    echo "]}"
} >target/compare.json
echo "wrote target/compare.json"

wait_quiet
cargo bench --bench gemm
cargo run --release --quiet -- bench-table
