//! Every URL of Redress, in one place, and the middleware around them.
//!
//! The JSON API is declared with `utoipa-axum`: each `routes!` entry adds the handler to the
//! router and its annotation to the OpenAPI document, so no route can be served without
//! being documented.
//!
//! The staff pages sit behind two more layers: CSRF protection (tower-http's Fetch
//! Metadata/Origin check: a cross-site POST is refused with 403, whatever cookies it
//! carries) and security headers. The API needs neither: it takes bearer tokens, which a
//! browser never sends on its own.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, Uri};
use axum::routing::get;
use tower_http::csrf::CsrfLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Document;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::correspondence::MAX_CORRESPONDENCE_BYTES;
use crate::api::openapi::{ApiDoc, add_problem_responses};
use crate::api::{
    PREFIX, calendar, complaints, correspondence, letters, openapi, properties, residents, service_requests, settings,
    transitions,
};
use crate::problem::Problem;
use crate::{AppState, assets, health, pages};

/// The application: all routes, with security headers and request tracing. Unknown paths get axum's empty 404,
/// except under `/api/v1`, where they get a problem.
pub fn router(state: AppState) -> Router {
    let (api, _) = api();
    // Only when served over https: sent over plain http it would lock browsers out of a
    // server that has no https to offer.
    let hsts = state.https().then(|| HeaderValue::from_static(HSTS));
    Router::new()
        .merge(pages())
        .route("/healthz", get(health::check))
        .route("/static/{*path}", get(assets::serve))
        .merge(api)
        .fallback(pages::not_found)
        .layer(SetResponseHeaderLayer::if_not_present(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::if_not_present(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        // Pages and API answers show personal data: never keep them in shared or
        // back/forward caches. (Static assets set their own.)
        .layer(SetResponseHeaderLayer::if_not_present(CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(STRICT_TRANSPORT_SECURITY, hsts))
        // One span per request (method, URI, status, latency) in the logs.
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Browsers are to use https only for this host for a year (renewed by every response).
const HSTS: &str = "max-age=31536000";

/// The security policy of every response: no inline scripts or styles (the JS-enabled
/// class is set by our module), no framing, forms post only to us.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// The staff pages, with CSRF protection. (Referrers are `same-origin`, not `no-referrer`,
/// which would stop browsers sending the Origin header the CSRF check reads.)
fn pages() -> Router<AppState> {
    pages::router().layer(CsrfLayer::new())
}

/// The OpenAPI document of the API: the routes' annotations, with the problem responses.
pub fn api_document() -> Document {
    api().1
}

/// The API's router and its document, from the same declarations.
fn api() -> (Router<AppState>, Document) {
    let (router, mut document) =
        OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(PREFIX, api_routes()).split_for_parts();
    add_problem_responses(&mut document);
    (router.method_not_allowed_fallback(method_not_allowed), document)
}

/// Every route of the API, relative to [`PREFIX`]. Handlers for the same path go in one
/// `routes!`.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(openapi::serve))
        .routes(routes!(residents::create, residents::list))
        .routes(routes!(residents::get))
        .routes(routes!(residents::add_representative))
        .routes(routes!(residents::restrict, residents::restrictions))
        .routes(routes!(properties::create, properties::list))
        .routes(routes!(service_requests::create, service_requests::list))
        .routes(routes!(service_requests::set_status))
        .routes(routes!(settings::ombudsman))
        .routes(routes!(settings::categories))
        .routes(routes!(complaints::create, complaints::list))
        .routes(routes!(complaints::get))
        .routes(routes!(complaints::file))
        .routes(routes!(calendar::list))
        .routes(routes!(transitions::not_accept))
        .routes(routes!(transitions::acknowledge))
        .routes(routes!(transitions::reassign))
        .routes(routes!(transitions::pass_handling))
        .routes(routes!(transitions::add_points))
        .routes(routes!(transitions::update_interval))
        .routes(routes!(transitions::extend))
        .routes(routes!(transitions::respond))
        .routes(routes!(transitions::escalate))
        .routes(routes!(transitions::refuse_escalation))
        .routes(routes!(transitions::offer_remedy))
        .routes(routes!(transitions::complete_remedy))
        .routes(routes!(transitions::add_action))
        .routes(routes!(transitions::update_action))
        .routes(routes!(transitions::complete_action))
        .routes(routes!(transitions::refer_to_ombudsman))
        .routes(routes!(transitions::record_determination))
        .routes(routes!(transitions::record_order_compliance))
        .routes(routes!(transitions::close))
        .routes(routes!(correspondence::attachment))
        .routes(routes!(letters::issue))
        .routes(routes!(letters::preview))
        // Attachments travel inside the JSON, so this one route takes larger bodies.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(correspondence::record))
                .layer(DefaultBodyLimit::max(MAX_CORRESPONDENCE_BYTES)),
        )
        .fallback(not_found)
}

async fn not_found(uri: Uri) -> Problem {
    Problem::not_found(format!("there is nothing at {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> Problem {
    Problem::new(axum::http::StatusCode::METHOD_NOT_ALLOWED, format!("{} does not take {method}", uri.path()))
}
