//! `verify_audit`: checks the whole record of every organisation (Code 5.12).
//!
//! For each organisation it recomputes every complaint's event chain (an
//! event altered, missing or inserted, a head that does not match), checks
//! the organisation's registry chain (every complaint created is registered,
//! and every registered complaint still exists with the events it started
//! with), checks the audit checkpoints (each still hashes to its digest, and
//! every complaint head one recorded is still in the record: nothing cut or
//! rewritten since), and checks the hashes of correspondence and attachments.
//! A [`ContentCheck`] from the application reads inside the events, which
//! storage never does: the stored status against the record, and the
//! correspondence and files each event names against those stored.
//!
//! The checks read everything but change nothing, and read it all as of one moment, through
//! one read transaction (`snapshot.rs`), so that writes made while the audit runs neither make
//! a clean record look tampered with nor hide anything. Ids are read and reported as the text
//! stored, never as typed ids: the rows checked may have been tampered with. Loading and the
//! order of the checks are here; the checks themselves are plain functions over what was
//! loaded (`chains.rs`, `checkpoints.rs`). One complaint's own checks, for its case file, are
//! in `one.rs`.

mod chains;
mod checkpoints;
mod one;
mod report;
mod snapshot;

use std::collections::{BTreeMap, BTreeSet};

use self::chains::{check_chain, check_registry_chain};
use self::checkpoints::{check_against, check_checkpoints};
pub use self::one::ComplaintAudit;
pub use self::report::{AuditProblem, AuditReport, ProblemKind, RegistryHead};
use self::snapshot::Snapshot;
use crate::correspondence::attachment_problem;
use crate::events::EventRow;
use crate::hashing::GENESIS_HASH;
use crate::{Database, StorageError};

/// A complaint's identity and head, as the audit reads them.
#[derive(sqlx::FromRow)]
pub(crate) struct ComplaintHead {
    pub(crate) id: String,
    reference: String,
    status: String,
    stage: Option<i32>,
    pub(crate) last_seq: i64,
    pub(crate) head_hash: String,
}

/// One entry of a registry chain.
#[derive(sqlx::FromRow)]
pub(crate) struct RegistryEntry {
    pub(crate) seq: i64,
    pub(crate) complaint_id: String,
    pub(crate) reference: String,
    pub(crate) first_event_hash: String,
    pub(crate) prev_hash: String,
    pub(crate) hash: String,
}

/// An attachment's recorded hash and its bytes.
#[derive(sqlx::FromRow)]
pub(crate) struct AttachmentBytes {
    id: String,
    complaint_id: String,
    size_bytes: i64,
    sha256: String,
    content: Vec<u8>,
}

/// How many correspondence items or attachments are read at once.
const PAGE: i64 = 64;

/// Collects the problems of one organisation.
pub(crate) struct Findings<'a> {
    pub(crate) org: &'a str,
    /// Complaint id → reference, for naming complaints in problems.
    pub(crate) references: BTreeMap<String, String>,
    pub(crate) problems: Vec<AuditProblem>,
}

impl Findings<'_> {
    pub(crate) fn add(&mut self, complaint_id: Option<&str>, seq: Option<i64>, kind: ProblemKind, detail: String) {
        self.problems.push(AuditProblem {
            organisation_id: self.org.to_owned(),
            complaint_reference: complaint_id.and_then(|id| self.references.get(id).cloned()),
            complaint_id: complaint_id.map(str::to_owned),
            seq,
            kind,
            detail,
        });
    }
}

/// The checks of the record that only the application can make, because they
/// read inside events: given to [`Database::audit`].
pub trait ContentCheck: Sync {
    /// The problems of one complaint, each with the seq of the event concerned if any.
    fn check(&self, complaint: &AuditedComplaint<'_>) -> Vec<ContentFinding>;
}

/// One complaint as the audit hands it to a [`ContentCheck`], as stored.
#[derive(Debug)]
pub struct AuditedComplaint<'a> {
    /// Its id.
    pub id: &'a str,
    /// The status stored for lists.
    pub status: &'a str,
    /// The stage stored for lists.
    pub stage: Option<i32>,
    /// Its events, in seq order.
    pub events: &'a [EventRow],
    /// Its correspondence as stored: id → (content hash, attachments).
    pub correspondence: &'a BTreeMap<String, (String, Vec<AuditedFile>)>,
}

/// A file attached to correspondence, as the audit reads it: what its event recorded about it
/// is checked against these.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditedFile {
    /// Its id.
    pub id: String,
    /// The correspondence it is attached to.
    pub correspondence_id: String,
    /// Its size in bytes, as stored.
    pub size_bytes: i64,
    /// The SHA-256 of its bytes, as stored.
    pub sha256: String,
}

/// A problem a [`ContentCheck`] found in one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFinding {
    /// The event concerned, if any.
    pub seq: Option<i64>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// The details.
    pub detail: String,
}

/// What [`Database::audit`] checks beyond the chains.
#[derive(Clone, Copy, Default)]
pub struct AuditOptions<'a> {
    /// The application's checks inside events, if any.
    pub content: Option<&'a dyn ContentCheck>,
    /// Checkpoint values noted outside the database, each of which must
    /// still be in the record.
    pub against: &'a [String],
}

impl Database {
    /// Checks the record of every organisation, without the application's
    /// checks inside events: see [`Database::audit`].
    ///
    /// # Errors
    ///
    /// As [`Database::audit`].
    pub async fn verify_audit(&self) -> Result<AuditReport, StorageError> {
        self.audit(AuditOptions::default()).await
    }

    /// Checks the record of every organisation, as of one moment (see `snapshot.rs`), and
    /// reports each problem with its organisation, complaint reference and seq.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails (a problem found is
    /// not an error: it is in the report).
    pub async fn audit(&self, options: AuditOptions<'_>) -> Result<AuditReport, StorageError> {
        let mut snapshot = Snapshot::begin(self).await?;
        let report = audit_snapshot(&mut snapshot, options).await?;
        snapshot.end().await?;
        Ok(report)
    }
}

/// Checks the record as `snapshot` sees it.
async fn audit_snapshot(snapshot: &mut Snapshot, options: AuditOptions<'_>) -> Result<AuditReport, StorageError> {
    let orgs = snapshot.organisations().await?;
    let mut report = AuditReport { organisations: orgs.len() as u64, ..AuditReport::default() };
    let mut values = Vec::new();
    for org in &orgs {
        values.extend(audit_organisation(snapshot, org, options, &mut report).await?);
    }
    find_orphan_events(snapshot, &mut report).await?;
    report.problems.extend(check_against(options.against, &values));
    Ok(report)
}

/// Audits one organisation; returns the values of its checkpoints that recompute.
async fn audit_organisation(
    snapshot: &mut Snapshot,
    org: &str,
    options: AuditOptions<'_>,
    report: &mut AuditReport,
) -> Result<Vec<String>, StorageError> {
    let rows = snapshot.checkpoint_rows(org).await?;
    let heads = snapshot.recorded_heads(org).await?;
    let complaints = snapshot.complaint_heads(org).await?;
    let mut findings = Findings {
        org,
        references: complaints.iter().map(|c| (c.id.clone(), c.reference.clone())).collect(),
        problems: Vec::new(),
    };
    let checkpoints = check_checkpoints(&mut findings, &rows, heads);
    // Complaint id → the hash of its first event, for the registry check.
    let mut first_hashes = BTreeMap::new();
    for complaint in &complaints {
        let events = snapshot.events(&complaint.id).await?;
        report.complaints += 1;
        report.events += events.len() as u64;
        check_chain(&mut findings, complaint, &events);
        checkpoints.check_complaint(&mut findings, complaint, &events);
        if let Some(content) = options.content {
            check_content(snapshot, &mut findings, content, complaint, &events).await?;
        }
        if let Some(first) = events.first().filter(|e| e.seq == 1) {
            first_hashes.insert(complaint.id.clone(), first.hash.clone());
        }
    }
    checkpoints.check_complaints_exist(&mut findings);
    let (head, entries) = check_registry(snapshot, &mut findings, &first_hashes).await?;
    checkpoints.check_registry(&mut findings, &entries);
    report.registry_heads.push(head);
    if let Some(value) = checkpoints.latest_value() {
        report.checkpoints.push((org.to_owned(), value.clone()));
    }
    report.correspondence += check_correspondence(snapshot, &mut findings).await?;
    report.attachments += check_attachments(snapshot, &mut findings).await?;
    report.problems.append(&mut findings.problems);
    Ok(checkpoints.values)
}

/// Runs the application's checks on one complaint.
async fn check_content(
    snapshot: &mut Snapshot,
    findings: &mut Findings<'_>,
    content: &dyn ContentCheck,
    complaint: &ComplaintHead,
    events: &[EventRow],
) -> Result<(), StorageError> {
    let items = snapshot.correspondence_hashes(findings.org, &complaint.id).await?;
    let files = snapshot.files(findings.org, &complaint.id).await?;
    let mut correspondence: BTreeMap<String, (String, Vec<AuditedFile>)> =
        items.into_iter().map(|(id, hash)| (id, (hash, Vec::new()))).collect();
    for file in files {
        if let Some((_, attachments)) = correspondence.get_mut(&file.correspondence_id) {
            attachments.push(file);
        }
    }
    let audited = AuditedComplaint {
        id: &complaint.id,
        status: &complaint.status,
        stage: complaint.stage,
        events,
        correspondence: &correspondence,
    };
    for finding in content.check(&audited) {
        findings.add(Some(&complaint.id), finding.seq, finding.kind, finding.detail);
    }
    Ok(())
}

/// Checks an organisation's registry against its complaints and returns
/// its head and entries.
async fn check_registry(
    snapshot: &mut Snapshot,
    findings: &mut Findings<'_>,
    first_hashes: &BTreeMap<String, String>,
) -> Result<(RegistryHead, Vec<RegistryEntry>), StorageError> {
    let org = findings.org;
    let entries = snapshot.registry_entries(org).await?;
    let head = snapshot.registry_head(org).await?;
    let (last_seq, head_hash) = head.unwrap_or_else(|| (0, GENESIS_HASH.to_owned()));
    check_registry_chain(findings, &entries, last_seq, &head_hash);

    let registered: BTreeSet<&str> = entries.iter().map(|e| e.complaint_id.as_str()).collect();
    for entry in &entries {
        let id = Some(entry.complaint_id.as_str());
        match findings.references.get(&entry.complaint_id).cloned() {
            None => findings.problems.push(AuditProblem {
                organisation_id: org.to_owned(),
                complaint_id: Some(entry.complaint_id.clone()),
                complaint_reference: Some(entry.reference.clone()),
                seq: Some(entry.seq),
                kind: ProblemKind::RegisteredComplaintMissing,
                detail: format!("registry entry {} names a complaint that no longer exists", entry.seq),
            }),
            Some(reference) if reference != entry.reference => findings.add(
                id,
                Some(entry.seq),
                ProblemKind::RegistryEntryAltered,
                format!("registered as {}, now {reference}", entry.reference),
            ),
            Some(_) => {
                if first_hashes.get(&entry.complaint_id) != Some(&entry.first_event_hash) {
                    findings.add(
                        id,
                        Some(1),
                        ProblemKind::FirstEventMismatch,
                        format!("registered first event hash {}", entry.first_event_hash),
                    );
                }
            }
        }
    }
    let unregistered: Vec<String> =
        findings.references.keys().filter(|id| !registered.contains(id.as_str())).cloned().collect();
    for id in unregistered {
        findings.add(Some(&id), None, ProblemKind::NotRegistered, String::new());
    }
    Ok((RegistryHead { organisation_id: org.to_owned(), last_seq, head_hash }, entries))
}

/// Checks the hash of every correspondence item of an organisation;
/// returns how many were checked.
async fn check_correspondence(snapshot: &mut Snapshot, findings: &mut Findings<'_>) -> Result<u64, StorageError> {
    let mut after = String::new();
    let mut checked = 0;
    loop {
        let rows = snapshot.correspondence_page(findings.org, &after, PAGE).await?;
        let Some(last) = rows.last() else { return Ok(checked) };
        after = last.id.clone();
        for row in &rows {
            checked += 1;
            let expected = row.expected_hash();
            if expected != row.hash {
                findings.add(
                    Some(&row.complaint_id),
                    None,
                    ProblemKind::CorrespondenceAltered,
                    format!("correspondence {}: content hashes to {expected}, not {}", row.id, row.hash),
                );
            }
        }
    }
}

/// Checks the bytes of every attachment of an organisation; returns how
/// many were checked.
async fn check_attachments(snapshot: &mut Snapshot, findings: &mut Findings<'_>) -> Result<u64, StorageError> {
    let mut after = String::new();
    let mut checked = 0;
    loop {
        let rows = snapshot.attachment_page(findings.org, &after, PAGE).await?;
        let Some(last) = rows.last() else { return Ok(checked) };
        after = last.id.clone();
        for row in &rows {
            checked += 1;
            if let Some(reason) = attachment_problem(row.size_bytes, &row.sha256, &row.content) {
                findings.add(
                    Some(&row.complaint_id),
                    None,
                    ProblemKind::AttachmentAltered,
                    format!("attachment {}: {reason}", row.id),
                );
            }
        }
    }
}

/// Events whose complaint row is gone (possible only if someone turned
/// foreign keys off).
async fn find_orphan_events(snapshot: &mut Snapshot, report: &mut AuditReport) -> Result<(), StorageError> {
    for (organisation_id, complaint_id, count) in snapshot.orphan_events().await? {
        report.problems.push(AuditProblem {
            organisation_id,
            complaint_id: Some(complaint_id),
            complaint_reference: None,
            seq: None,
            kind: ProblemKind::OrphanEvents,
            detail: format!("{count} events"),
        });
    }
    Ok(())
}
