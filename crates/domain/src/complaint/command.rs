//! What a user asks to do to a complaint. A command is a request: [`super::decide`] turns it
//! into events, or refuses it citing the provision of the Code it would break.
//!
//! Parts of a response the Code requires are `Option`s here, so that a missing part is refused
//! with the provision that requires it rather than rejected as malformed input.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::escalation::StageTwoRoute;
use super::model::{
    ActionPlan, Channel, Complexity, ConflictDeclaration, CorrespondenceEvidence, Decision, Direction, ExclusionGround,
    Finding, Learning, OrderTerms, Outstanding, PointDecision, RemedyOffer, RemedyOutcome, Responsibility, StageNumber,
};
use super::triage::Risk;
use crate::categories::Category;
use crate::ids::{
    CategoryId, ComplaintId, OrganisationId, PropertyId, RepresentativeId, ResidentId, ServiceRequestId, UserId,
};

/// Logging a new complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogComplaint {
    /// The id the application gives it.
    pub id: ComplaintId,
    /// The landlord.
    pub organisation: OrganisationId,
    /// Who handles it: the landlord, or a managing agent or contractor acting for it.
    pub handling_organisation: OrganisationId,
    /// How it arrived.
    pub channel: Channel,
    /// When the issue occurred (Code 2.3).
    pub issue_occurred_on: Date,
    /// When the resident became aware of it, if later (Code 2.3 counts from the later date).
    #[serde(default)]
    pub became_aware_on: Option<Date>,
    /// What it is about.
    pub description: String,
    /// The categories it is about, from the organisation's list (Code 9.7 a).
    pub categories: Vec<CategoryId>,
    /// The organisation's categories as the application read them: each chosen must be one
    /// of them, and not retired.
    pub category_list: Vec<Category>,
    /// The risks considered at triage: none, or any of them (Code 6.1).
    pub risks: BTreeSet<Risk>,
    /// What the risks are for this resident, in words; required for [`Risk::Other`].
    pub risk_notes: Option<String>,
    /// How complex it is, considered at triage (Code 6.1).
    pub complexity: Complexity,
    /// The resident.
    pub resident: ResidentId,
    /// A representative acting for the resident, and whether the resident's authority for
    /// them is on record.
    pub representative: Option<(RepresentativeId, bool)>,
    /// The home it concerns.
    pub property: Option<PropertyId>,
    /// The service requests it arose from (the requests stay open: Code 1.5).
    pub service_requests: Vec<ServiceRequestId>,
    /// Related complaints.
    pub linked_complaints: Vec<ComplaintId>,
}

/// A stage's complaint definition as a handler writes it (points are numbered by the domain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefinitionInput {
    /// The points of complaint.
    pub points: Vec<String>,
    /// The outcomes the resident seeks.
    pub outcomes_sought: Vec<String>,
}

/// Something to do to an existing complaint: each variant carries its own payload, which is
/// also the JSON API's request body for that step (with an optional `at` added by the web
/// layer), so that the two cannot drift apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Decide not to accept the complaint (Code 2.1-2.5).
    NotAccept(NotAccept),
    /// Acknowledge a stage and define the complaint (5.6, 5.7, 5.8, 6.2, 6.11, 6.13).
    Acknowledge(Acknowledge),
    /// Name another handler for the stage, with the reason (5.8, 6.13).
    Reassign(Reassign),
    /// Pass the complaint to another organisation to handle: a managing agent or contractor
    /// acting for the landlord, or back to the landlord (5.4).
    PassHandling(PassHandling),
    /// Add related points raised during stage 1 to its definition (6.8).
    AddPoints(AddPoints),
    /// Agree with the resident how often they will be updated (5.9).
    AgreeUpdateInterval(AgreeUpdateInterval),
    /// Extend a stage's response deadline (6.4, 6.5, 6.15, 6.16).
    Extend(Extend),
    /// Issue a stage's response (6.7, 6.9, 6.18, 6.19).
    Respond(Respond),
    /// The resident asks for stage 2 (6.10, 6.12).
    RequestEscalation(RequestEscalation),
    /// Refuse to escalate (5.11).
    RefuseEscalation(RefuseEscalation),
    /// Offer a remedy outside a response (5.13).
    OfferRemedy(RemedyOffer),
    /// Record that a remedy was carried out (7.3).
    CompleteRemedy(Item<CompleteRemedy>),
    /// Add an outstanding action (6.6, 6.17).
    AddAction(ActionPlan),
    /// Record progress on an action.
    UpdateAction(Item<UpdateAction>),
    /// Record that an action is done.
    CompleteAction(Item<CompleteAction>),
    /// Record correspondence in or out (5.12).
    RecordCorrespondence(RecordCorrespondence),
    /// Record that the complaint was referred to the Ombudsman.
    ReferToOmbudsman(ReferToOmbudsman),
    /// Record the Ombudsman's determination.
    RecordDetermination(RecordDetermination),
    /// Record compliance with an order or recommendation.
    RecordOrderCompliance(Item<RecordOrderCompliance>),
    /// Close the complaint, with what was learnt (9.1).
    Close(Learning),
}

/// A command on one numbered item of a complaint (a remedy R1, an action A1, an order O1).
/// The API takes the item's id from the path and the payload from the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item<T> {
    /// Which item, such as "R1".
    pub id: String,
    /// What to do to it.
    #[serde(flatten)]
    pub body: T,
}

/// Each payload makes its command, so that callers (the API above all) can go from a request
/// body to the command without naming the variant twice.
macro_rules! command_from {
    ($($payload:ty => $variant:ident),* $(,)?) => {
        $(impl From<$payload> for Command {
            fn from(payload: $payload) -> Command {
                Command::$variant(payload)
            }
        })*
    };
}

command_from!(
    NotAccept => NotAccept,
    Acknowledge => Acknowledge,
    Reassign => Reassign,
    PassHandling => PassHandling,
    AddPoints => AddPoints,
    AgreeUpdateInterval => AgreeUpdateInterval,
    Extend => Extend,
    Respond => Respond,
    RequestEscalation => RequestEscalation,
    RefuseEscalation => RefuseEscalation,
    RemedyOffer => OfferRemedy,
    Item<CompleteRemedy> => CompleteRemedy,
    ActionPlan => AddAction,
    Item<UpdateAction> => UpdateAction,
    Item<CompleteAction> => CompleteAction,
    RecordCorrespondence => RecordCorrespondence,
    ReferToOmbudsman => ReferToOmbudsman,
    RecordDetermination => RecordDetermination,
    Item<RecordOrderCompliance> => RecordOrderCompliance,
    Learning => Close,
);

// The payloads. Fields that the Code requires are defaulted (`serde(default)`) where a
// missing one is better refused by `decide` citing the provision (422) than rejected as
// malformed (400); unknown fields are rejected, so that a misspelt field is never ignored.

/// Decide not to accept the complaint (Code 2.1-2.5). The resident is told the reasons and of
/// their right to take the decision to the Housing Ombudsman, whose contact details, as the
/// organisation's settings hold them, the decision records as given (Code 2.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
}

/// Acknowledge a stage and define the complaint (Code 5.6-5.8, 6.2, 6.11, 6.13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Acknowledge {
    /// The stage: 1 or 2.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// The handler's user id; at stage 2, not the stage 1 handler (Code 6.13).
    // A plain string in the document, as every other id the API takes.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
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
}

/// Name another handler for the stage the complaint is at, with the reason, while it is open
/// (acknowledged and not closed). It takes effect when recorded: a reassignment is a decision
/// made in Redress, so it is not dated earlier. At stage 2 the new handler must not have taken
/// part in stage 1 (Code 6.13); like any handler, they declare any conflict of interest (5.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reassign {
    /// The stage whose handler changes: the one the complaint is at (so that a reassignment
    /// meant for stage 1 never lands on stage 2 after an escalation).
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// The new handler's user id: a member of staff whose role may change cases.
    // A plain string in the document, as every other id the API takes.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub handler: UserId,
    /// Why the handler changes, for the record.
    #[serde(default)]
    pub reason: String,
    /// The new handler's conflict-of-interest declaration (Code 5.8).
    #[serde(default)]
    pub conflict: ConflictDeclaration,
}

/// Pass the complaint to another organisation to handle (Code 5.4): a managing agent or
/// contractor acting for the landlord, or the landlord itself. The complaint stays within
/// the landlord's two stages; the stage's handler stays named until the organisation now
/// handling it names its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PassHandling {
    /// The organisation to handle it now.
    // A plain string in the document, as every other id the API takes.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub organisation: OrganisationId,
    /// Why, for the record.
    #[serde(default)]
    pub reason: String,
}

/// Add related points raised during stage 1 to its definition (Code 6.8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddPoints {
    /// The new points.
    pub points: Vec<String>,
}

/// Agree with the resident how often they will be updated (Code 5.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgreeUpdateInterval {
    /// The stage: 1 or 2.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// Every how many working days: 1 to 60 (`MAX_UPDATE_INTERVAL`).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub every_working_days: u16,
}

/// Extend a stage's response deadline (Code 6.4, 6.5, 6.15, 6.16, 5.9). The resident told of
/// it is given the Housing Ombudsman's contact details, which the extension records as the
/// organisation's settings hold them (Code 6.5, 6.16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Extend {
    /// The stage: 1 or 2.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// By how many working days: 1 to 260 (`MAX_EXTENSION`).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 260))]
    pub working_days: u16,
    /// The reasons, as explained to the resident.
    #[serde(default)]
    pub reason: String,
    /// Whether the resident was told of the extension, its reasons and the new date.
    #[serde(default)]
    pub resident_informed: bool,
    /// The good reason for going beyond the Code's limit, if it does.
    #[serde(default)]
    pub good_reason: Option<String>,
    /// The update interval agreed with the resident, in working days, if not agreed already
    /// (Code 5.9).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub update_interval: Option<u16>,
    /// The new due date the resident was told of, as shown before confirming (Code 6.4,
    /// 6.15). Refused if the extension gives another date (a closure day added meanwhile, say);
    /// when left out, the date the extension gives is recorded.
    #[serde(default)]
    pub new_due: Option<Date>,
}

/// Issue a stage's response (Code 6.7, 6.9 at stage 1; 6.18, 6.19 at stage 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Respond {
    /// The stage: 1 or 2.
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
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
    /// At stage 1, how to escalate to stage 2 as the complaints policy states it (Code 6.9 g).
    /// Not given at stage 2: the response then records the right to refer the complaint to the
    /// Housing Ombudsman with the Ombudsman's contact details from the organisation's settings
    /// (Code 6.19 g).
    #[serde(default)]
    pub escalation: Option<StageTwoRoute>,
}

/// The resident asks for stage 2 (Code 6.10, 6.12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestEscalation {
    /// Their reasons, if they gave any: they need not (Code 6.12).
    #[serde(default)]
    pub reason: Option<String>,
    /// How the request came: by any of the channels a resident may complain through (Code
    /// 3.1). Optional for clients written before it was asked; the staff pages always ask.
    #[serde(default)]
    pub channel: Option<Channel>,
}

/// Refuse to escalate (Code 5.11). As with a decision not to accept, the resident is told the
/// reasons and of their right to go to the Housing Ombudsman, whose contact details the
/// refusal records as given (Code 2.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefuseEscalation {
    /// The ground in section 2 of the Code.
    pub ground: ExclusionGround,
    /// The reasons.
    #[serde(default)]
    pub reasons: String,
}

/// Record that a remedy was carried out (Code 7.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteRemedy {
    /// How it was carried out.
    #[serde(default)]
    pub note: String,
}

/// Record progress on an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAction {
    /// What happened.
    #[serde(default)]
    pub note: String,
    /// Whether the resident was told (Code 6.6).
    #[serde(default)]
    pub resident_informed: bool,
}

/// Record that an action is done: nothing to say but which (the body may be empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteAction {}

/// Record correspondence in or out (Code 5.12). Built by the application from what it
/// stored, never sent as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCorrespondence {
    /// The application's id of the stored correspondence.
    pub correspondence: String,
    /// In or out.
    pub direction: Direction,
    /// How.
    pub channel: Channel,
    /// What it was about.
    pub summary: String,
    /// The content hashes of the stored text and files, when stored beside the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<CorrespondenceEvidence>,
}

/// Record that the complaint was referred to the Housing Ombudsman.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReferToOmbudsman {
    /// The Ombudsman's case reference, if known.
    #[serde(default)]
    pub case_reference: Option<String>,
}

/// Record the Ombudsman's determination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordDetermination {
    /// The findings, one per aspect of the complaint.
    pub findings: Vec<Finding>,
    /// The orders and recommendations.
    #[serde(default)]
    pub orders: Vec<OrderTerms>,
}

/// Record compliance with an order or recommendation of the Ombudsman.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordOrderCompliance {
    /// The evidence of compliance.
    #[serde(default)]
    pub evidence: String,
}

impl Command {
    /// The member of staff the command names as handler (an acknowledgement or a
    /// reassignment), whose role and organisation the application checks before deciding.
    pub fn named_handler(&self) -> Option<&UserId> {
        match self {
            Command::Acknowledge(Acknowledge { handler, .. }) | Command::Reassign(Reassign { handler, .. }) => {
                Some(handler)
            }
            _ => None,
        }
    }

    /// Whether deciding this command gives the resident the Housing Ombudsman's contact
    /// details, so that [`super::decide`] needs them in its context: a decision not to accept
    /// or to refuse escalation (Code 2.4), an extension (6.5, 6.16) and a stage 2 response
    /// (6.19 g).
    pub fn gives_ombudsman_details(&self) -> bool {
        match self {
            Command::NotAccept(_) | Command::RefuseEscalation(_) | Command::Extend(_) => true,
            Command::Respond(respond) => respond.stage == StageNumber::Two,
            _ => false,
        }
    }

    /// The earlier complaint a decision on the ground "previously considered" names, which
    /// the application checks is one of the landlord's complaints.
    pub fn earlier_complaint(&self) -> Option<&ComplaintId> {
        let (Command::NotAccept(NotAccept { ground, .. }) | Command::RefuseEscalation(RefuseEscalation { ground, .. })) =
            self
        else {
            return None;
        };
        match ground {
            ExclusionGround::PreviouslyConsidered { earlier_complaint } => earlier_complaint.as_ref(),
            _ => None,
        }
    }

    /// Refuses a command resting on a further ground of the complaints policy that the policy
    /// does not list (Code 2.2: only the circumstances the policy sets out exclude a complaint).
    /// `listed` is the policy's further grounds as the organisation keeps them; while it keeps
    /// none, any named ground is taken as the policy's. Compared ignoring case and surrounding
    /// spaces.
    pub fn check_policy_ground(&self, listed: &[String]) -> Result<(), crate::refusal::Refusal> {
        let (Command::NotAccept(NotAccept { ground: ExclusionGround::PolicyGround { ground }, .. })
        | Command::RefuseEscalation(RefuseEscalation { ground: ExclusionGround::PolicyGround { ground }, .. })) = self
        else {
            return Ok(());
        };
        let named = ground.trim().to_lowercase();
        if listed.is_empty() || named.is_empty() || listed.iter().any(|l| l.trim().to_lowercase() == named) {
            return Ok(());
        }
        Err(crate::refusal::Refusal::code(
            "2.2",
            format!(
                "the complaints policy does not list \"{}\"; its further grounds are: {}",
                ground.trim(),
                listed.join("; ")
            ),
        ))
    }
}

#[cfg(test)]
mod policy_ground_tests {
    use super::*;

    fn not_accept(ground: &str) -> Command {
        Command::NotAccept(NotAccept {
            ground: ExclusionGround::PolicyGround { ground: ground.into() },
            reasons: "Reasons".into(),
            discretion: None,
        })
    }

    #[test]
    fn code_2_2_a_policy_ground_must_be_one_the_policy_lists_once_it_lists_any() {
        let listed = vec!["An insurance claim is open".to_owned()];
        assert_eq!(not_accept(" an INSURANCE claim is open ").check_policy_ground(&listed), Ok(()));
        let refusal = not_accept("Anything else").check_policy_ground(&listed).unwrap_err();
        assert!(refusal.to_string().contains("2.2"), "{refusal}");
        assert!(refusal.to_string().contains("An insurance claim is open"), "{refusal}");
        assert_eq!(not_accept("Anything else").check_policy_ground(&[]), Ok(()));
        let named = Command::NotAccept(NotAccept {
            ground: ExclusionGround::LegalProceedingsStarted,
            reasons: "Reasons".into(),
            discretion: None,
        });
        assert_eq!(named.check_policy_ground(&listed), Ok(()));
    }
}
