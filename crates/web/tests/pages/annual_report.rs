//! The annual complaints performance and service improvement report's pages (Code 8.1, 8.2):
//! written with the GOV.UK error summary, a PDF uploaded, approved, published, and then read
//! by anyone without signing in, with the complaints behind an improvement never published.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use redress_app::{Role, Stated};
use redress_domain::complaint::Command;
use redress_domain::reporting::ReportingYear;
use redress_storage::Backend;
use serde_json::json;

use crate::site::{Site, email, encode};
use crate::{Case, case};

const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(code_8_1_the_annual_report_is_written_approved_published_and_then_public_signed_out)]
}

/// A complaint answered and closed with an improvement action; its reference.
async fn closed_with_learning(site: &Site) -> String {
    let handler = site.member(Role::Handler);
    let id = site.complaint(handler, "The boiler failed").await;
    let act = |command: serde_json::Value| async {
        let command: Command = serde_json::from_value(command).unwrap();
        site.app.act(handler, &id.parse().unwrap(), command, Stated::default()).await.unwrap();
    };
    act(json!({
        "command": "acknowledge", "stage": 1, "handler": handler.user_id,
        "definition": { "points": ["The boiler failed"], "outcomes_sought": ["Heating"] },
        "responsibility": { "responsible_for": ["The boiler"], "not_responsible_for": [] },
    }))
    .await;
    act(json!({
        "command": "respond", "stage": 1, "decision": "upheld",
        "decisions": [{ "point": "P1", "decision": "upheld", "reasons": "The repair took too long." }],
        "remedy": { "type": "no_remedy", "reason": "The boiler was replaced." },
        "outstanding": { "type": "none" },
        "escalation": { "contact": "The complaints team", "how": "Reply to this letter", "within": "20 working days" },
    }))
    .await;
    act(json!({
        "command": "close", "root_cause": "Boilers were not serviced",
        "improvement_needed": true, "improvement_actions": ["Service every boiler each year"],
    }))
    .await;
    site.app.complaint(handler, &id.parse().unwrap()).await.unwrap().reference
}

/// Uploads `bytes` as a PDF document of `kind` with `title`.
async fn upload(site: &Site, cookie: &str, path: &str, kind: &str, title: &str, bytes: &[u8]) -> StatusCode {
    let boundary = "XyZboundary";
    let mut body = Vec::new();
    for (name, value) in [("kind", kind), ("title", title)] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hos.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    site.raw(request).await.status
}

async fn code_8_1_the_annual_report_is_written_approved_published_and_then_public_signed_out(backend: Backend) {
    let site = Site::new(backend).await;
    let reference = closed_with_learning(&site).await;
    let year = ReportingYear::of(site.app.today().unwrap());
    let page = format!("/reports/annual/{}", year.starts_in());
    let admin = site.sign_in(&email(Role::Admin)).await;
    let list = site.get(Some(&admin), "/reports/annual").await;
    list.expect(StatusCode::OK);
    assert!(list.body.contains(&format!("href=\"{page}\"")), "{}", list.body);

    // The written parts: a bad address is shown in the error summary, linked to its field.
    let form = |url: &str| {
        format!(
            "self_assessment_url={}&qualitative={}&non_compliance=&improvements=",
            encode(url),
            encode("Boilers lead.")
        )
    };
    let refused = site.post(Some(&admin), &page, &form("ftp://x"), &SAME_SITE, None).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("There is a problem") && refused.body.contains("href=\"#self_assessment_url\""));
    assert!(refused.body.contains("Boilers lead."), "what was typed is kept");
    site.post(Some(&admin), &page, &form("https://example.org/sa"), &SAME_SITE, None).await.expect_redirect(&page);

    // A PDF, and only a PDF, is uploaded.
    let documents = format!("{page}/documents");
    assert_eq!(
        upload(&site, &admin, &documents, "ombudsman_annual_report", "HOS report", b"not a pdf").await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        upload(&site, &admin, &documents, "ombudsman_annual_report", "HOS report", b"%PDF-1.7 x").await,
        StatusCode::SEE_OTHER
    );
    let shown = site.get(Some(&admin), &page).await;
    shown.expect(StatusCode::OK);
    assert!(shown.body.contains("Service every boiler each year (after 1 complaint)"), "{}", shown.body);
    assert!(
        shown.body.contains(&format!("Service every boiler each year: {reference}")),
        "staff see the complaints behind it"
    );
    assert!(shown.body.contains("HOS report"));

    // Only an administrator approves and publishes; not before approval.
    let mrc = site.sign_in(&email(Role::MemberResponsible)).await;
    site.post(Some(&mrc), &format!("{page}/publish"), "", &SAME_SITE, None).await.expect(StatusCode::FORBIDDEN);
    let early = site.post(Some(&admin), &format!("{page}/publish"), "", &SAME_SITE, None).await;
    early.expect(StatusCode::BAD_REQUEST);
    assert!(early.body.contains("must approve"), "{}", early.body);
    let approve = format!("{page}/approve");
    let no_date = "meeting-day=&meeting-month=&meeting-year=&minute=B%2F7&response=Welcome";
    site.post(Some(&admin), &approve, no_date, &SAME_SITE, None).await.expect(StatusCode::BAD_REQUEST);
    // A meeting ahead of today is not on record yet; one that has happened is.
    let ahead = "meeting-day=12&meeting-month=6&meeting-year=2099&minute=B%2F7&response=The+board+welcomes+it.";
    site.post(Some(&admin), &approve, ahead, &SAME_SITE, None).await.expect(StatusCode::BAD_REQUEST);
    let today = site.app.today().unwrap();
    let approval = format!(
        "meeting-day={}&meeting-month={}&meeting-year={}&minute=B%2F7&response=The+board+welcomes+it.",
        today.day(),
        today.month(),
        today.year()
    );
    site.post(Some(&admin), &approve, &approval, &SAME_SITE, None).await.expect_redirect(&page);
    site.post(Some(&admin), &format!("{page}/publish"), "", &SAME_SITE, None).await.expect_redirect(&page);

    // Public, signed out: the page and its PDF, without the complaint's reference.
    let org = site.member(Role::Admin).organisation_id.clone();
    let public = format!("/published/{org}/annual-reports/{}", year.starts_in());
    let read = site.get(None, &public).await;
    read.expect(StatusCode::OK);
    for said in
        ["Boilers lead.", "Service every boiler each year (after 1 complaint)", "The board welcomes it.", "HOS report"]
    {
        assert!(read.body.contains(said), "{said}: {}", read.body);
    }
    assert!(!read.body.contains(&reference), "no complaint reference is published");
    let (status, headers, pdf) = site.download("", &format!("{public}/report.pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    // Once published the forms are gone and writing is refused.
    let after = site.get(Some(&admin), &page).await;
    assert!(!after.body.contains(&format!("action=\"{page}/publish\"")));
    site.post(Some(&admin), &page, &form("https://example.org/sa"), &SAME_SITE, None)
        .await
        .expect(StatusCode::BAD_REQUEST);
    let next = format!("/published/{org}/annual-reports/{}", year.starts_in() + 1);
    site.get(None, &next).await.expect(StatusCode::NOT_FOUND);
}
