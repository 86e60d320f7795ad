//! Who manages each home, and who lives in it: a landlord assigns homes to a managing agent
//! or contractor acting for it, whose staff then see the residents of those homes.
//!
//! Homes themselves (creating and reading one) are in `people.rs`; the condition that puts a
//! resident within an agent's scope is `people_list::within_scope`.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, PropertyId, ResidentId, UserId};

use crate::people::{PropertyRow, select_property};
use crate::query::{Arg, Built, bind_args, like_escaped};
use crate::values::Instant;
use crate::{Database, Property, StorageError};

/// The most homes [`Database::list_homes`] returns, and [`Database::assign_homes`] takes by id.
pub const MOST_HOMES: u32 = 1000;

/// The managing agent or contractor a home is assigned to, and who assigned it when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manager {
    /// The organisation managing the home.
    pub organisation: OrganisationId,
    /// The member of staff who assigned it; `None` when assigned from the command line or
    /// the demo's set-up.
    pub assigned_by: Option<UserId>,
    /// When it was assigned.
    pub assigned_at: Timestamp,
}

/// Which homes [`Database::list_homes`] and [`Database::assign_homes`] take.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HomeFilter {
    /// Whose address or UPRN contains this text, ignoring case (a postcode, a street, an
    /// estate's name).
    pub search: Option<String>,
    /// Only those assigned to this organisation.
    pub managed_by: Option<OrganisationId>,
    /// Only these homes (at most [`MOST_HOMES`]); `None`: any.
    pub ids: Option<Vec<PropertyId>>,
}

/// An assignment of homes to a manager (or back to the landlord).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The managing agent or contractor; `None` hands the homes back to the landlord.
    pub manager: Option<OrganisationId>,
    /// Who assigns them.
    pub assigned_by: Option<UserId>,
    /// When.
    pub at: Timestamp,
}

/// Adds `filter`'s conditions to `query`, which ends in `where organisation_id = `.
fn home_conditions(query: &mut Built, org: &OrganisationId, filter: &HomeFilter) {
    let p = query.arg(Arg::Text(org.to_string()));
    query.push(&p);
    if let Some(text) = filter.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let p = query.arg(Arg::Text(format!("%{}%", like_escaped(&text.to_lowercase()))));
        query.push(&format!(
            " and (lower(address) like {p} escape '\\' or lower(coalesce(uprn, '')) like {p} escape '\\')"
        ));
    }
    if let Some(manager) = &filter.managed_by {
        query.and("managed_by = ", Arg::Text(manager.to_string()));
    }
    if let Some(ids) = &filter.ids {
        let placeholders: Vec<String> = ids.iter().map(|id| query.arg(Arg::Text(id.to_string()))).collect();
        // `in ()` is not SQL: no ids, no homes.
        let list = if placeholders.is_empty() { "null".to_owned() } else { placeholders.join(", ") };
        query.push(&format!(" and id in ({list})"));
    }
}

impl Database {
    /// The homes of organisation `org` that pass `filter`, by address (then id), at most
    /// `limit` (at most [`MOST_HOMES`]).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_homes(
        &self,
        org: &OrganisationId,
        filter: &HomeFilter,
        limit: u32,
    ) -> Result<Vec<Property>, StorageError> {
        let mut query = Built::new(select_property!("where organisation_id = "));
        home_conditions(&mut query, org, filter);
        let limit = query.arg(Arg::Int(i64::from(limit.min(MOST_HOMES))));
        query.push(&format!(" order by address, id limit {limit}"));
        let rows: Vec<PropertyRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(Property::from).collect())
    }

    /// How many homes of organisation `org` pass `filter`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn count_homes(&self, org: &OrganisationId, filter: &HomeFilter) -> Result<u64, StorageError> {
        let mut query = Built::new("select count(*) from properties where organisation_id = ");
        home_conditions(&mut query, org, filter);
        let count: i64 = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_one(pool).await
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Assigns the homes of organisation `org` that pass `filter` to `assignment`'s manager
    /// (or hands them back to the landlord), recording who did it and when, in one
    /// statement. Returns how many homes it assigned. Whether the manager acts for `org` is
    /// for the caller to check.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if the manager or the member of staff does not
    /// exist; [`StorageError::Query`] if the database fails.
    pub async fn assign_homes(
        &self,
        org: &OrganisationId,
        filter: &HomeFilter,
        assignment: &Assignment,
    ) -> Result<u64, StorageError> {
        let values = match &assignment.manager {
            Some(manager) => [
                Some(Arg::Text(manager.to_string())),
                assignment.assigned_by.as_ref().map(|by| Arg::Text(by.to_string())),
                Some(Arg::Instant(assignment.at)),
            ],
            // Handed back: nobody manages it, so nobody assigned it.
            None => [None, None, None],
        };
        let mut query = Built::new("update properties set ");
        let mut sets = Vec::new();
        for (column, value) in
            ["managed_by", "managed_by_assigned_by", "managed_by_assigned_at"].into_iter().zip(values)
        {
            let value = value.map_or_else(|| "null".to_owned(), |arg| query.arg(arg));
            sets.push(format!("{column} = {value}"));
        }
        query.push(&sets.join(", "));
        query.push(" where organisation_id = ");
        home_conditions(&mut query, org, filter);
        db_run!(self, pool => {
            bind_args!(sqlx::query(sqlx::AssertSqlSafe(query.sql)), &query.args)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })
        .map_err(StorageError::on_write("home"))
    }

    /// Records the home resident `id` of organisation `org` lives in (`None`: not known).
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such resident or no such home.
    pub async fn set_resident_home(
        &self,
        org: &OrganisationId,
        id: &ResidentId,
        home: Option<&PropertyId>,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        // SQLite's foreign key names the home alone, not its organisation: checked here, so
        // that both backends refuse another landlord's home alike.
        if let Some(home) = home
            && self.get_property(org, home).await?.is_none()
        {
            return Err(StorageError::NotFound { what: "home" });
        }
        let sql = "update residents set home_id = $3, updated_at = $4 where organisation_id = $1 and id = $2";
        let changed = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(id.as_str())
            .bind(home.map(PropertyId::as_str))
            .bind(Instant::new(at))
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
        .map_err(StorageError::on_write("resident's home"))?;
        if changed == 0 {
            return Err(StorageError::NotFound { what: "resident" });
        }
        Ok(())
    }
}
