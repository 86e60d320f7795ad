//! Keeping the resident informed (Code 5.9) and extending a response deadline (Code 6.4,
//! 6.15): what the domain works out about a complaint's next update and an extension's new
//! due date, for the summary, the case page and the extension's confirmation.

use jiff::Timestamp;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{Complaint, Deadline, ExtendedDue, StageNumber, UpdateDue, extended_due, next_update};
use redress_domain::ids::ComplaintId;

use crate::{Actor, App, AppError, Permission};

impl App {
    /// The next update due to the resident of `complaint`, judged today.
    pub(crate) fn next_update_of(
        &self,
        complaint: &Complaint,
        deadlines: &[Deadline],
        calendar: &WorkingCalendar,
    ) -> Result<Option<UpdateDue>, AppError> {
        Ok(next_update(complaint, deadlines, calendar, self.today()?)?)
    }

    /// The new due date of stage `stage`'s response if it were extended by `working_days`
    /// at `at` (default: now), with how it was counted, changing nothing: what the handler is
    /// shown, to tell the resident, before confirming the extension. `None` when the stage has
    /// no response deadline to extend.
    pub async fn preview_extension(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        stage: StageNumber,
        working_days: u16,
        at: Option<Timestamp>,
    ) -> Result<Option<ExtendedDue>, AppError> {
        actor.require(Permission::ChangeCases)?;
        let view = self.complaint(actor, complaint_id).await?;
        let calendar = self.calendar_in(&actor.scope).await?;
        let version = self
            .code()
            .version(view.complaint.logged.code_version)
            .ok_or_else(|| AppError::Corrupt("the complaint's Code version is not in this build".into()))?;
        let on = self.context(at, &calendar)?.on;
        Ok(extended_due(&view.complaint, version, &calendar, stage, working_days, on)?)
    }
}
