//! Cases about the audit reading the whole record as of one moment: writes made by another
//! process while it runs are neither reported as tampering nor seen at all.
//!
//! The writes are made deterministically in the middle of the audit, without sleeps: from
//! inside the application's check ([`ContentCheck`]), which the audit calls after reading
//! the first complaint's head and events and before it reads the rest (the other complaints,
//! the registry, the correspondence and files, the other organisation, the events without a
//! complaint). The check blocks the audit while another pool, on a thread and runtime of its
//! own (as a second Redress process would), writes and commits.

use std::collections::BTreeMap;
use std::sync::Mutex;

use redress_storage::testing::TestDatabase;
use redress_storage::{
    AuditOptions, AuditReport, AuditedComplaint, Backend, ContentCheck, ContentFinding, Database, Extras, NewComplaint,
    Triage,
};

use crate::audit::record;
use crate::correspondence::{letter, pdf};
use crate::fixtures::{Org, at, cid, event, summary};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![on_each_backend!(code_5_12_an_audit_reads_the_record_as_of_one_moment_whatever_is_written_meanwhile)]
}

/// What the check saw of each complaint: its events and its correspondence's ids.
type Seen = BTreeMap<String, (usize, Vec<String>)>;

/// A [`ContentCheck`] that finds nothing, notes what it is shown, and the first time it is
/// called has [`write_meanwhile`] run to the end on another pool.
struct WritesMidway<'a> {
    db: &'a TestDatabase,
    a: &'a Org,
    b: &'a Org,
    /// `None` until the writes ran; then what became of them.
    outcome: Mutex<Option<Result<(), String>>>,
    seen: Mutex<Seen>,
}

impl ContentCheck for WritesMidway<'_> {
    fn check(&self, complaint: &AuditedComplaint<'_>) -> Vec<ContentFinding> {
        let correspondence = complaint.correspondence.keys().cloned().collect();
        let mut seen = self.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        seen.insert(complaint.id.to_owned(), (complaint.events.len(), correspondence));
        let mut outcome = self.outcome.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if outcome.is_none() {
            // The audit waits here, its snapshot open, until the other process has committed.
            let ran = std::thread::scope(|scope| scope.spawn(|| write_meanwhile(self.db, self.a, self.b)).join());
            *outcome = Some(ran.unwrap_or_else(|_| Err("the writing thread panicked".to_owned())));
        }
        Vec::new()
    }
}

/// On its own runtime and its own pool: appends two events to A's c-2, creates A's c-4,
/// records correspondence with a file on A's c-3 in the same transaction as its event, and
/// creates B's c-b2 and a checkpoint of B. Every write is the record growing as it should.
fn write_meanwhile(db: &TestDatabase, a: &Org, b: &Org) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let other = db.connect_again().await.map_err(|e| e.to_string())?;
        let written = writes(&other, a, b).await;
        other.close().await;
        written.map_err(|e| e.to_string())
    })
}

async fn writes(db: &Database, a: &Org, b: &Org) -> Result<(), redress_storage::StorageError> {
    let later = [event("extended", "{}"), event("responded", "{}")];
    db.append_events(&a.org(), &cid("c-2"), 1, &later, &summary(a, "2025-03-01")).await?;
    let new = |id: &str, org: &Org| NewComplaint {
        id: cid(id),
        summary: summary(org, "2025-03-02"),
        triage: Triage::default(),
        categories: Vec::new(),
    };
    db.create_complaint(&a.org(), &new("c-4", a), &[event("logged", "{}")]).await?;
    let (item, file) = (letter("k-2", "c-3", "2025-03-11T09:00:00Z"), pdf("f-2", "k-2", b"%PDF-1.7 later"));
    let extras = Extras { correspondence: Some(&item), attachments: std::slice::from_ref(&file), ..Extras::default() };
    let recorded = [event("correspondence_recorded", r#"{"correspondence":"k-2"}"#)];
    db.append(&a.org(), &cid("c-3"), 1, &recorded, &summary(a, "2025-03-01"), extras).await?;
    db.create_complaint(&b.org(), &new("c-b2", b), &[event("logged", "{}")]).await?;
    db.make_checkpoint(&b.org(), at("2025-03-12T09:00:00Z")).await?;
    Ok(())
}

/// What a report counts: organisations, complaints, events, correspondence, attachments.
fn counts(report: &AuditReport) -> (u64, u64, u64, u64, u64) {
    (report.organisations, report.complaints, report.events, report.correspondence, report.attachments)
}

/// Each organisation's registry head, as (organisation, last seq).
fn registry_heads(report: &AuditReport) -> Vec<(String, i64)> {
    report.registry_heads.iter().map(|h| (h.organisation_id.clone(), h.last_seq)).collect()
}

async fn code_5_12_an_audit_reads_the_record_as_of_one_moment_whatever_is_written_meanwhile(
    backend: Backend,
) -> CaseResult {
    let w = record(backend).await?;
    let check = WritesMidway { db: &w.db, a: &w.a, b: &w.b, outcome: Mutex::new(None), seen: Mutex::new(Seen::new()) };
    let report = w.db.audit(AuditOptions { content: Some(&check), against: &[] }).await?;
    let outcome = check.outcome.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    assert_eq!(outcome, Some(Ok(())), "the writes were made while the audit ran");
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(report.is_clean(), "writes made meanwhile look like tampering:\n{}", problems.join("\n"));
    // The record as it stood when the audit began: none of the writes made meanwhile.
    assert_eq!(counts(&report), (2, 4, 7, 1, 1));
    assert_eq!(registry_heads(&report), [("org-a".to_owned(), 3), ("org-b".to_owned(), 1)]);
    assert!(report.checkpoints.is_empty(), "{:?}", report.checkpoints);
    let seen = check.seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let seen: Vec<(&str, usize, Vec<String>)> =
        seen.iter().map(|(id, (events, items))| (id.as_str(), *events, items.clone())).collect();
    assert_eq!(
        seen,
        [("c-1", 4, vec!["k-1".to_owned()]), ("c-2", 1, Vec::new()), ("c-3", 1, Vec::new()), ("c-b", 1, Vec::new()),]
    );
    // The next audit sees everything that was written, and it is clean too.
    let after = w.db.verify_audit().await?;
    assert!(after.is_clean(), "{:#?}", after.problems);
    assert_eq!(counts(&after), (2, 6, 12, 2, 2));
    assert_eq!(registry_heads(&after), [("org-a".to_owned(), 4), ("org-b".to_owned(), 2)]);
    assert_eq!(after.checkpoints.len(), 1);
    Ok(())
}
