//! Triage when a complaint is logged (Code 6.1): landlords must consider which complaints
//! can be answered promptly and which need a fuller investigation, weighing the complexity of
//! the complaint and whether the resident is vulnerable or at risk. Both are asked for every
//! time a complaint is logged, on every form and in the API, and lists filter by them.

use serde::{Deserialize, Serialize};

use super::model::Complexity;
use crate::refusal::Refusal;

/// A risk that bears on how a complaint is handled (Code 6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// The resident, or someone in the household, is vulnerable.
    Vulnerability,
    /// A risk to health or safety (a gas leak, no heating in winter, an unsafe structure).
    HealthAndSafety,
    /// Damp and mould.
    DampAndMould,
    /// Disrepair of the home.
    Disrepair,
    /// Another risk, which the complaint's risk notes describe.
    Other,
}

impl Risk {
    /// Every risk, in the order forms and filters offer them.
    pub const ALL: [Risk; 5] =
        [Risk::Vulnerability, Risk::HealthAndSafety, Risk::DampAndMould, Risk::Disrepair, Risk::Other];
}

impl Complexity {
    /// Every complexity, in the order forms and filters offer them.
    pub const ALL: [Complexity; 2] = [Complexity::Straightforward, Complexity::Complex];
}

/// Refuses a triage whose "other" risk is not described: a risk no one can read is not
/// considered (Code 6.1).
pub(super) fn check_risks(risks: &std::collections::BTreeSet<Risk>, notes: Option<&str>) -> Result<(), Refusal> {
    let described = notes.is_some_and(|n| !n.trim().is_empty());
    if risks.contains(&Risk::Other) && !described {
        return Err(Refusal::code("6.1", "say what the other risk is in the risk notes"));
    }
    Ok(())
}
