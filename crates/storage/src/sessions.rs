//! Staff sign-in: users' emails and password hashes, and browser sessions.
//!
//! Sessions live in the database rather than in a signed cookie so that
//! signing out, or disabling the user, ends them at once: every lookup joins
//! the user and skips disabled ones. A session id is stored only as its
//! SHA-256 ([`hash_token`](crate::hash_token)), like API tokens. Passwords
//! arrive already hashed: this crate never sees one.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, UserId};

use crate::users::{LandlordVersions, TokenHolderRow, UserRow};
use crate::values::Instant;
use crate::{Database, Organisation, StorageError, User};

/// A user's sign-in details, as found by email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user (who may be disabled: the caller decides).
    pub user: User,
    /// Their password, as a PHC string.
    pub password_hash: String,
}

/// A session to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The SHA-256 of the session id the browser holds.
    pub id_hash: String,
    /// Whose session it is.
    pub user_id: UserId,
    /// When it started.
    pub created_at: Timestamp,
    /// When it ends unless used again.
    pub expires_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

impl Database {
    /// Gives a user of organisation `org` an email (stored lowercased and
    /// trimmed) and a password hash, replacing any they had.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such user;
    /// [`StorageError::Duplicate`] if another user has the email.
    pub async fn set_user_credentials(
        &self,
        org: &OrganisationId,
        user_id: &UserId,
        email: &str,
        password_hash: &str,
    ) -> Result<(), StorageError> {
        let sql = "update users set email = $3, password_hash = $4 where organisation_id = $1 and id = $2";
        let email = normalise_email(email);
        let changed = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(user_id.as_str())
            .bind(&email)
            .bind(password_hash)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
        .map_err(StorageError::on_write("user email"))?;
        if changed == 0 {
            return Err(StorageError::NotFound { what: "user" });
        }
        Ok(())
    }

    /// The user with this email (compared lowercased and trimmed) and a
    /// password, in any organisation, disabled or not.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn find_credentials(&self, email: &str) -> Result<Option<Credentials>, StorageError> {
        let sql = "select u.id, u.organisation_id, u.name, u.role, u.created_at, u.disabled, u.password_hash
                   from users u where u.email = $1 and u.password_hash is not null";
        let row: Option<CredentialsRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(normalise_email(email)).fetch_optional(pool).await)?;
        Ok(row.map(|r| Credentials { user: r.user.into(), password_hash: r.password_hash }))
    }

    /// Starts a session.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id hash is taken;
    /// [`StorageError::MissingReference`] if the user does not exist.
    pub async fn create_session(&self, new: &NewSession) -> Result<(), StorageError> {
        let sql = "insert into sessions (id_hash, user_id, created_at, expires_at, last_seen_at)
                   values ($1, $2, $3, $4, $3)";
        db_run!(self, pool => sqlx::query(sql)
            .bind(&new.id_hash)
            .bind(new.user_id.as_str())
            .bind(Instant::new(new.created_at))
            .bind(Instant::new(new.expires_at))
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("session"))
    }

    /// The enabled user whose session has this id hash, if it has not
    /// expired by `now`, with their organisation and their landlord's versions, read
    /// together as [`Database::find_user_by_token_hash`] reads them. A session last seen before `touch_if_seen_before` is then marked as
    /// seen at `now` and extended to `expires_at`; one seen since is left as it is, so that
    /// a burst of page views is one write rather than one each (on SQLite every write waits
    /// for the one writer).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn use_session(
        &self,
        id_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
        touch_if_seen_before: Timestamp,
    ) -> Result<Option<(User, Organisation, LandlordVersions)>, StorageError> {
        let find = "select u.id, u.organisation_id, u.name, u.role, u.created_at, u.disabled,
                o.name as organisation_name, o.kind as organisation_kind, o.parent_id as organisation_parent_id,
                o.created_at as organisation_created_at,
                l.calendar_version, l.people_version,
                s.last_seen_at
            from sessions s
            join users u on u.id = s.user_id
            join organisations o on o.id = u.organisation_id
            join organisations l on l.id = coalesce(o.parent_id, o.id)
            where s.id_hash = $1 and s.expires_at > $2 and not u.disabled";
        let now = Instant::new(now);
        let row: Option<SeenUserRow> =
            db_run!(self, pool => sqlx::query_as(find).bind(id_hash).bind(now).fetch_optional(pool).await)?;
        let Some(SeenUserRow { holder, last_seen_at }) = row else { return Ok(None) };
        let found = <(User, Organisation, LandlordVersions)>::try_from(holder)?;
        if last_seen_at.0 >= touch_if_seen_before {
            return Ok(Some(found));
        }
        let touch = "update sessions set last_seen_at = $2, expires_at = $3 where id_hash = $1";
        db_run!(self, pool => sqlx::query(touch)
            .bind(id_hash)
            .bind(now)
            .bind(Instant::new(expires_at))
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(Some(found))
    }

    /// Ends a session (signing out). Ending one that does not exist is not
    /// an error.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StorageError> {
        let sql = "delete from sessions where id_hash = $1";
        db_run!(self, pool => sqlx::query(sql).bind(id_hash).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Ends every session of a user (after a password change, or when
    /// disabling them). Returns how many were ended.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn delete_user_sessions(&self, user_id: &UserId) -> Result<u64, StorageError> {
        let sql = "delete from sessions where user_id = $1";
        Ok(
            db_run!(self, pool => sqlx::query(sql).bind(user_id.as_str()).execute(pool).await.map(|d| d.rows_affected()))?,
        )
    }

    /// Removes sessions expired by `now`. Returns how many.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64, StorageError> {
        let sql = "delete from sessions where expires_at <= $1";
        Ok(db_run!(self, pool => sqlx::query(sql)
            .bind(Instant::new(now))
            .execute(pool)
            .await
            .map(|d| d.rows_affected()))?)
    }
}

/// Emails compare case-insensitively and without surrounding spaces.
fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A session's user with their organisation, and when the session was last seen.
#[derive(sqlx::FromRow)]
struct SeenUserRow {
    #[sqlx(flatten)]
    holder: TokenHolderRow,
    last_seen_at: Instant,
}
