//! Files the pages give to download rather than show: the print queue's letters and the case
//! file.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A PDF's media type.
pub(crate) const PDF: &str = "application/pdf";

/// A zip file's media type.
pub(crate) const ZIP: &str = "application/zip";

/// `bytes` of `media_type` to save as `file_name`. The names are made of references, ids and
/// dates, never of what someone typed; a name a header cannot carry is left out.
pub(crate) fn download(file_name: &str, media_type: &'static str, bytes: Vec<u8>) -> Response {
    let disposition = HeaderValue::try_from(format!("attachment; filename=\"{file_name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (StatusCode::OK, [(CONTENT_TYPE, HeaderValue::from_static(media_type)), (CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}
