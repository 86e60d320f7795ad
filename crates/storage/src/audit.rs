//! `verify_audit`: checks the whole record of every organisation (Code 5.12).
//!
//! For each organisation it recomputes every complaint's event chain (an
//! event altered, missing or inserted, a head that does not match), checks
//! the organisation's registry chain (every complaint created is registered,
//! and every registered complaint still exists with the events it started
//! with), and checks the hashes of correspondence and attachments.
//!
//! The checks read everything but change nothing. Loading is here; the
//! checks themselves are plain functions over what was loaded.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::correspondence::{CorrespondenceRow, attachment_problem, select_correspondence};
use crate::events::StoredEvent;
use crate::hashing::{GENESIS_HASH, event_hash, registry_hash};
use crate::{Database, StorageError};

/// What `verify_audit` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditReport {
    /// Organisations checked.
    pub organisations: u64,
    /// Complaints checked.
    pub complaints: u64,
    /// Events checked.
    pub events: u64,
    /// Correspondence items checked.
    pub correspondence: u64,
    /// Attachments checked.
    pub attachments: u64,
    /// Each organisation's registry head, to be noted somewhere else (a
    /// printed report, an email to the board): a later audit whose heads have
    /// not moved on from these shows nothing was rewritten in between.
    pub registry_heads: Vec<RegistryHead>,
    /// Every problem found; none if the record is intact.
    pub problems: Vec<AuditProblem>,
}

impl AuditReport {
    /// Whether no problem was found.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The head of an organisation's registry chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryHead {
    /// The organisation.
    pub organisation_id: String,
    /// How many complaints it has registered.
    pub last_seq: i64,
    /// The hash of the last entry ([`GENESIS_HASH`] if none).
    pub head_hash: String,
}

/// One problem in the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditProblem {
    /// The organisation.
    pub organisation_id: String,
    /// The complaint, when the problem concerns one.
    pub complaint_id: Option<String>,
    /// Its reference, when known.
    pub complaint_reference: Option<String>,
    /// The event's seq (or the registry entry's, for registry problems).
    pub seq: Option<i64>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// The details: hashes, ids, counts.
    pub detail: String,
}

/// The kinds of problem `verify_audit` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// An event's content no longer matches its hash: it was altered.
    EventAltered,
    /// An event's `prev_hash` is not the previous event's hash.
    ChainBroken,
    /// An event is missing from the chain (a gap, or the end short of the head).
    EventMissing,
    /// An event lies beyond the complaint's recorded head: it was inserted.
    EventBeyondHead,
    /// The complaint's recorded head hash is not its last event's.
    HeadMismatch,
    /// A complaint has no events at all.
    NoEvents,
    /// An event belongs to another organisation than its complaint.
    WrongOrganisation,
    /// Events exist for a complaint that does not.
    OrphanEvents,
    /// A complaint is missing from its organisation's registry.
    NotRegistered,
    /// A registered complaint no longer exists: it was deleted.
    RegisteredComplaintMissing,
    /// A registry entry's content no longer matches its hash, or its
    /// reference no longer matches the complaint's.
    RegistryEntryAltered,
    /// A registry entry's `prev_hash` is not the previous entry's hash.
    RegistryChainBroken,
    /// A registry entry is missing (a gap in its seqs).
    RegistryEntryMissing,
    /// The organisation's registry head does not match its last entry.
    RegistryHeadMismatch,
    /// A registered complaint's first event is not the one registered.
    FirstEventMismatch,
    /// A correspondence item no longer matches its hash.
    CorrespondenceAltered,
    /// An attachment's bytes no longer match their SHA-256 or size.
    AttachmentAltered,
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProblemKind::EventAltered => "event altered",
            ProblemKind::ChainBroken => "event chain broken",
            ProblemKind::EventMissing => "event missing",
            ProblemKind::EventBeyondHead => "event beyond the chain head",
            ProblemKind::HeadMismatch => "chain head does not match the last event",
            ProblemKind::NoEvents => "complaint without events",
            ProblemKind::WrongOrganisation => "event of another organisation",
            ProblemKind::OrphanEvents => "events of a complaint that does not exist",
            ProblemKind::NotRegistered => "complaint not in the registry",
            ProblemKind::RegisteredComplaintMissing => "registered complaint missing",
            ProblemKind::RegistryEntryAltered => "registry entry altered",
            ProblemKind::RegistryChainBroken => "registry chain broken",
            ProblemKind::RegistryEntryMissing => "registry entry missing",
            ProblemKind::RegistryHeadMismatch => "registry head does not match the last entry",
            ProblemKind::FirstEventMismatch => "first event is not the one registered",
            ProblemKind::CorrespondenceAltered => "correspondence altered",
            ProblemKind::AttachmentAltered => "attachment altered",
        })
    }
}

impl fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "organisation {}", self.organisation_id)?;
        match (&self.complaint_reference, &self.complaint_id) {
            (Some(reference), _) => write!(f, ", complaint {reference}")?,
            (None, Some(id)) => write!(f, ", complaint id {id}")?,
            (None, None) => {}
        }
        if let Some(seq) = self.seq {
            write!(f, ", seq {seq}")?;
        }
        write!(f, ": {}", self.kind)?;
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

/// A complaint's identity and head, as the audit reads them.
#[derive(sqlx::FromRow)]
struct ComplaintHead {
    id: String,
    reference: String,
    last_seq: i64,
    head_hash: String,
}

/// One entry of a registry chain.
#[derive(sqlx::FromRow)]
struct RegistryEntry {
    seq: i64,
    complaint_id: String,
    reference: String,
    first_event_hash: String,
    prev_hash: String,
    hash: String,
}

/// An attachment's recorded hash and its bytes.
#[derive(sqlx::FromRow)]
struct AttachmentBytes {
    id: String,
    complaint_id: String,
    size_bytes: i64,
    sha256: String,
    content: Vec<u8>,
}

/// How many correspondence items or attachments are read at once.
const PAGE: i64 = 64;

/// Collects the problems of one organisation.
struct Findings<'a> {
    org: &'a str,
    /// Complaint id → reference, for naming complaints in problems.
    references: BTreeMap<String, String>,
    problems: Vec<AuditProblem>,
}

impl Findings<'_> {
    fn add(&mut self, complaint_id: Option<&str>, seq: Option<i64>, kind: ProblemKind, detail: String) {
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

impl Database {
    /// Checks the record of every organisation and reports each problem
    /// with its organisation, complaint reference and seq.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails (a problem found is
    /// not an error: it is in the report).
    pub async fn verify_audit(&self) -> Result<AuditReport, StorageError> {
        let orgs: Vec<String> = db_run!(self, pool => sqlx::query_scalar("select id from organisations order by id").fetch_all(pool).await)?;
        let mut report = AuditReport { organisations: orgs.len() as u64, ..AuditReport::default() };
        for org in &orgs {
            self.audit_organisation(org, &mut report).await?;
        }
        self.find_orphan_events(&mut report).await?;
        Ok(report)
    }

    async fn audit_organisation(&self, org: &str, report: &mut AuditReport) -> Result<(), StorageError> {
        let sql =
            "select id, reference, last_seq, head_hash from complaints where organisation_id = $1 order by reference";
        let complaints: Vec<ComplaintHead> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org).fetch_all(pool).await)?;
        let mut findings = Findings {
            org,
            references: complaints.iter().map(|c| (c.id.clone(), c.reference.clone())).collect(),
            problems: Vec::new(),
        };
        // Complaint id → the hash of its first event, for the registry check.
        let mut first_hashes = BTreeMap::new();
        for complaint in &complaints {
            let sql = "select complaint_id, organisation_id, seq, kind, payload, actor, recorded_at, prev_hash, hash
                       from complaint_events where complaint_id = $1 order by seq";
            let events: Vec<StoredEvent> =
                db_run!(self, pool => sqlx::query_as(sql).bind(&complaint.id).fetch_all(pool).await)?;
            report.complaints += 1;
            report.events += events.len() as u64;
            check_chain(&mut findings, complaint, &events);
            if let Some(first) = events.first().filter(|e| e.seq == 1) {
                first_hashes.insert(complaint.id.clone(), first.hash.clone());
            }
        }
        let head = self.check_registry(&mut findings, &first_hashes).await?;
        report.registry_heads.push(head);
        report.correspondence += self.check_correspondence(&mut findings).await?;
        report.attachments += self.check_attachments(&mut findings).await?;
        report.problems.append(&mut findings.problems);
        Ok(())
    }

    /// Checks an organisation's registry against its complaints and returns
    /// its head.
    async fn check_registry(
        &self,
        findings: &mut Findings<'_>,
        first_hashes: &BTreeMap<String, String>,
    ) -> Result<RegistryHead, StorageError> {
        let org = findings.org;
        let sql = "select seq, complaint_id, reference, first_event_hash, prev_hash, hash
                   from complaint_registry where organisation_id = $1 order by seq";
        let entries: Vec<RegistryEntry> = db_run!(self, pool => sqlx::query_as(sql).bind(org).fetch_all(pool).await)?;
        let sql = "select last_seq, head_hash from complaint_registry_heads where organisation_id = $1";
        let head: Option<(i64, String)> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org).fetch_optional(pool).await)?;
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
        Ok(RegistryHead { organisation_id: org.to_owned(), last_seq, head_hash })
    }

    /// Checks the hash of every correspondence item of an organisation;
    /// returns how many were checked.
    async fn check_correspondence(&self, findings: &mut Findings<'_>) -> Result<u64, StorageError> {
        let sql = select_correspondence!("where organisation_id = $1 and id > $2 order by id limit $3");
        let mut after = String::new();
        let mut checked = 0;
        loop {
            let rows: Vec<CorrespondenceRow> = db_run!(self, pool => sqlx::query_as(sql)
                .bind(findings.org)
                .bind(&after)
                .bind(PAGE)
                .fetch_all(pool)
                .await)?;
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
    async fn check_attachments(&self, findings: &mut Findings<'_>) -> Result<u64, StorageError> {
        let sql = "select a.id, c.complaint_id, a.size_bytes, a.sha256, a.content
                   from attachments a join correspondence c on c.id = a.correspondence_id
                   where a.organisation_id = $1 and a.id > $2 order by a.id limit $3";
        let mut after = String::new();
        let mut checked = 0;
        loop {
            let rows: Vec<AttachmentBytes> = db_run!(self, pool => sqlx::query_as(sql)
                .bind(findings.org)
                .bind(&after)
                .bind(PAGE)
                .fetch_all(pool)
                .await)?;
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
    async fn find_orphan_events(&self, report: &mut AuditReport) -> Result<(), StorageError> {
        let sql = "select e.organisation_id, e.complaint_id, count(*)
                   from complaint_events e left join complaints c on c.id = e.complaint_id
                   where c.id is null group by e.organisation_id, e.complaint_id";
        let rows: Vec<(String, String, i64)> = db_run!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        for (organisation_id, complaint_id, count) in rows {
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
}

/// Recomputes one complaint's chain against its recorded head.
fn check_chain(findings: &mut Findings<'_>, complaint: &ComplaintHead, events: &[StoredEvent]) {
    let id = Some(complaint.id.as_str());
    if events.is_empty() {
        findings.add(id, None, ProblemKind::NoEvents, String::new());
        return;
    }
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut head_seen = false;
    for event in events {
        if event.seq > expected_seq {
            let detail = if event.seq - expected_seq == 1 {
                String::new()
            } else {
                format!("seqs {} to {} missing", expected_seq, event.seq - 1)
            };
            findings.add(id, Some(expected_seq), ProblemKind::EventMissing, detail);
        }
        if event.organisation_id != findings.org {
            findings.add(id, Some(event.seq), ProblemKind::WrongOrganisation, event.organisation_id.clone());
        }
        if event.seq > complaint.last_seq {
            findings.add(id, Some(event.seq), ProblemKind::EventBeyondHead, format!("head is {}", complaint.last_seq));
        }
        if event.prev_hash != prev_hash {
            findings.add(id, Some(event.seq), ProblemKind::ChainBroken, format!("prev_hash {}", event.prev_hash));
        }
        let recomputed = event_hash(
            &event.prev_hash,
            &event.complaint_id,
            event.seq,
            &event.kind,
            &event.payload,
            &event.actor,
            event.recorded_at,
        );
        if recomputed != event.hash {
            findings.add(
                id,
                Some(event.seq),
                ProblemKind::EventAltered,
                format!("content hashes to {recomputed}, not {}", event.hash),
            );
        }
        if event.seq == complaint.last_seq {
            head_seen = true;
            if event.hash != complaint.head_hash {
                findings.add(
                    id,
                    Some(event.seq),
                    ProblemKind::HeadMismatch,
                    format!("head hash {}, last event hash {}", complaint.head_hash, event.hash),
                );
            }
        }
        prev_hash = event.hash.clone();
        expected_seq = event.seq + 1;
    }
    if !head_seen && expected_seq <= complaint.last_seq {
        findings.add(
            id,
            Some(expected_seq),
            ProblemKind::EventMissing,
            format!("the chain ends at {} but its head is {}", expected_seq - 1, complaint.last_seq),
        );
    }
}

/// Recomputes an organisation's registry chain against its head.
fn check_registry_chain(findings: &mut Findings<'_>, entries: &[RegistryEntry], last_seq: i64, head_hash: &str) {
    let org = findings.org;
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS_HASH.to_owned();
    for entry in entries {
        let id = Some(entry.complaint_id.as_str());
        if entry.seq > expected_seq {
            findings.add(None, Some(expected_seq), ProblemKind::RegistryEntryMissing, String::new());
        }
        if entry.prev_hash != prev_hash {
            findings.add(
                id,
                Some(entry.seq),
                ProblemKind::RegistryChainBroken,
                format!("prev_hash {}", entry.prev_hash),
            );
        }
        let recomputed = registry_hash(
            &entry.prev_hash,
            org,
            entry.seq,
            &entry.complaint_id,
            &entry.reference,
            &entry.first_event_hash,
        );
        if recomputed != entry.hash {
            findings.add(
                id,
                Some(entry.seq),
                ProblemKind::RegistryEntryAltered,
                format!("content hashes to {recomputed}, not {}", entry.hash),
            );
        }
        prev_hash = entry.hash.clone();
        expected_seq = entry.seq + 1;
    }
    let (last_entry_seq, last_entry_hash) = entries.last().map_or((0, GENESIS_HASH), |e| (e.seq, e.hash.as_str()));
    if last_entry_seq != last_seq || last_entry_hash != head_hash {
        findings.add(
            None,
            Some(last_seq),
            ProblemKind::RegistryHeadMismatch,
            format!("head {last_seq} {head_hash}, last entry {last_entry_seq} {last_entry_hash}"),
        );
    }
}
