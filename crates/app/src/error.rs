//! What can go wrong in a use case, in terms a front end can turn into a response.

use redress_domain::calendar::CalendarError;
use redress_domain::code::CodeDataError;
use redress_domain::refusal::Refusal;
use redress_storage::StorageError;

/// A use case that did not happen. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The domain refused the command (citing a provision of the Code, or because of the
    /// complaint's state, or because the command is invalid).
    #[error("{0}")]
    Refused(#[from] Refusal),
    /// No such record in the caller's organisation (whether or not it exists elsewhere).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The request cannot be carried out as given.
    #[error("{0}")]
    Invalid(String),
    /// An idempotency key sent again with a different request.
    #[error("this Idempotency-Key was first used with a different request; use a new key for a new request")]
    KeyReused,
    /// Other writers kept changing the complaint; try again.
    #[error("the complaint is being changed by someone else; try again")]
    Busy,
    /// The embedded Code data is broken (a defect of this build).
    #[error(transparent)]
    CodeData(#[from] CodeDataError),
    /// A date outside the calendar's range.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The database failed.
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    /// A document could not be made into a PDF, or stored PDFs could not be joined. Its
    /// message quotes nothing of the document (see [`redress_pdf::PdfError`]).
    #[error("the PDF could not be made: {0}")]
    Pdf(#[from] redress_pdf::PdfError),
    /// A stored event could not be read back (a defect, or tampering).
    #[error("a stored event could not be read: {0}")]
    Corrupt(String),
}
