//! The self-assessment through the use cases (issue 13), on each database backend (SQLite,
//! and PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set): a draft with every provision and
//! the evidence from the record, answered, refused approval while incomplete, approved and
//! published, versioned, and next year's pre-filled from it, or from an imported one.
//!
//! ```text
//! cargo test -p redress-app --test assessment
//! ```

// Test code: a failed unwrap or assert is a failed case with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;
use std::sync::Arc;

use jiff::civil::{Date, date};
use redress_app::{Actor, App, AppError, AssessmentStart, FixedClock, Role};
use redress_domain::assessment::{
    Answer, Approval, Command, Coverage, Publication, Statement, Status, Trigger, TriggerKind,
};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::code::{Support, VersionId};
use redress_domain::ids::AssessmentId;
use redress_domain::refusal::Refusal;
use redress_domain::reporting::Period;
use redress_storage::testing::TestDatabase;
use redress_storage::testing::suite::{self, Case};
use redress_storage::{Backend, OrganisationDetails, case};

struct World {
    _db: TestDatabase,
    app: App,
    clock: Arc<FixedClock>,
    officer: Actor,
    admin: Actor,
    handler: Actor,
}

async fn world(backend: Backend) -> World {
    let db = TestDatabase::migrated(backend).await.unwrap();
    let clock = Arc::new(FixedClock::new("2026-06-01T09:00:00Z".parse().unwrap()));
    let app = App::new(db.database().clone(), WorkingCalendar::england_and_wales(), clock.clone()).unwrap();
    let admin = member(&app, "Adam Admin", Role::Admin).await;
    let officer = member(&app, "Olive Officer", Role::ComplaintsOfficer).await;
    let handler = member(&app, "Hana Handler", Role::Handler).await;
    app.save_organisation_details(&admin, "Alpha Homes", &OrganisationDetails::default()).await.unwrap();
    World { _db: db, app, clock, officer, admin, handler }
}

async fn member(app: &App, name: &str, role: Role) -> Actor {
    let organisation = app.organisation_named("Alpha Homes").await.unwrap();
    let (_, token) = app.add_user(&organisation, name, role).await.unwrap();
    app.authenticate(&token).await.unwrap().unwrap()
}

fn year(starts: i16) -> Period {
    Period::new(date(starts, 4, 1), date(starts + 1, 3, 31)).unwrap()
}

fn start(period: Period) -> AssessmentStart {
    AssessmentStart { coverage: Coverage::Alone, period, imported: None }
}

fn yes(evidence: &str) -> Statement {
    Statement { answer: Some(Answer::Yes), evidence: evidence.into(), ..Statement::default() }
}

fn cited(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Refused(Refusal::Code { provision, .. })) => provision.to_string(),
        other => panic!("not refused under the Code: {other:?}"),
    }
}

/// Answers every provision "Yes", sends it for review, approves and publishes it.
async fn publish(w: &World, id: &AssessmentId, on: Date) {
    let view = w.app.assessment(&w.officer, id).await.unwrap();
    for row in view.rows() {
        w.app.answer_provision(&w.officer, id, row.provision(), yes("Policy")).await.unwrap();
    }
    w.app.assessment_step(&w.officer, id, Command::SendForReview).await.unwrap();
    let approval = Approval { body: "Board".into(), on, minute: "B/1".into() };
    w.app.assessment_step(&w.admin, id, Command::Approve(approval)).await.unwrap();
    let publication = Publication { on, response: "The board welcomes the report.".into() };
    w.app.assessment_step(&w.admin, id, Command::Publish(publication)).await.unwrap();
}

async fn code_8_1_a_draft_has_every_provision_with_the_evidence_from_the_record(backend: Backend) {
    let w = world(backend).await;
    let id = w.app.start_assessment(&w.officer, start(year(2025))).await.unwrap();
    let view = w.app.assessment(&w.officer, &id).await.unwrap();
    let code = w.app.code().version(VersionId::V2024).unwrap();
    assert_eq!(view.assessment.status, Status::Draft);
    assert_eq!(view.rows().count(), code.provisions.len(), "every provision of the 2024 Code");
    assert_eq!(view.sections.len(), code.sections.len());
    let not_attested = w.app.code().matrix().iter().filter(|e| e.support != Support::Attested).count();
    assert_eq!(view.rows().filter(|r| r.entry.from_record.is_some()).count(), not_attested);
    let six_two = view.row("6.2".parse().unwrap()).unwrap();
    assert!(six_two.requirement.starts_with("Complaints must be acknowledged"), "{}", six_two.requirement);
    assert_eq!(view.organisation, "Alpha Homes");

    let document = w.app.assessment_document(&w.officer, &id).await.unwrap();
    assert_eq!(document.sections.iter().map(|s| s.rows.len()).sum::<usize>(), code.provisions.len());
    assert!(document.approval.is_none());

    // Reading is for those who read reports; writing for complaints officers and admins.
    assert!(matches!(w.app.assessment(&w.handler, &id).await, Err(AppError::Forbidden(_))));
    assert!(matches!(w.app.start_assessment(&w.handler, start(year(2024))).await, Err(AppError::Forbidden(_))));
}

async fn code_8_2_an_assessment_is_approved_and_published_only_when_complete(backend: Backend) {
    let w = world(backend).await;
    let id = w.app.start_assessment(&w.officer, start(year(2025))).await.unwrap();
    let two_three = "2.3".parse().unwrap();
    let no = Statement { answer: Some(Answer::No), ..Statement::default() };
    assert_eq!(cited(w.app.answer_provision(&w.officer, &id, two_three, no.clone()).await), "8.1");
    let no = Statement { explanation: "Our policy says 6 months.".into(), comply_by: Some(date(2026, 9, 30)), ..no };
    w.app.answer_provision(&w.officer, &id, two_three, no).await.unwrap();
    w.app.assessment_step(&w.officer, &id, Command::SendForReview).await.unwrap();
    let approval = Approval { body: "Board".into(), on: date(2026, 5, 20), minute: "B/2026/14".into() };
    assert_eq!(cited(w.app.assessment_step(&w.admin, &id, Command::Approve(approval.clone())).await), "8.1");
    assert!(matches!(
        w.app.assessment_step(&w.officer, &id, Command::Approve(approval.clone())).await,
        Err(AppError::Forbidden(_))
    ));

    let view = w.app.assessment(&w.officer, &id).await.unwrap();
    for row in view.rows().filter(|r| r.provision() != two_three) {
        w.app.answer_provision(&w.officer, &id, row.provision(), yes("Policy section 2")).await.unwrap();
    }
    assert_eq!(
        w.app.assessment_step(&w.admin, &id, Command::Approve(approval.clone())).await.unwrap(),
        Status::Approved
    );
    let late = w.app.answer_provision(&w.officer, &id, two_three, yes("Changed")).await;
    assert!(matches!(late, Err(AppError::Refused(Refusal::State(_)))), "{late:?}");
    let publication = Publication { on: date(2026, 5, 28), response: "The board welcomes the report.".into() };
    assert_eq!(w.app.assessment_step(&w.admin, &id, Command::Publish(publication)).await.unwrap(), Status::Published);

    let document = w.app.assessment_document(&w.officer, &id).await.unwrap();
    assert_eq!(document.approval.map(|a| a.minute), Some("B/2026/14".to_owned()));
    let row = document.sections.iter().flat_map(|s| &s.rows).find(|r| r.provision == two_three).unwrap();
    assert_eq!((row.comply, row.comply_by), (Some(Answer::No), Some(date(2026, 9, 30))));
    assert!(row.commentary.contains("6 months"), "{}", row.commentary);
}

async fn every_save_is_kept_and_next_years_draft_starts_from_the_published_one(backend: Backend) {
    let w = world(backend).await;
    w.clock.set("2025-06-01T09:00:00Z".parse().unwrap());
    let last = w.app.start_assessment(&w.officer, start(year(2024))).await.unwrap();
    publish(&w, &last, date(2025, 5, 30)).await;

    w.clock.set("2026-06-01T09:00:00Z".parse().unwrap());
    let id = w.app.start_assessment(&w.officer, start(year(2025))).await.unwrap();
    let view = w.app.assessment(&w.officer, &id).await.unwrap();
    assert_eq!(view.last_year.as_ref(), Some(&last));
    assert!(view.rows().all(|r| r.entry.statement.answer == Some(Answer::Yes)), "answers pre-filled from last year's");
    assert!(w.app.assessment_changes(&w.officer, &id).await.unwrap().changes.is_empty(), "nothing changed yet");

    let one_two = "1.2".parse().unwrap();
    w.app.answer_provision(&w.officer, &id, one_two, yes("Policy, and our leaflet")).await.unwrap();
    let changes = w.app.assessment_changes(&w.officer, &id).await.unwrap();
    assert_eq!(changes.changes.len(), 1);
    assert!(changes.changes[0].evidence_changed && !changes.changes[0].answer_changed());
    let history = w.app.assessment_provision_history(&w.officer, &id, one_two).await.unwrap();
    assert_eq!(history.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1], "every save kept");
    assert_eq!(history[0].saved_by_name, "Olive Officer");
}

async fn a_draft_starts_from_an_imported_self_assessment_when_none_was_published(backend: Backend) {
    let w = world(backend).await;
    let imported = redress_selfassessment::SelfAssessment {
        code_version: VersionId::V2024,
        landlord: Some("Alpha Homes".into()),
        provisions: vec![
            imported_row("1.2", Some(redress_selfassessment::Comply::Yes), "Policy 1"),
            imported_row("1.3", Some(redress_selfassessment::Comply::Partial), "Being reviewed"),
        ],
        unmapped: None,
    };
    let started = AssessmentStart { imported: Some(imported), ..start(year(2025)) };
    let id = w.app.start_assessment(&w.officer, started).await.unwrap();
    let view = w.app.assessment(&w.officer, &id).await.unwrap();
    let one = &view.row("1.2".parse().unwrap()).unwrap().entry.statement;
    assert_eq!((one.answer, one.evidence.as_str()), (Some(Answer::Yes), "Policy 1"));
    let two = &view.row("1.3".parse().unwrap()).unwrap().entry.statement;
    assert_eq!(two.answer, None, "partial is not an answer the form allows");
    assert!(two.commentary.contains("partial"), "{}", two.commentary);
}

fn imported_row(
    number: &str,
    comply: Option<redress_selfassessment::Comply>,
    evidence: &str,
) -> redress_selfassessment::ImportedProvision {
    redress_selfassessment::ImportedProvision {
        provision: number.parse().unwrap(),
        comply,
        requirement: String::new(),
        evidence: evidence.into(),
        commentary: String::new(),
        in_2024: None,
    }
}

async fn code_8_3_a_merger_makes_a_new_self_assessment_due_until_one_is_started(backend: Backend) {
    let w = world(backend).await;
    let merger = Trigger { kind: TriggerKind::Merger, on: date(2026, 5, 1), details: "Merged with Northfield".into() };
    w.app.record_assessment_trigger(&w.officer, merger.clone()).await.unwrap();
    assert_eq!(w.app.assessments(&w.officer).await.unwrap().outstanding, [merger]);
    w.app.start_assessment(&w.officer, start(year(2025))).await.unwrap();
    let list = w.app.assessments(&w.officer).await.unwrap();
    assert!(list.outstanding.is_empty() && list.triggers.len() == 1 && list.assessments.len() == 1);
}

fn main() -> ExitCode {
    let cases: Vec<Case> = vec![
        case!(code_8_1_a_draft_has_every_provision_with_the_evidence_from_the_record),
        case!(code_8_2_an_assessment_is_approved_and_published_only_when_complete),
        case!(every_save_is_kept_and_next_years_draft_starts_from_the_published_one),
        case!(a_draft_starts_from_an_imported_self_assessment_when_none_was_published),
        case!(code_8_3_a_merger_makes_a_new_self_assessment_due_until_one_is_started),
    ];
    suite::run("assessment", suite::trials_of(cases))
}
