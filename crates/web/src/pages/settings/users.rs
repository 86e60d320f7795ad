//! `/settings/users`: the staff, their roles and the role history.

use crate::pages::IdPath;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{NewStaff, Permission, Role};
use redress_domain::ids::UserId;
use serde::Deserialize;

use crate::AppState;
use crate::pages::cases::long_instant;
use crate::pages::{Layout, PageError, Staff, render};

use super::{Problems, admin_layout, invalid, problem_at};

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
    let names: std::collections::HashMap<UserId, String> =
        members.iter().map(|m| (m.user.id.clone(), m.user.name.clone())).collect();
    let history = app
        .role_history(&staff.actor)
        .await?
        .into_iter()
        .map(|a| HistoryRow {
            when: long_instant(a.assigned_at),
            who: names.get(&a.user_id).cloned().unwrap_or_else(|| a.user_id.to_string()),
            role: UsersPage::role_label(&a.role),
            change: if a.granted { "Granted" } else { "Removed" },
            by: a.assigned_by.name,
        })
        .collect();
    let users = members
        .into_iter()
        .map(|m| UserRow {
            is_self: m.user.id == staff.actor.user_id,
            id: m.user.id.into(),
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
    IdPath(id): IdPath<UserId>,
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

async fn set_disabled(state: AppState, staff: Staff, id: UserId, disabled: bool) -> Result<Response, PageError> {
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
    IdPath(id): IdPath<UserId>,
) -> Result<Response, PageError> {
    set_disabled(state, staff, id, true).await
}

/// `POST /settings/users/{id}/enable`.
pub(crate) async fn enable_user(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<UserId>,
) -> Result<Response, PageError> {
    set_disabled(state, staff, id, false).await
}
