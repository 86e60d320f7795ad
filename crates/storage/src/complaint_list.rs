//! Listing complaints: filters, keyset pages and counts.
//!
//! A list is in one of two orders ([`ListOrder`]). The deadline lists (overdue, due soon)
//! are soonest due first, then by reference, from the index of open complaints by due date
//! (`0031_due_order.sql`): the most overdue complaint is the first to deal with, and the
//! index reads only the complaints the list shows, where the order of receipt made an
//! overdue page skip every open complaint received since the newest overdue one. Every
//! other list is most recently received first and then by reference
//! (descending, unique in an organisation), and each filter has an index on
//! `(organisation_id, <filter column>, received_on, reference)` that serves it in that
//! order (`migrations/*/0008_list_indexes.sql`); the deadline filters use the index of open
//! complaints, the update filters (Code 5.9) that of complaints with an update due
//! (`0012_next_update_due.sql`), and "deadline missed" that of complaints with a deadline
//! answered late or one open (`0021_missed_deadlines_and_resident_references.sql`). A page after (or before) a complaint seeks its order key in that index.
//! With several filters the database walks one of their indexes, the one its statistics
//! say is the most selective, and checks the others on the index entries, which carry every
//! column a filter tests (`0009_filter_columns_in_list_indexes.sql`). The triage filters
//! (`0011_triage.sql`) have their own: complexity's, and one partial index per risk holding
//! only the complaints with it; and every list index carries the triage columns too.
//!
//! A complaint has several categories, so the category filter reads another table:
//! `complaint_categories`, one row per complaint and category with the complaint's received
//! date and reference, whose index `(organisation_id, category_id, received_on, reference)`
//! serves the list in its order (0017). Filtered by a category, the list walks that index and
//! joins each entry's complaint by its primary key, and pages and orders by the entry's
//! copies of the order key. The search box also matches the words of the description and
//! points, through each backend's full-text index (`search.rs`).

use jiff::civil::Date;
use redress_domain::complaint::{Complexity, Risk, Status};
use redress_domain::ids::{CategoryId, OrganisationId, ResidentId, UserId};

use crate::complaints::{Complaint, ComplaintRow};
use crate::paging::{ComplaintCursor, Page, Paged, seek};
use crate::query::{Arg, Built, bind_args, like_escaped};
use crate::search::full_text_match;
use crate::triage::{complexity_text, risk_column};
use crate::{Backend, Database, StorageError};

/// Which complaints [`Database::list_complaints`] returns. Every filter set
/// must hold; the default lists everything, 50 at a time, from the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFilter {
    /// At this stage.
    pub stage: Option<u8>,
    /// With this status.
    pub status: Option<Status>,
    /// Handled by this user.
    pub handler: Option<UserId>,
    /// Dealt with by this organisation (the landlord or a managing agent).
    pub organisation_handling: Option<OrganisationId>,
    /// Made by this resident.
    pub resident_id: Option<ResidentId>,
    /// Overdue on this day (today): next due date before it.
    pub overdue_on: Option<Date>,
    /// With a deadline missed as of this day (today), at either stage: one answered after its
    /// due date, or one still open with its due date before this day.
    pub missed_on: Option<Date>,
    /// Due soon: next due date from the first day (today) to the second,
    /// both included.
    pub due_between: Option<(Date, Date)>,
    /// With an update to the resident overdue on this day (today): next update due date
    /// before it (Code 5.9).
    pub update_overdue_on: Option<Date>,
    /// With an update to the resident due on this day (today), not yet overdue (Code 5.9).
    pub update_due_on: Option<Date>,
    /// Received on or after this date.
    pub received_from: Option<Date>,
    /// Received on or before this date.
    pub received_to: Option<Date>,
    /// With this category among its categories.
    pub category: Option<CategoryId>,
    /// Received through this channel, as the domain names it (`phone`, `in_person`…).
    pub channel: Option<String>,
    /// Of this complexity, as triaged when logged (Code 6.1).
    pub complexity: Option<Complexity>,
    /// With this risk among those considered when logged (Code 6.1).
    pub risk: Option<Risk>,
    /// Whose reference, resident's name or resident's address contains this text, ignoring
    /// case (in SQLite, case of ASCII letters only), or whose description and points hold
    /// every word of it (full-text search, `search.rs`).
    pub search: Option<String>,
    /// Which page: the first, or the one after or before a complaint's order key.
    pub page: Page<ComplaintCursor>,
    /// At most this many (at most 1000).
    pub limit: u32,
    /// After skipping this many (past the cursor, if any). Kept for the API's clients;
    /// large offsets are slow, where a cursor is not.
    pub offset: u32,
}

impl Default for ComplaintFilter {
    fn default() -> Self {
        ComplaintFilter {
            stage: None,
            status: None,
            handler: None,
            organisation_handling: None,
            resident_id: None,
            overdue_on: None,
            missed_on: None,
            due_between: None,
            update_overdue_on: None,
            update_due_on: None,
            received_from: None,
            received_to: None,
            category: None,
            channel: None,
            complexity: None,
            risk: None,
            search: None,
            page: Page::First,
            limit: 50,
            offset: 0,
        }
    }
}

/// The most [`Database::list_complaints`] returns at once.
const MAX_LIMIT: u32 = 1000;

/// The columns of a complaint, for `select` from `complaints c` joined with `residents r`.
pub(crate) const LISTED_COLUMNS: &str = "c.id, c.organisation_id, c.reference, c.resident_id, c.stage, c.status, c.handler, \
                              c.organisation_handling, c.received_on, c.channel, c.next_due, c.deadline_status, \
                              c.met_by_late_records, c.deadlines_answered_late, c.search_text, \
                              (select string_agg(g.category_id, ',') from complaint_categories g \
                               where g.complaint_id = c.id) as category_ids, \
                              c.last_seq, c.head_hash, c.created_at, c.updated_at, c.next_update_due, \
                              r.name as resident_name, \
                              r.address as resident_address";

/// Complaints with their residents, for listing and searching: one join, on the residents'
/// primary key, within the organisation, written as a cross join with its condition first in
/// the `where` ([`LISTED_JOIN`]). SQLite never reorders a cross join, so it always reads the
/// complaints in the list's index order and looks each resident up; given statistics, it
/// would otherwise sometimes start from the residents and sort. PostgreSQL plans it as the
/// inner join it is.
pub(crate) const LISTED_FROM: &str = "complaints c cross join residents r";

/// The join condition of [`LISTED_FROM`], opening its `where`.
pub(crate) const LISTED_JOIN: &str = "r.id = c.resident_id and r.organisation_id = c.organisation_id and ";

/// A listed complaint and its resident's name and address.
#[derive(sqlx::FromRow)]
pub(crate) struct ListedRow {
    #[sqlx(flatten)]
    pub(crate) complaint: ComplaintRow,
    pub(crate) resident_name: String,
    pub(crate) resident_address: Option<String>,
}

/// A complaint as listed: the stored complaint and who its resident is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedComplaint {
    /// The complaint.
    pub complaint: Complaint,
    /// Its resident's name.
    pub resident_name: String,
    /// Its resident's address, if recorded: what tells two residents of the same name apart.
    pub resident_address: Option<String>,
}

impl TryFrom<ListedRow> for ListedComplaint {
    type Error = StorageError;

    fn try_from(row: ListedRow) -> Result<ListedComplaint, StorageError> {
        Ok(ListedComplaint {
            complaint: Complaint::try_from(row.complaint)?,
            resident_name: row.resident_name,
            resident_address: row.resident_address,
        })
    }
}

/// The order of a list of complaints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// Most recently received first, then by reference, descending.
    Received,
    /// Soonest due first (the most overdue), then by reference: the deadline lists.
    Due,
}

impl ComplaintFilter {
    /// The order its list is in: by due date when it keeps only complaints due before or
    /// within given days (overdue, due soon), else by receipt.
    pub fn order(&self) -> ListOrder {
        if self.overdue_on.is_some() || self.due_between.is_some() { ListOrder::Due } else { ListOrder::Received }
    }

    /// The place of `complaint` in this filter's list, for a page after or before it.
    pub fn cursor_of(&self, complaint: &Complaint) -> ComplaintCursor {
        let on = match self.order() {
            // The deadline lists hold only complaints with a due date; the day of receipt
            // stands in for one without, which such a list never holds.
            ListOrder::Due => complaint.summary.next_due.unwrap_or(complaint.summary.received_on),
            ListOrder::Received => complaint.summary.received_on,
        };
        ComplaintCursor { on, reference: complaint.reference.clone() }
    }
}

impl ListOrder {
    /// The columns the list is ordered by, as the query names them (`key` the table holding
    /// the copy of the order of receipt), and whether descending.
    fn columns(self, key: &str) -> (String, String, bool) {
        match self {
            ListOrder::Received => (format!("{key}.received_on"), format!("{key}.reference"), true),
            ListOrder::Due => ("c.next_due".to_owned(), "c.reference".to_owned(), false),
        }
    }
}

impl Database {
    /// The complaints of organisation `org` that pass `filter`, in its order
    /// ([`ComplaintFilter::order`]), one page of them.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_complaints(
        &self,
        org: &OrganisationId,
        filter: &ComplaintFilter,
    ) -> Result<Vec<Complaint>, StorageError> {
        let listed = self.list_complaints_with_residents(org, filter).await?;
        Ok(listed.into_iter().map(|l| l.complaint).collect())
    }

    /// As [`Database::list_complaints`], with each complaint's resident's name.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_complaints_with_residents(
        &self,
        org: &OrganisationId,
        filter: &ComplaintFilter,
    ) -> Result<Vec<ListedComplaint>, StorageError> {
        Ok(self.page_complaints(org, filter).await?.items)
    }

    /// As [`Database::list_complaints_with_residents`], saying whether there are more
    /// complaints beyond the page in the direction read.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn page_complaints(
        &self,
        org: &OrganisationId,
        filter: &ComplaintFilter,
    ) -> Result<Paged<ListedComplaint>, StorageError> {
        let (query, limit, reversed) = list_query(org, filter, self.backend());
        let rows: Vec<ListedRow> = db_run!(self, pool => {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
        })?;
        let listed = rows.into_iter().map(ListedComplaint::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::of(listed, limit, reversed))
    }

    /// How many complaints of organisation `org` pass `filter` (its page, limit and offset
    /// aside): the total behind [`Database::list_complaints`]' pages.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn count_complaints(&self, org: &OrganisationId, filter: &ComplaintFilter) -> Result<u64, StorageError> {
        let query = count_query(org, filter, self.backend());
        let count: i64 = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_one(pool).await
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// As [`Database::count_complaints`], but counting no further than `cap`: a list's total
    /// that costs no more than reading `cap` index entries however many complaints there
    /// are. A result of `cap` means "`cap` or more".
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn count_complaints_up_to(
        &self,
        org: &OrganisationId,
        filter: &ComplaintFilter,
        cap: u64,
    ) -> Result<u64, StorageError> {
        let query = capped_count_query(org, filter, cap, self.backend());
        let count: i64 = db_run!(self, pool => {
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_one(pool).await
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The plan of [`Database::page_complaints`]' query, one line per step (see
    /// `query.rs`): for the tests that check an index serves every list.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_complaint_list(
        &self,
        org: &OrganisationId,
        filter: &ComplaintFilter,
    ) -> Result<Vec<String>, StorageError> {
        self.explain(&list_query(org, filter, self.backend()).0).await
    }

    /// The plan of [`Database::count_complaints`]' query, as
    /// [`Database::explain_complaint_list`].
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_complaint_count(
        &self,
        org: &OrganisationId,
        filter: &ComplaintFilter,
    ) -> Result<Vec<String>, StorageError> {
        self.explain(&count_query(org, filter, self.backend())).await
    }

    /// The plan of [`Database::count_complaints_up_to`]' query, as
    /// [`Database::explain_complaint_list`].
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    #[cfg(feature = "testing")]
    pub async fn explain_complaint_count_up_to(
        &self,
        org: &OrganisationId,
        filter: &ComplaintFilter,
        cap: u64,
    ) -> Result<Vec<String>, StorageError> {
        self.explain(&capped_count_query(org, filter, cap, self.backend())).await
    }
}

/// The query of a page of the list: its text and arguments, how many rows the page has at
/// most (the query reads one more, to tell whether there are more), and whether its rows
/// come back reversed.
fn list_query(org: &OrganisationId, filter: &ComplaintFilter, backend: Backend) -> (Built, usize, bool) {
    let search = filter.search.as_deref().map(str::trim).filter(|t| !t.is_empty());
    // The residents are joined for their names; searching needs them in the conditions too.
    let from = match filter.category {
        Some(_) => format!("complaint_categories k cross join {LISTED_FROM}"),
        None => LISTED_FROM.to_owned(),
    };
    let mut query = Built::new(format!("select {LISTED_COLUMNS} from {from} where {LISTED_JOIN}"));
    conditions(&mut query, org, filter, search, backend);
    let (day, reference, descending) = filter.order().columns(order_key(filter));
    let seek = seek(&filter.page, descending);
    if let (Some(comparison), Page::After(cursor) | Page::Before(cursor)) = (seek.comparison, &filter.page) {
        let on = query.arg(Arg::Date(cursor.on));
        let after = query.arg(Arg::Text(cursor.reference.clone()));
        query.push(&format!(" and ({day}, {reference}) {comparison} ({on}, {after})"));
    }
    let limit = filter.limit.min(MAX_LIMIT);
    let read = query.arg(Arg::Int(i64::from(limit) + 1));
    let offset = query.arg(Arg::Int(i64::from(filter.offset)));
    let direction = seek.direction;
    query.push(&format!(" order by {day} {direction}, {reference} {direction} limit {read} offset {offset}"));
    (query, usize::try_from(limit).unwrap_or(usize::MAX), seek.reversed)
}

/// Which table's copy of the order key (received date, reference) a list seeks and orders by:
/// the category entries' (`k`) when it is filtered by a category, so that their index serves
/// the order, else the complaints' (`c`).
fn order_key(filter: &ComplaintFilter) -> &'static str {
    if filter.category.is_some() { "k" } else { "c" }
}

/// The query counting the complaints that pass `filter`, no further than `cap`.
fn capped_count_query(org: &OrganisationId, filter: &ComplaintFilter, cap: u64, backend: Backend) -> Built {
    let search = filter.search.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let mut query = Built::new(format!("select count(*) from (select 1 from {}", from_where(filter, search)));
    conditions(&mut query, org, filter, search, backend);
    // In the list's order, so that the first `cap` are read from the list's own index (for
    // the deadline filters, the open complaints' by due date), as the page is. Each list
    // index carries the columns the filters test (0009), so no row is read.
    let limit = query.arg(Arg::Int(i64::try_from(cap).unwrap_or(i64::MAX)));
    let (day, reference, descending) = filter.order().columns(order_key(filter));
    let direction = if descending { "desc" } else { "asc" };
    query.push(&format!(" order by {day} {direction}, {reference} {direction} limit {limit}) capped"));
    query
}

/// The query counting the complaints that pass `filter`. The residents are joined only to
/// search them: every complaint has one (a foreign key), so the count is the same.
fn count_query(org: &OrganisationId, filter: &ComplaintFilter, backend: Backend) -> Built {
    let search = filter.search.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let mut query = Built::new(format!("select count(*) from {}", from_where(filter, search)));
    conditions(&mut query, org, filter, search, backend);
    query
}

/// What a count reads from, up to and including `where `: the complaints (through their
/// category entries when filtered by a category), and their residents only to search them
/// (every complaint has one, a foreign key, so the count is the same).
fn from_where(filter: &ComplaintFilter, search: Option<&str>) -> String {
    let categories = if filter.category.is_some() { "complaint_categories k cross join " } else { "" };
    if search.is_some() {
        format!("{categories}{LISTED_FROM} where {LISTED_JOIN}")
    } else {
        format!("{categories}complaints c where ")
    }
}

/// Adds the conditions of `filter` (and the search text, trimmed) to `c`, which ends in
/// `where ` (or in the join's condition after it).
fn conditions(c: &mut Built, org: &OrganisationId, filter: &ComplaintFilter, search: Option<&str>, backend: Backend) {
    let p = c.arg(Arg::Text(org.to_string()));
    c.push(&format!("c.organisation_id = {p}"));
    if let Some(category) = &filter.category {
        // The category's entries, in their index; each joins its complaint by primary key.
        let q = c.arg(Arg::Text(category.to_string()));
        c.push(&format!(" and k.organisation_id = {p} and k.category_id = {q} and c.id = k.complaint_id"));
    }
    if let Some(stage) = filter.stage {
        c.and("c.stage = ", Arg::Int(i64::from(stage)));
    }
    for (column, value) in [
        ("c.status = ", filter.status.map(Status::as_str)),
        ("c.handler = ", filter.handler.as_ref().map(UserId::as_str)),
        ("c.organisation_handling = ", filter.organisation_handling.as_ref().map(OrganisationId::as_str)),
        ("c.channel = ", filter.channel.as_deref()),
        ("c.resident_id = ", filter.resident_id.as_ref().map(ResidentId::as_str)),
    ] {
        if let Some(value) = value {
            c.and(column, Arg::Text(value.to_owned()));
        }
    }
    if let Some(complexity) = filter.complexity {
        c.and("c.complexity = ", Arg::Text(complexity_text(complexity).to_owned()));
    }
    if let Some(risk) = filter.risk {
        // The bare flag, as its partial index's condition reads, so that the index serves it.
        c.push(&format!(" and c.{}", risk_column(risk)));
    }
    // Only open complaints have a next due date: these use the index of open complaints.
    if let Some(today) = filter.overdue_on {
        c.and("c.next_due is not null and c.next_due < ", Arg::Date(today));
    }
    if let Some(today) = filter.missed_on {
        // The condition of complaints_missed_list_idx word for word, so that both planners
        // see it implied and walk that index; then each entry's own test. A complaint stored
        // before its count was kept (null) and not yet counted is found only while overdue.
        let p = c.arg(Arg::Date(today));
        c.push(&format!(
            " and (c.deadlines_answered_late > 0 or c.next_due is not null) \
             and (c.deadlines_answered_late > 0 or c.next_due < {p})"
        ));
    }
    if let Some((from, to)) = filter.due_between {
        c.and("c.next_due is not null and c.next_due >= ", Arg::Date(from));
        c.and("c.next_due <= ", Arg::Date(to));
    }
    // Only complaints with an update due have its date: these use complaints_update_list_idx.
    if let Some(today) = filter.update_overdue_on {
        c.and("c.next_update_due is not null and c.next_update_due < ", Arg::Date(today));
    }
    if let Some(today) = filter.update_due_on {
        c.and("c.next_update_due is not null and c.next_update_due = ", Arg::Date(today));
    }
    if let Some(from) = filter.received_from {
        c.and("c.received_on >= ", Arg::Date(from));
    }
    if let Some(to) = filter.received_to {
        c.and("c.received_on <= ", Arg::Date(to));
    }
    if let Some(text) = search {
        // A substring match, which no b-tree index can serve: the scan walks the
        // organisation's complaints in the list's order (complaints_list_idx) and reaches
        // residents by primary key. `lower` on both sides makes it the same on both
        // databases (PostgreSQL's `like` is case-sensitive), as does naming the escape
        // character (SQLite has none by default). Or the words of the description and
        // points, from the full-text index (`search.rs`).
        let p = c.arg(Arg::Text(format!("%{}%", like_escaped(&text.to_lowercase()))));
        let words = full_text_match(c, backend, text).map(|m| format!(" or {m}")).unwrap_or_default();
        c.push(&format!(
            " and (lower(c.reference) like {p} escape '\\' or lower(r.name) like {p} escape '\\' \
             or lower(coalesce(r.address, '')) like {p} escape '\\'{words})"
        ));
    }
}
