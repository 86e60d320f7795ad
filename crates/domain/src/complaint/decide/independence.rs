//! Code 6.13: the person considering the complaint at stage 2 is not the person who considered
//! it at stage 1. The rule is about people, not names: whoever was named stage 1 handler or
//! recorded stage 1's acknowledgement, response or an extension may neither be named stage 2
//! handler (at its acknowledgement or by a reassignment) nor record stage 2's decisions: its
//! acknowledgement, a refusal to escalate, an extension, its response or a reassignment.

use crate::complaint::state::{Complaint, Involvement};
use crate::ids::UserId;
use crate::refusal::Refusal;

use super::Context;

/// What a stage 2 acknowledgement may not do: name as handler, or be recorded by, someone who
/// took part in stage 1.
pub(super) fn check_stage_two_acknowledgement(
    complaint: &Complaint,
    handler: &UserId,
    context: &Context,
) -> Result<(), Refusal> {
    check_stage_two_handler(complaint, handler)?;
    check_stage_two_recorder(complaint, "acknowledgement", context.acting)
}

/// Who may not be named stage 2 handler, at its acknowledgement or by a reassignment: someone
/// who took part in stage 1.
pub(super) fn check_stage_two_handler(complaint: &Complaint, handler: &UserId) -> Result<(), Refusal> {
    match complaint.stage1.involvement(handler) {
        Some(involvement) => Err(Refusal::code(
            "6.13",
            format!("the stage 2 handler must not be the person who {}", took_part(involvement)),
        )),
        None => Ok(()),
    }
}

/// What a stage 2 record (`what`: its acknowledgement, a refusal to escalate, an extension,
/// its response or a reassignment) may not be: recorded by someone who took part in stage 1. Who is acting
/// (`acting`) is known when the context says so; without it only the handler named is checked.
pub(super) fn check_stage_two_recorder(
    complaint: &Complaint,
    what: &str,
    acting: Option<&UserId>,
) -> Result<(), Refusal> {
    let Some(involvement) = acting.and_then(|person| complaint.stage1.involvement(person)) else {
        return Ok(());
    };
    let message = format!("the stage 2 {what} must not be recorded by the person who {}", took_part(involvement));
    Err(Refusal::code("6.13", message))
}

fn took_part(involvement: Involvement) -> &'static str {
    match involvement {
        Involvement::Handled => "handled stage 1",
        Involvement::RecordedAcknowledgement => "recorded the stage 1 acknowledgement",
        Involvement::RecordedResponse => "recorded the stage 1 response",
        Involvement::RecordedExtension => "recorded an extension at stage 1",
    }
}
