//! `GET /`: the home page.
//!
//! A fixed page for now; the web UI brings typed templates and GOV.UK
//! Frontend, and this moves to one of them.

use axum::response::Html;

/// A complete, valid page: language set for screen readers, a viewport for
/// phones, one `h1` inside `main`.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Redress</title>
</head>
<body>
<main>
<h1>Redress</h1>
<p>Redress handles complaints for social landlords in England under the Housing Ombudsman's Complaint Handling Code.</p>
</main>
</body>
</html>
"#;

/// The home page.
pub(crate) async fn page() -> Html<&'static str> {
    Html(PAGE)
}
