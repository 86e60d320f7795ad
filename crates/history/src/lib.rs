//! Complaint history from other systems (issue 12): the CSV format `redress import complaints`
//! reads (`format.rs`), and a generator of history at national scale in that format
//! (`generate.rs`). The rows become the domain's `HistoryRow`s; living them as complaints is the
//! application's (`redress_app`'s `history.rs`).

pub mod format;
pub mod generate;
