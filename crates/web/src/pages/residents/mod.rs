//! Residents' records: `GET /residents` (searched by name or address, paged),
//! `GET`/`POST /residents/new`, `GET /residents/{id}` (the whole record),
//! `GET`/`POST /residents/{id}/edit` (contact details, preferences and support needs),
//! `GET`/`POST /residents/{id}/representatives/new` and
//! `GET`/`POST /residents/{id}/restrictions/new` (Code 5.14, 5.15) and
//! `GET`/`POST /residents/{id}/home` (the home they live in, `home.rs`).
//!
//! Every role reads the records its scope allows: a landlord's staff its residents, a managing
//! agent's or contractor's staff only the residents of the homes assigned to their
//! organisation and of the complaints it handles. The forms use the lifecycle forms' machinery (`forms/`): input that cannot be
//! read re-renders with field errors (400), a refusal citing the Code with the refusal (422).
//! Read-only roles, and the staff of agents and contractors, who do not keep the landlord's
//! register, get 403.
//!
//! One module per page: `list.rs`, `record.rs` (the whole record), `edit.rs` (recording and
//! changing a resident), `related.rs` (representatives and restrictions) and `home.rs` (their
//! home and who manages it); what they share is here.

mod edit;
mod home;
mod list;
mod record;
mod related;

use jiff::civil::Date;
use redress_app::Permission;
use redress_domain::ids::ResidentId;
use redress_domain::people::ReasonableAdjustment;
use redress_storage::Resident;

use super::forms::{Builder, Built};
use super::{PageError, Section, Staff};
use crate::AppState;
pub(crate) use edit::{create, edit, edit_form, new};
pub(crate) use home::{home_page, record_home};
pub(crate) use list::list;
pub(crate) use record::show;
pub(crate) use related::{add_representative, representative_form, restrict, restriction_form};

/// Whether the member of staff may change the landlord's register of residents and their
/// service requests: a role that manages residents, of the landlord's own staff.
pub(super) fn keeps_register(staff: &Staff) -> bool {
    staff.actor.role.may(Permission::ManageResidents) && !staff.actor.scope.is_agent()
}

/// Refuses a form to those who may not change the register (403).
pub(super) async fn require_register(state: &AppState, staff: &Staff) -> Result<(), PageError> {
    staff.actor.require(Permission::ManageResidents)?;
    state.app().require_landlord_staff(&staff.actor).await?;
    Ok(())
}

/// The resident a form is for, named by `id` (from its address, or its fields), within the
/// caller's scope: `None` when none is named, not found (404) when the id is not one of theirs.
pub(crate) async fn chosen(state: &AppState, staff: &Staff, id: Option<&str>) -> Result<Option<Resident>, PageError> {
    let Some(text) = id.filter(|t| !t.trim().is_empty()) else { return Ok(None) };
    let id: ResidentId = text.parse().map_err(|_| PageError::not_found())?;
    Ok(Some(state.app().resident(&staff.actor, &id).await?.resident))
}

/// Who a resident is, as a form for them shows it: their name, then their address.
pub(crate) fn who(resident: &Resident) -> String {
    let address = resident.details.address.as_deref().unwrap_or("No address recorded");
    format!("{}\n{address}", resident.details.name)
}

/// The date of an instant in England.
pub(super) fn day_of(at: jiff::Timestamp) -> Date {
    crate::pages::cases::in_england(at).date()
}

/// A line of a list, from the JSON storage keeps: text as it is, an object by its
/// description.
fn item_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Object(map) => {
            map.get("description").and_then(|d| d.as_str()).map_or_else(|| value.to_string(), str::to_owned)
        }
        other => other.to_string(),
    }
}

/// The items of a JSON list.
pub(super) fn items(value: &serde_json::Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().map(item_text).collect()).unwrap_or_default()
}

/// The reasonable adjustments on record.
pub(super) fn adjustments(resident: &Resident) -> Vec<ReasonableAdjustment> {
    serde_json::from_value(resident.details.reasonable_adjustments.clone()).unwrap_or_default()
}

/// A built form in the residents section.
fn built(b: Builder<'_>, title: &str, caption: String, button: &'static str) -> Built {
    let mut built = Built::from(b, title, caption, button, None);
    built.section = Section::Residents;
    built
}
