//! The code book: every version of the Code Redress knows, loaded from the embedded TOML.

use std::sync::OnceLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::correspondence::{self, Pair};
use super::matrix::{self, MatrixEntry};
use super::{Provision, ProvisionNumber, Timescales};

const VERSIONS: &str = include_str!("../../code/versions.toml");
const PROVISIONS_2024: &str = include_str!("../../code/2024.toml");
const PROVISIONS_2022: &str = include_str!("../../code/2022.toml");

/// Which version of the Code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum VersionId {
    /// The 2022 Code (as updated in 2023), in force from 1 April 2022.
    #[serde(rename = "2022")]
    V2022,
    /// The statutory 2024 Code, in force from 1 April 2024.
    #[serde(rename = "2024")]
    V2024,
}

impl VersionId {
    /// The version's name as users write it: "2024" or "2022".
    pub fn as_str(self) -> &'static str {
        match self {
            VersionId::V2022 => "2022",
            VersionId::V2024 => "2024",
        }
    }
}

/// A section of a version of the Code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Its number, 1 to 9.
    pub number: u8,
    /// Its title as the Code gives it.
    pub title: String,
}

/// One version of the Code: its provisions and its timescales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeVersion {
    /// Which version.
    pub id: VersionId,
    /// Its title.
    pub title: String,
    /// The first day it governed complaints.
    pub in_force_from: Date,
    /// Where the Ombudsman publishes it.
    pub source: String,
    /// Its timescales.
    pub timescales: Timescales,
    /// Its sections, in order.
    pub sections: Vec<Section>,
    /// Its provisions, in numeric order.
    pub provisions: Vec<Provision>,
}

impl CodeVersion {
    /// The provision numbered `number`, if this version has it.
    pub fn provision(&self, number: ProvisionNumber) -> Option<&Provision> {
        self.provisions.iter().find(|p| p.number == number)
    }

    /// The section numbered `number`, if this version has it.
    pub fn section(&self, number: u8) -> Option<&Section> {
        self.sections.iter().find(|s| s.number == number)
    }
}

/// The embedded Code data is malformed: a defect in this build, caught by the tests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeDataError {
    /// A data file is not valid TOML of the expected shape.
    #[error("the embedded Code data file {file} is malformed: {message}")]
    Malformed {
        /// The file.
        file: &'static str,
        /// What the parser said.
        message: String,
    },
    /// The data is well-formed but inconsistent.
    #[error("the embedded Code data is inconsistent: {0}")]
    Inconsistent(String),
}

/// Every version of the Code Redress knows, the correspondence between their numberings, and
/// the compliance matrix of the 2024 Code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBook {
    versions: Vec<CodeVersion>,
    correspondence: Vec<Pair>,
    matrix: Vec<MatrixEntry>,
}

impl CodeBook {
    /// The code book compiled into this binary, parsed and checked once.
    pub fn embedded() -> Result<&'static CodeBook, CodeDataError> {
        static BOOK: OnceLock<Result<CodeBook, CodeDataError>> = OnceLock::new();
        BOOK.get_or_init(Self::parse_embedded).as_ref().map_err(Clone::clone)
    }

    /// Every version, oldest first.
    pub fn versions(&self) -> &[CodeVersion] {
        &self.versions
    }

    /// One version.
    pub fn version(&self, id: VersionId) -> Option<&CodeVersion> {
        self.versions.iter().find(|v| v.id == id)
    }

    /// The version that governs a complaint received on `received` (its Europe/London date):
    /// the latest version in force on that day, or `None` before the first one.
    pub fn in_force_on(&self, received: Date) -> Option<&CodeVersion> {
        self.versions.iter().rev().find(|v| v.in_force_from <= received)
    }

    /// How Redress supports each 2024 provision, in provision order.
    pub fn matrix(&self) -> &[MatrixEntry] {
        &self.matrix
    }

    /// Every pair of corresponding 2022 and 2024 provisions, as listed.
    pub fn correspondence(&self) -> &[Pair] {
        &self.correspondence
    }

    /// The 2022 provisions that correspond to the 2024 provision `number`, closest first
    /// (whole before part, shared wording before subject, more words shared first); empty
    /// when the 2024 provision has no 2022 counterpart.
    pub fn in_2022(&self, number: ProvisionNumber) -> Vec<ProvisionNumber> {
        correspondence::in_2022(&self.correspondence, number)
    }

    fn parse_embedded() -> Result<CodeBook, CodeDataError> {
        #[derive(Deserialize)]
        struct VersionsFile {
            versions: Vec<VersionHeader>,
        }
        #[derive(Deserialize)]
        struct VersionHeader {
            id: VersionId,
            title: String,
            in_force_from: Date,
            source: String,
            timescales: Timescales,
        }
        #[derive(Deserialize)]
        struct ProvisionsFile {
            sections: Vec<Section>,
            provisions: Vec<Provision>,
        }

        let headers: VersionsFile = parse("versions.toml", VERSIONS)?;
        let mut versions = Vec::new();
        for header in headers.versions {
            let (file, text) = match header.id {
                VersionId::V2024 => ("2024.toml", PROVISIONS_2024),
                VersionId::V2022 => ("2022.toml", PROVISIONS_2022),
            };
            let body: ProvisionsFile = parse(file, text)?;
            versions.push(CodeVersion {
                id: header.id,
                title: header.title,
                in_force_from: header.in_force_from,
                source: header.source,
                timescales: header.timescales,
                sections: body.sections,
                provisions: body.provisions,
            });
        }
        versions.sort_by_key(|v| v.in_force_from);
        for version in &versions {
            check_version(version)?;
        }
        let version = |id: VersionId| {
            versions
                .iter()
                .find(|v| v.id == id)
                .ok_or_else(|| CodeDataError::Inconsistent(format!("the {} Code is missing", id.as_str())))
        };
        let (v2022, v2024) = (version(VersionId::V2022)?, version(VersionId::V2024)?);
        let correspondence = correspondence::load(v2022, v2024)?;
        let matrix = matrix::load(v2024)?;
        Ok(CodeBook { versions, correspondence, matrix })
    }
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(file: &'static str, text: &str) -> Result<T, CodeDataError> {
    toml::from_str(text).map_err(|e| CodeDataError::Malformed { file, message: e.to_string() })
}

/// Provisions unique, in numeric order, each in a section that exists and matches its number;
/// every timescale citing a provision that exists.
fn check_version(version: &CodeVersion) -> Result<(), CodeDataError> {
    let fail = |what: String| Err(CodeDataError::Inconsistent(format!("{} Code: {what}", version.id.as_str())));
    for pair in version.provisions.windows(2) {
        if pair[0].number >= pair[1].number {
            return fail(format!("provision {} is out of order or repeated", pair[1].number));
        }
    }
    for provision in &version.provisions {
        if provision.number.section != provision.section || version.section(provision.section).is_none() {
            return fail(format!("provision {} is in the wrong or an unknown section", provision.number));
        }
        if provision.requirement.trim().is_empty() {
            return fail(format!("provision {} has no requirement text", provision.number));
        }
    }
    let t = &version.timescales;
    let cited = [
        Some(t.stage1_acknowledge.provision),
        Some(t.stage1_response.provision),
        Some(t.stage1_extension_limit.provision),
        t.stage2_acknowledge.map(|s| s.provision),
        Some(t.stage2_response.provision),
        Some(t.stage2_extension_limit.provision),
    ];
    for number in cited.into_iter().flatten() {
        if version.provision(number).is_none() {
            return fail(format!("a timescale cites provision {number}, which does not exist"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
