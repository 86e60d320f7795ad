//! The stretch of time a demo covers, and how many complaints it holds.
//!
//! Social landlords report on complaints by financial year, 1 April to 31 March (the annual
//! report of Code 8.1). A demo of `years` years holds that many whole reporting years before
//! the one `end` falls in, and that one up to the day before `end`: so with `--years 2` on
//! 23 November 2026 the data runs from 1 April 2024 to 22 November 2026, and both 2024/25 and
//! 2025/26 can be reported on in full.

use jiff::civil::{Date, date};

use crate::DemoError;

/// About how many complaints a landlord receives at stage 1 each year per 1,000 homes.
pub const COMPLAINTS_PER_1000_HOMES_PER_YEAR: f64 = 40.0;

/// The first day any demo may start: the earliest Code Redress knows came into force then.
pub const EARLIEST_START: Date = date(2022, 4, 1);

/// The last year a demo may end in: its complaints plan steps past `end`, and the calendar
/// knows bank holidays up to 2100.
const LATEST_END_YEAR: i16 = 2099;

/// The days a demo covers: from `from` up to, but not including, `end`, which is the day the
/// data is seen from ("today" for its deadlines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day: 1 April.
    pub from: Date,
    /// The day after the last day of data: deadlines are judged as of this day.
    pub end: Date,
}

impl Period {
    /// The period of `years` whole reporting years before the one `end` falls in, plus that
    /// one up to `end`.
    ///
    /// # Errors
    ///
    /// [`DemoError::Invalid`] for no years, or a start before [`EARLIEST_START`], or an end
    /// after 2099.
    pub fn new(end: Date, years: u16) -> Result<Period, DemoError> {
        if years == 0 {
            return Err(DemoError::Invalid("a demo covers at least one reporting year".into()));
        }
        if end.year() > LATEST_END_YEAR {
            return Err(DemoError::Invalid(format!("a demo must end by {LATEST_END_YEAR}, not in {}", end.year())));
        }
        let current = reporting_year_start(end);
        let from = i16::try_from(years)
            .ok()
            .and_then(|years| current.year().checked_sub(years))
            .and_then(|year| Date::new(year, 4, 1).ok())
            .filter(|from| *from >= EARLIEST_START)
            .ok_or_else(|| {
                DemoError::Invalid(format!(
                    "{years} reporting years before {current} would start before {EARLIEST_START}, \
                     when the earliest Code Redress knows came into force"
                ))
            })?;
        Ok(Period { from, end })
    }

    /// How many days it covers.
    pub fn days(&self) -> i64 {
        i64::from((self.end - self.from).get_days())
    }

    /// About how many complaints `homes` homes make in the period, at
    /// [`COMPLAINTS_PER_1000_HOMES_PER_YEAR`].
    pub fn expected_complaints(&self, homes: u32) -> u64 {
        let years = self.days() as f64 / 365.25;
        (f64::from(homes) * years * COMPLAINTS_PER_1000_HOMES_PER_YEAR / 1000.0).round() as u64
    }
}

/// 1 April of the reporting year `day` falls in.
fn reporting_year_start(day: Date) -> Date {
    let year = if day.month() >= 4 { day.year() } else { day.year() - 1 };
    date(year, 4, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_holds_whole_reporting_years_and_the_current_one_to_date() {
        let period = Period::new(date(2026, 11, 23), 2).unwrap();
        assert_eq!(period.from, date(2024, 4, 1));
        let period = Period::new(date(2026, 3, 31), 1).unwrap();
        assert_eq!(period.from, date(2024, 4, 1));
        let period = Period::new(date(2026, 4, 1), 1).unwrap();
        assert_eq!(period.from, date(2025, 4, 1));
    }

    #[test]
    fn a_demo_cannot_start_before_the_earliest_code() {
        assert!(Period::new(date(2026, 11, 23), 4).is_ok());
        assert!(Period::new(date(2026, 11, 23), 5).is_err());
        assert!(Period::new(date(2026, 11, 23), 0).is_err());
    }

    #[test]
    fn about_forty_complaints_per_thousand_homes_a_year() {
        let period = Period { from: date(2024, 4, 1), end: date(2026, 4, 1) };
        assert_eq!(period.expected_complaints(1000), 80);
        assert_eq!(period.expected_complaints(500), 40);
    }
}
