//! Staff users and their API tokens.
//!
//! A token is stored only as its SHA-256 ([`hash_token`](crate::hash_token)):
//! the database alone lets no one in. Users are never deleted, only disabled,
//! so that the record keeps naming who did what.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, UserId};

use crate::organisations::OrganisationRow;
use crate::values::Instant;
use crate::{Database, Organisation, StorageError};

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Its id, made by the caller.
    pub id: UserId,
    /// The person's (or system account's) name.
    pub name: String,
    /// Their role, as the application names it.
    pub role: String,
    /// When the account was created.
    pub created_at: Timestamp,
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// The organisation it belongs to.
    pub organisation_id: OrganisationId,
    /// The person's name.
    pub name: String,
    /// Their role.
    pub role: String,
    /// When the account was created.
    pub created_at: Timestamp,
    /// Whether the account is disabled (its tokens no longer work).
    pub disabled: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: String,
    organisation_id: String,
    name: String,
    role: String,
    created_at: Instant,
    disabled: bool,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> User {
        User {
            id: UserId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            name: row.name,
            role: row.role,
            created_at: row.created_at.0,
            disabled: row.disabled,
        }
    }
}

/// A token's user with their organisation, read together: authenticating a request needs both.
#[derive(sqlx::FromRow)]
pub(crate) struct TokenHolderRow {
    #[sqlx(flatten)]
    user: UserRow,
    organisation_name: String,
    organisation_kind: String,
    organisation_parent_id: Option<String>,
    organisation_created_at: Instant,
    calendar_version: i64,
    people_version: i64,
}

/// Two numbers of a landlord that its changes move on, read with the caller's user so that
/// what the application keeps between requests is known to be current without a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LandlordVersions {
    /// Moved by every change to the landlord's closure days (migration 0015).
    pub calendar: i64,
    /// Moved by every change to the landlord's organisations, their staff and its categories
    /// (migration 0030).
    pub people: i64,
}

impl TryFrom<TokenHolderRow> for (User, Organisation, LandlordVersions) {
    type Error = StorageError;

    fn try_from(row: TokenHolderRow) -> Result<(User, Organisation, LandlordVersions), StorageError> {
        let organisation = Organisation::try_from(OrganisationRow {
            id: row.user.organisation_id.clone(),
            name: row.organisation_name,
            kind: row.organisation_kind,
            parent_id: row.organisation_parent_id,
            created_at: row.organisation_created_at,
        })?;
        let versions = LandlordVersions { calendar: row.calendar_version, people: row.people_version };
        Ok((User::from(row.user), organisation, versions))
    }
}

/// `select` of a user's columns (table alias `u`), followed by `$rest`.
macro_rules! select {
    ($rest:literal) => {
        concat!("select u.id, u.organisation_id, u.name, u.role, u.created_at, u.disabled from users u ", $rest)
    };
}

impl Database {
    /// Creates an enabled user in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken;
    /// [`StorageError::MissingReference`] if the organisation does not exist.
    pub async fn create_user(&self, org: &OrganisationId, new: &NewUser) -> Result<User, StorageError> {
        let sql = "insert into users (id, organisation_id, name, role, created_at, disabled)
                   values ($1, $2, $3, $4, $5, $6)";
        let created_at = Instant::new(new.created_at);
        db_run!(self, pool => sqlx::query(sql)
            .bind(new.id.as_str())
            .bind(org.as_str())
            .bind(&new.name)
            .bind(&new.role)
            .bind(created_at)
            .bind(false)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("user"))?;
        Ok(User {
            id: new.id.clone(),
            organisation_id: org.clone(),
            name: new.name.clone(),
            role: new.role.clone(),
            created_at: created_at.0,
            disabled: false,
        })
    }

    /// The user with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_user(&self, org: &OrganisationId, id: &UserId) -> Result<Option<User>, StorageError> {
        let sql = select!("where u.organisation_id = $1 and u.id = $2");
        let row: Option<UserRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await)?;
        Ok(row.map(User::from))
    }

    /// The users of organisation `org`, by name.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_users(&self, org: &OrganisationId) -> Result<Vec<User>, StorageError> {
        let sql = select!("where u.organisation_id = $1 order by u.name, u.id");
        let rows: Vec<UserRow> = db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(User::from).collect())
    }

    /// The staff of landlord `landlord` and of the organisations acting for it, by name: in
    /// one query the people a landlord's pages may name or offer as handler.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn staff_of_landlord(&self, landlord: &OrganisationId) -> Result<Vec<User>, StorageError> {
        let sql = select!(
            "join organisations o on o.id = u.organisation_id where o.id = $1 or o.parent_id = $1 order by u.name, u.id"
        );
        let rows: Vec<UserRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(landlord.as_str()).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(User::from).collect())
    }

    /// Disables or re-enables a user of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such user.
    pub async fn set_user_disabled(
        &self,
        org: &OrganisationId,
        id: &UserId,
        disabled: bool,
    ) -> Result<(), StorageError> {
        let sql = "update users set disabled = $3 where organisation_id = $1 and id = $2";
        let changed = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(id.as_str())
            .bind(disabled)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))?;
        if changed == 0 {
            return Err(StorageError::NotFound { what: "user" });
        }
        Ok(())
    }

    /// Stores an API token for a user of organisation `org`, given only as
    /// its hash ([`hash_token`](crate::hash_token)).
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such user;
    /// [`StorageError::Duplicate`] if the hash is already stored.
    pub async fn add_api_token(
        &self,
        org: &OrganisationId,
        user_id: &UserId,
        token_hash: &str,
        created_at: Timestamp,
    ) -> Result<(), StorageError> {
        // Inserting through a select on the user scopes it to `org`: another
        // organisation's user gives no row, and so "not found".
        let sql = "insert into api_tokens (token_hash, user_id, created_at)
                   select $3, id, $4 from users where organisation_id = $1 and id = $2";
        let inserted = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(user_id.as_str())
            .bind(token_hash)
            .bind(Instant::new(created_at))
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
        .map_err(StorageError::on_write("API token"))?;
        if inserted == 0 {
            return Err(StorageError::NotFound { what: "user" });
        }
        Ok(())
    }

    /// The enabled user a token belongs to, given the token's hash, with
    /// their organisation and the versions ([`LandlordVersions`]) of the landlord whose
    /// complaints they see (their own, or the one their managing agent acts
    /// for), in one query: every API request asks, and the versions tell
    /// whether the landlord's closure days, or its people and categories,
    /// have changed since last read. Not scoped by organisation: the token says which
    /// organisation the caller is from. A disabled user's tokens find no one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn find_user_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<(User, Organisation, LandlordVersions)>, StorageError> {
        let sql = "select u.id, u.organisation_id, u.name, u.role, u.created_at, u.disabled,
                o.name as organisation_name, o.kind as organisation_kind, o.parent_id as organisation_parent_id,
                o.created_at as organisation_created_at,
                l.calendar_version, l.people_version
            from users u
            join api_tokens t on t.user_id = u.id
            join organisations o on o.id = u.organisation_id
            join organisations l on l.id = coalesce(o.parent_id, o.id)
            where t.token_hash = $1 and not u.disabled";
        let row: Option<TokenHolderRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await)?;
        row.map(<(User, Organisation, LandlordVersions)>::try_from).transpose()
    }
}
