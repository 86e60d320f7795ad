//! The audit of the record (Code 5.12). Storage checks the chains, the registry, the
//! checkpoints and the checksums; this adds what only the application can check, because it
//! reads inside events: that the stored status and stage are what the record says, and that
//! the correspondence and files each event names are stored with the hashes it carries, and
//! nothing else is.

use std::collections::BTreeSet;

use redress_domain::complaint::{Complaint, CorrespondenceEvidence, Event};
use redress_storage::{
    AuditOptions, AuditReport, AuditedComplaint, AuditedFile, Checkpoint, ContentCheck, ContentFinding, ProblemKind,
    StorageError,
};

use crate::{App, AppError};

impl App {
    /// Checks the whole record; each value in `against` (a checkpoint's value noted outside
    /// the database) must still be in it. Changes nothing.
    pub async fn verify_record(&self, against: &[String]) -> Result<AuditReport, AppError> {
        Ok(self.db().audit(AuditOptions { content: Some(&EventContent), against }).await?)
    }

    /// Makes a checkpoint of every organisation's record, to note or publish elsewhere.
    pub async fn checkpoint(&self) -> Result<Vec<Checkpoint>, AppError> {
        Ok(self.db().make_checkpoints(self.now()).await?)
    }

    /// What the server does on its own every hour: a checkpoint of every organisation (so
    /// that events cut from the end of a complaint are detected without anyone asking), and
    /// removing idempotency keys past their day. Safe with several servers on one database:
    /// two making the same checkpoint at once collide, and the loser's is simply not made.
    /// Returns how many keys were removed.
    pub async fn housekeeping(&self) -> Result<u64, AppError> {
        match self.db().make_checkpoints(self.now()).await {
            Ok(_) | Err(StorageError::Duplicate { .. }) => {}
            Err(error) => return Err(error.into()),
        }
        Ok(self.db().prune_request_keys(self.now()).await?)
    }
}

/// The checks inside events.
pub(crate) struct EventContent;

impl ContentCheck for EventContent {
    fn check(&self, audited: &AuditedComplaint<'_>) -> Vec<ContentFinding> {
        let mut findings = Vec::new();
        let mut events = Vec::with_capacity(audited.events.len());
        for stored in audited.events {
            match serde_json::from_str::<Event>(&stored.payload) {
                Ok(event) => events.push((stored.seq, event)),
                Err(error) => findings.push(finding(
                    Some(stored.seq),
                    ProblemKind::EventAltered,
                    format!("its payload cannot be read: {error}"),
                )),
            }
        }
        if findings.is_empty() {
            check_summary(audited, &events, &mut findings);
        }
        check_correspondence(audited, &events, &mut findings);
        findings
    }
}

fn finding(seq: Option<i64>, kind: ProblemKind, detail: String) -> ContentFinding {
    ContentFinding { seq, kind, detail }
}

/// The stored status and stage against the complaint rebuilt from its record.
fn check_summary(audited: &AuditedComplaint<'_>, events: &[(i64, Event)], findings: &mut Vec<ContentFinding>) {
    let complaint = match Complaint::from_events(events.iter().map(|(_, e)| e)) {
        Ok(complaint) => complaint,
        Err(error) => {
            findings.push(finding(None, ProblemKind::EventAltered, format!("the record cannot be replayed: {error}")));
            return;
        }
    };
    let status = complaint.status().as_str();
    let stage = i32::from(u8::from(complaint.current_stage().number));
    if audited.status != status || audited.stage != Some(stage) {
        let stored = audited.stage.map_or_else(|| "none".to_owned(), |s| s.to_string());
        let detail =
            format!("stored as {} at stage {stored}; the record says {status} at stage {stage}", audited.status);
        findings.push(finding(None, ProblemKind::SummaryMismatch, detail));
    }
}

/// Each correspondence event against what is stored, and everything stored against the events.
fn check_correspondence(audited: &AuditedComplaint<'_>, events: &[(i64, Event)], findings: &mut Vec<ContentFinding>) {
    let mut named = BTreeSet::new();
    for (seq, event) in events {
        let Event::CorrespondenceRecorded { correspondence, evidence, .. } = event else { continue };
        named.insert(correspondence.as_str());
        let seq = Some(*seq);
        match audited.correspondence.get(correspondence) {
            None => findings.push(finding(
                seq,
                ProblemKind::CorrespondenceMissing,
                format!("correspondence {correspondence} is no longer stored"),
            )),
            Some((hash, files)) => {
                if let Some(evidence) = evidence {
                    check_evidence(seq, correspondence, evidence, hash, files, findings);
                }
            }
        }
    }
    for id in audited.correspondence.keys().filter(|id| !named.contains(id.as_str())) {
        let detail = format!("correspondence {id} is stored but no event records it");
        findings.push(finding(None, ProblemKind::CorrespondenceNotInRecord, detail));
    }
}

/// One correspondence item and its files against the hashes its event carries.
fn check_evidence(
    seq: Option<i64>,
    id: &str,
    evidence: &CorrespondenceEvidence,
    hash: &str,
    files: &[AuditedFile],
    findings: &mut Vec<ContentFinding>,
) {
    if evidence.sha256 != hash {
        let detail = format!("correspondence {id}: stored with hash {hash}, recorded as {}", evidence.sha256);
        findings.push(finding(seq, ProblemKind::CorrespondenceAltered, detail));
    }
    for file in &evidence.attachments {
        match files.iter().find(|f| f.id == file.id) {
            None => findings.push(finding(
                seq,
                ProblemKind::AttachmentMissing,
                format!("attachment {} of correspondence {id} is no longer stored", file.id),
            )),
            Some(stored)
                if stored.sha256 != file.sha256 || u64::try_from(stored.size_bytes).ok() != Some(file.size_bytes) =>
            {
                let detail = format!(
                    "attachment {}: stored as {} ({} bytes), recorded as {} ({} bytes)",
                    file.id, stored.sha256, stored.size_bytes, file.sha256, file.size_bytes
                );
                findings.push(finding(seq, ProblemKind::AttachmentAltered, detail));
            }
            Some(_) => {}
        }
    }
    for stored in files.iter().filter(|f| !evidence.attachments.iter().any(|e| e.id == f.id)) {
        let detail = format!("attachment {} of correspondence {id} is not in its event", stored.id);
        findings.push(finding(seq, ProblemKind::AttachmentNotInRecord, detail));
    }
}
