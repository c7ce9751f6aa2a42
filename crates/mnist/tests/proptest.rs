//! Property test: random mutations (bit flips, byte overwrites, header fields set
//! to telling values, truncations, insertions, deletions, in the header and in the
//! payload) of small valid IDX files, raw, gzipped after mutation, and mutated after
//! gzip. The reader runs directly on each mutant, so a panic fails the test; its
//! answer must agree with an independent, plain implementation of the format (the
//! oracle below): the same number of samples if the mutant is still valid, else an
//! error of the same kind whose message names the file.
//!
//! 2000 cases for each of the 6 combinations (12 000 in all); the counts of each
//! outcome are printed (`cargo test --test mnist_proptest -- --nocapture`).

mod mnist_support;

// In a module named `mnist` so that `cargo test mnist` selects these tests.
mod mnist {
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::fs;
    use std::io::Read;
    use std::path::Path;

    use flate2::read::MultiGzDecoder;
    use mnist::{IdxKind, MnistError, read_idx_images, read_idx_labels};
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    use crate::mnist_support::{gzip, image_file, label_file, scratch_dir};

    const CASES: u32 = 2000;

    /// One edit of a file. Positions are reduced modulo the file's length when applied.
    #[derive(Debug, Clone)]
    enum Mutation {
        FlipBit(usize, u8),
        Overwrite(usize, u8),
        /// Sets the `i`th big-endian header field (magic, count, rows, columns).
        SetField(usize, u32),
        Truncate(usize),
        Insert(usize, Vec<u8>),
        Delete(usize, usize),
    }

    /// Positions: mostly in the first 24 bytes (the header and the gzip header), else anywhere.
    fn position() -> impl Strategy<Value = usize> {
        prop_oneof![3 => 0usize..24, 2 => any::<usize>()]
    }

    /// Values that make header fields interesting: the magic numbers, 28 and its
    /// neighbours, small and huge counts.
    fn field_value() -> impl Strategy<Value = u32> {
        prop_oneof![
            prop::sample::select(vec![
                0,
                1,
                2,
                3,
                9,
                10,
                27,
                28,
                29,
                784,
                2049,
                2051,
                4_000_000_000,
                u32::MAX
            ]),
            any::<u32>(),
        ]
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (position(), 0u8..8).prop_map(|(p, b)| Mutation::FlipBit(p, b)),
            (position(), any::<u8>()).prop_map(|(p, v)| Mutation::Overwrite(p, v)),
            (0usize..4, field_value()).prop_map(|(i, v)| Mutation::SetField(i, v)),
            position().prop_map(Mutation::Truncate),
            (position(), vec(any::<u8>(), 1..8)).prop_map(|(p, b)| Mutation::Insert(p, b)),
            (position(), 1usize..8).prop_map(|(p, n)| Mutation::Delete(p, n)),
        ]
    }

    fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
        let len = bytes.len();
        match m {
            Mutation::FlipBit(p, bit) if len > 0 => bytes[p % len] ^= 1 << bit,
            Mutation::Overwrite(p, v) if len > 0 => bytes[p % len] = *v,
            Mutation::SetField(i, v) if len >= 4 * i + 4 => {
                bytes[4 * i..4 * i + 4].copy_from_slice(&v.to_be_bytes())
            }
            Mutation::Truncate(p) => bytes.truncate(p % (len + 1)),
            Mutation::Insert(p, new) => {
                let at = p % (len + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::Delete(p, n) if len > 0 => {
                let at = p % len;
                bytes.drain(at..(at + n).min(len));
            }
            _ => {}
        }
    }

    /// What a file should read as, by a plain reading of the format.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Verdict {
        Valid(usize),
        Invalid(&'static str),
        /// The gzip stream does not decompress: any error will do.
        Undecodable,
    }

    fn oracle_file(kind: IdxKind, file: &[u8]) -> Verdict {
        if file.starts_with(&[0x1f, 0x8b]) {
            let mut content = Vec::new();
            match MultiGzDecoder::new(file).read_to_end(&mut content) {
                Ok(_) => oracle(kind, &content),
                Err(_) => Verdict::Undecodable,
            }
        } else {
            oracle(kind, file)
        }
    }

    fn oracle(kind: IdxKind, b: &[u8]) -> Verdict {
        let field =
            |i: usize| u32::from_be_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
        let (magic, header, sample) = match kind {
            IdxKind::Images => (2051, 16, 784u64),
            IdxKind::Labels => (2049, 8, 1),
        };
        if b.len() < 4 {
            return Verdict::Invalid("TruncatedHeader");
        }
        if field(0) != magic {
            return Verdict::Invalid("WrongMagic");
        }
        if b.len() < header {
            return Verdict::Invalid("TruncatedHeader");
        }
        if kind == IdxKind::Images && (field(2) != 28 || field(3) != 28) {
            return Verdict::Invalid("WrongImageSize");
        }
        let count = field(1) as u64;
        if count == 0 {
            return Verdict::Invalid("Empty");
        }
        let payload = (b.len() - header) as u64;
        if payload < count * sample {
            return Verdict::Invalid("TruncatedPayload");
        }
        if payload > count * sample {
            return Verdict::Invalid("TrailingBytes");
        }
        if kind == IdxKind::Labels && b[header..].iter().any(|&v| v > 9) {
            return Verdict::Invalid("BadLabel");
        }
        Verdict::Valid(count as usize)
    }

    fn variant(e: &MnistError) -> &'static str {
        match e {
            MnistError::TruncatedHeader { .. } => "TruncatedHeader",
            MnistError::WrongMagic { .. } => "WrongMagic",
            MnistError::WrongImageSize { .. } => "WrongImageSize",
            MnistError::Empty { .. } => "Empty",
            MnistError::TruncatedPayload { .. } => "TruncatedPayload",
            MnistError::TrailingBytes { .. } => "TrailingBytes",
            MnistError::BadLabel { .. } => "BadLabel",
            MnistError::Gzip { .. } => "Gzip",
            _ => "other",
        }
    }

    fn read(kind: IdxKind, path: &Path) -> Result<usize, MnistError> {
        match kind {
            IdxKind::Images => read_idx_images(path).map(|i| i.len()),
            IdxKind::Labels => read_idx_labels(path).map(|l| l.len()),
        }
    }

    /// How the valid file is turned into a mutant.
    #[derive(Debug, Clone, Copy)]
    enum Pipeline {
        /// Mutate the raw file.
        Raw,
        /// Mutate the raw file, then gzip it: the parser is reached through the decoder.
        GzipOfMutant,
        /// Gzip the valid file, then mutate the compressed bytes: the decoder is attacked.
        MutantOfGzip,
    }

    fn run(kind: IdxKind, pipeline: Pipeline) {
        let dir = scratch_dir(&format!("proptest-{kind:?}-{pipeline:?}"));
        let name = format!("mutant-{kind:?}-{pipeline:?}");
        let path = dir.join(&name);
        let outcomes: RefCell<BTreeMap<String, usize>> = RefCell::default();
        let max_count = if kind == IdxKind::Images { 3u32 } else { 20 };
        let strategy = (1..=max_count, vec(any::<u8>(), 0..=3 * 784), vec(mutation(), 1..=4));
        let mut runner = TestRunner::new(Config {
            cases: CASES,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |(count, noise, mutations)| {
            // A valid file of `count` samples; pixels and labels drawn from `noise`.
            let payload: Vec<u8> = match kind {
                IdxKind::Images => (0..count as usize * 784)
                    .map(|i| noise.get(i).copied().unwrap_or(i as u8))
                    .collect(),
                IdxKind::Labels => {
                    (0..count as usize).map(|i| noise.get(i).copied().unwrap_or(0) % 10).collect()
                }
            };
            let valid = match kind {
                IdxKind::Images => image_file(2051, count, 28, 28, &payload),
                IdxKind::Labels => label_file(2049, count, &payload),
            };
            let mutate = |mut bytes: Vec<u8>| {
                for m in &mutations {
                    apply(&mut bytes, m);
                }
                bytes
            };
            let file = match pipeline {
                Pipeline::Raw => mutate(valid),
                Pipeline::GzipOfMutant => gzip(&mutate(valid)),
                Pipeline::MutantOfGzip => mutate(gzip(&valid)),
            };
            let verdict = oracle_file(kind, &file);
            fs::write(&path, &file).unwrap();
            let result = read(kind, &path);
            let outcome = match (&verdict, &result) {
                (Verdict::Valid(n), Ok(m)) => {
                    prop_assert_eq!(n, m);
                    "still valid".to_string()
                }
                (Verdict::Invalid(expected), Err(e)) => {
                    prop_assert_eq!(variant(e), *expected, "{}", e);
                    prop_assert!(e.to_string().contains(&name), "{}", e);
                    format!("rejected: {expected}")
                }
                (Verdict::Undecodable, Err(e)) => {
                    prop_assert!(e.to_string().contains(&name), "{}", e);
                    format!("rejected undecodable gzip: {}", variant(e))
                }
                _ => {
                    return Err(TestCaseError::fail(format!(
                        "the reader gave {result:?} but the oracle says {verdict:?}"
                    )));
                }
            };
            *outcomes.borrow_mut().entry(outcome).or_default() += 1;
            Ok(())
        });
        let outcomes = outcomes.into_inner();
        println!("{kind:?}, {pipeline:?}: {} cases", outcomes.values().sum::<usize>());
        for (outcome, n) in &outcomes {
            println!("  {n:5}  {outcome}");
        }
        if let Err(e) = result {
            panic!("{kind:?}, {pipeline:?}: {e}");
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn mnist_mutated_raw_image_files() {
        run(IdxKind::Images, Pipeline::Raw);
    }

    #[test]
    fn mnist_mutated_image_files_gzipped() {
        run(IdxKind::Images, Pipeline::GzipOfMutant);
    }

    #[test]
    fn mnist_mutated_gzip_image_files() {
        run(IdxKind::Images, Pipeline::MutantOfGzip);
    }

    #[test]
    fn mnist_mutated_raw_label_files() {
        run(IdxKind::Labels, Pipeline::Raw);
    }

    #[test]
    fn mnist_mutated_label_files_gzipped() {
        run(IdxKind::Labels, Pipeline::GzipOfMutant);
    }

    #[test]
    fn mnist_mutated_gzip_label_files() {
        run(IdxKind::Labels, Pipeline::MutantOfGzip);
    }
}
