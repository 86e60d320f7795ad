//! The outbox (issue 11): emails waiting to be sent, sent or failed, their files, and every
//! attempt to send one (migration `0022_outbox.sql`).
//!
//! An email is queued in the transaction that records its correspondence (through
//! [`Extras::emails`](crate::Extras), or alone with [`Database::queue_email`]), so a letter
//! recorded as sent by email is never without its email. Senders take due emails with
//! [`Database::claim_due_emails`]: one statement marks them as claimed until an instant, and
//! another sender, on this instance or another on the same database, skips them until then.
//! PostgreSQL also skips rows a concurrent claim has locked (`for update skip locked`); SQLite
//! runs one writer at a time, so its claims follow one another. Either way the outer
//! statement checks the claim again on the row it updates, so two claims never share an
//! email. Each attempt is appended, never changed, and nothing here is deleted (the
//! migration's triggers refuse it).

use jiff::Timestamp;
use redress_domain::delivery::{AfterAttempt, EmailState};
use redress_domain::ids::{ComplaintId, EmailId, OrganisationId};

use crate::correspondence::attachment_problem;
use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

mod records;

use records::{AttemptRow, EMAIL_COLUMNS, EmailRow, FileRow};
pub use records::{
    Email, EmailAttempt, EmailFile, EmailFileInfo, EmailRecord, NewEmail, NewEmailAttempt, NewEmailFile,
};

/// Refuses an email without a recipient.
pub(crate) fn check_email(new: &NewEmail) -> Result<(), StorageError> {
    if new.recipients.is_empty() {
        return Err(StorageError::InvalidInput("an email needs at least one recipient".into()));
    }
    Ok(())
}

/// Inserts the email `$new` ([`NewEmail`]) of organisation `$org` with its files on `$conn`
/// (a transaction): `Result<(), StorageError>`.
macro_rules! insert_email {
    ($conn:expr, $org:expr, $new:expr) => {
        async {
            let new: &$crate::outbox::NewEmail = $new;
            $crate::outbox::check_email(new)?;
            let recipients = serde_json::to_string(&new.recipients)
                .map_err(|e| $crate::StorageError::InvalidInput(format!("unwritable recipients: {e}")))?;
            let queued_at = $crate::values::Instant::new(new.queued_at);
            sqlx::query(
                "insert into outbox_emails (id, organisation_id, complaint_id, correspondence_id, recipients, subject,
                     html_body, text_body, state, queued_at, due_at, attempts)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9, $9, 0)",
            )
            .bind(new.id.as_str())
            .bind($org.as_str())
            .bind(new.complaint_id.as_str())
            .bind(new.correspondence_id.as_str())
            .bind(recipients)
            .bind(new.subject.as_str())
            .bind(new.html_body.as_str())
            .bind(new.text_body.as_str())
            .bind(queued_at)
            .execute(&mut *$conn)
            .await
            .map_err($crate::StorageError::on_write("email"))?;
            for (n, file) in new.attachments.iter().enumerate() {
                let position = i32::try_from(n + 1).unwrap_or(i32::MAX);
                let inserted = match file {
                    $crate::outbox::NewEmailFile::Bytes { file_name, media_type, content } => sqlx::query(
                        "insert into outbox_attachments (email_id, position, file_name, media_type, size_bytes, sha256,
                             content)
                         values ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(new.id.as_str())
                    .bind(position)
                    .bind(file_name.as_str())
                    .bind(media_type.as_str())
                    .bind(i64::try_from(content.len()).unwrap_or(i64::MAX))
                    .bind($crate::hashing::sha256_hex(content))
                    .bind(content.as_slice())
                    .execute(&mut *$conn)
                    .await,
                    // Name, type, size and checksum copied from the stored attachment, which
                    // must be the same organisation's.
                    $crate::outbox::NewEmailFile::Stored(attachment) => sqlx::query(
                        "insert into outbox_attachments (email_id, position, file_name, media_type, size_bytes, sha256,
                             attachment_id)
                         select $1, $2, file_name, media_type, size_bytes, sha256, id from attachments
                         where id = $3 and organisation_id = $4",
                    )
                    .bind(new.id.as_str())
                    .bind(position)
                    .bind(attachment.as_str())
                    .bind($org.as_str())
                    .execute(&mut *$conn)
                    .await,
                }
                .map_err($crate::StorageError::on_write("email attachment"))?;
                if inserted.rows_affected() != 1 {
                    return Err($crate::StorageError::MissingReference { what: "email attachment" });
                }
            }
            Ok::<(), $crate::StorageError>(())
        }
        .await
    };
}
pub(crate) use insert_email;

/// The emails a claim may take at `$3` (now): waiting, due, and not claimed or with their
/// claim run out. Checked in the subquery that picks them and again on each row updated, so
/// that a row another claim took meanwhile is left out.
const CLAIM_CONDITION: &str = "state = 'waiting' and due_at <= $3 and (claimed_until is null or claimed_until <= $3)";

impl Database {
    /// Queues an email of organisation `org` on its own (see [`Extras::emails`](crate::Extras)
    /// to queue one with the correspondence it sends).
    ///
    /// # Errors
    ///
    /// [`StorageError::InvalidInput`] without a recipient; [`StorageError::MissingReference`]
    /// if `org` has no such complaint, correspondence or stored attachment;
    /// [`StorageError::Duplicate`] if the id is taken.
    pub async fn queue_email(&self, org: &OrganisationId, new: &NewEmail) -> Result<(), StorageError> {
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_email!(tx, org, new)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Claims at most `limit` emails due at `now` (of every organisation), earliest due first,
    /// for the sender that holds `claim` (text unique to this claim) until `until`: no other
    /// claim takes them before then. Returns them earliest due first.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn claim_due_emails(
        &self,
        claim: &str,
        now: Timestamp,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<Email>, StorageError> {
        // PostgreSQL: skip the rows another claim is updating rather than wait for it and then
        // find them taken. SQLite has no row locks, and needs none: one writer at a time.
        let skip_locked = match self {
            Database::Sqlite(_) => "",
            Database::Postgres(_) => " for update skip locked",
        };
        let sql = format!(
            "update outbox_emails set claim = $1, claimed_until = $2
             where {CLAIM_CONDITION} and id in (
                 select id from outbox_emails where {CLAIM_CONDITION} order by due_at, id limit $4{skip_locked})
             returning {EMAIL_COLUMNS}"
        );
        let rows: Vec<EmailRow> = db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(claim)
                .bind(Instant::new(until))
                .bind(Instant::new(now))
                .bind(i64::from(limit))
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            rows
        });
        let mut emails = rows.into_iter().map(Email::try_from).collect::<Result<Vec<_>, _>>()?;
        emails.sort_by(|a, b| (a.due_at, &a.id).cmp(&(b.due_at, &b.id)));
        Ok(emails)
    }

    /// The files of `email` with their bytes, each checked against the SHA-256 recorded when
    /// it was queued (a stored attachment's bytes as they are now).
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if a file's bytes no longer match; [`StorageError::Query`]
    /// if the database fails.
    pub async fn email_files(&self, email: &Email) -> Result<Vec<EmailFile>, StorageError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            info: FileRow,
            content: Option<Vec<u8>>,
            stored: Option<Vec<u8>>,
        }
        let sql = "select f.position, f.file_name, f.media_type, f.size_bytes, f.sha256, f.attachment_id, f.content,
                       a.content as stored
                   from outbox_attachments f left join attachments a on a.id = f.attachment_id
                   where f.email_id = $1 order by f.position";
        let rows: Vec<Row> = db_run!(self, pool => sqlx::query_as(sql).bind(email.id.as_str()).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|row| {
                let content = row.content.or(row.stored).unwrap_or_default();
                if let Some(reason) = attachment_problem(row.info.size_bytes, &row.info.sha256, &content) {
                    return Err(StorageError::Integrity {
                        what: "email attachment",
                        id: format!("{} {}", email.id, row.info.position),
                        reason,
                    });
                }
                Ok(EmailFile { info: row.info.into(), content })
            })
            .collect()
    }

    /// Appends `attempt` to email `email_id`'s attempts and, if the sender still holds its
    /// `claim`, leaves the email as `after` says (sent, waiting until an instant, or failed)
    /// and releases the claim. Returns the attempt's number and whether the claim was still
    /// held (a sender that outlived its claim still records what it did, but the state is
    /// the later claimant's to set).
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if there is no such email.
    pub async fn record_email_attempt(
        &self,
        email_id: &EmailId,
        claim: &str,
        attempt: &NewEmailAttempt,
        after: AfterAttempt,
    ) -> Result<(u32, bool), StorageError> {
        let attempted_at = Instant::new(attempt.attempted_at);
        let (state, due_at, finished_at) = match after {
            AfterAttempt::RetryAt(at) => (EmailState::Waiting, Some(Instant::new(at)), None),
            other => (other.state(), None, Some(attempted_at)),
        };
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let counted: Option<(i32, Option<String>)> = sqlx::query_as(
                "update outbox_emails set attempts = attempts + 1 where id = $1 returning attempts, claim",
            )
            .bind(email_id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((number, holder)) = counted else {
                return Err(StorageError::NotFound { what: "email" });
            };
            sqlx::query(
                "insert into email_attempts (email_id, number, attempted_at, outcome, detail, instance)
                 values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(email_id.as_str())
            .bind(number)
            .bind(attempted_at)
            .bind(attempt.outcome.as_str())
            .bind(attempt.detail.as_str())
            .bind(attempt.instance.as_str())
            .execute(&mut *tx)
            .await
            .map_err(StorageError::on_write("email attempt"))?;
            let held = holder.as_deref() == Some(claim);
            if held {
                sqlx::query(
                    "update outbox_emails set state = $2, due_at = coalesce($3, due_at), finished_at = $4,
                         claim = null, claimed_until = null
                     where id = $1",
                )
                .bind(email_id.as_str())
                .bind(state.as_str())
                .bind(due_at)
                .bind(finished_at)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok((u32::try_from(number).unwrap_or_default(), held))
        })
    }

    /// The email with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_email(&self, org: &OrganisationId, id: &EmailId) -> Result<Option<Email>, StorageError> {
        let sql = format!("select {EMAIL_COLUMNS} from outbox_emails where organisation_id = $1 and id = $2");
        let row: Option<EmailRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(id.as_str())
            .fetch_optional(pool)
            .await)?;
        row.map(Email::try_from).transpose()
    }

    /// The emails of a complaint of organisation `org`, oldest first, each with its files
    /// (without their bytes) and attempts: three queries whatever their number.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn emails_of_complaint(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<EmailRecord>, StorageError> {
        let sql = format!(
            "select {EMAIL_COLUMNS} from outbox_emails where organisation_id = $1 and complaint_id = $2
             order by queued_at, id"
        );
        let rows: Vec<EmailRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(complaint_id.as_str())
            .fetch_all(pool)
            .await)?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let files_sql = "select f.email_id, f.position, f.file_name, f.media_type, f.size_bytes, f.sha256,
                             f.attachment_id
                         from outbox_attachments f join outbox_emails e on e.id = f.email_id
                         where e.organisation_id = $1 and e.complaint_id = $2 order by f.email_id, f.position";
        let attempts_sql = "select t.email_id, t.number, t.attempted_at, t.outcome, t.detail, t.instance
                            from email_attempts t join outbox_emails e on e.id = t.email_id
                            where e.organisation_id = $1 and e.complaint_id = $2 order by t.email_id, t.number";
        #[derive(sqlx::FromRow)]
        struct OwnedFile {
            email_id: String,
            #[sqlx(flatten)]
            file: FileRow,
        }
        let files: Vec<OwnedFile> = db_run!(self, pool => sqlx::query_as(files_sql)
            .bind(org.as_str())
            .bind(complaint_id.as_str())
            .fetch_all(pool)
            .await)?;
        let attempts: Vec<AttemptRow> = db_run!(self, pool => sqlx::query_as(attempts_sql)
            .bind(org.as_str())
            .bind(complaint_id.as_str())
            .fetch_all(pool)
            .await)?;
        let attempts = attempts.into_iter().map(EmailAttempt::try_from).collect::<Result<Vec<_>, _>>()?;
        let mut files: Vec<(String, EmailFileInfo)> = files.into_iter().map(|f| (f.email_id, f.file.into())).collect();
        rows.into_iter()
            .map(|row| {
                let email = Email::try_from(row)?;
                let own_files = files.extract_if(.., |(id, _)| *id == *email.id).map(|(_, f)| f).collect();
                let own_attempts = attempts.iter().filter(|a| a.email_id == email.id).cloned().collect();
                Ok(EmailRecord { email, files: own_files, attempts: own_attempts })
            })
            .collect()
    }

    /// The emails of organisation `org` in `state`, oldest queued first, at most `limit`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn emails_in_state(
        &self,
        org: &OrganisationId,
        state: EmailState,
        limit: u32,
    ) -> Result<Vec<Email>, StorageError> {
        let sql = format!(
            "select {EMAIL_COLUMNS} from outbox_emails where organisation_id = $1 and state = $2
             order by queued_at, id limit $3"
        );
        let rows: Vec<EmailRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(state.as_str())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await)?;
        rows.into_iter().map(Email::try_from).collect()
    }
}
