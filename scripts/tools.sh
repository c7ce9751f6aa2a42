# Sourced by the other scripts: the repository root, and the pinned book tools.
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
    if ! command -v cc >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
        echo "error: mdbook-katex needs a C compiler (cc or gcc) to build; install one first" >&2
        return 1
    fi
    if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ] ||
        [ "$(mdbook-katex --version 2>/dev/null)" != "mdbook-katex $MDBOOK_KATEX_VERSION" ]; then
        echo "==> installing mdbook $MDBOOK_VERSION and mdbook-katex $MDBOOK_KATEX_VERSION into .tools/"
        echo "    (the first time only; it takes about 14 minutes on 2 cores)"
        cargo install --locked --root "$TOOLS_ROOT" \
            "mdbook@$MDBOOK_VERSION" "mdbook-katex@$MDBOOK_KATEX_VERSION"
    fi
    if ! have_i18n_tools; then
        echo "==> installing mdbook-i18n-helpers $MDBOOK_I18N_HELPERS_VERSION into .tools/"
        echo "    (the first time only; it takes about 3 minutes on 2 cores)"
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
