//! What a stage's response must contain (Code 6.7 and 6.9 at stage 1; 6.18 and 6.19 at
//! stage 2): the stage and definition (which the record supplies), a decision with reasons on
//! every defined point, the remedy or an explicit "no remedy" with the reason, the outstanding
//! actions or an explicit none, and how to escalate (see [`super::escalation`]).

use super::decide::{Context, new_action, remedy_offered};
use super::escalation::{StageTwoRoute, check_escalation};
use super::event::Event;
use super::model::{Decision, Outstanding, PointDecision, RemedyOutcome, StageNumber};
use super::state::{Complaint, Stage};
use crate::refusal::Refusal;

/// The provisions a response at `stage` answers to: (what it must contain, addressing every
/// point).
fn provisions(stage: StageNumber) -> (&'static str, &'static str) {
    match stage {
        StageNumber::One => ("6.9", "6.7"),
        StageNumber::Two => ("6.19", "6.18"),
    }
}

/// Checks a response against the Code and returns the events that record it: the response,
/// then each remedy offered and each outstanding action.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_response(
    complaint: &Complaint,
    stage: &Stage,
    decision: Option<Decision>,
    decisions: Vec<PointDecision>,
    remedy: Option<RemedyOutcome>,
    outstanding: Option<Outstanding>,
    escalation: Option<StageTwoRoute>,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    let (contents, points) = provisions(stage.number);
    let Some(decision) = decision else {
        return Err(Refusal::code(contents, "the response must give the decision on the complaint"));
    };
    let decisions = check_point_decisions(stage, decisions, points)?;
    let Some(remedy) = remedy else {
        return Err(Refusal::code(contents, "the response must give the remedy offered, or say that none is and why"));
    };
    let Some(outstanding) = outstanding else {
        return Err(Refusal::code(
            contents,
            "the response must list the outstanding actions, or say that there are none",
        ));
    };
    let (stage_two_route, ombudsman) = check_escalation(stage.number, escalation, contents, context)?;

    let mut follow_on = Vec::new();
    let no_remedy_reason = match remedy {
        RemedyOutcome::Offered { remedies } if remedies.is_empty() => {
            return Err(Refusal::code(
                contents,
                "the response must give the remedy offered, or say that none is and why",
            ));
        }
        RemedyOutcome::Offered { remedies } => {
            for (i, offer) in remedies.into_iter().enumerate() {
                follow_on.push(remedy_offered(complaint, complaint.remedies.len() + i, stage.number, offer)?);
            }
            None
        }
        RemedyOutcome::NoRemedy { reason } if reason.trim().is_empty() => {
            return Err(Refusal::code(contents, "a response that offers no remedy must say why"));
        }
        RemedyOutcome::NoRemedy { reason } => Some(reason.trim().to_owned()),
    };
    if let Outstanding::Actions { actions } = outstanding {
        if actions.is_empty() {
            return Err(Refusal::code(contents, "list the outstanding actions, or say that there are none"));
        }
        for (i, plan) in actions.into_iter().enumerate() {
            follow_on.push(Event::ActionAdded { action: new_action(complaint.actions.len() + i, stage.number, plan)? });
        }
    }

    let mut events = vec![Event::Responded {
        stage: stage.number,
        at: context.at,
        on: context.on,
        decision,
        decisions,
        no_remedy_reason,
        escalation_details: None,
        stage_two_route,
        ombudsman,
        recorded_by: context.acting.cloned(),
    }];
    events.extend(follow_on);
    Ok(events)
}

/// Exactly one decision, with reasons, on every point of the stage's definition.
fn check_point_decisions(
    stage: &Stage,
    decisions: Vec<PointDecision>,
    provision: &str,
) -> Result<Vec<PointDecision>, Refusal> {
    let defined = stage.acknowledgement.as_ref().map(|a| a.definition.points.as_slice()).unwrap_or_default();
    for decision in &decisions {
        if !defined.iter().any(|p| p.id == decision.point) {
            return Err(Refusal::Invalid(format!(
                "{} is not a point of the stage {} definition",
                decision.point, stage.number
            )));
        }
        if decisions.iter().filter(|d| d.point == decision.point).count() > 1 {
            return Err(Refusal::Invalid(format!("{} has more than one decision", decision.point)));
        }
    }
    for point in defined {
        match decisions.iter().find(|d| d.point == point.id) {
            None => {
                return Err(Refusal::code(
                    provision,
                    format!(
                        "the response must address every point of the complaint definition: {} is not addressed",
                        point.id
                    ),
                ));
            }
            Some(d) if d.reasons.trim().is_empty() => {
                return Err(Refusal::code(provision, format!("give clear reasons for the decision on {}", point.id)));
            }
            Some(_) => {}
        }
    }
    Ok(decisions)
}
