//! `/service-requests`: requests for a service, recorded and monitored (Code 1.4). A complaint
//! about one leaves it open (Code 1.5).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::{ApiJson, ApiPath, Caller};
use super::views::ServiceRequestBody;
use crate::AppState;
use crate::problem::Problem;
use redress_app::ServiceRequestInput;

/// A service request to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewServiceRequest {
    /// The resident who made it.
    pub resident_id: String,
    /// The home it is about.
    #[serde(default)]
    pub property_id: Option<String>,
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

/// Records a service request.
#[utoipa::path(post, path = "/service-requests", tag = "People", request_body = NewServiceRequest,
    responses((status = 201, description = "The service request, recorded", body = ServiceRequestBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(body): ApiJson<NewServiceRequest>,
) -> Result<(StatusCode, Json<ServiceRequestBody>), Problem> {
    let input = ServiceRequestInput {
        resident_id: body.resident_id,
        property_id: body.property_id,
        description: body.description,
        status: body.status,
    };
    let request = state.app().create_service_request(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(request.into())))
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
    params(("id" = String, Path, description = "The service request's id")),
    request_body = NewStatus,
    responses((status = 200, description = "The service request, changed", body = ServiceRequestBody)),
    security(("bearer" = [])))]
pub async fn set_status(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewStatus>,
) -> Result<Json<ServiceRequestBody>, Problem> {
    Ok(Json(state.app().set_service_request_status(&actor, &id, &body.status).await?.into()))
}
