//! `GET /` (home), `GET /cases` (the list, filtered, searched and paged), `GET /cases.csv`
//! (the filtered list, whole, as CSV) and `GET /cases/{id}` (one case). Every role that may
//! sign in may read (and export) its organisation's cases, as through the API; the case page
//! links to the forms (`forms.rs`) its status allows, for roles that change cases, and to its
//! whole file (`file.rs`).

mod drill;
pub(crate) mod file;
mod letters;
mod list;
mod query;
mod show;
pub(crate) mod timing;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use redress_domain::calendar::london;
use redress_domain::complaint::{Channel, DeadlineState};

use super::{Layout, PageError, Section, Staff, render};
use crate::AppState;

/// Cases per page of the list.
const PAGE_SIZE: u32 = 25;

/// The list counts its cases up to this many, then says "more than": counting every case
/// of a large landlord would cost more than showing the page.
const MOST_COUNTED: u64 = 1000;

/// `3 June 2024`.
pub(crate) fn long_date(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// `3 June 2024 at 14:05`, in England.
pub(crate) fn long_instant(at: Timestamp) -> String {
    in_england(at).strftime("%-d %B %Y at %H:%M").to_string()
}

/// `at` on England's clocks, for the pages' one way of showing and reading times. The zone is
/// compiled into the binary ([`london::zone`]); should a broken build lack it, a page shows UTC
/// rather than failing.
pub(crate) fn in_england(at: Timestamp) -> Zoned {
    at.to_zoned(london::zone().unwrap_or(TimeZone::UTC))
}

/// The label of a channel as a list stores it (as stored, should this build not know it).
fn channel_label(name: &str) -> String {
    Channel::named(name).map_or_else(|| name.to_owned(), |channel| channel.label().to_owned())
}

/// The GOV.UK tag colour for where a deadline stands.
pub(super) fn tag_class(state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::Overdue | DeadlineState::Missed => "govuk-tag--red",
        DeadlineState::DueSoon => "govuk-tag--yellow",
        DeadlineState::OnTrack => "govuk-tag--blue",
        DeadlineState::Met | DeadlineState::MetWithinExtension => "govuk-tag--grey",
    }
}

/// One count on the home page, linking to the list it counts.
struct Tile {
    label: &'static str,
    count: u64,
    href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    tiles: Vec<Tile>,
}

/// The home page: counts of the caller's work, each linking to the list.
pub(crate) async fn home(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let app = state.app();
    let me = &staff.actor.user_id;
    let queries = [
        (
            "My cases being investigated",
            CaseQuery::with(|q| {
                q.handler = Some(me.to_string());
                q.status = Some("investigating".into());
            }),
        ),
        ("Due within 2 working days", CaseQuery::with(|q| q.deadline = Some("due_soon".into()))),
        ("Overdue", CaseQuery::with(|q| q.deadline = Some("overdue".into()))),
        ("Awaiting acknowledgement", CaseQuery::with(|q| q.status = Some("awaiting_acknowledgement".into()))),
        // Code 5.9: updates to residents due today, and overdue.
        ("Updates to residents due today", CaseQuery::with(|q| q.update = Some("due".into()))),
        ("Updates to residents overdue", CaseQuery::with(|q| q.update = Some("overdue".into()))),
    ];
    let filters = queries.iter().map(|(_, query)| query.filter(&state)).collect::<Result<Vec<_>, _>>()?;
    let count = |n: usize| app.count_complaints(&staff.actor, &filters[n]);
    // At once: on PostgreSQL each count is a round trip to the server.
    let counts = tokio::try_join!(count(0), count(1), count(2), count(3), count(4), count(5))?;
    let tiles = queries
        .into_iter()
        .zip([counts.0, counts.1, counts.2, counts.3, counts.4, counts.5])
        .map(|((label, query), count)| Tile { label, count, href: format!("/cases{}", query.to_query_string(None)) })
        .collect();
    let layout = staff.layout(format!("Hello, {}", staff.actor.name), Section::Home);
    Ok(render(StatusCode::OK, &HomePage { layout, tiles }))
}

pub(crate) use drill::DrillDown;
pub(crate) use letters::{issue as issue_letter, preview as letter_preview};
pub(crate) use list::{export, list};
pub(crate) use query::{CaseQuery, encode};
pub(crate) use show::show;
