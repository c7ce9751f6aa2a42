//! A corpus of broken IDX files, generated here, for images and labels, raw and
//! gzipped: every one must be rejected with an error that names the file and the
//! specific problem, and none may panic. The test prints how many cases of each
//! category it ran (`cargo test --test mnist_corpus -- --nocapture`).

mod mnist_support;

// In a module named `mnist` so that `cargo test mnist` selects these tests.
mod mnist {
    use std::collections::BTreeMap;
    use std::fs;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    use mnist::{IdxKind, LoadOptions, MnistError, load_split, read_idx_images, read_idx_labels};
    use rand::{Rng, RngCore, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use crate::mnist_support::{gzip, image_file, label_file, scratch_dir, valid_labels};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Enc {
        Raw,
        Gzip,
    }

    const KINDS: [IdxKind; 2] = [IdxKind::Images, IdxKind::Labels];
    const ENCODINGS: [Enc; 2] = [Enc::Raw, Enc::Gzip];

    /// The problem a case must be rejected for.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Problem {
        WrongMagic,
        TruncatedHeader,
        WrongImageSize,
        Empty,
        TruncatedPayload,
        TrailingBytes,
        BadLabel,
        Gzip,
        /// Random input: any error will do, as long as it names the file.
        Any,
    }

    impl Problem {
        fn matches(self, e: &MnistError) -> bool {
            match self {
                Problem::WrongMagic => matches!(e, MnistError::WrongMagic { .. }),
                Problem::TruncatedHeader => matches!(e, MnistError::TruncatedHeader { .. }),
                Problem::WrongImageSize => matches!(e, MnistError::WrongImageSize { .. }),
                Problem::Empty => matches!(e, MnistError::Empty { .. }),
                Problem::TruncatedPayload => matches!(e, MnistError::TruncatedPayload { .. }),
                Problem::TrailingBytes => matches!(e, MnistError::TrailingBytes { .. }),
                Problem::BadLabel => matches!(e, MnistError::BadLabel { .. }),
                Problem::Gzip => matches!(e, MnistError::Gzip { .. }),
                Problem::Any => true,
            }
        }

        /// A phrase the message must contain.
        fn phrase(self) -> &'static str {
            match self {
                Problem::WrongMagic => "magic number",
                Problem::TruncatedHeader => "truncated header",
                Problem::WrongImageSize => "but MNIST images are 28x28",
                Problem::Empty => "holds 0",
                Problem::TruncatedPayload => "truncated payload",
                Problem::TrailingBytes => "trailing bytes",
                Problem::BadLabel => "is not a digit 0..=9",
                Problem::Gzip => "corrupt or cut-off gzip data",
                Problem::Any => "",
            }
        }
    }

    /// Runs the cases, counting them by category and collecting every failure.
    struct Corpus {
        dir: PathBuf,
        counts: BTreeMap<String, usize>,
        failures: Vec<String>,
        next: usize,
    }

    impl Corpus {
        fn new() -> Self {
            Corpus {
                dir: scratch_dir("corpus"),
                counts: BTreeMap::new(),
                failures: Vec::new(),
                next: 0,
            }
        }

        /// Encodes `content` with `enc` and checks the reader rejects it for `problem`.
        fn check(
            &mut self,
            category: &str,
            kind: IdxKind,
            enc: Enc,
            content: &[u8],
            problem: Problem,
        ) {
            self.check_with(category, kind, enc, content, problem, "");
        }

        /// As [`Corpus::check`], and the message must also contain `extra`.
        fn check_with(
            &mut self,
            category: &str,
            kind: IdxKind,
            enc: Enc,
            content: &[u8],
            problem: Problem,
            extra: &str,
        ) {
            let file = match enc {
                Enc::Raw => content.to_vec(),
                Enc::Gzip => gzip(content),
            };
            self.check_file(
                &format!("{category} ({kind:?}, {enc:?})"),
                kind,
                &file,
                problem,
                extra,
            );
        }

        /// Writes `file` as it is and checks the reader rejects it for `problem`.
        fn check_file(
            &mut self,
            category: &str,
            kind: IdxKind,
            file: &[u8],
            problem: Problem,
            extra: &str,
        ) {
            self.next += 1;
            let name = format!(
                "case-{:05}-{}",
                self.next,
                if kind == IdxKind::Images { "images" } else { "labels" }
            );
            let path = self.dir.join(&name);
            fs::write(&path, file).unwrap();
            *self.counts.entry(category.to_string()).or_default() += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| read(kind, &path)));
            let failure = match outcome {
                Err(_) => Some("the reader panicked".to_string()),
                Ok(Ok(n)) => Some(format!("accepted as {n} samples")),
                Ok(Err(e)) => judge(&e, &name, problem, extra),
            };
            if let Some(failure) = failure {
                self.failures.push(format!("{category}, {name} ({} bytes): {failure}", file.len()));
            } else {
                fs::remove_file(&path).unwrap();
            }
        }

        fn finish(self) {
            let total: usize = self.counts.values().sum();
            println!("corrupt-input corpus: {total} cases");
            for (category, n) in &self.counts {
                println!("  {n:6}  {category}");
            }
            assert!(
                self.failures.is_empty(),
                "{} failures:\n{}",
                self.failures.len(),
                self.failures.join("\n")
            );
            fs::remove_dir_all(&self.dir).unwrap();
        }
    }

    /// `None` if the error is the expected one and its message names the file.
    fn judge(e: &MnistError, name: &str, problem: Problem, extra: &str) -> Option<String> {
        let message = e.to_string();
        if !message.contains(name) {
            Some(format!("message does not name the file: {message:?}"))
        } else if !problem.matches(e)
            || !message.contains(problem.phrase())
            || !message.contains(extra)
        {
            Some(format!("expected {problem:?} {extra:?}, got {message:?}"))
        } else {
            None
        }
    }

    /// Reads `path` as `kind`, returning the number of samples.
    fn read(kind: IdxKind, path: &Path) -> Result<usize, MnistError> {
        match kind {
            IdxKind::Images => read_idx_images(path).map(|i| i.len()),
            IdxKind::Labels => read_idx_labels(path).map(|l| l.len()),
        }
    }

    /// A valid file of `count` samples with random pixels (labels are digits).
    fn valid(kind: IdxKind, count: u32, rng: &mut ChaCha8Rng) -> Vec<u8> {
        match kind {
            IdxKind::Images => {
                let mut pixels = vec![0u8; count as usize * 784];
                rng.fill_bytes(&mut pixels);
                image_file(2051, count, 28, 28, &pixels)
            }
            IdxKind::Labels => {
                let labels: Vec<u8> = (0..count).map(|_| rng.random_range(0..10)).collect();
                label_file(2049, count, &labels)
            }
        }
    }

    fn with_magic(mut file: Vec<u8>, magic: u32) -> Vec<u8> {
        file[..4].copy_from_slice(&magic.to_be_bytes());
        file
    }

    fn random_bytes(rng: &mut ChaCha8Rng, len: usize) -> Vec<u8> {
        let mut bytes = vec![0u8; len];
        rng.fill_bytes(&mut bytes);
        bytes
    }

    #[test]
    fn mnist_corrupt_input_corpus() {
        let mut rng = ChaCha8Rng::seed_from_u64(2051);
        let mut c = Corpus::new();
        for kind in KINDS {
            let h = kind.header_len();
            let other = if kind == IdxKind::Images { "a label file" } else { "an image file" };
            // Two images, or twenty labels: every cut of the payload is tried below.
            let n = if kind == IdxKind::Images { 2 } else { 20 };
            for enc in ENCODINGS {
                let base = valid(kind, n, &mut rng);

                // Wrong magic numbers: the other kind's, byte-swapped, near misses, random.
                c.check_with(
                    "wrong magic: the other kind's",
                    kind,
                    enc,
                    &with_magic(base.clone(), kind.other_magic()),
                    Problem::WrongMagic,
                    other,
                );
                c.check_with(
                    "wrong magic: little-endian",
                    kind,
                    enc,
                    &with_magic(base.clone(), kind.magic().swap_bytes()),
                    Problem::WrongMagic,
                    "little-endian",
                );
                let mut magics = vec![
                    0,
                    1,
                    u32::MAX,
                    kind.magic() - 2,
                    kind.magic() + 1,
                    kind.magic() + 0x100,
                    0x0800,
                    0x0d03,
                    0x0c01,
                ];
                magics.extend((0..64).map(|_| rng.random::<u32>()));
                for magic in magics {
                    // A raw file starting 1f 8b would be taken for gzip.
                    if enc == Enc::Raw && magic >> 16 == 0x1f8b {
                        continue;
                    }
                    c.check(
                        "wrong magic: other values",
                        kind,
                        enc,
                        &with_magic(base.clone(), magic),
                        Problem::WrongMagic,
                    );
                }

                // Truncated header: every length from 0 to one byte short.
                for len in 0..h {
                    c.check_with(
                        "truncated header: every length",
                        kind,
                        enc,
                        &base[..len],
                        Problem::TruncatedHeader,
                        &format!("ends after {len} bytes"),
                    );
                }

                // Zero samples, with or without bytes after the header.
                for payload in [0, 1, 784] {
                    let mut file = base[..h].to_vec();
                    file[4..8].copy_from_slice(&0u32.to_be_bytes());
                    file.extend(std::iter::repeat_n(0, payload));
                    c.check("zero samples", kind, enc, &file, Problem::Empty);
                }

                // Truncated payload: every cut of the payload.
                for len in h..base.len() {
                    let found = len - h;
                    c.check_with(
                        "truncated payload: every cut",
                        kind,
                        enc,
                        &base[..len],
                        Problem::TruncatedPayload,
                        &format!("only {found} bytes follow"),
                    );
                }
                // ... and a header promising more samples than there are.
                for count in [n + 1, 100, 60000, 1 << 20] {
                    let mut file = base.clone();
                    file[4..8].copy_from_slice(&u32::to_be_bytes(count));
                    c.check(
                        "truncated payload: count too large",
                        kind,
                        enc,
                        &file,
                        Problem::TruncatedPayload,
                    );
                }

                // Trailing bytes.
                for extra in (1..=32).chain([783, 784, 785, 10_000]) {
                    let mut file = base.clone();
                    file.extend(random_bytes(&mut rng, extra));
                    let says = if enc == Enc::Raw {
                        format!("({extra} too many)")
                    } else {
                        "more than".into()
                    };
                    c.check_with("trailing bytes", kind, enc, &file, Problem::TrailingBytes, &says);
                }
                let mut file = base.clone();
                file[4..8].copy_from_slice(&1u32.to_be_bytes());
                c.check(
                    "trailing bytes: count too small",
                    kind,
                    enc,
                    &file,
                    Problem::TrailingBytes,
                );

                // A forged header: 4 billion samples (or u32::MAX) in a 100-byte file must
                // fail at once, without allocating what the header claims.
                for count in [4_000_000_000u32, u32::MAX] {
                    let mut file = base[..h].to_vec();
                    file[4..8].copy_from_slice(&count.to_be_bytes());
                    file.resize(100, 0x55);
                    let start = Instant::now();
                    c.check_with(
                        "forged huge count in 100 bytes",
                        kind,
                        enc,
                        &file,
                        Problem::TruncatedPayload,
                        &format!("only {} bytes follow", 100 - h),
                    );
                    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
                }

                // Random bytes of random lengths, and random bytes after a correct magic.
                for _ in 0..150 {
                    let len = rng.random_range(0..2000);
                    let mut bytes = random_bytes(&mut rng, len);
                    if enc == Enc::Raw && bytes.starts_with(&[0x1f, 0x8b]) {
                        bytes[0] = 0;
                    }
                    c.check("random bytes", kind, enc, &bytes, Problem::Any);
                    let len = rng.random_range(4..2000);
                    let bytes = with_magic(random_bytes(&mut rng, len), kind.magic());
                    c.check("random bytes after the right magic", kind, enc, &bytes, Problem::Any);
                }
            }

            // Gzip cut in the middle: every length of a valid gzipped file (2 images
            // or 1000 labels, about 1.6 kB and 0.5 kB compressed).
            let gz = gzip(&valid(kind, if kind == IdxKind::Images { 2 } else { 1000 }, &mut rng));
            for len in 1..gz.len() {
                let problem = if len < 2 { Problem::TruncatedHeader } else { Problem::Gzip };
                c.check_file(
                    &format!("gzip cut at every length ({kind:?})"),
                    kind,
                    &gz[..len],
                    problem,
                    "",
                );
            }
            // Gzip corrupted: every byte inverted, except the time stamp, extra flags
            // and OS bytes (4..10), which gzip does not check.
            for pos in (0..gz.len()).filter(|p| !(4..10).contains(p)) {
                let mut bad = gz.clone();
                bad[pos] ^= 0xff;
                c.check_file(
                    &format!("gzip with one byte inverted ({kind:?})"),
                    kind,
                    &bad,
                    Problem::Any,
                    "",
                );
            }
            // Garbage after the gzip magic bytes.
            for _ in 0..100 {
                let len = rng.random_range(0..500);
                let mut bytes = vec![0x1f, 0x8b];
                bytes.extend(random_bytes(&mut rng, len));
                c.check_file(
                    &format!("random bytes after the gzip magic ({kind:?})"),
                    kind,
                    &bytes,
                    Problem::Gzip,
                    "",
                );
            }
            // A valid gzip member followed by garbage.
            let mut bytes = gz.clone();
            bytes.extend(random_bytes(&mut rng, 20));
            c.check_file(
                &format!("garbage after a gzip member ({kind:?})"),
                kind,
                &bytes,
                Problem::Any,
                "",
            );
        }

        for enc in ENCODINGS {
            // Rows and columns other than 28.
            let mut sizes = vec![
                (0, 0),
                (1, 1),
                (27, 28),
                (28, 27),
                (29, 28),
                (28, 29),
                (14, 56),
                (56, 14),
                (1, 784),
                (784, 1),
                (28, 0),
                (0, 28),
                (u32::MAX, 28),
                (28, u32::MAX),
                (u32::MAX, u32::MAX),
            ];
            sizes.extend((0..20).map(|_| (rng.random_range(0..100), rng.random_range(0..100))));
            for (rows, cols) in sizes.into_iter().filter(|&s| s != (28, 28)) {
                let len = (rows as u64 * cols as u64).min(784) as usize;
                let file = image_file(2051, 1, rows, cols, &random_bytes(&mut rng, len));
                c.check_with(
                    "rows or columns not 28",
                    IdxKind::Images,
                    enc,
                    &file,
                    Problem::WrongImageSize,
                    &format!("{rows}x{cols} pixels"),
                );
            }
            // Labels that are not digits, at a random place among ten.
            for value in 10..=255u8 {
                let mut labels: Vec<u8> = (0..10).map(|i| i % 10).collect();
                let index = rng.random_range(0..10);
                labels[index] = value;
                let file = label_file(2049, 10, &labels);
                c.check_with(
                    "label not a digit",
                    IdxKind::Labels,
                    enc,
                    &file,
                    Problem::BadLabel,
                    &format!("label {value} of sample {index}"),
                );
            }
        }

        // Image and label counts that disagree (through load_split).
        let dir = scratch_dir("corpus-pairs");
        for enc in ENCODINGS {
            for (n_images, n_labels) in [(1, 2), (2, 1), (3, 4), (5, 3), (10, 1), (1, 10)] {
                let images = valid(IdxKind::Images, n_images, &mut rng);
                let labels = valid_labels(n_labels);
                let (ip, lp) = (
                    dir.join(format!("images-{n_images}-{enc:?}")),
                    dir.join(format!("labels-{n_labels}-{enc:?}")),
                );
                let encode = |b: &[u8]| {
                    if enc == Enc::Gzip { gzip(b) } else { b.to_vec() }
                };
                fs::write(&ip, encode(&images)).unwrap();
                fs::write(&lp, encode(&labels)).unwrap();
                let category = format!("image and label counts differ ({enc:?})");
                *c.counts.entry(category.clone()).or_default() += 1;
                match load_split(&ip, &lp, LoadOptions::default()) {
                    Err(e @ MnistError::CountMismatch { .. }) => {
                        let m = e.to_string();
                        let expected = format!(
                            "holds {n_images} images but {} holds {n_labels} labels",
                            lp.display()
                        );
                        if !m.starts_with(&ip.display().to_string()) || !m.contains(&expected) {
                            c.failures.push(format!("{category}: {m:?}"));
                        }
                    }
                    other => c.failures.push(format!("{category}: {other:?}")),
                }
            }
        }
        fs::remove_dir_all(dir).unwrap();
        c.finish();
    }

    /// The magic number of the other kind of file.
    trait OtherMagic {
        fn other_magic(self) -> u32;
    }

    impl OtherMagic for IdxKind {
        fn other_magic(self) -> u32 {
            match self {
                IdxKind::Images => IdxKind::Labels.magic(),
                IdxKind::Labels => IdxKind::Images.magic(),
            }
        }
    }
}
