//! Cases about self-assessments: an assessment and its workflow, its entries kept as versions,
//! last year's published one, and the triggers of a new one and declared non-compliance.

use redress_domain::assessment::{
    Answer, Approval, Coverage, Decision, NonCompliance, Publication, Statement, Status, Trigger, TriggerKind,
};
use redress_domain::code::VersionId;
use redress_domain::ids::AssessmentId;
use redress_storage::{Backend, EntrySave, NewAssessment, StorageError};

use crate::fixtures::{at, on, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(an_assessment_keeps_every_save_of_a_provision_and_moves_through_its_workflow),
        on_each_backend!(last_years_published_assessment_is_found_and_others_are_not),
        on_each_backend!(triggers_and_declared_non_compliance_are_kept_per_organisation),
    ]
}

fn new(id: &str, org: &redress_domain::ids::OrganisationId, from: &str, to: &str) -> NewAssessment {
    NewAssessment {
        id: AssessmentId::trusted(id.into()),
        organisation_id: org.clone(),
        coverage: Coverage::WithAgents,
        code_version: VersionId::V2024,
        period_from: on(from),
        period_to: on(to),
    }
}

fn save(provision: &str, answer: Option<Answer>, evidence: &str) -> EntrySave {
    EntrySave {
        provision: provision.parse().unwrap_or_else(|_| unreachable!()),
        from_record: Some(r#"{"statements":["from the record"]}"#.into()),
        statement: Statement {
            answer,
            evidence: evidence.into(),
            links: vec!["https://a.example/policy".into(), "https://a.example/report".into()],
            documents: vec!["Complaints policy v4".into()],
            ..Statement::default()
        },
    }
}

async fn an_assessment_keeps_every_save_of_a_provision_and_moves_through_its_workflow(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    let assessment = new("sa-1", org, "2025-04-01", "2026-03-31");
    let id = &assessment.id;
    w.db.start_assessment(
        &assessment,
        &[save("1.1", None, ""), save("5.10", None, "")],
        user,
        at("2026-04-02T09:00:00Z"),
    )
    .await?;
    let stored = w.db.assessment(org, id).await?.ok_or("the assessment")?;
    assert_eq!(
        (stored.status, stored.coverage, stored.period_to),
        (Status::Draft, Coverage::WithAgents, on("2026-03-31"))
    );
    assert_eq!(stored.approval, None);

    let no = EntrySave {
        statement: Statement {
            answer: Some(Answer::No),
            explanation: "Being changed".into(),
            comply_by: Some(on("2026-09-30")),
            ..Statement::default()
        },
        ..save("5.10", None, "")
    };
    w.db.save_assessment_entries(
        org,
        id,
        &[save("1.1", Some(Answer::Yes), "Policy section 2")],
        user,
        at("2026-04-03T09:00:00Z"),
    )
    .await?;
    w.db.save_assessment_entries(org, id, &[no], user, at("2026-04-04T09:00:00.123456789Z")).await?;

    let mut now = w.db.assessment_entries(org, id).await?;
    now.sort_by_key(|e| e.provision);
    let seen: Vec<_> = now.iter().map(|e| (e.provision.to_string(), e.version, e.answer)).collect();
    assert_eq!(seen, [("1.1".to_owned(), 2, Some(Answer::Yes)), ("5.10".to_owned(), 2, Some(Answer::No))]);
    assert_eq!(now[0].links, ["https://a.example/policy", "https://a.example/report"], "links one per line");
    assert_eq!(now[0].documents, ["Complaints policy v4"]);
    assert_eq!(now[1].comply_by, Some(on("2026-09-30")));
    assert_eq!(now[1].saved_at, at("2026-04-04T09:00:00.123456Z"), "to the microsecond");
    assert_eq!(now[0].saved_by_name, "Handler of Alpha Homes");

    let history = w.db.assessment_entry_versions(org, id, "1.1".parse()?).await?;
    let versions: Vec<_> = history.iter().map(|e| (e.version, e.answer, e.evidence.as_str())).collect();
    assert_eq!(versions, [(2, Some(Answer::Yes), "Policy section 2"), (1, None, "")], "every save kept, newest first");

    // Another organisation sees nothing of it and cannot change it.
    assert_eq!(w.db.assessment(&w.b.org(), id).await?, None);
    assert!(w.db.assessment_entries(&w.b.org(), id).await?.is_empty());
    let theirs = w
        .db
        .save_assessment_entries(&w.b.org(), id, &[save("1.1", None, "")], &w.b.user_id(), at("2026-04-05T09:00:00Z"))
        .await;
    assert!(matches!(theirs, Err(StorageError::Stale { .. })), "{theirs:?}");

    // The workflow moves only from the status the caller read.
    let review = Decision::Moved(Status::InReview);
    w.db.move_assessment(org, id, Status::Draft, &review, user, at("2026-04-06T09:00:00Z")).await?;
    let again = w.db.move_assessment(org, id, Status::Draft, &review, user, at("2026-04-06T09:00:01Z")).await;
    assert!(matches!(again, Err(StorageError::Stale { .. })), "{again:?}");
    let approval = Approval { body: "Board".into(), on: on("2026-06-18"), minute: "B/2026/14".into() };
    w.db.move_assessment(
        org,
        id,
        Status::InReview,
        &Decision::Approved(approval.clone()),
        user,
        at("2026-06-19T09:00:00Z"),
    )
    .await?;
    let locked =
        w.db.save_assessment_entries(org, id, &[save("1.1", None, "")], user, at("2026-06-20T09:00:00Z")).await;
    assert!(matches!(locked, Err(StorageError::Stale { .. })), "an approved assessment is not changed: {locked:?}");
    let publication = Publication { on: on("2026-06-30"), response: "The board welcomes it.".into() };
    w.db.move_assessment(
        org,
        id,
        Status::Approved,
        &Decision::Published(publication.clone()),
        user,
        at("2026-06-30T09:00:00Z"),
    )
    .await?;
    let done = w.db.assessment(org, id).await?.ok_or("the assessment")?;
    assert_eq!((done.status, done.approval, done.publication), (Status::Published, Some(approval), Some(publication)));
    assert_eq!(done.changed_at, at("2026-06-30T09:00:00Z"));
    Ok(())
}

async fn last_years_published_assessment_is_found_and_others_are_not(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    for (id, from, to) in [
        ("sa-2024", "2024-04-01", "2025-03-31"),
        ("sa-2023", "2023-04-01", "2024-03-31"),
        ("sa-2025", "2025-04-01", "2026-03-31"),
    ] {
        w.db.start_assessment(&new(id, org, from, to), &[], user, at("2025-04-02T09:00:00Z")).await?;
    }
    publish(&w.db, org, user, "sa-2023").await?;
    assert_eq!(
        w.db.last_published_assessment(org, on("2025-04-01")).await?.map(|a| a.id.to_string()),
        Some("sa-2023".into()),
        "only published ones count"
    );
    publish(&w.db, org, user, "sa-2024").await?;
    assert_eq!(
        w.db.last_published_assessment(org, on("2025-04-01")).await?.map(|a| a.id.to_string()),
        Some("sa-2024".into()),
        "the latest before"
    );
    assert_eq!(w.db.last_published_assessment(org, on("2024-03-31")).await?, None, "none ends before");
    assert_eq!(w.db.last_published_assessment(&w.b.org(), on("2030-01-01")).await?, None);
    let listed: Vec<_> = w.db.assessments(org).await?.into_iter().map(|a| a.id.to_string()).collect();
    assert_eq!(listed, ["sa-2025", "sa-2024", "sa-2023"], "the latest period first");
    Ok(())
}

async fn triggers_and_declared_non_compliance_are_kept_per_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    let merger = Trigger { kind: TriggerKind::Merger, on: on("2026-02-01"), details: "Merged with Northfield".into() };
    let request = Trigger { kind: TriggerKind::OmbudsmanRequest, on: on("2026-01-10"), details: "Case 2025001".into() };
    w.db.record_assessment_trigger(org, "t-1", &merger, user, at("2026-02-02T09:00:00Z")).await?;
    w.db.record_assessment_trigger(org, "t-2", &request, user, at("2026-02-02T09:00:00Z")).await?;
    let kept: Vec<_> = w.db.assessment_triggers(org).await?.into_iter().map(|t| t.trigger).collect();
    assert_eq!(kept, [request, merger], "oldest first");
    assert!(w.db.assessment_triggers(&w.b.org()).await?.is_empty());

    let declared = NonCompliance {
        from: on("2026-03-01"),
        circumstances: "Cyber incident".into(),
        ombudsman_told_on: on("2026-03-02"),
        residents_told: "Letters may be late until May.".into(),
        return_by: on("2026-05-31"),
    };
    w.db.declare_non_compliance(org, "n-1", &declared, user, at("2026-03-02T09:00:00Z")).await?;
    let kept = w.db.declared_non_compliance(org).await?;
    assert_eq!(kept.len(), 1);
    assert_eq!((&kept[0].declaration, &kept[0].recorded_by), (&declared, user));
    assert!(w.db.declared_non_compliance(&w.b.org()).await?.is_empty());
    let taken = w.db.declare_non_compliance(org, "n-1", &declared, user, at("2026-03-03T09:00:00Z")).await;
    assert!(matches!(taken, Err(StorageError::Duplicate { .. })), "{taken:?}");
    Ok(())
}

async fn publish(
    db: &redress_storage::Database,
    org: &redress_domain::ids::OrganisationId,
    user: &redress_domain::ids::UserId,
    id: &str,
) -> Result<(), StorageError> {
    let id = AssessmentId::trusted(id.into());
    let approval = Approval { body: "Board".into(), on: on("2025-05-01"), minute: "1".into() };
    db.move_assessment(org, &id, Status::Draft, &Decision::Moved(Status::InReview), user, at("2025-05-01T09:00:00Z"))
        .await?;
    db.move_assessment(org, &id, Status::InReview, &Decision::Approved(approval), user, at("2025-05-01T09:00:00Z"))
        .await?;
    let publication = Publication { on: on("2025-05-02"), response: "Noted".into() };
    db.move_assessment(org, &id, Status::Approved, &Decision::Published(publication), user, at("2025-05-02T09:00:00Z"))
        .await
}
