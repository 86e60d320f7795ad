//! Cases about audit checkpoints: what the chains alone cannot show (events cut from the end
//! of a complaint with its head row, a complaint rolled back whole) is detected once a
//! checkpoint recorded it, and a checkpoint value noted outside the database detects the
//! checkpoints themselves being rolled back.

use std::collections::BTreeMap;

use redress_storage::{
    AuditOptions, AuditedComplaint, Backend, ContentCheck, ContentFinding, Database, ProblemKind, StorageError,
};

use crate::correspondence::{letter, pdf};
use crate::fixtures::{World, assert_audit_clean, at, cid, complaint, event, exec, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_checkpoint_records_only_the_heads_that_moved_and_audits_clean),
        on_each_backend!(events_cut_from_the_end_with_the_head_row_are_detected_after_a_checkpoint),
        on_each_backend!(a_complaint_rolled_back_whole_is_detected_after_a_checkpoint),
        on_each_backend!(a_checkpoint_altered_or_removed_is_detected),
        on_each_backend!(checkpoints_rolled_back_with_the_record_are_caught_by_the_value_noted_outside),
        on_each_backend!(a_checkpoint_made_after_a_cut_does_not_hide_what_an_earlier_one_recorded),
        on_each_backend!(the_application_check_sees_each_complaint_with_its_correspondence),
    ]
}

/// A world where A has two complaints, c-1 with three events.
async fn record(backend: Backend) -> Result<World, Box<dyn std::error::Error + Send + Sync>> {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    complaint(&w.db, &w.a, "c-2", "2025-03-01").await?;
    let events = [event("acknowledged", "{}"), event("responded", "{}")];
    w.db.append_events(&w.a.org(), &cid("c-1"), 1, &events, &summary(&w.a, "2025-03-01")).await?;
    Ok(w)
}

/// The kinds of problem found.
async fn kinds(db: &Database, against: &[String]) -> Result<Vec<ProblemKind>, StorageError> {
    let report = db.audit(AuditOptions { content: None, against }).await?;
    Ok(report.problems.into_iter().map(|p| p.kind).collect())
}

/// Cuts c-1 back to its first `keep` events, moving its head row back too, as someone with
/// database access would to remove a response or a closure.
async fn cut(db: &Database, keep: i64) -> CaseResult {
    let keep_text = keep.to_string();
    exec(
        db,
        "delete from complaint_events where complaint_id = $1 and seq > cast($2 as integer)",
        &["c-1", &keep_text],
    )
    .await?;
    let rewind = "update complaints set last_seq = cast($2 as integer),
                      head_hash = (select hash from complaint_events where complaint_id = $1 and seq = cast($2 as integer))
                  where id = $1";
    assert_eq!(exec(db, rewind, &["c-1", &keep_text]).await?, 1);
    Ok(())
}

async fn a_checkpoint_records_only_the_heads_that_moved_and_audits_clean(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    let first = w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?;
    assert_eq!((first.seq, first.heads, first.registry_seq), (1, 2, 2));
    w.db.append_events(&w.a.org(), &cid("c-2"), 1, &[event("acknowledged", "{}")], &summary(&w.a, "2025-03-01"))
        .await?;
    let second = w.db.make_checkpoint(&w.a.org(), at("2025-03-06T10:00:00Z")).await?;
    assert_eq!((second.seq, second.heads), (2, 1));
    assert_ne!(first.value(), second.value());
    // Nothing moved since: the second still stands.
    let third = w.db.make_checkpoint(&w.a.org(), at("2025-03-07T10:00:00Z")).await?;
    assert_eq!((third.seq, third.value()), (2, second.value()));
    let report = w.db.audit(AuditOptions { content: None, against: &[first.value(), second.value()] }).await?;
    assert!(report.is_clean(), "{:#?}", report.problems);
    assert_eq!(report.checkpoints, [(w.a.id.to_string(), second.value())]);
    // Without a checkpoint, the same cut passes: the chains alone cannot show it.
    let w = record(backend).await?;
    cut(&w.db, 1).await?;
    assert_audit_clean(&w.db).await
}

async fn events_cut_from_the_end_with_the_head_row_are_detected_after_a_checkpoint(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?;
    cut(&w.db, 2).await?;
    assert_eq!(kinds(&w.db, &[]).await?, [ProblemKind::CutSinceCheckpoint]);
    // Cut and then written again differently: rewritten, not cut.
    let w = record(backend).await?;
    w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?;
    cut(&w.db, 2).await?;
    w.db.append_events(&w.a.org(), &cid("c-1"), 2, &[event("extended", "{}")], &summary(&w.a, "2025-03-01")).await?;
    assert_eq!(kinds(&w.db, &[]).await?, [ProblemKind::RewrittenSinceCheckpoint]);
    Ok(())
}

async fn a_complaint_rolled_back_whole_is_detected_after_a_checkpoint(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?;
    // The newest complaint removed with its registry entry, and the registry head wound back.
    exec(&w.db, "delete from complaint_events where complaint_id = $1", &["c-2"]).await?;
    exec(&w.db, "delete from complaints where id = $1", &["c-2"]).await?;
    exec(&w.db, "delete from complaint_registry where complaint_id = $1", &["c-2"]).await?;
    let rewind = "update complaint_registry_heads set last_seq = 1,
                      head_hash = (select hash from complaint_registry where organisation_id = $1 and seq = 1)
                  where organisation_id = $1";
    assert_eq!(exec(&w.db, rewind, &["org-a"]).await?, 1);
    assert_eq!(
        kinds(&w.db, &[]).await?,
        [ProblemKind::CheckpointedComplaintMissing, ProblemKind::RegistryCutSinceCheckpoint]
    );
    Ok(())
}

async fn a_checkpoint_altered_or_removed_is_detected(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?;
    // Someone covers a cut by lowering the head the first checkpoint recorded.
    cut(&w.db, 2).await?;
    let lower = "update audit_checkpoint_heads set last_seq = 2 where complaint_id = $1 and checkpoint_seq = 1";
    assert_eq!(exec(&w.db, lower, &["c-1"]).await?, 1);
    // The lowered head no longer matches its event either.
    assert_eq!(kinds(&w.db, &[]).await?, [ProblemKind::CheckpointAltered, ProblemKind::RewrittenSinceCheckpoint]);
    // Removing the first of two checkpoints instead leaves a gap.
    let w = record(backend).await?;
    w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?;
    w.db.append_events(&w.a.org(), &cid("c-2"), 1, &[event("acknowledged", "{}")], &summary(&w.a, "2025-03-01"))
        .await?;
    assert_eq!(w.db.make_checkpoint(&w.a.org(), at("2025-03-06T10:00:00Z")).await?.seq, 2);
    exec(&w.db, "delete from audit_checkpoint_heads where checkpoint_seq = 1 and organisation_id = $1", &["org-a"])
        .await?;
    exec(&w.db, "delete from audit_checkpoints where seq = 1 and organisation_id = $1", &["org-a"]).await?;
    assert_eq!(kinds(&w.db, &[]).await?, [ProblemKind::CheckpointMissing, ProblemKind::CheckpointAltered]);
    Ok(())
}

async fn checkpoints_rolled_back_with_the_record_are_caught_by_the_value_noted_outside(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    let published = w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?.value();
    // The whole checkpoint removed with the events it covered: consistent inside the database.
    cut(&w.db, 1).await?;
    exec(&w.db, "delete from audit_checkpoint_heads where organisation_id = $1", &["org-a"]).await?;
    exec(&w.db, "delete from audit_checkpoints where organisation_id = $1", &["org-a"]).await?;
    assert_audit_clean(&w.db).await?;
    // The value noted outside is no longer in the record.
    assert_eq!(kinds(&w.db, std::slice::from_ref(&published)).await?, [ProblemKind::CheckpointNotFound]);
    // Nor is it after a forger makes a new first checkpoint over the cut record.
    w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?;
    assert_eq!(kinds(&w.db, &[published]).await?, [ProblemKind::CheckpointNotFound]);
    Ok(())
}

async fn a_checkpoint_made_after_a_cut_does_not_hide_what_an_earlier_one_recorded(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    let published = w.db.make_checkpoint(&w.a.org(), at("2025-03-05T10:00:00Z")).await?.value();
    // The forger cuts, then makes a proper next checkpoint recording the shortened head.
    cut(&w.db, 1).await?;
    assert_eq!(w.db.make_checkpoint(&w.a.org(), at("2025-03-06T10:00:00Z")).await?.seq, 2);
    let found = kinds(&w.db, &[published]).await?;
    assert_eq!(found, [ProblemKind::CutSinceCheckpoint, ProblemKind::CheckpointAltered]);
    Ok(())
}

/// A check that reports each complaint it is given, with its correspondence and files.
struct Echo;

impl ContentCheck for Echo {
    fn check(&self, complaint: &AuditedComplaint<'_>) -> Vec<ContentFinding> {
        let files: BTreeMap<&String, usize> =
            complaint.correspondence.iter().map(|(id, (_, f))| (id, f.len())).collect();
        vec![ContentFinding {
            seq: None,
            kind: ProblemKind::SummaryMismatch,
            detail: format!("{} {:?} {} {files:?}", complaint.status, complaint.stage, complaint.events.len()),
        }]
    }
}

async fn the_application_check_sees_each_complaint_with_its_correspondence(backend: Backend) -> CaseResult {
    let w = record(backend).await?;
    w.db.record_correspondence(&w.a.org(), &letter("k-1", "c-1", "2025-03-10T09:00:00Z")).await?;
    w.db.add_attachment(&w.a.org(), &pdf("f-1", "k-1", b"%PDF-1.7")).await?;
    let report = w.db.audit(AuditOptions { content: Some(&Echo), against: &[] }).await?;
    let details: Vec<(Option<String>, String)> =
        report.problems.into_iter().map(|p| (p.complaint_reference, p.detail)).collect();
    assert_eq!(
        details,
        [
            (Some("CMP-2025-000001".to_owned()), r#"investigating Some(1) 3 {"k-1": 1}"#.to_owned()),
            (Some("CMP-2025-000002".to_owned()), "investigating Some(1) 1 {}".to_owned()),
        ]
    );
    Ok(())
}
