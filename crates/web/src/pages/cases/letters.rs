//! `GET /cases/{id}/letters/new?kind=…`: a letter as it would be issued, for the handler to
//! read before sending: the letter itself (its HTML, in a frame of its own), its readability
//! (Flesch reading ease, the longest sentence), the required elements it lacks with their
//! provisions (and then no send button), and how it goes, preselected from the resident's
//! record (delivery, large print). `POST /cases/{id}/letters` issues it and returns to the case
//! page with a notification banner; a refusal shows the page again with an error summary.
//! Everything works without JavaScript: changing large print or the message is a GET form
//! that previews again.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{AppError, IssueLetter, LetterDelivery, LetterExtra, LetterPreview, Permission};
use redress_domain::ids::ComplaintId;
use redress_letters::LetterKind;
use serde::Deserialize;

use crate::AppState;
use crate::pages::{FieldError, IdPath, Layout, PageError, Section, Staff, render};

/// The letter page.
#[derive(Template)]
#[template(path = "cases/letter.html")]
struct LetterPage {
    layout: Layout,
    errors: Vec<FieldError>,
    id: ComplaintId,
    reference: String,
    kind: &'static str,
    /// The letter as a whole HTML page, shown in its own frame.
    html: String,
    reading_ease: String,
    words_per_sentence: String,
    longest_sentence: String,
    longest_sentence_words: usize,
    /// Each required element it lacks, with its provision.
    missing: Vec<String>,
    /// `(value, label, hint, checked)` of each way it can go.
    deliveries: Vec<(&'static str, &'static str, String, bool)>,
    large_print: bool,
    /// Whether the letter takes the handler's message (an update, Code 5.9).
    takes_message: bool,
    message: String,
}

/// What the preview is asked for.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PreviewQuery {
    /// The kind of letter.
    kind: Option<String>,
    /// "yes" when large print is ticked.
    large_print: Option<String>,
    /// Present when the preview form was sent, so an unticked box means "no".
    chosen: Option<String>,
    /// The handler's message, for an update.
    message: Option<String>,
}

/// What issuing sends.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct IssueForm {
    kind: Option<String>,
    delivery: Option<String>,
    /// "yes" or "no".
    large_print: Option<String>,
    message: Option<String>,
}

fn kind_of(name: Option<&str>) -> Result<LetterKind, PageError> {
    name.and_then(LetterKind::named).ok_or_else(PageError::not_found)
}

fn extra(large_print: Option<bool>, message: Option<String>) -> LetterExtra {
    LetterExtra { large_print, message: message.filter(|m| !m.trim().is_empty()), next_update: None }
}

/// `GET /cases/{id}/letters/new`.
pub(crate) async fn preview(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
    Query(query): Query<PreviewQuery>,
) -> Result<Response, PageError> {
    let kind = kind_of(query.kind.as_deref())?;
    let large_print = query.chosen.is_some().then(|| query.large_print.as_deref() == Some("yes"));
    let extra = extra(large_print, query.message);
    let preview = state.app().preview_letter(&staff.actor, &id, kind, &extra).await?;
    Ok(page(&staff, id, preview, extra.message, None, Vec::new()))
}

/// `POST /cases/{id}/letters`.
pub(crate) async fn issue(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
    Form(form): Form<IssueForm>,
) -> Result<Response, PageError> {
    // Who may not send letters is told so, whatever the form holds.
    staff.actor.require(Permission::ChangeCases)?;
    let kind = kind_of(form.kind.as_deref())?;
    let delivery = form.delivery.as_deref().and_then(LetterDelivery::named);
    let large_print = form.large_print.as_deref().map(|answer| answer == "yes");
    let extra = extra(large_print, form.message);
    let Some(chosen) = delivery else {
        let error = FieldError { field: "delivery", message: "Select how to send the letter".into() };
        let preview = state.app().preview_letter(&staff.actor, &id, kind, &extra).await?;
        return Ok(page(&staff, id, preview, extra.message, None, vec![error]));
    };
    let input = IssueLetter {
        kind,
        delivery: Some(chosen),
        large_print: extra.large_print,
        message: extra.message.clone(),
        next_update: None,
    };
    match state.app().issue_letter(&staff.actor, &id, input, None).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}?issued={}#letters", kind.as_str())).into_response()),
        Err(error @ (AppError::Refused(_) | AppError::Invalid(_))) => {
            let message = redress_domain::refusal::as_sentence(&error.to_string());
            let error = FieldError { field: "delivery", message };
            let preview = state.app().preview_letter(&staff.actor, &id, kind, &extra).await?;
            Ok(page(&staff, id, preview, extra.message, Some(chosen), vec![error]))
        }
        Err(other) => Err(other.into()),
    }
}

fn page(
    staff: &Staff,
    id: ComplaintId,
    preview: LetterPreview,
    message: Option<String>,
    chosen: Option<LetterDelivery>,
    errors: Vec<FieldError>,
) -> Response {
    let mut layout = staff.layout(format!("{}: preview", preview.kind.label()), Section::Cases);
    layout.has_errors = !errors.is_empty();
    let choices = &preview.choices;
    let checked = chosen.unwrap_or(choices.delivery);
    let email_hint = if choices.email_to.is_empty() {
        "No email address is recorded".to_owned()
    } else {
        format!("To {}", choices.email_to.join(", "))
    };
    let post_hint = choices.post_to.as_ref().map_or_else(
        || "No postal address is recorded".to_owned(),
        |address| format!("To {}; it goes to the print queue", address.replace('\n', ", ")),
    );
    let hint = |delivery: LetterDelivery| match delivery {
        LetterDelivery::Email => email_hint.clone(),
        LetterDelivery::Post => post_hint.clone(),
        LetterDelivery::Both => "Both of the above".to_owned(),
    };
    let r = &preview.readability;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = LetterPage {
        layout,
        errors,
        id,
        reference: preview.reference.clone(),
        kind: preview.kind.as_str(),
        html: preview.html.clone(),
        reading_ease: format!("{:.1}", r.reading_ease),
        words_per_sentence: format!("{:.1}", r.words_per_sentence),
        longest_sentence: r.longest_sentence.clone(),
        longest_sentence_words: r.longest_sentence_words,
        missing: preview.missing.iter().map(ToString::to_string).collect(),
        deliveries: LetterDelivery::ALL.into_iter().map(|d| (d.as_str(), d.label(), hint(d), d == checked)).collect(),
        large_print: choices.large_print,
        takes_message: preview.kind == LetterKind::KeepingInformed,
        message: message.unwrap_or_default(),
    };
    render(status, &page)
}
