//! Links from a report's figure to the case list filtered to the complaints behind it, where
//! the list's filters can express them: received in a span of days, handled by an
//! organisation, by a channel, with a risk considered at triage, or with a deadline overdue
//! now.

use jiff::civil::Date;
use redress_domain::complaint::{Channel, Risk};
use redress_domain::ids::OrganisationId;
use redress_storage::ComplaintFilter;

use super::CaseQuery;
use super::query::risk_name;
use crate::AppState;
use crate::pages::PageError;

/// The complaints behind a figure, as the case list's filters say them.
#[derive(Debug, Default, Clone)]
pub(crate) struct DrillDown {
    /// Received from the first day to the last, both included.
    pub received: Option<(Date, Date)>,
    /// Handled by this organisation (a managing agent's figures).
    pub organisation: Option<OrganisationId>,
    /// Arrived by this channel.
    pub channel: Option<Channel>,
    /// With this risk considered at triage (Code 6.1).
    pub risk: Option<Risk>,
    /// With a deadline past today and not met.
    pub overdue: bool,
}

impl DrillDown {
    fn query(&self) -> CaseQuery {
        CaseQuery::with(|q| {
            if let Some((first, last)) = self.received {
                q.from_day = Some(first.day().to_string());
                q.from_month = Some(first.month().to_string());
                q.from_year = Some(first.year().to_string());
                q.to_day = Some(last.day().to_string());
                q.to_month = Some(last.month().to_string());
                q.to_year = Some(last.year().to_string());
            }
            q.organisation = self.organisation.as_ref().map(ToString::to_string);
            q.channel = self.channel.map(|c| c.as_str().to_owned());
            q.risk = self.risk.map(|r| risk_name(r).to_owned());
            q.deadline = self.overdue.then(|| "overdue".to_owned());
        })
    }

    /// The case list's address with these filters.
    pub(crate) fn link(&self) -> String {
        format!("/cases{}", self.query().to_query_string(None))
    }

    /// The case list's storage filter, to count the complaints behind the figure.
    pub(crate) fn filter(&self, state: &AppState) -> Result<ComplaintFilter, PageError> {
        self.query().filter(state)
    }
}
