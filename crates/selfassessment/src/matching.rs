//! Requirement text matched against the Code data: which version of the Code a document
//! quotes, whether a cell is a provision's requirement, and which 2024 provisions a 2022 one
//! corresponds to.

use std::cmp::Reverse;
use std::collections::HashSet;

use redress_domain::code::{CodeBook, CodeVersion, ProvisionNumber, VersionId};

/// The words of a text, for comparing: lower case, letters and digits only, quotes and
/// punctuation dropped.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1).map(str::to_lowercase).collect()
}

/// How alike two texts are by the words they use: 1 for the same words, 0 for none shared
/// (the Dice coefficient of their word sets).
pub fn likeness(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    (2 * shared) as f64 / (a.len() + b.len()) as f64
}

/// How alike `text` is to provision `number` of `version` (0 when it has no such provision).
pub fn likeness_to(version: &CodeVersion, number: ProvisionNumber, text: &str) -> f64 {
    version.provision(number).map_or(0.0, |p| likeness(&p.requirement, text))
}

/// How alike a cell must be to a provision's requirement to be taken for it.
pub const SAME_REQUIREMENT: f64 = 0.5;

/// Whether `text` quotes provision `number` of some version of the Code.
pub fn is_requirement(book: &CodeBook, number: ProvisionNumber, text: &str) -> bool {
    book.versions().iter().any(|v| likeness_to(v, number, text) >= SAME_REQUIREMENT)
}

/// The version of the Code whose requirements the rows quote most closely; when no row quotes
/// one (no requirement column), the version that has more of the rows' numbers, and 2024 when
/// that does not tell either.
pub fn version_of(book: &CodeBook, rows: &[(ProvisionNumber, &str)]) -> VersionId {
    let score = |id: VersionId| -> (f64, usize) {
        book.version(id).map_or((0.0, 0), |v| {
            let quoted = rows.iter().map(|(n, text)| likeness_to(v, *n, text)).sum();
            let known = rows.iter().filter(|(n, _)| v.provision(*n).is_some()).count();
            (quoted, known)
        })
    };
    let (quoted_2022, known_2022) = score(VersionId::V2022);
    let (quoted_2024, known_2024) = score(VersionId::V2024);
    if quoted_2022 > quoted_2024 || (quoted_2022 == quoted_2024 && known_2022 > known_2024) {
        VersionId::V2022
    } else {
        VersionId::V2024
    }
}

/// The 2024 provisions that the 2022 provision `number` corresponds to, closest first (whole
/// before part, shared wording before subject, more words shared first); empty when none does.
pub fn in_2024(book: &CodeBook, number: ProvisionNumber) -> Vec<ProvisionNumber> {
    let mut pairs: Vec<_> = book.correspondence().iter().filter(|p| p.v2022 == number).collect();
    pairs.sort_by_key(|p| (p.extent, p.basis, Reverse(p.shared.split_whitespace().count()), p.v2024));
    pairs.into_iter().map(|p| p.v2024).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> ProvisionNumber {
        text.parse().unwrap_or(ProvisionNumber { section: 1, item: 1 })
    }

    #[test]
    fn the_version_is_the_one_whose_words_the_rows_quote() -> Result<(), redress_domain::code::CodeDataError> {
        let book = CodeBook::embedded()?;
        let rows_2022 = [(number("4.6"), "A complaint investigation must be conducted in an impartial manner.")];
        assert_eq!(version_of(book, &rows_2022), VersionId::V2022);
        let rows_2024 =
            [(number("4.3"), "All relevant staff must be suitably trained in the importance of complaint handling.")];
        assert_eq!(version_of(book, &rows_2024), VersionId::V2024);
        assert_eq!(version_of(book, &[(number("5.20"), "")]), VersionId::V2022);
        Ok(())
    }

    #[test]
    fn a_2022_provision_maps_to_its_2024_counterparts() -> Result<(), redress_domain::code::CodeDataError> {
        let book = CodeBook::embedded()?;
        assert_eq!(in_2024(book, number("1.9")), vec![number("2.4")]);
        assert!(in_2024(book, number("5.18")).is_empty());
        Ok(())
    }
}
