//! Entry point that Trunk builds: set the panic hook, mount the app on `<body>`, add the bench
//! entry points.

fn main() {
    // First, so a panic while mounting is shown too.
    keyfall_web::panic_overlay::install();
    yew::Renderer::<keyfall_web::App>::new().render();
    // Without `window.keyfallBench` only `cargo xtask bench` and one e2e test lose something;
    // the app itself must still start, so a failure is logged, not raised.
    if let Err(e) = keyfall_web::bench_hooks::install() {
        web_sys::console::warn_2(&"keyfallBench not installed:".into(), &e);
    }
}
