//! Asking for stage 2 and refusing it (Code 5.11, 6.10).

use crate::complaint::command::RequestEscalation;
use crate::complaint::event::Event;
use crate::complaint::model::ExclusionGround;
use crate::complaint::state::Complaint;
use crate::refusal::Refusal;

use super::independence::check_stage_two_recorder;
use super::{Context, calendar_refusal};

pub(super) fn request_escalation(
    complaint: &Complaint,
    RequestEscalation { reason, channel }: RequestEscalation,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    if complaint.stage2.is_some() {
        return Err(Refusal::code(
            "5.3",
            "a complaint has no more than two stages: after stage 2 the resident can go to the Ombudsman",
        ));
    }
    let Some(response) = &complaint.stage1.response else {
        return Err(Refusal::code("6.10", "a complaint is escalated to stage 2 only after its stage 1 response"));
    };
    if context.on < response.on {
        return Err(Refusal::Invalid("a request to escalate cannot come before the stage 1 response".into()));
    }
    let counts_from = context.calendar.effective_received_date(context.on).map_err(calendar_refusal)?;
    // Code 6.12: the resident need not give reasons, so an empty reason is simply none.
    let reason = reason.filter(|r| !r.trim().is_empty());
    Ok(vec![Event::EscalationRequested { at: context.at, on: context.on, counts_from, reason, channel }])
}

pub(super) fn refuse_escalation(
    complaint: &Complaint,
    ground: ExclusionGround,
    reasons: String,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    let Some(request) = complaint.stage2.as_ref().filter(|s| s.acknowledgement.is_none()) else {
        return Err(Refusal::State("there is no escalation request awaiting a decision".into()));
    };
    if context.on < request.opened_on {
        return Err(Refusal::Invalid("a refusal to escalate cannot come before the request to escalate".into()));
    }
    // Refusing is stage 2's decision on the request, so Code 6.13 keeps stage 1's people from it.
    check_stage_two_recorder(complaint, "decision to refuse escalation", context.acting)?;
    if reasons.trim().is_empty() {
        return Err(Refusal::code("5.11", "a refusal to escalate must clearly set out valid reasons"));
    }
    if ground.is_unnamed_policy_ground() {
        return Err(Refusal::code("5.11", "a refusal to escalate must rest on a ground in section 2 of the Code"));
    }
    if let ExclusionGround::PreviouslyConsidered { earlier_complaint } = &ground {
        // The complaint's own stage 1 is what the resident is asking to have reviewed, not a
        // previous consideration that could bar it.
        match earlier_complaint {
            None => {
                return Err(Refusal::code(
                    "5.11",
                    "name the earlier complaint that considered the matter: this complaint's own stage 1 \
                     is not a previous consideration",
                ));
            }
            Some(earlier) if *earlier == complaint.logged.id => {
                return Err(Refusal::code(
                    "5.11",
                    "a complaint cannot be refused escalation as previously considered by itself: its stage 1 \
                     is what the resident asks to have reviewed",
                ));
            }
            Some(_) => {}
        }
    }
    if ground == ExclusionGround::IssueOverTwelveMonthsOld {
        if !complaint.logged.issue_over_twelve_months_old() {
            return Err(Refusal::code("2.3", "the issue arose within 12 months of the complaint"));
        }
        // Discretion once used to accept the complaint settles its age: stage 2 reviews the
        // stage 1 response, it does not reopen whether the complaint was in time.
        if complaint.stage1.acknowledgement.as_ref().is_some_and(|a| a.late_issue_discretion.is_some()) {
            return Err(Refusal::code(
                "2.3",
                "discretion was used at stage 1 to accept this complaint about an issue over 12 months old, so \
                 its age is no ground to refuse escalation",
            ));
        }
    }
    // Code 5.11 holds a refusal to section 2, so the resident is told of their right to go to
    // the Ombudsman as 2.4 requires, with its details.
    let ombudsman = context.ombudsman_given(
        "2.4",
        "the resident must be told why and of their right to take the decision to the Ombudsman, with its contact details",
    )?;
    Ok(vec![Event::EscalationRefused {
        at: context.at,
        on: Some(context.on),
        ground,
        reasons: reasons.trim().to_owned(),
        ombudsman: Some(ombudsman),
    }])
}
