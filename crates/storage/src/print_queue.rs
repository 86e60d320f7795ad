//! The print queue (issue 11): letters to print and post, each the PDF of its correspondence
//! (a stored attachment) and the address it goes to, listed by the day they were queued and
//! marked posted once, by whom and when (migration `0022_outbox.sql`). Queued in the
//! transaction that records the letter ([`Extras::print`](crate::Extras)) or alone; never
//! deleted.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{AttachmentId, ComplaintId, CorrespondenceId, OrganisationId, PrintItemId, UserId};

use crate::query::{Arg, Built, bind_args};
use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

/// A letter to queue for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrintItem {
    /// Its id, made by the caller.
    pub id: PrintItemId,
    /// The complaint.
    pub complaint_id: ComplaintId,
    /// The correspondence it posts.
    pub correspondence_id: CorrespondenceId,
    /// The letter's PDF, stored as an attachment of the same organisation.
    pub attachment_id: AttachmentId,
    /// Who it goes to and where, as the envelope reads.
    pub recipient: String,
    /// When it was queued.
    pub queued_at: Timestamp,
    /// The day in England it was queued on: the day's list it is in.
    pub queued_on: Date,
}

/// Who posted a letter, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    /// The member of staff.
    pub by: UserId,
    /// When they recorded it.
    pub at: Timestamp,
    /// The day they said it was posted (in England); `None` for letters marked posted before
    /// the day was asked (migration `0038_posted_on.sql`).
    pub on: Option<Date>,
}

/// A letter in the print queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintItem {
    /// Its id.
    pub id: PrintItemId,
    /// What was queued.
    pub item: NewPrintItem,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The complaint's reference, for the list.
    pub reference: String,
    /// The subject of the correspondence it posts: which letter it is.
    pub subject: String,
    /// Whether, when and by whom it was posted.
    pub posted: Option<Posted>,
}

#[derive(sqlx::FromRow)]
struct PrintRow {
    id: String,
    organisation_id: String,
    complaint_id: String,
    correspondence_id: String,
    attachment_id: String,
    recipient: String,
    queued_at: Instant,
    queued_on: jiff_sqlx::Date,
    posted_at: Option<Instant>,
    posted_by: Option<String>,
    posted_on: Option<jiff_sqlx::Date>,
    reference: String,
    subject: String,
}

impl From<PrintRow> for PrintItem {
    fn from(row: PrintRow) -> PrintItem {
        let id = PrintItemId::trusted(row.id);
        PrintItem {
            item: NewPrintItem {
                id: id.clone(),
                complaint_id: ComplaintId::trusted(row.complaint_id),
                correspondence_id: CorrespondenceId::trusted(row.correspondence_id),
                attachment_id: AttachmentId::trusted(row.attachment_id),
                recipient: row.recipient,
                queued_at: row.queued_at.0,
                queued_on: row.queued_on.to_jiff(),
            },
            id,
            organisation_id: OrganisationId::trusted(row.organisation_id),
            reference: row.reference,
            subject: row.subject,
            posted: row.posted_at.zip(row.posted_by).map(|(at, by)| Posted {
                by: UserId::trusted(by),
                at: at.0,
                on: row.posted_on.map(|on| on.to_jiff()),
            }),
        }
    }
}

/// Inserts the print item `$new` ([`NewPrintItem`]) of organisation `$org` on `$conn`; its
/// attachment must be the same organisation's. `Result<(), StorageError>`.
macro_rules! insert_print_item {
    ($conn:expr, $org:expr, $new:expr) => {{
        let new: &$crate::print_queue::NewPrintItem = $new;
        sqlx::query(
            "insert into print_queue (id, organisation_id, complaint_id, correspondence_id, attachment_id, recipient,
                 queued_at, queued_on)
             select $1, $2, $3, $4, id, $6, $7, $8 from attachments where id = $5 and organisation_id = $2",
        )
        .bind(new.id.as_str())
        .bind($org.as_str())
        .bind(new.complaint_id.as_str())
        .bind(new.correspondence_id.as_str())
        .bind(new.attachment_id.as_str())
        .bind(new.recipient.as_str())
        .bind($crate::values::Instant::new(new.queued_at))
        .bind($crate::values::day(new.queued_on))
        .execute(&mut *$conn)
        .await
        .map_err($crate::StorageError::on_write("print queue item"))
        .and_then(|done| {
            if done.rows_affected() == 1 {
                Ok(())
            } else {
                Err($crate::StorageError::MissingReference { what: "print queue item" })
            }
        })
    }};
}
pub(crate) use insert_print_item;

/// `select` of a [`PrintRow`]'s columns, the complaint's reference and the correspondence's
/// subject joined.
const SELECT_PRINT: &str = "select p.id, p.organisation_id, p.complaint_id, p.correspondence_id, p.attachment_id,
        p.recipient, p.queued_at, p.queued_on, p.posted_at, p.posted_by, p.posted_on, c.reference, k.subject
    from print_queue p join complaints c on c.id = p.complaint_id and c.organisation_id = p.organisation_id
        join correspondence k on k.id = p.correspondence_id and k.organisation_id = p.organisation_id";

impl Database {
    /// Queues a letter of organisation `org` for printing on its own (see
    /// [`Extras::print`](crate::Extras) to queue it with its correspondence).
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such complaint, correspondence or
    /// attachment; [`StorageError::Duplicate`] if the id is taken.
    pub async fn queue_print(&self, org: &OrganisationId, new: &NewPrintItem) -> Result<(), StorageError> {
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_print_item!(tx, org, new)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The letters organisation `org` queued on `on`, first queued first; with `handling`,
    /// only those of complaints that organisation handles (a managing agent's staff).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn print_queue_on(
        &self,
        org: &OrganisationId,
        on: Date,
        handling: Option<&OrganisationId>,
    ) -> Result<Vec<PrintItem>, StorageError> {
        let mut query = Built::new(SELECT_PRINT);
        query.push(" where p.organisation_id = ");
        let p = query.arg(Arg::Text(org.to_string()));
        query.push(&p);
        query.and("p.queued_on = ", Arg::Date(on));
        if let Some(handling) = handling {
            query.and("c.organisation_handling = ", Arg::Text(handling.to_string()));
        }
        query.push(" order by p.queued_at, p.id");
        let rows: Vec<PrintRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(PrintItem::from).collect())
    }

    /// The letters of organisation `org` not yet posted, whenever queued: by the day they were
    /// queued, then first queued first (through `print_queue_waiting_idx`, migration 0027);
    /// with `handling`, only those of complaints that organisation handles.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn letters_to_post(
        &self,
        org: &OrganisationId,
        handling: Option<&OrganisationId>,
    ) -> Result<Vec<PrintItem>, StorageError> {
        let mut query = Built::new(SELECT_PRINT);
        query.push(" where p.organisation_id = ");
        let p = query.arg(Arg::Text(org.to_string()));
        query.push(&p);
        query.push(" and p.posted_at is null");
        if let Some(handling) = handling {
            query.and("c.organisation_handling = ", Arg::Text(handling.to_string()));
        }
        query.push(" order by p.queued_on, p.queued_at, p.id");
        let rows: Vec<PrintRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        Ok(rows.into_iter().map(PrintItem::from).collect())
    }

    /// The letter `id` of organisation `org` in the print queue.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn print_item(&self, org: &OrganisationId, id: &PrintItemId) -> Result<Option<PrintItem>, StorageError> {
        let sql = format!("{SELECT_PRINT} where p.organisation_id = $1 and p.id = $2");
        let row: Option<PrintRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(id.as_str())
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(PrintItem::from))
    }

    /// The letters of complaint `complaint` of organisation `org` in the print queue, first
    /// queued first (through `print_queue_complaint_idx`, migration 0026).
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn print_items_of_complaint(
        &self,
        org: &OrganisationId,
        complaint: &ComplaintId,
    ) -> Result<Vec<PrintItem>, StorageError> {
        let sql =
            format!("{SELECT_PRINT} where p.organisation_id = $1 and p.complaint_id = $2 order by p.queued_at, p.id");
        let rows: Vec<PrintRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(complaint.as_str())
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(PrintItem::from).collect())
    }

    /// Marks the letters `ids` of organisation `org` posted on the day `on` (in England), as
    /// recorded by `by` at `at`, in one transaction; a letter already posted keeps who posted
    /// it first and when. Returns how many were marked now.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `by` is no user; [`StorageError::Query`] if the
    /// database fails.
    pub async fn mark_posted(
        &self,
        org: &OrganisationId,
        ids: &[PrintItemId],
        by: &UserId,
        at: Timestamp,
        on: Date,
    ) -> Result<u64, StorageError> {
        let sql = "update print_queue set posted_at = $3, posted_by = $4, posted_on = $5
                   where organisation_id = $1 and id = $2 and posted_at is null";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let mut marked = 0;
            for id in ids {
                marked += sqlx::query(sql)
                    .bind(org.as_str())
                    .bind(id.as_str())
                    .bind(Instant::new(at))
                    .bind(by.as_str())
                    .bind(crate::values::day(on))
                    .execute(&mut *tx)
                    .await
                    .map_err(StorageError::on_write("posting"))?
                    .rows_affected();
            }
            tx.commit().await?;
            Ok(marked)
        })
    }
}
