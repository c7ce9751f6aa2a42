# Sourced by scripts/serve and scripts/check: the book's widgets, compiled to
# WebAssembly. Needs only the rustup target; no wasm-bindgen, no wasm-pack.
# shellcheck shell=bash

WASM_TARGET=wasm32-unknown-unknown

# Installs the WebAssembly target of the Rust toolchain if it is missing
# (rustup downloads the standard library for it, about 20 MB, once).
ensure_wasm_target() {
    if rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
        return 0
    fi
    echo "==> installing the Rust target $WASM_TARGET (once)"
    rustup target add "$WASM_TARGET"
}

# Compiles crates/widgets to target/widgets/wasm32-unknown-unknown/release/nnlearn_widgets.wasm
# (a cargo folder of its own, so that scripts/serve can rebuild it beside the book's code).
build_widgets() {
    ensure_wasm_target
    (cd "$ROOT" && cargo build --quiet --release --target "$WASM_TARGET" -p nnlearn-widgets \
        --target-dir target/widgets)
}

# Puts the module and the shipped digits the widgets read beside a built book
# (mdBook copies only book/): install_widgets target/book
install_widgets() {
    (cd "$ROOT" && cargo run --quiet -p livebook -- install-widgets "$1")
}
