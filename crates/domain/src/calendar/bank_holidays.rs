//! England and Wales bank holidays: the standing rules, the substitute days, and every
//! one-off or moved holiday proclaimed since 1995.
//!
//! Sources:
//! - The standing holidays and the Christmas substitute day: Banking and Financial Dealings
//!   Act 1971, Schedule 1 (legislation.gov.uk/ukpga/1971/80/schedule/1); New Year's Day and
//!   the early May holiday are appointed every year by royal proclamation, published in
//!   The Gazette (thegazette.co.uk), e.g. notice 4388378 for 2024 and 4631404 for 2025.
//! - The one-off and moved holidays in [`PROCLAMATIONS`]: the proclamations in The Gazette for
//!   each year, and GOV.UK's published list (gov.uk/bank-holidays.json, "england-and-wales")
//!   for 2018 onwards.
//! - Checked against a second, independent list: the `bankholidays` crate's table, compared
//!   day by day for every supported year in this module's tests.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use serde::Serialize;

use super::CalendarError;
use super::easter::easter_sunday;

/// The first year whose bank holidays Redress knows.
pub const FIRST_YEAR: i16 = 1995;
/// The last year whose bank holidays Redress knows.
pub const LAST_YEAR: i16 = 2100;

/// One bank holiday in England and Wales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct BankHoliday {
    /// The day the holiday is taken (the substitute day when the holiday falls at a weekend).
    pub date: Date,
    /// The name GOV.UK gives it.
    pub name: &'static str,
}

/// A change a royal proclamation made to one year's holidays: an extra day, or a standing
/// holiday moved to another date (`replaces` names the date it no longer falls on).
struct Proclamation {
    date: (i16, i8, i8),
    replaces: Option<(i16, i8, i8)>,
    name: &'static str,
}

/// Every one-off and moved bank holiday in England and Wales since 1995, in date order.
const PROCLAMATIONS: &[Proclamation] = &[
    // 50th anniversary of VE Day: the early May holiday moved from Monday 1 May.
    Proclamation { date: (1995, 5, 8), replaces: Some((1995, 5, 1)), name: "Early May bank holiday (VE Day)" },
    Proclamation { date: (1999, 12, 31), replaces: None, name: "Millennium bank holiday" },
    // Golden Jubilee: the spring holiday moved from Monday 27 May to Tuesday 4 June.
    Proclamation { date: (2002, 6, 3), replaces: None, name: "Golden Jubilee bank holiday" },
    Proclamation { date: (2002, 6, 4), replaces: Some((2002, 5, 27)), name: "Spring bank holiday" },
    Proclamation { date: (2011, 4, 29), replaces: None, name: "Royal wedding" },
    // Diamond Jubilee: the spring holiday moved from Monday 28 May to Monday 4 June.
    Proclamation { date: (2012, 6, 4), replaces: Some((2012, 5, 28)), name: "Spring bank holiday" },
    Proclamation { date: (2012, 6, 5), replaces: None, name: "Diamond Jubilee bank holiday" },
    // 75th anniversary of VE Day: the early May holiday moved from Monday 4 May.
    Proclamation { date: (2020, 5, 8), replaces: Some((2020, 5, 4)), name: "Early May bank holiday (VE day)" },
    // Platinum Jubilee: the spring holiday moved from Monday 30 May to Thursday 2 June.
    Proclamation { date: (2022, 6, 2), replaces: Some((2022, 5, 30)), name: "Spring bank holiday" },
    Proclamation { date: (2022, 6, 3), replaces: None, name: "Platinum Jubilee bank holiday" },
    Proclamation {
        date: (2022, 9, 19),
        replaces: None,
        name: "Bank Holiday for the State Funeral of Queen Elizabeth II",
    },
    Proclamation { date: (2023, 5, 8), replaces: None, name: "Bank holiday for the coronation of King Charles III" },
];

/// The bank holidays of `year` in England and Wales, in date order.
pub fn bank_holidays(year: i16) -> Result<Vec<BankHoliday>, CalendarError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(CalendarError::YearOutOfRange { year: i32::from(year) });
    }
    let mut holidays = standing_holidays(year);
    apply_proclamations(year, &mut holidays);
    holidays.sort();
    Ok(holidays)
}

/// The holidays every year has by statute or annual proclamation, with substitute days.
fn standing_holidays(year: i16) -> Vec<BankHoliday> {
    let easter = easter_sunday(year);
    let mut days = vec![
        BankHoliday { date: easter.saturating_sub(2.days()), name: "Good Friday" },
        BankHoliday { date: easter.saturating_add(1.day()), name: "Easter Monday" },
        BankHoliday { date: first_monday(year, 5), name: "Early May bank holiday" },
        BankHoliday { date: last_monday(year, 5), name: "Spring bank holiday" },
        BankHoliday { date: last_monday(year, 8), name: "Summer bank holiday" },
    ];
    push_with_substitute(&mut days, date(year, 1, 1), "New Year’s Day", "New Year’s Day (substitute day)");
    // Boxing Day before Christmas: when Christmas is a Sunday, Boxing Day keeps Monday 26th
    // and Christmas takes the next free weekday, Tuesday 27th (1971 Act, Schedule 1).
    let christmas = date(year, 12, 25);
    let boxing_day = date(year, 12, 26);
    if is_weekday(boxing_day) {
        days.push(BankHoliday { date: boxing_day, name: "Boxing Day" });
        push_with_substitute(&mut days, christmas, "Christmas Day", "Christmas Day (substitute day)");
    } else {
        push_with_substitute(&mut days, christmas, "Christmas Day", "Christmas Day (substitute day)");
        push_with_substitute(&mut days, boxing_day, "Boxing Day", "Boxing Day (substitute day)");
    }
    days
}

/// Adds a fixed-date holiday, or when it falls at a weekend, the next weekday not already a
/// holiday.
fn push_with_substitute(days: &mut Vec<BankHoliday>, day: Date, name: &'static str, substitute: &'static str) {
    if is_weekday(day) {
        days.push(BankHoliday { date: day, name });
        return;
    }
    let mut candidate = day;
    while !is_weekday(candidate) || days.iter().any(|h| h.date == candidate) {
        candidate = candidate.saturating_add(1.day());
    }
    days.push(BankHoliday { date: candidate, name: substitute });
}

fn apply_proclamations(year: i16, days: &mut Vec<BankHoliday>) {
    for proclamation in PROCLAMATIONS.iter().filter(|p| p.date.0 == year) {
        if let Some((y, m, d)) = proclamation.replaces {
            let replaced = date(y, m, d);
            days.retain(|h| h.date != replaced);
        }
        let (y, m, d) = proclamation.date;
        days.push(BankHoliday { date: date(y, m, d), name: proclamation.name });
    }
}

fn is_weekday(day: Date) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn first_monday(year: i16, month: i8) -> Date {
    let first = date(year, month, 1);
    let offset = first.weekday().until(Weekday::Monday);
    date(year, month, 1 + offset)
}

fn last_monday(year: i16, month: i8) -> Date {
    let last = date(year, month, 1).last_of_month();
    let offset = Weekday::Monday.until(last.weekday());
    last.saturating_sub(i64::from(offset).days())
}

#[cfg(test)]
mod tests;
