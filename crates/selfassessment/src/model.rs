//! What an import produces: the JSON shape issue 13 specifies, as types.

use redress_domain::code::{ProvisionNumber, VersionId};
use serde::{Deserialize, Serialize};

/// A self-assessment as a landlord published it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    /// The version of the Code it assesses against, told by its requirement texts.
    pub code_version: VersionId,
    /// The landlord, when the document names it in its title (`"X - Self-assessment ..."`) or
    /// on a `Landlord:` line.
    pub landlord: Option<String>,
    /// Every provision assessed, in document order.
    pub provisions: Vec<ImportedProvision>,
    /// For a 2022 assessment, its provisions with no 2024 counterpart in the correspondence
    /// data (`crates/domain/code/correspondence-2022-2024.toml`); absent for 2024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmapped: Option<Vec<ProvisionNumber>>,
}

/// One row of the assessment: a provision, and what the landlord said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedProvision {
    /// The provision's number in the document's own Code version.
    pub provision: ProvisionNumber,
    /// Whether the landlord says it complies, as the document states it; `None` where the
    /// document states nothing (or something that is none of the answers).
    pub comply: Option<Comply>,
    /// The requirement as the document quotes it (HTML stripped, whitespace normalised).
    pub requirement: String,
    /// The evidence given (empty when none).
    pub evidence: String,
    /// The commentary or explanation given (empty when none, or when the document has one
    /// column for evidence and commentary together, which is read as evidence).
    pub commentary: String,
    /// For a 2022 assessment, the 2024 provisions this one corresponds to, closest first
    /// (empty when unmapped); absent for 2024.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_2024: Option<Vec<ProvisionNumber>>,
}

/// A landlord's answer to "Comply: Yes / No".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Comply {
    /// "Yes".
    #[serde(rename = "yes")]
    Yes,
    /// "No".
    #[serde(rename = "no")]
    No,
    /// "Partial", "Partially", "Partial (In progress)" and the like.
    #[serde(rename = "partial")]
    Partial,
    /// "N/A", "Not applicable".
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Comply {
    /// As the JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Comply::Yes => "yes",
            Comply::No => "no",
            Comply::Partial => "partial",
            Comply::NotApplicable => "n/a",
        }
    }

    /// The answer a comply cell states, if it states one: the cell is short (a few words) and
    /// starts with an answer ("Yes", "No ", "Partial (In Progress)", "N/A", "Not applicable",
    /// "Compliant", "Non-compliant"). Longer text is evidence, even when it starts "No".
    pub fn read(cell: &str) -> Option<Comply> {
        let lower = cell.trim().to_lowercase();
        if lower.is_empty() || lower.chars().count() > 40 {
            return None;
        }
        let words: Vec<&str> =
            lower.split(|c: char| !(c.is_alphanumeric() || c == '/')).filter(|w| !w.is_empty()).collect();
        if words.len() > 6 {
            return None;
        }
        let second = words.get(1).copied().unwrap_or("");
        match words.first().copied()? {
            "yes" | "compliant" | "complies" | "met" => Some(Comply::Yes),
            "no" | "non" | "noncompliant" => Some(Comply::No),
            "not" if second == "applicable" => Some(Comply::NotApplicable),
            "not" if matches!(second, "compliant" | "met") => Some(Comply::No),
            "partial" | "partially" | "partly" | "part" => Some(Comply::Partial),
            "n/a" | "na" | "n/" => Some(Comply::NotApplicable),
            "n" if second == "a" || second == "/" => Some(Comply::NotApplicable),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_as_written() {
        let cases = [
            ("Yes", Some(Comply::Yes)),
            ("Yes ", Some(Comply::Yes)),
            ("No ", Some(Comply::No)),
            ("Partial (In Progress)", Some(Comply::Partial)),
            ("Partial - (In progress)", Some(Comply::Partial)),
            ("Partial (In-Progress)", Some(Comply::Partial)),
            ("N/A", Some(Comply::NotApplicable)),
            ("n / a", Some(Comply::NotApplicable)),
            ("Not applicable", Some(Comply::NotApplicable)),
            ("Non-compliant", Some(Comply::No)),
            ("", None),
            ("TBC", None),
            ("No complaints were received in the year, so none were escalated", None),
            ("Nothing", None),
        ];
        for (cell, expected) in cases {
            assert_eq!(Comply::read(cell), expected, "{cell:?}");
        }
    }
}
