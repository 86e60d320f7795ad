//! Backdating cannot make a missed deadline look met (Code 5.12). An event that meets or moves
//! a deadline (an acknowledgement, a decision not to accept, a response, an extension, a
//! refusal to escalate) is judged by the date it says it happened, as the Code counts. When
//! that date is on or before the deadline but the event is recorded only after the deadline
//! has passed (today, by the server's clock), the record says so: the event is accepted only
//! with a reason, and a [`RecordedAfterDue`] follows it, which the deadline carries so that
//! every timeliness figure can count it apart.

use crate::code::CodeVersion;
use crate::complaint::deadlines::{Step, deadlines};
use crate::complaint::event::{Event, RecordedAfterDue};
use crate::complaint::model::StageNumber;
use crate::complaint::state::Complaint;
use crate::refusal::Refusal;
use crate::text::{LONG, check};

/// The provision a step recorded after its due date without a reason is refused under.
pub(crate) const LATE_RECORD: &str = "5.12";

use super::{Context, calendar_refusal};

/// `events` with a [`RecordedAfterDue`] after each that meets or moves a deadline which had
/// passed by today though the event says it happened by then; refused without a reason.
pub(super) fn flag_recorded_after_due(
    complaint: &Complaint,
    version: &CodeVersion,
    events: Vec<Event>,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    // Stated today, it cannot claim a deadline that passed before today.
    if context.on >= context.today || !events.iter().any(|e| answers(e).is_some()) {
        return Ok(events);
    }
    let in_force = deadlines(complaint, version, context.calendar, context.today).map_err(calendar_refusal)?;
    let mut flagged = Vec::with_capacity(events.len() + 1);
    for event in events {
        let answered = answers(&event);
        flagged.push(event);
        let Some((stage, step)) = answered else { continue };
        // The deadline the event answers is the open one, listed last: the stage 2
        // acknowledgement deadlines of escalation requests refused earlier come before it.
        let Some(deadline) = in_force.iter().rev().find(|d| d.stage == stage && d.step == step) else { continue };
        if context.on > deadline.due || deadline.due >= context.today {
            continue;
        }
        let reason = context.late_reason.map(str::trim).filter(|r| !r.is_empty()).ok_or_else(|| {
            Refusal::code(
                LATE_RECORD,
                format!(
                    "the {} was due by {}; recorded today, after that date, as having happened on {}, it \
                     needs the reason it is recorded late",
                    what(stage, step),
                    deadline.due,
                    context.on
                ),
            )
        })?;
        check("the reason it is recorded late", reason, LONG)?;
        flagged.push(Event::RecordedAfterDue(RecordedAfterDue {
            stage,
            step,
            due: deadline.due,
            stated_on: context.on,
            recorded_on: context.today,
            reason: reason.to_owned(),
        }));
    }
    Ok(flagged)
}

/// The deadline an event meets or moves, if any: the acknowledgement's, which a decision not
/// to accept answers at stage 1 and a refusal to escalate at stage 2; the response's, which
/// an extension moves.
fn answers(event: &Event) -> Option<(StageNumber, Step)> {
    match event {
        Event::Acknowledged { stage, .. } => Some((*stage, Step::Acknowledgement)),
        Event::NotAccepted { .. } => Some((StageNumber::One, Step::Acknowledgement)),
        Event::EscalationRefused { .. } => Some((StageNumber::Two, Step::Acknowledgement)),
        Event::Responded { stage, .. } | Event::Extended { stage, .. } => Some((*stage, Step::Response)),
        _ => None,
    }
}

/// The deadline's step, in words.
fn what(stage: StageNumber, step: Step) -> String {
    let step = match step {
        Step::Acknowledgement => "acknowledgement",
        Step::Response => "response",
    };
    format!("stage {} {step}", u8::from(stage))
}
