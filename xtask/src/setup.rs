//! `cargo xtask setup`: install what is missing, skip what is there, one line per item.
//!
//! Everything comes from a package manager (rustup, cargo, apt, npm), never from a website, and
//! after this Trunk can build with no network at all (`offline = true` in Trunk.toml).

use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime};

use crate::util::{self, Error, Result, Workspace, human, probe};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Trunk 0.22 needs a newer rustc than rust-toolchain.toml pins; see TOOLCHAIN.md.
pub const TRUNK_VERSION: &str = "0.21.14";
/// What `wasm-opt --version` says for the binaryen pinned in web/package.json; Trunk.toml's
/// `[tools] wasm_opt` must name the same version or Trunk tries to download one.
const WASM_OPT_VERSION: &str = "version_132";

pub fn run(ws: &Workspace) -> Result<()> {
    let started = Instant::now();
    println!("setup: installing what is missing");
    wasm_target(ws)?;
    trunk(ws)?;
    wasm_bindgen(ws)?;
    system_packages(ws)?;
    npm_packages(ws)?;
    crates(ws)?;
    println!("setup: done in {}", human(started.elapsed()));
    Ok(())
}

fn ok(item: &str, how: &str) {
    println!("ok {item} ({how})");
}

/// Runs an installer with its output visible (first installs take minutes, and silence
/// would look like a hang) and says how long it took.
fn install(item: &str, eta: &str, cmd: &mut std::process::Command) -> Result<()> {
    println!("installing {item}: {} ({eta})", util::describe(cmd));
    let started = Instant::now();
    util::run(cmd)?;
    ok(item, &format!("installed in {}", human(started.elapsed())));
    Ok(())
}

fn cargo(ws: &Workspace) -> std::process::Command {
    // Inside `cargo xtask`, CARGO names the cargo that runs us: same toolchain, no rustup lookup.
    ws.cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn wasm_target(ws: &Workspace) -> Result<()> {
    let item = format!("rust target {WASM_TARGET}");
    let installed = probe(ws.cmd("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == WASM_TARGET) => ok(&item, "present"),
        Some(_) => install(
            &item,
            "seconds",
            ws.cmd("rustup").args(["target", "add", WASM_TARGET]),
        )?,
        // Without rustup (a distro toolchain), the target's std is either in the sysroot or not.
        None => {
            let sysroot = probe(ws.cmd("rustc").args(["--print", "sysroot"])).unwrap_or_default();
            if Path::new(&sysroot)
                .join("lib/rustlib")
                .join(WASM_TARGET)
                .is_dir()
            {
                ok(&item, "present");
            } else {
                return Err(Error::new(format!(
                    "the {WASM_TARGET} target is missing and rustup is not available to add it"
                )));
            }
        }
    }
    Ok(())
}

fn trunk(ws: &Workspace) -> Result<()> {
    let item = format!("trunk {TRUNK_VERSION}");
    if probe(ws.cmd("trunk").arg("--version")).as_deref() == Some(&format!("trunk {TRUNK_VERSION}"))
    {
        ok(&item, "present");
        return Ok(());
    }
    install(
        &item,
        "compiles from source, about 8.5 min on 2 cores",
        cargo(ws).args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]),
    )
}

fn wasm_bindgen(ws: &Workspace) -> Result<()> {
    let version = locked_version(
        &fs::read_to_string(ws.root.join("Cargo.lock"))?,
        "wasm-bindgen",
    )
    .ok_or_else(|| Error::new("Cargo.lock has no wasm-bindgen package"))?;
    // Trunk insists on the exact version in Trunk.toml; a mismatch would send it to GitHub.
    let trunk_toml = fs::read_to_string(ws.root.join("Trunk.toml"))?;
    if toml_string(&trunk_toml, "wasm_bindgen").as_deref() != Some(version.as_str()) {
        return Err(Error::new(format!(
            "Trunk.toml [tools] wasm_bindgen must be \"{version}\", the version in Cargo.lock"
        )));
    }
    let item = format!("wasm-bindgen-cli {version}");
    if probe(ws.cmd("wasm-bindgen").arg("--version")) == Some(format!("wasm-bindgen {version}"))
        && probe(ws.cmd("wasm-bindgen-test-runner").arg("--version")).is_some()
    {
        ok(&item, "present");
        return Ok(());
    }
    // No --locked: the registry mirror lacks one locked dependency (TOOLCHAIN.md).
    install(
        &item,
        "compiles from source, about 3 min on 2 cores",
        cargo(ws).args(["install", "wasm-bindgen-cli", "--version", &version]),
    )
}

/// Chromium and chromedriver for the browser tests; Node and npm only if they are missing.
fn system_packages(ws: &Workspace) -> Result<()> {
    let mut missing: Vec<&str> = Vec::new();
    for (package, binary) in [
        ("chromium", "/usr/bin/chromium"),
        ("chromium-driver", "/usr/bin/chromedriver"),
    ] {
        if Path::new(binary).exists() {
            let version = probe(ws.cmd("dpkg-query").args(["-W", "-f=${Version}", package]));
            ok(
                &format!("{package} {}", version.as_deref().unwrap_or("")),
                "present",
            );
        } else {
            missing.push(package);
        }
    }
    match probe(ws.cmd("npm").arg("--version")) {
        Some(v) => ok(&format!("npm {v}"), "present"),
        None => missing.extend(["nodejs", "npm"]),
    }
    if missing.is_empty() {
        return Ok(());
    }
    if probe(ws.cmd("apt-get").arg("--version")).is_none() {
        return Err(Error::new(format!(
            "missing {}; this machine has no apt-get, so install them with its package manager \
             (/usr/bin/chromium and /usr/bin/chromedriver are expected)",
            missing.join(", ")
        )));
    }
    let root = probe(ws.cmd("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut c = if root {
            ws.cmd("apt-get")
        } else {
            let mut c = ws.cmd("sudo");
            c.arg("apt-get");
            c
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    let item = missing.join(" ");
    println!("installing {item} with apt-get (about 1 min)");
    let started = Instant::now();
    util::run(&mut apt(&["update"]))?;
    util::run(&mut apt(&[&["install", "-y"][..], &missing].concat()))?;
    ok(&item, &format!("installed in {}", human(started.elapsed())));
    Ok(())
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn npm_packages(ws: &Workspace) -> Result<()> {
    let web = ws.web();
    let lock = modified(&web.join("package-lock.json"))
        .ok_or_else(|| Error::new("web/package-lock.json is missing"))?;
    // npm writes node_modules/.package-lock.json on every install, so its time is the install's.
    let installed = modified(&web.join("node_modules").join(".package-lock.json"));
    if installed.is_some_and(|t| t >= lock) {
        ok("npm packages of web/", "present");
    } else {
        install(
            "npm packages of web/",
            "seconds",
            ws.cmd("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&web),
        )?;
    }
    match probe(ws.cmd("wasm-opt").arg("--version")) {
        Some(v) if v.contains(WASM_OPT_VERSION) => {
            ok(&format!("wasm-opt {WASM_OPT_VERSION}"), "web/node_modules")
        }
        other => {
            return Err(Error::new(format!(
                "wasm-opt on PATH is {other:?}, Trunk.toml wants {WASM_OPT_VERSION}: check binaryen in web/package.json"
            )));
        }
    }
    Ok(())
}

/// Trunk runs cargo with --offline, so every crate must be in the local registry first.
fn crates(ws: &Workspace) -> Result<()> {
    let started = Instant::now();
    util::run(cargo(ws).args(["fetch", "--quiet"]))?;
    ok(
        "crates fetched for offline builds",
        &human(started.elapsed()),
    );
    Ok(())
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The version of `package` in a Cargo.lock (the first one, if several are locked).
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    lines.find(|l| l.trim() == name_line)?;
    toml_string(lines.next()?, "version")
}

/// The string value of `key = "value"` in the first line that sets it; enough for the two flat
/// files we read, without a TOML parser.
fn toml_string(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-test"
version = "0.3.80"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
"#;

    #[test]
    fn finds_the_locked_version_of_the_exact_package() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(LOCK, "yew"), None);
    }

    #[test]
    fn reads_a_tools_entry() {
        let trunk = "[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(
            toml_string(trunk, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(toml_string(trunk, "sass"), None);
    }
}
