//! Appendix B, "Making the training run fast": the benchmark tables it shows
//! (`book/bench/*.md`, written by `cargo run -- bench-table` from criterion's
//! measurements).

pub mod bench_table;
