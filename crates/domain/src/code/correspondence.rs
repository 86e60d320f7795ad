//! Which provisions of the 2022 Code correspond to which of the 2024 Code: the pairs, each
//! with the words that show it, loaded from `code/correspondence-2022-2024.toml` and checked
//! against both versions' texts.

use serde::{Deserialize, Serialize};

use super::ProvisionNumber;
use super::book::{CodeDataError, CodeVersion, parse};

const CORRESPONDENCE: &str = include_str!("../../code/correspondence-2022-2024.toml");

/// How much of one provision the other says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    /// The 2022 provision says what the 2024 one says.
    Whole,
    /// They overlap: one asks more, or a provision was split or merged.
    Part,
}

impl Extent {
    /// As the data file writes it: "whole" or "part".
    pub fn as_str(self) -> &'static str {
        match self {
            Extent::Whole => "whole",
            Extent::Part => "part",
        }
    }
}

/// What shows that two provisions correspond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// They share words (the pair's `shared`, found in both texts).
    Wording,
    /// They deal with the same duty in different words (the pair's `note` quotes both).
    Subject,
}

impl Basis {
    /// As the data file writes it: "wording" or "subject".
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Wording => "wording",
            Basis::Subject => "subject",
        }
    }
}

/// A provision of the 2022 Code and a provision of the 2024 Code that correspond.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// The 2022 provision.
    pub v2022: ProvisionNumber,
    /// The 2024 provision.
    pub v2024: ProvisionNumber,
    /// How much of one the other says.
    pub extent: Extent,
    /// What shows it.
    pub basis: Basis,
    /// Words found in both texts (quotes, case and spacing aside); empty only for a pair
    /// matched by subject whose texts share no telling words.
    #[serde(default)]
    pub shared: String,
    /// For a pair matched by subject, the words of each that deal with the same duty.
    #[serde(default)]
    pub note: String,
}

impl Pair {
    /// The order in which a 2024 provision's counterparts are cited, closest first: whole
    /// before part, shared wording before subject, more words shared before fewer.
    fn closeness(&self) -> (Extent, Basis, std::cmp::Reverse<usize>, ProvisionNumber) {
        (self.extent, self.basis, std::cmp::Reverse(self.shared.split_whitespace().count()), self.v2022)
    }
}

/// The text compared for shared words: curly quotes straightened, lower case, one space.
fn normalised(text: &str) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            other => other.to_ascii_lowercase(),
        })
        .collect();
    straight.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why `pair` does not hold against the two versions, if it does not.
fn problem(pair: &Pair, v2022: &CodeVersion, v2024: &CodeVersion) -> Option<String> {
    let (Some(old), Some(new)) = (v2022.provision(pair.v2022), v2024.provision(pair.v2024)) else {
        return Some("names a provision its version does not have".into());
    };
    let shared = normalised(&pair.shared);
    let in_both = normalised(&old.requirement).contains(&shared) && normalised(&new.requirement).contains(&shared);
    match pair.basis {
        _ if !shared.is_empty() && !in_both => {
            Some(format!("says both texts share \"{}\", which they do not", pair.shared))
        }
        Basis::Wording if shared.is_empty() => Some("is matched by wording but quotes none".into()),
        Basis::Subject if pair.note.trim().is_empty() => Some("is matched by subject but has no note".into()),
        _ => None,
    }
}

/// Reads the pairs and checks each against the texts of both versions; a pair listed twice is
/// refused too.
pub(super) fn load(v2022: &CodeVersion, v2024: &CodeVersion) -> Result<Vec<Pair>, CodeDataError> {
    #[derive(Deserialize)]
    struct CorrespondenceFile {
        pairs: Vec<Pair>,
    }
    let file: CorrespondenceFile = parse("correspondence-2022-2024.toml", CORRESPONDENCE)?;
    for (index, pair) in file.pairs.iter().enumerate() {
        let repeated = file.pairs[..index].iter().any(|p| (p.v2022, p.v2024) == (pair.v2022, pair.v2024));
        let problem = if repeated { Some("is listed twice".into()) } else { problem(pair, v2022, v2024) };
        if let Some(problem) = problem {
            return Err(CodeDataError::Inconsistent(format!(
                "the pair 2022 {} / 2024 {} {problem}",
                pair.v2022, pair.v2024
            )));
        }
    }
    Ok(file.pairs)
}

/// The 2022 provisions that correspond to the 2024 provision `number`, closest first; empty
/// when the 2024 provision is new.
pub(super) fn in_2022(pairs: &[Pair], number: ProvisionNumber) -> Vec<ProvisionNumber> {
    let mut matching: Vec<&Pair> = pairs.iter().filter(|p| p.v2024 == number).collect();
    matching.sort_by_key(|p| p.closeness());
    matching.into_iter().map(|p| p.v2022).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::VersionId;

    #[test]
    fn shared_words_are_compared_without_curly_quotes_case_or_spacing() {
        assert_eq!(normalised("The word  ‘Complaint’\n“here”"), "the word 'complaint' \"here\"");
    }

    #[test]
    fn a_pair_is_refused_unless_both_provisions_exist_and_its_evidence_holds() {
        let book = crate::code::CodeBook::embedded().unwrap();
        let (v2022, v2024) = (book.version(VersionId::V2022).unwrap(), book.version(VersionId::V2024).unwrap());
        let number = |s: &str| s.parse::<ProvisionNumber>().unwrap();
        let pair = |old: &str, new: &str, basis, shared: &str, note: &str| Pair {
            v2022: number(old),
            v2024: number(new),
            extent: Extent::Whole,
            basis,
            shared: shared.into(),
            note: note.into(),
        };
        let same_person = "must not be the same person that considered the complaint at stage";
        assert_eq!(problem(&pair("5.12", "6.13", Basis::Wording, same_person, ""), v2022, v2024), None);
        let bad = [
            pair("9.1", "6.13", Basis::Wording, same_person, ""),
            pair("5.12", "6.21", Basis::Wording, same_person, ""),
            pair("5.12", "6.13", Basis::Wording, "a third stage", ""),
            pair("5.12", "6.13", Basis::Wording, "", ""),
            pair("5.12", "6.13", Basis::Subject, "", " "),
        ];
        for pair in bad {
            assert!(problem(&pair, v2022, v2024).is_some(), "{pair:?}");
        }
        assert_eq!(problem(&pair("5.12", "6.13", Basis::Subject, "", "Different handlers."), v2022, v2024), None);
    }

    #[test]
    fn counterparts_come_closest_first() {
        let number = |s: &str| s.parse::<ProvisionNumber>().unwrap();
        let pair = |old: &str, extent, basis, shared: &str| Pair {
            v2022: number(old),
            v2024: number("5.8"),
            extent,
            basis,
            shared: shared.into(),
            note: String::new(),
        };
        let pairs = [
            pair("3.2", Extent::Part, Basis::Subject, "of interest"),
            pair("4.12", Extent::Part, Basis::Wording, "a fair chance to"),
            pair("4.7", Extent::Part, Basis::Wording, "take measures to address any actual or perceived conflict"),
            pair("1.2", Extent::Whole, Basis::Subject, ""),
        ];
        assert_eq!(in_2022(&pairs, number("5.8")), [number("1.2"), number("4.7"), number("4.12"), number("3.2")]);
        assert!(in_2022(&pairs, number("2.3")).is_empty());
    }
}
