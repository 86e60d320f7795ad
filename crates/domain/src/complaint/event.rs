//! What happened to a complaint. Events are the record (Code 5.12): the application stores them
//! in an append-only log and the complaint's state is always rebuilt from them. Each carries
//! the dates the Code counts from, already read in Europe/London, so that rebuilding the state
//! needs no clock and no time zone.

use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use super::deadlines::Step;
use super::escalation::StageTwoRoute;
use super::model::{
    Action, ActionUpdate, Channel, Complexity, ConflictDeclaration, CorrespondenceEvidence, Decision, Definition,
    Direction, ExclusionGround, Finding, Learning, OmbudsmanOrder, Point, PointDecision, Remedy, Responsibility,
    StageNumber,
};
use super::triage::Risk;
use crate::code::VersionId;
use crate::ids::{
    CategoryId, ComplaintId, OrganisationId, PropertyId, RepresentativeId, ResidentId, ServiceRequestId, UserId,
};
use crate::ombudsman::OmbudsmanContact;

/// One thing that happened to a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The complaint was logged.
    Logged(Box<Logged>),
    /// The landlord decided not to accept it as a complaint (Code 2.1-2.5).
    NotAccepted {
        /// When it was decided.
        at: Timestamp,
        /// The date in England.
        on: Date,
        /// The ground in the policy.
        ground: ExclusionGround,
        /// The reasons for this complaint (Code 2.1, 2.5).
        reasons: String,
        /// The decision on discretion for an issue over 12 months old (Code 2.3).
        discretion: Option<String>,
        /// The Housing Ombudsman's contact details given to the resident with their right to take
        /// the decision to the Ombudsman (Code 2.4), as the
        /// organisation's settings held them (absent in records made before they were kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ombudsman: Option<OmbudsmanContact>,
    },
    /// A stage was acknowledged and the complaint defined (Code 5.6, 5.7, 5.8, 6.2, 6.11).
    Acknowledged {
        /// The stage.
        #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
        stage: StageNumber,
        /// When.
        at: Timestamp,
        /// The date in England.
        on: Date,
        /// Who handles the stage.
        handler: UserId,
        /// The complaint definition.
        definition: Definition,
        /// What the landlord is and is not responsible for.
        responsibility: Responsibility,
        /// The handler's conflict-of-interest declaration.
        conflict: ConflictDeclaration,
        /// Why a complaint about an issue over 12 months old was accepted (Code 2.3).
        late_issue_discretion: Option<String>,
        /// Who recorded it, so that Code 6.13 can keep them from stage 2 (absent in records
        /// made before it was kept: the stored event's actor stands in).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorded_by: Option<UserId>,
    },
    /// Another handler was named for a stage, with the reason. It happened when it was
    /// recorded (storage keeps when), so it states no time of its own.
    HandlerReassigned {
        /// The stage.
        #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
        stage: StageNumber,
        /// The handler until now.
        from: UserId,
        /// The new handler.
        handler: UserId,
        /// Why.
        reason: String,
        /// The new handler's conflict-of-interest declaration (Code 5.8).
        conflict: ConflictDeclaration,
        /// Who recorded it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorded_by: Option<UserId>,
    },
    /// The complaint was passed to another organisation to handle (Code 5.4). It happened
    /// when it was recorded.
    HandlingPassed {
        /// The organisation handling it until now.
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        from: OrganisationId,
        /// The organisation handling it now.
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        to: OrganisationId,
        /// Why.
        reason: String,
        /// Who recorded it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorded_by: Option<UserId>,
    },
    /// Related points were added to the stage 1 definition (Code 6.8).
    PointsAdded {
        /// The new points.
        points: Vec<Point>,
    },
    /// The landlord agreed with the resident how often to update them (Code 5.9).
    UpdateIntervalAgreed {
        /// The stage.
        #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
        stage: StageNumber,
        /// Every how many working days.
        every_working_days: u16,
        /// The date in England it was agreed, from which the first update is counted (absent
        /// in records made before it was kept: see [`Stage::update_interval_agreed_on`]).
        ///
        /// [`Stage::update_interval_agreed_on`]: super::Stage::update_interval_agreed_on
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<Date>,
    },
    /// The response deadline of a stage was extended (Code 6.4, 6.5, 6.15, 6.16).
    Extended {
        /// The stage.
        #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
        stage: StageNumber,
        /// When it was recorded.
        at: Timestamp,
        /// The date in England.
        on: Date,
        /// How many working days.
        working_days: u16,
        /// The reasons, as explained to the resident.
        reason: String,
        /// The good reason for going beyond the Code's limit, when it does.
        good_reason: Option<String>,
        /// The new due date the resident was told of (Code 6.4, 6.15), as the handler saw it
        /// before confirming (absent in records made before it was kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_due: Option<Date>,
        /// The Housing Ombudsman's contact details given to the resident with the extension (Code
        /// 6.5, 6.16), as the
        /// organisation's settings held them (absent in records made before they were kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ombudsman: Option<OmbudsmanContact>,
        /// Who recorded it, so that Code 6.13 can keep them from stage 2 when it extends stage 1
        /// (absent in records made before it was kept: the stored event's actor stands in).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorded_by: Option<UserId>,
    },
    /// A stage's response was issued (Code 6.9, 6.19).
    Responded {
        /// The stage.
        #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
        stage: StageNumber,
        /// When.
        at: Timestamp,
        /// The date in England.
        on: Date,
        /// The decision on the complaint.
        decision: Decision,
        /// The decision on each point, with reasons.
        decisions: Vec<PointDecision>,
        /// Why no remedy was offered, when none was (the remedies offered follow as
        /// `RemedyOffered` events).
        no_remedy_reason: Option<String>,
        /// How to escalate, as free text: only in records made before the route was kept in
        /// parts (below).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        escalation_details: Option<String>,
        /// At stage 1, how to escalate to stage 2 (Code 6.9 g).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stage_two_route: Option<StageTwoRoute>,
        /// The Housing Ombudsman's contact details given to the resident with their right to refer
        /// the complaint to the Ombudsman, at stage 2 (Code 6.19 g), as the
        /// organisation's settings held them (absent in records made before they were kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ombudsman: Option<OmbudsmanContact>,
        /// Who recorded it, so that Code 6.13 can keep them from stage 2 (absent in records
        /// made before it was kept: the stored event's actor stands in).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorded_by: Option<UserId>,
    },
    /// The resident asked for stage 2 (Code 6.10, 6.12).
    EscalationRequested {
        /// When.
        at: Timestamp,
        /// The date in England.
        on: Date,
        /// The date in England from which the Code counts (the next working day when it was
        /// received on a non-working day).
        counts_from: Date,
        /// The resident's reasons, if they gave any (they need not: 6.12).
        reason: Option<String>,
        /// How the request came, when recorded (events written before it was asked have
        /// none, and are stored and hashed without the field).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<Channel>,
    },
    /// The landlord refused to escalate (Code 5.11).
    EscalationRefused {
        /// When.
        at: Timestamp,
        /// The date in England, which the stage 2 acknowledgement deadline judges (Code 5.11).
        /// Absent in refusals recorded before it was kept: their date is that of `at`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<Date>,
        /// The ground in section 2 of the Code.
        ground: ExclusionGround,
        /// The reasons.
        reasons: String,
        /// The Housing Ombudsman's contact details given to the resident with their right to go to
        /// the Ombudsman (Code 2.4, 5.11), as the
        /// organisation's settings held them (absent in records made before they were kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ombudsman: Option<OmbudsmanContact>,
    },
    /// A remedy was offered (Code 5.13, 7.1-7.3).
    RemedyOffered {
        /// The remedy.
        remedy: Remedy,
    },
    /// A remedy was completed (Code 7.3).
    RemedyCompleted {
        /// Which.
        id: String,
        /// When.
        on: Date,
        /// How.
        note: String,
    },
    /// An outstanding action was added (Code 6.6, 6.17).
    ActionAdded {
        /// The action.
        action: Action,
    },
    /// Progress on an action.
    ActionUpdated {
        /// Which.
        id: String,
        /// The update.
        update: ActionUpdate,
    },
    /// An action was completed.
    ActionCompleted {
        /// Which.
        id: String,
        /// When.
        on: Date,
    },
    /// Correspondence in or out was recorded (Code 5.12).
    CorrespondenceRecorded {
        /// The application's id of the correspondence (its text and attachments are stored
        /// beside the events, with checksums).
        correspondence: String,
        /// In or out.
        direction: Direction,
        /// How.
        channel: Channel,
        /// When it was sent or received.
        at: Timestamp,
        /// What it was about.
        summary: String,
        /// The content hashes of its stored text and files (absent in records made before
        /// they were kept in the chain).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        evidence: Option<CorrespondenceEvidence>,
    },
    /// The complaint was referred to the Housing Ombudsman.
    ReferredToOmbudsman {
        /// When.
        on: Date,
        /// The Ombudsman's case reference, when known.
        case_reference: Option<String>,
    },
    /// The Ombudsman's determination.
    OmbudsmanDetermined {
        /// When.
        on: Date,
        /// Each finding.
        findings: Vec<Finding>,
        /// The orders and recommendations.
        orders: Vec<OmbudsmanOrder>,
    },
    /// Compliance with an order or recommendation was evidenced.
    OrderComplied {
        /// Which.
        id: String,
        /// When.
        on: Date,
        /// The evidence.
        evidence: String,
    },
    /// The complaint was closed, with what was learnt (Code 9.1).
    Closed {
        /// When.
        at: Timestamp,
        /// The learning.
        learning: Learning,
    },
    /// The event before it meets or moves a deadline that had passed when it was recorded,
    /// though it says it happened by then (Code 5.12): kept, with the reason, so that every
    /// timeliness figure can count it apart.
    RecordedAfterDue(RecordedAfterDue),
}

/// When something happened, as stated: an instant, or only a date for the events that keep
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happened {
    /// The instant.
    At(Timestamp),
    /// The date in England.
    On(Date),
}

impl Event {
    /// When the event says it happened, if it says: the complaint was received, a step was
    /// taken, a letter sent... Events that only record a fact on the record (points added, a
    /// handler reassigned, an interval agreed, a remedy offered, an action added, a late record
    /// flagged) have none: they happened when they were recorded.
    pub fn happened(&self) -> Option<Happened> {
        match self {
            Event::Logged(logged) => Some(Happened::At(logged.received_at)),
            Event::NotAccepted { at, .. }
            | Event::Acknowledged { at, .. }
            | Event::Extended { at, .. }
            | Event::Responded { at, .. }
            | Event::EscalationRequested { at, .. }
            | Event::EscalationRefused { at, .. }
            | Event::CorrespondenceRecorded { at, .. }
            | Event::Closed { at, .. } => Some(Happened::At(*at)),
            Event::RemedyCompleted { on, .. }
            | Event::ActionCompleted { on, .. }
            | Event::ReferredToOmbudsman { on, .. }
            | Event::OmbudsmanDetermined { on, .. }
            | Event::OrderComplied { on, .. } => Some(Happened::On(*on)),
            Event::ActionUpdated { update, .. } => Some(Happened::On(update.on)),
            Event::PointsAdded { .. }
            | Event::HandlerReassigned { .. }
            | Event::HandlingPassed { .. }
            | Event::UpdateIntervalAgreed { .. }
            | Event::RemedyOffered { .. }
            | Event::ActionAdded { .. }
            | Event::RecordedAfterDue(_) => None,
        }
    }
}

/// A deadline met or moved by an event recorded after the deadline had passed, though the
/// event says it happened on or before it (Code 5.12). Backdating cannot make a missed
/// deadline look met: the deadline is judged by the stated date, as the Code counts, and this
/// flag lets every figure of timeliness be given with and without such deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordedAfterDue {
    /// The stage of the deadline.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// The step of the deadline.
    pub step: Step,
    /// The due date in force when the event was recorded.
    pub due: Date,
    /// The date in England the event says it happened (on or before `due`).
    pub stated_on: Date,
    /// The date in England it was recorded (after `due`), by the server's clock.
    pub recorded_on: Date,
    /// Why it was recorded late.
    pub reason: String,
}

/// The facts recorded when a complaint is logged (Code 5.12: including the date received).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Logged {
    /// The complaint.
    pub id: ComplaintId,
    /// The landlord whose complaint it is.
    pub organisation: OrganisationId,
    /// The organisation handling it: the landlord or a managing agent or contractor acting
    /// for it, inside the landlord's two stages (Code 5.4, 5.5).
    pub handling_organisation: OrganisationId,
    /// The version of the Code in force when it was received, which governs it throughout.
    pub code_version: VersionId,
    /// When it was received.
    pub received_at: Timestamp,
    /// The date in England it was received.
    pub received_on: Date,
    /// The date the Code counts from: the received date, or the next working day when it was
    /// received on a non-working day.
    pub counts_from: Date,
    /// The date it was logged (the 2022 Code counted its stage 1 response from logging).
    pub logged_on: Date,
    /// How it arrived.
    pub channel: Channel,
    /// When the issue occurred (Code 2.3). Records made before the two dates were kept apart
    /// called it `issue_date` ("when it occurred or the resident became aware"): it reads as
    /// the occurrence.
    #[serde(alias = "issue_date")]
    pub issue_occurred_on: Date,
    /// When the resident became aware of the issue, when that was later than it occurred
    /// (Code 2.3 counts from the later of the two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub became_aware_on: Option<Date>,
    /// What it is about, as the resident put it.
    pub description: String,
    /// The categories' names, as they were when it was logged; before categories were the
    /// organisation's list, the free text typed (see `category_ids`).
    pub categories: Vec<String>,
    /// The categories from the organisation's list, in the order of `categories` (Code 9.7
    /// a). Absent from complaints logged before the list: migration 0017 mapped their free
    /// text to the list once, outside the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_ids: Vec<CategoryId>,
    /// Vulnerability or risk flags in free text, as recorded before risks were typed; empty
    /// since (see `risks`).
    pub risk_flags: Vec<String>,
    /// The risks considered at triage (Code 6.1). Absent from complaints logged before they
    /// were typed.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub risks: BTreeSet<Risk>,
    /// What the risks are for this resident, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_notes: Option<String>,
    /// How complex it is (Code 6.1).
    pub complexity: Complexity,
    /// The resident.
    pub resident: ResidentId,
    /// The representative acting for them, if any (Code 1.3, 3.6).
    pub representative: Option<RepresentativeId>,
    /// The home it concerns, if any.
    pub property: Option<PropertyId>,
    /// The service requests it arose from (Code 1.5).
    pub service_requests: Vec<ServiceRequestId>,
    /// Related complaints (Code 6.8).
    pub linked_complaints: Vec<ComplaintId>,
    /// For a complaint imported from another system's history (`redress import complaints`),
    /// that system's reference: its steps were recorded when imported, each stated as it
    /// happened there, and it counts as logged when it was acknowledged (see
    /// [`crate::history`]). Absent from complaints logged in Redress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from: Option<String>,
}

impl Logged {
    /// The date Code 2.3's 12 months count from: the later of when the issue occurred and
    /// when the resident became aware of it.
    pub fn issue_counts_from(&self) -> Date {
        self.became_aware_on.map_or(self.issue_occurred_on, |aware| aware.max(self.issue_occurred_on))
    }

    /// Whether the complaint was received more than 12 months after the issue occurred or
    /// the resident became aware of it, whichever was later: the landlord need not accept it,
    /// but must consider using its discretion to (Code 2.3).
    pub fn issue_over_twelve_months_old(&self) -> bool {
        self.issue_counts_from().saturating_add(12.months()) < self.received_on
    }
}
