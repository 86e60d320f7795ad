//! Remedies and actions offered, updated and completed through the forms.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use super::responded_case;
use crate::site::{Site, email};

pub async fn remedies_and_actions_are_offered_and_completed_through_the_forms(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = responded_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    let page = site.get(Some(&cookie), &case).await;
    // The remedy offered with the stage 1 response, in stage 1's section.
    let stage_1 = page.body.split(r#"id="stage-1""#).nth(1).unwrap();
    assert!(stage_1.contains(r#"<h3 class="govuk-heading-s">Remedies</h3>"#), "{}", page.body);
    assert!(page.body.contains("A written apology") && page.body.contains(">Open</td>"), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{case}/complete-remedy-R1""#)), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{case}/offer-remedy""#)));

    let path = format!("{case}/offer-remedy");
    let mut financial = vec![
        ("kind", "financial"),
        ("description", "Compensation for the loss of hot water"),
        ("due-day", "1"),
        ("due-month", "4"),
        ("due-year", "2030"),
    ];
    let refused = site.submit(&cookie, &path, &financial).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Offer a remedy");
    assert!(
        refused.body.contains(r##"<a href="#kind">A financial remedy must state the amount (Code 7.3)</a>"##),
        "{}",
        refused.body
    );
    financial.push(("amount", "lots"));
    let reply = site.submit(&cookie, &path, &financial).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r##"<a href="#amount">Amount, in pounds must be an amount, like 150.00</a>"##),
        "{}",
        reply.body
    );
    financial.pop();
    financial.push(("amount", "£150.5"));
    site.submit(&cookie, &path, &financial).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.remedies[1].amount_pence, Some(15050));
    assert!(site.get(Some(&cookie), &case).await.body.contains("Compensation for the loss of hot water (£150.50)"));

    let path = format!("{case}/complete-remedy-R1");
    site.get(Some(&cookie), &path).await.expect(StatusCode::OK).expect_page("Complete remedy R1");
    site.submit(&cookie, &path, &[("note", "Letter sent")]).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(!page.body.contains(&format!(r#"href="{path}""#)), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{case}/complete-remedy-R2""#)));
    assert!(page.body.contains(">Completed "), "{}", page.body);
    site.get(Some(&cookie), &format!("{case}/complete-remedy-R9")).await.expect(StatusCode::NOT_FOUND);

    let path = format!("{case}/add-action");
    let reply = site.submit(&cookie, &path, &[("description", "Service the boiler")]).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains(r##"<a href="#due-day">Enter the due by</a>"##), "{}", reply.body);
    let action = [("description", "Service the boiler"), ("due-day", "2"), ("due-month", "5"), ("due-year", "2030")];
    site.submit(&cookie, &path, &action).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.actions[0].owner, site.member(Role::Handler).user_id);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains("Outstanding actions") && page.body.contains("Service the boiler"), "{}", page.body);
    let complete = format!("{case}/complete-action-A1");
    assert!(page.body.contains(&format!(r#"href="{complete}""#)), "{}", page.body);

    let auditor = site.sign_in(&email(Role::Auditor)).await;
    let page = site.get(Some(&auditor), &case).await;
    assert!(page.body.contains("Service the boiler") && !page.body.contains(&complete), "{}", page.body);
    site.get(Some(&auditor), &complete).await.expect(StatusCode::FORBIDDEN);
    site.submit(&auditor, &complete, &[]).await.expect(StatusCode::FORBIDDEN);

    site.submit(&cookie, &complete, &[]).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert!(view.complaint.actions[0].completed_on.is_some());
    let refused = site.submit(&cookie, &complete, &[]).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("action A1"), "{}", refused.body);
}
