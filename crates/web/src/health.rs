//! `GET /healthz`: is this instance able to serve? For load balancers,
//! container orchestrators and uptime monitors.

use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;

/// 200 `ok` when the database answers, 503 otherwise. The body says no
/// more than that: it is public, and the cause goes to the log instead.
pub(crate) async fn check(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.app().ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::warn!(%error, "health check failed: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
