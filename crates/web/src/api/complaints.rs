//! `/complaints`: logging a complaint (idempotently), listing them with filters, reading
//! one with its deadlines, record and correspondence, and its whole case file as a zip.
//!
//! Idempotency (see `keyed.rs`): a `POST /complaints` with an `Idempotency-Key` is logged
//! once; the application derives the complaint's id from the key, so two retries racing each
//! other cannot both create a complaint.

use axum::Json;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use jiff::civil::Date;
use redress_app::{App, AppError, ComplaintIntake};
use redress_domain::complaint::{Complexity, DUE_SOON_WORKING_DAYS, Risk, Status};
use redress_domain::ids::ComplaintId;
use redress_storage::{ComplaintCursor, ComplaintFilter, Cursor, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use super::complaint_body;
use super::extract::{ApiPath, ApiQuery, Caller};
use super::keyed::{self, KEY_DOC, KeyedJson};
use super::views::{ComplaintBody, ComplaintPage, ComplaintSummaryBody};
use crate::AppState;
use crate::problem::Problem;

/// Which complaints to list. Every filter given must hold.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ComplaintQuery {
    /// At this stage (1 or 2).
    #[param(minimum = 1, maximum = 2)]
    pub stage: Option<u8>,
    /// With this status.
    pub status: Option<Status>,
    /// Handled by this user.
    pub handler: Option<String>,
    /// Dealt with by this organisation.
    pub handling_organisation: Option<String>,
    /// Only those whose next due date has passed; listed soonest due (most overdue) first.
    pub overdue: Option<bool>,
    /// Only those with a deadline missed, at either stage: answered after its due date, or
    /// still open past it (as `overdue`).
    pub missed: Option<bool>,
    /// Only those whose next due date is today or within the next 2 working days; listed
    /// soonest due first.
    pub due_soon: Option<bool>,
    /// Only those with an update to the resident overdue (Code 5.9).
    pub update_overdue: Option<bool>,
    /// Only those with an update to the resident due today (Code 5.9).
    pub update_due: Option<bool>,
    /// Received on or after this date.
    pub received_from: Option<Date>,
    /// Received on or before this date.
    pub received_to: Option<Date>,
    /// With this category among its categories: a category's id, from
    /// `GET /settings/categories`.
    pub category: Option<String>,
    /// Received through this channel (`phone`, `email`, `letter`, `web`, `in_person`,
    /// `social_media`, `via_staff`, `via_third_party`, `survey_follow_up`).
    pub channel: Option<String>,
    /// Of this complexity, as triaged when logged (Code 6.1).
    pub complexity: Option<Complexity>,
    /// With this risk among those triaged when logged (Code 6.1).
    pub risk: Option<Risk>,
    /// Whose reference, resident's name or resident's address contains this text, ignoring
    /// case, or whose description and points hold every word of it (full-text search).
    pub search: Option<String>,
    /// At most this many (default 50, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// After skipping this many (after the cursor, if any). Large offsets are slow: prefer
    /// `cursor`.
    // Documented as int64 with the u32's maximum: int32 would say it stops at 2^31 - 1.
    #[param(value_type = Option<u64>, maximum = 4_294_967_295_u64)]
    pub offset: Option<u32>,
    /// The page after the one that gave this `next_cursor` (opaque; keep the same filters).
    pub cursor: Option<String>,
}

impl ComplaintQuery {
    /// The storage filter, with "overdue" and "due soon" worked out from today and the
    /// organisation's working-day calendar; `None` when an id it filters by is malformed,
    /// which names no one, so that nothing matches (as for an unknown id).
    fn filter(self, app: &App) -> Result<Option<ComplaintFilter>, Problem> {
        // The document says 1 or 2; a stage 0 or 3 would list nothing, so it is refused
        // rather than answered with an empty list (there are exactly two stages, Code 5.3).
        if self.stage.is_some_and(|stage| !(1..=2).contains(&stage)) {
            return Err(Problem::bad_request("stage must be 1 or 2"));
        }
        let limit = self.limit.unwrap_or(50);
        if !(1..=1000).contains(&limit) {
            return Err(Problem::bad_request("limit must be from 1 to 1000"));
        }
        let page = match self.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => Page::First,
            Some(text) => Page::After(
                ComplaintCursor::decode(text)
                    .ok_or_else(|| Problem::from(AppError::Invalid("cursor is not one this API gave out".into())))?,
            ),
        };
        let (Ok(handler), Ok(organisation_handling), Ok(category)) = (
            self.handler.as_deref().map(str::parse).transpose(),
            self.handling_organisation.as_deref().map(str::parse).transpose(),
            self.category.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::parse).transpose(),
        ) else {
            return Ok(None);
        };
        let today = app.today()?;
        let due_between = if self.due_soon == Some(true) {
            let end = app.calendar().add_working_days(today, DUE_SOON_WORKING_DAYS).map_err(AppError::from)?;
            Some((today, end))
        } else {
            None
        };
        Ok(Some(ComplaintFilter {
            stage: self.stage,
            status: self.status,
            handler,
            organisation_handling,
            resident_id: None,
            overdue_on: (self.overdue == Some(true)).then_some(today),
            missed_on: (self.missed == Some(true)).then_some(today),
            due_between,
            update_overdue_on: (self.update_overdue == Some(true)).then_some(today),
            update_due_on: (self.update_due == Some(true)).then_some(today),
            received_from: self.received_from,
            received_to: self.received_to,
            category,
            channel: self.channel.filter(|c| !c.trim().is_empty()),
            complexity: self.complexity,
            risk: self.risk,
            search: self.search.filter(|s| !s.trim().is_empty()),
            page,
            limit,
            offset: self.offset.unwrap_or(0),
        }))
    }
}

/// Logs a complaint. Send an `Idempotency-Key` so that a retry after a timeout never logs it
/// twice.
#[utoipa::path(post, path = "/complaints", tag = "Complaints", request_body = ComplaintIntake,
    params(("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    responses((status = 201, description = "The complaint, logged", body = ComplaintBody,
        headers(("Location" = String, description = "The complaint's URL")))),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    request: KeyedJson<ComplaintIntake>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::CREATED);
    let answer = state.app().log_complaint(&actor, request.body, key.as_ref()).await?;
    Ok(keyed::answer(answer))
}

/// Lists the complaints of the caller's organisation, most recently received first (the
/// overdue and due-soon lists soonest due first).
#[utoipa::path(get, path = "/complaints", tag = "Complaints", params(ComplaintQuery),
    responses((status = 200, description = "One page of complaints", body = ComplaintPage)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(query): ApiQuery<ComplaintQuery>,
) -> Result<Json<ComplaintPage>, Problem> {
    let (limit, offset) = (query.limit.unwrap_or(50), query.offset.unwrap_or(0));
    let Some(filter) = query.filter(state.app())? else {
        return Ok(Json(ComplaintPage { items: Vec::new(), limit, offset, next_cursor: None }));
    };
    let page = state.app().page_of_complaints(&actor, &filter).await?;
    let next_cursor = page.items.last().filter(|_| page.more).map(|last| filter.cursor_of(&last.complaint).encode());
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
    ApiPath(id): ApiPath<ComplaintId>,
) -> Result<Json<ComplaintBody>, Problem> {
    let view = state.app().complaint(&actor, &id).await?;
    Ok(Json(complaint_body(&state, &actor, view).await?))
}

/// The complaint's case file (issue 11), for the Housing Ombudsman, a subject access request or
/// a review: a zip holding `case-file.pdf` (a contents page, the summary, the definition at each
/// stage, every deadline with its derivation, the timeline with both times of every event,
/// every letter and item of correspondence with its SHA-256, the remedies and actions, and the
/// record's integrity checked now with its head hash), the original attachments under
/// `attachments/`, and `record.json` (every event with both times and its hash, the
/// correspondence and the files' checksums).
#[utoipa::path(get, path = "/complaints/{id}/file", tag = "Complaints",
    params(("id" = String, Path, description = "The complaint's id")),
    responses((status = 200, description = "The case file as a zip", content_type = "application/zip",
        body = Vec<u8>,
        headers(("Content-Disposition" = String, description = "`attachment`, named after the complaint's reference")))),
    security(("bearer" = [])))]
pub async fn file(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ComplaintId>,
) -> Result<Response, Problem> {
    let file = state.app().case_file(&actor, &id).await?;
    let disposition = HeaderValue::try_from(format!("attachment; filename=\"case-file-{}.zip\"", file.reference))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let headers = [(CONTENT_TYPE, HeaderValue::from_static("application/zip")), (CONTENT_DISPOSITION, disposition)];
    Ok((StatusCode::OK, headers, file.zip).into_response())
}
