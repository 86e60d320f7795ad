//! [`Problem`]: every error of the JSON API, as RFC 9457 `application/problem+json`.
//!
//! The status is decided here, once, from the application's error:
//!
//! | Cause | Status | `type` |
//! |---|---|---|
//! | malformed request (JSON syntax or shape, query, headers) | 400 | `about:blank` |
//! | no or unknown bearer token | 401 (+ `WWW-Authenticate: Bearer`) | `about:blank` |
//! | a read-only role asking for a change | 403 | `about:blank` |
//! | anything outside the caller's organisation, or absent | 404 | `about:blank` |
//! | the complaint's state does not allow it ([`Refusal::State`]) | 409 | `urn:redress:problem:state-conflict` |
//! | other writers kept changing the complaint ([`AppError::Busy`]) | 409 | `urn:redress:problem:busy` |
//! | a record with that id already exists | 409 | `urn:redress:problem:duplicate` |
//! | the Code forbids it ([`Refusal::Code`]), with `provision` | 422 | `urn:redress:problem:code-refusal` |
//! | the request is complete but cannot be carried out: a text too long or holding a control character ([`Refusal::Text`]), a cursor this API did not give out | 422 | `urn:redress:problem:invalid-request` |
//! | an `Idempotency-Key` reused for a different request | 422 | `urn:redress:problem:idempotency-key-reused` |
//! | every database connection stayed busy for the pool's acquire timeout ([`StorageError::Saturated`]) | 503 (+ `Retry-After: 1`) | `about:blank` |
//! | anything else | 500, generic body; the cause is logged | `about:blank` |
//!
//! `about:blank` problems carry the HTTP reason phrase as their title (RFC 9457 §4.2.1); the
//! others are URNs: they name the problem and are not meant to be fetched.

use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use redress_app::AppError;
use redress_domain::refusal::Refusal;
use redress_storage::StorageError;
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of a problem.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// How long a client should wait before retrying a 503, in seconds (`Retry-After`).
pub const RETRY_AFTER_SECONDS: &str = "1";

/// The `type` of a problem that only restates its HTTP status.
const ABOUT_BLANK: &str = "about:blank";

/// An RFC 9457 problem: what went wrong, for the client, and nothing internal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemBody {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    #[schema(example = "urn:redress:problem:code-refusal")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong in this case.
    pub detail: String,
    /// The provision of the Complaint Handling Code that forbids the request, when the Code
    /// is the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "6.13")]
    pub provision: Option<String>,
}

/// An error response of the API. Boxed, so that results carrying one stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    status: StatusCode,
    body: ProblemBody,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Problem {
    /// A problem that only its status and detail describe.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        let title = status.canonical_reason().unwrap_or("Error");
        Problem::typed(status, ABOUT_BLANK, title, detail)
    }

    /// A problem of a named kind.
    fn typed(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem(Box::new(Inner {
            status,
            body: ProblemBody {
                kind: kind.to_owned(),
                title: title.to_owned(),
                status: status.as_u16(),
                detail: detail.into(),
                provision: None,
            },
            headers: Vec::new(),
        }))
    }

    /// 400: the request is malformed.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 401: no token, or one that is not a live token of an enabled user. `invalid` says a
    /// token was given (RFC 6750's `invalid_token`).
    pub fn unauthorized(detail: impl Into<String>, invalid: bool) -> Problem {
        let challenge = if invalid { r#"Bearer error="invalid_token""# } else { "Bearer" };
        Problem::new(StatusCode::UNAUTHORIZED, detail)
            .with_header(WWW_AUTHENTICATE, HeaderValue::from_static(challenge))
    }

    /// 404: nothing there for this caller.
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, detail)
    }

    /// 422: an `Idempotency-Key` sent again with a different request.
    pub fn idempotency_key_reused() -> Problem {
        Problem::typed(
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:redress:problem:idempotency-key-reused",
            "Idempotency-Key reused for a different request",
            "this Idempotency-Key was first used with a different request; use a new key for a new request",
        )
    }

    /// 500: the body says nothing more; the cause must have been logged by the caller.
    pub fn internal() -> Problem {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "something went wrong on our side; it has been logged")
    }

    /// 503: the database had no connection free for the whole acquire timeout (the server is
    /// saturated, not broken). `Retry-After` asks the client to try again in
    /// [`RETRY_AFTER_SECONDS`] seconds.
    pub fn unavailable() -> Problem {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "the server is busy; try again shortly")
            .with_header(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS))
    }

    /// Adds a header to the response.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Problem {
        self.0.headers.push((name, value));
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The body.
    pub fn body(&self) -> &ProblemBody {
        &self.0.body
    }

    fn refused(refusal: Refusal) -> Problem {
        match refusal {
            Refusal::Code { provision, .. } => {
                let detail = refusal.to_string();
                let mut problem = Problem::typed(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "urn:redress:problem:code-refusal",
                    "Refused under the Complaint Handling Code",
                    detail,
                );
                problem.0.body.provision = Some(provision.to_string());
                problem
            }
            Refusal::State(message) => Problem::typed(
                StatusCode::CONFLICT,
                "urn:redress:problem:state-conflict",
                "Not possible in the complaint's current state",
                message,
            ),
            Refusal::Invalid(message) => Problem::invalid(message),
            // Well-formed JSON the document allows, refused for its content: 422, as every
            // other such refusal.
            Refusal::Text(error) => Problem::invalid(error.to_string()),
        }
    }

    /// 422: a request the document allows, refused for its content.
    pub(crate) fn invalid(detail: impl Into<String>) -> Problem {
        Problem::typed(
            StatusCode::UNPROCESSABLE_ENTITY,
            "urn:redress:problem:invalid-request",
            "The request cannot be carried out as given",
            detail,
        )
    }

    fn storage(error: StorageError) -> Problem {
        match error {
            StorageError::NotFound { what } => Problem::not_found(format!("{what} not found")),
            StorageError::MissingReference { what } => {
                Problem::not_found(format!("{what} refers to a record that was not found"))
            }
            StorageError::Duplicate { what } => Problem::typed(
                StatusCode::CONFLICT,
                "urn:redress:problem:duplicate",
                "Already exists",
                format!("{what} already exists"),
            ),
            StorageError::InvalidInput(message) => Problem::invalid(message),
            StorageError::Saturated => {
                tracing::warn!("no database connection free in time: answered 503");
                Problem::unavailable()
            }
            other => Problem::internal_logged(&other),
        }
    }

    /// 500 after logging `error` with its causes.
    fn internal_logged(error: &(dyn std::error::Error + 'static)) -> Problem {
        let mut causes = String::new();
        let mut source = error.source();
        while let Some(cause) = source {
            causes.push_str(": ");
            causes.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::error!(error = %error, causes = %causes, "request failed");
        Problem::internal()
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        match error {
            AppError::Refused(refusal) => Problem::refused(refusal),
            AppError::NotFound(what) => Problem::not_found(format!("{what} not found")),
            AppError::Forbidden(message) => Problem::new(StatusCode::FORBIDDEN, message),
            AppError::Invalid(message) => Problem::invalid(message),
            AppError::KeyReused => Problem::idempotency_key_reused(),
            AppError::Busy => Problem::typed(
                StatusCode::CONFLICT,
                "urn:redress:problem:busy",
                "The complaint is being changed by someone else",
                "other changes to the complaint kept arriving first; try again",
            ),
            AppError::Storage(error) => Problem::storage(error),
            error @ (AppError::CodeData(_) | AppError::Calendar(_) | AppError::Corrupt(_) | AppError::Pdf(_)) => {
                Problem::internal_logged(&error)
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let Inner { status, body, headers: extra } = *self.0;
        let mut response = (status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        for (name, value) in extra {
            headers.append(name, value);
        }
        response
    }
}
