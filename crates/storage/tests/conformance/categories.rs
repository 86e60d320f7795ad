//! Categories that count (0017): each organisation's list with its defaults, a complaint
//! under several categories found under each, the old free text mapped once by the
//! migration, and full-text search over descriptions and points.

use redress_domain::categories::DEFAULT_CATEGORIES;
use redress_domain::ids::{CategoryId, OrganisationId};
use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, ComplaintCursor, ComplaintFilter, Database, NewComplaint, Page, StorageError, Triage};

use crate::fixtures::{cid, event, exec, id, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_new_organisation_has_the_default_categories_and_manages_its_own),
        on_each_backend!(a_complaint_with_two_categories_is_found_under_each_and_paged_in_order),
        on_each_backend!(full_text_search_finds_words_of_the_description_and_points_within_the_organisation),
        on_each_backend!(migrating_maps_old_free_text_categories_once_and_makes_old_complaints_searchable),
    ]
}

fn category(text: &str) -> CategoryId {
    id(text)
}

/// The names of `org`'s categories in order, retired ones marked.
async fn names(db: &Database, org: &OrganisationId) -> Result<Vec<String>, StorageError> {
    let list = db.categories(org).await?;
    Ok(list.into_iter().map(|c| if c.retired { format!("{} (retired)", c.name) } else { c.name }).collect())
}

/// The ids of the complaints of `org` that pass `filter`, in the list's order.
async fn listed(db: &Database, org: &OrganisationId, filter: ComplaintFilter) -> Result<Vec<String>, StorageError> {
    Ok(db.list_complaints(org, &filter).await?.into_iter().map(|c| String::from(c.id)).collect())
}

async fn a_new_organisation_has_the_default_categories_and_manages_its_own(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let db: &Database = &w.db;
    let defaults: Vec<String> = DEFAULT_CATEGORIES.iter().map(|(_, name)| (*name).to_owned()).collect();
    assert_eq!(names(db, &w.a.id).await?, defaults);

    db.add_category(&w.a.id, &category("heating"), "Heating").await?;
    let taken = db.add_category(&w.a.id, &category("heating-2"), "HEATING").await;
    assert!(matches!(taken, Err(StorageError::Duplicate { .. })), "a name is taken ignoring case: {taken:?}");
    assert!(db.rename_category(&w.a.id, &category("heating"), "Heating and hot water").await?);
    assert!(db.set_category_retired(&w.a.id, &category("neighbourhood"), true).await?);
    assert!(!db.rename_category(&w.a.id, &category("noise"), "Noise").await?, "no such category");
    let renamed = db.rename_category(&w.a.id, &category("repairs"), "damp and MOULD").await;
    assert!(matches!(renamed, Err(StorageError::Duplicate { .. })), "{renamed:?}");

    let mut expected = defaults.clone();
    expected[5] = "Neighbourhood (retired)".into();
    expected.push("Heating and hot water".into());
    assert_eq!(names(db, &w.a.id).await?, expected, "added at the end; retired kept in its place");
    assert_eq!(names(db, &w.b.id).await?, defaults, "another organisation's list is its own");
    Ok(())
}

async fn a_complaint_with_two_categories_is_found_under_each_and_paged_in_order(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let db: &Database = &w.db;
    let logged = [
        ("c-1", "2025-03-01", &["repairs", "damp-and-mould"][..]),
        ("c-2", "2025-03-02", &["damp-and-mould"][..]),
        ("c-3", "2025-03-03", &[][..]),
        ("c-4", "2025-03-04", &["repairs"][..]),
    ];
    for (complaint, received, categories) in logged {
        let new = NewComplaint {
            id: cid(complaint),
            summary: summary(&w.a, received),
            triage: Triage::default(),
            categories: categories.iter().map(|c| category(c)).collect(),
        };
        db.create_complaint(&w.a.org(), &new, &[event("logged", "{}")]).await?;
    }
    let under = |c: &str| ComplaintFilter { category: Some(category(c)), ..ComplaintFilter::default() };
    assert_eq!(listed(db, &w.a.id, under("repairs")).await?, ["c-4", "c-1"], "newest first");
    assert_eq!(listed(db, &w.a.id, under("damp-and-mould")).await?, ["c-2", "c-1"]);
    assert!(listed(db, &w.a.id, under("communication")).await?.is_empty());
    assert!(listed(db, &w.b.id, under("repairs")).await?.is_empty(), "only the organisation's own");
    assert_eq!(db.count_complaints(&w.a.id, &under("damp-and-mould")).await?, 2);
    assert_eq!(db.count_complaints_up_to(&w.a.id, &under("repairs"), 1001).await?, 2);

    let first = ComplaintFilter { limit: 1, ..under("damp-and-mould") };
    let page = db.page_complaints(&w.a.id, &first).await?;
    let cursor: ComplaintCursor = first.cursor_of(&page.items[0].complaint);
    let next = db.list_complaints(&w.a.id, &ComplaintFilter { page: Page::After(cursor), ..first }).await?;
    assert_eq!(next.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["c-1"], "the next page, from the cursor");

    let c1 = db.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("c-1")?;
    assert_eq!(c1.categories, [category("damp-and-mould"), category("repairs")], "both, read back");
    let listed_c1 = db.list_complaints(&w.a.id, &under("repairs")).await?;
    assert_eq!(listed_c1[1].categories, c1.categories, "and in the list");

    let unknown = NewComplaint {
        id: cid("c-5"),
        summary: summary(&w.a, "2025-03-05"),
        triage: Triage::default(),
        categories: vec![category("noise")],
    };
    let refused = db.create_complaint(&w.a.org(), &unknown, &[event("logged", "{}")]).await;
    assert!(matches!(refused, Err(StorageError::MissingReference { .. })), "not in the list: {refused:?}");
    Ok(())
}

async fn full_text_search_finds_words_of_the_description_and_points_within_the_organisation(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    let db: &Database = &w.db;
    let described = |org, received, text: &str| {
        let mut s = summary(org, received);
        s.search_text = text.to_owned();
        s
    };
    for (complaint, text) in [("c-1", "Black mould has come back in the bedroom."), ("c-2", "The gate is broken.")] {
        let new = NewComplaint {
            id: cid(complaint),
            summary: described(&w.a, "2025-03-01", text),
            triage: Triage::default(),
            categories: Vec::new(),
        };
        db.create_complaint(&w.a.org(), &new, &[event("logged", "{}")]).await?;
    }
    let other = NewComplaint {
        id: cid("b-1"),
        summary: described(&w.b, "2025-03-01", "Mould in the bathroom."),
        triage: Triage::default(),
        categories: Vec::new(),
    };
    db.create_complaint(&w.b.org(), &other, &[event("logged", "{}")]).await?;
    let search = |text: &str| ComplaintFilter { search: Some(text.into()), ..ComplaintFilter::default() };

    assert_eq!(listed(db, &w.a.id, search("mould")).await?, ["c-1"], "a word of the description");
    assert_eq!(listed(db, &w.a.id, search("MOULD")).await?, ["c-1"], "ignoring case");
    assert_eq!(listed(db, &w.a.id, search("coming")).await?, ["c-1"], "another form of a word");
    assert!(listed(db, &w.a.id, search("mould gate")).await?.is_empty(), "every word is needed");
    assert!(listed(db, &w.a.id, search("mould NOT gate")).await?.is_empty(), "operators are words");

    let points = described(&w.a, "2025-03-01", "Black mould has come back in the bedroom.\nThe leak was ignored.");
    db.append_events(&w.a.org(), &cid("c-1"), 1, &[event("acknowledged", "{}")], &points).await?;
    assert_eq!(listed(db, &w.a.id, search("leak ignored")).await?, ["c-1"], "words of the points, once written");
    assert_eq!(listed(db, &w.a.id, search("leak mould")).await?, ["c-1"], "from both at once");
    assert_eq!(db.count_complaints(&w.a.id, &search("mould")).await?, 1, "not another organisation's");
    assert_eq!(listed(db, &w.a.id, search("ada")).await?.len(), 2, "the resident's name still matches");
    Ok(())
}

/// Complaints as they were stored before 0017, with free-text categories in their logged
/// events (the column held the first); the same literal SQL on both databases.
const OLD_DATA: [&str; 5] = [
    "insert into organisations (id, name, kind, created_at) values ('org-a', 'Alpha Homes', 'landlord', \
     '2025-01-02T09:00:00Z'), ('org-b', 'Beta Housing', 'landlord', '2025-01-02T09:00:00Z')",
    "insert into residents (id, organisation_id, name, disabilities, vulnerabilities, reasonable_adjustments, \
     created_at, updated_at) values ('ra', 'org-a', 'Ada', '[]', '[]', '[]', '2025-01-02T09:00:00Z', \
     '2025-01-02T09:00:00Z'), ('rb', 'org-b', 'Bob', '[]', '[]', '[]', '2025-01-02T09:00:00Z', \
     '2025-01-02T09:00:00Z')",
    "insert into complaints (id, organisation_id, reference, resident_id, status, organisation_handling, \
     received_on, category, channel, last_seq, head_hash, created_at, updated_at) values \
     ('c-1', 'org-a', 'CMP-2025-000001', 'ra', 'investigating', 'org-a', '2025-01-02', 'Damp and mould, repairs', \
      'phone', 2, 'h', '2025-01-02T09:00:00Z', '2025-01-02T09:00:00Z'), \
     ('c-2', 'org-a', 'CMP-2025-000002', 'ra', 'investigating', 'org-a', '2025-01-03', 'damp & mould', \
      'phone', 1, 'h', '2025-01-03T09:00:00Z', '2025-01-03T09:00:00Z'), \
     ('c-3', 'org-a', 'CMP-2025-000003', 'ra', 'investigating', 'org-a', '2025-01-04', 'Heating and hot water', \
      'phone', 1, 'h', '2025-01-04T09:00:00Z', '2025-01-04T09:00:00Z'), \
     ('c-4', 'org-b', 'CMP-2025-000001', 'rb', 'investigating', 'org-b', '2025-01-04', 'Repairs and communication', \
      'phone', 1, 'h', '2025-01-04T09:00:00Z', '2025-01-04T09:00:00Z')",
    r#"insert into complaint_events (complaint_id, seq, organisation_id, kind, payload, actor, recorded_at, prev_hash, hash)
     values
     ('c-1', 1, 'org-a', 'logged', '{"type":"logged","description":"Black mould in the bedroom","categories":["Damp and mould, repairs","heating"]}', 'u', '2025-01-02T09:00:00Z', 'p', 'h'),
     ('c-1', 2, 'org-a', 'acknowledged', '{"type":"acknowledged","definition":{"points":[{"id":"P1","text":"The leak was ignored"}]}}', 'u', '2025-01-02T09:00:00Z', 'p', 'h'),
     ('c-2', 1, 'org-a', 'logged', '{"type":"logged","description":"Wet walls","categories":["damp & mould","Heating!"]}', 'u', '2025-01-03T09:00:00Z', 'p', 'h'),
     ('c-3', 1, 'org-a', 'logged', '{"type":"logged","description":"No hot water","categories":["Heating and hot water"]}', 'u', '2025-01-04T09:00:00Z', 'p', 'h')"#,
    r#"insert into complaint_events (complaint_id, seq, organisation_id, kind, payload, actor, recorded_at, prev_hash, hash)
     values ('c-4', 1, 'org-b', 'logged', '{"type":"logged","description":"Nobody came","categories":["Repairs and communication","ASB"]}', 'u', '2025-01-04T09:00:00Z', 'p', 'h')"#,
];

async fn migrating_maps_old_free_text_categories_once_and_makes_old_complaints_searchable(
    backend: Backend,
) -> CaseResult {
    let db = TestDatabase::empty(backend).await?;
    db.migrate_to(16).await?;
    for sql in OLD_DATA {
        exec(&db, sql, &[]).await?;
    }
    db.migrate().await?;

    let (a, b): (OrganisationId, OrganisationId) = (id("org-a"), id("org-b"));
    let mut expected: Vec<String> = DEFAULT_CATEGORIES.iter().map(|(_, name)| (*name).to_owned()).collect();
    assert_eq!(names(&db, &b).await?, expected, "matched pieces make no new category");
    // "heating" and "Heating!" are one normal form, named as first written (least spelling);
    // "heating and hot water" is kept whole, since "heating" is not a default.
    expected.extend(["Heating!".to_owned(), "Heating and hot water".to_owned()]);
    assert_eq!(names(&db, &a).await?, expected);

    let categories_of = |complaint: &'static str, org: OrganisationId| {
        let db = db.database().clone();
        async move {
            let c = db.get_complaint(&org, &cid(complaint)).await?.ok_or("the complaint")?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
                c.categories.into_iter().map(String::from).collect::<Vec<_>>(),
            )
        }
    };
    assert_eq!(categories_of("c-1", a.clone()).await?, ["damp-and-mould", "imported-1", "repairs"]);
    assert_eq!(categories_of("c-2", a.clone()).await?, ["damp-and-mould", "imported-1"], "& is and");
    assert_eq!(categories_of("c-3", a.clone()).await?, ["imported-2"]);
    assert_eq!(categories_of("c-4", b.clone()).await?, ["anti-social-behaviour", "communication", "repairs"]);

    let under = |c: &str| ComplaintFilter { category: Some(category(c)), ..ComplaintFilter::default() };
    assert_eq!(listed(&db, &a, under("repairs")).await?, ["c-1"], "found under its second category too");
    assert_eq!(listed(&db, &a, under("damp-and-mould")).await?, ["c-2", "c-1"]);
    let search = |text: &str| ComplaintFilter { search: Some(text.into()), ..ComplaintFilter::default() };
    assert_eq!(listed(&db, &a, search("mould")).await?, ["c-1"], "the description, from the record");
    assert_eq!(listed(&db, &a, search("leak")).await?, ["c-1"], "the points, from the record");

    db.migrate().await?;
    assert_eq!(names(&db, &a).await?, expected, "mapped once: migrating again changes nothing");
    Ok(())
}
