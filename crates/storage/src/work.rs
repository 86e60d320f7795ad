//! Work due: the remedies and outstanding actions of complaints as rows, and each handler's
//! open cases, for the "my work" lists.
//!
//! A remedy or an action is in the record only inside its events, which storage never reads.
//! The application gives an item's row ([`WorkItem`]) with the events that offer, add or
//! complete it, and every item of a complaint again when its handler changes; storage writes
//! them in the same transaction as the events ([`Extras::work`](crate::Extras::work)), so a
//! row never says what the record does not. Complaints stored before the rows were kept had
//! theirs made from their events by migration `0016_work_items.sql`.
//!
//! Open items are listed in due order (then by complaint and item, unique), from a partial
//! index of open items per list: the landlord's, one handler's, and one handling
//! organisation's (a managing agent's staff see only theirs), paged by keyset like the other
//! lists.

use jiff::civil::Date;
use redress_domain::ids::ComplaintId;

use crate::complaint_list::{LISTED_COLUMNS, LISTED_FROM, LISTED_JOIN, ListedComplaint, ListedRow};
use crate::paging::{Page, Paged, WorkCursor, seek};
use crate::query::{Arg, Built, bind_args};
use crate::{Database, StorageError};

/// The most one page of work reads.
const MAX_LIMIT: u32 = 1000;

/// What kind of undertaking an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkKind {
    /// A remedy offered (Code 7.3: followed through to completion).
    Remedy,
    /// An outstanding action (Code 6.6, 6.17).
    Action,
}

impl WorkKind {
    /// The kind as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkKind::Remedy => "remedy",
            WorkKind::Action => "action",
        }
    }

    fn parse(text: &str, id: &str) -> Result<WorkKind, StorageError> {
        match text {
            "remedy" => Ok(WorkKind::Remedy),
            "action" => Ok(WorkKind::Action),
            other => {
                Err(StorageError::Integrity { what: "work item", id: id.to_owned(), reason: format!("kind {other}") })
            }
        }
    }
}

/// A remedy or an outstanding action of a complaint, as its events leave it, with the
/// complaint's handler and handling organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// The complaint.
    pub complaint_id: ComplaintId,
    /// Its number within the complaint: `R1`, `A2`…
    pub item_id: String,
    /// A remedy or an action.
    pub kind: WorkKind,
    /// What is to be done.
    pub description: String,
    /// By when.
    pub due: Date,
    /// When it was completed; `None` while open.
    pub completed_on: Option<Date>,
    /// The complaint's handler now, if it has one.
    pub handler: Option<String>,
    /// The organisation handling the complaint.
    pub organisation_handling: String,
}

impl WorkItem {
    /// Its place in the lists' order, for a page after or before it.
    pub fn cursor(&self) -> WorkCursor {
        WorkCursor { due: self.due, complaint_id: self.complaint_id.to_string(), item_id: self.item_id.clone() }
    }
}

/// An open item as listed, with its complaint's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedWorkItem {
    /// The item.
    pub item: WorkItem,
    /// Its complaint's reference.
    pub reference: String,
}

/// Which open items [`Database::page_work_items`] lists: all the organisation's, or only
/// those of one handler's complaints, or of one handling organisation's, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkFilter {
    /// On complaints handled by this user.
    pub handler: Option<String>,
    /// On complaints handled by this organisation (a managing agent's staff see only theirs).
    pub organisation_handling: Option<String>,
    /// Which page.
    pub page: Page<WorkCursor>,
    /// At most this many (at most 1000).
    pub limit: u32,
}

impl Default for WorkFilter {
    fn default() -> Self {
        WorkFilter { handler: None, organisation_handling: None, page: Page::First, limit: 50 }
    }
}

#[derive(sqlx::FromRow)]
struct WorkRow {
    complaint_id: String,
    item_id: String,
    kind: String,
    description: String,
    due: jiff_sqlx::Date,
    completed_on: Option<jiff_sqlx::Date>,
    handler: Option<String>,
    organisation_handling: String,
    reference: String,
}

impl TryFrom<WorkRow> for ListedWorkItem {
    type Error = StorageError;

    fn try_from(row: WorkRow) -> Result<ListedWorkItem, StorageError> {
        Ok(ListedWorkItem {
            item: WorkItem {
                kind: WorkKind::parse(&row.kind, &row.item_id)?,
                complaint_id: ComplaintId::trusted(row.complaint_id),
                item_id: row.item_id,
                description: row.description,
                due: row.due.to_jiff(),
                completed_on: row.completed_on.map(|d| d.to_jiff()),
                handler: row.handler,
                organisation_handling: row.organisation_handling,
            },
            reference: row.reference,
        })
    }
}

/// The `insert` of the rows of [`WorkItem`] references `$items` of organisation `$org` (an
/// `&OrganisationId`): a [`sqlx::QueryBuilder`] to build and run; one row or many, the columns
/// are listed once.
macro_rules! work_rows {
    ($org:expr, $items:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into complaint_work_items (complaint_id, item_id, organisation_id, kind, description, due,
                 completed_on, handler, organisation_handling) ",
        );
        insert.push_values($items, |mut row, item: &$crate::work::WorkItem| {
            row.push_bind(item.complaint_id.as_str())
                .push_bind(item.item_id.as_str())
                .push_bind($org.as_str())
                .push_bind(item.kind.as_str())
                .push_bind(item.description.as_str())
                .push_bind($crate::values::day(item.due))
                .push_bind($crate::values::maybe_day(item.completed_on))
                .push_bind(item.handler.as_deref())
                .push_bind(item.organisation_handling.as_str());
        });
        insert
    }};
}
pub(crate) use work_rows;

/// Writes each of `$items` ([`WorkItem`]) of organisation `$org` on `$tx`: a new item's row,
/// or an item's row as it is now.
macro_rules! upsert_work_items {
    ($tx:expr, $org:expr, $items:expr) => {
        for item in $items {
            let mut upsert = $crate::work::work_rows!($org, std::iter::once(item));
            upsert.push(
                " on conflict (complaint_id, item_id) do update set description = excluded.description,
                     due = excluded.due, completed_on = excluded.completed_on, handler = excluded.handler,
                     organisation_handling = excluded.organisation_handling",
            );
            upsert.build().execute(&mut *$tx).await.map_err(StorageError::on_write("work item"))?;
        }
    };
}
pub(crate) use upsert_work_items;

impl Database {
    /// One page of organisation `org`'s open remedies and actions that pass `filter`, in due
    /// order (the earliest, so the overdue, first), each with its complaint's reference.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails; [`StorageError::Integrity`] for a row
    /// of an unknown kind.
    pub async fn page_work_items(&self, org: &str, filter: &WorkFilter) -> Result<Paged<ListedWorkItem>, StorageError> {
        let (query, limit, reversed) = work_query(org, filter);
        let rows: Vec<WorkRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        let items = rows.into_iter().map(ListedWorkItem::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::of(items, limit, reversed))
    }

    /// The open complaints (awaiting acknowledgement, investigating or responded) of
    /// organisation `org` handled by `handler` (and by the organisation `handling`, if
    /// given), the next due first and those with none last, at most `limit`, with each one's
    /// resident's name; `more` says whether there are others.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn open_cases_handled_by(
        &self,
        org: &str,
        handler: &str,
        handling: Option<&str>,
        limit: u32,
    ) -> Result<Paged<ListedComplaint>, StorageError> {
        let limit = limit.min(MAX_LIMIT);
        let query = open_cases_query(org, handler, handling, limit);
        let rows: Vec<ListedRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        let listed = rows.into_iter().map(ListedComplaint::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::of(listed, usize::try_from(limit).unwrap_or(usize::MAX), false))
    }

    /// Every work item of complaint `complaint` of organisation `org`, open or not, by number:
    /// for tests that compare the rows with the record.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn work_items_of(&self, org: &str, complaint: &str) -> Result<Vec<WorkItem>, StorageError> {
        let sql = "select w.complaint_id, w.item_id, w.kind, w.description, w.due, w.completed_on, w.handler,
                       w.organisation_handling, c.reference
                   from complaint_work_items w join complaints c on c.id = w.complaint_id
                   where w.organisation_id = $1 and w.complaint_id = $2 order by w.item_id";
        let rows: Vec<WorkRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(complaint).fetch_all(pool).await)?;
        rows.into_iter().map(|row| Ok(ListedWorkItem::try_from(row)?.item)).collect()
    }

    /// The plan of [`Database::page_work_items`]' query (see `query.rs`): for the tests that
    /// check an index serves each list of work.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_work_items(&self, org: &str, filter: &WorkFilter) -> Result<Vec<String>, StorageError> {
        self.explain(&work_query(org, filter).0).await
    }

    /// The plan of [`Database::open_cases_handled_by`]' query, as
    /// [`Database::explain_work_items`].
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_open_cases_handled_by(
        &self,
        org: &str,
        handler: &str,
        handling: Option<&str>,
    ) -> Result<Vec<String>, StorageError> {
        self.explain(&open_cases_query(org, handler, handling, 25)).await
    }
}

/// The query of a page of open work: its text and arguments, the page's size, and whether
/// its rows come back reversed. The items are read first and each complaint looked up by its
/// key (a cross join, which SQLite never reorders), so that the items' index gives the order.
fn work_query(org: &str, filter: &WorkFilter) -> (Built, usize, bool) {
    let mut query = Built::new(
        "select w.complaint_id, w.item_id, w.kind, w.description, w.due, w.completed_on, w.handler, \
         w.organisation_handling, c.reference \
         from complaint_work_items w cross join complaints c \
         where c.id = w.complaint_id and c.organisation_id = w.organisation_id and w.completed_on is null",
    );
    query.and("w.organisation_id = ", Arg::Text(org.to_owned()));
    if let Some(handler) = &filter.handler {
        query.and("w.handler = ", Arg::Text(handler.clone()));
    }
    if let Some(handling) = &filter.organisation_handling {
        query.and("w.organisation_handling = ", Arg::Text(handling.clone()));
    }
    let seek = seek(&filter.page, false);
    if let (Some(comparison), Page::After(cursor) | Page::Before(cursor)) = (seek.comparison, &filter.page) {
        let due = query.arg(Arg::Date(cursor.due));
        let complaint = query.arg(Arg::Text(cursor.complaint_id.clone()));
        let item = query.arg(Arg::Text(cursor.item_id.clone()));
        query.push(&format!(" and (w.due, w.complaint_id, w.item_id) {comparison} ({due}, {complaint}, {item})"));
    }
    let limit = filter.limit.min(MAX_LIMIT);
    let read = query.arg(Arg::Int(i64::from(limit) + 1));
    let d = seek.direction;
    query.push(&format!(" order by w.due {d}, w.complaint_id {d}, w.item_id {d} limit {read}"));
    (query, usize::try_from(limit).unwrap_or(usize::MAX), seek.reversed)
}

/// The query of a handler's open cases: at most `limit`, and one more to tell whether there
/// are others. A handler's open cases are few, so they are sorted once found.
fn open_cases_query(org: &str, handler: &str, handling: Option<&str>, limit: u32) -> Built {
    let mut query = Built::new(format!("select {LISTED_COLUMNS} from {LISTED_FROM} where {LISTED_JOIN}"));
    let p = query.arg(Arg::Text(org.to_owned()));
    query.push(&format!("c.organisation_id = {p}"));
    query.and("c.handler = ", Arg::Text(handler.to_owned()));
    // The partial index's own condition, so that it serves the query.
    query.push(" and c.status in ('awaiting_acknowledgement', 'investigating', 'responded')");
    if let Some(handling) = handling {
        query.and("c.organisation_handling = ", Arg::Text(handling.to_owned()));
    }
    let read = query.arg(Arg::Int(i64::from(limit) + 1));
    query.push(&format!(" order by (c.next_due is null), c.next_due, c.reference limit {read}"));
    query
}
