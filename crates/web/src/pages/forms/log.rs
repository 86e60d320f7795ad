//! `GET`/`POST /cases/new`: logging a complaint, which starts by finding the resident (issue
//! 10, "the right resident every time").
//!
//! Without `?resident=`, the page is a search (a GET form, so it works without JavaScript):
//! words of the resident's name or address, their postcode, or their tenancy or resident
//! reference, in one box, and the residents
//! it finds within the caller's scope with their address and contact details, so that two
//! people of the same name are told apart; at most [`redress_app::MOST_FOUND`], with a request to add to
//! the search when more match. Choosing one opens the complaint form for them
//! (`?resident=ID`), which shows who they are with a "Change" link back to the search and
//! posts to its own address, so the resident travels in the URL. A resident outside the
//! caller's scope is not found (404), on GET and POST alike. The resident's page and a
//! service request's page link here too.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use redress_app::Permission;
use redress_storage::Resident;
use serde::Deserialize;

use super::categories::category_options;
use super::intake::complaint_questions;
use super::{Builder, Built, FormError, Intent, Values, Widget, refused, show_form};
use crate::AppState;
use crate::pages::residents::{chosen, keeps_register, who};
use crate::pages::{Layout, PageError, Section, Staff, render};

/// Where logging starts.
const PATH: &str = "/cases/new";

/// The search, or the resident chosen.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct LogQuery {
    /// Words of the resident's name or address, their postcode, or their reference.
    #[serde(default)]
    q: Option<String>,
    /// The resident chosen.
    #[serde(default)]
    resident: Option<String>,
}

/// One resident found: what tells them apart from others of the same name.
struct FoundRow {
    id: String,
    name: String,
    /// The landlord's reference for them, or empty.
    reference: String,
    address: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "cases/find_resident.html")]
struct FindPage {
    layout: Layout,
    errors: Vec<FormError>,
    search: String,
    /// Whether a search was made (and so its results, or their absence, are shown).
    searched: bool,
    rows: Vec<FoundRow>,
    /// Whether more residents match than are shown.
    more: bool,
    /// Whether the member of staff may record a resident who has no record yet.
    can_record: bool,
}

/// `GET /cases/new`: the search, or with `?resident=` the complaint form.
pub(crate) async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<LogQuery>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    match chosen(&state, &staff, query.resident.as_deref()).await? {
        Some(resident) => {
            let categories = category_options(state.app().categories(&staff.actor).await?);
            let built = log_form(state.app().now(), &resident, categories, &Values::default()).blank();
            Ok(show_form(&staff, built, action(&resident), PATH.into(), StatusCode::OK))
        }
        None => find(&state, &staff, query.q).await,
    }
}

/// `POST /cases/new?resident=ID`: logs the complaint. Without a resident, back to the search.
pub(crate) async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<LogQuery>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let values = Values(values);
    // The form posts to its own address, which names the resident; a client posting the
    // fields alone may name them among the fields.
    let named = query.resident.or_else(|| values.optional("resident"));
    let Some(resident) = chosen(&state, &staff, named.as_deref()).await? else {
        return Ok(Redirect::to(PATH).into_response());
    };
    let categories = category_options(state.app().categories(&staff.actor).await?);
    let mut built = log_form(state.app().now(), &resident, categories, &values);
    let action = action(&resident);
    let Some(Intent::Log(intake)) = built.intent.take() else {
        return Ok(show_form(&staff, built, action, PATH.into(), StatusCode::BAD_REQUEST));
    };
    match state.app().log_complaint(&staff.actor, *intake, None).await {
        Ok(answer) => Ok(Redirect::to(&format!("/cases/{}", answer.view.id)).into_response()),
        Err(error) => Ok(refused(&staff, built, error, action, PATH.into())),
    }
}

/// Where the form for `resident` posts.
fn action(resident: &Resident) -> String {
    format!("{PATH}?resident={}", resident.id)
}

/// The search page, with the residents `q` finds when it was sent; an empty search sent is
/// an error on its box (400).
async fn find(state: &AppState, staff: &Staff, q: Option<String>) -> Result<Response, PageError> {
    let searched = q.is_some();
    let search = q.unwrap_or_default().trim().to_owned();
    let mut errors = Vec::new();
    let (mut rows, mut more) = (Vec::new(), false);
    if searched && search.is_empty() {
        errors.push(FormError { field: "q".into(), message: "Enter a name, address, postcode or reference".into() });
    } else if searched {
        let found = state.app().find_residents(&staff.actor, &search).await?;
        more = found.more;
        rows = found.residents.into_iter().map(row).collect();
    }
    let mut layout = staff.layout("Log a complaint", Section::Cases);
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page = FindPage { layout, errors, search, searched, rows, more, can_record: keeps_register(staff) };
    Ok(render(status, &page))
}

/// A found resident's row.
fn row(resident: Resident) -> FoundRow {
    let d = resident.details;
    FoundRow {
        contact: [d.email, d.phone].into_iter().flatten().collect::<Vec<_>>().join(", "),
        address: d.address.unwrap_or_else(|| "No address recorded".to_owned()),
        reference: d.reference.unwrap_or_default(),
        name: d.name,
        id: resident.id.into(),
    }
}

/// The log-a-complaint form for `resident`, received by `now` at the latest, offering the
/// organisation's `categories`.
fn log_form(now: Timestamp, resident: &Resident, categories: Vec<(String, String)>, values: &Values) -> Built {
    let mut b = Builder::new(values);
    b.add("resident", "Resident", &who(resident), Widget::Chosen { change: PATH.into() });
    let answers = complaint_questions(&mut b, now, "", categories);
    let intent = answers.map(|answers| Intent::Log(Box::new(answers.intake(resident.id.clone()))));
    Built::from(b, "Log a complaint", String::new(), "Log complaint", intent)
}
