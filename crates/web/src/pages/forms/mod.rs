//! The lifecycle forms: every command of a complaint's lifecycle, through the pages alone.
//!
//! - `GET`/`POST /cases/new`: log a complaint, starting from a search for the resident
//!   ([`log`]).
//! - `GET`/`POST` of each of [`CaseForm::ONE_PAGE`], one route each: the one-page forms of
//!   [`lifecycle`] (acknowledge, escalate, close, the Ombudsman's, remedies' and
//!   actions' forms, …) and [`reassign`], which [`allowed_actions`] links to from the case
//!   page.
//! - `GET`/`POST /cases/{id}/respond` and `GET`/`POST /cases/{id}/respond/{task}`: a stage's
//!   response, as a task list whose draft is saved task by task ([`respond`]).
//! - `GET`/`POST /cases/{id}/extend`: an extension, in two steps, the new due date shown
//!   before the handler confirms the resident was told of it ([`extend`]).
//! - `GET`/`POST /cases/{id}/correspondence` and its attachments ([`correspondence`]).
//!
//! Every form is the one template `cases/form.html`, given a list of [`Field`]s built by a
//! [`fields::Builder`]. A POST that succeeds redirects (303) to the case page. Input that
//! cannot be read (a bad date, an empty number) re-renders the form with field errors (400); a
//! refusal by the domain re-renders it with the refusal's text, citing the provision, in the
//! error summary (422). Either way the values typed are kept. Read-only roles get 403 on both
//! GET and POST, and another organisation's case is not found (404).

mod case_forms;
mod categories;
pub(crate) mod correspondence;
pub(crate) mod extend;
mod fields;
mod intake;
mod lifecycle;
pub(crate) mod log;
mod options;
mod pass;
mod reassign;
pub(crate) mod respond;
mod triage;
mod when;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};
use redress_app::{AppError, ComplaintIntake, Permission, Stated};
use redress_domain::complaint::Command;
use redress_domain::refusal::{Refusal, as_sentence};

use super::{IdPath, Layout, PageError, Section, Staff, render};
use crate::AppState;
pub(crate) use case_forms::CaseForm;
use case_forms::FormPath;
pub(crate) use categories::category_options;
pub(crate) use fields::{Builder, Field, FormError, Values, Widget, variant};
pub(crate) use intake::complaint_questions;
pub(crate) use lifecycle::allowed_actions;
pub(crate) use when::Bounds;

#[derive(Template)]
#[template(path = "cases/form.html")]
struct FormPage {
    layout: Layout,
    errors: Vec<FormError>,
    caption: String,
    action: String,
    back: String,
    fields: Vec<Field>,
    button: &'static str,
    /// The `go` value the main button posts, if any (the response's task forms).
    go: String,
    /// Whether the form posts files (`multipart/form-data`).
    multipart: bool,
}

/// What the form's POST would do, once its fields are read.
pub(crate) enum Intent {
    /// Log a complaint.
    Log(Box<ComplaintIntake>),
    /// Act on a complaint.
    Act(Command),
}

/// A form: its fields (with the values given) and, if they could all be read, the intent.
pub(crate) struct Built {
    title: String,
    caption: String,
    button: &'static str,
    /// The `go` value the main button posts, if any.
    go: String,
    /// Whether the form posts files.
    multipart: bool,
    fields: Vec<Field>,
    pub(crate) errors: Vec<FormError>,
    pub(crate) intent: Option<Intent>,
    /// The field a refusal's summary links to.
    first: String,
    /// The navigation section the form belongs to.
    pub(crate) section: Section,
    /// When the form says its command's step happened, and why it is recorded late if it is.
    pub(crate) stated: Stated,
}

impl Built {
    /// The form built by `builder`, with the intent if every field could be read.
    pub(crate) fn from(
        builder: Builder<'_>,
        title: &str,
        caption: String,
        button: &'static str,
        intent: Option<Intent>,
    ) -> Built {
        let first = builder.fields.iter().find(|f| f.is_input()).map(Field::anchor).unwrap_or_default();
        let intent = if builder.errors.is_empty() { intent } else { None };
        Built {
            title: title.to_owned(),
            caption,
            button,
            go: String::new(),
            multipart: false,
            fields: builder.fields,
            errors: builder.errors,
            intent,
            first,
            section: Section::Cases,
            stated: Stated::default(),
        }
    }

    /// The form, whose command happened when `stated` says.
    pub(crate) fn stated(mut self, stated: Stated) -> Built {
        self.stated = stated;
        self
    }

    /// The form as first shown (or grown by "add another"): no errors, though nothing is
    /// filled in yet.
    pub(crate) fn blank(mut self) -> Built {
        self.errors.clear();
        for field in &mut self.fields {
            field.error.clear();
        }
        self
    }
}

/// Shows a form with `status`.
pub(crate) fn show_form(staff: &Staff, built: Built, action: String, back: String, status: StatusCode) -> Response {
    let mut layout = staff.layout(built.title, built.section);
    let errors = built.errors;
    layout.has_errors = !errors.is_empty();
    let page = FormPage {
        layout,
        errors,
        caption: built.caption,
        action,
        back,
        fields: built.fields,
        button: built.button,
        go: built.go,
        multipart: built.multipart,
    };
    render(status, &page)
}

/// The status of a form shown again with the application's error: 400 for a text that
/// cannot be used at all (too long, a control character), as the API answers; 422 for the
/// rest (a refusal by the Code, the complaint's state, a required answer missing).
pub(crate) fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Refused(Refusal::Text(_)) => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Renders a form again with an error from the application in its summary (400 or 422, by
/// [`status_of`]), or the error page when the error is not about the form.
pub(crate) fn refused(staff: &Staff, mut built: Built, error: AppError, action: String, back: String) -> Response {
    let status = status_of(&error);
    let (field, message) = match error {
        AppError::Refused(refusal) => {
            let message = refusal.sentence();
            // A step recorded after its due date without a reason: the summary leads to the
            // reason's field, which shows the refusal too.
            match built.fields.iter_mut().find(|f| f.id == "late_reason" && refusal.wants_late_reason()) {
                Some(field) => {
                    field.error = message.clone();
                    (field.id.clone(), message)
                }
                None => (built.first.clone(), message),
            }
        }
        AppError::Invalid(message) => (built.first.clone(), as_sentence(&message)),
        AppError::NotFound(what @ ("handler" | "resident")) => {
            let message = format!("Select a {what} from the list");
            if let Some(f) = built.fields.iter_mut().find(|f| f.id == what) {
                f.error = message.clone();
            }
            (what.to_owned(), message)
        }
        other => return PageError::from(other).into_response(),
    };
    built.errors.push(FormError { field, message });
    show_form(staff, built, action, back, status)
}

/// The handlers of one of [`CaseForm::ONE_PAGE`]: [`action`] shows it, [`act`] carries it out.
pub(crate) fn one_page(form: CaseForm) -> MethodRouter<AppState> {
    get(move |state: State<AppState>, staff: Staff, path: IdPath<FormPath>| action(form, state, staff, path)).post(
        move |state: State<AppState>, staff: Staff, path: IdPath<FormPath>, values: Form<Vec<(String, String)>>| {
            act(form, state, staff, path, values)
        },
    )
}

/// `GET` of a one-page form: the form, as first shown.
async fn action(
    form: CaseForm,
    State(state): State<AppState>,
    staff: Staff,
    IdPath(FormPath { id, item }): IdPath<FormPath>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let view = state.app().complaint(&staff.actor, &id).await?;
    let command = form.command(item.clone()).ok_or_else(PageError::not_found)?;
    let values = lifecycle::initial_values(&view, &command);
    let built = lifecycle::action_form(&state, &staff, &view, &command, &values).await?.blank();
    let path = form.href(&id, item.as_deref());
    Ok(show_form(&staff, built, path, format!("/cases/{id}"), StatusCode::OK))
}

/// `POST` of a one-page form: carries the form's command out, or, when an "add another"
/// button was pressed, shows the form again with one more row.
async fn act(
    form: CaseForm,
    State(state): State<AppState>,
    staff: Staff,
    IdPath(FormPath { id, item }): IdPath<FormPath>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let view = state.app().complaint(&staff.actor, &id).await?;
    let command = form.command(item.clone()).ok_or_else(PageError::not_found)?;
    let values = Values(values);
    let mut built = lifecycle::action_form(&state, &staff, &view, &command, &values).await?;
    let (path, back) = (form.href(&id, item.as_deref()), format!("/cases/{id}"));
    if values.get("go").starts_with("add-") {
        return Ok(show_form(&staff, built.blank(), path, back, StatusCode::OK));
    }
    let Some(Intent::Act(command)) = built.intent.take() else {
        return Ok(show_form(&staff, built, path, back, StatusCode::BAD_REQUEST));
    };
    let stated = built.stated.clone();
    match state.app().act(&staff.actor, &id, command, stated).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(error) => Ok(refused(&staff, built, error, path, back)),
    }
}
