//! Restrictions on a resident's contact for unacceptable behaviour (Code 5.14, 5.15). Each is
//! added and never rewritten; what makes one complete is the domain's rule, checked before
//! it gets here.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{OrganisationId, ResidentId, RestrictionId, UserId};

use crate::idempotency::{NewRequestKey, RESTRICTION, write_with_key};
use crate::values::{Instant, day};
use crate::{Database, StorageError};

/// A restriction to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRestriction {
    /// Its id, made by the caller.
    pub id: RestrictionId,
    /// The resident it restricts (of the same organisation).
    pub resident_id: ResidentId,
    /// The behaviour that led to it.
    pub behaviour: String,
    /// The evidence for it.
    pub evidence: String,
    /// What contact is restricted.
    pub restriction: String,
    /// Why it is proportionate.
    pub proportionality: String,
    /// How the Equality Act 2010 was considered.
    pub equality_act_consideration: String,
    /// From when it applies.
    pub starts_on: Date,
    /// When it is next reviewed.
    pub review_on: Date,
    /// Who recorded it.
    pub recorded_by: UserId,
    /// When it was recorded.
    pub created_at: Timestamp,
}

/// A stored restriction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// What was recorded.
    pub details: NewRestriction,
}

#[derive(sqlx::FromRow)]
struct RestrictionRow {
    id: String,
    organisation_id: String,
    resident_id: String,
    behaviour: String,
    evidence: String,
    restriction: String,
    proportionality: String,
    equality_act_consideration: String,
    starts_on: jiff_sqlx::Date,
    review_on: jiff_sqlx::Date,
    recorded_by: String,
    created_at: Instant,
}

impl From<RestrictionRow> for Restriction {
    fn from(row: RestrictionRow) -> Restriction {
        Restriction {
            organisation_id: OrganisationId::trusted(row.organisation_id),
            details: NewRestriction {
                id: RestrictionId::trusted(row.id),
                resident_id: ResidentId::trusted(row.resident_id),
                behaviour: row.behaviour,
                evidence: row.evidence,
                restriction: row.restriction,
                proportionality: row.proportionality,
                equality_act_consideration: row.equality_act_consideration,
                starts_on: row.starts_on.to_jiff(),
                review_on: row.review_on.to_jiff(),
                recorded_by: UserId::trusted(row.recorded_by),
                created_at: row.created_at.0,
            },
        }
    }
}

impl Database {
    /// Records a restriction on a resident of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such resident;
    /// [`StorageError::Duplicate`] if the id is taken.
    pub async fn create_restriction(
        &self,
        org: &OrganisationId,
        new: &NewRestriction,
    ) -> Result<Restriction, StorageError> {
        self.create_restriction_with(org, new, None).await
    }

    /// As [`Database::create_restriction`], storing the request's idempotency `key`, if any, naming the
    /// restriction in the same transaction.
    ///
    /// # Errors
    ///
    /// As [`Database::create_restriction`]; [`StorageError::KeyTaken`] if the key is live (nothing is
    /// written).
    pub async fn create_restriction_with(
        &self,
        org: &OrganisationId,
        new: &NewRestriction,
        key: Option<&NewRequestKey>,
    ) -> Result<Restriction, StorageError> {
        let sql = "insert into contact_restrictions (id, organisation_id, resident_id, behaviour, evidence,
                       restriction, proportionality, equality_act_consideration, starts_on, review_on,
                       recorded_by, created_at)
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
        let created_at = Instant::new(new.created_at);
        write_with_key!(
            self,
            "contact restriction",
            sqlx::query(sql)
                .bind(new.id.as_str())
                .bind(org.as_str())
                .bind(new.resident_id.as_str())
                .bind(&new.behaviour)
                .bind(&new.evidence)
                .bind(&new.restriction)
                .bind(&new.proportionality)
                .bind(&new.equality_act_consideration)
                .bind(day(new.starts_on))
                .bind(day(new.review_on))
                .bind(new.recorded_by.as_str())
                .bind(created_at),
            key,
            RESTRICTION,
            new.id.as_str()
        )?;
        Ok(Restriction {
            organisation_id: org.clone(),
            details: NewRestriction { created_at: created_at.0, ..new.clone() },
        })
    }

    /// The restrictions on one resident of organisation `org`, oldest first.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_restrictions(
        &self,
        org: &OrganisationId,
        resident_id: &ResidentId,
    ) -> Result<Vec<Restriction>, StorageError> {
        let sql = "select id, organisation_id, resident_id, behaviour, evidence, restriction, proportionality,
                          equality_act_consideration, starts_on, review_on, recorded_by, created_at
                   from contact_restrictions where organisation_id = $1 and resident_id = $2
                   order by created_at, id";
        let rows: Vec<RestrictionRow> = db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(resident_id.as_str()).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(Restriction::from).collect())
    }

    /// The restriction with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_restriction(
        &self,
        org: &OrganisationId,
        id: &RestrictionId,
    ) -> Result<Option<Restriction>, StorageError> {
        let sql = "select id, organisation_id, resident_id, behaviour, evidence, restriction, proportionality,
                          equality_act_consideration, starts_on, review_on, recorded_by, created_at
                   from contact_restrictions where organisation_id = $1 and id = $2";
        let row: Option<RestrictionRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await)?;
        Ok(row.map(Restriction::from))
    }
}
