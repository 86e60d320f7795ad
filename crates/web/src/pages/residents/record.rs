//! `GET /residents/{id}`: a resident's whole record, with their representatives,
//! restrictions, complaints and service requests, and links to log a complaint from them and
//! to change the record.

use askama::Template;
use axum::extract::State;
use redress_app::Permission;
use redress_domain::complaint::Status;
use redress_domain::ids::ResidentId;

use crate::pages::IdPath;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use redress_domain::people::review_overdue;

use super::home::{HomePanel, panel};
use super::{adjustments, day_of, items, keeps_register};
use crate::AppState;
use crate::pages::cases::long_date;
use crate::pages::{Layout, PageError, Section, Staff, render};

/// Something kept under review: what it is, its review date and whether that has passed.
struct Reviewed {
    what: String,
    review: String,
    overdue: bool,
}

struct RepresentativeRow {
    name: String,
    relationship: String,
    contact: String,
    authority: String,
}

struct RestrictionRow {
    restriction: String,
    behaviour: String,
    starts: String,
    review: Reviewed,
}

struct ComplaintRow {
    id: String,
    reference: String,
    received: String,
    status: Status,
}

struct RequestRow {
    id: String,
    description: String,
    recorded: String,
    status: String,
}

#[derive(Template)]
#[template(path = "residents/show.html")]
struct RecordPage {
    layout: Layout,
    contact: Vec<(&'static str, String)>,
    disabilities: Vec<String>,
    vulnerabilities: Vec<String>,
    adjustments: Vec<Reviewed>,
    representatives: Vec<RepresentativeRow>,
    restrictions: Vec<RestrictionRow>,
    complaints: Vec<ComplaintRow>,
    requests: Vec<RequestRow>,
    /// The forms the user may open, as `(href, label)`.
    actions: Vec<(String, String)>,
    resident_id: String,
    home: HomePanel,
}

/// `GET /residents/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
) -> Result<Response, PageError> {
    let app = state.app();
    let today = app.today()?;
    let record = app.resident(&staff.actor, &id).await?;
    let resident = &record.resident;
    let d = &resident.details;
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "Not given".to_owned());
    let contact = vec![
        ("Tenancy or resident reference", or_none(&d.reference)),
        ("Email", or_none(&d.email)),
        ("Telephone", or_none(&d.phone)),
        ("Address", or_none(&d.address)),
        ("Preferred contact method", or_none(&d.preferred_contact_method)),
        ("Format needed", or_none(&d.preferred_format)),
        ("Record last changed", long_date(day_of(resident.updated_at))),
    ];
    let reviewed =
        |what: String, on: Date| Reviewed { what, review: long_date(on), overdue: review_overdue(on, today) };
    let representatives = record
        .representatives
        .iter()
        .map(|r| RepresentativeRow {
            name: r.name.clone(),
            relationship: r.relationship.clone(),
            contact: [r.email.clone(), r.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(", "),
            authority: r.authority_evidence.clone(),
        })
        .collect();
    let restrictions = app
        .restrictions(&staff.actor, &id)
        .await?
        .into_iter()
        .map(|r| RestrictionRow {
            starts: long_date(r.details.starts_on),
            review: reviewed(String::new(), r.details.review_on),
            restriction: r.details.restriction,
            behaviour: r.details.behaviour,
        })
        .collect();
    let complaints = app
        .resident_complaints(&staff.actor, &id)
        .await?
        .into_iter()
        .map(|c| ComplaintRow {
            id: c.id.into(),
            reference: c.reference,
            received: long_date(c.summary.received_on),
            status: c.summary.status,
        })
        .collect();
    let requests = app
        .service_requests(&staff.actor)
        .await?
        .into_iter()
        .filter(|r| r.resident_id == id)
        .map(|r| RequestRow {
            recorded: long_date(day_of(r.created_at)),
            status: r.status.label().to_owned(),
            description: r.description,
            id: r.id.into(),
        })
        .collect();
    let mut actions = Vec::new();
    if staff.actor.role.may(Permission::ChangeCases) {
        actions.push((format!("/cases/new?resident={id}"), "Log a complaint".to_owned()));
    }
    if keeps_register(&staff) {
        actions.extend([
            (format!("/residents/{id}/edit"), "Change contact details, preferences and support needs".to_owned()),
            (format!("/residents/{id}/representatives/new"), "Add a representative".to_owned()),
            (format!("/residents/{id}/restrictions/new"), "Restrict contact".to_owned()),
            (format!("/service-requests/new?resident={id}"), "Record a service request".to_owned()),
        ]);
    }
    let home = panel(&state, &staff, resident).await?;
    let page = RecordPage {
        layout: staff.layout(d.name.clone(), Section::Residents),
        contact,
        disabilities: items(&d.disabilities),
        vulnerabilities: items(&d.vulnerabilities),
        adjustments: adjustments(resident).into_iter().map(|a| reviewed(a.adjustment, a.review_on)).collect(),
        representatives,
        restrictions,
        complaints,
        requests,
        actions,
        resident_id: id.to_string(),
        home,
    };
    Ok(render(StatusCode::OK, &page))
}
