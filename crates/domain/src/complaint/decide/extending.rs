//! Extending a stage's response deadline: the resident told of the new date and why (Code 6.4,
//! 6.15), and given the Ombudsman's contact details, which the extension records (6.5, 6.16).

use jiff::civil::Date;

use crate::code::CodeVersion;
use crate::complaint::event::Event;
use crate::complaint::extension::extended_due;
use crate::complaint::model::StageNumber;
use crate::complaint::state::Complaint;
use crate::refusal::Refusal;

use super::independence::check_stage_two_recorder;
use super::opening::{interval, open_stage};
use super::{Context, calendar_refusal, given};

/// The longest single extension, in working days (about a year): beyond the Code's limit it
/// needs a good reason, and no reason makes a response years away a timescale.
pub(crate) const MAX_EXTENSION: u16 = 260;

pub(super) struct ExtInput {
    pub(super) stage: StageNumber,
    pub(super) working_days: u16,
    pub(super) reason: String,
    pub(super) resident_informed: bool,
    pub(super) good_reason: Option<String>,
    pub(super) update_interval: Option<u16>,
    pub(super) new_due: Option<Date>,
}

pub(super) fn extend(
    complaint: &Complaint,
    version: &CodeVersion,
    ext: ExtInput,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    let stage = open_stage(complaint, ext.stage, "extend")?;
    if stage.acknowledgement.as_ref().is_some_and(|a| context.on < a.on) {
        return Err(Refusal::Invalid("an extension cannot come before the stage's acknowledgement".into()));
    }
    if ext.stage == StageNumber::Two {
        // Extending is a stage 2 decision on the complaint, which Code 6.13 keeps from stage 1's people.
        check_stage_two_recorder(complaint, "extension", context.acting)?;
    }
    let (limit, notice) = match ext.stage {
        StageNumber::One => (version.timescales.stage1_extension_limit, "6.5"),
        StageNumber::Two => (version.timescales.stage2_extension_limit, "6.16"),
    };
    let rule = limit.provision.to_string();
    if ext.working_days == 0 {
        return Err(Refusal::Invalid("an extension is at least one working day".into()));
    }
    if ext.working_days > MAX_EXTENSION {
        return Err(Refusal::Invalid(format!("an extension is at most {MAX_EXTENSION} working days (about a year)")));
    }
    if ext.reason.trim().is_empty() || !ext.resident_informed {
        return Err(Refusal::code_in(
            version.id,
            &rule,
            "the reasons for an extension must be clearly explained to the resident",
        ));
    }
    let ombudsman = context
        .ombudsman_given(notice, "a resident told of an extension must be given the Ombudsman's contact details")?;
    let total = stage.extended_by() + u32::from(ext.working_days);
    if total > u32::from(limit.working_days) && !given(ext.good_reason.as_deref()) {
        return Err(Refusal::code_in(
            version.id,
            &rule,
            format!("an extension beyond {} working days needs a recorded good reason", limit.working_days),
        ));
    }
    let new_due = checked_new_due(complaint, version, &rule, &ext, context)?;
    let mut events = Vec::new();
    match (stage.update_interval, ext.update_interval) {
        (_, Some(every)) => events.push(interval(ext.stage, every, context)?),
        (Some(_), None) => {}
        (None, None) => {
            return Err(Refusal::code(
                "5.9",
                "the response will fall outside the Code's timescale: agree with the resident how often to update them",
            ));
        }
    }
    events.push(Event::Extended {
        stage: ext.stage,
        at: context.at,
        on: context.on,
        working_days: ext.working_days,
        reason: ext.reason.trim().to_owned(),
        good_reason: ext.good_reason.filter(|g| !g.trim().is_empty()),
        new_due,
        ombudsman: Some(ombudsman),
        recorded_by: context.acting.cloned(),
    });
    Ok(events)
}

/// The new due date the extension gives, to record (Code 6.4, 6.15). When the handler
/// confirmed a date (the one the pages showed them), it must still be that one: a closure day
/// added since, say, would mean the resident was told the wrong date.
fn checked_new_due(
    complaint: &Complaint,
    version: &CodeVersion,
    rule: &str,
    ext: &ExtInput,
    context: &Context,
) -> Result<Option<Date>, Refusal> {
    let computed = extended_due(complaint, version, context.calendar, ext.stage, ext.working_days, context.on)
        .map_err(calendar_refusal)?
        .map(|e| e.new_due);
    match (ext.new_due, computed) {
        (Some(told), Some(computed)) if told != computed => Err(Refusal::code_in(
            version.id,
            rule,
            format!(
                "the extension gives a new due date of {computed}, not {told}: tell the resident the new date and confirm it again"
            ),
        )),
        (_, computed) => Ok(computed),
    }
}
