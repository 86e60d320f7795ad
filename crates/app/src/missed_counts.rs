//! Counting the deadlines answered late of complaints stored before the count was kept
//! (migration 0021), from their records, so that the case list's "deadline missed" filter
//! finds them too. Every change to a complaint writes its count; this is for the others.
//!
//! It runs when the server starts, before it listens (`redress serve`), a batch at a time:
//! the count needs the landlord's working-day calendar, which SQL cannot apply, and a list that
//! quietly left old complaints out would be wrong rather than slow. It is idempotent and safe
//! for two servers starting at once: storage writes a count only where none is kept, and
//! both would find the same one.

use std::collections::HashMap;

use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::answered_late;
use redress_domain::ids::OrganisationId;
use redress_storage::ComplaintKey;

use crate::complaints::{read, rebuild};
use crate::{App, AppError};

/// How many complaints are counted, and their counts written, at a time.
const BATCH: u32 = 500;

impl App {
    /// Counts the deadlines answered late of every complaint that has no count kept (those
    /// stored before migration 0021) and writes them. Returns how many it wrote.
    ///
    /// # Errors
    ///
    /// [`AppError::Storage`] if the database fails. A complaint whose record cannot be read
    /// as one is passed over (and logged by id), left uncounted.
    pub async fn count_missed_deadlines(&self) -> Result<u64, AppError> {
        let mut calendars: HashMap<OrganisationId, WorkingCalendar> = HashMap::new();
        let mut after: Option<ComplaintKey> = None;
        let mut written = 0;
        loop {
            let batch = self.db().uncounted_complaints(after.as_ref(), BATCH).await?;
            let Some(last) = batch.last().cloned() else { return Ok(written) };
            let mut counts = Vec::with_capacity(batch.len());
            for (org, id) in batch {
                if !calendars.contains_key(&org) {
                    calendars.insert(org.clone(), self.calendar_for(&org).await?);
                }
                let Some(calendar) = calendars.get(&org) else { continue };
                // A record that is not a complaint's is the audit's to report; it is passed over.
                let complaint = match read(self.load(&org, &id).await?).and_then(|events| rebuild(&events)) {
                    Ok(complaint) => complaint,
                    Err(error) => {
                        tracing::warn!(complaint = %id, %error, "cannot count the missed deadlines of a complaint");
                        continue;
                    }
                };
                let deadlines = self.deadlines_of(&complaint, calendar)?;
                counts.push(((org, id), u32::try_from(answered_late(&deadlines)).unwrap_or(u32::MAX)));
            }
            written += self.db().set_deadlines_answered_late(&counts).await?;
            after = Some(last);
        }
    }
}
