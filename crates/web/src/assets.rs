//! `GET /static/{path}`: the vendored GOV.UK Frontend and Redress's own CSS and JS, served
//! from the binary.
//!
//! rust-embed rather than `include_bytes!`/include_dir: in debug builds it reads the files
//! from `crates/web/static` at run time (edit CSS, reload, no rebuild), in release builds it
//! embeds them, and it gives each file's SHA-256, which versions the URLs. Pages link to
//! [`url`]`("redress.css")`, which carries `?v=<hash>`, so every response can be cached
//! for a year as immutable: a changed file gets a new URL.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

/// The files under `crates/web/static`.
#[derive(Embed)]
#[folder = "static/"]
struct Static;

/// The URLs of the assets every page loads.
#[derive(Debug)]
pub(crate) struct PageAssets {
    /// GOV.UK Frontend's stylesheet.
    pub govuk_css: String,
    /// Redress's own (small) stylesheet.
    pub app_css: String,
    /// The module that marks the page as JS-enabled and starts GOV.UK Frontend's components.
    pub app_js: String,
}

/// The page assets' URLs, worked out once.
pub(crate) fn page_assets() -> &'static PageAssets {
    static ASSETS: OnceLock<PageAssets> = OnceLock::new();
    ASSETS.get_or_init(|| PageAssets {
        govuk_css: url("govuk/govuk-frontend.min.css"),
        app_css: url("redress.css"),
        app_js: url("redress.mjs"),
    })
}

/// The URL of a static file, versioned by the first bytes of its SHA-256.
pub(crate) fn url(path: &str) -> String {
    static VERSIONS: OnceLock<HashMap<String, String>> = OnceLock::new();
    let versions = VERSIONS.get_or_init(|| {
        Static::iter()
            .filter_map(|name| {
                let hash = Static::get(&name)?.metadata.sha256_hash();
                let short: String = hash.iter().take(6).map(|b| format!("{b:02x}")).collect();
                Some((name.into_owned(), short))
            })
            .collect()
    });
    match versions.get(path) {
        Some(version) => format!("/static/{path}?v={version}"),
        None => format!("/static/{path}"),
    }
}

/// Serves one static file, or 404.
pub(crate) async fn serve(Path(path): Path<String>) -> Response {
    // Only stylesheets and scripts: the folder's READMEs are for people.
    let kind = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        // The module imports GOV.UK Frontend's `.js`; both must be JavaScript to a browser.
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Some(file) = Static::get(&path) else { return StatusCode::NOT_FOUND.into_response() };
    let mut response = file.data.into_owned().into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
