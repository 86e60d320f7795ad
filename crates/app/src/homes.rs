//! Who manages the landlord's homes: its administrators assign homes to the managing agents
//! and contractors acting for it, one by one or in bulk, and record which home a resident
//! lives in. An agent's staff then see the residents of the homes assigned to them (the scope
//! itself is storage's `within_scope`, read through [`App::resident`] and the lists).

use redress_domain::ids::{OrganisationId, PropertyId, ResidentId};
use redress_storage::{Assignment, HomeFilter, MOST_HOMES, Organisation, Property, StorageError};

use crate::{Actor, App, AppError, Permission};

/// Which homes an assignment takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeSelection {
    /// These homes, ticked one by one (at most [`MOST_HOMES`]).
    Listed(Vec<PropertyId>),
    /// Every home whose address or UPRN contains this text (a postcode, a street, an
    /// estate's name): a whole estate at once.
    Matching(String),
}

/// A page of the landlord's homes, as the homes page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Homes {
    /// The homes shown, by address (at most the limit asked for).
    pub homes: Vec<Property>,
    /// How many homes match, however many are shown.
    pub total: u64,
}

impl App {
    /// The managing agents and contractors acting for the caller's landlord, by name: those
    /// its homes and complaints can be given to.
    pub async fn agents(&self, actor: &Actor) -> Result<Vec<Organisation>, AppError> {
        let landlord = &actor.scope.landlord;
        // The landlord's organisations come by name; the landlord itself is not its own agent.
        let organisations = self.db().organisations_of_landlord(landlord).await?;
        Ok(organisations.into_iter().filter(|o| o.parent_id.as_ref() == Some(landlord)).collect())
    }

    /// The landlord's homes whose address or UPRN contains `search` (all when blank), by
    /// address, at most `limit`, with how many match. For the landlord's staff: an agent's
    /// staff see their own homes through [`App::properties`].
    pub async fn homes(&self, actor: &Actor, search: &str, limit: u32) -> Result<Homes, AppError> {
        actor.require(Permission::ReadCases)?;
        self.require_landlord_staff(actor).await?;
        let filter = HomeFilter { search: Some(search.trim().to_owned()), ..HomeFilter::default() };
        let landlord = &actor.scope.landlord;
        let (homes, total) =
            tokio::try_join!(self.db().list_homes(landlord, &filter, limit), self.db().count_homes(landlord, &filter))?;
        Ok(Homes { homes, total })
    }

    /// A home within the caller's scope (as [`App::properties`]); any other is not found.
    pub async fn home(&self, actor: &Actor, id: &PropertyId) -> Result<Property, AppError> {
        let scope = &actor.scope;
        let home = self.db().get_property(&scope.landlord, id).await?.ok_or(AppError::NotFound("home"))?;
        match &scope.handling {
            Some(own) if home.manager.as_ref().is_none_or(|m| &m.organisation != own) => {
                Err(AppError::NotFound("home"))
            }
            _ => Ok(home),
        }
    }

    /// Assigns the homes `selection` names to `manager`, a managing agent or contractor acting
    /// for the caller's landlord (`None` hands them back to the landlord), recording who did
    /// it and when. Only the landlord's administrators assign homes: it decides who sees whose
    /// residents. Returns how many homes were assigned.
    pub async fn assign_homes(
        &self,
        actor: &Actor,
        selection: HomeSelection,
        manager: Option<&OrganisationId>,
    ) -> Result<u64, AppError> {
        actor.require(Permission::ManageSettings)?;
        self.require_landlord_staff(actor).await?;
        let landlord = &actor.scope.landlord;
        if let Some(manager) = manager
            && !self.agents(actor).await?.iter().any(|a| &a.id == manager)
        {
            return Err(AppError::NotFound("managing agent or contractor"));
        }
        let filter = match selection {
            HomeSelection::Listed(ids) if ids.is_empty() => {
                return Err(AppError::Invalid("choose at least one home".into()));
            }
            HomeSelection::Listed(ids) if ids.len() > MOST_HOMES as usize => {
                return Err(AppError::Invalid(format!("choose at most {MOST_HOMES} homes at once")));
            }
            HomeSelection::Listed(ids) => HomeFilter { ids: Some(ids), ..HomeFilter::default() },
            HomeSelection::Matching(search) if search.trim().is_empty() => {
                return Err(AppError::Invalid("enter what the homes' addresses contain".into()));
            }
            HomeSelection::Matching(search) => {
                redress_domain::text::check("the search", search.trim(), redress_domain::text::SHORT)?;
                HomeFilter { search: Some(search.trim().to_owned()), ..HomeFilter::default() }
            }
        };
        let assignment =
            Assignment { manager: manager.cloned(), assigned_by: Some(actor.user_id.clone()), at: self.now() };
        let assigned = self.db().assign_homes(landlord, &filter, &assignment).await?;
        tracing::info!(assigned, manager = ?manager, "homes assigned");
        Ok(assigned)
    }

    /// Records the home a resident of the caller's landlord lives in (`None`: not known).
    pub async fn set_resident_home(
        &self,
        actor: &Actor,
        resident_id: &ResidentId,
        home: Option<&PropertyId>,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManageResidents)?;
        // Not found outside the caller's scope, whoever they are; refused to an agent's staff.
        self.visible_resident(&actor.scope, resident_id).await?;
        self.require_landlord_staff(actor).await?;
        match self.db().set_resident_home(&actor.scope.landlord, resident_id, home, self.now()).await {
            Err(StorageError::NotFound { what }) => Err(AppError::NotFound(what)),
            done => Ok(done?),
        }
    }
}
