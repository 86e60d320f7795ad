//! The web server of Redress.
//!
//! What belongs here: the routes ([`router`]), the handlers behind them, the
//! shared [`AppState`], and running the server ([`serve`]). Handlers stay
//! thin: they call storage (and, later, use-case functions) and render.
//! What does not: SQL (in `redress-storage`), business rules (in
//! `redress-domain`), reading configuration (in the `redress` binary).

mod error;
mod health;
mod home;
mod routes;
mod server;
mod state;

pub use error::WebError;
pub use routes::router;
pub use server::{serve, serve_with_shutdown};
pub use state::AppState;
