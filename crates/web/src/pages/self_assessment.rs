//! The self-assessment against the Code (issue 13, Code 8.1-8.5):
//!
//! - `GET /self-assessment`: the organisation's assessments, "a new self-assessment is due"
//!   when a restructure, merger, change of procedure (8.3) or the Ombudsman's request (8.4)
//!   has not been answered, declared non-compliance (8.5), and the form to start one;
//!   `POST /self-assessment` starts it.
//! - `GET /self-assessment/{id}`: the Code's sections as tables (provision, requirement,
//!   suggested answer, answer, the evidence from the record with links to the complaints, the
//!   landlord's evidence and commentary), a status per section, and the workflow's forms;
//!   `POST /self-assessment/{id}/step` takes a step (send for review, back to draft, approve,
//!   publish) and `POST /self-assessment/{id}/refresh` draws the evidence again.
//! - `GET|POST /self-assessment/{id}/provisions/{provision}`: one provision's answer, evidence,
//!   links, documents, commentary, and for a "No" the explanation and date, with its history.
//! - `GET /self-assessment/{id}/changes`: what changed since last year's published one.
//!
//! Recording what asks for a new one (8.3, 8.4) and declaring non-compliance (8.5) are in
//! `self_assessment_prompts.rs`.
//!
//! The downloads of the document and the public page of a published one are in
//! `self_assessment_export.rs`.
//! Permissions are the use cases': reading by those who read reports, writing by complaints
//! officers, senior leads and administrators, approval and publication by administrators.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use jiff::civil::Date;
use redress_app::{AppError, AssessmentList, AssessmentStart, AssessmentView, ChangesView, Permission};
use redress_domain::assessment::{Answer, Approval, Command, Coverage, Publication, Statement, TriggerKind};
use redress_domain::code::ProvisionNumber;
use redress_domain::ids::AssessmentId;
use redress_domain::refusal::Refusal;
use redress_domain::reporting::Period;
use redress_storage::EntryVersion;
use serde::Deserialize;

use super::self_assessment_prompts::{DeclarationForm, TriggerForm};
use crate::AppState;
use crate::pages::cases::long_date;
use crate::pages::{IdPath, Layout, PageError, Section, Staff, render};

/// The self-assessment's routes.
pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/self-assessment", get(list).post(start)),
        ("/self-assessment/{id}", get(show)),
        ("/self-assessment/{id}/step", post(step)),
        ("/self-assessment/{id}/refresh", post(refresh)),
        ("/self-assessment/{id}/changes", get(changes)),
        ("/self-assessment/{id}/provisions/{provision}", get(provision_page).post(save_provision)),
    ]
}

/// One problem with a form, for the error summary and its field.
#[derive(Debug)]
pub(crate) struct Problem {
    field: String,
    message: String,
}

/// A page's problems.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub(super) fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(Problem { field: field.to_owned(), message: message.into() });
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message of `field`, or empty.
    fn of(&self, field: &str) -> String {
        self.0.iter().find(|p| p.field == field).map(|p| p.message.clone()).unwrap_or_default()
    }

    /// A refusal by the use case as a problem at `field`; other errors are the page's.
    pub(super) fn refused(field: &str, error: AppError) -> Result<Problems, PageError> {
        let message = match error {
            AppError::Invalid(message) | AppError::Refused(Refusal::Invalid(message) | Refusal::State(message)) => {
                message
            }
            AppError::Refused(Refusal::Code { provision, message, .. }) => format!("Code {provision}: {message}"),
            AppError::Refused(Refusal::Text(error)) => error.to_string(),
            other => return Err(other.into()),
        };
        let mut problems = Problems::default();
        problems.add(field, message);
        Ok(problems)
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

fn layout(staff: &Staff, title: &str, errors: &Problems) -> Layout {
    let mut layout = staff.layout(title, Section::Reports);
    layout.has_errors = !errors.is_empty();
    layout
}

/// A day typed as `2026-03-31`, or a problem at `field`.
pub(super) fn day(text: &str, field: &str, label: &str, problems: &mut Problems) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        problems.add(field, format!("Enter {label}"));
        return None;
    }
    text.parse().ok().or_else(|| {
        problems.add(field, format!("{} must be a date such as 2026-03-31", capitalised(label)));
        None
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn answer_label(answer: Option<Answer>) -> &'static str {
    answer.map_or("Not answered", Answer::label)
}

// ---- GET|POST /self-assessment

#[derive(Template)]
#[template(path = "self_assessment/list.html")]
struct ListPage {
    layout: Layout,
    errors: Problems,
    found: AssessmentList,
    form: StartForm,
    /// What asks for a new self-assessment, as typed (`self_assessment_prompts.rs`).
    trigger: TriggerForm,
    /// A declared period of non-compliance, as typed.
    declaration: DeclarationForm,
    /// What can be recorded as asking for a new self-assessment.
    kinds: [TriggerKind; 4],
}

/// The list with `errors` and the forms as typed: a bad request when there are errors.
pub(super) async fn list_page(
    state: &AppState,
    staff: &Staff,
    errors: Problems,
    form: StartForm,
    trigger: TriggerForm,
    declaration: DeclarationForm,
) -> Result<Response, PageError> {
    let found = state.app().assessments(&staff.actor).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let layout = layout(staff, "Self-assessment", &errors);
    let kinds = TriggerKind::ALL;
    Ok(render(status, &ListPage { layout, errors, found, form, trigger, declaration, kinds }))
}

/// The start form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct StartForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    coverage: String,
}

/// `GET /self-assessment`.
async fn list(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    list_page(&state, &staff, Problems::default(), StartForm::default(), Default::default(), Default::default()).await
}

/// `POST /self-assessment`.
async fn start(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<StartForm>,
) -> Result<Response, PageError> {
    let mut errors = Problems::default();
    let from = day(&form.from, "from", "the first day of the period", &mut errors);
    let to = day(&form.to, "to", "the last day of the period", &mut errors);
    let coverage = if form.coverage == Coverage::WithAgents.as_str() { Coverage::WithAgents } else { Coverage::Alone };
    if let (Some(from), Some(to)) = (from, to) {
        match Period::new(from, to) {
            Err(_) => errors.add("to", "The last day of the period must be on or after its first day"),
            Ok(period) => {
                match state
                    .app()
                    .start_assessment(&staff.actor, AssessmentStart { coverage, period, imported: None })
                    .await
                {
                    Ok(id) => return Ok(Redirect::to(&format!("/self-assessment/{id}")).into_response()),
                    Err(error) => errors = Problems::refused("from", error)?,
                }
            }
        }
    }
    list_page(&state, &staff, errors, form, Default::default(), Default::default()).await
}

// ---- GET /self-assessment/{id}, POST .../step and .../refresh

#[derive(Template)]
#[template(path = "self_assessment/show.html")]
struct ShowPage {
    layout: Layout,
    errors: Problems,
    view: AssessmentView,
    /// Each download's address and name.
    downloads: Vec<(String, &'static str)>,
    /// The public page, once published.
    public: String,
}

impl ShowPage {
    fn period(&self) -> String {
        let a = &self.view.assessment;
        format!("{} to {}", long_date(a.period_from), long_date(a.period_to))
    }
}

/// `GET /self-assessment/{id}`.
async fn show(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<AssessmentId>,
) -> Result<Response, PageError> {
    show_with(&state, &staff, &id, Problems::default()).await
}

async fn show_with(
    state: &AppState,
    staff: &Staff,
    id: &AssessmentId,
    errors: Problems,
) -> Result<Response, PageError> {
    let view = state.app().assessment(&staff.actor, id).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let title = format!("Self-assessment: {}", view.organisation);
    let downloads = super::self_assessment_export::staff_downloads(id);
    let public = super::self_assessment_export::public_address(&view.assessment.organisation_id, id);
    let layout = layout(staff, &title, &errors);
    Ok(render(status, &ShowPage { layout, errors, view, downloads, public }))
}

/// The workflow's form: which step, and the approval's or publication's details.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    minute: String,
    #[serde(default)]
    response: String,
}

/// `POST /self-assessment/{id}/step`.
async fn step(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<AssessmentId>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    // Those who may not read it are refused before their form is read.
    staff.actor.require(Permission::ReadReports)?;
    let mut errors = Problems::default();
    let command = match form.step.as_str() {
        "review" => Some(Command::SendForReview),
        "draft" => Some(Command::ReturnToDraft),
        "approve" => day(&form.on, "on", "the day of the meeting", &mut errors).map(|on| {
            Command::Approve(Approval { body: form.body.trim().to_owned(), on, minute: form.minute.trim().to_owned() })
        }),
        "publish" => day(&form.on, "on", "the day it was published", &mut errors)
            .map(|on| Command::Publish(Publication { on, response: form.response.trim().to_owned() })),
        _ => return Err(AppError::Invalid("no such step".into()).into()),
    };
    if let Some(command) = command {
        match state.app().assessment_step(&staff.actor, &id, command).await {
            Ok(_) => return Ok(Redirect::to(&format!("/self-assessment/{id}")).into_response()),
            Err(error) => errors = Problems::refused("step", error)?,
        }
    }
    show_with(&state, &staff, &id, errors).await
}

/// `POST /self-assessment/{id}/refresh`.
async fn refresh(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<AssessmentId>,
) -> Result<Response, PageError> {
    match state.app().refresh_assessment_evidence(&staff.actor, &id).await {
        Ok(_) => Ok(Redirect::to(&format!("/self-assessment/{id}")).into_response()),
        Err(error) => show_with(&state, &staff, &id, Problems::refused("step", error)?).await,
    }
}

// ---- GET /self-assessment/{id}/changes

#[derive(Template)]
#[template(path = "self_assessment/changes.html")]
struct ChangesPage {
    layout: Layout,
    found: ChangesView,
}

/// `GET /self-assessment/{id}/changes`.
async fn changes(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<AssessmentId>,
) -> Result<Response, PageError> {
    let found = state.app().assessment_changes(&staff.actor, &id).await?;
    let page = ChangesPage {
        layout: layout(&staff, "Changes since the last published self-assessment", &Problems::default()),
        found,
    };
    Ok(render(StatusCode::OK, &page))
}

// ---- GET|POST /self-assessment/{id}/provisions/{provision}

#[derive(Template)]
#[template(path = "self_assessment/provision.html")]
struct ProvisionPage {
    layout: Layout,
    errors: Problems,
    id: AssessmentId,
    provision: ProvisionNumber,
    requirement: String,
    suggested: &'static str,
    statements: Vec<String>,
    remains: String,
    form: ProvisionForm,
    history: Vec<EntryVersion>,
    editable: bool,
    /// The form's text areas: name, label, value, error.
    fields: Vec<(&'static str, &'static str, String, String)>,
}

/// One provision's form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProvisionForm {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    links: String,
    #[serde(default)]
    documents: String,
    #[serde(default)]
    commentary: String,
    #[serde(default)]
    explanation: String,
    #[serde(default)]
    comply_by: String,
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

async fn provision_with(
    state: &AppState,
    staff: &Staff,
    id: AssessmentId,
    provision: ProvisionNumber,
    form: Option<ProvisionForm>,
    errors: Problems,
) -> Result<Response, PageError> {
    let app = state.app();
    let view = app.assessment(&staff.actor, &id).await?;
    let row = view.row(provision).ok_or_else(PageError::not_found)?;
    let statement = &row.entry.statement;
    let form = form.unwrap_or_else(|| ProvisionForm {
        answer: statement.answer.map(|a| a.label().to_lowercase()).unwrap_or_default(),
        evidence: statement.evidence.clone(),
        links: statement.links.join("\n"),
        documents: statement.documents.join("\n"),
        commentary: statement.commentary.clone(),
        explanation: statement.explanation.clone(),
        comply_by: statement.comply_by.map(|d| d.to_string()).unwrap_or_default(),
    });
    let record = row.entry.from_record.as_ref();
    let fields = [
        ("evidence", "Your evidence", &form.evidence),
        ("links", "Links to evidence, one web address a line", &form.links),
        ("documents", "Documents relied on, one a line", &form.documents),
        ("commentary", "Commentary", &form.commentary),
        ("explanation", "If no: why you do not comply (Code 8.1)", &form.explanation),
    ]
    .into_iter()
    .map(|(name, label, value)| (name, label, value.clone(), errors.of(name)))
    .collect();
    let page = ProvisionPage {
        fields,
        layout: layout(staff, &format!("Provision {provision}"), &errors),
        errors,
        requirement: row.requirement.clone(),
        suggested: answer_label(row.entry.suggested()),
        statements: record
            .map(|r| r.statements.iter().chain(&r.policy_breaches).cloned().collect())
            .unwrap_or_default(),
        remains: record.map(|r| r.remains.clone()).unwrap_or_default(),
        history: app.assessment_provision_history(&staff.actor, &id, provision).await?,
        editable: view.may_edit,
        form,
        id,
        provision,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    Ok(render(status, &page))
}

/// `GET /self-assessment/{id}/provisions/{provision}`.
async fn provision_page(
    State(state): State<AppState>,
    staff: Staff,
    IdPath((id, provision)): IdPath<(AssessmentId, String)>,
) -> Result<Response, PageError> {
    let provision = provision.parse().map_err(|_| PageError::not_found())?;
    provision_with(&state, &staff, id, provision, None, Problems::default()).await
}

/// `POST /self-assessment/{id}/provisions/{provision}`.
async fn save_provision(
    State(state): State<AppState>,
    staff: Staff,
    IdPath((id, provision)): IdPath<(AssessmentId, String)>,
    Form(form): Form<ProvisionForm>,
) -> Result<Response, PageError> {
    let provision: ProvisionNumber = provision.parse().map_err(|_| PageError::not_found())?;
    let mut errors = Problems::default();
    let answer = match form.answer.as_str() {
        "yes" => Some(Answer::Yes),
        "no" => Some(Answer::No),
        _ => None,
    };
    let comply_by = match form.comply_by.trim() {
        "" => None,
        _ => day(&form.comply_by, "comply_by", "the date by which you intend to comply", &mut errors),
    };
    if errors.is_empty() {
        let statement = Statement {
            answer,
            evidence: form.evidence.trim().to_owned(),
            links: lines(&form.links),
            documents: lines(&form.documents),
            commentary: form.commentary.trim().to_owned(),
            explanation: form.explanation.trim().to_owned(),
            comply_by,
        };
        match state.app().answer_provision(&staff.actor, &id, provision, statement).await {
            Ok(()) => return Ok(Redirect::to(&format!("/self-assessment/{id}#provision-{provision}")).into_response()),
            Err(error) => {
                let field = match &error {
                    AppError::Refused(Refusal::Code { message, .. }) if message.contains("date") => "comply_by",
                    AppError::Refused(Refusal::Code { .. }) => "explanation",
                    _ => "evidence",
                };
                errors = Problems::refused(field, error)?;
            }
        }
    }
    provision_with(&state, &staff, id, provision, Some(form), errors).await
}
