//! "Download this step": the stage as the page shows it, as a standalone SVG drawn by
//! keyfall-stage (the same drawing `keyfall render` writes), or as a PNG the browser makes from
//! that SVG (an image drawn on a canvas), so the wasm carries no rasteriser. The picture's styles
//! are made from the style sheets the page has loaded (`stage_css`), not from a copy compiled
//! into the wasm.

use keyfall_stage::draw::{Frame, present, purged_by};
use keyfall_stage::layout::arrange;
use keyfall_stage::standalone::{Sheets, Theme, css_from, svg_document_styled};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::Callback;

use super::export_file::{download, download_blob};
use super::stage::frame_of;
use crate::playback::Playback;

/// A picture's file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureFormat {
    Svg,
    Png,
}

/// Width of the PNG, as `keyfall render --png` draws it: a 1280-wide slide.
const PNG_WIDTH: u32 = 1280;

/// The stage of `p` as a standalone SVG in the page's theme, `width` pixels wide.
fn step_svg(p: &Playback, width: Option<u32>) -> Result<String, String> {
    let layout = present(&arrange(&p.cast), &p.now.world.world);
    let purged = purged_by(&p.now.records);
    let frame = Frame {
        message_ms: p.speed.message_ms(),
        ..frame_of(&p.now, &layout, &purged)
    };
    Ok(svg_document_styled(
        &frame,
        &stage_css(page_theme())?,
        width,
    ))
}

const NO_STYLES: &str = "the page's stage styles are not loaded: reload the page and try again";

/// The stage's style sheet for `theme`, flattened for a standalone file (keyfall-stage's
/// `css_from`), made from the rules of the app's and the stage's style sheets as this page
/// loaded them. The sheets are known by what they hold, not by their file names, so Trunk's
/// linked `app-<hash>.css` and the single-file build's inline `<style>`s are found alike: the
/// app's defines the theme's colours on `:root`, the stage's sizes `svg.stage`.
pub fn stage_css(theme: Theme) -> Result<String, String> {
    let sheets = gloo::utils::document().style_sheets();
    let (mut app, mut stage) = (None, None);
    for i in 0..sheets.length() {
        let Some(Ok(sheet)) = sheets
            .get(i)
            .map(|s| s.dyn_into::<web_sys::CssStyleSheet>())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        let rules: Vec<String> = (0..rules.length())
            .filter_map(|j| rules.item(j))
            .map(|r| r.css_text())
            .collect();
        if rules
            .iter()
            .any(|r| r.starts_with(":root {") && r.contains("--vault:"))
        {
            app = Some(rules.join("\n"));
        } else if rules.iter().any(|r| r.starts_with("svg.stage ")) {
            stage = Some(rules.join("\n"));
        }
    }
    match (app, stage) {
        (Some(app), Some(stage)) => Ok(css_from(
            Sheets {
                app: &app,
                stage: &stage,
            },
            theme,
        )),
        _ => Err(NO_STYLES.to_owned()),
    }
}

/// The theme in effect: the `data-theme` the theme hook sets on `<html>`.
fn page_theme() -> Theme {
    gloo::utils::document()
        .document_element()
        .and_then(|root| root.get_attribute("data-theme"))
        .and_then(|t| Theme::parse(&t))
        .unwrap_or(Theme::Dark)
}

/// Offers the stage of `p` as `stem.svg` or `stem.png`; a PNG arrives later, and a failure then
/// goes to `on_error`.
pub fn download_step(
    p: &Playback,
    stem: &str,
    format: PictureFormat,
    on_error: Callback<String>,
) -> Result<(), String> {
    match format {
        PictureFormat::Svg => {
            download(&format!("{stem}.svg"), "image/svg+xml", &step_svg(p, None)?)
        }
        PictureFormat::Png => png(
            format!("{stem}.png"),
            &step_svg(p, Some(PNG_WIDTH))?,
            on_error,
        ),
    }
}

const NO_PNG: &str = "this browser could not draw the picture as a PNG";

/// Draws `svg` on a canvas through an `<img>` and offers the canvas as a PNG named `name`.
fn png(name: String, svg: &str, on_error: Callback<String>) -> Result<(), String> {
    let blob = gloo::file::Blob::new_with_options(svg, Some("image/svg+xml"));
    let url = gloo::file::ObjectUrl::from(blob);
    let img = web_sys::HtmlImageElement::new().map_err(|_| NO_PNG.to_owned())?;
    img.set_src(&url);
    let loaded = img.clone();
    let onload = Closure::once_into_js(move || {
        // The object URL lives until the image has been drawn.
        drop(url);
        if let Err(e) = draw(&loaded, name, on_error.clone()) {
            on_error.emit(e);
        }
    });
    img.set_onload(Some(onload.unchecked_ref()));
    Ok(())
}

fn draw(
    img: &web_sys::HtmlImageElement,
    name: String,
    on_error: Callback<String>,
) -> Result<(), String> {
    let fail = |_| NO_PNG.to_owned();
    let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| NO_PNG.to_owned())?;
    canvas.set_width(img.natural_width());
    canvas.set_height(img.natural_height());
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(fail)?
        .ok_or_else(|| NO_PNG.to_owned())?
        .dyn_into()
        .map_err(|_| NO_PNG.to_owned())?;
    ctx.draw_image_with_html_image_element(img, 0.0, 0.0)
        .map_err(fail)?;
    let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
        let saved = blob
            .ok_or_else(|| NO_PNG.to_owned())
            .and_then(|b| download_blob(&name, gloo::file::Blob::from(b)));
        if let Err(e) = saved {
            on_error.emit(e);
        }
    });
    canvas
        .to_blob(done.unchecked_ref())
        .map_err(|_| NO_PNG.to_owned())
}
