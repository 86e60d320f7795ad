//! Remedies and actions (offered, tracked to completion), the Ombudsman's determination and
//! its orders, and closing the complaint.

use crate::complaint::event::Event;
use crate::complaint::model::{
    Action, Learning, OmbudsmanOrder, OrderTerms, Remedy, RemedyKind, RemedyOffer, StageNumber,
};
use crate::complaint::state::{Complaint, Status};
use crate::refusal::Refusal;

use super::{Context, not_closed};

pub(super) fn open_action(complaint: &Complaint, id: &str) -> Result<(), Refusal> {
    let action = complaint
        .actions
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Refusal::State(format!("there is no action {id}")))?;
    if action.completed_on.is_some() {
        return Err(Refusal::State(format!("action {id} is already complete")));
    }
    Ok(())
}

pub(super) fn record_determination(
    complaint: &Complaint,
    findings: Vec<crate::complaint::model::Finding>,
    orders: Vec<OrderTerms>,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    let case = complaint
        .ombudsman
        .as_ref()
        .ok_or_else(|| Refusal::State("the complaint has not been referred to the Ombudsman".into()))?;
    if case.determination.is_some() {
        return Err(Refusal::State("the Ombudsman's determination is already recorded".into()));
    }
    if findings.is_empty() {
        return Err(Refusal::Invalid("a determination has at least one finding".into()));
    }
    let orders = orders
        .into_iter()
        .enumerate()
        .map(|(i, terms)| OmbudsmanOrder {
            id: format!("O{}", i + 1),
            kind: terms.kind,
            description: terms.description,
            due: terms.due,
            complied_on: None,
            evidence: None,
        })
        .collect();
    Ok(vec![Event::OmbudsmanDetermined { on: context.on, findings, orders }])
}

pub(super) fn close(complaint: &Complaint, learning: Learning, context: &Context) -> Result<Vec<Event>, Refusal> {
    not_closed(complaint, "close")?;
    if complaint.status() != Status::Responded {
        return Err(Refusal::State("a complaint is closed only after the response at its current stage".into()));
    }
    if learning.root_cause.trim().is_empty() {
        return Err(Refusal::code(
            "9.1",
            "record the root cause, to learn from the complaint beyond its own circumstances",
        ));
    }
    if learning.improvement_needed && learning.improvement_actions.iter().all(|a| a.trim().is_empty()) {
        return Err(Refusal::code("9.1", "a service improvement is needed: record the improvement actions"));
    }
    Ok(vec![Event::Closed { at: context.at, learning }])
}

/// A remedy numbered after the `already` offered, checked against Code 7.3: what will happen,
/// by when, and for money, how much.
pub(in crate::complaint) fn remedy_offered(
    complaint: &Complaint,
    already: usize,
    stage: StageNumber,
    offer: RemedyOffer,
) -> Result<Event, Refusal> {
    let description = offer.description.trim().to_owned();
    if description.is_empty() {
        return Err(Refusal::code("7.3", "a remedy must set out what will happen"));
    }
    let Some(due) = offer.due else {
        return Err(Refusal::code("7.3", "a remedy must set out by when it will happen"));
    };
    if due < complaint.logged.received_on {
        return Err(Refusal::Invalid("a remedy cannot be due before the complaint was received".into()));
    }
    let amount_pence = match (offer.kind, offer.amount_pence) {
        (RemedyKind::Financial, Some(amount)) if amount > 0 => Some(amount),
        (RemedyKind::Financial, _) => return Err(Refusal::code("7.3", "a financial remedy must state the amount")),
        (_, Some(_)) => return Err(Refusal::Invalid("only a financial remedy has an amount".into())),
        (_, None) => None,
    };
    let remedy = Remedy {
        id: format!("R{}", already + 1),
        stage,
        kind: offer.kind,
        description,
        amount_pence,
        due,
        completed_on: None,
        completion_note: None,
    };
    Ok(Event::RemedyOffered { remedy })
}

/// An action numbered after the `already` recorded, added at `stage` (6.6, 6.17: tracked to
/// completion).
pub(in crate::complaint) fn new_action(
    already: usize,
    stage: StageNumber,
    plan: crate::complaint::model::ActionPlan,
) -> Result<Action, Refusal> {
    let description = plan.description.trim().to_owned();
    if description.is_empty() || plan.owner.as_str().trim().is_empty() {
        return Err(Refusal::code(
            "6.6",
            "an outstanding action needs a description and an owner so it can be tracked",
        ));
    }
    Ok(Action {
        id: format!("A{}", already + 1),
        stage: Some(stage),
        description,
        owner: plan.owner,
        due: plan.due,
        updates: Vec::new(),
        completed_on: None,
    })
}
