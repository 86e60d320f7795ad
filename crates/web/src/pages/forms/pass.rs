//! `GET`/`POST /cases/{id}/pass`: pass the complaint to another organisation to handle (Code
//! 5.4), with the reason, while it is open: one of the managing agents or contractors acting
//! for the landlord, or back to the landlord. The same command as the API's
//! `POST /complaints/{id}/handling-organisation`, through the same use case.
//!
//! It offers the organisations that may handle the landlord's complaints
//! ([`App::handling_organisations`]), the one handling it now aside. It does not ask when: the
//! complaint passes when it is recorded. Only the landlord's staff are offered it (the case
//! page's links leave it out for an agent's, and the use case refuses them).
//!
//! [`App::handling_organisations`]: redress_app::App::handling_organisations

use redress_app::{ComplaintView, may_pass_complaints};
use redress_domain::complaint::{Command, PassHandling};
use redress_domain::ids::OrganisationId;

use super::{Builder, Built, Intent, Widget};
use crate::AppState;
use crate::pages::{PageError, Staff};

/// The form, built on `b` (with the values posted, if any).
pub(super) async fn form(
    state: &AppState,
    staff: &Staff,
    view: &ComplaintView,
    mut b: Builder<'_>,
    caption: String,
) -> Result<Built, PageError> {
    may_pass_complaints(&staff.actor.scope)?;
    let values = b.values;
    let current = view.complaint.handling_organisation();
    let organisations = state.app().handling_organisations(&staff.actor).await?;
    let now = organisations.iter().find(|o| &o.id == current).map_or_else(|| current.to_string(), |o| o.name.clone());
    b.add("current", &format!("Handled now by {now}"), "", Widget::Heading);
    let others = organisations.into_iter().filter(|o| &o.id != current).map(|o| (o.id.to_string(), o.name)).collect();
    let organisation = b.choose(
        "organisation",
        "Organisation to handle the complaint",
        "A managing agent or contractor acting for you, or your own organisation. The handler stays named until they name their own",
        Widget::Select(others),
        "Select the organisation to handle the complaint",
    );
    b.add("reason", "Why it is passed on", "This is kept on the case's record", Widget::Textarea);
    let reason = values.text("reason");
    if reason.is_empty() {
        b.fail("reason", "reason", "Enter why the complaint is passed on");
    }
    let intent = organisation.map(|organisation| {
        Intent::Act(Command::PassHandling(PassHandling {
            // One of the organisation ids the list offered, read from the database.
            organisation: OrganisationId::trusted(organisation),
            reason,
        }))
    });
    Ok(Built::from(b, "Pass to another organisation", caption, "Pass the complaint", intent))
}
