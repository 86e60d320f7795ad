//! The fonts every PDF is set in, compiled into the binary: Liberation Sans 2.1.5 regular and
//! bold (SIL Open Font License 1.1, `fonts/OFL.txt`), metrically compatible with Arial. No
//! system font is ever read, so a PDF looks the same on every machine that makes it.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The embedded font files. Italic is left out: clear print uses none, and the model has none.
const FILES: [&[u8]; 2] =
    [include_bytes!("../fonts/LiberationSans-Regular.ttf"), include_bytes!("../fonts/LiberationSans-Bold.ttf")];

/// The parsed fonts and their book, as typst's `World` hands them out.
pub(crate) struct Fonts {
    /// Typst's index of the fonts: which family, weight and style each is.
    pub(crate) book: LazyHash<FontBook>,
    /// The fonts, in the book's order.
    pub(crate) fonts: Vec<Font>,
}

/// The fonts, parsed once per process (parsing takes longer than laying out a short letter).
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FILES.iter().filter_map(|file| Font::new(Bytes::new(*file), 0)).collect();
        Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    })
}

/// Whether every embedded font has a letter for `c`.
pub(crate) fn prints(c: char) -> bool {
    fonts().fonts.iter().all(|font| font.info().coverage.contains(u32::from(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_embedded_fonts_parse_as_liberation_sans() {
        let fonts = fonts();
        assert_eq!(fonts.fonts.len(), 2);
        assert!(fonts.fonts.iter().all(|font| font.info().family == "Liberation Sans"));
        assert!(fonts.book.contains_family("liberation sans"));
    }
}
