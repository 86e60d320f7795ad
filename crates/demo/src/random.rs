//! Reproducible randomness: every record draws from its own generator, seeded from the demo's
//! seed, a stream name and the record's number. A complaint's life therefore depends only on
//! the seed and its number, never on how many draws came before it, and ids are derived the
//! same way so that one seed gives the same ids every time.

use std::sync::atomic::{AtomicU64, Ordering};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use redress_app::IdSource;
use sha2::{Digest, Sha256};

/// The generator for record `index` of `stream` under `seed`.
pub(crate) fn rng(seed: u64, stream: &str, index: u64) -> StdRng {
    StdRng::from_seed(digest(seed, stream, index))
}

/// A UUID-shaped id for record `index` of `kind` under `seed`: the same every time, and
/// distinct from every other record's.
pub(crate) fn id(seed: u64, kind: &str, index: u64) -> String {
    let hex: String = digest(seed, kind, index).iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The ids the application mints for the demo's records (complaints, correspondence, files):
/// the `n`th of the run under the seed. The demo lives complaints one at a time, so the same
/// seed, size and end give the same ids.
pub(crate) struct SeededIds {
    /// The demo's seed.
    pub seed: u64,
    /// How many ids were given.
    pub given: AtomicU64,
}

impl IdSource for SeededIds {
    fn new_id(&self) -> String {
        id(self.seed, "app", self.given.fetch_add(1, Ordering::Relaxed))
    }
}

fn digest(seed: u64, stream: &str, index: u64) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"redress-demo\0");
    hasher.update(seed.to_be_bytes());
    hasher.update(stream.as_bytes());
    hasher.update(b"\0");
    hasher.update(index.to_be_bytes());
    hasher.finalize().into()
}

/// One of `items`, uniformly. `items` is never empty: every list it is given is a constant.
pub(crate) fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut StdRng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// A whole number from `low` to `high`, both included.
pub(crate) fn between(rng: &mut StdRng, low: i32, high: i32) -> i32 {
    rng.random_range(low..=high.max(low))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_stream_and_index_give_the_same_draws_and_ids() {
        let draws = |seed| rng(seed, "complaint", 7).random_range(0..1_000_000u32);
        assert_eq!(draws(1), draws(1));
        assert_ne!(draws(1), draws(2));
        assert_eq!(id(1, "resident", 3), id(1, "resident", 3));
        assert_ne!(id(1, "resident", 3), id(1, "resident", 4));
        assert_ne!(id(1, "resident", 3), id(1, "property", 3));
        assert_eq!(id(1, "resident", 3).len(), 36);
        assert!(id(1, "resident", 3).parse::<redress_domain::ids::ResidentId>().is_ok(), "a valid id");
    }
}
