//! Landlords' working-day calendars kept between requests, each under the calendar version it
//! was read at (see [`App::calendar_in`](crate::App::calendar_in)): a step of a complaint then
//! needs no query for the closure days unless they have changed.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use redress_domain::calendar::WorkingCalendar;
use redress_domain::ids::OrganisationId;

/// The kept calendars, by landlord.
#[derive(Default)]
pub(crate) struct Calendars(Mutex<HashMap<OrganisationId, (i64, WorkingCalendar)>>);

impl Calendars {
    /// Landlord `landlord`'s calendar, if one is kept at `version`.
    pub(crate) fn kept(&self, landlord: &OrganisationId, version: i64) -> Option<WorkingCalendar> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(landlord).filter(|(at, _)| *at == version).map(|(_, calendar)| calendar.clone())
    }

    /// Keeps `calendar` as landlord `landlord`'s at `version`, unless a later version is kept
    /// (a slower request must not put back a calendar older than the one there).
    pub(crate) fn keep(&self, landlord: &OrganisationId, version: i64, calendar: &WorkingCalendar) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.get(landlord).is_none_or(|(at, _)| *at <= version) {
            kept.insert(landlord.clone(), (version, calendar.clone()));
        }
    }
}
