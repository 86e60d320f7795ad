//! Dates the domain worked out, put in words for the pages: the next update due to the
//! resident (Code 5.9) on the case page, and the non-working days a count skipped, which the
//! extension's confirmation shows too (Code 6.4, 6.15).

use redress_domain::calendar::NonWorkingDay;
use redress_domain::complaint::{
    LATE_RESPONSE_UPDATE_WORKING_DAYS, SkippedDay, UpdateCountedFrom, UpdateDue, UpdateReason,
};

use super::{long_date, tag_class};

/// The next update due to the resident, as the case page shows it.
pub(crate) struct UpdateNotice {
    pub(crate) due: String,
    pub(crate) status: &'static str,
    pub(crate) status_class: &'static str,
    /// Why it is due then.
    pub(crate) why: String,
}

impl UpdateNotice {
    pub(crate) fn of(update: &UpdateDue) -> UpdateNotice {
        let from = long_date(update.counted_from_date);
        let days = working_days(update.working_days);
        let stage = u8::from(update.stage);
        let why = match (update.reason, update.counted_from) {
            (UpdateReason::AgreedInterval, UpdateCountedFrom::LastUpdate) => {
                format!(
                    "An update every {days}, as agreed with the resident: {days} after the last update, sent on {from}."
                )
            }
            (UpdateReason::AgreedInterval, _) => {
                format!("An update every {days}, as agreed with the resident on {from}; none has been sent since.")
            }
            (UpdateReason::ResponseOverdue, UpdateCountedFrom::LastUpdate) => format!(
                "The stage {stage} response is past its due date: the resident is updated every {}, the last time on {from}.",
                working_days(LATE_RESPONSE_UPDATE_WORKING_DAYS)
            ),
            (UpdateReason::ResponseOverdue, _) => format!(
                "The stage {stage} response is due on {from}: if it has not been sent by then, the resident is told on the \
                 next working day, then every {}.",
                working_days(LATE_RESPONSE_UPDATE_WORKING_DAYS)
            ),
        };
        UpdateNotice {
            due: long_date(update.due),
            status: update.status.label(),
            status_class: tag_class(update.status.state()),
            why: format!("{why}{}", skipped_sentence(&update.skipped)),
        }
    }
}

/// `1 working day`, `5 working days`.
pub(crate) fn working_days(n: u16) -> String {
    format!("{n} working day{}", if n == 1 { "" } else { "s" })
}

/// ` Not counted: Saturday 8 June 2024, …` (with a leading space), or nothing when no day
/// was skipped.
pub(crate) fn skipped_sentence(skipped: &[SkippedDay]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let days: Vec<String> = skipped
        .iter()
        .map(|s| {
            let why = match &s.reason {
                NonWorkingDay::Weekend => "weekend".to_owned(),
                NonWorkingDay::BankHoliday(name) => format!("bank holiday: {name}"),
                NonWorkingDay::Closure(name) => format!("closure day: {name}"),
            };
            format!("{} ({why})", s.date.strftime("%A %-d %B %Y"))
        })
        .collect();
    format!(" Not counted, as not working days: {}.", days.join(", "))
}
