//! The print queue's pages (issue 11), for those who may send letters (who may change cases):
//! `GET /print` lists the letters waiting to be posted, grouped by the day they were queued
//! (in England), each with its recipient, its complaint (linked) and the letter; each letter's
//! PDF (`GET /print/letters/{id}`) and each day's letters as one PDF to print
//! (`GET /print/days/{day}`), joined from the PDFs as issued; and `POST /print/posted` marks the
//! letters ticked as posted, by the member of staff, now: checkboxes and a button, without
//! JavaScript. Ticking none is an error on the form.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use redress_domain::ids::PrintItemId;
use redress_storage::PrintItem;
use serde::Deserialize;

use super::cases::long_date;
use super::download::{PDF, download};
use super::{FieldError, Layout, PageError, Section, Staff, render};
use crate::AppState;

/// The form's checkboxes' name: each ticked one's value is a letter's id.
const LETTER_FIELD: &str = "letter";

/// One letter waiting to be posted.
struct LetterRow {
    id: String,
    complaint_id: String,
    reference: String,
    /// The correspondence's subject: which letter it is.
    subject: String,
    /// The name and address as the envelope reads, one line each.
    recipient: Vec<String>,
    /// When it was queued, in England: `14:05`.
    queued_at: String,
    /// Whether the form sent back had it ticked.
    ticked: bool,
}

/// The letters queued on one day.
struct Day {
    /// `2026-12-07`, for the day's PDF.
    date: String,
    /// `Monday 7 December 2026`.
    heading: String,
    letters: Vec<LetterRow>,
}

#[derive(Template)]
#[template(path = "print/queue.html")]
struct QueuePage {
    layout: Layout,
    days: Vec<Day>,
    errors: Vec<FieldError>,
    /// How many letters were just marked as posted.
    posted: Option<u64>,
}

/// The query of `GET /print`: what was just done.
#[derive(Debug, Deserialize)]
pub(crate) struct QueueQuery {
    /// How many letters were marked as posted, after the form.
    posted: Option<u64>,
}

/// `GET /print`.
pub(crate) async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<QueueQuery>,
) -> Result<Response, PageError> {
    page(&state, &staff, Vec::new(), &[], query.posted).await
}

/// The page with `errors`, and the letters `ticked` ticked.
async fn page(
    state: &AppState,
    staff: &Staff,
    errors: Vec<FieldError>,
    ticked: &[String],
    posted: Option<u64>,
) -> Result<Response, PageError> {
    let letters = state.app().letters_to_post(&staff.actor).await?;
    let mut layout = staff.layout("Letters to post", Section::Print);
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(render(status, &QueuePage { layout, days: days(letters, ticked), errors, posted }))
}

/// The letters by the day they were queued (the list comes ordered by day).
fn days(letters: Vec<PrintItem>, ticked: &[String]) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    for letter in letters {
        let on = letter.item.queued_on;
        if days.last().is_none_or(|day| day.date != on.to_string()) {
            days.push(Day { date: on.to_string(), heading: day_heading(on), letters: Vec::new() });
        }
        let row = LetterRow {
            ticked: ticked.iter().any(|t| t == letter.id.as_str()),
            id: letter.id.to_string(),
            complaint_id: letter.item.complaint_id.to_string(),
            reference: letter.reference,
            subject: letter.subject,
            recipient: letter
                .item
                .recipient
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            queued_at: super::cases::in_england(letter.item.queued_at).strftime("%H:%M").to_string(),
        };
        if let Some(day) = days.last_mut() {
            day.letters.push(row);
        }
    }
    days
}

/// `Monday 7 December 2026`.
fn day_heading(on: Date) -> String {
    format!("{} {}", on.strftime("%A"), long_date(on))
}

/// `POST /print/posted`: marks the letters ticked as posted.
pub(crate) async fn mark_posted(
    State(state): State<AppState>,
    staff: Staff,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(redress_app::Permission::ChangeCases)?;
    let ticked: Vec<String> = values.into_iter().filter(|(name, _)| name == LETTER_FIELD).map(|(_, v)| v).collect();
    if ticked.is_empty() {
        let error = FieldError { field: "letters", message: "Select the letters you have posted".into() };
        return page(&state, &staff, vec![error], &[], None).await;
    }
    // A value that is not an id names no letter of the caller's: not found, as an unknown id.
    let ids = ticked.iter().map(|t| t.parse::<PrintItemId>()).collect::<Result<Vec<_>, _>>();
    let ids = ids.map_err(|_| PageError::not_found())?;
    let marked = state.app().mark_posted(&staff.actor, &ids).await?;
    Ok(Redirect::to(&format!("/print?posted={marked}")).into_response())
}

/// `GET /print/letters/{id}`: one letter's PDF, as issued.
pub(crate) async fn letter(
    State(state): State<AppState>,
    staff: Staff,
    super::IdPath(id): super::IdPath<PrintItemId>,
) -> Result<Response, PageError> {
    let (item, pdf) = state.app().letter_to_print(&staff.actor, &id).await?;
    Ok(download(&format!("letter-{}-{}.pdf", item.reference, item.id), PDF, pdf.content))
}

/// `GET /print/days/{day}`: the letters queued that day and not yet posted, as one PDF.
pub(crate) async fn day(
    State(state): State<AppState>,
    staff: Staff,
    Path(day): Path<String>,
) -> Result<Response, PageError> {
    // An address with no date in it names nothing.
    let day: Date = day.parse().map_err(|_| PageError::not_found())?;
    let (_, pdf) = state.app().day_to_print(&staff.actor, day).await?;
    Ok(download(&format!("letters-to-post-{day}.pdf"), PDF, pdf))
}
