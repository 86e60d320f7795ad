//! Which commands a complaint's state allows now, so that nobody else re-derives it: the
//! pages offer a form for exactly these, and a new status or command fails to compile here
//! until it is placed. `decide` still judges each command on its merits (a command offered
//! here can still be refused by a rule of the Code); what is not offered here, `decide`
//! refuses.

use super::model::StageNumber;
use super::state::{Complaint, Status};

/// A command the complaint's state allows, with the item it acts on where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// Acknowledge the current stage and define the complaint.
    Acknowledge,
    /// Name another handler for the current stage (acknowledged, and the complaint open).
    Reassign,
    /// Pass the complaint to another organisation to handle (while it is open).
    PassHandling,
    /// Decide not to accept the complaint (stage 1, before acknowledgement).
    NotAccept,
    /// Refuse the resident's request to escalate (stage 2, before acknowledgement).
    RefuseEscalation,
    /// Extend the stage's response deadline.
    Extend,
    /// Record the stage's response.
    Respond,
    /// Add points to the complaint's definition (stage 1, while investigating).
    AddPoints,
    /// Agree how often to update the resident.
    UpdateInterval,
    /// Offer a remedy.
    OfferRemedy,
    /// Add an outstanding action.
    AddAction,
    /// Escalate to stage 2.
    Escalate,
    /// Close the complaint.
    Close,
    /// Complete the remedy with this id.
    CompleteRemedy(String),
    /// Update the action with this id.
    UpdateAction(String),
    /// Complete the action with this id.
    CompleteAction(String),
    /// Record the complaint's referral to the Ombudsman.
    ReferToOmbudsman,
    /// Record the Ombudsman's determination.
    RecordDetermination,
    /// Record compliance with the Ombudsman's order with this id.
    RecordOrderCompliance(String),
    /// Record correspondence in or out, whatever the status.
    RecordCorrespondence,
}

impl Complaint {
    /// The commands the complaint's state allows now, in the order a handler would look for
    /// them: the stage's next steps, then remedies and actions, the Ombudsman's, and
    /// correspondence last.
    pub fn allowed(&self) -> Vec<Allowed> {
        let status = self.status();
        let stage = self.current_stage().number;
        let mut allowed = match (status, stage) {
            (Status::AwaitingAcknowledgement, StageNumber::One) => vec![Allowed::Acknowledge, Allowed::NotAccept],
            (Status::AwaitingAcknowledgement, StageNumber::Two) => {
                vec![Allowed::Acknowledge, Allowed::RefuseEscalation]
            }
            (Status::Investigating, StageNumber::One) => vec![Allowed::Extend, Allowed::Respond, Allowed::AddPoints],
            (Status::Investigating, StageNumber::Two) => vec![Allowed::Extend, Allowed::Respond],
            (Status::Responded, _) => vec![Allowed::Close],
            (Status::NotAccepted | Status::Closed, _) => Vec::new(),
        };
        // After the stage 1 response, and even once closed, the resident may ask for stage 2.
        if status != Status::NotAccepted && self.stage2.is_none() && self.stage1.response.is_some() {
            allowed.insert(0, Allowed::Escalate);
        }
        if status == Status::Investigating {
            allowed.push(Allowed::UpdateInterval);
        }
        // Whoever handles the stage can be replaced while the complaint is open: once the
        // stage has a handler, until closed.
        if matches!(status, Status::Investigating | Status::Responded) {
            allowed.push(Allowed::Reassign);
        }
        if !matches!(status, Status::NotAccepted | Status::Closed) {
            allowed.extend([Allowed::PassHandling, Allowed::OfferRemedy]);
        }
        if status != Status::NotAccepted {
            allowed.push(Allowed::AddAction);
            let open_remedies = self.remedies.iter().filter(|r| r.completed_on.is_none());
            allowed.extend(open_remedies.map(|r| Allowed::CompleteRemedy(r.id.clone())));
            for action in self.actions.iter().filter(|a| a.completed_on.is_none()) {
                allowed.extend([Allowed::UpdateAction(action.id.clone()), Allowed::CompleteAction(action.id.clone())]);
            }
        }
        match &self.ombudsman {
            // The resident may go to the Ombudsman at any time; the landlord records it when told.
            None => allowed.push(Allowed::ReferToOmbudsman),
            Some(case) if case.determination.is_none() => allowed.push(Allowed::RecordDetermination),
            Some(case) => {
                let orders = case.determination.iter().flat_map(|d| &d.orders);
                allowed.extend(
                    orders.filter(|o| o.complied_on.is_none()).map(|o| Allowed::RecordOrderCompliance(o.id.clone())),
                );
            }
        }
        allowed.push(Allowed::RecordCorrespondence);
        allowed
    }
}
