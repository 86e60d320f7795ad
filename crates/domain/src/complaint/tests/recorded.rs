//! When things happened and when they were recorded (Code 5.12, 6.2, 6.3, 6.11, 6.14): nothing
//! before the complaint was received, and backdating cannot make a missed deadline look met.

use super::*;

pub(super) const LATE: &str = "The letter was sent on time but its copy was only scanned in today.";

impl Case {
    /// Runs a command that says it happened at `stated`, recorded at `recorded` (the server's
    /// clock), with `reason` for recording it after its deadline.
    pub(super) fn recorded(
        &mut self,
        stated: &str,
        recorded: &str,
        reason: Option<&str>,
        command: Command,
    ) -> Result<Vec<Event>, Refusal> {
        let context = Context::new(instant(recorded), Some(instant(stated)), &CALENDAR, code())
            .unwrap()
            .with_ombudsman(&HOS)
            .with_late_reason(reason);
        self.run_in(context, command)
    }

    /// As [`Case::recorded`], which must be refused citing Code 5.12 and change nothing.
    fn refused_for_want_of_reason(&mut self, stated: &str, recorded: &str, command: Command) {
        let before = self.events.clone();
        let refusal = self.recorded(stated, recorded, None, command).expect_err("refused for want of a reason");
        assert_eq!(refusal.provision().map(|p| p.to_string()).as_deref(), Some("5.12"), "{refusal}");
        assert!(refusal.to_string().contains("needs the reason it is recorded late"), "{refusal}");
        assert!(refusal.wants_late_reason(), "a form can point at the reason's field: {refusal}");
        assert_eq!(self.events, before, "a refused command must change nothing");
    }
}

/// The flags among `events`.
pub(super) fn flags(events: &[Event]) -> Vec<&RecordedAfterDue> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::RecordedAfterDue(late) => Some(late),
            _ => None,
        })
        .collect()
}

fn refuse_escalation() -> Command {
    Command::RefuseEscalation(RefuseEscalation {
        ground: ExclusionGround::LegalProceedingsStarted,
        reasons: "The resident has filed a claim at court about the same repairs.".into(),
    })
}

/// Stage 1 answered on 18 June 2024 and stage 2 asked for on Thursday 20 June: its
/// acknowledgement is due 27 June.
fn escalated() -> Case {
    let mut case = acknowledged();
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"])).ok("2024-06-20T10:00:00Z", escalate());
    case
}

#[test]
fn code_5_12_nothing_happens_to_a_complaint_before_it_was_received_whatever_the_command() {
    let commands = [
        acknowledge(StageNumber::One, "alice"),
        not_accept(ExclusionGround::LegalProceedingsStarted, "A claim was filed at court on 1 May.", None),
        extend(StageNumber::One, 5),
        respond(StageNumber::One, &["P1", "P2"]),
        escalate(),
        refuse_escalation(),
        Command::ReferToOmbudsman(ReferToOmbudsman { case_reference: None }),
        Command::AddPoints(AddPoints { points: vec!["The gas was cut off".into()] }),
        close(),
    ];
    for command in commands {
        let mut case = Case::received("2024-06-03T09:00:00Z");
        let before = case.events.clone();
        // A minute before the complaint was received, recorded a week later.
        let refusal = case
            .recorded("2024-06-03T08:59:00Z", "2024-06-10T09:00:00Z", Some(LATE), command.clone())
            .expect_err("before the complaint was received");
        assert!(
            matches!(&refusal, Refusal::Invalid(m) if m.contains("before it was received")),
            "{command:?}: {refusal}"
        );
        assert_eq!(case.events, before);
    }
    // The moment it was received is not before it.
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.recorded("2024-06-03T09:00:00Z", "2024-06-03T10:00:00Z", None, acknowledge(StageNumber::One, "alice"))
        .unwrap();
}

#[test]
fn code_5_12_nothing_is_recorded_as_happening_in_the_future() {
    let refusal =
        Context::new(instant("2024-06-03T09:00:00Z"), Some(instant("2024-06-03T09:01:00Z")), &CALENDAR, code())
            .expect_err("a minute ahead of the server's clock");
    assert!(refusal.to_string().contains("in the future"), "{refusal}");
}

#[test]
fn code_6_2_an_acknowledgement_recorded_after_its_due_date_needs_a_reason_and_is_counted_apart() {
    // Received Monday 3 June 2024: the acknowledgement is due Monday 10 June.
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.refused_for_want_of_reason(
        "2024-06-07T10:00:00Z",
        "2024-06-12T10:00:00Z",
        acknowledge(StageNumber::One, "alice"),
    );
    let events = case
        .recorded("2024-06-07T10:00:00Z", "2024-06-12T10:00:00Z", Some(LATE), acknowledge(StageNumber::One, "alice"))
        .unwrap();
    assert!(matches!(events[0], Event::Acknowledged { .. }), "the flag follows the event it flags");
    assert_eq!(
        flags(&events),
        [&RecordedAfterDue {
            stage: StageNumber::One,
            step: Step::Acknowledgement,
            due: date(2024, 6, 10),
            stated_on: date(2024, 6, 7),
            recorded_on: date(2024, 6, 12),
            reason: LATE.into(),
        }]
    );
    let all = case.deadlines(date(2024, 6, 12));
    let ack = &all[0];
    // Judged by the stated date, as the Code counts, but counted apart.
    assert_eq!(ack.status, DeadlineStatus::Met);
    assert!(ack.met_only_by_late_record());
    assert_eq!(ack.recorded_after_due.len(), 1);
    assert_eq!(met_only_by_late_records(&all), 1);
    // The flag survives the record's storage as JSON.
    let json = serde_json::to_string(&case.events).unwrap();
    let stored: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert_eq!(Complaint::from_events(&stored).unwrap(), case.state());
}

#[test]
fn code_6_2_no_reason_is_asked_when_the_record_is_in_time_or_the_deadline_was_missed_anyway() {
    // Stated on Friday 7 June, recorded on the due date itself: in time.
    let mut in_time = Case::received("2024-06-03T09:00:00Z");
    let events = in_time
        .recorded("2024-06-07T10:00:00Z", "2024-06-10T16:00:00Z", None, acknowledge(StageNumber::One, "alice"))
        .unwrap();
    assert!(flags(&events).is_empty());
    assert!(!in_time.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 6, 10)).met_only_by_late_record());
    // Stated after the due date: missed, which backdating to that day does not hide.
    let mut missed = Case::received("2024-06-03T09:00:00Z");
    let events = missed
        .recorded("2024-06-11T10:00:00Z", "2024-06-12T10:00:00Z", None, acknowledge(StageNumber::One, "alice"))
        .unwrap();
    assert!(flags(&events).is_empty());
    let ack = missed.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 6, 12));
    assert_eq!(ack.status, DeadlineStatus::Missed { working_days_late: 1 });
    assert!(!ack.met_only_by_late_record());
}

#[test]
fn code_6_2_a_decision_not_to_accept_recorded_after_the_acknowledgement_was_due_is_flagged() {
    let decision =
        || not_accept(ExclusionGround::LegalProceedingsStarted, "A claim was filed at court on 1 May.", None);
    let mut case = Case::received("2024-06-03T09:00:00Z");
    case.refused_for_want_of_reason("2024-06-05T10:00:00Z", "2024-06-11T10:00:00Z", decision());
    let events = case.recorded("2024-06-05T10:00:00Z", "2024-06-11T10:00:00Z", Some(LATE), decision()).unwrap();
    assert_eq!(flags(&events).len(), 1);
    assert!(case.deadline(StageNumber::One, Step::Acknowledgement, date(2024, 6, 11)).met_only_by_late_record());
}

#[test]
fn code_6_3_a_response_recorded_after_its_due_date_needs_a_reason_and_is_counted_apart() {
    // Acknowledged 5 June: the response is due 19 June.
    let mut case = acknowledged();
    case.refused_for_want_of_reason(
        "2024-06-19T15:00:00Z",
        "2024-06-20T09:00:00Z",
        respond(StageNumber::One, &["P1", "P2"]),
    );
    let events = case
        .recorded("2024-06-19T15:00:00Z", "2024-06-20T09:00:00Z", Some(LATE), respond(StageNumber::One, &["P1", "P2"]))
        .unwrap();
    assert_eq!(flags(&events)[0].due, date(2024, 6, 19));
    let response = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 20));
    assert_eq!(response.status, DeadlineStatus::Met);
    assert!(response.met_only_by_late_record());
}

#[test]
fn code_6_3_an_extension_recorded_after_the_due_date_it_claims_to_beat_still_moves_it_but_is_flagged() {
    // Response due Wednesday 19 June; an extension said to be agreed on 18 June is recorded on
    // Friday 21 June, when the deadline has passed.
    let mut case = acknowledged();
    case.refused_for_want_of_reason("2024-06-18T10:00:00Z", "2024-06-21T10:00:00Z", extend(StageNumber::One, 5));
    let events =
        case.recorded("2024-06-18T10:00:00Z", "2024-06-21T10:00:00Z", Some(LATE), extend(StageNumber::One, 5)).unwrap();
    assert!(matches!(events.last(), Some(Event::RecordedAfterDue(_))), "the flag follows the extension");
    assert!(matches!(events[events.len() - 2], Event::Extended { .. }));
    let flag = flags(&events)[0].clone();
    assert_eq!(
        (flag.step, flag.due, flag.stated_on, flag.recorded_on),
        (Step::Response, date(2024, 6, 19), date(2024, 6, 18), date(2024, 6, 21))
    );
    // It moves the deadline as stated: 5 working days after 19 June.
    let moved = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 21));
    assert_eq!(moved.due, date(2024, 6, 26));
    // Answered on time by the moved date, the deadline is met only thanks to the late record.
    case.ok("2024-06-25T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    let response = case.deadline(StageNumber::One, Step::Response, date(2024, 6, 25));
    assert_eq!(response.status, DeadlineStatus::MetWithinExtension);
    assert!(response.met_only_by_late_record());
    assert_eq!(met_only_by_late_records(&case.deadlines(date(2024, 6, 25))), 1);
}

#[test]
fn code_6_11_a_stage_two_acknowledgement_recorded_after_its_due_date_is_flagged() {
    // Stage 2 asked for on Thursday 20 June: its acknowledgement is due 27 June.
    let mut case = escalated();
    assert_eq!(case.deadline(StageNumber::Two, Step::Acknowledgement, date(2024, 6, 20)).due, date(2024, 6, 27));
    case.refused_for_want_of_reason(
        "2024-06-26T10:00:00Z",
        "2024-07-01T10:00:00Z",
        acknowledge(StageNumber::Two, "bob"),
    );
    let events = case
        .recorded("2024-06-26T10:00:00Z", "2024-07-01T10:00:00Z", Some(LATE), acknowledge(StageNumber::Two, "bob"))
        .unwrap();
    assert_eq!(flags(&events)[0].due, date(2024, 6, 27));
    assert!(case.deadline(StageNumber::Two, Step::Acknowledgement, date(2024, 7, 1)).met_only_by_late_record());
}

#[test]
fn code_5_11_a_refusal_to_escalate_recorded_after_the_stage_two_acknowledgement_was_due_needs_a_reason() {
    let mut case = escalated();
    case.refused_for_want_of_reason("2024-06-26T10:00:00Z", "2024-07-01T10:00:00Z", refuse_escalation());
    let events =
        case.recorded("2024-06-26T10:00:00Z", "2024-07-01T10:00:00Z", Some(LATE), refuse_escalation()).unwrap();
    assert_eq!(flags(&events)[0].step, Step::Acknowledgement);
    assert_eq!(flags(&events)[0].stage, StageNumber::Two);
    assert_eq!(case.state().recorded_after_due.len(), 1);
}

#[test]
fn code_6_14_a_stage_two_response_recorded_after_its_due_date_is_flagged() {
    let mut case = at_stage_two();
    let due = case.deadline(StageNumber::Two, Step::Response, date(2024, 6, 24)).due;
    let stated = format!("{due}T10:00:00Z");
    let recorded = format!("{}T10:00:00Z", due.tomorrow().unwrap().tomorrow().unwrap());
    case.refused_for_want_of_reason(&stated, &recorded, respond(StageNumber::Two, &["P3", "P4"]));
    let events = case.recorded(&stated, &recorded, Some(LATE), respond(StageNumber::Two, &["P3", "P4"])).unwrap();
    assert_eq!(flags(&events)[0].due, due);
    let today = due.tomorrow().unwrap().tomorrow().unwrap();
    assert!(case.deadline(StageNumber::Two, Step::Response, today).met_only_by_late_record());
}

#[test]
fn every_event_says_when_it_happened_unless_it_happened_when_recorded() {
    let case = at_stage_two();
    let happened: Vec<Option<Happened>> = case.events.iter().map(Event::happened).collect();
    assert_eq!(happened[0], Some(Happened::At(instant("2024-06-03T09:00:00Z"))), "received");
    assert_eq!(happened[1], Some(Happened::At(instant("2024-06-05T10:00:00Z"))), "acknowledged");
    assert!(case.events.iter().filter(|e| matches!(e, Event::Responded { .. })).all(|e| e.happened().is_some()));
}
