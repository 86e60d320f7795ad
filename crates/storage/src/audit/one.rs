//! One complaint's record checked now, for its case file: its event chain recomputed against
//! its recorded head, the application's checks inside its events (the correspondence and
//! files each names, against those stored), and the content hash of each of its items of
//! correspondence. As the whole audit, it reads through one read transaction and changes
//! nothing. What only the whole audit can check (the organisation's registry, its
//! checkpoints, events whose complaint is gone) is not checked here.

use std::collections::BTreeMap;

use redress_domain::ids::{ComplaintId, OrganisationId};

use super::chains::check_chain;
use super::snapshot::Snapshot;
use super::{AuditProblem, ContentCheck, Findings, ProblemKind, check_content};
use crate::{Database, StorageError};

/// What checking one complaint's record found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintAudit {
    /// How many events its chain holds.
    pub events: u64,
    /// The seq of its last event, as its head records.
    pub last_seq: i64,
    /// The hash of its last event, as its head records: what the chain must end in.
    pub head_hash: String,
    /// How many items of correspondence were checked against their hashes.
    pub correspondence: u64,
    /// Every problem found; none if the record is as it was written.
    pub problems: Vec<AuditProblem>,
}

impl ComplaintAudit {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Database {
    /// Checks the record of complaint `complaint_id` of organisation `org` as of now, with the
    /// application's checks inside its events if given; `None` if there is no such complaint.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails (a problem found is not an error: it is
    /// in the answer).
    pub async fn audit_complaint(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
        content: Option<&dyn ContentCheck>,
    ) -> Result<Option<ComplaintAudit>, StorageError> {
        let mut snapshot = Snapshot::begin(self).await?;
        let audit = audit_one(&mut snapshot, org.as_str(), complaint_id.as_str(), content).await;
        snapshot.end().await?;
        audit
    }
}

async fn audit_one(
    snapshot: &mut Snapshot,
    org: &str,
    id: &str,
    content: Option<&dyn ContentCheck>,
) -> Result<Option<ComplaintAudit>, StorageError> {
    let Some(head) = snapshot.complaint_head(org, id).await? else { return Ok(None) };
    let events = snapshot.events(id).await?;
    let mut findings =
        Findings { org, references: BTreeMap::from([(head.id.clone(), head.reference.clone())]), problems: Vec::new() };
    check_chain(&mut findings, &head, &events);
    if let Some(content) = content {
        check_content(snapshot, &mut findings, content, &head, &events).await?;
    }
    let items = snapshot.complaint_correspondence(org, id).await?;
    for item in &items {
        let expected = item.expected_hash();
        if expected != item.hash {
            let detail = format!("correspondence {}: content hashes to {expected}, not {}", item.id, item.hash);
            findings.add(Some(id), None, ProblemKind::CorrespondenceAltered, detail);
        }
    }
    let problems: Vec<AuditProblem> = findings.problems;
    Ok(Some(ComplaintAudit {
        events: events.len() as u64,
        last_seq: head.last_seq,
        head_hash: head.head_hash,
        correspondence: items.len() as u64,
        problems,
    }))
}
