//! Managing staff accounts and roles ([`Permission::ManageUsers`]), and the record of role
//! assignments: who was granted or lost which role, by whom and when. The record is the
//! evidence of who held the roles the Code names (complaints officer, Code 4.1; senior lead,
//! 9.4; Member Responsible for Complaints, 9.5) on any day.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use redress_domain::calendar::london;
use redress_domain::ids::UserId;
use redress_storage::{Assigner, NewUser, RoleAssignment, RoleHolder, StorageError, User, UserChange};

use crate::{Actor, App, AppError, Permission, Role};

/// How an assignment made outside the application (by `redress user add`) is recorded.
pub const COMMAND_LINE: &str = "command line";

/// A member of staff as the users page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Their account.
    pub user: User,
    /// Their role.
    pub role: Role,
    /// The email they sign in with, if they have one.
    pub email: Option<String>,
}

/// A new member of staff, as an administrator adds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaff {
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// The email they will sign in with.
    pub email: String,
    /// Their first password.
    pub password: String,
}

fn assigner(actor: &Actor) -> Assigner {
    Assigner { user_id: Some(actor.user_id.clone()), name: actor.name.clone() }
}

/// The first and last instants of `day` in England.
fn day_bounds(day: Date) -> Result<(Timestamp, Timestamp), AppError> {
    let zone = london::zone()?;
    let instant =
        |d: Date| d.to_zoned(zone.clone()).map(|z| z.timestamp()).map_err(|e| AppError::Invalid(format!("{d}: {e}")));
    let next = day.tomorrow().map_err(|e| AppError::Invalid(format!("{day}: {e}")))?;
    Ok((instant(day)?, instant(next)? - SignedDuration::from_micros(1)))
}

impl App {
    /// Records the first role of a user added outside the application.
    pub(crate) async fn record_first_role(&self, user: &User, role: Role, by: &Assigner) -> Result<(), AppError> {
        let org = &user.organisation_id;
        Ok(self.db().record_role_assignment(org, &user.id, role.as_str(), true, by, self.now()).await?)
    }

    /// The staff of the caller's organisation, by name.
    pub async fn staff(&self, actor: &Actor) -> Result<Vec<StaffMember>, AppError> {
        actor.require(Permission::ManageUsers)?;
        let org = &actor.organisation_id;
        let emails: HashMap<UserId, String> = self.db().user_emails(org).await?.into_iter().collect();
        self.db()
            .list_users(org)
            .await?
            .into_iter()
            .map(|user| {
                let role = user.role.parse()?;
                let email = emails.get(&user.id).cloned();
                Ok(StaffMember { user, role, email })
            })
            .collect()
    }

    /// Adds a member of staff to the caller's organisation with an email and password to
    /// sign in with, recording their role as assigned by the caller. Everything is checked
    /// before anything is stored.
    pub async fn add_staff(&self, actor: &Actor, new: &NewStaff) -> Result<User, AppError> {
        actor.require(Permission::ManageUsers)?;
        let name = new.name.trim();
        if name.is_empty() {
            return Err(AppError::Invalid("Enter the person's name".into()));
        }
        redress_domain::text::check("the name", name, redress_domain::text::SHORT)?;
        crate::sign_in::check_credentials(&new.email, &new.password)?;
        if self.db().find_credentials(&new.email).await?.is_some() {
            return Err(AppError::Invalid("Another account already signs in with this email address".into()));
        }
        let user = NewUser {
            id: UserId::trusted(self.new_id()),
            name: name.to_owned(),
            role: new.role.as_str().to_owned(),
            created_at: self.now(),
        };
        let user = self.db().create_user(&actor.organisation_id, &user).await?;
        self.record_first_role(&user, new.role, &assigner(actor)).await?;
        self.set_password(&actor.organisation_id, &user.id, &new.email, &new.password).await?;
        tracing::info!(user = %user.id, role = %new.role, by = %actor.user_id, "staff added");
        Ok(user)
    }

    /// Gives a member of staff of the caller's organisation another role, recording the old
    /// role's removal and the new one's grant. Administrators cannot change their own role,
    /// so that an organisation is never left without one by mistake.
    pub async fn set_user_role(&self, actor: &Actor, user_id: &UserId, role: Role) -> Result<(), AppError> {
        actor.require(Permission::ManageUsers)?;
        if *user_id == actor.user_id {
            return Err(AppError::Invalid("You cannot change your own role: ask another administrator".into()));
        }
        let change = UserChange::Role(role.as_str().to_owned());
        match self.db().change_user(&actor.organisation_id, user_id, &change, &assigner(actor), self.now()).await {
            Ok(_) => {
                tracing::info!(user = %user_id, %role, by = %actor.user_id, "role changed");
                Ok(())
            }
            Err(StorageError::NotFound { .. }) => Err(AppError::NotFound("user")),
            Err(error) => Err(error.into()),
        }
    }

    /// Disables or re-enables a member of staff of the caller's organisation, recording that
    /// they lost or regained their role. Disabling ends their sessions at once (and their API
    /// tokens stop working). Administrators cannot disable themselves.
    pub async fn set_user_disabled(&self, actor: &Actor, user_id: &UserId, disabled: bool) -> Result<(), AppError> {
        actor.require(Permission::ManageUsers)?;
        if disabled && *user_id == actor.user_id {
            return Err(AppError::Invalid("You cannot disable your own account: ask another administrator".into()));
        }
        let change = UserChange::Disabled(disabled);
        match self.db().change_user(&actor.organisation_id, user_id, &change, &assigner(actor), self.now()).await {
            Ok(_) => {}
            Err(StorageError::NotFound { .. }) => return Err(AppError::NotFound("user")),
            Err(error) => return Err(error.into()),
        }
        if disabled {
            self.db().delete_user_sessions(user_id).await?;
        }
        tracing::info!(user = %user_id, disabled, by = %actor.user_id, "user enabled or disabled");
        Ok(())
    }

    /// The record of role assignments in the caller's organisation, latest first.
    pub async fn role_history(&self, actor: &Actor) -> Result<Vec<RoleAssignment>, AppError> {
        actor.require(Permission::ManageUsers)?;
        Ok(self.db().role_assignments(&actor.organisation_id).await?)
    }

    /// Who in the caller's organisation held `role` at any time on `day` (in England): for
    /// reports and self-assessment evidence (Code 4.1, 9.4, 9.5). Each holder is given
    /// with when they were last granted it by then.
    pub async fn role_holders_on(&self, actor: &Actor, role: Role, day: Date) -> Result<Vec<RoleHolder>, AppError> {
        actor.require(Permission::ReadCases)?;
        let org = &actor.organisation_id;
        let (start, end) = day_bounds(day)?;
        // Holding it as the day began, or granted it during the day.
        let mut holders: BTreeMap<UserId, RoleHolder> = BTreeMap::new();
        for holder in self.db().role_holders(org, role.as_str(), start).await? {
            holders.insert(holder.user_id.clone(), holder);
        }
        let names: HashMap<UserId, String> =
            self.db().list_users(org).await?.into_iter().map(|u| (u.id, u.name)).collect();
        for assignment in self.db().role_assignments(org).await?.into_iter().rev() {
            if assignment.granted && assignment.role == role.as_str() && (start..=end).contains(&assignment.assigned_at)
            {
                let name = names.get(&assignment.user_id).cloned().unwrap_or_default();
                holders.insert(
                    assignment.user_id.clone(),
                    RoleHolder { user_id: assignment.user_id, name, since: assignment.assigned_at },
                );
            }
        }
        let mut holders: Vec<RoleHolder> = holders.into_values().collect();
        holders.sort_by(|a, b| (&a.name, &a.user_id).cmp(&(&b.name, &b.user_id)));
        Ok(holders)
    }
}
