//! The reports, for those who oversee complaint handling (Code 4.1, 9.4-9.7: the complaints
//! officer, the senior lead, the Member Responsible for Complaints for the governing body) and
//! auditors: the dashboard (`GET /reports`), the board pack as a page and a PDF
//! (`board_pack.rs`), the Tenant Satisfaction Measures with their downloads (`tsm.rs`), and the
//! annual complaints performance and service improvement report with its public page
//! (`annual.rs`). Every figure comes from an app use case that checks the caller may read
//! reports and offers only the organisations within their scope.

mod annual;
mod board_pack;
mod charts;
mod dashboard;
mod insight;
mod tsm;

use axum::extract::DefaultBodyLimit;
use axum::routing::{MethodRouter, get, post};
use jiff::civil::Date;
use redress_domain::ids::OrganisationId;
use redress_domain::reporting::ReportingYear;
use redress_storage::Organisation;
use serde::Deserialize;

use super::PageError;
use crate::AppState;

/// The reports' routes.
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/reports", get(dashboard::page)),
        ("/reports/board-pack", get(board_pack::page)),
        ("/reports/board-pack.pdf", get(board_pack::pdf)),
        ("/reports/tsm", get(tsm::page)),
        ("/reports/tsm.csv", get(tsm::csv)),
        ("/reports/tsm.xlsx", get(tsm::xlsx)),
        ("/reports/annual", get(annual::list)),
        ("/reports/annual/{year}", get(annual::show).post(annual::save)),
        ("/reports/annual/{year}/approve", post(annual::approve)),
        ("/reports/annual/{year}/publish", post(annual::publish)),
        (
            "/reports/annual/{year}/documents",
            post(annual::upload)
                // The document comes in the form, so this one route takes larger bodies.
                .layer(DefaultBodyLimit::max(annual::MAX_DOCUMENT_UPLOAD_BYTES)),
        ),
        ("/reports/annual/{year}/documents/{id}", get(annual::download)),
        ("/reports/annual/{year}/documents/{id}/remove", post(annual::remove)),
        // The published annual report: public, no sign-in (Code 8.1).
        ("/published/{org}/annual-reports/{year}", get(annual::public)),
        ("/published/{org}/annual-reports/{year}/report.pdf", get(annual::public_pdf)),
    ]
}

/// How many reporting years the forms offer, the current one first.
const YEARS_OFFERED: i16 = 10;

/// What the reports' forms send: a reporting year (its first calendar year) and an
/// organisation's id; empty means the default (the current year, the caller's landlord).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ReportQuery {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    org: Option<String>,
    /// A quarter of the year (1 to 4); empty for the whole year. The dashboard only.
    #[serde(default)]
    quarter: Option<String>,
}

impl ReportQuery {
    /// The year asked for, or the one `today` is in; 400 if it is not a year.
    fn year(&self, today: Date) -> Result<ReportingYear, PageError> {
        match self.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            None => Ok(ReportingYear::of(today)),
            Some(text) => text
                .parse::<i16>()
                .ok()
                .and_then(|y| ReportingYear::starting(y).ok())
                .ok_or_else(|| invalid("the reporting year is not a year")),
        }
    }

    /// The quarter asked for, if any; 400 if it is not one.
    fn quarter(&self) -> Result<Option<u8>, PageError> {
        match self.quarter.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            None => Ok(None),
            Some(text) => match text.parse::<u8>() {
                Ok(q @ 1..=4) => Ok(Some(q)),
                _ => Err(invalid("choose a quarter from the list")),
            },
        }
    }

    /// The organisation asked for, if any; 404 if it is not an id (as one of another landlord).
    fn organisation(&self) -> Result<Option<OrganisationId>, PageError> {
        match self.org.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| PageError::not_found()),
        }
    }
}

fn invalid(message: &str) -> PageError {
    redress_app::AppError::Invalid(message.into()).into()
}

/// One option of a select.
pub(crate) struct Choice {
    value: String,
    text: String,
    selected: bool,
}

/// The reporting years offered, the current one first.
fn year_choices(today: Date, chosen: ReportingYear) -> Vec<Choice> {
    let current = ReportingYear::of(today).starts_in();
    (0..YEARS_OFFERED)
        .filter_map(|back| ReportingYear::starting(current - back).ok())
        .map(|year| Choice { value: year.starts_in().to_string(), text: year.to_string(), selected: year == chosen })
        .collect()
}

/// The organisations offered: a landlord (its figures consolidated) and those acting for it.
fn organisation_choices(organisations: &[Organisation], chosen: &OrganisationId) -> Vec<Choice> {
    organisations
        .iter()
        .map(|o| Choice { value: o.id.to_string(), text: organisation_label(o), selected: &o.id == chosen })
        .collect()
}

/// An organisation as the reports name it: a landlord's figures are consolidated.
fn organisation_label(organisation: &Organisation) -> String {
    match organisation.kind {
        redress_storage::OrganisationKind::Landlord => format!("{} (consolidated)", organisation.name),
        _ => organisation.name.clone(),
    }
}

/// `?year=2024&org=…`, for links that keep the choice.
fn query_string(year: ReportingYear, organisation: &OrganisationId) -> String {
    format!("?year={}&org={}", year.starts_in(), super::cases::encode(organisation.as_str()))
}
