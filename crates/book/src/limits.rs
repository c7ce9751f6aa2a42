//! What the command line can carry out: a configuration whose memory would not
//! fit is refused before anything is allocated, with the option and the bytes
//! named, instead of an abort ("memory allocation of ... bytes failed") halfway.
//!
//! The memory this process may use is the smallest of what the machine has
//! available (`MemAvailable`), its control group's limit and its own limits
//! (`ulimit -v`, `ulimit -d`), as Linux reports them in `/proc` and `/sys`; where
//! none of them can be read (on Windows and macOS, which have no `/proc`), a
//! fixed 64 GiB: there a configuration between the machine's memory and 64 GiB
//! is not refused in advance, and fails when it allocates.

use std::fmt;

/// An amount of memory: the exact bytes, then a rounded figure in GiB or MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bytes(pub u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0 as f64;
        if b >= (1u64 << 30) as f64 {
            write!(f, "{} bytes ({:.1} GiB)", self.0, b / (1u64 << 30) as f64)
        } else if b >= (1u64 << 20) as f64 {
            write!(f, "{} bytes ({:.1} MiB)", self.0, b / (1u64 << 20) as f64)
        } else {
            write!(f, "{} bytes", self.0)
        }
    }
}

/// How much memory this process may still allocate, and where that limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub bytes: u64,
    pub source: &'static str,
}

/// Room left for the program itself (its code, threads' stacks and the
/// allocator's arenas) when a limit on the address space is what binds.
const PROGRAM_ROOM: u64 = 256 << 20;

/// Used where the system says nothing (not Linux).
const FALLBACK: u64 = 64 << 30;

/// The memory this process may use now (see the module documentation).
pub fn budget() -> Budget {
    let mut best = Budget { bytes: FALLBACK, source: "the fixed limit of this program" };
    let mut consider = |bytes: Option<u64>, source: &'static str| {
        if let Some(bytes) = bytes.filter(|&b| b < best.bytes) {
            best = Budget { bytes, source };
        }
    };
    consider(meminfo_available(), "the memory this machine has available");
    consider(cgroup_room(), "the limit of this process's control group");
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    for (limit, used, source) in [
        ("Max address space", "VmSize:", "this process's limit on its address space (ulimit -v)"),
        ("Max data size", "VmData:", "this process's limit on its data (ulimit -d)"),
    ] {
        let room = soft_limit(&limits, limit).map(|limit| {
            let used = status_kib(&status, used).unwrap_or(0) * 1024;
            limit.saturating_sub(used).saturating_sub(PROGRAM_ROOM)
        });
        consider(room, source);
    }
    best
}

/// A run refused before it starts: the options that ask for it, the part that
/// takes the most memory, what the whole would need, and the budget it exceeds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{options}: this run would need up to {need} of memory (most of it for {largest}), more than the {} that {} allows",
    Bytes(.budget.bytes),
    .budget.source
)]
pub struct TooMuchMemory {
    pub options: String,
    pub largest: String,
    pub need: Bytes,
    pub budget: Budget,
}

/// `Ok` if `need` bytes fit in the budget; otherwise an error that names the
/// options asking for them and the part (`largest`) that needs the most.
pub fn check(options: &str, largest: &str, need: u64) -> Result<(), TooMuchMemory> {
    let budget = budget();
    if need <= budget.bytes {
        return Ok(());
    }
    let (options, largest) = (options.to_string(), largest.to_string());
    Err(TooMuchMemory { options, largest, need: Bytes(need), budget })
}

/// `a × b × ...` in bytes, saturating (a product too large for `u64` is too
/// large for any machine anyway).
pub fn product(factors: &[u64]) -> u64 {
    factors.iter().fold(1u64, |acc, &f| acc.saturating_mul(f))
}

/// `a + b + ...`, saturating.
pub fn sum(terms: &[u64]) -> u64 {
    terms.iter().fold(0u64, |acc, &t| acc.saturating_add(t))
}

/// `MemAvailable` of /proc/meminfo, in bytes.
fn meminfo_available() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    status_kib(&meminfo, "MemAvailable:").map(|kib| kib * 1024)
}

/// A `Name:   1234 kB` line of /proc/self/status or /proc/meminfo, in KiB.
fn status_kib(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}

/// The soft limit of a line of /proc/self/limits (`None`: unlimited or unknown).
fn soft_limit(limits: &str, name: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}

/// What the control group of this process (cgroup v2, else v1) leaves: its
/// memory limit minus its usage.
fn cgroup_room() -> Option<u64> {
    let cgroups = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let read =
        |path: String| -> Option<u64> { std::fs::read_to_string(path).ok()?.trim().parse().ok() };
    for line in cgroups.lines() {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let (limit, usage) = if controllers.is_empty() {
            let dir = format!("/sys/fs/cgroup{path}");
            (read(format!("{dir}/memory.max")), read(format!("{dir}/memory.current")))
        } else if controllers.split(',').any(|c| c == "memory") {
            let dir = format!("/sys/fs/cgroup/memory{path}");
            (
                read(format!("{dir}/memory.limit_in_bytes")),
                read(format!("{dir}/memory.usage_in_bytes")),
            )
        } else {
            continue;
        };
        // "max" (v2) does not parse; v1 says "no limit" with a number near 2^63.
        if let Some(limit) = limit.filter(|&l| l < (1u64 << 62)) {
            return Some(limit.saturating_sub(usage.unwrap_or(0)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_exactly_and_rounded() {
        assert_eq!(Bytes(512).to_string(), "512 bytes");
        assert_eq!(Bytes(3 << 20).to_string(), "3145728 bytes (3.0 MiB)");
        assert_eq!(Bytes(627_200_000_000).to_string(), "627200000000 bytes (584.1 GiB)");
    }

    #[test]
    fn the_limits_files_are_read() {
        let limits = "Limit  Soft Limit  Hard Limit  Units\n\
                      Max data size             unlimited            unlimited            bytes\n\
                      Max address space         1073741824           unlimited            bytes\n";
        assert_eq!(soft_limit(limits, "Max address space"), Some(1 << 30));
        assert_eq!(soft_limit(limits, "Max data size"), None);
        assert_eq!(status_kib("VmSize:\t   3896 kB\nVmData: 1 kB\n", "VmSize:"), Some(3896));
    }

    #[test]
    fn a_need_beyond_any_machine_is_refused_and_named() {
        let e = check("--hidden 100000000", "W1", product(&[784, 100_000_000, 8, 4])).unwrap_err();
        assert_eq!(e.need, Bytes(2508800000000));
        let text = e.to_string();
        let start = "--hidden 100000000: this run would need up to 2508800000000 bytes";
        assert!(text.starts_with(start), "{text}");
        assert!(text.contains("(most of it for W1), more than the "), "{text}");
        assert!(text.ends_with(&format!("that {} allows", e.budget.source)), "{text}");
        assert!(check("nothing", "nothing", 0).is_ok());
        assert_eq!(product(&[u64::MAX, 2]), u64::MAX);
    }
}
