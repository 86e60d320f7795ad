//! Organisations, staff accounts and API tokens: who is acting, for which organisation, in
//! which role.

use std::fmt;
use std::str::FromStr;

use redress_storage::{NewOrganisation, NewUser, Organisation, OrganisationKind, User, hash_token};

use crate::ids::{new_id, new_token};
use crate::{App, AppError};

/// What a member of staff does. Only some roles change cases; the rest read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Handles complaints.
    Handler,
    /// The complaints officer or team (Code 4.1).
    ComplaintsOfficer,
    /// The senior lead for complaints (Code 9.3).
    SeniorLead,
    /// The Member Responsible for Complaints on the governing body (Code 9.5-9.7): reads.
    MemberResponsible,
    /// An auditor: reads.
    Auditor,
    /// Administers the system.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] =
        [Role::Handler, Role::ComplaintsOfficer, Role::SeniorLead, Role::MemberResponsible, Role::Auditor, Role::Admin];

    /// The role's name as stored and typed: `handler`, `complaints_officer` and so on.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Handler => "handler",
            Role::ComplaintsOfficer => "complaints_officer",
            Role::SeniorLead => "senior_lead",
            Role::MemberResponsible => "mrc",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    /// Whether the role may log complaints and act on them.
    pub fn changes_cases(self) -> bool {
        matches!(self, Role::Handler | Role::ComplaintsOfficer | Role::SeniorLead | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = AppError;

    fn from_str(text: &str) -> Result<Role, AppError> {
        Role::ALL.into_iter().find(|r| r.as_str() == text).ok_or_else(|| {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            AppError::Invalid(format!("unknown role '{text}' (one of: {})", names.join(", ")))
        })
    }
}

/// The member of staff making a request, and their organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Their user id.
    pub user_id: String,
    /// Their name.
    pub name: String,
    /// Their organisation: everything they see and change belongs to it.
    pub organisation_id: String,
    /// Their role.
    pub role: Role,
}

impl Actor {
    /// Refuses a role that only reads.
    pub fn require_change(&self) -> Result<(), AppError> {
        if self.role.changes_cases() {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!("the {} role reads cases but does not change them", self.role)))
        }
    }
}

/// Which complaints a member of staff sees and handles (Code 5.4, 5.5): those of the landlord
/// that owns them and, for the staff of a managing agent or contractor acting for it, only those
/// their organisation handles. Resolved once per use case from the staff member's organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The landlord whose complaints, residents and homes these are.
    pub landlord: String,
    /// For staff of a managing agent or contractor: the only handling organisation they see.
    pub handling: Option<String>,
}

impl Scope {
    /// Whether a complaint handled by `handling_organisation` is within the scope.
    pub fn covers(&self, handling_organisation: &str) -> bool {
        self.handling.as_deref().is_none_or(|own| own == handling_organisation)
    }

    /// Whether this is the scope of a managing agent's or contractor's staff.
    pub fn is_agent(&self) -> bool {
        self.handling.is_some()
    }
}

impl App {
    /// The scope of `actor`: a landlord's staff see all its complaints; the staff of a
    /// managing agent or contractor acting for a landlord see only the landlord's complaints
    /// their organisation handles.
    pub async fn scope(&self, actor: &Actor) -> Result<Scope, AppError> {
        let org = self.db().get_organisation(&actor.organisation_id).await?;
        Ok(match org {
            Some(Organisation { id, kind, parent_id: Some(landlord), .. }) if kind != OrganisationKind::Landlord => {
                Scope { landlord, handling: Some(id) }
            }
            _ => Scope { landlord: actor.organisation_id.clone(), handling: None },
        })
    }

    /// The organisation named `name`, created as a landlord if there is none yet.
    pub async fn organisation_named(&self, name: &str) -> Result<Organisation, AppError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::Invalid("an organisation needs a name".into()));
        }
        if let Some(found) = self.db().get_organisation_by_name(name).await? {
            return Ok(found);
        }
        self.create_organisation(name, OrganisationKind::Landlord, None).await
    }

    /// Creates an organisation; a managing agent or contractor names the landlord it acts for.
    pub async fn create_organisation(
        &self,
        name: &str,
        kind: OrganisationKind,
        parent_id: Option<String>,
    ) -> Result<Organisation, AppError> {
        let new =
            NewOrganisation { id: new_id(), name: name.trim().to_owned(), kind, parent_id, created_at: self.now() };
        Ok(self.db().create_organisation(&new).await?)
    }

    /// Adds a member of staff to an organisation and issues their first API token, which is
    /// returned once and stored only as a hash.
    pub async fn add_user(
        &self,
        organisation: &Organisation,
        name: &str,
        role: Role,
    ) -> Result<(User, String), AppError> {
        if name.trim().is_empty() {
            return Err(AppError::Invalid("a user needs a name".into()));
        }
        let new = NewUser {
            id: new_id(),
            name: name.trim().to_owned(),
            role: role.as_str().to_owned(),
            created_at: self.now(),
        };
        let user = self.db().create_user(&organisation.id, &new).await?;
        let token = new_token()?;
        self.db().add_api_token(&organisation.id, &user.id, &hash_token(&token), self.now()).await?;
        tracing::info!(user = %user.id, role = %role, "user added");
        Ok((user, token))
    }

    /// The member of staff a bearer token belongs to, if it is a live token of an enabled user.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Actor>, AppError> {
        let Some(user) = self.db().find_user_by_token_hash(&hash_token(token.trim())).await? else { return Ok(None) };
        let role = user.role.parse()?;
        Ok(Some(Actor { user_id: user.id, name: user.name, organisation_id: user.organisation_id, role }))
    }

    /// The names of the staff who may appear on the caller's cases, by user id: for showing
    /// who handles a case or recorded an event. For a landlord's staff, its own staff and those
    /// of the organisations acting for it; for an agent's staff, the landlord's and their own.
    pub async fn staff_names(&self, actor: &Actor) -> Result<std::collections::HashMap<String, String>, AppError> {
        let scope = self.scope(actor).await?;
        let mut orgs = vec![scope.landlord.clone()];
        match &scope.handling {
            Some(own) => orgs.push(own.clone()),
            None => orgs.extend(
                self.db()
                    .list_organisations()
                    .await?
                    .into_iter()
                    .filter(|o| o.parent_id.as_deref() == Some(scope.landlord.as_str()))
                    .map(|o| o.id),
            ),
        }
        let mut names = std::collections::HashMap::new();
        for org in orgs {
            names.extend(self.db().list_users(&org).await?.into_iter().map(|u| (u.id, u.name)));
        }
        Ok(names)
    }
}
