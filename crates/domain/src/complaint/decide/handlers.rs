//! Who may be named handler, and naming another one: a handler must be able to act on the
//! complaint, and at stage 2 must not have taken part in stage 1 (Code 6.13). Also passing the
//! complaint to another organisation to handle (Code 5.4), the organisation's counterpart of a
//! reassignment.
//!
//! Roles are the application's, not the domain's: the application says, in the decision's
//! [`Context`], whether the person a command names may change cases ([`Capacity`]). No
//! provision of the Code says which staff may handle a complaint; the rule is Redress's own,
//! because a handler whose role only reads cases (the Member Responsible for Complaints, an
//! auditor) could record nothing and the complaint would be stuck, so the refusal cites none.

use crate::complaint::command::{PassHandling, Reassign};
use crate::complaint::event::Event;
use crate::complaint::model::StageNumber;
use crate::complaint::state::{Complaint, Status};
use crate::ids::UserId;
use crate::refusal::Refusal;

use super::independence::{check_stage_two_handler, check_stage_two_recorder};
use super::opening::check_conflict;
use super::{Context, not_closed, required};

/// Whether a member of staff may change cases, as the application reads it from their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capacity {
    /// Their role logs complaints and acts on them.
    ChangesCases,
    /// Their role only reads cases (the Member Responsible for Complaints, an auditor).
    ReadsOnly,
}

/// Refuses `handler` when the context says their role only reads cases. A context that does
/// not describe them (or describes someone else) passes: the person is then unknown, not
/// cleared, as with [`Context::acting`].
pub(super) fn check_may_handle(handler: &UserId, context: &Context) -> Result<(), Refusal> {
    match context.named_handler {
        Some((named, Capacity::ReadsOnly)) if named == handler => Err(Refusal::Invalid(
            "the handler must be someone whose role may change cases: a role that only reads cases (such as the \
             Member Responsible for Complaints or an auditor) could not act on the complaint"
                .into(),
        )),
        _ => Ok(()),
    }
}

/// Passes the complaint to another organisation to handle (Code 5.4). Whether that
/// organisation is the landlord or one acting for it is the application's to check: the
/// domain does not know the organisations.
pub(super) fn pass_handling(
    complaint: &Complaint,
    command: PassHandling,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    let PassHandling { organisation, reason } = command;
    not_closed(complaint, "pass the complaint to another organisation")?;
    if complaint.status() == Status::NotAccepted {
        return Err(Refusal::State("cannot pass the complaint to another organisation: it was not accepted".into()));
    }
    let from = complaint.handling_organisation();
    if *from == organisation {
        return Err(Refusal::Invalid("that organisation handles the complaint already".into()));
    }
    let reason = required(&reason, "the reason for passing the complaint")?;
    Ok(vec![Event::HandlingPassed {
        from: from.clone(),
        to: organisation,
        reason,
        recorded_by: context.acting.cloned(),
    }])
}

/// Names another handler for the stage the complaint is at.
pub(super) fn reassign(complaint: &Complaint, command: Reassign, context: &Context) -> Result<Vec<Event>, Refusal> {
    let Reassign { stage, handler, reason, conflict } = command;
    not_closed(complaint, "reassign the handler")?;
    let current = complaint.current_stage();
    if current.number != stage {
        return Err(Refusal::State(format!("the complaint is at stage {}, not stage {stage}", current.number)));
    }
    let Some(from) = current.handler() else {
        return Err(Refusal::State(format!("stage {stage} has no handler yet: name one when acknowledging it")));
    };
    if *from == handler {
        return Err(Refusal::Invalid("the new handler is the stage's handler already".into()));
    }
    let reason = required(&reason, "the reason for the reassignment")?;
    check_may_handle(&handler, context)?;
    if stage == StageNumber::Two {
        check_stage_two_handler(complaint, &handler)?;
        check_stage_two_recorder(complaint, "reassignment", context.acting)?;
    }
    check_conflict(&conflict)?;
    Ok(vec![Event::HandlerReassigned {
        stage,
        from: from.clone(),
        handler,
        reason,
        conflict,
        recorded_by: context.acting.cloned(),
    }])
}
