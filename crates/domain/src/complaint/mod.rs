//! The complaint lifecycle: the Code's two-stage process as a state machine.
//!
//! A complaint is its events ([`Event`]); its state ([`Complaint`]) is rebuilt by folding them.
//! [`log`] and [`decide`] are pure functions from a command and a [`Context`] (when, today, the
//! calendar, the Code) to new events, or a [`Refusal`](crate::refusal::Refusal) citing the
//! provision the command would break. [`deadlines`] works out every due date with its
//! explanation and status.

mod allowed;
mod command;
mod deadlines;
mod decide;
mod event;
mod model;
mod response;
mod state;
mod texts;
mod triage;

pub use allowed::Allowed;
pub use command::{
    Acknowledge, AddPoints, AgreeUpdateInterval, Command, CompleteAction, CompleteRemedy, DefinitionInput, Extend,
    Item, LogComplaint, NotAccept, RecordCorrespondence, RecordDetermination, RecordOrderCompliance, ReferToOmbudsman,
    RefuseEscalation, RequestEscalation, Respond, UpdateAction,
};
pub use deadlines::{
    DUE_SOON_WORKING_DAYS, Deadline, DeadlineStatus, Explanation, ExtensionApplied, SkippedDay, Step, deadlines,
    next_open, open_status,
};
pub use decide::{Context, decide, log};
pub use event::{Event, Logged};
pub use model::*;
pub use state::{
    Acknowledgement, Closure, Complaint, Determination, EscalationRefusal, Extension, NotAComplaintRecord,
    NotAcceptance, OmbudsmanCase, Response, Stage, Status,
};
pub use triage::Risk;

#[cfg(test)]
mod tests;
