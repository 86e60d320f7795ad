//! Report exports as bytes: the Regulator's Tenant Satisfaction Measures CH01 and CH02 of a
//! reporting year as CSV (`tsm_csv`) and as an XLSX workbook (`tsm_xlsx`), each figure with
//! its value (to one decimal place), numerator and denominator, and the counts behind it; and
//! the board pack of a period (`board_pack`) as a `redress_documents::Document`, for the PDF
//! and the page.
//!
//! The annual complaints performance and service improvement report (`annual_report`): the
//! plain value a draft or published report is, and the one document its page and PDF show.
//!
//! Pure: the figures come computed (`redress_domain::reporting`), the time of writing comes
//! from the caller, and bytes go out. A crate of its own so that the spreadsheet writer is not
//! rebuilt when a handler changes.

pub mod annual_report;
mod board_pack;
mod csv_out;
mod tsm;
mod xlsx;

pub use board_pack::{BoardPackFacts, CheckpointFacts, SECTIONS, board_pack, period_words};
pub use csv_out::tsm_csv;
pub use tsm::{COUNT_COLUMNS, CountColumn, TSM_RULES, TsmExport, TsmSheet, Whose};
pub use xlsx::tsm_xlsx;

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The CSV writer failed.
    #[error("the CSV could not be written: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook could not be written.
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A time outside what a spreadsheet's dates hold.
    #[error("no spreadsheet date for {0}")]
    Date(String),
}
