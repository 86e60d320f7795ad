//! The working-day clock: which days are working days, and how the Code's "N working days"
//! turn into dates.
//!
//! A working day is a Monday to Friday that is not an England and Wales bank holiday nor one
//! of the organisation's closure days. Counting is always over working days strictly after the
//! start date, so "5 working days after Monday 3 June 2024" is Monday 10 June 2024. Everything
//! here works on civil dates; [`london`] turns stored UTC instants into them.

mod bank_holidays;
mod easter;
pub mod london;

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use serde::Serialize;

pub use bank_holidays::{BankHoliday, FIRST_YEAR, LAST_YEAR, bank_holidays};

/// Why the working-day clock refused a question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// Bank holidays are known only for [`FIRST_YEAR`] to [`LAST_YEAR`].
    #[error("year {year} is outside the supported range {FIRST_YEAR} to {LAST_YEAR}")]
    YearOutOfRange {
        /// The year asked about.
        year: i32,
    },
    /// The Europe/London time zone could not be loaded (it is compiled into the binary, so
    /// this means a broken build).
    #[error("the Europe/London time zone is unavailable: {0}")]
    TimeZone(String),
}

/// A day the organisation is closed although it is neither a weekend nor a bank holiday,
/// such as an office shutdown between Christmas and New Year.
///
/// No setting may turn a missed deadline into a met one, so a closure day is a non-working
/// day only if it was recorded before the day itself. One recorded on the day or later is
/// kept for the record but moves no deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClosureDay {
    /// The closed day.
    pub date: Date,
    /// What the closure is, as the organisation calls it.
    pub name: String,
    /// The date in England it was recorded; `None` for the configuration file's closure days,
    /// which have no record of when they were set and always count.
    pub recorded_on: Option<Date>,
}

impl ClosureDay {
    /// Whether the closure counts as a non-working day: it was recorded before the day.
    pub fn moves_deadlines(&self) -> bool {
        self.recorded_on.is_none_or(|recorded| recorded < self.date)
    }
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum NonWorkingDay {
    /// Saturday or Sunday.
    Weekend,
    /// An England and Wales bank holiday, by its name.
    BankHoliday(&'static str),
    /// One of the organisation's closure days, by its name.
    Closure(String),
}

/// The working-day calendar of one organisation: England and Wales bank holidays for the
/// supported years, plus any closure days it has configured (none by default).
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    bank_holidays: BTreeMap<Date, &'static str>,
    closures: BTreeMap<Date, String>,
}

impl WorkingCalendar {
    /// The England and Wales calendar with no closure days.
    pub fn england_and_wales() -> Self {
        let bank_holidays = (FIRST_YEAR..=LAST_YEAR)
            .filter_map(|year| bank_holidays(year).ok())
            .flatten()
            .map(|holiday| (holiday.date, holiday.name))
            .collect();
        Self { bank_holidays, closures: BTreeMap::new() }
    }

    /// This calendar with the organisation's closure days added as non-working days: those
    /// recorded before the day itself ([`ClosureDay::moves_deadlines`]); the others change
    /// nothing.
    pub fn with_closures(mut self, closures: impl IntoIterator<Item = ClosureDay>) -> Self {
        self.closures.extend(closures.into_iter().filter(ClosureDay::moves_deadlines).map(|c| (c.date, c.name)));
        self
    }

    /// Why `day` is not a working day, or `None` when it is one.
    pub fn non_working_reason(&self, day: Date) -> Option<NonWorkingDay> {
        if matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            Some(NonWorkingDay::Weekend)
        } else if let Some(name) = self.bank_holidays.get(&day) {
            Some(NonWorkingDay::BankHoliday(name))
        } else {
            self.closures.get(&day).map(|name| NonWorkingDay::Closure(name.clone()))
        }
    }

    /// Whether `day` is a Monday to Friday that is neither a bank holiday nor a closure day.
    pub fn is_working_day(&self, day: Date) -> Result<bool, CalendarError> {
        check_supported(day)?;
        Ok(self.non_working_reason(day).is_none())
    }

    /// The date a complaint received on `day` counts as received: `day` itself when it is a
    /// working day, otherwise the next working day.
    pub fn effective_received_date(&self, day: Date) -> Result<Date, CalendarError> {
        let mut current = day;
        while !self.is_working_day(current)? {
            current = step(current, 1)?;
        }
        Ok(current)
    }

    /// The date `n` working days after `start`, counting only working days strictly after
    /// `start`. Adding 0 gives `start` itself, whatever day it is. A negative `n` counts back:
    /// the `|n|`-th working day strictly before `start`.
    pub fn add_working_days(&self, start: Date, n: i32) -> Result<Date, CalendarError> {
        check_supported(start)?;
        let direction = n.signum();
        let mut current = start;
        let mut counted = 0;
        while counted < n.abs() {
            current = step(current, direction)?;
            if self.non_working_reason(current).is_none() {
                counted += 1;
            }
        }
        Ok(current)
    }

    /// The number of working days `w` with `a < w <= b`; negative (the count of `b < w <= a`)
    /// when `b` is before `a`.
    pub fn working_days_between(&self, a: Date, b: Date) -> Result<i32, CalendarError> {
        check_supported(a)?;
        check_supported(b)?;
        let (from, to, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut count = 0;
        let mut current = from;
        while current < to {
            current = step(current, 1)?;
            if self.non_working_reason(current).is_none() {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    /// The non-working days `d` with `a < d <= b`, each with its reason: what a deadline
    /// skipped, so that a handler or the Ombudsman can check it by hand.
    pub fn non_working_days_between(&self, a: Date, b: Date) -> Result<Vec<(Date, NonWorkingDay)>, CalendarError> {
        check_supported(a)?;
        check_supported(b)?;
        let mut skipped = Vec::new();
        let mut current = a;
        while current < b {
            current = step(current, 1)?;
            if let Some(reason) = self.non_working_reason(current) {
                skipped.push((current, reason));
            }
        }
        Ok(skipped)
    }
}

/// The first and last dates the calendar can answer for.
fn supported_range() -> (Date, Date) {
    (date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
}

fn check_supported(day: Date) -> Result<(), CalendarError> {
    let (first, last) = supported_range();
    if day < first || day > last {
        return Err(CalendarError::YearOutOfRange { year: i32::from(day.year()) });
    }
    Ok(())
}

/// One day forwards or backwards, refusing to leave the supported range (whose holidays are
/// unknown, so any count across it would be wrong).
fn step(day: Date, direction: i32) -> Result<Date, CalendarError> {
    let next = day.saturating_add(i64::from(direction).days());
    check_supported(next)?;
    Ok(next)
}

#[cfg(test)]
mod tests;
