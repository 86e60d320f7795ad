//! A Complaint Handling Code self-assessment as a landlord publishes it (Code 8.1-8.3): the
//! Ombudsman's form, one table per section with the columns Code provision, Code requirement,
//! Comply: Yes / No, Evidence, Commentary / explanation.
//!
//! The application builds one [`AssessmentDocument`] from an assessment (its answers, the
//! evidence drawn from the record, the approval); every format is rendered from that one
//! value, so the DOCX, the PDF, the public page and the CSV say the same. Nothing here does I/O.

mod document;

pub use document::{Approval, AssessmentDocument, Row, Section};
pub use redress_domain::assessment::Answer;
