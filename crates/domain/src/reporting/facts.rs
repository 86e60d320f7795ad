//! Each stage's CH01 and CH02 facts judged once, when its complaint is written, so that a
//! database can count a year's figures without reading the complaints' events (issue 12's
//! "Performance"): the date the stage began, whether CH01 counts it, the date of its response
//! and whether that response was within the Code's timescales, with and without extensions,
//! judged by [`tsm_figures`]'s own rules (the same `judge`), and its late-recording flags.
//!
//! [`TsmTallies::from_facts`] counts them for a period as the database does; the tests (and the
//! application's differential tests, on both databases) hold it to [`tsm_figures`].
//!
//! A judgement depends on the record, the Code version governing it and the landlord's
//! working calendar, never on the period asked for: it holds until the record or the calendar
//! (a closure day) changes, and the application writes it again when either does.

use jiff::civil::Date;

use super::period::Period;
use super::record::{LateRecords, StageRecord, TsmRecord};
use super::tsm::{ReportingError, Rules, StageTally, TsmTallies, judge, stage1_rules, stage2_rules};
use crate::calendar::{WorkingCalendar, london};
use crate::code::CodeBook;
use crate::complaint::StageNumber;

/// One stage of a complaint as CH01 and CH02 count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TsmStageFacts {
    /// Which stage.
    pub stage: StageNumber,
    /// The date in England it began: the complaint received (stage 1) or the escalation
    /// requested (stage 2).
    pub started_on: Date,
    /// Whether CH01 counts it: a stage 1 complaint not refused under section 2; every
    /// escalation request recorded (one refused under Code 5.11 has no stage 2 facts).
    pub counted: bool,
    /// The date in England its response was sent, once it was.
    pub responded_on: Option<Date>,
    /// Whether the response was within the Code's timescales (false before there is one).
    pub within: bool,
    /// Whether it was within them without any extension.
    pub within_without_extensions: bool,
    /// Its steps recorded after their due date.
    pub late: LateRecords,
}

impl TsmRecord {
    /// The facts of each of its stages: stage 1, then stage 2 when an escalation request
    /// stands.
    ///
    /// # Errors
    ///
    /// [`ReportingError::UnknownVersion`] for a Code version this build lacks;
    /// [`ReportingError::Calendar`] for a date the calendar cannot count.
    pub fn stage_facts(
        &self,
        code: &CodeBook,
        calendar: &WorkingCalendar,
    ) -> Result<Vec<TsmStageFacts>, ReportingError> {
        let version = code.version(self.code_version).ok_or(ReportingError::UnknownVersion(self.code_version))?;
        let received_on = london::local_date(self.received_at)?;
        let mut facts = vec![stage(
            calendar,
            StageNumber::One,
            received_on,
            !self.refused,
            self.logged_on,
            &self.stage1,
            &stage1_rules(version),
        )?];
        if let Some(escalation) = &self.escalation {
            let requested_on = london::local_date(escalation.requested_at)?;
            let rules = stage2_rules(version);
            facts.push(stage(calendar, StageNumber::Two, requested_on, true, None, &escalation.stage, &rules)?);
        }
        Ok(facts)
    }
}

fn stage(
    calendar: &WorkingCalendar,
    number: StageNumber,
    started_on: Date,
    counted: bool,
    logged_on: Option<Date>,
    record: &StageRecord,
    rules: &Rules,
) -> Result<TsmStageFacts, ReportingError> {
    let responded_on = record.responded_at.map(london::local_date).transpose()?;
    let (within, within_without_extensions) = match responded_on {
        Some(on) => {
            let judged = judge(calendar, started_on, logged_on, record, on, rules)?;
            (judged.within, judged.within_without_extensions)
        }
        None => (false, false),
    };
    Ok(TsmStageFacts {
        stage: number,
        started_on,
        counted,
        responded_on,
        within,
        within_without_extensions,
        late: record.late,
    })
}

impl TsmTallies {
    /// The counts for `period` from stages' facts, as the database counts them: a stage
    /// counted by CH01 begun in the period, and a response sent in it.
    pub fn from_facts<'a>(facts: impl IntoIterator<Item = &'a TsmStageFacts>, period: &Period) -> TsmTallies {
        let mut tallies = TsmTallies::default();
        for fact in facts {
            let (received, tally) = match fact.stage {
                StageNumber::One => (&mut tallies.received[0], &mut tallies.stage1),
                StageNumber::Two => (&mut tallies.received[1], &mut tallies.stage2),
            };
            if fact.counted && period.contains(fact.started_on) {
                *received += 1;
            }
            if fact.responded_on.is_some_and(|on| period.contains(on)) {
                tally.add(fact);
            }
        }
        tallies
    }
}

impl StageTally {
    /// Counts one response sent in the period.
    fn add(&mut self, fact: &TsmStageFacts) {
        self.responses += 1;
        self.within += u64::from(fact.within);
        self.within_without_extensions += u64::from(fact.within_without_extensions);
        let late = &fact.late;
        self.late.responses += u64::from(late.response);
        self.late.acknowledgements += u64::from(late.acknowledgement);
        self.late.extensions += u64::from(late.extensions);
        let any_late = late.response || late.acknowledgement || late.extensions > 0;
        self.late.within_timescales_with_late_records += u64::from(fact.within && any_late);
    }
}
