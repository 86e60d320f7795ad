//! `/properties`: the homes complaints and service requests are about.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::Caller;
use super::keyed::{self, KEY_DOC, KeyedJson};
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
    params(("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    responses((status = 201, description = "The property, recorded", body = PropertyBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Caller(actor): Caller,
    request: KeyedJson<NewProperty>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::CREATED);
    let body = request.body;
    let made = state
        .app()
        .once(&actor, key.as_ref(), async |app| app.create_property(&actor, &body.address, body.uprn).await)
        .await?;
    let response = (StatusCode::CREATED, Json(PropertyBody::from(made.record))).into_response();
    Ok(keyed::mark(response, made.replayed))
}

/// Lists the homes of the caller's organisation.
#[utoipa::path(get, path = "/properties", tag = "People",
    responses((status = 200, description = "The properties", body = Vec<PropertyBody>)),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, Caller(actor): Caller) -> Result<Json<Vec<PropertyBody>>, Problem> {
    let properties = state.app().properties(&actor).await?;
    Ok(Json(properties.into_iter().map(PropertyBody::from).collect()))
}
