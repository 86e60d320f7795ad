//! The versioned JSON API under `/api/v1`: one module per resource, each handler thin (parse,
//! call the application, render). The routes themselves are listed in `routes.rs`.
//!
//! Every route takes a bearer token ([`extract::Caller`]) except the OpenAPI document; every
//! error is a [`Problem`](crate::problem::Problem).

pub mod calendar;
pub mod commands;
pub mod complaints;
pub mod correspondence;
pub mod extract;
pub mod keyed;
pub mod letters;
pub mod openapi;
pub mod properties;
pub mod residents;
pub mod service_requests;
pub mod settings;
pub mod transitions;
pub mod views;

use axum::Json;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use redress_app::{Actor, ComplaintView};
use serde::Serialize;

use crate::AppState;
use crate::problem::Problem;
use views::ComplaintBody;

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

/// The name of the bearer-token security scheme in the OpenAPI document.
pub const BEARER: &str = "bearer";

/// 201 Created, with the new record's URL in `Location` and the record as the body.
#[derive(Debug)]
pub struct Created<T> {
    location: String,
    body: T,
}

impl<T> Created<T> {
    /// A record created at `location` (a path under the API).
    pub fn new(location: String, body: T) -> Created<T> {
        Created { location, body }
    }
}

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        let mut response = (StatusCode::CREATED, Json(self.body)).into_response();
        match HeaderValue::try_from(self.location) {
            Ok(location) => {
                response.headers_mut().insert(LOCATION, location);
                response
            }
            Err(error) => {
                tracing::error!(%error, "a Location header could not be made");
                Problem::internal().into_response()
            }
        }
    }
}

/// A complaint as the API shows it: the application's view and the complaint's
/// correspondence.
pub async fn complaint_body(state: &AppState, actor: &Actor, view: ComplaintView) -> Result<ComplaintBody, Problem> {
    let correspondence = state.app().correspondence(actor, &view.id).await?;
    Ok(ComplaintBody::new(view, correspondence))
}
