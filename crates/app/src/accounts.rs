//! Organisations, staff accounts and API tokens: who is acting, for which organisation, in
//! which role.

use std::fmt;
use std::str::FromStr;

use redress_domain::ids::{OrganisationId, UserId};
use redress_storage::{
    Assigner, LandlordVersions, NewOrganisation, NewUser, Organisation, OrganisationKind, User, hash_token,
};

use crate::ids::new_token;
use crate::{App, AppError};

/// What a member of staff does. What each role may do is [`Role::permissions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Handles complaints.
    Handler,
    /// The complaints officer or team (Code 4.1).
    ComplaintsOfficer,
    /// The senior lead for complaints (Code 9.4).
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

    /// What people call the role, for pages: "Complaints officer" and so on.
    pub fn label(self) -> &'static str {
        match self {
            Role::Handler => "Handler",
            Role::ComplaintsOfficer => "Complaints officer",
            Role::SeniorLead => "Senior lead for complaints",
            Role::MemberResponsible => "Member Responsible for Complaints",
            Role::Auditor => "Auditor",
            Role::Admin => "Administrator",
        }
    }

    /// The permission matrix: what each role may do, enforced by every use case (and so by
    /// every page and API route) through [`Actor::require`].
    ///
    /// | Role                                   | read cases | change cases | manage residents | manage settings | manage users | read reports |
    /// |----------------------------------------|:----------:|:------------:|:----------------:|:---------------:|:------------:|:------------:|
    /// | handler                                | yes        | yes          | yes              |                 |              |              |
    /// | complaints_officer (Code 4.1)          | yes        | yes          | yes              |                 |              | yes          |
    /// | senior_lead (Code 9.4)                 | yes        | yes          | yes              |                 |              | yes          |
    /// | mrc (Code 9.5-9.7)                     | yes        |              |                  |                 |              | yes          |
    /// | auditor                                | yes        |              |                  |                 |              | yes          |
    /// | admin                                  | yes        | yes          | yes              | yes             | yes          | yes          |
    ///
    /// The Member Responsible for Complaints and auditors read only; only administrators change
    /// settings and staff accounts. The reports (the dashboard and the TSM figures) are for
    /// those who oversee complaint handling (Code 4.1, 9.4-9.7) and audit it, not for handlers.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Handler => &[ReadCases, ChangeCases, ManageResidents],
            Role::ComplaintsOfficer | Role::SeniorLead => &[ReadCases, ChangeCases, ManageResidents, ReadReports],
            Role::MemberResponsible | Role::Auditor => &[ReadCases, ReadReports],
            Role::Admin => &[ReadCases, ChangeCases, ManageResidents, ManageSettings, ManageUsers, ReadReports],
        }
    }

    /// Whether the role has `permission`.
    pub fn may(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

/// Something a role may or may not do. [`Role::permissions`] is the one table of who may do
/// what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read complaints, their records and deadlines.
    ReadCases,
    /// Log complaints, act on them and record correspondence.
    ChangeCases,
    /// Add and change residents, representatives, homes, service requests and contact
    /// restrictions.
    ManageResidents,
    /// Change the organisation's settings: details, closure days, exclusion grounds.
    ManageSettings,
    /// Add staff, change their roles, disable and enable them.
    ManageUsers,
    /// Read the reports: the dashboard and the Tenant Satisfaction Measures (Code 9.4-9.7).
    ReadReports,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 6] = [
        Permission::ReadCases,
        Permission::ChangeCases,
        Permission::ManageResidents,
        Permission::ManageSettings,
        Permission::ManageUsers,
        Permission::ReadReports,
    ];

    /// What it allows, for refusals: "change cases" and so on.
    pub fn describe(self) -> &'static str {
        match self {
            Permission::ReadCases => "read cases",
            Permission::ChangeCases => "change cases",
            Permission::ManageResidents => "change residents' records",
            Permission::ManageSettings => "change the organisation's settings",
            Permission::ManageUsers => "manage staff accounts and roles",
            Permission::ReadReports => "read the complaint handling reports",
        }
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
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their organisation: everything they see and change belongs to it.
    pub organisation_id: OrganisationId,
    /// Their role.
    pub role: Role,
    /// Whose complaints they see, resolved once when the request is authenticated.
    pub scope: Scope,
}

impl Actor {
    /// The member of staff `user` of `organisation`, as a token or a session finds them with
    /// their landlord's versions: the request's whole context from one query.
    pub(crate) fn of(user: User, organisation: Organisation, versions: LandlordVersions) -> Result<Actor, AppError> {
        let role = user.role.parse()?;
        let scope = Scope {
            calendar_version: Some(versions.calendar),
            people_version: Some(versions.people),
            ..scope_in(organisation)
        };
        Ok(Actor { user_id: user.id, name: user.name, organisation_id: user.organisation_id, role, scope })
    }

    /// Refuses an actor whose role lacks `permission` ([`Role::permissions`]).
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.role.may(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "the {} role may not {}",
                self.role.label().to_lowercase(),
                permission.describe()
            )))
        }
    }
}

/// Which complaints a member of staff sees and handles (Code 5.4, 5.5): those of the landlord
/// that owns them and, for the staff of a managing agent or contractor acting for it, only those
/// their organisation handles. Resolved once per use case from the staff member's organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The landlord whose complaints, residents and homes these are.
    pub landlord: OrganisationId,
    /// For staff of a managing agent or contractor: the only handling organisation they see.
    pub handling: Option<OrganisationId>,
    /// The landlord's calendar version when the scope was resolved (read with the caller's
    /// token), which says whether a kept working-day calendar is current; `None` if unknown.
    pub calendar_version: Option<i64>,
    /// The landlord's people version when the scope was resolved, which says whether its
    /// kept organisations, staff and categories are current; `None` if unknown.
    pub people_version: Option<i64>,
}

impl Scope {
    /// The scope of a landlord's own staff: all its complaints.
    pub fn landlord(landlord: &OrganisationId) -> Scope {
        Scope { landlord: landlord.clone(), handling: None, calendar_version: None, people_version: None }
    }

    /// Whether a complaint handled by `handling_organisation` is within the scope.
    pub fn covers(&self, handling_organisation: &OrganisationId) -> bool {
        self.handling.as_ref().is_none_or(|own| own == handling_organisation)
    }

    /// Whether this is the scope of a managing agent's or contractor's staff.
    pub fn is_agent(&self) -> bool {
        self.handling.is_some()
    }
}

impl App {
    /// The scope of the staff of organisation `org`: a landlord's staff see all its
    /// complaints; the staff of a managing agent or contractor acting for a landlord see only
    /// the landlord's complaints their organisation handles. Resolved once per request, when
    /// the caller is authenticated.
    pub(crate) async fn scope_of(&self, org: &OrganisationId) -> Result<Scope, AppError> {
        Ok(match self.db().get_organisation(org).await? {
            Some(organisation) => scope_in(organisation),
            None => Scope::landlord(org),
        })
    }

    /// The name of the caller's organisation, for the page header.
    pub async fn organisation_name(&self, actor: &Actor) -> Result<String, AppError> {
        Ok(self.db().get_organisation(&actor.organisation_id).await?.map(|o| o.name).unwrap_or_default())
    }

    /// The member of staff `user` is, with their scope.
    pub(crate) async fn actor_of(&self, user: User) -> Result<Actor, AppError> {
        let role = user.role.parse()?;
        let scope = self.scope_of(&user.organisation_id).await?;
        Ok(Actor { user_id: user.id, name: user.name, organisation_id: user.organisation_id, role, scope })
    }

    /// The organisation named `name`, created as a landlord if there is none yet.
    pub async fn organisation_named(&self, name: &str) -> Result<Organisation, AppError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::Invalid("an organisation needs a name".into()));
        }
        redress_domain::text::check("the organisation's name", name, redress_domain::text::SHORT)?;
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
        parent_id: Option<OrganisationId>,
    ) -> Result<Organisation, AppError> {
        let new = NewOrganisation {
            id: OrganisationId::trusted(self.new_id()),
            name: name.trim().to_owned(),
            kind,
            parent_id,
            created_at: self.now(),
        };
        Ok(self.db().create_organisation(&new).await?)
    }

    /// Adds a member of staff to an organisation from outside the application (`redress user
    /// add`, set-up), recording their role as assigned by the command line, and issues their
    /// first API token, which is returned once and stored only as a hash.
    pub async fn add_user(
        &self,
        organisation: &Organisation,
        name: &str,
        role: Role,
    ) -> Result<(User, String), AppError> {
        if name.trim().is_empty() {
            return Err(AppError::Invalid("a user needs a name".into()));
        }
        redress_domain::text::check("the name", name.trim(), redress_domain::text::SHORT)?;
        let new = NewUser {
            id: UserId::trusted(self.new_id()),
            name: name.trim().to_owned(),
            role: role.as_str().to_owned(),
            created_at: self.now(),
        };
        let user = self.db().create_user(&organisation.id, &new).await?;
        let by = Assigner { user_id: None, name: crate::COMMAND_LINE.to_owned() };
        self.record_first_role(&user, role, &by).await?;
        let token = new_token()?;
        self.db().add_api_token(&organisation.id, &user.id, &hash_token(&token), self.now()).await?;
        tracing::info!(user = %user.id, role = %role, "user added");
        Ok((user, token))
    }

    /// The member of staff a bearer token belongs to, if it is a live token of an enabled user.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Actor>, AppError> {
        let found = self.db().find_user_by_token_hash(&hash_token(token.trim())).await?;
        let Some((user, organisation, versions)) = found else { return Ok(None) };
        Ok(Some(Actor::of(user, organisation, versions)?))
    }
}

/// The scope of the staff of `organisation`: a managing agent's or contractor's see what
/// they handle for their landlord; anyone else's, their own organisation's complaints.
fn scope_in(organisation: Organisation) -> Scope {
    match organisation {
        Organisation { id, kind, parent_id: Some(landlord), .. } if kind != OrganisationKind::Landlord => {
            Scope { landlord, handling: Some(id), calendar_version: None, people_version: None }
        }
        Organisation { id, .. } => Scope::landlord(&id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        let org = OrganisationId::trusted("o".into());
        let scope = Scope::landlord(&org);
        Actor { user_id: UserId::trusted("u".into()), name: "N".into(), organisation_id: org, role, scope }
    }

    #[test]
    fn the_permission_matrix_is_as_documented() {
        use Permission::*;
        let expected: [(Role, [bool; 6]); 6] = [
            (Role::Handler, [true, true, true, false, false, false]),
            (Role::ComplaintsOfficer, [true, true, true, false, false, true]),
            (Role::SeniorLead, [true, true, true, false, false, true]),
            (Role::MemberResponsible, [true, false, false, false, false, true]),
            (Role::Auditor, [true, false, false, false, false, true]),
            (Role::Admin, [true, true, true, true, true, true]),
        ];
        assert_eq!(
            Permission::ALL,
            [ReadCases, ChangeCases, ManageResidents, ManageSettings, ManageUsers, ReadReports]
        );
        for (role, allowed) in expected {
            for (permission, allowed) in Permission::ALL.into_iter().zip(allowed) {
                assert_eq!(role.may(permission), allowed, "{role} {permission:?}");
                assert_eq!(actor(role).require(permission).is_ok(), allowed, "{role} {permission:?}");
            }
        }
    }

    #[test]
    fn a_refusal_names_the_role_and_what_it_may_not_do() {
        let refused = actor(Role::MemberResponsible).require(Permission::ChangeCases).unwrap_err();
        assert!(
            matches!(&refused, AppError::Forbidden(m) if m == "the member responsible for complaints role may not change cases"),
            "{refused}"
        );
        let refused = actor(Role::Handler).require(Permission::ManageUsers).unwrap_err();
        assert_eq!(refused.to_string(), "the handler role may not manage staff accounts and roles");
    }

    #[test]
    fn roles_read_back_from_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("owner".parse::<Role>().is_err());
    }
}
