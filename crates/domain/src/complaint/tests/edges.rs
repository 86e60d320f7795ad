//! The edges of the rules: the day a rule starts to apply and the day before it, what is kept
//! when text is given, and the cases where two conditions must both hold. `cargo mutants`
//! found each of these untested (see `crates/domain/MUTANTS.md`): a test here fails if the
//! comparison or condition it names is changed.

use super::*;

/// A context for something that happened at `stated` and is recorded at `recorded`.
fn recorded_at(stated: &str, recorded: &str) -> Context<'static> {
    Context::new(instant(recorded), Some(instant(stated)), &CALENDAR, code()).unwrap().with_ombudsman(&HOS)
}

// ---- Logging

#[test]
fn code_5_12_a_complaint_is_logged_between_the_day_it_was_received_and_today() {
    // Received Monday 3 June 2024, recorded on Wednesday 5 June.
    let context = recorded_at("2024-06-03T09:00:00Z", "2024-06-05T09:00:00Z");
    let logged_on = |day: Option<Date>| match log(log_command(), day, &context) {
        Ok(Event::Logged(logged)) => Some(logged.logged_on),
        Ok(other) => panic!("logging gave {other:?}"),
        Err(_) => None,
    };
    // Logged today by default, though received earlier.
    assert_eq!(logged_on(None), Some(date(2024, 6, 5)));
    // Either end of the range is allowed...
    assert_eq!(logged_on(Some(date(2024, 6, 3))), Some(date(2024, 6, 3)));
    assert_eq!(logged_on(Some(date(2024, 6, 5))), Some(date(2024, 6, 5)));
    // ...and a day outside it at either end is not.
    assert_eq!(logged_on(Some(date(2024, 6, 2))), None);
    assert_eq!(logged_on(Some(date(2024, 6, 6))), None);
}

// ---- Remedies (7.3)

#[test]
fn code_7_3_completing_a_remedy_records_how_it_was_carried_out() {
    let mut case = acknowledged();
    case.ok("2024-06-10T09:00:00Z", offer(RemedyKind::Apology, None, Some(date(2024, 6, 28))));
    let complete =
        |note: &str| Command::CompleteRemedy(Item { id: "R1".into(), body: CompleteRemedy { note: note.into() } });
    // A blank note says nothing of how it was carried out.
    assert!(matches!(case.run("2024-06-20T09:00:00Z", complete("  ")), Err(Refusal::Invalid(_))));
    let events = case.run("2024-06-20T09:00:00Z", complete("  Apology letter sent by post ")).unwrap();
    assert!(
        matches!(&events[..], [Event::RemedyCompleted { note, .. }] if note == "Apology letter sent by post"),
        "{events:?}"
    );
}

#[test]
fn code_5_13_a_remedy_is_offered_only_while_the_complaint_is_open() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok(
        "2024-06-25T10:00:00Z",
        Command::Close(Learning {
            root_cause: "Job tickets closed without a visit".into(),
            improvement_needed: false,
            improvement_actions: vec![],
        }),
    );
    let late_offer = offer(RemedyKind::Apology, None, Some(date(2024, 7, 5)));
    assert!(matches!(case.run("2024-06-26T10:00:00Z", late_offer), Err(Refusal::State(_))));
}

// ---- A complaint not accepted (2.1, 2.4)

#[test]
fn code_2_4_a_complaint_not_accepted_takes_only_what_concerns_the_ombudsman_and_the_record() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.ok(
        "2024-06-04T09:00:00Z",
        not_accept(ExclusionGround::LegalProceedingsStarted, "A claim was filed at court on 1 May.", None),
    );
    // It is not then handled as a complaint...
    let acknowledging = case.run("2024-06-05T09:00:00Z", acknowledge(StageNumber::One, "alice"));
    assert!(matches!(acknowledging, Err(Refusal::State(_))), "{acknowledging:?}");
    // ...but the resident may take the decision to the Ombudsman, and what is said is kept.
    case.ok(
        "2024-06-10T09:00:00Z",
        Command::RecordCorrespondence(RecordCorrespondence {
            correspondence: "k-1".into(),
            direction: Direction::Incoming,
            channel: Channel::Email,
            summary: "The resident disagrees with the decision".into(),
            evidence: None,
        }),
    )
    .ok("2024-07-01T09:00:00Z", Command::ReferToOmbudsman(ReferToOmbudsman { case_reference: None }));
    assert!(case.state().ombudsman.is_some());
}

// ---- Responses (6.7, 6.9)

#[test]
fn code_6_9_a_response_comes_on_or_after_the_acknowledgement() {
    // Acknowledged on Wednesday 5 June: a response stated on the 4th is refused...
    let mut case = acknowledged();
    let early = case
        .run_in(recorded_at("2024-06-04T15:00:00Z", "2024-06-06T09:00:00Z"), respond(StageNumber::One, &["P1", "P2"]));
    assert!(matches!(early, Err(Refusal::Invalid(_))), "{early:?}");
    // ...and one on the same day is recorded.
    case.ok("2024-06-05T16:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    assert_eq!(case.state().stage1.response.map(|r| r.on), Some(date(2024, 6, 5)));
}

#[test]
fn code_7_3_a_remedy_may_be_due_from_the_day_the_complaint_was_received() {
    // Received Monday 3 June 2024.
    let mut case = acknowledged();
    let due = |day: Date| offer(RemedyKind::Apology, None, Some(day));
    assert!(matches!(case.run("2024-06-10T09:00:00Z", due(date(2024, 6, 2))), Err(Refusal::Invalid(_))));
    case.ok("2024-06-10T09:00:00Z", due(date(2024, 6, 3)));
    assert_eq!(case.state().remedies[0].due, date(2024, 6, 3));
}

#[test]
fn code_7_3_a_financial_remedy_states_an_amount_of_at_least_a_penny() {
    let mut case = acknowledged();
    let due = Some(date(2024, 6, 28));
    case.refused("2024-06-10T09:00:00Z", offer(RemedyKind::Financial, Some(0), due), "7.3");
    case.ok("2024-06-10T09:00:00Z", offer(RemedyKind::Financial, Some(1), due));
    assert_eq!(case.state().remedies[0].amount_pence, Some(1));
}

// ---- Outstanding actions (6.6)

#[test]
fn code_6_6_an_outstanding_action_needs_both_a_description_and_an_owner() {
    let mut case = acknowledged();
    let plan = |description: &str, owner: &str| {
        Command::AddAction(ActionPlan {
            description: description.into(),
            owner: UserId::trusted(owner.into()),
            due: date(2024, 7, 5),
        })
    };
    case.refused("2024-06-10T09:00:00Z", plan(" ", "repairs-lead"), "6.6");
    case.refused("2024-06-10T09:00:00Z", plan("Replace the radiator valves", " "), "6.6");
    case.ok("2024-06-10T09:00:00Z", plan("Replace the radiator valves", "repairs-lead"));
    assert_eq!(case.state().actions.len(), 1);
}

// ---- Refusing to escalate (5.11, 2.3)

#[test]
fn code_2_3_escalation_is_refused_for_age_neither_within_twelve_months_nor_after_discretion() {
    let refuse = || {
        Command::RefuseEscalation(RefuseEscalation {
            ground: ExclusionGround::IssueOverTwelveMonthsOld,
            reasons: "The issue arose over a year before the complaint and nothing explains the delay.".into(),
        })
    };
    // Within 12 months of becoming aware: the age is no ground.
    let mut recent = about_issue(date(2024, 1, 10), None);
    recent
        .ok("2024-06-04T09:00:00Z", acknowledge(StageNumber::One, "alice"))
        .ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate());
    let refusal = recent.refused("2024-06-21T10:00:00Z", refuse(), "2.3");
    assert!(refusal.to_string().contains("within 12 months"), "{refusal}");
    // Over 12 months, but accepted at stage 1 with discretion: the age is no ground now either.
    let mut old = about_issue(date(2023, 1, 10), Some(date(2023, 5, 1)));
    old.ok("2024-06-04T09:00:00Z", with_discretion(acknowledge(StageNumber::One, "alice")))
        .ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate());
    let refusal = old.refused("2024-06-21T10:00:00Z", refuse(), "2.3");
    assert!(refusal.to_string().contains("discretion was used"), "{refusal}");
}

// ---- Extensions (6.4)

#[test]
fn code_6_4_a_blank_good_reason_is_recorded_as_none() {
    let mut case = acknowledged();
    let Command::Extend(within_limit) = extend(StageNumber::One, 5) else { unreachable!() };
    let blank = Command::Extend(Extend { good_reason: Some("  ".into()), ..within_limit });
    let events = case.run("2024-06-10T09:00:00Z", blank).unwrap();
    let recorded: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Extended { good_reason, .. } => Some(good_reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(recorded, vec![None]);
}

// ---- Deadlines (6.2, 6.3, 5.12)

#[test]
fn code_6_2_each_deadline_status_is_stored_by_the_name_serde_writes() {
    let every = [
        DeadlineStatus::OnTrack,
        DeadlineStatus::DueSoon,
        DeadlineStatus::Overdue { working_days_late: 1 },
        DeadlineStatus::Met,
        DeadlineStatus::MetWithinExtension,
        DeadlineStatus::Missed { working_days_late: 1 },
    ];
    for status in every {
        assert_eq!(serde_json::to_value(status).unwrap()["status"], status.as_str());
    }
}

#[test]
fn code_6_3_once_acknowledged_the_response_is_the_next_deadline_open() {
    // Acknowledged on Wednesday 5 June 2024: the acknowledgement is met, the response is open.
    let case = acknowledged();
    let all = case.deadlines(date(2024, 6, 6));
    let next = next_open(&all).map(|d| (d.stage, d.step));
    assert_eq!(next, Some((StageNumber::One, Step::Response)));
}

#[test]
fn code_5_12_deadlines_met_by_records_made_in_time_are_not_counted_apart() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    let all = case.deadlines(date(2024, 6, 18));
    assert!(all.iter().all(|d| d.status == DeadlineStatus::Met), "{all:?}");
    assert_eq!(met_only_by_late_records(&all), 0);
}

// ---- What a response records (6.9, 6.6, 7.3)

/// The stage 1 response of [`respond`], with `remedy` and `outstanding` in place of its own.
fn respond_with(remedy: RemedyOutcome, outstanding: Outstanding) -> Command {
    let Command::Respond(response) = respond(StageNumber::One, &["P1", "P2"]) else { unreachable!() };
    Command::Respond(Respond { remedy: Some(remedy), outstanding: Some(outstanding), ..response })
}

fn apology() -> RemedyOffer {
    RemedyOffer {
        kind: RemedyKind::Apology,
        description: "A written apology".into(),
        amount_pence: None,
        due: Some(date(2024, 6, 28)),
    }
}

fn valves() -> ActionPlan {
    ActionPlan {
        description: "Replace the radiator valves".into(),
        owner: UserId::trusted("repairs-lead".into()),
        due: date(2024, 7, 5),
    }
}

#[test]
fn code_6_9_a_response_offering_a_remedy_names_at_least_one() {
    let mut case = acknowledged();
    let none_named = respond_with(RemedyOutcome::Offered { remedies: vec![] }, Outstanding::None);
    case.refused("2024-06-18T10:00:00Z", none_named, "6.9");
    case.ok(
        "2024-06-18T10:00:00Z",
        respond_with(RemedyOutcome::Offered { remedies: vec![apology()] }, Outstanding::None),
    );
    assert_eq!(case.state().remedies.len(), 1);
}

#[test]
fn code_6_9_a_response_numbers_its_remedies_and_actions_after_those_already_recorded() {
    let mut case = acknowledged();
    case.ok("2024-06-10T09:00:00Z", Command::OfferRemedy(apology()))
        .ok("2024-06-10T09:00:00Z", Command::AddAction(valves()))
        .ok(
            "2024-06-18T10:00:00Z",
            respond_with(
                RemedyOutcome::Offered { remedies: vec![apology(), apology()] },
                Outstanding::Actions { actions: vec![valves(), valves()] },
            ),
        );
    let state = case.state();
    let remedies: Vec<&str> = state.remedies.iter().map(|r| r.id.as_str()).collect();
    let actions: Vec<&str> = state.actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!((remedies, actions), (vec!["R1", "R2", "R3"], vec!["A1", "A2", "A3"]));
}

#[test]
fn code_6_7_each_decision_is_on_a_point_of_the_definition_and_only_once() {
    let mut case = acknowledged();
    let Command::Respond(response) = respond(StageNumber::One, &[]) else { unreachable!() };
    let deciding = |points: &[&str]| Command::Respond(Respond { decisions: decisions(points), ..response.clone() });
    let undefined = case.run("2024-06-18T10:00:00Z", deciding(&["P1", "P2", "P9"]));
    assert!(matches!(undefined, Err(Refusal::Invalid(_))), "{undefined:?}");
    let twice = case.run("2024-06-18T10:00:00Z", deciding(&["P1", "P2", "P1"]));
    assert!(matches!(twice, Err(Refusal::Invalid(_))), "{twice:?}");
    case.ok("2024-06-18T10:00:00Z", deciding(&["P1", "P2"]));
}
