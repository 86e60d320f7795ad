//! Keeping the resident informed (Code 5.9): when the next update to the resident is due,
//! why, and where it stands.
//!
//! Two things call for updates while a stage is open (acknowledged or not), and the earlier
//! due date wins:
//!
//! - **An agreed interval.** Once an update interval of N working days is agreed for the
//!   stage, an update is due N working days after the last one, counting from the day it was
//!   agreed. Outgoing correspondence (a letter, email or call to the resident recorded as
//!   going out) is an update; incoming correspondence is not.
//! - **A late response.** Once the stage's response is past its due date in force (an
//!   extension recorded in time moves that date, so this applies only when there is none),
//!   the resident must be told: an update is due on the first working day after the missed
//!   due date, then every [`LATE_RESPONSE_UPDATE_WORKING_DAYS`] working days after the last
//!   one, until the response is issued. The Code sets no figure for this; Redress chooses the
//!   next working day, because the resident is owed an explanation as soon as the date they
//!   were given has passed, and then 5 working days, the Code's own shortest timescale (an
//!   acknowledgement), so that a late response is never silent for more than a working week.
//!
//! Nothing is due once the stage's response is issued, the complaint is closed or it was not
//! accepted.

use jiff::civil::Date;
use serde::Serialize;

use super::deadlines::{Deadline, DeadlineStatus, SkippedDay, Step, open_status};
use super::model::StageNumber;
use super::state::{Complaint, Stage};
use crate::calendar::{CalendarError, WorkingCalendar, london};

/// Working days between updates while a response is overdue (the Code's acknowledgement
/// timescale: see the module's documentation for why).
pub const LATE_RESPONSE_UPDATE_WORKING_DAYS: u16 = 5;

/// What calls for an update to the resident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UpdateReason {
    /// The update interval agreed with the resident.
    AgreedInterval,
    /// The stage's response is past its due date (or will be, if it is not sent by then: the
    /// update is due on the working day after).
    ResponseOverdue,
}

/// What the next update is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UpdateCountedFrom {
    /// The day the interval was agreed (no update sent since).
    IntervalAgreed,
    /// The last outgoing correspondence, which was an update.
    LastUpdate,
    /// The response's missed due date (no update sent since).
    ResponseDue,
}

/// The next update due to the resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateDue {
    /// The stage it is for.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// When it is due.
    pub due: Date,
    /// On track, due soon or overdue, judged today.
    pub status: DeadlineStatus,
    /// What calls for it.
    pub reason: UpdateReason,
    /// What it is counted from.
    pub counted_from: UpdateCountedFrom,
    /// The date it is counted from.
    pub counted_from_date: Date,
    /// The working days after that date.
    pub working_days: u16,
    /// Every non-working day between the date counted from and the due date.
    pub skipped: Vec<SkippedDay>,
}

/// The next update due to the resident on the complaint's current stage, judged as of
/// `today`, given its `deadlines`; `None` when none is due (see the module's documentation).
pub fn next_update(
    complaint: &Complaint,
    deadlines: &[Deadline],
    calendar: &WorkingCalendar,
    today: Date,
) -> Result<Option<UpdateDue>, CalendarError> {
    let stage = complaint.current_stage();
    // Only the response ends the updates: a complaint is closed only once its current stage
    // has one, and one not accepted has neither an interval nor a response deadline.
    if stage.response.is_some() {
        return Ok(None);
    }
    let sent = complaint.sent_to_resident.iter().map(|at| london::local_date(*at)).collect::<Result<Vec<_>, _>>()?;
    let mut candidates = Vec::new();
    if let Some(every) = stage.update_interval {
        let agreed_on = agreed_on(stage);
        let (counted_from, from) = match sent.iter().copied().filter(|d| *d >= agreed_on).max() {
            Some(last) => (UpdateCountedFrom::LastUpdate, last),
            None => (UpdateCountedFrom::IntervalAgreed, agreed_on),
        };
        candidates.push((UpdateReason::AgreedInterval, counted_from, from, every));
    }
    let response = deadlines.iter().find(|d| d.stage == stage.number && d.step == Step::Response);
    if let Some(response) = response {
        // Only an update sent after the due date was missed tells the resident it was.
        let candidate = match sent.iter().copied().filter(|d| *d > response.due).max() {
            Some(last) => (UpdateCountedFrom::LastUpdate, last, LATE_RESPONSE_UPDATE_WORKING_DAYS),
            None => (UpdateCountedFrom::ResponseDue, response.due, 1),
        };
        candidates.push((UpdateReason::ResponseOverdue, candidate.0, candidate.1, candidate.2));
    }
    let mut best: Option<UpdateDue> = None;
    for (reason, counted_from, from, working_days) in candidates {
        let due = calendar.add_working_days(from, i32::from(working_days))?;
        if best.as_ref().is_some_and(|b| b.due <= due) {
            continue;
        }
        let skipped = calendar
            .non_working_days_between(from, due)?
            .into_iter()
            .map(|(date, reason)| SkippedDay { date, reason })
            .collect();
        best = Some(UpdateDue {
            stage: stage.number,
            due,
            status: open_status(due, today, calendar)?,
            reason,
            counted_from,
            counted_from_date: from,
            working_days,
            skipped,
        });
    }
    Ok(best)
}

/// The day the stage's interval was agreed. Records made before that day was kept count from
/// the stage's acknowledgement (an interval is agreed only once a stage is acknowledged), or,
/// failing that, from the day the stage counts from.
fn agreed_on(stage: &Stage) -> Date {
    stage
        .update_interval_agreed_on
        .or_else(|| stage.acknowledgement.as_ref().map(|a| a.on))
        .unwrap_or(stage.counts_from)
}
