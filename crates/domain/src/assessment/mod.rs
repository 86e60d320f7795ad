//! The self-assessment against the Complaint Handling Code (Code 8.1-8.5): what a landlord says
//! about each provision, and the evidence Redress draws from the record for it.
//!
//! The evidence ([`ProvisionEvidence`]) is computed from plain records for a period, with a
//! suggested answer; the assessment keeps the suggestion beside the answer the complaints
//! officer confirms or overrides, so both are on record.

use serde::{Deserialize, Serialize};

use crate::code::ProvisionNumber;

pub mod changes;
pub mod model;
pub mod prompts;
pub mod workflow;

pub use changes::{Change, changes};
pub use model::{Coverage, Entry, Statement, Status};
pub use prompts::{NonCompliance, Trigger, TriggerKind};
pub use workflow::{Approval, Command, Decision, Publication, decide};

/// A landlord's answer to "Comply: Yes / No".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// It complies.
    Yes,
    /// It does not: the Code asks why, and by when it will.
    No,
}

impl Answer {
    /// As the Ombudsman's form writes it: "Yes" or "No".
    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "Yes",
            Answer::No => "No",
        }
    }
}

/// What the record shows about one provision for a period: statements in plain English with
/// the figures behind them, the complaints concerned, the organisation's settings that break
/// the provision, and the answer the evidence suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionEvidence {
    /// The provision.
    pub provision: ProvisionNumber,
    /// Plain-English statements, each one sentence or two, such as "43 of the 45 stage 1
    /// complaints acknowledged in the period were acknowledged within 5 working days."
    pub statements: Vec<String>,
    /// What of the provision the record cannot show, which the landlord attests (the
    /// compliance matrix's `remains`); empty when the record shows all of it.
    pub remains: String,
    /// The references of the complaints the statements are about (those that breached it
    /// first), for links to their case pages.
    pub complaints: Vec<String>,
    /// The organisation's policy settings that do not comply with the provision, in plain
    /// English ("The time limit for accepting complaints is 6 months; the Code asks for at
    /// least 12 months").
    pub policy_breaches: Vec<String>,
    /// The answer the evidence suggests: `No` when a measured figure shows breaches or a
    /// setting breaks the provision, `Yes` when the record shows it met in full, `None` when
    /// the record alone cannot tell.
    pub suggested: Option<Answer>,
}

pub mod evidence;
