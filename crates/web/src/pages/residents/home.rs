//! A resident's home: the resident page's panel saying which home they live in and who
//! manages it (with, for an administrator, the form assigning that one home to a managing
//! agent or contractor: `POST /settings/homes/{id}/manager`), and
//! `GET`/`POST /residents/{id}/home`, where the landlord's staff record the home, found by a
//! search of the landlord's homes.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{AppError, Permission};
use redress_domain::ids::{PropertyId, ResidentId};
use redress_storage::Resident;
use serde::Deserialize;

use super::require_register;
use crate::AppState;
use crate::pages::{FieldError, IdPath, Layout, PageError, Section, Staff, render};

/// How many homes the search offers at once.
const OFFERED: u32 = 20;

/// The resident page's panel about their home.
pub(crate) struct HomePanel {
    /// The home's id, address and who manages it; `None` if no home is recorded, or it is not
    /// one the caller sees.
    pub(crate) home: Option<(String, String, String)>,
    /// For an administrator: `(value, name, selected)` of each choice of manager.
    pub(crate) managers: Vec<(String, String, bool)>,
    /// Whether the caller may record the resident's home.
    pub(crate) may_record: bool,
}

/// The panel for `resident`, as `staff` may see it.
pub(crate) async fn panel(state: &AppState, staff: &Staff, resident: &Resident) -> Result<HomePanel, PageError> {
    let app = state.app();
    let actor = &staff.actor;
    let home = match &resident.home_id {
        Some(id) => match app.home(actor, id).await {
            Ok(home) => Some(home),
            // A home the caller's organisation does not manage is not shown.
            Err(AppError::NotFound(_)) => None,
            Err(error) => return Err(error.into()),
        },
        None => None,
    };
    let landlord = !actor.scope.is_agent();
    let agents = if landlord { app.agents(actor).await? } else { Vec::new() };
    let managed_by = home.as_ref().and_then(|h| h.manager.as_ref()).map(|m| m.organisation.clone());
    // An agent's staff see only the homes their own organisation manages.
    let manager_name = managed_by
        .as_ref()
        .and_then(|id| agents.iter().find(|a| &a.id == id))
        .map_or_else(|| "Your organisation".to_owned(), |a| a.name.clone());
    let may_assign = landlord && actor.role.may(Permission::ManageSettings) && home.is_some();
    let managers = if may_assign {
        let chosen = managed_by.as_ref().map_or_else(|| "landlord".to_owned(), |m| m.to_string());
        agents
            .into_iter()
            .map(|a| (a.id.to_string(), a.name))
            .chain(std::iter::once(("landlord".to_owned(), "No one: you manage it yourselves".to_owned())))
            .map(|(value, name)| {
                let selected = value == chosen;
                (value, name, selected)
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(HomePanel {
        home: home.map(|h| (h.id.to_string(), h.address, manager_name)),
        managers,
        may_record: landlord && actor.role.may(Permission::ManageResidents),
    })
}

/// The search of the record-a-home form; without one, the form starts from the address on the
/// resident's record, which usually finds their home at once.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct HomeQuery {
    #[serde(default)]
    q: Option<String>,
}

#[derive(Template)]
#[template(path = "residents/home.html")]
struct HomeForm {
    layout: Layout,
    errors: Vec<FieldError>,
    resident_id: String,
    resident: String,
    search: String,
    /// `(id, address)` of each home offered.
    homes: Vec<(String, String)>,
    total: u64,
}

async fn home_form(
    state: &AppState,
    staff: &Staff,
    id: &ResidentId,
    search: Option<String>,
    errors: Vec<FieldError>,
) -> Result<HomeForm, PageError> {
    let app = state.app();
    // Not found outside the caller's scope, whoever they are; refused to those who do not
    // keep the register.
    let record = app.resident(&staff.actor, id).await?;
    require_register(state, staff).await?;
    let search = search.unwrap_or_else(|| record.resident.details.address.clone().unwrap_or_default());
    let found = if search.is_empty() { None } else { Some(app.homes(&staff.actor, &search, OFFERED).await?) };
    let mut layout = staff.layout("Record the resident's home", Section::Residents);
    layout.has_errors = !errors.is_empty();
    Ok(HomeForm {
        layout,
        errors,
        resident_id: id.to_string(),
        resident: record.resident.details.name,
        search,
        total: found.as_ref().map_or(0, |f| f.total),
        homes: found.map(|f| f.homes.into_iter().map(|h| (h.id.to_string(), h.address)).collect()).unwrap_or_default(),
    })
}

/// `GET /residents/{id}/home`: the search, and the homes it finds.
pub(crate) async fn home_page(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
    Query(query): Query<HomeQuery>,
) -> Result<Response, PageError> {
    let search = query.q.map(|q| q.trim().to_owned());
    Ok(render(StatusCode::OK, &home_form(&state, &staff, &id, search, Vec::new()).await?))
}

/// What the form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct ChosenHome {
    #[serde(default)]
    q: String,
    #[serde(default)]
    home: String,
}

/// `POST /residents/{id}/home`: records the home chosen.
pub(crate) async fn record_home(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
    Form(form): Form<ChosenHome>,
) -> Result<Response, PageError> {
    state.app().resident(&staff.actor, &id).await?;
    require_register(&state, &staff).await?;
    let Ok(home) = form.home.parse::<PropertyId>() else {
        let error = FieldError { field: "home", message: "Select the home the resident lives in".into() };
        let page = home_form(&state, &staff, &id, Some(form.q.trim().to_owned()), vec![error]).await?;
        return Ok(render(StatusCode::BAD_REQUEST, &page));
    };
    state.app().set_resident_home(&staff.actor, &id, Some(&home)).await?;
    Ok(Redirect::to(&format!("/residents/{id}")).into_response())
}
