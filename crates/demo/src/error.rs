//! What can stop a demo being generated.

use redress_app::AppError;
use redress_domain::calendar::CalendarError;
use redress_storage::StorageError;

/// Why no demo (or only part of one) was generated.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The database already has the demo landlord: a demo is generated once per database.
    #[error("the database already has the demo landlord \"{0}\"")]
    AlreadyExists(String),
    /// The options cannot make a demo (no homes, or a start before any Code Redress knows).
    #[error("{0}")]
    Invalid(String),
    /// The application refused a step of a complaint's life: a defect of the generator, since
    /// every step is meant to follow the Code.
    #[error("complaint {complaint}, {step}")]
    Step {
        /// The complaint's reference (or key, before it had one).
        complaint: String,
        /// The step.
        step: &'static str,
        /// Why it was refused.
        #[source]
        source: Box<AppError>,
    },
    /// A use case failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// The database failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A date outside the calendar's range.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A time could not be placed in Europe/London.
    #[error("time: {0}")]
    Time(#[from] jiff::Error),
}
