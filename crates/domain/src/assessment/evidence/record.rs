//! The plain record the evidence reads, beside the dashboard's ([`ActivityRecord`]): what the
//! dashboard does not keep but the self-assessment asks about, such as whether the Ombudsman's
//! details went with a refusal or an extension, whether discretion on an old issue was
//! recorded, and who took part in each stage (Code 6.13). Built from the complaint's events by
//! one function ([`EvidenceRecord::from_events`]) through the reports' loader.

use std::collections::BTreeSet;

use jiff::civil::Date;

use crate::complaint::{Event, StageNumber};
use crate::ids::UserId;
use crate::reporting::{ActivityRecord, RefusalGround};

/// A decision not to accept a complaint or a refusal to escalate, as the evidence reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalFacts {
    /// 1: not accepted; 2: escalation refused.
    pub stage: StageNumber,
    /// The date in England it was decided.
    pub on: Date,
    /// The ground.
    pub ground: RefusalGround,
    /// Whether reasons were recorded.
    pub reasons_given: bool,
    /// Whether the reasons discretion was not used were recorded (Code 2.3).
    pub discretion_recorded: bool,
    /// Whether the Ombudsman's contact details were given with it (Code 2.4, 5.11).
    pub ombudsman_given: bool,
}

/// An extension, as the evidence reads it (Code 6.4, 6.5, 6.15, 6.16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionFacts {
    /// The stage extended.
    pub stage: StageNumber,
    /// The date in England it was recorded.
    pub on: Date,
    /// The working days it added.
    pub working_days: u16,
    /// Whether a good reason for going beyond the Code's limit was recorded.
    pub good_reason: bool,
    /// Whether the new due date told to the resident was recorded.
    pub new_due_told: bool,
    /// Whether the Ombudsman's contact details were given with it.
    pub ombudsman_given: bool,
}

/// A response, as the evidence reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseFacts {
    /// The stage answered.
    pub stage: StageNumber,
    /// The date in England it was sent.
    pub on: Date,
    /// Whether the Ombudsman's contact details were given with it (Code 6.19 g; stage 2).
    pub ombudsman_given: bool,
}

/// What the self-assessment's evidence needs of one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRecord {
    /// Its reference, as staff and residents know it (the caller sets it; the events hold
    /// only the id, [`ActivityRecord::id`], which stands in until then). The complaint's id and
    /// resident are the activity record's.
    pub reference: String,
    /// The date in England it was received.
    pub received_on: Date,
    /// Whether it was received more than 12 months after the issue (Code 2.3).
    pub old_issue: bool,
    /// Whether a representative made it (Code 1.3, 3.6).
    pub represented: bool,
    /// Whether it arose from a service request (Code 1.4, 1.5).
    pub from_service_request: bool,
    /// Whether a managing agent or contractor handled it at any time (Code 5.4, 5.5).
    pub handled_by_another: bool,
    /// Whether stage 1 was accepted with the discretion used on an old issue recorded.
    pub discretion_recorded_at_acceptance: bool,
    /// What the dashboard reads.
    pub activity: ActivityRecord,
    /// Its refusals.
    pub refusals: Vec<RefusalFacts>,
    /// Its extensions.
    pub extensions: Vec<ExtensionFacts>,
    /// Its responses.
    pub responses: Vec<ResponseFacts>,
    /// Who took part in stage 1 as the record names them: its handlers and whoever recorded
    /// its acknowledgement, extensions and response (Code 6.13).
    pub stage1_people: BTreeSet<UserId>,
    /// The handlers named for stage 2.
    pub stage2_handlers: BTreeSet<UserId>,
    /// The stage each of [`ActivityRecord::undertakings`] was undertaken at, in the same order
    /// (the stage of the last response before it; stage 1 before any).
    pub undertaking_stages: Vec<StageNumber>,
}

impl EvidenceRecord {
    /// The kinds of event (as stored) that [`EvidenceRecord::from_events`] reads: the
    /// dashboard's and reassignments.
    pub const KINDS: [&'static str; 13] = [
        "logged",
        "not_accepted",
        "acknowledged",
        "extended",
        "responded",
        "escalation_requested",
        "escalation_refused",
        "recorded_after_due",
        "remedy_offered",
        "remedy_completed",
        "action_added",
        "action_completed",
        "handler_reassigned",
    ];

    /// The record of a complaint from its events, in order (its whole record, or only those of
    /// [`EvidenceRecord::KINDS`]). `None` when they do not begin with its logging.
    pub fn from_events(events: &[Event]) -> Option<EvidenceRecord> {
        let activity = ActivityRecord::from_events(events)?;
        let Some(Event::Logged(logged)) = events.first() else { return None };
        let mut record = EvidenceRecord {
            reference: logged.id.to_string(),
            received_on: logged.received_on,
            old_issue: logged.issue_over_twelve_months_old(),
            represented: logged.representative.is_some(),
            from_service_request: !logged.service_requests.is_empty(),
            handled_by_another: logged.handling_organisation != logged.organisation,
            discretion_recorded_at_acceptance: false,
            activity,
            refusals: Vec::new(),
            extensions: Vec::new(),
            responses: Vec::new(),
            stage1_people: BTreeSet::new(),
            stage2_handlers: BTreeSet::new(),
            undertaking_stages: Vec::new(),
        };
        let mut answered = StageNumber::One;
        for event in &events[1..] {
            record.apply(event, &mut answered);
        }
        Some(record)
    }

    fn apply(&mut self, event: &Event, answered: &mut StageNumber) {
        match event {
            Event::NotAccepted { on, ground, reasons, discretion, ombudsman, .. } => {
                self.refusals.push(RefusalFacts {
                    stage: StageNumber::One,
                    on: *on,
                    ground: RefusalGround::of(ground),
                    reasons_given: !reasons.trim().is_empty(),
                    discretion_recorded: discretion.as_deref().is_some_and(|d| !d.trim().is_empty()),
                    ombudsman_given: ombudsman.is_some(),
                });
            }
            Event::EscalationRefused { at, on, ground, reasons, ombudsman } => {
                let on = on.or_else(|| crate::calendar::london::local_date(*at).ok());
                if let Some(on) = on {
                    self.refusals.push(RefusalFacts {
                        stage: StageNumber::Two,
                        on,
                        ground: RefusalGround::of(ground),
                        reasons_given: !reasons.trim().is_empty(),
                        discretion_recorded: false,
                        ombudsman_given: ombudsman.is_some(),
                    });
                }
            }
            Event::Acknowledged { stage, handler, late_issue_discretion, recorded_by, .. } => {
                self.person(*stage, handler, recorded_by.as_ref());
                if *stage == StageNumber::One {
                    self.discretion_recorded_at_acceptance =
                        late_issue_discretion.as_deref().is_some_and(|d| !d.trim().is_empty());
                }
            }
            Event::HandlerReassigned { stage, handler, recorded_by, .. } => {
                self.person(*stage, handler, recorded_by.as_ref());
            }
            Event::Extended { stage, on, working_days, good_reason, new_due, ombudsman, recorded_by, .. } => {
                if let (StageNumber::One, Some(by)) = (stage, recorded_by) {
                    self.stage1_people.insert(by.clone());
                }
                self.extensions.push(ExtensionFacts {
                    stage: *stage,
                    on: *on,
                    working_days: *working_days,
                    good_reason: good_reason.as_deref().is_some_and(|r| !r.trim().is_empty()),
                    new_due_told: new_due.is_some(),
                    ombudsman_given: ombudsman.is_some(),
                });
            }
            Event::Responded { stage, on, ombudsman, recorded_by, .. } => {
                if let (StageNumber::One, Some(by)) = (stage, recorded_by) {
                    self.stage1_people.insert(by.clone());
                }
                *answered = *stage;
                self.responses.push(ResponseFacts { stage: *stage, on: *on, ombudsman_given: ombudsman.is_some() });
            }
            Event::RemedyOffered { .. } | Event::ActionAdded { .. } => self.undertaking_stages.push(*answered),
            _ => {}
        }
    }

    /// Records `handler` as named for `stage`, and `recorded_by` as taking part in stage 1.
    fn person(&mut self, stage: StageNumber, handler: &UserId, recorded_by: Option<&UserId>) {
        match stage {
            StageNumber::One => {
                self.stage1_people.insert(handler.clone());
                if let Some(by) = recorded_by {
                    self.stage1_people.insert(by.clone());
                }
            }
            StageNumber::Two => {
                self.stage2_handlers.insert(handler.clone());
            }
        }
    }

    /// The stage each undertaking belongs to, by its place in [`ActivityRecord::undertakings`].
    pub fn undertaking_stage(&self, index: usize) -> StageNumber {
        self.undertaking_stages.get(index).copied().unwrap_or(StageNumber::One)
    }
}
