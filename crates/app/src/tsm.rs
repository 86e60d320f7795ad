//! The Regulator's Tenant Satisfaction Measures CH01 and CH02 of an organisation for a
//! reporting year, from the record: the homes it owned, the plain records of the complaints
//! touching the year (read in batches, only the kinds of event the rules read), and the
//! domain's computation (`redress_domain::reporting`). Also recording the homes owned.
//!
//! Whose complaints: a landlord's figures are consolidated, every complaint of the landlord
//! whoever handles it (itself or a managing agent or contractor acting for it, Code 5.4), over
//! the homes the landlord owns (which include those its agents manage). A managing agent's or
//! contractor's figures are those of the complaints it handles now, over the homes recorded
//! for it (those it manages).
//!
//! Staff read them through [`App::tsm_reports`], which checks that they may read reports and
//! offers only the organisations within their scope.

use std::collections::HashMap;

use jiff::civil::Date;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::Event;
use redress_domain::ids::{ComplaintId, OrganisationId};
use redress_domain::reporting::{
    Period, ReportingError, ReportingYear, TsmFigures, TsmRecord, TsmStageFacts, tsm_figures,
};
use redress_storage::{Organisation, OrganisationKind, StoredEvent, TsmStagesOf};

use crate::{Actor, App, AppError, Permission};

/// How many complaints' events are read and turned into records at once: the memory held is
/// that many complaints' events, however many complaints the year has.
const RECORDS_AT_ONCE: usize = 500;

/// An organisation's CH01 and CH02 for a reporting year.
#[derive(Debug, Clone)]
pub struct TsmReport {
    /// Whose figures.
    pub organisation: Organisation,
    /// Which year.
    pub year: ReportingYear,
    /// The homes recorded as owned in the year (CH01's denominator), if any were.
    pub homes: Option<u32>,
    /// The figures.
    pub figures: TsmFigures,
}

/// The TSM figures a member of staff asked for, with the organisations they may choose from.
#[derive(Debug, Clone)]
pub struct TsmReports {
    /// The organisations whose figures the caller may read: their landlord and those acting for
    /// it, landlord first (an agent's or contractor's staff: their own organisation only).
    pub organisations: Vec<Organisation>,
    /// The organisation chosen.
    pub chosen: Organisation,
    /// The year.
    pub year: ReportingYear,
    /// Its figures first; for a landlord, then each organisation's acting for it.
    pub reports: Vec<TsmReport>,
}

impl App {
    /// The TSM figures of `organisation` (the first the caller may read when none) for `year`,
    /// for a member of staff who may read reports: a landlord's consolidated figures and each
    /// of its agents' and contractors', or one agent's. An organisation outside the caller's
    /// scope is not found.
    pub async fn tsm_reports(
        &self,
        actor: &Actor,
        organisation: Option<&OrganisationId>,
        year: ReportingYear,
    ) -> Result<TsmReports, AppError> {
        let (organisations, chosen) = self.report_choice(actor, organisation).await?;
        let mut reports = vec![self.tsm_report(&chosen, year).await?];
        if chosen.kind == OrganisationKind::Landlord {
            for agent in organisations.iter().filter(|o| o.parent_id.as_ref() == Some(&chosen.id)) {
                reports.push(self.tsm_report(agent, year).await?);
            }
        }
        Ok(TsmReports { organisations, chosen, year, reports })
    }

    /// For a member of staff who may read reports: the organisations whose reports they may
    /// read (their landlord and those acting for it, landlord first; an agent's staff, their
    /// own), and of them `organisation` (the first when none). One outside them is not found.
    pub(crate) async fn report_choice(
        &self,
        actor: &Actor,
        organisation: Option<&OrganisationId>,
    ) -> Result<(Vec<Organisation>, Organisation), AppError> {
        actor.require(Permission::ReadReports)?;
        let organisations = self.handling_organisations(actor).await?;
        let chosen = match organisation {
            None => organisations.first(),
            Some(id) => organisations.iter().find(|o| &o.id == id),
        }
        .cloned()
        .ok_or(AppError::NotFound("organisation"))?;
        Ok((organisations, chosen))
    }

    /// Records that `org` owned `homes` homes in `year` (replacing any count recorded before).
    pub async fn record_homes_owned(
        &self,
        org: &OrganisationId,
        year: ReportingYear,
        homes: u32,
    ) -> Result<(), AppError> {
        Ok(self.db().record_homes_owned(org, year.starts_in(), homes, self.now()).await?)
    }

    /// `organisation`'s CH01 and CH02 for `year`, counted by the database from each stage's
    /// facts, judged by the domain when its complaint was last written (`tsm_stages`,
    /// migration 0035): two statements over two indexes, however many complaints there are.
    pub async fn tsm_report(&self, organisation: &Organisation, year: ReportingYear) -> Result<TsmReport, AppError> {
        let (landlord, handled_by) = whose(organisation)?;
        let period = year.period();
        let tallies = self.db().tsm_tallies(&landlord, handled_by.as_ref(), (period.first(), period.last())).await?;
        let homes = self.db().homes_owned(&organisation.id, year.starts_in()).await?;
        Ok(TsmReport {
            organisation: organisation.clone(),
            year,
            homes,
            figures: tallies.figures(homes.map(u64::from)),
        })
    }

    /// As [`App::tsm_report`], computed by the domain ([`tsm_figures`]) from the complaints'
    /// events read afresh: the reference the stored facts are held to (the differential tests)
    /// and the baseline the reporting benchmark measures them against.
    pub async fn tsm_report_from_events(
        &self,
        organisation: &Organisation,
        year: ReportingYear,
    ) -> Result<TsmReport, AppError> {
        let (landlord, handled_by) = whose(organisation)?;
        let records = self.tsm_records(&landlord, handled_by.as_ref(), year).await?;
        let homes = self.db().homes_owned(&organisation.id, year.starts_in()).await?;
        let calendar = self.calendar_for(&landlord).await?;
        let figures = tsm_figures(&records, &year.period(), homes.map(u64::from), self.code(), &calendar)
            .map_err(reporting_error)?;
        Ok(TsmReport { organisation: organisation.clone(), year, homes, figures })
    }

    /// The facts of each stage of the complaint whose events (all of them, or those of
    /// [`TsmRecord::KINDS`]) are `events`, judged under `calendar`: what is written with it.
    pub(crate) fn tsm_facts<'a>(
        &self,
        events: impl IntoIterator<Item = &'a Event>,
        calendar: &WorkingCalendar,
    ) -> Result<Vec<TsmStageFacts>, AppError> {
        let record = TsmRecord::from_events(events)
            .ok_or_else(|| AppError::Corrupt("a complaint does not begin with its logging".into()))?;
        record.stage_facts(self.code(), calendar).map_err(reporting_error)
    }

    /// Judges and records the stages of every complaint that has none (those written before
    /// migration 0035), [`RECORDS_AT_ONCE`] at a time; returns how many. Run when the
    /// database is opened, after migrating.
    pub async fn fill_tsm_stages(&self) -> Result<u64, AppError> {
        let mut filled = 0;
        let mut calendars: HashMap<OrganisationId, WorkingCalendar> = HashMap::new();
        loop {
            let missing = self.db().complaints_without_tsm_stages(RECORDS_AT_ONCE as u32).await?;
            if missing.is_empty() {
                return Ok(filled);
            }
            let mut by_landlord: Vec<(OrganisationId, Vec<ComplaintId>)> = Vec::new();
            for (org, id) in missing {
                match by_landlord.last_mut() {
                    Some((last, ids)) if *last == org => ids.push(id),
                    _ => by_landlord.push((org, vec![id])),
                }
            }
            for (landlord, ids) in by_landlord {
                if !calendars.contains_key(&landlord) {
                    calendars.insert(landlord.clone(), self.calendar_for(&landlord).await?);
                }
                let calendar = calendars.get(&landlord).ok_or(AppError::NotFound("calendar"))?;
                filled += self.judge_again(&landlord, &ids, calendar).await?;
            }
        }
    }

    /// Judges again the stages of landlord `landlord`'s complaints that a working day closed
    /// on `on` may change (a closure day added or removed), under its calendar now.
    pub(crate) async fn judge_again_across(&self, landlord: &OrganisationId, on: Date) -> Result<u64, AppError> {
        let ids = self.db().complaints_judged_across(landlord, on).await?;
        let calendar = self.calendar_for(landlord).await?;
        let mut judged = 0;
        for chunk in ids.chunks(RECORDS_AT_ONCE) {
            judged += self.judge_again(landlord, chunk, &calendar).await?;
        }
        Ok(judged)
    }

    /// Judges and records again the stages of `ids`, complaints of `landlord`.
    async fn judge_again(
        &self,
        landlord: &OrganisationId,
        ids: &[ComplaintId],
        calendar: &WorkingCalendar,
    ) -> Result<u64, AppError> {
        let events = self.db().load_events_of_kinds(landlord, ids, &TsmRecord::KINDS).await?;
        let handling = self.db().handling_organisations_of(landlord, ids).await?;
        let mut judged = Vec::with_capacity(ids.len());
        for (id, events) in by_complaint(events)? {
            let facts = self.tsm_facts(&events, calendar)?;
            let handler = handling.get(&id).cloned().unwrap_or_else(|| landlord.clone());
            judged.push((id, handler, facts));
        }
        let rows: Vec<TsmStagesOf<'_>> = judged.iter().map(|(id, h, f)| (id, h, f.as_slice())).collect();
        self.db().replace_tsm_stages(landlord, &rows).await?;
        Ok(judged.len() as u64)
    }

    /// The plain records of the complaints of `landlord` (only those `handled_by` handles,
    /// when given) touching `year`: received, answered or escalated in it.
    async fn tsm_records(
        &self,
        landlord: &OrganisationId,
        handled_by: Option<&OrganisationId>,
        year: ReportingYear,
    ) -> Result<Vec<TsmRecord>, AppError> {
        let (steps, kinds) = (&TsmRecord::STEPS_IN_PERIOD, &TsmRecord::KINDS);
        self.period_records(landlord, handled_by, &year.period(), steps, kinds, |events| TsmRecord::from_events(events))
            .await
    }

    /// The plain records, each made by `record` from the events of `kinds`, of the complaints
    /// of `landlord` (only those `handled_by` handles, when given) received in `period` or with
    /// one of `steps` in it: the one read behind the TSM figures and the dashboard, 500
    /// complaints' events at a time.
    pub(crate) async fn period_records<R>(
        &self,
        landlord: &OrganisationId,
        handled_by: Option<&OrganisationId>,
        period: &Period,
        steps: &[&str],
        kinds: &[&str],
        record: impl Fn(&[Event]) -> Option<R>,
    ) -> Result<Vec<R>, AppError> {
        let range = (period.first(), period.last());
        let ids = self.db().complaints_touching(landlord, handled_by, range, period.starts_at()?, steps).await?;
        let mut records = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(RECORDS_AT_ONCE) {
            let events = self.db().load_events_of_kinds(landlord, chunk, kinds).await?;
            for (id, events) in by_complaint(events)? {
                let made = record(&events)
                    .ok_or_else(|| AppError::Corrupt(format!("complaint {id} does not begin with its logging")))?;
                records.push(made);
            }
        }
        Ok(records)
    }
}

/// The landlord whose complaints make `organisation`'s figures, and the organisation that
/// must be handling them (none for a landlord's consolidated figures).
/// A reporting computation's failure as the application's: a calendar it could not count with,
/// or a record under a Code version the book does not hold (a corrupt record).
pub(crate) fn reporting_error(error: ReportingError) -> AppError {
    match error {
        ReportingError::Calendar(e) => AppError::Calendar(e),
        unknown @ ReportingError::UnknownVersion(_) => AppError::Corrupt(unknown.to_string()),
    }
}

pub(crate) fn whose(organisation: &Organisation) -> Result<(OrganisationId, Option<OrganisationId>), AppError> {
    match organisation.kind {
        OrganisationKind::Landlord => Ok((organisation.id.clone(), None)),
        OrganisationKind::ManagingAgent | OrganisationKind::Contractor => {
            let landlord = organisation
                .parent_id
                .clone()
                .ok_or_else(|| AppError::Corrupt(format!("{} acts for no landlord", organisation.name)))?;
            Ok((landlord, Some(organisation.id.clone())))
        }
    }
}

/// `events`, which come by complaint and in order, read and grouped by complaint.
pub(crate) fn by_complaint(events: Vec<StoredEvent>) -> Result<Vec<(ComplaintId, Vec<Event>)>, AppError> {
    let mut order = Vec::new();
    let mut grouped: HashMap<ComplaintId, Vec<Event>> = HashMap::new();
    for stored in events {
        let event: Event = serde_json::from_str(&stored.payload).map_err(|err| {
            AppError::Corrupt(format!("event {} of complaint {}: {err}", stored.seq, stored.complaint_id))
        })?;
        let entry = grouped.entry(stored.complaint_id.clone()).or_insert_with(|| {
            order.push(stored.complaint_id.clone());
            Vec::new()
        });
        entry.push(event);
    }
    Ok(order.into_iter().filter_map(|id| grouped.remove(&id).map(|events| (id, events))).collect())
}
