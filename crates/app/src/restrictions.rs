//! Restricting a resident's contact for unacceptable behaviour (Code 5.14, 5.15).

use redress_domain::ids::{OrganisationId, ResidentId, RestrictionId};
use redress_domain::people::ContactRestriction;
use redress_storage::{NewRestriction, RESTRICTION, Restriction};

use crate::once::Keyed;
use crate::{Actor, App, AppError, Permission};

impl App {
    /// Records a restriction on a resident's contact, refused unless it is evidenced,
    /// proportionate, considers the Equality Act and has a review date (the domain's rule).
    pub async fn restrict_contact(
        &self,
        actor: &Actor,
        resident_id: &ResidentId,
        restriction: ContactRestriction,
    ) -> Result<Restriction, AppError> {
        actor.require(Permission::ManageResidents)?;
        // Not found outside the caller's scope, whoever they are; refused to an agent's staff.
        self.resident(actor, resident_id).await?;
        self.require_landlord_staff(actor).await?;
        let org = &actor.organisation_id;
        self.db().get_resident(org, resident_id).await?.ok_or(AppError::NotFound("resident"))?;
        restriction.check()?;
        let new = NewRestriction {
            id: RestrictionId::trusted(self.new_id()),
            resident_id: resident_id.clone(),
            behaviour: restriction.behaviour,
            evidence: restriction.evidence,
            restriction: restriction.restriction,
            proportionality: restriction.proportionality,
            equality_act_consideration: restriction.equality_act_consideration,
            starts_on: restriction.starts_on,
            review_on: restriction.review_on,
            recorded_by: actor.user_id.clone(),
            created_at: self.now(),
        };
        Ok(self.db().create_restriction_with(org, &new, self.register_key()).await?)
    }

    /// The restrictions on a resident within the caller's scope (as [`App::resident`]): a
    /// managing agent's or contractor's staff handling the resident's complaint see them too,
    /// since they are in contact with the resident.
    pub async fn restrictions(&self, actor: &Actor, resident_id: &ResidentId) -> Result<Vec<Restriction>, AppError> {
        let record = self.resident(actor, resident_id).await?;
        Ok(self.db().list_restrictions(&record.resident.organisation_id, resident_id).await?)
    }
}

impl Keyed for Restriction {
    const RESOURCE: &'static str = RESTRICTION;

    type Id = RestrictionId;

    fn minted_id(text: String) -> RestrictionId {
        RestrictionId::trusted(text)
    }

    async fn find(app: &App, org: &OrganisationId, id: &RestrictionId) -> Result<Option<Self>, AppError> {
        Ok(app.db().get_restriction(org, id).await?)
    }
}
