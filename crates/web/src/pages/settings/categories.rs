//! `/settings/categories`: the organisation's categories of complaint (Code 9.7 a), which
//! complaints are logged under and the case list and its CSV count: add one, rename one, retire
//! one (complaints logged under it keep it; new ones cannot choose it) or bring it back.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::Permission;
use redress_domain::ids::CategoryId;
use serde::Deserialize;

use crate::AppState;
use crate::pages::{IdPath, Layout, PageError, Staff, render};

use super::{Problems, admin_layout, invalid, problem_at};

/// The field of the add form.
const NEW_NAME: &str = "name";

/// One category as the page lists it, with its rename field.
struct Row {
    id: String,
    name: String,
    retired: bool,
    /// The rename field's id (and its error's): `name-<id>`.
    field: String,
    /// What the rename field holds: the name, or what was typed when it was refused.
    value: String,
}

#[derive(Template)]
#[template(path = "settings/categories.html")]
struct CategoriesPage {
    layout: Layout,
    errors: Problems,
    rows: Vec<Row>,
    /// What the add form holds.
    name: String,
}

/// What the add and rename forms send.
#[derive(Debug, Deserialize)]
pub(crate) struct NameForm {
    #[serde(default)]
    name: String,
}

/// The page, with `errors`; `typed` is a refused rename (its category and the name typed),
/// and `name` what the add form holds.
async fn page(
    state: &AppState,
    staff: &Staff,
    errors: Problems,
    typed: Option<(&CategoryId, &str)>,
    name: String,
) -> Result<CategoriesPage, PageError> {
    let layout = admin_layout(staff, "Categories", Permission::ManageSettings, &errors)?;
    let rows = state
        .app()
        .own_categories(&staff.actor)
        .await?
        .into_iter()
        .map(|c| {
            let value = match typed {
                Some((id, typed)) if *id == c.id => typed.to_owned(),
                _ => c.name.clone(),
            };
            Row { field: rename_field(&c.id), id: c.id.into(), name: c.name, retired: c.retired, value }
        })
        .collect();
    Ok(CategoriesPage { layout, errors, rows, name })
}

/// The id of category `id`'s rename field.
fn rename_field(id: &CategoryId) -> String {
    format!("name-{id}")
}

/// `GET /settings/categories`.
pub(crate) async fn categories(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    Ok(render(StatusCode::OK, &page(&state, &staff, Problems::default(), None, String::new()).await?))
}

/// `POST /settings/categories`: adds one at the end of the list.
pub(crate) async fn add_category(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<NameForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let errors = match state.app().add_category(&staff.actor, &form.name).await {
        Ok(_) => return Ok(Redirect::to("/settings/categories").into_response()),
        Err(error) => problem_at(NEW_NAME, error)?,
    };
    Ok(invalid(&page(&state, &staff, errors, None, form.name).await?))
}

/// `POST /settings/categories/{id}/rename`.
pub(crate) async fn rename_category(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<CategoryId>,
    Form(form): Form<NameForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let errors = match state.app().rename_category(&staff.actor, &id, &form.name).await {
        Ok(()) => return Ok(Redirect::to("/settings/categories").into_response()),
        Err(error) => problem_at(&rename_field(&id), error)?,
    };
    Ok(invalid(&page(&state, &staff, errors, Some((&id, &form.name)), String::new()).await?))
}

/// `POST /settings/categories/{id}/retire`.
pub(crate) async fn retire_category(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<CategoryId>,
) -> Result<Response, PageError> {
    state.app().retire_category(&staff.actor, &id, true).await?;
    Ok(Redirect::to("/settings/categories").into_response())
}

/// `POST /settings/categories/{id}/restore`: brings a retired one back into use.
pub(crate) async fn restore_category(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<CategoryId>,
) -> Result<Response, PageError> {
    state.app().retire_category(&staff.actor, &id, false).await?;
    Ok(Redirect::to("/settings/categories").into_response())
}
