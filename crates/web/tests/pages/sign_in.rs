//! Signing in and out: cookies, generic refusals, throttling, sessions ending at once, CSRF.

use axum::http::StatusCode;
use redress_app::{FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS, Role, THROTTLE_WINDOW};
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
        case!(failures_from_one_address_are_throttled_but_a_correct_password_still_signs_in),
        case!(forwarded_addresses_count_only_from_a_trusted_proxy),
        case!(strict_transport_security_is_sent_only_when_served_over_https),
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
    // Now even the right password is not checked, from any address, until the window has
    // passed since the failures (all at the same instant on the test's stopped clock).
    let reply = site.try_sign_in(&handler, PASSWORD, Some("10.0.0.2")).await;
    reply.expect(StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.body.contains("too many attempts") && reply.session_cookie().is_none(), "{}", reply.body);
    assert_eq!(reply.header("retry-after"), Some(THROTTLE_WINDOW.as_secs().to_string().as_str()));
    // Other accounts are not locked out.
    site.try_sign_in(&email(Role::Auditor), PASSWORD, Some("10.0.0.1")).await.expect_redirect("/");
}

/// Fails to sign in `n` times from `from` with made-up emails (`tag` keeps them apart), each
/// with `headers`, and returns the statuses.
async fn guesses(site: &Site, n: usize, tag: &str, from: &str, headers: &[(&str, &str)]) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for i in 0..n {
        let form = format!("email=guess-{tag}-{i}%40riverside.example&password=guess");
        let mut all = vec![("sec-fetch-site", "same-origin")];
        all.extend_from_slice(headers);
        statuses.push(site.post(None, "/sign-in", &form, &all, Some(from)).await.status);
    }
    statuses
}

async fn failures_from_one_address_are_throttled_but_a_correct_password_still_signs_in(backend: Backend) {
    let site = Site::new(backend).await;
    // Someone guesses made-up emails from the office's address.
    let statuses = guesses(&site, FAILURES_PER_ADDRESS + 5, "a", "10.0.0.9", &[]).await;
    assert!(statuses[..FAILURES_PER_ADDRESS].iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
    assert!(statuses[FAILURES_PER_ADDRESS..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    // Further failures from it are throttled, with the same message as a locked account, and
    // say when to come back.
    let reply = site.try_sign_in(&email(Role::Handler), "not the password", Some("10.0.0.9")).await;
    reply.expect(StatusCode::TOO_MANY_REQUESTS).expect_page("Error: Sign in");
    assert!(reply.body.contains("There have been too many attempts to sign in"), "{}", reply.body);
    assert_eq!(reply.header("retry-after"), Some(THROTTLE_WINDOW.as_secs().to_string().as_str()));
    // But the administrator, with the right password, signs in from the same address.
    site.try_sign_in(&email(Role::Admin), PASSWORD, Some("10.0.0.9")).await.expect_redirect("/");
    // Another address is not throttled at all.
    let reply = site.try_sign_in(&email(Role::Auditor), "not the password", Some("10.0.0.10")).await;
    reply.expect(StatusCode::UNAUTHORIZED);
    assert_eq!(reply.header("retry-after"), None);
    // The per-account limit still holds from the busy address: the handler's failure above
    // counted, and so do these, until even the right password is refused.
    for _ in 1..FAILURES_PER_ACCOUNT {
        site.try_sign_in(&email(Role::Handler), "not the password", Some("10.0.0.11")).await;
    }
    let reply = site.try_sign_in(&email(Role::Handler), PASSWORD, Some("10.0.0.9")).await;
    reply.expect(StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.session_cookie().is_none() && reply.header("retry-after").is_some());
}

async fn forwarded_addresses_count_only_from_a_trusted_proxy(backend: Backend) {
    let site = Site::new(backend).await.trusting(&["10.0.0.0/24"]);
    let limit = FAILURES_PER_ADDRESS;
    // From a peer that is not a trusted proxy, X-Forwarded-For is the sender's invention: a
    // different one on each attempt changes nothing, the peer's own address is counted.
    for i in 0..limit {
        let invented = format!("203.0.113.{i}");
        guesses(&site, 1, &format!("u{i}"), "192.0.2.50", &[("x-forwarded-for", &invented)]).await;
    }
    let next = guesses(&site, 1, "u-last", "192.0.2.50", &[("x-forwarded-for", "198.51.100.1")]).await;
    assert_eq!(next, [StatusCode::TOO_MANY_REQUESTS], "the untrusted peer's own address was counted");

    // From the trusted proxy, the client it names is counted: its failures throttle that
    // client, not everyone behind the proxy.
    let client = [("x-forwarded-for", "1.2.3.4, 198.51.100.7")];
    guesses(&site, limit, "t", "10.0.0.1", &client).await;
    let same = guesses(&site, 1, "t-same", "10.0.0.1", &client).await;
    assert_eq!(same, [StatusCode::TOO_MANY_REQUESTS], "the forwarded client is throttled");
    // The same client named by the standard header, through another trusted proxy.
    let forwarded = [("forwarded", r#"for=1.2.3.4, for="198.51.100.7:5000";proto=https"#)];
    assert_eq!(guesses(&site, 1, "t-fwd", "10.0.0.2", &forwarded).await, [StatusCode::TOO_MANY_REQUESTS]);
    // Someone else behind the same proxy is not; nor is the left-most address, which the
    // client wrote.
    let other = [("x-forwarded-for", "198.51.100.8")];
    assert_eq!(guesses(&site, 1, "t-other", "10.0.0.1", &other).await, [StatusCode::UNAUTHORIZED]);
    let spoof = [("x-forwarded-for", "1.2.3.4")];
    assert_eq!(guesses(&site, 1, "t-spoof", "10.0.0.1", &spoof).await, [StatusCode::UNAUTHORIZED]);
}

async fn strict_transport_security_is_sent_only_when_served_over_https(backend: Backend) {
    let site = Site::new(backend).await;
    assert_eq!(site.get(None, "/sign-in").await.header("strict-transport-security"), None);
    let site = site.over_https();
    for path in ["/sign-in", "/healthz", "/api/v1/openapi.json", "/nowhere"] {
        let reply = site.get(None, path).await;
        assert_eq!(reply.header("strict-transport-security"), Some("max-age=31536000"), "{path}");
    }
    let signed_in = site.try_sign_in(&email(Role::Handler), PASSWORD, Some("127.0.0.1")).await;
    assert!(signed_in.header("set-cookie").is_some_and(|c| c.ends_with("; Secure")));
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
