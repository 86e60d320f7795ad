//! `/service-requests`: requests for a service, recorded and monitored (Code 1.4). A complaint
//! about one leaves it open (Code 1.5).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use redress_domain::ids::{PropertyId, ResidentId, ServiceRequestId};
use redress_domain::service_requests::ServiceRequestStatus;
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::{ApiPath, Caller};
use super::keyed::{self, KEY_DOC, KeyedJson};
use super::views::ServiceRequestBody;
use crate::AppState;
use crate::problem::Problem;
use redress_app::ServiceRequestInput;

/// A service request to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewServiceRequest {
    /// The resident who made it.
    pub resident_id: ResidentId,
    /// The home it is about.
    #[serde(default)]
    pub property_id: Option<PropertyId>,
    /// What was asked for.
    pub description: String,
    /// `open` (the default), `in_progress`, `completed` or `cancelled`.
    #[serde(default)]
    #[schema(example = "open", pattern = "^(open|in_progress|completed|cancelled)$")]
    pub status: Option<String>,
}

/// A service request's new status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStatus {
    /// `open`, `in_progress`, `completed` or `cancelled`.
    #[schema(example = "completed", pattern = "^(open|in_progress|completed|cancelled)$")]
    pub status: String,
}

/// A status as the body gives it: well-formed JSON the document allows (its pattern aside),
/// refused for its content, so 422 as before it was typed.
fn parse_status(text: &str) -> Result<ServiceRequestStatus, Problem> {
    text.parse()
        .map_err(|e: redress_domain::service_requests::UnknownServiceRequestStatus| Problem::invalid(e.to_string()))
}

/// Records a service request.
#[utoipa::path(post, path = "/service-requests", tag = "People", request_body = NewServiceRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    responses((status = 201, description = "The service request, recorded", body = ServiceRequestBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    request: KeyedJson<NewServiceRequest>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::CREATED);
    let body = request.body;
    let input = ServiceRequestInput {
        resident_id: body.resident_id,
        property_id: body.property_id,
        description: body.description,
        status: body.status.as_deref().map(parse_status).transpose()?,
    };
    let made =
        state.app().once(&actor, key.as_ref(), async |app| app.create_service_request(&actor, input).await).await?;
    let response = (StatusCode::CREATED, Json(ServiceRequestBody::from(made.record))).into_response();
    Ok(keyed::mark(response, made.replayed))
}

/// Lists the service requests of the caller's organisation, newest first.
#[utoipa::path(get, path = "/service-requests", tag = "People",
    responses((status = 200, description = "The service requests", body = Vec<ServiceRequestBody>)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<Vec<ServiceRequestBody>>, Problem> {
    let requests = state.app().service_requests(&actor).await?;
    Ok(Json(requests.into_iter().map(ServiceRequestBody::from).collect()))
}

/// Changes a service request's status.
#[utoipa::path(post, path = "/service-requests/{id}/status", tag = "People",
    params(("id" = String, Path, description = "The service request's id"), ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    request_body = NewStatus,
    responses((status = 200, description = "The service request, changed", body = ServiceRequestBody)),
    security(("bearer" = [])))]
pub async fn set_status(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ServiceRequestId>,
    request: KeyedJson<NewStatus>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::OK);
    let status = parse_status(&request.body.status)?;
    let changed = state
        .app()
        .once(&actor, key.as_ref(), async |app| app.set_service_request_status(&actor, &id, status).await)
        .await?;
    Ok(keyed::mark(Json(ServiceRequestBody::from(changed.record)).into_response(), changed.replayed))
}
