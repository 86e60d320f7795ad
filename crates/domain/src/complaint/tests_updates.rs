//! Keeping the resident informed (Code 5.9) and the new due date of an extension (Code 6.4,
//! 6.15), each test named after the provision it proves. The cases are those of `tests.rs`:
//! received Monday 3 June 2024, acknowledged Wednesday 5 June, the stage 1 response due
//! Wednesday 19 June.

use jiff::civil::{Date, date};

use super::command::{AgreeUpdateInterval, Extend, RecordCorrespondence};
use super::tests::{CALENDAR, Case, acknowledged, at_stage_two, code, extend, respond};
use super::*;
use crate::refusal::Refusal;

fn agree(every_working_days: u16) -> Command {
    Command::AgreeUpdateInterval(AgreeUpdateInterval { stage: StageNumber::One, every_working_days })
}

fn correspondence(direction: Direction) -> Command {
    Command::RecordCorrespondence(RecordCorrespondence {
        correspondence: "k-1".into(),
        direction,
        channel: Channel::Email,
        summary: "Where the investigation has got to".into(),
        evidence: None,
    })
}

fn next(case: &Case, today: Date) -> Option<UpdateDue> {
    next_update(&case.state(), &case.deadlines(today), &CALENDAR, today).unwrap()
}

fn due(case: &Case, today: Date) -> (Date, DeadlineStatus) {
    let update = next(case, today).expect("an update is due");
    (update.due, update.status)
}

/// An extension with the new due date the resident was told of.
fn extend_telling(stage: StageNumber, working_days: u16, told: Date) -> Command {
    let Command::Extend(extension) = extend(stage, working_days) else { unreachable!() };
    Command::Extend(Extend { new_due: Some(told), ..extension })
}

fn new_due_recorded(events: &[Event]) -> Option<Date> {
    events.iter().find_map(|e| match e {
        Event::Extended { new_due, .. } => Some(*new_due),
        _ => None,
    })?
}

// ---- Code 5.9: updates at the agreed interval

#[test]
fn code_5_9_an_update_is_due_the_agreed_working_days_after_the_interval_was_agreed() {
    let mut case = acknowledged();
    assert_eq!(next(&case, date(2024, 6, 6)).map(|u| u.reason), Some(UpdateReason::ResponseOverdue));
    case.ok("2024-06-06T10:00:00Z", agree(5));
    // Thursday 6 June + 5 working days, over the weekend of 8 and 9 June.
    let update = next(&case, date(2024, 6, 6)).unwrap();
    assert_eq!(update.due, date(2024, 6, 13));
    assert_eq!(update.reason, UpdateReason::AgreedInterval);
    assert_eq!(update.counted_from, UpdateCountedFrom::IntervalAgreed);
    assert_eq!((update.counted_from_date, update.working_days), (date(2024, 6, 6), 5));
    assert_eq!(update.skipped.iter().map(|s| s.date).collect::<Vec<_>>(), [date(2024, 6, 8), date(2024, 6, 9)]);
    assert_eq!(due(&case, date(2024, 6, 7)).1, DeadlineStatus::OnTrack);
    assert_eq!(due(&case, date(2024, 6, 11)).1, DeadlineStatus::DueSoon);
}

#[test]
fn code_5_9_an_update_not_sent_by_its_due_date_is_overdue() {
    let mut case = acknowledged();
    case.ok("2024-06-06T10:00:00Z", agree(5));
    assert_eq!(due(&case, date(2024, 6, 13)), (date(2024, 6, 13), DeadlineStatus::DueSoon));
    assert_eq!(due(&case, date(2024, 6, 17)), (date(2024, 6, 13), DeadlineStatus::Overdue { working_days_late: 2 }));
}

#[test]
fn code_5_9_outgoing_correspondence_is_an_update_and_restarts_the_count() {
    let mut case = acknowledged();
    case.ok("2024-06-06T10:00:00Z", agree(5)).ok("2024-06-11T15:00:00Z", correspondence(Direction::Outgoing));
    let update = next(&case, date(2024, 6, 11)).unwrap();
    assert_eq!((update.due, update.counted_from), (date(2024, 6, 18), UpdateCountedFrom::LastUpdate));
    assert_eq!(update.counted_from_date, date(2024, 6, 11));
}

#[test]
fn code_5_9_incoming_correspondence_is_not_an_update() {
    let mut case = acknowledged();
    case.ok("2024-06-06T10:00:00Z", agree(5)).ok("2024-06-11T15:00:00Z", correspondence(Direction::Incoming));
    assert_eq!(due(&case, date(2024, 6, 11)).0, date(2024, 6, 13));
}

#[test]
fn code_5_9_agreeing_a_new_interval_counts_from_the_day_it_is_agreed() {
    let mut case = acknowledged();
    case.ok("2024-06-06T10:00:00Z", agree(10)).ok("2024-06-10T10:00:00Z", agree(2));
    assert_eq!(due(&case, date(2024, 6, 10)).0, date(2024, 6, 12));
}

#[test]
fn code_5_9_an_interval_agreed_in_a_record_without_its_date_counts_from_the_acknowledgement() {
    let mut case = acknowledged();
    case.events.push(Event::UpdateIntervalAgreed { stage: StageNumber::One, every_working_days: 5, on: None });
    // Acknowledged Wednesday 5 June: 5 working days later.
    assert_eq!(due(&case, date(2024, 6, 6)).0, date(2024, 6, 12));
}

// ---- Code 5.9: a late response calls for updates

#[test]
fn code_5_9_a_response_past_its_due_date_without_extension_calls_for_an_update() {
    let mut case = acknowledged();
    // Due Wednesday 19 June: the resident is owed an update on Thursday 20 June.
    let update = next(&case, date(2024, 6, 20)).unwrap();
    assert_eq!(case.deadline(StageNumber::One, Step::Response, date(2024, 6, 20)).due, date(2024, 6, 19));
    assert_eq!((update.due, update.reason), (date(2024, 6, 20), UpdateReason::ResponseOverdue));
    assert_eq!((update.counted_from, update.counted_from_date), (UpdateCountedFrom::ResponseDue, date(2024, 6, 19)));
    assert_eq!(due(&case, date(2024, 6, 21)).1, DeadlineStatus::Overdue { working_days_late: 1 });
    // A letter before the due date passed does not tell the resident it was missed.
    case.ok("2024-06-18T10:00:00Z", correspondence(Direction::Outgoing));
    assert_eq!(due(&case, date(2024, 6, 21)).0, date(2024, 6, 20));
    // One after it does; the next is due 5 working days later.
    case.ok("2024-06-21T10:00:00Z", correspondence(Direction::Outgoing));
    let update = next(&case, date(2024, 6, 21)).unwrap();
    assert_eq!((update.due, update.working_days), (date(2024, 6, 28), LATE_RESPONSE_UPDATE_WORKING_DAYS));
}

#[test]
fn code_5_9_a_letter_on_the_response_due_date_does_not_tell_the_resident_it_was_missed() {
    let mut case = acknowledged();
    // Due Wednesday 19 June: a letter that day was sent before the date had passed.
    case.ok("2024-06-19T10:00:00Z", correspondence(Direction::Outgoing));
    let update = next(&case, date(2024, 6, 20)).unwrap();
    assert_eq!((update.due, update.counted_from), (date(2024, 6, 20), UpdateCountedFrom::ResponseDue));
}

#[test]
fn code_5_9_an_extension_in_time_moves_the_update_a_late_response_calls_for() {
    let mut case = acknowledged();
    // Extended on Monday 17 June by 5 working days: due Wednesday 26 June. The extension also
    // agrees an interval of 5 working days, due first: Monday 24 June.
    case.ok("2024-06-17T09:00:00Z", extend(StageNumber::One, 5));
    let update = next(&case, date(2024, 6, 20)).unwrap();
    assert_eq!((update.due, update.reason), (date(2024, 6, 24), UpdateReason::AgreedInterval));
    case.ok("2024-06-24T09:00:00Z", correspondence(Direction::Outgoing));
    let update = next(&case, date(2024, 6, 24)).unwrap();
    assert_eq!((update.due, update.reason), (date(2024, 6, 27), UpdateReason::ResponseOverdue));
}

#[test]
fn code_5_9_no_update_is_due_once_the_stages_response_is_issued() {
    let mut case = acknowledged();
    case.ok("2024-06-06T10:00:00Z", agree(5));
    case.ok("2024-06-18T10:00:00Z", respond(StageNumber::One, &["P1", "P2"]));
    assert_eq!(next(&case, date(2024, 6, 25)), None);
    // At stage 2 the stage's own response deadline calls for updates again.
    let stage_two = at_stage_two();
    assert_eq!(next(&stage_two, date(2024, 6, 24)).map(|u| u.stage), Some(StageNumber::Two));
}

// ---- Code 6.4, 6.15: the new due date, shown before it is confirmed and recorded

#[test]
fn code_6_4_the_extension_records_the_new_due_date() {
    let mut case = acknowledged();
    let state = case.state();
    let version = code().version(state.logged.code_version).unwrap();
    let preview = extended_due(&state, version, &CALENDAR, StageNumber::One, 5, date(2024, 6, 17)).unwrap().unwrap();
    assert_eq!((preview.due_before, preview.new_due, preview.counted), (date(2024, 6, 19), date(2024, 6, 26), true));
    assert_eq!(preview.skipped.iter().map(|s| s.date).collect::<Vec<_>>(), [date(2024, 6, 22), date(2024, 6, 23)]);
    let events = case.run("2024-06-17T09:00:00Z", extend(StageNumber::One, 5)).unwrap();
    assert_eq!(new_due_recorded(&events), Some(date(2024, 6, 26)));
    assert_eq!(case.deadline(StageNumber::One, Step::Response, date(2024, 6, 17)).due, date(2024, 6, 26));
    assert_eq!(case.state().stage1.extensions[0].new_due, Some(date(2024, 6, 26)));
}

#[test]
fn code_6_4_the_date_the_resident_was_told_must_be_the_new_due_date() {
    let mut case = acknowledged();
    case.refused("2024-06-17T09:00:00Z", extend_telling(StageNumber::One, 5, date(2024, 6, 25)), "6.4");
    let events = case.run("2024-06-17T09:00:00Z", extend_telling(StageNumber::One, 5, date(2024, 6, 26))).unwrap();
    assert_eq!(new_due_recorded(&events), Some(date(2024, 6, 26)));
}

#[test]
fn code_6_15_a_stage_two_extension_records_the_new_due_date_told() {
    let mut case = at_stage_two();
    // Stage 2 acknowledged Monday 24 June: its response is due 20 working days later.
    let due_before = case.deadline(StageNumber::Two, Step::Response, date(2024, 7, 1)).due;
    let new_due = CALENDAR.add_working_days(due_before, 3).unwrap();
    let wrong = CALENDAR.add_working_days(due_before, 4).unwrap();
    case.refused("2024-07-01T09:00:00Z", extend_telling(StageNumber::Two, 3, wrong), "6.15");
    let events = case.run("2024-07-01T09:00:00Z", extend_telling(StageNumber::Two, 3, new_due)).unwrap();
    assert_eq!(new_due_recorded(&events), Some(new_due));
}

#[test]
fn code_6_4_an_extension_after_the_due_date_counts_its_new_date_from_the_day_it_is_recorded() {
    let case = acknowledged();
    let state = case.state();
    let version = code().version(state.logged.code_version).unwrap();
    // Due Wednesday 19 June; extended on Friday 21 June by 2 working days.
    let late = extended_due(&state, version, &CALENDAR, StageNumber::One, 2, date(2024, 6, 21)).unwrap().unwrap();
    assert!(!late.counted);
    assert_eq!((late.counted_from, late.new_due), (date(2024, 6, 21), date(2024, 6, 25)));
}

#[test]
fn an_extension_recorded_before_the_new_due_date_was_kept_still_loads_and_serialises_the_same() {
    let old = r#"{"type":"extended","stage":1,"at":"2024-06-17T09:00:00Z","on":"2024-06-17","working_days":5,"reason":"Waiting","good_reason":null}"#;
    let event: Event = serde_json::from_str(old).unwrap();
    assert_eq!(serde_json::to_string(&event).unwrap(), old);
    let old = r#"{"type":"update_interval_agreed","stage":1,"every_working_days":5}"#;
    let event: Event = serde_json::from_str(old).unwrap();
    assert_eq!(serde_json::to_string(&event).unwrap(), old);
}

#[test]
fn code_5_9_an_update_interval_is_one_to_sixty_working_days() {
    let mut case = acknowledged();
    for never in [0, 61, u16::MAX] {
        let refused = case.run("2024-06-06T09:00:00Z", agree(never));
        assert!(matches!(refused, Err(Refusal::Invalid(_))), "{never}: {refused:?}");
    }
    case.ok("2024-06-06T09:00:00Z", agree(60));
    assert_eq!(case.state().stage1.update_interval, Some(60));
}

#[test]
fn an_extension_is_at_most_a_year_of_working_days_whatever_the_good_reason() {
    let with_good_reason = |working_days| {
        let Command::Extend(extension) = extend(StageNumber::One, working_days) else { unreachable!() };
        Command::Extend(Extend { good_reason: Some("An independent survey is needed".into()), ..extension })
    };
    let mut case = acknowledged();
    let refused = case.run("2024-06-10T09:00:00Z", with_good_reason(261));
    assert!(matches!(refused, Err(Refusal::Invalid(_))), "{refused:?}");
    case.ok("2024-06-10T09:00:00Z", with_good_reason(260));
    assert_eq!(case.state().stage1.extended_by(), 260);
}
