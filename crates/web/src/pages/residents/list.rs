//! `GET /residents`: the residents in the caller's scope, searched by name or address, a
//! page at a time.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use redress_app::AppError;
use redress_storage::{Cursor, Page, Resident, ResidentCursor, ResidentFilter};
use serde::Deserialize;

use super::keeps_register;
use crate::AppState;
use crate::pages::cases::encode;
use crate::pages::{Layout, PageError, Section, Staff, render};

/// Residents per page of the list.
const PAGE_SIZE: u32 = 25;

/// The list's search, as its form sends it, and which page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ResidentQuery {
    #[serde(default)]
    q: Option<String>,
    /// The page after this resident (an opaque cursor from a "Next" link).
    #[serde(default)]
    after: Option<String>,
    /// The page before this resident (from a "Previous" link).
    #[serde(default)]
    before: Option<String>,
}

/// One row of the list.
struct ListRow {
    id: String,
    name: String,
    address: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "residents/list.html")]
struct ListPage {
    layout: Layout,
    search: String,
    rows: Vec<ListRow>,
    total: u64,
    previous: Option<String>,
    next: Option<String>,
    can_add: bool,
}

/// `GET /residents`.
pub(crate) async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ResidentQuery>,
) -> Result<Response, PageError> {
    let search = query.q.as_deref().unwrap_or_default().trim().to_owned();
    let page = match (crate::pages::cursor(&query.after)?, crate::pages::cursor(&query.before)?) {
        (None, None) => Page::First,
        (Some(after), None) => Page::After(after),
        (None, Some(before)) => Page::Before(before),
        (Some(_), Some(_)) => return Err(AppError::Invalid("the link to this page is not valid".into()).into()),
    };
    let filter = ResidentFilter {
        search: (!search.is_empty()).then(|| search.clone()),
        handled_by: None,
        page: page.clone(),
        limit: PAGE_SIZE,
    };
    let app = state.app();
    let (total, found) =
        tokio::try_join!(app.count_residents(&staff.actor, &filter), app.residents_page(&staff.actor, &filter))?;
    let (previous, next) = crate::pages::neighbours(&page, &found, Resident::cursor);
    let rows = found
        .items
        .into_iter()
        .map(|r| ListRow {
            contact: [r.details.email.clone(), r.details.phone.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            address: r.details.address.unwrap_or_default(),
            name: r.details.name,
            id: r.id.into(),
        })
        .collect();
    let link = |page: Page<ResidentCursor>| {
        let q = if search.is_empty() { String::new() } else { format!("q={}&", encode(&search)) };
        match page {
            Page::After(cursor) => format!("/residents?{q}after={}", cursor.encode()),
            Page::Before(cursor) => format!("/residents?{q}before={}", cursor.encode()),
            Page::First => format!("/residents?{q}"),
        }
    };
    let list = ListPage {
        layout: staff.layout("Residents", Section::Residents),
        rows,
        total,
        previous: previous.map(link),
        next: next.map(link),
        can_add: keeps_register(&staff),
        search,
    };
    Ok(render(StatusCode::OK, &list))
}
