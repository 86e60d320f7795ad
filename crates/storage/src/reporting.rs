//! What the reports read: the homes each organisation owned in each reporting year (the
//! denominator of the Regulator's CH01), the complaints touching a period, and the events of
//! only the kinds a report needs. Storage never reads inside an event's payload: the
//! complaints touching a period are found by their received date and by the kind and the
//! recorded time of their events.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{ComplaintId, OrganisationId, ResidentId};

use crate::events::EventRow;
use crate::query::{Arg, Built, bind_args};
use crate::values::Instant;
use crate::{Database, StorageError, StoredEvent};

/// How many complaints' events [`Database::load_events_of_kinds`] asks for in one statement.
const COMPLAINTS_AT_ONCE: usize = 500;

impl Database {
    /// Records that `org` owned `homes` homes in reporting year `year` (2024: 1 April 2024 to
    /// 31 March 2025), replacing any count recorded before.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if there is no such organisation;
    /// [`StorageError::InvalidInput`] for more than 2,147,483,647 homes;
    /// [`StorageError::Query`] if the database fails.
    pub async fn record_homes_owned(
        &self,
        org: &OrganisationId,
        year: i16,
        homes: u32,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let sql = "insert into homes_owned (organisation_id, reporting_year, homes, recorded_at) \
                   values ($1, $2, $3, $4) \
                   on conflict (organisation_id, reporting_year) \
                   do update set homes = excluded.homes, recorded_at = excluded.recorded_at";
        let homes = i32::try_from(homes)
            .map_err(|_| StorageError::InvalidInput(format!("{homes} homes is more than can be recorded")))?;
        db_run!(self, pool => {
            sqlx::query(sql)
                .bind(org.as_str())
                .bind(i32::from(year))
                .bind(homes)
                .bind(Instant::new(at))
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(StorageError::on_write("homes owned"))
        })?;
        Ok(())
    }

    /// The homes `org` owned in reporting year `year`, if recorded.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn homes_owned(&self, org: &OrganisationId, year: i16) -> Result<Option<u32>, StorageError> {
        let sql = "select homes from homes_owned where organisation_id = $1 and reporting_year = $2";
        let homes: Option<i32> = db_run!(self, pool => {
            sqlx::query_scalar(sql).bind(org.as_str()).bind(i32::from(year)).fetch_optional(pool).await
        })?;
        homes
            .map(|n| {
                u32::try_from(n).map_err(|_| StorageError::Integrity {
                    what: "homes owned",
                    id: org.to_string(),
                    reason: format!("{n} homes"),
                })
            })
            .transpose()
    }

    /// The complaints of landlord `landlord` touching the days `first` to `last` (in
    /// England): received on one of them, or with an event of one of the kinds `steps` (the
    /// domain's `TsmRecord::STEPS_IN_PERIOD`: a response, an escalation request) recorded at or after `starts_at` (the instant the first day begins: a step stated in
    /// the period is recorded no earlier) by a complaint received by `last`. A superset of
    /// those with a step in the period, which the caller narrows by the steps' stated dates.
    /// With `handled_by`, only those that organisation handles. By id.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn complaints_touching(
        &self,
        landlord: &OrganisationId,
        handled_by: Option<&OrganisationId>,
        (first, last): (Date, Date),
        starts_at: Timestamp,
        steps: &[&str],
    ) -> Result<Vec<ComplaintId>, StorageError> {
        let mut query = Built::new("select id from complaints where organisation_id = ");
        let p = query.arg(Arg::Text(landlord.to_string()));
        query.push(&p);
        query.and("received_on >= ", Arg::Date(first));
        query.and("received_on <= ", Arg::Date(last));
        if let Some(handler) = handled_by {
            query.and("organisation_handling = ", Arg::Text(handler.to_string()));
        }
        query.push(" union select c.id from complaint_events e join complaints c ");
        query.push("on c.id = e.complaint_id and c.organisation_id = e.organisation_id where e.organisation_id = ");
        let p = query.arg(Arg::Text(landlord.to_string()));
        query.push(&p);
        let kinds: Vec<String> = steps.iter().map(|k| query.arg(Arg::Text((*k).to_owned()))).collect();
        query.push(&format!(" and e.kind in ({})", kinds.join(", ")));
        query.and("e.recorded_at >= ", Arg::Instant(starts_at));
        query.and("c.received_on <= ", Arg::Date(last));
        if let Some(handler) = handled_by {
            query.and("c.organisation_handling = ", Arg::Text(handler.to_string()));
        }
        query.push(" order by 1");
        let ids: Vec<String> = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(ids.into_iter().map(ComplaintId::trusted).collect())
    }

    /// The events of `complaints` (of landlord `landlord`) whose kind is one of `kinds`, by
    /// complaint and in order: what a report needs of each record and no more, asked for
    /// [`COMPLAINTS_AT_ONCE`] complaints at a time.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn load_events_of_kinds(
        &self,
        landlord: &OrganisationId,
        complaints: &[ComplaintId],
        kinds: &[&str],
    ) -> Result<Vec<StoredEvent>, StorageError> {
        let mut events = Vec::new();
        for chunk in complaints.chunks(COMPLAINTS_AT_ONCE) {
            let mut query = Built::new(
                "select complaint_id, organisation_id, seq, kind, payload, actor, recorded_at, prev_hash, hash \
                 from complaint_events where organisation_id = ",
            );
            let p = query.arg(Arg::Text(landlord.to_string()));
            query.push(&p);
            let ids: Vec<String> = chunk.iter().map(|id| query.arg(Arg::Text(id.to_string()))).collect();
            query.push(&format!(" and complaint_id in ({})", ids.join(", ")));
            let kinds: Vec<String> = kinds.iter().map(|k| query.arg(Arg::Text((*k).to_owned()))).collect();
            query.push(&format!(" and kind in ({}) order by complaint_id, seq", kinds.join(", ")));
            let rows: Vec<EventRow> = db_run!(self, pool => {
                bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
            })?;
            events.extend(rows.into_iter().map(StoredEvent::from));
        }
        Ok(events)
    }

    /// The residents of `org` with a reasonable adjustment whose review date is before `day`
    /// (Code 5.10: the earliest review date of their adjustments), by id.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn residents_with_review_before(
        &self,
        org: &OrganisationId,
        day: Date,
    ) -> Result<Vec<ResidentId>, StorageError> {
        let mut query = Built::new("select id from residents where organisation_id = ");
        let p = query.arg(Arg::Text(org.to_string()));
        query.push(&p);
        query.and("support_review_on < ", Arg::Date(day));
        query.push(" order by id");
        let ids: Vec<String> = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(ids.into_iter().map(ResidentId::trusted).collect())
    }
}
