//! The settings pages, for administrators only ([`Permission::ManageSettings`] and
//! [`Permission::ManageUsers`]; everyone else gets 403): `/settings`,
//! `/settings/organisation`, `/settings/closure-days`, `/settings/exclusion-grounds` and
//! `/settings/users`.
//!
//! Every form posts to its page (or a sub-path of it) and, when it succeeds, redirects (303)
//! back to the page, so a refresh does not post again. Bad input re-renders the page with the
//! GOV.UK error summary and the values typed (400) and changes nothing.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use jiff::civil::Date;
use redress_app::{AppError, NewStaff, Permission, Role};
use redress_domain::refusal::Refusal;
use redress_storage::OrganisationDetails;
use serde::Deserialize;

use super::cases::{long_date, long_instant};
use super::{Layout, PageError, Section, Staff, render};
use crate::AppState;

/// The settings routes.
pub(crate) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/settings", get(index)),
        ("/settings/organisation", get(organisation).post(save_organisation)),
        ("/settings/closure-days", get(closure_days).post(add_closure_day)),
        ("/settings/closure-days/remove", post(remove_closure_day)),
        ("/settings/exclusion-grounds", get(exclusion_grounds).post(add_exclusion_ground)),
        ("/settings/exclusion-grounds/remove", post(remove_exclusion_ground)),
        ("/settings/users", get(users).post(add_user)),
        ("/settings/users/{id}/role", post(change_role)),
        ("/settings/users/{id}/disable", post(disable_user)),
        ("/settings/users/{id}/enable", post(enable_user)),
    ]
}

/// An error for the summary and its field. (The field ids of the users page are made from
/// user ids, so they are owned.)
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    field: String,
    message: String,
}

/// A page's errors.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    fn one(field: impl Into<String>, message: impl Into<String>) -> Problems {
        Problems(vec![Problem { field: field.into(), message: message.into() }])
    }

    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { field: field.into(), message: message.into() });
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error message of `field`, or empty.
    fn of(&self, field: &str) -> String {
        self.0.iter().find(|p| p.field == field).map(|p| p.message.clone()).unwrap_or_default()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The page's layout, for an administrator; anyone else is refused.
fn admin_layout(staff: &Staff, title: &str, permission: Permission, problems: &Problems) -> Result<Layout, PageError> {
    staff.actor.require(permission)?;
    let mut layout = staff.layout(title, Section::Settings);
    layout.has_errors = !problems.is_empty();
    Ok(layout)
}

/// A page with errors: 400.
fn invalid(page: &impl Template) -> Response {
    render(StatusCode::BAD_REQUEST, page)
}

/// The application's refusal of bad input as a problem with `field`; other errors as a page
/// error.
fn problem_at(field: &str, error: AppError) -> Result<Problems, PageError> {
    match error {
        AppError::Invalid(message) => Ok(Problems::one(field, capitalised(&message))),
        AppError::Refused(Refusal::Text(error)) => Ok(Problems::one(field, error.to_string())),
        other => Err(other.into()),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

// ---- /settings

#[derive(Template)]
#[template(path = "settings/index.html")]
struct IndexPage {
    layout: Layout,
}

/// `GET /settings`.
pub(crate) async fn index(staff: Staff) -> Result<Response, PageError> {
    let layout = admin_layout(&staff, "Settings", Permission::ManageSettings, &Problems::default())?;
    Ok(render(StatusCode::OK, &IndexPage { layout }))
}

// ---- /settings/organisation

#[derive(Template)]
#[template(path = "settings/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    errors: Problems,
    form: OrganisationForm,
}

/// What the organisation form sends.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct OrganisationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    complaints_email: String,
    #[serde(default)]
    complaints_phone: String,
    #[serde(default)]
    policy_url: String,
    #[serde(default)]
    ombudsman_member_number: String,
}

impl OrganisationForm {
    fn details(&self) -> OrganisationDetails {
        OrganisationDetails {
            address: self.address.clone(),
            complaints_email: self.complaints_email.clone(),
            complaints_phone: self.complaints_phone.clone(),
            policy_url: self.policy_url.clone(),
            ombudsman_member_number: self.ombudsman_member_number.clone(),
        }
    }
}

/// `GET /settings/organisation`.
pub(crate) async fn organisation(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let layout = admin_layout(&staff, "Organisation details", Permission::ManageSettings, &Problems::default())?;
    let (org, d) = state.app().organisation_details(&staff.actor).await?;
    let form = OrganisationForm {
        name: org.name,
        address: d.address,
        complaints_email: d.complaints_email,
        complaints_phone: d.complaints_phone,
        policy_url: d.policy_url,
        ombudsman_member_number: d.ombudsman_member_number,
    };
    Ok(render(StatusCode::OK, &OrganisationPage { layout, errors: Problems::default(), form }))
}

/// `POST /settings/organisation`.
pub(crate) async fn save_organisation(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<OrganisationForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let mut errors = Problems::default();
    if form.name.trim().is_empty() {
        errors.add("name", "Enter the organisation's name");
    }
    if errors.is_empty() {
        match state.app().save_organisation_details(&staff.actor, &form.name, &form.details()).await {
            Ok(()) => return Ok(Redirect::to("/settings/organisation").into_response()),
            Err(error) => {
                let message = error.to_string();
                let field = match () {
                    () if message.contains("email") => "complaints_email",
                    () if message.contains("web address") || message.contains("policy") => "policy_url",
                    () if message.contains("address") => "address",
                    () if message.contains("telephone") => "complaints_phone",
                    () if message.contains("membership") => "ombudsman_member_number",
                    _ => "name",
                };
                errors = problem_at(field, error)?;
            }
        }
    }
    let layout = admin_layout(&staff, "Organisation details", Permission::ManageSettings, &errors)?;
    Ok(invalid(&OrganisationPage { layout, errors, form }))
}

// ---- /settings/closure-days

#[derive(Template)]
#[template(path = "settings/closure_days.html")]
struct ClosureDaysPage {
    layout: Layout,
    errors: Problems,
    /// `(YYYY-MM-DD, 29 December 2025, name)`.
    days: Vec<(String, String, String)>,
    form: ClosureForm,
}

/// What the add-a-closure-day form sends.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ClosureForm {
    #[serde(default, rename = "day-day")]
    day: String,
    #[serde(default, rename = "day-month")]
    month: String,
    #[serde(default, rename = "day-year")]
    year: String,
    #[serde(default)]
    name: String,
}

impl ClosureForm {
    fn date(&self) -> Result<Date, &'static str> {
        let parts = [self.day.trim(), self.month.trim(), self.year.trim()];
        if parts.iter().all(|p| p.is_empty()) {
            return Err("Enter the date of the closure day");
        }
        let bad = "The date of the closure day must be a real date, like 29 12 2025";
        let (Ok(day), Ok(month), Ok(year)) = (parts[0].parse::<i8>(), parts[1].parse::<i8>(), parts[2].parse::<i16>())
        else {
            return Err(bad);
        };
        Date::new(year, month, day).map_err(|_| bad)
    }
}

async fn closure_days_page(
    state: &AppState,
    staff: &Staff,
    errors: Problems,
    form: ClosureForm,
) -> Result<ClosureDaysPage, PageError> {
    let layout = admin_layout(staff, "Closure days", Permission::ManageSettings, &errors)?;
    let days = state
        .app()
        .closure_days(&staff.actor)
        .await?
        .into_iter()
        .map(|d| (d.day.to_string(), long_date(d.day), d.name))
        .collect();
    Ok(ClosureDaysPage { layout, errors, days, form })
}

/// `GET /settings/closure-days`.
pub(crate) async fn closure_days(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let page = closure_days_page(&state, &staff, Problems::default(), ClosureForm::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /settings/closure-days`: adds one.
pub(crate) async fn add_closure_day(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<ClosureForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let mut errors = Problems::default();
    let date = form.date().map_err(|message| errors.add("day-day", message)).ok();
    if form.name.trim().is_empty() {
        errors.add("name", "Enter what the closure is, like Christmas closure");
    }
    if let (Some(date), true) = (date, errors.is_empty()) {
        match state.app().add_closure_day(&staff.actor, date, &form.name).await {
            Ok(()) => return Ok(Redirect::to("/settings/closure-days").into_response()),
            Err(AppError::Calendar(error)) => errors.add("day-day", capitalised(&error.to_string())),
            Err(error) => errors = problem_at("day-day", error)?,
        }
    }
    Ok(invalid(&closure_days_page(&state, &staff, errors, form).await?))
}

/// What a remove button sends.
#[derive(Debug, Deserialize)]
pub(crate) struct RemoveForm {
    #[serde(default)]
    value: String,
}

/// `POST /settings/closure-days/remove`.
pub(crate) async fn remove_closure_day(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<RemoveForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let date: Date = form.value.trim().parse().map_err(|_| PageError::not_found())?;
    state.app().remove_closure_day(&staff.actor, date).await?;
    Ok(Redirect::to("/settings/closure-days").into_response())
}

// ---- /settings/exclusion-grounds

#[derive(Template)]
#[template(path = "settings/exclusion_grounds.html")]
struct GroundsPage {
    layout: Layout,
    errors: Problems,
    grounds: Vec<String>,
    wording: String,
}

/// What the add-a-ground form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct GroundForm {
    #[serde(default)]
    wording: String,
}

async fn grounds_page(
    state: &AppState,
    staff: &Staff,
    errors: Problems,
    wording: String,
) -> Result<GroundsPage, PageError> {
    let layout = admin_layout(staff, "Exclusion grounds", Permission::ManageSettings, &errors)?;
    let grounds = state.app().policy_grounds(&staff.actor).await?;
    Ok(GroundsPage { layout, errors, grounds, wording })
}

/// `GET /settings/exclusion-grounds`.
pub(crate) async fn exclusion_grounds(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    Ok(render(StatusCode::OK, &grounds_page(&state, &staff, Problems::default(), String::new()).await?))
}

/// `POST /settings/exclusion-grounds`: adds one.
pub(crate) async fn add_exclusion_ground(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<GroundForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let errors = if form.wording.trim().is_empty() {
        Problems::one("wording", "Enter the ground as the complaints policy words it")
    } else {
        match state.app().add_policy_ground(&staff.actor, &form.wording).await {
            Ok(()) => return Ok(Redirect::to("/settings/exclusion-grounds").into_response()),
            Err(error) => problem_at("wording", error)?,
        }
    };
    Ok(invalid(&grounds_page(&state, &staff, errors, form.wording).await?))
}

/// `POST /settings/exclusion-grounds/remove`.
pub(crate) async fn remove_exclusion_ground(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<RemoveForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    state.app().remove_policy_ground(&staff.actor, &form.value).await?;
    Ok(Redirect::to("/settings/exclusion-grounds").into_response())
}

// ---- /settings/users

/// A row of the staff table.
struct UserRow {
    id: String,
    name: String,
    email: String,
    role: Role,
    disabled: bool,
    is_self: bool,
}

/// A row of the role history.
struct HistoryRow {
    when: String,
    who: String,
    role: &'static str,
    change: &'static str,
    by: String,
}

#[derive(Template)]
#[template(path = "settings/users.html")]
struct UsersPage {
    layout: Layout,
    errors: Problems,
    users: Vec<UserRow>,
    history: Vec<HistoryRow>,
    roles: Vec<Role>,
    form: UserForm,
}

impl UsersPage {
    /// The label of a role by its stored name, or the name itself.
    fn role_label(name: &str) -> &'static str {
        name.parse::<Role>().map_or("Unknown role", Role::label)
    }
}

/// What the add-a-user form sends.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct UserForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

async fn users_page(state: &AppState, staff: &Staff, errors: Problems, form: UserForm) -> Result<UsersPage, PageError> {
    let layout = admin_layout(staff, "Users and roles", Permission::ManageUsers, &errors)?;
    let app = state.app();
    let members = app.staff(&staff.actor).await?;
    let names: std::collections::HashMap<String, String> =
        members.iter().map(|m| (m.user.id.clone(), m.user.name.clone())).collect();
    let history = app
        .role_history(&staff.actor)
        .await?
        .into_iter()
        .map(|a| HistoryRow {
            when: long_instant(a.assigned_at),
            who: names.get(&a.user_id).cloned().unwrap_or_else(|| a.user_id.clone()),
            role: UsersPage::role_label(&a.role),
            change: if a.granted { "Granted" } else { "Removed" },
            by: a.assigned_by.name,
        })
        .collect();
    let users = members
        .into_iter()
        .map(|m| UserRow {
            is_self: m.user.id == staff.actor.user_id,
            id: m.user.id,
            name: m.user.name,
            email: m.email.unwrap_or_default(),
            role: m.role,
            disabled: m.user.disabled,
        })
        .collect();
    Ok(UsersPage { layout, errors, users, history, roles: Role::ALL.to_vec(), form })
}

/// `GET /settings/users`.
pub(crate) async fn users(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    Ok(render(StatusCode::OK, &users_page(&state, &staff, Problems::default(), UserForm::default()).await?))
}

/// `POST /settings/users`: adds a member of staff.
pub(crate) async fn add_user(
    State(state): State<AppState>,
    staff: Staff,
    Form(mut form): Form<UserForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageUsers)?;
    let mut errors = Problems::default();
    if form.name.trim().is_empty() {
        errors.add("name", "Enter the person's name");
    }
    if !form.email.contains('@') {
        errors.add("email", "Enter an email address in the correct format, like name@example.org");
    }
    if form.password.chars().count() < redress_app::MIN_PASSWORD_CHARS {
        errors.add("password", format!("Enter a password of at least {} characters", redress_app::MIN_PASSWORD_CHARS));
    }
    let role = form.role.parse::<Role>().map_err(|_| errors.add("role-0", "Select the role")).ok();
    if let (Some(role), true) = (role, errors.is_empty()) {
        let new =
            NewStaff { name: form.name.clone(), role, email: form.email.clone(), password: form.password.clone() };
        match state.app().add_staff(&staff.actor, &new).await {
            Ok(_) => return Ok(Redirect::to("/settings/users").into_response()),
            Err(error) => {
                let field = if error.to_string().contains("name") { "name" } else { "email" };
                errors = problem_at(field, error)?;
            }
        }
    }
    // A password is never sent back to the browser.
    form.password.clear();
    Ok(invalid(&users_page(&state, &staff, errors, form).await?))
}

/// What the change-role form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct RoleForm {
    #[serde(default)]
    role: String,
}

/// `POST /settings/users/{id}/role`.
pub(crate) async fn change_role(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageUsers)?;
    let field = format!("role-of-{id}");
    let errors = match form.role.parse::<Role>() {
        Err(_) => Problems::one(field, "Select a role from the list"),
        Ok(role) => match state.app().set_user_role(&staff.actor, &id, role).await {
            Ok(()) => return Ok(Redirect::to("/settings/users").into_response()),
            Err(error) => problem_at(&field, error)?,
        },
    };
    Ok(invalid(&users_page(&state, &staff, errors, UserForm::default()).await?))
}

async fn set_disabled(state: AppState, staff: Staff, id: String, disabled: bool) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageUsers)?;
    match state.app().set_user_disabled(&staff.actor, &id, disabled).await {
        Ok(()) => Ok(Redirect::to("/settings/users").into_response()),
        Err(error) => {
            let errors = problem_at(&format!("role-of-{id}"), error)?;
            Ok(invalid(&users_page(&state, &staff, errors, UserForm::default()).await?))
        }
    }
}

/// `POST /settings/users/{id}/disable`: ends their sessions at once.
pub(crate) async fn disable_user(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    set_disabled(state, staff, id, true).await
}

/// `POST /settings/users/{id}/enable`.
pub(crate) async fn enable_user(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    set_disabled(state, staff, id, false).await
}
