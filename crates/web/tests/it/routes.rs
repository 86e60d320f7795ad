//! The router called in process with `oneshot`: no socket, real database.

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use tower::ServiceExt;

use crate::app;

/// Sends `GET path` through a fresh router.
async fn get(state: redress_web::AppState, path: &str) -> Response {
    let request = Request::get(path).body(Body::empty()).unwrap();
    redress_web::router(state).oneshot(request).await.unwrap()
}

async fn body_text(response: Response) -> String {
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn healthz_says_ok_when_the_database_answers() {
    let (_db, state) = app().await;
    let response = get(state, "/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_text(response).await, "ok");
}

#[tokio::test]
async fn healthz_is_503_when_the_database_is_unreachable() {
    let (db, state) = app().await;
    db.close().await;
    let response = get(state, "/healthz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = body_text(response).await;
    assert!(!body.is_empty() && body.len() < 100, "short plain body: {body:?}");
}

#[tokio::test]
async fn the_home_page_sends_a_visitor_without_a_session_to_sign_in() {
    let (_db, state) = app().await;
    let response = get(state, "/").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/sign-in");
}

#[tokio::test]
async fn the_sign_in_page_is_an_english_html_page_titled_for_redress() {
    let (_db, state) = app().await;
    let response = get(state, "/sign-in").await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = body_text(response).await;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<html lang="en-GB" class="govuk-template">"#));
    assert!(html.contains("<title>Sign in – Redress</title>"));
    assert!(html.contains(r#"<h1 class="govuk-heading-l">Sign in</h1>"#));
    assert!(html.contains("Complaint Handling Code"));
}

#[tokio::test]
async fn an_unknown_path_is_404() {
    let (_db, state) = app().await;
    let response = get(state, "/no-such-page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
