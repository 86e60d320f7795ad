//! A self-assessment's downloads and its public page (issue 13, Code 8.1-8.2): every format is
//! rendered by `redress-assessment-export` from the one `AssessmentDocument` the app builds, so
//! that they all say the same.
//!
//! - `GET /self-assessment/{id}/download/{format}`: for those who read reports, at any stage of
//!   its workflow (a draft says "Draft" where the approval would be); `format` is `docx`,
//!   `pdf`, `html`, `csv` or `json`.
//! - `GET /published/{org}/self-assessments/{id}` and `.../{id}/download/{format}`: once
//!   published, for anyone, signed in or not (Code 8.2: published with the annual report).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{MethodRouter, get};
use redress_assessment_export::{AssessmentDocument, DOCX_MEDIA_TYPE, ExportError};
use redress_documents::{Block, Document, Inline};
use redress_domain::ids::{AssessmentId, OrganisationId};

use crate::AppState;
use crate::pages::download::{PDF, download};
use crate::pages::{Layout, PageError, Staff, render};

pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/self-assessment/{id}/download/{format}", get(staff_download)),
        ("/published/{org}/self-assessments/{id}", get(public_page)),
        ("/published/{org}/self-assessments/{id}/download/{format}", get(public_download)),
    ]
}

/// The formats an assessment downloads in.
#[derive(Debug, Clone, Copy)]
enum Format {
    Docx,
    Pdf,
    Html,
    Csv,
    Json,
}

impl Format {
    /// Every format, as the pages offer them.
    const ALL: [(Format, &'static str, &'static str); 5] = [
        (Format::Docx, "docx", "Word (DOCX), in the Ombudsman's form"),
        (Format::Pdf, "pdf", "PDF"),
        (Format::Html, "html", "Web page (HTML)"),
        (Format::Csv, "csv", "Spreadsheet (CSV)"),
        (Format::Json, "json", "Data (JSON)"),
    ];
}

/// `GET /self-assessment/{id}/download/{format}`.
async fn staff_download(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, format)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (id, format) = (id_of(&id)?, format_of(&format)?);
    let document = state.app().assessment_document(&staff.actor, &id).await?;
    file(document, format).await
}

/// `GET /published/{org}/self-assessments/{id}/download/{format}`.
async fn public_download(
    State(state): State<AppState>,
    Path((org, id, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let (org, id, format) = (org_of(&org)?, id_of(&id)?, format_of(&format)?);
    let document = state.app().published_assessment_document(&org, &id).await?;
    file(document, format).await
}

#[derive(Template)]
#[template(path = "self_assessment/published.html")]
struct PublishedPage {
    layout: Layout,
    document: Document,
    /// Each download's address and name.
    downloads: Vec<(String, &'static str)>,
}

/// `GET /published/{org}/self-assessments/{id}`: the published assessment as a page.
async fn public_page(
    State(state): State<AppState>,
    Path((org, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (org, id) = (org_of(&org)?, id_of(&id)?);
    let assessment = state.app().published_assessment_document(&org, &id).await?;
    let document = redress_assessment_export::document(&assessment);
    let layout = Layout::anonymous(document.title.clone());
    let downloads = Format::ALL
        .iter()
        .map(|(_, extension, name)| (format!("/published/{org}/self-assessments/{id}/download/{extension}"), *name))
        .collect();
    Ok(render(StatusCode::OK, &PublishedPage { layout, document, downloads }))
}

/// The staff page's links to each download of assessment `id`.
pub(super) fn staff_downloads(id: &AssessmentId) -> Vec<(String, &'static str)> {
    Format::ALL
        .iter()
        .map(|(_, extension, name)| (format!("/self-assessment/{id}/download/{extension}"), *name))
        .collect()
}

/// The public page's address of organisation `org`'s assessment `id`.
pub(super) fn public_address(org: &OrganisationId, id: &AssessmentId) -> String {
    format!("/published/{org}/self-assessments/{id}")
}

/// `document` written in `format`, as a download named for its landlord's period.
async fn file(document: AssessmentDocument, format: Format) -> Result<Response, PageError> {
    let name = format!("self-assessment-{}-to-{}", document.from, document.to);
    let failed = |error: ExportError| {
        tracing::error!(%error, "a self-assessment could not be exported");
        PageError::from(redress_app::AppError::Invalid("the self-assessment could not be written just now".into()))
    };
    Ok(match format {
        Format::Docx => download(
            &format!("{name}.docx"),
            DOCX_MEDIA_TYPE,
            redress_assessment_export::docx(&document).map_err(failed)?,
        ),
        Format::Pdf => {
            // Laying out a whole assessment takes a while: off the async workers.
            let pdf = tokio::task::spawn_blocking(move || redress_assessment_export::pdf(&document))
                .await
                .map_err(|_| PageError::from(redress_app::AppError::Corrupt("the PDF's worker stopped".into())))?
                .map_err(failed)?;
            download(&format!("{name}.pdf"), PDF, pdf)
        }
        Format::Html => download(
            &format!("{name}.html"),
            "text/html; charset=utf-8",
            redress_assessment_export::html_page(&document).into_bytes(),
        ),
        Format::Csv => download(
            &format!("{name}.csv"),
            "text/csv; charset=utf-8",
            redress_assessment_export::csv(&document).map_err(failed)?,
        ),
        Format::Json => download(
            &format!("{name}.json"),
            "application/json",
            redress_assessment_export::json(&document).map_err(failed)?.into_bytes(),
        ),
    })
}

fn id_of(text: &str) -> Result<AssessmentId, PageError> {
    text.parse().map_err(|_| PageError::not_found())
}

fn org_of(text: &str) -> Result<OrganisationId, PageError> {
    text.parse().map_err(|_| PageError::not_found())
}

fn format_of(text: &str) -> Result<Format, PageError> {
    Format::ALL
        .iter()
        .find(|(_, extension, _)| *extension == text)
        .map(|(format, _, _)| *format)
        .ok_or_else(PageError::not_found)
}
