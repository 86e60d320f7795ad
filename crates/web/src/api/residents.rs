//! `/residents`: residents, with their support needs (Code 5.10), representatives (Code 1.3,
//! 3.6) and contact restrictions (Code 5.14, 5.15).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_app::{AppError, RepresentativeInput, ResidentInput};
use redress_domain::ids::ResidentId;
use redress_domain::people::{ContactRestriction, ReasonableAdjustment};
use redress_storage::{Cursor, ResidentCursor};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiPath, ApiQuery, Caller};
use super::keyed::{self, KEY_DOC, KeyedJson};
use super::views::{RepresentativeBody, ResidentBody, ResidentPage, RestrictionBody};
use super::{Created, PREFIX};
use crate::AppState;
use crate::problem::Problem;

/// A resident to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewResident {
    /// Their name.
    pub name: String,
    /// The landlord's own reference for them (a tenancy or resident reference): logging a
    /// complaint finds them by it, ignoring case and spaces.
    #[serde(default)]
    pub reference: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// How they prefer to be contacted.
    #[serde(default)]
    pub preferred_contact_method: Option<String>,
    /// The format they need letters in (large print, braille…).
    #[serde(default)]
    pub preferred_format: Option<String>,
    /// Disabilities disclosed.
    #[serde(default)]
    pub disabilities: Vec<String>,
    /// Vulnerabilities recorded.
    #[serde(default)]
    pub vulnerabilities: Vec<String>,
    /// Reasonable adjustments agreed, each with a review date after today (Code 5.10).
    #[serde(default)]
    pub reasonable_adjustments: Vec<ReasonableAdjustment>,
}

/// A representative acting for the resident.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRepresentative {
    /// Their name.
    pub name: String,
    /// Their relationship to the resident (advocate, relative, councillor…).
    pub relationship: String,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// How the resident gave their authority; a representative without it cannot deal with a
    /// complaint (Code 3.6).
    #[serde(default)]
    pub authority_evidence: String,
}

/// Records a resident.
#[utoipa::path(post, path = "/residents", tag = "People", request_body = NewResident,
    params(("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    responses((status = 201, description = "The resident, recorded", body = ResidentBody,
        headers(("Location" = String, description = "The resident's URL")))),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    request: KeyedJson<NewResident>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::CREATED);
    let body = request.body;
    let input = ResidentInput {
        name: body.name,
        reference: body.reference,
        email: body.email,
        phone: body.phone,
        address: body.address,
        preferred_contact_method: body.preferred_contact_method,
        preferred_format: body.preferred_format,
        disabilities: body.disabilities,
        vulnerabilities: body.vulnerabilities,
        reasonable_adjustments: body.reasonable_adjustments,
    };
    let made = state.app().once(&actor, key.as_ref(), async |app| app.create_resident(&actor, input).await).await?;
    let location = format!("{PREFIX}/residents/{}", made.record.id);
    Ok(keyed::mark(Created::new(location, ResidentBody::from(made.record)).into_response(), made.replayed))
}

/// The most residents a page holds.
const MOST_PER_PAGE: u32 = 100;

/// Which residents to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResidentQuery {
    /// Only those this search finds, as the page that logs a complaint does: each word must
    /// begin a word of the resident's name or address, or their postcode (with or without its
    /// space); or the whole text is their reference, ignoring case and spaces.
    pub q: Option<String>,
    /// At most this many (default 50, at most 100).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The page after the one that gave this `next_cursor` (opaque; keep the same `q`).
    pub cursor: Option<String>,
}

/// Lists the residents within the caller's scope (a managing agent's or contractor's staff see
/// only the residents of the homes assigned to their organisation and of the complaints it
/// handles), by name, a page at a time; with `q`, those the search finds.
#[utoipa::path(get, path = "/residents", tag = "People", params(ResidentQuery),
    responses((status = 200, description = "One page of residents", body = ResidentPage)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiQuery(query): ApiQuery<ResidentQuery>,
) -> Result<Json<ResidentPage>, Problem> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=MOST_PER_PAGE).contains(&limit) {
        return Err(Problem::bad_request("limit must be from 1 to 100"));
    }
    let after = match query.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(text) => Some(
            // As the complaints' list: a well-formed query whose cursor this API never gave out
            // is a request that cannot be served (422), not a malformed one.
            ResidentCursor::decode(text)
                .ok_or_else(|| Problem::from(AppError::Invalid("cursor is not one this API gave out".into())))?,
        ),
    };
    let page = state.app().page_found_residents(&actor, query.q.as_deref(), after, limit).await?;
    let next_cursor = page.items.last().filter(|_| page.more).map(|last| last.cursor().encode());
    Ok(Json(ResidentPage { items: page.items.into_iter().map(ResidentBody::from).collect(), limit, next_cursor }))
}

/// One resident, with their representatives.
#[utoipa::path(get, path = "/residents/{id}", tag = "People",
    params(("id" = String, Path, description = "The resident's id")),
    responses((status = 200, description = "The resident", body = ResidentBody)),
    security(("bearer" = [])))]
pub async fn get(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ResidentId>,
) -> Result<Json<ResidentBody>, Problem> {
    Ok(Json(state.app().resident(&actor, &id).await?.into()))
}

/// Records someone acting for the resident (Code 1.3, 3.6).
#[utoipa::path(post, path = "/residents/{id}/representatives", tag = "People",
    params(("id" = String, Path, description = "The resident's id"), ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    request_body = NewRepresentative,
    responses((status = 201, description = "The representative, recorded", body = RepresentativeBody,
        headers(("Location" = String, description = "The resident's URL")))),
    security(("bearer" = [])))]
pub async fn add_representative(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ResidentId>,
    request: KeyedJson<NewRepresentative>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::CREATED);
    let body = request.body;
    let input = RepresentativeInput {
        name: body.name,
        relationship: body.relationship,
        email: body.email,
        phone: body.phone,
        authority_evidence: body.authority_evidence,
    };
    let made =
        state.app().once(&actor, key.as_ref(), async |app| app.add_representative(&actor, &id, input).await).await?;
    let body = RepresentativeBody::from(made.record);
    Ok(keyed::mark(Created::new(format!("{PREFIX}/residents/{id}"), body).into_response(), made.replayed))
}

/// Restricts the resident's contact for unacceptable behaviour: refused unless evidenced,
/// proportionate, with regard to the Equality Act, and reviewed within a year (Code 5.14, 5.15).
#[utoipa::path(post, path = "/residents/{id}/restrictions", tag = "People",
    params(("id" = String, Path, description = "The resident's id"), ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    request_body = ContactRestriction,
    responses((status = 201, description = "The restriction, recorded", body = RestrictionBody,
        headers(("Location" = String, description = "The resident's restrictions")))),
    security(("bearer" = [])))]
pub async fn restrict(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ResidentId>,
    request: KeyedJson<ContactRestriction>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::CREATED);
    let body = request.body;
    let made =
        state.app().once(&actor, key.as_ref(), async |app| app.restrict_contact(&actor, &id, body).await).await?;
    let location = format!("{PREFIX}/residents/{id}/restrictions");
    Ok(keyed::mark(Created::new(location, RestrictionBody::from(made.record)).into_response(), made.replayed))
}

/// The restrictions on the resident's contact, oldest first.
#[utoipa::path(get, path = "/residents/{id}/restrictions", tag = "People",
    params(("id" = String, Path, description = "The resident's id")),
    responses((status = 200, description = "The restrictions", body = Vec<RestrictionBody>)),
    security(("bearer" = [])))]
pub async fn restrictions(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ResidentId>,
) -> Result<Json<Vec<RestrictionBody>>, Problem> {
    let restrictions = state.app().restrictions(&actor, &id).await?;
    Ok(Json(restrictions.into_iter().map(RestrictionBody::from).collect()))
}
