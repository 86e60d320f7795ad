//! `GET /sign-in`, `POST /sign-in`, `POST /sign-out`.
//!
//! Every refusal gets the same message, whatever the reason, so that the page does not say
//! whether an account exists; too many failures get a message saying to wait.

use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::SignIn;
use serde::Deserialize;

use super::session::{client_address, end_cookie, session_id, start_cookie};
use super::{FieldError, Layout, PageError, render};
use crate::AppState;

/// The sign-in page.
#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    errors: Vec<FieldError>,
    email: String,
    email_error: String,
    password_error: String,
}

impl SignInPage {
    fn new(email: String, errors: Vec<FieldError>) -> SignInPage {
        let error_of = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.clone());
        let email_error = error_of("email").unwrap_or_default();
        let password_error = error_of("password").unwrap_or_default();
        let mut layout = Layout::anonymous("Sign in");
        layout.has_errors = !errors.is_empty();
        SignInPage { layout, errors, email, email_error, password_error }
    }
}

/// What the sign-in form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct Credentials {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// The request's session id and address, taken before the form body.
pub(crate) struct Origin {
    session: Option<String>,
    address: String,
}

impl FromRequestParts<AppState> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Origin, Self::Rejection> {
        Ok(Origin { session: session_id(parts), address: client_address(parts, state.trusted_proxies()) })
    }
}

/// The sign-in form.
pub(crate) async fn form() -> Response {
    render(StatusCode::OK, &SignInPage::new(String::new(), Vec::new()))
}

/// Checks the form and signs in, or shows the form again with an error summary.
pub(crate) async fn submit(
    State(state): State<AppState>,
    origin: Origin,
    Form(form): Form<Credentials>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    if form.email.trim().is_empty() {
        errors.push(FieldError { field: "email", message: "Enter your email address".into() });
    }
    if form.password.is_empty() {
        errors.push(FieldError { field: "password", message: "Enter your password".into() });
    }
    if !errors.is_empty() {
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &SignInPage::new(form.email, errors)));
    }
    let (status, message, retry_after) = match state.app().sign_in(&form.email, &form.password, &origin.address).await?
    {
        SignIn::SignedIn { session, .. } => {
            // A new id on every sign-in (no session fixation); the old one, if any, ends.
            if let Some(old) = origin.session {
                state.app().sign_out(&old).await?;
            }
            let cookie = HeaderValue::try_from(start_cookie(&session, state.secure_cookies()))
                .map_err(|_| PageError::from(redress_app::AppError::Invalid("bad session id".into())))?;
            let mut response = Redirect::to("/").into_response();
            response.headers_mut().insert(SET_COOKIE, cookie);
            return Ok(response);
        }
        SignIn::Refused => (StatusCode::UNAUTHORIZED, "Enter a correct email address and password", None),
        // One message whichever limit was reached, so it tells nothing about the account.
        SignIn::Throttled { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            "There have been too many attempts to sign in. Wait 15 minutes and try again",
            Some(retry_after),
        ),
    };
    let errors = vec![FieldError { field: "email", message: message.into() }];
    let mut response = render(status, &SignInPage::new(form.email, errors));
    if let Some(wait) = retry_after {
        // Whole seconds, rounded up, so that a client waiting that long is not refused again.
        let seconds = wait.as_secs() + i64::from(wait.subsec_nanos() > 0);
        response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    }
    Ok(response)
}

/// Ends the session and goes back to the sign-in page.
pub(crate) async fn sign_out(State(state): State<AppState>, origin: Origin) -> Result<Response, PageError> {
    if let Some(session) = origin.session {
        state.app().sign_out(&session).await?;
    }
    let mut response = Redirect::to("/sign-in").into_response();
    if let Ok(cookie) = HeaderValue::try_from(end_cookie(state.secure_cookies())) {
        response.headers_mut().insert(SET_COOKIE, cookie);
    }
    Ok(response)
}
