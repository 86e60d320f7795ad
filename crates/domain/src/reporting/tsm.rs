//! The Regulator of Social Housing's Tenant Satisfaction Measures for complaints, CH01 and
//! CH02, computed from plain records ([`TsmRecord`]).
//!
//! Source: Regulator of Social Housing, *Tenant Satisfaction Measures: Technical
//! Requirements* (September 2022; updated 15 March 2024 "to confirm how CH01 and CH02 will
//! reflect" the Housing Ombudsman's 2024 Complaint Handling Code, and 2 April 2024), section
//! 8 ("Reporting year and year end dates"), section 11 ("Definitions and specific
//! requirements for each TSM") and section 13 ("TSMs generated from management
//! information"); carried into Part A of the Regulator's *TSM Direction* (draft published
//! 9 December 2025, given 1 October 2026, its paragraphs 1 and 2). The measures:
//!
//! - CH01 "Complaints relative to the size of the landlord": (1) the number of stage one
//!   complaints received per 1,000 homes, (2) the number of stage two complaints received
//!   per 1,000 homes;
//! - CH02 "Complaints responded to within Complaint Handling Code timescales": (1) the
//!   proportion of stage one complaints, (2) of stage two complaints, responded to within
//!   the Housing Ombudsman's Complaint Handling Code timescales.
//!
//! Only the measures' names and structure could be read in the stored copies of those
//! documents (their paragraphs on CH01 and CH02 could not), so where the text was not
//! available to us, or is silent, these are issue 12's rules ("Redress's rules"), and the
//! README says so:
//!
//! - CH01 stage 1: complaints received in the period (their received date in England) that
//!   were not refused under section 2 of the Code, per 1,000 homes owned at the year's end.
//!   CH01 stage 2: escalation requests received in the period, per 1,000 homes; a request
//!   refused under Code 5.11 (on a section 2 ground) is not a stage 2 complaint, just as a
//!   complaint refused is not a stage 1 one, so it is not counted (the issue is silent on
//!   this; we read it so).
//! - CH02 stage 1: of the stage 1 responses sent in the period, the share within the
//!   timescales of the Code version governing the complaint: acknowledged within 5 working
//!   days of receipt (counted, as the clock counts, from the next working day when received
//!   on another), and the response sent within 10 working days of the acknowledgement (the
//!   2022 Code: of logging, which for imported history is the acknowledgement), or by the
//!   extended date where extensions were notified on or before the original due date. Only
//!   extensions within the Code's limit count (10 working days; an extension longer than the
//!   limit is not counted, however good its reason), and together they move the due date by
//!   at most the limit. CH02 stage 2: the same from the escalation request, 5 and 20 working
//!   days (the 2022 Code: no acknowledgement timescale, the response within 20 working days
//!   of the request), extensions of at most 20 (2022: 10).
//! - CH02 is also given without extensions, and with the count of the responses,
//!   acknowledgements and extensions behind it that were recorded after their due date
//!   (Code 5.12's late-recording flag), so that nobody can flatter it by backdating.

use jiff::civil::Date;
use serde::Serialize;

use super::figure::Figure;
use super::period::Period;
use super::record::{StageRecord, TsmRecord};
use crate::calendar::{CalendarError, WorkingCalendar, london};
use crate::code::{Anchor, CodeBook, CodeVersion, ExtensionLimit, Timescale, VersionId};

/// Why the figures could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportingError {
    /// A date outside the working-day calendar, or no time zone.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A complaint governed by a version of the Code this build does not have.
    #[error("no Code version {0:?} in this build")]
    UnknownVersion(VersionId),
}

/// Of the responses CH02 counts at a stage, how many had a step recorded after its due date
/// though stated on or before it (Code 5.12): each is judged by its stated date, as the Code
/// counts, and counted here so that a board sees how much of the figure rests on them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RecordedAfterDue {
    /// Responses recorded after their due date.
    pub responses: u64,
    /// Acknowledgements recorded after their due date.
    pub acknowledgements: u64,
    /// Extensions recorded after the due date they moved.
    pub extensions: u64,
    /// Responses counted within the timescales with any of these among their steps.
    pub within_timescales_with_late_records: u64,
}

/// CH01 and CH02 for one period and organisation, each with its numerator and denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TsmFigures {
    /// Stage 1 complaints received per 1,000 homes.
    pub ch01_stage1: Figure,
    /// Stage 2 complaints (escalation requests) received per 1,000 homes.
    pub ch01_stage2: Figure,
    /// Stage 1 responses within the Code's timescales, %.
    pub ch02_stage1: Figure,
    /// Stage 2 responses within the Code's timescales, %.
    pub ch02_stage2: Figure,
    /// Stage 1 responses within the timescales without any extension, %.
    pub ch02_stage1_without_extensions: Figure,
    /// Stage 2 responses within the timescales without any extension, %.
    pub ch02_stage2_without_extensions: Figure,
    /// Steps behind CH02 stage 1 recorded after their due date.
    pub ch02_stage1_recorded_after_due: RecordedAfterDue,
    /// Steps behind CH02 stage 2 recorded after their due date.
    pub ch02_stage2_recorded_after_due: RecordedAfterDue,
}

/// The figures over `records` for `period`, with `homes` owned at the year's end (CH01's
/// denominator; `None` when not recorded, which leaves CH01 without a value).
pub fn tsm_figures(
    records: &[TsmRecord],
    period: &Period,
    homes: Option<u64>,
    code: &CodeBook,
    calendar: &WorkingCalendar,
) -> Result<TsmFigures, ReportingError> {
    let mut tallies = TsmTallies::default();
    for record in records {
        let version = code.version(record.code_version).ok_or(ReportingError::UnknownVersion(record.code_version))?;
        let received_on = london::local_date(record.received_at)?;
        if !record.refused && period.contains(received_on) {
            tallies.received[0] += 1;
        }
        let logged_on = record.logged_on;
        let rules1 = stage1_rules(version);
        tallies.stage1.count(calendar, period, received_on, logged_on, &record.stage1, &rules1)?;
        if let Some(escalation) = &record.escalation {
            let requested_on = london::local_date(escalation.requested_at)?;
            if period.contains(requested_on) {
                tallies.received[1] += 1;
            }
            let rules2 = stage2_rules(version);
            tallies.stage2.count(calendar, period, requested_on, None, &escalation.stage, &rules2)?;
        }
    }
    Ok(tallies.figures(homes))
}

/// The counts behind CH01 and CH02 for one period: what [`tsm_figures`] tallies from the
/// records, and what a database can count from each stage's facts judged when it was written
/// ([`TsmRecord::stage_facts`]); either way [`TsmTallies::figures`] makes the figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TsmTallies {
    /// Stage 1 complaints received in the period, not refused; and escalation requests (stage
    /// 2 complaints) received in it, not refused.
    pub received: [u64; 2],
    /// The stage 1 responses sent in the period.
    pub stage1: StageTally,
    /// The stage 2 responses sent in the period.
    pub stage2: StageTally,
}

impl TsmTallies {
    /// The figures, over `homes` owned at the year's end (CH01's denominator; `None` when not
    /// recorded, which leaves CH01 without a value).
    pub fn figures(&self, homes: Option<u64>) -> TsmFigures {
        let homes = homes.unwrap_or(0);
        let (stage1, stage2) = (&self.stage1, &self.stage2);
        TsmFigures {
            ch01_stage1: Figure::per_thousand(self.received[0], homes),
            ch01_stage2: Figure::per_thousand(self.received[1], homes),
            ch02_stage1: Figure::percentage(stage1.within, stage1.responses),
            ch02_stage2: Figure::percentage(stage2.within, stage2.responses),
            ch02_stage1_without_extensions: Figure::percentage(stage1.within_without_extensions, stage1.responses),
            ch02_stage2_without_extensions: Figure::percentage(stage2.within_without_extensions, stage2.responses),
            ch02_stage1_recorded_after_due: stage1.late,
            ch02_stage2_recorded_after_due: stage2.late,
        }
    }
}

pub(super) fn stage1_rules(version: &CodeVersion) -> Rules {
    let timescales = &version.timescales;
    Rules {
        acknowledge: Some(timescales.stage1_acknowledge),
        respond: timescales.stage1_response,
        limit: timescales.stage1_extension_limit,
    }
}

pub(super) fn stage2_rules(version: &CodeVersion) -> Rules {
    let timescales = &version.timescales;
    Rules {
        acknowledge: timescales.stage2_acknowledge,
        respond: timescales.stage2_response,
        limit: timescales.stage2_extension_limit,
    }
}

/// A stage's timescales under one version of the Code.
pub(super) struct Rules {
    /// Acknowledging, from the stage's start (none for stage 2 under the 2022 Code).
    acknowledge: Option<Timescale>,
    /// The response, from its anchor.
    respond: Timescale,
    /// The most an extension may add.
    limit: ExtensionLimit,
}

/// The responses of one stage sent in the period, and how many were on time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTally {
    /// Responses sent in the period.
    pub responses: u64,
    /// Of them, within the Code's timescales.
    pub within: u64,
    /// Of them, within the timescales without any extension.
    pub within_without_extensions: u64,
    /// Their steps recorded after their due date.
    pub late: RecordedAfterDue,
}

impl StageTally {
    /// Counts `stage` if its response was sent in `period`. `start` is the date the stage
    /// began (received, or escalation requested), `logged_on` the date it was logged.
    fn count(
        &mut self,
        calendar: &WorkingCalendar,
        period: &Period,
        start: Date,
        logged_on: Option<Date>,
        stage: &StageRecord,
        rules: &Rules,
    ) -> Result<(), ReportingError> {
        let Some(responded_at) = stage.responded_at else { return Ok(()) };
        let responded_on = london::local_date(responded_at)?;
        if !period.contains(responded_on) {
            return Ok(());
        }
        let judged = judge(calendar, start, logged_on, stage, responded_on, rules)?;
        self.responses += 1;
        self.within += u64::from(judged.within);
        self.within_without_extensions += u64::from(judged.within_without_extensions);
        let late = &stage.late;
        self.late.responses += u64::from(late.response);
        self.late.acknowledgements += u64::from(late.acknowledgement);
        self.late.extensions += u64::from(late.extensions);
        let any_late = late.response || late.acknowledgement || late.extensions > 0;
        self.late.within_timescales_with_late_records += u64::from(judged.within && any_late);
        Ok(())
    }
}

/// Whether a response was within the timescales, with and without its extensions.
pub(super) struct Judged {
    pub(super) within: bool,
    pub(super) within_without_extensions: bool,
}

pub(super) fn judge(
    calendar: &WorkingCalendar,
    start: Date,
    logged_on: Option<Date>,
    stage: &StageRecord,
    responded_on: Date,
    rules: &Rules,
) -> Result<Judged, ReportingError> {
    let acknowledged_on = stage.acknowledged_at.map(london::local_date).transpose()?;
    let acknowledged_in_time = match rules.acknowledge {
        None => true,
        Some(rule) => match acknowledged_on {
            Some(on) => on <= due(calendar, start, rule.working_days)?,
            None => false,
        },
    };
    let response_from = match rules.respond.from {
        Anchor::Received | Anchor::EscalationRequested => Some(start),
        Anchor::Acknowledged => acknowledged_on,
        // History imported from another system is taken as logged when acknowledged.
        Anchor::Logged => logged_on.or(acknowledged_on),
    };
    let Some(response_from) = response_from else {
        return Ok(Judged { within: false, within_without_extensions: false });
    };
    let original_due = due(calendar, response_from, rules.respond.working_days)?;
    let mut extended_by: u16 = 0;
    for extension in &stage.extensions {
        let notified_on = london::local_date(extension.notified_at)?;
        if notified_on <= original_due && extension.working_days <= rules.limit.working_days {
            extended_by = extended_by.saturating_add(extension.working_days);
        }
    }
    let extended_due = calendar.add_working_days(original_due, i32::from(extended_by.min(rules.limit.working_days)))?;
    Ok(Judged {
        within: acknowledged_in_time && responded_on <= extended_due,
        within_without_extensions: acknowledged_in_time && responded_on <= original_due,
    })
}

/// `working_days` after `from`, counted from the next working day when `from` is not one.
fn due(calendar: &WorkingCalendar, from: Date, working_days: u16) -> Result<Date, CalendarError> {
    calendar.add_working_days(calendar.effective_received_date(from)?, i32::from(working_days))
}
