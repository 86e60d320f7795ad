//! The new due date an extension gives (Code 6.4, 6.15), worked out before it is recorded, so
//! that the handler sees it (and tells the resident of it) before confirming, and recorded in
//! the `Extended` event.
//!
//! An extension recorded on or before the response's due date in force moves that date by its
//! working days, exactly as [`deadlines`](super::deadlines) will count it. One recorded later
//! moves no deadline (the response is already late and counts as missed), but the resident
//! still needs a date: it is counted from the day the extension is recorded.

use jiff::civil::Date;
use serde::Serialize;

use super::deadlines::{SkippedDay, Step, deadlines};
use super::model::StageNumber;
use super::state::Complaint;
use crate::calendar::{CalendarError, WorkingCalendar};
use crate::code::CodeVersion;

/// The new response due date an extension would give, with how it was counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtendedDue {
    /// The stage.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// The response's due date in force before this extension.
    pub due_before: Date,
    /// Whether the extension comes in time to move the deadline (recorded on or before
    /// `due_before`).
    pub counted: bool,
    /// The date counted from: `due_before` when counted, otherwise the day it is recorded.
    pub counted_from: Date,
    /// The working days of the extension.
    pub working_days: u16,
    /// The new due date, to tell the resident.
    pub new_due: Date,
    /// Every non-working day between `counted_from` and `new_due`.
    pub skipped: Vec<SkippedDay>,
}

/// The new due date of stage `stage`'s response if it is extended by `working_days` on `on`;
/// `None` when the stage has no response deadline yet (nothing to extend).
pub fn extended_due(
    complaint: &Complaint,
    version: &CodeVersion,
    calendar: &WorkingCalendar,
    stage: StageNumber,
    working_days: u16,
    on: Date,
) -> Result<Option<ExtendedDue>, CalendarError> {
    // Only the due dates are read, and they do not depend on the day they are judged.
    let all = deadlines(complaint, version, calendar, on)?;
    let Some(response) = all.iter().find(|d| d.stage == stage && d.step == Step::Response) else {
        return Ok(None);
    };
    let due_before = response.due;
    // The same test the deadlines apply to an extension already recorded.
    let counted = on <= due_before;
    let counted_from = if counted { due_before } else { on };
    let new_due = calendar.add_working_days(counted_from, i32::from(working_days))?;
    let skipped = calendar
        .non_working_days_between(counted_from, new_due)?
        .into_iter()
        .map(|(date, reason)| SkippedDay { date, reason })
        .collect();
    Ok(Some(ExtendedDue { stage, due_before, counted, counted_from, working_days, new_due, skipped }))
}
