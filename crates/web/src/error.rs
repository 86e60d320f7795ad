//! [`WebError`]: why the web server could not start or stopped abnormally.
//!
//! Errors inside a request are not here: a handler turns them into a
//! response (see `health.rs`).

/// An error that ends [`serve`](crate::serve).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The listener's address could not be read (for the start-up log line).
    #[error("could not read the listening address")]
    LocalAddr(#[source] std::io::Error),

    /// The server failed while running.
    #[error("the web server failed")]
    Serve(#[source] std::io::Error),
}
