//! New identifiers and secrets.

use getrandom::fill;
use redress_storage::sha256_hex;

use crate::AppError;

/// A new, time-ordered unique id (UUID version 7).
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The id a creation with an idempotency key gets: the same for every retry with that key in
/// that organisation, so that two retries racing each other cannot both create a record.
pub(crate) fn id_for_key(organisation: &str, key: &str) -> String {
    let digest = sha256_hex(format!("{organisation}\u{0}{key}").as_bytes());
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
