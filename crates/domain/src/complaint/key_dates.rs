//! A complaint's key dates and decisions at a glance: when each stage began, was acknowledged
//! and was answered, with what decision, when it closed, and how many of its deadlines were
//! missed. What a complaints officer's tracker spreadsheet holds, one row per complaint, read
//! from the record rather than typed.

use jiff::civil::Date;

use super::deadlines::{Deadline, missed};
use super::model::{Decision, StageNumber};
use super::state::{Closure, Complaint, Stage};

/// One stage's key dates and its decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageDates {
    /// The date it began: the complaint was received, or stage 2 was asked for.
    pub opened_on: Date,
    /// The date it was acknowledged, once it was.
    pub acknowledged_on: Option<Date>,
    /// The date of its response, once made.
    pub responded_on: Option<Date>,
    /// The response's decision on the complaint, once made.
    pub decision: Option<Decision>,
}

impl StageDates {
    fn of(stage: &Stage) -> StageDates {
        StageDates {
            opened_on: stage.opened_on,
            acknowledged_on: stage.acknowledgement.as_ref().map(|a| a.on),
            responded_on: stage.response.as_ref().map(|r| r.on),
            decision: stage.response.as_ref().map(|r| r.decision),
        }
    }
}

/// A complaint's key dates, decisions and missed deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyDates {
    /// Stage 1.
    pub stage1: StageDates,
    /// Stage 2, once asked for (and not refused).
    pub stage2: Option<StageDates>,
    /// The date it was closed, in England, while it is.
    pub closed_on: Option<Date>,
    /// How many of its deadlines were missed: answered late, or open and overdue today.
    pub deadlines_missed: usize,
}

impl KeyDates {
    /// The key dates of `complaint`, whose deadlines (judged today) are `deadlines`.
    pub fn of(complaint: &Complaint, deadlines: &[Deadline]) -> KeyDates {
        KeyDates {
            stage1: StageDates::of(&complaint.stage1),
            stage2: complaint.stage(StageNumber::Two).map(StageDates::of),
            closed_on: complaint.closed.as_ref().map(Closure::on),
            deadlines_missed: missed(deadlines),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::{KeyDates, StageDates};
    use crate::complaint::Decision;
    use crate::complaint::deadlines::{answered_late, missed};
    use crate::complaint::model::StageNumber;
    use crate::complaint::tests::{acknowledged, escalate, respond};

    #[test]
    fn each_stages_dates_and_decision_and_the_missed_deadlines_are_read_from_the_record() {
        let mut case = acknowledged();
        // Acknowledged on 5 June 2024; the stage 1 response was due ten working days later,
        // on 19 June, and came on 1 July: one deadline missed.
        case.ok("2024-07-01T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
        case.ok("2024-07-02T10:00:00Z", escalate());
        let today = date(2024, 7, 3);
        let key = KeyDates::of(&case.state(), &case.deadlines(today));
        let stage1 = StageDates {
            opened_on: date(2024, 6, 3),
            acknowledged_on: Some(date(2024, 6, 5)),
            responded_on: Some(date(2024, 7, 1)),
            decision: Some(Decision::Upheld),
        };
        let stage2 =
            StageDates { opened_on: date(2024, 7, 2), acknowledged_on: None, responded_on: None, decision: None };
        assert_eq!(key, KeyDates { stage1, stage2: Some(stage2), closed_on: None, deadlines_missed: 1 });
        // Weeks later the stage 2 acknowledgement is overdue too: a second missed deadline.
        let later = KeyDates::of(&case.state(), &case.deadlines(date(2024, 8, 1)));
        assert_eq!(later.deadlines_missed, 2);
    }

    #[test]
    fn a_deadline_answered_late_stays_missed_while_an_overdue_one_counts_only_as_judged_today() {
        let mut case = acknowledged();
        case.ok("2024-07-01T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
        case.ok("2024-07-02T10:00:00Z", escalate());
        // The late stage 1 response is answered late on any day; the stage 2 acknowledgement,
        // open, is missed only once it is overdue.
        let (soon, later) = (case.deadlines(date(2024, 7, 3)), case.deadlines(date(2024, 8, 1)));
        assert_eq!((answered_late(&soon), missed(&soon)), (1, 1));
        assert_eq!((answered_late(&later), missed(&later)), (1, 2));
    }
}
