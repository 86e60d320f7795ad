//! The OpenAPI 3.1 document of the API, generated from the handlers' annotations and the
//! types they take and return, and served at `GET /api/v1/openapi.json` without a token.
//!
//! Handlers declare their success response only; [`add_problem_responses`] adds the problem
//! responses every operation can give, so they are described once.

use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Document, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::BEARER;
use crate::problem::{PROBLEM_JSON, ProblemBody};

/// The document's fixed parts; the paths come from the routes (see `routes.rs`).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Redress API",
        version = "1",
        description = "Complaint handling for social landlords in England under the Housing Ombudsman's \
                       Complaint Handling Code. Authenticate with `Authorization: Bearer <token>` (`redress user \
                       add` prints one). Errors are RFC 9457 `application/problem+json`; a refusal under the \
                       Code names the provision in `provision`. Everything is scoped to the caller's \
                       organisation: anything else is 404.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    components(schemas(ProblemBody)),
    modifiers(&BearerScheme),
    tags(
        (name = "People", description = "Residents, representatives, properties and service requests"),
        (name = "Complaints", description = "Logging, listing and reading complaints"),
        (name = "Transitions", description = "Each step of a complaint's life, one POST each"),
        (name = "Document", description = "This document"),
    )
)]
pub struct ApiDoc;

/// Adds the bearer-token security scheme.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("An API token")).build();
        components.add_security_scheme(BEARER, SecurityScheme::Http(scheme));
    }
}

/// When an operation can give a problem response.
#[derive(Clone, Copy, PartialEq, Eq)]
enum When {
    /// Always.
    Always,
    /// With a token.
    Authenticated,
    /// On a path naming a record (`{id}`), or a change whose body names one (see
    /// [`BODY_NAMES_A_RECORD`]), with a token.
    NamedRecord,
    /// On an operation that changes something, with a token.
    Changing,
}

/// The problem responses: status, name, description, and when an operation can give it.
const PROBLEMS: [(u16, &str, &str, When); 7] = [
    (400, "BadRequest", "Malformed request: JSON syntax or shape, query or header", When::Authenticated),
    (401, "Unauthorized", "No token, or not a live token of an enabled user", When::Authenticated),
    (403, "Forbidden", "The caller's role only reads", When::Changing),
    (
        404,
        "NotFound",
        "No such record in the caller's organisation (named in the path, or in the body of a new complaint or \
         service request)",
        When::NamedRecord,
    ),
    (
        409,
        "Conflict",
        "Not possible in the complaint's current state, or being changed by someone else",
        When::Changing,
    ),
    (
        422,
        "UnprocessableContent",
        "Refused: the Code forbids it (with `provision`), or it cannot be carried out as given",
        When::Changing,
    ),
    (500, "InternalServerError", "Something went wrong on the server; the cause is logged", When::Always),
];

/// The operations whose request body names records that must exist in the caller's
/// organisation (a complaint's resident, property, representative, service requests; a
/// service request's resident and property): a missing one is 404, as on a path.
const BODY_NAMES_A_RECORD: [&str; 2] = ["/api/v1/complaints", "/api/v1/service-requests"];

/// Adds to every operation the problem responses it can give, described once under
/// `components/responses`.
pub fn add_problem_responses(document: &mut Document) {
    let components = document.components.get_or_insert_with(Default::default);
    for (_, name, description, _) in PROBLEMS {
        let content = Content::new(Some(Ref::from_schema_name("Problem")));
        let response = ResponseBuilder::new().description(description).content(PROBLEM_JSON, content).build();
        components.responses.insert(name.to_owned(), RefOr::T(response));
    }
    for (path, item) in &mut document.paths.paths {
        let named = path.contains('{');
        let body_names = BODY_NAMES_A_RECORD.contains(&path.as_str());
        let changes = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in changes.into_iter().flatten() {
            add_to(operation, named || body_names, true);
        }
        for operation in [&mut item.get, &mut item.head].into_iter().flatten() {
            add_to(operation, named, false);
        }
    }
}

fn add_to(operation: &mut Operation, named: bool, changes: bool) {
    let authenticated = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    for (status, name, _, when) in PROBLEMS {
        let applies = match when {
            When::Always => true,
            When::Authenticated => authenticated,
            When::NamedRecord => authenticated && named,
            When::Changing => authenticated && changes,
        };
        if !applies {
            continue;
        }
        let reference = Ref::new(format!("#/components/responses/{name}"));
        operation.responses.responses.entry(status.to_string()).or_insert(RefOr::Ref(reference));
    }
}

/// The whole document as JSON text, built once.
pub fn document_json() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        serde_json::to_string_pretty(&crate::routes::api_document()).unwrap_or_else(|error| {
            tracing::error!(%error, "the OpenAPI document could not be written");
            String::new()
        })
    })
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "Document",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json")))]
pub async fn serve() -> Response {
    let json = document_json();
    if json.is_empty() {
        return crate::problem::Problem::internal().into_response();
    }
    (StatusCode::OK, [(CONTENT_TYPE, "application/json")], json).into_response()
}
