//! `/reports/annual`: the annual complaints performance and service improvement report (Code
//! 8.1 a-f, 8.2) of the caller's organisation, year by year: the list, and a year's page with
//! the report as it stands (or as published), the form for its written parts, the Ombudsman's
//! documents (uploaded as `multipart/form-data`, downloaded, removed), the governing body's
//! approval and publishing. Once published, `GET /published/{org}/annual-reports/{year}` and
//! its `report.pdf` show it to anyone, signed in or not (`published.rs`).

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{AnnualReportView, AppError, MAX_REPORT_DOCUMENT_BYTES, Permission, ReportDocumentInput};
#[allow(unused_imports)] // Block and Inline are matched in the templates.
use redress_documents::{Block, Document, Inline};
use redress_domain::ids::ReportDocumentId;
use redress_domain::reporting::{PublicationKind, ReportingYear};
use redress_storage::{AnnualReportText, ReportApproval};
use serde::Deserialize;

use super::YEARS_OFFERED;
use crate::AppState;
use crate::pages::settings::{Problems, problem_at};
use crate::pages::{Layout, PageError, Section, Staff, render};

/// The largest upload the document form takes: room for a file somewhat over the limit, so
/// that the page can say what the limit is.
pub(crate) const MAX_DOCUMENT_UPLOAD_BYTES: usize = MAX_REPORT_DOCUMENT_BYTES + 1024 * 1024;

/// One year of the list.
struct YearRow {
    year: String,
    href: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "reports/annual_list.html")]
struct ListPage {
    layout: Layout,
    years: Vec<YearRow>,
}

/// `GET /reports/annual`.
pub(super) async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let app = state.app();
    let kept = app.annual_reports(&staff.actor).await?;
    let current = ReportingYear::of(app.today()?).starts_in();
    let years = (0..YEARS_OFFERED)
        .filter_map(|back| ReportingYear::starting(current - back).ok())
        .map(|year| {
            let found = kept.iter().find(|r| r.year == year.starts_in());
            let status = match found {
                None => "Not started",
                Some(r) if r.published.is_some() => "Published",
                Some(r) if r.approval.is_some() => "Approved",
                Some(_) => "Draft",
            };
            YearRow { year: year.to_string(), href: format!("/reports/annual/{}", year.starts_in()), status }
        })
        .collect();
    let layout = staff.layout("Annual complaints performance reports", Section::Reports);
    Ok(render(StatusCode::OK, &ListPage { layout, years }))
}

/// An uploaded document as the page lists it.
struct DocumentRow {
    kind: &'static str,
    title: String,
    file_name: String,
    size: String,
    sha256: String,
    uploaded: String,
    href: String,
    remove: String,
}

/// An improvement with the complaints behind it, for staff.
struct ImprovementRow {
    action: String,
    complaints: Vec<String>,
}

/// A step of the workflow done: what, who and when.
struct StepRow {
    what: &'static str,
    who: String,
    when: String,
}

#[derive(Template)]
#[template(path = "reports/annual.html")]
struct YearPage {
    layout: Layout,
    errors: Problems,
    base: String,
    document: Document,
    published: bool,
    approved: bool,
    may_edit: bool,
    may_approve: bool,
    steps: Vec<StepRow>,
    documents: Vec<DocumentRow>,
    improvements: Vec<ImprovementRow>,
    form: TextForm,
    approval: ApprovalForm,
    kinds: Vec<(&'static str, &'static str)>,
    max_mb: usize,
    public: String,
    snapshot_sha256: String,
}

/// What the written parts' form sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct TextForm {
    #[serde(default)]
    self_assessment_url: String,
    #[serde(default)]
    qualitative: String,
    #[serde(default)]
    non_compliance: String,
    #[serde(default)]
    improvements: String,
}

/// What the approval's form sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ApprovalForm {
    #[serde(default, rename = "meeting-day")]
    day: String,
    #[serde(default, rename = "meeting-month")]
    month: String,
    #[serde(default, rename = "meeting-year")]
    year: String,
    #[serde(default)]
    minute: String,
    #[serde(default)]
    response: String,
}

fn year_of(text: &str) -> Result<ReportingYear, PageError> {
    text.parse::<i16>().ok().and_then(|y| ReportingYear::starting(y).ok()).ok_or_else(PageError::not_found)
}

fn when(at: jiff::Timestamp) -> String {
    at.strftime("%-d %B %Y at %H:%M UTC").to_string()
}

async fn page(
    state: &AppState,
    staff: &Staff,
    year: ReportingYear,
    errors: Problems,
    form: Option<TextForm>,
    approval: Option<ApprovalForm>,
) -> Result<Response, PageError> {
    let view: AnnualReportView = state.app().annual_report(&staff.actor, year).await?;
    let mut layout = staff.layout(format!("Annual complaints performance report {year}"), Section::Reports);
    layout.has_errors = !errors.is_empty();
    let name = |id: &str| view.names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let base = format!("/reports/annual/{}", year.starts_in());
    let stored = view.stored.as_ref();
    let mut steps = Vec::new();
    if let Some(s) = stored {
        steps.push(StepRow { what: "Last edited", who: name(&s.edited.by), when: when(s.edited.at) });
        if let Some((_, step)) = &s.approval {
            steps.push(StepRow { what: "Approval recorded", who: name(&step.by), when: when(step.at) });
        }
        if let Some(p) = &s.published {
            steps.push(StepRow { what: "Published", who: name(&p.step.by), when: when(p.step.at) });
        }
    }
    let published = stored.is_some_and(|s| s.published.is_some());
    let form = form.unwrap_or_else(|| {
        let text = stored.map(|s| s.text.clone()).unwrap_or_default();
        TextForm {
            self_assessment_url: text.self_assessment_url,
            qualitative: text.qualitative,
            non_compliance: text.non_compliance,
            improvements: text.improvements,
        }
    });
    let approval = approval.unwrap_or_else(|| match stored.and_then(|s| s.approval.as_ref()) {
        Some((a, _)) => ApprovalForm {
            day: a.meeting_on.day().to_string(),
            month: a.meeting_on.month().to_string(),
            year: a.meeting_on.year().to_string(),
            minute: a.minute.clone(),
            response: a.response.clone(),
        },
        None => ApprovalForm::default(),
    });
    let page = YearPage {
        layout,
        errors,

        document: redress_reports::annual_report::document(&view.report),
        published,
        approved: stored.is_some_and(|s| s.approval.is_some()),
        may_edit: !published && staff.actor.role.may(Permission::ChangeCases),
        may_approve: !published && staff.actor.role.may(Permission::ManageSettings),
        steps,
        documents: view
            .documents
            .iter()
            .map(|d| DocumentRow {
                kind: d.kind.label(),
                title: d.title.clone(),
                file_name: d.file_name.clone(),
                size: format!("{} KB", d.size_bytes.div_ceil(1024)),
                sha256: d.sha256.clone(),
                uploaded: format!("{}, {}", name(&d.uploaded.by), when(d.uploaded.at)),
                href: format!("{base}/documents/{}", d.id),
                remove: format!("{base}/documents/{}/remove", d.id),
            })
            .collect(),
        improvements: view
            .report
            .improvements
            .iter()
            .map(|i| ImprovementRow { action: i.action.clone(), complaints: i.complaints.clone() })
            .collect(),
        form,
        approval,
        kinds: PublicationKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        max_mb: MAX_REPORT_DOCUMENT_BYTES / 1024 / 1024,
        public: format!("/published/{}/annual-reports/{}", staff.actor.organisation_id, year.starts_in()),
        snapshot_sha256: stored
            .and_then(|s| s.published.as_ref())
            .map(|p| p.snapshot_sha256.clone())
            .unwrap_or_default(),
        base,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(render(status, &page))
}

/// `GET /reports/annual/{year}`.
pub(super) async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, PageError> {
    page(&state, &staff, year_of(&year)?, Problems::default(), None, None).await
}

/// `POST /reports/annual/{year}`: keep the written parts.
pub(super) async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Form(form): Form<TextForm>,
) -> Result<Response, PageError> {
    let year = year_of(&year)?;
    let text = AnnualReportText {
        self_assessment_url: form.self_assessment_url.clone(),
        qualitative: form.qualitative.clone(),
        non_compliance: form.non_compliance.clone(),
        improvements: form.improvements.clone(),
    };
    match state.app().save_annual_report(&staff.actor, year, text).await {
        Ok(()) => Ok(Redirect::to(&format!("/reports/annual/{}", year.starts_in())).into_response()),
        Err(error) => {
            let message = error.to_string();
            let field = if message.contains("self-assessment") {
                "self_assessment_url"
            } else if message.contains("non-compliance") {
                "non_compliance"
            } else if message.contains("improvements") {
                "improvements"
            } else {
                "qualitative"
            };
            page(&state, &staff, year, problem_at(field, error)?, Some(form), None).await
        }
    }
}

/// `POST /reports/annual/{year}/approve`: record the governing body's approval.
pub(super) async fn approve(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    Form(form): Form<ApprovalForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let year = year_of(&year)?;
    let meeting = (form.year.trim().parse::<i16>(), form.month.trim().parse::<i8>(), form.day.trim().parse::<i8>());
    let meeting_on = match meeting {
        (Ok(y), Ok(m), Ok(d)) => jiff::civil::Date::new(y, m, d).ok(),
        _ => None,
    };
    let Some(meeting_on) = meeting_on else {
        let errors = Problems::one("meeting", "Enter the date of the governing body's meeting, such as 12 6 2025");
        return page(&state, &staff, year, errors, None, Some(form)).await;
    };
    let approval = ReportApproval { meeting_on, minute: form.minute.clone(), response: form.response.clone() };
    match state.app().approve_annual_report(&staff.actor, year, approval).await {
        Ok(()) => Ok(Redirect::to(&format!("/reports/annual/{}", year.starts_in())).into_response()),
        Err(error) => {
            let field = if error.to_string().contains("response") { "response" } else { "minute" };
            page(&state, &staff, year, problem_at(field, error)?, None, Some(form)).await
        }
    }
}

/// `POST /reports/annual/{year}/publish`.
pub(super) async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let year = year_of(&year)?;
    match state.app().publish_annual_report(&staff.actor, year).await {
        Ok(()) => Ok(Redirect::to(&format!("/reports/annual/{}", year.starts_in())).into_response()),
        Err(error) => page(&state, &staff, year, problem_at("publish", error)?, None, None).await,
    }
}

/// `POST /reports/annual/{year}/documents`: upload a PDF.
pub(super) async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    Path(year): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ReadReports)?;
    staff.actor.require(Permission::ChangeCases)?;
    let year = year_of(&year)?;
    let mut multipart = multipart.map_err(|rejection| PageError::from(AppError::Invalid(rejection.body_text())))?;
    let mut input = ReportDocumentInput {
        kind: PublicationKind::OmbudsmanAnnualReport,
        title: String::new(),
        file_name: String::new(),
        media_type: String::new(),
        content: Vec::new(),
    };
    let mut kind_ok = false;
    let read: Result<(), axum::extract::multipart::MultipartError> = async {
        while let Some(field) = multipart.next_field().await? {
            match field.name() {
                Some("file") => {
                    input.media_type = field.content_type().unwrap_or_default().to_owned();
                    input.file_name = field.file_name().unwrap_or_default().to_owned();
                    input.content = field.bytes().await?.to_vec();
                }
                Some("title") => input.title = field.text().await?,
                Some("kind") => {
                    if let Some(kind) = PublicationKind::parse(field.text().await?.trim()) {
                        input.kind = kind;
                        kind_ok = true;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
    .await;
    if let Err(error) = read {
        let message = if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            format!("The file must be smaller than {} MB", MAX_REPORT_DOCUMENT_BYTES / 1024 / 1024)
        } else {
            "The form could not be read: try again".to_owned()
        };
        return page(&state, &staff, year, Problems::one("file", message), None, None).await;
    }
    if !kind_ok {
        return page(&state, &staff, year, Problems::one("kind", "Choose what the document is"), None, None).await;
    }
    match state.app().upload_annual_report_document(&staff.actor, year, input).await {
        Ok(_) => Ok(Redirect::to(&format!("/reports/annual/{}", year.starts_in())).into_response()),
        Err(error) => {
            let field = if error.to_string().contains("title") { "title" } else { "file" };
            page(&state, &staff, year, problem_at(field, error)?, None, None).await
        }
    }
}

/// `GET /reports/annual/{year}/documents/{id}`: download a document.
pub(super) async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let year = year_of(&year)?;
    let id: ReportDocumentId = id.parse().map_err(|_| PageError::not_found())?;
    let (info, bytes) = state.app().annual_report_document(&staff.actor, &id).await?;
    if info.year != year.starts_in() {
        return Err(PageError::not_found());
    }
    Ok(crate::pages::download::download(&format!("{id}.pdf"), crate::pages::download::PDF, bytes))
}

/// `POST /reports/annual/{year}/documents/{id}/remove`.
pub(super) async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Path((year, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ReadReports)?;
    staff.actor.require(Permission::ChangeCases)?;
    let year = year_of(&year)?;
    let id: ReportDocumentId = id.parse().map_err(|_| PageError::not_found())?;
    match state.app().remove_annual_report_document(&staff.actor, year, &id).await {
        Ok(()) => Ok(Redirect::to(&format!("/reports/annual/{}", year.starts_in())).into_response()),
        Err(AppError::Invalid(message)) => page(&state, &staff, year, Problems::one("file", message), None, None).await,
        Err(error) => Err(error.into()),
    }
}

#[derive(Template)]
#[template(path = "reports/published.html")]
struct PublishedPage {
    layout: Layout,
    document: Document,
    pdf: String,
}

/// `GET /published/{org}/annual-reports/{year}`: the published report, for anyone.
pub(super) async fn public(
    State(state): State<AppState>,
    Path((org, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let org = org.parse().map_err(|_| PageError::not_found())?;
    let year = year_of(&year)?;
    let report = state.app().published_annual_report(&org, year).await?;
    let document = redress_reports::annual_report::document(&report);
    let layout = Layout::anonymous(document.title.clone());
    let pdf = format!("/published/{org}/annual-reports/{}/report.pdf", year.starts_in());
    Ok(render(StatusCode::OK, &PublishedPage { layout, document, pdf }))
}

/// `GET /published/{org}/annual-reports/{year}/report.pdf`: its PDF, for anyone.
pub(super) async fn public_pdf(
    State(state): State<AppState>,
    Path((org, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let org = org.parse().map_err(|_| PageError::not_found())?;
    let year = year_of(&year)?;
    let pdf = state.app().published_annual_report_pdf(&org, year).await?;
    let name = format!("annual-complaints-report-{}.pdf", year.to_string().replace('/', "-"));
    Ok(crate::pages::download::download(&name, crate::pages::download::PDF, pdf))
}
