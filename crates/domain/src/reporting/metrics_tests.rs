//! The dashboard's figures on a small hand-built data set, each expected value worked out by
//! hand (June and July 2024: no bank holidays; 27 May 2024 was one).
//!
//! - A: received Mon 3 June by phone (Repairs), acknowledged Wed 5 June (due 10 June: in time),
//!   answered Wed 19 June, upheld (due 5 June + 10 working days = 19 June: within; 12 working
//!   days after receipt); a financial remedy of £50 due 1 July, not done; an action due
//!   10 July, done 5 July. Escalated Mon 1 July, acknowledged Mon 8 July (due 8 July: in time),
//!   extended by 5 working days on 15 July, answered Mon 22 July, not upheld (15 working days).
//! - B: received Mon 10 June by email (Repairs; Damp and mould), acknowledged Tue 18 June (due
//!   17 June: late), answered Fri 28 June, partly upheld (14 working days; not within, as its
//!   acknowledgement was late); an apology.
//! - C: received Mon 1 July on the web (Damp and mould), not accepted on 2 July: over 12 months.
//! - D: received Fri 31 May by letter (before the period), acknowledged that day, answered
//!   Mon 3 June, not upheld (1 working day; within).

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;
use crate::calendar::WorkingCalendar;
use crate::code::{CodeBook, VersionId};
use crate::complaint::{Channel, Decision, RemedyKind, StageNumber};

fn noon(day: Date) -> Timestamp {
    day.at(12, 0, 0, 0).to_zoned(crate::calendar::london::zone().unwrap()).unwrap().timestamp()
}

fn stage(acknowledged: Date, extensions: &[(u16, Date)], responded: Option<Date>) -> StageRecord {
    StageRecord {
        acknowledged_at: Some(noon(acknowledged)),
        extensions: extensions
            .iter()
            .map(|&(working_days, on)| ExtensionRecord { working_days, notified_at: noon(on) })
            .collect(),
        responded_at: responded.map(noon),
        late: LateRecords::default(),
    }
}

fn record(received: Date, channel: Channel, categories: &[&str]) -> ActivityRecord {
    ActivityRecord {
        id: format!("c-{received}").parse().unwrap(),
        resident: "r-1".parse().unwrap(),
        vulnerability_at_triage: false,
        support_needs: false,
        tsm: TsmRecord {
            code_version: VersionId::V2024,
            received_at: noon(received),
            logged_on: Some(received),
            refused: false,
            stage1: StageRecord::default(),
            escalation: None,
        },
        channel,
        categories: categories.iter().map(|c| (*c).to_owned()).collect(),
        refusals: Vec::new(),
        decisions: Vec::new(),
        undertakings: Vec::new(),
        referred_on: Vec::new(),
        determinations: Vec::new(),
        closures: Vec::new(),
    }
}

fn decided(stage: StageNumber, decision: Decision, on: Date) -> DecisionRecord {
    DecisionRecord { stage, decision, at: noon(on) }
}

fn data() -> Vec<ActivityRecord> {
    let mut a = record(date(2024, 6, 3), Channel::Phone, &["Repairs"]);
    a.tsm.stage1 = stage(date(2024, 6, 5), &[], Some(date(2024, 6, 19)));
    a.tsm.escalation = Some(EscalationRecord {
        requested_at: noon(date(2024, 7, 1)),
        stage: stage(date(2024, 7, 8), &[(5, date(2024, 7, 15))], Some(date(2024, 7, 22))),
    });
    a.decisions = vec![
        decided(StageNumber::One, Decision::Upheld, date(2024, 6, 19)),
        decided(StageNumber::Two, Decision::NotUpheld, date(2024, 7, 22)),
    ];
    a.undertakings = vec![
        UndertakingRecord {
            remedy: Some(RemedyKind::Financial),
            amount_pence: Some(5000),
            due: date(2024, 7, 1),
            completed_on: None,
            id: "R1".into(),
        },
        UndertakingRecord {
            remedy: None,
            amount_pence: None,
            due: date(2024, 7, 10),
            completed_on: Some(date(2024, 7, 5)),
            id: "A1".into(),
        },
    ];
    let mut b = record(date(2024, 6, 10), Channel::Email, &["Repairs", "Damp and mould"]);
    b.tsm.stage1 = stage(date(2024, 6, 18), &[], Some(date(2024, 6, 28)));
    b.decisions = vec![decided(StageNumber::One, Decision::PartlyUpheld, date(2024, 6, 28))];
    b.undertakings = vec![UndertakingRecord {
        remedy: Some(RemedyKind::Apology),
        amount_pence: None,
        due: date(2024, 6, 28),
        completed_on: Some(date(2024, 6, 28)),
        id: "R1".into(),
    }];
    let mut c = record(date(2024, 7, 1), Channel::Web, &["Damp and mould"]);
    c.tsm.refused = true;
    c.refusals = vec![RefusalRecord {
        stage: StageNumber::One,
        ground: RefusalGround::OverTwelveMonths,
        at: noon(date(2024, 7, 2)),
    }];
    let mut d = record(date(2024, 5, 31), Channel::Letter, &[]);
    d.tsm.stage1 = stage(date(2024, 5, 31), &[], Some(date(2024, 6, 3)));
    d.decisions = vec![decided(StageNumber::One, Decision::NotUpheld, date(2024, 6, 3))];
    vec![a, b, c, d]
}

fn computed() -> Metrics {
    let period = Period::new(date(2024, 6, 1), date(2024, 7, 31)).unwrap();
    let code = CodeBook::embedded().unwrap();
    metrics(&data(), &period, Some(200), date(2024, 8, 1), code, &WorkingCalendar::england_and_wales()).unwrap()
}

fn shown(figure: Figure) -> (String, u64, u64) {
    (figure.value.map_or_else(|| "none".into(), |v| v.to_string()), figure.numerator, figure.denominator)
}

#[test]
fn code_9_7_a_volumes_count_complaints_received_in_the_period_by_stage_and_channel_and_per_1000_homes() {
    let v = computed().volumes;
    // A, B and C were received in June and July (D in May); C was not accepted.
    assert_eq!((v.stage1_received, v.stage2_received), (3, 1));
    // Accepted: A and B, 2 per 200 homes = 10.0 per 1,000; A's escalation 1 per 200 = 5.0.
    assert_eq!(shown(v.stage1_per_thousand_homes), ("10.0".into(), 2, 200));
    assert_eq!(shown(v.stage2_per_thousand_homes), ("5.0".into(), 1, 200));
    let count = |channel| v.by_channel.iter().find(|(c, _)| *c == channel).unwrap().1;
    assert_eq!(
        (count(Channel::Phone), count(Channel::Email), count(Channel::Web), count(Channel::Letter)),
        (1, 1, 1, 0)
    );
    assert_eq!(v.by_channel.len(), Channel::ALL.len(), "every channel is listed");
}

#[test]
fn code_6_2_and_6_11_acknowledgements_within_5_working_days_of_those_made_in_the_period() {
    let t = computed().timeliness;
    // Stage 1: A in time, B a day late (D's was in May): 1 of 2. Stage 2: A's in time.
    assert_eq!(shown(t.acknowledged_within[0]), ("50.0".into(), 1, 2));
    assert_eq!(shown(t.acknowledged_within[1]), ("100.0".into(), 1, 1));
}

#[test]
fn code_6_3_6_4_6_14_6_15_responses_within_the_timescales_extensions_and_days_to_respond() {
    let t = computed().timeliness;
    // Stage 1 responses in the period: A and D within, B not (late acknowledgement): 2 of 3.
    assert_eq!(shown(t.responded_within[0]), ("66.7".into(), 2, 3));
    assert_eq!(shown(t.responded_within_without_extensions[0]), ("66.7".into(), 2, 3));
    assert_eq!(shown(t.responded_within[1]), ("100.0".into(), 1, 1));
    // One stage 2 extension, of 5 working days, notified on 15 July.
    assert_eq!(t.extensions, [(0, 0), (1, 5)]);
    // Stage 1: D 1 working day (up to 5), A 12 and B 14 (11 to 20): 27 days over 3 = 9.0.
    assert_eq!(t.days_to_respond[0].buckets, [1, 0, 2, 0, 0]);
    assert_eq!(t.days_to_respond[0].average().unwrap().to_string(), "9.0");
    // Stage 2: A, 15 working days from the request.
    assert_eq!(t.days_to_respond[1].buckets, [0, 0, 1, 0, 0]);
    assert_eq!(t.days_to_respond[1].average().unwrap().to_string(), "15.0");
}

#[test]
fn code_8_1_b_and_7_3_outcomes_decisions_escalations_refusals_by_ground_and_remedies() {
    let o = computed().outcomes;
    // Stage 1: A upheld, B partly upheld, D not upheld; stage 2: A not upheld.
    assert_eq!(o.decisions, [[1, 1, 1], [0, 0, 1]]);
    // 1 escalation request for 3 stage 1 responses: 33.3%.
    assert_eq!(shown(o.escalation_rate), ("33.3".into(), 1, 3));
    let over_12_months = o.refused.iter().find(|(g, _)| *g == RefusalGround::OverTwelveMonths).unwrap().1;
    assert_eq!(over_12_months, [1, 0]);
    assert_eq!(o.refused.iter().map(|(_, n)| n[0] + n[1]).sum::<u64>(), 1);
    let remedies = |kind| o.remedies.iter().find(|(k, _)| *k == kind).unwrap().1;
    assert_eq!((remedies(RemedyKind::Financial), remedies(RemedyKind::Apology)), (1, 1));
    assert_eq!(o.financial_pence, 5000);
    // On 1 August A's £50, due 1 July, is overdue; its action was done; B's apology was done.
    assert_eq!(o.overdue, (1, 0));
}

#[test]
fn code_9_7_b_themes_and_trends_count_each_month() {
    let m = computed();
    assert_eq!(m.themes["Repairs"], [2, 0]);
    assert_eq!(m.themes["Damp and mould"], [1, 1]);
    assert_eq!(m.months.len(), 2);
    // June: A and B received; July: C received and A escalated.
    assert_eq!((m.months[0].received, m.months[1].received), ([2, 0], [1, 1]));
    assert_eq!(shown(m.months[0].responded_within[0]), ("66.7".into(), 2, 3));
    assert_eq!(shown(m.months[1].responded_within[0]), ("none".into(), 0, 0));
    assert_eq!(shown(m.months[1].responded_within[1]), ("100.0".into(), 1, 1));
}
