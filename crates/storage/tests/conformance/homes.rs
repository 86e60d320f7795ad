//! Cases about who manages each home and who lives in it: the homes a landlord assigns to a
//! managing agent, one by one or in bulk, and the residents the agent's staff then see.

use redress_domain::ids::{OrganisationId, PropertyId, ResidentId};
use redress_storage::{
    Assignment, Backend, Database, HomeFilter, Manager, NewProperty, NewResident, ResidentFilter, StorageError,
};

use crate::fixtures::{World, at, id, resident_details, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(an_agent_sees_the_residents_of_the_homes_assigned_to_it_and_no_other),
        on_each_backend!(homes_are_assigned_in_bulk_by_search_or_by_id_and_handed_back),
        on_each_backend!(a_residents_home_must_be_one_of_their_landlords),
    ]
}

/// Landlord A's homes, by address, each with a resident of the same number living in it.
const HOMES: [(&str, &str); 3] = [
    ("home-1", "1 High Street, Leeds LS1 2AB"),
    ("home-2", "2 High Street, Leeds LS1 2AB"),
    ("home-3", "3 Low Road, York YO1 9ZZ"),
];

/// The world, with A's three homes and their residents, and a managing agent.
async fn homes(backend: Backend) -> Result<(World, OrganisationId), Box<dyn std::error::Error + Send + Sync>> {
    let w = world(backend).await?;
    let agent = crate::fixtures::organisation(&w.db, "agent", "Agents Ltd").await?;
    let created_at = at("2025-01-03T09:00:00Z");
    for (n, (home, address)) in HOMES.into_iter().enumerate() {
        let new = NewProperty { id: id(home), address: address.into(), uprn: None, created_at };
        w.db.create_property(&w.a.id, &new).await?;
        let resident: ResidentId = id(&format!("resident-{}", n + 1));
        let details = resident_details(&format!("Resident {}", n + 1));
        w.db.create_resident(&w.a.id, &NewResident { id: resident.clone(), details, created_at }).await?;
        w.db.set_resident_home(&w.a.id, &resident, Some(&id(home)), created_at).await?;
    }
    Ok((w, agent.id))
}

fn by_agent(agent: &OrganisationId, w: &World, when: &str) -> Assignment {
    Assignment { manager: Some(agent.clone()), assigned_by: Some(w.a.user_id()), at: at(when) }
}

fn only(ids: &[&str]) -> HomeFilter {
    HomeFilter { ids: Some(ids.iter().map(|home| id(home)).collect()), ..HomeFilter::default() }
}

async fn managed(db: &Database, org: &OrganisationId, agent: &OrganisationId) -> Result<Vec<String>, StorageError> {
    let filter = HomeFilter { managed_by: Some(agent.clone()), ..HomeFilter::default() };
    Ok(db.list_homes(org, &filter, 100).await?.into_iter().map(|h| h.id.to_string()).collect())
}

async fn an_agent_sees_the_residents_of_the_homes_assigned_to_it_and_no_other(backend: Backend) -> CaseResult {
    let (w, agent) = homes(backend).await?;
    let db = &w.db;
    assert_eq!(db.assign_homes(&w.a.id, &only(&["home-1"]), &by_agent(&agent, &w, "2025-02-01T10:00:00Z")).await?, 1);

    let home = db.get_property(&w.a.id, &id("home-1")).await?.ok_or("home 1")?;
    let expected = Manager {
        organisation: agent.clone(),
        assigned_by: Some(w.a.user_id()),
        assigned_at: at("2025-02-01T10:00:00Z"),
    };
    assert_eq!(home.manager, Some(expected));
    assert_eq!(db.get_property(&w.a.id, &id("home-2")).await?.ok_or("home 2")?.manager, None);

    let one: ResidentId = id("resident-1");
    let two: ResidentId = id("resident-2");
    let seen: Vec<ResidentId> =
        db.list_residents_handled_by(&w.a.id, &agent).await?.into_iter().map(|r| r.id).collect();
    assert_eq!(seen, std::slice::from_ref(&one));
    let filter = ResidentFilter { handled_by: Some(agent.clone()), ..ResidentFilter::default() };
    let paged: Vec<ResidentId> = db.page_residents(&w.a.id, &filter).await?.items.into_iter().map(|r| r.id).collect();
    assert_eq!(paged, std::slice::from_ref(&one));
    assert_eq!(db.count_residents(&w.a.id, &filter).await?, 1);

    let within = db.get_resident_within(&w.a.id, Some(&agent), &one).await?.ok_or("resident 1 is the agent's")?;
    assert_eq!(within.home_id, Some(id::<PropertyId>("home-1")));
    assert_eq!(db.get_resident_within(&w.a.id, Some(&agent), &two).await?, None);
    // The landlord's own staff (no handling organisation) see every one of its residents.
    assert!(db.get_resident_within(&w.a.id, None, &two).await?.is_some());
    // Another landlord's scope never reaches them, even naming the agent.
    assert_eq!(db.get_resident_within(&w.b.id, Some(&agent), &one).await?, None);
    assert!(db.list_residents_handled_by(&w.b.id, &agent).await?.is_empty());
    Ok(())
}

async fn homes_are_assigned_in_bulk_by_search_or_by_id_and_handed_back(backend: Backend) -> CaseResult {
    let (w, agent) = homes(backend).await?;
    let db = &w.db;
    let postcode = HomeFilter { search: Some("ls1 2".into()), ..HomeFilter::default() };
    assert_eq!(db.count_homes(&w.a.id, &postcode).await?, 2);
    assert_eq!(db.assign_homes(&w.a.id, &postcode, &by_agent(&agent, &w, "2025-02-01T10:00:00Z")).await?, 2);
    assert_eq!(managed(db, &w.a.id, &agent).await?, ["home-1", "home-2"]);
    assert_eq!(db.list_residents_handled_by(&w.a.id, &agent).await?.len(), 2);

    // By id: another landlord's homes are never touched, and no ids assign nothing.
    assert_eq!(db.assign_homes(&w.b.id, &only(&["home-3"]), &by_agent(&agent, &w, "2025-02-02T10:00:00Z")).await?, 0);
    assert_eq!(db.assign_homes(&w.a.id, &only(&[]), &by_agent(&agent, &w, "2025-02-02T10:00:00Z")).await?, 0);
    assert_eq!(db.assign_homes(&w.a.id, &only(&["home-3"]), &by_agent(&agent, &w, "2025-02-02T10:00:00Z")).await?, 1);
    assert_eq!(managed(db, &w.a.id, &agent).await?, ["home-1", "home-2", "home-3"]);

    // Handed back to the landlord, the homes keep no manager nor who assigned them.
    let back = Assignment { manager: None, assigned_by: Some(w.a.user_id()), at: at("2025-02-03T10:00:00Z") };
    let street = HomeFilter { search: Some("HIGH street".into()), ..HomeFilter::default() };
    assert_eq!(db.assign_homes(&w.a.id, &street, &back).await?, 2);
    assert_eq!(managed(db, &w.a.id, &agent).await?, ["home-3"]);
    assert_eq!(db.get_property(&w.a.id, &id("home-1")).await?.ok_or("home 1")?.manager, None);
    let seen: Vec<String> =
        db.list_residents_handled_by(&w.a.id, &agent).await?.into_iter().map(|r| r.id.to_string()).collect();
    assert_eq!(seen, ["resident-3"]);
    Ok(())
}

async fn a_residents_home_must_be_one_of_their_landlords(backend: Backend) -> CaseResult {
    let (w, _) = homes(backend).await?;
    let db = &w.db;
    let created_at = at("2025-01-03T09:00:00Z");
    let theirs = NewProperty { id: id("b-home"), address: "9 Elsewhere".into(), uprn: None, created_at };
    db.create_property(&w.b.id, &theirs).await?;
    let result = db.set_resident_home(&w.a.id, &w.a.resident, Some(&id("b-home")), created_at).await;
    assert!(matches!(result, Err(StorageError::NotFound { what: "home" })), "{result:?}");
    let result = db.set_resident_home(&w.b.id, &w.a.resident, None, created_at).await;
    assert!(matches!(result, Err(StorageError::NotFound { what: "resident" })), "{result:?}");
    db.set_resident_home(&w.a.id, &id("resident-1"), None, created_at).await?;
    assert_eq!(db.get_resident(&w.a.id, &id("resident-1")).await?.ok_or("resident 1")?.home_id, None);
    Ok(())
}
