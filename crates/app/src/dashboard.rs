//! The dashboard of an organisation for any period (Code 9.4-9.7): the plain records of the
//! complaints touching the period (received in it, or with a step taken in it), read in
//! batches with only the kinds of event the figures read, and the domain's computation
//! (`redress_domain::reporting::metrics`). Whose complaints, as for the TSM (`tsm.rs`): a
//! landlord's consolidated, or those a managing agent or contractor handles.

use redress_domain::ids::OrganisationId;
use redress_domain::reporting::{ActivityRecord, Metrics, Period, ReportingError, ReportingYear, metrics};
use redress_storage::Organisation;

use crate::tsm::{by_complaint, whose};
use crate::{Actor, App, AppError};

/// How many complaints' events are read and turned into records at once.
const RECORDS_AT_ONCE: usize = 500;

/// The kinds of event (as stored) that put a complaint in a period besides its receipt: any
/// step the figures count by the day it was taken.
const STEPS_IN_PERIOD: [&str; 6] =
    ["acknowledged", "extended", "responded", "escalation_requested", "escalation_refused", "not_accepted"];

/// An organisation's dashboard for a period.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The organisations whose dashboards the caller may read, landlord first.
    pub organisations: Vec<Organisation>,
    /// Whose figures these are.
    pub chosen: Organisation,
    /// The period.
    pub period: Period,
    /// The homes recorded as owned in the reporting year the period ends in, if any were.
    pub homes: Option<u32>,
    /// The figures.
    pub metrics: Metrics,
}

impl App {
    /// The dashboard of `organisation` (the first the caller may read when none) for `period`,
    /// for a member of staff who may read reports.
    pub async fn dashboard(
        &self,
        actor: &Actor,
        organisation: Option<&OrganisationId>,
        period: Period,
    ) -> Result<Dashboard, AppError> {
        let (organisations, chosen) = self.report_choice(actor, organisation).await?;
        let (landlord, handled_by) = whose(&chosen)?;
        let records = self.activity_records(&landlord, handled_by.as_ref(), &period).await?;
        let year = ReportingYear::of(period.last());
        let homes = self.db().homes_owned(&chosen.id, year.starts_in()).await?;
        let calendar = self.calendar_for(&landlord).await?;
        let metrics = metrics(&records, &period, homes.map(u64::from), self.today()?, self.code(), &calendar).map_err(
            |e| match e {
                ReportingError::Calendar(e) => AppError::Calendar(e),
                unknown @ ReportingError::UnknownVersion(_) => AppError::Corrupt(unknown.to_string()),
            },
        )?;
        Ok(Dashboard { organisations, chosen, period, homes, metrics })
    }

    async fn activity_records(
        &self,
        landlord: &OrganisationId,
        handled_by: Option<&OrganisationId>,
        period: &Period,
    ) -> Result<Vec<ActivityRecord>, AppError> {
        let ids = self
            .db()
            .complaints_touching(
                landlord,
                handled_by,
                (period.first(), period.last()),
                period.starts_at()?,
                &STEPS_IN_PERIOD,
            )
            .await?;
        let mut records = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(RECORDS_AT_ONCE) {
            let events = self.db().load_events_of_kinds(landlord, chunk, &ActivityRecord::KINDS).await?;
            for (id, events) in by_complaint(events)? {
                let record = ActivityRecord::from_events(&events)
                    .ok_or_else(|| AppError::Corrupt(format!("complaint {id} does not begin with its logging")))?;
                records.push(record);
            }
        }
        Ok(records)
    }
}
