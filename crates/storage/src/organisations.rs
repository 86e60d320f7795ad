//! Organisations: landlords, and the managing agents and contractors acting
//! for them. They are the scope of everything else, so these are the only
//! queries not scoped by an organisation.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use redress_domain::ids::OrganisationId;

use crate::categories::default_category_rows;
use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

/// What an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrganisationKind {
    /// A social landlord: owns complaints.
    Landlord,
    /// A managing agent acting for a landlord (its parent).
    ManagingAgent,
    /// A contractor acting for a landlord (its parent).
    Contractor,
}

impl OrganisationKind {
    /// The text stored: `landlord`, `managing_agent` or `contractor`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Landlord => "landlord",
            OrganisationKind::ManagingAgent => "managing_agent",
            OrganisationKind::Contractor => "contractor",
        }
    }
}

impl fmt::Display for OrganisationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrganisationKind {
    type Err = StorageError;

    fn from_str(text: &str) -> Result<Self, StorageError> {
        match text {
            "landlord" => Ok(OrganisationKind::Landlord),
            "managing_agent" => Ok(OrganisationKind::ManagingAgent),
            "contractor" => Ok(OrganisationKind::Contractor),
            other => Err(StorageError::InvalidInput(format!("unknown organisation kind `{other}`"))),
        }
    }
}

/// An organisation to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    /// Its id, made by the caller (a UUID).
    pub id: OrganisationId,
    /// Its name, unique across the install (the CLI's `--org NAME`).
    pub name: String,
    /// What it is.
    pub kind: OrganisationKind,
    /// The landlord a managing agent or contractor acts for.
    pub parent_id: Option<OrganisationId>,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its id.
    pub id: OrganisationId,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: OrganisationKind,
    /// The landlord it acts for, if any.
    pub parent_id: Option<OrganisationId>,
    /// When it was created (to the microsecond).
    pub created_at: Timestamp,
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrganisationRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: String,
    pub(crate) parent_id: Option<String>,
    pub(crate) created_at: Instant,
}

impl TryFrom<OrganisationRow> for Organisation {
    type Error = StorageError;

    fn try_from(row: OrganisationRow) -> Result<Self, StorageError> {
        Ok(Organisation {
            kind: row.kind.parse().map_err(|_| StorageError::Integrity {
                what: "organisation",
                id: row.id.clone(),
                reason: format!("unknown kind `{}`", row.kind),
            })?,
            id: OrganisationId::trusted(row.id),
            name: row.name,
            parent_id: row.parent_id.map(OrganisationId::trusted),
            created_at: row.created_at.0,
        })
    }
}

/// `select` of an organisation's columns, followed by `$rest`.
macro_rules! select {
    ($rest:literal) => {
        concat!("select id, name, kind, parent_id, created_at from organisations ", $rest)
    };
}

impl Database {
    /// Creates an organisation, with the default categories of complaint
    /// ([`redress_domain::categories::DEFAULT_CATEGORIES`]) in the same transaction.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id or the name is taken;
    /// [`StorageError::MissingReference`] if the parent does not exist.
    pub async fn create_organisation(&self, new: &NewOrganisation) -> Result<Organisation, StorageError> {
        let sql = "insert into organisations (id, name, kind, parent_id, created_at) values ($1, $2, $3, $4, $5)";
        let created_at = Instant::new(new.created_at);
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(sql)
                .bind(new.id.as_str())
                .bind(&new.name)
                .bind(new.kind.as_str())
                .bind(new.parent_id.as_deref())
                .bind(created_at)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("organisation"))?;
            default_category_rows!(new.id.as_str())
                .build()
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("category"))?;
            tx.commit().await?;
            Ok::<_, StorageError>(())
        })?;
        Ok(Organisation {
            id: new.id.clone(),
            name: new.name.clone(),
            kind: new.kind,
            parent_id: new.parent_id.clone(),
            created_at: created_at.0,
        })
    }

    /// The organisation with this id.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_organisation(&self, id: &OrganisationId) -> Result<Option<Organisation>, StorageError> {
        let sql = select!("where id = $1");
        let row: Option<OrganisationRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(id.as_str()).fetch_optional(pool).await)?;
        row.map(Organisation::try_from).transpose()
    }

    /// The organisation with this name (exactly as written).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_organisation_by_name(&self, name: &str) -> Result<Option<Organisation>, StorageError> {
        let sql = select!("where name = $1");
        let row: Option<OrganisationRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(name).fetch_optional(pool).await)?;
        row.map(Organisation::try_from).transpose()
    }

    /// Landlord `landlord` and the managing agents and contractors acting for it, by name:
    /// the organisations its pages name, read without scanning every landlord's (a deployment
    /// may hold many), through `organisations_parent_idx` (migration 0024).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn organisations_of_landlord(
        &self,
        landlord: &OrganisationId,
    ) -> Result<Vec<Organisation>, StorageError> {
        let sql = select!("where id = $1 or parent_id = $1 order by name, id");
        let rows: Vec<OrganisationRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(landlord.as_str()).fetch_all(pool).await)?;
        rows.into_iter().map(Organisation::try_from).collect()
    }

    /// Every organisation, by name.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_organisations(&self) -> Result<Vec<Organisation>, StorageError> {
        let sql = select!("order by name, id");
        let rows: Vec<OrganisationRow> = db_run!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        rows.into_iter().map(Organisation::try_from).collect()
    }
}
