//! `GET /cases/{id}`: one case as its file, everything decided on it from the complaint the
//! domain rebuilds from its record. At the top, its summary (with a warning when the Ombudsman
//! found severe maladministration), the forms its state allows, the complaint as the resident
//! put it, the resident panel and the deadlines; then one section for each part of its life,
//! earlier stages staying as they were decided (`stage.rs`), its closure and the Ombudsman's
//! involvement (`ombudsman.rs`); last its correspondence and timeline (`record.rs`). Every
//! enum is shown by its one label from the domain. The sections are made of the pieces in
//! `parts.rs`, which `cases/show.html` draws.

mod ombudsman;
mod parts;
mod record;
mod resident;
mod stage;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use redress_app::{AppError, CasePeople, ComplaintView, Permission};
use redress_domain::complaint::Logged;
use redress_domain::ids::{ComplaintId, OrganisationId};
use redress_letters::LetterKind;
use serde::Deserialize;

use super::long_date;
use super::timing::UpdateNotice;
use crate::AppState;
use crate::pages::{IdPath, Layout, PageError, Section as NavSection, Staff, render};
use parts::{Part, Section, Value};
use record::{DeadlineRow, Letter, TimelineEntry};

#[derive(Template)]
#[template(path = "cases/show.html")]
struct CasePage {
    layout: Layout,
    /// The complaint's id, for the links to its file and the letters form.
    id: ComplaintId,
    /// Said above everything else when the Ombudsman found severe maladministration.
    warning: Option<&'static str>,
    summary: Vec<(&'static str, String)>,
    /// The forms the case's status and the user's role allow now, as `(href, label)`.
    actions: Vec<(String, String)>,
    /// The resident's record and the service requests the complaint arose from, as
    /// `(href, label)`.
    related: Vec<(String, String)>,
    description: String,
    /// The resident panel, when the caller may see the resident.
    resident: Option<Section>,
    deadlines: Vec<DeadlineRow>,
    /// The next update due to the resident, if one is (Code 5.9).
    update: Option<UpdateNotice>,
    /// Not accepting, each stage, refusals to escalate, the closure and the Ombudsman, in
    /// the order they happen.
    sections: Vec<Section>,
    /// The letters the case allows now, as `(kind's name, label)`, when the caller may send
    /// them.
    letter_kinds: Vec<(&'static str, &'static str)>,
    /// The letter just issued, by its label.
    issued: Option<&'static str>,
    /// Correspondence in and out, newest first.
    correspondence: Vec<Letter>,
    timeline: Vec<TimelineEntry>,
}

/// What the case page is told after a change.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ShowQuery {
    /// The kind of letter just issued.
    issued: Option<String>,
}

/// One case.
pub(crate) async fn show(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
    Query(query): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let app = state.app();
    let actor = &staff.actor;
    let view = app.complaint(actor, &id).await?;
    // Independent reads, at once: on PostgreSQL each is a round trip to the server.
    let (names, organisations, letters, people, calendar, emails, print, letter_kinds) = tokio::try_join!(
        app.staff_names(actor),
        app.organisation_names(actor),
        app.correspondence(actor, &id),
        people(&state, &staff, &view),
        app.calendar_of(actor),
        app.deliveries(actor, &id),
        app.posted_letters(actor, &id),
        letter_kinds(&state, &staff, &id),
    )?;
    let today = app.today()?;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let organisation_of = |id: &OrganisationId| organisations.get(id).cloned().unwrap_or_else(|| id.to_string());
    let complaint = &view.complaint;
    let severe = ombudsman::severe(complaint);
    let mut sections = Vec::new();
    sections.extend(complaint.not_accepted.as_ref().map(stage::not_accepted));
    sections.push(stage::stage(complaint, &complaint.stage1, &name_of));
    sections.extend(stage::refusals(&complaint.escalation_refusals));
    sections.extend(complaint.stage2.as_ref().map(|s| stage::stage(complaint, s, &name_of)));
    sections.extend(ombudsman::closure(complaint));
    sections.extend(complaint.ombudsman.as_ref().map(|case| ombudsman::ombudsman(case, severe)));
    let actions = if actor.role.may(Permission::ChangeCases) {
        crate::pages::forms::allowed_actions(&view, actor)
    } else {
        Vec::new()
    };
    let page = CasePage {
        id: id.clone(),
        layout: staff.layout(format!("Complaint {}", view.reference), NavSection::Cases),
        warning: severe.then_some(ombudsman::SEVERE),
        summary: summary(&view, &name_of, &organisation_of),
        actions,
        related: related(&complaint.logged),
        description: complaint.logged.description.clone(),
        resident: people.map(|p| resident::panel(&p, today)),
        deadlines: record::deadline_rows(&view.deadlines, &calendar, today)?,
        update: view.next_update.as_ref().map(UpdateNotice::of),
        sections,
        correspondence: letters.into_iter().rev().map(|letter| record::letter(&id, letter, &emails, &print)).collect(),
        letter_kinds,
        issued: query.issued.as_deref().and_then(LetterKind::named).map(LetterKind::label),
        timeline: record::timeline(&view.events, &calendar, &name_of, &organisation_of),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The letters the caller may write on the case now, as `(name, label)`: none for a role that
/// may not send them, or when the resident is outside the caller's scope.
async fn letter_kinds(
    state: &AppState,
    staff: &Staff,
    id: &ComplaintId,
) -> Result<Vec<(&'static str, &'static str)>, AppError> {
    if !staff.actor.role.may(Permission::ChangeCases) {
        return Ok(Vec::new());
    }
    match state.app().letters_allowed(&staff.actor, id).await {
        Ok(kinds) => Ok(kinds.into_iter().map(|k| (k.as_str(), k.label())).collect()),
        Err(AppError::NotFound(_)) => Ok(Vec::new()),
        Err(error) => Err(error),
    }
}

/// The people of the case, if the caller may see them: a resident outside their scope leaves
/// the panel out rather than the whole case unseen.
async fn people(state: &AppState, staff: &Staff, view: &ComplaintView) -> Result<Option<CasePeople>, AppError> {
    match state.app().case_people(&staff.actor, view).await {
        Ok(people) => Ok(Some(people)),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(error) => Err(error),
    }
}

/// The case at a glance.
fn summary(
    view: &ComplaintView,
    name_of: &dyn Fn(&str) -> String,
    organisation_of: &dyn Fn(&OrganisationId) -> String,
) -> Vec<(&'static str, String)> {
    let complaint = &view.complaint;
    let logged = &complaint.logged;
    let handler = complaint.current_stage().handler().or(complaint.stage1.handler());
    vec![
        ("Status", view.status.label().to_owned()),
        ("Stage", view.stage.to_string()),
        ("Received", long_date(logged.received_on)),
        ("Issue occurred", long_date(logged.issue_occurred_on)),
        (
            "Resident became aware of it",
            logged.became_aware_on.map_or_else(|| "Not given: counted from when it occurred".to_owned(), long_date),
        ),
        ("Channel", logged.channel.label().to_owned()),
        ("Categories", logged.categories.join(", ")),
        ("Complexity", logged.complexity.label().to_owned()),
        ("Risks", risks_text(logged)),
        ("Handled by", organisation_of(complaint.handling_organisation())),
        ("Handler", handler.map_or_else(|| "Not assigned".into(), |h| name_of(h.as_str()))),
        (
            "Updates to the resident",
            complaint.current_stage().update_interval.map_or_else(
                || "No interval agreed".to_owned(),
                |every| format!("Every {every} working day{}", if every == 1 { "" } else { "s" }),
            ),
        ),
    ]
}

/// Links to the resident's record and the service requests the complaint arose from.
fn related(logged: &Logged) -> Vec<(String, String)> {
    std::iter::once((format!("/residents/{}", logged.resident), "The resident's record".to_owned()))
        .chain(
            logged
                .service_requests
                .iter()
                .map(|r| (format!("/service-requests/{r}"), "The service request the complaint arose from".to_owned())),
        )
        .collect()
}

/// The risks triaged when the complaint was logged (Code 6.1), with their notes; for a
/// complaint logged before risks were typed, its free-text flags.
fn risks_text(logged: &Logged) -> String {
    let mut named: Vec<String> = logged.risks.iter().map(|r| r.label().to_owned()).collect();
    named.extend(logged.risk_flags.iter().cloned());
    let named = if named.is_empty() { "None identified".to_owned() } else { named.join(", ") };
    match &logged.risk_notes {
        Some(notes) => format!("{named}: {notes}"),
        None => named,
    }
}
