//! The compliance matrix: how Redress supports each provision of the 2024 Code, what of the
//! provision's wording that support covers, what remains for the landlord to attest, and which
//! tests prove the part covered.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ProvisionNumber;
use super::book::{CodeDataError, CodeVersion, parse};

const MATRIX_2024: &str = include_str!("../../code/matrix-2024.toml");

/// How Redress supports a provision. The first three are full claims: nothing of the
/// provision's wording is left for the landlord to attest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Support {
    /// The system prevents non-compliance with the whole provision.
    Enforced,
    /// The system reports compliance with the whole provision from its own data.
    Measured,
    /// The system produces the whole of the document the provision requires.
    Generated,
    /// The system enforces, measures or generates part of the provision, proven by tests; the
    /// rest is attested.
    Partly,
    /// The landlord states it and attaches evidence.
    Attested,
}

impl Support {
    /// Every support, full claims first.
    pub const ALL: [Support; 5] =
        [Support::Enforced, Support::Measured, Support::Generated, Support::Partly, Support::Attested];

    /// Whether this claims the whole provision (nothing remains to attest).
    pub fn is_full(self) -> bool {
        matches!(self, Support::Enforced | Support::Measured | Support::Generated)
    }
}

impl fmt::Display for Support {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Support::Enforced => "enforced",
            Support::Measured => "measured",
            Support::Generated => "generated",
            Support::Partly => "partly",
            Support::Attested => "attested",
        })
    }
}

/// A test that proves a provision's support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRef {
    /// The Cargo package the test is in, such as `redress-domain`.
    pub package: String,
    /// The integration-test target (the file name under `tests/`), or `None` for the
    /// package's own unit tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The test's full path as `cargo test -- --list` prints it.
    pub path: String,
}

/// How Redress supports one provision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixEntry {
    /// The provision.
    #[serde(rename = "number")]
    pub provision: ProvisionNumber,
    /// Its support.
    pub support: Support,
    /// What of the provision's wording Redress covers, in plain words ("nothing" is said in
    /// words too, for an attested provision).
    pub covers: String,
    /// What of the wording remains for the landlord to attest; empty for a full claim.
    #[serde(default)]
    pub remains: String,
    /// The tests that prove what is covered (empty for `attested`).
    #[serde(default)]
    pub tests: Vec<TestRef>,
}

impl MatrixEntry {
    /// Why this entry breaks the matrix's rules, if it does: a full claim leaves nothing to
    /// attest, anything but `attested` names its tests, and every entry says what it covers.
    fn problem(&self) -> Option<&'static str> {
        let remains = !self.remains.trim().is_empty();
        if self.covers.trim().is_empty() {
            Some("does not say what Redress covers")
        } else if self.support.is_full() && remains {
            Some("claims the whole provision but says something remains to attest")
        } else if !self.support.is_full() && !remains {
            Some("is not a full claim but does not say what remains to attest")
        } else if self.support == Support::Attested && !self.tests.is_empty() {
            Some("is attested but names tests: claim the part they prove as `partly`")
        } else if self.support != Support::Attested && self.tests.is_empty() {
            Some("claims support other than attested but names no test")
        } else {
            None
        }
    }
}

/// Reads the matrix file, which must list every 2024 provision exactly once, in any order,
/// and returns it in provision order.
pub(super) fn load(code: &CodeVersion) -> Result<Vec<MatrixEntry>, CodeDataError> {
    #[derive(Deserialize)]
    struct MatrixFile {
        provisions: Vec<MatrixEntry>,
    }

    let file: MatrixFile = parse("matrix-2024.toml", MATRIX_2024)?;
    let mut listed = BTreeMap::new();
    for entry in file.provisions {
        let problem = if code.provision(entry.provision).is_none() {
            Some("is not a provision of the 2024 Code")
        } else if listed.contains_key(&entry.provision) {
            Some("is listed twice")
        } else {
            entry.problem()
        };
        if let Some(problem) = problem {
            return Err(CodeDataError::Inconsistent(format!("matrix entry {} {problem}", entry.provision)));
        }
        listed.insert(entry.provision, entry);
    }
    if let Some(missing) = code.provisions.iter().find(|p| !listed.contains_key(&p.number)) {
        return Err(CodeDataError::Inconsistent(format!("the matrix does not list provision {}", missing.number)));
    }
    Ok(listed.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(support: Support, remains: &str, tests: usize) -> MatrixEntry {
        let test = TestRef { package: "redress-domain".into(), target: None, path: "a::test".into() };
        MatrixEntry {
            provision: ProvisionNumber { section: 6, item: 13 },
            support,
            covers: "The stage 2 handler differs.".into(),
            remains: remains.into(),
            tests: vec![test; tests],
        }
    }

    #[test]
    fn a_full_claim_leaves_nothing_to_attest_and_names_its_tests() {
        assert_eq!(entry(Support::Enforced, "", 1).problem(), None);
        assert!(entry(Support::Enforced, "Training.", 1).problem().is_some());
        assert!(entry(Support::Measured, "", 0).problem().is_some());
    }

    #[test]
    fn partly_says_what_remains_and_names_the_tests_of_what_it_covers() {
        assert_eq!(entry(Support::Partly, "The policy's wording.", 1).problem(), None);
        assert!(entry(Support::Partly, "", 1).problem().is_some());
        assert!(entry(Support::Partly, "The policy's wording.", 0).problem().is_some());
    }

    #[test]
    fn attested_says_what_remains_and_names_no_tests() {
        assert_eq!(entry(Support::Attested, "All of it.", 0).problem(), None);
        assert!(entry(Support::Attested, "", 0).problem().is_some());
        assert!(entry(Support::Attested, "All of it.", 1).problem().is_some());
        assert!(MatrixEntry { covers: " ".into(), ..entry(Support::Attested, "All of it.", 0) }.problem().is_some());
    }
}
