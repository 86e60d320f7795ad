//! The Ombudsman, learning and resident figures on a small hand-built data set, for June and
//! July 2024, on 1 August 2024; each expected value worked out by hand. Times are in England
//! (BST, an hour ahead of UTC), on both sides of the period's first and last midnights.
//!
//! - A (resident 1): received Mon 3 June, a vulnerability considered at triage. Referred on
//!   30 May (before the period); determined 10 June: severe maladministration and service
//!   failure; order O1 due 20 June complied 19 June (on time), order O2 due 30 June complied
//!   2 July (late), recommendation O3 with no due date, not complied. Closed 31 July at 23:30
//!   (in the period), root cause "  Repairs  not booked.", an improvement: "Book repairs within
//!   24 hours".
//! - B (resident 1): received 1 June at 00:30 (31 May 23:30 UTC: in the period), the
//!   resident's record holds support needs. Referred 1 June; determined 1 August (after);
//!   closed 1 August at 00:15 (31 July 23:15 UTC: after the period).
//! - C (resident 1): received 31 May at 23:30 (before the period).
//! - D (resident 2): received 1 July. Referred 31 July; determined 31 July: no
//!   maladministration; order O1 due 25 July not complied (past due on 1 August),
//!   recommendation O2 due 5 August (not yet due). Closed 5 July, root cause "repairs not
//!   booked", no improvement needed.
//! - E (resident 3): received 1 June from survey follow-up. A determination dated 31 May
//!   (before the period) with an order due 15 June not complied. Closed 30 June, root cause
//!   "Staff training", improvements "Train" and "Review".

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;
use crate::calendar::WorkingCalendar;
use crate::code::{CodeBook, VersionId};
use crate::complaint::{Channel, Learning, OmbudsmanOutcome, OrderKind};
use crate::ids::ComplaintId;

/// `hour:minute` on `day` in England.
fn local(day: Date, hour: i8, minute: i8) -> Timestamp {
    day.at(hour, minute, 0, 0).to_zoned(crate::calendar::london::zone().unwrap()).unwrap().timestamp()
}

fn record(id: &str, resident: &str, received_at: Timestamp, channel: Channel) -> ActivityRecord {
    ActivityRecord {
        id: id.parse().unwrap(),
        resident: resident.parse().unwrap(),
        vulnerability_at_triage: false,
        support_needs: false,
        tsm: TsmRecord {
            code_version: VersionId::V2024,
            received_at,
            logged_on: None,
            refused: false,
            stage1: StageRecord::default(),
            escalation: None,
        },
        channel,
        categories: Vec::new(),
        refusals: Vec::new(),
        decisions: Vec::new(),
        undertakings: Vec::new(),
        referred_on: Vec::new(),
        determinations: Vec::new(),
        closures: Vec::new(),
    }
}

fn order(id: &str, kind: OrderKind, due: Option<Date>, complied_on: Option<Date>) -> OrderRecord {
    OrderRecord { id: id.into(), kind, due, complied_on }
}

fn closed(at: Timestamp, root_cause: &str, improvement_actions: &[&str]) -> ClosureRecord {
    let learning = Learning {
        root_cause: root_cause.into(),
        improvement_needed: !improvement_actions.is_empty(),
        improvement_actions: improvement_actions.iter().map(|a| (*a).to_owned()).collect(),
    };
    ClosureRecord { at, learning }
}

fn data() -> Vec<ActivityRecord> {
    let mut a = record("c-a", "r-1", local(date(2024, 6, 3), 12, 0), Channel::Phone);
    a.vulnerability_at_triage = true;
    a.referred_on = vec![date(2024, 5, 30)];
    a.determinations = vec![DeterminationRecord {
        on: date(2024, 6, 10),
        findings: vec![OmbudsmanOutcome::SevereMaladministration, OmbudsmanOutcome::ServiceFailure],
        orders: vec![
            order("O1", OrderKind::Order, Some(date(2024, 6, 20)), Some(date(2024, 6, 19))),
            order("O2", OrderKind::Order, Some(date(2024, 6, 30)), Some(date(2024, 7, 2))),
            order("O3", OrderKind::Recommendation, None, None),
        ],
    }];
    a.closures =
        vec![closed(local(date(2024, 7, 31), 23, 30), "  Repairs  not booked.", &["Book repairs within 24 hours"])];
    let mut b = record("c-b", "r-1", local(date(2024, 6, 1), 0, 30), Channel::Email);
    b.support_needs = true;
    b.referred_on = vec![date(2024, 6, 1)];
    b.determinations = vec![DeterminationRecord {
        on: date(2024, 8, 1),
        findings: vec![OmbudsmanOutcome::Maladministration],
        orders: vec![order("O1", OrderKind::Order, Some(date(2024, 8, 30)), None)],
    }];
    b.closures = vec![closed(local(date(2024, 8, 1), 0, 15), "Late visit", &["Visit sooner"])];
    let c = record("c-c", "r-1", local(date(2024, 5, 31), 23, 30), Channel::Letter);
    let mut d = record("c-d", "r-2", local(date(2024, 7, 1), 9, 0), Channel::Web);
    d.referred_on = vec![date(2024, 7, 31)];
    d.determinations = vec![DeterminationRecord {
        on: date(2024, 7, 31),
        findings: vec![OmbudsmanOutcome::NoMaladministration],
        orders: vec![
            order("O1", OrderKind::Order, Some(date(2024, 7, 25)), None),
            order("O2", OrderKind::Recommendation, Some(date(2024, 8, 5)), None),
        ],
    }];
    d.closures = vec![closed(local(date(2024, 7, 5), 10, 0), "repairs not booked", &[])];
    let mut e = record("c-e", "r-3", local(date(2024, 6, 1), 10, 0), Channel::SurveyFollowUp);
    e.determinations = vec![DeterminationRecord {
        on: date(2024, 5, 31),
        findings: vec![OmbudsmanOutcome::Maladministration],
        orders: vec![order("O1", OrderKind::Order, Some(date(2024, 6, 15)), None)],
    }];
    e.closures = vec![closed(local(date(2024, 6, 30), 15, 0), "Staff training", &["Train", "Review"])];
    vec![a, b, c, d, e]
}

fn computed() -> Metrics {
    let period = Period::new(date(2024, 6, 1), date(2024, 7, 31)).unwrap();
    let code = CodeBook::embedded().unwrap();
    metrics(&data(), &period, None, date(2024, 8, 1), code, &WorkingCalendar::england_and_wales()).unwrap()
}

fn ids(counted: &Counted) -> (u64, Vec<&str>) {
    (counted.count, counted.complaints.iter().map(ComplaintId::as_str).collect())
}

#[test]
fn code_9_7_c_referrals_and_determinations_by_finding_count_those_made_in_the_period() {
    let o = computed().ombudsman;
    // B referred on 1 June and D on 31 July; A's referral on 30 May is before the period.
    assert_eq!(ids(&o.referrals), (2, vec!["c-b", "c-d"]));
    // A's determination on 10 June and D's on 31 July; B's (1 August) and E's (31 May) are not.
    assert_eq!(ids(&o.determinations), (2, vec!["c-a", "c-d"]));
    let finding = |outcome| ids(&o.findings.iter().find(|(f, _)| *f == outcome).unwrap().1);
    assert_eq!(finding(OmbudsmanOutcome::SevereMaladministration), (1, vec!["c-a"]));
    assert_eq!(finding(OmbudsmanOutcome::ServiceFailure), (1, vec!["c-a"]));
    assert_eq!(finding(OmbudsmanOutcome::NoMaladministration), (1, vec!["c-d"]));
    // B's and E's maladministration fall outside the period.
    assert_eq!(finding(OmbudsmanOutcome::Maladministration), (0, vec![]));
    assert_eq!(o.findings.len(), OmbudsmanOutcome::ALL.len(), "every outcome is listed");
}

#[test]
fn code_9_7_c_orders_and_recommendations_made_and_whether_they_were_complied_with_on_time() {
    let o = computed().ombudsman;
    let of = |kind| &o.orders.iter().find(|(k, _)| *k == kind).unwrap().1;
    let orders = of(OrderKind::Order);
    // A's O1 and O2, D's O1 (E's order was made before the period).
    assert_eq!(ids(&orders.made), (3, vec!["c-a", "c-d"]));
    // A's O1 complied a day before it was due; O2 two days after.
    assert_eq!(ids(&orders.on_time), (1, vec!["c-a"]));
    assert_eq!(ids(&orders.late), (1, vec!["c-a"]));
    // D's O1, due 25 July, not complied with on 1 August.
    assert_eq!(ids(&orders.outstanding_past_due), (1, vec!["c-d"]));
    assert_eq!(orders.not_yet_due.count, 0);
    let recommendations = of(OrderKind::Recommendation);
    // A's O3 (no due date) and D's O2 (due 5 August): neither due yet.
    assert_eq!(ids(&recommendations.made), (2, vec!["c-a", "c-d"]));
    assert_eq!(ids(&recommendations.not_yet_due), (2, vec!["c-a", "c-d"]));
    let settled = [&recommendations.on_time, &recommendations.late, &recommendations.outstanding_past_due];
    assert_eq!(settled.map(|c| c.count), [0, 0, 0]);
}

#[test]
fn code_9_1_to_9_3_improvements_and_root_causes_of_the_complaints_closed_in_the_period() {
    let l = computed().learning;
    // A (31 July at 23:30), D (5 July) and E (30 June); B closed at 00:15 on 1 August.
    assert_eq!(ids(&l.closed), (3, vec!["c-a", "c-d", "c-e"]));
    // Improvements, oldest first: E's, then A's; D needed none.
    let shown: Vec<(&str, Date, &str, Vec<&str>)> = l
        .improvements
        .iter()
        .map(|i| {
            let actions = i.actions.iter().map(String::as_str).collect();
            (i.complaint.as_str(), i.closed_on, i.root_cause.as_str(), actions)
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("c-e", date(2024, 6, 30), "Staff training", vec!["Train", "Review"]),
            ("c-a", date(2024, 7, 31), "Repairs not booked", vec!["Book repairs within 24 hours"]),
        ]
    );
    // A's "  Repairs  not booked." and D's "repairs not booked" are one root cause, shown as
    // first given (spaced once, without the full stop); then E's.
    let causes: Vec<(&str, (u64, Vec<&str>))> = l.root_causes.iter().map(|(t, c)| (t.as_str(), ids(c))).collect();
    assert_eq!(causes, [("Repairs not booked", (2, vec!["c-a", "c-d"])), ("Staff training", (1, vec!["c-e"]))]);
}

#[test]
fn code_9_7_b_repeat_complainants_and_complaints_from_residents_with_vulnerabilities() {
    let m = computed();
    let r = &m.residents;
    // Resident 1 made A and B in the period (C was received at 23:30 on 31 May, before it);
    // residents 2 and 3 made one each.
    assert_eq!(r.repeat_complainants, 1);
    assert_eq!(ids(&r.repeat_complaints), (2, vec!["c-a", "c-b"]));
    assert_eq!(ids(&r.vulnerability_at_triage), (1, vec!["c-a"]));
    assert_eq!(ids(&r.support_needs), (1, vec!["c-b"]));
    // A, B, D and E received; E from survey follow-up (Code 1.6). Service requests are
    // counted by the application, not here.
    assert_eq!((m.volumes.stage1_received, m.volumes.survey_follow_up), (4, 1));
    assert_eq!(m.volumes.service_requests, None);
}
