//! The categories settings page (Code 9.7 a): an administrator adds, renames, retires and
//! brings back a category; bad names are field errors; a retired category is not offered
//! when logging, but stays on the complaints logged under it and in the list's filter.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use crate::site::{Reply, Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(an_administrator_adds_renames_and_retires_categories_which_old_complaints_keep)]
}

const PATH: &str = "/settings/categories";

async fn submit(site: &Site, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    let body = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
    site.post(Some(cookie), path, &body, &[("sec-fetch-site", "same-origin")], None).await
}

#[track_caller]
fn expect_error(reply: &Reply, field: &str, message: &str) {
    reply.expect(StatusCode::BAD_REQUEST);
    let link = format!(r##"<a href="#{field}">{message}</a>"##);
    assert!(reply.body.contains(&link), "{link} in {}", reply.body);
    assert!(reply.body.contains(&format!(r#"id="{field}-error""#)), "the field shows it: {}", reply.body);
}

async fn an_administrator_adds_renames_and_retires_categories_which_old_complaints_keep(backend: Backend) {
    let site = Site::new(backend).await;
    let admin = site.sign_in(&email(Role::Admin)).await;
    let page = site.get(Some(&admin), PATH).await;
    page.expect(StatusCode::OK).expect_page("Categories");
    assert!(page.body.contains(r#"value="Damp and mould""#), "the defaults: {}", page.body);

    expect_error(&submit(&site, &admin, PATH, &[("name", " ")]).await, "name", "Enter the category&#39;s name");
    let taken = submit(&site, &admin, PATH, &[("name", "DAMP AND MOULD")]).await;
    expect_error(&taken, "name", "There is already a category called &#34;DAMP AND MOULD&#34;");
    assert!(taken.body.contains(r#"value="DAMP AND MOULD""#), "what was typed is kept");
    submit(&site, &admin, PATH, &[("name", "Heating")]).await.expect_redirect(PATH);
    let landlord = &site.member(Role::Admin).organisation_id;
    let heating = site.db.categories(landlord).await.unwrap().into_iter().find(|c| c.name == "Heating").unwrap().id;

    let rename = format!("{PATH}/{heating}/rename");
    let refused = submit(&site, &admin, &rename, &[("name", "repairs")]).await;
    expect_error(&refused, &format!("name-{heating}"), "There is already a category called &#34;repairs&#34;");
    submit(&site, &admin, &rename, &[("name", "Heating and hot water")]).await.expect_redirect(PATH);

    // Logged under it, then retired: the complaint keeps it; new ones are not offered it.
    let handler = site.member(Role::Handler);
    let id = site.complaint(handler, "No hot water").await;
    let categories = [heating.clone()];
    let logged = site.complaint_under(handler, "The radiators are cold", &categories).await;
    // The case list keeps the landlord's categories between requests (issue 8): seen before
    // the change, they must not be shown as they were after it.
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let listed = site.get(Some(&cookie), &format!("/cases?category={heating}")).await;
    assert!(listed.body.contains("Heating and hot water") && !listed.body.contains("(retired)"), "{}", listed.body);
    submit(&site, &admin, &format!("{PATH}/{heating}/retire"), &[]).await.expect_redirect(PATH);
    let page = site.get(Some(&admin), PATH).await;
    assert!(page.body.contains("Retired") && page.body.contains("Bring back into use"), "{}", page.body);

    let resident = site.resident("Rosa Resident").await;
    let form_path = format!("/cases/new?resident={resident}");
    let form = site.get(Some(&cookie), &form_path).await;
    assert!(form.body.contains(r#"name="categories""#), "the form: {}", form.body);
    assert!(!form.body.contains(&format!(r#"value="{heating}""#)), "a retired category is not offered");
    let listed = site.get(Some(&cookie), &format!("/cases?category={heating}")).await;
    assert!(listed.body.contains("Heating and hot water (retired)"), "{}", listed.body);
    assert!(listed.body.contains(&format!("/cases/{logged}")) && !listed.body.contains(&format!("/cases/{id}")));

    submit(&site, &admin, &format!("{PATH}/{heating}/restore"), &[]).await.expect_redirect(PATH);
    let form = site.get(Some(&cookie), &form_path).await;
    assert!(form.body.contains(&format!(r#"value="{heating}""#)), "in use again: {}", form.body);
    site.post(Some(&admin), &format!("{PATH}/not-an-id!/retire"), "", &[("sec-fetch-site", "same-origin")], None)
        .await
        .expect(StatusCode::NOT_FOUND);
    submit(&site, &admin, &format!("{PATH}/unknown/retire"), &[]).await.expect(StatusCode::NOT_FOUND);
}
