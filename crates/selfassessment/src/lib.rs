//! Reading published self-assessments against the Housing Ombudsman's Complaint Handling Code
//! (issue 13, the importer): a document in, typed provisions out, with no I/O of its own.
//!
//! A document is plain text (exported from PDF, Word or a web page), HTML or DOCX. Each reader
//! turns its format into one stream of [`blocks::Block`]s (table rows, cells of a flat layout,
//! headings); the recogniser then finds the provision numbers, matches requirement text
//! against the Code data (to tell the Code version and to anchor rows), finds the comply
//! column, evidence and commentary, and maps 2022 provisions to their 2024 counterparts.
//! [`compare`] sets several imported self-assessments side by side.

mod blocks;
pub mod compare;
mod docx;
mod error;
mod html;
mod matching;
mod model;
mod recognise;
mod text;

pub use error::ImportError;
pub use model::{Comply, ImportedProvision, SelfAssessment};

/// Reads a published self-assessment: DOCX when the bytes are a zip archive, HTML when they
/// hold a table's markup or start as a web page does, plain text otherwise.
pub fn import(bytes: &[u8]) -> Result<SelfAssessment, ImportError> {
    let blocks = if bytes.starts_with(b"PK") {
        docx::blocks(bytes)?
    } else {
        let text = text::decode(bytes)?;
        if html::looks_like_html(&text) { html::blocks(&text) } else { text::blocks(&text) }
    };
    recognise::recognise(&blocks)
}
