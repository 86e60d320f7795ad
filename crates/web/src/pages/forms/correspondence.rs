//! `GET`/`POST /cases/{id}/correspondence`: recording correspondence in or out of a case
//! (Code 5.12), with files attached through a `multipart/form-data` upload; and
//! `GET /cases/{id}/correspondence/{cid}/attachments/{aid}`: an attachment's bytes.
//!
//! The files go to the application's `record_correspondence`, which stores them with their
//! SHA-256; the download checks the bytes against it and sends it as the `ETag` and in
//! `Repr-Digest`. A form that cannot be recorded is shown again with its text kept, but a
//! browser cannot be given files back, so the hint asks for them again.

use crate::pages::IdPath;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, ETAG};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{AppError, AttachmentInput, CorrespondenceInput, Permission};
use redress_domain::complaint::{Channel, Direction};
use redress_domain::ids::{AttachmentId, ComplaintId, CorrespondenceId};

use super::fields::{pairs, variant};
use super::options::channels;
use super::when::Bounds;
use super::{Builder, Built, CaseForm, FormError, Values, Widget, refused, show_form};
use crate::AppState;
use crate::api::correspondence::{MAX_CORRESPONDENCE_BYTES, hex_to_base64, safe_file_name};
use crate::pages::{PageError, Staff};

/// `Repr-Digest` (RFC 9530), with an attachment's SHA-256.
const REPR_DIGEST: HeaderName = HeaderName::from_static("repr-digest");

/// The form's fields, and the correspondence if they could all be read.
fn correspondence_form(
    values: &Values,
    caption: String,
    files: Vec<AttachmentInput>,
    bounds: &Bounds,
) -> (Built, Option<CorrespondenceInput>) {
    let mut b = Builder::new(values);
    let direction = b.choose(
        "direction",
        "Which way did it go?",
        "",
        Widget::Radios(pairs(&[
            ("incoming", "Received from the resident or their representative"),
            ("outgoing", "Sent by us"),
        ])),
        "Select whether it was received or sent",
    );
    let channel = b.choose("channel", "How", "", Widget::Select(channels()), "Select how it was sent or received");
    b.add("subject", "Subject", "The subject line, or a one-line summary of a call", Widget::Text);
    let subject = values.text("subject");
    if subject.is_empty() {
        b.fail("subject", "subject", "Enter the subject");
    }
    b.add("body", "Text", "The email or letter, or a note of the call", Widget::Textarea);
    let occurred_at = b.when("sent or received", bounds);
    b.add(
        "attachments",
        "Attachments",
        &format!(
            "You can choose several files, up to {} MB in all. If this form shows an error, choose them again.",
            MAX_CORRESPONDENCE_BYTES / (1024 * 1024)
        ),
        Widget::File,
    );
    let input =
        match (direction.as_deref().and_then(variant::<Direction>), channel.as_deref().and_then(variant::<Channel>)) {
            (Some(direction), Some(channel)) if b.errors.is_empty() => Some(CorrespondenceInput {
                direction,
                channel,
                subject,
                body: values.text("body"),
                occurred_at,
                attachments: files,
            }),
            _ => None,
        };
    let mut built = Built::from(b, "Record correspondence", caption, "Record correspondence", None);
    built.multipart = true;
    (built, input)
}

/// `GET /cases/{id}/correspondence`.
pub(crate) async fn form(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let app = state.app();
    let view = app.complaint(&staff.actor, &id).await?;
    let caption = format!("Complaint {}, stage {}", view.reference, view.stage);
    let bounds = Bounds { now: app.now(), received: Some(view.complaint.logged.received_at) };
    let (built, _) = correspondence_form(&Values::default(), caption, Vec::new(), &bounds);
    Ok(show_form(
        &staff,
        built.blank(),
        CaseForm::Correspondence.href(&id, None),
        format!("/cases/{id}"),
        StatusCode::OK,
    ))
}

/// A form field as read from the upload.
pub(crate) enum Part {
    Text(String, String),
    File(AttachmentInput),
}

/// Reads the upload's text fields and files; a file input left empty sends a part with no
/// name and no bytes, which is not a file.
pub(crate) async fn read(multipart: &mut Multipart) -> Result<Vec<Part>, (StatusCode, String)> {
    let mut parts = Vec::new();
    let failed = |error: axum::extract::multipart::MultipartError| {
        let status = error.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!("The files must be {} MB or smaller in all", MAX_CORRESPONDENCE_BYTES / (1024 * 1024))
        } else {
            "The form could not be read: try again".to_owned()
        };
        (status, message)
    };
    while let Some(field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let media_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
                let content = field.bytes().await.map_err(failed)?;
                if file_name.trim().is_empty() && content.is_empty() {
                    continue;
                }
                parts.push(Part::File(AttachmentInput {
                    file_name,
                    media_type,
                    content: content.to_vec(),
                    sha256: None,
                }));
            }
            None => parts.push(Part::Text(name, field.text().await.map_err(failed)?)),
        }
    }
    Ok(parts)
}

/// `POST /cases/{id}/correspondence`.
pub(crate) async fn record(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let app = state.app();
    let view = app.complaint(&staff.actor, &id).await?;
    // Only once the case is known to be the caller's: another landlord's case is not found,
    // whatever was posted.
    let mut multipart = multipart.map_err(|rejection| PageError::from(AppError::Invalid(rejection.body_text())))?;
    let caption = format!("Complaint {}, stage {}", view.reference, view.stage);
    let (path, back) = (CaseForm::Correspondence.href(&id, None), format!("/cases/{id}"));
    let (parts, unread) = match read(&mut multipart).await {
        Ok(parts) => (parts, None),
        Err(problem) => (Vec::new(), Some(problem)),
    };
    let mut texts = Vec::new();
    let mut files = Vec::new();
    for part in parts {
        match part {
            Part::Text(name, value) => texts.push((name, value)),
            Part::File(file) => files.push(file),
        }
    }
    let values = Values(texts);
    let bounds = Bounds { now: app.now(), received: Some(view.complaint.logged.received_at) };
    let (built, input) = correspondence_form(&values, caption, files, &bounds);
    if let Some((status, message)) = unread {
        let mut built = built.blank();
        built.errors.push(FormError { field: "attachments".into(), message });
        return Ok(show_form(&staff, built, path, back, status));
    }
    let Some(input) = input else {
        return Ok(show_form(&staff, built, path, back, StatusCode::BAD_REQUEST));
    };
    match app.record_correspondence(&staff.actor, &id, input).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(error) => Ok(refused(&staff, built, error, path, back)),
    }
}

/// `GET /cases/{id}/correspondence/{cid}/attachments/{aid}`: the bytes, checked against the
/// SHA-256 recorded when they were stored, with it as the `ETag` and in `Repr-Digest`.
pub(crate) async fn attachment(
    State(state): State<AppState>,
    staff: Staff,
    IdPath((id, cid, aid)): IdPath<(ComplaintId, CorrespondenceId, AttachmentId)>,
) -> Result<Response, PageError> {
    let attachment = state.app().attachment(&staff.actor, &id, &cid, &aid).await?;
    let info = &attachment.info;
    let header = |text: String| HeaderValue::try_from(text).map_err(|_| PageError::not_found());
    let digest = hex_to_base64(&info.sha256).ok_or_else(PageError::not_found)?;
    let media_type =
        HeaderValue::try_from(info.media_type.as_str()).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let headers = [
        (CONTENT_TYPE, media_type),
        (ETAG, header(format!("\"{}\"", info.sha256))?),
        (REPR_DIGEST, header(format!("sha-256=:{digest}:"))?),
        (CONTENT_DISPOSITION, header(format!("attachment; filename=\"{}\"", safe_file_name(&info.file_name)))?),
    ];
    Ok((StatusCode::OK, headers, attachment.content).into_response())
}
