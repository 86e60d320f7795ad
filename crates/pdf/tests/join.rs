//! `concatenate`: the print queue's day of letters as one file, made of the PDFs as issued.
//! Read back with `lopdf` (always) and poppler's `pdftotext` (when installed).

// Helpers outside #[test] functions unwrap too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod poppler;
mod sample;

use redress_documents::Document;
use redress_pdf::{PdfError, concatenate, render};

use crate::sample::{heading, letter, paragraph};

fn note(title: &str, words: &str) -> Document {
    Document {
        title: title.into(),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks: vec![heading(1, title), paragraph(words)],
    }
}

#[test]
fn joined_letters_keep_every_page_in_order() {
    // A two-page letter between two one-page notes.
    let files = [
        render(&note("First letter", "Alpha words for the first letter.")).unwrap(),
        render(&letter()).unwrap(),
        render(&note("Third letter", "Omega words for the third letter.")).unwrap(),
    ];
    let joined = concatenate(&files).unwrap();
    let pdf = lopdf::Document::load_mem(&joined).unwrap();
    assert_eq!(pdf.get_pages().len(), 4);
    // Each page kept its own size and fonts: the text reads on every one.
    for page in 1..=4 {
        assert!(!pdf.extract_text(&[page]).unwrap().trim().is_empty(), "page {page} has no text");
    }
    let Some(text) = poppler::text(&joined) else { return };
    poppler::in_order(
        &text,
        &["Alpha words for the first letter.", "Our response to your complaint", "Omega words for the third letter."],
    )
    .unwrap();
    let third = poppler::page_text(&joined, 3).unwrap();
    assert!(third.contains("Page 2 of 2"), "the letter's second page is not the third: {third}");
}

#[test]
fn joining_nothing_or_something_that_is_not_a_pdf_is_refused() {
    assert!(matches!(concatenate(&[]), Err(PdfError::NoDocuments)));
    let good = render(&note("A letter", "Words.")).unwrap();
    let refused = concatenate(&[good, b"not a PDF at all".to_vec()]);
    assert!(matches!(refused, Err(PdfError::Unreadable { file: 2, .. })), "{refused:?}");
}
