//! The people and organisations a caller's pages name or offer: staff names, the people who
//! may be named handler, the organisations that may handle complaints, and the categories.
//!
//! Each is worked out from one read of the landlord's organisations (itself and those acting
//! for it), one of their staff and one of its categories, so that a page needing several (the
//! case list needs them all) reads each table once rather than once per answer and per
//! organisation; and neither read scans other landlords' rows (issue 8: the case list made
//! nine queries a page, three of them reading every organisation of the deployment). The
//! three reads are kept between requests under the landlord's people version (`kept.rs`,
//! migration 0030), so a page reads them again only after one of those tables changed.

use std::collections::HashMap;
use std::sync::Arc;

use redress_domain::categories::Category;
use redress_domain::complaint::Capacity;
use redress_domain::ids::{OrganisationId, UserId};
use redress_storage::{Organisation, User};

use crate::work::capacity_of;
use crate::{Actor, App, AppError, Permission, Role, Scope};

/// The landlord of a scope with the organisations acting for it, all their staff, and the
/// landlord's categories.
#[derive(Debug)]
pub(crate) struct LandlordPeople {
    organisations: Vec<Organisation>,
    staff: Vec<User>,
    categories: Vec<Category>,
}

/// What the case list's filters offer and its rows name, read together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListChoices {
    /// Staff names by user id, as [`App::staff_names`] gives them.
    pub names: HashMap<String, String>,
    /// Who may be named handler, as [`App::handler_choices`] gives them.
    pub handlers: Vec<(UserId, String)>,
    /// The organisations that may handle complaints, as [`App::handling_organisations`].
    pub organisations: Vec<Organisation>,
    /// The landlord's categories, as [`App::categories`].
    pub categories: Vec<Category>,
}

impl App {
    /// The landlord of `scope`, the organisations acting for it, their staff and the
    /// landlord's categories: kept while the scope's people version is current, otherwise
    /// three queries at once (and kept, when the scope has a version).
    pub(crate) async fn landlord_people(&self, scope: &Scope) -> Result<Arc<LandlordPeople>, AppError> {
        if let Some(people) = scope.people_version.and_then(|version| self.people.kept(&scope.landlord, version)) {
            return Ok(people);
        }
        let (organisations, staff, categories) = tokio::try_join!(
            self.db().organisations_of_landlord(&scope.landlord),
            self.db().staff_of_landlord(&scope.landlord),
            self.db().categories(&scope.landlord)
        )?;
        let people = Arc::new(LandlordPeople { organisations, staff, categories });
        if let Some(version) = scope.people_version {
            self.people.keep(&scope.landlord, version, &people);
        }
        Ok(people)
    }

    /// Everything the case list offers and names: no query while the landlord's people are
    /// kept, otherwise three at once.
    pub async fn case_list_choices(&self, actor: &Actor) -> Result<CaseListChoices, AppError> {
        actor.require(Permission::ReadCases)?;
        let people = self.landlord_people(&actor.scope).await?;
        Ok(CaseListChoices {
            names: people.names(&actor.scope)?,
            handlers: people.handlers(&actor.scope)?,
            organisations: people.handling(&actor.scope),
            categories: people.categories.clone(),
        })
    }

    /// The names of the staff who may appear on the caller's cases, by user id: for showing
    /// who handles a case or recorded an event. For a landlord's staff, its own staff and those
    /// of the organisations acting for it. An agent's staff see only the names they need:
    /// their own organisation's people by name, and the landlord's by role and landlord
    /// ("Complaints officer, Riverside Homes"), which says whom to ask without naming them.
    pub async fn staff_names(&self, actor: &Actor) -> Result<HashMap<String, String>, AppError> {
        self.landlord_people(&actor.scope).await?.names(&actor.scope)
    }

    /// The people who may be named handler of the caller's cases, by name: enabled staff
    /// whose role may change cases, of the landlord and the organisations acting for it (for
    /// an agent's or contractor's staff, of their own organisation). The Member Responsible for
    /// Complaints and auditors are never offered: they could not act on a case.
    pub async fn handler_choices(&self, actor: &Actor) -> Result<Vec<(UserId, String)>, AppError> {
        actor.require(Permission::ReadCases)?;
        self.landlord_people(&actor.scope).await?.handlers(&actor.scope)
    }

    /// The organisations that may handle the caller's complaints, landlord first: the
    /// landlord and the managing agents and contractors acting for it; for an agent's or
    /// contractor's staff, their own organisation only.
    pub async fn handling_organisations(&self, actor: &Actor) -> Result<Vec<Organisation>, AppError> {
        Ok(self.landlord_people(&actor.scope).await?.handling(&actor.scope))
    }

    /// The managing agents and contractors acting for `landlord`.
    pub(crate) async fn agents_of(&self, landlord: &OrganisationId) -> Result<Vec<OrganisationId>, AppError> {
        let organisations = self.db().organisations_of_landlord(landlord).await?;
        Ok(organisations.into_iter().filter(|o| o.parent_id.as_ref() == Some(landlord)).map(|o| o.id).collect())
    }
}

impl LandlordPeople {
    /// The landlord's categories, retired ones included, in its order.
    pub(crate) fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Staff names by user id as `scope` may see them ([`App::staff_names`]).
    fn names(&self, scope: &Scope) -> Result<HashMap<String, String>, AppError> {
        let Some(own) = &scope.handling else {
            return Ok(self.staff.iter().map(|u| (u.id.to_string(), u.name.clone())).collect());
        };
        let landlord_name =
            self.organisations.iter().find(|o| o.id == scope.landlord).map(|o| o.name.as_str()).unwrap_or_default();
        let mut names = HashMap::new();
        for user in &self.staff {
            if &user.organisation_id == own {
                names.insert(user.id.to_string(), user.name.clone());
            } else if user.organisation_id == scope.landlord {
                let role: Role = user.role.parse()?;
                names.insert(user.id.to_string(), format!("{}, {landlord_name}", role.label()));
            }
        }
        Ok(names)
    }

    /// Who `scope` may name handler, by name ([`App::handler_choices`]).
    fn handlers(&self, scope: &Scope) -> Result<Vec<(UserId, String)>, AppError> {
        let mut choices = Vec::new();
        for user in &self.staff {
            let in_scope = scope.handling.as_ref().is_none_or(|own| &user.organisation_id == own);
            if in_scope && !user.disabled && capacity_of(user)? == Capacity::ChangesCases {
                choices.push((user.id.clone(), user.name.clone()));
            }
        }
        choices.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        Ok(choices)
    }

    /// The organisations that may handle `scope`'s complaints, landlord first
    /// ([`App::handling_organisations`]).
    fn handling(&self, scope: &Scope) -> Vec<Organisation> {
        let mut organisations: Vec<Organisation> = self
            .organisations
            .iter()
            .filter(|o| scope.handling.as_ref().is_none_or(|own| &o.id == own))
            .cloned()
            .collect();
        organisations.sort_by(|a, b| (a.id != scope.landlord, &a.name).cmp(&(b.id != scope.landlord, &b.name)));
        organisations
    }
}
