//! `window.keyfallBench`: entry points for tools, not controls in the UI.
//!
//! - `panic()` panics, so the e2e test can check the panic overlay and that the autosave
//!   survives, without a hidden trigger in the UI. Always there: the e2e tests run the release
//!   build, and it costs one closure.
//! - `whatIfMatrix()`, with the `bench` feature only (`cargo xtask bench` builds a copy of the
//!   site with it): builds the large world of DESIGN.md and returns how long its full what-if
//!   matrix took, in milliseconds (`performance.now()`), so the browser budget is measured on
//!   the page's wasm, not on native code. The release wasm carries neither it nor the large
//!   world's script.
//!
//! They do nothing until called.

use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

/// Adds `window.keyfallBench`; errors are ignored by the caller's choice (see `main.rs`).
pub fn install() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let bench = js_sys::Object::new();
    let panic = Closure::<dyn Fn()>::new(|| panic!("keyfallBench.panic() was called"));
    js_sys::Reflect::set(&bench, &"panic".into(), &panic.into_js_value())?;
    #[cfg(feature = "bench")]
    {
        let matrix = Closure::<dyn Fn() -> f64>::new(measure::what_if_matrix_ms);
        js_sys::Reflect::set(&bench, &"whatIfMatrix".into(), &matrix.into_js_value())?;
    }
    js_sys::Reflect::set(&window, &"keyfallBench".into(), &bench)?;
    Ok(())
}

#[cfg(feature = "bench")]
mod measure {
    use std::hint::black_box;

    use keyfall_core::{LARGE_WORLD_SEED, large_world};

    /// Milliseconds for one full what-if matrix of the large world; the world is built outside
    /// the timed part, as in the native criterion bench.
    pub fn what_if_matrix_ms() -> f64 {
        let world = large_world(LARGE_WORLD_SEED);
        let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
            return f64::NAN;
        };
        let start = perf.now();
        let matrix = black_box(&world).what_if_matrix();
        let end = perf.now();
        black_box(matrix);
        end - start
    }
}
