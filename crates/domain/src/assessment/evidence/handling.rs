//! How complaints were handled once accepted: stage 2 independent of stage 1 (Code 6.13),
//! remedies and actions carried out by their dates (6.6, 6.17, 7.3), reasonable adjustments
//! reviewed (5.10) and the Ombudsman's details with stage 2 responses (6.19).

use std::collections::BTreeMap;

use super::timeliness::push_once;
use super::{EvidenceInput, Finding, count};
use crate::complaint::StageNumber;
use crate::reporting::ReportingError;

/// The findings for 5.10, 6.6, 6.13, 6.17, 6.19 and 7.3.
pub(super) fn findings(input: &EvidenceInput<'_>) -> Result<BTreeMap<&'static str, Finding>, ReportingError> {
    let mut out = BTreeMap::new();
    out.insert("6.13", independence(input)?);
    out.insert("7.3", undertakings(input, true, None));
    out.insert("6.6", undertakings(input, false, Some(StageNumber::One)));
    out.insert("6.17", undertakings(input, false, Some(StageNumber::Two)));
    out.insert("5.10", adjustments(input));
    out.insert("6.19", stage2_responses(input));
    Ok(out)
}

/// Whether `record` had a stage 2 step in the period: requested, acknowledged or answered.
fn stage2_in_period(input: &EvidenceInput<'_>, record: &super::EvidenceRecord) -> Result<bool, ReportingError> {
    let Some(escalation) = &record.activity.tsm.escalation else { return Ok(false) };
    let stage = &escalation.stage;
    for at in [Some(escalation.requested_at), stage.acknowledged_at, stage.responded_at].into_iter().flatten() {
        if input.period.contains_instant(at)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn independence(input: &EvidenceInput<'_>) -> Result<Finding, ReportingError> {
    let mut finding = Finding::default();
    let mut handled = 0;
    let mut same = Vec::new();
    for record in input.records {
        if !stage2_in_period(input, record)? || record.stage2_handlers.is_empty() {
            continue;
        }
        handled += 1;
        if record.stage2_handlers.iter().any(|h| record.stage1_people.contains(h)) {
            push_once(&mut same, &record.reference);
        } else {
            push_once(&mut finding.concerned, &record.reference);
        }
    }
    if handled == 0 {
        finding.say("No stage 2 was handled in the period.");
        return Ok(finding);
    }
    finding.measured = true;
    finding.say(format!(
        "{} handled at stage 2 in the period; in {} no stage 2 handler had taken part in stage 1 as the record \
         names them (handlers, and whoever recorded the acknowledgement, extensions and response).",
        count(handled, "complaint was", "complaints were"),
        handled - same.len(),
    ));
    finding.breached("Handled at stage 2 by someone who took part in stage 1", same);
    Ok(finding)
}

/// Remedies (`remedies`) or actions at `stage` (any when `None`): how many are due or done,
/// and which were not completed by their date.
fn undertakings(input: &EvidenceInput<'_>, remedies: bool, stage: Option<StageNumber>) -> Finding {
    let mut finding = Finding::default();
    let (mut due, mut on_time, mut not_yet_due) = (0, 0, 0);
    let (mut late_done, mut open_overdue) = (Vec::new(), Vec::new());
    let (mut late_count, mut overdue_count) = (0, 0);
    for record in input.records {
        for (i, undertaking) in record.activity.undertakings.iter().enumerate() {
            let is_remedy = undertaking.remedy.is_some();
            if is_remedy != remedies || stage.is_some_and(|s| s != record.undertaking_stage(i)) {
                continue;
            }
            // Counted when due in the period, or still open and overdue today.
            let due_in_period = input.period.contains(undertaking.due);
            let overdue_now = undertaking.completed_on.is_none() && undertaking.due < input.today;
            if !due_in_period && !overdue_now {
                continue;
            }
            due += 1;
            match undertaking.completed_on {
                Some(done) if done <= undertaking.due => on_time += 1,
                Some(_) => {
                    late_count += 1;
                    push_once(&mut late_done, &record.reference);
                }
                None if overdue_now => {
                    overdue_count += 1;
                    push_once(&mut open_overdue, &record.reference);
                }
                None => {
                    not_yet_due += 1;
                    push_once(&mut finding.concerned, &record.reference);
                }
            }
        }
    }
    let (one, many) = if remedies { ("remedy", "remedies") } else { ("action", "actions") };
    if due == 0 {
        finding.say(format!("No {one} was due in the period."));
        return finding;
    }
    finding.measured = true;
    finding.say(format!(
        "{} due in the period or overdue today: {on_time} completed by {}, {late_count} completed after it, \
         {overdue_count} overdue and not completed, {not_yet_due} not yet due.",
        count(due, &format!("{one} was"), &format!("{many} were")),
        if due == 1 { "its date" } else { "their dates" },
    ));
    finding.breached("Overdue and not completed", open_overdue);
    finding.breached("Completed after the date", late_done);
    finding
}

fn adjustments(input: &EvidenceInput<'_>) -> Finding {
    let mut finding = Finding { measured: true, ..Finding::default() };
    let overdue = input.adjustments_overdue.len();
    finding.say(if overdue == 0 {
        "No resident's reasonable adjustment is overdue for review.".to_owned()
    } else {
        format!(
            "{} a reasonable adjustment whose review date has passed.",
            count(overdue, "resident has", "residents have")
        )
    });
    let mut concerned = Vec::new();
    for record in input.records.iter().filter(|r| input.adjustments_overdue.contains(&r.activity.resident)) {
        push_once(&mut concerned, &record.reference);
    }
    if overdue > 0 {
        // The breach is the residents', whether or not they complained in the period.
        finding.breach = true;
        if concerned.is_empty() {
            finding.say("None of them has a complaint in the period.");
        }
        finding.breached("Complaints in the period of residents with an adjustment overdue for review", concerned);
    }
    finding
}

fn stage2_responses(input: &EvidenceInput<'_>) -> Finding {
    let mut finding = Finding::default();
    let (mut sent, mut given) = (0, 0);
    let mut without = Vec::new();
    for record in input.records {
        for response in record.responses.iter().filter(|r| r.stage == StageNumber::Two && input.period.contains(r.on)) {
            sent += 1;
            if response.ombudsman_given {
                given += 1;
                push_once(&mut finding.concerned, &record.reference);
            } else {
                push_once(&mut without, &record.reference);
            }
        }
    }
    if sent == 0 {
        finding.say("No stage 2 response was sent in the period.");
        return finding;
    }
    finding.measured = true;
    finding.say(format!(
        "{} sent in the period, each with the decision, remedy and outstanding actions; {} recorded the right to \
         refer the complaint to the Housing Ombudsman with its contact details.",
        count(sent, "stage 2 response was", "stage 2 responses were"),
        given,
    ));
    finding.breached("Without the Ombudsman's details on record", without);
    finding
}
