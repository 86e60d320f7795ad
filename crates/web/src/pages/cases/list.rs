//! `GET /cases` (the list, filtered, searched and paged by cursor) and `GET /cases.csv`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use redress_app::{CaseListChoices, ExportedComplaint, Permission};
use redress_storage::{ComplaintFilter, ListedComplaint, Paged};

use super::query::{CaseQuery, DateParts, SelectOption, complexities, options, risks};
use redress_domain::categories::Category;
use redress_domain::complaint::{Channel, Complexity, DeadlineState, Decision, Risk, StageDates, StageNumber, Status};
use redress_domain::ids::CategoryId;

use super::{MOST_COUNTED, channel_label, long_date, tag_class};
use crate::AppState;
use crate::pages::forms::variant;
use crate::pages::{FieldError, Layout, PageError, Section, Staff, render};

/// One row of the list.
struct Row {
    id: String,
    reference: String,
    received: String,
    stage: String,
    status: Status,
    next_due: String,
    deadline: &'static str,
    deadline_class: &'static str,
    /// "Update overdue" or "Update due" (today), if so (Code 5.9).
    update: &'static str,
    update_class: &'static str,
    handler: String,
    resident: String,
    /// The resident's address, which tells apart residents of the same name.
    address: String,
}

#[derive(Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    layout: Layout,
    errors: Vec<FieldError>,
    search: String,
    stages: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    deadlines: Vec<SelectOption>,
    updates: Vec<SelectOption>,
    handlers: Vec<SelectOption>,
    organisations: Vec<SelectOption>,
    categories: Vec<SelectOption>,
    channels: Vec<SelectOption>,
    complexities: Vec<SelectOption>,
    risks: Vec<SelectOption>,
    received_from: DateParts,
    received_to: DateParts,
    rows: Vec<Row>,
    total: u64,
    /// Whether there are more than [`MOST_COUNTED`] cases (`total` is then that many).
    more_than: bool,
    previous: Option<String>,
    next: Option<String>,
    /// The CSV export of the whole filtered list.
    csv_href: String,
    /// Whether the user may log a complaint.
    can_log: bool,
}

impl ListPage {
    /// The error message of `field`, or empty.
    fn error_of(&self, field: &str) -> &str {
        self.errors.iter().find(|e| e.field == field).map_or("", |e| e.message.as_str())
    }
}

/// The case list. Dates that are not real dates, or a range ending before it starts, show
/// the filters again with the errors and no cases (400).
pub(crate) async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<CaseQuery>,
) -> Result<Response, PageError> {
    let app = state.app();
    let (_, _, errors) = query.received();
    let actor = &staff.actor;
    let cases = async {
        if !errors.is_empty() {
            return Ok((0, Paged { items: Vec::new(), more: false }, ComplaintFilter::default()));
        }
        let filter = query.filter(&state)?;
        // Independent reads, at once: on PostgreSQL each is a round trip to the server.
        let (total, listed) = tokio::try_join!(
            app.count_complaints_up_to(actor, &filter, MOST_COUNTED + 1),
            app.page_of_complaints(actor, &filter)
        )?;
        Ok::<_, PageError>((total, listed, filter))
    };
    let (cases, choices) = tokio::join!(cases, app.case_list_choices(actor));
    let (total, listed, filter) = cases?;
    let (previous, next) =
        crate::pages::neighbours(&filter.page, &listed, |l: &ListedComplaint| filter.cursor_of(&l.complaint));
    let CaseListChoices { names, handlers: handler_choices, organisations, categories } = choices?;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let today = app.today()?;
    let rows = listed
        .items
        .into_iter()
        .map(|listed| {
            let c = listed.complaint;
            let deadline = c.summary.deadline_status.as_deref().and_then(DeadlineState::named);
            let (update, update_class) = match c.summary.next_update_due {
                Some(due) if due < today => ("Update overdue", "govuk-tag--red"),
                Some(due) if due == today => ("Update due", "govuk-tag--yellow"),
                _ => ("", ""),
            };
            Row {
                update,
                update_class,
                id: c.id.into(),
                reference: c.reference,
                received: long_date(c.summary.received_on),
                stage: c.summary.stage.map(|s| s.to_string()).unwrap_or_default(),
                status: c.summary.status,
                next_due: c.summary.next_due.map(long_date).unwrap_or_default(),
                deadline_class: deadline.map_or("", tag_class),
                deadline: deadline.map_or("", DeadlineState::label),
                handler: c.summary.handler.as_deref().map(name_of).unwrap_or_default(),
                resident: listed.resident_name,
                address: listed.resident_address.unwrap_or_default(),
            }
        })
        .collect();
    // The filter offers the people who may handle cases (never the Member Responsible for
    // Complaints or an auditor), and keeps whoever it is set to, who may have left since.
    let mut handlers: Vec<(String, String)> =
        handler_choices.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    if let Some(chosen) = query.handler.as_ref().filter(|h| !h.is_empty() && !handlers.iter().any(|(id, _)| id == *h)) {
        handlers.push((chosen.clone(), name_of(chosen)));
    }
    let organisations = organisations.into_iter().map(|o| (o.id.into(), o.name)).collect();
    // Retired categories stay on the complaints logged under them, so they are still offered.
    let categories = categories
        .into_iter()
        .map(|c| (c.id.into(), if c.retired { format!("{} (retired)", c.name) } else { c.name }))
        .collect();
    let mut layout = staff.layout("Cases", Section::Cases);
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page_data = ListPage {
        layout,
        errors,
        search: query.search.clone().unwrap_or_default(),
        stages: options(&query.stage, StageNumber::ALL.map(|s| (u8::from(s).to_string(), s.label().to_owned())).into()),
        statuses: options(&query.status, Status::ALL.map(|s| (s.as_str().to_owned(), s.label().to_owned())).into()),
        deadlines: options(
            &query.deadline,
            vec![
                ("due_soon".into(), "Due within 2 working days".into()),
                ("overdue".into(), "Overdue".into()),
                ("missed".into(), "Missed (answered late or overdue)".into()),
            ],
        ),
        updates: options(
            &query.update,
            vec![("due".into(), "Update due today".into()), ("overdue".into(), "Update overdue".into())],
        ),
        handlers: options(&query.handler, handlers),
        organisations: options(&query.organisation, organisations),
        categories: options(&query.category, categories),
        channels: options(&query.channel, Channel::ALL.map(|c| (c.as_str().to_owned(), c.label().to_owned())).into()),
        complexities: options(&query.complexity, labelled(complexities(), Complexity::label)),
        risks: options(&query.risk, labelled(risks(), Risk::label)),
        received_from: DateParts::of(&query.from_day, &query.from_month, &query.from_year),
        received_to: DateParts::of(&query.to_day, &query.to_month, &query.to_year),
        rows,
        more_than: total > MOST_COUNTED,
        total: total.min(MOST_COUNTED),
        previous: previous.map(|page| format!("/cases{}", query.to_query_string(Some(&page)))),
        next: next.map(|page| format!("/cases{}", query.to_query_string(Some(&page)))),
        csv_href: format!("/cases.csv{}", query.to_query_string(None)),
        can_log: staff.actor.role.may(Permission::ChangeCases),
    };
    Ok(render(status, &page_data))
}

/// Filter options from the names the list filters by, each with its value's label.
fn labelled<T: serde::de::DeserializeOwned>(
    names: impl Iterator<Item = &'static str>,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    names.filter_map(|name| variant::<T>(name).map(|value| (name.to_owned(), label(value).to_owned()))).collect()
}

/// The CSV export's columns: the list's, then each stage's key dates and decision, the
/// closure and the deadlines missed.
const CSV_HEADER: [&str; 21] = [
    "Reference",
    "Received",
    "Stage",
    "Status",
    "Handler",
    "Handling organisation",
    "Categories",
    "Channel",
    "Resident",
    "Next due",
    "Deadline status",
    "Deadlines met only by records made after their due date",
    "Stage 1 acknowledged",
    "Stage 1 response",
    "Stage 1 decision",
    "Stage 2 asked for",
    "Stage 2 acknowledged",
    "Stage 2 response",
    "Stage 2 decision",
    "Closed",
    "Deadlines missed",
];

/// `GET /cases.csv`: every case the list's filters select (all pages), one row each, scoped
/// as the list is. Dates are ISO 8601, for spreadsheets.
pub(crate) async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<CaseQuery>,
) -> Result<Response, PageError> {
    let app = state.app();
    let filter = query.filter(&state)?;
    let exported = app.export_complaints(&staff.actor, &filter).await?;
    let CaseListChoices { names, organisations, categories, .. } = app.case_list_choices(&staff.actor).await?;
    let organisations: HashMap<String, String> = organisations.into_iter().map(|o| (o.id.into(), o.name)).collect();
    let mut table = crate::pages::csv::Table::new(&CSV_HEADER);
    for ExportedComplaint { listed: ListedComplaint { complaint: c, resident_name, .. }, key_dates } in exported {
        let s = c.summary;
        let lookup = |map: &HashMap<String, String>, id: &str| map.get(id).cloned().unwrap_or_else(|| id.to_owned());
        table.row(
            &[
                c.reference,
                s.received_on.to_string(),
                s.stage.map(|n| n.to_string()).unwrap_or_default(),
                s.status.label().to_owned(),
                s.handler.as_deref().map(|h| lookup(&names, h)).unwrap_or_default(),
                lookup(&organisations, &s.organisation_handling),
                category_names(&c.categories, &categories),
                channel_label(&s.channel),
                resident_name,
                s.next_due.map(|d| d.to_string()).unwrap_or_default(),
                s.deadline_status.as_deref().and_then(DeadlineState::named).map_or("", DeadlineState::label).to_owned(),
                s.met_by_late_records.to_string(),
            ]
            .into_iter()
            .chain(stage_cells(Some(key_dates.stage1), false))
            .chain(stage_cells(key_dates.stage2, true))
            .chain([day(key_dates.closed_on), key_dates.deadlines_missed.to_string()])
            .collect::<Vec<_>>(),
        );
    }
    let file_name = format!("cases-{}.csv", app.today()?);
    Ok(table.into_response(&file_name))
}

/// A stage's cells of the CSV: the date it was asked for (stage 2's, when `asked` is set),
/// acknowledged and answered, and its decision; empty for a stage not reached.
fn stage_cells(stage: Option<StageDates>, asked: bool) -> Vec<String> {
    let mut cells = Vec::with_capacity(4);
    if asked {
        cells.push(day(stage.map(|s| s.opened_on)));
    }
    cells.push(day(stage.and_then(|s| s.acknowledged_on)));
    cells.push(day(stage.and_then(|s| s.responded_on)));
    cells.push(stage.and_then(|s| s.decision).map_or("", Decision::label).to_owned());
    cells
}

/// A date as the CSV gives it: ISO 8601, or empty.
fn day(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// The names of the categories `ids` in the order of the organisation's list `categories`,
/// joined by "; " for one cell (an id not in the list, which the database's keys prevent,
/// is left out).
fn category_names(ids: &[CategoryId], categories: &[Category]) -> String {
    categories.iter().filter(|c| ids.contains(&c.id)).map(|c| c.name.as_str()).collect::<Vec<_>>().join("; ")
}
