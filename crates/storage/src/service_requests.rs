//! Service requests (Code 1.4: recorded and monitored): recording one, changing its status,
//! reading them. A complaint about one leaves it open (Code 1.5); listing them a page at a
//! time is in `people_list.rs`.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, PropertyId, ResidentId, ServiceRequestId};
use redress_domain::service_requests::ServiceRequestStatus;

use crate::idempotency::{NewRequestKey, SERVICE_REQUEST, write_with_key};
use crate::values::Instant;
use crate::{Database, StorageError};

/// A service request to record (Code 1.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceRequest {
    /// Its id, made by the caller.
    pub id: ServiceRequestId,
    /// The resident who made it.
    pub resident_id: ResidentId,
    /// The property it is about, if any.
    pub property_id: Option<PropertyId>,
    /// What was asked for.
    pub description: String,
    /// Its status.
    pub status: ServiceRequestStatus,
    /// When it was recorded.
    pub created_at: Timestamp,
}

/// A stored service request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequest {
    /// Its id.
    pub id: ServiceRequestId,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The resident who made it.
    pub resident_id: ResidentId,
    /// The property it is about, if any.
    pub property_id: Option<PropertyId>,
    /// What was asked for.
    pub description: String,
    /// Its status.
    pub status: ServiceRequestStatus,
    /// When it was recorded.
    pub created_at: Timestamp,
    /// When its status last changed.
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ServiceRequestRow {
    id: String,
    organisation_id: String,
    resident_id: String,
    property_id: Option<String>,
    description: String,
    status: String,
    created_at: Instant,
    updated_at: Instant,
}

impl TryFrom<ServiceRequestRow> for ServiceRequest {
    type Error = StorageError;

    fn try_from(row: ServiceRequestRow) -> Result<ServiceRequest, StorageError> {
        Ok(ServiceRequest {
            status: row.status.parse().map_err(|_| StorageError::Integrity {
                what: "service request",
                id: row.id.clone(),
                reason: format!("unknown status `{}`", row.status),
            })?,
            id: ServiceRequestId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            resident_id: ResidentId::trusted(row.resident_id),
            property_id: row.property_id.map(PropertyId::trusted),
            description: row.description,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

/// The columns of a [`ServiceRequestRow`], for `select` from `service_requests`.
pub(crate) const SERVICE_REQUEST_COLUMNS: &str =
    "id, organisation_id, resident_id, property_id, description, status, created_at, updated_at";

/// The `insert` of the rows of [`NewServiceRequest`] references `$rows` of organisation `$org`
/// (an `&OrganisationId`), each updated when created: a [`sqlx::QueryBuilder`] to build and
/// run; one row or many, the columns are listed once.
macro_rules! service_request_rows {
    ($org:expr, $rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into service_requests (id, organisation_id, resident_id, property_id, description, status,
                 created_at, updated_at) ",
        );
        insert.push_values($rows, |mut row, new: &$crate::service_requests::NewServiceRequest| {
            let created_at = $crate::values::Instant::new(new.created_at);
            row.push_bind(new.id.as_str())
                .push_bind($org.as_str())
                .push_bind(new.resident_id.as_str())
                .push_bind(new.property_id.as_ref().map(redress_domain::ids::PropertyId::as_str))
                .push_bind(new.description.as_str())
                .push_bind(new.status.as_str())
                .push_bind(created_at)
                .push_bind(created_at);
        });
        insert
    }};
}
pub(crate) use service_request_rows;

impl Database {
    /// Records a service request of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such resident or
    /// property; [`StorageError::Duplicate`] if the id is taken.
    pub async fn create_service_request(
        &self,
        org: &OrganisationId,
        new: &NewServiceRequest,
    ) -> Result<ServiceRequest, StorageError> {
        self.create_service_request_with(org, new, None).await
    }

    /// As [`Database::create_service_request`], storing the request's idempotency `key`, if any, naming the
    /// service request in the same transaction.
    ///
    /// # Errors
    ///
    /// As [`Database::create_service_request`]; [`StorageError::KeyTaken`] if the key is live (nothing is
    /// written).
    pub async fn create_service_request_with(
        &self,
        org: &OrganisationId,
        new: &NewServiceRequest,
        key: Option<&NewRequestKey>,
    ) -> Result<ServiceRequest, StorageError> {
        let created_at = Instant::new(new.created_at);
        write_with_key!(
            self,
            "service request",
            service_request_rows!(org, std::iter::once(new)).build(),
            key,
            SERVICE_REQUEST,
            new.id.as_str()
        )?;
        Ok(ServiceRequest {
            id: new.id.clone(),
            organisation_id: org.clone(),
            resident_id: new.resident_id.clone(),
            property_id: new.property_id.clone(),
            description: new.description.clone(),
            status: new.status,
            created_at: created_at.0,
            updated_at: created_at.0,
        })
    }

    /// The service request with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_service_request(
        &self,
        org: &OrganisationId,
        id: &ServiceRequestId,
    ) -> Result<Option<ServiceRequest>, StorageError> {
        let sql =
            format!("select {SERVICE_REQUEST_COLUMNS} from service_requests where organisation_id = $1 and id = $2");
        let row: Option<ServiceRequestRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(id.as_str())
            .fetch_optional(pool)
            .await)?;
        row.map(ServiceRequest::try_from).transpose()
    }

    /// The service requests of organisation `org`, newest first (then by id, descending),
    /// all of them: [`Database::page_service_requests`] reads a page.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_service_requests(&self, org: &OrganisationId) -> Result<Vec<ServiceRequest>, StorageError> {
        let sql = format!(
            "select {SERVICE_REQUEST_COLUMNS} from service_requests where organisation_id = $1
             order by created_at desc, id desc"
        );
        let rows: Vec<ServiceRequestRow> =
            db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org.as_str()).fetch_all(pool).await)?;
        rows.into_iter().map(ServiceRequest::try_from).collect()
    }

    /// Changes a service request's status.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such service request.
    pub async fn update_service_request_status(
        &self,
        org: &OrganisationId,
        id: &ServiceRequestId,
        status: ServiceRequestStatus,
        updated_at: Timestamp,
    ) -> Result<ServiceRequest, StorageError> {
        self.update_service_request_status_with(org, id, status, updated_at, None).await
    }

    /// As [`Database::update_service_request_status`], storing the request's idempotency
    /// `key`, if any, naming the service request in the same transaction.
    ///
    /// # Errors
    ///
    /// As [`Database::update_service_request_status`]; [`StorageError::KeyTaken`] if the key
    /// is live (nothing is changed).
    pub async fn update_service_request_status_with(
        &self,
        org: &OrganisationId,
        id: &ServiceRequestId,
        status: ServiceRequestStatus,
        updated_at: Timestamp,
        key: Option<&NewRequestKey>,
    ) -> Result<ServiceRequest, StorageError> {
        let sql = "update service_requests set status = $3, updated_at = $4 where organisation_id = $1 and id = $2";
        write_with_key!(
            self,
            "service request",
            sqlx::query(sql).bind(org.as_str()).bind(id.as_str()).bind(status.as_str()).bind(Instant::new(updated_at)),
            key,
            SERVICE_REQUEST,
            id.as_str()
        )?;
        self.get_service_request(org, id).await?.ok_or(StorageError::NotFound { what: "service request" })
    }
}
