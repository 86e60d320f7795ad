//! Limits on the text people type into Redress: how long it may be, and which characters it
//! may hold. A record is read by people and printed in letters and reports, so a megabyte
//! pasted by mistake, or a NUL byte that some databases and tools cut text at, is refused
//! with a message naming the field, rather than stored.
//!
//! Two kinds of text: a *short* text is one line (a name, a subject, a reference, an email
//! address), a *long* text may have lines (a description, reasons, a letter's body). Neither
//! may hold control characters other than the line breaks and tabs of a long text.

use std::fmt;

/// The most characters in a short text: a name, subject, reference, email address or
/// telephone number. Generous for any of them (an email address is at most 254).
pub const SHORT_TEXT_CHARS: usize = 300;

/// The most characters in a long text: a description, reasons, a note or a letter's body.
/// About eight pages of prose; longer documents belong in attachments.
pub const LONG_TEXT_CHARS: usize = 20_000;

/// The most characters in a web address (browsers and servers commonly accept 2,000).
pub const WEB_ADDRESS_CHARS: usize = 2_000;

/// The most items in a list of texts (points, categories, outcomes sought, ...).
pub const MOST_ITEMS: usize = 100;

/// What a text field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLimit {
    /// The most characters (Unicode scalar values, not bytes).
    pub max_chars: usize,
    /// Whether line breaks (`\n`, `\r`) and tabs are allowed.
    pub multi_line: bool,
}

/// One line of at most [`SHORT_TEXT_CHARS`].
pub const SHORT: TextLimit = TextLimit { max_chars: SHORT_TEXT_CHARS, multi_line: false };

/// Lines of at most [`LONG_TEXT_CHARS`] in all.
pub const LONG: TextLimit = TextLimit { max_chars: LONG_TEXT_CHARS, multi_line: true };

/// One line of at most [`WEB_ADDRESS_CHARS`].
pub const WEB_ADDRESS: TextLimit = TextLimit { max_chars: WEB_ADDRESS_CHARS, multi_line: false };

/// Why a text was refused. The message names the field, as given by the caller (such as
/// "the description").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Longer than its limit.
    #[error("{} must be {} characters or fewer", Capitalised(field), thousands(*max_chars))]
    TooLong {
        /// The field.
        field: String,
        /// Its limit.
        max_chars: usize,
    },
    /// A control character (NUL, escape, ...), or a line break or tab in a one-line text.
    #[error("{} must not contain {}", Capitalised(field), if *multi_line { "control characters" } else { "line breaks, tabs or control characters" })]
    ControlCharacter {
        /// The field.
        field: String,
        /// Whether the field allows line breaks and tabs.
        multi_line: bool,
    },
    /// More items than [`MOST_ITEMS`].
    #[error("{} may have at most {MOST_ITEMS} entries", Capitalised(field))]
    TooMany {
        /// The field.
        field: String,
    },
}

impl From<TextError> for crate::refusal::Refusal {
    fn from(error: TextError) -> crate::refusal::Refusal {
        crate::refusal::Refusal::Text(error)
    }
}

/// Checks one text against its limit.
///
/// # Errors
///
/// [`TextError`] naming `field` if it is too long or holds a character it may not.
pub fn check(field: &str, text: &str, limit: TextLimit) -> Result<(), TextError> {
    // Allowed characters first: a NUL is refused whatever the length.
    let allowed = |c: char| !c.is_control() || (limit.multi_line && matches!(c, '\n' | '\r' | '\t'));
    if !text.chars().all(allowed) {
        return Err(TextError::ControlCharacter { field: field.to_owned(), multi_line: limit.multi_line });
    }
    // Counting characters is linear; a text of more bytes than the limit of 4-byte
    // characters can be refused without counting.
    if text.len() > limit.max_chars.saturating_mul(4) || text.chars().count() > limit.max_chars {
        return Err(TextError::TooLong { field: field.to_owned(), max_chars: limit.max_chars });
    }
    Ok(())
}

/// Checks an optional text: nothing to check when it is absent.
///
/// # Errors
///
/// As [`check`].
pub fn check_optional(field: &str, text: Option<&str>, limit: TextLimit) -> Result<(), TextError> {
    text.map_or(Ok(()), |text| check(field, text, limit))
}

/// Checks a list of texts: at most [`MOST_ITEMS`], each within `limit`.
///
/// # Errors
///
/// As [`check`], or [`TextError::TooMany`].
pub fn check_all<S: AsRef<str>>(field: &str, texts: &[S], limit: TextLimit) -> Result<(), TextError> {
    check_count(field, texts.len())?;
    texts.iter().try_for_each(|text| check(field, text.as_ref(), limit))
}

/// Checks the number of entries of a list of anything.
///
/// # Errors
///
/// [`TextError::TooMany`] when there are more than [`MOST_ITEMS`].
pub fn check_count(field: &str, count: usize) -> Result<(), TextError> {
    if count > MOST_ITEMS {
        return Err(TextError::TooMany { field: field.to_owned() });
    }
    Ok(())
}

/// A field's name with its first letter in capitals, to start a message.
struct Capitalised<'a>(&'a str);

impl fmt::Display for Capitalised<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        match chars.next() {
            Some(first) => write!(f, "{}{}", first.to_uppercase(), chars.as_str()),
            None => Ok(()),
        }
    }
}

/// 20000 as "20,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_within_their_limit_are_accepted() {
        assert_eq!(check("the name", "Rosa Resident", SHORT), Ok(()));
        assert_eq!(check("the name", &"é".repeat(SHORT_TEXT_CHARS), SHORT), Ok(()), "characters, not bytes");
        assert_eq!(check("the description", "Line one\r\nLine two\twith a tab", LONG), Ok(()));
        assert_eq!(check("the description", &"a".repeat(LONG_TEXT_CHARS), LONG), Ok(()));
        assert_eq!(check("the description", "", LONG), Ok(()), "required is the caller's rule");
    }

    #[test]
    fn a_text_over_its_limit_is_refused_naming_the_field() {
        let error = check("the description", &"a".repeat(LONG_TEXT_CHARS + 1), LONG).unwrap_err();
        assert_eq!(error.to_string(), "The description must be 20,000 characters or fewer");
        let megabyte = "a".repeat(1 << 20);
        assert!(matches!(check("the description", &megabyte, LONG), Err(TextError::TooLong { .. })));
        let error = check("the subject", &"é".repeat(SHORT_TEXT_CHARS + 1), SHORT).unwrap_err();
        assert_eq!(error.to_string(), "The subject must be 300 characters or fewer");
    }

    #[test]
    fn control_characters_are_refused_and_line_breaks_only_in_long_texts() {
        let error = check("the description", "before\0after", LONG).unwrap_err();
        assert_eq!(error.to_string(), "The description must not contain control characters");
        for bad in ["\u{1b}[31m", "\u{7f}", "\u{85}", "bell\u{7}"] {
            assert!(check("the description", bad, LONG).is_err(), "{bad:?}");
        }
        for line_break in ["a\nb", "a\rb", "a\tb"] {
            let error = check("the name", line_break, SHORT).unwrap_err();
            assert_eq!(error.to_string(), "The name must not contain line breaks, tabs or control characters");
        }
    }

    #[test]
    fn lists_are_checked_item_by_item_and_counted() {
        assert_eq!(check_all("a point", &["One", "Two"], LONG), Ok(()));
        assert!(check_all("a point", &["One", "T\0wo"], LONG).is_err());
        let many = vec!["x"; MOST_ITEMS + 1];
        assert_eq!(
            check_all("the categories", &many, SHORT).unwrap_err().to_string(),
            "The categories may have at most 100 entries"
        );
        assert_eq!(check_optional("the reason", None, LONG), Ok(()));
        assert!(check_optional("the reason", Some("\0"), LONG).is_err());
    }

    #[test]
    fn numbers_in_messages_have_thousands_separators() {
        assert_eq!(thousands(300), "300");
        assert_eq!(thousands(2_000), "2,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
