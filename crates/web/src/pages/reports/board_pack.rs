//! `GET /reports/board-pack?org=&year=&quarter=`: the board pack (Code 9.6, 9.7 a-c) of an
//! organisation for a reporting year or one of its quarters, the same choice as the dashboard,
//! shown in the staff layout (`redress_documents::page`), and `GET /reports/board-pack.pdf`,
//! the same pack as a tagged PDF to download. Both from one use case, `App::board_pack`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use redress_documents::Block;
use redress_domain::reporting::{Period, ReportingYear};

use super::dashboard::quarter_choices;
use super::tsm::download;
use super::{Choice, ReportQuery, organisation_choices, query_string, year_choices};
use crate::AppState;
use crate::pages::{Layout, PageError, Section, Staff, render};

#[derive(Template)]
#[template(path = "reports/board_pack.html")]
struct BoardPackPage {
    layout: Layout,
    organisations: Vec<Choice>,
    years: Vec<Choice>,
    quarters: Vec<Choice>,
    /// The pack's title, the page's heading.
    heading: String,
    /// `?year=…&org=…&quarter=…`: the dashboard and the download keep the choice.
    query: String,
    /// The pack's content after its title, as GOV.UK HTML (every text escaped).
    body: String,
}

/// The year, quarter and period the query asks for.
fn period(query: &ReportQuery, state: &AppState) -> Result<(ReportingYear, Option<u8>, Period), PageError> {
    let year = query.year(state.app().today()?)?;
    let quarter = query.quarter()?;
    let period = match quarter {
        None => year.period(),
        Some(q) => year.quarter(q).map_err(|e| redress_app::AppError::Invalid(e.to_string()))?,
    };
    Ok((year, quarter, period))
}

/// `GET /reports/board-pack`.
pub(super) async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let (year, quarter, period) = period(&query, &state)?;
    let pack = state.app().board_pack(&staff.actor, query.organisation()?.as_ref(), period).await?;
    let dashboard = &pack.dashboard;
    // The page's own heading is the pack's title; the rest follows it.
    let after_title: Vec<Block> =
        pack.document.blocks.iter().filter(|b| !matches!(b, Block::Heading { level: 1, .. })).cloned().collect();
    let page = BoardPackPage {
        layout: staff.layout("Board pack", Section::Reports),
        organisations: organisation_choices(&dashboard.organisations, &dashboard.chosen.id),
        years: year_choices(state.app().today()?, year),
        quarters: quarter_choices(quarter),
        heading: pack.document.title.clone(),
        query: with_quarter(query_string(year, &dashboard.chosen.id), quarter),
        body: redress_documents::page::fragment(&after_title),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /reports/board-pack.pdf`.
pub(super) async fn pdf(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let (year, quarter, period) = period(&query, &state)?;
    let (_, bytes) = state.app().board_pack_pdf(&staff.actor, query.organisation()?.as_ref(), period).await?;
    Ok(download(bytes, "application/pdf", &file_name(year, quarter)))
}

/// `?year=2024&org=…`, and `&quarter=4` for a quarter.
pub(super) fn with_quarter(query: String, quarter: Option<u8>) -> String {
    match quarter {
        None => query,
        Some(q) => format!("{query}&quarter={q}"),
    }
}

/// `board-pack-2024-25.pdf`, `board-pack-2024-25-q4.pdf`.
fn file_name(year: ReportingYear, quarter: Option<u8>) -> String {
    let year = year.to_string().replace('/', "-");
    match quarter {
        None => format!("board-pack-{year}.pdf"),
        Some(q) => format!("board-pack-{year}-q{q}.pdf"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_by_its_year_and_quarter() {
        let year = ReportingYear::starting(2024).unwrap();
        assert_eq!(file_name(year, None), "board-pack-2024-25.pdf");
        assert_eq!(file_name(year, Some(4)), "board-pack-2024-25-q4.pdf");
        assert_eq!(with_quarter("?year=2024".into(), Some(2)), "?year=2024&quarter=2");
    }
}
