//! Many residents at once, with their search terms, for benchmarks at the scale of the
//! largest landlords: names and addresses from short lists, so that a common surname or a
//! street is shared by thousands, as in a real register. Rows are inserted many to a
//! statement, in large transactions.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, ResidentId};
use serde_json::json;

use crate::resident_search::terms;
use crate::values::Instant;
use crate::{Database, ResidentDetails, StorageError};

/// Residents per statement (9 values each: within SQLite's limit of bound values).
const RESIDENTS_PER_STATEMENT: usize = 1000;

/// Search terms per statement (3 values each).
const TERMS_PER_STATEMENT: usize = 2000;

/// Residents per transaction.
const RESIDENTS_PER_TRANSACTION: usize = 10_000;

const FIRST_NAMES: [&str; 16] = [
    "Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack", "Kiran", "Leah", "Mo", "Nina",
    "Owen", "Priya",
];

const SURNAMES: [&str; 20] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright", "Khan",
    "Walker", "Evans", "Thomas", "Roberts", "Green", "Hall", "Wood", "Hughes", "Edwards",
];

const STREETS: [&str; 12] = [
    "Station Road",
    "High Street",
    "Church Lane",
    "Park Avenue",
    "Victoria Street",
    "Green Lane",
    "Manor Road",
    "Mill Lane",
    "Kings Road",
    "School Lane",
    "Queens Road",
    "New Street",
];

const TOWNS: [(&str, &str); 8] = [
    ("Leeds", "LS"),
    ("Bristol", "BS"),
    ("Norwich", "NR"),
    ("Exeter", "EX"),
    ("Hull", "HU"),
    ("Derby", "DE"),
    ("Luton", "LU"),
    ("Bolton", "BL"),
];

/// Resident number `n`'s details: a name and address made from `n` alone.
fn details(n: usize) -> ResidentDetails {
    let (town, area) = TOWNS[n / 7 % TOWNS.len()];
    let letters = ["AB", "DE", "FG", "HJ", "LN", "PQ", "RS", "TU", "WX", "YZ"];
    let address = format!(
        "{} {}, {town} {area}{} {}{}",
        n % 300 + 1,
        STREETS[n / 3 % STREETS.len()],
        n % 29 + 1,
        n % 9 + 1,
        letters[n / 11 % letters.len()],
    );
    ResidentDetails {
        name: format!("{} {}", FIRST_NAMES[n % FIRST_NAMES.len()], SURNAMES[n / 5 % SURNAMES.len()]),
        reference: None,
        email: None,
        phone: None,
        address: Some(address),
        preferred_contact_method: None,
        preferred_format: None,
        disabilities: json!([]),
        vulnerabilities: json!([]),
        reasonable_adjustments: json!([]),
        support_review_on: None,
    }
}

/// Inserts `count` residents of landlord `org`, with ids `{prefix}-{n}` and their search
/// terms, recorded at `at`.
///
/// # Errors
///
/// [`StorageError::Query`] if the database fails (an id taken, the organisation missing).
pub async fn insert_residents(
    db: &Database,
    org: &OrganisationId,
    prefix: &str,
    count: usize,
    at: Timestamp,
) -> Result<(), StorageError> {
    let mut start = 0;
    while start < count {
        let end = (start + RESIDENTS_PER_TRANSACTION).min(count);
        let residents: Vec<(ResidentId, ResidentDetails)> =
            (start..end).map(|n| (ResidentId::trusted(format!("{prefix}-{n}")), details(n))).collect();
        let terms: Vec<(String, String)> =
            residents.iter().flat_map(|(id, d)| terms(d).into_iter().map(|term| (id.to_string(), term))).collect();
        db_run!(db, pool => async {
            let mut tx = pool.begin().await?;
            for chunk in residents.chunks(RESIDENTS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::new(
                    "insert into residents (id, organisation_id, name, address, disabilities, vulnerabilities, \
                     reasonable_adjustments, created_at, updated_at) ",
                );
                insert.push_values(chunk, |mut b, (id, d)| {
                    b.push_bind(id.to_string())
                        .push_bind(org.to_string())
                        .push_bind(d.name.clone())
                        .push_bind(d.address.clone())
                        .push_bind("[]")
                        .push_bind("[]")
                        .push_bind("[]")
                        .push_bind(Instant::new(at))
                        .push_bind(Instant::new(at));
                });
                insert.build().execute(&mut *tx).await?;
            }
            for chunk in terms.chunks(TERMS_PER_STATEMENT) {
                let mut insert =
                    sqlx::QueryBuilder::new("insert into resident_search_terms (organisation_id, term, resident_id) ");
                insert.push_values(chunk, |mut b, (id, term)| {
                    b.push_bind(org.to_string()).push_bind(term.clone()).push_bind(id.clone());
                });
                insert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<(), StorageError>(())
        }
        .await)?;
        start = end;
    }
    Ok(())
}
