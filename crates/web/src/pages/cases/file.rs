//! `GET /cases/{id}/file`: the case's whole file as a zip (the PDF, the original attachments
//! and `record.json`), and `GET /cases/{id}/file.pdf`: the PDF alone. Anyone who may read the
//! case may download it; the case page links to both.

use axum::extract::State;
use axum::response::Response;
use redress_domain::ids::ComplaintId;

use crate::AppState;
use crate::pages::download::{PDF, ZIP, download};
use crate::pages::{IdPath, PageError, Staff};

/// `GET /cases/{id}/file`.
pub(crate) async fn zip(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    let file = state.app().case_file(&staff.actor, &id).await?;
    Ok(download(&format!("case-file-{}.zip", file.reference), ZIP, file.zip))
}

/// `GET /cases/{id}/file.pdf`.
pub(crate) async fn pdf(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ComplaintId>,
) -> Result<Response, PageError> {
    let file = state.app().case_file(&staff.actor, &id).await?;
    Ok(download(&format!("case-file-{}.pdf", file.reference), PDF, file.pdf))
}
