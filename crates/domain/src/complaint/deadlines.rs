//! The deadlines of a complaint, each with the working-day arithmetic behind it, so that a
//! handler or the Ombudsman can check it by hand; and whether each is on track, due soon,
//! overdue, met, met within a Code-compliant extension, or missed.
//!
//! A decision not to accept a complaint answers stage 1's acknowledgement deadline, and a
//! refusal to escalate answers stage 2's: both are judged on time or late, never dropped.
//!
//! The Code has no pause: the only thing that moves a response deadline is an extension
//! recorded on or before the deadline in force. An extension recorded later is kept and shown,
//! but the deadline it came too late for counts as missed.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::event::RecordedAfterDue;
use super::model::StageNumber;
use super::state::{Complaint, Stage};
use crate::calendar::{CalendarError, NonWorkingDay, WorkingCalendar};
use crate::code::{Anchor, CodeVersion, ProvisionNumber, Timescale};

/// How near a deadline is counted as "due soon", in working days.
pub const DUE_SOON_WORKING_DAYS: i32 = 2;

/// Which step a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Acknowledging the stage and defining the complaint.
    Acknowledgement,
    /// The stage's response.
    Response,
}

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Open, with more than two working days to go.
    OnTrack,
    /// Open, due within two working days.
    DueSoon,
    /// Open and past its due date.
    Overdue {
        /// Working days past the due date.
        working_days_late: i32,
    },
    /// Done by the original due date.
    Met,
    /// Done by a due date moved by a Code-compliant extension.
    MetWithinExtension,
    /// Done after its due date.
    Missed {
        /// Working days after the due date.
        working_days_late: i32,
    },
}

impl DeadlineStatus {
    /// The status as stored: "on_track", "overdue" and so on.
    pub fn as_str(self) -> &'static str {
        self.state().as_str()
    }

    /// The status without its count of working days.
    pub fn state(self) -> DeadlineState {
        match self {
            DeadlineStatus::OnTrack => DeadlineState::OnTrack,
            DeadlineStatus::DueSoon => DeadlineState::DueSoon,
            DeadlineStatus::Overdue { .. } => DeadlineState::Overdue,
            DeadlineStatus::Met => DeadlineState::Met,
            DeadlineStatus::MetWithinExtension => DeadlineState::MetWithinExtension,
            DeadlineStatus::Missed { .. } => DeadlineState::Missed,
        }
    }

    /// Whether the step is still to be done.
    pub fn is_open(self) -> bool {
        matches!(self, DeadlineStatus::OnTrack | DeadlineStatus::DueSoon | DeadlineStatus::Overdue { .. })
    }
}

/// Where a deadline stands, without the working days early or late: what a complaint's stored
/// summary keeps for the lists, which show and filter by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineState {
    /// Open, with more than two working days to go.
    OnTrack,
    /// Open, due within two working days.
    DueSoon,
    /// Open and past its due date.
    Overdue,
    /// Done by the original due date.
    Met,
    /// Done by a due date moved by a Code-compliant extension.
    MetWithinExtension,
    /// Done after its due date.
    Missed,
}

impl DeadlineState {
    /// Every state, open ones first.
    pub const ALL: [DeadlineState; 6] = [
        DeadlineState::OnTrack,
        DeadlineState::DueSoon,
        DeadlineState::Overdue,
        DeadlineState::Met,
        DeadlineState::MetWithinExtension,
        DeadlineState::Missed,
    ];

    /// The state as stored: "on_track", "overdue" and so on.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineState::OnTrack => "on_track",
            DeadlineState::DueSoon => "due_soon",
            DeadlineState::Overdue => "overdue",
            DeadlineState::Met => "met",
            DeadlineState::MetWithinExtension => "met_within_extension",
            DeadlineState::Missed => "missed",
        }
    }

    /// The state stored as `name` ([`DeadlineState::as_str`]), if it names one.
    pub fn named(name: &str) -> Option<DeadlineState> {
        DeadlineState::ALL.into_iter().find(|state| state.as_str() == name)
    }
}

/// An extension as it bears on a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtensionApplied {
    /// When it was recorded.
    pub recorded_on: Date,
    /// How many working days.
    pub working_days: u16,
    /// Whether it moved the deadline: only when recorded on or before the deadline in force.
    pub counted: bool,
    /// The provision limiting extensions.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "6.13"))]
    pub provision: ProvisionNumber,
}

/// A day the count skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkippedDay {
    /// The day.
    pub date: Date,
    /// Why it is not a working day.
    pub reason: NonWorkingDay,
}

/// How a due date was worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explanation {
    /// The event the Code counts from.
    pub start_event: Anchor,
    /// The date of that event in England.
    pub start_date: Date,
    /// The date counted from: the start date, or the next working day when it was not one.
    pub counted_from: Date,
    /// The rule applied: the provision and its number of working days.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "6.13"))]
    pub provision: ProvisionNumber,
    /// The number of working days the provision allows.
    pub working_days: u16,
    /// The due date by the rule alone.
    pub original_due: Date,
    /// Extensions, in the order recorded.
    pub extensions: Vec<ExtensionApplied>,
    /// Every non-working day between the date counted from and the due date.
    pub skipped: Vec<SkippedDay>,
}

/// One deadline of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    /// The stage.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// The step.
    pub step: Step,
    /// The due date in force (moved only by extensions that were counted).
    pub due: Date,
    /// When the step was done, if it has been.
    pub done_on: Option<Date>,
    /// Where it stands.
    pub status: DeadlineStatus,
    /// How the due date was worked out.
    pub explanation: Explanation,
    /// The events that met or moved it but were recorded after it had passed (Code 5.12),
    /// each with its reason: the deadline is judged by their stated dates, and counted apart
    /// by [`Deadline::met_only_by_late_record`].
    pub recorded_after_due: Vec<RecordedAfterDue>,
}

impl Deadline {
    /// Whether `date` is a due date this deadline has had: its original one, or one an
    /// extension moved it to. Each escalation request has its own stage 2 acknowledgement
    /// deadline, so a flag recorded against one (which names the due date it came after)
    /// must not mark the others.
    fn was_due_on(&self, date: Date) -> bool {
        (self.explanation.original_due..=self.due).contains(&date)
    }

    /// Whether the deadline counts as met only thanks to an event recorded after it had
    /// passed: a timeliness figure without such deadlines leaves these out of the met ones.
    pub fn met_only_by_late_record(&self) -> bool {
        matches!(self.status, DeadlineStatus::Met | DeadlineStatus::MetWithinExtension)
            && !self.recorded_after_due.is_empty()
    }
}

/// How many of `deadlines` count as met only thanks to events recorded after they had
/// passed ([`Deadline::met_only_by_late_record`]).
pub fn met_only_by_late_records(deadlines: &[Deadline]) -> usize {
    deadlines.iter().filter(|d| d.met_only_by_late_record()).count()
}

/// How many of `deadlines` were answered after their due date: missed for good, whatever the
/// day. What a complaint's row keeps, since only an event changes it.
pub fn answered_late(deadlines: &[Deadline]) -> usize {
    deadlines.iter().filter(|d| d.status.state() == DeadlineState::Missed).count()
}

/// How many of `deadlines` are missed as judged: answered after their due date, or still open
/// past it.
pub fn missed(deadlines: &[Deadline]) -> usize {
    answered_late(deadlines) + deadlines.iter().filter(|d| d.status.state() == DeadlineState::Overdue).count()
}

/// Every deadline the complaint has reached, in order, judged as of `today`.
pub fn deadlines(
    complaint: &Complaint,
    version: &CodeVersion,
    calendar: &WorkingCalendar,
    today: Date,
) -> Result<Vec<Deadline>, CalendarError> {
    let timescales = &version.timescales;
    let mut deadlines = Vec::new();
    let stage1 = &complaint.stage1;
    // A decision not to accept answers the complaint within the acknowledgement timescale.
    let not_accepted_on = complaint.not_accepted.as_ref().map(|n| n.on);
    let ack1_done = stage1.acknowledgement.as_ref().map(|a| a.on).or(not_accepted_on);
    let due = DueDate::new(calendar, &timescales.stage1_acknowledge, Anchor::Received, stage1.opened_on)?;
    deadlines.push(due.judge(StageNumber::One, Step::Acknowledgement, ack1_done, &[], calendar, today)?);

    if complaint.not_accepted.is_none() {
        let response_start = match timescales.stage1_response.from {
            Anchor::Logged => Some(complaint.logged.logged_on),
            _ => stage1.acknowledgement.as_ref().map(|a| a.on),
        };
        if let Some(start) = response_start {
            deadlines.push(response_deadline(stage1, &timescales.stage1_response, start, version, calendar, today)?);
        }
    }

    if let Some(ack) = &timescales.stage2_acknowledge {
        // A refusal to escalate answers the request within the stage 2 acknowledgement
        // timescale (Code 5.11), as a decision not to accept answers stage 1's: each request
        // refused keeps its deadline, judged by the date of the refusal.
        for refusal in &complaint.escalation_refusals {
            let due = DueDate::new(calendar, ack, Anchor::EscalationRequested, refusal.requested_on)?;
            deadlines.push(due.judge(
                StageNumber::Two,
                Step::Acknowledgement,
                Some(refusal.on),
                &[],
                calendar,
                today,
            )?);
        }
    }
    if let Some(stage2) = &complaint.stage2 {
        if let Some(ack) = &timescales.stage2_acknowledge {
            let due = DueDate::new(calendar, ack, Anchor::EscalationRequested, stage2.opened_on)?;
            let done = stage2.acknowledgement.as_ref().map(|a| a.on);
            deadlines.push(due.judge(StageNumber::Two, Step::Acknowledgement, done, &[], calendar, today)?);
        }
        let response_start = match timescales.stage2_response.from {
            Anchor::EscalationRequested | Anchor::Received => Some(stage2.opened_on),
            Anchor::Acknowledged | Anchor::Logged => stage2.acknowledgement.as_ref().map(|a| a.on),
        };
        if let Some(start) = response_start {
            deadlines.push(response_deadline(stage2, &timescales.stage2_response, start, version, calendar, today)?);
        }
    }
    for deadline in &mut deadlines {
        deadline.recorded_after_due = complaint
            .recorded_after_due
            .iter()
            .filter(|late| late.stage == deadline.stage && late.step == deadline.step && deadline.was_due_on(late.due))
            .cloned()
            .collect();
    }
    Ok(deadlines)
}

/// Where a step still to be done stands on `today`, given its due date: overdue once past
/// it, due soon within [`DUE_SOON_WORKING_DAYS`] working days of it, otherwise on track.
pub fn open_status(due: Date, today: Date, calendar: &WorkingCalendar) -> Result<DeadlineStatus, CalendarError> {
    Ok(if today > due {
        DeadlineStatus::Overdue { working_days_late: calendar.working_days_between(due, today)? }
    } else if calendar.working_days_between(today, due)? <= DUE_SOON_WORKING_DAYS {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::OnTrack
    })
}

/// The earliest deadline still open, which is what a list of cases sorts and filters by.
pub fn next_open(deadlines: &[Deadline]) -> Option<&Deadline> {
    deadlines.iter().filter(|d| d.status.is_open()).min_by_key(|d| d.due)
}

fn response_deadline(
    stage: &Stage,
    rule: &Timescale,
    start: Date,
    version: &CodeVersion,
    calendar: &WorkingCalendar,
    today: Date,
) -> Result<Deadline, CalendarError> {
    let limit = match stage.number {
        StageNumber::One => version.timescales.stage1_extension_limit.provision,
        StageNumber::Two => version.timescales.stage2_extension_limit.provision,
    };
    let due = DueDate::new(calendar, rule, rule.from, start)?;
    let extensions: Vec<(Date, u16, ProvisionNumber)> =
        stage.extensions.iter().map(|e| (e.on, e.working_days, limit)).collect();
    let done = stage.response.as_ref().map(|r| r.on);
    due.judge(stage.number, Step::Response, done, &extensions, calendar, today)
}

/// A due date by the rule alone, before extensions.
struct DueDate {
    anchor: Anchor,
    start: Date,
    counted_from: Date,
    rule: Timescale,
    due: Date,
}

impl DueDate {
    fn new(
        calendar: &WorkingCalendar,
        rule: &Timescale,
        anchor: Anchor,
        start: Date,
    ) -> Result<DueDate, CalendarError> {
        let counted_from = calendar.effective_received_date(start)?;
        let due = calendar.add_working_days(counted_from, i32::from(rule.working_days))?;
        Ok(DueDate { anchor, start, counted_from, rule: *rule, due })
    }

    /// Applies the extensions recorded in time, and judges the deadline as of `today`.
    fn judge(
        self,
        stage: StageNumber,
        step: Step,
        done_on: Option<Date>,
        extensions: &[(Date, u16, ProvisionNumber)],
        calendar: &WorkingCalendar,
        today: Date,
    ) -> Result<Deadline, CalendarError> {
        let mut due = self.due;
        let mut applied = Vec::new();
        for &(recorded_on, working_days, provision) in extensions {
            // Only an extension made before the deadline in force has passed moves it.
            let counted = recorded_on <= due;
            if counted {
                due = calendar.add_working_days(due, i32::from(working_days))?;
            }
            applied.push(ExtensionApplied { recorded_on, working_days, counted, provision });
        }
        let status = match done_on {
            Some(done) if done <= self.due => DeadlineStatus::Met,
            Some(done) if done <= due => DeadlineStatus::MetWithinExtension,
            Some(done) => DeadlineStatus::Missed { working_days_late: calendar.working_days_between(due, done)? },
            None => open_status(due, today, calendar)?,
        };
        let skipped = calendar
            .non_working_days_between(self.counted_from, due)?
            .into_iter()
            .map(|(date, reason)| SkippedDay { date, reason })
            .collect();
        Ok(Deadline {
            stage,
            step,
            due,
            done_on,
            status,
            explanation: Explanation {
                start_event: self.anchor,
                start_date: self.start,
                counted_from: self.counted_from,
                provision: self.rule.provision,
                working_days: self.rule.working_days,
                original_due: self.due,
                extensions: applied,
                skipped,
            },
            recorded_after_due: Vec::new(),
        })
    }
}
