//! Cases about work due: the rows of remedies and actions are written with the events that
//! make them (or not at all), listed open and in due order by keyset, per handler and per
//! handling organisation, each from its own index; a handler's open cases are listed; and
//! migration 0015 made the rows of complaints stored before it from their events.

use redress_domain::complaint::Status;
use redress_domain::ids::ComplaintId;
use redress_storage::{
    Backend, ComplaintSummary, Database, Extras, NewComplaint, Page, Paged, StorageError, Triage, WorkFilter, WorkItem,
    WorkKind,
};

use redress_storage::testing::bulk::{self, BulkComplaints};

use crate::fixtures::{Org, World, cid, complaint, event, exec, on, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(work_items_are_written_with_their_events_and_only_then),
        on_each_backend!(open_work_is_listed_in_due_order_page_by_page_within_its_scope),
        on_each_backend!(a_handlers_open_cases_are_listed_next_due_first),
        on_each_backend!(each_list_of_work_reads_its_own_index),
        on_each_backend!(the_migration_made_the_rows_of_earlier_complaints_from_their_events),
    ]
}

/// An item of complaint `complaint` of `org`, handled by `handler`.
fn item(org: &Org, complaint: &str, id: &str, due: &str, handler: Option<&str>) -> WorkItem {
    WorkItem {
        complaint_id: cid(complaint),
        item_id: id.to_owned(),
        kind: if id.starts_with('R') { WorkKind::Remedy } else { WorkKind::Action },
        description: format!("Item {id} of {complaint}"),
        due: on(due),
        completed_on: None,
        handler: handler.map(str::to_owned),
        organisation_handling: org.id.to_string(),
    }
}

/// Appends one event to complaint `id` (last seq `seq`) with `work`.
async fn append_with(
    db: &Database,
    org: &Org,
    id: &str,
    seq: i64,
    work: &[WorkItem],
) -> Result<(String, Vec<redress_storage::StoredEvent>), StorageError> {
    let events = [event("remedy_offered", r#"{"type":"remedy_offered"}"#)];
    db.append(&org.org(), &cid(id), seq, &events, &summary(org, "2025-01-02"), Extras { work, ..Extras::default() })
        .await
}

/// The item ids of a page, in order.
fn ids(page: &Paged<redress_storage::ListedWorkItem>) -> Vec<String> {
    page.items.iter().map(|l| format!("{}/{}", l.item.complaint_id, l.item.item_id)).collect()
}

async fn work_items_are_written_with_their_events_and_only_then(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, db) = (&w.a, &*w.db);
    complaint(db, org, "c-1", "2025-01-02").await?;
    let r1 = item(org, "c-1", "R1", "2025-02-01", Some(&org.user));
    append_with(db, org, "c-1", 1, std::slice::from_ref(&r1)).await?;
    assert_eq!(db.work_items_of(&org.id, "c-1").await?, vec![r1.clone()]);
    // An append that loses to another writer writes no row either.
    let stale = item(org, "c-1", "A1", "2025-02-03", Some(&org.user));
    let lost = append_with(db, org, "c-1", 1, std::slice::from_ref(&stale)).await;
    assert!(matches!(lost, Err(StorageError::Conflict { .. })), "{lost:?}");
    assert_eq!(db.work_items_of(&org.id, "c-1").await?, vec![r1.clone()], "nothing of a refused append");
    // A later change rewrites the row as its events leave it.
    let done = WorkItem { completed_on: Some(on("2025-01-20")), handler: Some("someone-else".into()), ..r1 };
    append_with(db, org, "c-1", 2, std::slice::from_ref(&done)).await?;
    assert_eq!(db.work_items_of(&org.id, "c-1").await?, vec![done]);
    Ok(())
}

async fn open_work_is_listed_in_due_order_page_by_page_within_its_scope(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, db) = (&w.a, &*w.db);
    for id in ["c-1", "c-2"] {
        complaint(db, org, id, "2025-01-02").await?;
    }
    complaint(db, &w.b, "c-b", "2025-01-02").await?;
    let me = Some(org.user.as_str());
    let items_1 = [item(org, "c-1", "R1", "2025-03-01", me), item(org, "c-1", "A1", "2025-01-15", me)];
    let mut closed = item(org, "c-2", "R1", "2025-01-01", Some("bob"));
    closed.completed_on = Some(on("2025-01-10"));
    let items_2 = [item(org, "c-2", "A1", "2025-02-01", Some("bob")), closed];
    append_with(db, org, "c-1", 1, &items_1).await?;
    append_with(db, org, "c-2", 1, &items_2).await?;
    append_with(db, &w.b, "c-b", 1, &[item(&w.b, "c-b", "R1", "2025-01-01", Some(&w.b.user))]).await?;

    let all = db.page_work_items(&org.id, &WorkFilter::default()).await?;
    assert_eq!(ids(&all), ["c-1/A1", "c-2/A1", "c-1/R1"], "open only, the earliest due first, none of B's");
    assert_eq!(all.items[0].reference, "CMP-2025-000001");
    let mine = WorkFilter { handler: me.map(str::to_owned), ..WorkFilter::default() };
    assert_eq!(ids(&db.page_work_items(&org.id, &mine).await?), ["c-1/A1", "c-1/R1"]);

    // Pages of two: the second after the first's last, and back again.
    let first = db.page_work_items(&org.id, &WorkFilter { limit: 2, ..WorkFilter::default() }).await?;
    assert_eq!((ids(&first), first.more), (vec!["c-1/A1".to_owned(), "c-2/A1".to_owned()], true));
    let cursor = first.items[1].item.cursor();
    let second = db
        .page_work_items(&org.id, &WorkFilter { limit: 2, page: Page::After(cursor), ..WorkFilter::default() })
        .await?;
    assert_eq!((ids(&second), second.more), (vec!["c-1/R1".to_owned()], false));
    let back = second.items[0].item.cursor();
    let previous = db
        .page_work_items(&org.id, &WorkFilter { limit: 2, page: Page::Before(back), ..WorkFilter::default() })
        .await?;
    assert_eq!(ids(&previous), ids(&first));

    // A managing agent's staff see only the items of the complaints their organisation handles.
    let elsewhere = WorkFilter { organisation_handling: Some("org-b".into()), ..WorkFilter::default() };
    assert!(db.page_work_items(&org.id, &elsewhere).await?.items.is_empty());
    Ok(())
}

/// Creates complaint `id` of `org` with `summary`'s status, handler and next due date.
async fn with_summary(db: &Database, org: &Org, id: &str, summary: ComplaintSummary) -> CaseResult {
    let new = NewComplaint {
        id: ComplaintId::trusted(id.into()),
        summary,
        triage: Triage::default(),
        categories: Vec::new(),
    };
    db.create_complaint(&org.org(), &new, &[event("logged", "{}")]).await?;
    Ok(())
}

async fn a_handlers_open_cases_are_listed_next_due_first(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, db) = (&w.a, &*w.db);
    let mine = |status: Status, next_due: Option<&str>| ComplaintSummary {
        status,
        next_due: next_due.map(on),
        ..summary(org, "2025-01-02")
    };
    with_summary(db, org, "later", mine(Status::Investigating, Some("2025-02-10"))).await?;
    with_summary(db, org, "responded", mine(Status::Responded, None)).await?;
    with_summary(db, org, "sooner", mine(Status::AwaitingAcknowledgement, Some("2025-01-09"))).await?;
    with_summary(db, org, "closed", mine(Status::Closed, None)).await?;
    with_summary(db, org, "refused", mine(Status::NotAccepted, None)).await?;
    with_summary(
        db,
        org,
        "theirs",
        ComplaintSummary { handler: None, ..mine(Status::Investigating, Some("2025-01-05")) },
    )
    .await?;
    let open = db.open_cases_handled_by(&org.id, &org.user, None, 10).await?;
    let listed: Vec<String> = open.items.iter().map(|l| l.complaint.id.to_string()).collect();
    assert_eq!(listed, ["sooner", "later", "responded"], "open ones only, the next due first, none due last");
    assert_eq!(open.items[0].resident_name, "Ada Resident");
    let two = db.open_cases_handled_by(&org.id, &org.user, None, 2).await?;
    assert_eq!((two.items.len(), two.more), (2, true));
    assert!(db.open_cases_handled_by(&org.id, &org.user, Some("org-b"), 10).await?.items.is_empty());
    Ok(())
}

async fn each_list_of_work_reads_its_own_index(backend: Backend) -> CaseResult {
    let w: World = world(backend).await?;
    let (org, db) = (&w.a, &*w.db);
    complaint(db, org, "c-1", "2025-01-02").await?;
    let after = Page::After(item(org, "c-1", "R1", "2025-01-01", None).cursor());
    let lists = [
        ("all", WorkFilter::default(), "complaint_work_open_idx"),
        ("all, next page", WorkFilter { page: after, ..WorkFilter::default() }, "complaint_work_open_idx"),
        (
            "mine",
            WorkFilter { handler: Some(org.user.to_string()), ..WorkFilter::default() },
            "complaint_work_handler_idx",
        ),
        (
            "an agent's",
            WorkFilter { organisation_handling: Some(org.id.to_string()), ..WorkFilter::default() },
            "complaint_work_handling_idx",
        ),
    ];
    for (what, filter, index) in lists {
        let plan = db.explain_work_items(&org.id, &filter).await?;
        crate::plans::assert_served(backend, what, &plan, index);
    }
    // The complaints are read from the handler's index of open cases, never whole, in a
    // database of some size with the planner's statistics of it: with one complaint, SQLite's
    // statistics (gathered as connections close, so at no fixed moment) can make reading the
    // whole table the cheaper plan, which made this check fail now and then. (Each one's
    // resident is looked up by its key; with a register of one resident reading that one row
    // is cheaper, and the plan says so, so the residents' table is not held to it here.)
    let spec = BulkComplaints {
        organisation_id: org.id.clone(),
        residents: vec![org.resident.clone()],
        handlers: vec![org.user.clone()],
        count: 2000,
        newest: on("2025-03-31"),
        id_prefix: "bulk-".into(),
    };
    bulk::insert_complaints(db, &spec).await?;
    bulk::analyze(db).await?;
    let plan = db.explain_open_cases_handled_by(&org.id, &org.user, None).await?;
    let text = plan.join("\n");
    assert!(text.contains("complaints_handler_open_idx"), "open cases: not from the handler's index:\n{text}");
    let whole = match backend {
        Backend::Sqlite => plan.iter().any(|line| line.trim() == "SCAN c"),
        Backend::Postgres => text.contains("Seq Scan on complaints"),
    };
    assert!(!whole, "open cases: scans the complaints whole:\n{text}");
    Ok(())
}

/// The backfill of migration 0015 for `backend`: its statements after the table and indexes
/// (from the line after the one starting `-- backfill:`).
fn backfill(backend: Backend) -> &'static str {
    let text = match backend {
        Backend::Sqlite => include_str!("../../migrations/sqlite/0016_work_items.sql"),
        Backend::Postgres => include_str!("../../migrations/postgres/0016_work_items.sql"),
    };
    let rest = text.split_once("-- backfill:").map_or("", |(_, rest)| rest);
    rest.split_once('\n').map_or("", |(_, statements)| statements)
}

async fn the_migration_made_the_rows_of_earlier_complaints_from_their_events(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, db) = (&w.a, &*w.db);
    complaint(db, org, "c-1", "2025-01-02").await?;
    // Events as the domain writes them, appended without rows, as before the table.
    let remedy = |id: &str, due: &str| {
        format!(
            r#"{{"type":"remedy_offered","remedy":{{"id":"{id}","stage":1,"kind":"apology","description":"Apologise {id}","amount_pence":null,"due":"{due}","completed_on":null}}}}"#
        )
    };
    let events = [
        event("remedy_offered", &remedy("R1", "2025-02-01")),
        event("remedy_offered", &remedy("R2", "2025-02-05")),
        event(
            "action_added",
            r#"{"type":"action_added","action":{"id":"A1","description":"Fix the boiler","owner":"a-user","due":"2025-02-10","updates":[],"completed_on":null}}"#,
        ),
        event("remedy_completed", r#"{"type":"remedy_completed","id":"R2","on":"2025-01-20","note":"Sent"}"#),
        event("action_completed", r#"{"type":"action_completed","id":"A1","on":"2025-01-25"}"#),
    ];
    db.append_events(&org.org(), &cid("c-1"), 1, &events, &summary(org, "2025-01-02")).await?;
    assert!(db.work_items_of(&org.id, "c-1").await?.is_empty());

    run_raw(db, backfill(backend)).await?;

    let handler = Some(org.user.as_str());
    let expected = vec![
        WorkItem {
            kind: WorkKind::Action,
            description: "Fix the boiler".into(),
            completed_on: Some(on("2025-01-25")),
            ..item(org, "c-1", "A1", "2025-02-10", handler)
        },
        WorkItem { description: "Apologise R1".into(), ..item(org, "c-1", "R1", "2025-02-01", handler) },
        WorkItem {
            description: "Apologise R2".into(),
            completed_on: Some(on("2025-01-20")),
            ..item(org, "c-1", "R2", "2025-02-05", handler)
        },
    ];
    assert_eq!(db.work_items_of(&org.id, "c-1").await?, expected);
    // Rows already made are kept as they are.
    exec(db, "update complaint_work_items set description = 'kept' where item_id = 'R1'", &[]).await?;
    run_raw(db, backfill(backend)).await?;
    assert_eq!(db.work_items_of(&org.id, "c-1").await?[1].description, "kept");
    Ok(())
}

/// Runs several statements of SQL as one text.
async fn run_raw(db: &Database, sql: &'static str) -> Result<(), sqlx::Error> {
    match db {
        Database::Sqlite(pool) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(pool).await.map(|_| ()),
        Database::Postgres(pool) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(pool).await.map(|_| ()),
    }
}
