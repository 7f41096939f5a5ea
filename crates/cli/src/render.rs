//! `keyfall render`: the stage at a step as a picture, drawn by `keyfall-stage` as the app draws
//! it. SVG by default; `--png` rasterises it with resvg, `--gif` animates a range of steps.
//!
//! The rasteriser sees only the fonts shipped in `assets/fonts/`, loaded from the binary, never
//! the system's: the same input gives the same bytes on every machine.

use std::ops::RangeInclusive;
use std::sync::Arc;

use keyfall_core::Scenario;
use keyfall_stage::shot::Shot;
use keyfall_stage::standalone::{Theme, svg_document, svg_document_at};
use resvg::{tiny_skia, usvg};

const FONTS: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf"),
    include_bytes!("../../../assets/fonts/DejaVuSansMono-Bold.ttf"),
];

/// Width of a raster picture when `--width` is not given: a 1280-wide slide.
pub const RASTER_WIDTH: u32 = 1280;

/// Writes `LL-S.svg` for every step `S` (0, the start, to the last) of every built-in lesson
/// `LL` into `dir`, as `<keyfall-embed lesson="LL" step="S">` asks for it; returns how many.
pub fn previews(dir: &std::path::Path, theme: Theme) -> Result<usize, String> {
    let mut written = 0;
    for (file, text) in keyfall_core::builtin_lessons() {
        let scenario = keyfall_core::parse_scenario(text).map_err(|e| format!("{file}: {e}"))?;
        let picture = Picture {
            scenario: &scenario,
            seed: scenario.seed.unwrap_or(1),
            theme,
            width: None,
        };
        for step in 0..=scenario.steps.len() {
            let path = dir.join(format!("{}-{step}.svg", scenario.id));
            let svg = picture
                .svg(step)
                .map_err(|e| format!("{file} step {step}: {e}"))?;
            std::fs::write(&path, svg).map_err(|e| format!("{}: {e}", path.display()))?;
            written += 1;
        }
    }
    Ok(written)
}

/// Writes `LL.html`, the handout of every built-in lesson `LL`, into `dir`; returns how many.
pub fn handouts(dir: &std::path::Path) -> Result<usize, String> {
    let mut written = 0;
    for (file, text) in keyfall_core::builtin_lessons() {
        let scenario = keyfall_core::parse_scenario(text).map_err(|e| format!("{file}: {e}"))?;
        let page = keyfall_stage::handout::handout(&scenario, scenario.seed.unwrap_or(1));
        let path = dir.join(format!("{}.html", scenario.id));
        std::fs::write(&path, page).map_err(|e| format!("{}: {e}", path.display()))?;
        written += 1;
    }
    Ok(written)
}

/// What to draw and how.
#[derive(Debug, Clone)]
pub struct Picture<'a> {
    pub scenario: &'a Scenario,
    pub seed: u64,
    pub theme: Theme,
    pub width: Option<u32>,
}

impl Picture<'_> {
    fn shot(&self, step: usize) -> Result<Shot, String> {
        Shot::take(self.scenario, self.seed, step)
    }

    /// The SVG of step `step`.
    pub fn svg(&self, step: usize) -> Result<String, String> {
        let shot = self.shot(step)?;
        Ok(svg_document(&shot.frame(), self.theme, self.width))
    }

    /// The PNG of step `step`.
    pub fn png(&self, step: usize) -> Result<Vec<u8>, String> {
        let shot = self.shot(step)?;
        let svg = svg_document(
            &shot.frame(),
            self.theme,
            Some(self.width.unwrap_or(RASTER_WIDTH)),
        );
        raster(&svg)?
            .encode_png()
            .map_err(|e| format!("cannot encode the PNG: {e}"))
    }

    /// An animated GIF of `steps`: in each step its calls start one after another, each one's
    /// pulse travelling along its lane in [`TRAVEL`] frames before it arrives with its result,
    /// the earlier ones numbered; the step's last frame is held longer. After the first, each
    /// frame stores only the rectangle that changed, so a travelling pulse costs little.
    pub fn gif(&self, steps: RangeInclusive<usize>) -> Result<Vec<u8>, String> {
        let width = self.width.unwrap_or(RASTER_WIDTH);
        let mut frames: Vec<(tiny_skia::Pixmap, u16)> = Vec::new();
        for step in steps {
            let shot = self.shot(step)?;
            let calls = shot.calls.len();
            for shown in 1..=calls.max(1) {
                let frame = shot.frame_at(shown.min(calls));
                if calls > 0 {
                    for k in 1..=TRAVEL {
                        let t = f64::from(k) / f64::from(TRAVEL + 1);
                        let svg = svg_document_at(&frame, self.theme, Some(width), t);
                        frames.push((raster(&svg)?, TRAVEL_DELAY));
                    }
                }
                let svg = svg_document(&frame, self.theme, Some(width));
                // Hundredths of a second: a call's result held for a second, a step's end for
                // three.
                let delay = if shown >= calls { 300 } else { 100 };
                frames.push((raster(&svg)?, delay));
            }
        }
        let Some((first, _)) = frames.first() else {
            return Err("no steps to draw".to_owned());
        };
        let (w, h) = (first.width(), first.height());
        let (gw, gh) = (
            u16::try_from(w).map_err(|_| "too wide for a GIF".to_owned())?,
            u16::try_from(h).map_err(|_| "too tall for a GIF".to_owned())?,
        );
        let gif_err = |e: gif::EncodingError| format!("cannot write the GIF: {e}");
        let mut out = Vec::new();
        {
            let mut enc = gif::Encoder::new(&mut out, gw, gh, &[]).map_err(gif_err)?;
            enc.set_repeat(gif::Repeat::Infinite).map_err(gif_err)?;
            let mut previous: Option<&tiny_skia::Pixmap> = None;
            for (pixmap, delay) in &frames {
                if pixmap.width() != w || pixmap.height() != h {
                    return Err("the steps' pictures differ in size".to_owned());
                }
                // The rectangle that differs from the frame before (all of the first); a frame
                // identical to the one before keeps one pixel, to carry its delay.
                let (x, y, cw, ch) = match previous {
                    None => (0, 0, w, h),
                    Some(p) => changed(p, pixmap).unwrap_or((0, 0, 1, 1)),
                };
                let mut rgba = crop(pixmap, x, y, cw, ch);
                let mut frame = gif::Frame::from_rgba_speed(
                    u16::try_from(cw).unwrap_or(gw),
                    u16::try_from(ch).unwrap_or(gh),
                    &mut rgba,
                    10,
                );
                frame.left = u16::try_from(x).unwrap_or(0);
                frame.top = u16::try_from(y).unwrap_or(0);
                frame.delay = *delay;
                frame.dispose = gif::DisposalMethod::Keep;
                enc.write_frame(&frame).map_err(gif_err)?;
                previous = Some(pixmap);
            }
        }
        Ok(out)
    }
}

/// Frames of a call's pulse travelling along its lane, before the frame where it arrives.
const TRAVEL: u32 = 4;
/// Each travelling frame's delay in hundredths of a second: a journey of about half a second.
const TRAVEL_DELAY: u16 = 12;

/// The bounding box `(x, y, w, h)` of the pixels where `b` differs from `a`, if any.
fn changed(a: &tiny_skia::Pixmap, b: &tiny_skia::Pixmap) -> Option<(u32, u32, u32, u32)> {
    let w = a.width() as usize;
    let (pa, pb) = (a.pixels(), b.pixels());
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (i, (p, q)) in pa.iter().zip(pb).enumerate() {
        if p != q {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    let c = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    (x0 != usize::MAX).then(|| (c(x0), c(y0), c(x1 - x0 + 1), c(y1 - y0 + 1)))
}

/// The RGBA bytes of the `w` x `h` rectangle of `p` at `(x, y)`.
fn crop(p: &tiny_skia::Pixmap, x: u32, y: u32, w: u32, h: u32) -> Vec<u8> {
    let stride = p.width() as usize * 4;
    let data = p.data();
    let mut out = Vec::with_capacity(w as usize * h as usize * 4);
    for row in y as usize..(y + h) as usize {
        let start = row * stride + x as usize * 4;
        out.extend_from_slice(&data[start..start + w as usize * 4]);
    }
    out
}

/// `svg` rasterised at its own size, on the fonts shipped with Keyfall.
fn raster(svg: &str) -> Result<tiny_skia::Pixmap, String> {
    let mut db = usvg::fontdb::Database::new();
    for font in FONTS {
        db.load_font_data(font.to_vec());
    }
    let opt = usvg::Options {
        font_family: "DejaVu Sans".to_owned(),
        fontdb: Arc::new(db),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the picture has no size".to_owned())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// `1..4` or `2` as an inclusive range of steps.
pub fn parse_steps(s: &str) -> Result<RangeInclusive<usize>, String> {
    let num = |t: &str| {
        t.trim()
            .parse::<usize>()
            .map_err(|_| format!("--steps: `{t}` is not a step number (write 1..4)"))
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (num(a)?, num(b.trim_start_matches('='))?),
        None => (num(s)?, num(s)?),
    };
    if a == 0 || b < a {
        return Err(format!(
            "--steps {s}: give the first and last step, from 1 (write 1..4)"
        ));
    }
    Ok(a..=b)
}
