//! Code 6.13 through the forms: the stage 1 handler, signed in, can neither record the stage 2
//! acknowledgement naming someone else as handler nor record the stage 2 response.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use super::{acknowledge, pairs};
use crate::site::{Site, email};

/// A response to the stage's points, posted whole.
fn response(points: &[&str]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = vec![("decision".into(), "upheld".into())];
    for point in points {
        pairs.push((format!("decision-{point}"), "upheld".into()));
        pairs.push((format!("reasons-{point}"), "The repair was late under our repairs policy".into()));
    }
    pairs.extend(
        [
            ("remedy", "none"),
            ("no_remedy_reason", "Put right already"),
            ("outstanding", "none"),
            ("escalation_contact", "The complaints team"),
            ("escalation_how", "Reply to this letter"),
            ("escalation_within", "Within 20 working days of this response"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    pairs
}

pub async fn code_6_13_a_stage_one_handler_cannot_act_at_stage_two_under_someone_elses_name(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let handler = site.member(Role::Handler).user_id.clone();
    let officer = site.member(Role::ComplaintsOfficer).user_id.clone();
    let id = site.complaint(site.member(Role::Handler), "The boiler has failed twice").await;
    let case = format!("/cases/{id}");
    let first = acknowledge(&handler, "The boiler failed\nNo hot water for a week");
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&first)).await.expect_redirect(&case);
    site.respond(&cookie, &case, &pairs(&response(&["P1", "P2"]))).await.expect_redirect(&case);
    site.submit(&cookie, &format!("{case}/escalate"), &[("channel", "letter"), ("reason", "Still cold")])
        .await
        .expect_redirect(&case);
    let before = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();

    // The stage 1 handler records the stage 2 acknowledgement naming the officer: refused.
    let naming_officer = acknowledge(&officer, "Stage 2 point");
    let refused = site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&naming_officer)).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Acknowledge and define the complaint");
    assert!(
        refused
            .body
            .contains("The stage 2 acknowledgement must not be recorded by the person who handled stage 1 (Code 6.13)"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains(&format!(r#"<option value="{officer}" selected>"#)), "handler kept");
    let after = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(after.events.len(), before.events.len(), "nothing recorded");

    // The officer records it: accepted.
    let officer_cookie = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    site.submit(&officer_cookie, &format!("{case}/acknowledge"), &pairs(&naming_officer)).await.expect_redirect(&case);

    // The stage 1 handler may open the task list the case page links to, but saving a task
    // of the stage 2 response is refused; the officer's is accepted.
    site.get(Some(&cookie), &format!("{case}/respond")).await.expect(StatusCode::OK);
    let answer = response(&["P3"]);
    let refused = site.respond(&cookie, &case, &pairs(&answer)).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("The stage 2 response must not be recorded by the person who handled stage 1 (Code 6.13)"),
        "{}",
        refused.body
    );
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "investigating");
    site.respond(&officer_cookie, &case, &pairs(&answer)).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!((view.stage, view.status.as_str()), (2, "responded"));
}
