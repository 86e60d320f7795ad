//! [`AppState`]: what every handler may use, shared across requests.

use std::fmt;

use redress_app::App;

/// The state handed to every handler. Cheap to clone (axum clones it per
/// request): the [`App`] inside is a set of handles to shared things.
#[derive(Clone)]
pub struct AppState {
    app: App,
    secure_cookies: bool,
}

impl AppState {
    /// State around the application (a connected, migrated database, the
    /// calendar and the clock).
    /// Session cookies are marked `Secure`.
    pub fn new(app: App) -> AppState {
        AppState { app, secure_cookies: true }
    }

    /// Whether session cookies are marked `Secure` (sent only over https). Turn it off only
    /// when the server is reached over plain http on this machine (`redress serve` does so
    /// when it listens on a loopback address), where some browsers would otherwise drop
    /// the cookie.
    pub fn with_secure_cookies(self, secure_cookies: bool) -> AppState {
        AppState { secure_cookies, ..self }
    }

    /// Whether session cookies are marked `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies
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
            .finish_non_exhaustive()
    }
}
