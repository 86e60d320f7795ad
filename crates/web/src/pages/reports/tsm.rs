//! `GET /reports/tsm?year=&org=`: the Regulator's Tenant Satisfaction Measures CH01 and CH02
//! of a reporting year, for a landlord (consolidated, then each organisation acting for it) or
//! one managing agent: each figure with its numerator and denominator, the counts behind CH02,
//! the rules used, and links to `GET /reports/tsm.csv` and `GET /reports/tsm.xlsx`, which
//! download the same figures (`redress_reports`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use redress_app::{TsmReport, TsmReports};
use redress_domain::complaint::StageNumber;
use redress_domain::reporting::{Measure, ReportingYear, StageCounts};
use redress_reports::{COUNT_COLUMNS, TSM_RULES, TsmExport, TsmSheet, Whose};
use redress_storage::OrganisationKind;

use super::{Choice, ReportQuery, organisation_choices, organisation_label, query_string, year_choices};
use crate::AppState;
use crate::pages::{PageError, Section, Staff, render};

/// One organisation's figures as the page shows them.
struct Sheet {
    name: String,
    /// The homes owned, or why CH01 has no value.
    homes: String,
    rows: Vec<FigureRow>,
    /// Each count: its name, at stage 1 and at stage 2.
    counts: Vec<(&'static str, u64, u64)>,
}

/// One figure.
struct FigureRow {
    measure: Measure,
    value: String,
    numerator: u64,
    denominator: u64,
}

#[derive(Template)]
#[template(path = "reports/tsm.html")]
struct TsmPage {
    layout: crate::pages::Layout,
    years: Vec<Choice>,
    organisations: Vec<Choice>,
    /// "2024/25 (1 April 2024 to 31 March 2025)".
    period: String,
    sheets: Vec<Sheet>,
    /// The downloads' query.
    query: String,
    rules: [&'static str; 7],
}

/// The figures the query asks for.
async fn reports(state: &AppState, staff: &Staff, query: &ReportQuery) -> Result<TsmReports, PageError> {
    let app = state.app();
    let year = query.year(app.today()?)?;
    Ok(app.tsm_reports(&staff.actor, query.organisation()?.as_ref(), year).await?)
}

/// `GET /reports/tsm`.
pub(super) async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let found = reports(&state, &staff, &query).await?;
    let year = found.year;
    let page = TsmPage {
        layout: staff.layout("Tenant Satisfaction Measures", Section::Reports),
        years: year_choices(state.app().today()?, year),
        organisations: organisation_choices(&found.organisations, &found.chosen.id),
        period: format!(
            "{year} ({} to {})",
            crate::pages::cases::long_date(year.period().first()),
            crate::pages::cases::long_date(year.period().last())
        ),
        sheets: found.reports.iter().map(sheet).collect(),
        query: query_string(year, &found.chosen.id),
        rules: TSM_RULES,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /reports/tsm.csv`.
pub(super) async fn csv(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let found = reports(&state, &staff, &query).await?;
    let bytes = redress_reports::tsm_csv(&export(&state, &found)).map_err(failed)?;
    Ok(download(bytes, "text/csv; charset=utf-8", &file_name(found.year, "csv")))
}

/// `GET /reports/tsm.xlsx`.
pub(super) async fn xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let found = reports(&state, &staff, &query).await?;
    let bytes = redress_reports::tsm_xlsx(&export(&state, &found)).map_err(failed)?;
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(download(bytes, kind, &file_name(found.year, "xlsx")))
}

fn sheet(report: &TsmReport) -> Sheet {
    let figures = &report.figures;
    let rows = Measure::ALL
        .into_iter()
        .map(|measure| {
            let figure = figures.figure(measure);
            FigureRow {
                measure,
                value: figure.value.map_or_else(|| "No value".to_owned(), |v| v.to_string()),
                numerator: figure.numerator,
                denominator: figure.denominator,
            }
        })
        .collect();
    let (one, two): (StageCounts, StageCounts) = (figures.counts(StageNumber::One), figures.counts(StageNumber::Two));
    Sheet {
        name: organisation_label(&report.organisation),
        homes: report.homes.map_or_else(
            || "Homes owned: not recorded for this year, so CH01 has no value.".to_owned(),
            |homes| format!("Homes owned: {homes}"),
        ),
        rows,
        counts: COUNT_COLUMNS.iter().map(|(name, count)| (*name, count(&one), count(&two))).collect(),
    }
}

fn export(state: &AppState, found: &TsmReports) -> TsmExport {
    TsmExport {
        year: found.year,
        sheets: found
            .reports
            .iter()
            .map(|report| TsmSheet {
                organisation: report.organisation.name.clone(),
                whose: match report.organisation.kind {
                    OrganisationKind::Landlord => Whose::Consolidated,
                    OrganisationKind::ManagingAgent | OrganisationKind::Contractor => Whose::Agent,
                },
                homes: report.homes,
                figures: report.figures,
            })
            .collect(),
        computed_at: state.app().now(),
    }
}

/// `tsm-2024-25.xlsx`.
fn file_name(year: ReportingYear, extension: &str) -> String {
    format!("tsm-{}.{extension}", year.to_string().replace('/', "-"))
}

pub(super) fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response()
}

fn failed(error: redress_reports::ExportError) -> PageError {
    redress_app::AppError::Corrupt(error.to_string()).into()
}
