//! An organisation's settings: its details (with the Housing Ombudsman's), its closure days and the further grounds for not
//! accepting a complaint that its complaints policy names.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{OrganisationId, UserId};
use redress_domain::ombudsman::OmbudsmanContact;

use crate::tx::BeginWrite;
use crate::values::{Instant, day};
use crate::{Database, StorageError};

/// An organisation's details, as its complaints policy and letters give them. Empty text
/// means not given; the Ombudsman's details are always given, and default to the Housing
/// Ombudsman Service's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationDetails {
    /// Its postal address.
    pub address: String,
    /// The email address complaints go to.
    pub complaints_email: String,
    /// The telephone number for complaints.
    pub complaints_phone: String,
    /// Where its complaints policy is published (Code 3.4).
    pub policy_url: String,
    /// Its Housing Ombudsman membership number.
    pub ombudsman_member_number: String,
    /// The Ombudsman's contact details it gives residents (Code 2.4, 6.5, 6.16, 6.19).
    pub ombudsman: OmbudsmanContact,
}

/// A row of `organisation_details`.
type DetailsRow = (String, String, String, String, String, String, String, String, String, String);

/// A stored closure day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredClosureDay {
    /// The day.
    pub day: Date,
    /// What the closure is.
    pub name: String,
    /// When it was recorded: a closure recorded on the day or later moves no deadline.
    pub recorded_at: Timestamp,
}

impl Database {
    /// The details of organisation `org`, if they were ever saved.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_organisation_details(
        &self,
        org: &OrganisationId,
    ) -> Result<Option<OrganisationDetails>, StorageError> {
        let sql = "select address, complaints_email, complaints_phone, policy_url, ombudsman_member_number,
                          ombudsman_name, ombudsman_telephone, ombudsman_email, ombudsman_web_address,
                          ombudsman_postal_address
                   from organisation_details where organisation_id = $1";
        let row: Option<DetailsRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_optional(pool).await)?;
        Ok(row.map(
            |(
                address,
                complaints_email,
                complaints_phone,
                policy_url,
                ombudsman_member_number,
                name,
                telephone,
                email,
                web_address,
                postal_address,
            )| {
                OrganisationDetails {
                    address,
                    complaints_email,
                    complaints_phone,
                    policy_url,
                    ombudsman_member_number,
                    ombudsman: OmbudsmanContact { name, telephone, email, web_address, postal_address },
                }
            },
        ))
    }

    /// Renames organisation `org` and saves its details, in one transaction.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if there is no such organisation;
    /// [`StorageError::Duplicate`] if another organisation has the name.
    pub async fn save_organisation_details(
        &self,
        org: &OrganisationId,
        name: &str,
        details: &OrganisationDetails,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let rename = "update organisations set name = $2 where id = $1";
        let upsert = "insert into organisation_details (organisation_id, address, complaints_email,
                complaints_phone, policy_url, ombudsman_member_number, updated_at, ombudsman_name,
                ombudsman_telephone, ombudsman_email, ombudsman_web_address, ombudsman_postal_address)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            on conflict (organisation_id) do update set address = excluded.address,
                complaints_email = excluded.complaints_email, complaints_phone = excluded.complaints_phone,
                policy_url = excluded.policy_url, ombudsman_member_number = excluded.ombudsman_member_number,
                updated_at = excluded.updated_at, ombudsman_name = excluded.ombudsman_name,
                ombudsman_telephone = excluded.ombudsman_telephone, ombudsman_email = excluded.ombudsman_email,
                ombudsman_web_address = excluded.ombudsman_web_address,
                ombudsman_postal_address = excluded.ombudsman_postal_address";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let renamed = sqlx::query(rename)
                .bind(org.as_str())
                .bind(name)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("organisation name"))?
                .rows_affected();
            if renamed == 0 {
                return Err(StorageError::NotFound { what: "organisation" });
            }
            sqlx::query(upsert)
                .bind(org.as_str())
                .bind(&details.address)
                .bind(&details.complaints_email)
                .bind(&details.complaints_phone)
                .bind(&details.policy_url)
                .bind(&details.ombudsman_member_number)
                .bind(Instant::new(at))
                .bind(&details.ombudsman.name)
                .bind(&details.ombudsman.telephone)
                .bind(&details.ombudsman.email)
                .bind(&details.ombudsman.web_address)
                .bind(&details.ombudsman.postal_address)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("organisation details"))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The closure days of organisation `org`, in date order.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_closure_days(&self, org: &OrganisationId) -> Result<Vec<StoredClosureDay>, StorageError> {
        let sql = "select day, name, created_at from closure_days where organisation_id = $1 order by day";
        let rows: Vec<(jiff_sqlx::Date, String, Instant)> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(d, name, at)| StoredClosureDay { day: d.to_jiff(), name, recorded_at: at.into() })
            .collect())
    }

    /// Adds a closure day to organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the day is already a closure day;
    /// [`StorageError::MissingReference`] if there is no such organisation.
    pub async fn add_closure_day(
        &self,
        org: &OrganisationId,
        on: Date,
        name: &str,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let sql = "insert into closure_days (organisation_id, day, name, created_at) values ($1, $2, $3, $4)";
        db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(day(on))
            .bind(name)
            .bind(Instant::new(at))
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("closure day"))
    }

    /// Removes a closure day of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if it is not one of its closure days.
    pub async fn remove_closure_day(&self, org: &OrganisationId, on: Date) -> Result<(), StorageError> {
        let sql = "delete from closure_days where organisation_id = $1 and day = $2";
        let removed = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(day(on))
            .execute(pool)
            .await
            .map(|d| d.rows_affected()))?;
        if removed == 0 {
            return Err(StorageError::NotFound { what: "closure day" });
        }
        Ok(())
    }

    /// The further exclusion grounds of organisation `org`'s complaints policy, in order of
    /// wording.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_policy_grounds(&self, org: &OrganisationId) -> Result<Vec<String>, StorageError> {
        let sql = "select wording from policy_exclusion_grounds where organisation_id = $1 order by wording";
        Ok(db_run!(self, pool => sqlx::query_scalar(sql).bind(org.as_str()).fetch_all(pool).await)?)
    }

    /// Adds a further exclusion ground to organisation `org`'s policy.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if it is already listed;
    /// [`StorageError::MissingReference`] if there is no such organisation.
    pub async fn add_policy_ground(
        &self,
        org: &OrganisationId,
        wording: &str,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let sql = "insert into policy_exclusion_grounds (organisation_id, wording, created_at) values ($1, $2, $3)";
        db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(wording)
            .bind(Instant::new(at))
            .execute(pool)
            .await
            .map(|_| ()))
        .map_err(StorageError::on_write("exclusion ground"))
    }

    /// Removes a further exclusion ground from organisation `org`'s policy.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if it is not listed.
    pub async fn remove_policy_ground(&self, org: &OrganisationId, wording: &str) -> Result<(), StorageError> {
        let sql = "delete from policy_exclusion_grounds where organisation_id = $1 and wording = $2";
        let removed = db_run!(self, pool => sqlx::query(sql)
            .bind(org.as_str())
            .bind(wording)
            .execute(pool)
            .await
            .map(|d| d.rows_affected()))?;
        if removed == 0 {
            return Err(StorageError::NotFound { what: "exclusion ground" });
        }
        Ok(())
    }
}

impl Database {
    /// The sign-in emails of organisation `org`'s users who have one, as `(user id, email)`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn user_emails(&self, org: &OrganisationId) -> Result<Vec<(UserId, String)>, StorageError> {
        let sql = "select id, email from users where organisation_id = $1 and email is not null order by id";
        let rows: Vec<(String, String)> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(id, email)| (UserId::trusted(id), email)).collect())
    }
}
