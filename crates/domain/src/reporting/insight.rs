//! The dashboard's figures about the Ombudsman (Code 9.7 c), learning (9.1-9.3) and the
//! residents behind the complaints (repeat complainants, vulnerabilities), over the same plain
//! records as the rest ([`ActivityRecord`]).
//!
//! The case list cannot filter by most of these, so each count carries the complaints behind
//! it ([`Counted`]) for the page to list. A complaint's resident and needs are read only as
//! an id and a yes or no: nothing personal reaches a report.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::activity::ActivityRecord;
use super::period::Period;
use super::tsm::ReportingError;
use crate::calendar::london;
use crate::complaint::{OmbudsmanOutcome, OrderKind};
use crate::ids::{ComplaintId, ResidentId};

/// A count and the complaints behind it, by id (each once, in id order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counted {
    /// How many (findings, orders, complaints: as the figure says).
    pub count: u64,
    /// The complaints behind them.
    pub complaints: Vec<ComplaintId>,
}

impl Counted {
    fn add(&mut self, complaint: &ComplaintId) {
        self.count += 1;
        if let Err(at) = self.complaints.binary_search(complaint) {
            self.complaints.insert(at, complaint.clone());
        }
    }
}

/// The Ombudsman in the period (Code 9.7 c).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OmbudsmanFigures {
    /// Complaints referred to the Ombudsman in the period.
    pub referrals: Counted,
    /// Determinations made in the period.
    pub determinations: Counted,
    /// The findings of those determinations by outcome, every outcome listed
    /// ([`OmbudsmanOutcome::ALL`]'s order).
    pub findings: Vec<(OmbudsmanOutcome, Counted)>,
    /// The orders and the recommendations of those determinations, with whether they were
    /// complied with ([`OrderKind::ALL`]'s order).
    pub orders: Vec<(OrderKind, OrderCompliance)>,
}

/// Orders (or recommendations) made in the period, and of those due by `today`, how they
/// were complied with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderCompliance {
    /// Made.
    pub made: Counted,
    /// Complied with on or before their due date.
    pub on_time: Counted,
    /// Complied with after it.
    pub late: Counted,
    /// Past their due date and not complied with.
    pub outstanding_past_due: Counted,
    /// Not yet due, or with no due date, and not complied with.
    pub not_yet_due: Counted,
}

/// What was learnt from the complaints closed in the period (Code 9.1-9.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearningFigures {
    /// Complaints closed in the period.
    pub closed: Counted,
    /// The service improvements: each closure that found one needed, oldest first.
    pub improvements: Vec<Improvement>,
    /// The root causes given, the same words counted together however they were spaced or
    /// capitalised; most frequent first, then by name.
    pub root_causes: Vec<(String, Counted)>,
}

/// A service improvement made because of a complaint (Code 9.1, 9.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Improvement {
    /// The complaint behind it.
    pub complaint: ComplaintId,
    /// The day it was closed, in England.
    pub closed_on: Date,
    /// Its root cause.
    pub root_cause: String,
    /// The improvement actions.
    pub actions: Vec<String>,
}

/// Who the period's complaints came from, as themes (Code 9.7 b).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResidentThemes {
    /// Residents who made two or more of the complaints received in the period.
    pub repeat_complainants: u64,
    /// Their complaints received in the period.
    pub repeat_complaints: Counted,
    /// Complaints received in the period where a vulnerability was considered at triage.
    pub vulnerability_at_triage: Counted,
    /// Complaints received in the period from residents whose record holds vulnerabilities or
    /// reasonable adjustments.
    pub support_needs: Counted,
}

/// The Ombudsman, learning and resident figures of `records` for `period`, with `today`
/// deciding which orders are past due.
pub(super) fn insight(
    records: &[ActivityRecord],
    period: &Period,
    today: Date,
) -> Result<(OmbudsmanFigures, LearningFigures, ResidentThemes), ReportingError> {
    let mut ombudsman = OmbudsmanFigures {
        referrals: Counted::default(),
        determinations: Counted::default(),
        findings: OmbudsmanOutcome::ALL.iter().map(|o| (*o, Counted::default())).collect(),
        orders: OrderKind::ALL.iter().map(|k| (*k, OrderCompliance::default())).collect(),
    };
    let mut learning =
        LearningFigures { closed: Counted::default(), improvements: Vec::new(), root_causes: Vec::new() };
    let mut causes: BTreeMap<String, (String, Counted)> = BTreeMap::new();
    let mut residents = ResidentThemes::default();
    let mut by_resident: BTreeMap<&ResidentId, Vec<&ComplaintId>> = BTreeMap::new();
    for record in records {
        let id = &record.id;
        if period.contains_instant(record.tsm.received_at)? {
            by_resident.entry(&record.resident).or_default().push(id);
            if record.vulnerability_at_triage {
                residents.vulnerability_at_triage.add(id);
            }
            if record.support_needs {
                residents.support_needs.add(id);
            }
        }
        for _ in record.referred_on.iter().filter(|on| period.contains(**on)) {
            ombudsman.referrals.add(id);
        }
        for determination in record.determinations.iter().filter(|d| period.contains(d.on)) {
            ombudsman.determinations.add(id);
            for outcome in &determination.findings {
                if let Some((_, counted)) = ombudsman.findings.iter_mut().find(|(o, _)| o == outcome) {
                    counted.add(id);
                }
            }
            for order in &determination.orders {
                if let Some((_, compliance)) = ombudsman.orders.iter_mut().find(|(k, _)| *k == order.kind) {
                    compliance.made.add(id);
                    let bucket = match (order.complied_on, order.due) {
                        (Some(on), Some(due)) if on > due => &mut compliance.late,
                        (Some(_), _) => &mut compliance.on_time,
                        (None, Some(due)) if due < today => &mut compliance.outstanding_past_due,
                        (None, _) => &mut compliance.not_yet_due,
                    };
                    bucket.add(id);
                }
            }
        }
        for closure in &record.closures {
            let closed_on = london::local_date(closure.at)?;
            if !period.contains(closed_on) {
                continue;
            }
            learning.closed.add(id);
            let cause = spaced(&closure.learning.root_cause);
            if !cause.is_empty() {
                causes.entry(cause.to_lowercase()).or_insert_with(|| (cause.clone(), Counted::default())).1.add(id);
            }
            if closure.learning.improvement_needed {
                learning.improvements.push(Improvement {
                    complaint: id.clone(),
                    closed_on,
                    root_cause: cause,
                    actions: closure.learning.improvement_actions.iter().map(|a| spaced(a)).collect(),
                });
            }
        }
    }
    for complaints in by_resident.values().filter(|c| c.len() >= 2) {
        residents.repeat_complainants += 1;
        for id in complaints {
            residents.repeat_complaints.add(id);
        }
    }
    learning.improvements.sort_by(|a, b| (a.closed_on, &a.complaint).cmp(&(b.closed_on, &b.complaint)));
    learning.root_causes = causes.into_values().collect();
    learning.root_causes.sort_by(|(a, x), (b, y)| y.count.cmp(&x.count).then_with(|| a.cmp(b)));
    Ok((ombudsman, learning, residents))
}

/// `text` trimmed, each run of white space one space, and without a closing full stop: how a
/// root cause is compared (ignoring case too) and shown.
fn spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches('.').to_owned()
}
