//! A lesson as one self-contained HTML page to hand out or print: its title and summary, then
//! each step with its narration, each command with its outcome (the transcript `keyfall run`
//! prints, failures marked in words as well as colour), and the stage as it stands after the
//! step, drawn in the light theme. Nothing is fetched: the styles are in the page and the
//! pictures are inline SVG, their style sheet written once and scoped to them. The same
//! scenario and seed give the same bytes.
//!
//! Plain Rust with no rasteriser, so the CLI (`keyfall handout`) and the app can both build it.

use keyfall_core::{Call, CallResult, Event, Goal, Record, Scenario, Span, Step, inline_spans};

use crate::scene::{Node, escape};
use crate::shot::Shot;
use crate::standalone::{Theme, css, svg_picture};

/// The page's own styles, for screen and print. Print: the paper's size is the printer's (A4 or
/// Letter), every step starts a page, a picture or a command is never split, nothing dark.
const PAGE_CSS: &str = "\
*{box-sizing:border-box}\
html{color:#1b2330;background:#fff}\
body{font:11pt/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;\
max-width:52rem;margin:0 auto;padding:2rem 1.25rem}\
h1{font-size:1.8em;line-height:1.2;margin:.2em 0 .4em}\
h2{font-size:1.35em;line-height:1.25;margin:0 0 .5em}\
h2 .num{display:block;font-size:10pt;font-weight:600;letter-spacing:.06em;\
text-transform:uppercase;color:#4a5668}\
.kicker{margin:0;font-weight:600;color:#4a5668}\
.summary{font-size:1.1em}\
.meta{color:#4a5668}\
section.step{margin-top:2.5rem;padding-top:1.5rem;border-top:1px solid #c9d1dc}\
.narration p{margin:.5em 0}\
.narration p.quote{margin-left:0;padding-left:1em;border-left:3px solid #c9d1dc;color:#3a4556}\
code,pre{font-family:'DejaVu Sans Mono',ui-monospace,Menlo,Consolas,monospace;font-size:10pt}\
code{background:#eef1f5;border-radius:3px;padding:0 .2em}\
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}\
.goal{border:1px solid #c9d1dc;border-radius:4px;padding:.5em .8em}\
ol.commands{list-style:none;margin:1em 0;padding:0}\
li.cmd{margin:.6em 0;padding:.4em .7em;border-left:4px solid #2f7d4f;background:#f6f8fa;\
break-inside:avoid}\
li.cmd.fail{border-left-color:#b3261e}\
li.cmd.unrun{border-left-color:#8792a2}\
.line{font-weight:700}\
ul.calls{list-style:none;margin:.2em 0;padding:0 0 0 1em;font-size:10pt}\
.outcome{margin:.2em 0 0}\
.fail .outcome .mark,.calls .deny{color:#b3261e;font-weight:700}\
.ok .outcome .mark,.calls .allow{color:#2f7d4f;font-weight:700}\
pre.detail{margin:.2em 0 0 1em;color:#3a4556}\
figure.pic{margin:1.2em 0 0;break-inside:avoid;page-break-inside:avoid}\
figure.pic svg{display:block;width:100%;height:auto;border:1px solid #c9d1dc}\
figcaption{font-size:10pt;color:#4a5668;margin-top:.3em}\
@page{margin:14mm 12mm}\
@media print{\
html,body{background:#fff;color:#000}\
body{max-width:none;margin:0;padding:0;font-size:10.5pt}\
section.step{break-before:page;page-break-before:always;margin-top:0;padding-top:0;border-top:0}\
li.cmd{background:none}\
code{background:none}\
a{color:inherit}\
}";

/// The handout of `scenario` played from `seed`.
pub fn handout(scenario: &Scenario, seed: u64) -> String {
    handout_styled(scenario, seed, &css(Theme::Light))
}

/// [`handout`] with `stage_css`, the light theme's stage style sheet (`standalone::css_from`),
/// for its pictures: the app passes the one its page loaded.
pub fn handout_styled(scenario: &Scenario, seed: u64, stage_css: &str) -> String {
    let shots = Shot::every_step(scenario, seed);
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n");
    // An empty icon: without it the browser asks the server for /favicon.ico.
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    out.push_str("<title>");
    escape(&format!("Keyfall · {}", scenario.title), &mut out);
    out.push_str("</title>\n<style>");
    out.push_str(PAGE_CSS);
    out.push_str(&scoped(stage_css, "figure.pic"));
    out.push_str("</style>\n</head>\n<body>\n<header>\n<p class=\"kicker\">");
    escape(&format!("Keyfall lesson {}", scenario.id), &mut out);
    out.push_str("</p>\n<h1>");
    escape(&scenario.title, &mut out);
    out.push_str("</h1>\n");
    if !scenario.summary.is_empty() {
        out.push_str("<p class=\"summary\">");
        inline(&scenario.summary, &mut out);
        out.push_str("</p>\n");
    }
    let mut meta = format!("{} steps · seed {seed}", scenario.steps.len());
    if !scenario.rules.is_empty() {
        meta.push_str(&format!(" · rules {}", scenario.rules.join(", ")));
    }
    out.push_str("<p class=\"meta\">");
    escape(&meta, &mut out);
    out.push_str("</p>\n</header>\n");
    for (i, (step, shot)) in scenario.steps.iter().zip(&shots).enumerate() {
        section(i + 1, step, shot, &mut out);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One step: its heading, narration, goal, commands and the picture after it.
fn section(n: usize, step: &Step, shot: &Shot, out: &mut String) {
    out.push_str(&format!(
        "<section class=\"step\" id=\"step-{n}\">\n<h2><span class=\"num\">Step {n}</span> "
    ));
    if step.title.is_empty() {
        out.push_str(&format!("Step {n}"));
    } else {
        escape(&step.title, out);
    }
    out.push_str("</h2>\n");
    if !step.narration.is_empty() {
        out.push_str("<div class=\"narration\">\n");
        paragraphs(&step.narration, out);
        out.push_str("</div>\n");
    }
    if let Some(goal) = &step.goal {
        out.push_str("<p class=\"goal\"><strong>Goal:</strong> ");
        escape(
            &format!(
                "{}. The lesson stops here for you to play; one solution:",
                goal_text(goal)
            ),
            out,
        );
        out.push_str("</p>\n");
        // A goal step's commands are the reference solution: shown, not run.
        out.push_str("<ol class=\"commands\">\n");
        for cl in &step.commands {
            out.push_str("<li class=\"cmd unrun\"><pre class=\"line\">$ ");
            escape(&cl.text, out);
            out.push_str("</pre></li>\n");
        }
        out.push_str("</ol>\n");
    } else if !shot.records.is_empty() {
        out.push_str("<ol class=\"commands\">\n");
        for r in &shot.records {
            record(r, out);
        }
        out.push_str("</ol>\n");
    }
    out.push_str("<figure class=\"pic\">\n");
    out.push_str(&Node::El(svg_picture(&shot.frame(), None)).to_svg());
    out.push_str("\n<figcaption>");
    escape(&format!("The stage after step {n}."), out);
    out.push_str("</figcaption>\n</figure>\n</section>\n");
}

/// A goal's conditions and par, as the transcript writes them: `vm:vm1 ok (par 3)`.
pub fn goal_text(goal: &Goal) -> String {
    let conds: Vec<String> = goal
        .conditions
        .iter()
        .map(|(a, v)| format!("{a} {v}"))
        .collect();
    format!("{} (par {})", conds.join(", "), goal.par)
}

/// A call as the transcript writes it: `caller → callee: operation object/version`.
pub fn call_text(c: &Call) -> String {
    let target = match &c.version {
        Some(v) => format!("{}/{}", c.object, v.get(..8).unwrap_or(v)),
        None => c.object.clone(),
    };
    format!("{} → {}: {} {target}", c.caller, c.callee, c.operation)
}

/// Whether a call was allowed, and its result in words: `200 allowed`, `403 denied: missing
/// get`, `404 KeyNotFound`.
pub fn call_verdict(c: &Call) -> (bool, String) {
    match &c.result {
        CallResult::Allow => (true, format!("{} allowed", c.status)),
        CallResult::Deny(d) => (false, format!("{} denied: missing {}", c.status, d.missing)),
        CallResult::Fail { code, status } => (false, format!("{status} {}", code.name())),
    }
}

/// One command and what came of it, as `keyfall run` prints it.
fn record(r: &Record, out: &mut String) {
    let class = if r.ok { "cmd ok" } else { "cmd fail" };
    out.push_str(&format!("<li class=\"{class}\"><pre class=\"line\">$ "));
    escape(&r.command, out);
    out.push_str("</pre>\n");
    let calls: Vec<&Call> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Call(c) => Some(c),
            _ => None,
        })
        .collect();
    if !calls.is_empty() {
        out.push_str("<ul class=\"calls\">\n");
        for c in calls {
            let (allowed, verdict) = call_verdict(c);
            let class = if allowed { "allow" } else { "deny" };
            out.push_str("<li>");
            escape(&format!("{} ", call_text(c)), out);
            out.push_str(&format!("<span class=\"{class}\">"));
            escape(&verdict, out);
            out.push_str("</span></li>\n");
        }
        out.push_str("</ul>\n");
    }
    // The verdict is a word as well as a colour: a grey print still shows what failed.
    let (mark, text) = match (r.is_expectation(), r.ok) {
        (true, true) => ("✓ held", String::new()),
        (true, false) => ("✗ did not hold:", r.message.clone()),
        (false, true) => ("✓", r.message.clone()),
        (false, false) => ("✗ failed:", r.outcome()),
    };
    out.push_str("<p class=\"outcome\"><span class=\"mark\">");
    escape(mark, out);
    out.push_str("</span> ");
    escape(&text, out);
    out.push_str("</p>\n");
    if !r.detail.is_empty() {
        out.push_str("<pre class=\"detail\">");
        escape(&r.detail.join("\n"), out);
        out.push_str("</pre>\n");
    }
    out.push_str("</li>\n");
}

/// Narration as paragraphs, as the app's captions show it: blank lines part paragraphs, a
/// paragraph opened with `>` is a quote.
fn paragraphs(text: &str, out: &mut String) {
    for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        match para.trim_start().strip_prefix('>') {
            Some(quote) => {
                out.push_str("<p class=\"quote\">");
                inline(quote.trim_start(), out);
            }
            None => {
                out.push_str("<p>");
                inline(para.trim(), out);
            }
        }
        out.push_str("</p>\n");
    }
}

/// One paragraph's inline markup: `code`, *emphasis*, **strong**.
fn inline(text: &str, out: &mut String) {
    for span in inline_spans(text) {
        let (tag, t) = match &span {
            Span::Text(t) => ("", t),
            Span::Code(t) => ("code", t),
            Span::Emph(t) => ("em", t),
            Span::Strong(t) => ("strong", t),
        };
        if tag.is_empty() {
            escape(t, out);
        } else {
            out.push_str(&format!("<{tag}>"));
            escape(t, out);
            out.push_str(&format!("</{tag}>"));
        }
    }
}

/// The stage's flattened style sheet (one `selectors{declarations}` after another, no at-rules)
/// with every selector put under `scope`, so it styles the pictures and not the page.
fn scoped(sheet: &str, scope: &str) -> String {
    let mut out = String::new();
    for rule in sheet.split_inclusive('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let sel: Vec<String> = selectors
            .split(',')
            .map(|s| format!("{scope} {}", s.trim()))
            .collect();
        out.push_str(&sel.join(","));
        out.push('{');
        out.push_str(body);
    }
    out
}

/// `text` escaped for HTML, as the handout writes it.
pub fn escaped(text: &str) -> String {
    let mut out = String::new();
    escape(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stage_sheet_styles_only_the_pictures() {
        let s = scoped("svg{fill:red}.a .b,.c{x:y}", "figure.pic");
        assert_eq!(
            s,
            "figure.pic svg{fill:red}figure.pic .a .b,figure.pic .c{x:y}"
        );
    }

    #[test]
    fn narration_markup_becomes_html() {
        let mut out = String::new();
        paragraphs("Run `az <x>` **now**.\n\n> a *quote*", &mut out);
        assert_eq!(
            out,
            "<p>Run <code>az &lt;x&gt;</code> <strong>now</strong>.</p>\n<p class=\"quote\">a <em>quote</em></p>\n"
        );
    }
}
