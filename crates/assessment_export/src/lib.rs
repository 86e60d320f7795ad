//! A Complaint Handling Code self-assessment as a landlord publishes it (Code 8.1-8.3): the
//! Ombudsman's form, one table per section with the columns Code provision, Code requirement,
//! Comply: Yes / No, Evidence, Commentary / explanation.
//!
//! The application builds one [`AssessmentDocument`] from an assessment (its answers, the
//! evidence drawn from the record, the approval); every format is rendered from that one
//! value, so the DOCX, the PDF, the public page and the CSV say the same. Nothing here does
//! I/O: [`docx`] (`docx.rs`, the OOXML written by hand into a zip), [`pdf`], [`html_page`] and
//! [`html_fragment`] (`page.rs`, through Redress's document model), [`csv()`] and [`json`]
//! (`tabular.rs`).

mod document;
mod docx;
mod page;
mod tabular;

pub use document::{Approval, AssessmentDocument, COLUMNS, Row, Section, in_words};
pub use docx::{DOCX_MEDIA_TYPE, docx};
pub use page::{document, html_fragment, html_page, pdf};
pub use redress_domain::assessment::Answer;
pub use tabular::{AssessmentJson, CSV_HEADER, ProvisionJson, csv, json};

/// Why an export could not be written. None of the messages quote the assessment.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The DOCX's zip could not be written.
    #[error("the DOCX could not be written: {0}")]
    Zip(String),
    /// The CSV could not be written.
    #[error("the CSV could not be written: {0}")]
    Csv(String),
    /// The JSON could not be written.
    #[error("the JSON could not be written: {0}")]
    Json(#[from] serde_json::Error),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] redress_pdf::PdfError),
}

impl From<zip::result::ZipError> for ExportError {
    fn from(error: zip::result::ZipError) -> ExportError {
        ExportError::Zip(error.to_string())
    }
}

impl From<::csv::Error> for ExportError {
    fn from(error: ::csv::Error) -> ExportError {
        ExportError::Csv(error.to_string())
    }
}
