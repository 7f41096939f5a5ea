//! The side panels in a real browser: each mounted alone on a world built from real commands.
// Needs a DOM: runs under wasm-bindgen-test in headless Chromium only.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

mod common;

use common::{apply as run, new_root, world_of};
use keyfall_core::{Command, SecretSet, World, parse_line};
use keyfall_web::shared::{Selection, WorldRef};
use keyfall_web::{
    AuditLog, AuditLogProps, Inspector, InspectorProps, PermissionsPanel, PermissionsProps,
    RealCommands, RealCommandsProps,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::{BaseComponent, Callback};

wasm_bindgen_test_configure!(run_in_browser);

const XSS: &str = "<img src=x onerror=alert(1)>";
const APP_SECRET: &str = "hunter2-do-not-show";

/// The shared-vault scene of lesson 2: an ADE app, the backup service and an app's own secret,
/// whose tag is hostile HTML.
fn world() -> World {
    let mut w = world_of(
        42,
        &[
            "az ad sp create-for-rbac --name ade-app",
            "az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-rbac-authorization false",
            "az keyvault key create --vault-name kv-ade --name kek --kty RSA --size 3072",
            "az keyvault set-policy --name kv-ade --spn ade-app --key-permissions wrapKey --secret-permissions set",
            "az keyvault set-policy --name kv-ade --spn azure-backup --key-permissions get list backup --secret-permissions get list backup",
        ],
    );
    let secret = Command::SecretSet(SecretSet {
        vault: "kv-ade".into(),
        name: "app-db-password".into(),
        value: APP_SECRET.into(),
        content_type: Some("text/plain".into()),
        tags: vec![("owner".into(), XSS.into())],
        ..Default::default()
    });
    // Through the printer and parser, as the console would see it.
    run(&mut w, &secret.to_string());
    w
}

fn world_ref(w: World, generation: u64) -> WorldRef {
    WorldRef {
        world: Rc::new(w),
        generation,
    }
}

/// Clicks `selector` and checks the command line the panel emits for it.
async fn click_emits(root: &Element, selector: &str, lines: &RefCell<Vec<String>>, line: &str) {
    click(root, selector).await;
    let emitted = lines.borrow().last().cloned();
    assert_eq!(emitted.as_deref(), Some(line), "clicking {selector}");
}

fn recorder() -> (Rc<RefCell<Vec<String>>>, Callback<String>) {
    let lines = Rc::new(RefCell::new(Vec::new()));
    let sink = lines.clone();
    (
        lines,
        Callback::from(move |l: String| sink.borrow_mut().push(l)),
    )
}

async fn mount<C: BaseComponent>(props: C::Properties) -> Element {
    let root = new_root();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn query(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("selector is valid")
        .unwrap_or_else(|| panic!("{selector} is in the DOM"))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).expect("valid").length()
}

async fn click(root: &Element, selector: &str) {
    query(root, selector)
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .click();
    yew::scheduler::flush().await;
}

fn checked(root: &Element, selector: &str) -> bool {
    query(root, selector)
        .dyn_into::<HtmlInputElement>()
        .expect("an input")
        .checked()
}

/// Sends a bubbling event, as a user's edit does; Yew listens at the root.
async fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).expect("an event");
    el.dispatch_event(&event).expect("dispatched");
    yew::scheduler::flush().await;
}

/// Sets a form control's value and sends the event a user's edit sends: `change` from a select,
/// `input` from a text box.
async fn edit(root: &Element, selector: &str, value: &str) {
    let el = query(root, selector);
    if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        select.set_value(value);
        fire(&el, "change").await;
    } else {
        let input: &HtmlInputElement = el.dyn_ref().expect("a select or an input");
        input.set_value(value);
        fire(&el, "input").await;
    }
}

// ---- permissions ----

async fn permissions(w: World, vault: &str) -> (Element, Rc<RefCell<Vec<String>>>) {
    let (lines, on_command) = recorder();
    let root = mount::<PermissionsPanel>(PermissionsProps {
        world: world_ref(w, 1),
        vault: Some(vault.into()),
        on_command,
    })
    .await;
    (root, lines)
}

#[wasm_bindgen_test]
async fn matrix_reflects_the_policies() {
    let (root, _) = permissions(world(), "kv-ade").await;
    assert!(checked(&root, "[data-perm='kv-ade/ade-app/keys/wrapKey']"));
    assert!(checked(&root, "[data-perm='kv-ade/ade-app/secrets/set']"));
    assert!(!checked(
        &root,
        "[data-perm='kv-ade/ade-app/keys/unwrapKey']"
    ));
    assert!(checked(
        &root,
        "[data-perm='kv-ade/azure-backup/secrets/get']"
    ));
    assert!(checked(
        &root,
        "[data-perm='kv-ade/admin@contoso.com/secrets/get']"
    ));
    // R9: the creator's policy is `all`, and `all` includes purge.
    assert!(checked(
        &root,
        "[data-perm='kv-ade/admin@contoso.com/keys/purge']"
    ));
    // Collapsed: the common columns only; expanded: every R9 permission for every row.
    assert!(
        root.query_selector("[data-perm='kv-ade/ade-app/keys/release']")
            .expect("valid")
            .is_none()
    );
    click(&root, "[data-testid=perm-more]").await;
    assert_eq!(count(&root, "[data-perm^='kv-ade/ade-app/keys/']"), 20);
    assert_eq!(count(&root, "[data-perm^='kv-ade/ade-app/secrets/']"), 8);
    assert_eq!(count(&root, "[data-perm^='kv-ade/']"), 3 * 28);
}

#[wasm_bindgen_test]
async fn ticking_emits_set_policy_with_the_full_new_list() {
    let (root, lines) = permissions(world(), "kv-ade").await;
    for tick in [
        "ade-app/keys/unwrapKey",
        "admin@contoso.com/keys/purge",
        "azure-backup/secrets/get",
    ] {
        click(&root, &format!("[data-perm='kv-ade/{tick}']")).await;
    }
    assert_eq!(
        *lines.borrow(),
        [
            "az keyvault set-policy --name kv-ade --spn ade-app --key-permissions unwrapKey wrapKey",
            "az keyvault set-policy --name kv-ade --upn admin@contoso.com --key-permissions get list update create import delete recover backup restore decrypt encrypt unwrapKey wrapKey verify sign release rotate getrotationpolicy setrotationpolicy",
            "az keyvault set-policy --name kv-ade --spn azure-backup --secret-permissions list backup",
        ]
    );
    // The box shows the world, which has not changed yet: the app decides whether to run it.
    assert!(!checked(
        &root,
        "[data-perm='kv-ade/ade-app/keys/unwrapKey']"
    ));

    // Run the emitted line and the box follows the world.
    let mut w = world();
    run(&mut w, &lines.borrow()[0]);
    let (root, _) = permissions(w, "kv-ade").await;
    assert!(checked(
        &root,
        "[data-perm='kv-ade/ade-app/keys/unwrapKey']"
    ));
    assert!(checked(&root, "[data-perm='kv-ade/ade-app/keys/wrapKey']"));
}

#[wasm_bindgen_test]
async fn unticking_the_last_permission_of_a_category_sets_it_empty() {
    let (root, lines) = permissions(world(), "kv-ade").await;
    // ade-app holds one secret permission: the flag alone empties the category, as az's
    // `nargs='*'` allows, and keeps the key permission.
    click(&root, "[data-perm='kv-ade/ade-app/secrets/set']").await;
    assert_eq!(
        *lines.borrow(),
        ["az keyvault set-policy --name kv-ade --spn ade-app --secret-permissions"]
    );
    let mut w = world();
    for line in lines.borrow().iter() {
        run(&mut w, line);
    }
    let v = w.vault("kv-ade").expect("vault");
    let p = v
        .policies
        .iter()
        .find(|p| p.principal == "ade-app")
        .expect("policy");
    assert!(p.secrets.is_empty() && p.keys.len() == 1);
}

#[wasm_bindgen_test]
async fn remove_row_switches_and_added_principals_emit_commands() {
    let (root, lines) = permissions(world(), "kv-ade").await;
    click(&root, "[data-remove-policy='ade-app']").await;
    click(&root, "[data-testid='switch-enabledForDiskEncryption']").await;
    click(&root, "[data-testid=enable-purge-protection]").await;
    // Add platform-arm: an empty row, and the first tick creates its entry.
    edit(&root, "[data-testid=perm-add-principal]", "platform-arm").await;
    click(&root, "[data-testid=perm-add]").await;
    assert!(!checked(
        &root,
        "[data-perm='kv-ade/platform-arm/secrets/get']"
    ));
    click(&root, "[data-perm='kv-ade/platform-arm/secrets/get']").await;
    assert_eq!(
        *lines.borrow(),
        [
            "az keyvault delete-policy --name kv-ade --spn ade-app",
            "az keyvault update --name kv-ade --enabled-for-disk-encryption false",
            "az keyvault update --name kv-ade --enable-purge-protection true",
            "az keyvault set-policy --name kv-ade --spn platform-arm --secret-permissions get",
        ]
    );
    for line in lines.borrow().iter() {
        assert!(parse_line(line).is_ok(), "{line}");
    }
}

#[wasm_bindgen_test]
async fn effective_access_shows_the_platform_reaching_an_app_secret() {
    let (root, _) = permissions(world(), "kv-ade").await;
    let blast = query(&root, "[data-testid=blast-radius]")
        .text_content()
        .unwrap_or_default();
    assert!(
        blast.contains("platform-ade") && blast.contains("app-db-password"),
        "{blast}"
    );
    query(&root, "[data-access='platform-ade/secrets/get']");
    query(&root, "[data-access='azure-backup/keys/backup']");
}

#[wasm_bindgen_test]
async fn rbac_vault_lists_role_assignments() {
    let mut w = world();
    run(
        &mut w,
        "az keyvault create --name kv-rbac --resource-group rg --location westeurope --enable-rbac-authorization true",
    );
    run(
        &mut w,
        "az role assignment create --assignee ade-app --role \"Key Vault Crypto Service Encryption User\" --scope kv-rbac",
    );
    let (root, lines) = permissions(w, "kv-rbac").await;
    query(
        &root,
        "[data-role-assignment='ade-app/Key Vault Crypto Service Encryption User']",
    );
    assert!(root.text_content().unwrap_or_default().contains("void"));
    edit(&root, "[data-testid=role-principal]", "azure-backup").await;
    edit(&root, "[data-testid=role-role]", "Key Vault Secrets User").await;
    let assign = "az role assignment create --assignee azure-backup --role \"Key Vault Secrets User\" --scope kv-rbac";
    click_emits(&root, "[data-testid=role-add]", &lines, assign).await;
}

// ---- audit log ----

/// The admin shows the KEK `times` times: as many allowed entries in the audit log.
fn show_kek(w: &mut World, times: usize) {
    let show = parse_line("az keyvault key show --vault-name kv-ade --name kek")
        .expect("parses")
        .expect("command");
    for _ in 0..times {
        w.apply(&show).expect("admin can show the key");
    }
}

#[wasm_bindgen_test]
async fn audit_log_renders_a_window_of_thousands_of_rows() {
    let mut w = world();
    show_kek(&mut w, 2_100);
    // Two denied calls, as the ADE app, which holds no get.
    let denied = parse_line(
        "sim as ade-app az keyvault secret show --vault-name kv-ade --name app-db-password",
    )
    .expect("parses")
    .expect("command");
    for _ in 0..2 {
        assert!(w.apply(&denied).is_err());
    }
    let total = w.audit().len();
    assert!(total > 2_100);
    let last_id = w.audit().last().map(|e| e.id).expect("entries");
    let key_creates = w
        .audit()
        .iter()
        .filter(|e| e.operation_name == "KeyCreate")
        .count() as u32;

    let root = mount::<AuditLog>(AuditLogProps {
        world: world_ref(w, 7),
    })
    .await;
    let rendered = count(&root, "[data-testid=audit-row]");
    assert!(rendered > 5 && rendered < 100, "{rendered} rows in the DOM");
    let spacer = query(&root, "[data-testid=audit-spacer]");
    assert_eq!(
        spacer.get_attribute("style").as_deref(),
        Some(format!("height:{}px", total * 40).as_str())
    );
    // Newest at the bottom, and followed.
    let rows = root
        .query_selector_all("[data-testid=audit-row]")
        .expect("valid");
    let last = rows.item(rows.length() - 1).expect("a row");
    let last = last.dyn_into::<Element>().expect("element");
    assert_eq!(last.get_attribute("data-id"), Some(last_id.to_string()));
    assert_eq!(last.get_attribute("data-status").as_deref(), Some("403"));
    assert_eq!(last.get_attribute("data-op").as_deref(), Some("SecretGet"));

    edit(&root, "[data-testid=audit-filter-result]", "denied").await;
    assert_eq!(count(&root, "[data-testid=audit-row]"), 2);
    assert_eq!(
        count(&root, "[data-testid=audit-row][data-status='403']"),
        2
    );
    edit(&root, "[data-testid=audit-filter-result]", "all").await;

    edit(&root, "[data-testid=audit-filter-text]", "keycreate").await;
    assert_eq!(count(&root, "[data-testid=audit-row]"), key_creates);
    assert_eq!(
        count(&root, "[data-testid=audit-row][data-op=KeyCreate]"),
        key_creates
    );
    edit(&root, "[data-testid=audit-filter-text]", "").await;

    edit(&root, "[data-testid=audit-filter-caller]", "ade-app").await;
    assert_eq!(count(&root, "[data-testid=audit-row]"), 2);
    let counter = query(&root, "[data-testid=audit-count]")
        .text_content()
        .unwrap_or_default();
    assert!(counter.starts_with(&format!("2 of {total}")), "{counter}");
}

#[wasm_bindgen_test]
async fn audit_log_scrolled_to_the_top_shows_the_first_rows() {
    let mut w = world();
    show_kek(&mut w, 500);
    let root = mount::<AuditLog>(AuditLogProps {
        world: world_ref(w, 1),
    })
    .await;
    let scroller = query(&root, "[data-testid=audit-scroll]");
    // The test page has no stylesheet: give the container the height panels.css gives it.
    scroller
        .set_attribute("style", "height:400px;overflow-y:auto")
        .expect("style set");
    scroller.set_scroll_top(0);
    fire(&scroller, "scroll").await;
    query(&root, "[data-testid=audit-row][data-id='1']");
    assert!(count(&root, "[data-testid=audit-row]") < 60);
}

#[wasm_bindgen_test]
async fn activity_log_shows_role_assignments_the_audit_log_does_not() {
    // R14: a role assignment is a Resource Manager operation, in the Activity log section.
    let mut w = world();
    run(
        &mut w,
        "az role assignment create --assignee ade-app --role \"Key Vault Secrets User\" --scope kv-ade",
    );
    let denied = parse_line(
        "sim as ade-app az role assignment delete --assignee ade-app --role \"Key Vault Secrets User\" --scope kv-ade",
    )
    .expect("parses")
    .expect("command");
    assert!(w.apply(&denied).is_err());
    let events = w.activity().len();
    let root = mount::<AuditLog>(AuditLogProps {
        world: world_ref(w, 3),
    })
    .await;
    assert_eq!(count(&root, "[data-testid=activity-row]"), events as u32);
    assert_eq!(
        count(
            &root,
            "[data-testid=activity-row][data-op='Microsoft.Authorization/roleAssignments/write'][data-status=Succeeded]"
        ),
        1
    );
    assert_eq!(
        count(
            &root,
            "[data-testid=activity-row][data-op='Microsoft.Authorization/roleAssignments/delete'][data-status=Failed]"
        ),
        1
    );
    edit(&root, "[data-testid=audit-filter-text]", "role").await;
    assert_eq!(count(&root, "[data-testid=audit-row]"), 0);
    let heading = query(&root, ".activity .panel-title")
        .text_content()
        .unwrap_or_default();
    assert_eq!(heading, "Activity log (Azure Resource Manager)");
}

// ---- inspector ----

async fn inspector(w: World, selection: Selection) -> (Element, Rc<RefCell<Vec<String>>>) {
    let (lines, on_command) = recorder();
    let root = mount::<Inspector>(InspectorProps {
        world: world_ref(w, 1),
        selection: Some(selection),
        on_select: Callback::from(|_| {}),
        on_command,
    })
    .await;
    (root, lines)
}

#[wasm_bindgen_test]
async fn inspector_masks_secret_values_until_revealed_and_tags_stay_text() {
    let secret = Selection::Secret {
        vault: "kv-ade".into(),
        name: "app-db-password".into(),
    };
    let (root, lines) = inspector(world(), secret).await;
    let html = root.inner_html();
    assert!(
        !html.contains(APP_SECRET),
        "the value is not in the DOM before Reveal"
    );
    assert!(html.contains("•••••"));
    // The hostile tag shows as text: no element was made from it.
    assert!(root.query_selector("img").expect("valid").is_none());
    assert_eq!(
        query(&root, "[data-tag=owner]").text_content().as_deref(),
        Some(XSS)
    );
    query(&root, "[data-access='platform-ade/secrets/get']");

    click(&root, "[data-testid=reveal]").await;
    assert_eq!(
        query(&root, "[data-testid=secret-value]")
            .text_content()
            .as_deref(),
        Some(APP_SECRET)
    );
    click(&root, "[data-testid=reveal]").await;
    assert!(
        !root.inner_html().contains(APP_SECRET),
        "Hide removes it again"
    );

    click_emits(
        &root,
        "[data-action=Delete]",
        &lines,
        "az keyvault secret delete --vault-name kv-ade --name app-db-password",
    )
    .await;
}

#[wasm_bindgen_test]
async fn inspector_shows_key_versions_and_emits_actions() {
    let mut w = world();
    run(
        &mut w,
        "az keyvault set-policy --name kv-ade --upn admin@contoso.com --key-permissions get list create delete rotate",
    );
    run(
        &mut w,
        "az keyvault key rotate --vault-name kv-ade --name kek",
    );
    let kek = Selection::Key {
        vault: "kv-ade".into(),
        name: "kek".into(),
    };
    let (root, lines) = inspector(w, kek).await;
    assert_eq!(count(&root, ".versions li"), 2);
    assert!(
        root.inner_html()
            .contains("https://kv-ade.vault.azure.net/keys/kek/")
    );
    click_emits(
        &root,
        "[data-action=Rotate]",
        &lines,
        "az keyvault key rotate --vault-name kv-ade --name kek",
    )
    .await;
}

// ---- real commands ----

#[wasm_bindgen_test]
async fn real_commands_turn_sim_lines_into_comments() {
    let lines: Vec<String> = [
        "az keyvault create --name kv-ade --resource-group rg --location westeurope --enabled-for-disk-encryption true --retention-days 7 --enable-rbac-authorization false",
        "sim advance 30d",
        "sim write vm1 /data/x.csv \"<script>alert(1)</script>\"",
        "sim expect ok",
    ]
    .map(String::from)
    .to_vec();
    let root = mount::<RealCommands>(RealCommandsProps {
        lines: Rc::new(lines),
    })
    .await;
    let script = query(&root, "[data-testid=real-script]")
        .text_content()
        .unwrap_or_default();
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
    assert!(
        script.contains("\naz keyvault create --name kv-ade ")
            && script.contains(" --enable-rbac-authorization false\n"),
        "{script}"
    );
    assert!(script.contains("# Wait 30d"), "{script}");
    assert!(
        script.contains("# Expect the command above to succeed."),
        "{script}"
    );
    for line in script.lines().filter(|l| !l.is_empty()) {
        assert!(line.starts_with('#') || line.starts_with("az "), "{line}");
    }
    assert!(root.query_selector("script").expect("valid").is_none());
}
