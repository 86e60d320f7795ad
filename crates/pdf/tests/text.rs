//! The PDFs opened for real with poppler (`pdftotext`, `pdfinfo`): what a reader and a screen
//! reader's text extraction find in them. Each test says it was skipped when poppler-utils is
//! missing; `structure.rs` holds the checks that need only Rust.

// Helpers outside #[test] functions unwrap too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod poppler;
mod sample;

use redress_documents::Document;
use redress_pdf::{render, render_many};

use crate::sample::{HOSTILE, heading, hostile_letter, letter, letter_texts, long_document, paragraph};

#[test]
fn every_text_of_a_letter_appears_in_reading_order() {
    let pdf = render(&letter()).unwrap();
    let Some(text) = poppler::text(&pdf) else { return };
    poppler::in_order(&text, &letter_texts()).unwrap();
}

#[test]
fn pdfinfo_reads_the_title_a4_pages_and_the_tags() {
    let pdf = render(&letter()).unwrap();
    let Some(info) = poppler::info(&pdf) else { return };
    assert_eq!(poppler::field(&info, "Title"), "Stage 1 response to complaint CMP-2026-00042");
    assert_eq!(poppler::field(&info, "Tagged"), "yes");
    assert_eq!(poppler::field(&info, "Pages"), "2");
    assert!(poppler::field(&info, "Page size").contains("(A4)"), "{info:?}");
}

#[test]
fn every_page_says_its_number_and_how_many_pages_there_are() {
    let pdf = render(&letter()).unwrap();
    let (Some(first), Some(second)) = (poppler::page_text(&pdf, 1), poppler::page_text(&pdf, 2)) else { return };
    assert!(first.contains("Page 1 of 2"), "{first}");
    assert!(second.contains("Page 2 of 2"), "{second}");
    assert!(second.contains("If you are not happy with our response"), "the page break was not kept: {second}");
}

#[test]
fn a_long_tables_header_row_is_repeated_on_every_page_it_runs_onto() {
    let document = long_document();
    let pdf = render(&document).unwrap();
    let Some(info) = poppler::info(&pdf) else { return };
    let pages: usize = poppler::field(&info, "Pages").parse().unwrap();
    assert!(pages >= 30, "the long document has {pages} pages");
    for page in 2..=pages {
        let text = poppler::page_text(&pdf, page).unwrap();
        // Every page of the timeline starts its table part with the header row.
        poppler::in_order(&text, &["When Recorded Event By", "March 2026"])
            .unwrap_or_else(|e| panic!("page {page}: {e}"));
        assert!(text.contains(&format!("Page {page} of {pages}")), "page {page}: {text}");
    }
}

#[test]
fn a_residents_words_are_printed_as_written_never_read_as_markup() {
    let document = hostile_letter();
    let pdf = render(&document).unwrap();
    let Some(info) = poppler::info(&pdf) else { return };
    assert_eq!(poppler::field(&info, "Title"), HOSTILE[1]);
    let text = poppler::text(&pdf).unwrap();
    poppler::in_order(&text, &sample::hostile_letter_texts()).unwrap();
    assert!(!text.contains("root:"), "a file was read: {text}");
}

/// The median of `values`.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[test]
fn code_3_1_the_large_print_letter_has_larger_text_and_more_pages() {
    let standard = render(&letter()).unwrap();
    let large = render(&Document { large_print: true, ..letter() }).unwrap();
    let (Some(standard_words), Some(large_words)) = (poppler::word_heights(&standard), poppler::word_heights(&large))
    else {
        return;
    };
    let (standard_height, large_height) = (median(standard_words), median(large_words.clone()));
    // poppler measures a word of Liberation Sans about 0.94 em high: 12 pt text gives 11.3 pt,
    // 16 pt text 15.0 pt, 18 pt text 16.9 pt.
    assert!(large_height >= 1.4 * standard_height, "large {large_height} pt, standard {standard_height} pt");
    let smallest = large_words.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(smallest >= 16.0 * 0.93, "a word of the large-print letter is {smallest} pt high");
    let pages = |pdf: &[u8]| poppler::field(&poppler::info(pdf).unwrap(), "Pages").parse::<u32>().unwrap();
    assert!(pages(&large) > pages(&standard));
    let text = poppler::text(&large).unwrap();
    poppler::in_order(&text, &letter_texts()).unwrap();
}

#[test]
fn render_many_starts_each_document_on_a_new_page_with_its_own_page_numbers() {
    let short = |title: &str, words: &str| Document {
        title: title.into(),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks: vec![heading(1, title), paragraph(words)],
    };
    let documents =
        [short("First letter", "Only one page."), letter(), short("Third letter", "Also one page."), letter()];
    let pdf = render_many(&documents).unwrap();
    let Some(info) = poppler::info(&pdf) else { return };
    assert_eq!(poppler::field(&info, "Pages"), "6");
    assert_eq!(
        poppler::field(&info, "Title"),
        "First letter; Stage 1 response to complaint CMP-2026-00042; Third letter; and 1 more"
    );
    let pages: Vec<String> = (1..=6).map(|page| poppler::page_text(&pdf, page).unwrap()).collect();
    let expected = [
        ("First letter", "Page 1 of 1"),
        ("Riverside Homes", "Page 1 of 2"),
        ("If you are not happy", "Page 2 of 2"),
        ("Third letter", "Page 1 of 1"),
        ("Riverside Homes", "Page 1 of 2"),
        ("If you are not happy", "Page 2 of 2"),
    ];
    for (page, (text, (starts, number))) in pages.iter().zip(expected).enumerate() {
        poppler::in_order(text, &[starts, number]).unwrap_or_else(|e| panic!("page {}: {e}", page + 1));
    }
    assert!(!pages[0].contains("Riverside"), "the second document began on the first's page");
    assert!(!pages[2].contains("Third letter"), "the third document began on the second's page");
}

/// A resident's words in a script the embedded font has no letters for (Chinese, emoji), or
/// with control characters, still make a PDF (issue 11: the API's fuzzing found such words
/// made the case file fail): each such character is printed as a question mark, and the rest
/// as written.
#[test]
fn words_the_font_cannot_print_still_make_a_pdf_with_the_rest_as_written() {
    let mut document = letter();
    document.blocks = vec![paragraph("Leak in 公寓 \u{1F600} room\u{0007}\u{0000} next to the stairs")];
    let pdf = render(&document).expect("a PDF despite characters the font lacks");
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = poppler::text(&pdf) {
        assert!(text.contains("Leak in ?? ? room"), "{text}");
        assert!(text.contains("next to the stairs"), "{text}");
    }
}
