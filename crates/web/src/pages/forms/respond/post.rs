//! What a task's form posts: its fields and, from the letter task's `multipart/form-data`
//! form, the files chosen. Reading never fails the request: a body that cannot be read is
//! kept as a message, so that the handler answers a case the caller may not see as not
//! found, whatever was posted, and shows the message on the task's form otherwise.

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use redress_app::AttachmentInput;

use super::super::Values;
use super::super::correspondence::{Part, read};

/// A task's post.
pub(crate) struct TaskPost {
    /// The fields, including `go`: what the button pressed asks for.
    pub(super) values: Values,
    /// The files chosen, if any.
    pub(super) files: Vec<AttachmentInput>,
    /// Why the body could not be read, if it could not.
    pub(super) unread: Option<String>,
}

impl TaskPost {
    fn unread(message: String) -> TaskPost {
        TaskPost { values: Values::default(), files: Vec::new(), unread: Some(message) }
    }
}

impl<S: Send + Sync> FromRequest<S> for TaskPost {
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request, state: &S) -> Result<TaskPost, Self::Rejection> {
        let content_type = request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        if !content_type.starts_with("multipart/form-data") {
            return Ok(match Form::<Vec<(String, String)>>::from_request(request, state).await {
                Ok(Form(values)) => TaskPost { values: Values(values), files: Vec::new(), unread: None },
                Err(rejection) => TaskPost::unread(rejection.body_text()),
            });
        }
        let mut multipart = match Multipart::from_request(request, state).await {
            Ok(multipart) => multipart,
            Err(rejection) => return Ok(TaskPost::unread(rejection.body_text())),
        };
        let parts = match read(&mut multipart).await {
            Ok(parts) => parts,
            Err((_, message)) => return Ok(TaskPost::unread(message)),
        };
        let mut post = TaskPost { values: Values::default(), files: Vec::new(), unread: None };
        for part in parts {
            match part {
                Part::Text(name, value) => post.values.0.push((name, value)),
                Part::File(file) => post.files.push(file),
            }
        }
        Ok(post)
    }
}
