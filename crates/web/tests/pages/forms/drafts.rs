//! Response drafts (issue 10): saved as the handler goes, surviving a new sign-in; each task
//! checking its own fields; rows removed; files kept through an error and moved into the
//! record with the response.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::{Backend, sha256_hex};

use super::correspondence::{Part, upload};
use super::{STAGE_TWO_ROUTE, acknowledged_case};
use crate::site::{Site, email};

/// The decisions, remedy, actions and route of a complete stage 1 response.
const DRAFTED: [(&str, &str); 12] = [
    ("decision", "upheld"),
    ("decision-P1", "upheld"),
    ("reasons-P1", "The repair was late under our repairs policy"),
    ("decision-P2", "partly_upheld"),
    ("reasons-P2", "Hot water was restored after four days"),
    ("remedy", "offered"),
    ("remedy-1-kind", "apology"),
    ("remedy-1-description", "A written apology from the repairs manager"),
    ("remedy-1-due-day", "14"),
    ("remedy-1-due-month", "3"),
    ("remedy-1-due-year", "2030"),
    ("outstanding", "none"),
];

/// `status` of task `task` on the task list `html`.
fn status_of(html: &str, task: &str) -> String {
    let marker = format!(r#"id="task-{task}-status">"#);
    let start = html.find(&marker).map(|i| i + marker.len()).unwrap_or_else(|| panic!("{task}: {html}"));
    let end = start + html[start..].find("</div>").unwrap();
    html[start..end]
        .replace(r#"<strong class="govuk-tag govuk-tag--light-blue">"#, "")
        .replace(r#"<strong class="govuk-tag govuk-tag--blue">"#, "")
        .replace("</strong>", "")
}

pub async fn a_draft_survives_a_new_sign_in_and_the_response_recorded_is_what_was_drafted(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    let path = format!("{case}/respond");
    for task in ["decisions", "remedies", "actions"] {
        site.submit(&cookie, &format!("{path}/{task}"), &DRAFTED).await.expect_redirect(&path);
    }
    site.submit(&cookie, &format!("{path}/escalation"), &STAGE_TWO_ROUTE).await.expect_redirect(&path);

    // Signed out: the session is gone. Signed in again: the draft is as it was left.
    let same = [("sec-fetch-site", "same-origin")];
    site.post(Some(&cookie), "/sign-out", "", &same, None).await.expect_redirect("/sign-in");
    assert_ne!(site.get(Some(&cookie), &path).await.status, StatusCode::OK, "the old session is gone");
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let list = site.get(Some(&cookie), &path).await;
    list.expect(StatusCode::OK);
    assert!(list.body.contains("You have completed 5 of 6 tasks"), "{}", list.body);
    assert!(list.body.contains("The draft was last saved on"), "{}", list.body);
    let form = site.get(Some(&cookie), &format!("{path}/remedies")).await;
    assert!(form.body.contains(">A written apology from the repairs manager</textarea>"), "{}", form.body);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let events = view.events.len();

    site.submit(&cookie, &path, &[("go", "record")]).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.events.len(), events + 2, "the response and its remedy, nothing for the draft");
    let response = view.complaint.stage1.response.clone().unwrap();
    assert_eq!(serde_json::to_value(response.decision).unwrap(), "upheld");
    let reasons: Vec<&str> = response.decisions.iter().map(|d| d.reasons.as_str()).collect();
    assert_eq!(reasons, ["The repair was late under our repairs policy", "Hot water was restored after four days"]);
    assert_eq!(view.complaint.remedies[0].description, "A written apology from the repairs manager");
    let escalation = format!("{:?}", response.escalation);
    assert!(STAGE_TWO_ROUTE.iter().all(|(_, text)| escalation.contains(text)), "{escalation}");
    // The draft went with the recording: there is no response left to draft.
    site.get(Some(&cookie), &path).await.expect(StatusCode::UNPROCESSABLE_ENTITY);
}

pub async fn a_remedy_with_no_due_date_is_a_field_error_on_its_own_task_not_completed(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let path = format!("/cases/{id}/respond");
    let undated = [("remedy", "offered"), ("remedy-1-kind", "apology"), ("remedy-1-description", "A written apology")];
    let reply = site.submit(&cookie, &format!("{path}/remedies"), &undated).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Remedies");
    assert!(
        reply.body.contains(r##"<a href="#remedy-1-due-day">Enter the date remedy 1 is due</a>"##),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains(
            r#"<p id="remedy-1-due-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter the date remedy 1 is due</p>"#
        ),
        "{}",
        reply.body
    );
    let list = site.get(Some(&cookie), &path).await;
    assert_eq!(status_of(&list.body, "remedies"), "In progress", "{}", list.body);
    // Its own task only: the decisions, not yet started, show no error.
    assert_eq!(status_of(&list.body, "decisions"), "Not started");
    assert!(!reply.body.contains("Select the decision"), "{}", reply.body);

    let mut dated = undated.to_vec();
    dated.extend([("remedy-1-due-day", "14"), ("remedy-1-due-month", "3"), ("remedy-1-due-year", "2030")]);
    site.submit(&cookie, &format!("{path}/remedies"), &dated).await.expect_redirect(&path);
    let list = site.get(Some(&cookie), &path).await;
    assert_eq!(status_of(&list.body, "remedies"), "Completed");
}

pub async fn a_removed_row_is_gone_from_the_draft(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let task = format!("/cases/{id}/respond/remedies");
    let rows = [
        ("remedy", "offered"),
        ("remedy_rows", "2"),
        ("remedy-1-kind", "apology"),
        ("remedy-1-description", "An apology nobody asked for"),
        ("remedy-2-kind", "action_on_delay"),
        ("remedy-2-description", "Replace the boiler"),
        ("remedy-2-due-day", "1"),
        ("remedy-2-due-month", "4"),
        ("remedy-2-due-year", "2030"),
    ];
    let mut removing = rows.to_vec();
    removing.push(("go", "remove-remedy-1"));
    let form = site.submit(&cookie, &task, &removing).await;
    form.expect(StatusCode::OK).expect_page("Remedies");
    assert!(!form.body.contains("An apology nobody asked for"), "{}", form.body);
    assert!(form.body.contains(r#"<textarea class="govuk-textarea" id="remedy-1-description" name="remedy-1-description" rows="5">Replace the boiler</textarea>"#), "{}", form.body);
    assert!(!form.body.contains(r#"name="remedy-2-kind""#), "one row left: {}", form.body);

    // Saved so: the form read again has one row, which passes its check.
    let form = site.get(Some(&cookie), &task).await;
    assert!(!form.body.contains("An apology nobody asked for") && !form.body.contains(r#"name="remedy-2-kind""#));
    let saved = site
        .submit(
            &cookie,
            &task,
            &[
                ("remedy", "offered"),
                ("remedy-1-kind", "action_on_delay"),
                ("remedy-1-description", "Replace the boiler"),
                ("remedy-1-due-day", "1"),
                ("remedy-1-due-month", "4"),
                ("remedy-1-due-year", "2030"),
            ],
        )
        .await;
    saved.expect_redirect(&format!("/cases/{id}/respond"));

    // An action row, likewise.
    let actions = format!("/cases/{id}/respond/actions");
    let form = site
        .submit(
            &cookie,
            &actions,
            &[
                ("outstanding", "some"),
                ("action_rows", "2"),
                ("action-1-description", "Service the boiler"),
                ("action-2-description", "Bleed the radiators"),
                ("go", "remove-action-2"),
            ],
        )
        .await;
    form.expect(StatusCode::OK);
    assert!(!form.body.contains("Bleed the radiators") && form.body.contains("Service the boiler"), "{}", form.body);
}

pub async fn an_attachment_survives_an_error_and_goes_into_the_record_with_the_response(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    let letter = format!("{case}/respond/letter");
    let form = site.get(Some(&cookie), &letter).await;
    form.expect(StatusCode::OK).expect_page("The letter and its attachments");
    assert!(form.body.contains(r#"enctype="multipart/form-data""#), "{}", form.body);

    // No subject: an error, but the files are kept with the draft.
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5_000).collect();
    let parts = [
        Part::Text("channel", "email"),
        Part::Text("subject", ""),
        Part::File("attachments", "response.pdf", "application/pdf", &bytes),
        Part::File("attachments", "draft-notes.txt", "text/plain", b"not for the resident"),
    ];
    let reply = upload(&site, &cookie, &letter, &parts).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: The letter and its attachments");
    assert!(reply.body.contains(r##"<a href="#subject">Enter the subject of the letter</a>"##), "{}", reply.body);
    assert!(reply.body.contains("response.pdf (4 KB)") && reply.body.contains("draft-notes.txt"), "{}", reply.body);
    let form = site.get(Some(&cookie), &letter).await;
    assert!(form.body.contains("response.pdf (4 KB)"), "kept with the draft: {}", form.body);

    // One file removed; the letter completed.
    let button = &form.body[..form.body.find(">Remove draft-notes.txt</button>").unwrap()];
    let notes = &button[button.rfind(r#"value="remove-file-"#).unwrap() + 19..button.len() - 1];
    let removed = site
        .submit(
            &cookie,
            &letter,
            &[("channel", "email"), ("subject", "Your stage 1 response"), ("go", &format!("remove-file-{notes}"))],
        )
        .await;
    removed.expect(StatusCode::OK);
    assert!(!removed.body.contains("draft-notes.txt") && removed.body.contains("response.pdf"), "{}", removed.body);
    site.submit(&cookie, &letter, &[("channel", "email"), ("subject", "Your stage 1 response")])
        .await
        .expect_redirect(&format!("{case}/respond"));

    let mut response = DRAFTED.to_vec();
    response.extend(STAGE_TWO_ROUTE);
    site.respond(&cookie, &case, &response).await.expect_redirect(&case);
    let records = site.app.correspondence(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(records.len(), 1, "the letter");
    assert_eq!(records[0].item.subject, "Your stage 1 response");
    let files: Vec<(&str, &str)> =
        records[0].attachments.iter().map(|a| (a.file_name.as_str(), a.sha256.as_str())).collect();
    assert_eq!(files, [("response.pdf", sha256_hex(&bytes).as_str())]);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "responded");
}
