//! `/complaints`: logging a complaint (idempotently), listing them with filters, and reading
//! one with its deadlines, record and correspondence.
//!
//! Idempotency: a `POST /complaints` with an `Idempotency-Key` stores its response under the
//! key (per organisation) with a fingerprint of the request. A retry with the same key and
//! the same request gets the stored status and body back and creates nothing; the same key
//! with a different request is a 422 problem. The key also goes to the application, which
//! derives the complaint's id from it, so two retries racing each other cannot both create
//! a complaint.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use jiff::civil::Date;
use redress_app::{App, AppError, ComplaintIntake, Permission};
use redress_domain::complaint::DUE_SOON_WORKING_DAYS;
use redress_storage::{
    ComplaintCursor, ComplaintFilter, Cursor, IdempotencyOutcome, IdempotencyRecord, NewIdempotencyRecord, Page,
    request_fingerprint,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::{ApiPath, ApiQuery, Caller, body_problem, parse_json};
use super::views::{ComplaintBody, ComplaintPage, ComplaintSummaryBody};
use super::{PREFIX, complaint_body};
use crate::AppState;
use crate::problem::Problem;

/// The header naming a creation request, so that retrying it never creates twice.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Set on a response replayed for a retried request.
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The longest idempotency key accepted.
const MAX_KEY_LENGTH: usize = 255;

/// Which complaints to list. Every filter given must hold.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ComplaintQuery {
    /// At this stage (1 or 2).
    #[param(minimum = 1, maximum = 2)]
    pub stage: Option<u8>,
    /// With this status (`awaiting_acknowledgement`, `investigating`, `responded`, `closed`,
    /// `not_accepted`).
    pub status: Option<String>,
    /// Handled by this user.
    pub handler: Option<String>,
    /// Dealt with by this organisation.
    pub handling_organisation: Option<String>,
    /// Only those whose next due date has passed.
    pub overdue: Option<bool>,
    /// Only those whose next due date is today or within the next 2 working days.
    pub due_soon: Option<bool>,
    /// Received on or after this date.
    pub received_from: Option<Date>,
    /// Received on or before this date.
    pub received_to: Option<Date>,
    /// With this (first) category.
    pub category: Option<String>,
    /// Received through this channel (`phone`, `email`, `letter`, `web`, `in_person`,
    /// `social_media`, `via_staff`, `via_third_party`, `survey_follow_up`).
    pub channel: Option<String>,
    /// Whose reference, resident's name or resident's address contains this text, ignoring
    /// case.
    pub search: Option<String>,
    /// At most this many (default 50, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// After skipping this many (after the cursor, if any). Large offsets are slow: prefer
    /// `cursor`.
    pub offset: Option<u32>,
    /// The page after the one that gave this `next_cursor` (opaque; keep the same filters).
    pub cursor: Option<String>,
}

impl ComplaintQuery {
    /// The storage filter, with "overdue" and "due soon" worked out from today and the
    /// organisation's working-day calendar.
    fn filter(self, app: &App) -> Result<ComplaintFilter, Problem> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=1000).contains(&limit) {
            return Err(Problem::bad_request("limit must be from 1 to 1000"));
        }
        let page = match self.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => Page::First,
            Some(text) => Page::After(
                ComplaintCursor::decode(text)
                    .ok_or_else(|| Problem::bad_request("cursor is not one this API gave out"))?,
            ),
        };
        let today = app.today()?;
        let due_between = if self.due_soon == Some(true) {
            let end = app.calendar().add_working_days(today, DUE_SOON_WORKING_DAYS).map_err(AppError::from)?;
            Some((today, end))
        } else {
            None
        };
        Ok(ComplaintFilter {
            stage: self.stage,
            status: self.status,
            handler: self.handler,
            organisation_handling: self.handling_organisation,
            resident_id: None,
            overdue_on: (self.overdue == Some(true)).then_some(today),
            due_between,
            received_from: self.received_from,
            received_to: self.received_to,
            category: self.category.filter(|c| !c.trim().is_empty()),
            channel: self.channel.filter(|c| !c.trim().is_empty()),
            search: self.search.filter(|s| !s.trim().is_empty()),
            page,
            limit,
            offset: self.offset.unwrap_or(0),
        })
    }
}

/// Logs a complaint. Send an `Idempotency-Key` so that a retry after a timeout never logs it
/// twice.
#[utoipa::path(post, path = "/complaints", tag = "Complaints", request_body = ComplaintIntake,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Any unique string of up to 255 characters: a retry with the same key and body gets the \
                       first response back and creates nothing")),
    responses((status = 201, description = "The complaint, logged", body = ComplaintBody,
        headers(("Location" = String, description = "The complaint's URL")))),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    actor.require(Permission::ChangeCases)?;
    let body = body.map_err(body_problem)?;
    let key = idempotency_key(&headers)?;
    let fingerprint = request_fingerprint("POST", &format!("{PREFIX}/complaints"), &body);
    let org = actor.organisation_id.as_str();
    if let Some(key) = &key
        && let Some(record) = state.db().idempotency_lookup(org, key).await.map_err(AppError::from)?
    {
        return replay(&record, &fingerprint);
    }
    let intake: ComplaintIntake = parse_json(&headers, &body)?;
    let view = state.app().log_complaint(&actor, intake, key.as_deref()).await?;
    let rendered = complaint_body(&state, &actor, view).await?;
    let text = serde_json::to_string(&rendered).map_err(|e| AppError::Corrupt(e.to_string()))?;
    if let Some(key) = key {
        let record = NewIdempotencyRecord {
            key,
            fingerprint: fingerprint.clone(),
            response_status: StatusCode::CREATED.as_u16(),
            response_body: text.clone(),
            created_at: state.app().now(),
        };
        let outcome = state.db().idempotency_store(org, &record).await.map_err(AppError::from)?;
        // A concurrent retry stored its response first: answer as it did.
        if let IdempotencyOutcome::Existing(first) = outcome {
            return replay(&first, &fingerprint);
        }
    }
    Ok(created(&rendered.id, text))
}

/// The `Idempotency-Key` header, if sent: 1 to 255 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Problem> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else { return Ok(None) };
    let key = value.to_str().ok().map(str::trim).unwrap_or_default();
    let visible = key.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
    if key.is_empty() || key.len() > MAX_KEY_LENGTH || !visible {
        return Err(Problem::bad_request("Idempotency-Key must be 1 to 255 visible ASCII characters"));
    }
    Ok(Some(key.to_owned()))
}

/// The response stored for a retried request, or 422 if the key was used for another one.
fn replay(record: &IdempotencyRecord, fingerprint: &str) -> Result<Response, Problem> {
    if record.fingerprint != fingerprint {
        return Err(Problem::idempotency_key_reused());
    }
    let status = StatusCode::from_u16(record.response_status).map_err(|e| AppError::Corrupt(e.to_string()))?;
    let mut response = if status == StatusCode::CREATED {
        let id = serde_json::from_str::<serde_json::Value>(&record.response_body)
            .ok()
            .and_then(|body| body.get("id").and_then(|id| id.as_str()).map(str::to_owned))
            .ok_or_else(|| AppError::Corrupt(format!("the response stored under key {} has no id", record.key)))?;
        created(&id, record.response_body.clone())
    } else {
        (status, [(CONTENT_TYPE, "application/json")], record.response_body.clone()).into_response()
    };
    response.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
    Ok(response)
}

/// 201 with the complaint's URL and its JSON text.
fn created(id: &str, text: String) -> Response {
    let location = HeaderValue::try_from(format!("{PREFIX}/complaints/{id}"));
    match location {
        Ok(location) => (
            StatusCode::CREATED,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json")), (LOCATION, location)],
            text,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "a Location header could not be made");
            Problem::internal().into_response()
        }
    }
}

/// Lists the complaints of the caller's organisation, most recently received first.
#[utoipa::path(get, path = "/complaints", tag = "Complaints", params(ComplaintQuery),
    responses((status = 200, description = "One page of complaints", body = ComplaintPage)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(query): ApiQuery<ComplaintQuery>,
) -> Result<Json<ComplaintPage>, Problem> {
    let filter = query.filter(state.app())?;
    let page = state.app().page_of_complaints(&actor, &filter).await?;
    let next_cursor = page.items.last().filter(|_| page.more).map(|last| last.complaint.cursor().encode());
    let items = page.items.into_iter().map(|listed| ComplaintSummaryBody::from(listed.complaint)).collect();
    Ok(Json(ComplaintPage { items, limit: filter.limit, offset: filter.offset, next_cursor }))
}

/// One complaint: its state, every deadline with its explanation, its record and its
/// correspondence.
#[utoipa::path(get, path = "/complaints/{id}", tag = "Complaints",
    params(("id" = String, Path, description = "The complaint's id")),
    responses((status = 200, description = "The complaint", body = ComplaintBody)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ComplaintBody>, Problem> {
    let view = state.app().complaint(&actor, &id).await?;
    Ok(Json(complaint_body(&state, &actor, view).await?))
}
