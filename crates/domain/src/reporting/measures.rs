//! The TSM figures as the reports show them: each measure named once (its Regulator code,
//! its key in the JSON output and its plain-English label), in the published order, and the
//! counts behind CH02 at each stage, so that the page, the CSV, the spreadsheet and the command
//! line show the same measures under the same names.

use super::figure::Figure;
use super::tsm::{RecordedAfterDue, TsmFigures};
use crate::complaint::StageNumber;

/// One of the six figures [`TsmFigures`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// CH01 (1): stage 1 complaints received per 1,000 homes.
    Ch01Stage1,
    /// CH01 (2): stage 2 complaints received per 1,000 homes.
    Ch01Stage2,
    /// CH02 (1): stage 1 responses within the Code's timescales.
    Ch02Stage1,
    /// CH02 (2): stage 2 responses within the Code's timescales.
    Ch02Stage2,
    /// CH02 (1) counting no extension: not a TSM, shown so that a board sees what extensions carry.
    Ch02Stage1WithoutExtensions,
    /// CH02 (2) counting no extension.
    Ch02Stage2WithoutExtensions,
}

impl Measure {
    /// Every measure, in the order they are published.
    pub const ALL: [Measure; 6] = [
        Measure::Ch01Stage1,
        Measure::Ch01Stage2,
        Measure::Ch02Stage1,
        Measure::Ch02Stage2,
        Measure::Ch02Stage1WithoutExtensions,
        Measure::Ch02Stage2WithoutExtensions,
    ];

    /// Its key in `redress report tsm --format json`.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Ch01Stage1 => "ch01_stage1",
            Measure::Ch01Stage2 => "ch01_stage2",
            Measure::Ch02Stage1 => "ch02_stage1",
            Measure::Ch02Stage2 => "ch02_stage2",
            Measure::Ch02Stage1WithoutExtensions => "ch02_stage1_without_extensions",
            Measure::Ch02Stage2WithoutExtensions => "ch02_stage2_without_extensions",
        }
    }

    /// The Regulator's code and part: "CH01 stage 1".
    pub fn code(self) -> &'static str {
        match self {
            Measure::Ch01Stage1 => "CH01 stage 1",
            Measure::Ch01Stage2 => "CH01 stage 2",
            Measure::Ch02Stage1 | Measure::Ch02Stage1WithoutExtensions => "CH02 stage 1",
            Measure::Ch02Stage2 | Measure::Ch02Stage2WithoutExtensions => "CH02 stage 2",
        }
    }

    /// What it measures, in plain English.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Ch01Stage1 | Measure::Ch01Stage2 => "Complaints received per 1,000 homes",
            Measure::Ch02Stage1 | Measure::Ch02Stage2 => "Responses within the Code's timescales (%)",
            Measure::Ch02Stage1WithoutExtensions | Measure::Ch02Stage2WithoutExtensions => {
                "Responses within the Code's timescales without extensions (%)"
            }
        }
    }

    /// What its numerator counts.
    pub fn numerator(self) -> &'static str {
        match self {
            Measure::Ch01Stage1 => "Stage 1 complaints received, not refused",
            Measure::Ch01Stage2 => "Escalation requests received, not refused",
            Measure::Ch02Stage1 | Measure::Ch02Stage2 => "Responses within the timescales",
            Measure::Ch02Stage1WithoutExtensions | Measure::Ch02Stage2WithoutExtensions => {
                "Responses within the timescales without an extension"
            }
        }
    }

    /// What its denominator counts.
    pub fn denominator(self) -> &'static str {
        match self {
            Measure::Ch01Stage1 | Measure::Ch01Stage2 => "Homes owned at the year's end",
            _ => "Responses sent",
        }
    }

    /// Whether it is one of the Regulator's measures (the figures without extensions are Redress's).
    pub fn is_tsm(self) -> bool {
        matches!(self, Measure::Ch01Stage1 | Measure::Ch01Stage2 | Measure::Ch02Stage1 | Measure::Ch02Stage2)
    }
}

/// The counts behind CH02 at one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageCounts {
    /// Which stage.
    pub stage: StageNumber,
    /// Complaints received at the stage in the period (CH01's numerator).
    pub received: u64,
    /// Responses sent in the period (CH02's denominator).
    pub responses: u64,
    /// Of them, within the timescales (CH02's numerator).
    pub within: u64,
    /// Within the timescales counting no extension.
    pub within_without_extensions: u64,
    /// Within the timescales only because of an extension: what extensions carry.
    pub within_only_by_extension: u64,
    /// Steps behind them recorded after their due date (Code 5.12).
    pub recorded_after_due: RecordedAfterDue,
}

impl TsmFigures {
    /// The figure of `measure`.
    pub fn figure(&self, measure: Measure) -> Figure {
        match measure {
            Measure::Ch01Stage1 => self.ch01_stage1,
            Measure::Ch01Stage2 => self.ch01_stage2,
            Measure::Ch02Stage1 => self.ch02_stage1,
            Measure::Ch02Stage2 => self.ch02_stage2,
            Measure::Ch02Stage1WithoutExtensions => self.ch02_stage1_without_extensions,
            Measure::Ch02Stage2WithoutExtensions => self.ch02_stage2_without_extensions,
        }
    }

    /// The counts behind the figures of `stage`.
    pub fn counts(&self, stage: StageNumber) -> StageCounts {
        let (received, within, without, late) = match stage {
            StageNumber::One => (
                self.ch01_stage1,
                self.ch02_stage1,
                self.ch02_stage1_without_extensions,
                self.ch02_stage1_recorded_after_due,
            ),
            StageNumber::Two => (
                self.ch01_stage2,
                self.ch02_stage2,
                self.ch02_stage2_without_extensions,
                self.ch02_stage2_recorded_after_due,
            ),
        };
        StageCounts {
            stage,
            received: received.numerator,
            responses: within.denominator,
            within: within.numerator,
            within_without_extensions: without.numerator,
            // Within without an extension implies within with one, so this never underflows.
            within_only_by_extension: within.numerator.saturating_sub(without.numerator),
            recorded_after_due: late,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_are_the_figures_parts_and_extensions_carry_the_difference() {
        let late = RecordedAfterDue {
            responses: 1,
            acknowledgements: 0,
            extensions: 2,
            within_timescales_with_late_records: 1,
        };
        let figures = TsmFigures {
            ch01_stage1: Figure::per_thousand(16, 500),
            ch01_stage2: Figure::per_thousand(3, 500),
            ch02_stage1: Figure::percentage(8, 14),
            ch02_stage2: Figure::percentage(2, 2),
            ch02_stage1_without_extensions: Figure::percentage(5, 14),
            ch02_stage2_without_extensions: Figure::percentage(2, 2),
            ch02_stage1_recorded_after_due: late,
            ch02_stage2_recorded_after_due: RecordedAfterDue::default(),
        };
        let one = figures.counts(StageNumber::One);
        assert_eq!(
            one,
            StageCounts {
                stage: StageNumber::One,
                received: 16,
                responses: 14,
                within: 8,
                within_without_extensions: 5,
                within_only_by_extension: 3,
                recorded_after_due: late,
            }
        );
        assert_eq!(figures.counts(StageNumber::Two).within_only_by_extension, 0);
        assert_eq!(figures.counts(StageNumber::Two).received, 3);
        let keys: Vec<_> = Measure::ALL.iter().map(|m| m.key()).collect();
        let json = serde_json::to_value(figures).unwrap();
        for (measure, key) in Measure::ALL.iter().zip(keys) {
            // Each measure's key names its figure in the JSON output.
            assert_eq!(json[key], serde_json::to_value(figures.figure(*measure)).unwrap(), "{key}");
        }
        assert_eq!(Measure::ALL.iter().filter(|m| m.is_tsm()).count(), 4);
    }
}
