//! The lifecycle's rules: a pure function from (complaint, command, context) to the events
//! that record it, or a [`Refusal`] citing the provision of the Code the command would break.

use super::command::{
    Acknowledge, AddPoints, AgreeUpdateInterval, Command, CompleteAction, CompleteRemedy, DefinitionInput, Extend,
    Item, LogComplaint, NotAccept, RecordCorrespondence, RecordDetermination, RecordOrderCompliance, ReferToOmbudsman,
    RefuseEscalation, RequestEscalation, Respond, UpdateAction,
};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use super::event::{Event, Logged};
use super::model::{
    Action, ActionUpdate, ConflictDeclaration, Definition, ExclusionGround, Learning, OmbudsmanOrder, OrderTerms,
    Point, Remedy, RemedyKind, RemedyOffer, Responsibility, StageNumber,
};
use super::response::check_response;
use super::state::{Complaint, Status};
use crate::calendar::{CalendarError, WorkingCalendar, london};
use crate::code::{CodeBook, CodeVersion};
use crate::ids::UserId;
use crate::refusal::Refusal;

/// Everything a decision may depend on besides the complaint and the command: when the thing
/// happened, today's date, the organisation's calendar and the Code. Passed in, never read
/// from the system, so every rule is tested without clocks.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// When the thing being recorded happened (now, unless recording something past).
    pub at: Timestamp,
    /// The date in England of `at`.
    pub on: Date,
    /// Today's date in England.
    pub today: Date,
    /// The organisation's working-day calendar.
    pub calendar: &'a WorkingCalendar,
    /// The Code.
    pub code: &'a CodeBook,
}

impl<'a> Context<'a> {
    /// A context for something that happened at `at` (default: `now`), which may not be in
    /// the future.
    pub fn new(
        now: Timestamp,
        at: Option<Timestamp>,
        calendar: &'a WorkingCalendar,
        code: &'a CodeBook,
    ) -> Result<Context<'a>, Refusal> {
        let at = at.unwrap_or(now);
        if at > now {
            return Err(Refusal::Invalid(format!("{at} is in the future")));
        }
        Ok(Context {
            at,
            on: london::local_date(at).map_err(calendar_refusal)?,
            today: london::local_date(now).map_err(calendar_refusal)?,
            calendar,
            code,
        })
    }
}

fn calendar_refusal(error: CalendarError) -> Refusal {
    Refusal::Invalid(error.to_string())
}

fn required(text: &str, what: &str) -> Result<String, Refusal> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Refusal::Invalid(format!("{what} is required")));
    }
    Ok(trimmed.to_owned())
}

/// Whether text was given (not empty once trimmed).
fn given(text: Option<&str>) -> bool {
    text.is_some_and(|t| !t.trim().is_empty())
}

/// Logs a new complaint received at `context.at`, citing in a refusal the numbering of the
/// Code in force that day.
pub fn log(command: LogComplaint, logged_on: Option<Date>, context: &Context) -> Result<Event, Refusal> {
    command.check_texts()?;
    let version = context.code.in_force_on(context.on).ok_or_else(|| {
        Refusal::Invalid(format!("{} is before 1 April 2022, earlier than any Code Redress knows", context.on))
    })?;
    log_under(command, logged_on, version, context).map_err(|r| r.in_numbering_of(version.id, context.code))
}

fn log_under(
    command: LogComplaint,
    logged_on: Option<Date>,
    version: &CodeVersion,
    context: &Context,
) -> Result<Event, Refusal> {
    let description = required(&command.description, "a description of the complaint")?;
    if command.issue_date > context.on {
        return Err(Refusal::Invalid("the issue cannot have occurred after the complaint was received".into()));
    }
    let logged_on = logged_on.unwrap_or(context.today);
    if logged_on < context.on || logged_on > context.today {
        return Err(Refusal::Invalid(
            "a complaint is logged on or after the day it is received, and not later than today".into(),
        ));
    }
    if let Some((_, false)) = command.representative {
        return Err(Refusal::code(
            "3.6",
            "a representative can deal with the complaint only with the resident's authority on record",
        ));
    }
    Ok(Event::Logged(Box::new(Logged {
        id: command.id,
        organisation: command.organisation,
        handling_organisation: command.handling_organisation,
        code_version: version.id,
        received_at: context.at,
        received_on: context.on,
        counts_from: context.calendar.effective_received_date(context.on).map_err(calendar_refusal)?,
        logged_on,
        channel: command.channel,
        issue_date: command.issue_date,
        description,
        categories: command.categories,
        risk_flags: command.risk_flags,
        complexity: command.complexity,
        resident: command.resident,
        representative: command.representative.map(|(id, _)| id),
        property: command.property,
        service_requests: command.service_requests,
        linked_complaints: command.linked_complaints,
    })))
}

/// Decides what a command does to a complaint. A refusal cites the provision in the numbering
/// of the Code version the complaint is under.
pub fn decide(complaint: &Complaint, command: Command, context: &Context) -> Result<Vec<Event>, Refusal> {
    command.check_texts()?;
    if context.at < complaint.logged.received_at {
        return Err(Refusal::Invalid("nothing can happen to a complaint before it was received".into()));
    }
    let version = context
        .code
        .version(complaint.logged.code_version)
        .ok_or_else(|| Refusal::Invalid("the complaint's Code version is not in this build".into()))?;
    decide_under(complaint, command, version, context).map_err(|r| r.in_numbering_of(version.id, context.code))
}

fn decide_under(
    complaint: &Complaint,
    command: Command,
    version: &CodeVersion,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    check_not_excluded(complaint, &command)?;
    match command {
        Command::NotAccept(NotAccept { ground, reasons, discretion, resident_told_of_ombudsman_right }) => {
            not_accept(complaint, ground, reasons, discretion, resident_told_of_ombudsman_right, context)
        }
        Command::Acknowledge(Acknowledge {
            stage,
            handler,
            definition,
            responsibility,
            conflict,
            late_issue_discretion,
        }) => {
            let ack = AckInput { stage, handler, definition, responsibility, conflict, late_issue_discretion };
            acknowledge(complaint, ack, context)
        }
        Command::AddPoints(AddPoints { points }) => add_points(complaint, points),
        Command::AgreeUpdateInterval(AgreeUpdateInterval { stage, every_working_days }) => {
            open_stage(complaint, stage, "agree an update interval")?;
            interval(stage, every_working_days).map(|e| vec![e])
        }
        Command::Extend(Extend {
            stage,
            working_days,
            reason,
            resident_informed,
            ombudsman_details_given,
            good_reason,
            update_interval,
        }) => {
            let ext = ExtInput {
                stage,
                working_days,
                reason,
                resident_informed,
                ombudsman_details_given,
                good_reason,
                update_interval,
            };
            extend(complaint, version, ext, context)
        }
        Command::Respond(Respond { stage, decision, decisions, remedy, outstanding, escalation_details }) => {
            let open = open_stage(complaint, stage, "respond")?;
            let acknowledged_on = open.acknowledgement.as_ref().map_or(context.on, |a| a.on);
            if context.on < acknowledged_on {
                return Err(Refusal::Invalid("a response cannot come before the acknowledgement".into()));
            }
            check_response(complaint, open, decision, decisions, remedy, outstanding, escalation_details, context)
        }
        Command::RequestEscalation(RequestEscalation { reason }) => request_escalation(complaint, reason, context),
        Command::RefuseEscalation(RefuseEscalation { ground, reasons, resident_told_of_ombudsman_right }) => {
            refuse_escalation(complaint, ground, reasons, resident_told_of_ombudsman_right, context)
        }
        Command::OfferRemedy(offer) => {
            not_closed(complaint, "offer a remedy")?;
            let stage = complaint.current_stage().number;
            Ok(vec![remedy_offered(complaint, complaint.remedies.len(), stage, offer)?])
        }
        Command::CompleteRemedy(Item { id, body: CompleteRemedy { note } }) => {
            let remedy = complaint
                .remedies
                .iter()
                .find(|r| r.id == id)
                .ok_or_else(|| Refusal::State(format!("there is no remedy {id}")))?;
            if remedy.completed_on.is_some() {
                return Err(Refusal::State(format!("remedy {id} is already complete")));
            }
            Ok(vec![Event::RemedyCompleted {
                id,
                on: context.on,
                note: required(&note, "how the remedy was carried out")?,
            }])
        }
        Command::AddAction(plan) => {
            let action = new_action(complaint.actions.len(), plan)?;
            Ok(vec![Event::ActionAdded { action }])
        }
        Command::UpdateAction(Item { id, body: UpdateAction { note, resident_informed } }) => {
            open_action(complaint, &id)?;
            let update = ActionUpdate { on: context.on, note: required(&note, "the update")?, resident_informed };
            Ok(vec![Event::ActionUpdated { id, update }])
        }
        Command::CompleteAction(Item { id, body: CompleteAction {} }) => {
            open_action(complaint, &id)?;
            Ok(vec![Event::ActionCompleted { id, on: context.on }])
        }
        Command::RecordCorrespondence(RecordCorrespondence {
            correspondence,
            direction,
            channel,
            summary,
            evidence,
        }) => Ok(vec![Event::CorrespondenceRecorded {
            correspondence,
            direction,
            channel,
            at: context.at,
            summary,
            evidence,
        }]),
        Command::ReferToOmbudsman(ReferToOmbudsman { case_reference }) => {
            if complaint.ombudsman.is_some() {
                return Err(Refusal::State("the complaint has already been referred to the Ombudsman".into()));
            }
            Ok(vec![Event::ReferredToOmbudsman { on: context.on, case_reference }])
        }
        Command::RecordDetermination(RecordDetermination { findings, orders }) => {
            record_determination(complaint, findings, orders, context)
        }
        Command::RecordOrderCompliance(Item { id, body: RecordOrderCompliance { evidence } }) => {
            let orders = complaint.ombudsman.as_ref().and_then(|c| c.determination.as_ref()).map(|d| &d.orders);
            let order = orders
                .and_then(|o| o.iter().find(|o| o.id == id))
                .ok_or_else(|| Refusal::State(format!("there is no order {id}")))?;
            if order.complied_on.is_some() {
                return Err(Refusal::State(format!("compliance with {id} is already recorded")));
            }
            Ok(vec![Event::OrderComplied {
                id,
                on: context.on,
                evidence: required(&evidence, "the evidence of compliance")?,
            }])
        }
        Command::Close(learning) => close(complaint, learning, context),
    }
}

/// A complaint not accepted takes only what concerns the Ombudsman and the record: the
/// resident may take the decision to the Ombudsman (Code 2.4).
fn check_not_excluded(complaint: &Complaint, command: &Command) -> Result<(), Refusal> {
    let still_allowed = matches!(
        command,
        Command::RecordCorrespondence(_)
            | Command::ReferToOmbudsman(_)
            | Command::RecordDetermination(_)
            | Command::RecordOrderCompliance(_)
    );
    if complaint.not_accepted.is_some() && !still_allowed {
        return Err(Refusal::State("the complaint was not accepted".into()));
    }
    Ok(())
}

fn not_closed(complaint: &Complaint, what: &str) -> Result<(), Refusal> {
    if complaint.status() == Status::Closed {
        return Err(Refusal::State(format!("cannot {what}: the complaint is closed")));
    }
    Ok(())
}

/// Whether the issue arose more than 12 months before the complaint was received (Code 2.3).
fn issue_over_twelve_months_old(complaint: &Complaint) -> bool {
    complaint.logged.issue_date.saturating_add(12.months()) < complaint.logged.received_on
}

fn not_accept(
    complaint: &Complaint,
    ground: ExclusionGround,
    reasons: String,
    discretion: Option<String>,
    told: bool,
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
    if ground == ExclusionGround::IssueOverTwelveMonthsOld {
        if !issue_over_twelve_months_old(complaint) {
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
    if !told {
        return Err(Refusal::code(
            "2.4",
            "the resident must be told why and of their right to take the decision to the Ombudsman",
        ));
    }
    Ok(vec![Event::NotAccepted {
        at: context.at,
        on: context.on,
        ground,
        reasons: reasons.trim().to_owned(),
        discretion,
    }])
}

struct AckInput {
    stage: StageNumber,
    handler: UserId,
    definition: DefinitionInput,
    responsibility: Responsibility,
    conflict: ConflictDeclaration,
    late_issue_discretion: Option<String>,
}

fn acknowledge(complaint: &Complaint, ack: AckInput, context: &Context) -> Result<Vec<Event>, Refusal> {
    not_closed(complaint, "acknowledge")?;
    let stage = complaint.stage(ack.stage).ok_or_else(|| {
        Refusal::code("6.10", "stage 2 can be acknowledged only after the resident has asked to escalate")
    })?;
    if stage.acknowledgement.is_some() {
        return Err(Refusal::State(format!("stage {} is already acknowledged", ack.stage)));
    }
    if ack.stage == StageNumber::Two && complaint.stage1.handler() == Some(&ack.handler) {
        return Err(Refusal::code("6.13", "the stage 2 handler must not be the person who handled stage 1"));
    }
    let definition = define(complaint, ack.definition)?;
    if ack.responsibility.responsible_for.iter().all(|r| r.trim().is_empty()) {
        return Err(Refusal::code("5.7", "say which aspects of the complaint the landlord is responsible for"));
    }
    if ack.conflict.has_conflict && !given(ack.conflict.measures.as_deref()) {
        return Err(Refusal::code(
            "5.8",
            "a handler with a conflict of interest may act only with measures to address it",
        ));
    }
    let late_issue_discretion = match ack.stage {
        StageNumber::One if issue_over_twelve_months_old(complaint) => {
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
        return Err(Refusal::Invalid("a handler is required".into()));
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
    }])
}

/// The complaint definition with its points numbered on from those already defined (5.6).
fn define(complaint: &Complaint, input: DefinitionInput) -> Result<Definition, Refusal> {
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

fn number_points(already: usize, texts: Vec<String>) -> Vec<Point> {
    texts
        .into_iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .enumerate()
        .map(|(i, text)| Point { id: format!("P{}", already + i + 1), text })
        .collect()
}

fn add_points(complaint: &Complaint, points: Vec<String>) -> Result<Vec<Event>, Refusal> {
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
fn open_stage<'c>(
    complaint: &'c Complaint,
    number: StageNumber,
    what: &str,
) -> Result<&'c super::state::Stage, Refusal> {
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

fn interval(stage: StageNumber, every_working_days: u16) -> Result<Event, Refusal> {
    if every_working_days == 0 {
        return Err(Refusal::Invalid("an update interval is at least one working day".into()));
    }
    Ok(Event::UpdateIntervalAgreed { stage, every_working_days })
}

struct ExtInput {
    stage: StageNumber,
    working_days: u16,
    reason: String,
    resident_informed: bool,
    ombudsman_details_given: bool,
    good_reason: Option<String>,
    update_interval: Option<u16>,
}

fn extend(
    complaint: &Complaint,
    version: &CodeVersion,
    ext: ExtInput,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    let stage = open_stage(complaint, ext.stage, "extend")?;
    let (limit, notice) = match ext.stage {
        StageNumber::One => (version.timescales.stage1_extension_limit, "6.5"),
        StageNumber::Two => (version.timescales.stage2_extension_limit, "6.16"),
    };
    let rule = limit.provision.to_string();
    if ext.working_days == 0 {
        return Err(Refusal::Invalid("an extension is at least one working day".into()));
    }
    if ext.reason.trim().is_empty() || !ext.resident_informed {
        return Err(Refusal::code_in(
            version.id,
            &rule,
            "the reasons for an extension must be clearly explained to the resident",
        ));
    }
    if !ext.ombudsman_details_given {
        return Err(Refusal::code(
            notice,
            "a resident told of an extension must be given the Ombudsman's contact details",
        ));
    }
    let total = stage.extended_by() + u32::from(ext.working_days);
    if total > u32::from(limit.working_days) && !given(ext.good_reason.as_deref()) {
        return Err(Refusal::code_in(
            version.id,
            &rule,
            format!("an extension beyond {} working days needs a recorded good reason", limit.working_days),
        ));
    }
    let mut events = Vec::new();
    match (stage.update_interval, ext.update_interval) {
        (_, Some(every)) => events.push(interval(ext.stage, every)?),
        (Some(_), None) => {}
        (None, None) => {
            return Err(Refusal::code(
                "5.9",
                "the response will fall outside the Code's timescale: agree with the resident how often to update them",
            ));
        }
    }
    events.push(Event::Extended {
        stage: ext.stage,
        at: context.at,
        on: context.on,
        working_days: ext.working_days,
        reason: ext.reason.trim().to_owned(),
        good_reason: ext.good_reason.filter(|g| !g.trim().is_empty()),
    });
    Ok(events)
}

fn request_escalation(complaint: &Complaint, reason: Option<String>, context: &Context) -> Result<Vec<Event>, Refusal> {
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

fn refuse_escalation(
    complaint: &Complaint,
    ground: ExclusionGround,
    reasons: String,
    told: bool,
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
    if ground == ExclusionGround::IssueOverTwelveMonthsOld && !issue_over_twelve_months_old(complaint) {
        return Err(Refusal::code("2.3", "the issue arose within 12 months of the complaint"));
    }
    if !told {
        return Err(Refusal::code(
            "2.4",
            "the resident must be told why and of their right to take the decision to the Ombudsman",
        ));
    }
    Ok(vec![Event::EscalationRefused { at: context.at, ground, reasons: reasons.trim().to_owned() }])
}

/// A remedy numbered after the `already` offered, checked against Code 7.3: what will happen,
/// by when, and for money, how much.
pub(super) fn remedy_offered(
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
    };
    Ok(Event::RemedyOffered { remedy })
}

/// An action numbered after the `already` recorded (6.6, 6.17: tracked to completion).
pub(super) fn new_action(already: usize, plan: super::model::ActionPlan) -> Result<Action, Refusal> {
    let description = plan.description.trim().to_owned();
    if description.is_empty() || plan.owner.as_str().trim().is_empty() {
        return Err(Refusal::code(
            "6.6",
            "an outstanding action needs a description and an owner so it can be tracked",
        ));
    }
    Ok(Action {
        id: format!("A{}", already + 1),
        description,
        owner: plan.owner,
        due: plan.due,
        updates: Vec::new(),
        completed_on: None,
    })
}

fn open_action(complaint: &Complaint, id: &str) -> Result<(), Refusal> {
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

fn record_determination(
    complaint: &Complaint,
    findings: Vec<super::model::Finding>,
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

fn close(complaint: &Complaint, learning: Learning, context: &Context) -> Result<Vec<Event>, Refusal> {
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
