//! The categories of complaint (Code 9.7 a): the list complaints are logged under and
//! filtered by, and administrators adding, renaming and retiring categories of their
//! organisation's list ([`Permission::ManageSettings`]), the rules for which are the
//! domain's (`redress_domain::categories`).

use redress_domain::categories::{Category, checked_name};
use redress_domain::ids::CategoryId;

use crate::{Actor, App, AppError, Permission};

impl App {
    /// The categories of the landlord whose complaints `actor` sees, retired ones too, in the
    /// list's order: what complaints are logged under, and the case list's filter offers.
    /// Kept between requests with the landlord's people (`choices.rs`).
    pub async fn categories(&self, actor: &Actor) -> Result<Vec<Category>, AppError> {
        actor.require(Permission::ReadCases)?;
        Ok(self.landlord_people(&actor.scope).await?.categories().to_vec())
    }

    /// The caller's organisation's categories, to manage them.
    pub async fn own_categories(&self, actor: &Actor) -> Result<Vec<Category>, AppError> {
        actor.require(Permission::ManageSettings)?;
        Ok(self.db().categories(&actor.organisation_id).await?)
    }

    /// Adds a category called `name` at the end of the caller's organisation's list; returns
    /// its id.
    pub async fn add_category(&self, actor: &Actor, name: &str) -> Result<CategoryId, AppError> {
        let existing = self.own_categories(actor).await?;
        let name = checked_name(name, &existing, None)?;
        let id = CategoryId::trusted(self.new_id());
        self.db().add_category(&actor.organisation_id, &id, &name).await?;
        Ok(id)
    }

    /// Renames category `id` of the caller's organisation. Complaints keep it under its new
    /// name; their records keep the name they were logged under.
    pub async fn rename_category(&self, actor: &Actor, id: &CategoryId, name: &str) -> Result<(), AppError> {
        let existing = self.own_categories(actor).await?;
        let name = checked_name(name, &existing, Some(id))?;
        if !self.db().rename_category(&actor.organisation_id, id, &name).await? {
            return Err(AppError::NotFound("category"));
        }
        Ok(())
    }

    /// Retires category `id` of the caller's organisation (or, with `retired` false, brings
    /// it back into use): complaints logged under it keep it; new ones cannot choose it.
    pub async fn retire_category(&self, actor: &Actor, id: &CategoryId, retired: bool) -> Result<(), AppError> {
        actor.require(Permission::ManageSettings)?;
        if !self.db().set_category_retired(&actor.organisation_id, id, retired).await? {
            return Err(AppError::NotFound("category"));
        }
        Ok(())
    }
}
