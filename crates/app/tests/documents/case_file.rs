//! The case file (Code 5.12: the full record, produced whole): a complaint lived through both
//! stages with correspondence and files, its zip opened and its PDF read.

use std::io::{Cursor, Read};

use jiff::Timestamp;
use jiff::civil::{Date, date};
use redress_app::{AppError, AttachmentInput, CorrespondenceInput, Stated};
use redress_domain::complaint::{
    Acknowledge, ActionPlan, Channel, Command, CompleteRemedy, ConflictDeclaration, Decision, DefinitionInput,
    Direction, Extend, Item, Learning, Outstanding, PointDecision, RemedyKind, RemedyOffer, RemedyOutcome,
    RequestEscalation, Respond, Responsibility, StageNumber, StageTwoRoute, UpdateAction,
};
use redress_storage::{Backend, sha256_hex};
use serde_json::Value;

use crate::poppler;
use crate::world::{World, world};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(code_5_12_the_case_file_holds_every_item_of_the_record_with_matching_checksums),
        case!(the_case_file_is_for_who_may_read_the_case_and_no_one_else),
    ]
}

/// When a step happened, recorded later from the paper file.
fn at(text: &str) -> Stated {
    Stated { at: Some(text.parse::<Timestamp>().unwrap()), late_reason: Some("Entered from the paper file".into()) }
}

fn acknowledge(w: &World, stage: StageNumber, points: &[&str]) -> Command {
    let handler = if stage == StageNumber::One { &w.handler } else { &w.senior };
    Command::Acknowledge(Acknowledge {
        stage,
        handler: handler.user_id.clone(),
        definition: DefinitionInput {
            points: points.iter().map(|p| (*p).to_owned()).collect(),
            outcomes_sought: vec!["The mould treated at its cause".into()],
        },
        responsibility: Responsibility {
            responsible_for: vec!["Repairs to the structure of the home".into()],
            not_responsible_for: vec!["The resident's furniture, which their contents insurer covers".into()],
        },
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
    })
}

fn decided(point: &str, decision: Decision, reasons: &str) -> PointDecision {
    PointDecision { point: point.into(), decision, reasons: reasons.into() }
}

fn remedy(kind: RemedyKind, description: &str, amount_pence: Option<u64>, due: Date) -> RemedyOutcome {
    RemedyOutcome::Offered {
        remedies: vec![RemedyOffer { kind, description: description.into(), amount_pence, due: Some(due) }],
    }
}

/// Correspondence `subject` at `when` with one file.
fn letter(direction: Direction, subject: &str, when: &str, file: (&str, &[u8])) -> CorrespondenceInput {
    CorrespondenceInput {
        direction,
        channel: if direction == Direction::Incoming { Channel::Email } else { Channel::Letter },
        subject: subject.into(),
        body: format!("{subject}: the text as sent."),
        occurred_at: Some(when.parse().unwrap()),
        attachments: vec![AttachmentInput {
            file_name: file.0.into(),
            media_type: "application/octet-stream".into(),
            content: file.1.to_vec(),
            sha256: None,
        }],
    }
}

/// Lives the world's complaint through both stages to its closure, with correspondence.
pub(crate) async fn lived(w: &World) {
    let id = &w.complaint;
    let act = |senior: bool, stated: Stated, command: Command| {
        let actor = if senior { &w.senior } else { &w.handler };
        async move { w.app.act(actor, id, command, stated).await.unwrap() }
    };
    let points = ["Mould reports were not investigated", "The surveyor did not attend"];
    act(false, at("2025-01-08T10:00:00Z"), acknowledge(w, StageNumber::One, &points)).await;
    let extend = Extend {
        stage: StageNumber::One,
        working_days: 5,
        reason: "We are waiting for the damp specialist's report.".into(),
        resident_informed: true,
        good_reason: None,
        update_interval: Some(5),
        new_due: None,
    };
    act(false, at("2025-01-15T10:00:00Z"), Command::Extend(extend)).await;
    let photo = letter(
        Direction::Incoming,
        "Photographs of the mould",
        "2025-01-16T08:30:00Z",
        ("mould.jpg", b"\xff\xd8 a photograph"),
    );
    w.app.record_correspondence(&w.handler, id, photo).await.unwrap();
    let respond = Respond {
        stage: StageNumber::One,
        decision: Some(Decision::PartlyUpheld),
        decisions: vec![
            decided("P1", Decision::PartlyUpheld, "Two of the three reports were logged without an inspection."),
            decided("P2", Decision::NotUpheld, "The surveyor attended on 9 January, as the visit log shows."),
        ],
        remedy: Some(remedy(RemedyKind::Apology, "A written apology from the repairs manager", None, date(2025, 2, 7))),
        outstanding: Some(Outstanding::Actions {
            actions: vec![ActionPlan {
                description: "Treat the mould and fit an extractor fan".into(),
                owner: w.handler.user_id.clone(),
                due: date(2025, 2, 28),
            }],
        }),
        escalation: Some(StageTwoRoute {
            contact: "The complaints team".into(),
            how: "Reply to this letter".into(),
            within: "Within 20 working days of this response".into(),
        }),
    };
    act(false, at("2025-01-27T10:00:00Z"), Command::Respond(respond)).await;
    let response = letter(
        Direction::Outgoing,
        "Our stage 1 response",
        "2025-01-27T11:00:00Z",
        ("response.pdf", b"%PDF-1.7 the response"),
    );
    w.app.record_correspondence(&w.handler, id, response).await.unwrap();
    let done = Item { id: "R1".into(), body: CompleteRemedy { note: "Apology posted first class".into() } };
    act(false, at("2025-01-29T10:00:00Z"), Command::CompleteRemedy(done)).await;
    let progress = UpdateAction { note: "Specialist booked for 10 February".into(), resident_informed: true };
    act(false, at("2025-01-30T10:00:00Z"), Command::UpdateAction(Item { id: "A1".into(), body: progress })).await;
    let escalate = RequestEscalation { reason: Some("The mould has come back.".into()), channel: Some(Channel::Email) };
    act(false, at("2025-02-03T10:00:00Z"), Command::RequestEscalation(escalate)).await;
    let stage_two = acknowledge(w, StageNumber::Two, &["The stage 1 remedy did not stop the mould"]);
    act(true, at("2025-02-04T10:00:00Z"), stage_two).await;
    let respond = Respond {
        stage: StageNumber::Two,
        decision: Some(Decision::Upheld),
        decisions: vec![decided("P3", Decision::Upheld, "The fan was not fitted when we said it would be.")],
        remedy: Some(remedy(
            RemedyKind::Financial,
            "Compensation for the damaged bedding",
            Some(25000),
            date(2025, 3, 7),
        )),
        outstanding: Some(Outstanding::None),
        escalation: None,
    };
    act(true, at("2025-02-20T10:00:00Z"), Command::Respond(respond)).await;
    let learning = Learning {
        root_cause: "Mould reports were closed without an inspection".into(),
        improvement_needed: true,
        improvement_actions: vec!["Inspect every mould report within 10 working days".into()],
    };
    act(true, at("2025-02-21T10:00:00Z"), Command::Close(learning)).await;
}

/// The entry `name` of `zip`.
fn entry(zip: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut bytes = Vec::new();
    archive.by_name(name).unwrap_or_else(|e| panic!("{name} is not in the zip: {e}")).read_to_end(&mut bytes).unwrap();
    bytes
}

async fn code_5_12_the_case_file_holds_every_item_of_the_record_with_matching_checksums(backend: Backend) {
    let w = world(backend).await;
    lived(&w).await;
    let file = w.app.case_file(&w.handler, &w.complaint).await.unwrap();
    let view = w.app.complaint(&w.handler, &w.complaint).await.unwrap();
    let letters = w.app.correspondence(&w.handler, &w.complaint).await.unwrap();
    assert_eq!(file.reference, view.reference);
    assert_eq!(entry(&file.zip, "case-file.pdf"), file.pdf, "the zip holds the PDF");
    let names: Vec<String> =
        zip::ZipArchive::new(Cursor::new(&file.zip)).unwrap().file_names().map(|n| n.unwrap().into_owned()).collect();
    assert_eq!(names.len(), 4, "the PDF, the record and the two files: {names:?}");

    // The record as stored: every event with both times and its hash, every item and file with
    // its checksum, and the file's bytes in the zip matching it.
    let record: Value = serde_json::from_slice(&entry(&file.zip, "record.json")).unwrap();
    let events = record["events"].as_array().unwrap();
    assert_eq!(events.len(), view.events.len());
    for (json, event) in events.iter().zip(&view.events) {
        assert_eq!(json["seq"], event.seq);
        assert_eq!(json["hash"], event.hash.as_str());
        assert_eq!(json["recorded_at"], event.recorded_at.to_string().as_str());
        assert!(json["happened_at"].is_string() || json["happened_on"].is_string() || json["event"].is_object());
    }
    assert_eq!(events[0]["happened_at"], "2025-01-06T09:00:00Z", "when the complaint was received");
    let head = view.events.last().unwrap().hash.clone();
    assert_eq!(record["integrity"]["head_hash"], head.as_str());
    assert_eq!(record["integrity"]["verified"], true, "{}", record["integrity"]);
    let items = record["correspondence"].as_array().unwrap();
    assert_eq!(items.len(), letters.len());
    for (json, stored) in items.iter().zip(&letters) {
        assert_eq!(json["sha256"], stored.item.hash.as_str());
        for (file_json, info) in json["attachments"].as_array().unwrap().iter().zip(&stored.attachments) {
            assert_eq!(file_json["sha256"], info.sha256.as_str());
            let bytes = entry(&file.zip, file_json["path"].as_str().unwrap());
            assert_eq!(sha256_hex(&bytes), info.sha256, "{} in the zip", info.file_name);
        }
    }
    assert_eq!(entry(&file.zip, "attachments/mould.jpg"), b"\xff\xd8 a photograph");

    // The PDF: every event, deadline, letter, remedy and the head hash.
    let Some(text) = poppler::text(&file.pdf) else { return };
    let flat = poppler::squeezed(&text);
    let has = |what: &str| assert!(flat.contains(&poppler::squeezed(what)), "the PDF lacks {what:?}:\n{text}");
    for section in redress_casefile::SECTIONS {
        has(section);
    }
    for event in &view.events {
        has(event.event.label());
    }
    assert!(view.deadlines.len() >= 4, "acknowledgement and response at each stage");
    for deadline in &view.deadlines {
        has(&format!("Stage {} {}", u8::from(deadline.stage), deadline.step.label().to_lowercase()));
        has(&deadline.due.strftime("%-d %B %Y").to_string());
        let e = &deadline.explanation;
        has(&format!("Code {} allows {} working days", e.provision, e.working_days));
    }
    has("Extended by 5 working days");
    for item in &letters {
        has(&item.item.subject);
        has(&item.item.hash);
        for info in &item.attachments {
            has(&info.sha256);
        }
    }
    has("A written apology from the repairs manager");
    has("Compensation for the damaged bedding (£250.00)");
    has("Treat the mould and fit an extractor fan");
    has("Specialist booked for 10 February");
    has("Mould reports were not investigated");
    has(&head);
    has("nothing was found altered, missing or added");
}

async fn the_case_file_is_for_who_may_read_the_case_and_no_one_else(backend: Backend) {
    let w = world(backend).await;
    // A complaint just logged has a file too: an auditor (who reads only) may have it.
    let file = w.app.case_file(&w.auditor, &w.complaint).await.unwrap();
    let record: Value = serde_json::from_slice(&entry(&file.zip, "record.json")).unwrap();
    assert_eq!(record["events"].as_array().unwrap().len(), 1);
    assert!(record["correspondence"].as_array().unwrap().is_empty());
    let refused = w.app.case_file(&w.stranger, &w.complaint).await;
    assert!(matches!(refused, Err(AppError::NotFound(_))), "another landlord's staff: {refused:?}");
    let Some(text) = poppler::text(&file.pdf) else { return };
    assert!(text.contains("None recorded."), "{text}");
}
