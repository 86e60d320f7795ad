//! The values a complaint is made of: its channel, definition, decisions, remedies, actions,
//! exclusion grounds and the Ombudsman's findings.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ids::{ComplaintId, UserId};

/// The two stages of the Code's process. There is no stage 0 (Code 5.2) and no stage 3
/// (Code 5.3): the type has exactly two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum StageNumber {
    /// Stage 1.
    One,
    /// Stage 2, the landlord's final response (Code 6.20).
    Two,
}

impl From<StageNumber> for u8 {
    fn from(stage: StageNumber) -> u8 {
        match stage {
            StageNumber::One => 1,
            StageNumber::Two => 2,
        }
    }
}

impl TryFrom<u8> for StageNumber {
    type Error = String;

    fn try_from(number: u8) -> Result<Self, Self::Error> {
        match number {
            1 => Ok(StageNumber::One),
            2 => Ok(StageNumber::Two),
            other => Err(format!("there is no stage {other}: the Code has exactly two stages (5.2, 5.3)")),
        }
    }
}

impl std::fmt::Display for StageNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", u8::from(*self))
    }
}

/// How the complaint reached the landlord (Code 3.1: several routes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A telephone call.
    Phone,
    /// An email.
    Email,
    /// A letter.
    Letter,
    /// The landlord's website or portal.
    Web,
    /// In person.
    InPerson,
    /// Social media.
    SocialMedia,
    /// Through any member of staff (Code 3.2).
    ViaStaff,
    /// Through a third party (Code 1.3).
    ViaThirdParty,
    /// A follow-up to a survey response (Code 1.6).
    SurveyFollowUp,
}

impl Channel {
    /// Every channel, in the order lists and forms offer them.
    pub const ALL: [Channel; 9] = [
        Channel::Phone,
        Channel::Email,
        Channel::Letter,
        Channel::Web,
        Channel::InPerson,
        Channel::SocialMedia,
        Channel::ViaStaff,
        Channel::ViaThirdParty,
        Channel::SurveyFollowUp,
    ];

    /// The name stored and sent, as serde writes it: "in_person" and so on.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Web => "web",
            Channel::InPerson => "in_person",
            Channel::SocialMedia => "social_media",
            Channel::ViaStaff => "via_staff",
            Channel::ViaThirdParty => "via_third_party",
            Channel::SurveyFollowUp => "survey_follow_up",
        }
    }

    /// The channel stored as `name` ([`Channel::as_str`]), if it names one.
    pub fn named(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|channel| channel.as_str() == name)
    }
}

/// How complex the complaint is, which decides how it is handled (Code 6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    /// Can be answered promptly.
    #[default]
    Straightforward,
    /// Needs a fuller investigation.
    Complex,
}

/// One point of the complaint definition, numbered P1, P2, … across the complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    /// Its number within the complaint, such as "P2".
    pub id: String,
    /// What the resident is unhappy about, in the landlord's understanding.
    pub text: String,
}

/// The complaint definition of a stage (Code 5.6): the points, and the outcomes sought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Definition {
    /// The points the landlord understands the complaint to be about.
    pub points: Vec<Point>,
    /// The outcomes the resident is seeking.
    pub outcomes_sought: Vec<String>,
}

/// What the landlord is, and is not, responsible for in this complaint (Code 5.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Responsibility {
    /// The aspects the landlord is responsible for.
    pub responsible_for: Vec<String>,
    /// The aspects it is not responsible for, and who is.
    pub not_responsible_for: Vec<String>,
}

/// The handler's declaration about conflicts of interest (Code 5.8(c)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictDeclaration {
    /// Whether the handler has an actual or perceived conflict of interest.
    pub has_conflict: bool,
    /// The measures taken to address it, required when there is one.
    pub measures: Option<String>,
}

/// A decision on a point or on the whole complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The landlord agrees it was at fault.
    Upheld,
    /// In part.
    PartlyUpheld,
    /// It does not.
    NotUpheld,
}

/// The decision on one point of the definition, with its reasons (Code 6.7, 6.18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointDecision {
    /// The point, such as "P1".
    pub point: String,
    /// The decision.
    pub decision: Decision,
    /// The reasons, referring to policy, law and good practice where appropriate.
    pub reasons: String,
}

/// The kinds of remedy the Code lists (Code 7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RemedyKind {
    /// Apologising.
    Apology,
    /// Acknowledging where things have gone wrong.
    Acknowledgement,
    /// Providing an explanation, assistance or reasons.
    Explanation,
    /// Taking action if there has been delay.
    ActionOnDelay,
    /// Reconsidering or changing a decision.
    ReconsideredDecision,
    /// Amending a record or adding a correction or addendum.
    RecordAmended,
    /// Providing a financial remedy.
    Financial,
    /// Changing policies, procedures or practices.
    PolicyChange,
}

/// A remedy offered (Code 7.1-7.3), numbered R1, R2, … within the complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Remedy {
    /// Its number within the complaint, such as "R1".
    pub id: String,
    /// The stage at which it was offered (remedies are available at either stage: 5.13).
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 1, maximum = 2))]
    pub stage: StageNumber,
    /// Its kind.
    pub kind: RemedyKind,
    /// What will happen (Code 7.3).
    pub description: String,
    /// The amount in pence, for a financial remedy.
    pub amount_pence: Option<u64>,
    /// By when (Code 7.3).
    pub due: Date,
    /// When it was completed, once it has been (Code 7.3: followed through to completion).
    pub completed_on: Option<Date>,
    /// How it was carried out, once completed: the note of its completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_note: Option<String>,
}

/// A remedy as a command offers it, before it is numbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemedyOffer {
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
}

/// An action still to be done after a response (Code 6.6, 6.17), numbered A1, A2, ….
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Action {
    /// Its number within the complaint, such as "A1".
    pub id: String,
    /// The stage at which it was added (absent in records made before it was kept: the
    /// rebuilt complaint fills in the stage the complaint was at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u8>, minimum = 1, maximum = 2))]
    pub stage: Option<StageNumber>,
    /// What is to be done.
    pub description: String,
    /// Who owns it.
    pub owner: UserId,
    /// By when.
    pub due: Date,
    /// Updates given, with whether the resident was told.
    pub updates: Vec<ActionUpdate>,
    /// When it was completed.
    pub completed_on: Option<Date>,
}

/// An action as a command plans it, before it is numbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    /// What is to be done.
    #[serde(default)]
    pub description: String,
    /// Who owns it (a user id).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub owner: UserId,
    /// By when.
    pub due: Date,
}

/// A progress update on an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionUpdate {
    /// When.
    pub on: Date,
    /// What happened.
    pub note: String,
    /// Whether the resident was told (Code 6.6: appropriate updates to the resident).
    pub resident_informed: bool,
}

/// The remedy part of a response: remedies offered, or an explicit "no remedy" with the reason
/// (Code 6.9(e), 6.19(e)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RemedyOutcome {
    /// These remedies are offered.
    Offered {
        /// The remedies.
        remedies: Vec<RemedyOffer>,
    },
    /// No remedy is offered, and why.
    NoRemedy {
        /// Why not.
        reason: String,
    },
}

/// The outstanding-actions part of a response: the actions, or an explicit none (Code 6.9(f),
/// 6.19(f)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outstanding {
    /// These actions remain to be done.
    Actions {
        /// The actions.
        actions: Vec<ActionPlan>,
    },
    /// Nothing remains to be done.
    None,
}

/// Grounds for not accepting a complaint or refusing to escalate it (Code 2.2, 5.11).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExclusionGround {
    /// The issue occurred, or the resident became aware of it, over twelve months ago.
    IssueOverTwelveMonthsOld,
    /// Legal proceedings have started (a claim filed at court).
    LegalProceedingsStarted,
    /// The matter has previously been considered under the complaints policy.
    PreviouslyConsidered {
        /// The earlier complaint that considered it. A refusal to escalate must name it, and
        /// no complaint may name itself (Code 2.1, 5.11): its own stage 1 is not a previous
        /// consideration. Absent in decisions recorded before it was asked for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        earlier_complaint: Option<ComplaintId>,
    },
    /// Another circumstance the organisation's policy lists.
    PolicyGround {
        /// The ground as the policy words it.
        ground: String,
    },
}

impl ExclusionGround {
    /// Whether this is a policy ground left unnamed, which excludes nothing.
    pub fn is_unnamed_policy_ground(&self) -> bool {
        matches!(self, ExclusionGround::PolicyGround { ground } if ground.trim().is_empty())
    }
}

/// An outcome the Ombudsman can find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OmbudsmanOutcome {
    /// No maladministration.
    NoMaladministration,
    /// Service failure.
    ServiceFailure,
    /// Maladministration.
    Maladministration,
    /// Severe maladministration.
    SevereMaladministration,
    /// The landlord put things right itself ("reasonable redress").
    ReasonableRedress,
    /// Resolved by mediation.
    Mediation,
    /// Outside the Ombudsman's jurisdiction.
    OutsideJurisdiction,
    /// Withdrawn.
    Withdrawn,
}

/// One finding of a determination, on one aspect of the complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// The aspect of the complaint.
    pub aspect: String,
    /// The outcome.
    pub outcome: OmbudsmanOutcome,
}

/// Whether the Ombudsman ordered or recommended something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    /// An order, which the landlord must comply with.
    Order,
    /// A recommendation.
    Recommendation,
}

/// An order or recommendation, numbered O1, O2, … within the complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OmbudsmanOrder {
    /// Its number, such as "O1".
    pub id: String,
    /// Order or recommendation.
    pub kind: OrderKind,
    /// What the landlord is to do.
    pub description: String,
    /// By when.
    pub due: Option<Date>,
    /// When compliance was evidenced.
    pub complied_on: Option<Date>,
    /// The evidence of compliance.
    pub evidence: Option<String>,
}

/// An order or recommendation as recorded from a determination, before it is numbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderTerms {
    /// Order or recommendation.
    pub kind: OrderKind,
    /// What the landlord is to do.
    pub description: String,
    /// By when.
    pub due: Option<Date>,
}

/// What was learnt from the complaint at closure (Code 9.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Learning {
    /// The root cause.
    #[serde(default)]
    pub root_cause: String,
    /// Whether a service improvement is needed.
    #[serde(default)]
    pub improvement_needed: bool,
    /// The improvement actions, when one is.
    #[serde(default)]
    pub improvement_actions: Vec<String>,
}

/// The content hashes of recorded correspondence and its files, carried by the event that
/// records it, so that the complaint's hash chain covers them (Code 5.12): text or a file
/// changed, replaced or removed afterwards no longer matches its event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CorrespondenceEvidence {
    /// The SHA-256 of the stored correspondence (direction, channel, subject, text, times).
    pub sha256: String,
    /// Each file attached.
    pub attachments: Vec<FileEvidence>,
}

/// One attached file, as [`CorrespondenceEvidence`] records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileEvidence {
    /// The application's id of the file.
    pub id: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// How many bytes it has.
    pub size_bytes: u64,
}

/// Which way a piece of correspondence went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the resident (or their representative) to the landlord.
    Incoming,
    /// From the landlord.
    Outgoing,
}
