//! "About this simulation": its text stays in step with `docs/fidelity.md` (natively), and the
//! panel shows the three lists, takes focus, keeps Tab inside and closes on Escape (in the
//! browser).

// Pure data: runs natively (`cargo test -p keyfall-web`).
#[cfg(not(target_arch = "wasm32"))]
mod text {
    use keyfall_core::{Span, inline_spans};
    use keyfall_web::about::{CHECKED, FIDELITY_PAGE, SECTIONS};

    /// The page the panel summarises.
    const FIDELITY: &str = include_str!("../../../docs/fidelity.md");

    fn plain(item: &str) -> String {
        inline_spans(item)
            .into_iter()
            .map(|s| match s {
                Span::Text(t) | Span::Code(t) | Span::Emph(t) | Span::Strong(t) => t,
            })
            .collect()
    }

    #[test]
    fn three_lists_modelled_inference_not_modelled() {
        let titles: Vec<_> = SECTIONS.iter().map(|s| s.title).collect();
        assert_eq!(
            titles,
            [
                "Modelled (checked against Microsoft's sources)",
                "Our inference (no Microsoft source says exactly this)",
                "Not modelled",
            ]
        );
        for s in SECTIONS {
            assert!(!s.items.is_empty(), "{} is empty", s.key);
        }
    }

    /// Readable off a projector: one short sentence an item.
    #[test]
    fn each_item_is_one_short_sentence() {
        for item in SECTIONS.iter().flat_map(|s| s.items) {
            let text = plain(item);
            assert!(text.ends_with('.'), "ends with a full stop: {text}");
            assert!(
                !text.trim_end_matches('.').contains(". "),
                "one sentence: {text}"
            );
            assert!(
                text.chars().count() <= 130,
                "{} characters: {text}",
                text.chars().count()
            );
        }
    }

    /// A name in backticks (`VmBootLocked`, `platform-ade`) is one the page uses too, so a
    /// rename on either side shows here.
    #[test]
    fn every_name_in_code_is_on_the_fidelity_page() {
        for item in SECTIONS.iter().flat_map(|s| s.items) {
            for span in inline_spans(item) {
                if let Span::Code(name) = span {
                    assert!(
                        FIDELITY.contains(&format!("`{name}`")),
                        "{name} is not in {FIDELITY_PAGE}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_check_date_is_the_fidelity_pages() {
        assert!(
            FIDELITY.contains(&format!("Sources were checked on **{CHECKED}**")),
            "{FIDELITY_PAGE} gives another date than {CHECKED}: update the panel's text too"
        );
    }

    /// The inferences the fidelity page lists that a trainer most often meets.
    #[test]
    fn the_named_inferences_are_there() {
        let inference = SECTIONS
            .iter()
            .find(|s| s.key == "inference")
            .expect("an inference list");
        let all = inference.items.join(" ");
        for needle in [
            "`enabledForDiskEncryption`",
            "BitLocker recovery screen",
            "`VmBootLocked`",
            "the subscription owner",
            "AES-256-GCM stands in for RSA",
            "`platform-ade`",
            "Every public region",
            "one OS disk",
        ] {
            assert!(all.contains(needle), "inference list lacks {needle}");
        }
    }
}

// Needs a DOM: runs under wasm-bindgen-test in headless Chromium.
#[cfg(target_arch = "wasm32")]
mod panel {
    use std::cell::Cell;
    use std::rc::Rc;

    use keyfall_web::{AboutDialog, AboutDialogProps};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
    use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};
    use yew::{AppHandle, Callback};

    wasm_bindgen_test_configure!(run_in_browser);

    /// Mounts the panel after focusing a button of the page, as the header's *About* is; counts
    /// the close requests.
    async fn mount() -> (Element, HtmlElement, Rc<Cell<u32>>, AppHandle<AboutDialog>) {
        let document = gloo::utils::document();
        let body = document.body().expect("test page has a body");
        let opener: HtmlElement = document
            .create_element("button")
            .expect("a button")
            .unchecked_into();
        body.append_child(&opener).expect("attach the button");
        opener.focus().expect("the button takes focus");
        let root = document.create_element("div").expect("a div");
        body.append_child(&root).expect("attach the root");
        let closed = Rc::new(Cell::new(0));
        let on_close = {
            let closed = closed.clone();
            Callback::from(move |()| closed.set(closed.get() + 1))
        };
        let app = yew::Renderer::<AboutDialog>::with_root_and_props(
            root.clone(),
            AboutDialogProps { on_close },
        )
        .render();
        yew::scheduler::flush().await;
        (root, opener, closed, app)
    }

    fn query(root: &Element, selector: &str) -> Element {
        root.query_selector(selector)
            .expect("selector is valid")
            .unwrap_or_else(|| panic!("{selector} is in the DOM"))
    }

    fn active() -> Option<Element> {
        gloo::utils::document().active_element()
    }

    /// A key pressed on the focused element, bubbling to the dialog.
    async fn press(key: &str, shift: bool) -> bool {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
        active()
            .expect("something has focus")
            .dispatch_event(&e)
            .expect("dispatched");
        yew::scheduler::flush().await;
        e.default_prevented()
    }

    #[wasm_bindgen_test]
    async fn shows_the_three_lists_and_a_known_item() {
        let (root, ..) = mount().await;
        let dialog = query(&root, "[data-testid=about][role=dialog]");
        assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
        let headings: Vec<String> = {
            let list = root.query_selector_all("h3").expect("valid");
            (0..list.length())
                .filter_map(|i| list.item(i).and_then(|n| n.text_content()))
                .collect()
        };
        assert_eq!(headings.len(), 3, "{headings:?}");
        for (h, want) in headings.iter().zip([
            "Modelled (checked against Microsoft's sources)",
            "Our inference (no Microsoft source says exactly this)",
            "Not modelled",
        ]) {
            assert!(h.ends_with(want), "{h:?} is not {want:?}");
        }
        let inference = query(&root, "[data-testid=about-inference]")
            .text_content()
            .unwrap_or_default();
        assert!(
            inference.contains("VmBootLocked is Keyfall's name for that failure"),
            "{inference}"
        );
        // Names are code, drawn as text.
        assert_eq!(
            query(&root, "[data-testid=about-inference] code").text_content(),
            Some("enabledForDiskEncryption".into())
        );
        let not_modelled = query(&root, "[data-testid=about-not-modelled]")
            .text_content()
            .unwrap_or_default();
        assert!(not_modelled.contains("Certificates in Key Vault."));
        let all = dialog.text_content().unwrap_or_default();
        assert!(all.contains("outrank it"), "Microsoft's sources come first");
        assert!(all.contains("docs/fidelity.md"));
    }

    #[wasm_bindgen_test]
    async fn focus_goes_to_close_stays_inside_and_escape_closes() {
        let (root, _, closed, _) = mount().await;
        let close = query(&root, "[data-testid=about-close]");
        let text = query(&root, ".about-body");
        assert_eq!(active(), Some(close.clone()), "focus starts on Close");
        assert!(press("Tab", false).await);
        assert_eq!(
            active(),
            Some(text.clone()),
            "Tab past Close wraps to the text"
        );
        assert!(press("Tab", false).await);
        assert_eq!(active(), Some(close.clone()));
        assert!(press("Tab", true).await);
        assert_eq!(active(), Some(text.clone()), "Shift+Tab goes back");
        assert!(press("Tab", true).await);
        assert_eq!(
            active(),
            Some(close),
            "Shift+Tab from the text wraps to Close"
        );
        assert_eq!(closed.get(), 0);
        assert!(press("Escape", false).await);
        assert_eq!(closed.get(), 1, "Escape closes");
    }

    #[wasm_bindgen_test]
    async fn closing_gives_focus_back() {
        let (_, opener, _, app) = mount().await;
        let opener: Element = opener.into();
        assert_ne!(active(), Some(opener.clone()));
        app.destroy();
        yew::scheduler::flush().await;
        assert_eq!(active(), Some(opener), "focus is back on the opener");
    }
}
