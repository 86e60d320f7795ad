//! Progress between the steps: updating an action, agreeing how often to update the resident;
//! and every new form scoped to the landlord.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use super::{acknowledged_case, responded_case};
use crate::site::{OUTSIDER, Site, email};

pub async fn actions_are_updated_and_the_update_interval_agreed(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    let path = format!("{case}/update-interval");
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&format!(r#"href="{path}""#)), "{}", page.body);
    assert!(page.body.contains("No interval agreed"), "{}", page.body);
    site.get(Some(&cookie), &path).await.expect(StatusCode::OK).expect_page("Agree how often to update the resident");
    let reply = site.submit(&cookie, &path, &[("every_working_days", "")]).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r##"<a href="#every_working_days">Enter the working days between updates</a>"##),
        "{}",
        reply.body
    );
    site.submit(&cookie, &path, &[("every_working_days", "5")]).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains("Every 5 working days"), "{}", page.body);
    assert!(page.body.contains("Update interval agreed: every 5 working days"), "timeline: {}", page.body);

    let action = [("description", "Service the boiler"), ("due-day", "2"), ("due-month", "5"), ("due-year", "2030")];
    site.submit(&cookie, &format!("{case}/add-action"), &action).await.expect_redirect(&case);
    let path = format!("{case}/update-action-A1");
    assert!(site.get(Some(&cookie), &case).await.body.contains(&format!(r#"href="{path}""#)));
    site.get(Some(&cookie), &path).await.expect(StatusCode::OK).expect_page("Update action A1");
    let refused = site.submit(&cookie, &path, &[("resident_informed", "yes")]).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Update action A1");
    assert!(refused.body.contains("Enter the update"), "{}", refused.body);
    assert!(refused.body.contains(r#"name="resident_informed" type="checkbox" value="yes" checked"#), "kept");
    let update = [("note", "Engineer booked for 28 April"), ("resident_informed", "yes")];
    site.submit(&cookie, &path, &update).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains("4 March 2025: Engineer booked for 28 April (resident told)"), "{}", page.body);
    assert!(page.body.contains("Action updated: A1"), "{}", page.body);
    site.get(Some(&cookie), &format!("{case}/update-action-A9")).await.expect(StatusCode::NOT_FOUND);

    site.submit(&cookie, &format!("{case}/complete-action-A1"), &[]).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(!page.body.contains(&format!(r#"href="{path}""#)), "no update once complete: {}", page.body);
    let refused = site.submit(&cookie, &path, &update).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Action A1 is already complete"), "{}", refused.body);

    for role in [Role::Auditor, Role::MemberResponsible] {
        let reader = site.sign_in(&email(role)).await;
        let page = site.get(Some(&reader), &case).await;
        assert!(page.body.contains("Engineer booked for 28 April"), "{role}");
        assert!(!page.body.contains("/update-interval") && !page.body.contains("/correspondence\""), "{role}");
        site.get(Some(&reader), &format!("{case}/update-interval")).await.expect(StatusCode::FORBIDDEN);
        site.submit(&reader, &format!("{case}/update-interval"), &[("every_working_days", "3")])
            .await
            .expect(StatusCode::FORBIDDEN);
        site.submit(&reader, &path, &update).await.expect(StatusCode::FORBIDDEN);
    }
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.stage1.update_interval, Some(5));
}

pub async fn another_landlords_case_is_not_found_on_any_form(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = responded_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    let outsider = site.sign_in(OUTSIDER).await;
    for path in ["update-interval", "update-action-A1", "comply-order-O1", "respond", "correspondence", "determination"]
    {
        let path = format!("{case}/{path}");
        site.get(Some(&outsider), &path).await.expect(StatusCode::NOT_FOUND);
        site.submit(&outsider, &path, &[("every_working_days", "5"), ("note", "x"), ("go", "record")])
            .await
            .expect(StatusCode::NOT_FOUND);
    }
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.stage1.update_interval, None);
}
