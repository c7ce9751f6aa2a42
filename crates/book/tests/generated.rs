//! Every figure and every listing output committed in `book/` is exactly what the
//! code produces now. After an intended change, `scripts/regen` rewrites them.

#[test]
fn committed_figures_and_outputs_match_the_code() {
    let stale = nnlearn_book::regen::stale(&nnlearn_book::layout::book_dir()).expect("drawing");
    assert!(
        stale.is_empty(),
        "\n{}\nIf the change is intended, run `scripts/regen` (or `cargo run -- regen`) and commit the result.\n",
        stale.join("\n")
    );
}

/// The command the book shows under each figure, run through the command line
/// (in-process, with `--out` to a scratch file), draws the committed figure.
#[test]
fn every_figure_command_redraws_its_figure() {
    let scratch =
        std::env::temp_dir().join(format!("nnlearn-figure-commands-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut problems = Vec::new();
    for figure in nnlearn_book::contents::figures() {
        let command = figure.command();
        let args = command.strip_prefix("cargo run -- ").unwrap_or_else(|| {
            panic!("figure {}: command must start with `cargo run -- `", figure.name)
        });
        let out = scratch.join(format!("{}.svg", figure.name));
        let argv = std::iter::once("nnlearn".to_string())
            .chain(args.split_whitespace().map(String::from))
            .chain(["--out".to_string(), out.to_string_lossy().into_owned()]);
        let cli = match nnlearn_book::cli::Cli::try_parse_args(argv) {
            Ok(Some(cli)) => cli,
            other => {
                problems.push(format!("`{}` does not parse: {:?}", command, other.err()));
                continue;
            }
        };
        if let Err(e) = nnlearn_book::cli::run(cli) {
            problems.push(format!("`{command}` failed: {e}"));
            continue;
        }
        let drawn = std::fs::read_to_string(&out).unwrap_or_default();
        let path = nnlearn_book::layout::figure_file(figure.name);
        let committed = std::fs::read_to_string(nnlearn_book::layout::book_dir().join(&path))
            .unwrap_or_default();
        if drawn != committed {
            problems.push(format!("`{command}` does not draw book/{path}"));
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Every figure but a diagram records the numbers it draws (its CSV has rows, each
/// a series, x and y), and a diagram records none: a new figure drawn without
/// passing its series through `figure_data::series` fails here.
#[test]
fn every_figure_has_its_data() {
    let mut problems = Vec::new();
    for figure in nnlearn_book::contents::figures() {
        let csv = figure.data().unwrap_or_else(|e| panic!("figure {}: {e}", figure.name));
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("series,x,y"), "figure {}", figure.name);
        let rows = lines.count();
        let diagram = nnlearn_book::figure_data::DIAGRAMS.contains(&figure.name);
        if diagram != (rows == 0) {
            problems.push(format!(
                "figure {}: {rows} data rows, {}",
                figure.name,
                if diagram { "listed as a diagram" } else { "not a diagram" }
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
