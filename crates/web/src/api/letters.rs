//! Letters from a case (issue 11): issuing one (`POST /complaints/{id}/letters`: rendered from
//! the case, recorded with its PDF and HTML and their SHA-256, and sent by email and/or queued
//! for post, in one transaction) and previewing one (`GET /complaints/{id}/letters/preview`).
//! A letter that lacks a required element is a 422 problem naming the provision and the
//! element; a letter the case has not reached is a 409.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use redress_app::{IssueLetter, IssuedLetter, LetterDelivery, LetterExtra, LetterPreview};
use redress_domain::ids::ComplaintId;
use redress_letters::LetterKind;
use redress_storage::AttachmentInfo;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::{ApiPath, ApiQuery, Caller};
use super::keyed::{self, KEY_DOC, KeyedJson};
use super::{Created, PREFIX};
use crate::AppState;
use crate::problem::{Problem, ProblemBody};

/// A letter to issue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLetter {
    /// Which letter.
    pub kind: LetterKind,
    /// How it goes: `email` (the PDF attached), `post` (the PDF to the print queue) or `both`.
    /// Default: as the resident's recorded contact preference says.
    #[serde(default)]
    pub delivery: Option<LetterDelivery>,
    /// In large print (Code 5.10). Default: as the resident's format and adjustments say.
    #[serde(default)]
    pub large_print: Option<bool>,
    /// For an update while a response is awaited (Code 5.9): what to say about progress.
    #[serde(default)]
    pub message: Option<String>,
    /// For an update (Code 5.9): the date of the next one.
    #[serde(default)]
    pub next_update: Option<Date>,
}

/// A file of an issued letter, with its checksum.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterFile {
    /// The attachment's id.
    pub id: String,
    /// The file's name.
    pub file_name: String,
    /// `application/pdf` or `text/html`.
    pub media_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// The SHA-256 of its bytes, lowercase hex (Code 5.12).
    pub sha256: String,
}

/// A letter issued.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedLetterBody {
    /// The complaint.
    pub complaint_id: String,
    /// The outgoing correspondence that records the letter.
    pub correspondence_id: String,
    /// Its subject: the letter's title.
    pub subject: String,
    /// The letter as a tagged PDF.
    pub pdf: LetterFile,
    /// The letter as HTML (the email's body, the record's copy).
    pub html: LetterFile,
    /// The email that sends it, when it goes by email.
    pub email_id: Option<String>,
    /// The print queue's entry, when it goes by post.
    pub print_item_id: Option<String>,
}

fn file(info: &AttachmentInfo) -> LetterFile {
    LetterFile {
        id: info.id.to_string(),
        file_name: info.file_name.clone(),
        media_type: info.media_type.clone(),
        size_bytes: info.size_bytes,
        sha256: info.sha256.clone(),
    }
}

impl From<&IssuedLetter> for IssuedLetterBody {
    fn from(issued: &IssuedLetter) -> IssuedLetterBody {
        IssuedLetterBody {
            complaint_id: issued.view.id.to_string(),
            correspondence_id: issued.correspondence.item.id.to_string(),
            subject: issued.correspondence.item.subject.clone(),
            pdf: file(&issued.pdf),
            html: file(&issued.html),
            email_id: issued.email.as_ref().map(ToString::to_string),
            print_item_id: issued.print.as_ref().map(|p| p.id.to_string()),
        }
    }
}

/// Issues a letter from the case: rendered from the complaint's record (refused, 422, when it
/// lacks an element the Code requires, naming the provision and the element; 409 when the case
/// has not reached what the letter is about), recorded as outgoing correspondence with its PDF
/// and HTML and their SHA-256 (Code 5.12) and its event on the timeline, and sent by email
/// (the PDF attached) and/or queued for post, in one transaction. An issued letter is never
/// changed.
#[utoipa::path(post, path = "/complaints/{id}/letters", tag = "Transitions",
    params(("id" = String, Path, description = "The complaint's id"),
        ("Idempotency-Key" = Option<String>, Header, description = KEY_DOC)),
    request_body = NewLetter,
    responses(
        (status = 201, description = "The letter issued; `Location` is its PDF", body = IssuedLetterBody,
            headers(("Location" = String, description = "The letter's PDF"))),
    ),
    security(("bearer" = [])))]
pub async fn issue(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ComplaintId>,
    request: KeyedJson<NewLetter>,
) -> Result<Response, Problem> {
    let key = request.key(StatusCode::CREATED);
    let body = request.body;
    let input = IssueLetter {
        kind: body.kind,
        delivery: body.delivery,
        large_print: body.large_print,
        message: body.message,
        next_update: body.next_update,
    };
    let issued = state.app().issue_letter(&actor, &id, input, key.as_ref()).await?;
    let body = IssuedLetterBody::from(&issued);
    let location =
        format!("{PREFIX}/complaints/{}/correspondence/{}/attachments/{}", id, body.correspondence_id, body.pdf.id);
    Ok(keyed::mark(Created::new(location, body).into_response(), issued.replayed))
}

/// Which letter to preview.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    /// Which letter.
    pub kind: LetterKind,
    /// In large print. Default: as the resident's format and adjustments say.
    #[serde(default)]
    pub large_print: Option<bool>,
}

/// A required element a letter lacks.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingElement {
    /// The provision, as the Code numbers it ("6.9 e").
    pub provision: String,
    /// What is missing.
    pub element: String,
}

/// How easy a letter is to read.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadabilityBody {
    /// Flesch reading ease (60 and above is plain English).
    pub reading_ease: f64,
    /// Words per sentence, on average.
    pub words_per_sentence: f64,
    /// The longest sentence.
    pub longest_sentence: String,
    /// Its words.
    pub longest_sentence_words: usize,
}

/// A letter as it would be issued now.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterPreviewBody {
    /// Which letter.
    pub kind: LetterKind,
    /// The letter as a whole HTML page.
    pub html: String,
    /// How easy it is to read.
    pub readability: ReadabilityBody,
    /// The required elements it lacks: when any, it cannot be issued.
    pub missing: Vec<MissingElement>,
    /// How it would go unless chosen otherwise: from the resident's contact preference.
    pub delivery: LetterDelivery,
    /// Whether it would be in large print.
    pub large_print: bool,
}

impl From<LetterPreview> for LetterPreviewBody {
    fn from(preview: LetterPreview) -> LetterPreviewBody {
        let r = preview.readability;
        LetterPreviewBody {
            kind: preview.kind,
            html: preview.html,
            readability: ReadabilityBody {
                reading_ease: r.reading_ease,
                words_per_sentence: r.words_per_sentence,
                longest_sentence: r.longest_sentence,
                longest_sentence_words: r.longest_sentence_words,
            },
            missing: preview
                .missing
                .into_iter()
                .map(|e| MissingElement { provision: e.provision, element: e.name })
                .collect(),
            delivery: preview.choices.delivery,
            large_print: preview.choices.large_print,
        }
    }
}

/// A letter as it would be issued now, with its readability, what it lacks and the delivery
/// preselected from the resident's record. Nothing is recorded.
#[utoipa::path(get, path = "/complaints/{id}/letters/preview", tag = "Complaints",
    params(("id" = String, Path, description = "The complaint's id"), PreviewQuery),
    responses(
        (status = 200, description = "The letter as it would be issued", body = LetterPreviewBody),
        (status = 409, description = "The case has not reached what the letter is about",
            body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "The organisation's template for the letter cannot be used",
            body = ProblemBody, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn preview(
    State(state): State<AppState>,
    Caller(actor): Caller,
    ApiPath(id): ApiPath<ComplaintId>,
    ApiQuery(query): ApiQuery<PreviewQuery>,
) -> Result<Json<LetterPreviewBody>, Problem> {
    let extra = LetterExtra { large_print: query.large_print, ..LetterExtra::default() };
    let preview = state.app().preview_letter(&actor, &id, query.kind, &extra).await?;
    Ok(Json(preview.into()))
}
