//! The Housing Ombudsman's Complaint Handling Code as versioned data: every provision of each
//! version, the timescales each version sets, which 2022 provisions correspond to which 2024
//! ones, and how Redress supports each 2024 provision.
//!
//! The data lives in TOML files under `crates/domain/code/`, compiled into the binary, so that
//! the Code is read as data and never scattered through the code as literals.

mod book;
mod correspondence;
mod matrix;
mod provision;
mod timescales;

pub use book::{CodeBook, CodeDataError, CodeVersion, Section, VersionId};
pub use correspondence::{Basis, Extent, Pair};
pub use matrix::{MatrixEntry, Support, TestRef};
pub use provision::{Kind, Provision, ProvisionNumber, ProvisionNumberError};
pub use timescales::{Anchor, ExtensionLimit, Timescale, Timescales};
