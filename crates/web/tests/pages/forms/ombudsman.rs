//! The Ombudsman's determination with several findings and orders, and compliance with them.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use super::responded_case;
use crate::site::{Site, email};

pub async fn several_findings_and_orders_are_recorded_and_complied_with(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = responded_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    site.submit(&cookie, &format!("{case}/refer"), &[("case_reference", "HOS-1")]).await.expect_redirect(&case);
    let path = format!("{case}/determination");

    // One finding per point of the definition to begin with, each point's text its aspect.
    let form = site.get(Some(&cookie), &path).await;
    form.expect(StatusCode::OK).expect_page("Record the Ombudsman&#39;s determination");
    assert!(form.body.contains(r#"name="finding-1-aspect" type="text" value="The boiler failed""#), "{}", form.body);
    assert!(form.body.contains(r#"name="finding-2-aspect" type="text" value="No hot water for a week""#));
    assert!(!form.body.contains(r#"name="finding-3-aspect""#) && !form.body.contains(r#"name="order-2-kind""#));

    let mut determination = vec![
        ("finding_rows", "2"),
        ("finding-1-aspect", "The boiler failed"),
        ("finding-1-outcome", "maladministration"),
        ("finding-2-aspect", "No hot water for a week"),
        ("finding-2-outcome", "service_failure"),
        ("order-1-kind", "order"),
        ("order-1-description", "Apologise to the resident"),
        ("order-1-due-day", "1"),
        ("order-1-due-month", "6"),
        ("order-1-due-year", "2030"),
    ];
    let mut grow = determination.clone();
    grow.push(("go", "add-order"));
    let form = site.submit(&cookie, &path, &grow).await;
    form.expect(StatusCode::OK);
    assert!(form.body.contains(r#"name="order-2-kind""#), "{}", form.body);
    assert!(form.body.contains(r#"<input type="hidden" name="order_rows" value="2">"#), "{}", form.body);
    assert!(form.body.contains(">Apologise to the resident</textarea>"), "{}", form.body);
    assert!(!form.body.contains("govuk-error-summary"), "adding a row is not an error");

    determination.push(("order-2-description", "Review the repairs policy"));
    let reply = site.submit(&cookie, &path, &determination).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r##"<a href="#order-2-kind">Select whether item 2 is an order or a recommendation</a>"##),
        "{}",
        reply.body
    );
    determination.push(("order-2-kind", "recommendation"));
    site.submit(&cookie, &path, &determination).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let found = view.complaint.ombudsman.unwrap().determination.unwrap();
    assert_eq!((found.findings.len(), found.orders.len()), (2, 2));

    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(r#"<h3 class="govuk-heading-s">Orders and recommendations</h3>"#), "{}", page.body);
    let row = r#"<td class="govuk-table__cell">Recommendation</td>
      <td class="govuk-table__cell">Review the repairs policy</td>"#;
    assert!(page.body.contains(row), "{}", page.body);
    assert!(page.body.contains(r#"<strong class="govuk-tag govuk-tag--orange">Maladministration</strong>"#));
    let comply = format!("{case}/comply-order-O1");
    assert!(page.body.contains(&format!(r#"href="{comply}""#)), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{case}/comply-order-O2""#)));

    site.get(Some(&cookie), &comply).await.expect(StatusCode::OK).expect_page("Record compliance with O1");
    let refused = site.submit(&cookie, &comply, &[("evidence", " ")]).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Enter the evidence of compliance"), "{}", refused.body);
    site.submit(&cookie, &comply, &[("evidence", "Apology letter sent on 4 March")]).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains("Complied 4 March 2025") && page.body.contains("Apology letter sent on 4 March"));
    assert!(!page.body.contains(&format!(r#"href="{comply}""#)), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{case}/comply-order-O2""#)));
    site.get(Some(&cookie), &format!("{case}/comply-order-O9")).await.expect(StatusCode::NOT_FOUND);

    let auditor = site.sign_in(&email(Role::Auditor)).await;
    site.get(Some(&auditor), &format!("{case}/comply-order-O2")).await.expect(StatusCode::FORBIDDEN);
    site.submit(&auditor, &format!("{case}/comply-order-O2"), &[("evidence", "x")]).await.expect(StatusCode::FORBIDDEN);
}
