//! Service requests: recording, listing by status, changing status, and a resident's
//! dissatisfaction logged as a complaint linked to the request (Code 1.4, 1.5); another
//! landlord's requests, managing agents' staff and read-only roles.

use axum::http::StatusCode;
use redress_app::{Role, ServiceRequestInput};
use redress_domain::service_requests::ServiceRequestStatus;
use redress_storage::Backend;

use crate::residents::{agent, complaint_of, resident, send};
use crate::site::{OUTSIDER, Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(a_service_request_is_recorded_listed_by_status_and_changed),
        case!(unreadable_service_request_input_changes_nothing),
        case!(dissatisfaction_is_logged_as_a_complaint_linked_both_ways),
        case!(others_see_service_requests_only_within_their_scope),
    ]
}

async fn request(site: &Site, resident: &str, description: &str) -> String {
    let input = ServiceRequestInput {
        resident_id: resident.parse().unwrap(),
        property_id: None,
        description: description.into(),
        status: None,
    };
    site.app.create_service_request(site.member(Role::Handler), input).await.unwrap().id.into()
}

async fn a_service_request_is_recorded_listed_by_status_and_changed(backend: Backend) {
    let site = Site::new(backend).await;
    let rosa = resident(&site, "Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let list = site.get(Some(&cookie), "/service-requests").await;
    list.expect(StatusCode::OK).expect_page("Service requests");
    assert!(list.body.contains("No service requests") && list.body.contains(r#"href="/residents""#));
    // No list of every resident: the form is opened from the resident's page.
    site.get(Some(&cookie), "/service-requests/new").await.expect_redirect("/residents");
    let record = site.get(Some(&cookie), &format!("/residents/{rosa}")).await;
    assert!(record.body.contains(&format!(r#"href="/service-requests/new?resident={rosa}""#)), "{}", record.body);

    let form = site.get(Some(&cookie), &format!("/service-requests/new?resident={rosa}")).await;
    form.expect(StatusCode::OK).expect_page("Record a service request");
    assert!(form.body.contains("Rosa Resident<br>Rosa Resident&#39;s house, River Row"), "{}", form.body);
    assert!(!form.body.contains(r#"<select class="govuk-select" id="resident""#), "{}", form.body);
    let reply =
        send(&site, &cookie, "/service-requests/new", &[("resident", &rosa), ("description", "Fix the leaking tap")])
            .await;
    reply.expect(StatusCode::SEE_OTHER);
    let path = reply.header("location").unwrap().to_owned();
    let page = site.get(Some(&cookie), &path).await;
    page.expect(StatusCode::OK).expect_page("Service request");
    assert!(page.body.contains("Fix the leaking tap") && page.body.contains("Open"), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="/residents/{rosa}""#)));
    request(&site, &rosa, "Replace the fence").await;

    send(&site, &cookie, &format!("{path}/status"), &[("status", "completed")]).await.expect_redirect(&path);
    let completed = site.get(Some(&cookie), "/service-requests?status=completed").await;
    completed.expect(StatusCode::OK);
    assert!(
        completed.body.contains("Fix the leaking tap") && !completed.body.contains("Replace the fence"),
        "{}",
        completed.body
    );
    assert!(completed.body.contains(r#"<option value="completed" selected>"#));
    let open = site.get(Some(&cookie), "/service-requests?status=open").await;
    assert!(open.body.contains("Replace the fence") && !open.body.contains("Fix the leaking tap"));
    site.get(Some(&cookie), "/service-requests?status=lost").await.expect(StatusCode::BAD_REQUEST);
    let record = site.get(Some(&cookie), &format!("/residents/{rosa}")).await;
    assert!(
        record.body.contains("Fix the leaking tap") && record.body.contains("Replace the fence"),
        "{}",
        record.body
    );
}

async fn unreadable_service_request_input_changes_nothing(backend: Backend) {
    let site = Site::new(backend).await;
    let rosa = resident(&site, "Rosa Resident").await;
    let id = request(&site, &rosa, "Fix the leaking tap").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let reply = send(&site, &cookie, &format!("/service-requests/new?resident={rosa}"), &[("description", " ")]).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Record a service request");
    assert!(reply.body.contains(r##"<a href="#description">Enter what the resident asked for</a>"##));
    let unknown =
        send(&site, &cookie, "/service-requests/new", &[("resident", "no-such-resident"), ("description", "x")]).await;
    unknown.expect(StatusCode::NOT_FOUND);
    let status = send(&site, &cookie, &format!("/service-requests/{id}/status"), &[("status", "lost")]).await;
    status.expect(StatusCode::BAD_REQUEST).expect_page("Error: Change the status");
    let complaint = send(&site, &cookie, &format!("/service-requests/{id}/complaint"), &[("channel", "phone")]).await;
    complaint.expect(StatusCode::BAD_REQUEST).expect_page("Error: Log a complaint about a service request");
    let requests = site.app.service_requests(site.member(Role::Handler)).await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].status, ServiceRequestStatus::Open);
    assert!(site.app.resident_complaints(site.member(Role::Handler), &rosa.parse().unwrap()).await.unwrap().is_empty());
}

/// A complaint about a service request is logged from the request's page, with when it was
/// received (Code 5.12), its triage (6.1), and the link both ways; the request stays open (1.5).
async fn dissatisfaction_is_logged_as_a_complaint_linked_both_ways(backend: Backend) {
    let site = Site::new(backend).await;
    let rosa = resident(&site, "Rosa Resident").await;
    let id = request(&site, &rosa, "Fix the leaking tap").await;
    let path = format!("/service-requests/{id}");
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let page = site.get(Some(&cookie), &path).await;
    assert!(page.body.contains(&format!(r#"href="{path}/complaint""#)), "{}", page.body);
    let form = site.get(Some(&cookie), &format!("{path}/complaint")).await;
    form.expect(StatusCode::OK).expect_page("Log a complaint about a service request");
    let complaint = [
        ("channel", "phone"),
        ("issue_occurred_on-day", "20"),
        ("issue_occurred_on-month", "2"),
        ("issue_occurred_on-year", "2025"),
        ("description", "The tap still leaks after three visits"),
        ("categories", "repairs"),
        // Telephoned on Friday 28 February, logged on Tuesday 4 March (Code 5.12).
        ("on-day", "28"),
        ("on-month", "2"),
        ("on-year", "2025"),
        ("time", "15:10"),
    ];
    // Triage is asked here too (Code 6.1): without it, nothing is logged.
    let untriaged = send(&site, &cookie, &format!("{path}/complaint"), &complaint).await;
    untriaged.expect(StatusCode::BAD_REQUEST);
    assert!(untriaged.body.contains("Select how complex the complaint is"), "{}", untriaged.body);
    assert!(untriaged.body.contains("Select the risks that apply, or none of these"), "{}", untriaged.body);
    let mut complaint = complaint.to_vec();
    complaint.extend([("complexity", "complex"), ("risks", "disrepair")]);
    let reply = send(&site, &cookie, &format!("{path}/complaint"), &complaint).await;
    reply.expect(StatusCode::SEE_OTHER);
    let case = reply.header("location").unwrap().to_owned();
    let case_id = case.trim_start_matches("/cases/").to_owned();
    let view = site.app.complaint(site.member(Role::Handler), &case_id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.logged.resident, rosa);
    assert_eq!(view.complaint.logged.received_at.to_string(), "2025-02-28T15:10:00Z", "received when it was, not now");
    assert_eq!(view.complaint.logged.complexity, redress_domain::complaint::Complexity::Complex);
    assert!(view.complaint.logged.risks.contains(&redress_domain::complaint::Risk::Disrepair));
    assert_eq!(view.complaint.logged.service_requests.iter().map(|r| r.as_str()).collect::<Vec<_>>(), [id.as_str()]);

    let case_page = site.get(Some(&cookie), &case).await;
    assert!(case_page.body.contains(&format!(r#"href="{path}""#)), "{}", case_page.body);
    assert!(case_page.body.contains(&format!(r#"href="/residents/{rosa}""#)));
    let page = site.get(Some(&cookie), &path).await;
    assert!(page.body.contains(&format!(r#"href="{case}">{}</a>"#, view.reference)), "{}", page.body);
    // A complaint about a service request leaves it open (Code 1.5).
    assert!(page.body.contains("Open"));
    assert_eq!(
        site.app.service_request(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap().status,
        ServiceRequestStatus::Open
    );
    let record = site.get(Some(&cookie), &format!("/residents/{rosa}")).await;
    assert!(record.body.contains(&format!(r#"href="{case}">{}</a>"#, view.reference)), "{}", record.body);
    // Another complaint of the resident is not linked to the request.
    let other = complaint_of(&site, site.member(Role::Handler), &rosa, None).await;
    let page = site.get(Some(&cookie), &path).await;
    assert!(!page.body.contains(&format!("/cases/{other}")), "{}", page.body);
}

async fn others_see_service_requests_only_within_their_scope(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let rosa = resident(&site, "Rosa Resident").await;
    let lena = resident(&site, "Lena Landlord").await;
    let rosas = request(&site, &rosa, "Fix the leaking tap").await;
    let lenas = request(&site, &lena, "Replace the fence").await;

    let outsider = site.sign_in(OUTSIDER).await;
    site.get(Some(&outsider), &format!("/service-requests/{rosas}")).await.expect(StatusCode::NOT_FOUND);
    send(&site, &outsider, &format!("/service-requests/{rosas}/status"), &[("status", "cancelled")])
        .await
        .expect(StatusCode::NOT_FOUND);
    assert!(!site.get(Some(&outsider), "/service-requests").await.body.contains("Fix the leaking tap"));

    for role in [Role::MemberResponsible, Role::Auditor] {
        let cookie = site.sign_in(&email(role)).await;
        let page = site.get(Some(&cookie), &format!("/service-requests/{rosas}")).await;
        page.expect(StatusCode::OK);
        assert!(!page.body.contains("/status\"") && !page.body.contains("/complaint\""), "{}", page.body);
        for path in [
            "/service-requests/new".to_owned(),
            format!("/service-requests/{rosas}/status"),
            format!("/service-requests/{rosas}/complaint"),
        ] {
            site.get(Some(&cookie), &path).await.expect(StatusCode::FORBIDDEN);
            send(&site, &cookie, &path, &[("status", "cancelled")]).await.expect(StatusCode::FORBIDDEN);
        }
    }

    // A managing agent's staff see the requests of the residents whose complaints they
    // handle, and may log a complaint about one, but do not change them.
    let (agent, cookie) = agent(&site).await;
    complaint_of(&site, handler, &rosa, Some(&agent)).await;
    let list = site.get(Some(&cookie), "/service-requests").await;
    assert!(list.body.contains("Fix the leaking tap") && !list.body.contains("Replace the fence"), "{}", list.body);
    site.get(Some(&cookie), &format!("/service-requests/{lenas}")).await.expect(StatusCode::NOT_FOUND);
    let page = site.get(Some(&cookie), &format!("/service-requests/{rosas}")).await;
    page.expect(StatusCode::OK);
    assert!(!page.body.contains("/status\"") && page.body.contains("/complaint\""), "{}", page.body);
    send(&site, &cookie, &format!("/service-requests/{rosas}/status"), &[("status", "cancelled")])
        .await
        .expect(StatusCode::FORBIDDEN);
    let statuses: Vec<ServiceRequestStatus> =
        site.app.service_requests(handler).await.unwrap().into_iter().map(|r| r.status).collect();
    assert_eq!(statuses, [ServiceRequestStatus::Open, ServiceRequestStatus::Open]);
}
