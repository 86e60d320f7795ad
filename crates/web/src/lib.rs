//! The web server of Redress.
//!
//! What belongs here: the routes ([`router`]), the handlers behind them (the JSON API under
//! `/api/v1` in [`api`], the staff pages in `pages` with their templates in
//! `crates/web/templates` and static assets in `crates/web/static`), the shared [`AppState`], the API's error type ([`Problem`]), and
//! running the server ([`serve`]). Handlers stay thin: they parse the request, call one use
//! case of `redress-app`, and render. What does not: SQL (in `redress-storage`), business
//! rules (in `redress-domain`), use cases (in `redress-app`), reading configuration (in the
//! `redress` binary).

pub mod api;
mod assets;
mod error;
mod health;
mod pages;
mod problem;
mod proxies;
mod routes;
mod server;
mod state;

pub use error::WebError;
pub use pages::paths as page_paths;
pub use problem::{PROBLEM_JSON, Problem, ProblemBody};
pub use proxies::{IpRange, IpRangeError, TrustedProxies};
pub use routes::{api_document, router};
pub use server::{serve, serve_with_shutdown};
pub use state::AppState;
