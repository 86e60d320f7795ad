//! `/settings/organisation`: the organisation's name and details, with the Housing Ombudsman's
//! contact details it gives residents.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::Permission;
use redress_domain::ombudsman::OmbudsmanContact;
use redress_storage::OrganisationDetails;
use serde::Deserialize;

use crate::AppState;
use crate::pages::{Layout, PageError, Staff, render};

use super::{Problems, admin_layout, invalid, problem_at};

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
    #[serde(default)]
    ombudsman_name: String,
    #[serde(default)]
    ombudsman_telephone: String,
    #[serde(default)]
    ombudsman_email: String,
    #[serde(default)]
    ombudsman_web_address: String,
    #[serde(default)]
    ombudsman_postal_address: String,
}

impl OrganisationForm {
    fn details(&self) -> OrganisationDetails {
        OrganisationDetails {
            address: self.address.clone(),
            complaints_email: self.complaints_email.clone(),
            complaints_phone: self.complaints_phone.clone(),
            policy_url: self.policy_url.clone(),
            ombudsman_member_number: self.ombudsman_member_number.clone(),
            ombudsman: self.ombudsman(),
        }
    }

    fn ombudsman(&self) -> OmbudsmanContact {
        OmbudsmanContact {
            name: self.ombudsman_name.clone(),
            telephone: self.ombudsman_telephone.clone(),
            email: self.ombudsman_email.clone(),
            web_address: self.ombudsman_web_address.clone(),
            postal_address: self.ombudsman_postal_address.clone(),
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
        ombudsman_name: d.ombudsman.name,
        ombudsman_telephone: d.ombudsman.telephone,
        ombudsman_email: d.ombudsman.email,
        ombudsman_web_address: d.ombudsman.web_address,
        ombudsman_postal_address: d.ombudsman.postal_address,
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
    // The Ombudsman's details are checked here too, to put the message by the detail.
    if let Err(error) = form.ombudsman().checked() {
        errors.add(format!("ombudsman_{}", error.field), error.message);
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
