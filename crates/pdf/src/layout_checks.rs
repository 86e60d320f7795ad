//! Checks on the laid-out pages themselves (typst's frames, before the PDF is written), which
//! need no PDF reader and so run wherever `cargo test` does: the size of every piece of text,
//! and the text itself, in the order it was laid out.

use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use redress_documents::Document;

use crate::inputs::inputs;
use crate::world::Sealed;

#[path = "../tests/sample/mod.rs"]
mod sample;

/// Every run of text on the pages of `document`, with its size in points, in layout order.
fn runs(document: &Document) -> Vec<(String, f64)> {
    let world = Sealed::new(inputs(&document.title, std::slice::from_ref(document)).unwrap());
    let laid_out = typst::compile::<PagedDocument>(&world).output.unwrap();
    let mut runs = Vec::new();
    for page in laid_out.pages() {
        collect(&page.frame, &mut runs);
    }
    runs
}

fn collect(frame: &Frame, into: &mut Vec<(String, f64)>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect(&group.frame, into),
            FrameItem::Text(text) => into.push((text.text.to_string(), text.size.to_pt())),
            _ => {}
        }
    }
}

/// The size most of the text is set in.
fn body_size(runs: &[(String, f64)]) -> f64 {
    let mut counts: Vec<(f64, usize)> = Vec::new();
    for (text, size) in runs {
        match counts.iter_mut().find(|(s, _)| s == size) {
            Some((_, count)) => *count += text.len(),
            None => counts.push((*size, text.len())),
        }
    }
    counts.into_iter().max_by_key(|(_, count)| *count).map(|(size, _)| size).unwrap_or_default()
}

/// The size of the text that reads `text`.
fn size_of(runs: &[(String, f64)], text: &str) -> f64 {
    runs.iter().find(|(run, _)| run == text).map(|(_, size)| *size).unwrap_or_default()
}

#[test]
fn a_standard_letters_body_text_is_12_pt_and_nothing_is_smaller_than_10_pt() {
    let runs = runs(&sample::letter());
    assert_eq!(body_size(&runs), 12.0);
    let heading_sizes = ["Our response to your complaint", "Your complaint", "How we handle complaints"]
        .map(|heading| (size_of(&runs, heading) * 100.0).round() / 100.0);
    assert_eq!(heading_sizes, [21.0, 16.8, 13.8]);
    assert!(runs.iter().all(|(_, size)| *size >= 10.0), "{runs:?}");
}

#[test]
fn code_3_1_a_large_print_letter_is_set_in_18_pt_and_nothing_is_smaller_than_16_pt() {
    let runs = runs(&Document { large_print: true, ..sample::letter() });
    assert_eq!(body_size(&runs), 18.0);
    let smallest = runs.iter().map(|(_, size)| *size).fold(f64::INFINITY, f64::min);
    assert!(smallest >= 16.0, "the smallest text is {smallest} pt: {runs:?}");
}

#[test]
fn a_residents_words_are_laid_out_as_written_never_read_as_markup() {
    let runs = runs(&sample::hostile_letter());
    let laid_out = runs.iter().map(|(text, _)| text.as_str()).collect::<Vec<_>>().join(" ");
    let flat = laid_out.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for text in sample::hostile_letter_texts() {
        let found = flat[from..].find(&text);
        assert!(found.is_some(), "{text:?} is missing or out of order after byte {from} of {flat}");
        from += found.unwrap_or_default() + text.len();
    }
    // Read as markup, `#set text(size: 40pt)` would have set what follows at 40 pt.
    assert!(runs.iter().all(|(_, size)| *size < 40.0), "{runs:?}");
}
