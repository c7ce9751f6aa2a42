# Sourced by the other scripts: the repository root, the pinned book tools, and
# the system packages the checks need.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MDBOOK_VERSION=0.5.4
MDBOOK_KATEX_VERSION=0.10.0
# mdbook-gettext and mdbook-xgettext, for the Chinese edition (book.toml runs
# mdbook-gettext in every build; it changes nothing in the English one).
MDBOOK_I18N_HELPERS_VERSION=0.4.0
# The pinned tools go into .tools/ in the repository (ignored by git), so that an
# mdbook of another version that you may have installed is neither used nor replaced.
TOOLS_ROOT="$ROOT/.tools"
export PATH="$TOOLS_ROOT/bin:$PATH"

have_book_tools() {
    [ "$(mdbook --version 2>/dev/null)" = "mdbook v$MDBOOK_VERSION" ] &&
        [ "$(mdbook-katex --version 2>/dev/null)" = "mdbook-katex $MDBOOK_KATEX_VERSION" ] &&
        have_i18n_tools
}

# mdbook-i18n-helpers has no --version: cargo's record of what it installed says.
have_i18n_tools() {
    [ -x "$TOOLS_ROOT/bin/mdbook-gettext" ] && [ -x "$TOOLS_ROOT/bin/mdbook-xgettext" ] &&
        cargo install --list --root "$TOOLS_ROOT" 2>/dev/null |
        grep -qxF "mdbook-i18n-helpers v$MDBOOK_I18N_HELPERS_VERSION:"
}

ensure_book_tools() {
    if have_book_tools; then
        return 0
    fi
    # mdbook-katex compiles QuickJS, in C.
    ensure_system_packages || return 1
    if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ] ||
        [ "$(mdbook-katex --version 2>/dev/null)" != "mdbook-katex $MDBOOK_KATEX_VERSION" ]; then
        echo "==> installing mdbook $MDBOOK_VERSION and mdbook-katex $MDBOOK_KATEX_VERSION into .tools/"
        echo "    (the first time only; it took 6 minutes on 2 cores, crates downloaded included)"
        cargo install --locked --root "$TOOLS_ROOT" \
            "mdbook@$MDBOOK_VERSION" "mdbook-katex@$MDBOOK_KATEX_VERSION"
    fi
    if ! have_i18n_tools; then
        echo "==> installing mdbook-i18n-helpers $MDBOOK_I18N_HELPERS_VERSION into .tools/"
        echo "    (the first time only; it took 1 minute on 2 cores)"
        cargo install --locked --root "$TOOLS_ROOT" \
            "mdbook-i18n-helpers@$MDBOOK_I18N_HELPERS_VERSION"
    fi
    have_book_tools || {
        echo "error: the installed mdbook/mdbook-katex/mdbook-i18n-helpers are not the pinned versions" >&2
        return 1
    }
}

# Builds the book into target/book, failing on anything mdBook only logs.
build_book() {
    local log="$ROOT/target/mdbook-build.log"
    mkdir -p "$ROOT/target"
    (cd "$ROOT" && mdbook build) >"$log" 2>&1 || {
        cat "$log" >&2
        echo "error: mdbook build failed" >&2
        return 1
    }
    # mdBook exits 0 on a missing include or a formula KaTeX cannot render; it only logs.
    # (mdbook-katex 0.10.0 warns that it was built against mdbook 0.5.3: harmless, filtered.)
    if grep -E "ERROR|WARN|Rendering failed|Unexpected rendering failure" "$log" |
        grep -v "was built against mdbook v0.5.3" >&2; then
        echo "error: mdbook build logged the problems above (full log: $log)" >&2
        return 1
    fi
}

# --- What the machine itself must have (system packages) -----------------------
# A C compiler (the pinned mdbook-katex, and the TLS stack of the MNIST download,
# compile C), and for the browser check Chromium and a CJK font (the chapters
# quote Chinese terms; without one the screenshots show empty boxes). The
# scripts install what is missing with apt-get, as root or through sudo, before
# anything is compiled; where they cannot, they stop at once and print the one
# command to run.

# The Chromium that bookcheck will use: $CHROMIUM, else $CHROME, else /usr/bin/chromium.
chromium_binary() {
    if [ -n "${CHROMIUM:-}" ]; then echo "$CHROMIUM"
    elif [ -n "${CHROME:-}" ]; then echo "$CHROME"
    else echo /usr/bin/chromium
    fi
}

# The Debian packages of what is missing, one per line (nothing if nothing is).
# With `browser`, also what the browser check needs; with `check`, also the
# mingw-w64 C compiler and Wine (the learner's tests built for Windows and run).
missing_system_packages() {
    command -v cc >/dev/null 2>&1 || echo gcc
    if [ "${1:-}" = check ]; then
        command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || echo gcc-mingw-w64-x86-64
        command -v wine >/dev/null 2>&1 || echo wine wine64
    fi
    [ "${1:-}" = browser ] || [ "${1:-}" = check ] || return 0
    if ! "$(chromium_binary)" --version >/dev/null 2>&1; then
        if [ -n "${CHROMIUM:-}${CHROME:-}" ]; then
            echo "error: \$CHROMIUM or \$CHROME names $(chromium_binary), which does not run" >&2
            return 1
        fi
        echo chromium
    fi
    command -v fc-list >/dev/null 2>&1 || echo fontconfig
    fc-list :lang=zh family 2>/dev/null | grep -q . || echo fonts-wqy-microhei
}

# Installs the missing system packages (see above), or says how and fails.
# `ensure_system_packages browser` includes what the browser check needs,
# `ensure_system_packages check` also what the Windows tests need.
ensure_system_packages() {
    local mode="${1:-}" missing
    missing="$(missing_system_packages "$mode")" || return 1
    [ -n "$missing" ] || return 0
    local packages
    read -r -a packages <<<"$(echo $missing)"
    local sudo=()
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
        # sudo without a password, or one that can ask for it on this terminal.
        if sudo -n true 2>/dev/null || [ -t 0 ]; then sudo=(sudo); fi
    fi
    if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ ${#sudo[@]} -eq 0 ]; }; then
        echo "error: this machine lacks ${packages[*]}, which the checks need; install them first:" >&2
        if command -v apt-get >/dev/null 2>&1; then
            echo "    sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
        else
            echo "    a C compiler, Chromium and a CJK font (such as WenQuanYi Micro Hei), with this" >&2
            echo "    system's package manager (set CHROMIUM to the browser if it is not /usr/bin/chromium);" >&2
            echo "    for the check, also the mingw-w64 C compiler (x86_64-w64-mingw32-gcc) and Wine" >&2
        fi
        return 1
    fi
    echo "==> installing ${packages[*]} with apt-get${sudo[0]:+ (through sudo)}: the checks need them"
    if ! "${sudo[@]}" apt-get update -qq ||
        ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null; then
        echo "error: apt-get could not install ${packages[*]}; install them and run this again" >&2
        return 1
    fi
    missing="$(missing_system_packages "$mode")" || return 1
    if [ -n "$missing" ]; then
        echo "error: still missing after apt-get:" $missing >&2
        return 1
    fi
}

# --- Other systems: the workspace cross-checked for Windows and macOS, and the
# learner's tests built for Windows and run under Wine -------------------------
CROSS_TARGETS=(x86_64-pc-windows-gnu aarch64-apple-darwin)  # also named in cross_check
# The cross builds have a build folder of their own (target/cross), so that they
# never wait on the lock of the host's, which the other steps use.
CROSS_TARGET_DIR="$ROOT/target/cross"

# Adds the Rust standard libraries of the cross targets (rustup), if missing.
ensure_cross_targets() {
    local installed missing=()
    installed="$(rustup target list --installed)"
    for t in "${CROSS_TARGETS[@]}"; do
        grep -qx "$t" <<<"$installed" || missing+=("$t")
    done
    [ ${#missing[@]} -eq 0 ] || rustup target add "${missing[@]}"
}

# `cargo check` of every crate and target (tests, benches, tools) for each cross
# target. For macOS the formula test (tools/booktex) is checked without its
# feature `katex`: the katex crate's QuickJS is C, and this machine has no C
# compiler for macOS (a Mac's own clang builds it).
cross_check() {
    local -x CARGO_TARGET_DIR="$CROSS_TARGET_DIR"
    echo "    x86_64-pc-windows-gnu"
    cargo check --workspace --all-targets --quiet --target x86_64-pc-windows-gnu
    echo "    aarch64-apple-darwin (tools/booktex without its feature katex)"
    cargo check --workspace --all-targets --quiet --target aarch64-apple-darwin --exclude booktex
    cargo check -p booktex --all-targets --quiet --target aarch64-apple-darwin --no-default-features
}

# The Wine prefix (created on first use), with a bcryptprimitives.dll where Wine
# has none (Wine 8; see scripts/wine/bcryptprimitives.c), built with mingw-w64.
ensure_wine() {
    local prefix="${WINEPREFIX:-$HOME/.wine}"
    if [ ! -d "$prefix/drive_c/windows/system32" ]; then
        echo "    creating the Wine prefix $prefix"
        WINEDEBUG=-all wineboot -i >/dev/null 2>&1 || true
        WINEDEBUG=-all wineserver -w || true
    fi
    local dll="$prefix/drive_c/windows/system32/bcryptprimitives.dll"
    if [ ! -e "$dll" ]; then
        echo "    adding bcryptprimitives.dll (ProcessPrng) to the Wine prefix"
        x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$ROOT/scripts/wine/bcryptprimitives.c" -ladvapi32
    fi
}

# The learner's tests (the concept crate, the MNIST reader, the book's listings
# and exercises' checks) built for Windows and run under Wine. Not the byte-wise
# comparison of the committed outputs and figures (crates/book/tests/generated.rs):
# under Wine three of them come out differently, because Wine's C library differs
# from glibc in the last bit of some functions (its pow(10, -2) is
# 0.010000000000000002); see the README, "On Windows and macOS".
windows_tests() {
    ensure_wine
    local -x CARGO_TARGET_DIR="$CROSS_TARGET_DIR" WINEDEBUG=-all \
        CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
    # One Wine server for all the test binaries, stopped at the end: by default it
    # exits a few seconds after its last program, and a test binary that starts in
    # that moment fails with "wine client error: recvmsg: Connection reset by peer"
    # (seen here between two binaries of the mnist crate).
    wineserver -p
    local status=0
    cargo test --quiet --target x86_64-pc-windows-gnu -p nnlearn -p mnist --lib --tests &&
        cargo test --quiet --target x86_64-pc-windows-gnu -p nnlearn-book --lib --test generated || status=$?
    wineserver -k || true
    return $status
}
