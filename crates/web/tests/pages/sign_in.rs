//! Signing in and out: cookies, generic refusals, throttling, sessions ending at once, CSRF.

use axum::http::StatusCode;
use redress_app::{FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS, Role};
use redress_storage::Backend;

use crate::site::{OUTSIDER, PASSWORD, Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(the_sign_in_page_is_a_form_for_an_email_and_a_password),
        case!(the_right_password_starts_a_session_in_a_secure_httponly_samesite_cookie),
        case!(a_wrong_password_an_unknown_email_and_a_disabled_account_get_the_same_refusal),
        case!(blank_fields_are_named_in_an_error_summary_linking_to_them),
        case!(sign_in_is_throttled_per_account_after_repeated_failures),
        case!(sign_in_is_throttled_per_address_after_repeated_failures),
        case!(pages_send_a_visitor_without_a_live_session_to_sign_in),
        case!(signing_out_ends_the_session_at_once),
        case!(disabling_the_user_ends_their_session_at_once),
        case!(a_cross_site_post_is_refused_and_changes_nothing),
    ]
}

async fn the_sign_in_page_is_a_form_for_an_email_and_a_password(backend: Backend) {
    let site = Site::new(backend).await;
    let reply = site.get(None, "/sign-in").await;
    reply.expect(StatusCode::OK).expect_page("Sign in");
    assert!(reply.body.contains(r#"<form method="post" action="/sign-in" novalidate>"#));
    assert!(reply.body.contains(r#"autocomplete="username""#) && reply.body.contains(r#"type="password""#));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
}

async fn the_right_password_starts_a_session_in_a_secure_httponly_samesite_cookie(backend: Backend) {
    let site = Site::new(backend).await;
    // Emails are matched whatever their case and spaces.
    let reply = site.try_sign_in(" HANDLER@Riverside.example ", PASSWORD, None).await;
    reply.expect_redirect("/");
    let set = reply.header("set-cookie").unwrap();
    for attribute in ["Path=/", "HttpOnly", "SameSite=Lax", "Secure"] {
        assert!(set.split("; ").any(|a| a == attribute), "{attribute} in {set}");
    }
    let cookie = reply.session_cookie().unwrap();
    let home = site.get(Some(&cookie), "/").await;
    home.expect(StatusCode::OK).expect_page("Hello, Riverside handler");
    assert!(home.body.contains("Riverside Homes"), "the organisation's name in the header");
    // Each sign-in gets a new session id.
    assert_ne!(site.sign_in(&email(Role::Handler)).await, cookie);
}

async fn a_wrong_password_an_unknown_email_and_a_disabled_account_get_the_same_refusal(backend: Backend) {
    let site = Site::new(backend).await;
    let auditor = site.member(Role::Auditor).clone();
    site.db.set_user_disabled(&auditor.organisation_id, &auditor.user_id, true).await.unwrap();
    let mut bodies = Vec::new();
    for (who, password) in [
        (email(Role::Handler), "not the password"),
        ("nobody@riverside.example".to_owned(), PASSWORD),
        (email(Role::Auditor), PASSWORD),
    ] {
        let reply = site.try_sign_in(&who, password, None).await;
        reply.expect(StatusCode::UNAUTHORIZED).expect_page("Error: Sign in");
        assert!(reply.session_cookie().is_none());
        assert!(reply.body.contains("Enter a correct email address and password"), "{}", reply.body);
        bodies.push(reply.body.replace(&crate::site::encode(&who), "").replace(who.trim(), ""));
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "the three refusals differ only in the email typed");
}

async fn blank_fields_are_named_in_an_error_summary_linking_to_them(backend: Backend) {
    let site = Site::new(backend).await;
    let reply = site.try_sign_in("", "", None).await;
    reply.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Sign in");
    assert!(reply.body.contains(r#"class="govuk-error-summary""#));
    assert!(reply.body.contains(r##"<a href="#email">Enter your email address</a>"##), "{}", reply.body);
    assert!(reply.body.contains(r##"<a href="#password">Enter your password</a>"##));
    assert!(reply.body.contains(r#"aria-describedby="email-error""#));
}

async fn sign_in_is_throttled_per_account_after_repeated_failures(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = email(Role::Handler);
    for _ in 0..FAILURES_PER_ACCOUNT {
        site.try_sign_in(&handler, "wrong password", Some("10.0.0.1")).await.expect(StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is not checked, from any address.
    let reply = site.try_sign_in(&handler, PASSWORD, Some("10.0.0.2")).await;
    reply.expect(StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.body.contains("too many attempts") && reply.session_cookie().is_none(), "{}", reply.body);
    // Other accounts are not locked out.
    site.try_sign_in(&email(Role::Auditor), PASSWORD, Some("10.0.0.1")).await.expect_redirect("/");
}

async fn sign_in_is_throttled_per_address_after_repeated_failures(backend: Backend) {
    let site = Site::new(backend).await;
    for n in 0..FAILURES_PER_ADDRESS {
        site.try_sign_in(&format!("guess{n}@riverside.example"), "guess", Some("10.0.0.9")).await;
    }
    site.try_sign_in(&email(Role::Handler), PASSWORD, Some("10.0.0.9")).await.expect(StatusCode::TOO_MANY_REQUESTS);
    site.try_sign_in(&email(Role::Handler), PASSWORD, Some("10.0.0.10")).await.expect_redirect("/");
}

async fn pages_send_a_visitor_without_a_live_session_to_sign_in(backend: Backend) {
    let site = Site::new(backend).await;
    for path in ["/", "/cases", "/cases/anything"] {
        site.get(None, path).await.expect_redirect("/sign-in");
        site.get(Some("redress_session=rds_made_up"), path).await.expect_redirect("/sign-in");
    }
}

async fn signing_out_ends_the_session_at_once(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let other = site.sign_in(&email(Role::Handler)).await;
    let reply = site.post(Some(&cookie), "/sign-out", "", &[("sec-fetch-site", "same-origin")], None).await;
    reply.expect_redirect("/sign-in");
    assert!(reply.header("set-cookie").is_some_and(|c| c.contains("Max-Age=0")));
    site.get(Some(&cookie), "/").await.expect_redirect("/sign-in");
    // Only that session: the same person's other browser stays signed in.
    site.get(Some(&other), "/").await.expect(StatusCode::OK);
}

async fn disabling_the_user_ends_their_session_at_once(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    site.get(Some(&cookie), "/cases").await.expect(StatusCode::OK);
    let admin = site.member(Role::Admin).clone();
    let handler = site.member(Role::Handler).clone();
    site.app.set_user_disabled(&admin, &handler.user_id, true).await.unwrap();
    site.get(Some(&cookie), "/cases").await.expect_redirect("/sign-in");
    // Re-enabling does not bring the ended session back.
    site.app.set_user_disabled(&admin, &handler.user_id, false).await.unwrap();
    site.get(Some(&cookie), "/cases").await.expect_redirect("/sign-in");
    // Disabled directly in the database (another server, say), a session ends too.
    let outsider = site.sign_in(OUTSIDER).await;
    site.db.set_user_disabled(&site.outsider.organisation_id, &site.outsider.user_id, true).await.unwrap();
    site.get(Some(&outsider), "/").await.expect_redirect("/sign-in");
}

async fn a_cross_site_post_is_refused_and_changes_nothing(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let cross_site = [("sec-fetch-site", "cross-site")];
    site.post(Some(&cookie), "/sign-out", "", &cross_site, None).await.expect(StatusCode::FORBIDDEN);
    // Old browsers send no Sec-Fetch-Site: then Origin must match Host.
    let foreign = [("origin", "https://evil.example"), ("host", "redress.example")];
    site.post(Some(&cookie), "/sign-out", "", &foreign, None).await.expect(StatusCode::FORBIDDEN);
    let form = format!("email={}&password={}", crate::site::encode(&email(Role::Auditor)), "x");
    site.post(None, "/sign-in", &form, &cross_site, None).await.expect(StatusCode::FORBIDDEN);
    site.get(Some(&cookie), "/").await.expect(StatusCode::OK);
    // The same site's own form passes, by either header.
    let same = [("origin", "https://redress.example"), ("host", "redress.example")];
    site.post(Some(&cookie), "/sign-out", "", &same, None).await.expect_redirect("/sign-in");
}
