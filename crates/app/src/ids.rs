//! New identifiers and secrets.

use getrandom::fill;
use redress_domain::ids::OrganisationId;
use redress_storage::sha256_hex;

use crate::AppError;

/// Where new record ids come from: [`RandomIds`] in production; the demo brings a seeded
/// source, so that the same seed makes the same data through the same use cases.
pub trait IdSource: Send + Sync {
    /// A new id, never given before.
    fn new_id(&self) -> String;
}

/// Time-ordered unique ids (UUID version 7).
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn new_id(&self) -> String {
        uuid::Uuid::now_v7().to_string()
    }
}

/// The id a creation with an idempotency key gets: the same for every retry of the same
/// request with that key in that organisation, so that two retries racing each other cannot
/// both create a record; another request with the same key (refused while the key lives, and
/// its own request once the key's day is over) gets another id.
pub(crate) fn id_for_key(organisation: &OrganisationId, key: &str, fingerprint: &str) -> String {
    uuid_shaped(&sha256_hex(format!("{organisation}\u{0}{key}\u{0}{fingerprint}").as_bytes()))
}

/// The id of the `n`th record a keyed request creates after its first (an attachment of
/// keyed correspondence, say): derived from the first's, so a retry makes the same ones.
pub(crate) fn nth_id_for_key(first: &str, n: usize) -> String {
    uuid_shaped(&sha256_hex(format!("{first}\u{0}{n}").as_bytes()))
}

/// The first 32 hex digits of `digest`, shaped like a UUID.
fn uuid_shaped(digest: &str) -> String {
    // Shaped like a UUID, so it looks like every other id.
    format!("{}-{}-{}-{}-{}", &digest[0..8], &digest[8..12], &digest[12..16], &digest[16..20], &digest[20..32])
}

/// A new API token: 32 random bytes, hex-encoded, prefixed so it is recognisable in a
/// secrets scanner.
pub(crate) fn new_token() -> Result<String, AppError> {
    new_secret("rdr_")
}

/// A new secret (token or session id): 32 random bytes, hex-encoded, after `prefix`.
pub(crate) fn new_secret(prefix: &str) -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    fill(&mut bytes).map_err(|e| AppError::Invalid(format!("no randomness available for a secret: {e}")))?;
    Ok(format!("{prefix}{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()))
}

#[cfg(test)]
mod tests {
    use redress_domain::ids::ComplaintId;

    use super::*;

    #[test]
    fn every_minted_id_is_a_valid_id() {
        let first = id_for_key(&OrganisationId::trusted("org-a".into()), "key-1", "fingerprint");
        for id in [RandomIds.new_id(), nth_id_for_key(&first, 2), first] {
            assert!(id.parse::<ComplaintId>().is_ok(), "{id}");
        }
    }
}
