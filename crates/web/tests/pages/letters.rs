//! Issuing a letter from the case page (issue 11): "Write a letter" links to the letters the case
//! allows; the preview page shows the letter, its readability and the delivery preselected; a
//! send without a delivery, or by post to a resident without an address, is shown again with an
//! error summary; a letter sent returns to the case page with a banner, and its correspondence
//! shows the files' SHA-256 and the email waiting.

use axum::http::StatusCode;
use redress_app::{ComplaintIntake, ResidentInput, Role, Stated};
use redress_domain::complaint::{
    Acknowledge, Command, ConflictDeclaration, DefinitionInput, Responsibility, StageNumber,
};
use redress_storage::Backend;
use serde_json::json;

use crate::site::{Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(a_letter_is_previewed_and_sent_from_the_case_page_without_javascript)]
}

const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

async fn a_letter_is_previewed_and_sent_from_the_case_page_without_javascript(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let resident =
        ResidentInput { name: "Rosa Resident".into(), email: Some("rosa@example.org".into()), ..Default::default() };
    let resident = site.app.create_resident(handler, resident).await.unwrap();
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "channel": "phone", "issue_occurred_on": "2025-02-20", "complexity": "straightforward", "risks": [],
        "description": "The lift is broken.", "resident_id": resident.id,
    }))
    .unwrap();
    let logged = site.app.log_complaint(handler, intake, None).await.unwrap().view;
    let (id, reference) = (logged.id, logged.reference);
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let cookie = Some(cookie.as_str());
    let case_page = site.get(cookie, &format!("/cases/{id}")).await;
    assert!(!case_page.expect(StatusCode::OK).body.contains("letters/new?kind=stage1_acknowledgement"), "not yet");

    let acknowledge = Command::Acknowledge(Acknowledge {
        stage: StageNumber::One,
        handler: handler.user_id.clone(),
        definition: DefinitionInput {
            points: vec!["The lift is broken".into()],
            outcomes_sought: vec!["A lift".into()],
        },
        responsibility: Responsibility { responsible_for: vec!["The lift".into()], not_responsible_for: vec![] },
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
    });
    site.app.act(handler, &id, acknowledge, Stated::default()).await.unwrap();
    editor_previews_against_this_case(&site, &reference).await;
    let case_page = site.get(cookie, &format!("/cases/{id}")).await;
    let body = &case_page.expect(StatusCode::OK).body;
    let link = format!(r#"<a class="govuk-link" href="/cases/{id}/letters/new?kind=stage1_acknowledgement">"#);
    assert!(body.contains("Write a letter") && body.contains(&link), "{body}");

    let preview = site.get(cookie, &format!("/cases/{id}/letters/new?kind=stage1_acknowledgement")).await;
    preview.expect(StatusCode::OK).expect_page("Stage 1 acknowledgement: preview");
    let body = &preview.body;
    for text in ["Flesch reading ease", "Longest sentence", "Send the letter", "srcdoc=\"&#60;!DOCTYPE html&#62;"] {
        assert!(body.contains(text), "{text} in {body}");
    }
    assert!(
        body.contains(r#"value="email" aria-describedby="delivery-email-hint" checked"#),
        "email preselected: {body}"
    );
    assert!(!body.contains(r#"id="missing""#), "nothing missing");

    let letters = format!("/cases/{id}/letters");
    let undecided = site.post(cookie, &letters, "kind=stage1_acknowledgement&large_print=no", &SAME_SITE, None).await;
    let body = &undecided.expect(StatusCode::UNPROCESSABLE_ENTITY).body;
    assert!(body.contains("govuk-error-summary") && body.contains("Select how to send the letter"), "{body}");
    assert!(body.contains("<title>Error: "), "{body}");
    let by_post = "kind=stage1_acknowledgement&large_print=no&delivery=post";
    let nowhere = site.post(cookie, &letters, by_post, &SAME_SITE, None).await;
    let body = &nowhere.expect(StatusCode::UNPROCESSABLE_ENTITY).body;
    assert!(body.contains("govuk-error-summary") && body.contains("no postal address"), "{body}");
    assert!(site.app.correspondence(handler, &id).await.unwrap().is_empty(), "nothing sent");

    let by_email = "kind=stage1_acknowledgement&large_print=no&delivery=email";
    let sent = site.post(cookie, &letters, by_email, &SAME_SITE, None).await;
    sent.expect_redirect(&format!("/cases/{id}?issued=stage1_acknowledgement#letters"));
    let case_page = site.get(cookie, &format!("/cases/{id}?issued=stage1_acknowledgement")).await;
    let body = &case_page.expect(StatusCode::OK).body;
    assert!(body.contains("govuk-notification-banner--success") && body.contains("Stage 1 acknowledgement issued"));
    let letter = &site.app.correspondence(handler, &id).await.unwrap()[0];
    for file in &letter.attachments {
        assert!(body.contains(&format!("SHA-256 <code>{}</code>", file.sha256)), "{} in {body}", file.file_name);
    }
    assert!(body.contains("Email to rosa@example.org: Waiting to be sent"), "{body}");
}

/// The template editor previews a wording against a real complaint named by its reference
/// (issue 11): the acknowledged complaint's own point is in the letter; a letter it has not
/// reached, and a reference nobody has, are errors on the field, not a preview.
async fn editor_previews_against_this_case(site: &Site, reference: &str) {
    let admin = site.sign_in(&email(Role::Admin)).await;
    let preview = |kind: &'static str, case: String| {
        let source = redress_letters::LetterKind::named(kind).map(|k| k.default_template()).unwrap_or_default();
        let body = format!("source={}&case={}&action=preview", crate::site::encode(source), crate::site::encode(&case));
        let path = format!("/settings/letters/{kind}");
        let admin = admin.clone();
        async move { site.post(Some(&admin), &path, &body, &SAME_SITE, None).await }
    };
    let page = preview("stage1_acknowledgement", reference.to_owned()).await;
    page.expect(StatusCode::OK);
    assert!(page.body.contains("The lift is broken"), "the case's own point: {}", page.body);
    let page = preview("stage1_response", reference.to_owned()).await;
    page.expect(StatusCode::BAD_REQUEST);
    assert!(page.body.contains(r##"<a href="#case">"##), "an error on the case field: {}", page.body);
    let page = preview("stage1_acknowledgement", "CMP-1999-999999".into()).await;
    page.expect(StatusCode::BAD_REQUEST);
    assert!(page.body.contains("There is no complaint with that reference"), "{}", page.body);
}
