//! Tagged, accessible PDF from Redress's document model ([`redress_documents::Document`]): the
//! letters, the case file, the print queue's day of letters.
//!
//! Every PDF is laid out by typst in a sealed world (`world.rs`: one layout compiled into
//! the binary, `document.typ`; the embedded Liberation Sans fonts, `fonts.rs`; no file, package
//! or clock) and written to the PDF/UA-1 standard: real text, a tagged structure (headings,
//! lists, tables with their header cells), the document's title shown as its title, its
//! language, and alternative text on every image. The documents reach the layout as data
//! (`inputs.rs`), never as markup, so nothing a resident or handler wrote can act as typst
//! code. What PDF/UA-1 needs and the model can lack is checked first and refused with a
//! [`PdfError`]; what the exporter itself refuses is a [`PdfError`] too.
//!
//! Rendering is pure and synchronous, and takes tens of milliseconds a page: callers on an
//! async runtime run it in `spawn_blocking`. The same documents give the same bytes (no date is
//! written), so a letter's checksum can be recomputed.

mod fonts;
mod inputs;
mod join;
#[cfg(test)]
mod layout_checks;
mod world;

use redress_documents::Document;
use typst::diag::SourceDiagnostic;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

pub use crate::join::concatenate;
use crate::world::Sealed;

/// Why a document could not be made into a PDF.
///
/// The problems that typst reports (in [`PdfError::Layout`] and [`PdfError::Refused`]) can quote
/// the document's text, which is personal data: show them to the person who wrote it, but do
/// not log them. The messages of the errors themselves quote none.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// [`render_many`] was given no documents.
    #[error("there are no documents to put in the PDF")]
    NoDocuments,
    /// A document's title is blank (PDF/UA-1 requires a title).
    #[error("the document has no title; PDF/UA-1 requires one")]
    MissingTitle,
    /// A document's language is not a language with an optional region (`en`, `en-GB`).
    #[error("the language {0:?} is not a language tag with an optional region, such as en-GB")]
    Language(String),
    /// An image's alternative text is blank (PDF/UA-1 requires it).
    #[error("an image has no alternative text; PDF/UA-1 requires it")]
    MissingAltText,
    /// An image is not a PNG, JPEG or SVG file.
    #[error("an image of type {0:?} cannot be printed: only PNG, JPEG and SVG can")]
    ImageType(String),
    /// A table has no column headers.
    #[error("a table has no column headers")]
    TableWithoutHeader,
    /// A table row has more or fewer cells than the table has columns.
    #[error("a table row has {cells} cells but the table has {headers} columns")]
    RaggedTable {
        /// How many columns the header names.
        headers: usize,
        /// How many cells the first row that differs has.
        cells: usize,
    },
    /// Typst could not lay the document out (an image it cannot read, say).
    #[error("the document could not be laid out ({} problems)", .0.len())]
    Layout(Vec<String>),
    /// The exporter refused to write the PDF to PDF/UA-1 (text that the embedded font has no
    /// letters for, say).
    #[error("the PDF could not be written to the PDF/UA-1 standard ({} problems)", .0.len())]
    Refused(Vec<String>),
    /// One of the PDFs given to [`concatenate`] could not be read.
    #[error("PDF {file} of those to join could not be read: {reason}")]
    Unreadable {
        /// Which, counting from 1.
        file: usize,
        /// Why, as the reader says.
        reason: String,
    },
    /// The joined PDF could not be written.
    #[error("the joined PDF could not be written: {0}")]
    Join(String),
}

/// One document as a PDF: A4, its letterhead and addressing on the first page, "Page 1 of 2" at
/// the foot of every page.
pub fn render(document: &Document) -> Result<Vec<u8>, PdfError> {
    render_pdf(&document.title, std::slice::from_ref(document))
}

/// Several documents as one PDF (the day's letters to print), each starting on a new page with
/// its own page numbers, language and type size.
pub fn render_many(documents: &[Document]) -> Result<Vec<u8>, PdfError> {
    if documents.is_empty() {
        return Err(PdfError::NoDocuments);
    }
    render_pdf(&title_of_many(documents), documents)
}

/// The title of several documents: up to three of theirs, then how many more.
fn title_of_many(documents: &[Document]) -> String {
    const NAMED: usize = 3;
    let named: Vec<&str> = documents.iter().take(NAMED).map(|d| d.title.as_str()).collect();
    match documents.len().saturating_sub(NAMED) {
        0 => named.join("; "),
        more => format!("{}; and {more} more", named.join("; ")),
    }
}

fn render_pdf(title: &str, documents: &[Document]) -> Result<Vec<u8>, PdfError> {
    let world = Sealed::new(inputs::inputs(title, documents)?);
    let pdf = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| PdfError::Layout(problems(errors.as_slice())))
        .and_then(|laid_out| export(&laid_out));
    // typst memoises each step in a process-wide cache; without eviction a long-running
    // server would keep every document it ever printed. Keep what recent renders reused.
    typst::comemo::evict(10);
    pdf
}

fn export(laid_out: &PagedDocument) -> Result<Vec<u8>, PdfError> {
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|refusal| PdfError::Refused(vec![refusal.message().to_string()]))?;
    let options = PdfOptions { standards, ..PdfOptions::default() };
    typst_pdf::pdf(laid_out, &options).map_err(|errors| PdfError::Refused(problems(errors.as_slice())))
}

/// Typst's diagnostics as sentences: each message with its hints.
fn problems(diagnostics: &[SourceDiagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d.hints.iter().fold(d.message.to_string(), |all, hint| format!("{all} (hint: {})", hint.v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title: &str) -> Document {
        Document {
            title: title.into(),
            language: "en-GB".into(),
            letterhead: None,
            addressing: None,
            large_print: false,
            blocks: vec![],
        }
    }

    #[test]
    fn several_documents_are_titled_by_the_first_three_and_how_many_more() {
        assert_eq!(title_of_many(&[titled("A")]), "A");
        assert_eq!(title_of_many(&[titled("A"), titled("B"), titled("C")]), "A; B; C");
        assert_eq!(
            title_of_many(&[titled("A"), titled("B"), titled("C"), titled("D"), titled("E")]),
            "A; B; C; and 2 more"
        );
    }
}
