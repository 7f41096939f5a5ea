//! Rendered in a real browser: the app mounts, a typed command reaches the stage and the health
//! panel, and the hooks the end-to-end tests rely on are there.
// Needs a DOM: runs under wasm-bindgen-test in headless Chromium only.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

mod common;

use common::new_root;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a new element of the page and waits until it says it is ready.
async fn mount() -> Element {
    let root = new_root();
    yew::Renderer::<keyfall_web::App>::with_root(root.clone()).render();
    until("the app to be ready", || {
        count(&root, "[data-testid=app][data-ready=true]") == 1
    })
    .await;
    root
}

/// Waits until `ready()` holds, letting Yew render (and its timers run) between looks; fails,
/// naming `what`, if it does not hold within 5 s (far beyond a render).
async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..1000 {
        yew::scheduler::flush().await;
        if ready() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("still waiting after 5 s for {what}");
}

/// How many elements under `root` match `selector`.
fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).map_or(0, |l| l.length())
}

/// The first element under `root` matching `selector`; the test fails naming `what` without one.
fn find(root: &Element, selector: &str, what: &str) -> Element {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{what}: nothing matches {selector}"))
}

/// Whether some element under `root` matches `selector`.
fn has(root: &Element, selector: &str) -> bool {
    count(root, selector) > 0
}

fn enter(root: &Element, line: &str) {
    let input: HtmlInputElement =
        find(root, "[data-testid=console-input]", "console input").unchecked_into();
    input.set_value(line);
    input
        .dispatch_event(&web_sys::InputEvent::new("input").expect("input event"))
        .expect("dispatch input");
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("key event");
    input.dispatch_event(&e).expect("dispatch key");
}

#[wasm_bindgen_test]
async fn app_mounts_with_its_hooks() {
    let root = mount().await;
    let app = find(&root, "[data-testid=app]", "app");
    assert_eq!(app.get_attribute("data-ready").as_deref(), Some("true"));
    for hook in [
        "play",
        "step-next",
        "step-back",
        "console-input",
        "lesson-05",
        "stage",
        "scrub",
    ] {
        let selector = format!("[data-testid={hook}]");
        assert!(has(&root, &selector), "missing {hook}");
    }
    assert!(has(&root, "[data-actor=platform-ade]"));
    assert!(has(&root, "[data-actor='admin@contoso.com']"));
}

#[wasm_bindgen_test]
async fn a_typed_command_reaches_the_stage_the_timeline_and_the_health_panel() {
    let root = mount().await;
    for (i, line) in [
        "az keyvault create --name kv1 --resource-group rg --location westeurope --enabled-for-disk-encryption true --enable-rbac-authorization false",
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
    ]
    .into_iter()
    .enumerate()
    {
        enter(&root, line);
        until(&format!("step {} on the timeline", i + 1), || {
            count(&root, "[data-testid=timeline-step]") == i as u32 + 1
        })
        .await;
    }
    until("vm:vm1 in the health panel", || {
        count(&root, "[data-asset='vm:vm1'][data-verdict]") == 1
    })
    .await;
    assert!(has(&root, "[data-actor=kv1]"));
    assert!(has(&root, "[data-actor=vm1]"));
    let steps = root
        .query_selector_all("[data-testid=timeline-step]")
        .expect("steps");
    assert_eq!(steps.length(), 2);
    let vm = find(&root, "[data-asset='vm:vm1']", "vm1 in the health panel");
    assert_eq!(vm.get_attribute("data-verdict").as_deref(), Some("ok"));
    // The key create call of the first step is listed with its result.
    enter(
        &root,
        "az keyvault key create --vault-name kv1 --name k --kty RSA --size 2048",
    );
    until("the key create message", || {
        count(&root, "[data-message][data-op='key create']") == 1
    })
    .await;
    let msg = find(
        &root,
        "[data-message][data-op='key create']",
        "the key create message",
    );
    assert_eq!(msg.get_attribute("data-result").as_deref(), Some("allow"));
    assert!(has(&root, "[data-object='key:kv1/k']"));
}
