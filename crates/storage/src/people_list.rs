//! Listing residents and service requests a page at a time, by keyset (see `paging.rs`).
//!
//! Residents are listed by name, then id (`residents_list_idx`); service requests newest
//! first, then by id, descending (`service_requests_list_idx`, and
//! `service_requests_status_list_idx` when filtered by status).

use std::collections::HashMap;

use redress_domain::ids::{OrganisationId, ResidentId};
use redress_domain::service_requests::ServiceRequestStatus;

use crate::paging::{Page, Paged, ResidentCursor, ServiceRequestCursor, seek};
use crate::query::{Arg, Built, bind_args, like_escaped};
use crate::residents::{RESIDENT_COLUMNS, ResidentRow};
use crate::service_requests::{SERVICE_REQUEST_COLUMNS, ServiceRequestRow};
use crate::{Database, Resident, ServiceRequest, StorageError};

/// The most a page of residents or service requests holds.
const MAX_LIMIT: u32 = 1000;

/// Which residents [`Database::page_residents`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentFilter {
    /// Whose name or address contains this text, ignoring case (in SQLite, case of ASCII
    /// letters only).
    pub search: Option<String>,
    /// Only those the staff of this organisation (a managing agent or contractor acting for
    /// the landlord) see: living in a home assigned to it, or with a complaint it handles.
    pub handled_by: Option<OrganisationId>,
    /// Which page.
    pub page: Page<ResidentCursor>,
    /// At most this many (at most 1000).
    pub limit: u32,
}

impl Default for ResidentFilter {
    fn default() -> Self {
        ResidentFilter { search: None, handled_by: None, page: Page::First, limit: 50 }
    }
}

/// Which service requests [`Database::page_service_requests`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequestFilter {
    /// With this status.
    pub status: Option<ServiceRequestStatus>,
    /// Only those of residents the staff of this organisation see (as
    /// [`ResidentFilter::handled_by`]).
    pub handled_by: Option<OrganisationId>,
    /// Which page.
    pub page: Page<ServiceRequestCursor>,
    /// At most this many (at most 1000).
    pub limit: u32,
}

impl Default for ServiceRequestFilter {
    fn default() -> Self {
        ServiceRequestFilter { status: None, handled_by: None, page: Page::First, limit: 50 }
    }
}

impl Resident {
    /// Its place in the list's order, for a page after or before it.
    pub fn cursor(&self) -> ResidentCursor {
        ResidentCursor { name: self.details.name.clone(), id: self.id.clone() }
    }
}

impl ServiceRequest {
    /// Its place in the list's order, for a page after or before it.
    pub fn cursor(&self) -> ServiceRequestCursor {
        ServiceRequestCursor { created_at: self.created_at, id: self.id.clone() }
    }
}

impl Database {
    /// A page of the residents of organisation `org` that pass `filter`, by name (then id).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails; [`StorageError::Integrity`] if a
    /// resident's stored support needs are not JSON.
    pub async fn page_residents(
        &self,
        org: &OrganisationId,
        filter: &ResidentFilter,
    ) -> Result<Paged<Resident>, StorageError> {
        let (query, limit, reversed) = residents_query(org, filter);
        let rows: Vec<ResidentRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        let residents = rows.into_iter().map(Resident::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::of(residents, limit, reversed))
    }

    /// How many residents of organisation `org` pass `filter` (its page and limit aside).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn count_residents(&self, org: &OrganisationId, filter: &ResidentFilter) -> Result<u64, StorageError> {
        let mut query = Built::new("select count(*) from residents where organisation_id = ");
        resident_conditions(&mut query, org, filter);
        let count: i64 = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_one(pool).await
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The names of the residents of organisation `org` with these ids (those that exist),
    /// by id: for a page of rows that refer to residents.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn resident_names(
        &self,
        org: &OrganisationId,
        ids: &[ResidentId],
    ) -> Result<HashMap<ResidentId, String>, StorageError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut query = Built::new("select id, name from residents where organisation_id = ");
        let p = query.arg(Arg::Text(org.to_string()));
        query.push(&p);
        let placeholders: Vec<String> = ids.iter().map(|id| query.arg(Arg::Text(id.to_string()))).collect();
        query.push(&format!(" and id in ({})", placeholders.join(", ")));
        let rows: Vec<(String, String)> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(|(id, name)| (ResidentId::trusted(id), name)).collect())
    }

    /// A page of the service requests of organisation `org` that pass `filter`, newest
    /// first (then by id, descending).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn page_service_requests(
        &self,
        org: &OrganisationId,
        filter: &ServiceRequestFilter,
    ) -> Result<Paged<ServiceRequest>, StorageError> {
        let (query, limit, reversed) = service_requests_query(org, filter);
        let rows: Vec<ServiceRequestRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        let requests = rows.into_iter().map(ServiceRequest::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::of(requests, limit, reversed))
    }

    /// The plan of [`Database::page_residents`]' query (see `query.rs`).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_resident_list(
        &self,
        org: &OrganisationId,
        filter: &ResidentFilter,
    ) -> Result<Vec<String>, StorageError> {
        self.explain(&residents_query(org, filter).0).await
    }

    /// The plan of [`Database::page_service_requests`]' query (see `query.rs`).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_service_request_list(
        &self,
        org: &OrganisationId,
        filter: &ServiceRequestFilter,
    ) -> Result<Vec<String>, StorageError> {
        self.explain(&service_requests_query(org, filter).0).await
    }
}

/// `and ({resident} is within the scope of `handled_by`)`, if `handled_by`: see
/// [`within_scope`].
fn handled_by(query: &mut Built, org: &OrganisationId, handled_by: Option<&OrganisationId>, resident: &str) {
    if let Some(handling) = handled_by {
        let org = query.arg(Arg::Text(org.to_string()));
        let handling = query.arg(Arg::Text(handling.to_string()));
        query.push(&format!(" and {}", within_scope(resident, &org, &handling)));
    }
}

/// The condition that the resident whose id is in column `resident` is seen by the staff of
/// the managing agent or contractor `handling` acting for landlord `org` (both placeholders):
/// they live in a home assigned to it, or have a complaint it handles.
///
/// The homes are read first and their residents looked up by home (`cross join`, which SQLite
/// never reorders): left to choose, SQLite sometimes walked every resident testing each home
/// (the search's plan test saw it in one run of five, with the same data).
pub(crate) fn within_scope(resident: &str, org: &str, handling: &str) -> String {
    format!(
        "({resident} in (select r.id from properties p cross join residents r \
             where p.organisation_id = {org} and p.managed_by = {handling} \
             and r.organisation_id = {org} and r.home_id = p.id) \
         or {resident} in (select resident_id from complaints where organisation_id = {org} \
             and organisation_handling = {handling}))"
    )
}

/// Adds the cursor's condition and the order, limit (one more than the page) to `query`.
/// Returns the page's size and whether the rows come back reversed.
fn keyset<C>(
    query: &mut Built,
    page: &Page<C>,
    descending: bool,
    keys: [&str; 2],
    values: impl FnOnce(&C) -> [Arg; 2],
    limit: u32,
) -> (usize, bool) {
    let seek = seek(page, descending);
    if let (Some(comparison), Page::After(cursor) | Page::Before(cursor)) = (seek.comparison, page) {
        let [first, second] = values(cursor);
        let (first, second) = (query.arg(first), query.arg(second));
        query.push(&format!(" and ({}, {}) {comparison} ({first}, {second})", keys[0], keys[1]));
    }
    let limit = limit.min(MAX_LIMIT);
    let read = query.arg(Arg::Int(i64::from(limit) + 1));
    let direction = seek.direction;
    query.push(&format!(" order by {} {direction}, {} {direction} limit {read}", keys[0], keys[1]));
    (usize::try_from(limit).unwrap_or(usize::MAX), seek.reversed)
}

fn residents_query(org: &OrganisationId, filter: &ResidentFilter) -> (Built, usize, bool) {
    let mut query = Built::new(format!("select {RESIDENT_COLUMNS} from residents where organisation_id = "));
    resident_conditions(&mut query, org, filter);
    let (limit, reversed) = keyset(
        &mut query,
        &filter.page,
        false,
        ["name", "id"],
        |c| [Arg::Text(c.name.clone()), Arg::Text(c.id.to_string())],
        filter.limit,
    );
    (query, limit, reversed)
}

/// Adds the organisation (its placeholder first) and `filter`'s conditions to `query`,
/// which ends in `where organisation_id = `.
fn resident_conditions(query: &mut Built, org: &OrganisationId, filter: &ResidentFilter) {
    let p = query.arg(Arg::Text(org.to_string()));
    query.push(&p);
    if let Some(text) = filter.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let p = query.arg(Arg::Text(format!("%{}%", like_escaped(&text.to_lowercase()))));
        query.push(&format!(
            " and (lower(name) like {p} escape '\\' or lower(coalesce(address, '')) like {p} escape '\\')"
        ));
    }
    handled_by(query, org, filter.handled_by.as_ref(), "id");
}

fn service_requests_query(org: &OrganisationId, filter: &ServiceRequestFilter) -> (Built, usize, bool) {
    let mut query =
        Built::new(format!("select {SERVICE_REQUEST_COLUMNS} from service_requests where organisation_id = "));
    let p = query.arg(Arg::Text(org.to_string()));
    query.push(&p);
    if let Some(status) = filter.status {
        query.and("status = ", Arg::Text(status.as_str().to_owned()));
    }
    handled_by(&mut query, org, filter.handled_by.as_ref(), "resident_id");
    let (limit, reversed) = keyset(
        &mut query,
        &filter.page,
        true,
        ["created_at", "id"],
        |c| [Arg::Instant(c.created_at), Arg::Text(c.id.to_string())],
        filter.limit,
    );
    (query, limit, reversed)
}
