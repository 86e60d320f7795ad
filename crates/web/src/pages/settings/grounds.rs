//! `/settings/exclusion-grounds`: the complaints policy's further grounds for not accepting a
//! complaint or refusing an escalation (Code 2.2).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::Permission;
use serde::Deserialize;

use crate::AppState;
use crate::pages::{Layout, PageError, Staff, render};

use super::{Problems, RemoveForm, admin_layout, invalid, problem_at};

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
