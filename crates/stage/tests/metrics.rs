//! The text-width table (`layout::ADVANCES`) is the shipped fonts' own advance widths: measured
//! once from assets/fonts/ and held to them here. Run with `--nocapture` and `KEYFALL_BLESS=1`
//! to print a fresh table after a font change.

use keyfall_stage::layout::{ADVANCES, EXTRA_ADVANCES, MONO_ADVANCE, UNITS_PER_EM};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

const SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
const MONO: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf");

/// `c`'s advance in font units, or `None` when the font has no glyph for it.
fn advance(font: &[u8], c: char) -> Option<u16> {
    let font = FontRef::new(font).expect("a font");
    let gid = font.charmap().map(c)?;
    let m = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    m.advance_width(gid).map(|a| a as u16)
}

fn upem(font: &[u8]) -> u16 {
    let font = FontRef::new(font).expect("a font");
    font.metrics(Size::unscaled(), LocationRef::default())
        .units_per_em
}

#[test]
fn the_table_is_the_fonts_own_advances() {
    assert_eq!(upem(SANS), UNITS_PER_EM);
    assert_eq!(upem(BOLD), UNITS_PER_EM);
    let printable = (0x20u8..=0x7e).map(char::from);
    let measured: Vec<(u16, u16)> = printable
        .clone()
        .map(|c| {
            (
                advance(SANS, c).expect("ASCII"),
                advance(BOLD, c).expect("ASCII"),
            )
        })
        .collect();
    let extras: Vec<(char, u16, u16)> = EXTRA_ADVANCES
        .iter()
        .map(|(c, ..)| {
            let a = advance(SANS, *c).unwrap_or(UNITS_PER_EM);
            let b = advance(BOLD, *c).unwrap_or(UNITS_PER_EM);
            (*c, a, b)
        })
        .collect();
    if std::env::var_os("KEYFALL_BLESS").is_some() {
        println!("{measured:?}\n{extras:?}");
    }
    assert_eq!(ADVANCES.to_vec(), measured);
    assert_eq!(EXTRA_ADVANCES.to_vec(), extras);
    for c in printable.chain(['·', '…']) {
        assert_eq!(advance(MONO, c), Some(MONO_ADVANCE), "{c}");
    }
}
