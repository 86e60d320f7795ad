//! Residents, their representatives, properties and service requests.
//!
//! A resident's support needs (disabilities disclosed, vulnerabilities,
//! reasonable adjustments: Code 5.10) are JSON the application writes from
//! its own types; storage keeps them as JSON text and never looks inside.

use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::Value;

use crate::values::{Instant, maybe_day};
use crate::{Database, StorageError};

/// What can be said and changed about a resident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentDetails {
    /// Their name.
    pub name: String,
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
    pub id: String,
    /// Their details.
    pub details: ResidentDetails,
    /// When the record was created.
    pub created_at: Timestamp,
}

/// A stored resident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    /// Its id.
    pub id: String,
    /// The organisation whose resident this is.
    pub organisation_id: String,
    /// Their details.
    pub details: ResidentDetails,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the details last changed.
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ResidentRow {
    id: String,
    organisation_id: String,
    name: String,
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
            email: row.email,
            phone: row.phone,
            address: row.address,
            preferred_contact_method: row.preferred_contact_method,
            preferred_format: row.preferred_format,
            support_review_on: row.support_review_on.map(|d| d.to_jiff()),
        };
        Ok(Resident {
            id: row.id,
            organisation_id: row.organisation_id,
            details,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

/// `select` of a resident's columns, followed by `$rest`.
macro_rules! select_resident {
    ($rest:literal) => {
        concat!(
            "select id, organisation_id, name, email, phone, address, preferred_contact_method, preferred_format, ",
            "disabilities, vulnerabilities, reasonable_adjustments, support_review_on, created_at, updated_at ",
            "from residents ",
            $rest
        )
    };
}

/// A representative to create: someone acting for a resident with their
/// authority (Code 1.3, 3.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRepresentative {
    /// Its id, made by the caller.
    pub id: String,
    /// The resident they act for.
    pub resident_id: String,
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
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Representative {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub organisation_id: String,
    /// The resident they act for.
    pub resident_id: String,
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
    #[sqlx(try_from = "Instant")]
    pub created_at: Timestamp,
}

/// A property to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProperty {
    /// Its id, made by the caller.
    pub id: String,
    /// Its address.
    pub address: String,
    /// Its Unique Property Reference Number, when known.
    pub uprn: Option<String>,
    /// When the record was created.
    pub created_at: Timestamp,
}

/// A stored property.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Property {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub organisation_id: String,
    /// Its address.
    pub address: String,
    /// Its UPRN, when known.
    pub uprn: Option<String>,
    /// When the record was created.
    #[sqlx(try_from = "Instant")]
    pub created_at: Timestamp,
}

/// A service request to record (Code 1.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceRequest {
    /// Its id, made by the caller.
    pub id: String,
    /// The resident who made it.
    pub resident_id: String,
    /// The property it is about, if any.
    pub property_id: Option<String>,
    /// What was asked for.
    pub description: String,
    /// Its status, as the application names it.
    pub status: String,
    /// When it was recorded.
    pub created_at: Timestamp,
}

/// A stored service request.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ServiceRequest {
    /// Its id.
    pub id: String,
    /// The organisation.
    pub organisation_id: String,
    /// The resident who made it.
    pub resident_id: String,
    /// The property it is about, if any.
    pub property_id: Option<String>,
    /// What was asked for.
    pub description: String,
    /// Its status.
    pub status: String,
    /// When it was recorded.
    #[sqlx(try_from = "Instant")]
    pub created_at: Timestamp,
    /// When its status last changed.
    #[sqlx(try_from = "Instant")]
    pub updated_at: Timestamp,
}

impl Database {
    /// Creates a resident of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken;
    /// [`StorageError::MissingReference`] if the organisation does not exist.
    pub async fn create_resident(&self, org: &str, new: &NewResident) -> Result<Resident, StorageError> {
        let sql = "insert into residents (id, organisation_id, name, email, phone, address,
                       preferred_contact_method, preferred_format, disabilities, vulnerabilities,
                       reasonable_adjustments, support_review_on, created_at, updated_at)
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)";
        let d = &new.details;
        let created_at = Instant::new(new.created_at);
        db_run!(self, pool => sqlx::query(sql)
            .bind(&new.id)
            .bind(org)
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
            .bind(created_at)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("resident"))?;
        Ok(Resident {
            id: new.id.clone(),
            organisation_id: org.to_owned(),
            details: new.details.clone(),
            created_at: created_at.0,
            updated_at: created_at.0,
        })
    }

    /// Replaces a resident's details.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such resident.
    pub async fn update_resident(
        &self,
        org: &str,
        id: &str,
        details: &ResidentDetails,
        updated_at: Timestamp,
    ) -> Result<Resident, StorageError> {
        let sql = "update residents set name = $3, email = $4, phone = $5, address = $6,
                       preferred_contact_method = $7, preferred_format = $8, disabilities = $9,
                       vulnerabilities = $10, reasonable_adjustments = $11, support_review_on = $12,
                       updated_at = $13
                   where organisation_id = $1 and id = $2";
        let d = details;
        let changed = db_run!(self, pool => sqlx::query(sql)
            .bind(org)
            .bind(id)
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
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
        .map_err(StorageError::on_write("resident"))?;
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
    pub async fn get_resident(&self, org: &str, id: &str) -> Result<Option<Resident>, StorageError> {
        let sql = select_resident!("where organisation_id = $1 and id = $2");
        let row: Option<ResidentRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(id).fetch_optional(pool).await)?;
        row.map(Resident::try_from).transpose()
    }

    /// The residents of organisation `org`, by name.
    ///
    /// # Errors
    ///
    /// As [`Database::get_resident`].
    pub async fn list_residents(&self, org: &str) -> Result<Vec<Resident>, StorageError> {
        let sql = select_resident!("where organisation_id = $1 order by name, id");
        let rows: Vec<ResidentRow> = db_run!(self, pool => sqlx::query_as(sql).bind(org).fetch_all(pool).await)?;
        rows.into_iter().map(Resident::try_from).collect()
    }

    /// The residents of organisation `org` with a complaint dealt with by organisation
    /// `handling` (a managing agent or contractor acting for it), by name.
    ///
    /// # Errors
    ///
    /// As [`Database::get_resident`].
    pub async fn list_residents_handled_by(&self, org: &str, handling: &str) -> Result<Vec<Resident>, StorageError> {
        let sql = select_resident!(
            "where organisation_id = $1 and id in
                 (select resident_id from complaints where organisation_id = $1 and organisation_handling = $2)
             order by name, id"
        );
        let rows: Vec<ResidentRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(handling).fetch_all(pool).await)?;
        rows.into_iter().map(Resident::try_from).collect()
    }

    /// Records a representative of a resident of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such resident;
    /// [`StorageError::Duplicate`] if the id is taken.
    pub async fn create_representative(
        &self,
        org: &str,
        new: &NewRepresentative,
    ) -> Result<Representative, StorageError> {
        let sql = "insert into representatives (id, organisation_id, resident_id, name, relationship, email,
                       phone, authority_evidence, created_at)
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        let created_at = Instant::new(new.created_at);
        db_run!(self, pool => sqlx::query(sql)
            .bind(&new.id)
            .bind(org)
            .bind(&new.resident_id)
            .bind(&new.name)
            .bind(&new.relationship)
            .bind(&new.email)
            .bind(&new.phone)
            .bind(&new.authority_evidence)
            .bind(created_at)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("representative"))?;
        Ok(Representative {
            id: new.id.clone(),
            organisation_id: org.to_owned(),
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
    pub async fn get_representative(&self, org: &str, id: &str) -> Result<Option<Representative>, StorageError> {
        let sql = "select id, organisation_id, resident_id, name, relationship, email, phone, authority_evidence,
                          created_at
                   from representatives where organisation_id = $1 and id = $2";
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(id).fetch_optional(pool).await)?)
    }

    /// The representatives of one resident of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_representatives(
        &self,
        org: &str,
        resident_id: &str,
    ) -> Result<Vec<Representative>, StorageError> {
        let sql = "select id, organisation_id, resident_id, name, relationship, email, phone, authority_evidence,
                          created_at
                   from representatives where organisation_id = $1 and resident_id = $2 order by name, id";
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(resident_id).fetch_all(pool).await)?)
    }

    /// Records a property of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken;
    /// [`StorageError::MissingReference`] if the organisation does not exist.
    pub async fn create_property(&self, org: &str, new: &NewProperty) -> Result<Property, StorageError> {
        let sql = "insert into properties (id, organisation_id, address, uprn, created_at) values ($1, $2, $3, $4, $5)";
        let created_at = Instant::new(new.created_at);
        db_run!(self, pool => sqlx::query(sql)
            .bind(&new.id)
            .bind(org)
            .bind(&new.address)
            .bind(&new.uprn)
            .bind(created_at)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("property"))?;
        Ok(Property {
            id: new.id.clone(),
            organisation_id: org.to_owned(),
            address: new.address.clone(),
            uprn: new.uprn.clone(),
            created_at: created_at.0,
        })
    }

    /// The property with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_property(&self, org: &str, id: &str) -> Result<Option<Property>, StorageError> {
        let sql = "select id, organisation_id, address, uprn, created_at from properties
                   where organisation_id = $1 and id = $2";
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(id).fetch_optional(pool).await)?)
    }

    /// The properties of organisation `org`, by address.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_properties(&self, org: &str) -> Result<Vec<Property>, StorageError> {
        let sql = "select id, organisation_id, address, uprn, created_at from properties
                   where organisation_id = $1 order by address, id";
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org).fetch_all(pool).await)?)
    }

    /// Records a service request of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such resident or
    /// property; [`StorageError::Duplicate`] if the id is taken.
    pub async fn create_service_request(
        &self,
        org: &str,
        new: &NewServiceRequest,
    ) -> Result<ServiceRequest, StorageError> {
        let sql = "insert into service_requests (id, organisation_id, resident_id, property_id, description, status,
                       created_at, updated_at)
                   values ($1, $2, $3, $4, $5, $6, $7, $7)";
        let created_at = Instant::new(new.created_at);
        db_run!(self, pool => sqlx::query(sql)
            .bind(&new.id)
            .bind(org)
            .bind(&new.resident_id)
            .bind(&new.property_id)
            .bind(&new.description)
            .bind(&new.status)
            .bind(created_at)
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("service request"))?;
        Ok(ServiceRequest {
            id: new.id.clone(),
            organisation_id: org.to_owned(),
            resident_id: new.resident_id.clone(),
            property_id: new.property_id.clone(),
            description: new.description.clone(),
            status: new.status.clone(),
            created_at: created_at.0,
            updated_at: created_at.0,
        })
    }

    /// The service request with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_service_request(&self, org: &str, id: &str) -> Result<Option<ServiceRequest>, StorageError> {
        let sql = "select id, organisation_id, resident_id, property_id, description, status, created_at, updated_at
                   from service_requests where organisation_id = $1 and id = $2";
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(id).fetch_optional(pool).await)?)
    }

    /// The service requests of organisation `org`, newest first (then by id, descending),
    /// all of them: [`Database::page_service_requests`] reads a page.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_service_requests(&self, org: &str) -> Result<Vec<ServiceRequest>, StorageError> {
        let sql = "select id, organisation_id, resident_id, property_id, description, status, created_at, updated_at
                   from service_requests where organisation_id = $1 order by created_at desc, id desc";
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org).fetch_all(pool).await)?)
    }

    /// Changes a service request's status.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such service request.
    pub async fn update_service_request_status(
        &self,
        org: &str,
        id: &str,
        status: &str,
        updated_at: Timestamp,
    ) -> Result<ServiceRequest, StorageError> {
        let sql = "update service_requests set status = $3, updated_at = $4 where organisation_id = $1 and id = $2";
        let changed = db_run!(self, pool => sqlx::query(sql)
            .bind(org)
            .bind(id)
            .bind(status)
            .bind(Instant::new(updated_at))
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))?;
        if changed == 0 {
            return Err(StorageError::NotFound { what: "service request" });
        }
        self.get_service_request(org, id).await?.ok_or(StorageError::NotFound { what: "service request" })
    }
}
