//! `/properties`: the homes complaints and service requests are about.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::{ApiJson, Caller};
use super::views::PropertyBody;
use crate::AppState;
use crate::problem::Problem;

/// A home to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProperty {
    /// Its address.
    pub address: String,
    /// Its Unique Property Reference Number, when known.
    #[serde(default)]
    pub uprn: Option<String>,
}

/// Records a home.
#[utoipa::path(post, path = "/properties", tag = "People", request_body = NewProperty,
    responses((status = 201, description = "The property, recorded", body = PropertyBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiJson(body): ApiJson<NewProperty>,
) -> Result<(StatusCode, Json<PropertyBody>), Problem> {
    let property = state.app().create_property(&actor, &body.address, body.uprn).await?;
    Ok((StatusCode::CREATED, Json(property.into())))
}

/// Lists the homes of the caller's organisation.
#[utoipa::path(get, path = "/properties", tag = "People",
    responses((status = 200, description = "The properties", body = Vec<PropertyBody>)),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<Vec<PropertyBody>>, Problem> {
    let properties = state.app().properties(&actor).await?;
    Ok(Json(properties.into_iter().map(PropertyBody::from).collect()))
}
