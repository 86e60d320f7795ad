//! The checks of an organisation's audit checkpoints (see `crate::checkpoints`):
//! each still hashes to its digest and follows the one before, and every
//! head one recorded is still in the record.

use std::collections::BTreeMap;

use super::{AuditProblem, ComplaintHead, Findings, ProblemKind, RegistryEntry};
use crate::checkpoints::{CheckpointRow, RecordedHead, value_of};
use crate::events::EventRow;
use crate::hashing::{CheckpointHead, GENESIS_HASH, checkpoint_digest};

/// What an organisation's checkpoints commit to, once their own chain is checked.
pub(crate) struct CheckpointFindings {
    /// Complaint id → every head recorded for it, with its checkpoint's seq, oldest first.
    /// Every one is checked, not only the latest: a checkpoint forged after a cut, recording
    /// the shortened head, must not hide what an earlier one recorded.
    recorded: BTreeMap<String, Vec<(i64, CheckpointHead)>>,
    /// Each checkpoint's registry head: (checkpoint seq, registry seq, hash).
    registry: Vec<(i64, i64, String)>,
    /// The values of the checkpoints whose digest recomputes.
    pub(crate) values: Vec<String>,
}

/// Checks the chain of checkpoints and returns what they commit to.
pub(crate) fn check_checkpoints(
    findings: &mut Findings<'_>,
    rows: &[CheckpointRow],
    heads: Vec<RecordedHead>,
) -> CheckpointFindings {
    let mut by_checkpoint: BTreeMap<i64, Vec<CheckpointHead>> = BTreeMap::new();
    for recorded in heads {
        by_checkpoint.entry(recorded.checkpoint_seq).or_default().push(recorded.head);
    }
    let mut result = CheckpointFindings { recorded: BTreeMap::new(), registry: Vec::new(), values: Vec::new() };
    let mut prev_digest = GENESIS_HASH.to_owned();
    let mut expected_seq = 1;
    for row in rows {
        if row.seq != expected_seq {
            let detail = format!("checkpoints {expected_seq} to {} missing", row.seq - 1);
            findings.add(None, Some(expected_seq), ProblemKind::CheckpointMissing, detail);
        }
        let mut heads = by_checkpoint.remove(&row.seq).unwrap_or_default();
        // The digest covers heads in byte order of complaint id, whatever the database's collation.
        heads.sort_by(|a, b| a.complaint_id.cmp(&b.complaint_id));
        let registry = (row.registry_seq, row.registry_head.as_str());
        let recomputed = checkpoint_digest(&row.prev_digest, findings.org, row.seq, row.created_at.0, registry, &heads);
        if recomputed == row.digest {
            result.values.push(value_of(row.seq, &recomputed));
        } else {
            let detail = format!("checkpoint {}: content hashes to {recomputed}, not {}", row.seq, row.digest);
            findings.add(None, Some(row.seq), ProblemKind::CheckpointAltered, detail);
        }
        if row.prev_digest != prev_digest {
            let detail = format!("checkpoint {}: prev_digest {}", row.seq, row.prev_digest);
            findings.add(None, Some(row.seq), ProblemKind::CheckpointAltered, detail);
        }
        for head in heads {
            result.recorded.entry(head.complaint_id.clone()).or_default().push((row.seq, head));
        }
        result.registry.push((row.seq, row.registry_seq, row.registry_head.clone()));
        prev_digest = row.digest.clone();
        expected_seq = row.seq + 1;
    }
    for (seq, heads) in by_checkpoint {
        let detail = format!("{} heads recorded under checkpoint {seq}, which does not exist", heads.len());
        findings.add(None, Some(seq), ProblemKind::CheckpointMissing, detail);
    }
    result
}

impl CheckpointFindings {
    /// The latest checkpoint's value, if any recomputes.
    pub(crate) fn latest_value(&self) -> Option<&String> {
        self.values.last()
    }

    /// Checks that every head the checkpoints recorded for a complaint is still in its
    /// record, with the same hash, and that no checkpoint recorded it shorter than an earlier
    /// one did (a record only grows).
    pub(crate) fn check_complaint(&self, findings: &mut Findings<'_>, complaint: &ComplaintHead, events: &[EventRow]) {
        let Some(heads) = self.recorded.get(&complaint.id) else { return };
        let id = Some(complaint.id.as_str());
        let mut longest: Option<(i64, i64)> = None;
        for (checkpoint, head) in heads {
            if let Some((earlier, seq)) = longest.filter(|(_, seq)| head.last_seq < *seq) {
                let detail = format!(
                    "checkpoint {checkpoint} records event {}, checkpoint {earlier} had recorded event {seq}",
                    head.last_seq
                );
                findings.add(id, Some(head.last_seq), ProblemKind::CheckpointAltered, detail);
            } else {
                longest = Some((*checkpoint, head.last_seq));
            }
            match events.iter().find(|e| e.seq == head.last_seq) {
                None => {
                    let now = events.last().map_or(0, |e| e.seq);
                    let detail = format!(
                        "checkpoint {checkpoint} recorded event {}; the record now ends at {now}",
                        head.last_seq
                    );
                    findings.add(id, Some(head.last_seq), ProblemKind::CutSinceCheckpoint, detail);
                }
                Some(event) if event.hash != head.head_hash => {
                    let detail =
                        format!("checkpoint {checkpoint} recorded hash {}, now {}", head.head_hash, event.hash);
                    findings.add(id, Some(head.last_seq), ProblemKind::RewrittenSinceCheckpoint, detail);
                }
                Some(_) => {}
            }
        }
    }

    /// Reports every complaint a checkpoint recorded that no longer exists.
    pub(crate) fn check_complaints_exist(&self, findings: &mut Findings<'_>) {
        let missing: Vec<(&String, i64)> = self
            .recorded
            .iter()
            .filter(|(id, _)| !findings.references.contains_key(*id))
            .map(|(id, heads)| (id, heads.first().map_or(0, |(checkpoint, _)| *checkpoint)))
            .collect();
        for (id, checkpoint) in missing {
            findings.problems.push(AuditProblem {
                organisation_id: findings.org.to_owned(),
                complaint_id: Some(id.clone()),
                complaint_reference: None,
                seq: None,
                kind: ProblemKind::CheckpointedComplaintMissing,
                detail: format!("recorded by checkpoint {checkpoint}"),
            });
        }
    }

    /// Checks that the registry still holds each head a checkpoint recorded.
    pub(crate) fn check_registry(&self, findings: &mut Findings<'_>, entries: &[RegistryEntry]) {
        for (checkpoint, registry_seq, registry_head) in &self.registry {
            if *registry_seq == 0 {
                continue;
            }
            let entry = entries.iter().find(|e| e.seq == *registry_seq);
            if entry.is_none_or(|e| &e.hash != registry_head) {
                let detail = format!("checkpoint {checkpoint} recorded registry entry {registry_seq} {registry_head}");
                findings.add(None, Some(*registry_seq), ProblemKind::RegistryCutSinceCheckpoint, detail);
            }
        }
    }
}

/// A problem for each value given that is not the value of a checkpoint that
/// recomputes, in any organisation.
pub(crate) fn check_against(against: &[String], values: &[String]) -> Vec<AuditProblem> {
    against
        .iter()
        .filter(|value| !values.iter().any(|v| v.eq_ignore_ascii_case(value.trim())))
        .map(|value| AuditProblem {
            organisation_id: "(any)".into(),
            complaint_id: None,
            complaint_reference: None,
            seq: None,
            kind: ProblemKind::CheckpointNotFound,
            detail: format!("{value} is not the value of any checkpoint in the record: it was removed or rewritten"),
        })
        .collect()
}
