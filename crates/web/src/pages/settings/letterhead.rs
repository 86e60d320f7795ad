//! `/settings/letterhead`: the letterhead every letter has (the name, address and complaints
//! contact details from the organisation's details), and its logo: uploaded with its
//! alternative text (a `multipart/form-data` form), shown, and removed.

use askama::Template;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{AppError, MAX_LOGO_BYTES, Permission};
use redress_documents::Letterhead;

use crate::AppState;
use crate::pages::{Layout, PageError, Staff, render};

use super::letters::Logo;
use super::{Problems, admin_layout, invalid, problem_at};

/// The largest upload the logo form takes: room for a logo somewhat over the limit, so that
/// the page can say what the limit is rather than the server cutting the upload off.
pub(crate) const MAX_LOGO_UPLOAD_BYTES: usize = 4 * MAX_LOGO_BYTES;

#[derive(Template)]
#[template(path = "settings/letterhead.html")]
struct LetterheadPage {
    layout: Layout,
    errors: Problems,
    name: String,
    lines: Vec<String>,
    logo: Option<Logo>,
    alt_text: String,
    max_kb: usize,
}

async fn page(state: &AppState, staff: &Staff, errors: Problems, alt_text: String) -> Result<Response, PageError> {
    let layout = admin_layout(staff, "Letterhead", Permission::ManageSettings, &errors)?;
    let Letterhead { name, address, contact, logo } = state.app().own_letterhead(&staff.actor).await?;
    let page = LetterheadPage {
        layout,
        name,
        lines: [address, contact].concat(),
        logo: logo.as_ref().map(Logo::of),
        alt_text,
        max_kb: MAX_LOGO_BYTES / 1024,
        errors,
    };
    Ok(if page.errors.is_empty() { render(StatusCode::OK, &page) } else { invalid(&page) })
}

/// `GET /settings/letterhead`.
pub(crate) async fn letterhead(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    page(&state, &staff, Problems::default(), String::new()).await
}

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    file: Vec<u8>,
    media_type: String,
    alt_text: String,
}

/// Reads the upload's fields; a file input left empty sends a part with no bytes.
async fn read(multipart: &mut Multipart) -> Result<Upload, MultipartError> {
    let mut upload = Upload::default();
    while let Some(field) = multipart.next_field().await? {
        match field.name() {
            Some("logo") => {
                upload.media_type = field.content_type().unwrap_or_default().to_owned();
                upload.file = field.bytes().await?.to_vec();
            }
            Some("alt_text") => upload.alt_text = field.text().await?,
            _ => {}
        }
    }
    Ok(upload)
}

/// `POST /settings/letterhead`: upload a logo.
pub(crate) async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let mut multipart = multipart.map_err(|rejection| PageError::from(AppError::Invalid(rejection.body_text())))?;
    let upload = match read(&mut multipart).await {
        Ok(upload) => upload,
        Err(error) => {
            let message = if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                format!("The logo must be smaller than {} KB", MAX_LOGO_BYTES / 1024)
            } else {
                "The form could not be read: try again".to_owned()
            };
            return page(&state, &staff, Problems::one("logo", message), String::new()).await;
        }
    };
    let Upload { file, media_type, alt_text } = upload;
    match state.app().save_logo(&staff.actor, file, &media_type, &alt_text).await {
        Ok(()) => Ok(Redirect::to("/settings/letterhead").into_response()),
        Err(error) => {
            let field = if error.to_string().contains("alternative text") { "alt_text" } else { "logo" };
            page(&state, &staff, problem_at(field, error)?, alt_text).await
        }
    }
}

/// `POST /settings/letterhead/remove`: remove the logo.
pub(crate) async fn remove(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    state.app().remove_logo(&staff.actor).await?;
    Ok(Redirect::to("/settings/letterhead").into_response())
}
