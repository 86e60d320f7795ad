//! [`IdPath`]: the ids in a page's address, parsed at the edge.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::PageError;

/// Path parameters that hold record ids ([`redress_domain::ids`]). An address with a
/// malformed id names nothing, so it is answered as one with an unknown id is: the page is
/// not found (never a 400 or a 500).
#[derive(Debug, Clone)]
pub(crate) struct IdPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for IdPath<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<IdPath<T>, PageError> {
        // The router matched the address, so the parameters are there: only their content
        // can be refused.
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| IdPath(value))
            .map_err(|_| PageError::not_found())
    }
}
