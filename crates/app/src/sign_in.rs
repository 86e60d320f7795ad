//! Staff signing in to the web application: passwords (Argon2id), database sessions, and a
//! throttle on failed attempts, counted in the database so that it holds across restarts and
//! servers. Expired sessions are removed at each successful sign-in.
//!
//! Every refusal looks the same to the person signing in (unknown email, wrong password,
//! disabled account, no password set), so the page cannot be used to learn who has an
//! account; an unknown email still costs one hash, so timing does not tell either.
//!
//! The throttle has two limits. Too many failures for one account lock that account for a
//! while, whatever the password. Too many failures from one network address make further
//! *failures* from it answer "too many attempts" instead of "wrong password", but never
//! refuse a correct password: an office, or everyone behind a proxy, shares an address, and
//! a stranger guessing made-up emails from it must not lock its staff out.

use std::sync::OnceLock;

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use jiff::SignedDuration;
use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, UserId};
use redress_storage::{FailureKey, NewSession, hash_token};

use crate::ids::new_secret;
use crate::{Actor, App, AppError};

/// How long a session lasts without being used: a working day, renewed by each request (at
/// most once every [`SESSION_RENEWED_EVERY`]).
pub const SESSION_IDLE: SignedDuration = SignedDuration::from_hours(8);

/// How often a session in use is renewed: a minute, so that its idle expiry is late by at most
/// that (nothing beside eight hours), and a burst of page views writes to the database once
/// rather than on each view.
pub const SESSION_RENEWED_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// The shortest password accepted (NCSC: length beats complexity rules).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Failed sign-ins allowed per account within [`THROTTLE_WINDOW`].
pub const FAILURES_PER_ACCOUNT: usize = 5;

/// Failed sign-ins from one network address within [`THROTTLE_WINDOW`] after which its
/// further failures are answered as throttled: more than per account, since a whole office may
/// share one address. A correct password for an account not itself locked still signs in.
pub const FAILURES_PER_ADDRESS: usize = 20;

/// The window the throttle counts failures in.
pub const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(15);

/// The outcome of a sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    /// Signed in: the member of staff, and the new session's secret id for the cookie.
    SignedIn {
        /// Who signed in.
        actor: Actor,
        /// The session id, given to the browser once and stored only as a hash.
        session: String,
    },
    /// Refused, for a reason not given.
    Refused,
    /// Too many failures lately: for this account (nothing was checked), or from this address
    /// (and the password was wrong).
    Throttled {
        /// How long until the limit lifts, if no more failures come (at least a second).
        retry_after: SignedDuration,
    },
}

/// The throttle's keys for an email and an address, hashed: the failures table holds neither.
fn throttle_keys(email: &str, address: &str) -> (String, String) {
    (hash_token(&format!("account:{}", email.trim().to_lowercase())), hash_token(&format!("address:{address}")))
}

/// Hashes a password as an Argon2id PHC string (default parameters: 19 MiB, two passes).
/// Slow by design: call it from a blocking thread.
fn hash_password(password: &str) -> Result<String, AppError> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| AppError::Invalid(format!("the password could not be hashed: {e}")))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `hash`. Slow by design.
fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// A hash to check passwords against when the email is unknown, so that an unknown email
/// takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password of anyone's").unwrap_or_default())
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| AppError::Invalid(format!("hashing failed: {e}")))
}

/// Refuses an email or password that could not be used to sign in.
pub(crate) fn check_credentials(email: &str, password: &str) -> Result<(), AppError> {
    let email = email.trim();
    if !email.contains('@') || email.len() > 254 {
        return Err(AppError::Invalid("enter an email address, like name@example.org".into()));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::Invalid(format!("a password needs at least {MIN_PASSWORD_CHARS} characters")));
    }
    Ok(())
}

impl App {
    /// Gives a member of staff of organisation `org` an email and password to sign in with,
    /// ending their sessions (a new password should lock out whoever had the old one).
    pub async fn set_password(
        &self,
        org: &OrganisationId,
        user_id: &UserId,
        email: &str,
        password: &str,
    ) -> Result<(), AppError> {
        check_credentials(email, password)?;
        let email = email.trim();
        let password = password.to_owned();
        let hash = blocking(move || hash_password(&password)).await??;
        self.db().set_user_credentials(org, user_id, email, &hash).await?;
        self.db().delete_user_sessions(user_id).await?;
        Ok(())
    }

    /// Checks an email and password from network address `address` and, if they are right,
    /// starts a session.
    pub async fn sign_in(&self, email: &str, password: &str, address: &str) -> Result<SignIn, AppError> {
        let now = self.now();
        let since = now - THROTTLE_WINDOW;
        let (account_key, address_key) = throttle_keys(email, address);
        // Failures older than the window no longer count: forget them, so the table stays small.
        self.db().delete_old_sign_in_failures(since).await?;
        let recent = self.db().recent_sign_in_failures(&account_key, &address_key, since).await?;
        if recent.account >= FAILURES_PER_ACCOUNT as u64 {
            tracing::warn!(%address, "sign-in throttled: the account has failed too often");
            let retry_after = self.throttle_lifts(FailureKey::Account(&account_key), FAILURES_PER_ACCOUNT, now).await?;
            return Ok(SignIn::Throttled { retry_after });
        }
        let found = self.db().find_credentials(email).await?;
        let (user, hash) = match found {
            Some(credentials) => (Some(credentials.user), credentials.password_hash),
            None => (None, decoy_hash().to_owned()),
        };
        let password = password.to_owned();
        let matches = blocking(move || verify_password(&password, &hash)).await?;
        let Some(user) = user.filter(|u| matches && !u.disabled) else {
            self.db().record_sign_in_failure(&account_key, &address_key, now).await?;
            // Checked only now, after the password: a busy address never refuses a correct one.
            if recent.address >= FAILURES_PER_ADDRESS as u64 {
                tracing::warn!(%address, "sign-in throttled: the address has failed too often");
                let retry_after =
                    self.throttle_lifts(FailureKey::Address(&address_key), FAILURES_PER_ADDRESS, now).await?;
                return Ok(SignIn::Throttled { retry_after });
            }
            tracing::info!(%address, "sign-in refused");
            return Ok(SignIn::Refused);
        };
        self.db().clear_sign_in_failures(&account_key).await?;
        // Sessions that expired are of no use to anyone: remove them now and then.
        self.db().delete_expired_sessions(now).await?;
        let session = new_secret("rds_")?;
        let new = NewSession {
            id_hash: hash_token(&session),
            user_id: user.id.clone(),
            created_at: now,
            expires_at: now + SESSION_IDLE,
        };
        self.db().create_session(&new).await?;
        tracing::info!(user = %user.id, "signed in");
        Ok(SignIn::SignedIn { actor: self.actor_of(user).await?, session })
    }

    /// How long until `key` has fewer than `limit` failures in the window, if no more come:
    /// until its `limit`th newest failure leaves the window. At least a second.
    async fn throttle_lifts(
        &self,
        key: FailureKey<'_>,
        limit: usize,
        now: Timestamp,
    ) -> Result<SignedDuration, AppError> {
        let since = now - THROTTLE_WINDOW;
        let nth = self.db().nth_newest_sign_in_failure(key, since, limit as u64).await?;
        // None only if the failures were forgotten meanwhile (another server's clean-up).
        let lifts = nth.map_or(THROTTLE_WINDOW, |at| at.duration_since(since));
        Ok(lifts.max(SignedDuration::from_secs(1)))
    }

    /// The member of staff whose live session this is, renewing it; `None` if it has ended,
    /// expired or belongs to a disabled user.
    pub async fn session_actor(&self, session: &str) -> Result<Option<Actor>, AppError> {
        let now = self.now();
        let renew_if_seen_before = now - SESSION_RENEWED_EVERY;
        let found = self.db().use_session(&hash_token(session), now, now + SESSION_IDLE, renew_if_seen_before).await?;
        Ok(match found {
            Some((user, organisation, versions)) => Some(Actor::of(user, organisation, versions)?),
            None => None,
        })
    }

    /// Ends a session (signing out).
    pub async fn sign_out(&self, session: &str) -> Result<(), AppError> {
        Ok(self.db().delete_session(&hash_token(session)).await?)
    }
}
