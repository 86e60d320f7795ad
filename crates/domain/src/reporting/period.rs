//! Reporting periods: the landlord's reporting year (1 April to 31 March, the Regulator's TSM
//! year and the Code's annual report year), its quarters, calendar months, and any span of
//! dates. Dates are England's dates: an instant is placed in a period by its date in
//! Europe/London ([`crate::calendar::london`]), so a complaint received at 23:30 UTC on
//! 31 March 2025 (00:30 BST on 1 April) falls in the year that begins on 1 April 2025.

use std::fmt;

use jiff::civil::{Date, date};
use jiff::{Timestamp, ToSpan};

use crate::calendar::{CalendarError, london};

/// Why a period could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The last day is before the first.
    #[error("a period cannot end ({last}) before it starts ({first})")]
    EndsBeforeItStarts {
        /// The first day asked for.
        first: Date,
        /// The last day asked for.
        last: Date,
    },
    /// A year, month or quarter outside what dates can hold.
    #[error("there is no {0}")]
    NoSuchPeriod(String),
}

/// A span of whole days in England, first and last day included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    first: Date,
    last: Date,
}

impl Period {
    /// The days from `first` to `last`, both included.
    pub fn new(first: Date, last: Date) -> Result<Period, PeriodError> {
        if last < first {
            return Err(PeriodError::EndsBeforeItStarts { first, last });
        }
        Ok(Period { first, last })
    }

    /// The first day.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last day.
    pub fn last(&self) -> Date {
        self.last
    }

    /// Whether `day` is one of the period's days.
    pub fn contains(&self, day: Date) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// Whether `instant` falls in the period, by its date in England.
    pub fn contains_instant(&self, instant: Timestamp) -> Result<bool, CalendarError> {
        Ok(self.contains(london::local_date(instant)?))
    }

    /// The instant the period begins: midnight in England on its first day. Anything that
    /// happened in the period happened at or after it.
    pub fn starts_at(&self) -> Result<Timestamp, CalendarError> {
        let zoned = self.first.to_zoned(london::zone()?).map_err(|e| CalendarError::TimeZone(e.to_string()))?;
        Ok(zoned.timestamp())
    }

    /// The instant the period ends: midnight in England after its last day. Anything that
    /// happened in the period happened before it.
    pub fn ends_at(&self) -> Result<Timestamp, CalendarError> {
        let after = self.last.tomorrow().map_err(|e| CalendarError::TimeZone(e.to_string()))?;
        let zoned = after.to_zoned(london::zone()?).map_err(|e| CalendarError::TimeZone(e.to_string()))?;
        Ok(zoned.timestamp())
    }

    /// The calendar months it touches, each cut to the period: for trends by month.
    pub fn months(&self) -> Vec<Period> {
        let mut months = Vec::new();
        let mut first = self.first;
        while first <= self.last {
            let last = first.last_of_month().min(self.last);
            months.push(Period { first, last });
            match last.tomorrow() {
                Ok(next) => first = next,
                Err(_) => break,
            }
        }
        months
    }

    /// The calendar month `month` (1 to 12) of `year`.
    pub fn month(year: i16, month: i8) -> Result<Period, PeriodError> {
        let no_such = || PeriodError::NoSuchPeriod(format!("month {month} of {year}"));
        let first = Date::new(year, month, 1).map_err(|_| no_such())?;
        Ok(Period { first, last: first.last_of_month() })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.first, self.last)
    }
}

/// A reporting year, named by the calendar year it starts in: 2024 is 1 April 2024 to
/// 31 March 2025 (the Regulator's "2024/25").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportingYear(i16);

impl ReportingYear {
    /// The year starting on 1 April of `starts_in`.
    pub fn starting(starts_in: i16) -> Result<ReportingYear, PeriodError> {
        // Both ends must be dates jiff can hold.
        if !(-9998..=9998).contains(&starts_in) {
            return Err(PeriodError::NoSuchPeriod(format!("reporting year {starts_in}")));
        }
        Ok(ReportingYear(starts_in))
    }

    /// The reporting year `day` falls in.
    pub fn of(day: Date) -> ReportingYear {
        if day.month() >= 4 { ReportingYear(day.year()) } else { ReportingYear(day.year() - 1) }
    }

    /// The calendar year it starts in (2024 for 2024/25).
    pub fn starts_in(self) -> i16 {
        self.0
    }

    /// 1 April to 31 March.
    pub fn period(self) -> Period {
        let first = date(self.0, 4, 1);
        Period { first, last: first.saturating_add(1.year()).saturating_sub(1.day()) }
    }

    /// Its last day, 31 March: the Regulator counts homes owned at the year end.
    pub fn end(self) -> Date {
        self.period().last
    }

    /// Quarter `quarter` (1 to 4) of the year: 1 is April to June, 4 January to March.
    pub fn quarter(self, quarter: u8) -> Result<Period, PeriodError> {
        if !(1..=4).contains(&quarter) {
            return Err(PeriodError::NoSuchPeriod(format!("quarter {quarter}")));
        }
        let first = self.period().first.saturating_add((3 * i32::from(quarter - 1)).months());
        Ok(Period { first, last: first.saturating_add(3.months()).saturating_sub(1.day()) })
    }

    /// Its twelve months, April first.
    pub fn months(self) -> Vec<Period> {
        let start = self.period().first;
        (0..12)
            .map(|n| {
                let first = start.saturating_add(n.months());
                Period { first, last: first.last_of_month() }
            })
            .collect()
    }
}

impl fmt::Display for ReportingYear {
    /// As the Regulator writes it: 2024/25.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.0, (i32::from(self.0) + 1).rem_euclid(100))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reporting_year_runs_from_1_april_to_31_march() {
        let year = ReportingYear::starting(2024).unwrap();
        assert_eq!(year.period(), Period::new(date(2024, 4, 1), date(2025, 3, 31)).unwrap());
        assert_eq!(year.end(), date(2025, 3, 31));
        assert_eq!(year.to_string(), "2024/25");
        assert_eq!(ReportingYear::of(date(2025, 3, 31)), year);
        assert_eq!(ReportingYear::of(date(2025, 4, 1)), ReportingYear::starting(2025).unwrap());
    }

    #[test]
    fn quarters_and_months_follow_the_reporting_year() {
        let year = ReportingYear::starting(2024).unwrap();
        assert_eq!(year.quarter(1).unwrap(), Period::new(date(2024, 4, 1), date(2024, 6, 30)).unwrap());
        assert_eq!(year.quarter(4).unwrap(), Period::new(date(2025, 1, 1), date(2025, 3, 31)).unwrap());
        assert!(year.quarter(5).is_err());
        let months = year.months();
        assert_eq!(months.len(), 12);
        assert_eq!(months[10], Period::new(date(2025, 2, 1), date(2025, 2, 28)).unwrap());
        assert_eq!(Period::month(2024, 2).unwrap().last(), date(2024, 2, 29));
        let span = Period::new(date(2024, 1, 15), date(2024, 3, 2)).unwrap();
        let cut: Vec<_> = span.months().iter().map(|m| (m.first(), m.last())).collect();
        assert_eq!(
            cut,
            [
                (date(2024, 1, 15), date(2024, 1, 31)),
                (date(2024, 2, 1), date(2024, 2, 29)),
                (date(2024, 3, 1), date(2024, 3, 2))
            ]
        );
    }

    #[test]
    fn an_instant_falls_in_a_period_by_its_date_in_england() {
        let year = ReportingYear::starting(2024).unwrap().period();
        // BST began on Sunday 30 March 2025: 23:30 UTC on 31 March is 00:30 on 1 April.
        assert!(!year.contains_instant("2025-03-31T23:30:00Z".parse().unwrap()).unwrap());
        assert!(year.contains_instant("2025-03-31T22:59:59Z".parse().unwrap()).unwrap());
        // The year begins at midnight BST, 23:00 UTC the evening before.
        assert_eq!(year.starts_at().unwrap(), "2024-03-31T23:00:00Z".parse::<Timestamp>().unwrap());
        // It ends at midnight BST after 31 March 2025; a January month at midnight GMT.
        assert_eq!(year.ends_at().unwrap(), "2025-03-31T23:00:00Z".parse::<Timestamp>().unwrap());
        let january = Period::month(2025, 1).unwrap();
        assert_eq!(january.ends_at().unwrap(), "2025-02-01T00:00:00Z".parse::<Timestamp>().unwrap());
        assert!(Period::new(date(2024, 5, 2), date(2024, 5, 1)).is_err());
    }
}
