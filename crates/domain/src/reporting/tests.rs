//! CH01 and CH02 on small hand-built data sets, each expected value worked out by hand in a
//! comment (working days over England and Wales bank holidays: in 2024, 6 and 27 May and
//! 26 August; 1 April 2024 was Easter Monday).

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;
use crate::calendar::WorkingCalendar;
use crate::code::{CodeBook, VersionId};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Midday in England on `day` (BST in summer: 11:00 UTC).
fn noon(day: Date) -> Timestamp {
    day.at(12, 0, 0, 0).to_zoned(crate::calendar::london::zone().unwrap()).unwrap().timestamp()
}

/// A complaint received at `received`, logged the same day, under `version`.
fn received(version: VersionId, received: Timestamp) -> TsmRecord {
    TsmRecord {
        code_version: version,
        received_at: received,
        logged_on: Some(crate::calendar::london::local_date(received).unwrap()),
        refused: false,
        stage1: StageRecord::default(),
        escalation: None,
    }
}

/// A stage acknowledged on `acknowledged`, with `extensions` (working days, notified on),
/// responded to on `responded`.
fn stage(acknowledged: Date, extensions: &[(u16, Date)], responded: Date) -> StageRecord {
    StageRecord {
        acknowledged_at: Some(noon(acknowledged)),
        extensions: extensions
            .iter()
            .map(|&(working_days, on)| ExtensionRecord { working_days, notified_at: noon(on) })
            .collect(),
        responded_at: Some(noon(responded)),
        late: LateRecords::default(),
    }
}

/// A 2024-Code complaint received on Monday 3 June 2024 with this stage 1.
fn june_2024(stage1: StageRecord) -> TsmRecord {
    TsmRecord { stage1, ..received(VersionId::V2024, noon(date(2024, 6, 3))) }
}

/// A 2024-Code complaint whose stage 2 was asked for on Monday 1 July 2024.
fn escalated_july_2024(stage2: StageRecord) -> TsmRecord {
    let mut record = june_2024(stage(date(2024, 6, 5), &[], date(2024, 6, 19)));
    record.escalation = Some(EscalationRecord { requested_at: noon(date(2024, 7, 1)), stage: stage2 });
    record
}

/// The figures over `records`, checked to be the same counted from each stage's facts judged
/// ahead ([`TsmRecord::stage_facts`], [`TsmTallies::from_facts`]), as the database counts them.
fn figures(records: &[TsmRecord], year: i16, homes: Option<u64>) -> TsmFigures {
    let period = ReportingYear::starting(year).unwrap().period();
    let (code, calendar) = (CodeBook::embedded().unwrap(), WorkingCalendar::england_and_wales());
    let figures = tsm_figures(records, &period, homes, code, &calendar).unwrap();
    let facts: Vec<TsmStageFacts> = records.iter().flat_map(|r| r.stage_facts(code, &calendar).unwrap()).collect();
    assert_eq!(TsmTallies::from_facts(&facts, &period).figures(homes), figures, "from the stages' facts");
    figures
}

fn value(figure: Figure) -> String {
    figure.value.map_or_else(|| "none".into(), |v| v.to_string())
}

#[test]
fn ch01_stage1_counts_complaints_received_in_the_year_and_not_refused_per_1000_homes() {
    let mut refused = received(VersionId::V2024, noon(date(2024, 9, 2)));
    refused.refused = true;
    let records = vec![
        received(VersionId::V2024, noon(date(2024, 4, 2))),
        received(VersionId::V2024, noon(date(2024, 6, 3))),
        received(VersionId::V2024, noon(date(2024, 12, 24))),
        received(VersionId::V2024, noon(date(2025, 3, 31))),
        refused,
        // Before and after the year: not counted.
        received(VersionId::V2022, noon(date(2024, 3, 28))),
        received(VersionId::V2024, noon(date(2025, 4, 1))),
    ];
    // 4 complaints received in 2024/25 and accepted, out of 320 homes: 4 / 320 × 1,000 = 12.5.
    let year = figures(&records, 2024, Some(320));
    assert_eq!((year.ch01_stage1.numerator, year.ch01_stage1.denominator), (4, 320));
    assert_eq!(value(year.ch01_stage1), "12.5");
    // 4 / 300 × 1,000 = 13.333…: 13.3.
    assert_eq!(value(figures(&records, 2024, Some(300)).ch01_stage1), "13.3");
    // Homes not recorded: the count is given, the rate is not.
    let unknown = figures(&records, 2024, None).ch01_stage1;
    assert_eq!((value(unknown), unknown.numerator, unknown.denominator), ("none".into(), 4, 0));
}

#[test]
fn ch01_stage1_places_a_complaint_in_the_year_by_its_date_in_england_around_midnight_on_31_march() {
    // British Summer Time began at 01:00 UTC on Sunday 31 March 2024 and on Sunday 30 March
    // 2025, so on 31 March of both years England was an hour ahead of UTC after 01:00 UTC.
    let records = vec![
        // 00:30 GMT on 31 March 2024 (before the clocks went forward): 31 March, year 2023.
        received(VersionId::V2022, at("2024-03-31T00:30:00Z")),
        // 00:30 BST on 1 April 2024: year 2024.
        received(VersionId::V2024, at("2024-03-31T23:30:00Z")),
        // 23:30 BST on 31 March 2025: still year 2024.
        received(VersionId::V2024, at("2025-03-31T22:30:00Z")),
        // 00:30 BST on 1 April 2025, written with UTC and with two other offsets: year 2025.
        received(VersionId::V2024, at("2025-03-31T23:30:00Z")),
        received(VersionId::V2024, at("2025-04-01T00:30:00+01:00")),
        received(VersionId::V2024, at("2025-04-01T05:00:00+05:30")),
        // 23:59 on 31 March in New York is 04:59 BST on 1 April: year 2025.
        received(VersionId::V2024, at("2025-03-31T23:59:00-04:00")),
    ];
    // Year 2023: 1 (the first). Year 2024: 2 (the second and third). Year 2025: 4.
    assert_eq!(figures(&records, 2023, Some(1000)).ch01_stage1.numerator, 1);
    assert_eq!(figures(&records, 2024, Some(1000)).ch01_stage1.numerator, 2);
    assert_eq!(figures(&records, 2025, Some(1000)).ch01_stage1.numerator, 4);
}

#[test]
fn ch01_stage2_counts_escalation_requests_received_in_the_year_not_refused_per_1000_homes() {
    let mut in_march = june_2024(StageRecord::default());
    in_march.escalation =
        Some(EscalationRecord { requested_at: at("2025-03-31T22:30:00Z"), stage: StageRecord::default() });
    let mut after = june_2024(StageRecord::default());
    after.escalation =
        Some(EscalationRecord { requested_at: at("2025-03-31T23:30:00Z"), stage: StageRecord::default() });
    let records = vec![
        escalated_july_2024(StageRecord::default()),
        escalated_july_2024(StageRecord::default()),
        in_march,
        // Requested at 00:30 BST on 1 April 2025: next year's.
        after,
        // Never escalated (or the request refused, which leaves no stage 2 in the record).
        june_2024(StageRecord::default()),
    ];
    // 3 requests in 2024/25 over 160 homes: 3 / 160 × 1,000 = 18.75, published 18.8.
    let year = figures(&records, 2024, Some(160));
    assert_eq!((year.ch01_stage2.numerator, year.ch01_stage2.denominator), (3, 160));
    assert_eq!(value(year.ch01_stage2), "18.8");
    // 1 of 160 homes next year: 6.25, published 6.3 (half-up).
    assert_eq!(value(figures(&records, 2025, Some(160)).ch01_stage2), "6.3");
}

/// Stage 1 of eight complaints received on Monday 3 June 2024: acknowledgement due Monday
/// 10 June (5 working days); acknowledged on Wednesday 5 June, so the response was due
/// Wednesday 19 June (10 working days), or Wednesday 3 July with 10 working days' extension.
fn june_stage1_cases() -> Vec<TsmRecord> {
    let (ack, due, extended) = (date(2024, 6, 5), date(2024, 6, 19), date(2024, 7, 3));
    vec![
        // A: on the due date. Within, and within without extensions.
        june_2024(stage(ack, &[], due)),
        // B: a day late, no extension. Not within.
        june_2024(stage(ack, &[], date(2024, 6, 20))),
        // C: 10 days' extension notified on the due date, answered on the extended date. Within;
        // not without extensions.
        june_2024(stage(ack, &[(10, due)], extended)),
        // D: the extension notified the day after the due date: not counted. Not within.
        june_2024(stage(ack, &[(10, date(2024, 6, 20))], extended)),
        // E: 15 days' extension, more than the Code's 10: not counted. Not within.
        june_2024(stage(ack, &[(15, date(2024, 6, 10))], extended)),
        // F: acknowledged on 11 June, a day after its due date; answered the next day. Not within.
        june_2024(stage(date(2024, 6, 11), &[], date(2024, 6, 12))),
        // G: two extensions of 5 in time, 10 in all: due 3 July, answered then. Within.
        june_2024(stage(ack, &[(5, date(2024, 6, 10)), (5, due)], extended)),
        // H: two extensions of 8 in time, 16 in all, capped at the Code's 10: due 3 July;
        // answered 4 July. Not within (uncapped it would have been due 11 July).
        june_2024(stage(ack, &[(8, date(2024, 6, 10)), (8, date(2024, 6, 12))], date(2024, 7, 4))),
    ]
}

#[test]
fn ch02_stage1_counts_code_compliant_extensions_only_when_notified_in_time_and_within_the_limit() {
    let year = figures(&june_stage1_cases(), 2024, Some(100));
    // Within: A, C and G, 3 of 8 = 37.5%.
    assert_eq!((year.ch02_stage1.numerator, year.ch02_stage1.denominator), (3, 8));
    assert_eq!(value(year.ch02_stage1), "37.5");
    // Without extensions: A only, 1 of 8 = 12.5%.
    assert_eq!(
        (year.ch02_stage1_without_extensions.numerator, year.ch02_stage1_without_extensions.denominator),
        (1, 8)
    );
    assert_eq!(value(year.ch02_stage1_without_extensions), "12.5");
}

#[test]
fn ch02_stage1_extension_notified_late_is_not_counted() {
    // D alone: notified 20 June, after the due date of 19 June; answered 3 July. 0 of 1.
    let d = june_stage1_cases().swap_remove(3);
    assert_eq!(value(figures(std::slice::from_ref(&d), 2024, None).ch02_stage1), "0.0");
    // The same notified on 19 June would count: 1 of 1.
    let mut in_time = d;
    in_time.stage1.extensions[0].notified_at = noon(date(2024, 6, 19));
    assert_eq!(value(figures(&[in_time], 2024, None).ch02_stage1), "100.0");
}

#[test]
fn ch02_stage1_extension_longer_than_the_code_allows_is_not_counted() {
    // E alone: 15 working days, more than 10; answered 3 July after the due date of 19 June.
    let e = june_stage1_cases().swap_remove(4);
    assert_eq!(value(figures(std::slice::from_ref(&e), 2024, None).ch02_stage1), "0.0");
    // 10 working days would count: 1 of 1.
    let mut within_limit = e;
    within_limit.stage1.extensions[0].working_days = 10;
    assert_eq!(value(figures(&[within_limit], 2024, None).ch02_stage1), "100.0");
}

#[test]
fn ch02_stage1_rounds_a_tie_half_up_5_of_16_is_31_3() {
    let on_time = june_2024(stage(date(2024, 6, 5), &[], date(2024, 6, 19)));
    let late = june_2024(stage(date(2024, 6, 5), &[], date(2024, 6, 20)));
    let mut records = vec![on_time; 5];
    records.extend(vec![late; 11]);
    // 5 / 16 = 31.25% exactly: half-up 31.3, not 31.2.
    let year = figures(&records, 2024, None);
    assert_eq!((year.ch02_stage1.numerator, year.ch02_stage1.denominator), (5, 16));
    assert_eq!(value(year.ch02_stage1), "31.3");
}

#[test]
fn ch02_stage1_counts_responses_sent_in_the_year_by_their_date_in_england() {
    // Received Monday 3 March 2025, acknowledged Wednesday 5 March; response due 19 March.
    let mut first = TsmRecord {
        stage1: stage(date(2025, 3, 5), &[], date(2025, 3, 19)),
        ..received(VersionId::V2024, noon(date(2025, 3, 3)))
    };
    let mut second = first.clone();
    // 23:30 BST on 31 March 2025: year 2024. 00:30 BST on 1 April 2025: year 2025.
    first.stage1.responded_at = Some(at("2025-03-31T22:30:00Z"));
    second.stage1.responded_at = Some(at("2025-03-31T23:30:00Z"));
    let records = [first, second];
    assert_eq!(figures(&records, 2024, None).ch02_stage1.denominator, 1);
    assert_eq!(figures(&records, 2025, None).ch02_stage1.denominator, 1);
    // Both late (due 19 March): 0.0 in each.
    assert_eq!(value(figures(&records, 2025, None).ch02_stage1), "0.0");
}

#[test]
fn ch02_stage1_a_2022_code_complaint_is_judged_by_the_2022_timescales() {
    // Received and logged Monday 4 March 2024, under the 2022 Code; acknowledged Friday 8
    // March (due Monday 11 March). The 2022 Code counts the response from logging: due
    // Monday 18 March. Answered Wednesday 20 March: late. (The 2024 Code would count from
    // the acknowledgement, due 22 March, and find it on time.)
    let logged = TsmRecord {
        stage1: stage(date(2024, 3, 8), &[], date(2024, 3, 20)),
        ..received(VersionId::V2022, noon(date(2024, 3, 4)))
    };
    // The same imported from another system, with no logging date: taken as logged when
    // acknowledged (8 March), so due 22 March, and answered on time.
    let imported = TsmRecord { logged_on: None, ..logged.clone() };
    let year = figures(&[logged, imported], 2023, None);
    // 1 of 2 = 50.0%.
    assert_eq!((year.ch02_stage1.numerator, year.ch02_stage1.denominator), (1, 2));
    assert_eq!(value(year.ch02_stage1), "50.0");
}

#[test]
fn ch02_stage2_judges_acknowledgement_response_and_extensions_of_at_most_20_working_days() {
    // Requested Monday 1 July 2024: acknowledgement due Monday 8 July. Acknowledged Wednesday
    // 3 July: response due Wednesday 31 July (20 working days), or Thursday 29 August with
    // 20 days' extension (26 August was a bank holiday).
    let (ack, due, extended) = (date(2024, 7, 3), date(2024, 7, 31), date(2024, 8, 29));
    let records = vec![
        // On the due date: within, with and without extensions.
        escalated_july_2024(stage(ack, &[], due)),
        // 20 days' extension notified on the due date, answered on the extended date: within.
        escalated_july_2024(stage(ack, &[(20, due)], extended)),
        // Acknowledged 9 July, a day late: not within, though answered the next day.
        escalated_july_2024(stage(date(2024, 7, 9), &[], date(2024, 7, 10))),
        // 25 days' extension, more than 20: not counted; answered 29 August: not within.
        escalated_july_2024(stage(ack, &[(25, date(2024, 7, 15))], extended)),
    ];
    let year = figures(&records, 2024, None);
    // 2 of 4 = 50.0%; without extensions 1 of 4 = 25.0%.
    assert_eq!((year.ch02_stage2.numerator, year.ch02_stage2.denominator), (2, 4));
    assert_eq!(value(year.ch02_stage2), "50.0");
    assert_eq!(value(year.ch02_stage2_without_extensions), "25.0");
    // Every stage 1 was answered on its due date of 19 June: 4 of 4.
    assert_eq!(value(year.ch02_stage1), "100.0");
}

#[test]
fn ch02_stage2_a_2022_code_complaint_has_no_acknowledgement_timescale_and_extensions_of_at_most_10() {
    // Received Monday 2 October 2023 under the 2022 Code; stage 2 asked for Wednesday
    // 1 November 2023. The 2022 Code: response within 20 working days of the request, due
    // Wednesday 29 November; extensions up to 10 working days (to 13 December).
    let escalated = |stage2: StageRecord| {
        let mut record = TsmRecord {
            stage1: stage(date(2023, 10, 4), &[], date(2023, 10, 18)),
            ..received(VersionId::V2022, noon(date(2023, 10, 2)))
        };
        record.escalation = Some(EscalationRecord { requested_at: noon(date(2023, 11, 1)), stage: stage2 });
        record
    };
    let records = vec![
        // Acknowledged 10 November (the 2024 Code's 5 days would have been missed); answered
        // 29 November: within.
        escalated(stage(date(2023, 11, 10), &[], date(2023, 11, 29))),
        // 15 days' extension (allowed by the 2024 Code, not the 2022 one) notified 20
        // November; answered 20 December: not within.
        escalated(stage(date(2023, 11, 3), &[(15, date(2023, 11, 20))], date(2023, 12, 20))),
        // 10 days' extension notified on the due date; answered 13 December: within.
        escalated(stage(date(2023, 11, 3), &[(10, date(2023, 11, 29))], date(2023, 12, 13))),
    ];
    let year = figures(&records, 2023, None);
    // 2 of 3 = 66.666…%: 66.7; without extensions 1 of 3 = 33.3.
    assert_eq!((year.ch02_stage2.numerator, year.ch02_stage2.denominator), (2, 3));
    assert_eq!(value(year.ch02_stage2), "66.7");
    assert_eq!(value(year.ch02_stage2_without_extensions), "33.3");
}

#[test]
fn ch02_stage1_counts_the_steps_recorded_after_their_due_date_behind_the_figure() {
    let mut cases = june_stage1_cases();
    // A (within) had its response recorded late; C (within) its extension and its
    // acknowledgement; B (not within) its acknowledgement.
    cases[0].stage1.late.response = true;
    cases[2].stage1.late = LateRecords { acknowledgement: true, extensions: 1, response: false };
    cases[1].stage1.late.acknowledgement = true;
    let late = figures(&cases, 2024, None).ch02_stage1_recorded_after_due;
    // Responses 1 (A), acknowledgements 2 (B, C), extensions 1 (C); within the timescales
    // with a late record: A and C, 2.
    assert_eq!(
        late,
        RecordedAfterDue { responses: 1, acknowledgements: 2, extensions: 1, within_timescales_with_late_records: 2 }
    );
}

#[test]
fn ch02_stage1_a_refused_complaint_has_no_response_and_counts_in_neither_measure() {
    let mut refused = received(VersionId::V2024, noon(date(2024, 6, 3)));
    refused.refused = true;
    let year = figures(&[refused], 2024, Some(100));
    assert_eq!((year.ch01_stage1.numerator, year.ch02_stage1.denominator), (0, 0));
    assert_eq!(value(year.ch02_stage1), "none");
}
