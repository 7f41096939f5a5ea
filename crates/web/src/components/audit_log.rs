//! The audit log (R14): every call on every vault, filterable, exportable as JSON lines; and
//! beside it the subscription's Activity log, the Resource Manager operations (role assignments,
//! vault writes, deletes and purges) that Key Vault's own audit log does not hold or shares.
//!
//! A lesson or a long session makes thousands of entries, so only the rows in view (plus a few
//! either side) are in the DOM: rows have a fixed height and sit absolutely inside a spacer as tall
//! as all rows together, which keeps the scrollbar honest. The log follows the newest entry (at
//! the bottom) until the user scrolls up, and resumes when they scroll back to the end.

use std::rc::Rc;

use keyfall_core::{ActivityEntry, AuditEntry};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::export_file;
use super::widgets::option;
use crate::shared::{WorldRef, distinct_sorted};

/// Props of [`AuditLog`].
#[derive(Debug, Properties, PartialEq)]
pub struct AuditLogProps {
    pub world: WorldRef,
}

/// Height of one row in CSS pixels; `.audit-row` in panels.css uses the same number.
pub const ROW_HEIGHT: u32 = 40;
/// Viewport height assumed until the container has been measured (and in detached tests).
const DEFAULT_VIEWPORT: f64 = 480.0;
/// The visible height of the scroll container. It cannot show more than the window, whatever its
/// own box says (before the stylesheet gives it a height, its box is as tall as every row).
fn visible_height(el: &Element) -> Option<f64> {
    let h = f64::from(el.client_height());
    let window = gloo::utils::window()
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(DEFAULT_VIEWPORT);
    (h > 0.0).then(|| h.min(window))
}

/// Rows rendered above and below the visible ones, so fast scrolling shows no blank gap.
const OVERSCAN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    All,
    Allowed,
    Denied,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    caller: String,
    op: String,
    outcome: Outcome,
    text: String,
}

impl Filter {
    fn keeps(&self, e: &AuditEntry) -> bool {
        let allowed = e.http_status_code < 400;
        (self.caller.is_empty() || e.caller == self.caller)
            && (self.op.is_empty() || e.operation_name == self.op)
            && match self.outcome {
                Outcome::All => true,
                Outcome::Allowed => allowed,
                Outcome::Denied => !allowed,
            }
            && (self.text.is_empty() || {
                // Callers, vaults, operations and URIs are ASCII names: ASCII case folding
                // is enough, and keeps Unicode's case tables out of the wasm.
                let needle = self.text.to_ascii_lowercase();
                [
                    e.caller.as_str(),
                    e.operation_name.as_str(),
                    e.request_uri.as_str(),
                    e.result_description.as_str(),
                    e.result_signature,
                    e.vault.as_str(),
                ]
                .iter()
                .any(|f| f.to_ascii_lowercase().contains(&needle))
                    || e.http_status_code.to_string() == needle
            })
    }
}

/// `keys/kek/3f2a...` from the request URI, or the vault itself for vault-level calls.
fn object(e: &AuditEntry) -> &str {
    e.request_uri
        .split(".vault.azure.net/")
        .nth(1)
        .and_then(|rest| rest.split('?').next())
        .filter(|s| !s.is_empty())
        .unwrap_or(&e.vault)
}

/// `2026-01-03 14:00`: the seconds are always zero in a simulated session and cost width.
fn short_time(e: &AuditEntry) -> String {
    let full = e.time.to_string();
    full.get(..16).unwrap_or(&full).replace('T', " ")
}

/// The columns: class and heading.
const COLUMNS: [(&str, &str); 7] = [
    ("c-id", "#"),
    ("c-time", "Time"),
    ("c-caller", "Caller"),
    ("c-op", "Operation"),
    ("c-object", "Object"),
    ("c-status", "Status"),
    ("c-reason", "Result"),
];

/// A filter that picks one of `options`, under its label.
fn select_filter(
    label: &'static str,
    testid: &'static str,
    onchange: Callback<Event>,
    options: Html,
) -> Html {
    html! {
        <label class="field">
            <span class="field-label">{ label }</span>
            <select data-testid={testid} {onchange}>{ options }</select>
        </label>
    }
}

/// A table's header row: the columns' names.
fn header(columns: &[(&'static str, &'static str)]) -> Html {
    html! {
        <>{ for columns.iter().map(|(class, head)| html! {
            <span role="columnheader" class={*class}>{ *head }</span>
        }) }</>
    }
}

/// A row's cells, in the order of [`COLUMNS`] (the Activity log's columns have the same
/// classes): each a title, the full text where the column cuts it short, and the text shown.
fn cells(values: [(Option<String>, String); 7]) -> Html {
    html! {
        <>{ for COLUMNS.iter().zip(values).map(|((class, _), (title, text))| html! {
            <span role="cell" class={*class} {title}>{ text }</span>
        }) }</>
    }
}

/// The audit log panel.
#[function_component]
pub fn AuditLog(props: &AuditLogProps) -> Html {
    let filter = use_state_eq(|| Filter {
        caller: String::new(),
        op: String::new(),
        outcome: Outcome::All,
        text: String::new(),
    });
    // `None` follows the newest entry; `Some(top)` is where the user scrolled to.
    let scroll = use_state_eq(|| None::<f64>);
    let viewport = use_state_eq(|| DEFAULT_VIEWPORT);
    let status = use_state(String::new);
    let activity_status = use_state(String::new);
    let container = use_node_ref();

    // Indices of the entries the filter keeps; recomputed only when the world or filter changes,
    // not on every scroll event.
    let kept: Rc<Vec<usize>> = use_memo(
        (props.world.clone(), (*filter).clone()),
        |(world, filter)| {
            world
                .audit()
                .iter()
                .enumerate()
                .filter(|(_, e)| filter.keeps(e))
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        },
    );
    let entries = props.world.audit();
    let total = kept.len();
    let row = f64::from(ROW_HEIGHT);
    let full_height = total as f64 * row;
    let top = scroll.unwrap_or((full_height - *viewport).max(0.0));
    let first = ((top / row).floor() as usize)
        .saturating_sub(OVERSCAN)
        .min(total);
    let last = (first + (*viewport / row).ceil() as usize + 2 * OVERSCAN).min(total);

    // Follow the newest entry: after a render that added rows, jump to the end unless the user
    // has scrolled up. Also measure the real viewport once the panel is laid out.
    {
        let container = container.clone();
        let viewport = viewport.clone();
        let following = scroll.is_none();
        use_effect_with((props.world.generation, total, following), move |_| {
            if let Some(el) = container.cast::<Element>() {
                if let Some(h) = visible_height(&el) {
                    viewport.set(h);
                }
                if following {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }

    let onscroll = {
        let scroll = scroll.clone();
        let viewport = viewport.clone();
        let container = container.clone();
        Callback::from(move |_: Event| {
            let Some(el) = container.cast::<Element>() else {
                return;
            };
            let (top, h, height) = (
                f64::from(el.scroll_top()),
                f64::from(el.client_height()),
                f64::from(el.scroll_height()),
            );
            if let Some(v) = visible_height(&el) {
                viewport.set(v);
            }
            let at_end = top + h >= height - row / 2.0;
            scroll.set(if at_end { None } else { Some(top) });
        })
    };

    let callers = distinct_sorted(entries.iter().map(|e| e.caller.as_str()));
    let ops = distinct_sorted(entries.iter().map(|e| e.operation_name.as_str()));
    let set_filter = |f: fn(&mut Filter, String)| {
        let filter = filter.clone();
        let scroll = scroll.clone();
        move |value: String| {
            let mut next = (*filter).clone();
            f(&mut next, value);
            filter.set(next);
            // A new filter shows its newest matches, as the unfiltered log does.
            scroll.set(None);
        }
    };
    let on_select = |f: fn(&mut Filter, String)| {
        let set = set_filter(f);
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                set(s.value());
            }
        })
    };
    let on_caller = on_select(|f, v| f.caller = v);
    let on_op = on_select(|f, v| f.op = v);
    let on_outcome = on_select(|f, v| {
        f.outcome = match v.as_str() {
            "allowed" => Outcome::Allowed,
            "denied" => Outcome::Denied,
            _ => Outcome::All,
        }
    });
    let on_text = {
        let set = set_filter(|f, v| f.text = v);
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                set(i.value());
            }
        })
    };
    let on_export = {
        let world = props.world.clone();
        let kept = kept.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let mut text = String::new();
            for e in kept.iter().filter_map(|i| world.audit().get(*i)) {
                // The core's hand-written JSON, equal to serde_json's (tested there), so the
                // wasm carries no JSON serializer.
                text.push_str(&e.to_json_line());
                text.push('\n');
            }
            let n = kept.len();
            status.set(
                match export_file::download("keyfall-audit.jsonl", "application/x-ndjson", &text) {
                    Ok(()) => format!("Exported {n} entries to keyfall-audit.jsonl."),
                    Err(e) => format!("Export failed: {e}"),
                },
            );
        })
    };

    let rows = kept[first..last].iter().enumerate().filter_map(|(k, i)| {
        let e = entries.get(*i)?;
        let allowed = e.http_status_code < 400;
        // Whole pixels, formatted as integers: no float printing in the wasm (layout::num).
        let y = (first + k) * ROW_HEIGHT as usize;
        let status = format!(
            "{}{}",
            if allowed { "✓ " } else { "✗ " },
            e.http_status_code
        );
        Some(html! {
            <div class={if allowed { "audit-row allowed" } else { "audit-row denied" }}
                role="row" data-testid="audit-row" data-id={e.id.to_string()}
                data-op={e.operation_name.clone()} data-status={e.http_status_code.to_string()}
                style={format!("top:{y}px;height:{ROW_HEIGHT}px")}>
                { cells([
                    (None, format!("#{}", e.id)),
                    (Some(e.time.to_string()), short_time(e)),
                    (Some(e.caller.clone()), e.caller.clone()),
                    (None, e.operation_name.clone()),
                    (Some(e.request_uri.clone()), object(e).to_owned()),
                    (Some(format!("resultSignature: {}", e.result_signature)), status),
                    (Some(e.result_description.clone()), e.result_description.clone()),
                ]) }
            </div>
        })
    });

    html! {
        <>
        <section class="panel audit" aria-label="Audit log">
            <h2 class="panel-title">{"Audit log (Key Vault AuditEvent)"}</h2>
            <div class="filters">
                { select_filter("Caller", "audit-filter-caller", on_caller, html! {
                    <>
                        { option("", "All callers", filter.caller.is_empty()) }
                        { for callers.iter().map(|c| option(c, c, filter.caller == *c)) }
                    </>
                }) }
                { select_filter("Operation", "audit-filter-op", on_op, html! {
                    <>
                        { option("", "All operations", filter.op.is_empty()) }
                        { for ops.iter().map(|o| option(o, o, filter.op == *o)) }
                    </>
                }) }
                { select_filter("Result", "audit-filter-result", on_outcome, html! {
                    <>
                        { option("all", "All", filter.outcome == Outcome::All) }
                        { option("allowed", "✓ Allowed", filter.outcome == Outcome::Allowed) }
                        { option("denied", "✗ Denied", filter.outcome == Outcome::Denied) }
                    </>
                }) }
                <label class="field grow">
                    <span class="field-label">{"Search"}</span>
                    <input type="search" data-testid="audit-filter-text" value={filter.text.clone()}
                        placeholder="kek, 403, Forbidden…" oninput={on_text} />
                </label>
                <button class="btn" data-testid="audit-export" onclick={on_export}>
                    {"↓ Export JSON lines"}
                </button>
            </div>
            <p class="count" data-testid="audit-count" aria-live="polite">
                { format!("{total} of {} entries", entries.len()) }
                { if status.is_empty() { String::new() } else { format!(" · {}", *status) } }
            </p>
            <div class="audit-table" role="table" aria-label="Audit entries"
                aria-rowcount={total.to_string()}>
                <div class="audit-row audit-head" role="row">
                    { header(&COLUMNS) }
                </div>
                <div class="audit-scroll" data-testid="audit-scroll" ref={container} {onscroll}
                    role="rowgroup" tabindex="0" aria-label="Audit entries, scrollable">
                    // The spacer only sizes the scroll range: "none" keeps the rows direct
                    // children of the row group for assistive technology (axe aria-required-children).
                    <div class="audit-spacer" role="none" data-testid="audit-spacer"
                        style={format!("height:{}px", total * ROW_HEIGHT as usize)}>
                        { for rows }
                    </div>
                </div>
            </div>
        </section>
        { activity_log(&props.world, &activity_status) }
        </>
    }
}

/// The Activity log's columns: class and heading.
const ACTIVITY_COLUMNS: [(&str, &str); 7] = [
    ("c-id", "#"),
    ("c-time", "Time"),
    ("c-caller", "Caller"),
    ("c-op", "Operation"),
    ("c-object", "Resource"),
    ("c-status", "Status"),
    ("c-reason", "Details"),
];

/// The subscription's Activity log, under the audit log: few rows (control-plane operations
/// only), all in the DOM, newest last as in the audit log.
fn activity_log(world: &WorldRef, status: &UseStateHandle<String>) -> Html {
    let entries = world.activity();
    let on_export = {
        let world = world.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let mut text = String::new();
            for e in world.activity() {
                text.push_str(&e.to_json_line());
                text.push('\n');
            }
            let n = world.activity().len();
            status.set(
                match export_file::download("keyfall-activity.jsonl", "application/x-ndjson", &text)
                {
                    Ok(()) => {
                        format!("Exported {n} Activity log events to keyfall-activity.jsonl.")
                    }
                    Err(e) => format!("Export failed: {e}"),
                },
            );
        })
    };
    html! {
        <section class="panel activity" aria-label="Activity log (Azure Resource Manager)">
            <h2 class="panel-title">{"Activity log (Azure Resource Manager)"}</h2>
            <p class="note">
                {"The subscription's record of Resource Manager writes, deletes and actions. \
                  Role assignments and vault purges are only here: Key Vault's audit log above \
                  never sees them."}
            </p>
            <div class="filters">
                <p class="count" data-testid="activity-count" aria-live="polite">
                    { format!("{} events", entries.len()) }
                    { if status.is_empty() { String::new() } else { format!(" · {}", **status) } }
                </p>
                <button class="btn" data-testid="activity-export" onclick={on_export}>
                    {"↓ Export JSON lines"}
                </button>
            </div>
            <div class="audit-table" role="table" aria-label="Activity log events"
                aria-rowcount={entries.len().to_string()}>
                <div class="audit-row activity-row audit-head" role="row">
                    { header(&ACTIVITY_COLUMNS) }
                </div>
                <div class="activity-scroll" data-testid="activity-scroll" role="rowgroup"
                    tabindex="0" aria-label="Activity log events, scrollable">
                    { for entries.iter().map(activity_row) }
                </div>
            </div>
        </section>
    }
}

/// One event of the Activity log.
fn activity_row(e: &ActivityEntry) -> Html {
    let ok = e.succeeded();
    let time = e.event_timestamp.to_string();
    let short = time.get(..16).unwrap_or(&time).replace('T', " ");
    let mark = if ok { "✓ " } else { "✗ " };
    html! {
        <div class={if ok { "audit-row activity-row allowed" } else { "audit-row activity-row denied" }}
            role="row" data-testid="activity-row" data-id={e.id.to_string()}
            data-op={e.operation_name} data-status={e.status}>
            { cells([
                (None, format!("#{}", e.id)),
                (Some(time.clone()), short),
                (Some(e.caller.clone()), e.caller.clone()),
                (Some(e.operation_name.to_owned()), e.operation_name.to_owned()),
                (Some(e.resource_id.clone()), e.vault().to_owned()),
                (Some(format!("subStatus: {}", e.sub_status)), format!("{mark}{}", e.status)),
                (Some(e.description.clone()), e.description.clone()),
            ]) }
        </div>
    }
}
