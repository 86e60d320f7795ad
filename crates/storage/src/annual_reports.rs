//! The annual complaints performance and service improvement report
//! (`migrations/*/0032_annual_reports.sql`, `0033_annual_report_documents.sql`): one per
//! organisation and reporting year, its written parts, the governing body's approval, and once
//! published the report as published (JSON) and its PDF, each with its SHA-256; and the PDFs
//! uploaded to it. What a report must hold and who may do what is the application's; storage
//! keeps a published report from changing (every write says `published_at is null`) and
//! checks the bytes it hands back against their SHA-256.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{OrganisationId, ReportDocumentId, UserId};
use redress_domain::reporting::PublicationKind;

use crate::hashing::sha256_hex;
use crate::tx::BeginWrite;
use crate::values::{Instant, day};
use crate::{Database, StorageError};

/// The parts of an annual report its authors write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnualReportText {
    /// Where the organisation's self-assessment for the year is published (Code 8.1 a); empty
    /// while none is linked.
    pub self_assessment_url: String,
    /// The qualitative analysis of the year's complaints (8.1 b).
    pub qualitative: String,
    /// The Ombudsman's findings of non-compliance with the Code, in words (8.1 c).
    pub non_compliance: String,
    /// The service improvements made from learning, in words beside those recorded (8.1 d).
    pub improvements: String,
}

/// The governing body's approval of a report (Code 8.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportApproval {
    /// The day of the meeting that approved it.
    pub meeting_on: Date,
    /// The minute that records it.
    pub minute: String,
    /// The governing body's response to the report.
    pub response: String,
}

/// Who did a step, and when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Who.
    pub by: UserId,
    /// When, to the microsecond.
    pub at: Timestamp,
}

/// A published report's frozen content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Who published it and when.
    pub step: Step,
    /// The report as published, as JSON.
    pub snapshot: String,
    /// SHA-256 of the snapshot's UTF-8 bytes, lowercase hex.
    pub snapshot_sha256: String,
    /// SHA-256 of its PDF.
    pub pdf_sha256: String,
}

/// A kept annual report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnnualReport {
    /// Whose.
    pub organisation_id: OrganisationId,
    /// The calendar year its reporting year starts in.
    pub year: i16,
    /// The written parts.
    pub text: AnnualReportText,
    /// Who last edited them, and when.
    pub edited: Step,
    /// The approval, with who recorded it and when.
    pub approval: Option<(ReportApproval, Step)>,
    /// Once published, what was published.
    pub published: Option<Published>,
}

/// A document to upload to a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReportDocument {
    /// Its id.
    pub id: ReportDocumentId,
    /// What it is.
    pub kind: PublicationKind,
    /// Its title, as the report lists it.
    pub title: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// The bytes (a PDF: the application checks).
    pub content: Vec<u8>,
}

/// An uploaded document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDocumentInfo {
    /// Its id.
    pub id: ReportDocumentId,
    /// The reporting year of the report it belongs to.
    pub year: i16,
    /// What it is.
    pub kind: PublicationKind,
    /// Its title.
    pub title: String,
    /// The uploaded file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// Who uploaded it and when.
    pub uploaded: Step,
}

#[derive(sqlx::FromRow)]
struct Row {
    organisation_id: String,
    year: i64,
    self_assessment_url: String,
    qualitative: String,
    non_compliance: String,
    improvements: String,
    edited_by: String,
    edited_at: Instant,
    approved_by: Option<String>,
    approved_at: Option<Instant>,
    meeting_on: Option<jiff_sqlx::Date>,
    minute: Option<String>,
    response: Option<String>,
    published_by: Option<String>,
    published_at: Option<Instant>,
    snapshot: Option<String>,
    snapshot_sha256: Option<String>,
    pdf_sha256: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: String,
    year: i64,
    kind: String,
    title: String,
    file_name: String,
    size_bytes: i64,
    sha256: String,
    uploaded_by: String,
    uploaded_at: Instant,
}

const REPORT_COLUMNS: &str = "organisation_id, year, self_assessment_url, qualitative, non_compliance, improvements,
    edited_by, edited_at, approved_by, approved_at, meeting_on, minute, response, published_by, published_at,
    snapshot, snapshot_sha256, pdf_sha256";

const DOCUMENT_COLUMNS: &str = "id, year, kind, title, file_name, size_bytes, sha256, uploaded_by, uploaded_at";

/// Inserts an empty draft for the year if there is none, so that a document can be uploaded
/// before anything is written.
const ENSURE_DRAFT: &str = "insert into annual_reports (organisation_id, year, self_assessment_url, qualitative,
        non_compliance, improvements, edited_by, edited_at)
    values ($1, $2, '', '', '', '', $3, $4) on conflict (organisation_id, year) do nothing";

impl Database {
    /// Organisation `org`'s report for the reporting year starting in `year`, if one was begun.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if a published snapshot no longer matches its SHA-256.
    pub async fn annual_report(
        &self,
        org: &OrganisationId,
        year: i16,
    ) -> Result<Option<StoredAnnualReport>, StorageError> {
        let sql = format!("select {REPORT_COLUMNS} from annual_reports where organisation_id = $1 and year = $2");
        let row: Option<Row> = db_run!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org.as_str()).bind(i64::from(year)).fetch_optional(pool).await
        })?;
        row.map(report_of).transpose()
    }

    /// Organisation `org`'s reports, the latest year first.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if a published snapshot no longer matches its SHA-256.
    pub async fn annual_reports(&self, org: &OrganisationId) -> Result<Vec<StoredAnnualReport>, StorageError> {
        let sql = format!("select {REPORT_COLUMNS} from annual_reports where organisation_id = $1 order by year desc");
        let rows: Vec<Row> = db_run!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org.as_str()).fetch_all(pool).await
        })?;
        rows.into_iter().map(report_of).collect()
    }

    /// Keeps `text` as the written parts of `org`'s report for `year`, begun if it was not.
    ///
    /// # Errors
    ///
    /// [`StorageError::Stale`] if the report is published (nothing is written).
    pub async fn save_annual_report_text(
        &self,
        org: &OrganisationId,
        year: i16,
        text: &AnnualReportText,
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let upsert = "insert into annual_reports (organisation_id, year, self_assessment_url, qualitative,
                          non_compliance, improvements, edited_by, edited_at)
                      values ($1, $2, $3, $4, $5, $6, $7, $8)
                      on conflict (organisation_id, year) do update set
                          self_assessment_url = excluded.self_assessment_url, qualitative = excluded.qualitative,
                          non_compliance = excluded.non_compliance, improvements = excluded.improvements,
                          edited_by = excluded.edited_by, edited_at = excluded.edited_at
                      where annual_reports.published_at is null";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let written = sqlx::query(upsert)
                .bind(org.as_str())
                .bind(i64::from(year))
                .bind(&text.self_assessment_url)
                .bind(&text.qualitative)
                .bind(&text.non_compliance)
                .bind(&text.improvements)
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("annual report"))?
                .rows_affected();
            if written == 0 {
                return Err(StorageError::Stale { what: "annual report" });
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Records the governing body's approval of `org`'s report for `year`, recorded by `by`
    /// at `at`, in place of any earlier one.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if no report was begun; [`StorageError::Stale`] if it is
    /// published.
    pub async fn approve_annual_report(
        &self,
        org: &OrganisationId,
        year: i16,
        approval: &ReportApproval,
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let update = "update annual_reports set approved_by = $3, approved_at = $4, meeting_on = $5, minute = $6,
                          response = $7
                      where organisation_id = $1 and year = $2 and published_at is null";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let written = sqlx::query(update)
                .bind(org.as_str())
                .bind(i64::from(year))
                .bind(by.as_str())
                .bind(Instant::new(at))
                .bind(day(approval.meeting_on))
                .bind(&approval.minute)
                .bind(&approval.response)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("annual report"))?
                .rows_affected();
            if written == 0 {
                let count: i64 =
                    sqlx::query_scalar(EXISTS).bind(org.as_str()).bind(i64::from(year)).fetch_one(&mut *tx).await?;
                return Err(unchanged(count));
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Publishes `org`'s approved report for `year`: keeps `snapshot` (the report as
    /// published, JSON) and `pdf`, each with its SHA-256, published by `by` at `at`.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if no report was begun; [`StorageError::Stale`] if it is not
    /// approved or already published (nothing is written).
    pub async fn publish_annual_report(
        &self,
        org: &OrganisationId,
        year: i16,
        snapshot: &str,
        pdf: &[u8],
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let update = "update annual_reports set published_by = $3, published_at = $4, snapshot = $5,
                          snapshot_sha256 = $6, pdf = $7, pdf_sha256 = $8
                      where organisation_id = $1 and year = $2 and published_at is null and approved_at is not null";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let written = sqlx::query(update)
                .bind(org.as_str())
                .bind(i64::from(year))
                .bind(by.as_str())
                .bind(Instant::new(at))
                .bind(snapshot)
                .bind(sha256_hex(snapshot.as_bytes()))
                .bind(pdf)
                .bind(sha256_hex(pdf))
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("annual report"))?
                .rows_affected();
            if written == 0 {
                let count: i64 =
                    sqlx::query_scalar(EXISTS).bind(org.as_str()).bind(i64::from(year)).fetch_one(&mut *tx).await?;
                return Err(unchanged(count));
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The PDF of `org`'s published report for `year`, if it is published.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if the bytes no longer match their SHA-256.
    pub async fn annual_report_pdf(&self, org: &OrganisationId, year: i16) -> Result<Option<Vec<u8>>, StorageError> {
        let sql = "select pdf, pdf_sha256 from annual_reports
                   where organisation_id = $1 and year = $2 and published_at is not null";
        let row: Option<(Vec<u8>, String)> = db_run!(self, pool => {
            sqlx::query_as(sql).bind(org.as_str()).bind(i64::from(year)).fetch_optional(pool).await
        })?;
        let Some((pdf, sha256)) = row else { return Ok(None) };
        if sha256_hex(&pdf) != sha256 {
            return Err(corrupt("annual report PDF", format!("{org}/{year}")));
        }
        Ok(Some(pdf))
    }

    /// Uploads `document` to `org`'s report for `year` (begun if it was not), by `by` at `at`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Stale`] if the report is published (nothing is written).
    pub async fn add_annual_report_document(
        &self,
        org: &OrganisationId,
        year: i16,
        document: &NewReportDocument,
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let size = i64::try_from(document.content.len())
            .map_err(|_| StorageError::InvalidInput("the document is too large".into()))?;
        let insert = "insert into annual_report_documents (id, organisation_id, year, kind, title, file_name, content,
                          size_bytes, sha256, uploaded_by, uploaded_at)
                      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        let published = "select published_at is not null from annual_reports where organisation_id = $1 and year = $2";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(ENSURE_DRAFT)
                .bind(org.as_str())
                .bind(i64::from(year))
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("annual report"))?;
            let is_published: bool =
                sqlx::query_scalar(published).bind(org.as_str()).bind(i64::from(year)).fetch_one(&mut *tx).await?;
            if is_published {
                return Err(StorageError::Stale { what: "annual report" });
            }
            sqlx::query(insert)
                .bind(document.id.as_str())
                .bind(org.as_str())
                .bind(i64::from(year))
                .bind(document.kind.as_str())
                .bind(&document.title)
                .bind(&document.file_name)
                .bind(document.content.as_slice())
                .bind(size)
                .bind(sha256_hex(&document.content))
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("annual report document"))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The documents uploaded to `org`'s report for `year`, in the order they were uploaded.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if one's kind is not one Redress knows.
    pub async fn annual_report_documents(
        &self,
        org: &OrganisationId,
        year: i16,
    ) -> Result<Vec<ReportDocumentInfo>, StorageError> {
        let sql = format!(
            "select {DOCUMENT_COLUMNS} from annual_report_documents
             where organisation_id = $1 and year = $2 order by uploaded_at, id"
        );
        let rows: Vec<DocumentRow> = db_run!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org.as_str()).bind(i64::from(year)).fetch_all(pool).await
        })?;
        rows.into_iter().map(document_of).collect()
    }

    /// Document `id` of `org`'s reports with its bytes, if there is one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if the bytes no longer match their SHA-256.
    pub async fn annual_report_document(
        &self,
        org: &OrganisationId,
        id: &ReportDocumentId,
    ) -> Result<Option<(ReportDocumentInfo, Vec<u8>)>, StorageError> {
        let sql = format!(
            "select {DOCUMENT_COLUMNS}, content from annual_report_documents where organisation_id = $1 and id = $2"
        );
        let found: Option<DocumentRowWithContent> = db_run!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await
        })?;
        let Some(found) = found else { return Ok(None) };
        let content = found.content;
        let info = document_of(found.row)?;
        if sha256_hex(&content) != info.sha256 {
            return Err(corrupt("annual report document", id.to_string()));
        }
        Ok(Some((info, content)))
    }

    /// Removes document `id` from `org`'s report for `year`; returns whether there was one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Stale`] if the report is published (nothing is removed).
    pub async fn remove_annual_report_document(
        &self,
        org: &OrganisationId,
        year: i16,
        id: &ReportDocumentId,
    ) -> Result<bool, StorageError> {
        let published = "select published_at is not null from annual_reports where organisation_id = $1 and year = $2";
        let delete = "delete from annual_report_documents where organisation_id = $1 and year = $2 and id = $3";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let is_published: Option<bool> =
                sqlx::query_scalar(published).bind(org.as_str()).bind(i64::from(year)).fetch_optional(&mut *tx).await?;
            if is_published == Some(true) {
                return Err(StorageError::Stale { what: "annual report" });
            }
            let removed = sqlx::query(delete)
                .bind(org.as_str())
                .bind(i64::from(year))
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(removed > 0)
        })
    }
}

#[derive(sqlx::FromRow)]
struct DocumentRowWithContent {
    #[sqlx(flatten)]
    row: DocumentRow,
    content: Vec<u8>,
}

/// Asks whether the report exists, when an update wrote nothing: it is past the step if so.
const EXISTS: &str = "select count(*) from annual_reports where organisation_id = $1 and year = $2";

/// Why an update of a report wrote nothing, from [`EXISTS`]'s count.
fn unchanged(count: i64) -> StorageError {
    if count == 0 {
        StorageError::NotFound { what: "annual report" }
    } else {
        StorageError::Stale { what: "annual report" }
    }
}

fn corrupt(what: &'static str, id: String) -> StorageError {
    StorageError::Integrity { what, id, reason: "its bytes do not match their SHA-256".into() }
}

fn year_of(year: i64, id: &str) -> Result<i16, StorageError> {
    i16::try_from(year).map_err(|_| StorageError::Integrity {
        what: "annual report",
        id: id.to_owned(),
        reason: format!("the year {year}"),
    })
}

fn report_of(row: Row) -> Result<StoredAnnualReport, StorageError> {
    let year = year_of(row.year, &row.organisation_id)?;
    let approval = match (row.approved_by, row.approved_at, row.meeting_on) {
        (Some(by), Some(at), Some(on)) => Some((
            ReportApproval {
                meeting_on: on.to_jiff(),
                minute: row.minute.unwrap_or_default(),
                response: row.response.unwrap_or_default(),
            },
            Step { by: UserId::trusted(by), at: at.0 },
        )),
        _ => None,
    };
    let published = match (row.published_by, row.published_at, row.snapshot, row.snapshot_sha256, row.pdf_sha256) {
        (Some(by), Some(at), Some(snapshot), Some(snapshot_sha256), Some(pdf_sha256)) => {
            if sha256_hex(snapshot.as_bytes()) != snapshot_sha256 {
                return Err(corrupt("annual report", format!("{}/{year}", row.organisation_id)));
            }
            Some(Published { step: Step { by: UserId::trusted(by), at: at.0 }, snapshot, snapshot_sha256, pdf_sha256 })
        }
        _ => None,
    };
    Ok(StoredAnnualReport {
        organisation_id: OrganisationId::trusted(row.organisation_id),
        year,
        text: AnnualReportText {
            self_assessment_url: row.self_assessment_url,
            qualitative: row.qualitative,
            non_compliance: row.non_compliance,
            improvements: row.improvements,
        },
        edited: Step { by: UserId::trusted(row.edited_by), at: row.edited_at.0 },
        approval,
        published,
    })
}

fn document_of(row: DocumentRow) -> Result<ReportDocumentInfo, StorageError> {
    let kind = PublicationKind::parse(&row.kind).ok_or_else(|| StorageError::Integrity {
        what: "annual report document",
        id: row.id.clone(),
        reason: format!("the kind {:?}", row.kind),
    })?;
    Ok(ReportDocumentInfo {
        year: year_of(row.year, &row.id)?,
        id: ReportDocumentId::trusted(row.id),
        kind,
        title: row.title,
        file_name: row.file_name,
        size_bytes: u64::try_from(row.size_bytes).unwrap_or_default(),
        sha256: row.sha256,
        uploaded: Step { by: UserId::trusted(row.uploaded_by), at: row.uploaded_at.0 },
    })
}
