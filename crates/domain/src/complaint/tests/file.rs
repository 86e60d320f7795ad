//! What the rebuilt complaint keeps for its file, so that the case page can show everything
//! decided from the complaint alone: the discretion a refusal decided on, the resident's reasons
//! for a stage 2 request that was refused, how a remedy was carried out, the stage each action
//! was added at, and a stage 1 closure's learning after a later escalation.

use super::*;

fn learning(root_cause: &str) -> Learning {
    Learning { root_cause: root_cause.into(), improvement_needed: false, improvement_actions: vec![] }
}

fn action(description: &str) -> ActionPlan {
    ActionPlan { description: description.into(), owner: UserId::trusted("alice".into()), due: date(2024, 8, 1) }
}

#[test]
fn a_decision_not_to_accept_keeps_the_discretion_it_decided_on() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let why = "The resident gave no reason for waiting two years.";
    case.ok(
        "2024-06-04T09:00:00Z",
        not_accept(ExclusionGround::LegalProceedingsStarted, "A claim is at court.", Some(why)),
    );
    assert_eq!(case.state().not_accepted.unwrap().discretion.as_deref(), Some(why));
}

#[test]
fn a_refused_request_for_stage_two_keeps_the_residents_reasons() {
    let mut case = acknowledged();
    let because = "The boiler still fails every week.";
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok(
            "2024-06-20T10:00:00Z",
            Command::RequestEscalation(RequestEscalation { reason: Some(because.into()), channel: None }),
        )
        .ok(
            "2024-06-24T10:00:00Z",
            Command::RefuseEscalation(RefuseEscalation {
                ground: ExclusionGround::LegalProceedingsStarted,
                reasons: "The resident has filed a claim at court.".into(),
            }),
        );
    let state = case.state();
    assert!(state.stage2.is_none());
    assert_eq!(state.escalation_refusals[0].requested_because.as_deref(), Some(because));
}

#[test]
fn a_completed_remedy_keeps_how_it_was_carried_out() {
    let mut case = acknowledged();
    let offer = RemedyOffer {
        kind: RemedyKind::Apology,
        description: "A written apology".into(),
        amount_pence: None,
        due: Some(date(2024, 7, 1)),
    };
    case.ok("2024-06-06T10:00:00Z", Command::OfferRemedy(offer)).ok(
        "2024-06-07T10:00:00Z",
        Command::CompleteRemedy(Item {
            id: "R1".into(),
            body: CompleteRemedy { note: "Letter posted first class".into() },
        }),
    );
    let remedy = &case.state().remedies[0];
    assert_eq!(remedy.completed_on, Some(date(2024, 6, 7)));
    assert_eq!(remedy.completion_note.as_deref(), Some("Letter posted first class"));
}

#[test]
fn each_action_keeps_the_stage_it_was_added_at() {
    let mut case = acknowledged();
    case.ok("2024-06-06T10:00:00Z", Command::AddAction(action("Service the boiler")))
        .ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate())
        .ok("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "bob"))
        .ok("2024-06-25T10:00:00Z", Command::AddAction(action("Replace the boiler")));
    let stages: Vec<_> = case.state().actions.iter().map(|a| a.stage).collect();
    assert_eq!(stages, [Some(StageNumber::One), Some(StageNumber::Two)]);

    // An action recorded before actions named their stage takes the stage the complaint was at.
    for event in &mut case.events {
        if let Event::ActionAdded { action } = event {
            action.stage = None;
        }
    }
    let stages: Vec<_> = case.state().actions.iter().map(|a| a.stage).collect();
    assert_eq!(stages, [Some(StageNumber::One), Some(StageNumber::Two)]);
}

#[test]
fn a_stage_one_closure_keeps_its_learning_when_stage_two_is_asked_for_later() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-19T10:00:00Z", Command::Close(learning("Appointments were booked without the part")))
        .ok("2024-06-20T10:00:00Z", escalate());
    let state = case.state();
    assert_eq!(state.closed, None, "escalating reopens it");
    let kept: Vec<&str> = state.earlier_closures.iter().map(|c| c.learning.root_cause.as_str()).collect();
    assert_eq!(kept, ["Appointments were booked without the part"]);
}
