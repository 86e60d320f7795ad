//! Why a document could not be read: each error says what was found, so that a person can
//! tell a wrong file from a layout the importer does not know.

/// A document the importer cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// A zip archive that is not a readable Word document.
    #[error("a zip archive, but not a readable Word document: {0}")]
    NotDocx(String),
    /// Bytes that are neither text, HTML nor DOCX.
    #[error("not a text, HTML or DOCX document: {0}")]
    NotText(String),
    /// Text, but no provision numbers in it.
    #[error("recognised no provisions: found {found}, but no provision numbers (such as 6.2) starting a row")]
    NoProvisions {
        /// What the document held, in words ("40 lines", "3 table rows and 12 paragraphs").
        found: String,
    },
    /// Provisions, but no column saying whether the landlord complies.
    #[error("recognised {provisions} {}; no comply column", if *provisions == 1 { "provision" } else { "provisions" })]
    NoComplyColumn {
        /// How many provisions were recognised.
        provisions: usize,
    },
    /// The Code data compiled into this build is malformed: a defect, caught by its tests.
    #[error("the Code data in this build cannot be read: {0}")]
    CodeData(String),
}
