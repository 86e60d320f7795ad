//! What a user asks to do to a complaint. A command is a request: [`super::decide`] turns it
//! into events, or refuses it citing the provision of the Code it would break.
//!
//! Parts of a response the Code requires are `Option`s here, so that a missing part is refused
//! with the provision that requires it rather than rejected as malformed input.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::model::{
    ActionPlan, Channel, Complexity, ConflictDeclaration, CorrespondenceEvidence, Decision, Direction, ExclusionGround,
    Finding, Learning, OrderTerms, Outstanding, PointDecision, RemedyOffer, RemedyOutcome, Responsibility, StageNumber,
};
use crate::ids::{ComplaintId, OrganisationId, PropertyId, RepresentativeId, ResidentId, ServiceRequestId, UserId};

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
    /// When the issue occurred or the resident became aware of it.
    pub issue_date: Date,
    /// What it is about.
    pub description: String,
    /// Categories.
    pub categories: Vec<String>,
    /// Vulnerability or risk flags.
    pub risk_flags: Vec<String>,
    /// Complexity.
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

/// Something to do to an existing complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Decide not to accept the complaint (Code 2.1-2.5).
    NotAccept {
        /// The ground in the policy.
        ground: ExclusionGround,
        /// The reasons for this complaint.
        reasons: String,
        /// For an issue over 12 months old: why discretion was not used to accept it (2.3).
        discretion: Option<String>,
        /// Whether the resident was told the reasons and of their right to take the decision
        /// to the Ombudsman (2.4).
        resident_told_of_ombudsman_right: bool,
    },
    /// Acknowledge a stage and define the complaint (5.6, 5.7, 5.8, 6.2, 6.11, 6.13).
    Acknowledge {
        /// The stage.
        stage: StageNumber,
        /// The handler.
        handler: UserId,
        /// The complaint definition.
        definition: DefinitionInput,
        /// What the landlord is and is not responsible for.
        responsibility: Responsibility,
        /// The handler's conflict-of-interest declaration.
        conflict: ConflictDeclaration,
        /// Why a complaint about an issue over 12 months old is accepted (2.3).
        late_issue_discretion: Option<String>,
    },
    /// Add related points raised during stage 1 to its definition (6.8).
    AddPoints {
        /// The new points.
        points: Vec<String>,
    },
    /// Agree with the resident how often they will be updated (5.9).
    AgreeUpdateInterval {
        /// The stage.
        stage: StageNumber,
        /// Every how many working days.
        every_working_days: u16,
    },
    /// Extend a stage's response deadline (6.4, 6.5, 6.15, 6.16).
    Extend {
        /// The stage.
        stage: StageNumber,
        /// By how many working days.
        working_days: u16,
        /// The reasons, as explained to the resident.
        reason: String,
        /// Whether the resident was told of the extension, its reasons and the new date.
        resident_informed: bool,
        /// Whether the resident was given the Ombudsman's contact details.
        ombudsman_details_given: bool,
        /// The good reason for exceeding the Code's limit, if it does.
        good_reason: Option<String>,
        /// The update interval agreed with the resident, if not agreed already (5.9).
        update_interval: Option<u16>,
    },
    /// Issue a stage's response (6.7, 6.9, 6.18, 6.19).
    Respond {
        /// The stage.
        stage: StageNumber,
        /// The decision on the complaint.
        decision: Option<Decision>,
        /// The decision on each point, with reasons.
        decisions: Vec<PointDecision>,
        /// The remedies offered, or why none.
        remedy: Option<RemedyOutcome>,
        /// The outstanding actions, or none.
        outstanding: Option<Outstanding>,
        /// How to escalate: to stage 2, or to the Ombudsman from stage 2.
        escalation_details: Option<String>,
    },
    /// The resident asks for stage 2 (6.10, 6.12).
    RequestEscalation {
        /// Their reasons, if they gave any.
        reason: Option<String>,
    },
    /// Refuse to escalate (5.11).
    RefuseEscalation {
        /// The ground in section 2 of the Code.
        ground: ExclusionGround,
        /// The reasons.
        reasons: String,
        /// Whether the resident was told the reasons and of their right to go to the Ombudsman.
        resident_told_of_ombudsman_right: bool,
    },
    /// Offer a remedy outside a response (5.13).
    OfferRemedy {
        /// The remedy.
        offer: RemedyOffer,
    },
    /// Record that a remedy was carried out (7.3).
    CompleteRemedy {
        /// Which.
        id: String,
        /// How.
        note: String,
    },
    /// Add an outstanding action (6.6, 6.17).
    AddAction {
        /// The action.
        plan: ActionPlan,
    },
    /// Record progress on an action.
    UpdateAction {
        /// Which.
        id: String,
        /// What happened.
        note: String,
        /// Whether the resident was told.
        resident_informed: bool,
    },
    /// Record that an action is done.
    CompleteAction {
        /// Which.
        id: String,
    },
    /// Record correspondence in or out (5.12).
    RecordCorrespondence {
        /// The application's id of the stored correspondence.
        correspondence: String,
        /// In or out.
        direction: Direction,
        /// How.
        channel: Channel,
        /// What it was about.
        summary: String,
        /// The content hashes of the stored text and files, when stored beside the record.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        evidence: Option<CorrespondenceEvidence>,
    },
    /// Record that the complaint was referred to the Ombudsman.
    ReferToOmbudsman {
        /// The Ombudsman's case reference, if known.
        case_reference: Option<String>,
    },
    /// Record the Ombudsman's determination.
    RecordDetermination {
        /// The findings.
        findings: Vec<Finding>,
        /// Orders and recommendations.
        orders: Vec<OrderTerms>,
    },
    /// Record compliance with an order or recommendation.
    RecordOrderCompliance {
        /// Which.
        id: String,
        /// The evidence.
        evidence: String,
    },
    /// Close the complaint, with what was learnt (9.1).
    Close {
        /// The learning.
        learning: Learning,
    },
}

impl Command {
    /// Refuses a command resting on a further ground of the complaints policy that the policy
    /// does not list (Code 2.2: only the circumstances the policy sets out exclude a complaint).
    /// `listed` is the policy's further grounds as the organisation keeps them; while it keeps
    /// none, any named ground is taken as the policy's. Compared ignoring case and surrounding
    /// spaces.
    pub fn check_policy_ground(&self, listed: &[String]) -> Result<(), crate::refusal::Refusal> {
        let (Command::NotAccept { ground: ExclusionGround::PolicyGround { ground }, .. }
        | Command::RefuseEscalation { ground: ExclusionGround::PolicyGround { ground }, .. }) = self
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
        Command::NotAccept {
            ground: ExclusionGround::PolicyGround { ground: ground.into() },
            reasons: "Reasons".into(),
            discretion: None,
            resident_told_of_ombudsman_right: true,
        }
    }

    #[test]
    fn code_2_2_a_policy_ground_must_be_one_the_policy_lists_once_it_lists_any() {
        let listed = vec!["An insurance claim is open".to_owned()];
        assert_eq!(not_accept(" an INSURANCE claim is open ").check_policy_ground(&listed), Ok(()));
        let refusal = not_accept("Anything else").check_policy_ground(&listed).unwrap_err();
        assert!(refusal.to_string().contains("2.2"), "{refusal}");
        assert!(refusal.to_string().contains("An insurance claim is open"), "{refusal}");
        assert_eq!(not_accept("Anything else").check_policy_ground(&[]), Ok(()));
        let named = Command::NotAccept {
            ground: ExclusionGround::LegalProceedingsStarted,
            reasons: "Reasons".into(),
            discretion: None,
            resident_told_of_ombudsman_right: true,
        };
        assert_eq!(named.check_policy_ground(&listed), Ok(()));
    }
}
