//! Entry point that Trunk builds: set the panic hook, mount the app on `<body>` (or the
//! speaker-notes window when presenter mode opened this page as `?notes`), add the bench entry
//! points.

#[cfg(target_arch = "wasm32")]
fn main() {
    // First, so a panic while mounting is shown too.
    keyfall_web::panic_overlay::install();
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    if keyfall_web::persistence::query_param(&search, "notes").is_some() {
        yew::Renderer::<keyfall_web::NotesWindow>::new().render();
        return;
    }
    yew::Renderer::<keyfall_web::App>::new().render();
    // Without `window.keyfallBench` only `cargo xtask bench` and one e2e test lose something;
    // the app itself must still start, so a failure is logged, not raised.
    if let Err(e) = keyfall_web::bench_hooks::install() {
        web_sys::console::warn_2(&"keyfallBench not installed:".into(), &e);
    }
}

/// Natively only the library's pure half builds (for its tests); the app needs a browser.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("keyfall-web runs in a browser: `cargo xtask serve` builds and serves it");
}
