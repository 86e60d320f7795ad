//! `/settings`: what the caller's organisation gives residents, and the categories its
//! complaints are logged under, as its settings hold them (the settings are edited on the
//! staff pages, by administrators).

use axum::Json;
use axum::extract::State;
use redress_domain::categories::Category;
use redress_domain::ombudsman::OmbudsmanContact;
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::Caller;
use crate::AppState;
use crate::problem::Problem;

/// The Housing Ombudsman's contact details the organisation gives residents: a decision not to
/// accept a complaint or to refuse its escalation (Code 2.4), an extension (6.5, 6.16) and a
/// stage 2 response (6.19) record a copy of these as given. They are the Housing Ombudsman
/// Service's published details until an administrator changes them.
#[utoipa::path(get, path = "/settings/ombudsman", tag = "Settings",
    responses((status = 200, description = "The Ombudsman's contact details", body = OmbudsmanContact)),
    security(("bearer" = [])))]
pub async fn ombudsman(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<OmbudsmanContact>, Problem> {
    Ok(Json(state.app().letter_details(&actor).await?.ombudsman))
}

/// One of the organisation's categories of complaint.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryBody {
    /// Its id: what `POST /complaints` takes in `categories` and `GET /complaints` in
    /// `category`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is retired: kept by the complaints that have it, refused for new ones.
    pub retired: bool,
}

impl From<Category> for CategoryBody {
    fn from(category: Category) -> CategoryBody {
        CategoryBody { id: category.id.into(), name: category.name, retired: category.retired }
    }
}

/// The categories complaints are logged under and listed by (Code 9.7 a), in the list's
/// order, retired ones too. Administrators manage them on the staff pages.
#[utoipa::path(get, path = "/settings/categories", tag = "Settings",
    responses((status = 200, description = "The organisation's categories", body = Vec<CategoryBody>)),
    security(("bearer" = [])))]
pub async fn categories(
    State(state): State<AppState>,
    Caller(actor): Caller,
) -> Result<Json<Vec<CategoryBody>>, Problem> {
    let categories = state.app().categories(&actor).await?;
    Ok(Json(categories.into_iter().map(CategoryBody::from).collect()))
}
