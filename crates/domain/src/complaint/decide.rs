//! The lifecycle's rules: a pure function from (complaint, command, context) to the events
//! that record it, or a [`Refusal`] citing the provision of the Code the command would break.

use super::command::{
    Acknowledge, AddPoints, AgreeUpdateInterval, Command, CompleteAction, CompleteRemedy, Extend, Item, LogComplaint,
    NotAccept, RecordCorrespondence, RecordDetermination, RecordOrderCompliance, ReferToOmbudsman, RefuseEscalation,
    Respond, UpdateAction,
};
use jiff::Timestamp;
use jiff::civil::Date;

use super::event::{Event, Logged};
use super::model::{ActionUpdate, StageNumber};
use super::response::check_response;
use super::state::{Complaint, Status};
use super::triage::check_risks;
use crate::calendar::{CalendarError, WorkingCalendar, london};
use crate::categories::choose;
use crate::code::{CodeBook, CodeVersion};
use crate::ids::UserId;
use crate::ombudsman::OmbudsmanContact;
use crate::refusal::Refusal;

mod closing;
mod escalating;
mod extending;
mod handlers;
mod independence;
mod late;
pub(crate) use late::LATE_RECORD;
mod opening;

use closing::{close, open_action, record_determination};
pub(super) use closing::{new_action, remedy_offered};
use escalating::{refuse_escalation, request_escalation};
use extending::{ExtInput, extend};
pub use handlers::Capacity;
use handlers::{pass_handling, reassign};
use independence::check_stage_two_recorder;
use opening::{AckInput, acknowledge, add_points, interval, not_accept, open_stage};

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
    /// Who is recording it, when known: Code 6.13 keeps those who took part in stage 1 from
    /// recording stage 2's decisions (its acknowledgement, a refusal to escalate, an extension,
    /// its response) ([`Context::acting_as`]).
    ///
    /// `None` passes those checks: the person is then unknown, not cleared, and only the stage
    /// 2 handler an acknowledgement names is checked. The app's use cases set it for whoever
    /// records; `None` remains for callers that record without a person (demo data, tests of
    /// other rules).
    pub acting: Option<&'a UserId>,
    /// The Housing Ombudsman's contact details as the organisation's settings hold them, which
    /// a decision that gives them to the resident copies into its event (Code 2.4, 6.5, 6.16,
    /// 6.19); `None` when the caller did not read them.
    pub ombudsman: Option<&'a OmbudsmanContact>,
    /// Why an event that meets or moves a deadline is recorded only after the deadline has
    /// passed, though it says it happened by then; required in that case alone (Code 5.12).
    pub late_reason: Option<&'a str>,
    /// The person a command names as handler (at an acknowledgement or a reassignment), with
    /// whether their role may change cases, as the application read it: the domain cannot see
    /// roles, and refuses a handler who could not act ([`Context::naming_handler`]). `None`
    /// (or another person) passes that check, as `acting` does 6.13's: the app's use cases set
    /// it for every handler they name.
    pub named_handler: Option<(&'a UserId, Capacity)>,
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
            acting: None,
            ombudsman: None,
            late_reason: None,
            named_handler: None,
        })
    }

    /// This context, with `user` as the person recording (the signed-in user, or the user
    /// of the API token).
    pub fn acting_as(self, user: &'a UserId) -> Context<'a> {
        Context { acting: Some(user), ..self }
    }

    /// This context, saying whether `handler`, whom the command names as handler, may change
    /// cases.
    pub fn naming_handler(self, handler: &'a UserId, capacity: Capacity) -> Context<'a> {
        Context { named_handler: Some((handler, capacity)), ..self }
    }

    /// The same context with the Ombudsman's details from the organisation's settings.
    pub fn with_ombudsman(self, ombudsman: &'a OmbudsmanContact) -> Context<'a> {
        Context { ombudsman: Some(ombudsman), ..self }
    }

    /// A copy of the Ombudsman's details to record as given to the resident, or a refusal
    /// citing `provision` when there are none fit to give.
    pub(super) fn ombudsman_given(&self, provision: &str, message: &str) -> Result<OmbudsmanContact, Refusal> {
        self.ombudsman.and_then(|o| o.checked().ok()).ok_or_else(|| Refusal::code(provision, message))
    }

    /// The same context, with the reason an event is recorded after the deadline it meets
    /// (see [`Context::late_reason`]).
    pub fn with_late_reason(self, late_reason: Option<&'a str>) -> Context<'a> {
        Context { late_reason, ..self }
    }
}

fn calendar_refusal(error: CalendarError) -> Refusal {
    Refusal::Invalid(error.to_string())
}

/// `text` trimmed, or the refusal that asks for `what` ("enter the update"), as a GOV.UK error
/// message says what to do rather than what is wrong.
fn required(text: &str, what: &str) -> Result<String, Refusal> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Refusal::Invalid(format!("enter {what}")));
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
    if command.issue_occurred_on > context.on {
        return Err(Refusal::Invalid("the issue cannot have occurred after the complaint was received".into()));
    }
    if let Some(aware) = command.became_aware_on {
        if aware > context.on {
            return Err(Refusal::Invalid(
                "the resident cannot have become aware of the issue after the complaint was received".into(),
            ));
        }
        if aware < command.issue_occurred_on {
            return Err(Refusal::Invalid(
                "the resident cannot have become aware of the issue before it occurred".into(),
            ));
        }
    }
    let logged_on = logged_on.unwrap_or(context.today);
    if logged_on < context.on || logged_on > context.today {
        return Err(Refusal::Invalid(
            "a complaint is logged on or after the day it is received, and not later than today".into(),
        ));
    }
    check_risks(&command.risks, command.risk_notes.as_deref())?;
    let categories = choose(&command.category_list, &command.categories)?;
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
        issue_occurred_on: command.issue_occurred_on,
        became_aware_on: command.became_aware_on,
        description,
        categories: categories.iter().map(|c| c.name.clone()).collect(),
        category_ids: categories.into_iter().map(|c| c.id).collect(),
        risk_flags: Vec::new(),
        risks: command.risks,
        risk_notes: command.risk_notes.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        complexity: command.complexity,
        resident: command.resident,
        representative: command.representative.map(|(id, _)| id),
        property: command.property,
        service_requests: command.service_requests,
        linked_complaints: command.linked_complaints,
        imported_from: None,
    })))
}

/// Whether `person` may prepare the response of the complaint's current stage now, by the
/// checks a response gets before its content: the stage acknowledged and not yet answered,
/// and at stage 2 no one who took part in stage 1 (Code 6.13). Without a person, only the
/// stage is checked (for reading the draft, which anyone who may change cases may do). The
/// stage, if so: what a response draft is kept under.
pub fn may_respond(complaint: &Complaint, person: Option<&UserId>) -> Result<StageNumber, Refusal> {
    let stage = complaint.current_stage().number;
    open_stage(complaint, stage, "respond")?;
    if stage == StageNumber::Two {
        check_stage_two_recorder(complaint, "response", person)?;
    }
    Ok(stage)
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
    decide_under(complaint, command, version, context)
        .and_then(|events| late::flag_recorded_after_due(complaint, version, events, context))
        .map_err(|r| r.in_numbering_of(version.id, context.code))
}

fn decide_under(
    complaint: &Complaint,
    command: Command,
    version: &CodeVersion,
    context: &Context,
) -> Result<Vec<Event>, Refusal> {
    check_not_excluded(complaint, &command)?;
    match command {
        Command::NotAccept(NotAccept { ground, reasons, discretion }) => {
            not_accept(complaint, ground, reasons, discretion, context)
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
        Command::Reassign(command) => reassign(complaint, command, context),
        Command::PassHandling(command) => pass_handling(complaint, command, context),
        Command::AddPoints(AddPoints { points }) => add_points(complaint, points),
        Command::AgreeUpdateInterval(AgreeUpdateInterval { stage, every_working_days }) => {
            open_stage(complaint, stage, "agree an update interval")?;
            interval(stage, every_working_days, context).map(|e| vec![e])
        }
        Command::Extend(Extend {
            stage,
            working_days,
            reason,
            resident_informed,
            good_reason,
            update_interval,
            new_due,
        }) => {
            let ext =
                ExtInput { stage, working_days, reason, resident_informed, good_reason, update_interval, new_due };
            extend(complaint, version, ext, context)
        }
        Command::Respond(Respond { stage, decision, decisions, remedy, outstanding, escalation }) => {
            let open = open_stage(complaint, stage, "respond")?;
            if stage == StageNumber::Two {
                check_stage_two_recorder(complaint, "response", context.acting)?;
            }
            let acknowledged_on = open.acknowledgement.as_ref().map_or(context.on, |a| a.on);
            if context.on < acknowledged_on {
                return Err(Refusal::Invalid("a response cannot come before the acknowledgement".into()));
            }
            check_response(complaint, open, decision, decisions, remedy, outstanding, escalation, context)
        }
        Command::RequestEscalation(request) => request_escalation(complaint, request, context),
        Command::RefuseEscalation(RefuseEscalation { ground, reasons }) => {
            refuse_escalation(complaint, ground, reasons, context)
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
            let action = new_action(complaint.actions.len(), complaint.current_stage().number, plan)?;
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
