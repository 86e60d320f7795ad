//! The evidence on a small hand-built data set, each expected value worked out by hand. The
//! period is June and July 2024 (no bank holidays; 27 May 2024 was one), today 1 August 2024.
//!
//! - A: received Mon 3 June, acknowledged Wed 5 June (due 10 June: in time) by u1, answered
//!   Wed 19 June (due 5 June + 10 working days = 19 June: within). Escalated Mon 1 July,
//!   acknowledged Mon 8 July (due 8 July: in time) by u2, extended by 5 working days on 15 July
//!   with the Ombudsman's details and the new date told, answered Mon 22 July with the
//!   Ombudsman's details (due 8 July + 20 = 5 August: within). A remedy due 1 July, not done.
//! - B: received Mon 10 June, acknowledged Tue 18 June (due 17 June: late), answered Fri
//!   28 June (not within, as its acknowledgement was late). Its resident's adjustment is
//!   overdue for review.
//! - C: received Mon 1 July about an issue over 12 months old, not accepted on 2 July on that
//!   ground with the discretion considered and the Ombudsman's details recorded.
//! - D: received Mon 17 June, acknowledged Tue 18 June (due 24 June) by u3, answered Mon
//!   24 June (due 2 July: within); escalated Mon 1 July, acknowledged Wed 3 July (due 8 July)
//!   by u3 again: the stage 1 handler handles stage 2.
//! - E: received Mon 15 July and not acknowledged: due Mon 22 July, past by today.

use std::collections::BTreeSet;

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;
use crate::calendar::WorkingCalendar;
use crate::code::{CodeBook, VersionId};
use crate::complaint::{Channel, RemedyKind, StageNumber};
use crate::ids::{ComplaintId, UserId};
use crate::reporting::{
    ActivityRecord, EscalationRecord, ExtensionRecord, LateRecords, RefusalGround, RefusalRecord, StageRecord,
    TsmRecord, UndertakingRecord,
};

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

fn user(name: &str) -> UserId {
    UserId::trusted(name.to_owned())
}

fn record(reference: &str, received: Date) -> EvidenceRecord {
    EvidenceRecord {
        reference: reference.to_owned(),
        received_on: received,
        old_issue: false,
        represented: false,
        from_service_request: false,
        handled_by_another: false,
        discretion_recorded_at_acceptance: false,
        activity: ActivityRecord {
            id: ComplaintId::trusted(reference.to_lowercase()),
            resident: ResidentId::trusted(format!("resident-{}", reference.to_lowercase())),
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
            channel: Channel::Phone,
            categories: Vec::new(),
            refusals: Vec::new(),
            decisions: Vec::new(),
            undertakings: Vec::new(),
            referred_on: Vec::new(),
            determinations: Vec::new(),
            closures: Vec::new(),
        },
        refusals: Vec::new(),
        extensions: Vec::new(),
        responses: Vec::new(),
        stage1_people: BTreeSet::new(),
        stage2_handlers: BTreeSet::new(),
        undertaking_stages: Vec::new(),
    }
}

fn answered(stage: StageNumber, on: Date, ombudsman_given: bool) -> ResponseFacts {
    ResponseFacts { stage, on, ombudsman_given }
}

fn data() -> Vec<EvidenceRecord> {
    let mut a = record("CMP-A", date(2024, 6, 3));
    a.activity.tsm.stage1 = stage(date(2024, 6, 5), &[], Some(date(2024, 6, 19)));
    a.activity.tsm.escalation = Some(EscalationRecord {
        requested_at: noon(date(2024, 7, 1)),
        stage: stage(date(2024, 7, 8), &[(5, date(2024, 7, 15))], Some(date(2024, 7, 22))),
    });
    a.extensions = vec![ExtensionFacts {
        stage: StageNumber::Two,
        on: date(2024, 7, 15),
        working_days: 5,
        good_reason: false,
        new_due_told: true,
        ombudsman_given: true,
    }];
    a.responses =
        vec![answered(StageNumber::One, date(2024, 6, 19), false), answered(StageNumber::Two, date(2024, 7, 22), true)];
    a.stage1_people = BTreeSet::from([user("u1")]);
    a.stage2_handlers = BTreeSet::from([user("u2")]);
    a.activity.undertakings = vec![UndertakingRecord {
        remedy: Some(RemedyKind::Financial),
        amount_pence: Some(5000),
        due: date(2024, 7, 1),
        completed_on: None,
        id: "R1".into(),
    }];
    a.undertaking_stages = vec![StageNumber::One];

    let mut b = record("CMP-B", date(2024, 6, 10));
    b.activity.tsm.stage1 = stage(date(2024, 6, 18), &[], Some(date(2024, 6, 28)));
    b.responses = vec![answered(StageNumber::One, date(2024, 6, 28), false)];

    let mut c = record("CMP-C", date(2024, 7, 1));
    c.old_issue = true;
    c.activity.tsm.refused = true;
    c.activity.refusals = vec![RefusalRecord {
        stage: StageNumber::One,
        ground: RefusalGround::OverTwelveMonths,
        at: noon(date(2024, 7, 2)),
    }];
    c.refusals = vec![RefusalFacts {
        stage: StageNumber::One,
        on: date(2024, 7, 2),
        ground: RefusalGround::OverTwelveMonths,
        reasons_given: true,
        discretion_recorded: true,
        ombudsman_given: true,
    }];

    let mut d = record("CMP-D", date(2024, 6, 17));
    d.activity.tsm.stage1 = stage(date(2024, 6, 18), &[], Some(date(2024, 6, 24)));
    d.activity.tsm.escalation =
        Some(EscalationRecord { requested_at: noon(date(2024, 7, 1)), stage: stage(date(2024, 7, 3), &[], None) });
    d.responses = vec![answered(StageNumber::One, date(2024, 6, 24), false)];
    d.stage1_people = BTreeSet::from([user("u3")]);
    d.stage2_handlers = BTreeSet::from([user("u3")]);

    let e = record("CMP-E", date(2024, 7, 15));
    vec![a, b, c, d, e]
}

fn computed_with(
    records: &[EvidenceRecord],
    policy: &PolicySettings,
    overdue: &[ResidentId],
) -> Vec<ProvisionEvidence> {
    let code = CodeBook::embedded().unwrap();
    let input = EvidenceInput {
        records,
        period: Period::new(date(2024, 6, 1), date(2024, 7, 31)).unwrap(),
        today: date(2024, 8, 1),
        code,
        calendar: &WorkingCalendar::england_and_wales(),
        policy,
        adjustments_overdue: overdue,
        roles: None,
    };
    evidence(code.matrix(), &input).unwrap()
}

fn computed() -> Vec<ProvisionEvidence> {
    computed_with(&data(), &PolicySettings::default(), &[ResidentId::trusted("resident-cmp-b".to_owned())])
}

fn of(all: &[ProvisionEvidence], provision: &str) -> ProvisionEvidence {
    all.iter().find(|e| e.provision.to_string() == provision).cloned().unwrap()
}

fn refs(evidence: &ProvisionEvidence) -> Vec<&str> {
    evidence.complaints.iter().map(String::as_str).collect()
}

#[test]
fn code_6_2_evidence_counts_acknowledgements_within_5_working_days_and_names_the_late_ones() {
    let found = of(&computed(), "6.2");
    assert_eq!(
        found.statements[0],
        "2 of the 3 stage 1 complaints acknowledged in the period were acknowledged within 5 working days of receipt."
    );
    assert_eq!(found.statements[1], "Acknowledged late: CMP-B.");
    assert_eq!(found.statements[2], "Not acknowledged and past the 5 working days: CMP-E.");
    assert_eq!(refs(&found), ["CMP-B", "CMP-E"]);
    assert_eq!(found.remains, "");
    assert_eq!(found.suggested, Some(Answer::No));
}

#[test]
fn code_6_11_every_escalation_acknowledged_in_time_suggests_yes() {
    let found = of(&computed(), "6.11");
    assert_eq!(
        found.statements,
        [
            "2 of the 2 escalation requests acknowledged in the period were acknowledged within 5 working days of the request."
        ]
    );
    assert!(found.complaints.is_empty());
    assert_eq!(found.suggested, Some(Answer::Yes));
}

#[test]
fn code_6_3_6_14_responses_are_judged_as_ch02_judges_them() {
    let all = computed();
    let stage1 = of(&all, "6.3");
    assert!(stage1.statements[0].starts_with("2 of the 3 stage 1 responses sent in the period"), "{stage1:?}");
    assert_eq!(refs(&stage1), ["CMP-B"]);
    assert_eq!(stage1.suggested, Some(Answer::No));
    let stage2 = of(&all, "6.14");
    assert!(
        stage2.statements[0].starts_with("1 of the 1 stage 2 response sent in the period was within"),
        "{stage2:?}"
    );
    assert_eq!(stage2.suggested, Some(Answer::Yes));
}

#[test]
fn code_6_13_a_stage_2_handled_by_someone_from_stage_1_is_named_and_suggests_no() {
    let found = of(&computed(), "6.13");
    assert!(
        found.statements[0].starts_with("2 complaints were handled at stage 2 in the period; in 1 no"),
        "{found:?}"
    );
    assert_eq!(found.statements[1], "Handled at stage 2 by someone who took part in stage 1: CMP-D.");
    assert_eq!(refs(&found), ["CMP-D", "CMP-A"], "breaches first");
    assert_eq!(found.suggested, Some(Answer::No));
    assert!(!found.remains.is_empty(), "what Redress cannot see is still attested");
}

#[test]
fn code_6_13_distinct_handlers_leave_the_answer_to_the_landlord() {
    let mut records = data();
    records[3].stage2_handlers = BTreeSet::from([user("u4")]);
    let found = of(&computed_with(&records, &PolicySettings::default(), &[]), "6.13");
    assert_eq!(found.suggested, None, "6.13 is partly covered: the rest is attested");
}

#[test]
fn code_7_3_a_remedy_past_its_date_and_not_completed_suggests_no() {
    let found = of(&computed(), "7.3");
    assert_eq!(
        found.statements[0],
        "1 remedy was due in the period or overdue today: 0 completed by its date, 0 completed after it, 1 overdue and \
         not completed, 0 not yet due."
    );
    assert_eq!(found.statements[1], "Overdue and not completed: CMP-A.");
    assert_eq!(refs(&found), ["CMP-A"]);
    assert_eq!(found.suggested, Some(Answer::No));
}

#[test]
fn code_2_3_evidence_counts_old_issues_received_and_how_discretion_was_decided() {
    let found = of(&computed(), "2.3");
    assert!(found.statements[0].starts_with("1 complaint was received about issues over 12 months old"), "{found:?}");
    assert!(found.statements[0].ends_with("0 accepted using discretion, 1 not accepted, 0 not yet decided."));
    assert_eq!(refs(&found), ["CMP-C"]);
    assert_eq!(found.suggested, None);
}

#[test]
fn code_2_3_a_six_month_time_limit_in_the_policy_suggests_no() {
    let policy = PolicySettings {
        exclusion_grounds: vec!["Made more than 6 months after the issue".into()],
        ..PolicySettings::default()
    };
    let found = of(&computed_with(&data(), &policy, &[]), "2.3");
    assert_eq!(found.policy_breaches.len(), 1);
    assert!(found.policy_breaches[0].contains("a time limit of 6 months"));
    assert_eq!(found.suggested, Some(Answer::No));
}

#[test]
fn code_5_10_an_adjustment_overdue_for_review_suggests_no_and_names_the_residents_complaints() {
    let found = of(&computed(), "5.10");
    assert_eq!(found.statements[0], "1 resident has a reasonable adjustment whose review date has passed.");
    assert_eq!(refs(&found), ["CMP-B"]);
    assert_eq!(found.suggested, Some(Answer::No));
    let elsewhere = ResidentId::trusted("resident-without-complaints".to_owned());
    let quiet = of(&computed_with(&data(), &PolicySettings::default(), &[elsewhere]), "5.10");
    assert!(quiet.complaints.is_empty());
    assert_eq!(quiet.suggested, Some(Answer::No), "the overdue review is a breach without a complaint");
    assert_eq!(of(&computed_with(&data(), &PolicySettings::default(), &[]), "5.10").suggested, None);
}

#[test]
fn code_6_15_6_16_extensions_within_the_limit_with_the_residents_told_and_the_ombudsman_given() {
    let all = computed();
    let limit = of(&all, "6.15");
    assert!(limit.statements[0].starts_with("1 stage 2 extension was recorded in the period: 1 within the Code's 20"));
    assert_eq!(limit.suggested, None);
    let ombudsman = of(&all, "6.16");
    assert!(ombudsman.statements[0].contains("extensions of 1 of the 1 complaint extended"), "{ombudsman:?}");
    assert_eq!(refs(&ombudsman), ["CMP-A"]);
    assert_eq!(ombudsman.suggested, None);
}

#[test]
fn code_6_15_an_extension_beyond_the_limit_without_a_good_reason_suggests_no() {
    let mut records = data();
    records[0].extensions[0].working_days = 25;
    let found = of(&computed_with(&records, &PolicySettings::default(), &[]), "6.15");
    assert!(found.statements[0].contains("0 within the Code's 20 working days, 0 beyond them"), "{found:?}");
    assert_eq!(found.statements[1], "Beyond the limit without a good reason recorded: CMP-A.");
    assert_eq!(found.suggested, Some(Answer::No));
}

#[test]
fn code_2_4_5_11_refusals_without_the_ombudsmans_details_are_named() {
    let mut records = data();
    records[2].refusals[0].ombudsman_given = false;
    let all = computed_with(&records, &PolicySettings::default(), &[]);
    let found = of(&all, "2.4");
    assert!(found.statements[0].starts_with("1 refusal was decided in the period; 0 recorded"), "{found:?}");
    assert_eq!(refs(&found), ["CMP-C"]);
    assert_eq!(found.suggested, Some(Answer::No));
    assert_eq!(
        of(&all, "5.11").statements,
        [
            "No escalation was refused in the period.",
            &format!(
                "What Redress enforces: {}",
                CodeBook::embedded()
                    .unwrap()
                    .matrix()
                    .iter()
                    .find(|e| e.provision.to_string() == "5.11")
                    .unwrap()
                    .covers
            )
        ]
    );
}

#[test]
fn every_provision_the_matrix_does_not_mark_attested_has_evidence_and_carries_its_remains() {
    let all = computed();
    let matrix = CodeBook::embedded().unwrap().matrix();
    let expected: Vec<_> = matrix.iter().filter(|e| e.support != Support::Attested).collect();
    assert_eq!(all.len(), expected.len());
    for (found, entry) in all.iter().zip(expected) {
        assert_eq!(found.provision, entry.provision);
        assert_eq!(found.remains, entry.remains, "{}", entry.provision);
        assert!(!found.statements.is_empty(), "{}", entry.provision);
    }
}

#[test]
fn the_suggested_answer_is_no_on_a_breach_yes_when_measured_in_full_and_none_otherwise() {
    assert_eq!(suggested("", true, true, false), Some(Answer::No));
    assert_eq!(suggested("Attest the rest.", false, false, true), Some(Answer::No));
    assert_eq!(suggested("", true, false, false), Some(Answer::Yes));
    assert_eq!(suggested("", false, false, false), None, "nothing to measure shows nothing");
    assert_eq!(suggested("Attest the rest.", true, false, false), None);
}

#[test]
fn a_period_with_nothing_to_measure_suggests_no_answer_for_a_measured_provision() {
    let found = of(&computed_with(&[], &PolicySettings::default(), &[]), "6.2");
    assert_eq!(found.statements, ["No stage 1 complaints were acknowledged in the period."]);
    assert_eq!(found.suggested, None);
}

#[test]
fn code_6_6_6_17_actions_are_counted_at_their_stage_and_one_completed_after_its_date_is_named() {
    let mut records = data();
    let action = |id: &str, due: Date, completed_on: Option<Date>| UndertakingRecord {
        remedy: None,
        amount_pence: None,
        due,
        completed_on,
        id: id.into(),
    };
    records[1].activity.undertakings =
        vec![action("A1", date(2024, 7, 10), Some(date(2024, 7, 12))), action("A2", date(2024, 7, 20), None)];
    records[1].undertaking_stages = vec![StageNumber::One, StageNumber::Two];
    let all = computed_with(&records, &PolicySettings::default(), &[]);
    let stage1 = of(&all, "6.6");
    assert_eq!(
        stage1.statements[0],
        "1 action was due in the period or overdue today: 0 completed by its date, 1 completed after it, 0 overdue \
         and not completed, 0 not yet due."
    );
    assert_eq!(stage1.statements[1], "Completed after the date: CMP-B.");
    assert_eq!(stage1.suggested, Some(Answer::No));
    let stage2 = of(&all, "6.17");
    assert!(stage2.statements[0].contains("1 overdue and not completed"), "{stage2:?}");
    assert_eq!(refs(&stage2), ["CMP-B"]);
}

#[test]
fn code_4_1_9_4_9_5_the_days_no_one_held_a_role_are_named_and_suggest_no() {
    let code = CodeBook::embedded().unwrap();
    let change = |who: &str, role: &str, granted: bool, on: Date| RoleChange {
        user: user(who),
        role: role.to_owned(),
        granted,
        at: noon(on),
    };
    // The complaints officer throughout (appointed before the period); the senior lead from
    // 3 June, the first day of June being Saturday 1 June; Sam moved from senior lead to
    // handler on 30 July, replaced by Pat on 31 July; no Member Responsible for Complaints.
    let roles = vec![
        change("olga", "complaints_officer", true, date(2024, 5, 1)),
        change("sam", "senior_lead", true, date(2024, 6, 3)),
        change("sam", "handler", true, date(2024, 7, 30)),
        change("pat", "senior_lead", true, date(2024, 7, 31)),
    ];
    let input = EvidenceInput {
        records: &[],
        period: Period::new(date(2024, 6, 1), date(2024, 7, 31)).unwrap(),
        today: date(2024, 8, 1),
        code,
        calendar: &WorkingCalendar::england_and_wales(),
        policy: &PolicySettings::default(),
        adjustments_overdue: &[],
        roles: Some(&roles),
    };
    let all = evidence(code.matrix(), &input).unwrap();
    let officer = of(&all, "4.1");
    assert_eq!(
        officer.statements[0],
        "Someone held the role of complaints officer on every day of the period up to 2024-07-31; 1 person held it."
    );
    assert_eq!(officer.suggested, None);
    let lead = of(&all, "9.4");
    assert_eq!(
        lead.statements[0],
        "No one held the role of senior lead for complaints on: 2024-06-01 to 2024-06-02, 2024-07-30."
    );
    assert_eq!(lead.suggested, Some(Answer::No));
    assert!(of(&all, "9.5").statements[0].ends_with("on: 2024-06-01 to 2024-07-31."));
}
