//! Handlers who can act: only someone whose role may change cases is named handler, and a
//! stage's handler can be replaced, with a reason, while the complaint is open, Code 6.13
//! still keeping stage 1's people from stage 2.

use super::*;

/// A reassignment of `stage` to `handler`, with a reason.
fn reassign(stage: StageNumber, handler: &str) -> Command {
    Command::Reassign(Reassign {
        stage,
        handler: UserId::trusted(handler.into()),
        reason: "Alice is on leave for a month.".into(),
        conflict: ConflictDeclaration::default(),
    })
}

fn user(id: &str) -> UserId {
    UserId::trusted(id.into())
}

/// A context at `when` whose application says `handler` has `capacity`.
fn naming(when: &str, handler: &'static UserId, capacity: Capacity) -> Context<'static> {
    at(when).naming_handler(handler, capacity)
}

static MRC: LazyLock<UserId> = LazyLock::new(|| user("mrc"));
static CAROL: LazyLock<UserId> = LazyLock::new(|| user("carol"));

/// A read-only role refused as handler, changing nothing.
fn refused_as_read_only(case: &mut Case, context: Context, command: Command) {
    let before = case.events.clone();
    let refusal = case.run_in(context, command).expect_err("a read-only handler must be refused");
    assert!(
        matches!(&refusal, Refusal::Invalid(m) if m.starts_with("the handler must be someone whose role may change cases")),
        "{refusal}"
    );
    assert_eq!(refusal.provision(), None, "no provision of the Code says who may handle: none is cited");
    assert_eq!(case.events, before, "a refused command must change nothing");
}

#[test]
fn a_read_only_role_cannot_be_named_handler_at_acknowledgement() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let when = "2024-06-05T10:00:00Z";
    refused_as_read_only(&mut case, naming(when, &MRC, Capacity::ReadsOnly), acknowledge(StageNumber::One, "mrc"));
    // What the application says of someone else is no verdict on the handler named.
    case.run_in(naming(when, &CAROL, Capacity::ReadsOnly), acknowledge(StageNumber::One, "alice")).unwrap();
    assert_eq!(case.state().stage1.handler(), Some(&user("alice")));
}

#[test]
fn a_read_only_role_cannot_be_named_stage_two_handler() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-20T10:00:00Z", escalate());
    let when = "2024-06-24T10:00:00Z";
    refused_as_read_only(&mut case, naming(when, &MRC, Capacity::ReadsOnly), acknowledge(StageNumber::Two, "mrc"));
    case.run_in(naming(when, &CAROL, Capacity::ChangesCases), acknowledge(StageNumber::Two, "carol")).unwrap();
}

#[test]
fn a_read_only_role_cannot_be_named_handler_by_reassignment() {
    let mut case = acknowledged();
    let when = "2024-06-10T10:00:00Z";
    refused_as_read_only(&mut case, naming(when, &MRC, Capacity::ReadsOnly), reassign(StageNumber::One, "mrc"));
    case.run_in(naming(when, &CAROL, Capacity::ChangesCases), reassign(StageNumber::One, "carol")).unwrap();
}

#[test]
fn reassignment_is_recorded_with_its_reason_and_changes_the_handler() {
    let mut case = acknowledged();
    let events = case.run_by("2024-06-10T10:00:00Z", Some("erin"), reassign(StageNumber::One, "carol")).unwrap();
    assert_eq!(
        events,
        vec![Event::HandlerReassigned {
            stage: StageNumber::One,
            from: user("alice"),
            handler: user("carol"),
            reason: "Alice is on leave for a month.".into(),
            conflict: ConflictDeclaration::default(),
            recorded_by: Some(user("erin")),
        }]
    );
    assert_eq!(events[0].happened(), None, "it happened when it was recorded");
    let complaint = case.state();
    assert_eq!(complaint.stage1.handler(), Some(&user("carol")));
    assert_eq!(complaint.stage1.reassignments[0].reason, "Alice is on leave for a month.");
    // The acknowledgement still says whom it named.
    assert_eq!(complaint.stage1.acknowledgement.as_ref().map(|a| &a.handler), Some(&user("alice")));
    // The new handler carries on: the stage's steps are still theirs to take.
    case.ok_by("2024-06-17T10:00:00Z", "carol", respond(StageNumber::One, &["P1", "P2"]));
    case.ok("2024-06-18T10:00:00Z", reassign(StageNumber::One, "dave"));
    assert_eq!(case.state().stage1.handler(), Some(&user("dave")), "after the response too, while open");
}

#[test]
fn a_reassignment_needs_a_reason_and_a_new_handler() {
    let mut case = acknowledged();
    let when = "2024-06-10T10:00:00Z";
    let without_reason = Command::Reassign(Reassign {
        stage: StageNumber::One,
        handler: user("carol"),
        reason: "  ".into(),
        conflict: ConflictDeclaration::default(),
    });
    let refusal = case.run(when, without_reason).unwrap_err();
    assert_eq!(refusal, Refusal::Invalid("enter the reason for the reassignment".into()));
    let refusal = case.run(when, reassign(StageNumber::One, "alice")).unwrap_err();
    assert_eq!(refusal, Refusal::Invalid("the new handler is the stage's handler already".into()));
    assert_eq!(case.events.len(), 2, "nothing was recorded");
}

#[test]
fn code_5_8_a_new_handler_with_a_conflict_of_interest_needs_measures() {
    let mut case = acknowledged();
    let declared = |measures: Option<&str>| {
        Command::Reassign(Reassign {
            stage: StageNumber::One,
            handler: user("carol"),
            reason: "Alice is on leave for a month.".into(),
            conflict: ConflictDeclaration { has_conflict: true, measures: measures.map(str::to_owned) },
        })
    };
    case.refused("2024-06-10T10:00:00Z", declared(None), "5.8");
    case.ok("2024-06-10T10:00:00Z", declared(Some("A second officer reviews the response")));
    assert!(case.state().stage1.reassignments[0].conflict.has_conflict);
}

#[test]
fn code_6_13_a_stage_two_complaint_cannot_be_reassigned_to_someone_who_took_part_in_stage_one() {
    let mut case = escalated_after_stage_one_by_three_people();
    case.ok_by("2024-06-24T10:00:00Z", "erin", acknowledge(StageNumber::Two, "bob"));
    let refusal = case.refused("2024-06-26T10:00:00Z", reassign(StageNumber::Two, "alice"), "6.13");
    assert_eq!(refusal.to_string(), "Code 6.13: the stage 2 handler must not be the person who handled stage 1");
    case.refused("2024-06-26T10:00:00Z", reassign(StageNumber::Two, "carol"), "6.13");
    case.refused("2024-06-26T10:00:00Z", reassign(StageNumber::Two, "dave"), "6.13");
    case.ok("2024-06-26T10:00:00Z", reassign(StageNumber::Two, "frank"));
    assert_eq!(case.state().current_stage().handler(), Some(&user("frank")));
}

#[test]
fn code_6_13_no_one_from_stage_one_records_a_stage_two_reassignment() {
    let mut case = escalated_after_stage_one_by_three_people();
    case.ok_by("2024-06-24T10:00:00Z", "erin", acknowledge(StageNumber::Two, "bob"));
    let refusal = case.refused_by("2024-06-26T10:00:00Z", Some("alice"), reassign(StageNumber::Two, "frank"), "6.13");
    assert_eq!(
        refusal.to_string(),
        "Code 6.13: the stage 2 reassignment must not be recorded by the person who handled stage 1"
    );
    case.ok_by("2024-06-26T10:00:00Z", "erin", reassign(StageNumber::Two, "frank"));
}

#[test]
fn code_6_13_a_stage_one_handler_replaced_by_reassignment_still_took_part_in_stage_one() {
    let mut case = acknowledged();
    case.ok("2024-06-10T10:00:00Z", reassign(StageNumber::One, "carol"))
        .ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate());
    assert_eq!(case.state().stage1.involvement(&user("alice")), Some(Involvement::Handled));
    assert_eq!(case.state().stage1.involvement(&user("carol")), Some(Involvement::Handled));
    case.refused("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "alice"), "6.13");
    case.refused("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "carol"), "6.13");
    case.ok("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
}

#[test]
fn reassignment_is_offered_while_the_stage_has_a_handler_and_the_complaint_is_open() {
    let offers = |case: &Case| case.state().allowed().contains(&Allowed::Reassign);
    let when = "2024-06-25T10:00:00Z";
    let mut received = Case::received("2024-06-03T09:00:00Z");
    assert!(!offers(&received));
    assert!(matches!(received.run(when, reassign(StageNumber::One, "carol")), Err(Refusal::State(_))));
    let mut case = acknowledged();
    assert!(offers(&case));
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    assert!(offers(&case), "responded, not yet closed");
    let mut awaiting = Case { events: case.events.clone() };
    awaiting.ok("2024-06-20T10:00:00Z", escalate());
    assert!(!offers(&awaiting), "stage 2 has no handler until acknowledged");
    assert!(matches!(awaiting.run(when, reassign(StageNumber::Two, "carol")), Err(Refusal::State(_))));
    // A reassignment meant for stage 1 does not land on stage 2.
    assert!(matches!(awaiting.run(when, reassign(StageNumber::One, "carol")), Err(Refusal::State(_))));
    case.ok("2024-06-19T10:00:00Z", close());
    assert!(!offers(&case));
    assert!(matches!(case.run(when, reassign(StageNumber::One, "carol")), Err(Refusal::State(_))));
}

#[test]
fn code_6_13_only_someone_who_may_respond_may_prepare_the_response() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let refusal =
        may_respond(&case.state(), Some(&user("alice"))).expect_err("nothing to respond to before acknowledging");
    assert!(matches!(refusal, Refusal::State(_)), "{refusal}");
    case.ok("2024-06-05T10:00:00Z", acknowledge(StageNumber::One, "alice"));
    assert_eq!(may_respond(&case.state(), Some(&user("alice"))), Ok(StageNumber::One));

    let mut case = escalated_after_stage_one_by_three_people();
    case.ok_by("2024-06-24T10:00:00Z", "erin", acknowledge(StageNumber::Two, "frank"));
    let refusal = may_respond(&case.state(), Some(&user("alice"))).expect_err("alice handled stage 1");
    assert!(refusal.to_string().starts_with("Code 6.13: the stage 2 response must not be recorded"), "{refusal}");
    assert_eq!(may_respond(&case.state(), Some(&user("frank"))), Ok(StageNumber::Two));
    assert_eq!(may_respond(&case.state(), None), Ok(StageNumber::Two), "reading the draft: the stage alone");
    case.ok_by("2024-06-26T10:00:00Z", "frank", respond(StageNumber::Two, &["P3", "P4"]));
    assert!(may_respond(&case.state(), Some(&user("frank"))).is_err(), "the stage is answered");
}
