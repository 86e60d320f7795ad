//! A page's address with a malformed id names nothing: the not-found page, as for an unknown
//! id, never a 400 or a 500.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use crate::site::{Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(a_malformed_id_in_an_address_is_the_not_found_page)]
}

async fn a_malformed_id_in_an_address_is_the_not_found_page(backend: Backend) {
    let site = Site::new(backend).await;
    let id = site.complaint(site.member(Role::Handler), "The boiler has failed").await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let paths = [
        format!("/cases/{}", id.to_uppercase()),
        "/cases/Not%20An%20Id".to_owned(),
        format!("/cases/{}/acknowledge", id.to_uppercase()),
        format!("/cases/{id}/correspondence/letter.pdf/attachments/a-1"),
        "/residents/rosa_resident".to_owned(),
        format!("/service-requests/{}", "a".repeat(65)),
    ];
    for path in paths {
        site.get(Some(&cookie), &path).await.expect(StatusCode::NOT_FOUND).expect_page("Page not found");
    }
    // The real id still finds the case.
    site.get(Some(&cookie), &format!("/cases/{id}")).await.expect(StatusCode::OK);
}
