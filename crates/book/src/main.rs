//! `nnlearn`: the book's listings, figures, experiments and exercises from the
//! command line (see [`nnlearn_book::cli`]).

fn main() -> std::process::ExitCode {
    nnlearn_book::cli::main()
}
