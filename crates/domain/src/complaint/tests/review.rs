//! Faults an independent review of the lifecycle found: a late record judged against the
//! deadline it answers (Code 5.12), dates in the order things happen, Code 6.13 reaching every
//! stage 2 decision, and discretion used under Code 2.3 holding at stage 2.

use super::*;

use super::recorded::{LATE, flags};

/// As [`Case::recorded`], which must be refused as out of order (not citing the Code) and change nothing.
fn out_of_order(case: &mut Case, stated_at: &str, recorded: &str, command: Command, message: &str) {
    let before = case.events.clone();
    let refusal = case.recorded(stated_at, recorded, Some(LATE), command).expect_err("out of order");
    assert!(matches!(&refusal, Refusal::Invalid(m) if m == message), "{refusal}");
    assert_eq!(case.events, before, "a refused command must change nothing");
}

fn refuse_escalation(ground: ExclusionGround) -> Command {
    Command::RefuseEscalation(RefuseEscalation {
        ground,
        reasons: "The resident has filed a claim at court about the same repairs.".into(),
    })
}

fn refuse_for_legal_proceedings() -> Command {
    refuse_escalation(ExclusionGround::LegalProceedingsStarted)
}

/// Stage 1 answered, a first request for stage 2 (Thursday 20 June 2024) refused on time on
/// 24 June, and a second asked for on Monday 1 July: its acknowledgement is due 8 July.
fn asked_again_after_a_refusal() -> Case {
    let mut case = escalation_requested();
    case.ok("2024-06-24T10:00:00Z", refuse_for_legal_proceedings()).ok("2024-07-01T10:00:00Z", escalate());
    case
}

// ---- Code 5.12: a late record is judged against the deadline it answers

#[test]
fn code_5_12_a_later_escalation_request_answered_late_is_judged_by_its_own_deadline() {
    let answers = [acknowledge(StageNumber::Two, "bob"), refuse_for_legal_proceedings()];
    for answer in answers {
        let mut case = asked_again_after_a_refusal();
        let before = case.events.clone();
        // Stated Friday 5 July, within the second request's deadline, recorded on 10 July.
        let refusal = case
            .recorded("2024-07-05T10:00:00Z", "2024-07-10T10:00:00Z", None, answer.clone())
            .expect_err("recorded after its due date without a reason");
        assert_eq!(refusal.provision().map(|p| p.to_string()).as_deref(), Some("5.12"), "{refusal}");
        assert!(refusal.to_string().contains("was due by 2024-07-08"), "{refusal}");
        assert_eq!(case.events, before);
        let events = case.recorded("2024-07-05T10:00:00Z", "2024-07-10T10:00:00Z", Some(LATE), answer).unwrap();
        let flagged = flags(&events);
        assert_eq!(flagged.len(), 1, "{events:?}");
        assert_eq!((flagged[0].stage, flagged[0].step), (StageNumber::Two, Step::Acknowledgement));
        assert_eq!(flagged[0].due, date(2024, 7, 8));
    }
}

#[test]
fn code_5_12_a_late_refusal_marks_only_the_deadline_of_the_request_it_refused() {
    let mut case = escalation_requested();
    // The first request (due 27 June) refused as of 26 June, recorded on 28 June.
    case.recorded("2024-06-26T10:00:00Z", "2024-06-28T10:00:00Z", Some(LATE), refuse_for_legal_proceedings()).unwrap();
    // The second (1 July, due 8 July) acknowledged on time.
    case.ok("2024-07-01T10:00:00Z", escalate()).ok("2024-07-03T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
    let deadlines = case.deadlines(date(2024, 7, 10));
    let marked: Vec<(Date, usize)> = deadlines
        .iter()
        .filter(|d| d.stage == StageNumber::Two && d.step == Step::Acknowledgement)
        .map(|d| (d.due, d.recorded_after_due.len()))
        .collect();
    assert_eq!(marked, [(date(2024, 6, 27), 1), (date(2024, 7, 8), 0)]);
    assert_eq!(met_only_by_late_records(&deadlines), 1);
}

#[test]
fn code_5_12_a_late_extension_stays_on_the_deadline_it_moved() {
    // Stage 1's response is due 19 June; extended as of 19 June, recorded on 21 June.
    let mut case = acknowledged();
    case.recorded("2024-06-19T10:00:00Z", "2024-06-21T10:00:00Z", Some(LATE), extend(StageNumber::One, 5)).unwrap();
    let deadline = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 21));
    assert_eq!((deadline.explanation.original_due, deadline.due), (date(2024, 6, 19), date(2024, 6, 26)));
    assert_eq!(deadline.recorded_after_due.len(), 1, "the flag names the due date the extension moved");
}

// ---- Dates in the order things happen

#[test]
fn code_6_10_a_request_to_escalate_comes_after_the_stage_one_response() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    let message = "a request to escalate cannot come before the stage 1 response";
    out_of_order(&mut case, "2024-06-17T10:00:00Z", "2024-06-20T10:00:00Z", escalate(), message);
    case.recorded("2024-06-18T15:00:00Z", "2024-06-20T10:00:00Z", None, escalate()).unwrap();
}

#[test]
fn code_6_11_a_stage_two_acknowledgement_comes_after_the_request_to_escalate() {
    let mut case = escalation_requested();
    let message = "a stage 2 acknowledgement cannot come before the request to escalate";
    out_of_order(
        &mut case,
        "2024-06-19T10:00:00Z",
        "2024-06-21T10:00:00Z",
        acknowledge(StageNumber::Two, "bob"),
        message,
    );
    case.recorded("2024-06-20T15:00:00Z", "2024-06-21T10:00:00Z", None, acknowledge(StageNumber::Two, "bob")).unwrap();
}

#[test]
fn code_5_11_a_refusal_to_escalate_comes_after_the_request() {
    let mut case = escalation_requested();
    let message = "a refusal to escalate cannot come before the request to escalate";
    out_of_order(&mut case, "2024-06-19T10:00:00Z", "2024-06-21T10:00:00Z", refuse_for_legal_proceedings(), message);
    case.recorded("2024-06-20T15:00:00Z", "2024-06-21T10:00:00Z", None, refuse_for_legal_proceedings()).unwrap();
}

#[test]
fn code_6_4_an_extension_comes_after_the_stages_acknowledgement() {
    // Acknowledged on 5 June.
    let mut case = acknowledged();
    let message = "an extension cannot come before the stage's acknowledgement";
    out_of_order(&mut case, "2024-06-04T10:00:00Z", "2024-06-06T10:00:00Z", extend(StageNumber::One, 5), message);
    case.recorded("2024-06-05T15:00:00Z", "2024-06-06T10:00:00Z", None, extend(StageNumber::One, 5)).unwrap();
}

#[test]
fn code_6_15_a_stage_two_extension_comes_after_its_acknowledgement() {
    // Stage 2 acknowledged on 24 June.
    let mut case = at_stage_two();
    let message = "an extension cannot come before the stage's acknowledgement";
    out_of_order(&mut case, "2024-06-21T10:00:00Z", "2024-06-25T10:00:00Z", extend(StageNumber::Two, 5), message);
}

// ---- Code 6.13: no one from stage 1 makes stage 2's decisions

#[test]
fn code_6_13_no_one_from_stage_one_refuses_to_escalate() {
    let mut case = escalated_after_stage_one_by_three_people();
    for stage_one in ["alice", "carol", "dave"] {
        let refusal = case.refused_by("2024-06-24T10:00:00Z", Some(stage_one), refuse_for_legal_proceedings(), "6.13");
        assert!(
            refusal
                .to_string()
                .starts_with("Code 6.13: the stage 2 decision to refuse escalation must not be recorded by"),
            "{refusal}"
        );
    }
    case.ok_by("2024-06-24T10:00:00Z", "erin", refuse_for_legal_proceedings());
    assert_eq!(case.state().escalation_refusals.len(), 1);
}

#[test]
fn code_6_13_no_one_from_stage_one_extends_stage_two() {
    let mut case = escalated_after_stage_one_by_three_people();
    case.ok_by("2024-06-24T10:00:00Z", "erin", acknowledge(StageNumber::Two, "bob"));
    for stage_one in ["alice", "carol", "dave"] {
        let refusal = case.refused_by("2024-07-01T10:00:00Z", Some(stage_one), extend(StageNumber::Two, 5), "6.13");
        assert!(
            refusal.to_string().starts_with("Code 6.13: the stage 2 extension must not be recorded by"),
            "{refusal}"
        );
    }
    case.ok_by("2024-07-01T10:00:00Z", "bob", extend(StageNumber::Two, 5));
    let extension = &case.state().stage2.unwrap().extensions[0];
    assert_eq!(extension.recorded_by, Some(UserId::trusted("bob".into())), "who recorded it is kept");
}

#[test]
fn code_6_13_whoever_extended_stage_one_took_part_in_it() {
    let mut case = acknowledged();
    case.ok_by("2024-06-10T10:00:00Z", "frank", extend(StageNumber::One, 5))
        .ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate());
    let refusal = case.refused("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "frank"), "6.13");
    assert_eq!(
        refusal.to_string(),
        "Code 6.13: the stage 2 handler must not be the person who recorded an extension at stage 1"
    );
    case.refused_by("2024-06-24T10:00:00Z", Some("frank"), acknowledge(StageNumber::Two, "bob"), "6.13");
    case.ok("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
}

#[test]
fn code_6_13_an_extension_stored_before_recorders_were_kept_counts_the_stored_actor() {
    let mut case = acknowledged();
    case.ok("2024-06-10T10:00:00Z", extend(StageNumber::One, 5));
    let stored = serde_json::to_value(case.events.last().unwrap()).unwrap();
    assert!(stored.get("recorded_by").is_none(), "absent, not null, when unknown: {stored}");
    assert_eq!(&serde_json::from_value::<Event>(stored).unwrap(), case.events.last().unwrap());
    let frank = UserId::trusted("frank".into());
    let actor = |i: usize| (i == case.events.len() - 1).then(|| frank.clone());
    let complaint = Complaint::from_recorded(case.events.iter().enumerate().map(|(i, e)| (e, actor(i)))).unwrap();
    assert_eq!(complaint.stage1.involvement(&frank), Some(Involvement::RecordedExtension));
}

// ---- Code 2.3: discretion used at stage 1 holds at stage 2

#[test]
fn code_2_3_an_old_issue_accepted_with_discretion_cannot_be_refused_escalation_for_its_age() {
    let mut case = about_issue(date(2023, 1, 10), None);
    case.ok("2024-06-05T10:00:00Z", with_discretion(acknowledge(StageNumber::One, "alice")))
        .ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate());
    let refusal =
        case.refused("2024-06-21T10:00:00Z", refuse_escalation(ExclusionGround::IssueOverTwelveMonthsOld), "2.3");
    assert!(refusal.to_string().contains("discretion was used at stage 1"), "{refusal}");
    case.ok("2024-06-21T10:00:00Z", refuse_for_legal_proceedings());
}
