//! A letter's context from the domain's types: the complaint rebuilt from its record, its
//! deadlines, the parties' details from the application's records and "today". Everything is
//! turned into the words a resident reads here (labels from the domain's `labels.rs`, dates in
//! words), so the application derives nothing itself.
//!
//! Where the record keeps what the resident was told (the Ombudsman's details given with a
//! decision not to accept, a refusal to escalate, an extension or a stage 2 response; the new
//! due date of an extension), the letter gives exactly that, not today's settings.

use jiff::civil::Date;

use redress_domain::complaint::{
    Action, Complaint, Deadline, ExclusionGround, HowToEscalate, Remedy, Stage, StageNumber, Step,
};
use redress_domain::ombudsman::OmbudsmanContact;
use redress_domain::people::ReasonableAdjustment;

use crate::context::{
    ActionPart, DefinitionPart, ExclusionPart, ExtensionPart, KeepingInformedPart, LetterContext, Organisation, Person,
    PointDecisionPart, PointPart, ProgressPart, RemedyPart, ResponsePart, StageTwoPart,
};
use crate::kind::LetterKind;
use crate::words;

/// Who a letter is from and to, as the application's records hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    /// The sender: the organisation handling the complaint.
    pub organisation: Organisation,
    /// The resident.
    pub resident: Person,
    /// Their representative, when they have one.
    pub representative: Option<Person>,
    /// The reasonable adjustments agreed with the resident (Code 5.10).
    pub adjustments: Vec<ReasonableAdjustment>,
    /// Whether the letter is to be in large print.
    pub large_print: bool,
    /// The Housing Ombudsman's details in the organisation's settings now, for letters whose
    /// record does not keep the ones given.
    pub ombudsman: OmbudsmanContact,
}

/// The case a letter is about.
#[derive(Debug, Clone, Copy)]
pub struct Case<'a> {
    /// The complaint, rebuilt from its record.
    pub complaint: &'a Complaint,
    /// Its reference.
    pub reference: &'a str,
    /// Its deadlines, as the domain works them out (`redress_domain::complaint::deadlines`).
    pub deadlines: &'a [Deadline],
    /// For an update (Code 5.9): the date of the next one, when an interval is agreed.
    pub next_update: Option<Date>,
    /// For an update (Code 5.9): what the handler wants to say about progress.
    pub message: Option<&'a str>,
}

/// Why a letter cannot be written for a case: it has not reached the step the letter is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    /// The stage has not been reached.
    #[error("the complaint has not reached {}", .0.label().to_lowercase())]
    NoStage(StageNumber),
    /// The stage has not been acknowledged, so there is no definition.
    #[error("{} has not been acknowledged", .0.label().to_lowercase())]
    NotAcknowledged(StageNumber),
    /// The stage has no response.
    #[error("{} has no response", .0.label().to_lowercase())]
    NoResponse(StageNumber),
    /// The stage's response deadline has not been extended.
    #[error("the response deadline has not been extended")]
    NoExtension,
    /// The complaint was accepted.
    #[error("the complaint was not refused: it was accepted")]
    Accepted,
    /// No escalation was refused.
    #[error("no request for stage 2 has been refused")]
    NoEscalationRefusal,
    /// There are no remedies or actions to report on.
    #[error("there are no remedies or actions to give an update on")]
    NoProgress,
}

impl LetterContext {
    /// The context of a letter of `kind` about `case`, from `parties`, written `today`.
    ///
    /// # Errors
    ///
    /// [`ContextError`] when the case has not reached what the letter is about.
    pub fn build(
        kind: LetterKind,
        case: &Case<'_>,
        parties: &Parties,
        today: Date,
    ) -> Result<LetterContext, ContextError> {
        let complaint = case.complaint;
        let number = kind.stage().unwrap_or(complaint.current_stage().number);
        let stage = complaint.stage(number).ok_or(ContextError::NoStage(number))?;
        let mut context = base(complaint, stage, case, parties, today);
        match kind {
            LetterKind::Stage1Acknowledgement | LetterKind::Stage2Acknowledgement => {
                context.definition = Some(definition(stage).ok_or(ContextError::NotAcknowledged(number))?);
            }
            LetterKind::ExtensionNotice => {
                let (extension, given) = extension(stage, case.deadlines)?;
                context.extension = Some(extension);
                context.ombudsman = given.unwrap_or(context.ombudsman);
            }
            LetterKind::Stage1Response | LetterKind::Stage2Response => {
                context.definition = Some(definition(stage).ok_or(ContextError::NotAcknowledged(number))?);
                let (response, given) = response(complaint, stage)?;
                context.response = Some(response);
                context.ombudsman = given.unwrap_or(context.ombudsman);
                context.response_due = None;
            }
            LetterKind::NotAccepted => {
                let decision = complaint.not_accepted.as_ref().ok_or(ContextError::Accepted)?;
                context.exclusion = Some(exclusion(&decision.ground, &decision.reasons, None));
                context.ombudsman = decision.ombudsman.clone().unwrap_or(context.ombudsman);
                context.response_due = None;
            }
            LetterKind::EscalationRefused => {
                let refusal = complaint.escalation_refusals.last().ok_or(ContextError::NoEscalationRefusal)?;
                let requested = Some(words::date(refusal.requested_on));
                context.exclusion = Some(exclusion(&refusal.ground, &refusal.reasons, requested));
                context.ombudsman = refusal.ombudsman.clone().unwrap_or(context.ombudsman);
                context.stage = StageNumber::Two.label().to_lowercase();
                context.final_stage = false;
                context.response_due = None;
            }
            LetterKind::RemedyUpdate => {
                if complaint.remedies.is_empty() && complaint.actions.is_empty() {
                    return Err(ContextError::NoProgress);
                }
                context.progress = Some(ProgressPart {
                    remedies: complaint.remedies.iter().map(remedy).collect(),
                    actions: complaint.actions.iter().map(action).collect(),
                });
                context.response_due = None;
            }
            LetterKind::KeepingInformed => {
                context.keeping_informed = Some(KeepingInformedPart {
                    response_late: response_deadline(case.deadlines, number).is_some_and(|due| due < today),
                    update_interval: stage.update_interval,
                    next_update: case.next_update.map(words::date),
                    message: case.message.map(str::to_owned).filter(|m| !m.trim().is_empty()),
                });
            }
        }
        Ok(context)
    }
}

fn base(complaint: &Complaint, stage: &Stage, case: &Case<'_>, parties: &Parties, today: Date) -> LetterContext {
    LetterContext {
        organisation: parties.organisation.clone(),
        resident: parties.resident.clone(),
        representative: parties.representative.clone(),
        adjustments: parties.adjustments.iter().map(|a| a.adjustment.clone()).collect(),
        large_print: parties.large_print,
        reference: case.reference.to_owned(),
        today: words::date(today),
        received_on: words::date(complaint.logged.received_on),
        stage: stage.number.label().to_lowercase(),
        final_stage: stage.number == StageNumber::Two,
        ombudsman: parties.ombudsman.clone(),
        definition: None,
        response_due: response_deadline(case.deadlines, stage.number).map(words::date),
        extension: None,
        response: None,
        exclusion: None,
        progress: None,
        keeping_informed: None,
    }
}

fn response_deadline(deadlines: &[Deadline], stage: StageNumber) -> Option<Date> {
    deadlines.iter().find(|d| d.stage == stage && d.step == Step::Response).map(|d| d.due)
}

fn definition(stage: &Stage) -> Option<DefinitionPart> {
    let acknowledgement = stage.acknowledgement.as_ref()?;
    Some(DefinitionPart {
        points: acknowledgement
            .definition
            .points
            .iter()
            .map(|p| PointPart { id: p.id.clone(), text: p.text.clone() })
            .collect(),
        outcomes_sought: acknowledgement.definition.outcomes_sought.clone(),
        responsible_for: acknowledgement.responsibility.responsible_for.clone(),
        not_responsible_for: acknowledgement.responsibility.not_responsible_for.clone(),
    })
}

fn extension(stage: &Stage, deadlines: &[Deadline]) -> Result<(ExtensionPart, Option<OmbudsmanContact>), ContextError> {
    let extension = stage.extensions.last().ok_or(ContextError::NoExtension)?;
    // Records made before the new date was kept: the due date in force is the one given.
    let new_due =
        extension.new_due.or_else(|| response_deadline(deadlines, stage.number)).ok_or(ContextError::NoExtension)?;
    let part = ExtensionPart {
        new_due: words::date(new_due),
        working_days: extension.working_days,
        reasons: extension.reason.clone(),
        update_interval: stage.update_interval,
    };
    Ok((part, extension.ombudsman.clone()))
}

fn response(complaint: &Complaint, stage: &Stage) -> Result<(ResponsePart, Option<OmbudsmanContact>), ContextError> {
    let response = stage.response.as_ref().ok_or(ContextError::NoResponse(stage.number))?;
    let points = stage.acknowledgement.as_ref().map(|a| a.definition.points.as_slice()).unwrap_or_default();
    let decisions = response
        .decisions
        .iter()
        .map(|d| PointDecisionPart {
            id: d.point.clone(),
            text: points.iter().find(|p| p.id == d.point).map(|p| p.text.clone()).unwrap_or_default(),
            decision: d.decision.label().to_lowercase(),
            reasons: d.reasons.clone(),
        })
        .collect();
    let (stage_two, escalation_text, given) = match &response.escalation {
        HowToEscalate::StageTwo { route } => (
            Some(StageTwoPart { contact: route.contact.clone(), how: route.how.clone(), within: route.within.clone() }),
            None,
            None,
        ),
        HowToEscalate::Ombudsman { contact } => (None, None, Some(contact.clone())),
        HowToEscalate::Text { text } => (None, Some(text.clone()), None),
    };
    let part = ResponsePart {
        decision: response.decision.label().to_lowercase(),
        points: decisions,
        remedies: complaint.remedies.iter().filter(|r| r.stage == stage.number).map(remedy).collect(),
        no_remedy_reason: response.no_remedy_reason.clone(),
        actions: complaint.actions.iter().filter(|a| a.stage == Some(stage.number)).map(action).collect(),
        stage_two,
        escalation_text,
    };
    Ok((part, given))
}

fn remedy(remedy: &Remedy) -> RemedyPart {
    RemedyPart {
        id: remedy.id.clone(),
        kind: remedy.kind.label().to_owned(),
        description: clause(&remedy.description),
        amount: remedy.amount_pence.map(words::pounds),
        due: words::date(remedy.due),
        completed_on: remedy.completed_on.map(words::date),
    }
}

fn action(action: &Action) -> ActionPart {
    ActionPart {
        id: action.id.clone(),
        description: clause(&action.description),
        due: words::date(action.due),
        completed_on: action.completed_on.map(words::date),
        // The letter is itself the update the resident is told of.
        latest_update: action.updates.last().map(|u| u.note.clone()),
    }
}

/// A remedy's or action's description as the letters use it: inside a sentence they finish
/// themselves ("…, by Friday 18 December 2026"), so a full stop staff typed at its end would
/// read "boiler., by".
fn clause(description: &str) -> String {
    description.trim_end().trim_end_matches('.').trim_end().to_owned()
}

fn exclusion(ground: &ExclusionGround, reasons: &str, requested_on: Option<String>) -> ExclusionPart {
    let policy_ground = if let ExclusionGround::PolicyGround { ground } = ground { Some(ground.clone()) } else { None };
    ExclusionPart { ground: ground.label().to_owned(), policy_ground, reasons: reasons.to_owned(), requested_on }
}
