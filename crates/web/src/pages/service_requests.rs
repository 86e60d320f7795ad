//! Service requests (Code 1.4): `GET /service-requests` (filtered by status),
//! `GET`/`POST /service-requests/new?resident=ID` (from the resident's page, which is found
//! under Residents: no page lists every resident), `GET /service-requests/{id}`,
//! `GET`/`POST /service-requests/{id}/status`, and `GET`/`POST /service-requests/{id}/complaint`,
//! which logs the resident's dissatisfaction as a complaint linked to the request.
//!
//! The link lives in the complaint's own record (it names the service requests it arose
//! from, Code 1.5), so both pages read it from there. The request stays as it was: a
//! complaint about a service request does not close it (Code 1.5).

use crate::pages::IdPath;
use redress_domain::ids::{ResidentId, ServiceRequestId};
use redress_domain::service_requests::ServiceRequestStatus;
use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use redress_app::{ComplaintIntake, Permission, ServiceRequestInput};
use redress_domain::complaint::Status;
use redress_storage::{Cursor, Page, Resident, ServiceRequest, ServiceRequestCursor, ServiceRequestFilter};
use serde::Deserialize;

use super::cases::long_date;
use super::forms::{Builder, Built, Values, Widget, category_options, complaint_questions, refused, show_form};
use super::residents::{chosen, day_of, keeps_register, require_register, who};
use super::{Layout, PageError, Section, Staff, render};
use crate::AppState;

/// The list's filter, as its form sends it.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RequestQuery {
    #[serde(default)]
    status: Option<String>,
    /// The page after this request (an opaque cursor from a "Next" link).
    #[serde(default)]
    after: Option<String>,
    /// The page before this request (from a "Previous" link).
    #[serde(default)]
    before: Option<String>,
}

/// Service requests per page of the list.
const PAGE_SIZE: u32 = 25;

/// An option of the status filter.
struct StatusOption {
    value: String,
    text: String,
    selected: bool,
}

struct Row {
    id: String,
    description: String,
    resident_id: String,
    resident: String,
    recorded: String,
    status: String,
}

#[derive(Template)]
#[template(path = "service_requests/list.html")]
struct ListPage {
    layout: Layout,
    statuses: Vec<StatusOption>,
    rows: Vec<Row>,
    previous: Option<String>,
    next: Option<String>,
    can_record: bool,
}

/// `GET /service-requests`.
pub(crate) async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<RequestQuery>,
) -> Result<Response, PageError> {
    let wanted: Option<ServiceRequestStatus> = query
        .status
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.parse())
        .transpose()
        .map_err(|_| PageError::from(redress_app::AppError::Invalid("choose a status from the list".into())))?;
    let page = match (super::cursor(&query.after)?, super::cursor(&query.before)?) {
        (None, None) => Page::First,
        (Some(after), None) => Page::After(after),
        (None, Some(before)) => Page::Before(before),
        (Some(_), Some(_)) => {
            return Err(redress_app::AppError::Invalid("the link to this page is not valid".into()).into());
        }
    };
    let app = state.app();
    let filter = ServiceRequestFilter { status: wanted, handled_by: None, page: page.clone(), limit: PAGE_SIZE };
    let found = app.service_requests_page(&staff.actor, &filter).await?;
    let ids: Vec<ResidentId> = found.items.iter().map(|r| r.resident_id.clone()).collect();
    let names = app.resident_names(&staff.actor, &ids).await?;
    let (previous, next) = super::neighbours(&page, &found, ServiceRequest::cursor);
    let link = |page: Page<ServiceRequestCursor>| {
        let status = wanted.map(|s| format!("status={}&", super::cases::encode(s.as_str()))).unwrap_or_default();
        match page {
            Page::After(cursor) => format!("/service-requests?{status}after={}", cursor.encode()),
            Page::Before(cursor) => format!("/service-requests?{status}before={}", cursor.encode()),
            Page::First => format!("/service-requests?{status}"),
        }
    };
    let rows = found
        .items
        .into_iter()
        .map(|r| Row {
            resident: names.get(&r.resident_id).cloned().unwrap_or_default(),
            resident_id: r.resident_id.into(),
            recorded: long_date(day_of(r.created_at)),
            status: r.status.label().to_owned(),
            description: r.description,
            id: r.id.into(),
        })
        .collect();
    let (previous, next) = (previous.map(link), next.map(link));
    let current = wanted.map(|s| s.as_str().to_owned()).unwrap_or_default();
    let statuses = std::iter::once((String::new(), "Any".to_owned()))
        .chain(ServiceRequestStatus::ALL.iter().map(|s| (s.as_str().to_owned(), s.label().to_owned())))
        .map(|(value, text)| StatusOption { selected: value == current, value, text })
        .collect();
    let page = ListPage {
        layout: staff.layout("Service requests", Section::ServiceRequests),
        statuses,
        rows,
        previous,
        next,
        can_record: keeps_register(&staff),
    };
    Ok(render(StatusCode::OK, &page))
}

struct ComplaintRow {
    id: String,
    reference: String,
    status: Status,
}

#[derive(Template)]
#[template(path = "service_requests/show.html")]
struct ShowPage {
    layout: Layout,
    summary: Vec<(&'static str, String)>,
    resident_id: String,
    resident: String,
    complaints: Vec<ComplaintRow>,
    actions: Vec<(String, String)>,
}

/// `GET /service-requests/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ServiceRequestId>,
) -> Result<Response, PageError> {
    let app = state.app();
    let request = app.service_request(&staff.actor, &id).await?;
    let resident = app.resident(&staff.actor, &request.resident_id).await?.resident;
    let property = match &request.property_id {
        Some(property) => {
            app.properties(&staff.actor).await?.into_iter().find(|p| p.id == *property).map(|p| p.address)
        }
        None => None,
    };
    let summary = vec![
        ("What was asked for", request.description.clone()),
        ("Home", property.unwrap_or_else(|| "Not given".to_owned())),
        ("Status", request.status.label().to_owned()),
        ("Recorded", long_date(day_of(request.created_at))),
        ("Last changed", long_date(day_of(request.updated_at))),
    ];
    let complaints = app
        .service_request_complaints(&staff.actor, &id)
        .await?
        .into_iter()
        .map(|c| ComplaintRow { id: c.id.into(), reference: c.reference, status: c.summary.status })
        .collect();
    let mut actions = Vec::new();
    if keeps_register(&staff) {
        actions.push((format!("/service-requests/{id}/status"), "Change the status".to_owned()));
    }
    if staff.actor.role.may(Permission::ManageResidents) {
        actions.push((format!("/service-requests/{id}/complaint"), "Log a complaint about this request".to_owned()));
    }
    let page = ShowPage {
        layout: staff.layout("Service request", Section::ServiceRequests),
        summary,
        resident_id: resident.id.into(),
        resident: resident.details.name,
        complaints,
        actions,
    };
    Ok(render(StatusCode::OK, &page))
}

/// A built form in the service requests section.
fn built(b: Builder<'_>, title: &str, caption: String, button: &'static str) -> Built {
    let mut built = Built::from(b, title, caption, button, None);
    built.section = Section::ServiceRequests;
    built
}

/// The record-a-service-request form for `resident` and, when readable, the request.
async fn request_form(
    state: &AppState,
    staff: &Staff,
    resident: &Resident,
    values: &Values,
) -> Result<(Built, Option<ServiceRequestInput>), PageError> {
    let app = state.app();
    let properties: Vec<(String, String)> =
        app.properties(&staff.actor).await?.into_iter().map(|p| (p.id.into(), p.address)).collect();
    let mut b = Builder::new(values);
    b.add("resident", "Resident", &who(resident), Widget::Chosen { change: "/residents".into() });
    let property = values.optional("property");
    let known = property.as_ref().is_none_or(|p| properties.iter().any(|(id, _)| id == p));
    b.add("property", "Home", "If the request is about a home", Widget::Select(properties));
    if !known {
        b.fail("property", "property", "Select a home from the list");
    }
    b.add("description", "What was asked for", "", Widget::Textarea);
    if values.text("description").is_empty() {
        b.fail("description", "description", "Enter what the resident asked for");
    }
    // Each chosen among the organisation's own records, so each is a valid id.
    let property_id = property.and_then(|p| p.parse().ok());
    let input = Some(ServiceRequestInput {
        resident_id: resident.id.clone(),
        property_id,
        description: values.text("description"),
        status: None,
    });
    Ok((built(b, "Record a service request", String::new(), "Record service request"), input))
}

/// `GET /service-requests/new?resident=ID`: the form for the resident whose page linked here.
/// Without a resident, to the residents' list to find them (no page lists every resident).
pub(crate) async fn new(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let Some(resident) = chosen(&state, &staff, query.get("resident").map(String::as_str)).await? else {
        return Ok(Redirect::to("/residents").into_response());
    };
    let (form, _) = request_form(&state, &staff, &resident, &Values::default()).await?;
    let action = format!("/service-requests/new?resident={}", resident.id);
    Ok(show_form(&staff, form.blank(), action, format!("/residents/{}", resident.id), StatusCode::OK))
}

/// `POST /service-requests/new?resident=ID` (or with the resident among the fields).
pub(crate) async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<HashMap<String, String>>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let values = Values(values);
    let named = query.get("resident").cloned().or_else(|| values.optional("resident"));
    let Some(resident) = chosen(&state, &staff, named.as_deref()).await? else {
        return Ok(Redirect::to("/residents").into_response());
    };
    let (form, input) = request_form(&state, &staff, &resident, &values).await?;
    let (action, back) =
        (format!("/service-requests/new?resident={}", resident.id), format!("/residents/{}", resident.id));
    let Some(input) = input.filter(|_| form.errors.is_empty()) else {
        return Ok(show_form(&staff, form, action, back, StatusCode::BAD_REQUEST));
    };
    match state.app().create_service_request(&staff.actor, input).await {
        Ok(request) => Ok(Redirect::to(&format!("/service-requests/{}", request.id)).into_response()),
        Err(error) => Ok(refused(&staff, form, error, action, back)),
    }
}

/// The status form.
fn status_fields(values: &Values, request: &ServiceRequest) -> (Built, Option<ServiceRequestStatus>) {
    let mut b = Builder::new(values);
    let options = ServiceRequestStatus::ALL.iter().map(|s| (s.as_str().to_owned(), s.label().to_owned())).collect();
    let status = b.choose("status", "Status", "", Widget::Radios(options), "Select the status");
    let status = status.and_then(|s| s.parse().ok());
    (built(b, "Change the status", request.description.clone(), "Change status"), status)
}

/// `GET /service-requests/{id}/status`.
pub(crate) async fn status_form(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ServiceRequestId>,
) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let request = state.app().service_request(&staff.actor, &id).await?;
    let values = Values(vec![("status".to_owned(), request.status.as_str().to_owned())]);
    let (form, _) = status_fields(&values, &request);
    let (action, back) = (format!("/service-requests/{id}/status"), format!("/service-requests/{id}"));
    Ok(show_form(&staff, form.blank(), action, back, StatusCode::OK))
}

/// `POST /service-requests/{id}/status`.
pub(crate) async fn set_status(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ServiceRequestId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let request = state.app().service_request(&staff.actor, &id).await?;
    let values = Values(values);
    let (form, status) = status_fields(&values, &request);
    let (action, back) = (format!("/service-requests/{id}/status"), format!("/service-requests/{id}"));
    let Some(status) = status else {
        return Ok(show_form(&staff, form, action, back, StatusCode::BAD_REQUEST));
    };
    match state.app().set_service_request_status(&staff.actor, &id, status).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(error) => Ok(refused(&staff, form, error, action, back)),
    }
}

/// The complaint form: how the dissatisfaction arrived, when it was received (now, unless
/// given: a letter typed in days later keeps the day it arrived, Code 5.12), when the issue
/// arose, and what it is; the resident, home and link come from the service request.
fn complaint_fields(
    values: &Values,
    request: &ServiceRequest,
    resident: &str,
    now: Timestamp,
    category_options: Vec<(String, String)>,
) -> (Built, Option<ComplaintIntake>) {
    let mut b = Builder::new(values);
    b.add("request", "The service request", &request.description, Widget::Heading);
    let hint = "The resident's dissatisfaction, as they put it";
    let answers = complaint_questions(&mut b, now, hint, category_options);
    // The resident, home and link come from the request (Code 1.5).
    let intake = answers.map(|answers| ComplaintIntake {
        property_id: request.property_id.clone(),
        service_request_ids: vec![request.id.clone()],
        ..answers.intake(request.resident_id.clone())
    });
    (built(b, "Log a complaint about a service request", resident.to_owned(), "Log complaint"), intake)
}

/// `GET /service-requests/{id}/complaint`.
pub(crate) async fn complaint_form(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ServiceRequestId>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageResidents)?;
    let app = state.app();
    let request = app.service_request(&staff.actor, &id).await?;
    let resident = app.resident(&staff.actor, &request.resident_id).await?.resident.details.name;
    let options = category_options(app.categories(&staff.actor).await?);
    let (form, _) = complaint_fields(&Values::default(), &request, &resident, app.now(), options);
    let (action, back) = (format!("/service-requests/{id}/complaint"), format!("/service-requests/{id}"));
    Ok(show_form(&staff, form.blank(), action, back, StatusCode::OK))
}

/// `POST /service-requests/{id}/complaint`.
pub(crate) async fn log_complaint(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ServiceRequestId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageResidents)?;
    let app = state.app();
    let request = app.service_request(&staff.actor, &id).await?;
    let resident = app.resident(&staff.actor, &request.resident_id).await?.resident.details.name;
    let values = Values(values);
    let options = category_options(app.categories(&staff.actor).await?);
    let (form, intake) = complaint_fields(&values, &request, &resident, app.now(), options);
    let (action, back) = (format!("/service-requests/{id}/complaint"), format!("/service-requests/{id}"));
    let Some(intake) = intake.filter(|_| form.errors.is_empty()) else {
        return Ok(show_form(&staff, form, action, back, StatusCode::BAD_REQUEST));
    };
    match app.log_complaint(&staff.actor, intake, None).await {
        Ok(answer) => Ok(Redirect::to(&format!("/cases/{}", answer.view.id)).into_response()),
        Err(error) => Ok(refused(&staff, form, error, action, back)),
    }
}
