//! An organisation's categories of complaint (`migrations/*/0017_categories_and_search.sql`):
//! its list in order, the defaults a new organisation is given, and adding, renaming and
//! retiring one. The categories of each complaint are written with the complaint
//! (`complaints.rs`) and filtered by in `complaint_list.rs`.

use redress_domain::categories::Category;
use redress_domain::ids::{CategoryId, OrganisationId};

use crate::{Database, StorageError};

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: String,
    name: String,
    retired: bool,
}

impl From<CategoryRow> for Category {
    fn from(row: CategoryRow) -> Category {
        Category { id: CategoryId::trusted(row.id), name: row.name, retired: row.retired }
    }
}

/// The `insert` of the default categories of organisation `$org` (an id's text), in their
/// order: evaluates to a [`sqlx::QueryBuilder`] to build and run.
macro_rules! default_category_rows {
    ($org:expr) => {{
        let org: &str = $org;
        let mut insert =
            sqlx::QueryBuilder::new("insert into categories (organisation_id, id, name, retired, position) ");
        insert.push_values(
            redress_domain::categories::DEFAULT_CATEGORIES.iter().zip(1_i32..),
            |mut row, ((id, name), position)| {
                row.push_bind(org).push_bind(*id).push_bind(*name).push_bind(false).push_bind(position);
            },
        );
        insert
    }};
}
pub(crate) use default_category_rows;

impl Database {
    /// The categories of organisation `org`, retired ones too, in the list's order.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn categories(&self, org: &OrganisationId) -> Result<Vec<Category>, StorageError> {
        let sql = "select id, name, retired from categories where organisation_id = $1 order by position, id";
        let rows: Vec<CategoryRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(Category::from).collect())
    }

    /// Adds category `id` called `name` at the end of organisation `org`'s list.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken, or the name is (ignoring case);
    /// [`StorageError::MissingReference`] if the organisation does not exist.
    pub async fn add_category(&self, org: &OrganisationId, id: &CategoryId, name: &str) -> Result<(), StorageError> {
        let sql = "insert into categories (organisation_id, id, name, retired, position)
                   select $1, $2, $3, $4, coalesce(max(position), 0) + 1 from categories where organisation_id = $1";
        db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(id.as_str())
            .bind(name)
            .bind(false)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("category"))
    }

    /// Renames category `id` of organisation `org`. Returns whether there is one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if another category has the name (ignoring case).
    pub async fn rename_category(
        &self,
        org: &OrganisationId,
        id: &CategoryId,
        name: &str,
    ) -> Result<bool, StorageError> {
        let sql = "update categories set name = $3 where organisation_id = $1 and id = $2";
        let done = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(id.as_str())
            .bind(name)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .map_err(StorageError::on_write("category"))?;
        Ok(done > 0)
    }

    /// Retires category `id` of organisation `org` (or, with `retired` false, brings it back
    /// into use). Returns whether there is one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn set_category_retired(
        &self,
        org: &OrganisationId,
        id: &CategoryId,
        retired: bool,
    ) -> Result<bool, StorageError> {
        let sql = "update categories set retired = $3 where organisation_id = $1 and id = $2";
        let done = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(id.as_str())
            .bind(retired)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }
}
