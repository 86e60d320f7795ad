//! Homes recorded many at a time: each a property, its resident and their representative, if
//! any, written for many homes in one transaction with one statement per table (chunked under
//! the bound values one statement may carry, [`rows_per_statement`]).
//!
//! For a caller that records a whole register at once (the demo, an importer), which would
//! otherwise pay a transaction, and in SQLite a write of whole pages to the log, for each
//! record. The rows are those that recording each alone stores (`people.rs`, `residents.rs`);
//! only the idempotency keys of live requests have no place here.

use redress_domain::ids::OrganisationId;

use crate::batches::rows_per_statement;
use crate::people::{NewProperty, NewRepresentative, property_rows, representative_rows};
use crate::resident_search::terms;
use crate::residents::{NewResident, resident_rows};
use crate::tx::BeginWrite;
use crate::{Database, StorageError};

/// A home to record: a property and its resident, who lives there (`residents.home_id`), and
/// their representative if they have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHome {
    /// The property.
    pub property: NewProperty,
    /// The resident living there.
    pub resident: NewResident,
    /// Someone acting for the resident with their authority (Code 1.3, 3.6), if anyone.
    pub representative: Option<NewRepresentative>,
}

/// Bound values of a property's, a resident's and a representative's row.
const PROPERTY_COLUMNS: usize = 5;
const RESIDENT_COLUMNS: usize = 15;
const REPRESENTATIVE_COLUMNS: usize = 9;
/// Bound values of a resident's search term: the organisation, the term and the resident.
const TERM_COLUMNS: usize = 3;
/// Bound values of a resident's home: the resident and the property.
const LIVES_IN_COLUMNS: usize = 2;

/// One statement setting the home of each resident of `$homes` (of organisation `$org`) to its
/// property: a list of (resident, property) pairs joined to the residents, as an
/// `update … from`, which SQLite and PostgreSQL both take. A macro, as the row macros are, so
/// that one text serves both backends' query builders.
macro_rules! lives_in {
    ($org:expr, $homes:expr) => {{
        let mut update = sqlx::QueryBuilder::new("with lives_in (resident, home) as (");
        update.push_values($homes, |mut row, home: &NewHome| {
            row.push_bind(home.resident.id.as_str()).push_bind(home.property.id.as_str());
        });
        update.push(") update residents set home_id = lives_in.home from lives_in where residents.organisation_id = ");
        update.push_bind($org.as_str());
        update.push(" and residents.id = lives_in.resident");
        update
    }};
}

impl Database {
    /// Records `homes` of organisation `org` in one transaction: every property, then every
    /// resident, living in their home, then every representative, as if each were recorded
    /// alone in that order and each resident's home then set.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if an id is taken; [`StorageError::MissingReference`] if
    /// `org` does not exist or a representative's resident is neither among `homes` nor
    /// already recorded in `org`. Nothing is written unless everything is.
    pub async fn create_homes(&self, org: &OrganisationId, homes: &[NewHome]) -> Result<(), StorageError> {
        if homes.is_empty() {
            return Ok(());
        }
        let properties: Vec<&NewProperty> = homes.iter().map(|h| &h.property).collect();
        let residents: Vec<&NewResident> = homes.iter().map(|h| &h.resident).collect();
        let representatives: Vec<&NewRepresentative> = homes.iter().filter_map(|h| h.representative.as_ref()).collect();
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for chunk in properties.chunks(rows_per_statement(PROPERTY_COLUMNS)) {
                let mut insert = property_rows!(org, chunk.iter().copied());
                insert.build().execute(&mut *tx).await.map_err(StorageError::on_write("property"))?;
            }
            for chunk in residents.chunks(rows_per_statement(RESIDENT_COLUMNS)) {
                let mut insert = resident_rows!(org, chunk.iter().copied());
                insert.build().execute(&mut *tx).await.map_err(StorageError::on_write("resident"))?;
            }
            // Each resident's words for the search (`resident_search.rs`), as recording them
            // alone writes.
            let words: Vec<(&str, String)> = residents
                .iter()
                .flat_map(|r| terms(&r.details).into_iter().map(move |term| (r.id.as_str(), term)))
                .collect();
            for chunk in words.chunks(rows_per_statement(TERM_COLUMNS)) {
                let mut insert = sqlx::QueryBuilder::new(
                    "insert into resident_search_terms (organisation_id, term, resident_id) ",
                );
                insert.push_values(chunk, |mut row, (resident, term)| {
                    row.push_bind(org.as_str()).push_bind(term.as_str()).push_bind(*resident);
                });
                insert.build().execute(&mut *tx).await.map_err(StorageError::on_write("resident's search terms"))?;
            }
            for chunk in homes.chunks(rows_per_statement(LIVES_IN_COLUMNS)) {
                let mut update = lives_in!(org, chunk);
                update.build().execute(&mut *tx).await.map_err(StorageError::on_write("resident's home"))?;
            }
            for chunk in representatives.chunks(rows_per_statement(REPRESENTATIVE_COLUMNS)) {
                let mut insert = representative_rows!(org, chunk.iter().copied());
                insert.build().execute(&mut *tx).await.map_err(StorageError::on_write("representative"))?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
