//! The print queue's pages (issue 11), for those who may send letters (who may change cases):
//! `GET /print` lists the letters waiting to be posted, grouped by the day they were queued
//! (in England), each with its recipient, its complaint (linked) and the letter; each letter's
//! PDF (`GET /print/letters/{id}`) and each day's letters as one PDF to print
//! (`GET /print/days/{day}`), joined from the PDFs as issued; and `POST /print/posted` marks the
//! letters ticked as posted, by the member of staff, on the day they give (today if left blank;
//! recorded now): checkboxes, a date and a button, without JavaScript. Ticking none, or a day
//! that cannot be (ahead of today, before a letter was queued, not a date), is an error on the form.

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

/// The checkboxes' group's id, which the error summary links to.
const LETTERS: &str = "letters";

/// The date input's id: its parts are `posted_on-day`, `posted_on-month` and `posted_on-year`.
const POSTED_ON: &str = "posted_on";

/// The day posted as typed, to show again with an error.
#[derive(Default)]
struct DayTyped {
    day: String,
    month: String,
    year: String,
}

impl DayTyped {
    fn of(values: &[(String, String)]) -> DayTyped {
        let part = |name: &str| {
            let name = format!("{POSTED_ON}-{name}");
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
        };
        DayTyped { day: part("day"), month: part("month"), year: part("year") }
    }

    /// The day, `Ok(None)` when left blank (today), or why it is not a date.
    fn date(&self) -> Result<Option<Date>, &'static str> {
        if self.day.is_empty() && self.month.is_empty() && self.year.is_empty() {
            return Ok(None);
        }
        let number = |text: &str| text.parse::<i16>().ok();
        let (Some(day), Some(month), Some(year)) = (number(&self.day), number(&self.month), number(&self.year)) else {
            return Err("The date posted must include a day, month and year, like 27 3 2025");
        };
        let (Ok(day), Ok(month)) = (i8::try_from(day), i8::try_from(month)) else {
            return Err("The date posted must be a real date");
        };
        Date::new(year, month, day).map(Some).map_err(|_| "The date posted must be a real date")
    }
}

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
    /// What is wrong with the letters ticked (none), if anything.
    letters_error: String,
    /// The day posted as typed (blank: today).
    posted_on: DayTyped,
    /// What is wrong with it, if anything.
    posted_on_error: String,
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
    page(&state, &staff, Vec::new(), &[], DayTyped::default(), query.posted).await
}

/// The page with `errors`, the letters `ticked` ticked and the day posted as typed.
async fn page(
    state: &AppState,
    staff: &Staff,
    errors: Vec<FieldError>,
    ticked: &[String],
    posted_on: DayTyped,
    posted: Option<u64>,
) -> Result<Response, PageError> {
    let letters = state.app().letters_to_post(&staff.actor).await?;
    let mut layout = staff.layout("Letters to post", Section::Print);
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let error_on = |prefix: &str| {
        errors.iter().find(|e| e.field.starts_with(prefix)).map(|e| e.message.clone()).unwrap_or_default()
    };
    let (letters_error, posted_on_error) = (error_on(LETTERS), error_on(POSTED_ON));
    let days = days(letters, ticked);
    Ok(render(status, &QueuePage { layout, days, errors, letters_error, posted_on, posted_on_error, posted }))
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
    let typed = DayTyped::of(&values);
    let ticked: Vec<String> = values.into_iter().filter(|(name, _)| name == LETTER_FIELD).map(|(_, v)| v).collect();
    let mut errors = Vec::new();
    if ticked.is_empty() {
        errors.push(FieldError { field: LETTERS, message: "Select the letters you have posted".into() });
    }
    let on = typed.date().unwrap_or_else(|message| {
        errors.push(FieldError { field: "posted_on-day", message: message.into() });
        None
    });
    if !errors.is_empty() {
        return page(&state, &staff, errors, &ticked, typed, None).await;
    }
    // A value that is not an id names no letter of the caller's: not found, as an unknown id.
    let ids = ticked.iter().map(|t| t.parse::<PrintItemId>()).collect::<Result<Vec<_>, _>>();
    let ids = ids.map_err(|_| PageError::not_found())?;
    match state.app().mark_posted(&staff.actor, &ids, on).await {
        Ok(marked) => Ok(Redirect::to(&format!("/print?posted={marked}")).into_response()),
        // The day cannot be (the domain says why): an error on the date, the ticks kept.
        Err(redress_app::AppError::Invalid(message)) => {
            let errors = vec![FieldError { field: "posted_on-day", message }];
            page(&state, &staff, errors, &ticked, typed, None).await
        }
        Err(other) => Err(other.into()),
    }
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
