use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn clock() -> WorkingCalendar {
    WorkingCalendar::england_and_wales()
}

fn add(start: Date, n: i32) -> Date {
    clock().add_working_days(start, n).unwrap()
}

#[test]
fn adding_five_working_days_to_monday_3_june_2024_gives_monday_10_june() {
    assert_eq!(add(date(2024, 6, 3), 5), date(2024, 6, 10));
}

#[test]
fn adding_zero_gives_the_start_date_even_on_a_weekend() {
    assert_eq!(add(date(2024, 6, 3), 0), date(2024, 6, 3));
    assert_eq!(add(date(2024, 6, 1), 0), date(2024, 6, 1));
}

#[test]
fn counting_starts_after_a_weekend_start_date() {
    // Saturday 1 June 2024: the first working day after it is Monday 3 June.
    assert_eq!(add(date(2024, 6, 1), 1), date(2024, 6, 3));
}

#[test]
fn easter_2024_skips_good_friday_and_easter_monday() {
    assert_eq!(add(date(2024, 3, 28), 1), date(2024, 4, 2));
    assert_eq!(clock().working_days_between(date(2024, 3, 28), date(2024, 4, 2)), Ok(1));
}

#[test]
fn christmas_2021_skips_both_substitute_days() {
    // Christmas Day and Boxing Day fell at the weekend: Monday 27 and Tuesday 28 replace them.
    assert_eq!(add(date(2021, 12, 24), 1), date(2021, 12, 29));
}

#[test]
fn christmas_2022_and_new_year_2023_substitutes_are_skipped() {
    assert_eq!(add(date(2022, 12, 23), 1), date(2022, 12, 28));
    assert_eq!(add(date(2022, 12, 30), 1), date(2023, 1, 3));
}

#[test]
fn each_one_off_holiday_is_skipped_and_each_moved_one_is_worked() {
    let cases = [
        // (a working day before the holiday, the next working day after it)
        (date(1995, 5, 5), date(1995, 5, 9)),   // VE Day 50th: Monday 8 May 1995
        (date(1999, 12, 30), date(2000, 1, 4)), // Millennium, then New Year's substitute
        (date(2002, 5, 31), date(2002, 6, 5)),  // Golden Jubilee and the moved spring holiday
        (date(2011, 4, 28), date(2011, 5, 3)),  // Royal wedding, then early May
        (date(2012, 6, 1), date(2012, 6, 6)),   // Diamond Jubilee and the moved spring holiday
        (date(2020, 5, 7), date(2020, 5, 11)),  // VE Day 75th: Friday 8 May 2020
        (date(2022, 6, 1), date(2022, 6, 6)),   // Platinum Jubilee and the moved spring holiday
        (date(2022, 9, 16), date(2022, 9, 20)), // State funeral of Queen Elizabeth II
        (date(2023, 5, 5), date(2023, 5, 9)),   // Coronation of King Charles III
    ];
    for (before, after) in cases {
        assert_eq!(add(before, 1), after, "one working day after {before}");
    }
    // The days the moved holidays would have fallen on are ordinary working days.
    for worked in [date(1995, 5, 1), date(2002, 5, 27), date(2012, 5, 28), date(2020, 5, 4), date(2022, 5, 30)] {
        assert_eq!(clock().is_working_day(worked), Ok(true), "{worked} is a working day");
    }
}

#[test]
fn working_days_between_counts_after_the_first_date_up_to_and_including_the_second() {
    let (a, b) = (date(2024, 6, 3), date(2024, 6, 10));
    assert_eq!(clock().working_days_between(a, b), Ok(5));
    assert_eq!(clock().working_days_between(b, a), Ok(-5));
    assert_eq!(clock().working_days_between(a, a), Ok(0));
    // Saturday to Sunday contains no working day.
    assert_eq!(clock().working_days_between(date(2024, 6, 1), date(2024, 6, 2)), Ok(0));
}

#[test]
fn a_complaint_received_on_a_non_working_day_counts_from_the_next_working_day() {
    assert_eq!(clock().effective_received_date(date(2024, 6, 1)), Ok(date(2024, 6, 3)));
    assert_eq!(clock().effective_received_date(date(2024, 3, 29)), Ok(date(2024, 4, 2)));
    assert_eq!(clock().effective_received_date(date(2024, 6, 4)), Ok(date(2024, 6, 4)));
}

#[test]
fn closure_days_are_off_by_default_and_skipped_when_configured() {
    let christmas_eve = date(2024, 12, 24);
    assert_eq!(add(christmas_eve, 1), date(2024, 12, 27));
    let closed = clock().with_closures([27, 30, 31].map(|d| ClosureDay {
        date: date(2024, 12, d),
        name: "Office closed".into(),
        recorded_on: Some(date(2024, 11, 1)),
    }));
    assert_eq!(closed.add_working_days(christmas_eve, 1), Ok(date(2025, 1, 2)));
    assert_eq!(closed.non_working_reason(date(2024, 12, 30)), Some(NonWorkingDay::Closure("Office closed".into())));
}

fn closure(day: Date, recorded_on: Option<Date>) -> ClosureDay {
    ClosureDay { date: day, name: "Office closed".into(), recorded_on }
}

#[test]
fn a_closure_day_recorded_before_the_day_is_not_a_working_day() {
    let day = date(2024, 12, 27);
    let closed = clock().with_closures([closure(day, Some(date(2024, 12, 24)))]);
    assert_eq!(closed.is_working_day(day), Ok(false));
    assert_eq!(closed.add_working_days(date(2024, 12, 24), 1), Ok(date(2024, 12, 30)));
    assert!(closure(day, Some(date(2024, 12, 26))).moves_deadlines());
}

#[test]
fn a_closure_day_recorded_on_the_day_or_later_changes_no_deadline() {
    let day = date(2024, 12, 27);
    for recorded in [day, date(2024, 12, 30), date(2025, 3, 1)] {
        assert!(!closure(day, Some(recorded)).moves_deadlines(), "recorded {recorded}");
        let closed = clock().with_closures([closure(day, Some(recorded))]);
        assert_eq!(closed.is_working_day(day), Ok(true), "recorded {recorded}");
        assert_eq!(closed.non_working_reason(day), None);
        assert_eq!(closed.add_working_days(date(2024, 12, 24), 1), Ok(day));
        assert_eq!(closed.working_days_between(date(2024, 12, 24), date(2024, 12, 30)), Ok(2));
    }
}

#[test]
fn a_configured_closure_day_with_no_record_of_when_it_was_set_counts() {
    let day = date(2024, 12, 27);
    assert!(closure(day, None).moves_deadlines());
    assert_eq!(clock().with_closures([closure(day, None)]).is_working_day(day), Ok(false));
}

#[test]
fn skipped_days_are_named_for_the_explanation_of_a_deadline() {
    let skipped = clock().non_working_days_between(date(2024, 3, 28), date(2024, 4, 2)).unwrap();
    assert_eq!(
        skipped,
        vec![
            (date(2024, 3, 29), NonWorkingDay::BankHoliday("Good Friday")),
            (date(2024, 3, 30), NonWorkingDay::Weekend),
            (date(2024, 3, 31), NonWorkingDay::Weekend),
            (date(2024, 4, 1), NonWorkingDay::BankHoliday("Easter Monday")),
        ]
    );
}

#[test]
fn the_days_skipped_end_on_the_end_date() {
    // Monday 3 to Friday 7 June 2024: the weekend after the Friday is not part of the count.
    assert_eq!(clock().non_working_days_between(date(2024, 6, 3), date(2024, 6, 7)), Ok(vec![]));
}

#[test]
fn the_first_and_last_days_of_the_supported_years_are_answered() {
    assert!(clock().is_working_day(date(FIRST_YEAR, 1, 1)).is_ok());
    assert!(clock().is_working_day(date(LAST_YEAR, 12, 31)).is_ok());
}

#[test]
fn dates_outside_the_supported_years_are_refused_not_guessed() {
    assert_eq!(clock().add_working_days(date(1994, 12, 30), 1), Err(CalendarError::YearOutOfRange { year: 1994 }));
    assert_eq!(clock().add_working_days(date(2100, 12, 31), 1), Err(CalendarError::YearOutOfRange { year: 2101 }));
    assert_eq!(
        clock().working_days_between(date(2024, 1, 1), date(2101, 1, 1)),
        Err(CalendarError::YearOutOfRange { year: 2101 })
    );
}

/// A deliberately naive reference: a weekday that is not in that year's list.
fn reference_is_working_day(day: Date) -> bool {
    let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
    !weekend && !bank_holidays(day.year()).unwrap().iter().any(|h| h.date == day)
}

/// Any date from 1995 to early 2099, leaving room to count forwards within the range.
fn any_date() -> impl Strategy<Value = Date> {
    dates_after(0)
}

/// Any date from `skip` days after 1 January 1995 to early 2099.
fn dates_after(skip: i64) -> impl Strategy<Value = Date> {
    (skip..38_000).prop_map(|offset| date(1995, 1, 1).saturating_add(offset.days()))
}

proptest! {
    #[test]
    fn counting_back_the_days_added_gives_the_number_added(d in any_date(), n in 0i32..400) {
        let later = clock().add_working_days(d, n).unwrap();
        prop_assert_eq!(clock().working_days_between(d, later).unwrap(), n);
    }

    #[test]
    fn adding_in_two_steps_is_adding_once(d in any_date(), m in 0i32..200, n in 0i32..200) {
        let c = clock();
        let two_steps = c.add_working_days(c.add_working_days(d, m).unwrap(), n).unwrap();
        prop_assert_eq!(two_steps, c.add_working_days(d, m + n).unwrap());
    }

    #[test]
    fn a_deadline_never_falls_on_a_non_working_day(d in any_date(), n in 1i32..400) {
        let due = clock().add_working_days(d, n).unwrap();
        prop_assert!(reference_is_working_day(due), "{} is not a working day", due);
    }

    #[test]
    fn working_days_between_matches_a_day_by_day_count(d in any_date(), span in 0i64..120) {
        let end = d.saturating_add(span.days());
        let mut expected = 0;
        let mut day = d;
        while day < end {
            day = day.tomorrow().unwrap();
            if reference_is_working_day(day) { expected += 1; }
        }
        prop_assert_eq!(clock().working_days_between(d, end).unwrap(), expected);
        prop_assert_eq!(clock().working_days_between(end, d).unwrap(), -expected);
    }

    #[test]
    fn working_days_between_is_additive(a in any_date(), x in 0i64..200, y in 0i64..200) {
        let b = a.saturating_add(x.days());
        let c = b.saturating_add(y.days());
        let k = clock();
        prop_assert_eq!(
            k.working_days_between(a, b).unwrap() + k.working_days_between(b, c).unwrap(),
            k.working_days_between(a, c).unwrap()
        );
    }

    #[test]
    fn counting_back_from_a_working_day_round_trips(d in dates_after(731), n in 0i32..300) {
        // Two years into the range: 300 working days back is about 14 months, so the count
        // never leaves the supported years.
        let start = clock().effective_received_date(d).unwrap();
        let earlier = clock().add_working_days(start, -n).unwrap();
        prop_assert_eq!(clock().working_days_between(earlier, start).unwrap(), n);
    }

    #[test]
    fn the_effective_received_date_is_the_first_working_day_on_or_after(d in any_date()) {
        let received = clock().effective_received_date(d).unwrap();
        prop_assert!(received >= d && reference_is_working_day(received));
        prop_assert_eq!(clock().working_days_between(d, received).unwrap(), i32::from(received != d));
    }
}
