//! A complaint as its events make it: every fact the lifecycle rules look at, rebuilt by
//! folding the events in order (`apply.rs`). Nothing here decides anything.

mod apply;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::escalation::HowToEscalate;
use super::event::{Event, Logged, RecordedAfterDue};
use super::model::{
    Action, Channel, ConflictDeclaration, Decision, Definition, ExclusionGround, Finding, Learning, OmbudsmanOrder,
    PointDecision, Remedy, Responsibility, StageNumber,
};
use crate::ids::{OrganisationId, UserId};
use crate::ombudsman::OmbudsmanContact;

/// A complaint, rebuilt from its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    /// The facts recorded when it was logged.
    pub logged: Logged,
    /// The decision not to accept it, if it was not accepted.
    pub not_accepted: Option<NotAcceptance>,
    /// Stage 1, which every accepted complaint has.
    pub stage1: Stage,
    /// Stage 2, once the resident has asked for it and it has not been refused.
    pub stage2: Option<Stage>,
    /// Refusals to escalate (Code 5.11).
    pub escalation_refusals: Vec<EscalationRefusal>,
    /// Remedies offered, at either stage.
    pub remedies: Vec<Remedy>,
    /// Outstanding actions.
    pub actions: Vec<Action>,
    /// The ids of the correspondence recorded.
    pub correspondence: Vec<String>,
    /// When each piece of outgoing correspondence was sent: each is an update to the resident
    /// (Code 5.9).
    pub sent_to_resident: Vec<Timestamp>,
    /// The Ombudsman's involvement, once referred.
    pub ombudsman: Option<OmbudsmanCase>,
    /// The closure, once closed.
    pub closed: Option<Closure>,
    /// Closures undone by a later request for stage 2 (a complaint closed after stage 1 and
    /// then escalated), oldest first: their learning stays on the file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub earlier_closures: Vec<Closure>,
    /// Deadlines met or moved by events recorded after they had passed (Code 5.12), in the
    /// order recorded.
    pub recorded_after_due: Vec<RecordedAfterDue>,
    /// The complaint's passes from one handling organisation to another since it was
    /// logged, in the order recorded: the last says who handles it now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub handovers: Vec<Handover>,
}

/// A complaint passed from one handling organisation to another (Code 5.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Handover {
    /// The organisation handling it until then.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: OrganisationId,
    /// The organisation handling it from then.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub to: OrganisationId,
    /// Why.
    pub reason: String,
    /// Who recorded it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<UserId>,
}

/// A decision not to accept a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotAcceptance {
    /// When.
    pub at: Timestamp,
    /// The date in England.
    pub on: Date,
    /// The ground.
    pub ground: ExclusionGround,
    /// The reasons.
    pub reasons: String,
    /// Why discretion was not used to accept a complaint about an issue over 12 months old,
    /// when it was decided on (Code 2.3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discretion: Option<String>,
    /// The Housing Ombudsman's contact details given to the resident (absent in records made
    /// before they were kept).
    pub ombudsman: Option<OmbudsmanContact>,
}

/// A refusal to escalate. It answers the escalation request within the stage 2
/// acknowledgement timescale, as a decision not to accept answers stage 1's (Code 5.11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalationRefusal {
    /// When.
    pub at: Timestamp,
    /// The date in England.
    pub on: Date,
    /// The date the resident asked for stage 2, which the refusal's deadline counts from.
    pub requested_on: Date,
    /// The resident's reasons for asking, if they gave any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_because: Option<String>,
    /// The ground.
    pub ground: ExclusionGround,
    /// The reasons.
    pub reasons: String,
    /// The Housing Ombudsman's contact details given to the resident (absent in records made
    /// before they were kept).
    pub ombudsman: Option<OmbudsmanContact>,
}

/// One stage of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stage {
    /// Which stage.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub number: StageNumber,
    /// The date the stage began: the complaint was received, or stage 2 was asked for.
    pub opened_on: Date,
    /// The date the Code counts the stage from: `opened_on`, or the next working day when
    /// that was not one.
    pub counts_from: Date,
    /// The resident's reasons for escalating, if given (stage 2 only).
    pub escalation_reason: Option<String>,
    /// How the resident asked for stage 2, when recorded (stage 2 only).
    pub escalation_channel: Option<Channel>,
    /// The acknowledgement, once made.
    pub acknowledgement: Option<Acknowledgement>,
    /// Extensions of the response deadline, in the order recorded.
    pub extensions: Vec<Extension>,
    /// The update interval agreed with the resident, in working days (Code 5.9).
    pub update_interval: Option<u16>,
    /// The date the update interval was agreed, when the record says. Records made before
    /// the date was kept count from the stage's acknowledgement instead (see
    /// [`next_update`](super::next_update)).
    pub update_interval_agreed_on: Option<Date>,
    /// The response, once issued.
    pub response: Option<Response>,
    /// The handlers named after the acknowledgement's, in the order recorded: the last is the
    /// stage's handler now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reassignments: Vec<Reassignment>,
}

/// A stage's acknowledgement and definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    /// When.
    pub at: Timestamp,
    /// The date in England.
    pub on: Date,
    /// The handler.
    pub handler: UserId,
    /// The definition, including points added since (Code 6.8).
    pub definition: Definition,
    /// What the landlord is and is not responsible for.
    pub responsibility: Responsibility,
    /// The handler's conflict-of-interest declaration.
    pub conflict: ConflictDeclaration,
    /// Why a complaint about an issue over 12 months old was accepted (Code 2.3): once used,
    /// the issue's age is no ground to refuse escalation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_issue_discretion: Option<String>,
    /// Who recorded it, when known (Code 6.13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<UserId>,
}

/// Another handler named for a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reassignment {
    /// The handler until then.
    pub from: UserId,
    /// The new handler.
    pub handler: UserId,
    /// Why.
    pub reason: String,
    /// The new handler's conflict-of-interest declaration (Code 5.8).
    pub conflict: ConflictDeclaration,
    /// Who recorded it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<UserId>,
}

/// An extension of a stage's response deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Extension {
    /// When it was recorded.
    pub at: Timestamp,
    /// The date in England.
    pub on: Date,
    /// How many working days.
    pub working_days: u16,
    /// The reasons given to the resident.
    pub reason: String,
    /// The good reason for exceeding the Code's limit, if it does.
    pub good_reason: Option<String>,
    /// The new due date the resident was told of, when the record says (Code 6.4, 6.15).
    pub new_due: Option<Date>,
    /// The Housing Ombudsman's contact details given to the resident (absent in records made
    /// before they were kept).
    pub ombudsman: Option<OmbudsmanContact>,
    /// Who recorded it, when known (Code 6.13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<UserId>,
}

/// A stage's response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Response {
    /// When.
    pub at: Timestamp,
    /// The date in England.
    pub on: Date,
    /// The decision on the complaint.
    pub decision: Decision,
    /// The decision on each point.
    pub decisions: Vec<PointDecision>,
    /// Why no remedy was offered, if none was.
    pub no_remedy_reason: Option<String>,
    /// How it told the resident to take the complaint further (Code 6.9 g, 6.19 g).
    pub escalation: HowToEscalate,
    /// Who recorded it, when known (Code 6.13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<UserId>,
}

/// The Ombudsman's involvement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OmbudsmanCase {
    /// When the complaint was referred.
    pub referred_on: Date,
    /// The Ombudsman's reference.
    pub case_reference: Option<String>,
    /// The determination, once made.
    pub determination: Option<Determination>,
}

/// The Ombudsman's determination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Determination {
    /// When.
    pub on: Date,
    /// The findings.
    pub findings: Vec<Finding>,
    /// The orders and recommendations.
    pub orders: Vec<OmbudsmanOrder>,
}

/// A complaint's closure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    /// When.
    pub at: Timestamp,
    /// What was learnt.
    pub learning: Learning,
}

impl Closure {
    /// The date in England it was closed.
    pub fn on(&self) -> Date {
        apply::date_in_england(self.at)
    }
}

/// How someone took part in a stage: what Code 6.13 keeps from stage 2 is the person who
/// considered stage 1, whether named as its handler or recording its decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Involvement {
    /// Named as the stage's handler, at its acknowledgement or by a reassignment.
    Handled,
    /// Recorded the stage's acknowledgement.
    RecordedAcknowledgement,
    /// Recorded the stage's response.
    RecordedResponse,
    /// Recorded an extension of the stage's response deadline.
    RecordedExtension,
}

/// Where a complaint is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not accepted as a complaint (Code 2.1-2.5).
    NotAccepted,
    /// Waiting for the stage to be acknowledged and the complaint defined.
    AwaitingAcknowledgement,
    /// Acknowledged, being investigated.
    Investigating,
    /// The stage's response has been issued.
    Responded,
    /// Closed, with its learning recorded.
    Closed,
}

impl Status {
    /// Every status, in the order lists offer them.
    pub const ALL: [Status; 5] = [
        Status::AwaitingAcknowledgement,
        Status::Investigating,
        Status::Responded,
        Status::Closed,
        Status::NotAccepted,
    ];

    /// The status as stored and shown: "awaiting_acknowledgement" and so on.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotAccepted => "not_accepted",
            Status::AwaitingAcknowledgement => "awaiting_acknowledgement",
            Status::Investigating => "investigating",
            Status::Responded => "responded",
            Status::Closed => "closed",
        }
    }

    /// The status stored as `name` ([`Status::as_str`]), if it names one.
    pub fn named(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// The record cannot be a complaint: it does not start with the complaint being logged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a complaint's record must start with the complaint being logged")]
pub struct NotAComplaintRecord;

impl Complaint {
    /// Rebuilds a complaint from its events, in order.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Result<Complaint, NotAComplaintRecord> {
        Complaint::from_recorded(events.into_iter().map(|event| (event, None)))
    }

    /// Rebuilds a complaint from its stored events, in order, each with the user the store
    /// says recorded it. An acknowledgement or response stored before events named who
    /// recorded them is taken as recorded by that user, so that Code 6.13 sees them too.
    pub fn from_recorded<'a>(
        events: impl IntoIterator<Item = (&'a Event, Option<UserId>)>,
    ) -> Result<Complaint, NotAComplaintRecord> {
        let mut events = events.into_iter();
        let Some((Event::Logged(logged), _)) = events.next() else { return Err(NotAComplaintRecord) };
        let mut complaint = Complaint::new(logged.as_ref().clone());
        for (event, stored_actor) in events {
            complaint.apply(event);
            if let Some(actor) = stored_actor {
                complaint.fill_in_recorder(event, actor);
            }
        }
        Ok(complaint)
    }

    /// Names `actor` as the recorder of the acknowledgement or response `event` made, if the
    /// event does not name one.
    fn fill_in_recorder(&mut self, event: &Event, actor: UserId) {
        let recorder = match event {
            Event::Acknowledged { stage, recorded_by: None, .. } => {
                self.stage_mut(*stage).and_then(|s| s.acknowledgement.as_mut()).map(|a| &mut a.recorded_by)
            }
            Event::Responded { stage, recorded_by: None, .. } => {
                self.stage_mut(*stage).and_then(|s| s.response.as_mut()).map(|r| &mut r.recorded_by)
            }
            Event::Extended { stage, recorded_by: None, .. } => {
                self.stage_mut(*stage).and_then(|s| s.extensions.last_mut()).map(|e| &mut e.recorded_by)
            }
            _ => None,
        };
        if let Some(recorder) = recorder {
            *recorder = Some(actor);
        }
    }

    fn new(logged: Logged) -> Complaint {
        let stage1 = Stage::open(StageNumber::One, logged.received_on, logged.counts_from, None);
        Complaint {
            logged,
            not_accepted: None,
            stage1,
            stage2: None,
            escalation_refusals: Vec::new(),
            remedies: Vec::new(),
            actions: Vec::new(),
            correspondence: Vec::new(),
            sent_to_resident: Vec::new(),
            ombudsman: None,
            closed: None,
            earlier_closures: Vec::new(),
            recorded_after_due: Vec::new(),
            handovers: Vec::new(),
        }
    }

    /// The organisation handling the complaint now: the one it was logged for, or the last
    /// it was passed to.
    pub fn handling_organisation(&self) -> &OrganisationId {
        self.handovers.last().map_or(&self.logged.handling_organisation, |h| &h.to)
    }

    /// The stage the complaint is at: stage 2 once escalated, otherwise stage 1.
    pub fn current_stage(&self) -> &Stage {
        self.stage2.as_ref().unwrap_or(&self.stage1)
    }

    /// Whether `person` may be named handler of stage `number`, as far as the complaint's
    /// own record goes: anyone at stage 1; at stage 2 only someone who took no part in stage 1
    /// (Code 6.13). Whether their role may change cases is the application's to say. Forms
    /// offer only such people, so that nobody picks a name the rule would refuse.
    pub fn may_handle(&self, number: StageNumber, person: &UserId) -> bool {
        number == StageNumber::One || self.stage1.involvement(person).is_none()
    }

    /// A stage, if the complaint has reached it.
    pub fn stage(&self, number: StageNumber) -> Option<&Stage> {
        match number {
            StageNumber::One => Some(&self.stage1),
            StageNumber::Two => self.stage2.as_ref(),
        }
    }

    fn stage_mut(&mut self, number: StageNumber) -> Option<&mut Stage> {
        match number {
            StageNumber::One => Some(&mut self.stage1),
            StageNumber::Two => self.stage2.as_mut(),
        }
    }

    /// Where the complaint is in its life.
    pub fn status(&self) -> Status {
        if self.not_accepted.is_some() {
            return Status::NotAccepted;
        }
        if self.closed.is_some() {
            return Status::Closed;
        }
        let stage = self.current_stage();
        match (&stage.acknowledgement, &stage.response) {
            (None, _) => Status::AwaitingAcknowledgement,
            (Some(_), None) => Status::Investigating,
            (Some(_), Some(_)) => Status::Responded,
        }
    }

    /// Every point defined so far, across both stages, for numbering new ones.
    pub fn point_count(&self) -> usize {
        [Some(&self.stage1), self.stage2.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|s| s.acknowledgement.as_ref())
            .map(|a| a.definition.points.len())
            .sum()
    }
}

impl Stage {
    fn open(number: StageNumber, opened_on: Date, counts_from: Date, escalation_reason: Option<String>) -> Stage {
        Stage {
            number,
            opened_on,
            counts_from,
            escalation_reason,
            escalation_channel: None,
            acknowledgement: None,
            extensions: Vec::new(),
            update_interval: None,
            update_interval_agreed_on: None,
            response: None,
            reassignments: Vec::new(),
        }
    }

    /// The handler now, once the stage is acknowledged: the last named, by the acknowledgement
    /// or a reassignment since.
    pub fn handler(&self) -> Option<&UserId> {
        let acknowledged = self.acknowledgement.as_ref().map(|a| &a.handler);
        self.reassignments.last().map(|r| &r.handler).or(acknowledged)
    }

    /// How `person` took part in the stage, if they did: as its handler (now or before a
    /// reassignment), or by recording its acknowledgement, response or an extension (Code
    /// 6.13). The first that applies, in that order.
    pub fn involvement(&self, person: &UserId) -> Option<Involvement> {
        let ack = self.acknowledgement.as_ref();
        let handled =
            ack.is_some_and(|a| &a.handler == person) || self.reassignments.iter().any(|r| &r.handler == person);
        if handled {
            Some(Involvement::Handled)
        } else if ack.is_some_and(|a| a.recorded_by.as_ref() == Some(person)) {
            Some(Involvement::RecordedAcknowledgement)
        } else if self.response.as_ref().is_some_and(|r| r.recorded_by.as_ref() == Some(person)) {
            Some(Involvement::RecordedResponse)
        } else if self.extensions.iter().any(|e| e.recorded_by.as_ref() == Some(person)) {
            Some(Involvement::RecordedExtension)
        } else {
            None
        }
    }

    /// The working days of extension recorded so far.
    pub fn extended_by(&self) -> u32 {
        self.extensions.iter().map(|e| u32::from(e.working_days)).sum()
    }
}
