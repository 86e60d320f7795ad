//! Full-text search over complaints' descriptions and points: the one condition of the case
//! list whose SQL differs between the backends, as their full-text indexes do
//! (`migrations/*/0017_categories_and_search.sql`).
//!
//! - SQLite: an FTS5 table, `complaint_search`, with the Porter stemmer, kept in step with
//!   `complaints.search_text` by triggers. Its query language gives meaning to quotes,
//!   `AND`, `*` and more, so the words typed are passed as quoted strings, all required.
//! - PostgreSQL: the generated column `complaints.search_vector` (english stemming, with
//!   english stop words left out) and its GIN index, matched by `plainto_tsquery`, which
//!   reads the text typed as plain words, all required.
//!
//! Either way a complaint matches when its description and points hold every word typed, in
//! any form of it the stemmer joins ("leaking" finds "leak").

use crate::Backend;
use crate::query::{Arg, Built};

/// The condition that complaint `c` has every word of `text` in its description or points,
/// with its argument added to `query`; `None` when `text` has no word to look for.
pub(crate) fn full_text_match(query: &mut Built, backend: Backend, text: &str) -> Option<String> {
    match backend {
        Backend::Sqlite => {
            let words = fts5_words(text)?;
            let p = query.arg(Arg::Text(words));
            Some(format!("c.id in (select complaint_id from complaint_search where complaint_search match {p})"))
        }
        Backend::Postgres => {
            text.chars().any(char::is_alphanumeric).then_some(())?;
            let p = query.arg(Arg::Text(text.to_owned()));
            Some(format!("c.search_vector @@ plainto_tsquery('english', {p})"))
        }
    }
}

/// `text`'s words (its runs of letters and digits) as an FTS5 query requiring each: every
/// word quoted, so that none is read as an operator. `None` when it has none.
fn fts5_words(text: &str) -> Option<String> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_reach_fts5_quoted_so_that_none_is_an_operator() {
        assert_eq!(fts5_words("black mould"), Some("\"black\" \"mould\"".into()));
        assert_eq!(
            fts5_words("mould AND \"damp\" OR leak*"),
            Some("\"mould\" \"AND\" \"damp\" \"OR\" \"leak\"".into())
        );
        assert_eq!(fts5_words(" -- ?! "), None);
    }
}
