//! The compliance matrix: how Redress supports each provision of the 2024 Code, and which
//! tests prove it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::ProvisionNumber;
use super::book::{CodeDataError, CodeVersion, parse};

const MATRIX_2024: &str = include_str!("../../code/matrix-2024.toml");

/// How Redress supports a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Support {
    /// The system prevents non-compliance.
    Enforced,
    /// The system reports compliance from its own data.
    Measured,
    /// The system produces the document the provision requires.
    Generated,
    /// The landlord states it and attaches evidence.
    Attested,
}

impl fmt::Display for Support {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Support::Enforced => "enforced",
            Support::Measured => "measured",
            Support::Generated => "generated",
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixEntry {
    /// The provision.
    pub provision: ProvisionNumber,
    /// Its support.
    pub support: Support,
    /// What Redress does for it, in a sentence.
    pub how: String,
    /// The tests that prove it (empty for `attested`).
    pub tests: Vec<TestRef>,
}

/// Reads the matrix file and fills in every 2024 provision it does not list as `attested`.
pub(super) fn load(code: &CodeVersion) -> Result<Vec<MatrixEntry>, CodeDataError> {
    #[derive(Deserialize)]
    struct MatrixFile {
        #[serde(default)]
        provisions: Vec<Listed>,
    }
    #[derive(Deserialize)]
    struct Listed {
        number: ProvisionNumber,
        support: Support,
        how: String,
        #[serde(default)]
        tests: Vec<TestRef>,
    }

    let file: MatrixFile = parse("matrix-2024.toml", MATRIX_2024)?;
    let mut listed = BTreeMap::new();
    for entry in file.provisions {
        let problem = if code.provision(entry.number).is_none() {
            Some("is not a provision of the 2024 Code")
        } else if entry.support != Support::Attested && entry.tests.is_empty() {
            Some("claims support other than attested but names no test")
        } else if listed.contains_key(&entry.number) {
            Some("is listed twice")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(CodeDataError::Inconsistent(format!("matrix entry {} {problem}", entry.number)));
        }
        listed.insert(entry.number, entry);
    }
    Ok(code
        .provisions
        .iter()
        .map(|p| match listed.remove(&p.number) {
            Some(entry) => {
                MatrixEntry { provision: p.number, support: entry.support, how: entry.how, tests: entry.tests }
            }
            None => MatrixEntry {
                provision: p.number,
                support: Support::Attested,
                how: "The landlord states compliance and attaches evidence.".into(),
                tests: Vec::new(),
            },
        })
        .collect())
}
