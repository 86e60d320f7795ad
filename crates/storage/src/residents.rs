//! Residents: their details, contact preferences and support needs.
//!
//! A resident's support needs (disabilities disclosed, vulnerabilities,
//! reasonable adjustments: Code 5.10) are JSON the application writes from
//! its own types; storage keeps them as JSON text and never looks inside.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{OrganisationId, PropertyId, ResidentId};
use serde_json::Value;

use crate::idempotency::{NewRequestKey, RESIDENT, write_with_key};
use crate::people_list::within_scope;
use crate::resident_search::{run_statements, term_statements};
use crate::tx::BeginWrite;
use crate::values::{Instant, maybe_day};
use crate::{Database, StorageError};

/// What can be said and changed about a resident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentDetails {
    /// Their name.
    pub name: String,
    /// The landlord's own reference for them (a tenancy or resident reference), if it has
    /// one: logging a complaint finds them by it.
    pub reference: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// How they prefer to be contacted (as the application names it).
    pub preferred_contact_method: Option<String>,
    /// The format they need letters in (large print, braille…).
    pub preferred_format: Option<String>,
    /// Disabilities disclosed (JSON of the application's choosing).
    pub disabilities: Value,
    /// Vulnerabilities recorded (JSON).
    pub vulnerabilities: Value,
    /// Reasonable adjustments agreed, each with its review date (JSON).
    pub reasonable_adjustments: Value,
    /// The earliest review date among the support needs above, so that
    /// reviews falling due can be found without reading the JSON.
    pub support_review_on: Option<Date>,
}

/// A resident to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResident {
    /// Its id, made by the caller.
    pub id: ResidentId,
    /// Their details.
    pub details: ResidentDetails,
    /// When the record was created.
    pub created_at: Timestamp,
}

/// A stored resident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    /// Its id.
    pub id: ResidentId,
    /// The organisation whose resident this is.
    pub organisation_id: OrganisationId,
    /// Their details.
    pub details: ResidentDetails,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the details last changed.
    pub updated_at: Timestamp,
    /// The home they live in, if recorded: whoever manages it sees them.
    pub home_id: Option<PropertyId>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ResidentRow {
    pub(crate) id: String,
    organisation_id: String,
    pub(crate) name: String,
    reference: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    preferred_contact_method: Option<String>,
    preferred_format: Option<String>,
    disabilities: String,
    vulnerabilities: String,
    reasonable_adjustments: String,
    support_review_on: Option<jiff_sqlx::Date>,
    created_at: Instant,
    updated_at: Instant,
    home_id: Option<String>,
}

impl TryFrom<ResidentRow> for Resident {
    type Error = StorageError;

    fn try_from(row: ResidentRow) -> Result<Resident, StorageError> {
        let json = |text: &str| {
            serde_json::from_str(text).map_err(|e| StorageError::Integrity {
                what: "resident",
                id: row.id.clone(),
                reason: format!("support needs are not JSON: {e}"),
            })
        };
        let details = ResidentDetails {
            disabilities: json(&row.disabilities)?,
            vulnerabilities: json(&row.vulnerabilities)?,
            reasonable_adjustments: json(&row.reasonable_adjustments)?,
            name: row.name,
            reference: row.reference,
            email: row.email,
            phone: row.phone,
            address: row.address,
            preferred_contact_method: row.preferred_contact_method,
            preferred_format: row.preferred_format,
            support_review_on: row.support_review_on.map(|d| d.to_jiff()),
        };
        Ok(Resident {
            id: ResidentId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            details,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
            home_id: row.home_id.map(PropertyId::trusted),
        })
    }
}

/// A resident's columns, in [`ResidentRow`]'s order.
pub(crate) const RESIDENT_COLUMNS: &str = "id, organisation_id, name, reference, email, phone, address, preferred_contact_method, \
     preferred_format, disabilities, vulnerabilities, reasonable_adjustments, support_review_on, created_at, updated_at, \
     home_id";

/// `select` of a resident's columns, followed by `$rest`.
macro_rules! select_resident {
    ($rest:literal) => {
        concat!(
            "select id, organisation_id, name, reference, email, phone, address, preferred_contact_method, preferred_format, ",
            "disabilities, vulnerabilities, reasonable_adjustments, support_review_on, created_at, updated_at, ",
            "home_id from residents ",
            $rest
        )
    };
}

/// The `insert` of the rows of [`NewResident`] references `$rows` of organisation `$org` (an
/// `&OrganisationId`), each updated when created: a [`sqlx::QueryBuilder`] to build and run;
/// one row or many, the columns are listed once.
macro_rules! resident_rows {
    ($org:expr, $rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into residents (id, organisation_id, name, email, phone, address, preferred_contact_method,
                 preferred_format, disabilities, vulnerabilities, reasonable_adjustments, support_review_on,
                 created_at, updated_at, reference) ",
        );
        insert.push_values($rows, |mut row, new: &$crate::residents::NewResident| {
            let d = &new.details;
            let created_at = $crate::values::Instant::new(new.created_at);
            row.push_bind(new.id.as_str())
                .push_bind($org.as_str())
                .push_bind(d.name.as_str())
                .push_bind(d.email.as_deref())
                .push_bind(d.phone.as_deref())
                .push_bind(d.address.as_deref())
                .push_bind(d.preferred_contact_method.as_deref())
                .push_bind(d.preferred_format.as_deref())
                .push_bind(d.disabilities.to_string())
                .push_bind(d.vulnerabilities.to_string())
                .push_bind(d.reasonable_adjustments.to_string())
                .push_bind($crate::values::maybe_day(d.support_review_on))
                .push_bind(created_at)
                .push_bind(created_at)
                .push_bind(d.reference.as_deref());
        });
        insert
    }};
}
pub(crate) use resident_rows;

impl Database {
    /// Creates a resident of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken;
    /// [`StorageError::MissingReference`] if the organisation does not exist.
    pub async fn create_resident(&self, org: &OrganisationId, new: &NewResident) -> Result<Resident, StorageError> {
        self.create_resident_with(org, new, None).await
    }

    /// As [`Database::create_resident`], storing the request's idempotency `key`, if any, naming the
    /// resident in the same transaction.
    ///
    /// # Errors
    ///
    /// As [`Database::create_resident`]; [`StorageError::KeyTaken`] if the key is live (nothing is
    /// written).
    pub async fn create_resident_with(
        &self,
        org: &OrganisationId,
        new: &NewResident,
        key: Option<&NewRequestKey>,
    ) -> Result<Resident, StorageError> {
        let created_at = Instant::new(new.created_at);
        write_with_key!(
            self,
            "resident",
            resident_rows!(org, std::iter::once(new)).build(),
            key,
            RESIDENT,
            new.id.as_str(),
            also: term_statements(org, &new.id, &new.details)
        )?;
        Ok(Resident {
            id: new.id.clone(),
            organisation_id: org.clone(),
            details: new.details.clone(),
            created_at: created_at.0,
            updated_at: created_at.0,
            home_id: None,
        })
    }

    /// Replaces a resident's details.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such resident.
    pub async fn update_resident(
        &self,
        org: &OrganisationId,
        id: &ResidentId,
        details: &ResidentDetails,
        updated_at: Timestamp,
    ) -> Result<Resident, StorageError> {
        let sql = "update residents set name = $3, email = $4, phone = $5, address = $6,
                       preferred_contact_method = $7, preferred_format = $8, disabilities = $9,
                       vulnerabilities = $10, reasonable_adjustments = $11, support_review_on = $12,
                       updated_at = $13, reference = $14
                   where organisation_id = $1 and id = $2";
        let d = details;
        // The resident's search terms change with them, in the same transaction.
        let changed = db_run!(self, pool => async {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(sql)
                .bind(org.as_str())
                .bind(id.as_str())
                .bind(&d.name)
                .bind(&d.email)
                .bind(&d.phone)
                .bind(&d.address)
                .bind(&d.preferred_contact_method)
                .bind(&d.preferred_format)
                .bind(d.disabilities.to_string())
                .bind(d.vulnerabilities.to_string())
                .bind(d.reasonable_adjustments.to_string())
                .bind(maybe_day(d.support_review_on))
                .bind(Instant::new(updated_at))
                .bind(&d.reference)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("resident"))?
                .rows_affected();
            if changed > 0 {
                run_statements!(tx, term_statements(org, id, d), "resident");
            }
            tx.commit().await?;
            Ok::<u64, StorageError>(changed)
        }
        .await)?;
        if changed == 0 {
            return Err(StorageError::NotFound { what: "resident" });
        }
        self.get_resident(org, id).await?.ok_or(StorageError::NotFound { what: "resident" })
    }

    /// The resident with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails;
    /// [`StorageError::Integrity`] if the stored support needs are not JSON.
    pub async fn get_resident(&self, org: &OrganisationId, id: &ResidentId) -> Result<Option<Resident>, StorageError> {
        let sql = select_resident!("where organisation_id = $1 and id = $2");
        let row: Option<ResidentRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await)?;
        row.map(Resident::try_from).transpose()
    }

    /// The residents of organisation `org`, by name.
    ///
    /// # Errors
    ///
    /// As [`Database::get_resident`].
    pub async fn list_residents(&self, org: &OrganisationId) -> Result<Vec<Resident>, StorageError> {
        let sql = select_resident!("where organisation_id = $1 order by name, id");
        let rows: Vec<ResidentRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        rows.into_iter().map(Resident::try_from).collect()
    }

    /// The residents of organisation `org` the staff of organisation `handling` (a managing
    /// agent or contractor acting for it) see, by name: those living in a home assigned to it
    /// or with a complaint it handles.
    ///
    /// # Errors
    ///
    /// As [`Database::get_resident`].
    pub async fn list_residents_handled_by(
        &self,
        org: &OrganisationId,
        handling: &OrganisationId,
    ) -> Result<Vec<Resident>, StorageError> {
        let sql = format!(
            "{} where organisation_id = $1 and {} order by name, id",
            select_resident!(""),
            within_scope("id", "$1", "$2")
        );
        let rows: Vec<ResidentRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(org.as_str()).bind(handling.as_str()).fetch_all(pool).await)?;
        rows.into_iter().map(Resident::try_from).collect()
    }

    /// The resident with this id in organisation `org`, if the staff of `handling` see them
    /// (as [`Database::list_residents_handled_by`]); with no `handling`, as
    /// [`Database::get_resident`]. One query, for the check every agent's request makes.
    ///
    /// # Errors
    ///
    /// As [`Database::get_resident`].
    pub async fn get_resident_within(
        &self,
        org: &OrganisationId,
        handling: Option<&OrganisationId>,
        id: &ResidentId,
    ) -> Result<Option<Resident>, StorageError> {
        let Some(handling) = handling else { return self.get_resident(org, id).await };
        let sql = format!(
            "{} where organisation_id = $1 and id = $3 and {}",
            select_resident!(""),
            within_scope("id", "$1", "$2")
        );
        let row: Option<ResidentRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org.as_str())
            .bind(handling.as_str())
            .bind(id.as_str())
            .fetch_optional(pool)
            .await)?;
        row.map(Resident::try_from).transpose()
    }
}
