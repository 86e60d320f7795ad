//! The case page's record of time: each deadline as a date with the working days left, the
//! correspondence in and out with its attachments (each with its SHA-256, Code 5.12) and how
//! each letter went (its emails' and print queue entries' states), and the timeline of events
//! with when each happened and, where later, when it was recorded.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_app::{AppError, CorrespondenceRecord, RecordedEvent};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_domain::complaint::{Channel, Deadline, Direction, Event, Happened, Step};
use redress_domain::ids::OrganisationId;
use redress_storage::{EmailRecord, PrintItem};

use crate::pages::cases::{long_date, long_instant, tag_class};

/// One deadline on the case page.
pub(crate) struct DeadlineRow {
    pub(crate) stage: u8,
    pub(crate) step: &'static str,
    pub(crate) due: String,
    pub(crate) remaining: String,
    pub(crate) status: &'static str,
    pub(crate) status_class: &'static str,
    /// Each event that met or moved it but was recorded after it had passed, with the reason
    /// (Code 5.12).
    pub(crate) recorded_late: Vec<String>,
}

/// One item of correspondence on the case page.
pub(crate) struct Letter {
    pub(crate) when: String,
    pub(crate) direction: &'static str,
    pub(crate) channel: String,
    pub(crate) subject: String,
    pub(crate) body: String,
    /// `(href, file name, size, SHA-256)` of each attachment.
    pub(crate) attachments: Vec<(String, String, String, String)>,
    /// How it went: each email with its state and the server's last answer, each print
    /// queue entry posted or waiting.
    pub(crate) delivery: Vec<String>,
}

/// One event of the timeline.
pub(crate) struct TimelineEntry {
    /// When it happened, as stated (when it was recorded, for an event that says nothing else).
    pub(crate) when: String,
    /// When it was recorded, where that differs from when it happened: "recorded 3 working
    /// days later, on 10 June 2024 at 09:15"; empty otherwise.
    pub(crate) recorded: String,
    pub(crate) what: String,
    pub(crate) who: String,
}

/// Each deadline, judged `today`, with the working days left or past.
pub(crate) fn deadline_rows(
    deadlines: &[Deadline],
    calendar: &WorkingCalendar,
    today: Date,
) -> Result<Vec<DeadlineRow>, AppError> {
    let mut rows = Vec::new();
    for d in deadlines {
        let remaining = if d.done_on.is_some() {
            "Done".to_owned()
        } else {
            match calendar.working_days_between(today, d.due).map_err(AppError::from)? {
                0 => "Due today".to_owned(),
                1 => "1 working day".to_owned(),
                n if n > 1 => format!("{n} working days"),
                -1 => "1 working day overdue".to_owned(),
                n => format!("{} working days overdue", -n),
            }
        };
        rows.push(DeadlineRow {
            stage: d.stage.into(),
            step: d.step.label(),
            due: long_date(d.due),
            remaining,
            status: d.status.label(),
            status_class: tag_class(d.status.state()),
            recorded_late: d
                .recorded_after_due
                .iter()
                .map(|late| {
                    format!(
                        "Recorded after its due date: stated as {}, recorded {}. Reason: {}",
                        long_date(late.stated_on),
                        long_date(late.recorded_on),
                        late.reason
                    )
                })
                .collect(),
        });
    }
    Ok(rows)
}

/// The record's events, newest first, each named by who recorded it.
pub(crate) fn timeline(
    events: &[RecordedEvent],
    calendar: &WorkingCalendar,
    name_of: &impl Fn(&str) -> String,
    organisation_of: &impl Fn(&OrganisationId) -> String,
) -> Vec<TimelineEntry> {
    events
        .iter()
        .rev()
        .map(|e| {
            let what = match detail(&e.event, name_of, organisation_of) {
                Some(detail) => format!("{}: {detail}", e.event.label()),
                None => e.event.label().to_owned(),
            };
            let (when, recorded) = match e.event.happened() {
                Some(Happened::At(at)) => (long_instant(at), recorded_later(calendar, at, e.recorded_at)),
                Some(Happened::On(on)) => (long_date(on), recorded_later_than_day(calendar, on, e.recorded_at)),
                None => (long_instant(e.recorded_at), String::new()),
            };
            TimelineEntry { when, recorded, what, who: name_of(&e.actor) }
        })
        .collect()
}

/// What the timeline adds to an event's label: the stage a step was taken at, correspondence's
/// summary, the number of a remedy, action or order, the ground of a refusal, a reassignment's
/// handlers (named by `name_of`) and reason, the organisations a complaint passed between
/// (named by `organisation_of`) and why.
fn detail(
    event: &Event,
    name_of: &impl Fn(&str) -> String,
    organisation_of: &impl Fn(&OrganisationId) -> String,
) -> Option<String> {
    match event {
        Event::HandlingPassed { from, to, reason, .. } => {
            Some(format!("from {} to {}. Reason: {reason}", organisation_of(from), organisation_of(to)))
        }
        Event::HandlerReassigned { from, handler, reason, .. } => {
            Some(format!("from {} to {}. Reason: {reason}", name_of(from.as_str()), name_of(handler.as_str())))
        }
        Event::Acknowledged { stage, .. } | Event::Responded { stage, .. } => Some(format!("stage {stage}")),
        Event::Extended { stage, working_days, .. } => Some(format!("stage {stage}, by {working_days} working days")),
        Event::NotAccepted { ground, .. } | Event::EscalationRefused { ground, .. } => Some(ground.label().to_owned()),
        Event::CorrespondenceRecorded { summary, .. } => Some(summary.clone()),
        Event::RemedyOffered { remedy } => Some(remedy.id.clone()),
        Event::ActionAdded { action } => Some(action.id.clone()),
        Event::RemedyCompleted { id, .. }
        | Event::ActionUpdated { id, .. }
        | Event::ActionCompleted { id, .. }
        | Event::OrderComplied { id, .. } => Some(id.clone()),
        Event::ReferredToOmbudsman { case_reference, .. } => case_reference.clone(),
        Event::UpdateIntervalAgreed { every_working_days, .. } => {
            Some(format!("every {every_working_days} working days"))
        }
        Event::RecordedAfterDue(late) => Some(format!(
            "the stage {} {} was due {}; recorded {} as done {}. Reason: {}",
            late.stage,
            match late.step {
                Step::Acknowledgement => "acknowledgement",
                Step::Response => "response",
            },
            long_date(late.due),
            long_date(late.recorded_on),
            long_date(late.stated_on),
            late.reason
        )),
        Event::Logged(_)
        | Event::PointsAdded { .. }
        | Event::EscalationRequested { .. }
        | Event::OmbudsmanDetermined { .. }
        | Event::Closed { .. } => None,
    }
}

/// One item of correspondence of case `id`, with links to its attachments.
pub(crate) fn letter(id: &str, record: CorrespondenceRecord, emails: &[EmailRecord], print: &[PrintItem]) -> Letter {
    let item = record.item;
    let emailed = emails.iter().filter(|e| e.email.correspondence_id == item.id).map(|e| {
        let last = e.attempts.last().map(|a| format!(": {}", a.attempt.detail)).unwrap_or_default();
        format!("Email to {}: {}{last}", e.email.recipients.join(", "), e.email.state.label())
    });
    let posted = print.iter().filter(|p| p.item.correspondence_id == item.id).map(|p| match &p.posted {
        Some(posted) => match posted.on {
            Some(on) => format!("Post: posted on {} (recorded {})", long_date(on), long_instant(posted.at)),
            None => format!("Post: posted {}", long_instant(posted.at)),
        },
        None => "Post: in the print queue, waiting to be posted".to_owned(),
    });
    let delivery = emailed.chain(posted).collect();
    let direction = match item.direction {
        redress_storage::Direction::In => Direction::Incoming,
        redress_storage::Direction::Out => Direction::Outgoing,
    };
    Letter {
        when: long_instant(item.occurred_at),
        direction: direction.label(),
        // A channel this build does not know is shown as stored rather than hidden.
        channel: Channel::named(&item.channel).map_or_else(|| item.channel.clone(), |c| c.label().to_owned()),
        attachments: record
            .attachments
            .into_iter()
            .map(|a| {
                let href = format!("/cases/{id}/correspondence/{}/attachments/{}", item.id, a.id);
                let size = match a.size_bytes {
                    n if n < 1024 => format!("{n} bytes"),
                    n if n < 1024 * 1024 => format!("{} KB", (n + 1023) / 1024),
                    n => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
                };
                (href, a.file_name, size, a.sha256)
            })
            .collect(),
        delivery,
        subject: item.subject,
        body: item.body,
    }
}

/// When an event that happened at `at` was recorded, in words, if not within the same
/// minute: "recorded later the same day, at 16:05", "recorded 3 working days later, on 10 June
/// 2024 at 09:15" (calendar days when no working day came between).
fn recorded_later(calendar: &WorkingCalendar, at: Timestamp, recorded_at: Timestamp) -> String {
    if recorded_at.duration_since(at).as_secs() < 60 {
        return String::new();
    }
    match london::local_date(at) {
        Ok(on) if london::local_date(recorded_at).is_ok_and(|recorded_on| recorded_on == on) => {
            format!(
                "recorded later the same day, at {}",
                crate::pages::cases::in_england(recorded_at).strftime("%H:%M")
            )
        }
        Ok(on) => recorded_later_than_day(calendar, on, recorded_at),
        Err(_) => String::new(),
    }
}

/// When an event that happened on `on` was recorded, in words, if on a later day.
fn recorded_later_than_day(calendar: &WorkingCalendar, on: Date, recorded_at: Timestamp) -> String {
    let Ok(recorded_on) = london::local_date(recorded_at) else { return String::new() };
    if recorded_on <= on {
        return String::new();
    }
    let later = match calendar.working_days_between(on, recorded_on) {
        Ok(1) => "1 working day later".to_owned(),
        Ok(n) if n > 1 => format!("{n} working days later"),
        _ => match (recorded_on - on).get_days() {
            1 => "the next day".to_owned(),
            n => format!("{n} days later"),
        },
    };
    format!("recorded {later}, on {}", long_instant(recorded_at))
}
