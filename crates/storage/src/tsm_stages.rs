//! Each complaint's stages as the Regulator's CH01 and CH02 count them (migration 0035,
//! issue 12's "Performance"): the facts the domain judged when the complaint was written
//! ([`TsmStageFacts`]), written with the complaint and replaced, whole, in the same
//! transaction as every change to it; and a year's counts of them ([`TsmTallies`]), two
//! statements over two indexes, however many complaints the landlord has.
//!
//! What a stage's facts are is the domain's; this module only keeps and counts them.

use std::collections::HashMap;

use jiff::civil::Date;
use redress_domain::complaint::StageNumber;
use redress_domain::ids::{ComplaintId, OrganisationId};
use redress_domain::reporting::{TsmStageFacts, TsmTallies};

use crate::query::{Arg, Built, bind_args};
use crate::tx::BeginWrite;
use crate::values::day;
use crate::{Database, StorageError};

/// Bound values of one row of `tsm_stages`.
pub(crate) const TSM_STAGE_COLUMNS: usize = 12;

/// One complaint's stages to write: its id, the organisation handling it, and the facts.
pub type TsmStagesOf<'a> = (&'a ComplaintId, &'a OrganisationId, &'a [TsmStageFacts]);

/// The `insert` of `$rows`, each `(complaint id, organisation handling, facts)` as `&str`,
/// `&str`, `&TsmStageFacts`, of organisation `$org` (an id): a [`sqlx::QueryBuilder`] to build
/// and run, one row or many.
macro_rules! tsm_stage_rows {
    ($org:expr, $rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into tsm_stages (organisation_id, complaint_id, stage, organisation_handling, started_on,
                 counted, responded_on, within_timescales, within_without_extensions, late_acknowledgement,
                 late_extensions, late_response) ",
        );
        insert.push_values(
            $rows,
            |mut row, (complaint, handling, facts): (&str, &str, &redress_domain::reporting::TsmStageFacts)| {
                row.push_bind($org.as_str())
                    .push_bind(complaint)
                    .push_bind($crate::tsm_stages::stage_number(facts.stage))
                    .push_bind(handling)
                    .push_bind($crate::values::day(facts.started_on))
                    .push_bind(facts.counted)
                    .push_bind($crate::values::maybe_day(facts.responded_on))
                    .push_bind(facts.within)
                    .push_bind(facts.within_without_extensions)
                    .push_bind(facts.late.acknowledgement)
                    .push_bind(i32::try_from(facts.late.extensions).unwrap_or(i32::MAX))
                    .push_bind(facts.late.response);
            },
        );
        insert
    }};
}
pub(crate) use tsm_stage_rows;

/// Replaces the stages of organisation `$org`'s complaint `$complaint` (typed ids) with
/// `$facts` (a slice), handled by `$handling` (a typed id), on `$tx`.
macro_rules! replace_tsm_stages {
    ($tx:expr, $org:expr, $complaint:expr, $handling:expr, $facts:expr) => {{
        sqlx::query("delete from tsm_stages where organisation_id = $1 and complaint_id = $2")
            .bind($org.as_str())
            .bind($complaint.as_str())
            .execute(&mut *$tx)
            .await
            .map_err(StorageError::on_write("tsm stage"))?;
        let facts: &[redress_domain::reporting::TsmStageFacts] = $facts;
        if !facts.is_empty() {
            let rows = facts.iter().map(|f| ($complaint.as_str(), $handling.as_str(), f));
            $crate::tsm_stages::tsm_stage_rows!($org, rows)
                .build()
                .execute(&mut *$tx)
                .await
                .map_err(StorageError::on_write("tsm stage"))?;
        }
    }};
}
pub(crate) use replace_tsm_stages;

/// The stage's number as stored.
pub(crate) fn stage_number(stage: StageNumber) -> i32 {
    match stage {
        StageNumber::One => 1,
        StageNumber::Two => 2,
    }
}

/// CH01's count: the stages begun in the period that it counts, by stage.
macro_rules! begun_sql {
    ($handled:literal) => {
        concat!(
            "select stage, count(*) from tsm_stages where organisation_id = $1 and started_on >= $2 \
             and started_on <= $3 and counted",
            $handled,
            " group by stage"
        )
    };
}

/// CH02's counts: the responses sent in the period, how many within the timescales with and
/// without extensions, and their steps recorded late, by stage.
macro_rules! responded_sql {
    ($handled:literal) => {
        concat!(
            "select stage, count(*), \
             sum(case when within_timescales then 1 else 0 end), \
             sum(case when within_without_extensions then 1 else 0 end), \
             sum(case when late_response then 1 else 0 end), \
             sum(case when late_acknowledgement then 1 else 0 end), \
             sum(late_extensions), \
             sum(case when within_timescales and (late_response or late_acknowledgement or late_extensions > 0) \
                 then 1 else 0 end) \
             from tsm_stages where organisation_id = $1 and responded_on >= $2 and responded_on <= $3",
            $handled,
            " group by stage"
        )
    };
}

/// A row of [`responded_sql`]: the stage and its seven sums.
type RespondedRow = (i32, i64, i64, i64, i64, i64, i64, i64);

impl Database {
    /// The counts behind CH01 and CH02 over the days `first` to `last` of landlord `landlord`'s
    /// complaints (with `handled_by`, only those that organisation handles): the stages begun
    /// in them that CH01 counts, and the responses sent in them.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails; [`StorageError::Integrity`] for a count
    /// below zero or a stage other than 1 and 2.
    pub async fn tsm_tallies(
        &self,
        landlord: &OrganisationId,
        handled_by: Option<&OrganisationId>,
        (first, last): (Date, Date),
    ) -> Result<TsmTallies, StorageError> {
        let (begun_sql, responded_sql) = match handled_by {
            None => (begun_sql!(""), responded_sql!("")),
            Some(_) => {
                (begun_sql!(" and organisation_handling = $4"), responded_sql!(" and organisation_handling = $4"))
            }
        };
        let handler = handled_by.map(OrganisationId::as_str);
        let (begun, responded): (Vec<(i32, i64)>, Vec<RespondedRow>) = db_run!(self, pool => {
            let mut begun = sqlx::query_as(begun_sql).bind(landlord.as_str()).bind(day(first)).bind(day(last));
            let mut responded =
                sqlx::query_as(responded_sql).bind(landlord.as_str()).bind(day(first)).bind(day(last));
            if let Some(handler) = handler {
                begun = begun.bind(handler);
                responded = responded.bind(handler);
            }
            Ok::<_, sqlx::Error>((begun.fetch_all(pool).await?, responded.fetch_all(pool).await?))
        })?;
        let count = |n: i64| {
            u64::try_from(n).map_err(|_| StorageError::Integrity {
                what: "tsm stages",
                id: landlord.to_string(),
                reason: format!("a count of {n}"),
            })
        };
        let stage = |n: i32| match n {
            1 => Ok(0),
            2 => Ok(1),
            _ => Err(StorageError::Integrity {
                what: "tsm stages",
                id: landlord.to_string(),
                reason: format!("stage {n}"),
            }),
        };
        let mut tallies = TsmTallies::default();
        for (number, received) in begun {
            tallies.received[stage(number)?] = count(received)?;
        }
        for (number, responses, within, without, responses_late, acks_late, extensions_late, within_late) in responded {
            let tally = if stage(number)? == 0 { &mut tallies.stage1 } else { &mut tallies.stage2 };
            tally.responses = count(responses)?;
            tally.within = count(within)?;
            tally.within_without_extensions = count(without)?;
            tally.late.responses = count(responses_late)?;
            tally.late.acknowledgements = count(acks_late)?;
            tally.late.extensions = count(extensions_late)?;
            tally.late.within_timescales_with_late_records = count(within_late)?;
        }
        Ok(tallies)
    }

    /// Replaces the stages of each of `complaints` of organisation `org` with those given, in
    /// one transaction: for facts judged again (a complaint written before migration 0035, or
    /// a calendar changed since they were judged).
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] for a complaint `org` does not have;
    /// [`StorageError::Query`] if the database fails.
    pub async fn replace_tsm_stages(
        &self,
        org: &OrganisationId,
        complaints: &[TsmStagesOf<'_>],
    ) -> Result<(), StorageError> {
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (complaint, handling, facts) in complaints {
                replace_tsm_stages!(tx, org, complaint, handling, facts);
            }
            tx.commit().await?;
            Ok::<_, StorageError>(())
        })
    }

    /// Up to `limit` complaints (organisation, id) with no stages recorded: written before
    /// migration 0035, to be judged and recorded (a complaint always has stage 1).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn complaints_without_tsm_stages(
        &self,
        limit: u32,
    ) -> Result<Vec<(OrganisationId, ComplaintId)>, StorageError> {
        const SQL: &str = "select c.organisation_id, c.id from complaints c where not exists \
                           (select 1 from tsm_stages t where t.organisation_id = c.organisation_id \
                           and t.complaint_id = c.id) order by c.organisation_id, c.id limit $1";
        let rows: Vec<(String, String)> =
            db_run!(self, pool => sqlx::query_as(SQL).bind(i64::from(limit)).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(org, id)| (OrganisationId::trusted(org), ComplaintId::trusted(id))).collect())
    }

    /// The complaints of landlord `landlord` with a stage whose judgement a working calendar
    /// changed on `on` may change: begun on or before it and not answered before it.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn complaints_judged_across(
        &self,
        landlord: &OrganisationId,
        on: Date,
    ) -> Result<Vec<ComplaintId>, StorageError> {
        const SQL: &str = "select distinct complaint_id from tsm_stages where organisation_id = $1 \
                           and started_on <= $2 and (responded_on is null or responded_on >= $2) order by 1";
        let ids: Vec<String> = db_run!(self, pool => {
            sqlx::query_scalar(SQL).bind(landlord.as_str()).bind(day(on)).fetch_all(pool).await
        })?;
        Ok(ids.into_iter().map(ComplaintId::trusted).collect())
    }

    /// The organisation handling each of `complaints` of landlord `landlord` (at most
    /// [`MOST_BOUND_IDS`] at once).
    ///
    /// # Errors
    ///
    /// [`StorageError::InvalidInput`] for too many; [`StorageError::Query`] if the database
    /// fails.
    pub async fn handling_organisations_of(
        &self,
        landlord: &OrganisationId,
        complaints: &[ComplaintId],
    ) -> Result<HashMap<ComplaintId, OrganisationId>, StorageError> {
        if complaints.len() > MOST_BOUND_IDS {
            return Err(StorageError::InvalidInput(format!("{} complaints at once", complaints.len())));
        }
        let mut query = Built::new("select id, organisation_handling from complaints where organisation_id = ");
        let p = query.arg(Arg::Text(landlord.to_string()));
        query.push(&p);
        let ids: Vec<String> = complaints.iter().map(|id| query.arg(Arg::Text(id.to_string()))).collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        query.push(&format!(" and id in ({})", ids.join(", ")));
        let rows: Vec<(String, String)> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(|(id, handler)| (ComplaintId::trusted(id), OrganisationId::trusted(handler))).collect())
    }
}

/// The most complaints [`Database::handling_organisations_of`] takes at once.
pub const MOST_BOUND_IDS: usize = 1_000;
