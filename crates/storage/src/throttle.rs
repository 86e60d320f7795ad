//! Failed sign-ins, counted per account and per network address, shared by every server
//! over the same database and kept across restarts. Both keys arrive already hashed
//! ([`hash_token`](crate::hash_token)): the table holds no email or address.

use jiff::Timestamp;

use crate::values::Instant;
use crate::{Database, StorageError};

/// Whose failed sign-ins: an account's or an address's, by its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKey<'a> {
    /// An account (an email), hashed.
    Account(&'a str),
    /// A network address, hashed.
    Address(&'a str),
}

/// How many failed sign-ins there have been lately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecentFailures {
    /// For the account.
    pub account: u64,
    /// From the address.
    pub address: u64,
}

impl Database {
    /// Records a failed sign-in for an account from an address, by their hashes.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn record_sign_in_failure(
        &self,
        account_hash: &str,
        address_hash: &str,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let sql = "insert into sign_in_failures (account_hash, address_hash, failed_at) values ($1, $2, $3)";
        db_run!(self, pool => sqlx::query(sql)
            .bind(account_hash)
            .bind(address_hash)
            .bind(Instant::new(at))
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The failures for the account and from the address after `since`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn recent_sign_in_failures(
        &self,
        account_hash: &str,
        address_hash: &str,
        since: Timestamp,
    ) -> Result<RecentFailures, StorageError> {
        let sql = "select
                (select count(*) from sign_in_failures where account_hash = $1 and failed_at > $3),
                (select count(*) from sign_in_failures where address_hash = $2 and failed_at > $3)";
        let (account, address): (i64, i64) = db_run!(self, pool => sqlx::query_as(sql)
            .bind(account_hash)
            .bind(address_hash)
            .bind(Instant::new(since))
            .fetch_one(pool)
            .await)?;
        Ok(RecentFailures { account: account.unsigned_abs(), address: address.unsigned_abs() })
    }

    /// When the `nth` newest failure (1 for the newest) for `key` after `since` happened, if
    /// there were that many: a throttle of `n` failures lifts once that one leaves its window.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn nth_newest_sign_in_failure(
        &self,
        key: FailureKey<'_>,
        since: Timestamp,
        nth: u64,
    ) -> Result<Option<Timestamp>, StorageError> {
        let (sql, hash) = match key {
            FailureKey::Account(hash) => (
                "select failed_at from sign_in_failures where account_hash = $1 and failed_at > $2
                 order by failed_at desc limit 1 offset $3",
                hash,
            ),
            FailureKey::Address(hash) => (
                "select failed_at from sign_in_failures where address_hash = $1 and failed_at > $2
                 order by failed_at desc limit 1 offset $3",
                hash,
            ),
        };
        let offset = i64::try_from(nth.saturating_sub(1)).unwrap_or(i64::MAX);
        let found: Option<(Instant,)> = db_run!(self, pool => sqlx::query_as(sql)
            .bind(hash)
            .bind(Instant::new(since))
            .bind(offset)
            .fetch_optional(pool)
            .await)?;
        Ok(found.map(|(at,)| at.into()))
    }

    /// Forgets an account's failures (after it signs in).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn clear_sign_in_failures(&self, account_hash: &str) -> Result<(), StorageError> {
        let sql = "delete from sign_in_failures where account_hash = $1";
        db_run!(self, pool => sqlx::query(sql).bind(account_hash).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Forgets failures at or before `before`, which no longer count. Returns how many.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn delete_old_sign_in_failures(&self, before: Timestamp) -> Result<u64, StorageError> {
        let sql = "delete from sign_in_failures where failed_at <= $1";
        Ok(db_run!(self, pool => sqlx::query(sql)
            .bind(Instant::new(before))
            .execute(pool)
            .await
            .map(|d| d.rows_affected()))?)
    }
}
