//! `GET /my-work`: the signed-in member of staff's open cases (with the next due date and its
//! status) and the open remedies and actions of the cases they handle; `GET /work`: the open
//! remedies and actions of every case within their scope, the earliest due (so the overdue)
//! first, 25 a page with "Previous" and "Next" as the other lists. Every role that reads cases
//! sees both; a managing agent's staff see only their organisation's cases.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use redress_app::{AppError, MY_WORK_LIMIT};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::DeadlineState;
use redress_domain::complaint::{Status, open_status};
use redress_storage::{Cursor, ListedComplaint, ListedWorkItem, Page, WorkCursor, WorkKind};
use serde::Deserialize;

use super::cases::{long_date, tag_class};
use super::{Layout, PageError, Section, Staff, render};
use crate::AppState;

/// One of the member of staff's open cases.
struct CaseRow {
    id: String,
    reference: String,
    resident: String,
    stage: String,
    status: Status,
    next_due: String,
    deadline: String,
    deadline_class: &'static str,
}

/// One open remedy or action.
struct ItemRow {
    /// Its complaint's id and reference.
    complaint_id: String,
    reference: String,
    /// "Remedy R1", "Action A2".
    item: String,
    what: String,
    due: String,
    status: String,
    status_class: &'static str,
    /// The case's handler (on the organisation's list).
    handler: String,
}

#[derive(Template)]
#[template(path = "work/mine.html")]
struct MyWorkPage {
    layout: Layout,
    cases: Vec<CaseRow>,
    /// Whether there are more open cases than shown.
    more_cases: bool,
    items: Vec<ItemRow>,
    /// Whether there are more open items than shown.
    more_items: bool,
    limit: u32,
    /// The case list filtered to the member of staff's cases.
    all_mine: String,
}

#[derive(Template)]
#[template(path = "work/all.html")]
struct OpenWorkPage {
    layout: Layout,
    items: Vec<ItemRow>,
    previous: Option<String>,
    next: Option<String>,
}

/// The query of `GET /work`: which page.
#[derive(Debug, Deserialize)]
pub(crate) struct WorkQuery {
    /// The page after this item (an opaque cursor from a "Next" link).
    after: Option<String>,
    /// The page before this item (from a "Previous" link).
    before: Option<String>,
}

/// `GET /my-work`.
pub(crate) async fn mine(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let app = state.app();
    let (work, calendar) = tokio::try_join!(app.my_work(&staff.actor), app.calendar_of(&staff.actor))?;
    let today = app.today()?;
    let items = item_rows(work.items.items, &calendar, today, &|_| String::new())?;
    let page = MyWorkPage {
        layout: staff.layout("My work", Section::Work),
        cases: work.cases.items.into_iter().map(case_row).collect(),
        more_cases: work.cases.more,
        items,
        more_items: work.items.more,
        limit: MY_WORK_LIMIT,
        all_mine: format!("/cases?handler={}", super::cases::encode(staff.actor.user_id.as_str())),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /work`.
pub(crate) async fn all(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<WorkQuery>,
) -> Result<Response, PageError> {
    let page = match (super::cursor(&query.after)?, super::cursor(&query.before)?) {
        (None, None) => Page::First,
        (Some(after), None) => Page::After(after),
        (None, Some(before)) => Page::Before(before),
        (Some(_), Some(_)) => return Err(AppError::Invalid("the link to this page is not valid".into()).into()),
    };
    let app = state.app();
    let (found, calendar, names) = tokio::try_join!(
        app.open_work(&staff.actor, page.clone()),
        app.calendar_of(&staff.actor),
        app.staff_names(&staff.actor)
    )?;
    let (previous, next) = super::neighbours(&page, &found, |listed: &ListedWorkItem| listed.item.cursor());
    let link = |page: Page<WorkCursor>| match page {
        Page::After(cursor) => format!("/work?after={}", cursor.encode()),
        Page::Before(cursor) => format!("/work?before={}", cursor.encode()),
        Page::First => "/work".to_owned(),
    };
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| "Not assigned".to_owned());
    let items = item_rows(found.items, &calendar, app.today()?, &name_of)?;
    let page = OpenWorkPage {
        layout: staff.layout("Open remedies and actions", Section::Work),
        items,
        previous: previous.map(link),
        next: next.map(link),
    };
    Ok(render(StatusCode::OK, &page))
}

fn case_row(listed: ListedComplaint) -> CaseRow {
    let c = listed.complaint;
    let deadline = c.summary.deadline_status.as_deref().and_then(DeadlineState::named);
    CaseRow {
        id: c.id.into(),
        reference: c.reference,
        resident: listed.resident_name,
        stage: c.summary.stage.map(|s| s.to_string()).unwrap_or_default(),
        status: c.summary.status,
        next_due: c.summary.next_due.map_or_else(|| "None".to_owned(), long_date),
        deadline_class: deadline.map_or("", tag_class),
        deadline: deadline.map(DeadlineState::label).unwrap_or_default().to_owned(),
    }
}

/// The rows of open items, each with its status today (overdue, due soon or on track, as a
/// deadline's) and its case's handler as `handler_of` names them.
fn item_rows(
    items: Vec<ListedWorkItem>,
    calendar: &WorkingCalendar,
    today: Date,
    handler_of: &dyn Fn(&str) -> String,
) -> Result<Vec<ItemRow>, PageError> {
    items
        .into_iter()
        .map(|listed| {
            let item = listed.item;
            let status = open_status(item.due, today, calendar).map_err(AppError::from)?;
            let kind = match item.kind {
                WorkKind::Remedy => "Remedy",
                WorkKind::Action => "Action",
            };
            Ok(ItemRow {
                complaint_id: item.complaint_id.to_string(),
                reference: listed.reference,
                item: format!("{kind} {}", item.item_id),
                what: item.description,
                due: long_date(item.due),
                status: status.state().label().to_owned(),
                status_class: tag_class(status.state()),
                handler: handler_of(item.handler.as_deref().unwrap_or_default()),
            })
        })
        .collect()
}
