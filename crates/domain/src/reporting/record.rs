//! The plain record the TSM rules read: one small struct per complaint with only what CH01
//! and CH02 need, built from the complaint's events by one function ([`TsmRecord::from_events`]),
//! so that the figures and the case page read the same record. Importers of history from
//! other systems build it directly.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::code::VersionId;
use crate::complaint::{Event, StageNumber};

/// An extension of a stage's response deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionRecord {
    /// How many working days it added.
    pub working_days: u16,
    /// When the resident was told of it (the extension's stated time).
    pub notified_at: Timestamp,
}

/// Which of a stage's steps were recorded after their due date though stated on or before it
/// (the late-recording flag, [`crate::complaint::RecordedAfterDue`], Code 5.12).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LateRecords {
    /// The acknowledgement was.
    pub acknowledgement: bool,
    /// How many of the extensions were.
    pub extensions: u32,
    /// The response was.
    pub response: bool,
}

/// One stage as the rules need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageRecord {
    /// When it was acknowledged (and, under the 2022 Code, logged at stage 2).
    pub acknowledged_at: Option<Timestamp>,
    /// Its extensions, in the order recorded.
    pub extensions: Vec<ExtensionRecord>,
    /// When its response was sent.
    pub responded_at: Option<Timestamp>,
    /// Which steps were recorded after their due date.
    pub late: LateRecords,
}

/// Stage 2 as the rules need it: the escalation request that opened it, and the stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRecord {
    /// When the resident asked for stage 2.
    pub requested_at: Timestamp,
    /// The stage.
    pub stage: StageRecord,
}

/// What CH01 and CH02 need of one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsmRecord {
    /// The version of the Code in force when it was received, which sets its timescales.
    pub code_version: VersionId,
    /// When it was received.
    pub received_at: Timestamp,
    /// The date it was logged at stage 1, which the 2022 Code counted the response from;
    /// `None` for history imported from another system, where it is taken as logged when it
    /// was acknowledged (the 2022 Code acknowledged and logged together, its 4.1).
    pub logged_on: Option<Date>,
    /// Whether it was not accepted as a complaint (refused under section 2 of the Code).
    pub refused: bool,
    /// Stage 1.
    pub stage1: StageRecord,
    /// Stage 2: the escalation request not refused (Code 5.11), once there is one.
    pub escalation: Option<EscalationRecord>,
}

/// The step a [`Event::RecordedAfterDue`] flags: the event just before it.
#[derive(Debug, Clone, Copy)]
enum Flaggable {
    Acknowledgement(StageNumber),
    Extension(StageNumber),
    Response(StageNumber),
    /// A decision not to accept or a refusal to escalate: outside CH02.
    Other,
}

impl TsmRecord {
    /// The record of a complaint from its events, in order: its whole record, or only its
    /// events of the kinds in [`TsmRecord::KINDS`] (the others change nothing here). `None`
    /// when the events do not begin with the complaint being logged.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<TsmRecord> {
        let mut events = events.into_iter();
        let Some(Event::Logged(logged)) = events.next() else { return None };
        let mut record = TsmRecord {
            code_version: logged.code_version,
            received_at: logged.received_at,
            // Imported history is taken as logged when it was acknowledged (issue 12).
            logged_on: if logged.imported_from.is_some() { None } else { Some(logged.logged_on) },
            refused: false,
            stage1: StageRecord::default(),
            escalation: None,
        };
        let mut last = Flaggable::Other;
        for event in events {
            last = record.apply(event, last);
        }
        Some(record)
    }

    /// The kinds of event (as stored) that [`TsmRecord::from_events`] reads.
    pub const KINDS: [&'static str; 8] = [
        "logged",
        "not_accepted",
        "acknowledged",
        "extended",
        "responded",
        "escalation_requested",
        "escalation_refused",
        "recorded_after_due",
    ];

    /// The kinds of event (as stored) that put a complaint in a reporting period besides its
    /// receipt: a response sent in it (CH02) and an escalation request made in it (CH01 stage 2).
    pub const STEPS_IN_PERIOD: [&'static str; 2] = ["responded", "escalation_requested"];

    /// `event` applied; returns what a late-recording flag right after it would flag.
    fn apply(&mut self, event: &Event, last: Flaggable) -> Flaggable {
        // `last` is what the event before this one was, for a flag that follows it.
        match event {
            Event::NotAccepted { .. } => {
                self.refused = true;
                Flaggable::Other
            }
            Event::Acknowledged { stage, at, .. } => {
                if let Some(s) = self.stage_mut(*stage) {
                    s.acknowledged_at = Some(*at);
                }
                Flaggable::Acknowledgement(*stage)
            }
            Event::Extended { stage, at, working_days, .. } => {
                if let Some(s) = self.stage_mut(*stage) {
                    s.extensions.push(ExtensionRecord { working_days: *working_days, notified_at: *at });
                }
                Flaggable::Extension(*stage)
            }
            Event::Responded { stage, at, .. } => {
                if let Some(s) = self.stage_mut(*stage) {
                    s.responded_at = Some(*at);
                }
                Flaggable::Response(*stage)
            }
            Event::EscalationRequested { at, .. } => {
                self.escalation = Some(EscalationRecord { requested_at: *at, stage: StageRecord::default() });
                Flaggable::Other
            }
            Event::EscalationRefused { .. } => {
                self.escalation = None;
                Flaggable::Other
            }
            Event::RecordedAfterDue(_) => {
                self.flag(last);
                Flaggable::Other
            }
            // Nothing stands between an event and its flag; anything else resets it.
            _ => Flaggable::Other,
        }
    }

    fn flag(&mut self, flagged: Flaggable) {
        match flagged {
            Flaggable::Acknowledgement(stage) => {
                if let Some(s) = self.stage_mut(stage) {
                    s.late.acknowledgement = true;
                }
            }
            Flaggable::Extension(stage) => {
                if let Some(s) = self.stage_mut(stage) {
                    s.late.extensions += 1;
                }
            }
            Flaggable::Response(stage) => {
                if let Some(s) = self.stage_mut(stage) {
                    s.late.response = true;
                }
            }
            Flaggable::Other => {}
        }
    }

    fn stage_mut(&mut self, stage: StageNumber) -> Option<&mut StageRecord> {
        match stage {
            StageNumber::One => Some(&mut self.stage1),
            StageNumber::Two => self.escalation.as_mut().map(|e| &mut e.stage),
        }
    }
}
