//! Self-assessments against the Code (`migrations/*/0034_self_assessments.sql`, issue 13): an
//! assessment and its workflow, what it says about each provision kept as versions (every save
//! adds one, with who and when), and what asks for a new one (Code 8.3, 8.4) or declares a
//! period of non-compliance (Code 8.5).
//!
//! The evidence drawn from the record is kept as the JSON text the application gives; storage
//! never reads inside it. Days are ISO text on both backends.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::assessment::{Answer, Coverage, Decision, NonCompliance, Status, Trigger, TriggerKind};
use redress_domain::code::{ProvisionNumber, VersionId};
use redress_domain::ids::{AssessmentId, OrganisationId, UserId};

use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

/// An assessment as stored: whose, against what, for when, and where it is in its workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAssessment {
    /// Its id.
    pub id: AssessmentId,
    /// The organisation assessed.
    pub organisation_id: OrganisationId,
    /// Alone, or with its managing agents.
    pub coverage: Coverage,
    /// The Code version assessed against.
    pub code_version: VersionId,
    /// The first day of the period.
    pub period_from: Date,
    /// The last day of the period.
    pub period_to: Date,
    /// Where it is in its workflow.
    pub status: Status,
    /// The governing body's approval, once approved.
    pub approval: Option<redress_domain::assessment::Approval>,
    /// Its publication, once published.
    pub publication: Option<redress_domain::assessment::Publication>,
    /// Who started it.
    pub created_by: UserId,
    /// When.
    pub created_at: Timestamp,
    /// Who last changed it (an answer or a step of the workflow).
    pub changed_by: UserId,
    /// When.
    pub changed_at: Timestamp,
}

/// A new assessment, to be stored as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    /// Its id.
    pub id: AssessmentId,
    /// The organisation assessed.
    pub organisation_id: OrganisationId,
    /// Alone, or with its managing agents.
    pub coverage: Coverage,
    /// The Code version.
    pub code_version: VersionId,
    /// The first day of the period.
    pub period_from: Date,
    /// The last day of the period.
    pub period_to: Date,
}

/// One saved version of what an assessment says about one provision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryVersion {
    /// The provision.
    pub provision: ProvisionNumber,
    /// 1 for the first save, one more each save.
    pub version: i64,
    /// The evidence from the record as the application's JSON; `None` for an attested provision.
    pub from_record: Option<String>,
    /// The answer, if given.
    pub answer: Option<Answer>,
    /// The landlord's evidence.
    pub evidence: String,
    /// Web addresses of evidence.
    pub links: Vec<String>,
    /// Documents relied on, by name.
    pub documents: Vec<String>,
    /// The commentary.
    pub commentary: String,
    /// For a "No", why.
    pub explanation: String,
    /// For a "No", the date it intends to comply by.
    pub comply_by: Option<Date>,
    /// Who saved it.
    pub saved_by: UserId,
    /// Their name as their account has it now.
    pub saved_by_name: String,
    /// When.
    pub saved_at: Timestamp,
}

/// What to save for one provision (its version number is the next).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySave {
    /// The provision.
    pub provision: ProvisionNumber,
    /// The evidence from the record as JSON, if any.
    pub from_record: Option<String>,
    /// The landlord's statement.
    pub statement: redress_domain::assessment::Statement,
}

/// A recorded trigger of a new assessment, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTrigger {
    /// The trigger.
    pub trigger: Trigger,
    /// Who recorded it.
    pub recorded_by: UserId,
    /// When.
    pub recorded_at: Timestamp,
}

/// A declared period of non-compliance, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNonCompliance {
    /// The declaration.
    pub declaration: NonCompliance,
    /// Who recorded it.
    pub recorded_by: UserId,
    /// When.
    pub recorded_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct AssessmentRow {
    id: String,
    organisation_id: String,
    coverage: String,
    code_version: String,
    period_from: String,
    period_to: String,
    status: String,
    approval_body: Option<String>,
    approved_on: Option<String>,
    approval_minute: Option<String>,
    published_on: Option<String>,
    governing_body_response: Option<String>,
    created_by: String,
    created_at: Instant,
    changed_by: String,
    changed_at: Instant,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    assessment_id: String,
    provision: String,
    version: i64,
    from_record: Option<String>,
    answer: Option<String>,
    evidence: String,
    links: String,
    documents: String,
    commentary: String,
    explanation: String,
    comply_by: Option<String>,
    saved_by: String,
    saved_by_name: String,
    saved_at: Instant,
}

#[derive(sqlx::FromRow)]
struct TriggerRow {
    id: String,
    kind: String,
    occurred_on: String,
    details: String,
    recorded_by: String,
    recorded_at: Instant,
}

#[derive(sqlx::FromRow)]
struct NonComplianceRow {
    id: String,
    starts_on: String,
    circumstances: String,
    ombudsman_told_on: String,
    residents_told: String,
    return_by: String,
    recorded_by: String,
    recorded_at: Instant,
}

fn corrupt(what: &'static str, id: &str, reason: impl Into<String>) -> StorageError {
    StorageError::Integrity { what, id: id.to_owned(), reason: reason.into() }
}

fn day(what: &'static str, id: &str, text: &str) -> Result<Date, StorageError> {
    text.parse().map_err(|_| corrupt(what, id, format!("'{text}' is not a day")))
}

fn version_id(text: &str) -> Option<VersionId> {
    [VersionId::V2022, VersionId::V2024].into_iter().find(|v| v.as_str() == text)
}

fn answer_text(answer: Option<Answer>) -> Option<&'static str> {
    answer.map(|a| match a {
        Answer::Yes => "yes",
        Answer::No => "no",
    })
}

fn lines(text: &str) -> Vec<String> {
    text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

impl TryFrom<AssessmentRow> for StoredAssessment {
    type Error = StorageError;

    fn try_from(row: AssessmentRow) -> Result<Self, StorageError> {
        const WHAT: &str = "self-assessment";
        let id = row.id.as_str();
        let approval = match (row.approval_body, row.approved_on, row.approval_minute) {
            (Some(body), Some(on), Some(minute)) => {
                Some(redress_domain::assessment::Approval { body, on: day(WHAT, id, &on)?, minute })
            }
            _ => None,
        };
        let publication = match (row.published_on, row.governing_body_response) {
            (Some(on), Some(response)) => {
                Some(redress_domain::assessment::Publication { on: day(WHAT, id, &on)?, response })
            }
            _ => None,
        };
        Ok(StoredAssessment {
            coverage: Coverage::parse(&row.coverage).ok_or_else(|| corrupt(WHAT, id, "unknown coverage"))?,
            code_version: version_id(&row.code_version).ok_or_else(|| corrupt(WHAT, id, "unknown Code version"))?,
            period_from: day(WHAT, id, &row.period_from)?,
            period_to: day(WHAT, id, &row.period_to)?,
            status: Status::parse(&row.status).ok_or_else(|| corrupt(WHAT, id, "unknown status"))?,
            approval,
            publication,
            organisation_id: OrganisationId::trusted(row.organisation_id),
            created_by: UserId::trusted(row.created_by),
            created_at: row.created_at.into(),
            changed_by: UserId::trusted(row.changed_by),
            changed_at: row.changed_at.into(),
            id: AssessmentId::trusted(row.id),
        })
    }
}

impl TryFrom<EntryRow> for EntryVersion {
    type Error = StorageError;

    fn try_from(row: EntryRow) -> Result<Self, StorageError> {
        const WHAT: &str = "self-assessment entry";
        let id = row.assessment_id.as_str();
        let answer = match row.answer.as_deref() {
            None => None,
            Some("yes") => Some(Answer::Yes),
            Some("no") => Some(Answer::No),
            Some(other) => return Err(corrupt(WHAT, id, format!("unknown answer '{other}'"))),
        };
        Ok(EntryVersion {
            provision: row.provision.parse().map_err(|_| corrupt(WHAT, id, "malformed provision"))?,
            version: row.version,
            from_record: row.from_record,
            answer,
            links: lines(&row.links),
            documents: lines(&row.documents),
            comply_by: row.comply_by.as_deref().map(|d| day(WHAT, id, d)).transpose()?,
            evidence: row.evidence,
            commentary: row.commentary,
            explanation: row.explanation,
            saved_by: UserId::trusted(row.saved_by),
            saved_by_name: row.saved_by_name,
            saved_at: row.saved_at.into(),
        })
    }
}

/// The select of [`StoredAssessment`]s followed by `$rest`.
macro_rules! assessments {
    ($rest:literal) => {
        concat!(
            "select id, organisation_id, coverage, code_version, period_from, period_to, status,
                    approval_body, approved_on, approval_minute, published_on, governing_body_response,
                    created_by, created_at, changed_by, changed_at from self_assessments ",
            $rest
        )
    };
}

/// The select of [`EntryVersion`]s with the saver's name, followed by `$rest`.
macro_rules! entries {
    ($rest:literal) => {
        concat!(
            "select e.assessment_id, e.provision, e.version, e.from_record, e.answer, e.evidence, e.links,
                    e.documents, e.commentary, e.explanation, e.comply_by, e.saved_by, u.name as saved_by_name, e.saved_at
             from self_assessment_entries e join users u on u.id = e.saved_by ",
            $rest
        )
    };
}

/// Inserts the next version of each of `saves` in the transaction `$tx`.
macro_rules! insert_entries {
    ($tx:expr, $org:expr, $id:expr, $saves:expr, $by:expr, $at:expr) => {{
        let insert = "insert into self_assessment_entries (organisation_id, assessment_id, provision, version,
                          from_record, answer, evidence, links, documents, commentary, explanation, comply_by,
                          saved_by, saved_at)
                      select $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
                      from self_assessment_entries where assessment_id = $2 and provision = $3";
        for save in $saves {
            let s = &save.statement;
            sqlx::query(insert)
                .bind($org.as_str())
                .bind($id.as_str())
                .bind(save.provision.to_string())
                .bind(save.from_record.as_deref())
                .bind(answer_text(s.answer))
                .bind(s.evidence.as_str())
                .bind(s.links.join("\n"))
                .bind(s.documents.join("\n"))
                .bind(s.commentary.as_str())
                .bind(s.explanation.as_str())
                .bind(s.comply_by.map(|d| d.to_string()))
                .bind($by.as_str())
                .bind(Instant::new($at))
                .execute(&mut *$tx)
                .await
                .map_err(StorageError::on_write("self-assessment entry"))?;
        }
    }};
}

impl Database {
    /// Stores `new` as a draft started by `by` at `at`, with the first version of each of
    /// `entries`, in one transaction.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken; [`StorageError::MissingReference`] if
    /// there is no such organisation or user.
    pub async fn start_assessment(
        &self,
        new: &NewAssessment,
        entries: &[EntrySave],
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let insert =
            "insert into self_assessments (id, organisation_id, coverage, code_version, period_from, period_to,
                          status, created_by, created_at, changed_by, changed_at)
                      values ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $7, $8)";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(insert)
                .bind(new.id.as_str())
                .bind(new.organisation_id.as_str())
                .bind(new.coverage.as_str())
                .bind(new.code_version.as_str())
                .bind(new.period_from.to_string())
                .bind(new.period_to.to_string())
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("self-assessment"))?;
            insert_entries!(tx, new.organisation_id, new.id, entries, by, at);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Saves the next version of each of `saves` in assessment `id` of `org`, by `by` at `at`,
    /// while the assessment is still a draft or in review, in one transaction.
    ///
    /// # Errors
    ///
    /// [`StorageError::Stale`] if it is no longer a draft or in review (or is not `org`'s);
    /// [`StorageError::MissingReference`] if there is no such user.
    pub async fn save_assessment_entries(
        &self,
        org: &OrganisationId,
        id: &AssessmentId,
        saves: &[EntrySave],
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let touch = "update self_assessments set changed_by = $3, changed_at = $4
                     where organisation_id = $1 and id = $2 and status in ('draft', 'in_review')";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let touched = sqlx::query(touch)
                .bind(org.as_str())
                .bind(id.as_str())
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("self-assessment"))?;
            if touched.rows_affected() != 1 {
                return Err(StorageError::Stale { what: "self-assessment" });
            }
            insert_entries!(tx, org, id, saves, by, at);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Moves assessment `id` of `org` from `from` as `decision` says, recording its approval
    /// or publication, by `by` at `at`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Stale`] if it is no longer in `from` (or is not `org`'s).
    pub async fn move_assessment(
        &self,
        org: &OrganisationId,
        id: &AssessmentId,
        from: Status,
        decision: &Decision,
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let update = "update self_assessments set status = $4,
                          approval_body = coalesce($5, approval_body), approved_on = coalesce($6, approved_on),
                          approval_minute = coalesce($7, approval_minute), published_on = coalesce($8, published_on),
                          governing_body_response = coalesce($9, governing_body_response),
                          changed_by = $10, changed_at = $11
                      where organisation_id = $1 and id = $2 and status = $3";
        let (approval, publication) = match decision {
            Decision::Moved(_) => (None, None),
            Decision::Approved(a) => (Some(a), None),
            Decision::Published(p) => (None, Some(p)),
        };
        let moved = db_run!(self, pool => {
            sqlx::query(update)
                .bind(org.as_str())
                .bind(id.as_str())
                .bind(from.as_str())
                .bind(decision.status().as_str())
                .bind(approval.map(|a| a.body.as_str()))
                .bind(approval.map(|a| a.on.to_string()))
                .bind(approval.map(|a| a.minute.as_str()))
                .bind(publication.map(|p| p.on.to_string()))
                .bind(publication.map(|p| p.response.as_str()))
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
                .map_err(StorageError::on_write("self-assessment"))
        })?;
        if moved == 1 { Ok(()) } else { Err(StorageError::Stale { what: "self-assessment" }) }
    }

    /// Assessment `id` of `org`, if there is one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails; [`StorageError::Integrity`] for a
    /// malformed row.
    pub async fn assessment(
        &self,
        org: &OrganisationId,
        id: &AssessmentId,
    ) -> Result<Option<StoredAssessment>, StorageError> {
        let sql = assessments!("where organisation_id = $1 and id = $2");
        let row: Option<AssessmentRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await)?;
        row.map(StoredAssessment::try_from).transpose()
    }

    /// Every assessment of `org`, the latest period first.
    ///
    /// # Errors
    ///
    /// As [`Database::assessment`].
    pub async fn assessments(&self, org: &OrganisationId) -> Result<Vec<StoredAssessment>, StorageError> {
        let sql = assessments!("where organisation_id = $1 order by period_to desc, created_at desc, id");
        let rows: Vec<AssessmentRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        rows.into_iter().map(StoredAssessment::try_from).collect()
    }

    /// `org`'s published assessment whose period ends latest before `before`, if any: "last
    /// year's".
    ///
    /// # Errors
    ///
    /// As [`Database::assessment`].
    pub async fn last_published_assessment(
        &self,
        org: &OrganisationId,
        before: Date,
    ) -> Result<Option<StoredAssessment>, StorageError> {
        let sql = assessments!(
            "where organisation_id = $1 and status = 'published' and period_to < $2
             order by period_to desc, created_at desc limit 1"
        );
        let row: Option<AssessmentRow> = db_run!(self, pool => {
            sqlx::query_as(sql).bind(org.as_str()).bind(before.to_string()).fetch_optional(pool).await
        })?;
        row.map(StoredAssessment::try_from).transpose()
    }

    /// What assessment `id` of `org` says now: the newest version of each provision, in no
    /// particular order (the caller orders by provision number).
    ///
    /// # Errors
    ///
    /// As [`Database::assessment`].
    pub async fn assessment_entries(
        &self,
        org: &OrganisationId,
        id: &AssessmentId,
    ) -> Result<Vec<EntryVersion>, StorageError> {
        let sql = entries!(
            "where e.organisation_id = $1 and e.assessment_id = $2
             and e.version = (select max(n.version) from self_assessment_entries n
                              where n.assessment_id = e.assessment_id and n.provision = e.provision)"
        );
        let rows: Vec<EntryRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_all(pool).await)?;
        rows.into_iter().map(EntryVersion::try_from).collect()
    }

    /// Every saved version of `provision` in assessment `id` of `org`, newest first.
    ///
    /// # Errors
    ///
    /// As [`Database::assessment`].
    pub async fn assessment_entry_versions(
        &self,
        org: &OrganisationId,
        id: &AssessmentId,
        provision: ProvisionNumber,
    ) -> Result<Vec<EntryVersion>, StorageError> {
        let sql = entries!(
            "where e.organisation_id = $1 and e.assessment_id = $2 and e.provision = $3 order by e.version desc"
        );
        let rows: Vec<EntryRow> = db_run!(self, pool => {
            sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).bind(provision.to_string()).fetch_all(pool).await
        })?;
        rows.into_iter().map(EntryVersion::try_from).collect()
    }

    /// Records `trigger` for `org` under `id`, by `by` at `at`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if the id is taken; [`StorageError::MissingReference`] if
    /// there is no such organisation or user.
    pub async fn record_assessment_trigger(
        &self,
        org: &OrganisationId,
        id: &str,
        trigger: &Trigger,
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let sql = "insert into self_assessment_triggers (id, organisation_id, kind, occurred_on, details, recorded_by, recorded_at)
                   values ($1, $2, $3, $4, $5, $6, $7)";
        db_run!(self, pool => {
            sqlx::query(sql)
                .bind(id)
                .bind(org.as_str())
                .bind(trigger.kind.as_str())
                .bind(trigger.on.to_string())
                .bind(trigger.details.as_str())
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(StorageError::on_write("self-assessment trigger"))
        })
    }

    /// Every trigger recorded for `org`, oldest first.
    ///
    /// # Errors
    ///
    /// As [`Database::assessment`].
    pub async fn assessment_triggers(&self, org: &OrganisationId) -> Result<Vec<StoredTrigger>, StorageError> {
        let sql = "select id, kind, occurred_on, details, recorded_by, recorded_at from self_assessment_triggers
                   where organisation_id = $1 order by occurred_on, recorded_at, id";
        let rows: Vec<TriggerRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|row| {
                const WHAT: &str = "self-assessment trigger";
                Ok(StoredTrigger {
                    trigger: Trigger {
                        kind: TriggerKind::parse(&row.kind).ok_or_else(|| corrupt(WHAT, &row.id, "unknown kind"))?,
                        on: day(WHAT, &row.id, &row.occurred_on)?,
                        details: row.details,
                    },
                    recorded_by: UserId::trusted(row.recorded_by),
                    recorded_at: row.recorded_at.into(),
                })
            })
            .collect()
    }

    /// Records `declaration` for `org` under `id`, by `by` at `at`.
    ///
    /// # Errors
    ///
    /// As [`Database::record_assessment_trigger`].
    pub async fn declare_non_compliance(
        &self,
        org: &OrganisationId,
        id: &str,
        declaration: &NonCompliance,
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let sql =
            "insert into declared_non_compliance (id, organisation_id, starts_on, circumstances, ombudsman_told_on,
                       residents_told, return_by, recorded_by, recorded_at)
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        db_run!(self, pool => {
            sqlx::query(sql)
                .bind(id)
                .bind(org.as_str())
                .bind(declaration.from.to_string())
                .bind(declaration.circumstances.as_str())
                .bind(declaration.ombudsman_told_on.to_string())
                .bind(declaration.residents_told.as_str())
                .bind(declaration.return_by.to_string())
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(pool)
                .await
                .map(|_| ())
                .map_err(StorageError::on_write("declared non-compliance"))
        })
    }

    /// Every period of non-compliance declared by `org`, the earliest first.
    ///
    /// # Errors
    ///
    /// As [`Database::assessment`].
    pub async fn declared_non_compliance(
        &self,
        org: &OrganisationId,
    ) -> Result<Vec<StoredNonCompliance>, StorageError> {
        let sql = "select id, starts_on, circumstances, ombudsman_told_on, residents_told, return_by, recorded_by, recorded_at
                   from declared_non_compliance where organisation_id = $1 order by starts_on, recorded_at, id";
        let rows: Vec<NonComplianceRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|row| {
                const WHAT: &str = "declared non-compliance";
                Ok(StoredNonCompliance {
                    declaration: NonCompliance {
                        from: day(WHAT, &row.id, &row.starts_on)?,
                        ombudsman_told_on: day(WHAT, &row.id, &row.ombudsman_told_on)?,
                        return_by: day(WHAT, &row.id, &row.return_by)?,
                        circumstances: row.circumstances,
                        residents_told: row.residents_told,
                    },
                    recorded_by: UserId::trusted(row.recorded_by),
                    recorded_at: row.recorded_at.into(),
                })
            })
            .collect()
    }
}
