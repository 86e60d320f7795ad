//! The dashboard of an organisation for any period (Code 9.4-9.7): the plain records of the
//! complaints touching the period (received in it, or with a step taken in it), read in
//! batches with only the kinds of event the figures read, and the domain's computation
//! (`redress_domain::reporting::metrics`). Whose complaints, as for the TSM (`tsm.rs`): a
//! landlord's consolidated, or those a managing agent or contractor handles.

use redress_domain::ids::OrganisationId;
use redress_domain::reporting::{ActivityRecord, Metrics, Period, ReportingYear, metrics};
use redress_storage::Organisation;

use crate::tsm::{reporting_error, whose};
use crate::{Actor, App, AppError};

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
        let (steps, kinds) = (&ActivityRecord::STEPS_IN_PERIOD, &ActivityRecord::KINDS);
        let records = self
            .period_records(&landlord, handled_by.as_ref(), &period, steps, kinds, |events| {
                ActivityRecord::from_events(events)
            })
            .await?;
        let year = ReportingYear::of(period.last());
        let homes = self.db().homes_owned(&chosen.id, year.starts_in()).await?;
        let calendar = self.calendar_for(&landlord).await?;
        let metrics = metrics(&records, &period, homes.map(u64::from), self.today()?, self.code(), &calendar)
            .map_err(reporting_error)?;
        Ok(Dashboard { organisations, chosen, period, homes, metrics })
    }
}
