//! The checks of one complaint's event chain and of an organisation's
//! registry chain: plain functions over rows already loaded.

use super::{ComplaintHead, Findings, ProblemKind, RegistryEntry};
use crate::events::EventRow;
use crate::hashing::{GENESIS_HASH, event_hash, registry_hash};

/// Recomputes one complaint's chain against its recorded head.
pub(super) fn check_chain(findings: &mut Findings<'_>, complaint: &ComplaintHead, events: &[EventRow]) {
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
pub(super) fn check_registry_chain(
    findings: &mut Findings<'_>,
    entries: &[RegistryEntry],
    last_seq: i64,
    head_hash: &str,
) {
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
