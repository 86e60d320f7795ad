//! Cases about residents, representatives, properties and service requests.

use redress_domain::ids::ResidentId;
use redress_domain::service_requests::ServiceRequestStatus;
use redress_storage::{
    Backend, ComplaintFilter, NewComplaint, NewProperty, NewRepresentative, NewResident, NewRestriction,
    NewServiceRequest, StorageError, Triage,
};
use serde_json::json;

use crate::fixtures::{at, cid, event, id, on, resident_details, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_resident_round_trips_with_their_support_needs),
        on_each_backend!(a_resident_of_one_organisation_is_not_found_by_another),
        on_each_backend!(representatives_and_properties_are_kept_per_organisation),
        on_each_backend!(a_service_request_changes_status_and_cannot_name_another_organisations_resident),
        on_each_backend!(contact_restrictions_are_kept_per_resident_and_organisation),
        on_each_backend!(residents_are_found_by_their_complaints_and_who_handles_them),
    ]
}

async fn a_resident_round_trips_with_their_support_needs(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let stored = w.db.get_resident(&w.a.id, &w.a.resident).await?.ok_or("A's resident")?;
    assert_eq!(stored.details, resident_details("Ada Resident"));
    assert_eq!(stored.created_at, at("2025-01-02T09:00:00Z"));

    let mut details = stored.details.clone();
    details.vulnerabilities = json!([{"kind": "bereavement", "noted_on": "2025-02-01"}]);
    details.support_review_on = Some(on("2025-08-01"));
    let updated = w.db.update_resident(&w.a.id, &w.a.resident, &details, at("2025-02-01T12:00:00Z")).await?;
    assert_eq!(updated.details, details);
    assert_eq!(updated.updated_at, at("2025-02-01T12:00:00Z"));
    assert_eq!(updated.created_at, stored.created_at);
    assert_eq!(w.db.list_residents(&w.a.id).await?, vec![updated]);
    Ok(())
}

async fn a_resident_of_one_organisation_is_not_found_by_another(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    assert_eq!(w.db.get_resident(&w.b.id, &w.a.resident).await?, None);
    let names: Vec<ResidentId> = w.db.list_residents(&w.b.id).await?.into_iter().map(|r| r.id).collect();
    assert_eq!(names, std::slice::from_ref(&w.b.resident));
    let result = w.db.update_resident(&w.b.id, &w.a.resident, &resident_details("X"), at("2025-02-01T00:00:00Z")).await;
    assert!(matches!(result, Err(StorageError::NotFound { what: "resident" })), "{result:?}");
    let copy = NewResident {
        id: w.a.resident.clone(),
        details: resident_details("X"),
        created_at: at("2025-02-01T00:00:00Z"),
    };
    assert!(matches!(w.db.create_resident(&w.b.id, &copy).await, Err(StorageError::Duplicate { .. })));
    Ok(())
}

async fn representatives_and_properties_are_kept_per_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let rep = NewRepresentative {
        id: id("rep-1"),
        resident_id: w.a.resident.clone(),
        name: "Cllr Jones".into(),
        relationship: "councillor".into(),
        email: Some("jones@example.org".into()),
        phone: None,
        authority_evidence: "signed consent form received 2025-02-03".into(),
        created_at: at("2025-02-03T10:00:00Z"),
    };
    let stored = w.db.create_representative(&w.a.id, &rep).await?;
    assert_eq!(w.db.get_representative(&w.a.id, &id("rep-1")).await?, Some(stored.clone()));
    assert_eq!(w.db.list_representatives(&w.a.id, &w.a.resident).await?, vec![stored]);
    assert_eq!(w.db.get_representative(&w.b.id, &id("rep-1")).await?, None);
    // B cannot attach a representative to A's resident.
    let foreign = NewRepresentative { id: id("rep-2"), ..rep };
    assert!(matches!(w.db.create_representative(&w.b.id, &foreign).await, Err(StorageError::MissingReference { .. })));

    let home = NewProperty {
        id: id("prop-1"),
        address: "Flat 2, 1 High Street".into(),
        uprn: Some("100023336956".into()),
        created_at: at("2025-02-03T10:00:00Z"),
    };
    let stored = w.db.create_property(&w.a.id, &home).await?;
    assert_eq!(w.db.get_property(&w.a.id, &id("prop-1")).await?, Some(stored.clone()));
    assert_eq!(w.db.list_properties(&w.a.id).await?, vec![stored]);
    assert_eq!(w.db.get_property(&w.b.id, &id("prop-1")).await?, None);
    assert!(w.db.list_properties(&w.b.id).await?.is_empty());
    Ok(())
}

async fn a_service_request_changes_status_and_cannot_name_another_organisations_resident(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    w.db.create_property(
        &w.a.id,
        &NewProperty {
            id: id("prop-1"),
            address: "1 High Street".into(),
            uprn: None,
            created_at: at("2025-02-03T10:00:00Z"),
        },
    )
    .await?;
    let request = NewServiceRequest {
        id: id("sr-1"),
        resident_id: w.a.resident.clone(),
        property_id: Some(id("prop-1")),
        description: "Leaking kitchen tap".into(),
        status: ServiceRequestStatus::Open,
        created_at: at("2025-02-04T08:00:00Z"),
    };
    let stored = w.db.create_service_request(&w.a.id, &request).await?;
    assert_eq!((stored.status, stored.updated_at), (ServiceRequestStatus::Open, at("2025-02-04T08:00:00Z")));
    let done =
        w.db.update_service_request_status(
            &w.a.id,
            &id("sr-1"),
            ServiceRequestStatus::Completed,
            at("2025-02-06T16:00:00Z"),
        )
        .await?;
    assert_eq!((done.status, done.updated_at), (ServiceRequestStatus::Completed, at("2025-02-06T16:00:00Z")));
    assert_eq!(w.db.get_service_request(&w.a.id, &id("sr-1")).await?, Some(done.clone()));
    assert_eq!(w.db.list_service_requests(&w.a.id).await?, vec![done]);

    assert_eq!(w.db.get_service_request(&w.b.id, &id("sr-1")).await?, None);
    let moved =
        w.db.update_service_request_status(
            &w.b.id,
            &id("sr-1"),
            ServiceRequestStatus::Cancelled,
            at("2025-02-07T00:00:00Z"),
        )
        .await;
    assert!(matches!(moved, Err(StorageError::NotFound { .. })), "{moved:?}");
    let foreign = NewServiceRequest { id: id("sr-2"), property_id: None, ..request.clone() };
    assert!(matches!(w.db.create_service_request(&w.b.id, &foreign).await, Err(StorageError::MissingReference { .. })));
    let foreign_home = NewServiceRequest { id: id("sr-3"), resident_id: w.b.resident.clone(), ..request };
    assert!(matches!(
        w.db.create_service_request(&w.b.id, &foreign_home).await,
        Err(StorageError::MissingReference { .. })
    ));
    Ok(())
}

async fn contact_restrictions_are_kept_per_resident_and_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let new = NewRestriction {
        id: "restriction-1".parse()?,
        resident_id: w.a.resident.parse()?,
        behaviour: "Abusive calls".into(),
        evidence: "Call recordings of 3 and 5 June".into(),
        restriction: "Email to a named officer only".into(),
        proportionality: "Every route to raise repairs stays open".into(),
        equality_act_consideration: "Support needs discussed; none affect this".into(),
        starts_on: on("2025-06-10"),
        review_on: on("2025-09-10"),
        recorded_by: w.a.user_id(),
        created_at: at("2025-06-10T09:00:00.123456789Z"),
    };
    let stored = w.db.create_restriction(&w.a.org(), &new).await?;
    assert_eq!(stored.details.created_at, at("2025-06-10T09:00:00.123456Z"), "kept to the microsecond");
    assert_eq!(w.db.list_restrictions(&w.a.org(), &new.resident_id).await?, vec![stored]);
    assert!(w.db.list_restrictions(&w.b.org(), &new.resident_id).await?.is_empty());
    let elsewhere = NewRestriction { id: "restriction-2".parse()?, ..new };
    let result = w.db.create_restriction(&w.b.org(), &elsewhere).await;
    assert!(matches!(result, Err(StorageError::MissingReference { .. })), "{result:?}");
    Ok(())
}

async fn residents_are_found_by_their_complaints_and_who_handles_them(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let db = &w.db;
    let agent = crate::fixtures::organisation(db, "agent", "Agents Ltd").await?;
    let created_at = at("2025-01-03T09:00:00Z");
    for (resident, name) in [("a-bea", "Bea Second"), ("a-cal", "Cal Third")] {
        db.create_resident(&w.a.id, &NewResident { id: id(resident), details: resident_details(name), created_at })
            .await?;
    }
    let bea: ResidentId = id("a-bea");
    // Ada's complaint is the landlord's own; Bea's two are the agent's; Cal has none.
    for (complaint, resident, handling) in
        [("c-1", &w.a.resident, &w.a.id), ("c-2", &bea, &agent.id), ("c-3", &bea, &agent.id)]
    {
        let mut s = summary(&w.a, "2025-03-01");
        s.resident_id = resident.clone();
        s.organisation_handling = handling.clone();
        db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid(complaint), summary: s, triage: Triage::default(), categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    }
    let ids = |residents: Vec<redress_storage::Resident>| residents.into_iter().map(|r| r.id).collect::<Vec<_>>();
    // Once each, however many complaints.
    assert_eq!(ids(db.list_residents_handled_by(&w.a.id, &agent.id).await?), std::slice::from_ref(&bea));
    assert_eq!(ids(db.list_residents_handled_by(&w.a.id, &w.a.id).await?), std::slice::from_ref(&w.a.resident));
    // Another landlord's complaints never lend it the residents.
    assert!(db.list_residents_handled_by(&w.b.id, &agent.id).await?.is_empty());
    assert!(db.list_residents_handled_by(&agent.id, &agent.id).await?.is_empty());

    let of = |resident: &str| ComplaintFilter { resident_id: Some(id(resident)), ..ComplaintFilter::default() };
    let mut bea: Vec<String> =
        db.list_complaints(&w.a.id, &of("a-bea")).await?.into_iter().map(|c| String::from(c.id)).collect();
    bea.sort();
    assert_eq!(bea, ["c-2", "c-3"]);
    assert_eq!(db.count_complaints(&w.a.id, &of("a-bea")).await?, 2);
    assert_eq!(db.count_complaints(&w.a.id, &of("a-cal")).await?, 0);
    assert_eq!(db.count_complaints(&w.b.id, &of("a-bea")).await?, 0);
    Ok(())
}
