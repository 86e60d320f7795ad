//! Easter Sunday in the Gregorian calendar, from which Good Friday and Easter Monday follow.

use jiff::civil::{Date, date};

/// Easter Sunday of `year`, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
///
/// Valid for every Gregorian year; callers restrict the range to what the calendar supports.
pub(crate) fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The algorithm yields a month of 3 or 4 and a valid day of it, so the narrowing casts
    // cannot truncate and `date` cannot be given an impossible date.
    date(year, month as i8, day as i8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_sundays_match_published_dates() {
        // Dates from the Church of England's tables of Easter Day.
        let known = [
            (1995, date(1995, 4, 16)),
            (2000, date(2000, 4, 23)),
            (2008, date(2008, 3, 23)),
            (2011, date(2011, 4, 24)),
            (2019, date(2019, 4, 21)),
            (2024, date(2024, 3, 31)),
            (2025, date(2025, 4, 20)),
            (2038, date(2038, 4, 25)),
            (2100, date(2100, 3, 28)),
        ];
        for (year, expected) in known {
            assert_eq!(easter_sunday(year), expected, "Easter {year}");
        }
    }
}
