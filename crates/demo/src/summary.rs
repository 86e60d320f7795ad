//! What a demo made: the accounts to sign in with, and counts of complaints by status and of
//! deadlines by status, as of the end of the demo.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use redress_app::{ComplaintView, Role};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::code::CodeBook;
use redress_domain::complaint::deadlines;
use redress_domain::ids::UserId;
use redress_storage::Organisation;

use crate::{DemoError, Period};

/// A demo member of staff and their API token.
#[derive(Clone)]
pub struct DemoAccount {
    /// Their organisation's name.
    pub organisation: String,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their user id.
    pub user_id: UserId,
    /// The email they sign in with (the password is [`DEMO_PASSWORD`](crate::DEMO_PASSWORD)).
    pub email: String,
    /// Their API token (a bearer token), shown once: only its hash is stored.
    pub token: String,
}

/// Shows everything but the token.
impl fmt::Debug for DemoAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DemoAccount")
            .field("organisation", &self.organisation)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("user_id", &self.user_id)
            .field("token", &"[redacted]")
            .finish()
    }
}

/// What [`generate`](crate::generate) made.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    /// The landlord.
    pub landlord: Organisation,
    /// The managing agent acting for it.
    pub agent: Organisation,
    /// The days covered.
    pub period: Period,
    /// Homes (one property and one resident each).
    pub homes: u64,
    /// Residents with a representative.
    pub representatives: u64,
    /// Homes assigned to the managing agent, whose staff see their residents.
    pub managed_by_agent: u64,
    /// The staff accounts, one per role and the managing agent's handler.
    pub accounts: Vec<DemoAccount>,
    /// Complaints.
    pub complaints: u64,
    /// Complaints by status (`closed`, `investigating`, …).
    pub by_status: BTreeMap<&'static str, u64>,
    /// Complaints escalated to stage 2.
    pub escalated: u64,
    /// Complaints whose escalation was refused.
    pub escalation_refused: u64,
    /// Complaints referred to the Ombudsman.
    pub referred_to_ombudsman: u64,
    /// Deadlines (acknowledgement and response, each stage) by status as of the end:
    /// `met`, `missed`, `on_track`, `overdue`, ….
    pub deadlines: BTreeMap<&'static str, u64>,
    /// Correspondence recorded.
    pub correspondence: u64,
}

/// Counts complaints as they are generated, so that none has to be kept.
pub(crate) struct Tally<'a> {
    pub summary: DemoSummary,
    pub calendar: &'a WorkingCalendar,
    pub code: &'a CodeBook,
}

impl Tally<'_> {
    /// Counts one complaint as it stands at the end of the demo.
    pub fn add(&mut self, view: &ComplaintView, letters: u64, end: Date) -> Result<(), DemoError> {
        let complaint = &view.complaint;
        let summary = &mut self.summary;
        summary.complaints += 1;
        summary.correspondence += letters;
        *summary.by_status.entry(complaint.status().as_str()).or_default() += 1;
        summary.escalated += u64::from(complaint.stage2.is_some());
        summary.escalation_refused += u64::from(!complaint.escalation_refusals.is_empty());
        summary.referred_to_ombudsman += u64::from(complaint.ombudsman.is_some());
        let version = self.code.version(complaint.logged.code_version).ok_or_else(|| {
            DemoError::Invalid(format!("complaint {}: its Code version is not in this build", view.id))
        })?;
        for deadline in deadlines(complaint, version, self.calendar, end)? {
            *summary.deadlines.entry(deadline.status.as_str()).or_default() += 1;
        }
        Ok(())
    }
}
