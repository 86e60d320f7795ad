//! Every URL of Redress, in one place, and the middleware around them.

use axum::Router;
use axum::routing::get;
use tower_http::trace::TraceLayer;

use crate::{AppState, health, home};

/// The application: all routes, with request tracing. Unknown paths get
/// axum's empty 404.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home::page))
        .route("/healthz", get(health::check))
        // One span per request (method, URI, status, latency) in the logs.
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
