//! A complaint's triage as the complaints table keeps it (Code 6.1, migration 0011): its
//! complexity as text and one flag column per risk, written once when the complaint's row is
//! created (triage is done when logging), for the case list's filters.

use std::collections::BTreeSet;

use redress_domain::complaint::{Complexity, Risk};

/// What triage found when the complaint was logged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Triage {
    /// How complex it is.
    pub complexity: Complexity,
    /// The risks considered, if any.
    pub risks: BTreeSet<Risk>,
}

/// The stored text of a complexity.
pub(crate) fn complexity_text(complexity: Complexity) -> &'static str {
    match complexity {
        Complexity::Straightforward => "straightforward",
        Complexity::Complex => "complex",
    }
}

/// The flag column of a risk, true for the complaints with it; each has a partial index of
/// those complaints in the list's order.
pub(crate) fn risk_column(risk: Risk) -> &'static str {
    match risk {
        Risk::Vulnerability => "risk_vulnerability",
        Risk::HealthAndSafety => "risk_health_and_safety",
        Risk::DampAndMould => "risk_damp_and_mould",
        Risk::Disrepair => "risk_disrepair",
        Risk::Other => "risk_other",
    }
}

impl Triage {
    /// Whether the complaint has `risk`, as its flag column is written.
    pub(crate) fn has(&self, risk: Risk) -> bool {
        self.risks.contains(&risk)
    }
}
