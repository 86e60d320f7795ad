//! What a letter is written from: plain, serialisable facts, already in the words a resident
//! reads (dates in words, decisions and remedies by their labels, amounts in pounds). A
//! template sees exactly these names (`resident.name`, `response.points`, …), and the
//! required elements are checked against the same facts. Built from the domain's types by
//! [`LetterContext::build`](crate::LetterContext::build) (`build.rs`), so the application
//! derives nothing itself.
//!
//! Every part is always present when the context is serialised (as `none` or an empty list
//! when it does not apply), so a template may test any of them with `{% if … %}`, and one that
//! names something that does not exist at all fails rather than printing nothing.

use serde::{Deserialize, Serialize};

use redress_documents::Image;
use redress_domain::ombudsman::OmbudsmanContact;

/// Everything a letter of any kind is written from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterContext {
    /// The landlord (or the organisation handling the complaint for it): the letterhead.
    pub organisation: Organisation,
    /// The resident the letter is to.
    pub resident: Person,
    /// The resident's representative, when they have one (Code 3.6).
    pub representative: Option<Person>,
    /// The reasonable adjustments agreed with the resident (Code 5.10), in their words.
    pub adjustments: Vec<String>,
    /// Whether the letter is in large print (an adjustment: Code 3.1, 5.10).
    pub large_print: bool,
    /// The complaint's reference.
    pub reference: String,
    /// The date the letter is written, in words.
    pub today: String,
    /// The date the complaint was received, in words.
    pub received_on: String,
    /// The stage the letter is about: "stage 1" or "stage 2" (lower case, to sit in a
    /// sentence).
    pub stage: String,
    /// Whether it is stage 2, the landlord's final stage (Code 6.20).
    pub final_stage: bool,
    /// The Housing Ombudsman's details as the letter gives them (Code 3.7, 2.4, 6.5, 6.16,
    /// 6.19 g): `name`, `telephone`, `email`, `web_address` and `postal_address`.
    pub ombudsman: OmbudsmanContact,
    /// The stage's complaint definition (Code 5.6), once the stage is acknowledged.
    pub definition: Option<DefinitionPart>,
    /// When the stage's response is due, in words, while one is awaited.
    pub response_due: Option<String>,
    /// The latest extension of the stage's response deadline (Code 6.4, 6.15).
    pub extension: Option<ExtensionPart>,
    /// The stage's response (Code 6.9, 6.19).
    pub response: Option<ResponsePart>,
    /// The decision not to accept the complaint, or to refuse escalation (Code 2.4, 5.11).
    pub exclusion: Option<ExclusionPart>,
    /// Progress on remedies and actions (Code 6.6, 6.17).
    pub progress: Option<ProgressPart>,
    /// Keeping the resident informed (Code 5.9).
    pub keeping_informed: Option<KeepingInformedPart>,
}

/// The sender's details from the organisation's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Its name.
    pub name: String,
    /// Its postal address, one line each.
    pub address: Vec<String>,
    /// Its telephone number for complaints.
    pub telephone: String,
    /// Its email address for complaints.
    pub email: String,
    /// Its logo, if one was uploaded. Only the letterhead shows it; templates do not see it.
    #[serde(skip)]
    pub logo: Option<Image>,
}

/// A person a letter is to or about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Their name as they wish to be addressed.
    pub name: String,
    /// Their postal address, one line each.
    pub address: Vec<String>,
}

/// The complaint definition of a stage (Code 5.6) and what the landlord is responsible for
/// (Code 5.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionPart {
    /// The points, in order.
    pub points: Vec<PointPart>,
    /// The outcomes the resident is seeking.
    pub outcomes_sought: Vec<String>,
    /// What the landlord is responsible for.
    pub responsible_for: Vec<String>,
    /// What it is not responsible for, and who is.
    pub not_responsible_for: Vec<String>,
}

/// One point of the definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointPart {
    /// Its number, such as "P1".
    pub id: String,
    /// What the resident is unhappy about.
    pub text: String,
}

/// An extension of the response deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionPart {
    /// The new due date, in words.
    pub new_due: String,
    /// How many working days it adds.
    pub working_days: u16,
    /// The reasons, as given to the resident.
    pub reasons: String,
    /// The update interval agreed for the stage, in working days (Code 5.9), when one is.
    pub update_interval: Option<u16>,
}

/// A stage's response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsePart {
    /// The decision on the complaint as a whole, as its label reads in a sentence
    /// ("partly upheld").
    pub decision: String,
    /// Each point with its decision and reasons.
    pub points: Vec<PointDecisionPart>,
    /// The remedies offered at this stage.
    pub remedies: Vec<RemedyPart>,
    /// Why no remedy is offered, when none is.
    pub no_remedy_reason: Option<String>,
    /// The actions still to be done after the response.
    pub actions: Vec<ActionPart>,
    /// How to ask for stage 2 (a stage 1 response).
    pub stage_two: Option<StageTwoPart>,
    /// How to escalate, as free text, in responses recorded before the route was kept in
    /// parts.
    pub escalation_text: Option<String>,
}

/// A point's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointDecisionPart {
    /// Its number, such as "P1".
    pub id: String,
    /// The point.
    pub text: String,
    /// The decision, as its label reads in a sentence ("not upheld").
    pub decision: String,
    /// The reasons.
    pub reasons: String,
}

/// A remedy offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemedyPart {
    /// Its number, such as "R1".
    pub id: String,
    /// Its kind, as its label reads ("Apology").
    pub kind: String,
    /// What will happen (Code 7.3).
    pub description: String,
    /// The amount in pounds ("£150.00"), for a financial remedy.
    pub amount: Option<String>,
    /// By when, in words (Code 7.3).
    pub due: String,
    /// When it was done, in words, once it has been.
    pub completed_on: Option<String>,
}

/// An outstanding action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPart {
    /// Its number, such as "A1".
    pub id: String,
    /// What is to be done.
    pub description: String,
    /// By when, in words.
    pub due: String,
    /// When it was done, in words, once it has been.
    pub completed_on: Option<String>,
    /// The latest update the resident is to be told of.
    pub latest_update: Option<String>,
}

/// How to ask for stage 2, as the complaints policy sets it out (Code 6.9 g).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTwoPart {
    /// Who to contact.
    pub contact: String,
    /// How.
    pub how: String,
    /// Within what time.
    pub within: String,
}

/// A decision not to accept a complaint or to refuse escalation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionPart {
    /// The ground, as its label reads.
    pub ground: String,
    /// The policy's own words, for a ground the policy lists.
    pub policy_ground: Option<String>,
    /// The reasons for this complaint.
    pub reasons: String,
    /// The date the resident asked for stage 2, in words (a refusal to escalate).
    pub requested_on: Option<String>,
}

/// Progress on the remedies and actions after a response (Code 6.6, 6.17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressPart {
    /// Every remedy offered, done or not.
    pub remedies: Vec<RemedyPart>,
    /// Every outstanding action, done or not.
    pub actions: Vec<ActionPart>,
}

/// An update while a response is awaited (Code 5.9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeepingInformedPart {
    /// Whether the response is already late.
    pub response_late: bool,
    /// The update interval agreed, in working days, when one is.
    pub update_interval: Option<u16>,
    /// The date of the next update, in words, when the application gave one.
    pub next_update: Option<String>,
    /// What the handler wants to tell the resident about progress, when they wrote it.
    pub message: Option<String>,
}
