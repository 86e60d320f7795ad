//! The plain value every format of a published self-assessment is rendered from.

use jiff::civil::Date;
use redress_domain::assessment::Answer;
use redress_domain::code::{ProvisionNumber, VersionId};
use serde::{Deserialize, Serialize};

/// A self-assessment ready to publish or export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDocument {
    /// The landlord that assesses itself, as it names itself.
    pub landlord: String,
    /// The managing agents assessed with it (one council's published self-assessment covers
    /// its four agents); empty when the landlord is assessed alone.
    pub agents: Vec<String>,
    /// The version of the Code assessed against.
    pub code_version: VersionId,
    /// The first day of the period assessed.
    pub from: Date,
    /// The last day of the period assessed.
    pub to: Date,
    /// The governing body's approval, once given (Code 8.2); `None` for a draft.
    pub approval: Option<Approval>,
    /// The Code's sections in order, each with its provisions in order.
    pub sections: Vec<Section>,
}

/// The governing body's approval of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// Who approved it: the governing body's name, such as "Board of Management".
    pub body: String,
    /// The day of the meeting that approved it.
    pub on: Date,
    /// The minute that records it, such as "B/2025/14".
    pub minute: String,
}

/// One section of the Code, such as "5. The complaint handling process".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Its number, 1 to 9.
    pub number: u8,
    /// Its title, as the Code gives it.
    pub title: String,
    /// Its provisions, in the Code's order.
    pub rows: Vec<Row>,
}

/// One provision and what the landlord says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The provision, such as 6.2.
    pub provision: ProvisionNumber,
    /// The Code's requirement, quoted whole.
    pub requirement: String,
    /// Whether the landlord complies; `None` while not yet answered.
    pub comply: Option<Answer>,
    /// The evidence: the statements drawn from the record and the landlord's own, in plain
    /// English (paragraphs separated by blank lines).
    pub evidence: String,
    /// The commentary; for a "no", the explanation the Code asks for.
    pub commentary: String,
    /// For a "no", the date by which the landlord intends to comply.
    pub comply_by: Option<Date>,
}
