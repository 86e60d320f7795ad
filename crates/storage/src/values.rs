//! How instants and dates are written to and read from each backend.
//!
//! Instants ([`jiff::Timestamp`]) are kept to the microsecond, PostgreSQL's
//! `timestamptz` precision, on both backends: storage truncates finer ones
//! before storing or hashing them, so what is read back, and the hashes of the
//! record, are the same on SQLite and PostgreSQL. SQLite stores them as RFC
//! 3339 UTC text with exactly six fraction digits
//! (`2024-06-03T09:30:00.000000Z`): fixed width, so comparing and ordering
//! the text compares and orders the instants. (jiff-sqlx's own SQLite
//! encoding prints a variable number of digits, which would not.)
//!
//! Dates ([`jiff::civil::Date`]) use jiff-sqlx as it is: `date` on
//! PostgreSQL, `YYYY-MM-DD` text on SQLite.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::fmt::temporal::DateTimePrinter;
use jiff_sqlx::ToSqlx;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Type};

/// Prints instants as storage keeps them: UTC, six fraction digits.
static PRINTER: DateTimePrinter = DateTimePrinter::new().precision(Some(6));

/// `instant` truncated to the microsecond: what storage keeps.
pub(crate) fn to_micros(instant: Timestamp) -> Timestamp {
    // Cannot fail: a whole number of microseconds within a valid timestamp's
    // range is itself in range.
    Timestamp::from_microsecond(instant.as_microsecond()).unwrap_or(instant)
}

/// The text form of an instant used in SQLite and in hashes:
/// `2024-06-03T09:30:00.000000Z` (truncated to the microsecond).
pub(crate) fn format_instant(instant: Timestamp) -> String {
    PRINTER.timestamp_to_string(&to_micros(instant))
}

/// An instant bound to or read from either backend (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Instant(pub(crate) Timestamp);

impl Instant {
    /// Wraps `instant`, truncated to the microsecond.
    pub(crate) fn new(instant: Timestamp) -> Instant {
        Instant(to_micros(instant))
    }
}

/// For `#[sqlx(try_from = "Instant")]` on public row types.
impl From<Instant> for Timestamp {
    fn from(instant: Instant) -> Timestamp {
        instant.0
    }
}

impl Type<Sqlite> for Instant {
    fn type_info() -> SqliteTypeInfo {
        <str as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <str as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Instant {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(format_instant(self.0), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Instant {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Instant(text.parse()?))
    }
}

impl Type<Postgres> for Instant {
    fn type_info() -> PgTypeInfo {
        <jiff_sqlx::Timestamp as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Instant {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode(to_micros(self.0).to_sqlx(), buf)
    }
}

impl<'r> Decode<'r, Postgres> for Instant {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Instant(<jiff_sqlx::Timestamp as Decode<Postgres>>::decode(value)?.to_jiff()))
    }
}

/// A date for binding: jiff-sqlx's wrapper, the same on both backends.
pub(crate) fn day(date: Date) -> jiff_sqlx::Date {
    date.to_sqlx()
}

/// An optional date for binding.
pub(crate) fn maybe_day(date: Option<Date>) -> Option<jiff_sqlx::Date> {
    date.map(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_print_with_six_fraction_digits_in_utc() {
        let t: Timestamp = "2024-06-03T10:30:00+01:00".parse().unwrap();
        assert_eq!(format_instant(t), "2024-06-03T09:30:00.000000Z");
        let t: Timestamp = "2024-06-03T09:30:00.123456789Z".parse().unwrap();
        assert_eq!(format_instant(t), "2024-06-03T09:30:00.123456Z");
    }

    #[test]
    fn truncating_to_microseconds_drops_only_the_nanoseconds() {
        let t: Timestamp = "2024-06-03T09:30:00.123456789Z".parse().unwrap();
        assert_eq!(to_micros(t).to_string(), "2024-06-03T09:30:00.123456Z");
        assert_eq!(format_instant(t).parse::<Timestamp>().unwrap(), to_micros(t));
    }
}
