//! [`AppState`]: what every handler may use, shared across requests.

use std::fmt;

use redress_app::App;

use crate::TrustedProxies;

/// The state handed to every handler. Cheap to clone (axum clones it per
/// request): the [`App`] inside is a set of handles to shared things.
#[derive(Clone)]
pub struct AppState {
    app: App,
    secure_cookies: bool,
    https: bool,
    trusted_proxies: TrustedProxies,
}

impl AppState {
    /// State around the application (a connected, migrated database, the
    /// calendar and the clock).
    /// Session cookies are marked `Secure`; no `Strict-Transport-Security`; no proxy trusted.
    pub fn new(app: App) -> AppState {
        AppState { app, secure_cookies: true, https: false, trusted_proxies: TrustedProxies::default() }
    }

    /// Whether Redress is known to be served over https (its public address starts
    /// `https://`): then every response carries `Strict-Transport-Security`, so that
    /// browsers never again reach it over plain http, and session cookies are `Secure`.
    pub fn with_https(self, https: bool) -> AppState {
        AppState { https, ..self }
    }

    /// Whether Redress is known to be served over https.
    pub fn https(&self) -> bool {
        self.https
    }

    /// The reverse proxies whose `X-Forwarded-For` or `Forwarded` headers are believed when
    /// working out a client's address (for the sign-in throttle).
    pub fn with_trusted_proxies(self, trusted_proxies: TrustedProxies) -> AppState {
        AppState { trusted_proxies, ..self }
    }

    /// The reverse proxies trusted.
    pub fn trusted_proxies(&self) -> &TrustedProxies {
        &self.trusted_proxies
    }

    /// Whether session cookies are marked `Secure` (sent only over https). Turn it off only
    /// when the server is reached over plain http on this machine (`redress serve` does so
    /// when it listens on a loopback address), where some browsers would otherwise drop
    /// the cookie.
    pub fn with_secure_cookies(self, secure_cookies: bool) -> AppState {
        AppState { secure_cookies, ..self }
    }

    /// Whether session cookies are marked `Secure`: always when served over https.
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies || self.https
    }

    /// The use cases.
    pub fn app(&self) -> &App {
        &self.app
    }
}

/// Shows the database backend only: the clock and calendar say nothing useful.
impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("backend", &self.app.backend())
            .field("secure_cookies", &self.secure_cookies)
            .field("https", &self.https)
            .field("trusted_proxies", &self.trusted_proxies)
            .finish_non_exhaustive()
    }
}
