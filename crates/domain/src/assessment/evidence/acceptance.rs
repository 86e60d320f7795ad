//! Complaints not accepted and escalations refused in the period (Code 2.1-2.4, 3.7, 5.11):
//! on which grounds, with reasons and the Housing Ombudsman's details, and how discretion was
//! decided on issues over 12 months old.

use std::collections::BTreeMap;

use super::timeliness::push_once;
use super::{EvidenceInput, Finding, count};
use crate::complaint::StageNumber;
use crate::reporting::{RefusalGround, ReportingError};

/// The findings for 2.1, 2.2, 2.3, 2.4, 3.7 and 5.11.
pub(super) fn findings(input: &EvidenceInput<'_>) -> Result<BTreeMap<&'static str, Finding>, ReportingError> {
    let mut out = BTreeMap::new();
    out.insert("2.1", reasons(input, StageNumber::One, "2.1"));
    out.insert("5.11", reasons(input, StageNumber::Two, "5.11"));
    out.insert("2.2", policy_grounds(input));
    out.insert("2.3", old_issues(input));
    out.insert("2.4", ombudsman_with_refusals(input, &[StageNumber::One, StageNumber::Two]));
    out.insert("3.7", ombudsman_everywhere(input));
    Ok(out)
}

/// The refusals at `stage` decided in the period, with their complaints' references.
fn refusals<'a>(input: &'a EvidenceInput<'_>, stage: StageNumber) -> Vec<(&'a str, &'a super::RefusalFacts)> {
    input
        .records
        .iter()
        .flat_map(|r| r.refusals.iter().map(move |f| (r.reference.as_str(), f)))
        .filter(|(_, f)| f.stage == stage && input.period.contains(f.on))
        .collect()
}

fn reasons(input: &EvidenceInput<'_>, stage: StageNumber, provision: &str) -> Finding {
    let decided = refusals(input, stage);
    let (what_one, what_many, none) = match stage {
        StageNumber::One => (
            "complaint was not accepted",
            "complaints were not accepted",
            "No decision not to accept a complaint was made in the period.",
        ),
        StageNumber::Two => {
            ("escalation was refused", "escalations were refused", "No escalation was refused in the period.")
        }
    };
    let mut finding = Finding::default();
    if decided.is_empty() {
        finding.say(none);
        return finding;
    }
    finding.measured = true;
    let with_reasons = decided.iter().filter(|(_, f)| f.reasons_given).count();
    finding.say(format!(
        "{} in the period; {with_reasons} with the reasons for that complaint recorded.",
        count(decided.len(), what_one, what_many)
    ));
    let mut without = Vec::new();
    for (reference, _) in decided.iter().filter(|(_, f)| !f.reasons_given) {
        push_once(&mut without, reference);
    }
    finding.breached("Without reasons", without);
    if provision == "5.11" {
        let mut no_ombudsman = Vec::new();
        for (reference, _) in decided.iter().filter(|(_, f)| !f.ombudsman_given) {
            push_once(&mut no_ombudsman, reference);
        }
        finding.breached("Without the Ombudsman's details on record", no_ombudsman);
    }
    for (reference, _) in &decided {
        push_once(&mut finding.concerned, reference);
    }
    finding
}

fn policy_grounds(input: &EvidenceInput<'_>) -> Finding {
    let mut finding = Finding::default();
    let decided: Vec<_> =
        [StageNumber::One, StageNumber::Two].into_iter().flat_map(|stage| refusals(input, stage)).collect();
    let by_ground = |ground: RefusalGround| decided.iter().filter(|(_, f)| f.ground == ground).count();
    let listed = input.policy.exclusion_grounds.len();
    finding.say(format!(
        "The complaints policy's further exclusion grounds kept in Redress: {}.",
        if listed == 0 { "none listed".to_owned() } else { input.policy.exclusion_grounds.join("; ") }
    ));
    finding.say(format!(
        "Refusals in the period (not accepted or escalation refused): {} over 12 months old, {} legal proceedings \
         started, {} previously considered, {} on a ground of the policy.",
        by_ground(RefusalGround::OverTwelveMonths),
        by_ground(RefusalGround::LegalProceedings),
        by_ground(RefusalGround::PreviouslyConsidered),
        by_ground(RefusalGround::Policy),
    ));
    for (reference, _) in decided.iter().filter(|(_, f)| f.ground == RefusalGround::Policy) {
        push_once(&mut finding.concerned, reference);
    }
    finding
}

fn old_issues(input: &EvidenceInput<'_>) -> Finding {
    let mut finding = Finding::default();
    let old: Vec<_> = input.records.iter().filter(|r| r.old_issue && input.period.contains(r.received_on)).collect();
    let mut accepted = 0;
    let mut refused = 0;
    let mut undecided = 0;
    let mut no_discretion = Vec::new();
    for record in &old {
        let refusal = record.refusals.iter().find(|f| f.stage == StageNumber::One);
        match (refusal, record.activity.tsm.stage1.acknowledged_at) {
            (Some(refusal), _) => {
                refused += 1;
                if refusal.ground == RefusalGround::OverTwelveMonths && !refusal.discretion_recorded {
                    push_once(&mut no_discretion, &record.reference);
                }
            }
            (None, Some(_)) => {
                accepted += 1;
                if !record.discretion_recorded_at_acceptance {
                    push_once(&mut no_discretion, &record.reference);
                }
            }
            (None, None) => undecided += 1,
        }
        push_once(&mut finding.concerned, &record.reference);
    }
    // A refusal on the twelve-month ground of an issue within twelve months (imported history).
    let mut wrongly = Vec::new();
    for record in input.records.iter().filter(|r| !r.old_issue) {
        let on_age = record.refusals.iter().any(|f| {
            f.stage == StageNumber::One && f.ground == RefusalGround::OverTwelveMonths && input.period.contains(f.on)
        });
        if on_age {
            push_once(&mut wrongly, &record.reference);
        }
    }
    finding.measured = !old.is_empty() || !wrongly.is_empty();
    if old.is_empty() {
        finding.say("No complaint about an issue over 12 months old was received in the period.");
    } else {
        finding.say(format!(
            "{} about issues over 12 months old (from when the issue occurred or, if later, the resident became \
             aware of it) in the period: {accepted} accepted using discretion, {refused} not accepted, {undecided} \
             not yet decided.",
            count(old.len(), "complaint was received", "complaints were received"),
        ));
    }
    finding.breached("Decided without the discretion considered on record", no_discretion);
    finding.breached("Not accepted as over 12 months old though within 12 months", wrongly);
    finding
}

fn ombudsman_with_refusals(input: &EvidenceInput<'_>, stages: &[StageNumber]) -> Finding {
    let mut finding = Finding::default();
    let decided: Vec<_> = stages.iter().flat_map(|stage| refusals(input, *stage)).collect();
    if decided.is_empty() {
        finding.say("No complaint was refused (not accepted or escalation refused) in the period.");
        return finding;
    }
    finding.measured = true;
    let given = decided.iter().filter(|(_, f)| f.ombudsman_given).count();
    finding.say(format!(
        "{} in the period; {given} recorded the Housing Ombudsman's contact details given with the right to take \
         the decision to the Ombudsman (Redress refuses a decision without them).",
        count(decided.len(), "refusal was decided", "refusals were decided"),
    ));
    let mut without = Vec::new();
    for (reference, _) in decided.iter().filter(|(_, f)| !f.ombudsman_given) {
        push_once(&mut without, reference);
    }
    finding.breached("Without the Ombudsman's details on record", without);
    for (reference, _) in &decided {
        push_once(&mut finding.concerned, reference);
    }
    finding
}

/// 3.7: every step that must give the Ombudsman's details (refusals, extensions, stage 2
/// responses) in the period.
fn ombudsman_everywhere(input: &EvidenceInput<'_>) -> Finding {
    let mut finding = Finding::default();
    let mut steps = 0;
    let mut given = 0;
    let mut without = Vec::new();
    for record in input.records {
        let flags = record
            .refusals
            .iter()
            .filter(|f| input.period.contains(f.on))
            .map(|f| f.ombudsman_given)
            .chain(record.extensions.iter().filter(|e| input.period.contains(e.on)).map(|e| e.ombudsman_given))
            .chain(
                record
                    .responses
                    .iter()
                    .filter(|r| r.stage == StageNumber::Two && input.period.contains(r.on))
                    .map(|r| r.ombudsman_given),
            );
        for flag in flags {
            steps += 1;
            given += usize::from(flag);
            if !flag {
                push_once(&mut without, &record.reference);
            }
        }
    }
    if steps == 0 {
        finding.say("No refusal, extension or stage 2 response was recorded in the period.");
        return finding;
    }
    finding.measured = true;
    finding.say(format!(
        "{given} of the {} in the period (refusals, extensions and stage 2 responses) recorded the Housing \
         Ombudsman's contact details given to the resident.",
        count(steps, "step that must give them", "steps that must give them"),
    ));
    finding.breached("Without the Ombudsman's details on record", without);
    finding
}
