//! The appendix, "The MNIST format and loader": the benchmark tables it shows.

pub mod bench_table;
