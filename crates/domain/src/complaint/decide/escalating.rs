//! Asking for stage 2 and refusing it (Code 5.11, 6.10).

use crate::complaint::event::Event;
use crate::complaint::model::ExclusionGround;
use crate::complaint::state::Complaint;
use crate::refusal::Refusal;

use super::{Context, calendar_refusal};

pub(super) fn request_escalation(
    complaint: &Complaint,
    reason: Option<String>,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    if complaint.stage2.is_some() {
        return Err(Refusal::code(
            "5.3",
            "a complaint has no more than two stages: after stage 2 the resident can go to the Ombudsman",
        ));
    }
    if complaint.stage1.response.is_none() {
        return Err(Refusal::code("6.10", "a complaint is escalated to stage 2 only after its stage 1 response"));
    }
    let counts_from = context.calendar.effective_received_date(context.on).map_err(calendar_refusal)?;
    // Code 6.12: the resident need not give reasons, so an empty reason is simply none.
    let reason = reason.filter(|r| !r.trim().is_empty());
    Ok(vec![Event::EscalationRequested { at: context.at, on: context.on, counts_from, reason }])
}

pub(super) fn refuse_escalation(
    complaint: &Complaint,
    ground: ExclusionGround,
    reasons: String,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    let pending = complaint.stage2.as_ref().is_some_and(|s| s.acknowledgement.is_none());
    if !pending {
        return Err(Refusal::State("there is no escalation request awaiting a decision".into()));
    }
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
    if ground == ExclusionGround::IssueOverTwelveMonthsOld && !complaint.logged.issue_over_twelve_months_old() {
        return Err(Refusal::code("2.3", "the issue arose within 12 months of the complaint"));
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
