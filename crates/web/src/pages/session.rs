//! The session cookie and the [`Staff`] extractor.
//!
//! The cookie holds only a random session id; the session itself (whose, until when) is
//! in the database, so signing out or disabling the user ends it at once.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::Actor;

use super::{Layout, PageError, Section};
use crate::assets::page_assets;
use crate::{AppState, TrustedProxies};

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "redress_session";

/// The session id in a request's cookies, if any.
pub(crate) fn session_id(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

/// The `Set-Cookie` value starting a session. `HttpOnly` keeps it from scripts;
/// `SameSite=Lax` keeps other sites' forms from sending it; `Secure` unless the server was
/// told it is reached over plain http on this machine. No `Max-Age`: it ends with the
/// browser, and the database ends it sooner when idle.
pub(crate) fn start_cookie(session: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

/// The `Set-Cookie` value removing the session cookie.
pub(crate) fn end_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
}

/// The network address a request came from, for throttling sign-in: the connecting peer's,
/// or behind a trusted proxy the client's it forwarded ([`TrustedProxies::client_address`]);
/// "unknown" when the server was not given connection info (as in router tests).
pub(crate) fn client_address(parts: &Parts, proxies: &TrustedProxies) -> String {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(
        || "unknown".to_owned(),
        |ConnectInfo(peer)| proxies.client_address(peer.ip(), &parts.headers).to_string(),
    )
}

/// The signed-in member of staff, with their organisation's name. A request without a
/// live session is redirected to the sign-in page.
#[derive(Debug, Clone)]
pub(crate) struct Staff {
    /// Who they are and for which organisation they act.
    pub actor: Actor,
    /// Their organisation's name, for the header.
    pub organisation: String,
}

impl Staff {
    /// The layout of a page they see.
    pub(crate) fn layout(&self, title: impl Into<String>, section: Section) -> Layout {
        Layout {
            title: title.into(),
            organisation: self.organisation.clone(),
            user: Some(self.actor.name.clone()),
            section,
            has_errors: false,
            admin: self.actor.role.may(redress_app::Permission::ManageSettings),
            may_send: self.actor.role.may(redress_app::Permission::ChangeCases),
            reports: self.actor.role.may(redress_app::Permission::ReadReports),
            assets: page_assets(),
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, Response> {
        let Some(session) = session_id(parts) else { return Err(Redirect::to("/sign-in").into_response()) };
        let actor = match state.app().session_actor(&session).await {
            Ok(Some(actor)) => actor,
            Ok(None) => return Err(Redirect::to("/sign-in").into_response()),
            Err(error) => return Err(PageError::from(error).into_response()),
        };
        let organisation = match state.app().organisation_name(&actor).await {
            Ok(name) => name,
            Err(error) => return Err(PageError::from(error).into_response()),
        };
        Ok(Staff { actor, organisation })
    }
}
