//! Not accepting a complaint, acknowledging it (its definition, points and handler) and
//! agreeing how often the resident is updated: the rules of a stage's opening.

use crate::complaint::command::DefinitionInput;
use crate::complaint::event::Event;
use crate::complaint::model::{ConflictDeclaration, Definition, ExclusionGround, Point, Responsibility, StageNumber};
use crate::complaint::state::Complaint;
use crate::ids::UserId;
use crate::refusal::Refusal;

use super::handlers::check_may_handle;
use super::independence::check_stage_two_acknowledgement;
use super::{Context, given, not_closed};

/// The longest update interval that can be agreed, in working days (about three months): the
/// Code sets none, but an interval longer than any stage can lawfully run informs no one.
pub(crate) const MAX_UPDATE_INTERVAL: u16 = 60;

pub(super) fn not_accept(
    complaint: &Complaint,
    ground: ExclusionGround,
    reasons: String,
    discretion: Option<String>,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    if complaint.stage1.acknowledgement.is_some() {
        return Err(Refusal::State("the complaint has already been accepted and acknowledged".into()));
    }
    if reasons.trim().is_empty() {
        return Err(Refusal::code(
            "2.1",
            "a decision not to accept a complaint must set out the reasons for this complaint",
        ));
    }
    if ground.is_unnamed_policy_ground() {
        return Err(Refusal::code(
            "2.2",
            "name the circumstance in the complaints policy that excludes this complaint",
        ));
    }
    if matches!(&ground, ExclusionGround::PreviouslyConsidered { earlier_complaint: Some(earlier) }
        if *earlier == complaint.logged.id)
    {
        return Err(Refusal::code(
            "2.1",
            "each complaint must be considered on its own merits: it cannot be excluded as previously \
             considered by itself",
        ));
    }
    if ground == ExclusionGround::IssueOverTwelveMonthsOld {
        if !complaint.logged.issue_over_twelve_months_old() {
            return Err(Refusal::code(
                "2.3",
                "the issue arose within 12 months of the complaint, so it must be accepted",
            ));
        }
        if !given(discretion.as_deref()) {
            return Err(Refusal::code(
                "2.3",
                "record why discretion was not used to accept a complaint made after 12 months",
            ));
        }
    }
    let ombudsman = context.ombudsman_given(
        "2.4",
        "the resident must be told why and of their right to take the decision to the Ombudsman, with its contact details",
    )?;
    Ok(vec![Event::NotAccepted {
        at: context.at,
        on: context.on,
        ground,
        reasons: reasons.trim().to_owned(),
        discretion,
        ombudsman: Some(ombudsman),
    }])
}

pub(super) struct AckInput {
    pub(super) stage: StageNumber,
    pub(super) handler: UserId,
    pub(super) definition: DefinitionInput,
    pub(super) responsibility: Responsibility,
    pub(super) conflict: ConflictDeclaration,
    pub(super) late_issue_discretion: Option<String>,
}

pub(super) fn acknowledge(complaint: &Complaint, ack: AckInput, context: &Context) -> Result<Vec<Event>, Refusal> {
    not_closed(complaint, "acknowledge")?;
    let stage = complaint.stage(ack.stage).ok_or_else(|| {
        Refusal::code("6.10", "stage 2 can be acknowledged only after the resident has asked to escalate")
    })?;
    if stage.acknowledgement.is_some() {
        return Err(Refusal::State(format!("stage {} is already acknowledged", ack.stage)));
    }
    check_may_handle(&ack.handler, context)?;
    if ack.stage == StageNumber::Two {
        if context.on < stage.opened_on {
            return Err(Refusal::Invalid(
                "a stage 2 acknowledgement cannot come before the request to escalate".into(),
            ));
        }
        check_stage_two_acknowledgement(complaint, &ack.handler, context)?;
    }
    let definition = define(complaint, ack.definition)?;
    if ack.responsibility.responsible_for.iter().all(|r| r.trim().is_empty()) {
        return Err(Refusal::code("5.7", "say which aspects of the complaint the landlord is responsible for"));
    }
    check_conflict(&ack.conflict)?;
    let late_issue_discretion = match ack.stage {
        StageNumber::One if complaint.logged.issue_over_twelve_months_old() => {
            if !given(ack.late_issue_discretion.as_deref()) {
                return Err(Refusal::code(
                    "2.3",
                    "the issue arose over 12 months before the complaint: record the decision to use discretion to accept it",
                ));
            }
            ack.late_issue_discretion
        }
        _ => None,
    };
    if ack.handler.as_str().trim().is_empty() {
        return Err(Refusal::Invalid("name the handler".into()));
    }
    Ok(vec![Event::Acknowledged {
        stage: ack.stage,
        at: context.at,
        on: context.on,
        handler: ack.handler,
        definition,
        responsibility: ack.responsibility,
        conflict: ack.conflict,
        late_issue_discretion,
        recorded_by: context.acting.cloned(),
    }])
}

/// Refuses a handler's declaration of a conflict of interest without the measures taken to
/// address it (Code 5.8 c).
pub(super) fn check_conflict(conflict: &ConflictDeclaration) -> Result<(), Refusal> {
    if conflict.has_conflict && !given(conflict.measures.as_deref()) {
        return Err(Refusal::code(
            "5.8",
            "a handler with a conflict of interest may act only with measures to address it",
        ));
    }
    Ok(())
}

/// The complaint definition with its points numbered on from those already defined (5.6).
pub(super) fn define(complaint: &Complaint, input: DefinitionInput) -> Result<Definition, Refusal> {
    let points = number_points(complaint.point_count(), input.points);
    if points.is_empty() {
        return Err(Refusal::code("5.6", "the complaint definition must set out the points of complaint"));
    }
    let outcomes_sought: Vec<String> =
        input.outcomes_sought.into_iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect();
    if outcomes_sought.is_empty() {
        return Err(Refusal::code("5.6", "the complaint definition must set out the outcomes the resident is seeking"));
    }
    Ok(Definition { points, outcomes_sought })
}

pub(super) fn number_points(already: usize, texts: Vec<String>) -> Vec<Point> {
    texts
        .into_iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .enumerate()
        .map(|(i, text)| Point { id: format!("P{}", already + i + 1), text })
        .collect()
}

pub(super) fn add_points(complaint: &Complaint, points: Vec<String>) -> Result<Vec<Event>, Refusal> {
    not_closed(complaint, "add points")?;
    if complaint.stage1.response.is_some() {
        return Err(Refusal::code(
            "6.8",
            "the stage 1 response has been issued: log the new issues as a new complaint linked to this one",
        ));
    }
    if complaint.stage1.acknowledgement.is_none() {
        return Err(Refusal::State("acknowledge and define the complaint first".into()));
    }
    let points = number_points(complaint.point_count(), points);
    if points.is_empty() {
        return Err(Refusal::Invalid("no points to add".into()));
    }
    Ok(vec![Event::PointsAdded { points }])
}

/// The stage, if it is acknowledged and awaiting its response.
pub(super) fn open_stage<'c>(
    complaint: &'c Complaint,
    number: StageNumber,
    what: &str,
) -> Result<&'c crate::complaint::state::Stage, Refusal> {
    not_closed(complaint, what)?;
    let stage = complaint
        .stage(number)
        .ok_or_else(|| Refusal::State(format!("the complaint has not reached stage {number}")))?;
    if stage.acknowledgement.is_none() {
        return Err(Refusal::State(format!("cannot {what}: stage {number} has not been acknowledged")));
    }
    if stage.response.is_some() {
        return Err(Refusal::State(format!("cannot {what}: the stage {number} response has been issued")));
    }
    Ok(stage)
}

pub(super) fn interval(stage: StageNumber, every_working_days: u16, context: &Context) -> Result<Event, Refusal> {
    if every_working_days == 0 {
        return Err(Refusal::Invalid("an update interval is at least one working day".into()));
    }
    if every_working_days > MAX_UPDATE_INTERVAL {
        return Err(Refusal::Invalid(format!(
            "an update interval is at most {MAX_UPDATE_INTERVAL} working days: the resident is kept informed (Code 5.9)"
        )));
    }
    Ok(Event::UpdateIntervalAgreed { stage, every_working_days, on: Some(context.on) })
}
