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

use crate::html;
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
    let out = inline_assets(&html, &loader, |href| {
        let file = dist.join(strip_prefix_path(href));
        fs::read(&file).map_err(|e| Error::new(format!("{}: {e}", file.display())))
    })?;
    let out = insert_csp(&out, &csp)?;
    let dir = ws.root.join("dist-single");
    fs::create_dir_all(&dir)?;
    let path = dir.join("keyfall.html");
    fs::write(&path, out)?;
    Ok(path)
}

/// The single-file page from dist/index.html: the first module script (the boot script) becomes
/// `loader` inline, stylesheets become `<style>`s and the icon a data: URL, each read with
/// `read(href)`; preloads, other module scripts and the CSP go. Tags are found by parsing, not
/// by their text: with `minify` on, Trunk writes `<link href=.. rel=stylesheet>`.
fn inline_assets(
    html: &str,
    loader: &str,
    read: impl Fn(&str) -> Result<Vec<u8>>,
) -> Result<String> {
    let tags = html::tags(html);
    let boot = tags
        .iter()
        .position(|t| t.name == "script" && t.is("type", "module"))
        .ok_or_else(|| Error::new("dist/index.html has no module script: run postbuild first"))?;
    let mut out = html.to_owned();
    // Backwards, so the spans of the tags not yet handled stay where they were.
    for (i, tag) in tags.iter().enumerate().rev() {
        let href = tag.attr("href").unwrap_or_default();
        let replacement = match tag.name.as_str() {
            "script" if i == boot => format!("<script type=\"module\">{loader}</script>"),
            "script" if tag.is("type", "module") => String::new(),
            "link" if tag.is("rel", "modulepreload") || tag.is("rel", "preload") => String::new(),
            "meta" if tag.is("http-equiv", "Content-Security-Policy") => String::new(),
            "link" if tag.is("rel", "stylesheet") => {
                let css = String::from_utf8(read(href)?)
                    .map_err(|_| Error::new(format!("{href} is not UTF-8")))?;
                format!("<style>\n{css}\n</style>")
            }
            "link" if tag.is("rel", "icon") => format!(
                "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">",
                STANDARD.encode(read(href)?)
            ),
            _ => continue,
        };
        out.replace_range(tag.span.clone(), &replacement);
    }
    Ok(out)
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
    let (span, loader) = inline_loader(html)?;
    let prefix = glue_prefix(loader)
        .ok_or_else(|| Error::new("cannot find the wasm-bindgen import in Trunk's loader"))?;
    let script = format!(
        "{}\n{}",
        loader.trim(),
        read(&ws.web().join("offline/boot.js"))?
    );
    let file = format!("boot-{}.js", short_hash(script.as_bytes()));
    fs::write(dist.join(&file), &script)?;
    let tag = format!("<script type=\"module\" src=\"{prefix}{file}\"></script>");
    let mut page = html.to_owned();
    page.replace_range(span, &tag);
    Ok((page, prefix))
}

/// Trunk's inline `<script type="module">` (however Trunk wrote its attribute): its span in the
/// page and its text.
fn inline_loader(html: &str) -> Result<(std::ops::Range<usize>, &str)> {
    html::tags(html)
        .into_iter()
        .find(|t| t.name == "script" && t.is("type", "module") && t.attr("src").is_none())
        .map(|t| (t.span, &html[t.inner]))
        .ok_or_else(|| {
            Error::new("dist/index.html has no inline module script: is this a fresh trunk build?")
        })
}

/// In `import init, * as bindings from '/keyfall-web-<hash>.js'`, what precedes the file name:
/// `/` by default or the --public-url. Either quote, with or without a space after `from`.
fn glue_prefix(loader: &str) -> Option<String> {
    loader.match_indices("from").find_map(|(i, _)| {
        let rest = loader[i + "from".len()..].trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
        let path = rest[1..].split(quote).next()?;
        let slash = path.rfind('/')?;
        path.ends_with(".js").then(|| path[..=slash].to_owned())
    })
}

/// Puts the policy right after the page's `<meta charset>`, however it is written.
fn insert_csp(html: &str, policy: &str) -> Result<String> {
    let charset = html::tags(html)
        .into_iter()
        .find(|t| t.name == "meta" && t.attr("charset").is_some())
        .ok_or_else(|| {
            Error::new("index.html lost its <meta charset>; the CSP goes right after it")
        })?;
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />");
    let mut out = html.to_owned();
    out.insert_str(charset.span.end, &meta);
    Ok(out)
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

    /// dist/index.html as Trunk 0.21.14 writes it with `minify` on (hashes shortened).
    const MINIFIED: &str = "<!doctype html><html lang=en><meta charset=utf-8><title>K</title>\
        <script type=module>import init, * as bindings from '/k/keyfall-web-9.js';\n\
        const wasm = await init({ module_or_path: '/k/keyfall-web-9_bg.wasm' });</script>\
        <link href=/k/app-1.css integrity=sha384-N7+a/b rel=stylesheet>\
        <link href=/k/favicon-2.svg integrity=sha384-HR rel=icon>\
        <link crossorigin href=/k/keyfall-web-9.js integrity=sha384-KK rel=modulepreload>\
        <link as=fetch crossorigin href=/k/keyfall-web-9_bg.wasm rel=preload \
        type=application/wasm></head><body></body></html>";

    #[test]
    fn csp_goes_after_the_charset() {
        let html = "<head>\n<meta charset=\"utf-8\" />\n</head>";
        let out = insert_csp(html, "default-src 'self'").expect("has charset");
        let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\" />";
        assert!(out.contains(&format!("<meta charset=\"utf-8\" />{meta}")));
        let out = insert_csp(MINIFIED, "default-src 'self'").expect("has charset");
        assert!(out.contains(&format!("<meta charset=utf-8>{meta}<title>")));
        assert!(insert_csp("<head></head>", "x").is_err());
    }

    #[test]
    fn finds_the_loader_of_a_minified_page() {
        let (span, loader) = inline_loader(MINIFIED).expect("has a loader");
        assert!(MINIFIED[span].ends_with("</script>"));
        assert!(loader.starts_with("import init"));
        assert_eq!(glue_prefix(loader).as_deref(), Some("/k/"));
        assert_eq!(
            glue_prefix("import init,*as b from\"/keyfall-web-1.js\";").as_deref(),
            Some("/")
        );
        assert_eq!(glue_prefix("const from = 1;"), None);
        assert!(inline_loader("<script type=module src=/boot.js></script>").is_err());
    }

    #[test]
    fn single_file_inlines_a_minified_page() {
        let (span, _) = inline_loader(MINIFIED).expect("has a loader");
        let mut page = MINIFIED.to_owned();
        page.replace_range(
            span,
            "<script type=\"module\" src=\"/k/boot-3.js\"></script>",
        );
        let page = insert_csp(&page, "default-src 'self'").expect("has charset");
        let out = inline_assets(&page, "LOADER", |href| match href {
            "/k/app-1.css" => Ok(b":root{--vault:red}".to_vec()),
            "/k/favicon-2.svg" => Ok(b"<svg/>".to_vec()),
            _ => Err(Error::new(format!("unexpected {href}"))),
        })
        .expect("inlines");
        assert_eq!(
            out,
            "<!doctype html><html lang=en><meta charset=utf-8><title>K</title>\
             <script type=\"module\">LOADER</script>\
             <style>\n:root{--vault:red}\n</style>\
             <link rel=\"icon\" href=\"data:image/svg+xml;base64,PHN2Zy8+\">\
             </head><body></body></html>"
        );
    }

    #[test]
    fn asset_paths_lose_their_public_url() {
        assert_eq!(strip_prefix_path("/keyfall/app-1.css"), "app-1.css");
        assert_eq!(strip_prefix_path("app-1.css"), "app-1.css");
    }
}
