//! The speaker-notes channel's messages: what one window posts, the other reads back the same,
//! and anything else on the channel is ignored rather than misread.
// Needs a DOM: runs under wasm-bindgen-test in headless Chromium only.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use keyfall_web::hooks::{NotesMsg, StepInfo};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn step(next: Option<&str>) -> NotesMsg {
    NotesMsg::Step(StepInfo {
        lesson: "05 Rotate the KEK".into(),
        index: 3,
        total: 5,
        title: "Move vm1 to the new version".into(),
        narration: "Re-running `encryption enable` <b>picks</b> its current version.".into(),
        notes: "Ask the room first.".into(),
        next: next.map(str::to_owned),
    })
}

#[wasm_bindgen_test]
fn every_message_reads_back_as_sent() {
    for msg in [
        step(Some("Disable the old version")),
        step(None),
        NotesMsg::Next,
        NotesMsg::Back,
        NotesMsg::Hello,
    ] {
        assert_eq!(NotesMsg::from_js(&msg.to_js()), Some(msg));
    }
}

#[wasm_bindgen_test]
fn anything_else_on_the_channel_is_ignored() {
    let with = |k: &str, v: JsValue| {
        let obj = step(None).to_js();
        Reflect::set(&obj, &JsValue::from_str(k), &v).expect("set");
        obj
    };
    let junk = [
        JsValue::from_str("{\"kind\":\"next\"}"),
        JsValue::from_f64(1.0),
        JsValue::NULL,
        Object::new().into(),
        with("kind", "jump".into()),
        with("index", JsValue::from_f64(-1.0)),
        with("total", JsValue::from_f64(2.5)),
        with("title", JsValue::from_f64(7.0)),
        with("lesson", JsValue::UNDEFINED),
    ];
    for v in junk {
        assert_eq!(NotesMsg::from_js(&v), None, "{v:?}");
    }
}
