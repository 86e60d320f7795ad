//! Extractors of the JSON API: who is calling ([`Caller`]), and the body, query and path with
//! their rejections turned into problems (axum's own are plain text).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use redress_app::Actor;
use redress_domain::ids::IdError;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::problem::Problem;

/// The member of staff a request's bearer token belongs to. Every route of the API except
/// the OpenAPI document takes one, so a request without a live token gets 401 before
/// anything else is looked at.
#[derive(Debug, Clone)]
pub struct Caller(pub Actor);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, Problem> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Err(Problem::unauthorized("send an API token as `Authorization: Bearer <token>`", false));
        };
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty());
        let Some(token) = token else {
            return Err(Problem::unauthorized("the Authorization header must be `Bearer <token>`", true));
        };
        match state.app().authenticate(token).await? {
            Some(actor) => Ok(Caller(actor)),
            None => Err(Problem::unauthorized("the token is not a live token of an enabled user", true)),
        }
    }
}

/// A JSON request body. An empty body counts as `{}`, so requests with nothing to say (such
/// as completing an action) need no body; a non-empty one must be sent as
/// `application/json`.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<ApiJson<T>, Problem> {
        let headers = request.headers().clone();
        let bytes = Bytes::from_request(request, state).await.map_err(body_problem)?;
        parse_json(&headers, &bytes).map(ApiJson)
    }
}

/// A request body that could not be read.
pub fn body_problem(rejection: BytesRejection) -> Problem {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "the request body is too large")
    } else {
        Problem::bad_request(format!("the request body could not be read: {}", rejection.body_text()))
    }
}

/// Parses a JSON body as [`ApiJson`] does: empty is `{}`; otherwise the content type must be
/// JSON (415 if not) and the body must match `T` (400 if not, saying where; 422 if all that is
/// wrong is a malformed id).
pub fn parse_json<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, Problem> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        if !is_json(headers) {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the request body as JSON, with `Content-Type: application/json`",
            ));
        }
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        // A malformed id is well-formed JSON the document allows (ids are strings there),
        // refused for its content: 422, as other such refusals.
        if is_id_error(&e.to_string()) {
            Problem::invalid(format!("the request body is not valid: {e}"))
        } else {
            Problem::bad_request(format!("the request body is not valid: {e}"))
        }
    })
}

/// Whether the content type is `application/json` or another `+json` type.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A query string; a malformed one is a 400 problem.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<ApiQuery<T>, Problem> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(Problem::bad_request(rejection.body_text())),
        }
    }
}

/// Path parameters; a malformed one is a 400 problem, except a malformed id
/// ([`redress_domain::ids`]), which names nothing and so is a 404, as an unknown id is.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<ApiPath<T>, Problem> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) if is_id_error(&rejection.body_text()) => {
                Err(Problem::not_found(format!("there is nothing at {}", parts.uri.path())))
            }
            Err(rejection) => Err(Problem::bad_request(rejection.body_text())),
        }
    }
}

/// Whether a rejection's text says an id was malformed: serde passes on only the message of
/// the id's error, which starts with [`IdError::PREFIX`] (axum's and serde_json's texts put it
/// after their own words, so it is looked for anywhere).
fn is_id_error(text: &str) -> bool {
    text.contains(IdError::PREFIX)
}
