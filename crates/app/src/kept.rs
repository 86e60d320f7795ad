//! What the application keeps of each landlord between requests, under the version of the
//! landlord it was read at: its working-day calendar ([`App::calendar_in`](crate::App::calendar_in),
//! migration 0015) and its people and categories (`choices.rs`, migration 0030). Authenticating
//! a request reads both versions with the caller's user, so a kept value is used only while
//! its version is current, and a request reads those tables again only after they changed.
//! Each instance keeps its own copy: several instances on one database stay correct, since
//! the version comes from the database on every request.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use redress_domain::ids::OrganisationId;

/// Values kept by landlord, each with the version it was read at.
pub(crate) struct Kept<T>(Mutex<HashMap<OrganisationId, (i64, T)>>);

impl<T> Default for Kept<T> {
    fn default() -> Kept<T> {
        Kept(Mutex::default())
    }
}

impl<T: Clone> Kept<T> {
    /// Landlord `landlord`'s value, if one is kept at `version`.
    pub(crate) fn kept(&self, landlord: &OrganisationId, version: i64) -> Option<T> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(landlord).filter(|(at, _)| *at == version).map(|(_, value)| value.clone())
    }

    /// Keeps `value` as landlord `landlord`'s at `version`, unless a later version is kept
    /// (a slower request must not put back a value older than the one there).
    ///
    /// The caller reads the version before the value, so a value is never older than the
    /// version it is kept under: a change moves the version in its own transaction, and
    /// whoever sees the new version reads the value after it.
    pub(crate) fn keep(&self, landlord: &OrganisationId, version: i64, value: &T) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.get(landlord).is_none_or(|(at, _)| *at <= version) {
            kept.insert(landlord.clone(), (version, value.clone()));
        }
    }
}
