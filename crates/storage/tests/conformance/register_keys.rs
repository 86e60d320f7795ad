//! Cases about the register's keyed writes (residents, representatives, homes, service requests
//! and their status, contact restrictions): each stores its request's idempotency key in its own
//! transaction, so the record and its key are written together or not at all.

use redress_domain::ids::ResidentId;
use redress_domain::service_requests::ServiceRequestStatus;
use redress_storage::{
    Backend, Database, NewProperty, NewRepresentative, NewRequestKey, NewResident, NewRestriction, NewServiceRequest,
    PROPERTY, REPRESENTATIVE, RESIDENT, RESTRICTION, SERVICE_REQUEST, StorageError, request_fingerprint,
};

use crate::fixtures::{Org, at, id, on, resident_details, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(each_register_write_stores_its_key_with_its_record),
        on_each_backend!(a_register_write_whose_key_is_live_writes_nothing),
    ]
}

/// One of the register's keyed writes.
#[derive(Debug, Clone, Copy)]
enum Write {
    Resident,
    Representative,
    Property,
    ServiceRequest,
    /// A service request's status changed (to completed), rather than a record made.
    Status,
    Restriction,
}

const WRITES: [Write; 6] =
    [Write::Resident, Write::Representative, Write::Property, Write::ServiceRequest, Write::Status, Write::Restriction];

/// The service request whose status [`Write::Status`] changes.
const REQUEST: &str = "sr-0";

fn key(key: &str, body: &str) -> NewRequestKey {
    NewRequestKey {
        organisation_id: id("org-a"),
        key: key.into(),
        fingerprint: request_fingerprint("POST", "/api/v1/residents", body.as_bytes()),
        response_status: 201,
        created_at: at("2025-03-04T10:00:00Z"),
    }
}

impl Write {
    /// What the key's record calls the record.
    fn resource(self) -> &'static str {
        match self {
            Write::Resident => RESIDENT,
            Write::Representative => REPRESENTATIVE,
            Write::Property => PROPERTY,
            Write::ServiceRequest | Write::Status => SERVICE_REQUEST,
            Write::Restriction => RESTRICTION,
        }
    }

    /// The id of the record the write makes (`id`) or changes.
    fn record(self, id: &str) -> String {
        match self {
            Write::Status => REQUEST.to_owned(),
            _ => id.to_owned(),
        }
    }

    /// Makes record `record` of organisation `org` (or changes [`REQUEST`]), storing `key`.
    async fn run(self, db: &Database, org: &Org, record: &str, key: &NewRequestKey) -> Result<(), StorageError> {
        let created_at = at("2025-03-04T10:00:00Z");
        let (resident_id, key) = (org.resident.clone(), Some(key));
        match self {
            Write::Resident => {
                let new = NewResident { id: id(record), details: resident_details("Ben Resident"), created_at };
                db.create_resident_with(&org.id, &new, key).await.map(drop)
            }
            Write::Representative => {
                let new = NewRepresentative {
                    id: id(record),
                    resident_id,
                    name: "Cllr Jones".into(),
                    relationship: "councillor".into(),
                    email: None,
                    phone: None,
                    authority_evidence: "signed consent".into(),
                    created_at,
                };
                db.create_representative_with(&org.id, &new, key).await.map(drop)
            }
            Write::Property => {
                let new = NewProperty { id: id(record), address: "1 High Street".into(), uprn: None, created_at };
                db.create_property_with(&org.id, &new, key).await.map(drop)
            }
            Write::ServiceRequest => {
                let new = request(record, resident_id);
                db.create_service_request_with(&org.id, &new, key).await.map(drop)
            }
            Write::Status => {
                let (request, completed) = (id(REQUEST), ServiceRequestStatus::Completed);
                db.update_service_request_status_with(&org.id, &request, completed, created_at, key).await.map(drop)
            }
            Write::Restriction => {
                let new = NewRestriction {
                    id: id(record),
                    resident_id,
                    behaviour: "Abusive calls".into(),
                    evidence: "Call recordings".into(),
                    restriction: "Email only".into(),
                    proportionality: "Every route to raise repairs stays open".into(),
                    equality_act_consideration: "Support needs discussed".into(),
                    starts_on: on("2025-03-04"),
                    review_on: on("2025-06-04"),
                    recorded_by: org.user_id(),
                    created_at,
                };
                db.create_restriction_with(&org.org(), &new, key).await.map(drop)
            }
        }
    }

    /// Whether the write's record `record` (or the status change) is stored.
    async fn stored(self, db: &Database, org: &Org, record: &str) -> Result<bool, StorageError> {
        Ok(match self {
            Write::Resident => db.get_resident(&org.id, &id(record)).await?.is_some(),
            Write::Representative => db.get_representative(&org.id, &id(record)).await?.is_some(),
            Write::Property => db.get_property(&org.id, &id(record)).await?.is_some(),
            Write::ServiceRequest => db.get_service_request(&org.id, &id(record)).await?.is_some(),
            Write::Status => db
                .get_service_request(&org.id, &id(REQUEST))
                .await?
                .is_some_and(|r| r.status == ServiceRequestStatus::Completed),
            Write::Restriction => db.get_restriction(&org.org(), &id(record)).await?.is_some(),
        })
    }
}

fn request(record: &str, resident_id: ResidentId) -> NewServiceRequest {
    NewServiceRequest {
        id: id(record),
        resident_id,
        property_id: None,
        description: "Leaking tap".into(),
        status: ServiceRequestStatus::Open,
        created_at: at("2025-03-04T09:00:00Z"),
    }
}

async fn each_register_write_stores_its_key_with_its_record(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.create_service_request(&w.a.id, &request(REQUEST, w.a.resident.clone())).await?;
    let now = at("2025-03-04T12:00:00Z");
    for write in WRITES {
        let (name, record) = (format!("key-{write:?}"), format!("{write:?}-1").to_lowercase());
        write.run(&w.db, &w.a, &record, &key(&name, "1")).await?;
        assert!(write.stored(&w.db, &w.a, &record).await?, "{write:?}: the record");
        let found = w.db.request_key(&w.a.id, &name, now).await?.ok_or("the key")?;
        let named = (found.resource.as_str(), found.resource_id, found.resource_seq, found.response_status);
        assert_eq!(named, (write.resource(), write.record(&record), 0, 201), "{write:?}: the key names the record");
    }
    Ok(())
}

async fn a_register_write_whose_key_is_live_writes_nothing(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.create_service_request(&w.a.id, &request(REQUEST, w.a.resident.clone())).await?;
    let first = key("taken", "1");
    Write::Resident.run(&w.db, &w.a, "first", &first).await?;
    for write in WRITES {
        let record = format!("{write:?}-2").to_lowercase();
        let refused = write.run(&w.db, &w.a, &record, &key("taken", "2")).await;
        assert!(matches!(refused, Err(StorageError::KeyTaken { .. })), "{write:?}: {refused:?}");
        assert!(!write.stored(&w.db, &w.a, &record).await?, "{write:?}: nothing written without its key");
    }
    let kept = w.db.request_key(&w.a.id, "taken", at("2025-03-04T12:00:00Z")).await?.ok_or("the key")?;
    assert_eq!((kept.resource_id.as_str(), kept.fingerprint), ("first", first.fingerprint));
    Ok(())
}
