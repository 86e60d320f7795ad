//! Instants are stored in UTC; the Code's dates are England's dates. This module is the one
//! place that turns one into the other, through the Europe/London zone of the time zone
//! database compiled into the binary (so British Summer Time is never hand-coded).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::CalendarError;

/// The Europe/London time zone.
pub fn zone() -> Result<TimeZone, CalendarError> {
    TimeZone::get("Europe/London").map_err(|e| CalendarError::TimeZone(e.to_string()))
}

/// The date in England at `instant`: 23:30 UTC on 31 March 2024 is 00:30 BST on 1 April 2024,
/// so its date is 1 April 2024, which decides the reporting year a complaint falls in.
pub fn local_date(instant: Timestamp) -> Result<Date, CalendarError> {
    Ok(instant.to_zoned(zone()?).date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn late_evening_utc_in_summer_time_is_the_next_day_in_england() {
        let instant: Timestamp = "2024-03-31T23:30:00Z".parse().unwrap();
        assert_eq!(local_date(instant).unwrap(), date(2024, 4, 1));
    }

    #[test]
    fn late_evening_utc_in_winter_is_the_same_day_in_england() {
        let instant: Timestamp = "2024-01-31T23:30:00Z".parse().unwrap();
        assert_eq!(local_date(instant).unwrap(), date(2024, 1, 31));
    }

    #[test]
    fn the_autumn_change_is_taken_from_the_time_zone_database() {
        // Clocks went back at 01:00 UTC on Sunday 27 October 2024.
        let before: Timestamp = "2024-10-26T23:30:00Z".parse().unwrap();
        let after: Timestamp = "2024-10-27T23:30:00Z".parse().unwrap();
        assert_eq!(local_date(before).unwrap(), date(2024, 10, 27));
        assert_eq!(local_date(after).unwrap(), date(2024, 10, 27));
    }
}
