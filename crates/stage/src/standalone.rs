//! The stage as a file: one `<svg>` with its styles inside, for slides, handouts and the CLI's
//! `keyfall render`. The styles are the app's own (`web/styles/stage.css` and the theme colours
//! of `app.css`), flattened for renderers that know no CSS variables, keyframes or media queries
//! (resvg among them): variables replaced by the theme's values, at-rules and motion dropped. The
//! picture is the end of the step: every call drawn, the last with its label, nothing moving.

use crate::draw::{Frame, stage, stage_at};
use crate::layout::num;
use crate::scene::{El, Node, el};

const APP_CSS: &str = include_str!("../../../web/styles/app.css");
const STAGE_CSS: &str = include_str!("../../../web/styles/stage.css");

/// The style sheets a picture's styles are made from: the app's (its theme colours, the light
/// theme's own stage fills) and the stage's. The CLI has them compiled in ([`Sheets::SHIPPED`]);
/// the app reads the ones its page loaded, so the wasm does not carry a second copy.
#[derive(Debug, Clone, Copy)]
pub struct Sheets<'a> {
    pub app: &'a str,
    pub stage: &'a str,
}

impl Sheets<'static> {
    /// `web/styles/app.css` and `web/styles/stage.css` as built into this binary.
    pub const SHIPPED: Sheets<'static> = Sheets {
        app: APP_CSS,
        stage: STAGE_CSS,
    };
}

/// The app's two themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "dark" => Some(Theme::Dark),
            "light" => Some(Theme::Light),
            _ => None,
        }
    }
}

const LIGHT_ROOT: &str = ":root[data-theme=\"light\"]";

/// A standalone SVG document of frame `f`, `width` pixels wide (the drawing's own width in
/// stage units when `None`), its height from the drawing's aspect.
pub fn svg_document(f: &Frame<'_>, theme: Theme, width: Option<u32>) -> String {
    svg_document_styled(f, &css(theme), width)
}

/// [`svg_document`] with `css` (a style sheet [`css_from`] made) as its styles.
pub fn svg_document_styled(f: &Frame<'_>, css: &str, width: Option<u32>) -> String {
    document(picture(stage(f), width), css)
}

/// [`svg_document`] with the call travelling now caught at `t` (0 to 1) of its way (see
/// [`stage_at`]): one frame of an animation.
pub fn svg_document_at(f: &Frame<'_>, theme: Theme, width: Option<u32>, t: f64) -> String {
    document(picture(stage_at(f, t), width), &css(theme))
}

fn document(mut svg: El, css: &str) -> String {
    let style = el("style").child(crate::scene::text(css));
    svg.children.insert(0, style.into());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&Node::El(svg).to_svg());
    out.push('\n');
    out
}

/// The `<svg>` of frame `f` as [`svg_document`] writes it, but without its style sheet: for a
/// page that holds many pictures and the sheet once (the handout).
pub fn svg_picture(f: &Frame<'_>, width: Option<u32>) -> El {
    picture(stage(f), width)
}

/// The stage's `<svg>` as a standalone image, `width` pixels wide.
fn picture(mut svg: El, width: Option<u32>) -> El {
    let view_box = svg.get("viewBox").unwrap_or("0 0 100 100").to_owned();
    let v: Vec<f64> = view_box
        .split(' ')
        .map(|n| n.parse().unwrap_or(0.0))
        .collect();
    let at = |i: usize| v.get(i).copied().unwrap_or(0.0);
    let (vx, vy, vw, vh) = (at(0), at(1), at(2).max(1.0), at(3).max(1.0));
    let w = width.map_or(vw, f64::from);
    let h = (w * vh / vw).round();
    // Namespace and size first; a standalone drawing is an image, not a page's widget.
    let mut attrs = vec![
        ("xmlns", "http://www.w3.org/2000/svg".to_owned()),
        ("width", num(w.round())),
        ("height", num(h)),
    ];
    attrs.extend(
        svg.attrs
            .into_iter()
            .filter(|(n, _)| !matches!(*n, "data-testid" | "role")),
    );
    attrs.push(("role", "img".to_owned()));
    svg.attrs = attrs;
    let backdrop = el("rect")
        .class("backdrop")
        .attr("x", num(vx))
        .attr("y", num(vy))
        .attr("width", num(vw))
        .attr("height", num(vh));
    svg.children.insert(0, backdrop.into());
    svg
}

/// The stage's style sheet for `theme`, flattened: no variables, at-rules or motion.
pub fn css(theme: Theme) -> String {
    css_from(Sheets::SHIPPED, theme)
}

/// The stage's style sheet for `theme` made from `sheets`, flattened as [`css`] is. The sheets
/// may be a page's rules as the browser serialises them (`CSSRule.cssText`).
pub fn css_from(sheets: Sheets<'_>, theme: Theme) -> String {
    let vars = variables(sheets.app, theme);
    let mut out = String::new();
    out.push_str("svg{font-family:var(--font);background:var(--bg)}.backdrop{fill:var(--bg)}");
    for (selectors, body) in rules(sheets.stage) {
        push_rule(&mut out, &selectors, &body);
    }
    if theme == Theme::Light {
        // The light theme's own fills for the stage, written in app.css on `:root[...]`.
        for (selectors, body) in rules(sheets.app) {
            let light: Vec<&str> = selectors
                .split(',')
                .filter_map(|s| s.trim().strip_prefix(LIGHT_ROOT))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if !light.is_empty() && light.len() == selectors.split(',').count() {
                push_rule(&mut out, &light.join(","), &body);
            }
        }
    }
    // A still picture: the travelling pulse is not drawn (the lane, label and end mark are).
    out.push_str(".message .comet{display:none}");
    substitute(&out, &vars)
}

/// Appends a rule, without its motion (animations and transitions have nothing to do in a
/// still picture, and keyframes are not written).
fn push_rule(out: &mut String, selectors: &str, body: &str) {
    let decls: Vec<String> = body
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .filter(|d| !d.starts_with("animation") && !d.starts_with("transition"))
        .filter_map(|d| d.split_once(':'))
        .map(|(n, v)| format!("{}:{}", n.trim(), v.trim()))
        .collect();
    // `:hover` and `:focus` describe a live page, not a picture; the page's own sizing of the
    // stage (`svg.stage`, 100% of its panel) would override the file's width and height.
    let sel: Vec<String> = selectors
        .split(',')
        .filter(|s| !s.contains(":hover") && !s.contains(":focus") && !s.contains("svg.stage"))
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if decls.is_empty() || sel.is_empty() {
        return;
    }
    out.push_str(&sel.join(","));
    out.push('{');
    out.push_str(&decls.join(";"));
    out.push('}');
}

/// The top-level rules of `css` as (selectors, declarations), comments and at-rules (with
/// their blocks) left out.
fn rules(css: &str) -> Vec<(String, String)> {
    let css = strip_comments(css);
    let mut out = Vec::new();
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        let head = rest[..open].trim();
        // Find the matching close brace.
        let mut depth = 0;
        let mut close = None;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else { break };
        if !head.starts_with('@') {
            out.push((head.to_owned(), rest[open + 1..close].to_owned()));
        }
        rest = &rest[close + 1..];
    }
    out
}

fn strip_comments(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// The theme's custom properties (`--bg` ...): the dark theme's `:root`, then for the light
/// theme its own values over them.
fn variables(app_css: &str, theme: Theme) -> Vec<(String, String)> {
    let mut vars: Vec<(String, String)> = Vec::new();
    for (selectors, body) in rules(app_css) {
        let take = selectors == ":root" || (theme == Theme::Light && selectors == LIGHT_ROOT);
        if !take {
            continue;
        }
        for decl in body.split(';') {
            let Some((name, value)) = decl.trim().split_once(':') else {
                continue;
            };
            let name = name.trim();
            if let Some(var) = name.strip_prefix("--") {
                let value = value.trim().to_owned();
                match vars.iter_mut().find(|(n, _)| n == var) {
                    Some(slot) => slot.1 = value,
                    None => vars.push((var.to_owned(), value)),
                }
            }
        }
    }
    vars
}

/// `css` with every `var(--name)` (or `var(--name, fallback)`) replaced by its value.
fn substitute(css: &str, vars: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("var(--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 6..];
        let end = after.find(')').unwrap_or(after.len());
        let inner = &after[..end];
        let (name, fallback) = match inner.split_once(',') {
            Some((n, f)) => (n.trim(), Some(f.trim())),
            None => (inner.trim(), None),
        };
        let value = vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .or(fallback)
            .unwrap_or("initial");
        out.push_str(value);
        rest = &after[(end + 1).min(after.len())..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_flatten_to_plain_colours() {
        let dark = css(Theme::Dark);
        let light = css(Theme::Light);
        assert!(!dark.contains("var("), "{dark}");
        assert!(!dark.contains("@keyframes") && !dark.contains("@media"));
        assert!(dark.contains(".actor .actor-box{fill:#1a2230"), "{dark}");
        assert!(light.contains(".actor .actor-box{fill:#e9edf3"), "{light}");
        // The light theme's own stage fills come along, unprefixed.
        assert!(light.contains(".band rect{fill:#e6ebf2"), "{light}");
        assert!(!dark.contains(".band rect{fill:#e6ebf2"));
    }

    /// The app passes its page's rules as Chromium serialises them (`CSSRule.cssText`, one per
    /// line, colours as `rgb()`): they flatten the same way.
    #[test]
    fn a_pages_serialised_rules_flatten_too() {
        let app = ":root { --panel: #1a2230; --edge: rgb(58, 70, 88); }\n\
                   :root[data-theme=\"light\"] { --panel: #e9edf3; }\n\
                   :root[data-theme=\"light\"] .band rect { fill: rgb(230, 235, 242); }";
        let stage = ".actor .actor-box { fill: var(--panel); stroke: var(--edge); transition: stroke 0.3s; }\n\
                     @media (prefers-reduced-motion: reduce) {\n  .message .comet { display: none; }\n}";
        let sheets = Sheets { app, stage };
        let dark = css_from(sheets, Theme::Dark);
        assert!(
            dark.contains(".actor .actor-box{fill:#1a2230;stroke:rgb(58, 70, 88)}"),
            "{dark}"
        );
        assert!(!dark.contains("var(") && !dark.contains("@media") && !dark.contains("transition"));
        let light = css_from(sheets, Theme::Light);
        assert!(light.contains(".actor .actor-box{fill:#e9edf3"), "{light}");
        assert!(
            light.contains(".band rect{fill:rgb(230, 235, 242)}"),
            "{light}"
        );
    }
}
