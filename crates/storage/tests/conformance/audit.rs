//! Cases about `verify_audit`: clean on an intact record, and each kind of
//! tampering by someone with direct database access detected.

use redress_storage::{Backend, Database, NewComplaint, ProblemKind, StorageError, Triage};

use crate::correspondence::{letter, pdf, tamper_with_attachment};
use crate::fixtures::{World, cid, complaint, event, exec, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(an_untouched_record_audits_clean),
        on_each_backend!(the_audit_detects_an_event_payload_altered_with_sql),
        on_each_backend!(the_audit_detects_an_event_actor_or_time_altered_with_sql),
        on_each_backend!(the_audit_detects_an_event_deleted_from_the_middle_of_a_chain),
        on_each_backend!(the_audit_detects_the_last_event_deleted),
        on_each_backend!(the_audit_detects_a_chain_head_that_is_not_the_last_event),
        on_each_backend!(the_audit_detects_an_event_inserted_beyond_the_head),
        on_each_backend!(the_audit_detects_a_complaint_deleted_outright),
        on_each_backend!(the_audit_detects_a_complaint_missing_from_the_registry),
        on_each_backend!(the_audit_detects_an_attachments_bytes_altered),
        on_each_backend!(the_audit_detects_correspondence_altered),
        on_each_backend!(one_complaints_audit_checks_its_chain_and_correspondence_and_no_other),
    ]
}

/// A world where A has three complaints (c-1 with four events), with
/// correspondence and an attachment, and B has one.
pub async fn record(backend: Backend) -> Result<World, Box<dyn std::error::Error + Send + Sync>> {
    let w = world(backend).await?;
    for id in ["c-1", "c-2", "c-3"] {
        complaint(&w.db, &w.a, id, "2025-03-01").await?;
    }
    complaint(&w.db, &w.b, "c-b", "2025-03-01").await?;
    let events = [event("acknowledged", r#"{"points":["damp"]}"#), event("extended", "{}"), event("responded", "{}")];
    w.db.append_events(&w.a.org(), &cid("c-1"), 1, &events, &summary(&w.a, "2025-03-01")).await?;
    w.db.record_correspondence(&w.a.org(), &letter("k-1", "c-1", "2025-03-10T09:00:00Z")).await?;
    w.db.add_attachment(&w.a.org(), &pdf("f-1", "k-1", b"%PDF-1.7 original")).await?;
    Ok(w)
}

/// The problems found, as (kind, reference, seq).
async fn problems(db: &Database) -> Result<Vec<(ProblemKind, Option<String>, Option<i64>)>, StorageError> {
    let report = db.verify_audit().await?;
    Ok(report.problems.into_iter().map(|p| (p.kind, p.complaint_reference, p.seq)).collect())
}

fn found(kind: ProblemKind, reference: &str, seq: Option<i64>) -> (ProblemKind, Option<String>, Option<i64>) {
    (kind, Some(reference.to_owned()), seq)
}

async fn an_untouched_record_audits_clean(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    let report = w.db.verify_audit().await?;
    assert!(report.is_clean(), "{:#?}", report.problems);
    assert_eq!((report.organisations, report.complaints, report.events), (2, 4, 7));
    assert_eq!((report.correspondence, report.attachments), (1, 1));
    let heads: Vec<(String, i64)> =
        report.registry_heads.iter().map(|h| (h.organisation_id.clone(), h.last_seq)).collect();
    assert_eq!(heads, [("org-a".to_owned(), 3), ("org-b".to_owned(), 1)]);
    Ok(())
}

async fn the_audit_detects_an_event_payload_altered_with_sql(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    let changed = exec(
        &w.db,
        "update complaint_events set payload = $1 where complaint_id = $2 and seq = 2",
        &[r#"{"points":["nothing"]}"#, "c-1"],
    )
    .await?;
    assert_eq!(changed, 1);
    assert_eq!(problems(&w.db).await?, [found(ProblemKind::EventAltered, "CMP-2025-000001", Some(2))]);
    Ok(())
}

async fn the_audit_detects_an_event_actor_or_time_altered_with_sql(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    exec(&w.db, "update complaint_events set actor = $1 where complaint_id = $2 and seq = 3", &["someone-else", "c-1"])
        .await?;
    // Move an instant by a day, in each backend's own terms.
    let shift = match backend {
        Backend::Sqlite => {
            "update complaint_events set recorded_at = replace(recorded_at, '2025-03-04', '2025-03-03') where complaint_id = $1 and seq = 4"
        }
        Backend::Postgres => {
            "update complaint_events set recorded_at = recorded_at - interval '1 day' where complaint_id = $1 and seq = 4"
        }
    };
    assert_eq!(exec(&w.db, shift, &["c-1"]).await?, 1);
    assert_eq!(
        problems(&w.db).await?,
        [
            found(ProblemKind::EventAltered, "CMP-2025-000001", Some(3)),
            found(ProblemKind::EventAltered, "CMP-2025-000001", Some(4)),
        ]
    );
    Ok(())
}

async fn the_audit_detects_an_event_deleted_from_the_middle_of_a_chain(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    assert_eq!(exec(&w.db, "delete from complaint_events where complaint_id = $1 and seq = 2", &["c-1"]).await?, 1);
    let found_problems = problems(&w.db).await?;
    assert!(
        found_problems.contains(&found(ProblemKind::EventMissing, "CMP-2025-000001", Some(2))),
        "{found_problems:?}"
    );
    assert!(
        found_problems.contains(&found(ProblemKind::ChainBroken, "CMP-2025-000001", Some(3))),
        "{found_problems:?}"
    );
    Ok(())
}

async fn the_audit_detects_the_last_event_deleted(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    assert_eq!(exec(&w.db, "delete from complaint_events where complaint_id = $1 and seq = 4", &["c-1"]).await?, 1);
    assert_eq!(problems(&w.db).await?, [found(ProblemKind::EventMissing, "CMP-2025-000001", Some(4))]);
    Ok(())
}

async fn the_audit_detects_a_chain_head_that_is_not_the_last_event(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    let fake = "f".repeat(64);
    assert_eq!(exec(&w.db, "update complaints set head_hash = $1 where id = $2", &[&fake, "c-1"]).await?, 1);
    assert_eq!(problems(&w.db).await?, [found(ProblemKind::HeadMismatch, "CMP-2025-000001", Some(4))]);
    Ok(())
}

async fn the_audit_detects_an_event_inserted_beyond_the_head(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    // A forger copies the last event's row as seq 5, with a hash computed
    // properly, but cannot move the head without it showing too.
    let events = w.db.load_events(&w.a.org(), &cid("c-1")).await?;
    let last = events.last().ok_or("events")?;
    let hash = redress_storage::event_hash(&last.hash, "c-1", 5, "closed", "{}", "forger", last.recorded_at);
    let sql = "insert into complaint_events (complaint_id, seq, organisation_id, kind, payload, actor, recorded_at, prev_hash, hash)
               select complaint_id, 5, organisation_id, 'closed', '{}', 'forger', recorded_at, $2, $3
               from complaint_events where complaint_id = $1 and seq = 4";
    assert_eq!(exec(&w.db, sql, &["c-1", &last.hash, &hash]).await?, 1);
    assert_eq!(problems(&w.db).await?, [found(ProblemKind::EventBeyondHead, "CMP-2025-000001", Some(5))]);
    Ok(())
}

async fn the_audit_detects_a_complaint_deleted_outright(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    exec(&w.db, "delete from complaint_events where complaint_id = $1", &["c-2"]).await?;
    assert_eq!(exec(&w.db, "delete from complaints where id = $1", &["c-2"]).await?, 1);
    assert_eq!(problems(&w.db).await?, [found(ProblemKind::RegisteredComplaintMissing, "CMP-2025-000002", Some(2))]);
    // Deleting its registry entry too breaks the registry chain instead.
    exec(&w.db, "delete from complaint_registry where complaint_id = $1", &["c-2"]).await?;
    let kinds: Vec<ProblemKind> = problems(&w.db).await?.into_iter().map(|p| p.0).collect();
    assert_eq!(kinds, [ProblemKind::RegistryEntryMissing, ProblemKind::RegistryChainBroken]);
    // And deleting the newest complaint with its entry leaves the head behind.
    let w = record(backend).await?;
    exec(&w.db, "delete from complaint_events where complaint_id = $1", &["c-3"]).await?;
    exec(&w.db, "delete from complaints where id = $1", &["c-3"]).await?;
    exec(&w.db, "delete from complaint_registry where complaint_id = $1", &["c-3"]).await?;
    let kinds: Vec<ProblemKind> = problems(&w.db).await?.into_iter().map(|p| p.0).collect();
    assert_eq!(kinds, [ProblemKind::RegistryHeadMismatch]);
    Ok(())
}

async fn the_audit_detects_a_complaint_missing_from_the_registry(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    // A forger removes the newest registry entry and winds the head back to
    // the entry before: the registry chain is then consistent, but the
    // complaint it no longer lists still exists.
    exec(&w.db, "delete from complaint_registry where complaint_id = $1", &["c-3"]).await?;
    let rewind = "update complaint_registry_heads set last_seq = 2,
                      head_hash = (select hash from complaint_registry where organisation_id = $1 and seq = 2)
                  where organisation_id = $1";
    assert_eq!(exec(&w.db, rewind, &["org-a"]).await?, 1);
    assert_eq!(problems(&w.db).await?, [found(ProblemKind::NotRegistered, "CMP-2025-000003", None)]);
    Ok(())
}

async fn the_audit_detects_an_attachments_bytes_altered(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    tamper_with_attachment(&w.db, "f-1").await?;
    let report = w.db.verify_audit().await?;
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    let problem = &report.problems[0];
    assert_eq!(problem.kind, ProblemKind::AttachmentAltered);
    assert_eq!(problem.complaint_reference.as_deref(), Some("CMP-2025-000001"));
    assert!(problem.detail.contains("f-1"), "{problem}");
    Ok(())
}

async fn the_audit_detects_correspondence_altered(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    exec(&w.db, "update correspondence set body = $1 where id = $2", &["We never said that.", "k-1"]).await?;
    assert_eq!(problems(&w.db).await?, [found(ProblemKind::CorrespondenceAltered, "CMP-2025-000001", None)]);
    // A complaint created after an audit is registered and audits clean.
    let w = record(backend).await?;
    let new = NewComplaint {
        id: cid("c-4"),
        summary: summary(&w.a, "2025-04-01"),
        triage: Triage::default(),
        categories: Vec::new(),
    };
    w.db.create_complaint(&w.a.org(), &new, &[event("logged", "{}")]).await?;
    assert!(problems(&w.db).await?.is_empty());
    Ok(())
}

async fn one_complaints_audit_checks_its_chain_and_correspondence_and_no_other(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    let org = w.a.org();
    let audit = w.db.audit_complaint(&org, &cid("c-1"), None).await?.ok_or("complaint c-1")?;
    assert!(audit.is_clean(), "{:#?}", audit.problems);
    assert_eq!((audit.events, audit.last_seq, audit.correspondence), (4, 4, 1));
    let stored = w.db.get_complaint(&org, &cid("c-1")).await?.ok_or("complaint c-1")?;
    assert_eq!((audit.last_seq, audit.head_hash), (stored.last_seq, stored.head_hash), "the complaint's recorded head");
    // Another organisation's complaint is not found; nor is one that does not exist.
    assert!(w.db.audit_complaint(&org, &cid("c-b"), None).await?.is_none());
    assert!(w.db.audit_complaint(&org, &cid("c-none"), None).await?.is_none());
    exec(&w.db, "update correspondence set body = $1 where id = $2", &["We never said that.", "k-1"]).await?;
    exec(&w.db, "update complaint_events set payload = $1 where complaint_id = $2 and seq = 2", &["{}", "c-1"]).await?;
    let audit = w.db.audit_complaint(&org, &cid("c-1"), None).await?.ok_or("complaint c-1")?;
    let kinds: Vec<(ProblemKind, Option<i64>)> = audit.problems.iter().map(|p| (p.kind, p.seq)).collect();
    assert_eq!(kinds, [(ProblemKind::EventAltered, Some(2)), (ProblemKind::CorrespondenceAltered, None)]);
    // The other complaints of the organisation are not this one's problems.
    let other = w.db.audit_complaint(&org, &cid("c-2"), None).await?.ok_or("complaint c-2")?;
    assert!(other.is_clean(), "{:#?}", other.problems);
    Ok(())
}
