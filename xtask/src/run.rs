//! Running the programs the tasks are made of, with errors that name them.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Prints a step's title, as the check's log shows it.
pub fn step(title: &str) {
    println!("\n==> {title}");
}

/// Runs `command`, its output going to the terminal; fails unless it succeeds.
pub fn run(command: &mut Command) -> Result<()> {
    let shown = show(command);
    let status = command.status().with_context(|| format!("cannot run `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// `cargo <args>` in the repository, without the variables of the `cargo run`
/// that started xtask (see [`without_cargo_run_env`]).
pub fn cargo(repo: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("cargo");
    command.current_dir(repo).args(args);
    without_cargo_run_env(&mut command);
    command
}

/// Removes from `command` the variables that `cargo run` set for xtask
/// (`CARGO_PKG_*`, `CARGO_MANIFEST_DIR`...): the cargo that the command runs
/// would see a changed environment and rebuild. The learner's own settings
/// (`CARGO_HOME`, `CARGO_TARGET_DIR`, `CARGO_TARGET_*`...) are kept.
pub fn without_cargo_run_env(command: &mut Command) {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let set_by_run = key == "CARGO"
            || key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_BIN_")
            || [
                "CARGO_MANIFEST_DIR",
                "CARGO_MANIFEST_PATH",
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
            ]
            .contains(&key.as_ref());
        if set_by_run {
            command.env_remove(key.as_ref());
        }
    }
}

/// `command` at low priority where `nice` is (Unix): the same program and
/// arguments, under `nice -n 10`; elsewhere `command` itself.
pub fn nice(command: Command) -> Command {
    if !cfg!(unix) || !works("nice", &["true"]) {
        return command;
    }
    let mut nice = Command::new("nice");
    nice.args(["-n", "10"]).arg(command.get_program()).args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        nice.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => nice.env(key, value),
            None => nice.env_remove(key),
        };
    }
    nice
}

/// Whether `program` runs (and exits 0) with `args`: a probe, its output discarded.
pub fn works(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The command as a line of text, for messages.
pub fn show(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.join(" ")
}
