//! Idempotent changes over HTTP: every `POST` that changes something takes an
//! `Idempotency-Key` header. The key and a fingerprint of the request (method, path, body) go
//! to the application, which stores them in the change's own transaction; a retry with the
//! same key and request gets the first answer back (marked `Idempotent-Replayed: true`), even
//! when the change has since moved the complaint on, and the same key with a different
//! request is a 422 problem. Keys are the caller's organisation's and live a day.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use redress_app::{Answer, RequestKey};
use redress_storage::request_fingerprint;
use serde::de::DeserializeOwned;

use super::extract::{body_problem, parse_json};
use super::views::ComplaintBody;
use super::{Created, PREFIX};
use crate::problem::Problem;

/// The header naming a request, so that retrying it never changes anything twice.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Set on a response replayed for a retried request.
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The longest idempotency key accepted.
pub const MAX_KEY_LENGTH: usize = 255;

/// What [`idempotency_key`] accepts, as the document's `pattern`: visible ASCII and spaces, not
/// only spaces (surrounding spaces never arrive: HTTP strips them from header values).
pub const KEY_PATTERN: &str = "^[ -~]*[!-~][ -~]*$";

/// The description of the header in the OpenAPI document.
pub const KEY_DOC: &str = "Any unique string of up to 255 characters: a retry with the same key and body within a \
                           day gets the first response back and changes nothing; the same key with another body is \
                           refused (422)";

/// A JSON body (as [`ApiJson`](super::extract::ApiJson) reads it) with the request's
/// idempotency key, if it sent one, fingerprinted over the method, path and raw body.
#[derive(Debug, Clone)]
pub struct KeyedJson<T> {
    /// The body.
    pub body: T,
    /// The key and fingerprint, without the status (the handler knows it).
    key: Option<(String, String)>,
}

impl<T> KeyedJson<T> {
    /// The request's key, to be answered with `status` the first time.
    pub fn key(&self, status: StatusCode) -> Option<RequestKey> {
        self.key.as_ref().map(|(key, fingerprint)| RequestKey {
            key: key.clone(),
            fingerprint: fingerprint.clone(),
            status: status.as_u16(),
        })
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for KeyedJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<KeyedJson<T>, Problem> {
        let headers = request.headers().clone();
        let method = request.method().to_string();
        let path = request.uri().path().to_owned();
        let key = idempotency_key(&headers)?;
        let bytes = Bytes::from_request(request, state).await.map_err(body_problem)?;
        let body = parse_json(&headers, &bytes)?;
        let key = key.map(|key| (key, request_fingerprint(&method, &path, &bytes)));
        Ok(KeyedJson { body, key })
    }
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

/// The response to a keyed change: the complaint as the request left it, with the status of
/// the first answer (201 with its `Location` for a creation), marked if replayed.
pub fn answer(answer: Answer) -> Response {
    let replayed = answer.replayed;
    let created = answer.status == StatusCode::CREATED.as_u16();
    let body = ComplaintBody::new(answer.view, answer.correspondence);
    let response = if created {
        Created::new(format!("{PREFIX}/complaints/{}", body.id), body).into_response()
    } else {
        Json(body).into_response()
    };
    mark(response, replayed)
}

/// Marks a response replayed for a retried request, when it is.
pub fn mark(mut response: Response, replayed: bool) -> Response {
    if replayed {
        response.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
    }
    response
}
