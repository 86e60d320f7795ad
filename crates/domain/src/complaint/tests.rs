//! The lifecycle's rules, each test named after the provision it proves.

use super::command::{
    Acknowledge, AddPoints, AgreeUpdateInterval, CompleteAction, CompleteRemedy, Extend, Item, NotAccept,
    RecordDetermination, RecordOrderCompliance, ReferToOmbudsman, RefuseEscalation, RequestEscalation, Respond,
    UpdateAction,
};
use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;
use crate::calendar::{NonWorkingDay, WorkingCalendar};
use crate::categories::default_categories;
use crate::code::{Anchor, CodeBook, VersionId};
use crate::ids::{CategoryId, ComplaintId, OrganisationId, RepresentativeId, ResidentId, UserId};
use crate::ombudsman::OmbudsmanContact;
use crate::refusal::Refusal;

pub(super) static CALENDAR: LazyLock<WorkingCalendar> = LazyLock::new(WorkingCalendar::england_and_wales);

/// The Ombudsman's details as the organisation's settings hold them.
static HOS: LazyLock<OmbudsmanContact> = LazyLock::new(OmbudsmanContact::housing_ombudsman_service);

pub(super) fn code() -> &'static CodeBook {
    CodeBook::embedded().unwrap()
}

fn instant(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A context for something happening at `when` (and recorded then), with the Ombudsman's
/// details from the organisation's settings.
pub(super) fn at(when: &str) -> Context<'static> {
    Context::new(instant(when), None, &CALENDAR, code()).unwrap().with_ombudsman(&HOS)
}

fn log_command() -> LogComplaint {
    LogComplaint {
        id: ComplaintId::trusted("c-1".into()),
        organisation: OrganisationId::trusted("landlord".into()),
        handling_organisation: OrganisationId::trusted("landlord".into()),
        channel: Channel::Phone,
        issue_occurred_on: date(2024, 5, 20),
        became_aware_on: None,
        description: "The boiler has failed three times and repairs were missed.".into(),
        categories: vec![CategoryId::trusted("repairs".into())],
        category_list: default_categories(),
        risks: Default::default(),
        risk_notes: None,
        complexity: Complexity::Straightforward,
        resident: ResidentId::trusted("resident-1".into()),
        representative: None,
        property: None,
        service_requests: vec![],
        linked_complaints: vec![],
    }
}

/// A complaint's events, with the commands that made them.
pub(super) struct Case {
    pub(super) events: Vec<Event>,
}

impl Case {
    pub(super) fn received(when: &str) -> Case {
        Case::logged(when, log_command())
    }

    fn logged(when: &str, command: LogComplaint) -> Case {
        Case { events: vec![log(command, None, &at(when)).unwrap()] }
    }

    pub(super) fn state(&self) -> Complaint {
        Complaint::from_events(&self.events).unwrap()
    }

    /// Runs a command at `when`; on success its events join the record.
    pub(super) fn run(&mut self, when: &str, command: Command) -> Result<Vec<Event>, Refusal> {
        self.run_by(when, None, command)
    }

    /// Runs a command at `when`, recorded by `who` when given.
    fn run_by(&mut self, when: &str, who: Option<&str>, command: Command) -> Result<Vec<Event>, Refusal> {
        let who = who.map(|w| UserId::trusted(w.into()));
        let context = match &who {
            Some(who) => at(when).acting_as(who),
            None => at(when),
        };
        self.run_in(context, command)
    }

    fn run_in(&mut self, context: Context, command: Command) -> Result<Vec<Event>, Refusal> {
        let events = decide(&self.state(), command, &context)?;
        self.events.extend(events.clone());
        Ok(events)
    }

    /// As [`Case::ok`], recorded by `who`.
    fn ok_by(&mut self, when: &str, who: &str, command: Command) -> &mut Case {
        if let Err(refusal) = self.run_by(when, Some(who), command) {
            panic!("refused at {when}: {refusal}");
        }
        self
    }

    pub(super) fn ok(&mut self, when: &str, command: Command) -> &mut Case {
        if let Err(refusal) = self.run(when, command) {
            panic!("refused at {when}: {refusal}");
        }
        self
    }

    /// Runs a command that must be refused citing `provision`, and checks the record is unchanged.
    pub(super) fn refused(&mut self, when: &str, command: Command, provision: &str) -> Refusal {
        self.refused_by(when, None, command, provision)
    }

    /// As [`Case::refused`], recorded by `who` when given.
    fn refused_by(&mut self, when: &str, who: Option<&str>, command: Command, provision: &str) -> Refusal {
        let who = who.map(|w| UserId::trusted(w.into()));
        let context = match &who {
            Some(who) => at(when).acting_as(who),
            None => at(when),
        };
        self.refused_in(context, command, provision)
    }

    /// As [`Case::refused`], with no Ombudsman's details to give the resident.
    fn refused_without_ombudsman(&mut self, when: &str, command: Command, provision: &str) -> Refusal {
        self.refused_in(Context { ombudsman: None, ..at(when) }, command, provision)
    }

    fn refused_in(&mut self, context: Context, command: Command, provision: &str) -> Refusal {
        let before = self.events.clone();
        let refusal = self.run_in(context, command).expect_err("the command should have been refused");
        assert_eq!(refusal.provision().map(|p| p.to_string()).as_deref(), Some(provision), "{refusal}");
        // Cited as "Code 6.13", or as "2022 Code 5.12" for a complaint under the 2022 Code.
        let version = match refusal.version() {
            Some(VersionId::V2022) => "2022 ",
            _ => "",
        };
        assert!(refusal.to_string().starts_with(&format!("{version}Code {provision}: ")), "{refusal}");
        assert_eq!(self.events, before, "a refused command must change nothing");
        refusal
    }

    pub(super) fn deadlines(&self, today: Date) -> Vec<Deadline> {
        let state = self.state();
        deadlines(&state, code().version(state.logged.code_version).unwrap(), &CALENDAR, today).unwrap()
    }

    pub(super) fn deadline(&self, stage: StageNumber, step: Step, today: Date) -> Deadline {
        self.deadlines(today).into_iter().find(|d| d.stage == stage && d.step == step).unwrap()
    }
}

pub(super) fn acknowledge(stage: StageNumber, handler: &str) -> Command {
    Command::Acknowledge(Acknowledge {
        stage,
        handler: UserId::trusted(handler.into()),
        definition: DefinitionInput {
            points: vec!["Repairs to the boiler were missed".into(), "Calls were not returned".into()],
            outcomes_sought: vec!["A working boiler".into(), "An apology".into()],
        },
        responsibility: Responsibility { responsible_for: vec!["Boiler repairs".into()], not_responsible_for: vec![] },
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
    })
}

fn decisions(points: &[&str]) -> Vec<PointDecision> {
    points
        .iter()
        .map(|p| PointDecision {
            point: (*p).into(),
            decision: Decision::Upheld,
            reasons: "The repair policy was not followed.".into(),
        })
        .collect()
}

pub(super) fn respond(stage: StageNumber, points: &[&str]) -> Command {
    Command::Respond(Respond {
        stage,
        decision: Some(Decision::Upheld),
        decisions: decisions(points),
        remedy: Some(RemedyOutcome::NoRemedy { reason: "The boiler was replaced the same week.".into() }),
        outstanding: Some(Outstanding::None),
        escalation: (stage == StageNumber::One).then(stage_two_route),
    })
}

/// How the landlord's policy says to ask for stage 2.
fn stage_two_route() -> StageTwoRoute {
    StageTwoRoute {
        contact: "The complaints team".into(),
        how: "Reply to this letter, email complaints@example.org or call 0100 000 0000".into(),
        within: "Within 20 working days of this response".into(),
    }
}

pub(super) fn extend(stage: StageNumber, working_days: u16) -> Command {
    Command::Extend(Extend {
        stage,
        working_days,
        reason: "We are waiting for the contractor's report.".into(),
        resident_informed: true,
        good_reason: None,
        update_interval: Some(5),
        new_due: None,
    })
}

pub(super) fn escalate() -> Command {
    Command::RequestEscalation(RequestEscalation { reason: None, channel: Some(Channel::Phone) })
}

/// Received Monday 3 June 2024, acknowledged Wednesday 5 June by alice.
pub(super) fn acknowledged() -> Case {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.ok("2024-06-05T10:00:00Z", acknowledge(StageNumber::One, "alice"));
    case
}

/// Then answered at stage 1, escalated and acknowledged at stage 2 by bob.
pub(super) fn at_stage_two() -> Case {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate())
        .ok("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
    case
}

// ---- Triage (6.1)

#[test]
fn code_6_1_complexity_and_risks_are_recorded_when_logged() {
    let risks = [Risk::Vulnerability, Risk::DampAndMould].into_iter().collect();
    let case = Case::logged(
        "2024-06-03T09:00:00Z",
        LogComplaint {
            risks,
            risk_notes: Some(" Young children; mould in the bedroom ".into()),
            complexity: Complexity::Complex,
            ..log_command()
        },
    );
    let logged = case.state().logged;
    assert_eq!(logged.risks.iter().copied().collect::<Vec<_>>(), [Risk::Vulnerability, Risk::DampAndMould]);
    assert_eq!(logged.risk_notes.as_deref(), Some("Young children; mould in the bedroom"));
    assert_eq!(logged.complexity, Complexity::Complex);
    let json = serde_json::to_value(&case.events[0]).unwrap();
    assert_eq!(json["risks"], serde_json::json!(["vulnerability", "damp_and_mould"]));
}

#[test]
fn code_6_1_another_risk_must_be_described() {
    let other = |notes: Option<&str>| LogComplaint {
        risks: [Risk::Other].into_iter().collect(),
        risk_notes: notes.map(str::to_owned),
        ..log_command()
    };
    for notes in [None, Some("  ")] {
        let refusal = log(other(notes), None, &at("2024-06-03T09:00:00Z")).unwrap_err();
        assert_eq!(refusal.provision().map(|p| p.to_string()).as_deref(), Some("6.1"), "{refusal}");
    }
    assert!(log(other(Some("The resident is facing eviction")), None, &at("2024-06-03T09:00:00Z")).is_ok());
}

#[test]
fn a_complaint_logged_before_risks_were_typed_loads_and_serialises_as_stored() {
    let case = Case::received("2024-06-03T09:00:00Z");
    let mut json = serde_json::to_value(&case.events[0]).unwrap();
    assert!(json.get("risks").is_none() && json.get("risk_notes").is_none(), "none, so not written: {json}");
    json["risk_flags"] = serde_json::json!(["Lives alone"]);
    let old: Event = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&old).unwrap(), json, "the same JSON, so the same hash");
    let Event::Logged(logged) = old else { panic!("not logged") };
    assert!(logged.risks.is_empty());
    assert_eq!(logged.risk_flags, ["Lives alone"]);
}

// ---- Categories (9.7 a)

#[test]
fn code_9_7_a_complaint_is_logged_under_several_categories_of_the_list() {
    let chosen = ["damp-and-mould", "repairs"].map(|id| CategoryId::trusted(id.into())).to_vec();
    let case = Case::logged("2024-06-03T09:00:00Z", LogComplaint { categories: chosen.clone(), ..log_command() });
    let logged = case.state().logged;
    assert_eq!(logged.category_ids, chosen);
    assert_eq!(logged.categories, ["Damp and mould", "Repairs"], "the names as they were, for the record");
    let unknown = LogComplaint { categories: vec![CategoryId::trusted("noise".into())], ..log_command() };
    assert!(matches!(log(unknown, None, &at("2024-06-03T09:00:00Z")), Err(Refusal::Invalid(_))));
}

#[test]
fn a_complaint_logged_with_free_text_categories_loads_and_serialises_as_stored() {
    let case = Case::received("2024-06-03T09:00:00Z");
    let mut json = serde_json::to_value(&case.events[0]).unwrap();
    json.as_object_mut().unwrap().remove("category_ids");
    json["categories"] = serde_json::json!(["Damp and mould, repairs"]);
    let old: Event = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&old).unwrap(), json, "the same JSON, so the same hash");
    let Event::Logged(logged) = old else { panic!("not logged") };
    assert!(logged.category_ids.is_empty());
    assert_eq!(logged.categories, ["Damp and mould, repairs"]);
}

// ---- Stages (5.2, 5.3, 6.10, 6.12, 6.13, 6.20)

#[test]
fn code_5_3_a_complaint_has_exactly_two_stages() {
    assert!(StageNumber::try_from(0).is_err(), "no stage 0 (5.2)");
    assert!(StageNumber::try_from(3).is_err(), "no stage 3 (5.3)");
    assert!(serde_json::from_str::<StageNumber>("3").is_err());
    assert_eq!(serde_json::from_str::<StageNumber>("2").unwrap(), StageNumber::Two);
}

#[test]
fn code_5_3_there_is_no_third_stage() {
    let mut case = at_stage_two();
    case.ok("2024-07-15T10:00:00Z", respond(StageNumber::Two, &["P3", "P4"]));
    case.refused("2024-07-16T10:00:00Z", escalate(), "5.3");
}

#[test]
fn code_6_10_escalation_only_after_the_stage_one_response() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.refused("2024-06-04T09:00:00Z", escalate(), "6.10");
    case.ok("2024-06-05T10:00:00Z", acknowledge(StageNumber::One, "alice"));
    case.refused("2024-06-06T09:00:00Z", escalate(), "6.10");
    case.refused("2024-06-06T09:00:00Z", acknowledge(StageNumber::Two, "bob"), "6.10");
}

#[test]
fn code_6_12_the_resident_need_not_give_reasons_to_escalate() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    case.ok(
        "2024-06-20T10:00:00Z",
        Command::RequestEscalation(RequestEscalation { reason: Some("  ".into()), channel: None }),
    );
    assert_eq!(case.state().stage2.unwrap().escalation_reason, None);
}

/// Code 3.1: a resident may ask for stage 2 by any of the ways they can complain, and the
/// record says which; a request recorded before the question was asked has none.
#[test]
fn code_3_1_how_the_resident_asked_for_stage_2_is_recorded() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    case.ok("2024-06-20T10:00:00Z", escalate());
    assert_eq!(case.state().stage2.unwrap().escalation_channel, Some(Channel::Phone));
    let earlier = r#"{"type":"escalation_requested","at":"2024-06-20T10:00:00Z","on":"2024-06-20","counts_from":"2024-06-20","reason":null}"#;
    let event: Event = serde_json::from_str(earlier).expect("an event written before the channel was asked");
    assert_eq!(serde_json::to_string(&event).expect("serialised"), earlier, "stored and hashed as before");
}

#[test]
fn code_6_13_stage_two_handler_differs() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-20T10:00:00Z", escalate());
    let refusal = case.refused("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "alice"), "6.13");
    assert_eq!(refusal.to_string(), "Code 6.13: the stage 2 handler must not be the person who handled stage 1");
    case.ok("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
}

/// Stage 1 handled by alice, its acknowledgement recorded by carol and its response by dave;
/// escalated: stage 2 awaits its acknowledgement.
fn escalated_after_stage_one_by_three_people() -> Case {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.ok_by("2024-06-05T10:00:00Z", "carol", acknowledge(StageNumber::One, "alice"))
        .ok_by("2024-06-18T10:00:00Z", "dave", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate());
    case
}

#[test]
fn code_6_13_whoever_recorded_the_stage_one_acknowledgement_cannot_handle_stage_two() {
    let mut case = escalated_after_stage_one_by_three_people();
    let refusal = case.refused("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "carol"), "6.13");
    assert_eq!(
        refusal.to_string(),
        "Code 6.13: the stage 2 handler must not be the person who recorded the stage 1 acknowledgement"
    );
    case.ok("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
}

#[test]
fn code_6_13_whoever_recorded_the_stage_one_response_cannot_handle_stage_two() {
    let mut case = escalated_after_stage_one_by_three_people();
    let refusal = case.refused("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "dave"), "6.13");
    assert_eq!(
        refusal.to_string(),
        "Code 6.13: the stage 2 handler must not be the person who recorded the stage 1 response"
    );
    case.ok("2024-06-24T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
}

#[test]
fn code_6_13_no_one_from_stage_one_records_the_stage_two_acknowledgement_naming_someone_else() {
    let mut case = escalated_after_stage_one_by_three_people();
    let bob = || acknowledge(StageNumber::Two, "bob");
    let refusal = case.refused_by("2024-06-24T10:00:00Z", Some("alice"), bob(), "6.13");
    assert_eq!(
        refusal.to_string(),
        "Code 6.13: the stage 2 acknowledgement must not be recorded by the person who handled stage 1"
    );
    case.refused_by("2024-06-24T10:00:00Z", Some("carol"), bob(), "6.13");
    case.refused_by("2024-06-24T10:00:00Z", Some("dave"), bob(), "6.13");
    case.ok_by("2024-06-24T10:00:00Z", "bob", bob());
    let ack = case.state().stage2.unwrap().acknowledgement.unwrap();
    assert_eq!(ack.recorded_by, Some(UserId::trusted("bob".into())), "who recorded it is kept");
}

#[test]
fn code_6_13_no_one_from_stage_one_records_the_stage_two_response() {
    let mut case = escalated_after_stage_one_by_three_people();
    case.ok_by("2024-06-24T10:00:00Z", "bob", acknowledge(StageNumber::Two, "bob"));
    let answer = || respond(StageNumber::Two, &["P3", "P4"]);
    for stage_one in ["alice", "carol", "dave"] {
        let refusal = case.refused_by("2024-07-01T10:00:00Z", Some(stage_one), answer(), "6.13");
        assert!(
            refusal.to_string().starts_with("Code 6.13: the stage 2 response must not be recorded by"),
            "{refusal}"
        );
    }
    case.ok_by("2024-07-01T10:00:00Z", "bob", answer());
    let response = case.state().stage2.unwrap().response.unwrap();
    assert_eq!(response.recorded_by, Some(UserId::trusted("bob".into())));
}

#[test]
fn code_6_13_someone_uninvolved_in_stage_one_acts_at_stage_two() {
    let mut case = escalated_after_stage_one_by_three_people();
    // Erin records the acknowledgement naming Bob, who records his response; the stage 1
    // people still act on the complaint where 6.13 does not reach (at stage 1, say).
    case.ok_by("2024-06-24T10:00:00Z", "erin", acknowledge(StageNumber::Two, "bob")).ok_by(
        "2024-07-01T10:00:00Z",
        "bob",
        respond(StageNumber::Two, &["P3", "P4"]),
    );
    assert_eq!(case.state().status(), Status::Responded);
}

#[test]
fn code_6_13_records_made_before_recorders_were_kept_count_the_stored_actor() {
    // Stage 1 recorded by carol, in events that do not say so (as before they did).
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-20T10:00:00Z", escalate());
    let stored = |seq: usize| (seq == 1 || seq == 2).then(|| UserId::trusted("carol".into()));
    let complaint = Complaint::from_recorded(case.events.iter().enumerate().map(|(i, e)| (e, stored(i)))).unwrap();
    let carol = UserId::trusted("carol".into());
    assert_eq!(complaint.stage1.involvement(&carol), Some(Involvement::RecordedAcknowledgement));
    let refusal = decide(&complaint, acknowledge(StageNumber::Two, "carol"), &at("2024-06-24T10:00:00Z")).unwrap_err();
    assert_eq!(refusal.provision().map(|p| p.to_string()).as_deref(), Some("6.13"));
    // An event that names its recorder keeps it, whoever the store says acted.
    let named = Event::Acknowledged {
        stage: StageNumber::One,
        at: instant("2024-06-05T10:00:00Z"),
        on: date(2024, 6, 5),
        handler: UserId::trusted("alice".into()),
        definition: Definition::default(),
        responsibility: Responsibility::default(),
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
        recorded_by: Some(UserId::trusted("frank".into())),
    };
    let complaint = Complaint::from_recorded([(&case.events[0], None), (&named, Some(carol.clone()))]).unwrap();
    assert_eq!(complaint.stage1.involvement(&carol), None);
    // A stored acknowledgement without the field still reads.
    let old = serde_json::to_value(&case.events[1]).unwrap();
    assert!(old.get("recorded_by").is_none(), "absent, not null, when unknown");
    assert_eq!(serde_json::from_value::<Event>(old).unwrap(), case.events[1]);
}

// ---- Acknowledgement and definition (5.6, 5.7, 5.8)

#[test]
fn code_5_6_the_definition_sets_out_points_and_outcomes_sought() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let Command::Acknowledge(Acknowledge { stage, handler, responsibility, conflict, .. }) =
        acknowledge(StageNumber::One, "alice")
    else {
        unreachable!()
    };
    let without = |points: Vec<String>, outcomes: Vec<String>| {
        Command::Acknowledge(Acknowledge {
            stage,
            handler: handler.clone(),
            definition: DefinitionInput { points, outcomes_sought: outcomes },
            responsibility: responsibility.clone(),
            conflict: conflict.clone(),
            late_issue_discretion: None,
        })
    };
    case.refused("2024-06-04T09:00:00Z", without(vec![" ".into()], vec!["An apology".into()]), "5.6");
    case.refused("2024-06-04T09:00:00Z", without(vec!["Missed repairs".into()], vec![]), "5.6");
    case.ok(
        "2024-06-04T09:00:00Z",
        without(vec!["Missed repairs".into(), "No call back".into()], vec!["A repair".into()]),
    );
    let points = case.state().stage1.acknowledgement.unwrap().definition.points;
    assert_eq!(points.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["P1", "P2"]);
}

#[test]
fn code_5_7_the_acknowledgement_says_what_the_landlord_is_responsible_for() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let Command::Acknowledge(Acknowledge { stage, handler, definition, conflict, .. }) =
        acknowledge(StageNumber::One, "alice")
    else {
        unreachable!()
    };
    let command = Command::Acknowledge(Acknowledge {
        stage,
        handler,
        definition,
        responsibility: Responsibility { responsible_for: vec![], not_responsible_for: vec!["The gas supply".into()] },
        conflict,
        late_issue_discretion: None,
    });
    case.refused("2024-06-04T09:00:00Z", command, "5.7");
}

#[test]
fn code_5_8_a_conflict_of_interest_needs_measures_to_address_it() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let with_conflict = |measures: Option<&str>| {
        let Command::Acknowledge(Acknowledge { stage, handler, definition, responsibility, .. }) =
            acknowledge(StageNumber::One, "alice")
        else {
            unreachable!()
        };
        Command::Acknowledge(Acknowledge {
            stage,
            handler,
            definition,
            responsibility,
            conflict: ConflictDeclaration { has_conflict: true, measures: measures.map(str::to_owned) },
            late_issue_discretion: None,
        })
    };
    case.refused("2024-06-04T09:00:00Z", with_conflict(None), "5.8");
    case.ok("2024-06-04T09:00:00Z", with_conflict(Some("The decision is reviewed by the complaints officer.")));
}

// ---- Timescales (6.2, 6.3, 6.11, 6.14) and the clock

#[test]
fn code_6_2_stage_one_acknowledgement_due_five_working_days_after_receipt() {
    let case = Case::received("2024-06-03T09:00:00Z");
    let deadline = case.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 6, 3));
    assert_eq!(deadline.due, date(2024, 6, 10));
    assert_eq!(deadline.explanation.provision.to_string(), "6.2");
    assert_eq!(deadline.explanation.start_event, Anchor::Received);
    assert_eq!(deadline.status, DeadlineStatus::OnTrack);
}

#[test]
fn code_6_2_a_complaint_received_at_the_weekend_counts_from_the_next_working_day() {
    // Saturday 1 June 2024: counted from Monday 3 June, so due Monday 10 June.
    let case = Case::received("2024-06-01T12:00:00Z");
    let deadline = case.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 6, 3));
    assert_eq!(deadline.explanation.start_date, date(2024, 6, 1));
    assert_eq!(deadline.explanation.counted_from, date(2024, 6, 3));
    assert_eq!(deadline.due, date(2024, 6, 10));
}

#[test]
fn code_6_3_stage_one_response_due_ten_working_days_after_acknowledgement() {
    let case = acknowledged();
    let deadline = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 5));
    assert_eq!(deadline.due, date(2024, 6, 19));
    assert_eq!((deadline.explanation.start_event, deadline.explanation.working_days), (Anchor::Acknowledged, 10));
    assert_eq!(deadline.explanation.provision.to_string(), "6.3");
}

#[test]
fn code_6_11_stage_two_acknowledged_within_five_working_days_of_the_request() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-20T10:00:00Z", escalate());
    let deadline = case.deadline(StageNumber::Two, Step::Acknowledgement, date(2024, 6, 20));
    assert_eq!(deadline.due, date(2024, 6, 27));
    assert_eq!(deadline.explanation.provision.to_string(), "6.11");
}

#[test]
fn code_6_14_stage_two_response_due_twenty_working_days_after_acknowledgement() {
    let case = at_stage_two();
    let deadline = case.deadline(StageNumber::Two, Step::Response, date(2024, 6, 24));
    assert_eq!(deadline.due, date(2024, 7, 22));
    assert_eq!(deadline.explanation.provision.to_string(), "6.14");
}

#[test]
fn a_deadline_explains_the_non_working_days_it_skipped() {
    // Received Thursday 28 March 2024: Good Friday, the weekend and Easter Monday are skipped.
    let case =
        Case::logged("2024-03-28T10:00:00Z", LogComplaint { issue_occurred_on: date(2024, 3, 1), ..log_command() });
    let deadline = case.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 3, 28));
    assert_eq!(deadline.due, date(2024, 4, 8));
    let skipped: Vec<(Date, NonWorkingDay)> =
        deadline.explanation.skipped.iter().map(|s| (s.date, s.reason.clone())).collect();
    assert_eq!(skipped[0], (date(2024, 3, 29), NonWorkingDay::BankHoliday("Good Friday")));
    assert_eq!(skipped[3], (date(2024, 4, 1), NonWorkingDay::BankHoliday("Easter Monday")));
    assert_eq!(skipped.len(), 6, "Good Friday, Easter Monday and two weekends");
}

#[test]
fn deadline_status_is_on_track_then_due_soon_then_overdue() {
    let case = Case::received("2024-06-03T09:00:00Z");
    let status = |today| case.deadline(StageNumber::One, Step::Acknowledgement, today).status;
    assert_eq!(status(date(2024, 6, 5)), DeadlineStatus::OnTrack);
    assert_eq!(status(date(2024, 6, 6)), DeadlineStatus::DueSoon);
    assert_eq!(status(date(2024, 6, 10)), DeadlineStatus::DueSoon);
    assert_eq!(status(date(2024, 6, 12)), DeadlineStatus::Overdue { working_days_late: 2 });
}

#[test]
fn a_late_acknowledgement_is_recorded_as_missed_by_working_days() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.ok("2024-06-12T09:00:00Z", acknowledge(StageNumber::One, "alice"));
    let deadline = case.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 6, 12));
    assert_eq!(deadline.status, DeadlineStatus::Missed { working_days_late: 2 });
}

// ---- Extensions (6.4, 6.5, 6.15, 6.16, 5.9) and no pausing the clock

#[test]
fn code_6_4_an_extension_beyond_ten_working_days_needs_a_good_reason() {
    let mut case = acknowledged();
    case.ok("2024-06-10T09:00:00Z", extend(StageNumber::One, 6));
    case.refused("2024-06-11T09:00:00Z", extend(StageNumber::One, 5), "6.4");
    let Command::Extend(Extend { stage, working_days, reason, resident_informed, update_interval, .. }) =
        extend(StageNumber::One, 5)
    else {
        unreachable!()
    };
    let with_reason = Command::Extend(Extend {
        stage,
        working_days,
        reason,
        resident_informed,
        good_reason: Some("The resident asked us to wait for an independent survey.".into()),
        update_interval,
        new_due: None,
    });
    case.ok("2024-06-11T09:00:00Z", with_reason);
    assert_eq!(case.state().stage1.extended_by(), 11);
}

#[test]
fn code_6_4_the_reasons_for_an_extension_are_explained_to_the_resident() {
    let mut case = acknowledged();
    let Command::Extend(Extend { stage, working_days, good_reason, update_interval, .. }) = extend(StageNumber::One, 5)
    else {
        unreachable!()
    };
    let command = |reason: &str, informed: bool| {
        Command::Extend(Extend {
            stage,
            working_days,
            reason: reason.into(),
            resident_informed: informed,
            good_reason: good_reason.clone(),
            update_interval,
            new_due: None,
        })
    };
    case.refused("2024-06-10T09:00:00Z", command("", true), "6.4");
    case.refused("2024-06-10T09:00:00Z", command("Waiting for a report", false), "6.4");
}

#[test]
fn code_6_5_an_extension_gives_the_ombudsman_contact_details() {
    let mut case = acknowledged();
    let refusal = case.refused_without_ombudsman("2024-06-10T09:00:00Z", extend(StageNumber::One, 5), "6.5");
    assert!(refusal.to_string().contains("Ombudsman's contact details"), "{refusal}");
    let events = case.run("2024-06-10T09:00:00Z", extend(StageNumber::One, 5)).unwrap();
    assert!(events.iter().any(|e| matches!(e, Event::Extended { ombudsman: Some(o), .. } if *o == *HOS)), "{events:?}");
    assert_eq!(case.state().stage1.extensions[0].ombudsman.as_ref(), Some(&*HOS));
}

#[test]
fn code_6_15_a_stage_two_extension_beyond_twenty_working_days_needs_a_good_reason() {
    let mut case = at_stage_two();
    case.ok("2024-07-01T09:00:00Z", extend(StageNumber::Two, 20));
    case.refused("2024-07-02T09:00:00Z", extend(StageNumber::Two, 1), "6.15");
}

#[test]
fn code_6_16_a_stage_two_extension_gives_the_ombudsman_contact_details() {
    let mut case = at_stage_two();
    case.refused_without_ombudsman("2024-07-01T09:00:00Z", extend(StageNumber::Two, 5), "6.16");
    case.ok("2024-07-01T09:00:00Z", extend(StageNumber::Two, 5));
    assert_eq!(case.state().stage2.unwrap().extensions[0].ombudsman.as_ref(), Some(&*HOS));
}

#[test]
fn code_5_9_an_extension_needs_an_agreed_update_interval() {
    let mut case = acknowledged();
    let Command::Extend(Extend { stage, working_days, reason, resident_informed, good_reason, .. }) =
        extend(StageNumber::One, 5)
    else {
        unreachable!()
    };
    let no_interval = Command::Extend(Extend {
        stage,
        working_days,
        reason,
        resident_informed,
        good_reason,
        update_interval: None,
        new_due: None,
    });
    case.refused("2024-06-10T09:00:00Z", no_interval.clone(), "5.9");
    case.ok(
        "2024-06-10T09:00:00Z",
        Command::AgreeUpdateInterval(AgreeUpdateInterval { stage: StageNumber::One, every_working_days: 5 }),
    );
    case.ok("2024-06-10T09:00:00Z", no_interval);
}

#[test]
fn a_timely_extension_moves_the_deadline_and_a_response_by_it_is_met_within_extension() {
    let mut case = acknowledged();
    case.ok("2024-06-17T09:00:00Z", extend(StageNumber::One, 5));
    let deadline = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 17));
    assert_eq!((deadline.explanation.original_due, deadline.due), (date(2024, 6, 19), date(2024, 6, 26)));
    case.ok("2024-06-25T09:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    let deadline = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 25));
    assert_eq!(deadline.status, DeadlineStatus::MetWithinExtension);
}

#[test]
fn no_pausing_the_clock_an_extension_recorded_after_the_due_date_is_kept_but_the_deadline_is_missed() {
    let mut case = acknowledged();
    case.ok("2024-06-20T09:00:00Z", extend(StageNumber::One, 5));
    assert_eq!(case.state().stage1.extensions.len(), 1, "the late extension is kept");
    let deadline = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 20));
    assert_eq!(deadline.due, date(2024, 6, 19));
    assert!(!deadline.explanation.extensions[0].counted);
    assert_eq!(deadline.status, DeadlineStatus::Overdue { working_days_late: 1 });
    case.ok("2024-06-24T09:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    let deadline = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 24));
    assert_eq!(deadline.status, DeadlineStatus::Missed { working_days_late: 3 });
}

// ---- Responses (6.7, 6.9, 6.18, 6.19)

fn respond_without(stage: StageNumber, points: &[&str], missing: &str) -> Command {
    let Command::Respond(Respond { stage, decision, decisions, remedy, outstanding, escalation }) =
        respond(stage, points)
    else {
        unreachable!()
    };
    Command::Respond(Respond {
        stage,
        decision: decision.filter(|_| missing != "decision"),
        decisions,
        remedy: remedy.filter(|_| missing != "remedy"),
        outstanding: outstanding.filter(|_| missing != "outstanding"),
        escalation: escalation.filter(|_| missing != "escalation"),
    })
}

#[test]
fn code_6_9_a_stage_one_response_missing_any_element_is_refused() {
    let mut case = acknowledged();
    for missing in ["decision", "remedy", "outstanding", "escalation"] {
        case.refused("2024-06-18T10:00:00Z", respond_without(StageNumber::One, &["P1", "P2"], missing), "6.9");
    }
    let Command::Respond(Respond { stage, decision, decisions, outstanding, escalation, .. }) =
        respond(StageNumber::One, &["P1", "P2"])
    else {
        unreachable!()
    };
    let no_reason = Command::Respond(Respond {
        stage,
        decision,
        decisions,
        remedy: Some(RemedyOutcome::NoRemedy { reason: " ".into() }),
        outstanding,
        escalation,
    });
    case.refused("2024-06-18T10:00:00Z", no_reason, "6.9");
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    assert_eq!(case.state().status(), Status::Responded);
}

#[test]
fn code_6_7_every_point_of_the_definition_is_decided_with_reasons() {
    let mut case = acknowledged();
    let refusal = case.refused("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1"]), "6.7");
    assert!(refusal.to_string().contains("P2"));
    let Command::Respond(Respond { stage, decision, remedy, outstanding, escalation, .. }) =
        respond(StageNumber::One, &[])
    else {
        unreachable!()
    };
    let mut unreasoned = decisions(&["P1", "P2"]);
    unreasoned[1].reasons = String::new();
    let command = Command::Respond(Respond { stage, decision, decisions: unreasoned, remedy, outstanding, escalation });
    case.refused("2024-06-18T10:00:00Z", command, "6.7");
}

#[test]
fn code_6_19_a_stage_two_response_explains_how_to_go_to_the_ombudsman() {
    let mut case = at_stage_two();
    let refusal =
        case.refused_without_ombudsman("2024-07-15T10:00:00Z", respond(StageNumber::Two, &["P3", "P4"]), "6.19");
    assert!(refusal.to_string().contains("Housing Ombudsman"), "{refusal}");
    let incomplete = OmbudsmanContact { telephone: " ".into(), ..HOS.clone() };
    let refused =
        case.run_in(at("2024-07-15T10:00:00Z").with_ombudsman(&incomplete), respond(StageNumber::Two, &["P3", "P4"]));
    assert_eq!(refused.unwrap_err().provision().map(|p| p.to_string()).as_deref(), Some("6.19"));
    for missing in ["decision", "remedy", "outstanding"] {
        case.refused("2024-07-15T10:00:00Z", respond_without(StageNumber::Two, &["P3", "P4"], missing), "6.19");
    }
    case.ok("2024-07-15T10:00:00Z", respond(StageNumber::Two, &["P3", "P4"]));
    let response = case.state().stage2.unwrap().response.unwrap();
    assert_eq!(response.escalation, HowToEscalate::Ombudsman { contact: HOS.clone() });
}

#[test]
fn code_6_19_a_stage_two_response_offers_no_further_stage() {
    let Command::Respond(respond) = respond(StageNumber::Two, &["P3", "P4"]) else { unreachable!() };
    let another_stage = Command::Respond(Respond { escalation: Some(stage_two_route()), ..respond });
    let refusal = at_stage_two().run("2024-07-15T10:00:00Z", another_stage).unwrap_err();
    assert!(matches!(refusal, Refusal::Invalid(_)), "{refusal}");
}

#[test]
fn code_6_9_a_stage_one_response_says_who_to_contact_how_and_by_when_to_escalate() {
    let mut case = acknowledged();
    let Command::Respond(respond) = respond(StageNumber::One, &["P1", "P2"]) else { unreachable!() };
    let parts: [fn(&mut StageTwoRoute); 3] =
        [|r| r.contact = " ".into(), |r| r.how = String::new(), |r| r.within = "\n".into()];
    for blank in parts {
        let mut route = stage_two_route();
        blank(&mut route);
        let command = Command::Respond(Respond { escalation: Some(route), ..respond.clone() });
        case.refused("2024-06-18T10:00:00Z", command, "6.9");
    }
    case.ok("2024-06-18T10:00:00Z", Command::Respond(respond));
    let response = case.state().stage1.response.unwrap();
    assert_eq!(response.escalation, HowToEscalate::StageTwo { route: stage_two_route() });
}

#[test]
fn a_response_recorded_with_free_text_on_escalating_still_loads_and_hashes_the_same() {
    let old = r#"{"type":"responded","stage":1,"at":"2024-06-18T10:00:00Z","on":"2024-06-18","decision":"upheld","decisions":[],"no_remedy_reason":null,"escalation_details":"Reply to ask for stage 2."}"#;
    let event: Event = serde_json::from_str(old).unwrap();
    assert_eq!(serde_json::to_string(&event).unwrap(), old, "written back exactly as stored");
    let mut case = acknowledged();
    case.events.push(event);
    let text = HowToEscalate::Text { text: "Reply to ask for stage 2.".into() };
    assert_eq!(case.state().stage1.response.unwrap().escalation, text);
}

#[test]
fn code_6_18_every_point_of_the_stage_two_definition_is_decided() {
    at_stage_two().refused("2024-07-15T10:00:00Z", respond(StageNumber::Two, &["P3"]), "6.18");
}

// ---- Additional points (6.8)

#[test]
fn code_6_8_related_points_join_stage_one_until_its_response_then_need_a_new_complaint() {
    let mut case = acknowledged();
    case.ok("2024-06-10T09:00:00Z", Command::AddPoints(AddPoints { points: vec!["The contractor was rude".into()] }));
    assert_eq!(case.state().stage1.acknowledgement.unwrap().definition.points.len(), 3);
    // Every point, including the added P3, must now be answered.
    case.refused("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]), "6.7");
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2", "P3"]));
    case.refused("2024-06-19T10:00:00Z", Command::AddPoints(AddPoints { points: vec!["Another issue".into()] }), "6.8");
}

// ---- Exclusions (2.1-2.5) and refusing escalation (5.11)

fn not_accept(ground: ExclusionGround, reasons: &str, discretion: Option<&str>) -> Command {
    Command::NotAccept(NotAccept { ground, reasons: reasons.into(), discretion: discretion.map(str::to_owned) })
}

#[test]
fn code_2_1_not_accepting_a_complaint_needs_its_reasons() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.refused("2024-06-04T09:00:00Z", not_accept(ExclusionGround::LegalProceedingsStarted, " ", None), "2.1");
    case.ok(
        "2024-06-04T09:00:00Z",
        not_accept(ExclusionGround::LegalProceedingsStarted, "A claim was filed at court on 1 May.", None),
    );
    assert_eq!(case.state().status(), Status::NotAccepted);
    // The decision answers the complaint within the acknowledgement timescale.
    assert_eq!(case.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 6, 4)).status, DeadlineStatus::Met);
}

#[test]
fn code_2_3_the_twelve_month_exclusion_applies_only_to_old_issues_with_discretion_considered() {
    let mut recent = Case::received("2024-06-03T09:00:00Z");
    let ground = ExclusionGround::IssueOverTwelveMonthsOld;
    recent.refused("2024-06-04T09:00:00Z", not_accept(ground.clone(), "Old issue", Some("No good reason")), "2.3");

    let mut old =
        Case::logged("2024-06-03T09:00:00Z", LogComplaint { issue_occurred_on: date(2023, 5, 1), ..log_command() });
    old.refused("2024-06-04T09:00:00Z", not_accept(ground.clone(), "The leak was repaired in May 2023.", None), "2.3");
    old.ok(
        "2024-06-04T09:00:00Z",
        not_accept(
            ground,
            "The leak was repaired in May 2023.",
            Some("No reason the resident could not complain earlier."),
        ),
    );
}

#[test]
fn code_2_3_accepting_a_complaint_about_an_old_issue_records_the_discretion() {
    let mut old =
        Case::logged("2024-06-03T09:00:00Z", LogComplaint { issue_occurred_on: date(2023, 5, 1), ..log_command() });
    old.refused("2024-06-04T09:00:00Z", acknowledge(StageNumber::One, "alice"), "2.3");
    let Command::Acknowledge(Acknowledge { stage, handler, definition, responsibility, conflict, .. }) =
        acknowledge(StageNumber::One, "alice")
    else {
        unreachable!()
    };
    let with_discretion = Command::Acknowledge(Acknowledge {
        stage,
        handler,
        definition,
        responsibility,
        conflict,
        late_issue_discretion: Some("The resident was in hospital for most of the year.".into()),
    });
    old.ok("2024-06-04T09:00:00Z", with_discretion);
}

/// A complaint received on Monday 3 June 2024 about an issue that occurred on `occurred`, of
/// which the resident became aware on `aware`.
fn about_issue(occurred: Date, aware: Option<Date>) -> Case {
    Case::logged(
        "2024-06-03T09:00:00Z",
        LogComplaint { issue_occurred_on: occurred, became_aware_on: aware, ..log_command() },
    )
}

fn with_discretion(command: Command) -> Command {
    let Command::Acknowledge(ack) = command else { unreachable!() };
    Command::Acknowledge(Acknowledge {
        late_issue_discretion: Some("The resident was in hospital for most of the year.".into()),
        ..ack
    })
}

#[test]
fn code_2_3_an_issue_over_twelve_months_old_by_the_later_date_needs_discretion_to_be_accepted() {
    // Occurred in January 2023, known since May 2023: over 12 months before June 2024.
    let mut old = about_issue(date(2023, 1, 10), Some(date(2023, 5, 1)));
    let refusal = old.refused("2024-06-04T09:00:00Z", acknowledge(StageNumber::One, "alice"), "2.3");
    assert!(refusal.to_string().contains("discretion"), "{refusal}");
    old.ok("2024-06-04T09:00:00Z", with_discretion(acknowledge(StageNumber::One, "alice")));
    let Some(Event::Acknowledged { late_issue_discretion, .. }) = old.events.last() else { unreachable!() };
    assert!(late_issue_discretion.is_some(), "the discretion is recorded");
}

#[test]
fn code_2_3_within_twelve_months_of_becoming_aware_the_complaint_is_accepted_though_the_issue_is_older() {
    // Occurred in 2022, but the resident became aware of it only in January 2024.
    let mut case = about_issue(date(2022, 1, 10), Some(date(2024, 1, 10)));
    assert_eq!(case.state().logged.issue_counts_from(), date(2024, 1, 10));
    let ground = ExclusionGround::IssueOverTwelveMonthsOld;
    case.refused("2024-06-04T09:00:00Z", not_accept(ground, "Too old", Some("No good reason")), "2.3");
    case.ok("2024-06-04T09:00:00Z", acknowledge(StageNumber::One, "alice"));
    let Some(Event::Acknowledged { late_issue_discretion, .. }) = case.events.last() else { unreachable!() };
    assert_eq!(*late_issue_discretion, None, "no discretion is needed, none is kept");
}

#[test]
fn code_2_3_twelve_months_to_the_day_is_within_the_limit() {
    let mut on_the_day = about_issue(date(2023, 6, 3), None);
    on_the_day.ok("2024-06-04T09:00:00Z", acknowledge(StageNumber::One, "alice"));
    let mut a_day_more = about_issue(date(2023, 5, 20), Some(date(2023, 6, 2)));
    a_day_more.refused("2024-06-04T09:00:00Z", acknowledge(StageNumber::One, "alice"), "2.3");
    // The later date counts even when it is the occurrence (an awareness before it is refused).
    assert_eq!(about_issue(date(2023, 6, 3), None).state().logged.issue_counts_from(), date(2023, 6, 3));
}

#[test]
fn code_2_3_the_dates_of_the_issue_are_not_after_receipt_nor_aware_before_it_occurred() {
    let context = at("2024-06-03T09:00:00Z");
    let logged = |occurred, aware| {
        log(LogComplaint { issue_occurred_on: occurred, became_aware_on: aware, ..log_command() }, None, &context)
    };
    assert!(matches!(logged(date(2024, 6, 4), None), Err(Refusal::Invalid(_))));
    assert!(matches!(logged(date(2024, 1, 1), Some(date(2024, 6, 4))), Err(Refusal::Invalid(_))));
    assert!(matches!(logged(date(2024, 1, 1), Some(date(2023, 12, 31))), Err(Refusal::Invalid(_))));
    assert!(logged(date(2024, 1, 1), Some(date(2024, 1, 1))).is_ok());
    assert!(logged(date(2024, 6, 3), Some(date(2024, 6, 3))).is_ok());
}

#[test]
fn code_2_3_a_record_made_with_one_issue_date_reads_it_as_when_the_issue_occurred() {
    let Event::Logged(logged) = log(log_command(), None, &at("2024-06-03T09:00:00Z")).unwrap() else { unreachable!() };
    let mut old = serde_json::to_value(&*logged).unwrap();
    let object = old.as_object_mut().unwrap();
    assert!(!object.contains_key("became_aware_on"), "absent, not null, when not given");
    let occurred = object.remove("issue_occurred_on").unwrap();
    object.insert("issue_date".into(), occurred);
    let read: Logged = serde_json::from_value(old).unwrap();
    assert_eq!((read.issue_occurred_on, read.became_aware_on), (date(2024, 5, 20), None));
}

#[test]
fn code_2_4_not_accepting_a_complaint_gives_the_ombudsmans_contact_details() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let decision = not_accept(
        ExclusionGround::PreviouslyConsidered { earlier_complaint: None },
        "Answered in CMP-2023-000012.",
        None,
    );
    let refusal = case.refused_without_ombudsman("2024-06-04T09:00:00Z", decision.clone(), "2.4");
    assert!(refusal.to_string().contains("Ombudsman"), "{refusal}");
    // The record keeps the details as given, whatever the settings hold later.
    let given = OmbudsmanContact { telephone: "0300 111 3001".into(), ..HOS.clone() };
    let events = case.run_in(at("2024-06-04T09:00:00Z").with_ombudsman(&given), decision).unwrap();
    assert!(matches!(&events[0], Event::NotAccepted { ombudsman: Some(o), .. } if *o == given), "{events:?}");
    assert_eq!(case.state().not_accepted.unwrap().ombudsman, Some(given));
}

#[test]
fn code_2_2_a_policy_ground_must_be_named() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.refused(
        "2024-06-04T09:00:00Z",
        not_accept(ExclusionGround::PolicyGround { ground: " ".into() }, "Reasons", None),
        "2.2",
    );
}

#[test]
fn code_5_11_refusing_to_escalate_needs_valid_reasons_and_gives_the_ombudsmans_contact_details() {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-20T10:00:00Z", escalate());
    let refuse = |reasons: &str| {
        Command::RefuseEscalation(RefuseEscalation {
            ground: ExclusionGround::LegalProceedingsStarted,
            reasons: reasons.into(),
        })
    };
    case.refused("2024-06-21T10:00:00Z", refuse(""), "5.11");
    let reasons = "The resident has filed a claim at court about the same repairs.";
    case.refused_without_ombudsman("2024-06-21T10:00:00Z", refuse(reasons), "2.4");
    case.ok("2024-06-21T10:00:00Z", refuse(reasons));
    let state = case.state();
    assert!(state.stage2.is_none());
    assert_eq!(state.escalation_refusals.len(), 1);
    assert_eq!(state.escalation_refusals[0].ombudsman.as_ref(), Some(&*HOS));
}

fn refuse_as_previously_considered(earlier: Option<&str>) -> Command {
    Command::RefuseEscalation(RefuseEscalation {
        ground: ExclusionGround::PreviouslyConsidered {
            earlier_complaint: earlier.map(|id| ComplaintId::trusted(id.into())),
        },
        reasons: "The same repairs were answered at both stages of an earlier complaint.".into(),
    })
}

/// Answered at stage 1 and asked for stage 2 on Thursday 20 June 2024 (due 27 June).
fn escalation_requested() -> Case {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-20T10:00:00Z", escalate());
    case
}

#[test]
fn code_5_11_a_refusal_to_escalate_answers_the_stage_two_acknowledgement_deadline_on_time() {
    let mut case = escalation_requested();
    case.ok("2024-06-24T10:00:00Z", refuse_as_previously_considered(Some("c-0")));
    let deadline = case.deadline(StageNumber::Two, Step::Acknowledgement, date(2024, 7, 31));
    assert_eq!(deadline.due, date(2024, 6, 27));
    assert_eq!(deadline.done_on, Some(date(2024, 6, 24)));
    assert_eq!(deadline.status, DeadlineStatus::Met);
    assert_eq!(deadline.explanation.start_date, date(2024, 6, 20));
    assert_eq!(deadline.explanation.provision.to_string(), "6.11");
    assert_eq!(case.state().escalation_refusals[0].requested_on, date(2024, 6, 20));
}

#[test]
fn code_5_11_a_late_refusal_to_escalate_is_missed_not_deleted() {
    let mut case = escalation_requested();
    case.ok("2024-07-02T10:00:00Z", refuse_as_previously_considered(Some("c-0")));
    let deadline = case.deadline(StageNumber::Two, Step::Acknowledgement, date(2024, 7, 31));
    assert_eq!(deadline.status, DeadlineStatus::Missed { working_days_late: 3 });
    assert_eq!(deadline.done_on, Some(date(2024, 7, 2)));
    assert_eq!(next_open(&case.deadlines(date(2024, 7, 31))), None, "answered, so nothing is open");
}

#[test]
fn code_5_11_each_escalation_request_refused_keeps_its_own_deadline() {
    let mut case = escalation_requested();
    case.ok("2024-06-24T10:00:00Z", refuse_as_previously_considered(Some("c-0")))
        .ok("2024-07-01T10:00:00Z", escalate())
        .ok("2024-07-15T10:00:00Z", refuse_as_previously_considered(Some("c-0")));
    let acknowledgements: Vec<DeadlineStatus> = case
        .deadlines(date(2024, 7, 31))
        .into_iter()
        .filter(|d| d.stage == StageNumber::Two && d.step == Step::Acknowledgement)
        .map(|d| d.status)
        .collect();
    assert_eq!(acknowledgements, [DeadlineStatus::Met, DeadlineStatus::Missed { working_days_late: 5 }]);
}

#[test]
fn code_5_11_a_refusal_recorded_before_its_date_was_kept_is_dated_from_its_instant() {
    let mut case = escalation_requested();
    case.ok("2024-06-24T23:30:00Z", refuse_as_previously_considered(Some("c-0")));
    let Some(Event::EscalationRefused { on, .. }) = case.events.last_mut() else { panic!("no refusal") };
    *on = None;
    let json = serde_json::to_value(case.events.last()).unwrap();
    assert!(json.get("on").is_none(), "an old record's JSON is unchanged: {json}");
    // 23:30 UTC in June is 00:30 on 25 June in England.
    assert_eq!(case.state().escalation_refusals[0].on, date(2024, 6, 25));
}

#[test]
fn code_5_11_previously_considered_cannot_refuse_the_complaint_being_escalated() {
    let mut case = escalation_requested();
    let refusal = case.refused("2024-06-21T10:00:00Z", refuse_as_previously_considered(Some("c-1")), "5.11");
    assert!(refusal.to_string().contains("by itself"), "{refusal}");
    let refusal = case.refused("2024-06-21T10:00:00Z", refuse_as_previously_considered(None), "5.11");
    assert!(refusal.to_string().contains("name the earlier complaint"), "{refusal}");
    case.ok("2024-06-21T10:00:00Z", refuse_as_previously_considered(Some("c-0")));
}

#[test]
fn code_2_1_a_complaint_is_not_excluded_as_previously_considered_by_itself() {
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let pointing_at = |id: Option<&str>| {
        not_accept(
            ExclusionGround::PreviouslyConsidered { earlier_complaint: id.map(|id| ComplaintId::trusted(id.into())) },
            "Answered before.",
            None,
        )
    };
    let refusal = case.refused("2024-06-04T09:00:00Z", pointing_at(Some("c-1")), "2.1");
    assert!(refusal.to_string().contains("by itself"), "{refusal}");
    case.ok("2024-06-04T09:00:00Z", pointing_at(Some("c-0")));
}

// ---- Remedies (5.13, 7.1-7.3) and outstanding actions (6.6, 6.17)

fn offer(kind: RemedyKind, amount_pence: Option<u64>, due: Option<Date>) -> Command {
    Command::OfferRemedy(RemedyOffer {
        kind,
        description: "Compensation for the time without heating".into(),
        amount_pence,
        due,
    })
}

#[test]
fn code_5_13_a_remedy_can_be_offered_at_stage_one_without_escalation() {
    let mut case = acknowledged();
    case.ok("2024-06-10T09:00:00Z", offer(RemedyKind::Financial, Some(15_000), Some(date(2024, 6, 28))));
    let remedies = case.state().remedies;
    assert_eq!((remedies[0].id.as_str(), remedies[0].stage), ("R1", StageNumber::One));
}

#[test]
fn code_7_3_a_remedy_says_what_will_happen_and_by_when_and_is_followed_through() {
    let mut case = acknowledged();
    case.refused("2024-06-10T09:00:00Z", offer(RemedyKind::Apology, None, None), "7.3");
    case.refused("2024-06-10T09:00:00Z", offer(RemedyKind::Financial, None, Some(date(2024, 6, 28))), "7.3");
    case.ok("2024-06-10T09:00:00Z", offer(RemedyKind::Financial, Some(15_000), Some(date(2024, 6, 28))));
    case.ok(
        "2024-06-20T09:00:00Z",
        Command::CompleteRemedy(Item {
            id: "R1".into(),
            body: CompleteRemedy { note: "Paid by bank transfer".into() },
        }),
    );
    assert_eq!(case.state().remedies[0].completed_on, Some(date(2024, 6, 20)));
}

#[test]
fn code_6_6_outstanding_actions_are_tracked_after_the_response() {
    let mut case = acknowledged();
    let Command::Respond(Respond { stage, decision, decisions, remedy, escalation, .. }) =
        respond(StageNumber::One, &["P1", "P2"])
    else {
        unreachable!()
    };
    let plan = ActionPlan {
        description: "Replace the radiator valves".into(),
        owner: UserId::trusted("repairs-lead".into()),
        due: date(2024, 7, 5),
    };
    let with_action = Command::Respond(Respond {
        stage,
        decision,
        decisions,
        remedy,
        outstanding: Some(Outstanding::Actions { actions: vec![plan] }),
        escalation,
    });
    case.ok("2024-06-18T10:00:00Z", with_action);
    case.ok(
        "2024-06-25T10:00:00Z",
        Command::UpdateAction(Item {
            id: "A1".into(),
            body: UpdateAction { note: "Parts ordered".into(), resident_informed: true },
        }),
    );
    case.ok("2024-07-03T10:00:00Z", Command::CompleteAction(Item { id: "A1".into(), body: CompleteAction {} }));
    let action = &case.state().actions[0];
    assert_eq!((action.updates.len(), action.completed_on), (1, Some(date(2024, 7, 3))));
}

// ---- Closure and learning (9.1), the record (5.12), representatives (3.6)

#[test]
fn code_9_1_closing_a_complaint_records_its_learning() {
    let mut case = acknowledged();
    let learning = |root: &str, needed: bool, actions: Vec<String>| {
        Command::Close(Learning { root_cause: root.into(), improvement_needed: needed, improvement_actions: actions })
    };
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    case.refused("2024-06-25T10:00:00Z", learning("", false, vec![]), "9.1");
    case.refused("2024-06-25T10:00:00Z", learning("Job tickets closed without a visit", true, vec![]), "9.1");
    case.ok(
        "2024-06-25T10:00:00Z",
        learning("Job tickets closed without a visit", true, vec!["Check tickets weekly".into()]),
    );
    assert_eq!(case.state().status(), Status::Closed);
}

#[test]
fn code_5_12_the_full_record_survives_storage_and_rebuilds_the_same_complaint() {
    let case = at_stage_two();
    let stored: Vec<String> = case.events.iter().map(|e| serde_json::to_string(e).unwrap()).collect();
    let read: Vec<Event> = stored.iter().map(|s| serde_json::from_str(s).unwrap()).collect();
    assert_eq!(Complaint::from_events(&read).unwrap(), case.state());
    let logged = &case.state().logged;
    assert_eq!((logged.received_on, logged.received_at), (date(2024, 6, 3), instant("2024-06-03T09:00:00Z")));
}

#[test]
fn code_3_6_a_representative_acts_only_with_the_residents_authority() {
    let with_rep = |authority| LogComplaint {
        representative: Some((RepresentativeId::trusted("rep-1".into()), authority)),
        ..log_command()
    };
    let refusal = log(with_rep(false), None, &at("2024-06-03T09:00:00Z")).unwrap_err();
    assert_eq!(refusal.provision().unwrap().to_string(), "3.6");
    assert!(log(with_rep(true), None, &at("2024-06-03T09:00:00Z")).is_ok());
}

// ---- The Code in force when received governs the complaint

#[test]
fn a_complaint_received_before_april_2024_follows_the_2022_code() {
    // Received Thursday 28 March 2024, logged the same day.
    let mut case =
        Case::logged("2024-03-28T10:00:00Z", LogComplaint { issue_occurred_on: date(2024, 3, 1), ..log_command() });
    assert_eq!(case.state().logged.code_version, VersionId::V2022);
    // 2022 Code 5.1: stage 1 response within 10 working days of logging, whatever the
    // acknowledgement date (Good Friday and Easter Monday skipped).
    let deadline = case.deadline(StageNumber::One, Step::Response, date(2024, 3, 28));
    assert_eq!((deadline.due, deadline.explanation.start_event), (date(2024, 4, 15), Anchor::Logged));
    case.ok("2024-04-03T10:00:00Z", acknowledge(StageNumber::One, "alice"))
        .ok("2024-04-10T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-04-15T10:00:00Z", escalate());
    // 2022 Code 5.13: stage 2 response within 20 working days of the escalation request, and
    // no separate stage 2 acknowledgement timescale.
    let deadlines = case.deadlines(date(2024, 4, 15));
    assert!(!deadlines.iter().any(|d| d.stage == StageNumber::Two && d.step == Step::Acknowledgement));
    let stage2 = case.deadline(StageNumber::Two, Step::Response, date(2024, 4, 15));
    assert_eq!((stage2.due, stage2.explanation.provision.to_string()), (date(2024, 5, 14), "5.13".to_owned()));
    // 2022 Code 5.13: a stage 2 extension beyond 10 working days needs a good reason.
    case.ok("2024-04-16T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
    case.refused("2024-04-17T10:00:00Z", extend(StageNumber::Two, 11), "5.13");
}

#[test]
fn a_complaint_under_the_2022_code_is_refused_citing_the_2022_numbering() {
    let received = "2024-03-28T10:00:00Z";
    let under_2022 = || LogComplaint { issue_occurred_on: date(2024, 3, 1), ..log_command() };
    let mut case = Case::logged(received, under_2022());
    case.ok("2024-04-03T10:00:00Z", acknowledge(StageNumber::One, "alice"))
        .ok("2024-04-10T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-04-15T10:00:00Z", escalate());
    // The rule of 2024 Code 6.13 is 2022 Code 5.12's, and the complaint is told so.
    let refusal = case.refused("2024-04-16T10:00:00Z", acknowledge(StageNumber::Two, "alice"), "5.12");
    assert_eq!(refusal.version(), Some(VersionId::V2022));
    assert_eq!(refusal.to_string(), "2022 Code 5.12: the stage 2 handler must not be the person who handled stage 1");
    case.ok("2024-04-16T10:00:00Z", acknowledge(StageNumber::Two, "bob"));
    // A timescale the 2022 Code sets is cited as that Code numbers it, not mapped again.
    let late = case.refused("2024-04-17T10:00:00Z", extend(StageNumber::Two, 11), "5.13");
    assert!(late.to_string().starts_with("2022 Code 5.13: an extension beyond 10 working days"), "{late}");

    // Logging: a representative without authority is 2024 Code 3.6, 2022 Code 4.5.
    let unauthorised =
        LogComplaint { representative: Some((RepresentativeId::trusted("rep-1".into()), false)), ..under_2022() };
    let refusal = log(unauthorised, None, &at(received)).unwrap_err();
    assert_eq!((refusal.version(), refusal.provision().unwrap().to_string()), (Some(VersionId::V2022), "4.5".into()));

    // A rule new in 2024 (the twelve-month window, 2.3) has no 2022 number: it keeps its own.
    let mut recent = Case::logged(received, under_2022());
    let ground = ExclusionGround::IssueOverTwelveMonthsOld;
    let refusal = recent.refused("2024-04-02T09:00:00Z", not_accept(ground, "Old", Some("None")), "2.3");
    assert_eq!(refusal.version(), Some(VersionId::V2024));

    // The same refusal on a complaint under the 2024 Code cites the 2024 number.
    let mut v2024 = at_stage_two();
    let refusal = v2024.refused_without_ombudsman("2024-07-01T09:00:00Z", extend(StageNumber::Two, 5), "6.16");
    assert_eq!(refusal.version(), Some(VersionId::V2024));
}

#[test]
fn a_complaint_received_on_1_april_2024_follows_the_2024_code() {
    // 23:30 UTC on 31 March 2024 is 00:30 on 1 April in England.
    let case =
        Case::logged("2024-03-31T23:30:00Z", LogComplaint { issue_occurred_on: date(2024, 3, 1), ..log_command() });
    let state = case.state();
    assert_eq!((state.logged.code_version, state.logged.received_on), (VersionId::V2024, date(2024, 4, 1)));
}

#[test]
fn nothing_is_recorded_in_the_future_or_before_the_complaint_was_received() {
    let now = instant("2024-06-03T09:00:00Z");
    assert!(Context::new(now, Some(instant("2024-06-04T09:00:00Z")), &CALENDAR, code()).is_err());
    let mut case = Case::received("2024-06-03T09:00:00Z");
    let refusal = case.run("2024-06-02T09:00:00Z", acknowledge(StageNumber::One, "alice")).unwrap_err();
    assert!(matches!(refusal, Refusal::Invalid(_)));
}

// ---- The Ombudsman

#[test]
fn an_ombudsman_determination_with_orders_is_recorded_and_complied_with() {
    let mut case = at_stage_two();
    case.ok("2024-07-15T10:00:00Z", respond(StageNumber::Two, &["P3", "P4"]));
    let determination = Command::RecordDetermination(RecordDetermination {
        findings: vec![Finding { aspect: "Repairs".into(), outcome: OmbudsmanOutcome::Maladministration }],
        orders: vec![OrderTerms {
            kind: OrderKind::Order,
            description: "Pay £300".into(),
            due: Some(date(2024, 12, 20)),
        }],
    });
    assert!(matches!(case.run("2024-11-01T10:00:00Z", determination.clone()), Err(Refusal::State(_))));
    case.ok(
        "2024-08-01T10:00:00Z",
        Command::ReferToOmbudsman(ReferToOmbudsman { case_reference: Some("202412345".into()) }),
    )
    .ok("2024-11-20T10:00:00Z", determination)
    .ok(
        "2024-12-10T10:00:00Z",
        Command::RecordOrderCompliance(Item {
            id: "O1".into(),
            body: RecordOrderCompliance { evidence: "Payment reference 991".into() },
        }),
    );
    let order = &case.state().ombudsman.unwrap().determination.unwrap().orders[0];
    assert_eq!(order.complied_on, Some(date(2024, 12, 10)));
}

#[test]
fn code_6_17_outstanding_actions_are_tracked_after_the_stage_two_response() {
    let mut case = at_stage_two();
    let Command::Respond(Respond { stage, decision, decisions, remedy, .. }) = respond(StageNumber::Two, &["P3", "P4"])
    else {
        unreachable!()
    };
    let plan = ActionPlan {
        description: "Survey the damp in the bedroom".into(),
        owner: UserId::trusted("surveyor".into()),
        due: date(2024, 8, 1),
    };
    let command = Command::Respond(Respond {
        stage,
        decision,
        decisions,
        remedy,
        outstanding: Some(Outstanding::Actions { actions: vec![plan] }),
        escalation: None,
    });
    case.ok("2024-07-15T10:00:00Z", command)
        .ok("2024-07-30T10:00:00Z", Command::CompleteAction(Item { id: "A1".into(), body: CompleteAction {} }));
    assert_eq!(case.state().actions[0].completed_on, Some(date(2024, 7, 30)));
    assert!(matches!(
        case.run("2024-07-31T10:00:00Z", Command::CompleteAction(Item { id: "A1".into(), body: CompleteAction {} })),
        Err(Refusal::State(_))
    ));
}

// ---- What the state offers (the pages show a form for exactly these)

/// Whether `Complaint::allowed` offers the command's kind (the kinds checked here).
fn offered(complaint: &Complaint, command: &Command) -> bool {
    let kind = match command {
        Command::Acknowledge { .. } => Allowed::Acknowledge,
        Command::Reassign { .. } => Allowed::Reassign,
        Command::PassHandling { .. } => Allowed::PassHandling,
        Command::Respond { .. } => Allowed::Respond,
        Command::Extend { .. } => Allowed::Extend,
        Command::RequestEscalation { .. } => Allowed::Escalate,
        Command::OfferRemedy { .. } => Allowed::OfferRemedy,
        Command::AddAction { .. } => Allowed::AddAction,
        Command::ReferToOmbudsman { .. } => Allowed::ReferToOmbudsman,
        Command::Close { .. } => Allowed::Close,
        _ => return true,
    };
    complaint.allowed().contains(&kind)
}

fn close() -> Command {
    Command::Close(Learning {
        root_cause: "Repairs were not chased".into(),
        improvement_needed: true,
        improvement_actions: vec!["Chase repairs weekly".into()],
    })
}

#[test]
fn every_command_decide_takes_is_one_the_state_offers() {
    let mut responded = acknowledged();
    responded.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    let mut escalated = acknowledged();
    escalated
        .ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]))
        .ok("2024-06-20T10:00:00Z", escalate());
    let mut closed = acknowledged();
    closed.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-19T10:00:00Z", close());
    let states = [Case::received("2024-06-03T09:00:00Z"), acknowledged(), responded, escalated, at_stage_two(), closed];
    let mut taken = 0;
    for case in &states {
        let complaint = case.state();
        let commands = [
            acknowledge(StageNumber::One, "carol"),
            acknowledge(StageNumber::Two, "carol"),
            Command::Reassign(Reassign {
                stage: complaint.current_stage().number,
                handler: UserId::trusted("carol".into()),
                reason: "Alice is on leave".into(),
                conflict: ConflictDeclaration::default(),
            }),
            Command::PassHandling(PassHandling {
                organisation: OrganisationId::trusted("agent".into()),
                reason: "The agent manages the block".into(),
            }),
            respond(StageNumber::One, &["P1", "P2"]),
            respond(StageNumber::Two, &["P3", "P4"]),
            extend(StageNumber::One, 5),
            extend(StageNumber::Two, 5),
            escalate(),
            Command::OfferRemedy(RemedyOffer {
                kind: RemedyKind::Apology,
                description: "A written apology".into(),
                amount_pence: None,
                due: None,
            }),
            Command::AddAction(ActionPlan {
                description: "Service the boiler".into(),
                owner: UserId::trusted("carol".into()),
                due: date(2024, 7, 1),
            }),
            Command::ReferToOmbudsman(ReferToOmbudsman { case_reference: None }),
            close(),
        ];
        for command in commands {
            let decided = decide(&complaint, command.clone(), &at("2024-06-25T10:00:00Z"));
            if decided.is_ok() {
                taken += 1;
                assert!(
                    offered(&complaint, &command),
                    "{:?}: {command:?} is taken but not offered",
                    complaint.status()
                );
            }
        }
    }
    // Each state takes at least one of them: the check above is not vacuous.
    assert!(taken >= states.len(), "{taken}");
}

#[test]
fn the_state_offers_its_next_steps_and_correspondence_last() {
    let complaint = Case::received("2024-06-03T09:00:00Z").state();
    assert_eq!(complaint.allowed()[..2], [Allowed::Acknowledge, Allowed::NotAccept]);
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    let offers = case.state().allowed();
    assert!(offers.contains(&Allowed::Escalate) && offers.contains(&Allowed::ReferToOmbudsman), "{offers:?}");
    assert_eq!(offers.last(), Some(&Allowed::RecordCorrespondence));
}

#[test]
fn channel_and_status_names_are_what_serde_writes_and_every_one_is_listed() {
    for channel in Channel::ALL {
        assert_eq!(serde_json::to_value(channel).unwrap(), channel.as_str());
    }
    for status in Status::ALL {
        assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
    }
    let names: std::collections::BTreeSet<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), Channel::ALL.len());
    let names: std::collections::BTreeSet<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(names.len(), Status::ALL.len());
}

mod edges;
mod file;
mod handlers;
mod handovers;
mod recorded;
mod review;
