use super::*;
use jiff::civil::date;

fn dates(year: i16) -> Vec<Date> {
    bank_holidays(year).unwrap().into_iter().map(|h| h.date).collect()
}

fn ymd(year: i16, days: &[(i8, i8)]) -> Vec<Date> {
    days.iter().map(|&(m, d)| date(year, m, d)).collect()
}

/// GOV.UK's published list (gov.uk/bank-holidays.json, England and Wales), 2019 to 2027.
#[test]
fn recent_years_match_the_gov_uk_list() {
    let published: &[(i16, &[(i8, i8)])] = &[
        (2019, &[(1, 1), (4, 19), (4, 22), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)]),
        (2020, &[(1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)]),
        (2021, &[(1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)]),
        (2022, &[(1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)]),
        (2023, &[(1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)]),
        (2024, &[(1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)]),
        (2025, &[(1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)]),
        (2026, &[(1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)]),
        (2027, &[(1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)]),
    ];
    for &(year, days) in published {
        assert_eq!(dates(year), ymd(year, days), "bank holidays of {year}");
    }
}

#[test]
fn one_off_years_before_gov_uk_records_are_complete() {
    assert_eq!(dates(1995), ymd(1995, &[(1, 2), (4, 14), (4, 17), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)]));
    assert_eq!(
        dates(1999),
        ymd(1999, &[(1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28), (12, 31)])
    );
    assert_eq!(dates(2000), ymd(2000, &[(1, 3), (4, 21), (4, 24), (5, 1), (5, 29), (8, 28), (12, 25), (12, 26)]));
    assert_eq!(dates(2002), ymd(2002, &[(1, 1), (3, 29), (4, 1), (5, 6), (6, 3), (6, 4), (8, 26), (12, 25), (12, 26)]));
    assert_eq!(
        dates(2011),
        ymd(2011, &[(1, 3), (4, 22), (4, 25), (4, 29), (5, 2), (5, 30), (8, 29), (12, 26), (12, 27)])
    );
    assert_eq!(dates(2012), ymd(2012, &[(1, 2), (4, 6), (4, 9), (5, 7), (6, 4), (6, 5), (8, 27), (12, 25), (12, 26)]));
}

#[test]
fn christmas_substitutes_follow_the_1971_act() {
    // Christmas on a Friday (2020): Boxing Day's substitute is Monday 28th.
    assert_eq!(&dates(2020)[6..], &ymd(2020, &[(12, 25), (12, 28)]));
    // Christmas on a Saturday (2021): Monday 27th and Tuesday 28th.
    assert_eq!(&dates(2021)[6..], &ymd(2021, &[(12, 27), (12, 28)]));
    // Christmas on a Sunday (2022): Boxing Day Monday 26th, Christmas substitute Tuesday 27th.
    let december: Vec<BankHoliday> =
        bank_holidays(2022).unwrap().into_iter().filter(|h| h.date.month() == 12).collect();
    assert_eq!(december[0], BankHoliday { date: date(2022, 12, 26), name: "Boxing Day" });
    assert_eq!(december[1], BankHoliday { date: date(2022, 12, 27), name: "Christmas Day (substitute day)" });
}

#[test]
fn every_moved_holiday_replaces_a_standing_one() {
    for proclamation in PROCLAMATIONS {
        if let Some((y, m, d)) = proclamation.replaces {
            let standing: Vec<Date> = standing_holidays(y).into_iter().map(|h| h.date).collect();
            assert!(standing.contains(&date(y, m, d)), "{y}-{m}-{d} is not a standing holiday");
        }
    }
}

#[test]
fn years_outside_the_supported_range_are_refused() {
    assert_eq!(bank_holidays(1994), Err(CalendarError::YearOutOfRange { year: 1994 }));
    assert_eq!(bank_holidays(2101), Err(CalendarError::YearOutOfRange { year: 2101 }));
    assert!(bank_holidays(FIRST_YEAR).is_ok());
    assert!(bank_holidays(LAST_YEAR).is_ok());
}

/// The second, independent list: the `bankholidays` crate (its own rules and one-off table,
/// written against chrono), compared on every day of every supported year.
#[test]
fn agrees_with_an_independent_implementation_on_every_day() {
    use bankholidays::uk::is_bankholiday;
    use chrono::NaiveDate;
    for year in FIRST_YEAR..=LAST_YEAR {
        let ours = dates(year);
        let mut day = date(year, 1, 1);
        while day.year() == year {
            let theirs = NaiveDate::from_ymd_opt(year.into(), day.month() as u32, day.day() as u32).unwrap();
            assert_eq!(ours.contains(&day), is_bankholiday(&theirs), "disagreement on {day}");
            day = day.tomorrow().unwrap();
        }
    }
}
