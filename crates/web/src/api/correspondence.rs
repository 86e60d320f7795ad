//! Correspondence in and out of a complaint, with attachments sent base64-encoded in the JSON
//! and stored with their SHA-256 (Code 5.12); and an attachment's bytes served back with that
//! checksum.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;
use redress_app::{AttachmentInput, CorrespondenceInput};
use redress_domain::complaint::{Channel, Direction};
use redress_domain::ids::{AttachmentId, ComplaintId, CorrespondenceId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::extract::{ApiPath, Caller};
use super::keyed::{self, KEY_DOC, KeyedJson};
use super::views::ComplaintBody;
use crate::AppState;
use crate::problem::Problem;

/// The largest request to record correspondence, attachments included (base64 adds a third).
pub const MAX_CORRESPONDENCE_BYTES: usize = 32 * 1024 * 1024;

/// `Digest` (RFC 3230) and its successor `Repr-Digest` (RFC 9530), with an attachment's
/// SHA-256.
const DIGEST: HeaderName = HeaderName::from_static("digest");
const REPR_DIGEST: HeaderName = HeaderName::from_static("repr-digest");

/// Correspondence to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCorrespondence {
    /// `incoming` (from the resident or their representative) or `outgoing`.
    pub direction: Direction,
    /// How it was sent or received.
    pub channel: Channel,
    /// A subject line, or a one-line summary of a call.
    pub subject: String,
    /// The text: the email or letter, or a note of the call.
    #[serde(default)]
    pub body: String,
    /// Files attached to it.
    #[serde(default)]
    pub attachments: Vec<NewAttachment>,
    /// When it was sent, received or took place (default: now).
    #[serde(default)]
    pub at: Option<Timestamp>,
}

/// A file attached to correspondence.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAttachment {
    /// The file's name.
    pub file_name: String,
    /// Its media type, such as `application/pdf`.
    pub media_type: String,
    /// The bytes, base64-encoded (standard alphabet, padded).
    // The pattern is what the decoder accepts: whole groups of four, and in a padded last
    // group the unused low bits zero.
    #[schema(
        content_encoding = "base64",
        pattern = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$"
    )]
    pub content_base64: String,
    /// The SHA-256 of the bytes in hex, if the sender has it: the request is refused (422)
    /// when the bytes do not match.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// Records correspondence in or out, with its attachments, on the complaint's record
/// (Code 5.12).
#[utoipa::path(post, path = "/complaints/{id}/correspondence", tag = "Transitions",
    params(("id" = String, Path, description = "The complaint's id"),
        ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    request_body = NewCorrespondence,
    responses((status = 200, description = "The complaint after the change", body = ComplaintBody)),
    security(("bearer" = [])))]
pub async fn record(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ComplaintId>,
    request: KeyedJson<NewCorrespondence>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::OK);
    let body = request.body;
    let mut attachments = Vec::new();
    for attachment in body.attachments {
        let content = STANDARD.decode(attachment.content_base64.trim()).map_err(|e| {
            Problem::bad_request(format!("attachment '{}' is not valid base64: {e}", attachment.file_name))
        })?;
        attachments.push(AttachmentInput {
            file_name: attachment.file_name,
            media_type: attachment.media_type,
            content,
            sha256: attachment.sha256,
        });
    }
    let input = CorrespondenceInput {
        direction: body.direction,
        channel: body.channel,
        subject: body.subject,
        body: body.body,
        occurred_at: body.at,
        attachments,
    };
    let answer = state.app().record_correspondence_keyed(&actor, &id, input, key.as_ref()).await?;
    Ok(keyed::answer(answer))
}

/// An attachment's bytes, with its media type, its SHA-256 as the `ETag` and in `Digest` and
/// `Repr-Digest`. The bytes are checked against the SHA-256 recorded when they were stored
/// before they are sent.
#[utoipa::path(get, path = "/complaints/{id}/correspondence/{cid}/attachments/{aid}", tag = "Complaints",
    params(
        ("id" = String, Path, description = "The complaint's id"),
        ("cid" = String, Path, description = "The correspondence's id"),
        ("aid" = String, Path, description = "The attachment's id"),
    ),
    // Served with the media type it was stored with, which may be any.
    responses((status = 200, description = "The attachment's bytes, with the media type it was stored with",
        content_type = "*/*",
        body = Vec<u8>,
        headers(
            ("ETag" = String, description = "The SHA-256 of the bytes in hex, quoted"),
            ("Digest" = String, description = "`sha-256=` and the SHA-256 in base64 (RFC 3230)"),
            ("Repr-Digest" = String, description = "`sha-256=:…:` (RFC 9530)"),
        ))),
    security(("bearer" = [])))]
pub async fn attachment(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath((id, cid, aid)): ApiPath<(ComplaintId, CorrespondenceId, AttachmentId)>,
) -> Result<Response, Problem> {
    let attachment = state.app().attachment(&actor, &id, &cid, &aid).await?;
    let info = &attachment.info;
    let digest = hex_to_base64(&info.sha256).ok_or_else(|| {
        tracing::error!(attachment = %info.id, "the stored SHA-256 is not hex");
        Problem::internal()
    })?;
    let media_type =
        HeaderValue::try_from(info.media_type.as_str()).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let headers = [
        (CONTENT_TYPE, media_type),
        (ETAG, header(format!("\"{}\"", info.sha256))?),
        (DIGEST, header(format!("sha-256={digest}"))?),
        (REPR_DIGEST, header(format!("sha-256=:{digest}:"))?),
        (CONTENT_DISPOSITION, header(format!("attachment; filename=\"{}\"", safe_file_name(&info.file_name)))?),
        (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (CACHE_CONTROL, HeaderValue::from_static("private, no-cache")),
    ];
    Ok((StatusCode::OK, headers, attachment.content).into_response())
}

fn header(text: String) -> Result<HeaderValue, Problem> {
    HeaderValue::try_from(text).map_err(|error| {
        tracing::error!(%error, "a header could not be made");
        Problem::internal()
    })
}

/// A file name safe inside a quoted header parameter: printable ASCII other than `"` and
/// `\`; anything else becomes `_`.
pub(crate) fn safe_file_name(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect()
}

/// Lowercase hex as base64, or `None` if it is not hex.
pub(crate) fn hex_to_base64(hex: &str) -> Option<String> {
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .collect::<Option<Vec<u8>>>()?;
    Some(STANDARD.encode(bytes))
}
