//! What `trunk build` leaves to do before dist/ ships: the page must run under a strict
//! Content-Security-Policy, work offline after the first visit, and optionally fit in one file.
//!
//! - Trunk writes its wasm loader as an inline `<script type="module">`. It moves to a hashed
//!   `boot-<hash>.js` file, followed by web/offline/boot.js (service-worker registration and the
//!   update prompt), so the policy can say `script-src 'self'` with no inline exception.
//! - web/offline/sw.js becomes dist/sw.js with this build's asset list and cache name.
//! - `--single-file` also writes dist-single/keyfall.html: css, icon, JS glue and wasm inlined,
//!   runnable from a USB stick as a file:// page.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::util::{Error, Result, Workspace};

/// The policy dist/index.html runs under. Styles allow inline attributes because Yew sets
/// `style=` on some elements; scripts allow nothing inline, and nothing from another origin.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
base-uri 'self'; form-action 'none'";

/// The `<keyfall-embed>` element for docs pages (docs/embedding.md): a stable name, not hashed,
/// because pages elsewhere include it by name.
pub const EMBED: &str = "embed.js";

/// Runs every step on a fresh `trunk build` output in dist/.
pub fn finish(ws: &Workspace) -> Result<()> {
    let dist = ws.dist();
    let html = read(&dist.join("index.html"))?;
    let (html, prefix) = externalize_loader(ws, &dist, &html)?;
    let html = insert_csp(&html, CSP)?;
    fs::write(dist.join("index.html"), &html)?;
    write_service_worker(ws, &dist, &prefix)?;
    // After the service worker's list: docs pages load embed.js, the app never does.
    fs::copy(ws.web().join("embed").join(EMBED), dist.join(EMBED))?;
    write_previews(ws, &dist)?;
    write_handouts(ws, &dist)?;
    println!(
        "postbuild: loader externalized, CSP set, sw.js, {EMBED}, previews/ and handouts/ written"
    );
    Ok(())
}

/// Writes dist-single/keyfall.html from a finished dist/ and returns its path.
pub fn single_file(ws: &Workspace) -> Result<PathBuf> {
    let dist = ws.dist();
    let html = read(&dist.join("index.html"))?;
    let files = dist_files(&dist)?;
    let find = |suffix: &str| {
        files
            .iter()
            .find(|p| {
                p.to_string_lossy().ends_with(suffix)
                    && !name(p).starts_with("boot-")
                    && name(p) != EMBED
            })
            .cloned()
            .ok_or_else(|| {
                Error::new(format!(
                    "dist/ has no *{suffix} file: run trunk build first"
                ))
            })
    };
    let glue = read(&find(".js")?)?;
    let wasm = fs::read(find("_bg.wasm")?)?;
    if dist.join("snippets").exists() {
        return Err(Error::new(
            "dist/snippets exists: the single-file build cannot inline wasm-bindgen snippets yet",
        ));
    }

    // Tags that point at files are dropped or replaced by their content; Trunk writes some of
    // them on one line, so they are cut out by tag, not by line.
    let mut out = html;
    for opening in [
        "<script type=\"module\"",
        "<link rel=\"modulepreload\"",
        "<link rel=\"preload\"",
        "<meta http-equiv=\"Content-Security-Policy\"",
    ] {
        out = remove_tags(&out, opening);
    }
    for (opening, kind) in [
        ("<link rel=\"stylesheet\" href=\"", "css"),
        ("<link rel=\"icon\" href=\"", "icon"),
    ] {
        // Search on after each replacement: the inlined icon starts with the same text.
        let mut from = 0;
        while let Some(start) = out[from..].find(opening).map(|i| from + i) {
            let end = out[start..]
                .find('>')
                .map(|i| start + i + 1)
                .ok_or_else(|| Error::new("unterminated <link>"))?;
            let href = until_quote(&out[start + opening.len()..]).unwrap_or_default();
            let file = dist.join(strip_prefix_path(href));
            let inlined = if kind == "css" {
                format!("<style>\n{}\n</style>", read(&file)?)
            } else {
                format!(
                    "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">",
                    STANDARD.encode(fs::read(&file)?)
                )
            };
            out.replace_range(start..end, &inlined);
            from = start + inlined.len();
        }
    }
    // A file:// page cannot fetch or import sibling files, so the glue is imported from a data:
    // URL and the wasm is handed over as bytes, which wasm-bindgen's init accepts.
    let loader = format!(
        "const glue = await import('data:text/javascript;base64,{}');\n\
         const bytes = Uint8Array.from(atob('{}'), (c) => c.charCodeAt(0));\n\
         const wasm = await glue.default({{ module_or_path: bytes }});\n\
         window.wasmBindings = glue;\n\
         dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm }} }}));\n",
        STANDARD.encode(glue.as_bytes()),
        STANDARD.encode(&wasm),
    );
    let hash = STANDARD.encode(Sha256::digest(loader.as_bytes()));
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{hash}' data: 'wasm-unsafe-eval'; \
         style-src 'unsafe-inline'; img-src data: blob:; object-src 'none'; base-uri 'none'; \
         form-action 'none'"
    );
    let out = out.replace(
        "</head>",
        &format!("<script type=\"module\">{loader}</script>\n</head>"),
    );
    let out = insert_csp(&out, &csp)?;
    let dir = ws.root.join("dist-single");
    fs::create_dir_all(&dir)?;
    let path = dir.join("keyfall.html");
    fs::write(&path, out)?;
    Ok(path)
}

/// dist/previews/LL-S.svg, every step of every built-in lesson, drawn natively by the stage
/// crate the app draws with (`keyfall previews`). In a folder, so the service worker's list
/// (top-level files) leaves them out: the app never shows them.
fn write_previews(ws: &Workspace, dist: &Path) -> Result<()> {
    keyfall(ws, "previews", &dist.join("previews"))
}

/// The folder of dist/ that holds the handouts.
pub const HANDOUTS: &str = "handouts";

/// dist/handouts/LL.html, every built-in lesson as a page to hand out or print (`keyfall
/// handouts`), outside the service worker's list like the previews.
fn write_handouts(ws: &Workspace, dist: &Path) -> Result<()> {
    keyfall(ws, "handouts", &dist.join(HANDOUTS))
}

/// Runs `keyfall <command> -o <dir>`, built by cargo for this machine.
fn keyfall(ws: &Workspace, command: &str, dir: &Path) -> Result<()> {
    let mut cargo = ws.cmd(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    cargo
        .args([
            "run",
            "--quiet",
            "--offline",
            "-p",
            "keyfall-cli",
            "--",
            command,
            "-o",
        ])
        .arg(dir);
    crate::util::run(&mut cargo)
}

/// Moves Trunk's inline module script into `boot-<hash>.js`; returns the new page and the
/// public-url prefix Trunk used for its asset paths.
fn externalize_loader(ws: &Workspace, dist: &Path, html: &str) -> Result<(String, String)> {
    const OPEN: &str = "<script type=\"module\">";
    let start = html.find(OPEN).ok_or_else(|| {
        Error::new("dist/index.html has no inline module script: is this a fresh trunk build?")
    })?;
    let body_start = start + OPEN.len();
    let end = html[body_start..]
        .find("</script>")
        .map(|i| body_start + i)
        .ok_or_else(|| Error::new("dist/index.html: unterminated <script>"))?;
    let loader = &html[body_start..end];
    // `import init, * as bindings from '/keyfall-web-<hash>.js'`: the prefix is what precedes the
    // file name, `/` by default or the --public-url.
    let prefix = loader
        .split_once("from '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .and_then(|(path, _)| path.rfind('/').map(|i| path[..=i].to_owned()))
        .ok_or_else(|| Error::new("cannot find the wasm-bindgen import in Trunk's loader"))?;
    let script = format!(
        "{}\n{}",
        loader.trim(),
        read(&ws.web().join("offline/boot.js"))?
    );
    let file = format!("boot-{}.js", short_hash(script.as_bytes()));
    fs::write(dist.join(&file), &script)?;
    let tag = format!("<script type=\"module\" src=\"{prefix}{file}\"></script>");
    Ok((
        format!(
            "{}{tag}{}",
            &html[..start],
            &html[end + "</script>".len()..]
        ),
        prefix,
    ))
}

/// Removes every tag that starts with `opening`, up to its `>`; a `<script>` loses its closing tag
/// too.
fn remove_tags(html: &str, opening: &str) -> String {
    let mut out = html.to_owned();
    while let Some(start) = out.find(opening) {
        let Some(close) = out[start..].find('>') else {
            break;
        };
        let mut end = start + close + 1;
        if opening.starts_with("<script") && out[end..].starts_with("</script>") {
            end += "</script>".len();
        }
        out.replace_range(start..end, "");
    }
    out
}

fn insert_csp(html: &str, policy: &str) -> Result<String> {
    const CHARSET: &str = "<meta charset=\"utf-8\" />";
    if !html.contains(CHARSET) {
        return Err(Error::new(
            "index.html lost its <meta charset>; the CSP goes right after it",
        ));
    }
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />");
    Ok(html.replacen(CHARSET, &format!("{CHARSET}\n    {meta}"), 1))
}

fn write_service_worker(ws: &Workspace, dist: &Path, prefix: &str) -> Result<()> {
    let mut assets = vec![format!("\"{prefix}\"")];
    let mut hasher = Sha256::new();
    for path in dist_files(dist)? {
        let file = name(&path);
        if file == "sw.js" || file == "index.html" {
            continue;
        }
        hasher.update(file.as_bytes());
        hasher.update(fs::read(&path)?);
        assets.push(format!("\"{prefix}{file}\""));
    }
    let cache = format!("keyfall-{}", &hex(&hasher.finalize())[..16]);
    let sw = read(&ws.web().join("offline/sw.js"))?
        .replace("'__KEYFALL_CACHE__'", &format!("'{cache}'"))
        .replace("__KEYFALL_ASSETS__", &format!("[{}]", assets.join(", ")));
    fs::write(dist.join("sw.js"), sw)?;
    Ok(())
}

fn dist_files(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dist)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::new(format!("{}: {e}", path.display())))
}

fn until_quote(s: &str) -> Option<&str> {
    s.split_once('"').map(|(v, _)| v)
}

/// Asset paths in index.html carry the public-url prefix; files in dist/ do not.
fn strip_prefix_path(href: &str) -> &str {
    href.rsplit('/').next().unwrap_or(href)
}

fn short_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))[..16].to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_goes_after_the_charset() {
        let html = "<head>\n<meta charset=\"utf-8\" />\n</head>";
        let out = insert_csp(html, "default-src 'self'").expect("has charset");
        assert!(out.contains("<meta charset=\"utf-8\" />\n    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\" />"));
        assert!(insert_csp("<head></head>", "x").is_err());
    }

    #[test]
    fn asset_paths_lose_their_public_url() {
        assert_eq!(strip_prefix_path("/keyfall/app-1.css"), "app-1.css");
        assert_eq!(strip_prefix_path("app-1.css"), "app-1.css");
    }
}
