//! The rest of the register about residents: their representatives and properties
//! (residents themselves are in `residents.rs`, service requests in `service_requests.rs`).

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, PropertyId, RepresentativeId, ResidentId, UserId};

use crate::homes::Manager;
use crate::idempotency::{NewRequestKey, PROPERTY, REPRESENTATIVE, write_with_key};
use crate::values::Instant;
use crate::{Database, StorageError};

/// A representative to create: someone acting for a resident with their
/// authority (Code 1.3, 3.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRepresentative {
    /// Its id, made by the caller.
    pub id: RepresentativeId,
    /// The resident they act for.
    pub resident_id: ResidentId,
    /// Their name.
    pub name: String,
    /// Their relationship to the resident (advocate, relative, councillor…).
    pub relationship: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// How the resident's authority was given (text, or a pointer to
    /// correspondence holding it).
    pub authority_evidence: String,
    /// When the record was created.
    pub created_at: Timestamp,
}

/// A stored representative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representative {
    /// Its id.
    pub id: RepresentativeId,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The resident they act for.
    pub resident_id: ResidentId,
    /// Their name.
    pub name: String,
    /// Their relationship to the resident.
    pub relationship: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// How the resident's authority was given.
    pub authority_evidence: String,
    /// When the record was created.
    pub created_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct RepresentativeRow {
    id: String,
    organisation_id: String,
    resident_id: String,
    name: String,
    relationship: String,
    email: Option<String>,
    phone: Option<String>,
    authority_evidence: String,
    created_at: Instant,
}

impl From<RepresentativeRow> for Representative {
    fn from(row: RepresentativeRow) -> Representative {
        Representative {
            id: RepresentativeId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            resident_id: ResidentId::trusted(row.resident_id),
            name: row.name,
            relationship: row.relationship,
            email: row.email,
            phone: row.phone,
            authority_evidence: row.authority_evidence,
            created_at: row.created_at.0,
        }
    }
}

/// A property to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProperty {
    /// Its id, made by the caller.
    pub id: PropertyId,
    /// Its address.
    pub address: String,
    /// Its Unique Property Reference Number, when known.
    pub uprn: Option<String>,
    /// When the record was created.
    pub created_at: Timestamp,
}

/// A stored property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// Its id.
    pub id: PropertyId,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// Its address.
    pub address: String,
    /// Its UPRN, when known.
    pub uprn: Option<String>,
    /// When the record was created.
    pub created_at: Timestamp,
    /// The managing agent or contractor it is assigned to, if any (`None`: the landlord
    /// manages it itself).
    pub manager: Option<Manager>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct PropertyRow {
    id: String,
    organisation_id: String,
    address: String,
    uprn: Option<String>,
    created_at: Instant,
    managed_by: Option<String>,
    managed_by_assigned_by: Option<String>,
    managed_by_assigned_at: Option<Instant>,
}

/// `select` of a property's columns, followed by `$rest`.
macro_rules! select_property {
    ($rest:literal) => {
        concat!(
            "select id, organisation_id, address, uprn, created_at, managed_by, managed_by_assigned_by, ",
            "managed_by_assigned_at from properties ",
            $rest
        )
    };
}
pub(crate) use select_property;

impl From<PropertyRow> for Property {
    fn from(row: PropertyRow) -> Property {
        let manager = match (row.managed_by, row.managed_by_assigned_at) {
            (Some(organisation), Some(at)) => Some(Manager {
                organisation: OrganisationId::trusted(organisation),
                assigned_by: row.managed_by_assigned_by.map(UserId::trusted),
                assigned_at: at.0,
            }),
            _ => None,
        };
        Property {
            id: PropertyId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            address: row.address,
            uprn: row.uprn,
            created_at: row.created_at.0,
            manager,
        }
    }
}

/// The `insert` of the rows of [`NewRepresentative`] references `$rows` of organisation `$org`
/// (an `&OrganisationId`): a [`sqlx::QueryBuilder`] to build and run; one row or many, the
/// columns are listed once.
macro_rules! representative_rows {
    ($org:expr, $rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into representatives (id, organisation_id, resident_id, name, relationship, email, phone,
                 authority_evidence, created_at) ",
        );
        insert.push_values($rows, |mut row, new: &$crate::people::NewRepresentative| {
            row.push_bind(new.id.as_str())
                .push_bind($org.as_str())
                .push_bind(new.resident_id.as_str())
                .push_bind(new.name.as_str())
                .push_bind(new.relationship.as_str())
                .push_bind(new.email.as_deref())
                .push_bind(new.phone.as_deref())
                .push_bind(new.authority_evidence.as_str())
                .push_bind($crate::values::Instant::new(new.created_at));
        });
        insert
    }};
}
pub(crate) use representative_rows;

/// The `insert` of the rows of [`NewProperty`] references `$rows` of organisation `$org` (an
/// `&OrganisationId`): a [`sqlx::QueryBuilder`] to build and run; one row or many, the columns
/// are listed once.
macro_rules! property_rows {
    ($org:expr, $rows:expr) => {{
        let mut insert =
            sqlx::QueryBuilder::new("insert into properties (id, organisation_id, address, uprn, created_at) ");
        insert.push_values($rows, |mut row, new: &$crate::people::NewProperty| {
            row.push_bind(new.id.as_str())
                .push_bind($org.as_str())
                .push_bind(new.address.as_str())
                .push_bind(new.uprn.as_deref())
                .push_bind($crate::values::Instant::new(new.created_at));
        });
        insert
    }};
}
pub(crate) use property_rows;

impl Database {
    /// Records a representative of a resident of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such resident;
    /// [`StorageError::Duplicate`] if the id is taken.
    pub async fn create_representative(
        &self,
        org: &OrganisationId,
        new: &NewRepresentative,
    ) -> Result<Representative, StorageError> {
        self.create_representative_with(org, new, None).await
    }

    /// As [`Database::create_representative`], storing the request's idempotency `key`, if any, naming the
    /// representative in the same transaction.
    ///
    /// # Errors
    ///
    /// As [`Database::create_representative`]; [`StorageError::KeyTaken`] if the key is live (nothing is
    /// written).
    pub async fn create_representative_with(
        &self,
        org: &OrganisationId,
        new: &NewRepresentative,
        key: Option<&NewRequestKey>,
    ) -> Result<Representative, StorageError> {
        let created_at = Instant::new(new.created_at);
        write_with_key!(
            self,
            "representative",
            representative_rows!(org, std::iter::once(new)).build(),
            key,
            REPRESENTATIVE,
            new.id.as_str()
        )?;
        Ok(Representative {
            id: new.id.clone(),
            organisation_id: org.clone(),
            resident_id: new.resident_id.clone(),
            name: new.name.clone(),
            relationship: new.relationship.clone(),
            email: new.email.clone(),
            phone: new.phone.clone(),
            authority_evidence: new.authority_evidence.clone(),
            created_at: created_at.0,
        })
    }

    /// The representative with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_representative(
        &self,
        org: &OrganisationId,
        id: &RepresentativeId,
    ) -> Result<Option<Representative>, StorageError> {
        let sql = "select id, organisation_id, resident_id, name, relationship, email, phone, authority_evidence,
                          created_at
                   from representatives where organisation_id = $1 and id = $2";
        let row: Option<RepresentativeRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await)?;
        Ok(row.map(Representative::from))
    }

    /// The representatives of one resident of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_representatives(
        &self,
        org: &OrganisationId,
        resident_id: &ResidentId,
    ) -> Result<Vec<Representative>, StorageError> {
        let sql = "select id, organisation_id, resident_id, name, relationship, email, phone, authority_evidence,
                          created_at
                   from representatives where organisation_id = $1 and resident_id = $2 order by name, id";
        let rows: Vec<RepresentativeRow> = db_run!(self, pool => sqlx::query_as(sql)
            .bind(org.as_str())
            .bind(resident_id.as_str())
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(Representative::from).collect())
    }

    /// Records a property of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken;
    /// [`StorageError::MissingReference`] if the organisation does not exist.
    pub async fn create_property(&self, org: &OrganisationId, new: &NewProperty) -> Result<Property, StorageError> {
        self.create_property_with(org, new, None).await
    }

    /// As [`Database::create_property`], storing the request's idempotency `key`, if any, naming the
    /// property in the same transaction.
    ///
    /// # Errors
    ///
    /// As [`Database::create_property`]; [`StorageError::KeyTaken`] if the key is live (nothing is
    /// written).
    pub async fn create_property_with(
        &self,
        org: &OrganisationId,
        new: &NewProperty,
        key: Option<&NewRequestKey>,
    ) -> Result<Property, StorageError> {
        let created_at = Instant::new(new.created_at);
        write_with_key!(
            self,
            "property",
            property_rows!(org, std::iter::once(new)).build(),
            key,
            PROPERTY,
            new.id.as_str()
        )?;
        Ok(Property {
            id: new.id.clone(),
            organisation_id: org.clone(),
            address: new.address.clone(),
            uprn: new.uprn.clone(),
            created_at: created_at.0,
            manager: None,
        })
    }

    /// The property with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_property(&self, org: &OrganisationId, id: &PropertyId) -> Result<Option<Property>, StorageError> {
        let sql = select_property!("where organisation_id = $1 and id = $2");
        let row: Option<PropertyRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await)?;
        Ok(row.map(Property::from))
    }

    /// The properties of organisation `org`, by address.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_properties(&self, org: &OrganisationId) -> Result<Vec<Property>, StorageError> {
        let sql = select_property!("where organisation_id = $1 order by address, id");
        let rows: Vec<PropertyRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(Property::from).collect())
    }
}
