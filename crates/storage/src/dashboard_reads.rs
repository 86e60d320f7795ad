//! What the dashboard reads besides the complaints' events (`reporting.rs`): the service
//! requests recorded in a period (Code 1.4), which residents of a period's complaints have
//! support needs on their record (a yes or no, never what), and the references of the
//! complaints behind figures the case list cannot filter by.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{ComplaintId, OrganisationId, ResidentId};

use crate::people_list::within_scope;
use crate::query::{Arg, Built, bind_args};
use crate::{Database, StorageError};

/// How many complaints' references [`Database::complaint_references`] asks for in one statement.
const REFERENCES_AT_ONCE: usize = 500;

/// The stored text of support needs with none recorded: the application writes an empty JSON
/// list; `null` and nothing at all are read the same, as a record written by hand might hold.
const NONE_RECORDED: &str = "('[]', 'null', '')";

impl Database {
    /// How many service requests of landlord `landlord` were recorded at or after `from` and
    /// before `until`; with `handled_by`, only those of the residents that managing agent or
    /// contractor sees (as the service request list counts them).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn service_requests_recorded(
        &self,
        landlord: &OrganisationId,
        handled_by: Option<&OrganisationId>,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<u64, StorageError> {
        let mut query = Built::new("select count(*) from service_requests where organisation_id = ");
        let org = query.arg(Arg::Text(landlord.to_string()));
        query.push(&org);
        query.and("created_at >= ", Arg::Instant(from));
        query.and("created_at < ", Arg::Instant(until));
        if let Some(handling) = handled_by {
            let handling = query.arg(Arg::Text(handling.to_string()));
            query.push(&format!(" and {}", within_scope("resident_id", &org, &handling)));
        }
        let count: i64 = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_one(pool).await
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The residents of the complaints of landlord `landlord` received from `first` to `last`
    /// (with `handled_by`, those that organisation handles) whose record holds vulnerabilities
    /// or reasonable adjustments (Code 5.10), by id. Only whether there are any is read.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn residents_with_support_needs(
        &self,
        landlord: &OrganisationId,
        handled_by: Option<&OrganisationId>,
        (first, last): (Date, Date),
    ) -> Result<Vec<ResidentId>, StorageError> {
        let mut query = Built::new(
            "select distinct r.id from complaints c join residents r \
             on r.id = c.resident_id and r.organisation_id = c.organisation_id where c.organisation_id = ",
        );
        let org = query.arg(Arg::Text(landlord.to_string()));
        query.push(&org);
        query.and("c.received_on >= ", Arg::Date(first));
        query.and("c.received_on <= ", Arg::Date(last));
        if let Some(handling) = handled_by {
            query.and("c.organisation_handling = ", Arg::Text(handling.to_string()));
        }
        query.push(&format!(
            " and (r.vulnerabilities not in {NONE_RECORDED} or r.reasonable_adjustments not in {NONE_RECORDED}) \
             order by 1"
        ));
        let ids: Vec<String> = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(ids.into_iter().map(ResidentId::trusted).collect())
    }

    /// The references of those of `complaints` that are landlord `landlord`'s, by id.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn complaint_references(
        &self,
        landlord: &OrganisationId,
        complaints: &[ComplaintId],
    ) -> Result<HashMap<ComplaintId, String>, StorageError> {
        let mut references = HashMap::with_capacity(complaints.len());
        for chunk in complaints.chunks(REFERENCES_AT_ONCE) {
            let mut query = Built::new("select id, reference from complaints where organisation_id = ");
            let org = query.arg(Arg::Text(landlord.to_string()));
            query.push(&org);
            let ids: Vec<String> = chunk.iter().map(|id| query.arg(Arg::Text(id.to_string()))).collect();
            query.push(&format!(" and id in ({})", ids.join(", ")));
            let rows: Vec<(String, String)> = db_run!(self, pool => {
                bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
            })?;
            references.extend(rows.into_iter().map(|(id, reference)| (ComplaintId::trusted(id), reference)));
        }
        Ok(references)
    }
}
