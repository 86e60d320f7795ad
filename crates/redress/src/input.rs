//! Input that a person or a script typed: parsed strictly, refused with a one-line message.
//! An [`InputError`] makes `redress` exit with status 2, like a usage error.

use jiff::civil::Date;

/// Input that cannot be used as given.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// A date written exactly as `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, InputError> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    let invalid = || InputError(format!("'{text}' is not a valid date (expected YYYY-MM-DD)"));
    if !shaped {
        return Err(invalid());
    }
    text.parse().map_err(|_| invalid())
}

/// A whole number of working days.
pub fn parse_count(text: &str) -> Result<i32, InputError> {
    text.parse().map_err(|_| InputError(format!("'{text}' is not a whole number of working days")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_in_iso_form() {
        assert_eq!(parse_date("2024-02-29").unwrap(), jiff::civil::date(2024, 2, 29));
        for bad in ["2023-02-29", "2024-13-01", "20240229", "2024-2-29", "2024-02-29T00:00", " 2024-02-29", ""] {
            assert!(parse_date(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
