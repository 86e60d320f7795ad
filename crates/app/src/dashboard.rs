//! The dashboard of an organisation for any period (Code 9.4-9.7): the plain records of the
//! complaints touching the period (received in it, or with a step taken in it), read in
//! batches with only the kinds of event the figures read, and the domain's computation
//! (`redress_domain::reporting::metrics`). Whose complaints, as for the TSM (`tsm.rs`): a
//! landlord's consolidated, or those a managing agent or contractor handles. Beside the
//! records, storage counts the service requests recorded in the period, says which residents
//! of the period's complaints have support needs on their record (a yes or no the records
//! carry into the figures), and gives the references of the complaints listed under figures.

use std::collections::{HashMap, HashSet};

use redress_domain::ids::{ComplaintId, OrganisationId};
use redress_domain::reporting::{ActivityRecord, Counted, Metrics, Period, ReportingYear, metrics};
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
    /// The references of the complaints listed under the figures the case list cannot filter
    /// by (the Ombudsman, learning, residents), by id.
    pub references: HashMap<ComplaintId, String>,
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
        let mut records = self
            .period_records(&landlord, handled_by.as_ref(), &period, steps, kinds, |events| {
                ActivityRecord::from_events(events)
            })
            .await?;
        let days = (period.first(), period.last());
        let needs: HashSet<_> =
            self.db().residents_with_support_needs(&landlord, handled_by.as_ref(), days).await?.into_iter().collect();
        for record in &mut records {
            record.support_needs = needs.contains(&record.resident);
        }
        let year = ReportingYear::of(period.last());
        let homes = self.db().homes_owned(&chosen.id, year.starts_in()).await?;
        let calendar = self.calendar_for(&landlord).await?;
        let mut metrics = metrics(&records, &period, homes.map(u64::from), self.today()?, self.code(), &calendar)
            .map_err(reporting_error)?;
        let (from, until) = (period.starts_at(), period.ends_at());
        let (from, until) = (from.map_err(AppError::Calendar)?, until.map_err(AppError::Calendar)?);
        let requests = self.db().service_requests_recorded(&landlord, handled_by.as_ref(), from, until).await?;
        metrics.volumes.service_requests = Some(requests);
        let listed: Vec<ComplaintId> = listed(&metrics).into_iter().collect();
        let references = self.db().complaint_references(&landlord, &listed).await?;
        Ok(Dashboard { organisations, chosen, period, homes, metrics, references })
    }
}

/// The complaints the dashboard lists under its figures, each once.
fn listed(metrics: &Metrics) -> HashSet<ComplaintId> {
    let (o, l, r) = (&metrics.ombudsman, &metrics.learning, &metrics.residents);
    let mut counted: Vec<&Counted> = vec![&o.referrals, &o.determinations, &l.closed];
    counted.extend(o.findings.iter().map(|(_, c)| c));
    for (_, c) in &o.orders {
        counted.extend([&c.made, &c.on_time, &c.late, &c.outstanding_past_due, &c.not_yet_due]);
    }
    counted.extend(l.root_causes.iter().map(|(_, c)| c));
    counted.extend([&r.repeat_complaints, &r.vulnerability_at_triage, &r.support_needs]);
    let improvements = l.improvements.iter().map(|i| i.complaint.clone());
    counted.into_iter().flat_map(|c| c.complaints.iter().cloned()).chain(improvements).collect()
}
