//! What a TSM export holds: the figures of one or more organisations for a reporting year,
//! and the rows both formats write, made once here so that the CSV and the workbook agree.

use jiff::Timestamp;
use redress_domain::complaint::StageNumber;
use redress_domain::reporting::{Measure, ReportingYear, StageCounts, TsmFigures};

/// Whose figures a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// A landlord's, consolidated: every complaint of the landlord, whoever handles it.
    Consolidated,
    /// A managing agent's or contractor's: the complaints it handles.
    Agent,
}

impl Whose {
    /// As the export writes it.
    pub fn label(self) -> &'static str {
        match self {
            Whose::Consolidated => "Landlord, consolidated",
            Whose::Agent => "Managing agent or contractor",
        }
    }
}

/// One organisation's figures.
#[derive(Debug, Clone)]
pub struct TsmSheet {
    /// The organisation's name.
    pub organisation: String,
    /// Whose figures they are.
    pub whose: Whose,
    /// The homes owned at the year's end, if recorded (CH01's denominator).
    pub homes: Option<u32>,
    /// The figures.
    pub figures: TsmFigures,
}

/// A reporting year's figures, for a landlord and each organisation acting for it, or for one.
#[derive(Debug, Clone)]
pub struct TsmExport {
    /// The year.
    pub year: ReportingYear,
    /// The figures, the landlord's consolidated first.
    pub sheets: Vec<TsmSheet>,
    /// When the figures were computed: the workbook's creation time.
    pub computed_at: Timestamp,
}

/// The rules the figures follow, cited in the workbook and on the page: the Regulator's requirements and
/// where Redress's rules fill their silence (`redress_domain::reporting`, README).
pub const TSM_RULES: [&str; 7] = [
    "Source: Regulator of Social Housing, Tenant Satisfaction Measures: Technical Requirements (September 2022, updated 15 March 2024 and 2 April 2024), sections 8, 11 and 13; TSM Direction, Part A.",
    "Reporting year: 1 April to 31 March; each instant is placed by its date in England (Europe/London).",
    "CH01 stage 1: complaints received in the year, not refused under section 2 of the Code, per 1,000 homes owned at the year's end. CH01 stage 2: escalation requests received in the year, not refused (Code 5.11), per 1,000 homes.",
    "CH02: of the responses sent in the year at each stage, those acknowledged within 5 working days and sent within 10 (stage 1) or 20 (stage 2) working days of the acknowledgement, or by the date extended by extensions notified on or before the original due date and within the Code's limit (10 or 20 working days).",
    "Each response is judged by the Code version governing its complaint: received before 1 April 2024, the 2022 Code.",
    "Values are rounded half-up to one decimal place; a figure with no denominator has no value.",
    "Where the Regulator's text was silent or not available to us, these are Redress's rules (issue 12), as the README says.",
];

/// One figure's row.
pub(crate) struct FigureRow<'a> {
    pub sheet: &'a TsmSheet,
    pub measure: Measure,
}

/// Every figure of every sheet, sheet by sheet in the published order.
pub(crate) fn figure_rows(export: &TsmExport) -> impl Iterator<Item = FigureRow<'_>> {
    export.sheets.iter().flat_map(|sheet| Measure::ALL.into_iter().map(move |measure| FigureRow { sheet, measure }))
}

/// The counts behind each sheet's figures, stage by stage.
pub(crate) fn count_rows(export: &TsmExport) -> impl Iterator<Item = (&TsmSheet, StageCounts)> {
    export
        .sheets
        .iter()
        .flat_map(|sheet| [StageNumber::One, StageNumber::Two].map(|stage| (sheet, sheet.figures.counts(stage))))
}

/// A count's column: its header, and its value in a stage's counts.
pub type CountColumn = (&'static str, fn(&StageCounts) -> u64);

/// The counts' columns.
pub const COUNT_COLUMNS: [CountColumn; 9] = [
    ("Complaints received", |c| c.received),
    ("Responses sent", |c| c.responses),
    ("Within the timescales", |c| c.within),
    ("Within the timescales without an extension", |c| c.within_without_extensions),
    ("Within the timescales only by an extension", |c| c.within_only_by_extension),
    ("Responses recorded after their due date", |c| c.recorded_after_due.responses),
    ("Acknowledgements recorded after their due date", |c| c.recorded_after_due.acknowledgements),
    ("Extensions recorded after their due date", |c| c.recorded_after_due.extensions),
    ("Within the timescales with a step recorded late", |c| c.recorded_after_due.within_timescales_with_late_records),
];

/// `Stage 1`.
pub(crate) fn stage_label(stage: StageNumber) -> String {
    format!("Stage {}", u8::from(stage))
}
