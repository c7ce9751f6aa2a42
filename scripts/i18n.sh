# The Chinese edition (see po/README.md): sourced by scripts/check, scripts/serve and
# scripts/i18n-update, after tools.sh.
# shellcheck shell=bash

# Each translation: po/<lang>.po, built into target/book/<lang>/, beside the English.
TRANSLATIONS=(zh-CN)
I18N_DIR="$ROOT/target/i18n"

booki18n() {
    (cd "$ROOT" && cargo run --quiet --release -p booki18n -- "$@")
}

# What mdBook only logs, as build_book (tools.sh) treats it.
mdbook_logged_problems() {
    grep -E "ERROR|WARN|Rendering failed|Unexpected rendering failure" "$1" |
        grep -v "was built against mdbook v0.5.3"
}

# Runs `mdbook build` with the given environment (VAR=value words) and arguments,
# failing on anything mdBook only logs.
mdbook_build_logged() {
    local log=$1
    shift
    mkdir -p "$(dirname "$log")"
    # BOOK_ROOT: the folder of the book.toml to build (the live book builds its copy).
    (cd "${BOOK_ROOT:-$ROOT}" && env "$@") >"$log" 2>&1 || {
        cat "$log" >&2
        echo "error: mdbook build failed (log: $log)" >&2
        return 1
    }
    if mdbook_logged_problems "$log" >&2; then
        echo "error: mdbook build logged the problems above (full log: $log)" >&2
        return 1
    fi
}

# The edition's title and description (book.toml holds the English ones).
edition_config() {
    case "$1" in
    zh-CN)
        echo "MDBOOK_BOOK__TITLE=神经网络如何学习：用 Rust 实现"
        echo "MDBOOK_BOOK__DESCRIPTION=《深度学习入门》中“神经网络的学习”一章，用 Rust 重写：每段代码都由 cargo test 编译运行，每个数字和每张图都由代码生成。"
        ;;
    esac
}

# target/i18n/messages.pot: the message catalogue of the English sources.
extract_catalogue() {
    rm -rf "$I18N_DIR/extracted"
    mdbook_build_logged "$I18N_DIR/xgettext.log" \
        MDBOOK_OUTPUT='{"xgettext": {"pot-file": "messages.pot"}}' \
        mdbook build -d "$I18N_DIR/extracted" || return 1
    booki18n catalogue "$I18N_DIR/extracted/messages.pot" "$I18N_DIR/messages.pot"
}

# Fails, naming each message, unless every translation is complete and current.
check_translations() {
    local lang ok=0
    for lang in "${TRANSLATIONS[@]}"; do
        booki18n check "$I18N_DIR/messages.pot" "$ROOT/po/$lang.po" || ok=1
    done
    if [ $ok -ne 0 ]; then
        echo "error: a translation is stale: run scripts/i18n-update, translate what it names, and remove the fuzzy flags" >&2
    fi
    return $ok
}

# Builds the edition of $1 into $2 (default target/book/$1; the English build empties
# target/book, so this comes after it), and its translated markdown into
# target/i18n/$1-md (the sources that bookcheck compares the pages with).
build_translation() {
    local lang=$1 dest=${2:-$ROOT/target/book/$1}
    local config=()
    mapfile -t config < <(edition_config "$lang")
    mdbook_build_logged "$I18N_DIR/$lang-html.log" \
        MDBOOK_BOOK__LANGUAGE="$lang" "${config[@]}" \
        MDBOOK_OUTPUT__HTML__SITE_URL="/$lang/" \
        MDBOOK_OUTPUT__HTML__SEARCH__USE_BOOLEAN_AND=true \
        mdbook build -d "$dest" || return 1
    # The live book (scripts/serve) needs only the pages.
    [ -z "${I18N_HTML_ONLY:-}" ] || return 0
    rm -rf "$I18N_DIR/$lang-md"
    mdbook_build_logged "$I18N_DIR/$lang-md.log" \
        MDBOOK_BOOK__LANGUAGE="$lang" MDBOOK_OUTPUT='{"markdown": {}}' \
        mdbook build -d "$I18N_DIR/$lang-md" || return 1
    cp "$ROOT/book/SUMMARY.md" "$I18N_DIR/$lang-md/SUMMARY.md"
}

# The preprocessor order, tested: the English put through the whole translation
# pipeline with a translation that changes nothing (msgstr = msgid) must give the
# English pages, formulas and all, up to white space.
identity_test() {
    local dir="$I18N_DIR/identity"
    rm -rf "$dir"
    booki18n identity "$I18N_DIR/messages.pot" "$dir/po/en.po" || return 1
    mdbook_build_logged "$dir/build.log" \
        MDBOOK_PREPROCESSOR__GETTEXT__PO_DIR="$dir/po" \
        mdbook build -d "$dir/book" || return 1
    booki18n same-pages "$ROOT/target/book" "$dir/book"
}

# scripts/i18n-update: the catalogue extracted anew, and each po/<lang>.po merged with
# it by msgmerge (GNU gettext): new messages come in untranslated, changed ones
# fuzzy with their old translation, removed ones obsolete (#~).
update_translations() {
    command -v msgmerge >/dev/null 2>&1 || {
        echo "error: msgmerge not found: install GNU gettext (Debian/Ubuntu: apt-get install gettext)" >&2
        return 1
    }
    extract_catalogue || return 1
    local lang
    for lang in "${TRANSLATIONS[@]}"; do
        msgmerge --quiet --update --backup=none --previous --width=79 \
            "$ROOT/po/$lang.po" "$I18N_DIR/messages.pot" || return 1
    done
    check_translations || true
}
