//! The evidence from the record for each provision of the Code (issue 13): plain-English
//! statements with the figures behind them for a period, the complaints concerned (those that
//! breached the provision first), the organisation's policy settings that break it, and the
//! answer the evidence suggests. Pure: the records, the settings, the calendar and today are
//! passed in.
//!
//! One module per group of provisions: [`timeliness`] (acknowledgements, responses and
//! extensions, sections 5.9 and 6), [`acceptance`] (section 2, 3.7 and 5.11), [`handling`]
//! (6.13, remedies and actions, 5.10) and [`activity`] (what Redress enforced on every step it
//! recorded, for the provisions whose rules it enforces but cannot measure) and [`roles`] (4.1,
//! 9.4, 9.5). [`policy`] checks
//! the settings.

mod acceptance;
mod activity;
mod handling;
mod policy;
mod record;
mod roles;
mod timeliness;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use jiff::civil::Date;

pub use policy::PolicySettings;
pub use record::{EvidenceRecord, ExtensionFacts, RefusalFacts, ResponseFacts};
pub use roles::RoleChange;

use super::{Answer, ProvisionEvidence};
use crate::calendar::WorkingCalendar;
use crate::code::{CodeBook, MatrixEntry, Support};
use crate::ids::ResidentId;
use crate::reporting::{Period, ReportingError};

/// How many references a statement names before "and N more" (all are in
/// [`ProvisionEvidence::complaints`]).
const NAMED_IN_A_STATEMENT: usize = 10;

/// Everything the evidence is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceInput<'a> {
    /// The complaints touching the period (received in it, or with a step in it).
    pub records: &'a [EvidenceRecord],
    /// The period.
    pub period: Period,
    /// Today, for what is overdue now.
    pub today: Date,
    /// The Code, for its timescales.
    pub code: &'a CodeBook,
    /// The organisation's working-day calendar.
    pub calendar: &'a WorkingCalendar,
    /// The organisation's policy settings in Redress.
    pub policy: &'a PolicySettings,
    /// The residents with a reasonable adjustment whose review date has passed (Code 5.10).
    pub adjustments_overdue: &'a [ResidentId],
    /// Every role assignment of the organisation's staff, for who held the roles the Code asks
    /// for (4.1, 9.4, 9.5); `None` leaves those to what Redress enforces.
    pub roles: Option<&'a [RoleChange]>,
}

/// What one group of provisions found for one provision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The statements, in order.
    pub statements: Vec<String>,
    /// The references of the complaints that breached the provision.
    pub breaches: Vec<String>,
    /// The references of the other complaints concerned.
    pub concerned: Vec<String>,
    /// Whether the record shows a breach ([`Finding::breached`] sets it; a breach that names no
    /// complaint, such as an adjustment overdue for review, sets it alone).
    pub breach: bool,
    /// Whether anything was measured (a provision with nothing to count in the period cannot
    /// be shown met).
    pub measured: bool,
}

impl Finding {
    /// Says `statement`.
    pub fn say(&mut self, statement: impl Into<String>) {
        self.statements.push(statement.into());
    }

    /// Says `what` of the breaching complaints `breaches`, naming them, when there are any,
    /// and keeps them as breaches.
    pub fn breached(&mut self, what: &str, breaches: Vec<String>) {
        if breaches.is_empty() {
            return;
        }
        self.say(format!("{what}: {}.", named(&breaches)));
        self.breaches.extend(breaches);
        self.breach = true;
    }
}

/// `references` as a statement names them: all of them up to [`NAMED_IN_A_STATEMENT`], then
/// how many more.
pub(crate) fn named(references: &[String]) -> String {
    let shown: Vec<&str> = references.iter().take(NAMED_IN_A_STATEMENT).map(String::as_str).collect();
    let more = references.len().saturating_sub(NAMED_IN_A_STATEMENT);
    if more == 0 { shown.join(", ") } else { format!("{} and {more} more", shown.join(", ")) }
}

/// "1 complaint", "2 complaints".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// The answer the evidence suggests for a provision: `No` when a figure shows breaches or a
/// setting breaks it; `Yes` when the record shows the whole provision (nothing remains to
/// attest) and something was measured; otherwise `None`, the landlord's to answer.
pub fn suggested(remains: &str, measured: bool, breaches: bool, policy_breaches: bool) -> Option<Answer> {
    if breaches || policy_breaches {
        Some(Answer::No)
    } else if remains.trim().is_empty() && measured {
        Some(Answer::Yes)
    } else {
        None
    }
}

/// The evidence for every provision of `matrix` not marked `attested`, in the matrix's order.
///
/// # Errors
///
/// [`ReportingError`] when a date falls outside the calendar or a record is governed by a
/// version of the Code not in the book.
pub fn evidence(matrix: &[MatrixEntry], input: &EvidenceInput<'_>) -> Result<Vec<ProvisionEvidence>, ReportingError> {
    let measured = timeliness::findings(input)?;
    let decided = acceptance::findings(input)?;
    let handled = handling::findings(input)?;
    let enforced = activity::findings(input)?;
    let roles = roles::findings(input)?;
    let policy = policy::breaches(input.policy);
    let mut out = Vec::new();
    for entry in matrix.iter().filter(|e| e.support != Support::Attested) {
        let key = entry.provision.to_string();
        let mut finding = [&measured, &decided, &handled, &enforced, &roles]
            .into_iter()
            .find_map(|found| found.get(key.as_str()).cloned())
            .unwrap_or_default();
        if entry.support != Support::Measured {
            finding.say(format!("What Redress enforces: {}", entry.covers));
        }
        out.push(provision_evidence(entry, finding, policy.get(key.as_str()).cloned().unwrap_or_default()));
    }
    Ok(out)
}

fn provision_evidence(entry: &MatrixEntry, finding: Finding, policy_breaches: Vec<String>) -> ProvisionEvidence {
    let suggested = suggested(&entry.remains, finding.measured, finding.breach, !policy_breaches.is_empty());
    let mut seen = BTreeSet::new();
    let complaints = finding.breaches.into_iter().chain(finding.concerned).filter(|r| seen.insert(r.clone())).collect();
    ProvisionEvidence {
        provision: entry.provision,
        statements: finding.statements,
        remains: entry.remains.clone(),
        complaints,
        policy_breaches,
        suggested,
    }
}
