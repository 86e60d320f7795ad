//! The complaint lifecycle: the Code's two-stage process as a state machine.
//!
//! A complaint is its events ([`Event`]); its state ([`Complaint`]) is rebuilt by folding them.
//! [`log`] and [`decide`] are pure functions from a command and a [`Context`] (when, today, the
//! calendar, the Code) to new events, or a [`Refusal`](crate::refusal::Refusal) citing the
//! provision the command would break. [`deadlines`] works out every due date with its
//! explanation and status; [`next_update`] when the resident is next due an update (Code 5.9);
//! [`extended_due`] the new due date an extension gives (Code 6.4, 6.15).

mod allowed;
mod command;
mod deadlines;
mod decide;
mod escalation;
mod event;
mod extension;
mod key_dates;
mod labels;
mod model;
mod response;
mod state;
mod texts;
mod triage;
mod updates;

pub use allowed::Allowed;
pub use command::{
    Acknowledge, AddPoints, AgreeUpdateInterval, Command, CompleteAction, CompleteRemedy, DefinitionInput, Extend,
    Item, LogComplaint, NotAccept, PassHandling, Reassign, RecordCorrespondence, RecordDetermination,
    RecordOrderCompliance, ReferToOmbudsman, RefuseEscalation, RequestEscalation, Respond, UpdateAction,
};
pub use deadlines::{
    DUE_SOON_WORKING_DAYS, Deadline, DeadlineState, DeadlineStatus, Explanation, ExtensionApplied, SkippedDay, Step,
    answered_late, deadlines, met_only_by_late_records, missed, next_open, open_status,
};
pub(crate) use decide::LATE_RECORD;
pub use decide::{Capacity, Context, decide, log, may_respond};
pub use escalation::{HowToEscalate, StageTwoRoute};
pub use event::{Event, Happened, Logged, RecordedAfterDue};
pub use extension::{ExtendedDue, extended_due};
pub use key_dates::{KeyDates, StageDates};
pub use model::*;
pub use state::{
    Acknowledgement, Closure, Complaint, Determination, EscalationRefusal, Extension, Handover, Involvement,
    NotAComplaintRecord, NotAcceptance, OmbudsmanCase, Reassignment, Response, Stage, Status,
};
pub use triage::Risk;
pub use updates::{LATE_RESPONSE_UPDATE_WORKING_DAYS, UpdateCountedFrom, UpdateDue, UpdateReason, next_update};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_updates;
