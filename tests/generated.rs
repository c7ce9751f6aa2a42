//! Every figure and every listing output committed in `book/` is exactly what the
//! code produces now. After an intended change, `scripts/regen` rewrites them.

#[test]
fn committed_figures_and_outputs_match_the_code() {
    let stale = nnlearn::generated::stale(&nnlearn::generated::book_dir()).expect("drawing");
    assert!(
        stale.is_empty(),
        "\n{}\nIf the change is intended, run `scripts/regen` (or `cargo run -- regen`) and commit the result.\n",
        stale.join("\n")
    );
}
