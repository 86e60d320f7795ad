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

use serde_json::{Value, json};

use super::BEARER;
use super::keyed::{IDEMPOTENCY_KEY, KEY_PATTERN, MAX_KEY_LENGTH};
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
        (name = "Settings", description = "What the organisation's settings give residents"),
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
    /// On an operation that changes something, or a list read by a cursor (one the API did
    /// not give out is refused), with a token.
    ChangingOrCursor,
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
        "Refused: the Code forbids it (with `provision`), or it cannot be carried out as given (a text too long or \
         holding a control character, a cursor the API did not give out)",
        When::ChangingOrCursor,
    ),
    (500, "InternalServerError", "Something went wrong on the server; the cause is logged", When::Always),
];

/// The operations whose request body names records that must exist in the caller's
/// organisation (a complaint's resident, property, representative, service requests; a
/// service request's resident and property): a missing one is 404, as on a path.
const BODY_NAMES_A_RECORD: [&str; 2] = ["/api/v1/complaints", "/api/v1/service-requests"];

/// The lists read by a `cursor`.
const READ_BY_CURSOR: [&str; 2] = ["/api/v1/complaints", "/api/v1/residents"];

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
        let cursor = READ_BY_CURSOR.contains(&path.as_str());
        let changes = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in changes.into_iter().flatten() {
            add_to(operation, named || body_names, true, false);
        }
        for operation in [&mut item.get, &mut item.head].into_iter().flatten() {
            add_to(operation, named, false, cursor);
        }
    }
}

fn add_to(operation: &mut Operation, named: bool, changes: bool, cursor: bool) {
    let authenticated = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    for (status, name, _, when) in PROBLEMS {
        let applies = match when {
            When::Always => true,
            When::Authenticated => authenticated,
            When::NamedRecord => authenticated && named,
            When::Changing => authenticated && changes,
            When::ChangingOrCursor => authenticated && (changes || cursor),
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
        let written = serde_json::to_value(crate::routes::api_document()).and_then(|mut document| {
            make_exact(&mut document);
            serde_json::to_string_pretty(&document)
        });
        written.unwrap_or_else(|error| {
            tracing::error!(%error, "the OpenAPI document could not be written");
            String::new()
        })
    })
}

/// Says in the document what the server does where the annotations cannot:
///
/// - a request body with no required field may be left out, since an empty body is read as
///   `{}` (see `extract.rs`), so it is not `required`;
/// - the `Idempotency-Key` header takes 1 to 255 visible ASCII characters (see `keyed.rs`);
/// - a nullable string with a format (`["string", "null"]` with `format: date`) is spelled
///   `oneOf` a formatted string or null. The two mean the same, but generators of test data
///   (Schemathesis among them) drop the format from the first and send `""` as a valid date.
fn make_exact(document: &mut Value) {
    let schemas = document.pointer("/components/schemas").cloned().unwrap_or(Value::Null);
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for operation in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()) {
            if let Some(body) = operation.get_mut("requestBody") {
                let schema = body.pointer("/content/application~1json/schema").map(|s| resolve(s, &schemas));
                if schema.is_some_and(|s| s.get("required").and_then(Value::as_array).is_none_or(Vec::is_empty)) {
                    body["required"] = Value::Bool(false);
                }
            }
            let parameters = operation.get_mut("parameters").and_then(Value::as_array_mut);
            for parameter in parameters.into_iter().flatten() {
                if parameter["in"] == "header"
                    && parameter["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(IDEMPOTENCY_KEY))
                {
                    parameter["schema"] = json!({
                        "type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": KEY_PATTERN,
                    });
                }
            }
        }
    }
    nullable_formats_as_one_of(document);
}

/// `schema`, or the component it refers to.
fn resolve<'a>(schema: &'a Value, schemas: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => schemas.get(name).unwrap_or(schema),
        None => schema,
    }
}

/// Every `{"type": [T, "null"], "format": F, …}` in `value` as `{"oneOf": [{"type": T,
/// "format": F, …}, {"type": "null"}]}`, keeping its description beside the `oneOf`.
fn nullable_formats_as_one_of(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let nullable_formatted = map.contains_key("format")
                && map
                    .get("type")
                    .and_then(Value::as_array)
                    .is_some_and(|types| types.len() == 2 && types.iter().any(|t| t == "null"));
            if nullable_formatted {
                let types = map.remove("type").unwrap_or_default();
                let other = types.as_array().and_then(|t| t.iter().find(|t| *t != "null")).cloned();
                let description = map.remove("description");
                let mut inner = std::mem::take(map);
                inner.insert("type".to_owned(), other.unwrap_or(Value::Null));
                map.insert("oneOf".to_owned(), json!([Value::Object(inner), { "type": "null" }]));
                if let Some(description) = description {
                    map.insert("description".to_owned(), description);
                }
                return;
            }
            map.values_mut().for_each(nullable_formats_as_one_of);
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_formats_as_one_of),
        _ => {}
    }
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
