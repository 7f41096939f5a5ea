//! Rendered in a real browser: the app mounts, a typed command reaches the stage and the health
//! panel, and the hooks the end-to-end tests rely on are there.
// Needs a DOM: runs under wasm-bindgen-test in headless Chromium only.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("attach");
    yew::Renderer::<keyfall_web::App>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
    yew::scheduler::flush().await;
}

fn enter(root: &Element, line: &str) {
    let input: HtmlInputElement = root
        .query_selector("[data-testid=console-input]")
        .ok()
        .flatten()
        .expect("console input")
        .unchecked_into();
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
    let root = mount();
    settle().await;
    let app = root
        .query_selector("[data-testid=app]")
        .ok()
        .flatten()
        .expect("app");
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
        assert!(
            root.query_selector(&format!("[data-testid={hook}]"))
                .ok()
                .flatten()
                .is_some(),
            "missing {hook}"
        );
    }
    assert!(
        root.query_selector("[data-actor=platform-ade]")
            .ok()
            .flatten()
            .is_some()
    );
    assert!(
        root.query_selector("[data-actor='admin@contoso.com']")
            .ok()
            .flatten()
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn a_typed_command_reaches_the_stage_the_timeline_and_the_health_panel() {
    let root = mount();
    settle().await;
    for line in [
        "az keyvault create --name kv1 --resource-group rg --location westeurope --enabled-for-disk-encryption true",
        "az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204",
    ] {
        enter(&root, line);
        settle().await;
    }
    assert!(
        root.query_selector("[data-actor=kv1]")
            .ok()
            .flatten()
            .is_some()
    );
    assert!(
        root.query_selector("[data-actor=vm1]")
            .ok()
            .flatten()
            .is_some()
    );
    let steps = root
        .query_selector_all("[data-testid=timeline-step]")
        .expect("steps");
    assert_eq!(steps.length(), 2);
    let vm = root
        .query_selector("[data-asset='vm:vm1']")
        .ok()
        .flatten()
        .expect("vm1 in the health panel");
    assert_eq!(vm.get_attribute("data-verdict").as_deref(), Some("ok"));
    // The key create call of the first step is listed with its result.
    enter(
        &root,
        "az keyvault key create --vault-name kv1 --name k --kty RSA --size 2048",
    );
    settle().await;
    let msg = root
        .query_selector("[data-message][data-op='key create']")
        .ok()
        .flatten()
        .expect("the key create message");
    assert_eq!(msg.get_attribute("data-result").as_deref(), Some("allow"));
    assert!(
        root.query_selector("[data-object='key:kv1/k']")
            .ok()
            .flatten()
            .is_some()
    );
}
