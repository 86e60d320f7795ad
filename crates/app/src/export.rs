//! The case list's export: every complaint a filter selects with its key dates, decisions and
//! missed deadlines ([`KeyDates`]), judged from its whole record, so that the spreadsheet a
//! complaints officer keeps beside Redress is the one Redress gives them.

use std::collections::HashMap;

use redress_domain::complaint::KeyDates;
use redress_domain::ids::ComplaintId;
use redress_storage::{ComplaintFilter, ListedComplaint, StoredEvent};

use crate::complaints::{read, rebuild};
use crate::{Actor, App, AppError};

/// How many complaints' records an export reads and judges at once: the memory it holds is
/// that many records, however long the export.
const RECORDS_AT_ONCE: usize = 500;

/// A complaint as the export gives it: its list row and its key dates.
#[derive(Debug, Clone)]
pub struct ExportedComplaint {
    /// The list's row: reference, summary and the resident's name.
    pub listed: ListedComplaint,
    /// Each stage's dates and decision, the closure and the deadlines missed, as of today.
    pub key_dates: KeyDates,
}

impl App {
    /// Every complaint within the caller's scope matching `filter` (whatever its page), with
    /// its key dates: for the CSV export.
    pub async fn export_complaints(
        &self,
        actor: &Actor,
        filter: &ComplaintFilter,
    ) -> Result<Vec<ExportedComplaint>, AppError> {
        let listed = self.all_listed_complaints(actor, filter).await?;
        let scope = &actor.scope;
        let calendar = self.calendar_in(scope).await?;
        let mut exported = Vec::with_capacity(listed.len());
        let mut listed = listed.into_iter().peekable();
        while listed.peek().is_some() {
            let chunk: Vec<ListedComplaint> = listed.by_ref().take(RECORDS_AT_ONCE).collect();
            let ids: Vec<ComplaintId> = chunk.iter().map(|l| l.complaint.id.clone()).collect();
            let mut records = by_complaint(self.db().load_events_of_many(&scope.landlord, &ids).await?);
            for row in chunk {
                let events = records.remove(&row.complaint.id).ok_or(AppError::NotFound("complaint"))?;
                let complaint = rebuild(&read(events)?)?;
                let deadlines = self.deadlines_of(&complaint, &calendar)?;
                exported.push(ExportedComplaint { key_dates: KeyDates::of(&complaint, &deadlines), listed: row });
            }
        }
        Ok(exported)
    }
}

/// `events`, which come by complaint and in order, as each complaint's record.
fn by_complaint(events: Vec<StoredEvent>) -> HashMap<ComplaintId, Vec<StoredEvent>> {
    let mut records: HashMap<ComplaintId, Vec<StoredEvent>> = HashMap::new();
    for event in events {
        records.entry(event.complaint_id.clone()).or_default().push(event);
    }
    records
}
