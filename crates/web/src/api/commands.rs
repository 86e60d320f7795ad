//! The request bodies of the complaint transitions: each is one command of the lifecycle plus
//! an optional `at` (RFC 3339), for recording something that already happened.
//!
//! Parts the Code requires are optional here, so that leaving one out is refused with the
//! provision that requires it (422) rather than rejected as malformed (400). Unknown fields
//! are rejected (400).

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::complaint::{
    ActionPlan, Command, ConflictDeclaration, Decision, DefinitionInput, ExclusionGround, Finding, Learning,
    OrderTerms, Outstanding, PointDecision, RemedyKind, RemedyOffer, RemedyOutcome, Responsibility, StageNumber,
};
use redress_domain::ids::UserId;
use serde::Deserialize;
use utoipa::ToSchema;

/// A request body that is one command on a complaint.
pub trait Transition {
    /// The command, and when it happened (default: now).
    fn command(self) -> (Command, Option<Timestamp>);
}

/// A request body that is one command on one item of a complaint (a remedy, an action, an
/// order), named in the path.
pub trait ItemTransition {
    /// The command on `item`, and when it happened (default: now).
    fn command(self, item: String) -> (Command, Option<Timestamp>);
}

/// Decide not to accept the complaint (Code 2.1-2.5).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotAccept {
    /// The exclusion ground in the policy.
    pub ground: ExclusionGround,
    /// The reasons for this complaint (Code 2.1).
    #[serde(default)]
    pub reasons: String,
    /// For an issue over 12 months old: why discretion was not used to accept it (Code 2.3).
    #[serde(default)]
    pub discretion: Option<String>,
    /// Whether the resident was told the reasons and of their right to take the decision to
    /// the Ombudsman (Code 2.4).
    #[serde(default)]
    pub resident_told_of_ombudsman_right: bool,
    /// When it was decided (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for NotAccept {
    fn command(self) -> (Command, Option<Timestamp>) {
        let NotAccept { ground, reasons, discretion, resident_told_of_ombudsman_right, at } = self;
        (Command::NotAccept { ground, reasons, discretion, resident_told_of_ombudsman_right }, at)
    }
}

/// Acknowledge a stage and define the complaint (Code 5.6-5.8, 6.2, 6.11, 6.13).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledge {
    /// The stage: 1 or 2.
    #[schema(value_type = u8, minimum = 1, maximum = 2)]
    pub stage: StageNumber,
    /// The handler's user id; at stage 2, not the stage 1 handler (Code 6.13).
    pub handler: UserId,
    /// The complaint definition: the points and the outcomes sought (Code 5.6).
    #[serde(default)]
    pub definition: DefinitionInput,
    /// What the landlord is and is not responsible for (Code 5.7).
    #[serde(default)]
    pub responsibility: Responsibility,
    /// The handler's conflict-of-interest declaration (Code 5.8).
    #[serde(default)]
    pub conflict: ConflictDeclaration,
    /// Why a complaint about an issue over 12 months old is accepted (Code 2.3).
    #[serde(default)]
    pub late_issue_discretion: Option<String>,
    /// When it was acknowledged (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for Acknowledge {
    fn command(self) -> (Command, Option<Timestamp>) {
        let Acknowledge { stage, handler, definition, responsibility, conflict, late_issue_discretion, at } = self;
        (Command::Acknowledge { stage, handler, definition, responsibility, conflict, late_issue_discretion }, at)
    }
}

/// Add related points raised during stage 1 to its definition (Code 6.8).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddPoints {
    /// The new points.
    pub points: Vec<String>,
    /// When (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for AddPoints {
    fn command(self) -> (Command, Option<Timestamp>) {
        (Command::AddPoints { points: self.points }, self.at)
    }
}

/// Agree with the resident how often they will be updated (Code 5.9).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateInterval {
    /// The stage: 1 or 2.
    #[schema(value_type = u8, minimum = 1, maximum = 2)]
    pub stage: StageNumber,
    /// Every how many working days.
    pub every_working_days: u16,
    /// When it was agreed (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for UpdateInterval {
    fn command(self) -> (Command, Option<Timestamp>) {
        (Command::AgreeUpdateInterval { stage: self.stage, every_working_days: self.every_working_days }, self.at)
    }
}

/// Extend a stage's response deadline (Code 6.4, 6.5, 6.15, 6.16, 5.9).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Extend {
    /// The stage: 1 or 2.
    #[schema(value_type = u8, minimum = 1, maximum = 2)]
    pub stage: StageNumber,
    /// By how many working days.
    pub working_days: u16,
    /// The reasons, as explained to the resident.
    #[serde(default)]
    pub reason: String,
    /// Whether the resident was told of the extension, its reasons and the new date.
    #[serde(default)]
    pub resident_informed: bool,
    /// Whether the resident was given the Ombudsman's contact details (Code 6.5, 6.16).
    #[serde(default)]
    pub ombudsman_details_given: bool,
    /// The good reason for going beyond the Code's limit, if it does.
    #[serde(default)]
    pub good_reason: Option<String>,
    /// The update interval agreed with the resident, in working days, if not agreed already
    /// (Code 5.9).
    #[serde(default)]
    pub update_interval: Option<u16>,
    /// When it was recorded (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for Extend {
    fn command(self) -> (Command, Option<Timestamp>) {
        let Extend {
            stage,
            working_days,
            reason,
            resident_informed,
            ombudsman_details_given,
            good_reason,
            update_interval,
            at,
        } = self;
        let command = Command::Extend {
            stage,
            working_days,
            reason,
            resident_informed,
            ombudsman_details_given,
            good_reason,
            update_interval,
        };
        (command, at)
    }
}

/// Issue a stage's response (Code 6.7, 6.9 at stage 1; 6.18, 6.19 at stage 2).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Respond {
    /// The stage: 1 or 2.
    #[schema(value_type = u8, minimum = 1, maximum = 2)]
    pub stage: StageNumber,
    /// The decision on the complaint.
    #[serde(default)]
    pub decision: Option<Decision>,
    /// A decision with reasons on every point of the stage's definition.
    #[serde(default)]
    pub decisions: Vec<PointDecision>,
    /// The remedies offered, or `no_remedy` with the reason.
    #[serde(default)]
    pub remedy: Option<RemedyOutcome>,
    /// The outstanding actions, or `none`.
    #[serde(default)]
    pub outstanding: Option<Outstanding>,
    /// How to escalate: to stage 2, or from stage 2 to the Housing Ombudsman.
    #[serde(default)]
    pub escalation_details: Option<String>,
    /// When it was issued (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for Respond {
    fn command(self) -> (Command, Option<Timestamp>) {
        let Respond { stage, decision, decisions, remedy, outstanding, escalation_details, at } = self;
        (Command::Respond { stage, decision, decisions, remedy, outstanding, escalation_details }, at)
    }
}

/// The resident asks for stage 2 (Code 6.10, 6.12).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalate {
    /// Their reasons, if they gave any: they need not (Code 6.12).
    #[serde(default)]
    pub reason: Option<String>,
    /// When they asked (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for Escalate {
    fn command(self) -> (Command, Option<Timestamp>) {
        (Command::RequestEscalation { reason: self.reason }, self.at)
    }
}

/// Refuse to escalate (Code 5.11).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefuseEscalation {
    /// The ground in section 2 of the Code.
    pub ground: ExclusionGround,
    /// The reasons.
    #[serde(default)]
    pub reasons: String,
    /// Whether the resident was told the reasons and of their right to go to the Ombudsman.
    #[serde(default)]
    pub resident_told_of_ombudsman_right: bool,
    /// When it was decided (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for RefuseEscalation {
    fn command(self) -> (Command, Option<Timestamp>) {
        let RefuseEscalation { ground, reasons, resident_told_of_ombudsman_right, at } = self;
        (Command::RefuseEscalation { ground, reasons, resident_told_of_ombudsman_right }, at)
    }
}

/// Offer a remedy outside a response (Code 5.13, 7.1-7.3).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferRemedy {
    /// Its kind.
    pub kind: RemedyKind,
    /// What will happen.
    #[serde(default)]
    pub description: String,
    /// The amount in pence, for a financial remedy.
    #[serde(default)]
    pub amount_pence: Option<u64>,
    /// By when.
    #[serde(default)]
    pub due: Option<Date>,
    /// When it was offered (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for OfferRemedy {
    fn command(self) -> (Command, Option<Timestamp>) {
        let OfferRemedy { kind, description, amount_pence, due, at } = self;
        (Command::OfferRemedy { offer: RemedyOffer { kind, description, amount_pence, due } }, at)
    }
}

/// Record that a remedy was carried out (Code 7.3).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteRemedy {
    /// How it was carried out.
    #[serde(default)]
    pub note: String,
    /// When (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl ItemTransition for CompleteRemedy {
    fn command(self, item: String) -> (Command, Option<Timestamp>) {
        (Command::CompleteRemedy { id: item, note: self.note }, self.at)
    }
}

/// Add an outstanding action (Code 6.6, 6.17).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddAction {
    /// What is to be done.
    #[serde(default)]
    pub description: String,
    /// Who owns it (a user id).
    pub owner: UserId,
    /// By when.
    pub due: Date,
    /// When it was added (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for AddAction {
    fn command(self) -> (Command, Option<Timestamp>) {
        let plan = ActionPlan { description: self.description, owner: self.owner, due: self.due };
        (Command::AddAction { plan }, self.at)
    }
}

/// Record progress on an action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAction {
    /// What happened.
    #[serde(default)]
    pub note: String,
    /// Whether the resident was told (Code 6.6).
    #[serde(default)]
    pub resident_informed: bool,
    /// When (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl ItemTransition for UpdateAction {
    fn command(self, item: String) -> (Command, Option<Timestamp>) {
        (Command::UpdateAction { id: item, note: self.note, resident_informed: self.resident_informed }, self.at)
    }
}

/// Record that an action is done. The body may be empty.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteAction {
    /// When it was done (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl ItemTransition for CompleteAction {
    fn command(self, item: String) -> (Command, Option<Timestamp>) {
        (Command::CompleteAction { id: item }, self.at)
    }
}

/// Record that the complaint was referred to the Housing Ombudsman.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferToOmbudsman {
    /// The Ombudsman's case reference, if known.
    #[serde(default)]
    pub case_reference: Option<String>,
    /// When it was referred (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for ReferToOmbudsman {
    fn command(self) -> (Command, Option<Timestamp>) {
        (Command::ReferToOmbudsman { case_reference: self.case_reference }, self.at)
    }
}

/// Record the Ombudsman's determination.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordDetermination {
    /// The findings, one per aspect of the complaint.
    pub findings: Vec<Finding>,
    /// The orders and recommendations.
    #[serde(default)]
    pub orders: Vec<OrderTerms>,
    /// When it was made (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for RecordDetermination {
    fn command(self) -> (Command, Option<Timestamp>) {
        (Command::RecordDetermination { findings: self.findings, orders: self.orders }, self.at)
    }
}

/// Record compliance with an order or recommendation of the Ombudsman.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordOrderCompliance {
    /// The evidence of compliance.
    #[serde(default)]
    pub evidence: String,
    /// When (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl ItemTransition for RecordOrderCompliance {
    fn command(self, item: String) -> (Command, Option<Timestamp>) {
        (Command::RecordOrderCompliance { id: item, evidence: self.evidence }, self.at)
    }
}

/// Close the complaint, with what was learnt (Code 9.1).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Close {
    /// The root cause.
    #[serde(default)]
    pub root_cause: String,
    /// Whether a service improvement is needed.
    #[serde(default)]
    pub improvement_needed: bool,
    /// The improvement actions, when one is.
    #[serde(default)]
    pub improvement_actions: Vec<String>,
    /// When it was closed (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

impl Transition for Close {
    fn command(self) -> (Command, Option<Timestamp>) {
        let Close { root_cause, improvement_needed, improvement_actions, at } = self;
        (Command::Close { learning: Learning { root_cause, improvement_needed, improvement_actions } }, at)
    }
}
