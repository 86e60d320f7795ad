//! Acknowledgements, responses and extensions in the period (Code 6.2-6.5, 6.11, 6.14-6.16):
//! how many, how many within the Code's timescales, and which were not. Responses are judged
//! by the Regulator's CH02 rules ([`tsm_figures`]) on each complaint alone, so the evidence and
//! the TSM agree.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{EvidenceInput, Finding, count};
use crate::calendar::london;
use crate::complaint::StageNumber;
use crate::reporting::{ReportingError, StageRecord, tsm_figures};

/// One stage's tallies over the records.
#[derive(Default)]
struct Tally {
    acknowledged: u64,
    acknowledged_within: u64,
    acknowledged_late: Vec<String>,
    unacknowledged_past_due: Vec<String>,
    responses: u64,
    responses_within: u64,
    responses_late: Vec<String>,
    extensions: u64,
    extensions_within_limit: u64,
    extensions_beyond_with_reason: u64,
    extensions_beyond_without_reason: Vec<String>,
    extensions_due_not_told: Vec<String>,
    extensions_without_ombudsman: Vec<String>,
    extended: Vec<String>,
    limit: u16,
    acknowledge_days: Option<u16>,
}

/// The findings for 6.2, 6.3, 6.4, 6.5, 6.11, 6.14, 6.15 and 6.16.
pub(super) fn findings(input: &EvidenceInput<'_>) -> Result<BTreeMap<&'static str, Finding>, ReportingError> {
    let mut tallies = [Tally::default(), Tally::default()];
    for record in input.records {
        let tsm = &record.activity.tsm;
        let version = input.code.version(tsm.code_version).ok_or(ReportingError::UnknownVersion(tsm.code_version))?;
        let timescales = &version.timescales;
        let reference = &record.reference;
        let start1 = input.calendar.effective_received_date(record.received_on)?;
        let ack1 = Some(timescales.stage1_acknowledge.working_days);
        if !tsm.refused {
            acknowledgement(input, &mut tallies[0], reference, start1, ack1, &tsm.stage1)?;
        }
        if let Some(escalation) = &tsm.escalation {
            let start2 = input.calendar.effective_received_date(london::local_date(escalation.requested_at)?)?;
            let ack2 = timescales.stage2_acknowledge.map(|t| t.working_days);
            acknowledgement(input, &mut tallies[1], reference, start2, ack2, &escalation.stage)?;
        }
        // CH02 on this complaint alone: 1 of 1 when within, 0 of 1 when not.
        let alone = tsm_figures(std::slice::from_ref(tsm), &input.period, None, input.code, input.calendar)?;
        for (tally, figure) in tallies.iter_mut().zip([alone.ch02_stage1, alone.ch02_stage2]) {
            tally.responses += figure.denominator;
            tally.responses_within += figure.numerator;
            if figure.numerator < figure.denominator {
                tally.responses_late.push(reference.clone());
            }
        }
        tallies[0].limit = timescales.stage1_extension_limit.working_days;
        tallies[1].limit = timescales.stage2_extension_limit.working_days;
        for extension in record.extensions.iter().filter(|e| input.period.contains(e.on)) {
            let tally = &mut tallies[index(extension.stage)];
            tally.extensions += 1;
            push_once(&mut tally.extended, reference);
            if extension.working_days <= tally.limit {
                tally.extensions_within_limit += 1;
            } else if extension.good_reason {
                tally.extensions_beyond_with_reason += 1;
            } else {
                push_once(&mut tally.extensions_beyond_without_reason, reference);
            }
            if !extension.new_due_told {
                push_once(&mut tally.extensions_due_not_told, reference);
            }
            if !extension.ombudsman_given {
                push_once(&mut tally.extensions_without_ombudsman, reference);
            }
        }
    }
    let [one, two] = tallies;
    let mut out = BTreeMap::new();
    out.insert("6.2", acknowledged(&one, "stage 1 complaints", "receipt"));
    out.insert("6.11", acknowledged(&two, "escalation requests", "the request"));
    out.insert("6.3", responded(&one, "stage 1", 10));
    out.insert("6.14", responded(&two, "stage 2", 20));
    out.insert("6.4", extensions(&one, "stage 1"));
    out.insert("6.15", extensions(&two, "stage 2"));
    out.insert("6.5", ombudsman_with_extensions(&one, "stage 1"));
    out.insert("6.16", ombudsman_with_extensions(&two, "stage 2"));
    Ok(out)
}

fn index(stage: StageNumber) -> usize {
    match stage {
        StageNumber::One => 0,
        StageNumber::Two => 1,
    }
}

pub(super) fn push_once(list: &mut Vec<String>, reference: &str) {
    if list.last().is_none_or(|last| last != reference) && !list.iter().any(|r| r == reference) {
        list.push(reference.to_owned());
    }
}

/// Counts a stage's acknowledgement made in the period, or its absence once past due in it.
fn acknowledgement(
    input: &EvidenceInput<'_>,
    tally: &mut Tally,
    reference: &str,
    start: Date,
    days: Option<u16>,
    stage: &StageRecord,
) -> Result<(), ReportingError> {
    let Some(days) = days else { return Ok(()) };
    tally.acknowledge_days = Some(days);
    let due = input.calendar.add_working_days(start, i32::from(days))?;
    match stage.acknowledged_at {
        Some(at) => {
            let on = london::local_date(at)?;
            if input.period.contains(on) {
                tally.acknowledged += 1;
                if on <= due {
                    tally.acknowledged_within += 1;
                } else {
                    tally.acknowledged_late.push(reference.to_owned());
                }
            }
        }
        None => {
            if input.period.contains(due) && due < input.today {
                tally.unacknowledged_past_due.push(reference.to_owned());
            }
        }
    }
    Ok(())
}

fn acknowledged(tally: &Tally, what: &str, from: &str) -> Finding {
    let mut finding = Finding::default();
    let days = tally.acknowledge_days.unwrap_or(5);
    if tally.acknowledged == 0 {
        finding.say(format!("No {what} were acknowledged in the period."));
    } else {
        finding.measured = true;
        finding.say(format!(
            "{} of the {} acknowledged in the period {} acknowledged within {days} working days of {from}.",
            tally.acknowledged_within,
            count(usize::try_from(tally.acknowledged).unwrap_or(usize::MAX), what_one(what), what),
            if tally.acknowledged == 1 { "was" } else { "were" },
        ));
    }
    finding.breached("Acknowledged late", tally.acknowledged_late.clone());
    if !tally.unacknowledged_past_due.is_empty() {
        finding.measured = true;
    }
    finding
        .breached(&format!("Not acknowledged and past the {days} working days"), tally.unacknowledged_past_due.clone());
    finding
}

fn what_one(what: &str) -> &str {
    match what {
        "stage 1 complaints" => "stage 1 complaint",
        "escalation requests" => "escalation request",
        other => other,
    }
}

fn responded(tally: &Tally, stage: &str, days: u16) -> Finding {
    let mut finding = Finding::default();
    if tally.responses == 0 {
        finding.say(format!("No {stage} responses were sent in the period."));
    } else {
        finding.measured = true;
        finding.say(format!(
            "{} of the {} sent in the period {} within the Code's timescales ({days} working days from \
             the acknowledgement, or the extended date), as the Regulator's CH02 counts them.",
            tally.responses_within,
            count(
                usize::try_from(tally.responses).unwrap_or(usize::MAX),
                &format!("{stage} response"),
                &format!("{stage} responses")
            ),
            if tally.responses == 1 { "was" } else { "were" },
        ));
    }
    finding.breached("Not within the timescales", tally.responses_late.clone());
    finding
}

fn extensions(tally: &Tally, stage: &str) -> Finding {
    let mut finding = Finding::default();
    if tally.extensions == 0 {
        finding.say(format!("No {stage} response was extended in the period."));
        return finding;
    }
    finding.measured = true;
    finding.say(format!(
        "{} recorded in the period: {} within the Code's {} working days, {} beyond them with a good reason \
         recorded. Each was recorded with its reason, explained to the resident.",
        count(
            usize::try_from(tally.extensions).unwrap_or(usize::MAX),
            &format!("{stage} extension was"),
            &format!("{stage} extensions were")
        ),
        tally.extensions_within_limit,
        tally.limit,
        tally.extensions_beyond_with_reason,
    ));
    finding.breached("Beyond the limit without a good reason recorded", tally.extensions_beyond_without_reason.clone());
    finding.breached("Without the new due date told to the resident on record", tally.extensions_due_not_told.clone());
    let breached: Vec<&String> = finding.breaches.iter().collect();
    finding.concerned = tally.extended.iter().filter(|r| !breached.contains(r)).cloned().collect();
    finding
}

fn ombudsman_with_extensions(tally: &Tally, stage: &str) -> Finding {
    let mut finding = Finding::default();
    if tally.extensions == 0 {
        finding.say(format!("No {stage} response was extended in the period."));
        return finding;
    }
    finding.measured = true;
    let without = tally.extensions_without_ombudsman.len();
    finding.say(format!(
        "The Housing Ombudsman's contact details were given with the {stage} extensions of {} of the {} extended \
         in the period.",
        tally.extended.len().saturating_sub(without),
        count(tally.extended.len(), "complaint", "complaints"),
    ));
    finding.breached("Extended without the Ombudsman's details on record", tally.extensions_without_ombudsman.clone());
    finding.concerned = tally.extended.clone();
    finding
}
