//! Role assignments: every role granted to or removed from a member of staff, append-only,
//! as evidence of who held the roles the Code names (complaints officer, Code 4.1; senior
//! lead, 9.4; Member Responsible for Complaints, 9.5) on any day.
//!
//! Changing a user's role or enabling state goes through [`Database::change_user`], which
//! updates the user and records the assignments in one transaction, so the record cannot
//! miss a change. Nothing here updates or deletes an assignment.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, UserId};

use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

/// Who made an assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigner {
    /// The member of staff, or `None` outside the application (the command line).
    pub user_id: Option<UserId>,
    /// Their name as it was then, or what made the change (such as "command line").
    pub name: String,
}

/// A recorded assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignment {
    /// Its place in the record: later assignments have higher numbers.
    pub seq: i64,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The member of staff.
    pub user_id: UserId,
    /// The role, as the application names it.
    pub role: String,
    /// Granted (`true`) or removed (`false`).
    pub granted: bool,
    /// Who made it.
    pub assigned_by: Assigner,
    /// When.
    pub assigned_at: Timestamp,
}

/// A change to a user that moves roles: a new role, or disabling or enabling them (a disabled
/// user holds no role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserChange {
    /// Gives the user this role instead of their current one.
    Role(String),
    /// Disables (`true`) or re-enables (`false`) the user.
    Disabled(bool),
}

/// A member of staff holding a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleHolder {
    /// Their user id.
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// When they were last granted it.
    pub since: Timestamp,
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    seq: i64,
    organisation_id: String,
    user_id: String,
    role: String,
    granted: bool,
    assigned_by: Option<String>,
    assigned_by_name: String,
    assigned_at: Instant,
}

impl From<AssignmentRow> for RoleAssignment {
    fn from(row: AssignmentRow) -> RoleAssignment {
        RoleAssignment {
            seq: row.seq,
            organisation_id: OrganisationId::trusted(row.organisation_id),
            user_id: UserId::trusted(row.user_id),
            role: row.role,
            granted: row.granted,
            assigned_by: Assigner { user_id: row.assigned_by.map(UserId::trusted), name: row.assigned_by_name },
            assigned_at: row.assigned_at.0,
        }
    }
}

const INSERT: &str = "insert into role_assignments
        (organisation_id, user_id, role, granted, assigned_by, assigned_by_name, assigned_at)
    values ($1, $2, $3, $4, $5, $6, $7)";

impl Database {
    /// Records that user `user_id` of organisation `org` was granted (or lost) `role`. For a
    /// new user's first role; later changes go through [`Database::change_user`].
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if the user, the organisation or the assigner does
    /// not exist.
    pub async fn record_role_assignment(
        &self,
        org: &OrganisationId,
        user_id: &UserId,
        role: &str,
        granted: bool,
        by: &Assigner,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        db_run!(self, pool => sqlx::query(INSERT)
            .bind(org.as_str())
            .bind(user_id.as_str())
            .bind(role)
            .bind(granted)
            .bind(by.user_id.as_deref())
            .bind(&by.name)
            .bind(Instant::new(at))
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("role assignment"))
    }

    /// Changes a user of organisation `org` and records the roles it moves, in one
    /// transaction: a new role removes the old one and grants the new (recorded only while
    /// the user is enabled); disabling removes their role and re-enabling grants it again.
    /// A change to what the user already has changes and records nothing. Returns whether
    /// anything changed.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such user.
    pub async fn change_user(
        &self,
        org: &OrganisationId,
        user_id: &UserId,
        change: &UserChange,
        by: &Assigner,
        at: Timestamp,
    ) -> Result<bool, StorageError> {
        let at = Instant::new(at);
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let found: Option<(String, bool)> =
                sqlx::query_as("select role, disabled from users where organisation_id = $1 and id = $2")
                    .bind(org.as_str())
                    .bind(user_id.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((role, disabled)) = found else { return Err(StorageError::NotFound { what: "user" }) };
            // (role, granted) rows to record.
            let records: Vec<(String, bool)> = match change {
                UserChange::Role(new) if *new == role => return Ok(false),
                UserChange::Disabled(d) if *d == disabled => return Ok(false),
                UserChange::Role(new) => {
                    sqlx::query("update users set role = $3 where organisation_id = $1 and id = $2")
                        .bind(org.as_str())
                        .bind(user_id.as_str())
                        .bind(new)
                        .execute(&mut *tx)
                        .await?;
                    if disabled { Vec::new() } else { vec![(role, false), (new.clone(), true)] }
                }
                UserChange::Disabled(d) => {
                    sqlx::query("update users set disabled = $3 where organisation_id = $1 and id = $2")
                        .bind(org.as_str())
                        .bind(user_id.as_str())
                        .bind(*d)
                        .execute(&mut *tx)
                        .await?;
                    vec![(role, !*d)]
                }
            };
            for (role, granted) in records {
                sqlx::query(INSERT)
                    .bind(org.as_str())
                    .bind(user_id.as_str())
                    .bind(role)
                    .bind(granted)
                    .bind(by.user_id.as_deref())
                    .bind(&by.name)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(StorageError::on_write("role assignment"))?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Every role assignment of organisation `org`, latest first.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn role_assignments(&self, org: &OrganisationId) -> Result<Vec<RoleAssignment>, StorageError> {
        let sql = "select seq, organisation_id, user_id, role, granted, assigned_by, assigned_by_name, assigned_at
                   from role_assignments where organisation_id = $1 order by seq desc";
        let rows: Vec<AssignmentRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(RoleAssignment::from).collect())
    }

    /// The members of staff of organisation `org` holding `role` at instant `at`, by name:
    /// those whose latest assignment by then granted them that role.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn role_holders(
        &self,
        org: &OrganisationId,
        role: &str,
        at: Timestamp,
    ) -> Result<Vec<RoleHolder>, StorageError> {
        let sql = "select r.user_id, u.name, r.assigned_at
                   from role_assignments r join users u on u.id = r.user_id
                   where r.organisation_id = $1 and r.role = $2 and r.granted
                     and r.seq = (select max(l.seq) from role_assignments l
                                  where l.user_id = r.user_id and l.assigned_at <= $3)
                   order by u.name, r.user_id";
        let rows: Vec<(String, String, Instant)> = db_run!(self, pool => sqlx::query_as(sql)
            .bind(org.as_str())
            .bind(role)
            .bind(Instant::new(at))
            .fetch_all(pool)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|(user_id, name, since)| RoleHolder { user_id: UserId::trusted(user_id), name, since: since.0 })
            .collect())
    }
}
