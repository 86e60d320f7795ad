//! Cases about finding a resident by words of their name or address, or their postcode
//! (`resident_search.rs`, migration 0019): what is found, within which scope, and that the
//! search reads its index however many residents there are.

use redress_domain::ids::ResidentId;
use redress_storage::testing::{bulk, bulk_residents};
use redress_storage::{Backend, Database, NewComplaint, NewResident, ResidentSearch, Triage};

use crate::fixtures::{at, cid, event, exec, id, resident_details, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_resident_is_found_by_words_of_their_name_or_address_or_their_postcode),
        on_each_backend!(a_changed_address_finds_the_resident_by_the_new_one_only),
        on_each_backend!(a_search_says_when_more_residents_match_than_it_returns),
        on_each_backend!(a_resident_is_found_by_their_whole_reference_ignoring_case_and_spaces),
        on_each_backend!(a_search_pages_after_the_last_resident_of_the_page_before),
        on_each_backend!(an_agents_search_finds_only_the_residents_of_complaints_it_handles),
        on_each_backend!(residents_recorded_before_the_search_get_their_terms_when_migrating),
        on_each_backend!(a_search_reads_the_terms_index_and_scans_no_table),
    ]
}

/// Two Jane Smiths and a John Smithson in landlord A (beside its Ada Resident of 1 High
/// Street, Anytown), told apart by their addresses.
const PEOPLE: [(&str, &str, &str); 3] = [
    ("a-jane-leeds", "Jane Smith", "12 Acacia Avenue, Leeds LS1 2AB"),
    ("a-jane-york", "Jane Smith", "4 Mill Road, York YO1 7HH"),
    ("a-john", "John Smithson", "9 Acacia Avenue, Leeds LS1 2AD"),
];

async fn people(db: &Database, org: &redress_domain::ids::OrganisationId) -> CaseResult {
    for (resident, name, address) in PEOPLE {
        let mut details = resident_details(name);
        details.address = Some(address.to_owned());
        db.create_resident(org, &NewResident { id: id(resident), details, created_at: at("2025-01-03T09:00:00Z") })
            .await?;
    }
    Ok(())
}

/// The ids a search of `text` in `org` finds, by name then id.
async fn found(db: &Database, org: &redress_domain::ids::OrganisationId, text: &str) -> Vec<String> {
    let search = ResidentSearch { text: text.to_owned(), handled_by: None, limit: 20, after: None };
    match db.search_residents(org, &search).await {
        Ok(matches) => matches.residents.into_iter().map(|r| String::from(r.id)).collect(),
        Err(error) => vec![format!("failed: {error}")],
    }
}

async fn a_resident_is_found_by_words_of_their_name_or_address_or_their_postcode(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    let (db, a) = (&w.db, &w.a.id);
    assert_eq!(found(db, a, "jane smith").await, ["a-jane-leeds", "a-jane-york"]);
    assert_eq!(found(db, a, "Smith").await, ["a-jane-leeds", "a-jane-york", "a-john"], "a word's beginning");
    assert_eq!(found(db, a, "acacia").await, ["a-jane-leeds", "a-john"]);
    assert_eq!(found(db, a, "Jane, 12 Acacia").await, ["a-jane-leeds"]);
    assert_eq!(found(db, a, "jane york").await, ["a-jane-york"]);
    assert_eq!(found(db, a, "LS1 2AB").await, ["a-jane-leeds"]);
    assert_eq!(found(db, a, "ls12ab").await, ["a-jane-leeds"], "the postcode without its space");
    assert_eq!(found(db, a, "yo1").await, ["a-jane-york"]);
    assert!(found(db, a, "cacia").await.is_empty(), "only the beginnings of words");
    assert!(found(db, a, "jane leeds york").await.is_empty(), "every word must match");
    assert!(found(db, a, " , ").await.is_empty(), "no words, no one");
    // Landlord B's Ada Resident is never A's.
    assert_eq!(found(db, a, "ada").await, [w.a.resident.to_string()]);
    assert_eq!(found(db, &w.b.id, "ada").await, [w.b.resident.to_string()]);
    assert!(found(db, &w.b.id, "acacia").await.is_empty());
    Ok(())
}

async fn a_changed_address_finds_the_resident_by_the_new_one_only(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    let york: ResidentId = id("a-jane-york");
    let mut details = w.db.get_resident(&w.a.id, &york).await?.ok_or("Jane of York")?.details;
    details.address = Some("7 Quay Street, Whitby YO21 1AA".into());
    w.db.update_resident(&w.a.id, &york, &details, at("2025-02-01T09:00:00Z")).await?;
    assert!(found(&w.db, &w.a.id, "mill road").await.is_empty());
    assert_eq!(found(&w.db, &w.a.id, "jane whitby").await, ["a-jane-york"]);
    assert_eq!(found(&w.db, &w.a.id, "yo211aa").await, ["a-jane-york"]);
    Ok(())
}

async fn a_search_says_when_more_residents_match_than_it_returns(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    let search = |text: &str, limit| ResidentSearch { text: text.into(), handled_by: None, limit, after: None };
    let two = w.db.search_residents(&w.a.id, &search("smith", 2)).await?;
    let names: Vec<String> = two.residents.iter().map(|r| r.id.to_string()).collect();
    assert_eq!((names.as_slice(), two.more), (["a-jane-leeds".to_owned(), "a-jane-york".to_owned()].as_slice(), true));
    let all = w.db.search_residents(&w.a.id, &search("smith", 3)).await?;
    assert_eq!((all.residents.len(), all.more), (3, false));
    Ok(())
}

async fn a_resident_is_found_by_their_whole_reference_ignoring_case_and_spaces(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    let (db, a) = (&w.db, &w.a.id);
    let mut york = db.get_resident(a, &id("a-jane-york")).await?.ok_or("the resident")?;
    york.details.reference = Some("T 100042".into());
    db.update_resident(a, &york.id, &york.details, at("2025-01-04T09:00:00Z")).await?;
    // As the landlord writes it, or in lower case, or with spaces of its own.
    for text in ["T100042", "t100042", " t 1000 42 "] {
        assert_eq!(found(db, a, text).await, ["a-jane-york"], "{text}");
    }
    // Exact only: part of it finds no one, nor does another landlord's search.
    assert!(found(db, a, "T1000").await.is_empty());
    assert!(found(db, &w.b.id, "T100042").await.is_empty());
    // A new resident's reference is found at once; the reference is kept and read back.
    let mut details = resident_details("Ann Lee");
    details.reference = Some("T100043".into());
    let new = NewResident { id: id("a-ann"), details, created_at: at("2025-01-04T09:00:00Z") };
    db.create_resident(a, &new).await?;
    assert_eq!(found(db, a, "t100043").await, ["a-ann"]);
    let ann = db.get_resident(a, &id("a-ann")).await?.ok_or("the resident")?;
    assert_eq!(ann.details.reference.as_deref(), Some("T100043"));
    Ok(())
}

async fn a_search_pages_after_the_last_resident_of_the_page_before(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    let search = |after| ResidentSearch { text: "smith".into(), handled_by: None, limit: 2, after };
    let first = w.db.search_residents(&w.a.id, &search(None)).await?;
    let last = first.residents.last().map(redress_storage::Resident::cursor);
    let second = w.db.search_residents(&w.a.id, &search(last)).await?;
    let ids: Vec<String> = second.residents.iter().map(|r| r.id.to_string()).collect();
    assert_eq!((ids.as_slice(), second.more), (["a-john".to_owned()].as_slice(), false));
    Ok(())
}

async fn an_agents_search_finds_only_the_residents_of_complaints_it_handles(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    let agent = crate::fixtures::organisation(&w.db, "agent", "Agents Ltd").await?;
    let mut s = summary(&w.a, "2025-03-01");
    s.resident_id = id("a-jane-york");
    s.organisation_handling = agent.id.clone();
    let complaint = NewComplaint { id: cid("c-1"), summary: s, triage: Triage::default(), categories: Vec::new() };
    w.db.create_complaint(&w.a.org(), &complaint, &[event("logged", "{}")]).await?;
    let search =
        ResidentSearch { text: "jane smith".into(), handled_by: Some(agent.id.clone()), limit: 20, after: None };
    let matches = w.db.search_residents(&w.a.id, &search).await?;
    let ids: Vec<String> = matches.residents.into_iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["a-jane-york"]);
    Ok(())
}

async fn residents_recorded_before_the_search_get_their_terms_when_migrating(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    // As a database migrated before 0019 has them: residents, no terms.
    exec(&w.db, "delete from resident_search_terms", &[]).await?;
    assert!(found(&w.db, &w.a.id, "acacia").await.is_empty());
    w.db.migrate().await?;
    assert_eq!(found(&w.db, &w.a.id, "acacia").await, ["a-jane-leeds", "a-john"]);
    assert_eq!(found(&w.db, &w.b.id, "high street").await, [w.b.resident.to_string()]);
    Ok(())
}

async fn a_search_reads_the_terms_index_and_scans_no_table(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    people(&w.db, &w.a.id).await?;
    // A register of some size, and the planner's statistics of it: the plans of a database in use.
    bulk_residents::insert_residents(&w.db, &w.a.id, "bulk", 5000, at("2025-01-03T09:00:00Z")).await?;
    bulk::analyze(&w.db).await?;
    let agent = crate::fixtures::organisation(&w.db, "agent", "Agents Ltd").await?;
    let index = match backend {
        Backend::Sqlite => "resident_search_terms USING PRIMARY KEY",
        Backend::Postgres => "resident_search_terms_pkey",
    };
    for (what, text, handled_by) in [
        ("one word", "acacia", None),
        ("three words", "jane 12 acacia", None),
        ("a common surname and a street", "smith station", None),
        ("an agent's", "jane smith", Some(agent.id.clone())),
    ] {
        let search = ResidentSearch { text: text.into(), handled_by, limit: 20, after: None };
        let plan = w.db.explain_resident_search(&w.a.id, &search).await?.join("\n");
        assert!(plan.contains(index), "{what}: does not read {index}:\n{plan}");
        // The candidates (at most CANDIDATES rows of the range) are scanned; no table is, and
        // the residents are looked up from the candidates, never walked in name order.
        let whole = ["SCAN residents", "SCAN resident_search_terms", "Seq Scan", "residents_list_idx"];
        assert!(!whole.iter().any(|w| plan.contains(w)), "{what}: reads a table whole:\n{plan}");
    }
    Ok(())
}
