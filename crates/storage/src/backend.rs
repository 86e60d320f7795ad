//! Which database engine a URL names.
//!
//! Only the scheme is looked at here; the rest of the URL is parsed by the
//! backend's own sqlx options and is never echoed, because it may carry a
//! password.

use std::fmt;

use crate::StorageError;

/// The database engine behind a [`Database`](crate::Database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite, one file on disk: the default for small landlords.
    Sqlite,
    /// PostgreSQL, for larger installs.
    Postgres,
}

impl Backend {
    /// Both backends, in the order tests report them.
    pub const ALL: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];

    /// The backend named by a database URL's scheme: `sqlite:` or
    /// `postgres:` / `postgresql:`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingScheme`] or [`StorageError::UnsupportedScheme`]
    /// for anything else. Neither error contains more of the URL than its
    /// scheme.
    pub fn from_url(url: &str) -> Result<Backend, StorageError> {
        match scheme(url) {
            Some("sqlite") => Ok(Backend::Sqlite),
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            Some(other) => Err(StorageError::UnsupportedScheme { scheme: other.to_owned() }),
            None => Err(StorageError::MissingScheme),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        })
    }
}

/// The scheme of `url` if it starts with one (RFC 3986: a letter, then
/// letters, digits, `+`, `-` or `.`, then `:`).
///
/// Checking the characters matters for secrets as well as correctness: text
/// before the first `:` that is not a valid scheme (say a bare
/// `user:password@host`) is then never put into an error message.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_valid).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_and_both_postgres_spellings_are_recognised() {
        assert_eq!(Backend::from_url("sqlite://redress.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("sqlite::memory:").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://h/db").ok(), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://h/db").ok(), Some(Backend::Postgres));
    }

    #[test]
    fn an_unsupported_scheme_is_named_without_the_rest_of_the_url() {
        let err = Backend::from_url("mysql://root:hunter2@db/redress").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("`mysql`"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn a_url_without_a_scheme_is_refused_without_echoing_it() {
        for url in ["redress.db", "", "user name:hunter2@host"] {
            let err = Backend::from_url(url).unwrap_err();
            assert!(matches!(err, StorageError::MissingScheme), "{url}: {err}");
            assert!(!err.to_string().contains("hunter2"));
        }
    }

    #[test]
    fn display_names_the_engine() {
        assert_eq!(Backend::Sqlite.to_string(), "sqlite");
        assert_eq!(Backend::Postgres.to_string(), "postgresql");
    }
}
