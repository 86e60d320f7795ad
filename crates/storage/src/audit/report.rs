//! What the audit reports: the organisations and complaints it checked, the registry heads
//! it read (to be noted outside the database), and each problem found, in words.

use std::fmt;

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
    /// Each organisation's latest checkpoint value, if it has one (see
    /// [`Checkpoint::value`](crate::Checkpoint::value)).
    pub checkpoints: Vec<(String, String)>,
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
    /// An attachment's bytes no longer match their SHA-256 or size, or not
    /// those its event recorded.
    AttachmentAltered,
    /// The stored status or stage of a complaint is not what its record says.
    SummaryMismatch,
    /// An event names correspondence that is no longer stored, or stored
    /// with other content than the event recorded.
    CorrespondenceMissing,
    /// Correspondence is stored that no event of its complaint records.
    CorrespondenceNotInRecord,
    /// An event names an attachment that is no longer stored.
    AttachmentMissing,
    /// An attachment is stored that the event of its correspondence does not name.
    AttachmentNotInRecord,
    /// A checkpoint no longer hashes to its digest, or its `prev_digest` is
    /// not the digest of the one before.
    CheckpointAltered,
    /// A checkpoint is missing (a gap in their seqs).
    CheckpointMissing,
    /// Events a checkpoint recorded are no longer in the record.
    CutSinceCheckpoint,
    /// The event a checkpoint recorded as a complaint's head has another hash now.
    RewrittenSinceCheckpoint,
    /// A complaint a checkpoint recorded no longer exists.
    CheckpointedComplaintMissing,
    /// The registry no longer holds the head a checkpoint recorded.
    RegistryCutSinceCheckpoint,
    /// The checkpoint value given to check against is not in the record.
    CheckpointNotFound,
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
            ProblemKind::SummaryMismatch => "stored status or stage does not match the record",
            ProblemKind::CorrespondenceMissing => "correspondence in the record is missing or altered",
            ProblemKind::CorrespondenceNotInRecord => "correspondence not in the record",
            ProblemKind::AttachmentMissing => "attachment in the record is missing",
            ProblemKind::AttachmentNotInRecord => "attachment not in the record",
            ProblemKind::CheckpointAltered => "checkpoint altered",
            ProblemKind::CheckpointMissing => "checkpoint missing",
            ProblemKind::CutSinceCheckpoint => "events removed since a checkpoint",
            ProblemKind::RewrittenSinceCheckpoint => "events rewritten since a checkpoint",
            ProblemKind::CheckpointedComplaintMissing => "complaint removed since a checkpoint",
            ProblemKind::RegistryCutSinceCheckpoint => "registry cut back since a checkpoint",
            ProblemKind::CheckpointNotFound => "checkpoint not found",
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
