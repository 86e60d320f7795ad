//! `/settings/homes`: who manages the landlord's homes. An administrator searches the homes
//! by address, postcode or UPRN (an estate, a street, a postcode district), then assigns the
//! homes ticked, or every home matching the search, to one of the managing agents or
//! contractors acting for the landlord, or hands them back to the landlord. The agent's staff
//! then see the residents of those homes and log complaints for them.
//!
//! `POST /settings/homes/{id}/manager` assigns one home, from the resident's page.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{HomeSelection, Permission};
use redress_domain::ids::{OrganisationId, PropertyId};
use redress_storage::{Organisation, Property};
use serde::Deserialize;

use super::{Problems, admin_layout, invalid, problem_at};
use crate::AppState;
use crate::pages::cases::encode;
use crate::pages::{IdPath, Layout, PageError, Staff, render};

/// Homes shown on a page of the list (all matching can still be assigned at once).
const SHOWN: u32 = 100;

/// The value of the manager choice that hands homes back to the landlord.
const LANDLORD: &str = "landlord";

/// The list's search, and how many homes the last assignment took.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct HomesQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    assigned: Option<u64>,
}

/// One home of the list.
struct HomeRow {
    id: String,
    address: String,
    uprn: String,
    manager: String,
    ticked: bool,
}

#[derive(Template)]
#[template(path = "settings/homes.html")]
struct HomesPage {
    layout: Layout,
    errors: Problems,
    search: String,
    rows: Vec<HomeRow>,
    total: u64,
    /// `(value, name, selected)` of each choice of manager.
    managers: Vec<(String, String, bool)>,
    all_matching: bool,
    assigned: Option<u64>,
}

/// What the assignment form sends, as pairs: `home` once per ticked box.
struct Posted(Vec<(String, String)>);

impl Posted {
    fn one(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
}

/// The name of the organisation managing `home`, among `agents`.
fn manager_of(home: &Property, agents: &[Organisation]) -> String {
    match &home.manager {
        None => "You".to_owned(),
        Some(m) => agents
            .iter()
            .find(|a| a.id == m.organisation)
            .map_or_else(|| m.organisation.to_string(), |a| a.name.clone()),
    }
}

/// The page, with the values `posted` (if any) kept.
async fn homes_page(
    state: &AppState,
    staff: &Staff,
    errors: Problems,
    search: String,
    posted: &Posted,
    assigned: Option<u64>,
) -> Result<HomesPage, PageError> {
    let layout = admin_layout(staff, "Homes and who manages them", Permission::ManageSettings, &errors)?;
    let app = state.app();
    let (homes, agents) = tokio::try_join!(app.homes(&staff.actor, &search, SHOWN), app.agents(&staff.actor))?;
    let ticked = posted.all("home");
    let rows = homes
        .homes
        .iter()
        .map(|home| HomeRow {
            id: home.id.to_string(),
            address: home.address.clone(),
            uprn: home.uprn.clone().unwrap_or_default(),
            manager: manager_of(home, &agents),
            ticked: ticked.iter().any(|t| t == home.id.as_str()),
        })
        .collect();
    let chosen = posted.one("manager");
    let managers = agents
        .into_iter()
        .map(|a| (a.id.to_string(), a.name))
        .chain(std::iter::once((LANDLORD.to_owned(), "No one: you manage them yourselves".to_owned())))
        .map(|(value, name)| {
            let selected = value == chosen;
            (value, name, selected)
        })
        .collect();
    Ok(HomesPage {
        layout,
        errors,
        search,
        rows,
        total: homes.total,
        managers,
        all_matching: posted.one("which") == "matching",
        assigned,
    })
}

/// `GET /settings/homes`.
pub(crate) async fn homes(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<HomesQuery>,
) -> Result<Response, PageError> {
    let search = query.q.unwrap_or_default().trim().to_owned();
    let page = homes_page(&state, &staff, Problems::default(), search, &Posted(Vec::new()), query.assigned).await?;
    Ok(render(axum::http::StatusCode::OK, &page))
}

/// The manager chosen, if any: `Some(None)` hands the homes back to the landlord.
fn chosen_manager(posted: &Posted) -> Option<Option<OrganisationId>> {
    match posted.one("manager").as_str() {
        "" => None,
        LANDLORD => Some(None),
        // One of the ids the page offered; any other is not found by the use case.
        id => id.parse().ok().map(Some),
    }
}

/// `POST /settings/homes`: assigns the homes ticked, or all matching the search.
pub(crate) async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let posted = Posted(values);
    let search = posted.one("q");
    let selection = if posted.one("which") == "matching" {
        HomeSelection::Matching(search.clone())
    } else {
        HomeSelection::Listed(posted.all("home").iter().filter_map(|id| id.parse::<PropertyId>().ok()).collect())
    };
    let mut errors = Problems::default();
    if matches!(&selection, HomeSelection::Listed(ids) if ids.is_empty()) {
        errors.add("homes", "Select the homes to assign, or choose all homes matching the search");
    }
    if matches!(&selection, HomeSelection::Matching(s) if s.is_empty()) {
        errors.add("which", "Search for the homes first, then choose all homes matching the search");
    }
    let manager = chosen_manager(&posted);
    if manager.is_none() {
        errors.add("manager", "Select who will manage the homes");
    }
    if let (true, Some(manager)) = (errors.is_empty(), manager) {
        match state.app().assign_homes(&staff.actor, selection, manager.as_ref()).await {
            Ok(assigned) => {
                let to = format!("/settings/homes?q={}&assigned={assigned}", encode(&search));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(error) => errors = problem_at("homes", error)?,
        }
    }
    Ok(invalid(&homes_page(&state, &staff, errors, search, &posted, None).await?))
}

/// `POST /settings/homes/{id}/manager`: assigns one home, then goes back to the page named
/// by `back` (the resident's, which offers it).
pub(crate) async fn assign_one(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<PropertyId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let posted = Posted(values);
    let app = state.app();
    // Not found unless it is one of the landlord's homes.
    app.home(&staff.actor, &id).await?;
    let Some(manager) = chosen_manager(&posted) else {
        return Err(redress_app::AppError::Invalid("Select who will manage the home".into()).into());
    };
    app.assign_homes(&staff.actor, HomeSelection::Listed(vec![id]), manager.as_ref()).await?;
    // Only a resident's page of this site: never an address from elsewhere.
    let back = posted
        .one("resident")
        .parse::<redress_domain::ids::ResidentId>()
        .map_or_else(|_| "/settings/homes".to_owned(), |resident| format!("/residents/{resident}"));
    Ok(Redirect::to(&back).into_response())
}
