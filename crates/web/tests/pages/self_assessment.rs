//! The self-assessment pages (issue 13): start one, see its sections as tables with the
//! evidence from the record, answer a provision (a "No" without its explanation refused in
//! the error summary citing Code 8.1), the workflow's forms, who may do what, and the changes
//! since last year's.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use crate::site::{Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(code_8_1_a_self_assessment_is_started_answered_and_sent_through_its_workflow_from_the_pages),
        case!(code_8_2_a_published_self_assessment_is_public_and_downloads_in_every_format),
        case!(code_8_3_to_8_5_what_asks_for_a_new_self_assessment_and_non_compliance_are_recorded_from_the_pages),
    ]
}

const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

async fn code_8_1_a_self_assessment_is_started_answered_and_sent_through_its_workflow_from_the_pages(backend: Backend) {
    let site = Site::new(backend).await;
    let officer = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let list = site.get(Some(&officer), "/self-assessment").await;
    list.expect_page("Self-assessment");
    assert!(list.body.contains("Start the self-assessment"), "{}", list.body);

    let refused =
        site.post(Some(&officer), "/self-assessment", "from=2026-04-01&to=2025-03-31", &SAME_SITE, None).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("There is a problem") && refused.body.contains("on or after its first day"));

    let started = site
        .post(Some(&officer), "/self-assessment", "from=2025-04-01&to=2026-03-31&coverage=alone", &SAME_SITE, None)
        .await;
    started.expect(StatusCode::SEE_OTHER);
    let at = started.header("location").unwrap().to_owned();
    assert!(at.starts_with("/self-assessment/"), "{at}");

    let shown = site.get(Some(&officer), &at).await;
    shown.expect(StatusCode::OK);
    assert_eq!(shown.body.matches("<h1").count(), 1);
    assert!(shown.body.contains("6. Complaints stages"), "a table per section");
    assert!(shown.body.contains(r#"id="provision-6.2""#));
    assert!(shown.body.contains("Send for review"));
    assert!(!shown.body.contains("Record the approval"), "approval is for administrators");

    let provision = format!("{at}/provisions/2.3");
    site.get(Some(&officer), &provision).await.expect_page("Provision 2.3");
    let no = site.post(Some(&officer), &provision, "answer=no&evidence=Our+policy", &SAME_SITE, None).await;
    no.expect(StatusCode::BAD_REQUEST);
    assert!(no.body.contains("There is a problem") && no.body.contains("Code 8.1"), "{}", no.body);
    assert!(no.body.contains(r##"href="#explanation""##), "the summary links to the field");
    let saved = site
        .post(
            Some(&officer),
            &provision,
            "answer=no&explanation=Our+policy+gives+6+months&comply_by=2026-09-30",
            &SAME_SITE,
            None,
        )
        .await;
    saved.expect(StatusCode::SEE_OTHER);
    let again = site.get(Some(&officer), &provision).await;
    assert!(again.body.contains("Our policy gives 6 months") && again.body.contains("2026-09-30"));
    assert!(again.body.contains("Olive") || again.body.matches("govuk-table__row").count() >= 3, "two versions listed");

    // Approval is refused to the complaints officer, and out of order for an administrator.
    let approve = "step=approve&body=Board&on=2026-05-01&minute=B1";
    site.post(Some(&officer), &format!("{at}/step"), approve, &SAME_SITE, None).await.expect(StatusCode::FORBIDDEN);
    let admin = site.sign_in(&email(Role::Admin)).await;
    let early = site.post(Some(&admin), &format!("{at}/step"), approve, &SAME_SITE, None).await;
    early.expect(StatusCode::BAD_REQUEST);
    assert!(early.body.contains("send it for review first"), "{}", early.body);
    site.post(Some(&officer), &format!("{at}/step"), "step=review", &SAME_SITE, None)
        .await
        .expect(StatusCode::SEE_OTHER);
    let in_review = site.get(Some(&admin), &at).await;
    assert!(in_review.body.contains("In review") && in_review.body.contains("Record the approval"));
    let incomplete = site.post(Some(&admin), &format!("{at}/step"), approve, &SAME_SITE, None).await;
    incomplete.expect(StatusCode::BAD_REQUEST);
    assert!(incomplete.body.contains("Code 8.1") && incomplete.body.contains("needs an answer"), "{}", incomplete.body);

    let changes = site.get(Some(&officer), &format!("{at}/changes")).await;
    changes.expect_page("Changes since the last published self-assessment");
    assert!(changes.body.contains("no earlier published self-assessment"));

    // Handlers do not read reports, so not the self-assessment either.
    let handler = site.sign_in(&email(Role::Handler)).await;
    site.get(Some(&handler), "/self-assessment").await.expect(StatusCode::FORBIDDEN);
    site.get(Some(&handler), &at).await.expect(StatusCode::FORBIDDEN);
}

async fn code_8_2_a_published_self_assessment_is_public_and_downloads_in_every_format(backend: Backend) {
    let site = Site::new(backend).await;
    let officer = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let form = "from=2025-04-01&to=2026-03-31&coverage=alone";
    let started = site.post(Some(&officer), "/self-assessment", form, &SAME_SITE, None).await;
    let at = started.header("location").unwrap().to_owned();
    let id = at.trim_start_matches("/self-assessment/").to_owned();

    // A draft downloads for staff in every format, each what it says it is.
    let download = |format: &str| format!("{at}/download/{format}");
    let shown = site.get(Some(&officer), &at).await;
    assert!(shown.body.contains(&format!(r#"href="{}""#, download("docx"))), "the page links the downloads");
    let docx = site.get(Some(&officer), &download("docx")).await;
    docx.expect(StatusCode::OK);
    assert!(docx.header("content-type").is_some_and(|t| t.contains("wordprocessingml")));
    assert!(docx.body.starts_with("PK"), "a DOCX is a zip");
    let pdf = site.get(Some(&officer), &download("pdf")).await;
    assert!(pdf.body.starts_with("%PDF"));
    let csv = site.get(Some(&officer), &download("csv")).await;
    assert!(csv.body.contains("6.2"), "{}", &csv.body[..csv.body.len().min(300)]);
    let json = site.get(Some(&officer), &download("json")).await;
    let parsed: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(parsed["code_version"], "2024");
    site.get(Some(&officer), &download("odt")).await.expect(StatusCode::NOT_FOUND);
    let handler = site.sign_in(&email(Role::Handler)).await;
    site.get(Some(&handler), &download("pdf")).await.expect(StatusCode::FORBIDDEN);

    // Not public until published.
    let code = site.app.code().version(redress_domain::code::VersionId::V2024).unwrap();
    let public =
        shown.body.split("/published/").nth(1).map(|rest| rest.split('"').next().unwrap_or_default().to_owned());
    assert!(public.is_none(), "no public page before publication");
    for provision in &code.provisions {
        let answered = format!("{at}/provisions/{}", provision.number);
        let saved =
            site.post(Some(&officer), &answered, "answer=yes&evidence=Seen+by+the+board", &SAME_SITE, None).await;
        saved.expect(StatusCode::SEE_OTHER);
    }
    site.post(Some(&officer), &format!("{at}/step"), "step=review", &SAME_SITE, None)
        .await
        .expect(StatusCode::SEE_OTHER);
    let admin = site.sign_in(&email(Role::Admin)).await;
    let today = site.app.today().unwrap();
    let approve = format!("step=approve&body=Board&on={today}&minute=B%2F14");
    site.post(Some(&admin), &format!("{at}/step"), &approve, &SAME_SITE, None).await.expect(StatusCode::SEE_OTHER);
    let publish = format!("step=publish&on={today}&response=The+board+accepts+the+assessment");
    site.post(Some(&admin), &format!("{at}/step"), &publish, &SAME_SITE, None).await.expect(StatusCode::SEE_OTHER);

    let published = site.get(Some(&admin), &at).await;
    let public = published.body.split("href=\"/published/").nth(1).and_then(|rest| rest.split('"').next());
    let public = format!("/published/{}", public.expect("the public page is linked once published"));
    assert!(public.ends_with(&format!("/self-assessments/{id}")), "{public}");
    // Anyone reads it, signed out: the approval and the answers, and downloads it.
    let page = site.get(None, &public).await;
    page.expect(StatusCode::OK);
    assert!(page.body.contains("Seen by the board") && page.body.contains("B/14"), "{}", page.body);
    let public_docx = site.get(None, &format!("{public}/download/docx")).await;
    public_docx.expect(StatusCode::OK);
    assert!(public_docx.body.starts_with("PK"));
    // Another landlord's address, or an id that is not one, finds nothing.
    site.get(None, &public.replace("/self-assessments/", "/self-assessments/x")).await.expect(StatusCode::NOT_FOUND);
}

async fn code_8_3_to_8_5_what_asks_for_a_new_self_assessment_and_non_compliance_are_recorded_from_the_pages(
    backend: Backend,
) {
    let site = Site::new(backend).await;
    let officer = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let list = site.get(Some(&officer), "/self-assessment").await;
    assert!(list.body.contains("Record what asks for a new self-assessment"));
    assert!(!list.body.contains("Declare a period of non-compliance"), "declaring is for administrators");

    // Nothing chosen and no day: errors on the form, what was typed kept.
    let bad = site
        .post(Some(&officer), "/self-assessment/triggers", "details=Merged+with+Northfield", &SAME_SITE, None)
        .await;
    bad.expect(StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Select what happened") && bad.body.contains("Enter the day it happened"));
    assert!(bad.body.contains("Merged with Northfield"), "the details are kept");
    let today = site.app.today().unwrap();
    let form = format!("kind=merger&trigger-on={today}&details=Merged+with+Northfield+Homes");
    site.post(Some(&officer), "/self-assessment/triggers", &form, &SAME_SITE, None).await.expect(StatusCode::SEE_OTHER);
    let due = site.get(Some(&officer), "/self-assessment").await;
    assert!(due.body.contains("A new self-assessment is due") && due.body.contains("Merged with Northfield Homes"));
    assert!(due.body.contains("Code 8.3"), "{}", due.body);

    // Declaring non-compliance is the administrator's, and needs what residents were told (8.5).
    let back = today.checked_add(jiff::Span::new().days(60)).unwrap();
    let declaration = format!(
        "declared-from={today}&circumstances=A+cyber+incident&ombudsman_told_on={today}&residents_told=&return_by={back}"
    );
    let officer_declares = site.post(Some(&officer), "/self-assessment/non-compliance", &declaration, &SAME_SITE, None);
    officer_declares.await.expect(StatusCode::FORBIDDEN);
    let admin = site.sign_in(&email(Role::Admin)).await;
    let refused = site.post(Some(&admin), "/self-assessment/non-compliance", &declaration, &SAME_SITE, None).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("Code 8.5"), "{}", refused.body);
    let told = declaration.replace("residents_told=", "residents_told=We+may+reply+late+until+December");
    site.post(Some(&admin), "/self-assessment/non-compliance", &told, &SAME_SITE, None)
        .await
        .expect(StatusCode::SEE_OTHER);
    let shown = site.get(Some(&admin), "/self-assessment").await;
    assert!(
        shown.body.contains("Declared non-compliance (Code 8.5)")
            && shown.body.contains("We may reply late until December")
    );
}
