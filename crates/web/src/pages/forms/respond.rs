//! `GET`/`POST /cases/{id}/respond`: a stage's response, as a GOV.UK task list.
//!
//! The response is made of five tasks, each its own short form: the decision on the complaint
//! and on each point of its definition, the remedies (as many as are offered) or why there is
//! none, the outstanding actions (as many as there are) or none, how to escalate (at stage 1,
//! who to contact, how and within what time, prefilled from the organisation's settings; at
//! stage 2, the Housing Ombudsman's details from the settings, shown and recorded), and when it
//! was sent (now, unless given; with the reason it is recorded late when it is). The task
//! list shows each task as Completed or Incomplete; "Record the response" asks the domain,
//! whose Code 6.9 (stage 1) and 6.19 (stage 2) checks decide whether the response has
//! everything it must, and a refusal is shown on the task list citing the provision.
//!
//! The draft lives in the pages themselves, not on the server: every page of the task list
//! carries the whole draft as hidden fields, and every button posts it back with a `go`
//! value saying what to do next: `task-{name}` opens a task, `save-{name}` saves it and
//! returns to the list, `add-remedy` and `add-action` add a row to a task, and `record` (or
//! no `go`, for a response posted whole) records the response. Nothing is stored until then,
//! so an abandoned draft leaves nothing behind; it needs no JavaScript and no draft table.

use crate::pages::IdPath;
use redress_domain::complaint::{
    ActionPlan, Command, Decision, Outstanding, Point, PointDecision, RemedyKind, RemedyOffer, RemedyOutcome, Respond,
    StageNumber, StageTwoRoute,
};
use redress_domain::ids::{ComplaintId, UserId};
use std::collections::HashSet;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use redress_app::{AppError, ComplaintView, Permission, Stated};
use redress_storage::OrganisationDetails;

use super::fields::{pairs, variant};
use super::options::{self, remedy_kinds};
use super::when::Bounds;
use super::{Builder, Built, CaseForm, Field, FormError, Values, Widget, show_form};
use crate::AppState;
use crate::pages::{Layout, PageError, Section, Staff, render};

/// The tasks of a response, in order, as `(name, title)`.
const TASKS: [(&str, &str); 5] = [
    ("decisions", "Decide the complaint and each point"),
    ("remedies", "Remedies"),
    ("actions", "Outstanding actions"),
    ("escalation", "How to escalate"),
    ("sent", "When the response was sent"),
];

/// The parts of a response the draft holds, each `None` until its task gives it.
#[derive(Default)]
struct Draft {
    decision: Option<Decision>,
    decisions: Vec<PointDecision>,
    remedy: Option<RemedyOutcome>,
    outstanding: Option<Outstanding>,
    /// At stage 1, the route to stage 2 (at stage 2 the response gives the Ombudsman's
    /// details from settings, so there is nothing to draft).
    escalation: Option<StageTwoRoute>,
    /// When it was sent: now, unless the task says otherwise; `None` while its date cannot be
    /// read.
    sent: Option<Stated>,
}

impl Draft {
    /// Forgets task `name`'s part (when its fields cannot all be read).
    fn clear(&mut self, name: &str) {
        match name {
            "decisions" => {
                self.decision = None;
                self.decisions.clear();
            }
            "remedies" => self.remedy = None,
            "actions" => self.outstanding = None,
            "sent" => self.sent = None,
            _ => self.escalation = None,
        }
    }

    /// Whether task `name` has everything it asks for.
    fn done(&self, name: &str, case: &Case) -> bool {
        match name {
            "decisions" => {
                self.decision.is_some()
                    && case
                        .points
                        .iter()
                        .all(|p| self.decisions.iter().any(|d| d.point == p.id && !d.reasons.trim().is_empty()))
            }
            "remedies" => match &self.remedy {
                Some(RemedyOutcome::Offered { remedies }) => !remedies.is_empty(),
                Some(RemedyOutcome::NoRemedy { reason }) => !reason.trim().is_empty(),
                None => false,
            },
            "actions" => match &self.outstanding {
                Some(Outstanding::Actions { actions }) => !actions.is_empty(),
                Some(Outstanding::None) => true,
                None => false,
            },
            "sent" => self.sent.is_some(),
            _ => match (&self.escalation, case.stage) {
                (Some(route), _) => [&route.contact, &route.how, &route.within].iter().all(|p| !p.trim().is_empty()),
                (None, StageNumber::One) => false,
                (None, StageNumber::Two) => true,
            },
        }
    }
}

/// What the tasks need from the case.
struct Case {
    stage: StageNumber,
    points: Vec<Point>,
    /// Who owns the outstanding actions: the member of staff recording the response.
    owner: UserId,
    caption: String,
    path: String,
    back: String,
    /// What the organisation's settings say: how to reach its complaints team (to prefill the
    /// route to stage 2) and the Ombudsman's details (which a stage 2 response gives).
    settings: OrganisationDetails,
    /// What the date it was sent must keep to.
    bounds: Bounds,
}

impl Case {
    async fn load(state: &AppState, view: &ComplaintView, staff: &Staff) -> Result<Case, PageError> {
        let settings = state.app().letter_details(&staff.actor).await?;
        let now: Timestamp = state.app().now();
        let stage = view.complaint.current_stage();
        Ok(Case {
            stage: stage.number,
            points: stage.acknowledgement.as_ref().map(|a| a.definition.points.clone()).unwrap_or_default(),
            owner: staff.actor.user_id.clone(),
            caption: format!("Complaint {}, stage {}", view.reference, view.stage),
            path: CaseForm::Respond.href(&view.id, None),
            back: format!("/cases/{}", view.id),
            settings,
            bounds: Bounds { now, received: Some(view.complaint.logged.received_at) },
        })
    }
}

/// Lays task `name`'s fields out on `b`, reading its part of the response into `draft`.
/// `None` if there is no such task.
fn task(name: &str, b: &mut Builder<'_>, case: &Case, draft: &mut Draft) -> Option<&'static str> {
    let title = TASKS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)?;
    match name {
        "decisions" => decisions(b, case, draft),
        "remedies" => remedies(b, draft),
        "actions" => actions(b, case, draft),
        "sent" => draft.sent = Some(b.stated("the response was sent", &case.bounds, true)),
        _ => escalation(b, case, draft),
    }
    Some(title)
}

fn decisions(b: &mut Builder<'_>, case: &Case, draft: &mut Draft) {
    let values = b.values;
    let decision = b.choose(
        "decision",
        "Decision on the complaint",
        "",
        Widget::Radios(options::decisions()),
        "Select the decision",
    );
    draft.decision = decision.as_deref().and_then(variant::<Decision>);
    for point in &case.points {
        b.add(&format!("point-{}", point.id), &format!("Point {}", point.id), &point.text, Widget::Heading);
        let id = format!("decision-{}", point.id);
        let chosen = b.choose(
            &id,
            &format!("Decision on point {}", point.id),
            "",
            Widget::Radios(options::decisions()),
            &format!("Select the decision on point {}", point.id),
        );
        let reasons = format!("reasons-{}", point.id);
        b.add(
            &reasons,
            &format!("Reasons for the decision on point {}", point.id),
            "Referring to policy, law and good practice where appropriate",
            Widget::Textarea,
        );
        if let Some(decision) = chosen.as_deref().and_then(variant::<Decision>) {
            draft.decisions.push(PointDecision { point: point.id.clone(), decision, reasons: values.text(&reasons) });
        }
    }
}

fn remedies(b: &mut Builder<'_>, draft: &mut Draft) {
    let values = b.values;
    let offered = b.choose(
        "remedy",
        "Is a remedy offered?",
        "",
        Widget::Radios(pairs(&[("offered", "Yes, one or more remedies are offered"), ("none", "No remedy")])),
        "Select whether a remedy is offered",
    );
    let mut offers = Vec::new();
    for n in 1..=b.rows("remedy") {
        let id = |part: &str| format!("remedy-{n}-{part}");
        b.add(&format!("remedy-{n}"), &format!("Remedy {n}"), "", Widget::Heading);
        b.add(&id("kind"), "Kind of remedy", "", Widget::Select(remedy_kinds()));
        b.add(&id("description"), "What will be done", "", Widget::Textarea);
        let amount = b.pounds(&id("amount"), "Amount, in pounds", "For a financial remedy, for example 150.00");
        let due = b.date(&id("due"), "To be carried out by", "For example, 27 3 2025", false);
        if !values.row_filled("remedy", n) {
            continue;
        }
        match variant::<RemedyKind>(&values.text(&id("kind"))) {
            Some(kind) => {
                offers.push(RemedyOffer {
                    kind,
                    description: values.text(&id("description")),
                    amount_pence: amount,
                    due,
                });
            }
            None => b.fail(&id("kind"), &id("kind"), &format!("Select the kind of remedy {n}")),
        }
    }
    b.add("add-remedy", "Add another remedy", "", Widget::Button);
    b.add("no_remedy_reason", "Why no remedy is offered", "If none is", Widget::Textarea);
    draft.remedy = match offered.as_deref() {
        Some("offered") => Some(RemedyOutcome::Offered { remedies: offers }),
        Some(_) => Some(RemedyOutcome::NoRemedy { reason: values.text("no_remedy_reason") }),
        None => None,
    };
}

fn actions(b: &mut Builder<'_>, case: &Case, draft: &mut Draft) {
    let values = b.values;
    let outstanding = b.choose(
        "outstanding",
        "Are any actions outstanding?",
        "",
        Widget::Radios(pairs(&[("some", "Yes"), ("none", "No, nothing is outstanding")])),
        "Select whether any actions are outstanding",
    );
    let mut plans = Vec::new();
    for n in 1..=b.rows("action") {
        let id = |part: &str| format!("action-{n}-{part}");
        b.add(&format!("action-{n}"), &format!("Outstanding action {n}"), "", Widget::Heading);
        b.add(&id("description"), "What is to be done", "The action is yours to own", Widget::Textarea);
        let due = b.date(&id("due"), "Due by", "For example, 27 3 2025", false);
        if !values.row_filled("action", n) {
            continue;
        }
        match due {
            Some(due) => {
                plans.push(ActionPlan { description: values.text(&id("description")), owner: case.owner.clone(), due })
            }
            None if b.errors.iter().all(|e| e.field != id("due-day")) => {
                b.fail(&id("due"), &id("due-day"), &format!("Enter the date action {n} is due by"));
            }
            None => {}
        }
    }
    b.add("add-action", "Add another action", "", Widget::Button);
    draft.outstanding = match outstanding.as_deref() {
        Some("some") => Some(Outstanding::Actions { actions: plans }),
        Some(_) => Some(Outstanding::None),
        None => None,
    };
}

fn escalation(b: &mut Builder<'_>, case: &Case, draft: &mut Draft) {
    if case.stage == StageNumber::Two {
        b.ombudsman_details(
            "The response tells the resident of their right to refer the complaint to the Housing Ombudsman, with its contact details from the organisation's settings (Code 6.19):",
            &case.settings.ombudsman,
        );
        return;
    }
    let values = b.values;
    // Prefilled from the organisation's settings until the task is first saved.
    let contact = &case.settings.complaints_email;
    let how = match (contact.is_empty(), case.settings.complaints_phone.is_empty()) {
        (false, false) => format!("Email {contact} or telephone {}", case.settings.complaints_phone),
        (false, true) => format!("Email {contact}"),
        (true, false) => format!("Telephone {}", case.settings.complaints_phone),
        (true, true) => String::new(),
    };
    let prefill = [
        ("escalation_contact", "Who to contact", "As the complaints policy says", "The complaints team".to_owned()),
        ("escalation_how", "How to contact them", "An address, email address, telephone number or form", how),
        (
            "escalation_within",
            "Within what time",
            "As the complaints policy says, for example within 20 working days of this response",
            String::new(),
        ),
    ];
    let fresh = prefill.iter().all(|(id, ..)| !values.0.iter().any(|(name, _)| name == id));
    for (id, label, hint, default) in prefill {
        let field = b.add(id, label, hint, Widget::Text);
        if fresh {
            field.value = default;
        }
    }
    let route = StageTwoRoute {
        contact: values.text("escalation_contact"),
        how: values.text("escalation_how"),
        within: values.text("escalation_within"),
    };
    let given = [&route.contact, &route.how, &route.within].iter().any(|p| !p.is_empty());
    draft.escalation = given.then_some(route);
}

/// The whole draft, and which tasks are done. A task whose fields cannot all be read gives
/// no part, so the domain refuses the response for lack of it rather than record less than
/// was typed.
fn read(case: &Case, values: &Values) -> (Draft, Vec<bool>) {
    let mut draft = Draft::default();
    let mut done = Vec::new();
    for (name, _) in TASKS {
        let mut b = Builder::new(values);
        task(name, &mut b, case, &mut draft);
        if !b.errors.is_empty() {
            draft.clear(name);
        }
        done.push(draft.done(name, case));
    }
    (draft, done)
}

/// One task of the list.
struct TaskRow {
    name: &'static str,
    title: &'static str,
    done: bool,
}

#[derive(Template)]
#[template(path = "cases/respond.html")]
struct TaskListPage {
    layout: Layout,
    errors: Vec<FormError>,
    caption: String,
    action: String,
    back: String,
    /// The draft, carried to the next page.
    hidden: Vec<(String, String)>,
    tasks: Vec<TaskRow>,
    completed: usize,
    stage: StageNumber,
}

fn task_list(staff: &Staff, case: &Case, values: &Values, error: Option<String>, status: StatusCode) -> Response {
    let (_, done) = read(case, values);
    let tasks: Vec<TaskRow> =
        TASKS.iter().zip(done).map(|((name, title), done)| TaskRow { name, title, done }).collect();
    let errors: Vec<FormError> = error
        .into_iter()
        .map(|message| {
            let field =
                tasks.iter().find(|t| !t.done).map_or_else(|| "record".to_owned(), |t| format!("task-{}", t.name));
            FormError { field, message }
        })
        .collect();
    let mut layout = staff.layout("Record the response", Section::Cases);
    layout.has_errors = !errors.is_empty();
    let page = TaskListPage {
        layout,
        errors,
        caption: case.caption.clone(),
        action: case.path.clone(),
        back: case.back.clone(),
        hidden: values.0.iter().filter(|(name, _)| name != "go").cloned().collect(),
        completed: tasks.iter().filter(|t| t.done).count(),
        tasks,
        stage: case.stage,
    };
    render(status, &page)
}

/// Task `name`'s form, carrying the rest of the draft in hidden fields; with its input
/// errors when `errors`.
fn task_form(
    staff: &Staff,
    case: &Case,
    values: &Values,
    name: &str,
    errors: bool,
) -> Result<(Response, bool), PageError> {
    let mut b = Builder::new(values);
    let mut draft = Draft::default();
    let title = task(name, &mut b, case, &mut draft).ok_or_else(PageError::not_found)?;
    // The rest of the draft, once each: the names this task's fields do not post.
    let mut seen: HashSet<String> = b.fields.iter().flat_map(Field::names).collect();
    seen.insert("go".to_owned());
    for (other, _) in &values.0 {
        if seen.insert(other.clone()) {
            b.add(other, "", "", Widget::Hidden);
        }
    }
    let valid = b.errors.is_empty();
    let mut built = Built::from(b, title, case.caption.clone(), "Save and continue", None);
    built.go = format!("save-{name}");
    let (built, status) = match (errors, valid) {
        (true, false) => (built, StatusCode::BAD_REQUEST),
        _ => (built.blank(), StatusCode::OK),
    };
    Ok((show_form(staff, built, case.path.clone(), case.back.clone(), status), valid))
}

/// `GET /cases/{id}/respond`: the task list of a new draft.
pub(crate) async fn page(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let view = state.app().complaint(&staff.actor, &id).await?;
    Ok(task_list(&staff, &Case::load(&state, &view, &staff).await?, &Values::default(), None, StatusCode::OK))
}

/// `POST /cases/{id}/respond`: opens, saves or grows a task, or records the response.
pub(crate) async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ChangeCases)?;
    let view = state.app().complaint(&staff.actor, &id).await?;
    let case = Case::load(&state, &view, &staff).await?;
    let values = Values(values);
    let go = values.text("go");
    if let Some(name) = go.strip_prefix("task-") {
        return Ok(task_form(&staff, &case, &values, name, false)?.0);
    }
    if let Some(name) = go.strip_prefix("save-") {
        let (form, valid) = task_form(&staff, &case, &values, name, true)?;
        return Ok(if valid { task_list(&staff, &case, &values, None, StatusCode::OK) } else { form });
    }
    if let Some(group) = go.strip_prefix("add-") {
        let name = match group {
            "remedy" => "remedies",
            "action" => "actions",
            _ => return Err(PageError::not_found()),
        };
        return Ok(task_form(&staff, &case, &values, name, false)?.0);
    }
    let (draft, _) = read(&case, &values);
    let Some(stated) = draft.sent else {
        let message = "Give the date the response was sent as a real date, not in the future".to_owned();
        return Ok(task_list(&staff, &case, &values, Some(message), StatusCode::BAD_REQUEST));
    };
    let command = Command::Respond(Respond {
        stage: case.stage,
        decision: draft.decision,
        decisions: draft.decisions,
        remedy: draft.remedy,
        outstanding: draft.outstanding,
        escalation: draft.escalation,
    });
    match state.app().act(&staff.actor, &id, command, stated).await {
        Ok(_) => Ok(Redirect::to(&case.back).into_response()),
        Err(error @ (AppError::Refused(_) | AppError::Invalid(_))) => {
            let status = super::status_of(&error);
            let message = match error {
                AppError::Refused(refusal) => refusal.sentence(),
                other => redress_domain::refusal::as_sentence(&other.to_string()),
            };
            Ok(task_list(&staff, &case, &values, Some(message), status))
        }
        Err(other) => Err(other.into()),
    }
}
