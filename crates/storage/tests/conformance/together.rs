//! Cases about records written many at a time: homes ([`Database::create_homes`]) and whole
//! complaints with the service requests they name ([`Database::create_whole_complaints`]).

use redress_domain::ids::{OrganisationId, ResidentId};
use redress_domain::service_requests::ServiceRequestStatus;
use redress_storage::{
    Backend, Database, NewComplaint, NewHome, NewProperty, NewRepresentative, NewResident, NewServiceRequest,
    ResidentSearch, StorageError, Triage, WholeComplaint,
};

use crate::fixtures::{assert_audit_clean, at, cid, complaint, event, id, resident_details, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(homes_recorded_together_are_stored_as_each_recorded_alone),
        on_each_backend!(homes_with_a_representative_of_no_resident_are_not_written_at_all),
        on_each_backend!(whole_complaints_follow_the_registry_and_bring_their_service_requests),
        on_each_backend!(whole_complaints_with_a_service_request_taken_are_not_written_at_all),
    ]
}

/// Home `n`: a property, its resident and, for every third, a representative.
fn home(n: usize) -> NewHome {
    let created_at = at("2025-01-03T09:00:00Z");
    let resident_id: ResidentId = id(&format!("home-resident-{n}"));
    NewHome {
        property: NewProperty {
            id: id(&format!("home-property-{n}")),
            address: format!("{n} Long Road, Anytown"),
            uprn: n.is_multiple_of(2).then(|| format!("{n:012}")),
            created_at,
        },
        resident: NewResident {
            id: resident_id.clone(),
            details: resident_details(&format!("Resident {n}")),
            created_at,
        },
        representative: n.is_multiple_of(3).then(|| NewRepresentative {
            id: id(&format!("home-representative-{n}")),
            resident_id,
            name: format!("Representative {n}"),
            relationship: "daughter".into(),
            email: None,
            phone: Some("07700 900123".into()),
            authority_evidence: "Signed consent form".into(),
            created_at,
        }),
    }
}

/// More homes than one statement carries residents (14 values each, 32,766 at most).
const MANY_HOMES: usize = 2_400;

async fn homes_recorded_together_are_stored_as_each_recorded_alone(backend: Backend) -> CaseResult {
    let together = world(backend).await?;
    let homes: Vec<NewHome> = (0..MANY_HOMES).map(home).collect();
    together.db.create_homes(&together.a.id, &homes).await?;
    let alone = world(backend).await?;
    for home in homes.iter().take(4) {
        alone.db.create_property(&alone.a.id, &home.property).await?;
        alone.db.create_resident(&alone.a.id, &home.resident).await?;
        // The resident lives there: together, that is written with them.
        let lives_in = Some(&home.property.id);
        alone.db.set_resident_home(&alone.a.id, &home.resident.id, lives_in, home.resident.created_at).await?;
        if let Some(representative) = &home.representative {
            alone.db.create_representative(&alone.a.id, representative).await?;
        }
    }
    let org = &together.a.id;
    for home in homes.iter().take(4) {
        let resident = &home.resident.id;
        assert_eq!(together.db.get_resident(org, resident).await?, alone.db.get_resident(org, resident).await?);
        let property = &home.property.id;
        assert_eq!(together.db.get_property(org, property).await?, alone.db.get_property(org, property).await?);
        let (a, b) = (
            together.db.list_representatives(org, resident).await?,
            alone.db.list_representatives(org, resident).await?,
        );
        assert_eq!(a, b);
        assert_eq!(a.len(), usize::from(home.representative.is_some()));
    }
    let last = &homes[MANY_HOMES - 1];
    let stored = together.db.get_resident(org, &last.resident.id).await?.ok_or("the last home's resident")?;
    assert_eq!(stored.details, last.resident.details);
    assert_eq!(together.db.list_residents(org).await?.len(), MANY_HOMES + 1, "every home's resident and A's own");
    assert_eq!(together.db.list_properties(org).await?.len(), MANY_HOMES);
    // Each resident is found by the words of their record, as one recorded alone is.
    let search = ResidentSearch { text: (MANY_HOMES - 1).to_string(), handled_by: None, limit: 20, after: None };
    let found = together.db.search_residents(org, &search).await?;
    let ids: Vec<&ResidentId> = found.residents.iter().map(|r| &r.id).collect();
    assert_eq!(ids, [&last.resident.id]);
    Ok(())
}

async fn homes_with_a_representative_of_no_resident_are_not_written_at_all(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let mut homes: Vec<NewHome> = (0..4).map(home).collect();
    if let Some(representative) = homes[3].representative.as_mut() {
        representative.resident_id = id("nobody");
    }
    let refused = w.db.create_homes(&w.a.id, &homes).await;
    assert!(matches!(refused, Err(StorageError::MissingReference { what: "representative" })), "{refused:?}");
    assert_eq!(w.db.list_properties(&w.a.id).await?, Vec::new());
    assert_eq!(w.db.get_resident(&w.a.id, &homes[0].resident.id).await?, None);
    Ok(())
}

/// A service request of A's resident, recorded on `day`.
fn service_request(n: u32, org_resident: &ResidentId, day: &str) -> NewServiceRequest {
    NewServiceRequest {
        id: id(&format!("sr-{n}")),
        resident_id: org_resident.clone(),
        property_id: None,
        description: format!("Repair {n}"),
        status: ServiceRequestStatus::InProgress,
        created_at: at(&format!("{day}T08:00:00Z")),
    }
}

/// Whole complaint `key` of A, received on `received`, with two events and `service_requests`.
fn whole(
    w: &crate::fixtures::World,
    key: &str,
    received: &str,
    service_requests: Vec<NewServiceRequest>,
) -> WholeComplaint {
    WholeComplaint {
        complaint: NewComplaint {
            id: cid(key),
            summary: summary(&w.a, received),
            triage: Triage::default(),
            categories: Vec::new(),
        },
        events: vec![event("logged", r#"{"channel":"email"}"#), event("acknowledged", r#"{"stage":1}"#)],
        correspondence: Vec::new(),
        work: Vec::new(),
        service_requests,
        imported_from: None,
        tsm: Vec::new(),
    }
}

async fn whole_complaints_follow_the_registry_and_bring_their_service_requests(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-alone", "2025-12-01").await?;
    let request = service_request(1, &w.a.resident, "2025-12-20");
    let complaints = [
        whole(&w, "c-whole-1", "2025-12-30", vec![request.clone()]),
        whole(&w, "c-whole-2", "2026-01-02", Vec::new()),
        whole(&w, "c-whole-3", "2026-01-05", Vec::new()),
    ];
    let created = w.db.create_whole_complaints(&w.a.id, &complaints).await?;
    let references: Vec<&str> = created.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(references, ["CMP-2025-000002", "CMP-2026-000001", "CMP-2026-000002"]);
    assert_eq!(created.iter().map(|c| c.last_seq).collect::<Vec<_>>(), [2, 2, 2]);
    let stored = w.db.get_service_request(&w.a.id, &request.id).await?.ok_or("the service request")?;
    assert_eq!(
        (stored.status, stored.created_at, stored.updated_at),
        (request.status, request.created_at, request.created_at)
    );
    assert_registry_counts(&w.db, &w.a.id, 4).await?;
    assert_audit_clean(&w.db).await
}

async fn whole_complaints_with_a_service_request_taken_are_not_written_at_all(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let request = service_request(1, &w.a.resident, "2025-12-20");
    w.db.create_service_request(&w.a.id, &request).await?;
    let complaints =
        [whole(&w, "c-whole-1", "2025-12-30", Vec::new()), whole(&w, "c-whole-2", "2025-12-31", vec![request])];
    let refused = w.db.create_whole_complaints(&w.a.id, &complaints).await;
    assert!(matches!(refused, Err(StorageError::Duplicate { what: "service request" })), "{refused:?}");
    assert_eq!(w.db.get_complaint(&w.a.id, &cid("c-whole-1")).await?, None);
    assert_registry_counts(&w.db, &w.a.id, 0).await
}

/// Asserts that organisation `org`'s registry has `entries` entries, its head at the last.
async fn assert_registry_counts(db: &Database, org: &OrganisationId, entries: u64) -> CaseResult {
    let report = db.verify_audit().await?;
    let head = report.registry_heads.iter().find(|h| h.organisation_id == org.as_str());
    assert_eq!(head.map_or(0, |h| h.last_seq), entries as i64);
    Ok(())
}
