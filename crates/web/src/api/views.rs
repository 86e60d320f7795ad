//! What the API sends back: JSON bodies built from the application's records, each with an
//! OpenAPI schema. Only fields meant for clients appear (no organisation-internal chain heads,
//! no token hashes).

use jiff::Timestamp;
use jiff::civil::Date;
use redress_app::{ComplaintView, CorrespondenceRecord, RecordedEvent, ResidentRecord};
use redress_domain::calendar::london;
use redress_domain::complaint::{Complaint, Deadline, Event, Happened, Status, UpdateDue, met_only_by_late_records};
use redress_domain::people::ReasonableAdjustment;
use redress_storage::{
    AttachmentInfo, Complaint as StoredComplaint, Property, Representative, Resident, Restriction, ServiceRequest,
};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A complaint with its state, every deadline with its explanation, its whole record and
/// its correspondence.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintBody {
    /// Its id.
    pub id: String,
    /// Its reference, such as `CMP-2025-000123`.
    pub reference: String,
    /// Its status: `not_accepted`, `awaiting_acknowledgement`, `investigating`, `responded` or
    /// `closed`.
    pub status: String,
    /// The stage it is at: 1 or 2.
    pub stage: u8,
    /// The complaint as its record makes it: stages, acknowledgements, extensions, responses,
    /// remedies, actions, the Ombudsman's involvement and closure.
    pub complaint: Complaint,
    /// Every deadline it has reached, judged today: the due date, where it stands, and how
    /// the due date was worked out (start event, provision and working days, extensions, and
    /// the non-working days skipped with their names).
    pub deadlines: Vec<Deadline>,
    /// The next update due to the resident (Code 5.9), judged today: its due date, where it
    /// stands, what calls for it (an agreed interval, or a response past its due date) and
    /// what it is counted from; absent when none is due.
    pub next_update: Option<UpdateDue>,
    /// How many of `deadlines` count as met only thanks to an event recorded after the
    /// deadline had passed, though it says it happened by then (each such deadline lists them
    /// in `recorded_after_due`): timeliness without them leaves these out of the met ones.
    pub met_by_late_records: u32,
    /// The record (Code 5.12), oldest first, each event chained to the one before by its hash.
    pub events: Vec<EventBody>,
    /// Correspondence in and out, oldest first.
    pub correspondence: Vec<CorrespondenceBody>,
}

/// One event of the record.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventBody {
    /// Its position in the record, from 1.
    pub seq: i64,
    /// When it was recorded, by the server's clock.
    pub recorded_at: Timestamp,
    /// When it happened, as stated, for an event that keeps the instant (the complaint
    /// received, a step taken, correspondence sent or received); absent for one that keeps
    /// only the date, or that happened when it was recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub happened_at: Option<Timestamp>,
    /// The date in England it happened, as stated; absent for an event that happened when it
    /// was recorded (points added, an interval agreed, a remedy offered, an action added).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub happened_on: Option<Date>,
    /// The id of the user who recorded it.
    pub actor: String,
    /// The SHA-256 chaining it to the event before.
    pub hash: String,
    /// What happened.
    pub event: Event,
}

/// Correspondence in or out of a complaint.
#[derive(Debug, Serialize, ToSchema)]
pub struct CorrespondenceBody {
    /// Its id.
    pub id: String,
    /// `in` (from the resident) or `out` (from the landlord).
    pub direction: String,
    /// How it was sent or received.
    pub channel: String,
    /// Subject or one-line summary.
    pub subject: String,
    /// The text.
    pub body: String,
    /// When it was sent, received or took place.
    pub occurred_at: Timestamp,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// The SHA-256 of its content.
    pub sha256: String,
    /// Its attachments.
    pub attachments: Vec<AttachmentBody>,
}

/// A file attached to correspondence (fetch its bytes from `href`).
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentBody {
    /// Its id.
    pub id: String,
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// The SHA-256 of its bytes, in lowercase hex.
    pub sha256: String,
    /// Where to fetch its bytes.
    pub href: String,
}

/// A complaint in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintSummaryBody {
    /// Its id.
    pub id: String,
    /// Its reference.
    pub reference: String,
    /// The resident.
    pub resident_id: String,
    /// The stage it is at.
    pub stage: Option<u8>,
    /// Its status.
    pub status: Status,
    /// Who handles it now.
    pub handler: Option<String>,
    /// The organisation dealing with it: the landlord or a managing agent acting for it.
    pub handling_organisation: String,
    /// The date in England it was received.
    pub received_on: Date,
    /// The ids of its categories (their names are in `GET /settings/categories`).
    pub categories: Vec<String>,
    /// How it arrived.
    pub channel: String,
    /// The next due date of an open step.
    pub next_due: Option<Date>,
    /// Where that deadline stands today: `on_track`, `due_soon` or `overdue`; for a
    /// complaint with no open step, how its last deadline ended (`met`, `missed`…).
    pub deadline_status: Option<String>,
    /// When the next update to the resident is due (Code 5.9), if one is.
    pub next_update_due: Option<Date>,
    /// How many of its deadlines count as met only thanks to an event recorded after the
    /// deadline had passed (Code 5.12): counted apart in timeliness figures.
    pub met_by_late_records: u32,
    /// How many of its deadlines, at either stage, were answered after their due date (those
    /// still open past it are `overdue`); null for a complaint stored before this was counted,
    /// until the server next starts.
    pub deadlines_answered_late: Option<u32>,
    /// When it was logged.
    pub created_at: Timestamp,
    /// When its record last changed.
    pub updated_at: Timestamp,
}

/// A page of complaints.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintPage {
    /// The complaints, most recently received first (then by reference, descending); with
    /// `overdue` or `due_soon`, soonest due first (then by reference).
    pub items: Vec<ComplaintSummaryBody>,
    /// The most asked for.
    pub limit: u32,
    /// How many were skipped.
    pub offset: u32,
    /// Pass as `cursor` (with the same filters) for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A page of residents.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResidentPage {
    /// The residents, by name (then id).
    pub items: Vec<ResidentBody>,
    /// The most asked for.
    pub limit: u32,
    /// Pass as `cursor` (with the same `q`) for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A resident.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResidentBody {
    /// Their id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// The landlord's own reference for them (a tenancy or resident reference), if recorded.
    pub reference: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// How they prefer to be contacted.
    pub preferred_contact_method: Option<String>,
    /// The format they need letters in.
    pub preferred_format: Option<String>,
    /// Disabilities disclosed.
    #[schema(value_type = Vec<String>)]
    pub disabilities: Value,
    /// Vulnerabilities recorded.
    #[schema(value_type = Vec<String>)]
    pub vulnerabilities: Value,
    /// Reasonable adjustments agreed, each with its review date (Code 5.10).
    #[schema(value_type = Vec<ReasonableAdjustment>)]
    pub reasonable_adjustments: Value,
    /// The earliest review date of their reasonable adjustments.
    pub support_review_on: Option<Date>,
    /// Representatives acting for them (only when one resident is fetched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representatives: Option<Vec<RepresentativeBody>>,
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the details last changed.
    pub updated_at: Timestamp,
}

/// Someone acting for a resident with their authority (Code 1.3, 3.6).
#[derive(Debug, Serialize, ToSchema)]
pub struct RepresentativeBody {
    /// Their id.
    pub id: String,
    /// The resident they act for.
    pub resident_id: String,
    /// Their name.
    pub name: String,
    /// Their relationship to the resident.
    pub relationship: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// How the resident gave their authority (empty: not yet on record).
    pub authority_evidence: String,
    /// When the record was created.
    pub created_at: Timestamp,
}

/// A home.
#[derive(Debug, Serialize, ToSchema)]
pub struct PropertyBody {
    /// Its id.
    pub id: String,
    /// Its address.
    pub address: String,
    /// Its Unique Property Reference Number, when known.
    pub uprn: Option<String>,
    /// When the record was created.
    pub created_at: Timestamp,
}

/// A service request (Code 1.4).
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceRequestBody {
    /// Its id.
    pub id: String,
    /// The resident who made it.
    pub resident_id: String,
    /// The home it is about.
    pub property_id: Option<String>,
    /// What was asked for.
    pub description: String,
    /// `open`, `in_progress`, `completed` or `cancelled`.
    pub status: String,
    /// When it was recorded.
    pub created_at: Timestamp,
    /// When its status last changed.
    pub updated_at: Timestamp,
}

/// The path of an attachment's bytes.
pub fn attachment_href(complaint_id: &str, correspondence_id: &str, attachment_id: &str) -> String {
    format!("/api/v1/complaints/{complaint_id}/correspondence/{correspondence_id}/attachments/{attachment_id}")
}

impl ComplaintBody {
    /// A complaint's view with its correspondence.
    pub fn new(view: ComplaintView, correspondence: Vec<CorrespondenceRecord>) -> ComplaintBody {
        let id: String = view.id.into();
        let correspondence = correspondence.into_iter().map(|record| CorrespondenceBody::new(&id, record)).collect();
        ComplaintBody {
            reference: view.reference,
            status: view.status.as_str().to_owned(),
            stage: view.stage,
            complaint: view.complaint,
            met_by_late_records: u32::try_from(met_only_by_late_records(&view.deadlines)).unwrap_or(u32::MAX),
            deadlines: view.deadlines,
            next_update: view.next_update,
            events: view.events.into_iter().map(EventBody::from).collect(),
            correspondence,
            id,
        }
    }
}

impl From<RecordedEvent> for EventBody {
    fn from(event: RecordedEvent) -> EventBody {
        let (happened_at, happened_on) = match event.event.happened() {
            Some(Happened::At(at)) => (Some(at), london::local_date(at).ok()),
            Some(Happened::On(on)) => (None, Some(on)),
            None => (None, None),
        };
        EventBody {
            seq: event.seq,
            recorded_at: event.recorded_at,
            happened_at,
            happened_on,
            actor: event.actor,
            hash: event.hash,
            event: event.event,
        }
    }
}

impl CorrespondenceBody {
    fn new(complaint_id: &str, record: CorrespondenceRecord) -> CorrespondenceBody {
        let item = record.item;
        let attachments = record
            .attachments
            .into_iter()
            .map(|a: AttachmentInfo| AttachmentBody {
                href: attachment_href(complaint_id, &item.id, &a.id),
                id: a.id.into(),
                file_name: a.file_name,
                media_type: a.media_type,
                size_bytes: a.size_bytes,
                sha256: a.sha256,
            })
            .collect();
        CorrespondenceBody {
            id: item.id.into(),
            direction: item.direction.as_str().to_owned(),
            channel: item.channel,
            subject: item.subject,
            body: item.body,
            occurred_at: item.occurred_at,
            recorded_at: item.recorded_at,
            sha256: item.hash,
            attachments,
        }
    }
}

impl From<StoredComplaint> for ComplaintSummaryBody {
    fn from(row: StoredComplaint) -> ComplaintSummaryBody {
        let s = row.summary;
        ComplaintSummaryBody {
            id: row.id.into(),
            reference: row.reference,
            resident_id: s.resident_id.into(),
            stage: s.stage,
            status: s.status,
            handler: s.handler.map(String::from),
            handling_organisation: s.organisation_handling.into(),
            received_on: s.received_on,
            categories: row.categories.into_iter().map(String::from).collect(),
            channel: s.channel,
            next_due: s.next_due,
            deadline_status: s.deadline_status,
            next_update_due: s.next_update_due,
            met_by_late_records: s.met_by_late_records,
            deadlines_answered_late: s.deadlines_answered_late,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

impl From<Resident> for ResidentBody {
    fn from(resident: Resident) -> ResidentBody {
        let d = resident.details;
        ResidentBody {
            id: resident.id.into(),
            name: d.name,
            reference: d.reference,
            email: d.email,
            phone: d.phone,
            address: d.address,
            preferred_contact_method: d.preferred_contact_method,
            preferred_format: d.preferred_format,
            disabilities: d.disabilities,
            vulnerabilities: d.vulnerabilities,
            reasonable_adjustments: d.reasonable_adjustments,
            support_review_on: d.support_review_on,
            representatives: None,
            created_at: resident.created_at,
            updated_at: resident.updated_at,
        }
    }
}

impl From<ResidentRecord> for ResidentBody {
    fn from(record: ResidentRecord) -> ResidentBody {
        let representatives = record.representatives.into_iter().map(RepresentativeBody::from).collect();
        ResidentBody { representatives: Some(representatives), ..ResidentBody::from(record.resident) }
    }
}

impl From<Representative> for RepresentativeBody {
    fn from(r: Representative) -> RepresentativeBody {
        RepresentativeBody {
            id: r.id.into(),
            resident_id: r.resident_id.into(),
            name: r.name,
            relationship: r.relationship,
            email: r.email,
            phone: r.phone,
            authority_evidence: r.authority_evidence,
            created_at: r.created_at,
        }
    }
}

impl From<Property> for PropertyBody {
    fn from(p: Property) -> PropertyBody {
        PropertyBody { id: p.id.into(), address: p.address, uprn: p.uprn, created_at: p.created_at }
    }
}

impl From<ServiceRequest> for ServiceRequestBody {
    fn from(r: ServiceRequest) -> ServiceRequestBody {
        ServiceRequestBody {
            id: r.id.into(),
            resident_id: r.resident_id.into(),
            property_id: r.property_id.map(String::from),
            description: r.description,
            status: r.status.as_str().to_owned(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A restriction on a resident's contact for unacceptable behaviour (Code 5.14, 5.15).
///
/// Its fields are written out rather than flattened from the request's `ContactRestriction`:
/// that schema refuses fields it does not name, so a response built on it would contradict
/// itself in the document.
#[derive(Debug, Serialize, ToSchema)]
pub struct RestrictionBody {
    /// Its id.
    pub id: String,
    /// The resident it restricts.
    pub resident_id: String,
    /// The behaviour that led to it.
    pub behaviour: String,
    /// The evidence for it (Code 5.14: the reasons must be evidenced).
    pub evidence: String,
    /// What contact is restricted, and how the resident can still raise matters.
    pub restriction: String,
    /// Why it is proportionate (Code 5.15).
    pub proportionality: String,
    /// How the Equality Act 2010 was considered, including any disability (Code 5.15).
    pub equality_act_consideration: String,
    /// From when it applies.
    pub starts_on: Date,
    /// When it is next reviewed (Code 5.14: kept under regular review).
    pub review_on: Date,
    /// Who recorded it.
    pub recorded_by: String,
    /// When it was recorded.
    pub created_at: Timestamp,
}

impl From<Restriction> for RestrictionBody {
    fn from(r: Restriction) -> RestrictionBody {
        let d = r.details;
        RestrictionBody {
            id: d.id.into(),
            resident_id: d.resident_id.into(),
            behaviour: d.behaviour,
            evidence: d.evidence,
            restriction: d.restriction,
            proportionality: d.proportionality,
            equality_act_consideration: d.equality_act_consideration,
            starts_on: d.starts_on,
            review_on: d.review_on,
            recorded_by: d.recorded_by.into(),
            created_at: d.created_at,
        }
    }
}
