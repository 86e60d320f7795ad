//! SHA-256 hashes: API tokens, the event and registry chains, audit
//! checkpoints, correspondence, attachments and request fingerprints.
//!
//! Every hash over several fields uses one unambiguous encoding, so that no
//! two different records can be made to hash alike by moving text from one
//! field to the next: a tag naming what is hashed (such as
//! `redress.event.v1`), then each field as its length in bytes (8 bytes,
//! big-endian) followed by its UTF-8 bytes. Numbers are written in decimal,
//! instants as RFC 3339 UTC with six fraction digits. An auditor can recompute
//! any hash by hand from the rows.
//!
//! The functions take ids as text, not as the domain's typed ids: a hash is over the text
//! stored, and the audit recomputes hashes from rows exactly as it finds them, which may have
//! been tampered with (an id edited into text no minting path makes). Writers pass their
//! typed ids' text.

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::values::format_instant;

/// The `prev_hash` of the first link of every chain: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The SHA-256 of an API token, in lowercase hex: the only form in which
/// tokens are stored. Look users up with
/// [`Database::find_user_by_token_hash`](crate::Database::find_user_by_token_hash).
pub fn hash_token(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// The SHA-256 of `bytes` in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A fingerprint of an HTTP request for idempotency keys: the SHA-256 over
/// method, path and body (in the encoding above, tagged
/// `redress.request.v1`). The same key sent with a different request is a
/// client error, not a retry.
pub fn request_fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    Fields::new("redress.request.v1").text(method).text(path).bytes(body).finish()
}

/// The hash of one event of a complaint's chain, over (`prev_hash`,
/// `complaint_id`, `seq`, `kind`, `payload`, `actor`, `recorded_at`), tagged
/// `redress.event.v1`. `recorded_at` counts to the microsecond.
pub fn event_hash(
    prev_hash: &str,
    complaint_id: &str,
    seq: i64,
    kind: &str,
    payload: &str,
    actor: &str,
    recorded_at: Timestamp,
) -> String {
    Fields::new("redress.event.v1")
        .text(prev_hash)
        .text(complaint_id)
        .text(&seq.to_string())
        .text(kind)
        .text(payload)
        .text(actor)
        .text(&format_instant(recorded_at))
        .finish()
}

/// The hash of one entry of an organisation's complaint registry, over
/// (`prev_hash`, `organisation_id`, `seq`, `complaint_id`, `reference`,
/// `first_event_hash`), tagged `redress.registry.v1`.
pub fn registry_hash(
    prev_hash: &str,
    organisation_id: &str,
    seq: i64,
    complaint_id: &str,
    reference: &str,
    first_event_hash: &str,
) -> String {
    Fields::new("redress.registry.v1")
        .text(prev_hash)
        .text(organisation_id)
        .text(&seq.to_string())
        .text(complaint_id)
        .text(reference)
        .text(first_event_hash)
        .finish()
}

/// One complaint's head as a checkpoint records it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CheckpointHead {
    /// The complaint.
    pub complaint_id: String,
    /// The seq of its last event then.
    pub last_seq: i64,
    /// That event's hash.
    pub head_hash: String,
}

/// The digest of an organisation's audit checkpoint, tagged
/// `redress.checkpoint.v1`, over (`prev_digest`, `organisation_id`, `seq`,
/// `created_at`, `registry_seq`, `registry_head`, the number of heads, then
/// each head's `complaint_id`, `last_seq` and `head_hash` in the order given,
/// which is by complaint id).
pub fn checkpoint_digest(
    prev_digest: &str,
    organisation_id: &str,
    seq: i64,
    created_at: Timestamp,
    registry: (i64, &str),
    heads: &[CheckpointHead],
) -> String {
    let mut fields = Fields::new("redress.checkpoint.v1")
        .text(prev_digest)
        .text(organisation_id)
        .text(&seq.to_string())
        .text(&format_instant(created_at))
        .text(&registry.0.to_string())
        .text(registry.1)
        .text(&heads.len().to_string());
    for head in heads {
        fields = fields.text(&head.complaint_id).text(&head.last_seq.to_string()).text(&head.head_hash);
    }
    fields.finish()
}

/// The fields of a correspondence item that its hash covers.
pub(crate) struct CorrespondenceFields<'a> {
    pub id: &'a str,
    pub organisation_id: &'a str,
    pub complaint_id: &'a str,
    pub direction: &'a str,
    pub channel: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub occurred_at: Timestamp,
    pub recorded_at: Timestamp,
}

/// The hash of a correspondence item, tagged `redress.correspondence.v1`,
/// over its fields in the order of [`CorrespondenceFields`].
pub(crate) fn correspondence_hash(c: &CorrespondenceFields<'_>) -> String {
    Fields::new("redress.correspondence.v1")
        .text(c.id)
        .text(c.organisation_id)
        .text(c.complaint_id)
        .text(c.direction)
        .text(c.channel)
        .text(c.subject)
        .text(c.body)
        .text(&format_instant(c.occurred_at))
        .text(&format_instant(c.recorded_at))
        .finish()
}

/// Builds a hash over length-prefixed fields.
struct Fields(Sha256);

impl Fields {
    fn new(tag: &str) -> Fields {
        Fields(Sha256::new()).text(tag)
    }

    fn text(self, text: &str) -> Fields {
        self.bytes(text.as_bytes())
    }

    fn bytes(mut self, bytes: &[u8]) -> Fields {
        // usize always fits in u64 on the platforms Rust supports.
        self.0.update((bytes.len() as u64).to_be_bytes());
        self.0.update(bytes);
        self
    }

    fn finish(self) -> String {
        hex(&self.0.finalize())
    }
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_published_test_vector() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hash_token("abc"), sha256_hex(b"abc"));
    }

    #[test]
    fn the_genesis_hash_is_64_zeros() {
        assert_eq!(GENESIS_HASH.len(), 64);
        assert!(GENESIS_HASH.bytes().all(|b| b == b'0'));
    }

    #[test]
    fn moving_text_between_fields_changes_the_event_hash() {
        let at: Timestamp = "2024-06-03T09:30:00Z".parse().unwrap();
        let a = event_hash(GENESIS_HASH, "c1", 1, "logged", "{}x", "u1", at);
        let b = event_hash(GENESIS_HASH, "c1", 1, "logged", "{}", "xu1", at);
        assert_ne!(a, b);
    }

    #[test]
    fn every_field_of_an_event_counts_in_its_hash() {
        let at: Timestamp = "2024-06-03T09:30:00Z".parse().unwrap();
        let later: Timestamp = "2024-06-03T09:30:00.000001Z".parse().unwrap();
        let base = event_hash(GENESIS_HASH, "c1", 1, "k", "{}", "u", at);
        let variants = [
            event_hash(&"1".repeat(64), "c1", 1, "k", "{}", "u", at),
            event_hash(GENESIS_HASH, "c2", 1, "k", "{}", "u", at),
            event_hash(GENESIS_HASH, "c1", 2, "k", "{}", "u", at),
            event_hash(GENESIS_HASH, "c1", 1, "j", "{}", "u", at),
            event_hash(GENESIS_HASH, "c1", 1, "k", "{ }", "u", at),
            event_hash(GENESIS_HASH, "c1", 1, "k", "{}", "v", at),
            event_hash(GENESIS_HASH, "c1", 1, "k", "{}", "u", later),
        ];
        for variant in variants {
            assert_ne!(variant, base);
        }
    }

    #[test]
    fn a_request_fingerprint_depends_on_method_path_and_body() {
        let base = request_fingerprint("POST", "/api/v1/complaints", b"{}");
        assert_eq!(base, request_fingerprint("POST", "/api/v1/complaints", b"{}"));
        assert_ne!(base, request_fingerprint("PUT", "/api/v1/complaints", b"{}"));
        assert_ne!(base, request_fingerprint("POST", "/api/v1/complaint", b"{}"));
        assert_ne!(base, request_fingerprint("POST", "/api/v1/complaints", b"{ }"));
    }
}
