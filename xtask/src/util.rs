//! What every task shares: where the workspace is, how to spawn tools, how to fail.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A task failure, already worded for the person at the terminal.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The repository root and the environment every spawned tool runs in.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    /// PATH with `web/node_modules/.bin` (wasm-opt) and cargo's bin folder (trunk,
    /// wasm-bindgen) in front, so tools installed a moment ago by `setup` are found even in a
    /// shell that does not have them on PATH yet, and Trunk finds wasm-opt at all.
    path: OsString,
}

impl Workspace {
    pub fn locate() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or_else(|| Error::new("xtask/ has no parent folder"))?
            .to_path_buf();
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .ok_or_else(|| Error::new("neither CARGO_HOME nor HOME is set"))?;
        let mut dirs = vec![
            root.join("web").join("node_modules").join(".bin"),
            cargo_home.join("bin"),
        ];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(dirs)
            .map_err(|e| Error::new(format!("cannot build PATH: {e}")))?;
        Ok(Workspace { root, path })
    }

    pub fn web(&self) -> PathBuf {
        self.root.join("web")
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    pub fn target(&self) -> PathBuf {
        self.root.join("target")
    }

    /// A command that runs at the repository root with the workspace PATH.
    pub fn cmd(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(&self.root).env("PATH", &self.path);
        c
    }

    /// Trunk with no network access: Trunk.toml's `offline` covers cargo and tool downloads,
    /// but only the global switch also stops Trunk's own check for a newer Trunk.
    pub fn trunk(&self) -> Command {
        let mut c = self.cmd("trunk");
        c.env("TRUNK_OFFLINE", "true")
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        c
    }

    /// `trunk build --release` into dist/; extra args (`--public-url /keyfall/`) go to Trunk.
    pub fn trunk_build(&self, extra: &[String]) -> Command {
        let mut c = self.trunk();
        c.args(["build", "--release"]).args(extra);
        c
    }
}

/// Runs a command with inherited output; fails if it does not exit with status 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .map_err(|e| Error::new(format!("cannot run {}: {e}", describe(cmd))))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::new(format!("{} failed ({status})", describe(cmd))))
    }
}

/// Runs a command quietly and returns its stdout, or `None` if it is missing or fails:
/// the probe behind every "is this installed?" question.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The command line as the user would type it, for messages (`cargo`, not the full path to
/// the toolchain's cargo).
pub fn describe(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    std::iter::once(program.file_name().unwrap_or(program.as_os_str()))
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `93s`, `1.4s`, `8m31s`: short enough for a summary line.
pub fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 {
        format!("{s:.1}s")
    } else if s < 120.0 {
        format!("{s:.0}s")
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_durations() {
        assert_eq!(human(Duration::from_millis(1400)), "1.4s");
        assert_eq!(human(Duration::from_secs(93)), "93s");
        assert_eq!(human(Duration::from_secs(511)), "8m31s");
    }
}
