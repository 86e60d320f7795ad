//! Passing a complaint to another organisation to handle (Code 5.4): while it is open, with a
//! reason, to an organisation not handling it already; the last pass says who handles it.

use super::*;

fn pass_to(organisation: &str, reason: &str) -> Command {
    Command::PassHandling(PassHandling {
        organisation: OrganisationId::trusted(organisation.into()),
        reason: reason.into(),
    })
}

fn org(id: &str) -> OrganisationId {
    OrganisationId::trusted(id.into())
}

#[test]
fn a_complaint_passed_to_an_agent_is_handled_by_it_until_passed_back() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    assert_eq!(case.state().handling_organisation(), &org("landlord"));
    let events =
        case.run_by("2024-06-04T10:00:00Z", Some("alice"), pass_to("agent", "The agent manages the block")).unwrap();
    assert_eq!(
        events,
        vec![Event::HandlingPassed {
            from: org("landlord"),
            to: org("agent"),
            reason: "The agent manages the block".into(),
            recorded_by: Some(UserId::trusted("alice".into())),
        }]
    );
    assert_eq!(case.state().handling_organisation(), &org("agent"));
    assert_eq!(case.state().logged.handling_organisation, org("landlord"), "the logged record is kept as it was");
    case.ok("2024-06-05T10:00:00Z", pass_to("landlord", "The resident asked for the landlord"));
    assert_eq!(case.state().handling_organisation(), &org("landlord"));
    assert_eq!(case.state().handovers.len(), 2);
}

#[test]
fn passing_needs_a_reason_and_another_organisation() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let before = case.events.clone();
    assert!(matches!(case.run("2024-06-04T10:00:00Z", pass_to("agent", "  ")), Err(Refusal::Invalid(_))));
    assert!(matches!(case.run("2024-06-04T10:00:00Z", pass_to("landlord", "Why not")), Err(Refusal::Invalid(_))));
    assert_eq!(case.events, before);
}

#[test]
fn passing_is_offered_and_taken_only_while_the_complaint_is_open() {
    let offers = |case: &Case| case.state().allowed().contains(&Allowed::PassHandling);
    let when = "2024-06-25T10:00:00Z";
    let received = Case::received("2024-06-03T09:00:00Z");
    assert!(offers(&received), "before acknowledgement: the usual time to pass it on");
    let mut case = acknowledged();
    assert!(offers(&case));
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok(
        "2024-06-19T10:00:00Z",
        Command::Close(Learning {
            root_cause: "Repairs were not chased".into(),
            improvement_needed: false,
            improvement_actions: Vec::new(),
        }),
    );
    assert!(!offers(&case));
    assert!(matches!(case.run(when, pass_to("agent", "Too late")), Err(Refusal::State(_))));
}
