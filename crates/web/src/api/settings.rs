//! `/settings`: what the caller's organisation gives residents, as its settings hold it (the
//! settings are edited on the staff pages, by administrators).

use axum::Json;
use axum::extract::State;
use redress_domain::ombudsman::OmbudsmanContact;

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
