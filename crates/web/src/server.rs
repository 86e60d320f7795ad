//! Running the server on a listener until shutdown.
//!
//! Binding is the caller's job (the `redress` binary reads the address from
//! configuration; tests bind port 0), so these functions take a listener.

use std::future::Future;
use std::net::SocketAddr;

use tokio::net::TcpListener;

use crate::{AppState, WebError, router};

/// Serves Redress on `listener` until Ctrl-C or SIGTERM, then stops taking
/// new connections and returns once the requests in flight have finished.
///
/// The database is left open: the caller closes it
/// ([`Database::close`](redress_storage::Database::close)) when done.
///
/// # Errors
///
/// [`WebError`] if the server cannot run.
pub async fn serve(listener: TcpListener, state: AppState) -> Result<(), WebError> {
    serve_with_shutdown(listener, state, shutdown_signal()).await
}

/// As [`serve`], but shuts down gracefully when `shutdown` completes
/// instead of on a signal: for tests, and for embedding.
///
/// # Errors
///
/// [`WebError`] if the server cannot run.
pub async fn serve_with_shutdown(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), WebError> {
    let address = listener.local_addr().map_err(WebError::LocalAddr)?;
    tracing::info!(%address, backend = %state.app().backend(), "listening");
    // With each connection's address, which the sign-in throttle counts failures by.
    let service = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await.map_err(WebError::Serve)?;
    tracing::info!("stopped");
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM (what `systemctl stop`,
/// `docker stop` and Kubernetes send).
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            // Without a handler we would stop at once; rather never stop
            // this way and rely on SIGTERM (or SIGKILL).
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut signals) => {
                signals.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
