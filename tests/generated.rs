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

/// The command the book shows under each figure really redraws that figure:
/// run it (in-process, with `--out` to a scratch file) and compare the bytes.
#[test]
fn every_figure_command_redraws_its_figure() {
    let scratch =
        std::env::temp_dir().join(format!("nnlearn-figure-commands-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut problems = Vec::new();
    for figure in nnlearn::figures::all() {
        let args = figure
            .command
            .strip_prefix("cargo run -- ")
            .unwrap_or_else(|| {
                panic!(
                    "figure {}: command must start with `cargo run -- `",
                    figure.name
                )
            });
        let out = scratch.join(format!("{}.svg", figure.name));
        let argv = std::iter::once("nnlearn".to_string())
            .chain(args.split_whitespace().map(String::from))
            .chain(["--out".to_string(), out.to_string_lossy().into_owned()]);
        let cli = match nnlearn::cli::Cli::try_parse_args(argv) {
            Ok(Some(cli)) => cli,
            other => {
                problems.push(format!(
                    "`{}` does not parse: {:?}",
                    figure.command,
                    other.err()
                ));
                continue;
            }
        };
        if let Err(e) = nnlearn::cli::run(cli) {
            problems.push(format!("`{}` failed: {e}", figure.command));
            continue;
        }
        let drawn = std::fs::read_to_string(&out).unwrap_or_default();
        let committed = std::fs::read_to_string(nnlearn::generated::book_dir().join(figure.path()))
            .unwrap_or_default();
        if drawn != committed {
            problems.push(format!(
                "`{}` does not draw book/{}",
                figure.command,
                figure.path()
            ));
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
