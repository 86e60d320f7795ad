//! The case page's sections for the end of the complaint: its closure with the root cause and
//! what was learnt (Code 9.1), and the Housing Ombudsman's involvement (the referral, the
//! findings, with severe maladministration made to stand out, and the orders and
//! recommendations with compliance).

use redress_domain::complaint::{Closure, Complaint, OmbudsmanCase, OmbudsmanOutcome};

use super::parts::{Part, Section, Value, day, progress, row};
use crate::pages::cases::long_date;

/// What the page says, at its top and in the Ombudsman's section, when a finding was severe
/// maladministration.
pub(crate) const SEVERE: &str = "The Housing Ombudsman found severe maladministration.";

/// Whether the Ombudsman found severe maladministration on any aspect.
pub(crate) fn severe(complaint: &Complaint) -> bool {
    let findings = complaint.ombudsman.iter().flat_map(|c| &c.determination).flat_map(|d| &d.findings);
    findings.into_iter().any(|f| f.outcome == OmbudsmanOutcome::SevereMaladministration)
}

/// The closure, and any closure undone when stage 2 was asked for later.
pub(crate) fn closure(complaint: &Complaint) -> Option<Section> {
    if complaint.closed.is_none() && complaint.earlier_closures.is_empty() {
        return None;
    }
    let mut section = Section::new("closure", "Closure and learning");
    for earlier in &complaint.earlier_closures {
        section
            .parts
            .push(Part::Heading(format!("Closed on {}, reopened when stage 2 was asked for", day(earlier.at))));
        section.parts.push(Part::Rows(learning(earlier)));
    }
    if let Some(closed) = &complaint.closed {
        if !complaint.earlier_closures.is_empty() {
            section.parts.push(Part::Heading(format!("Closed on {}", day(closed.at))));
        }
        let mut rows = vec![row("Closed on", Value::Text(day(closed.at)))];
        rows.extend(learning(closed));
        section.parts.push(Part::Rows(rows));
    }
    Some(section)
}

fn learning(closure: &Closure) -> Vec<(String, Value)> {
    let learning = &closure.learning;
    let needed = if learning.improvement_needed { "Yes" } else { "No" };
    let mut rows = vec![
        row("Root cause", Value::Text(learning.root_cause.clone())),
        row("A service improvement is needed", Value::Text(needed.to_owned())),
    ];
    if learning.improvement_needed {
        rows.push(row("Improvement actions", Value::Lines(learning.improvement_actions.clone())));
    }
    rows
}

/// The Housing Ombudsman's involvement, once referred.
pub(crate) fn ombudsman(case: &OmbudsmanCase, severe: bool) -> Section {
    let mut section = Section::new("ombudsman", "The Housing Ombudsman");
    if severe {
        section.parts.push(Part::Warning(SEVERE.into()));
    }
    let mut rows = vec![
        row("Referred on", Value::Text(long_date(case.referred_on))),
        row("The Ombudsman's reference", Value::or(case.case_reference.clone(), "Not given")),
    ];
    let Some(determination) = &case.determination else {
        rows.push(row("Determination", Value::Text("Awaiting the Ombudsman's determination".into())));
        section.parts.push(Part::Rows(rows));
        return section;
    };
    rows.push(row("Determined on", Value::Text(long_date(determination.on))));
    section.parts.push(Part::Rows(rows));
    let findings = determination
        .findings
        .iter()
        .map(|f| vec![Value::Text(f.aspect.clone()), Value::Tag { text: f.outcome.label(), colour: colour(f.outcome) }])
        .collect();
    section.table("Findings", vec!["Aspect of the complaint", "Finding"], findings);
    let orders = determination
        .orders
        .iter()
        .map(|o| {
            vec![
                Value::Text(o.id.clone()),
                Value::Text(o.kind.label().to_owned()),
                Value::Text(o.description.clone()),
                Value::or(o.due.map(long_date), "No date set"),
                progress(o.complied_on, "Complied", o.evidence.as_ref()),
            ]
        })
        .collect();
    let head = vec!["Number", "Order or recommendation", "What", "Due", "Compliance"];
    section.table("Orders and recommendations", head, orders);
    section
}

/// A finding's tag colour: the more serious the failing, the stronger the colour.
fn colour(outcome: OmbudsmanOutcome) -> &'static str {
    match outcome {
        OmbudsmanOutcome::SevereMaladministration => "govuk-tag--red",
        OmbudsmanOutcome::Maladministration => "govuk-tag--orange",
        OmbudsmanOutcome::ServiceFailure => "govuk-tag--yellow",
        OmbudsmanOutcome::NoMaladministration | OmbudsmanOutcome::ReasonableRedress => "govuk-tag--green",
        OmbudsmanOutcome::Mediation | OmbudsmanOutcome::OutsideJurisdiction | OmbudsmanOutcome::Withdrawn => {
            "govuk-tag--grey"
        }
    }
}
