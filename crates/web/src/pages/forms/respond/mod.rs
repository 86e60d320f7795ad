//! A stage's response, as a GOV.UK task list whose draft is saved as the handler goes.
//!
//! - `GET /cases/{id}/respond`: the task list, each task Completed (its fields pass its
//!   check), In progress (saved, but they do not) or Not started.
//! - `GET`/`POST /cases/{id}/respond/{task}`: one task's own small form ([`tasks`]). A post
//!   saves the task's fields into the draft whatever they hold, then checks them: with an
//!   error the form is shown again with the GOV.UK error summary and field errors; without,
//!   it returns to the task list. Its `go` value can instead add a row (`add-remedy`,
//!   `add-action`), remove one (`remove-remedy-2`, `remove-action-1`) or remove a file
//!   (`remove-file-{id}`), and the form is shown again. The letter task posts
//!   `multipart/form-data`: its files are kept in the draft before anything is checked, so an
//!   error elsewhere on the form loses none.
//! - `POST /cases/{id}/respond`: records the response from the draft. Every task is read and
//!   checked again (a part saved since the list was shown is not trusted), then the domain
//!   decides, whose Code 6.9 (stage 1) and 6.19 (stage 2) checks say whether the response has
//!   everything it must.
//!
//! The draft is the application's (`response_draft`): not an event, nothing of it in the
//! record until the response is recorded; it survives leaving the page and signing in again.

mod post;
mod tasks;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use redress_app::{AppError, ComplaintView, DraftFields, DraftedResponse, Permission, ResponseDraft, ResponseTask};
use redress_domain::complaint::{Respond, StageNumber};
use redress_domain::ids::{AttachmentId, ComplaintId};

use super::{Builder, Built, CaseForm, Field, FormError, Values, Widget, show_form};
use crate::AppState;
use crate::pages::cases::long_instant;
use crate::pages::{IdPath, Layout, PageError, Section, Staff, render};
use post::TaskPost;
use tasks::{Case, Parts, build, title};

impl Case {
    async fn load(state: &AppState, view: &ComplaintView, staff: &Staff) -> Result<Case, PageError> {
        let settings = state.app().letter_details(&staff.actor).await?;
        let now: Timestamp = state.app().now();
        let stage = view.complaint.current_stage();
        let list = CaseForm::Respond.href(&view.id, None);
        Ok(Case {
            stage: stage.number,
            points: stage.acknowledgement.as_ref().map(|a| a.definition.points.clone()).unwrap_or_default(),
            owner: staff.actor.user_id.clone(),
            caption: format!("Complaint {}, stage {}", view.reference, view.stage),
            list,
            back: format!("/cases/{}", view.id),
            settings,
            bounds: super::Bounds { now, received: Some(view.complaint.logged.received_at) },
        })
    }

    fn task_path(&self, task: ResponseTask) -> String {
        format!("{}/{task}", self.list)
    }
}

/// How far a task has got.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TaskState {
    NotStarted,
    InProgress,
    Completed,
}

/// Task `task` read from its saved fields (none if it was never saved) and checked: its
/// builder, with the fields and any errors.
fn read_task<'v>(
    task: ResponseTask,
    values: &'v Values,
    case: &Case,
    parts: &mut Parts,
    draft: &ResponseDraft,
) -> Builder<'v> {
    let mut b = Builder::new(values);
    build(task, &mut b, case, parts, &draft.attachments);
    b
}

/// Whether the letter task is part of this response: once saved, or once it has files.
fn letter_wanted(draft: &ResponseDraft) -> bool {
    draft.part(ResponseTask::Letter).is_some() || !draft.attachments.is_empty()
}

/// Every task read from the draft: the parts of those that pass their checks, and each task's
/// progress with its first error.
fn read_all(case: &Case, draft: &ResponseDraft) -> (Parts, Vec<(ResponseTask, TaskState, Option<String>)>) {
    let mut parts = Parts::default();
    let mut progress = Vec::new();
    for task in ResponseTask::ALL {
        let values = Values(draft.part(task).cloned().unwrap_or_default());
        let mut own = Parts::default();
        let b = read_task(task, &values, case, &mut own, draft);
        let state = match (b.errors.first(), draft.part(task)) {
            (None, _) => TaskState::Completed,
            (Some(_), Some(_)) => TaskState::InProgress,
            (Some(_), None) if task == ResponseTask::Letter && letter_wanted(draft) => TaskState::InProgress,
            (Some(_), None) => TaskState::NotStarted,
        };
        if state == TaskState::Completed {
            take(task, &mut parts, own);
        }
        progress.push((task, state, b.errors.first().map(|e| e.message.clone())));
    }
    (parts, progress)
}

/// Moves task `task`'s part from `own` into `parts`.
fn take(task: ResponseTask, parts: &mut Parts, own: Parts) {
    match task {
        ResponseTask::Decisions => {
            parts.decision = own.decision;
            parts.decisions = own.decisions;
        }
        ResponseTask::Remedies => parts.remedy = own.remedy,
        ResponseTask::Actions => parts.outstanding = own.outstanding,
        ResponseTask::Escalation => parts.escalation = own.escalation,
        ResponseTask::Sent => parts.sent = own.sent,
        ResponseTask::Letter => parts.letter = own.letter,
    }
}

/// One task of the list.
struct TaskRow {
    name: &'static str,
    href: String,
    title: &'static str,
    progress: TaskState,
}

#[derive(Template)]
#[template(path = "cases/respond.html")]
struct TaskListPage {
    layout: Layout,
    errors: Vec<FormError>,
    caption: String,
    action: String,
    back: String,
    tasks: Vec<TaskRow>,
    completed: usize,
    stage: StageNumber,
    /// When the draft was last saved, if it has been.
    saved: Option<String>,
}

fn task_list(
    staff: &Staff,
    case: &Case,
    draft: &ResponseDraft,
    errors: Vec<FormError>,
    status: StatusCode,
) -> Response {
    let (_, progress) = read_all(case, draft);
    let tasks: Vec<TaskRow> = progress
        .into_iter()
        .map(|(task, progress, _)| TaskRow {
            name: task.as_str(),
            href: case.task_path(task),
            title: title(task),
            progress,
        })
        .collect();
    let mut layout = staff.layout("Record the response", Section::Cases);
    layout.has_errors = !errors.is_empty();
    let page = TaskListPage {
        layout,
        errors,
        caption: case.caption.clone(),
        action: case.list.clone(),
        back: case.back.clone(),
        completed: tasks.iter().filter(|t| t.progress == TaskState::Completed).count(),
        tasks,
        stage: case.stage,
        saved: draft.saved.as_ref().map(|(_, at)| long_instant(*at)),
    };
    render(status, &page)
}

/// The fields task `b` laid out, with what they hold: what its part of the draft keeps. A row
/// count is kept as the builder counted it (with any row just added).
fn own_fields(b: &Builder<'_>) -> DraftFields {
    let mut fields = Vec::new();
    for field in &b.fields {
        match field.widget {
            Widget::Hidden => fields.push((field.id.clone(), field.value.clone())),
            Widget::File | Widget::Heading | Widget::Inset | Widget::Button => {}
            _ => {
                for name in field.names() {
                    let values = b.values.0.iter().filter(|(n, _)| *n == name);
                    fields.extend(values.cloned());
                }
            }
        }
    }
    fields
}

/// `values` without row `n` of `group` (`remedy-{n}-…`), the rows after it moved up one and
/// the row count one fewer.
fn without_row(values: &Values, group: &str, n: usize) -> Values {
    let rows = format!("{group}_rows");
    let mut kept = Vec::new();
    for (name, value) in &values.0 {
        if *name == rows {
            let count = value.trim().parse::<usize>().unwrap_or(1);
            kept.push((name.clone(), count.saturating_sub(1).max(1).to_string()));
            continue;
        }
        let row = name
            .strip_prefix(&format!("{group}-"))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(number, part)| Some((number.parse::<usize>().ok()?, part)));
        match row {
            Some((m, _)) if m == n => {}
            Some((m, part)) if m > n => kept.push((format!("{group}-{}-{part}", m - 1), value.clone())),
            _ => kept.push((name.clone(), value.clone())),
        }
    }
    Values(kept)
}

/// The task form, as the builder left it: with its errors when `checked`, else as first shown.
fn task_form(staff: &Staff, case: &Case, task: ResponseTask, b: Builder<'_>, checked: bool) -> Response {
    let status = if checked && !b.errors.is_empty() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let mut built = Built::from(b, title(task), case.caption.clone(), "Save and continue", None);
    built.go = "save".to_owned();
    built.multipart = task == ResponseTask::Letter;
    let built = if checked { built } else { built.blank() };
    show_form(staff, built, case.task_path(task), case.list.clone(), status)
}

/// The complaint, its draft and what the tasks need from it, if the caller may respond.
async fn open(state: &AppState, staff: &Staff, id: &ComplaintId) -> Result<(Case, ResponseDraft), PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let (view, draft) = state.app().response_draft(&staff.actor, id).await?;
    Ok((Case::load(state, &view, staff).await?, draft))
}

/// `GET /cases/{id}/respond`: the task list.
pub(crate) async fn page(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    let (case, draft) = open(&state, &staff, &id).await?;
    Ok(task_list(&staff, &case, &draft, Vec::new(), StatusCode::OK))
}

/// `GET /cases/{id}/respond/{task}`: the task's form, with what was saved of it.
pub(crate) async fn task_page(
    State(state): State<AppState>,
    staff: Staff,
    IdPath((id, task)): IdPath<(ComplaintId, String)>,
) -> Result<Response, PageError> {
    let task: ResponseTask = task.parse()?;
    let (case, draft) = open(&state, &staff, &id).await?;
    let values = Values(draft.part(task).cloned().unwrap_or_default());
    let b = read_task(task, &values, &case, &mut Parts::default(), &draft);
    Ok(task_form(&staff, &case, task, b, false))
}

/// `POST /cases/{id}/respond/{task}`: keeps the files posted, saves the task's fields, and
/// either shows the form again (a row added or removed, a file removed, an error) or returns
/// to the task list.
pub(crate) async fn save_task(
    State(state): State<AppState>,
    staff: Staff,
    IdPath((id, task)): IdPath<(ComplaintId, String)>,
    post: TaskPost,
) -> Result<Response, PageError> {
    let task: ResponseTask = task.parse()?;
    let (case, _) = open(&state, &staff, &id).await?;
    let app = state.app();
    if let Some(message) = post.unread {
        // Nothing posted could be read: the task as saved, with why.
        let (_, draft) = app.response_draft(&staff.actor, &id).await?;
        let values = Values(draft.part(task).cloned().unwrap_or_default());
        let mut b = read_task(task, &values, &case, &mut Parts::default(), &draft);
        b.errors.clear();
        b.fields.iter_mut().for_each(|f| f.error.clear());
        let anchor = match b.fields.iter().find(|f| f.id == "attachments") {
            Some(files) => files.anchor(),
            None => b.fields.iter().find(|f| f.is_input()).map(Field::anchor).unwrap_or_default(),
        };
        b.fail("attachments", &anchor, &message);
        return Ok(task_form(&staff, &case, task, b, true));
    }
    let mut problems = Vec::new();
    if task == ResponseTask::Letter && !post.files.is_empty() {
        match app.add_draft_attachments(&staff.actor, &id, post.files).await {
            Ok(_) => {}
            Err(AppError::Invalid(message)) => problems.push(FormError { field: "attachments".into(), message }),
            Err(other) => return Err(other.into()),
        }
    }
    let go = post.values.text("go");
    let mut values = post.values;
    let mut changed = go.starts_with("add-");
    if let Some(file) = go.strip_prefix("remove-file-") {
        let file: AttachmentId = file.parse().map_err(|_| PageError::not_found())?;
        app.remove_draft_attachment(&staff.actor, &id, &file).await?;
        changed = true;
    } else if let Some((group, n)) = go.strip_prefix("remove-").and_then(|row| row.rsplit_once('-')) {
        let n = n.parse::<usize>().ok().filter(|_| ["remedy", "action"].contains(&group));
        let n = n.ok_or_else(PageError::not_found)?;
        values = without_row(&values, group, n);
        changed = true;
    }
    // The files as they now are, for the letter task's list.
    let (_, draft) = app.response_draft(&staff.actor, &id).await?;
    let mut b = read_task(task, &values, &case, &mut Parts::default(), &draft);
    app.save_draft_part(&staff.actor, &id, task, &own_fields(&b)).await?;
    if !problems.is_empty() {
        for FormError { field, message } in problems {
            b.fail(&field, &field, &message);
        }
        return Ok(task_form(&staff, &case, task, b, true));
    }
    if changed {
        return Ok(task_form(&staff, &case, task, b, false));
    }
    if b.errors.is_empty() {
        return Ok(Redirect::to(&case.list).into_response());
    }
    Ok(task_form(&staff, &case, task, b, true))
}

/// `POST /cases/{id}/respond`: records the response from the draft as it is stored now.
pub(crate) async fn record(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    let (case, draft) = open(&state, &staff, &id).await?;
    let (parts, progress) = read_all(&case, &draft);
    // A task begun but failing its check is the handler's to finish: the domain is not asked.
    let unfinished: Vec<FormError> = progress
        .iter()
        .filter(|(_, state, _)| *state == TaskState::InProgress)
        .filter_map(|(task, _, error)| {
            let message = error.as_ref()?;
            Some(FormError { field: format!("task-{task}"), message: format!("{}: {message}", title(*task)) })
        })
        .collect();
    if !unfinished.is_empty() {
        return Ok(task_list(&staff, &case, &draft, unfinished, StatusCode::BAD_REQUEST));
    }
    let response = DraftedResponse {
        respond: Respond {
            stage: case.stage,
            decision: parts.decision,
            decisions: parts.decisions,
            remedy: parts.remedy,
            outstanding: parts.outstanding,
            escalation: parts.escalation,
        },
        stated: parts.sent.unwrap_or_default(),
        letter: parts.letter,
        revision: draft.revision,
    };
    match state.app().record_response_draft(&staff.actor, &id, response).await {
        Ok(_) => Ok(Redirect::to(&case.back).into_response()),
        Err(error @ (AppError::Refused(_) | AppError::Invalid(_))) => {
            let status = super::status_of(&error);
            // The summary leads to the first task not completed, where the refusal's part is.
            let field = progress
                .iter()
                .find(|(_, state, _)| *state != TaskState::Completed)
                .map_or_else(|| "record".to_owned(), |(task, ..)| format!("task-{task}"));
            let message = match error {
                AppError::Refused(refusal) => refusal.sentence(),
                other => redress_domain::refusal::as_sentence(&other.to_string()),
            };
            let errors = vec![FormError { field, message }];
            Ok(task_list(&staff, &case, &draft, errors, status))
        }
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        Values(pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn removing_a_row_moves_the_later_rows_up_and_counts_one_fewer() {
        let before = values(&[
            ("remedy", "offered"),
            ("remedy_rows", "3"),
            ("remedy-1-description", "one"),
            ("remedy-2-description", "two"),
            ("remedy-3-description", "three"),
            ("remedy-3-due-day", "4"),
        ]);
        let after = without_row(&before, "remedy", 2);
        assert_eq!(
            after.0,
            values(&[
                ("remedy", "offered"),
                ("remedy_rows", "2"),
                ("remedy-1-description", "one"),
                ("remedy-2-description", "three"),
                ("remedy-2-due-day", "4"),
            ])
            .0
        );
    }

    #[test]
    fn removing_the_only_row_leaves_one_empty_row() {
        let after = without_row(&values(&[("action_rows", "1"), ("action-1-description", "x")]), "action", 1);
        assert_eq!(after.0, values(&[("action_rows", "1")]).0);
    }
}
