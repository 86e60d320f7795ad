//! `GET /cases/{id}`: one case, with its deadlines, decisions, record and correspondence.

use crate::pages::IdPath;
use redress_domain::ids::ComplaintId;
use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use jiff::civil::Date;
use redress_app::{AppError, ComplaintView, CorrespondenceRecord, Permission};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_domain::complaint::{Event, Happened, Logged, OrderKind, Step};

use super::timing::UpdateNotice;
use super::{long_date, long_instant, tag_class, words};
use crate::AppState;
use crate::pages::{Layout, PageError, Section, Staff, render};

/// One deadline on the case page.
struct DeadlineRow {
    stage: u8,
    step: &'static str,
    due: String,
    remaining: String,
    status: String,
    status_class: &'static str,
    /// Each event that met or moved it but was recorded after it had passed, with the reason
    /// (Code 5.12).
    recorded_late: Vec<String>,
}

/// One remedy, action or Ombudsman's order on the case page.
struct Undertaking {
    id: String,
    what: String,
    due: String,
    status: String,
    /// An action's progress updates, or an order's evidence of compliance.
    notes: Vec<String>,
}

/// One item of correspondence on the case page.
struct Letter {
    when: String,
    direction: &'static str,
    channel: String,
    subject: String,
    body: String,
    /// `(href, file name, size)` of each attachment.
    attachments: Vec<(String, String, String)>,
}

/// One event of the timeline.
struct TimelineEntry {
    /// When it happened, as stated (when it was recorded, for an event that says nothing else).
    when: String,
    /// When it was recorded, where that differs from when it happened: "recorded 3 working
    /// days later, on 10 June 2024 at 09:15"; empty otherwise.
    recorded: String,
    what: String,
    who: String,
}

#[derive(Template)]
#[template(path = "cases/show.html")]
struct CasePage {
    layout: Layout,
    summary: Vec<(&'static str, String)>,
    description: String,
    points: Vec<String>,
    outcomes: Vec<String>,
    deadlines: Vec<DeadlineRow>,
    /// The next update due to the resident, if one is (Code 5.9).
    update: Option<UpdateNotice>,
    timeline: Vec<TimelineEntry>,
    /// Remedies, actions and the Ombudsman's orders, each with its heading (shown when there
    /// are any).
    undertakings: Vec<(&'static str, Vec<Undertaking>)>,
    /// Correspondence in and out, newest first.
    correspondence: Vec<Letter>,
    /// The forms the case's status and the user's role allow now, as `(href, label)`.
    actions: Vec<(String, String)>,
    /// The resident's record and the service requests the complaint arose from, as
    /// `(href, label)`.
    related: Vec<(String, String)>,
}

/// One case.
pub(crate) async fn show(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    let app = state.app();
    let view = app.complaint(&staff.actor, &id).await?;
    let names = app.staff_names(&staff.actor).await?;
    let letters = app.correspondence(&staff.actor, &id).await?;
    let mut page = case_page(&state, &staff, view, &names).await?;
    page.correspondence = letters.into_iter().rev().map(|record| letter(&id, record)).collect();
    Ok(render(StatusCode::OK, &page))
}

async fn case_page(
    state: &AppState,
    staff: &Staff,
    view: ComplaintView,
    names: &HashMap<String, String>,
) -> Result<CasePage, PageError> {
    let app = state.app();
    let today = app.today()?;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let complaint = &view.complaint;
    let logged = &complaint.logged;
    let handler = complaint.current_stage().handler().or(complaint.stage1.handler()).map(|h| name_of(h));
    let summary = vec![
        ("Status", words(view.status.as_str())),
        ("Stage", view.stage.to_string()),
        ("Received", long_date(logged.received_on)),
        ("Issue occurred", long_date(logged.issue_occurred_on)),
        (
            "Resident became aware of it",
            logged.became_aware_on.map_or_else(|| "Not given: counted from when it occurred".to_owned(), long_date),
        ),
        (
            "Channel",
            words(
                &serde_json::to_value(logged.channel)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
        ),
        ("Categories", logged.categories.join(", ")),
        ("Complexity", words(&serde_name(&logged.complexity))),
        ("Risks", risks_text(logged)),
        ("Handler", handler.unwrap_or_else(|| "Not assigned".into())),
        (
            "Updates to the resident",
            complaint.current_stage().update_interval.map_or_else(
                || "No interval agreed".to_owned(),
                |every| format!("Every {every} working day{}", if every == 1 { "" } else { "s" }),
            ),
        ),
    ];
    let definition = complaint.current_stage().acknowledgement.as_ref().or(complaint.stage1.acknowledgement.as_ref());
    let points = definition.map(|a| a.definition.points.iter().map(|p| p.text.clone()).collect()).unwrap_or_default();
    let outcomes = definition.map(|a| a.definition.outcomes_sought.clone()).unwrap_or_default();
    let calendar = app.calendar_of(&staff.actor).await?;
    let mut deadlines = Vec::new();
    for d in &view.deadlines {
        let remaining = if d.done_on.is_some() {
            "Done".to_owned()
        } else {
            let days = calendar.working_days_between(today, d.due).map_err(AppError::from)?;
            match days {
                0 => "Due today".to_owned(),
                1 => "1 working day".to_owned(),
                n if n > 1 => format!("{n} working days"),
                -1 => "1 working day overdue".to_owned(),
                n => format!("{} working days overdue", -n),
            }
        };
        let status = d.status.as_str();
        deadlines.push(DeadlineRow {
            stage: d.stage.into(),
            step: match d.step {
                Step::Acknowledgement => "Acknowledge and define",
                Step::Response => "Respond",
            },
            due: long_date(d.due),
            remaining,
            status: words(status),
            status_class: tag_class(status),
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
    let actions = if staff.actor.role.may(Permission::ChangeCases) {
        crate::pages::forms::allowed_actions(&view)
    } else {
        Vec::new()
    };
    let timeline = view
        .events
        .iter()
        .rev()
        .map(|e| {
            let kind = serde_json::to_value(&e.event)
                .ok()
                .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
                .unwrap_or_default();
            let what = match detail(&e.event, &name_of) {
                Some(detail) => format!("{}: {detail}", words(&kind)),
                None => words(&kind),
            };
            let (when, recorded) = match e.event.happened() {
                Some(Happened::At(at)) => (long_instant(at), recorded_later(&calendar, at, e.recorded_at)),
                Some(Happened::On(on)) => (long_date(on), recorded_later_than_day(&calendar, on, e.recorded_at)),
                None => (long_instant(e.recorded_at), String::new()),
            };
            TimelineEntry { when, recorded, what, who: name_of(&e.actor) }
        })
        .collect();
    let done = |on: Option<Date>| on.map_or_else(|| "Open".to_owned(), |d| format!("Completed {}", long_date(d)));
    let remedies: Vec<Undertaking> = complaint
        .remedies
        .iter()
        .map(|r| {
            let amount = r.amount_pence.map(|p| format!(" (£{}.{:02})", p / 100, p % 100)).unwrap_or_default();
            Undertaking {
                id: r.id.clone(),
                what: format!("{}{amount}", r.description),
                due: long_date(r.due),
                status: done(r.completed_on),
                notes: Vec::new(),
            }
        })
        .collect();
    let actions_outstanding: Vec<Undertaking> = complaint
        .actions
        .iter()
        .map(|a| Undertaking {
            id: a.id.clone(),
            what: format!("{} (owner: {})", a.description, name_of(&a.owner)),
            due: long_date(a.due),
            status: done(a.completed_on),
            notes: a
                .updates
                .iter()
                .map(|u| {
                    let told = if u.resident_informed { "resident told" } else { "resident not told" };
                    format!("{}: {} ({told})", long_date(u.on), u.note)
                })
                .collect(),
        })
        .collect();
    let orders: Vec<Undertaking> = complaint
        .ombudsman
        .iter()
        .flat_map(|c| &c.determination)
        .flat_map(|d| &d.orders)
        .map(|o| Undertaking {
            id: o.id.clone(),
            what: format!(
                "{}: {}",
                match o.kind {
                    OrderKind::Order => "Order",
                    OrderKind::Recommendation => "Recommendation",
                },
                o.description
            ),
            due: o.due.map_or_else(|| "No date set".to_owned(), long_date),
            status: o.complied_on.map_or_else(|| "Open".to_owned(), |d| format!("Complied {}", long_date(d))),
            notes: o.evidence.iter().cloned().collect(),
        })
        .collect();
    let related = std::iter::once((format!("/residents/{}", logged.resident), "The resident's record".to_owned()))
        .chain(
            logged
                .service_requests
                .iter()
                .map(|r| (format!("/service-requests/{r}"), "The service request the complaint arose from".to_owned())),
        )
        .collect();
    Ok(CasePage {
        undertakings: vec![
            ("Remedies", remedies),
            ("Outstanding actions", actions_outstanding),
            ("The Ombudsman's orders and recommendations", orders),
        ],
        correspondence: Vec::new(),
        related,
        layout: staff.layout(format!("Complaint {}", view.reference), Section::Cases),
        summary,
        description: logged.description.clone(),
        points,
        outcomes,
        deadlines,
        update: view.next_update.as_ref().map(UpdateNotice::of),
        timeline,
        actions,
    })
}

/// What the timeline adds to an event's name: correspondence's summary, an action's or
/// order's number, a reassignment's new handler (named by `name_of`) and reason.
fn detail(event: &Event, name_of: &dyn Fn(&str) -> String) -> Option<String> {
    match event {
        Event::HandlerReassigned { from, handler, reason, .. } => {
            Some(format!("from {} to {}. Reason: {reason}", name_of(from.as_str()), name_of(handler.as_str())))
        }
        Event::CorrespondenceRecorded { summary, .. } => Some(summary.clone()),
        Event::ActionUpdated { id, .. } | Event::ActionCompleted { id, .. } | Event::OrderComplied { id, .. } => {
            Some(id.clone())
        }
        Event::UpdateIntervalAgreed { every_working_days, .. } => {
            Some(format!("every {every_working_days} working days"))
        }
        Event::RecordedAfterDue(late) => Some(format!(
            "the stage {} {} was due {}; recorded {} as done {}. Reason: {}",
            u8::from(late.stage),
            match late.step {
                Step::Acknowledgement => "acknowledgement",
                Step::Response => "response",
            },
            long_date(late.due),
            long_date(late.recorded_on),
            long_date(late.stated_on),
            late.reason
        )),
        _ => None,
    }
}

/// One item of correspondence of case `id`, with links to its attachments.
fn letter(id: &str, record: CorrespondenceRecord) -> Letter {
    let item = record.item;
    Letter {
        when: long_instant(item.occurred_at),
        direction: match item.direction {
            redress_storage::Direction::In => "Received",
            redress_storage::Direction::Out => "Sent",
        },
        channel: words(&item.channel),
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
                (href, a.file_name, size)
            })
            .collect(),
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
            format!("recorded later the same day, at {}", super::in_england(recorded_at).strftime("%H:%M"))
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

/// A unit variant's serde name (`damp_and_mould`), for [`words`].
fn serde_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The risks triaged when the complaint was logged (Code 6.1), with their notes; for a
/// complaint logged before risks were typed, its free-text flags.
fn risks_text(logged: &Logged) -> String {
    let mut named: Vec<String> = logged.risks.iter().map(|r| words(&serde_name(r))).collect();
    named.extend(logged.risk_flags.iter().cloned());
    let named = if named.is_empty() { "None identified".to_owned() } else { named.join(", ") };
    match &logged.risk_notes {
        Some(notes) => format!("{named}: {notes}"),
        None => named,
    }
}
