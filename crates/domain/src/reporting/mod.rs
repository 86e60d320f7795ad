//! Reporting: periods (the reporting year, its quarters and months, any span of days in
//! England), published figures with their numerators and denominators, and the Regulator's
//! Tenant Satisfaction Measures CH01 and CH02 over plain records of complaints. Pure: the
//! records, the homes and the calendar are passed in.

mod activity;
mod annual;
mod facts;
mod figure;
mod insight;
mod measures;
mod metrics;
mod period;
mod record;
mod tsm;

pub use activity::{
    ActivityRecord, ClosureRecord, DecisionRecord, DeterminationRecord, OrderRecord, RefusalGround, RefusalRecord,
    UndertakingRecord,
};
pub use annual::{PublicationKind, check_approval};
pub use facts::TsmStageFacts;
pub use figure::{Figure, OneDecimal};
pub use insight::{Counted, Improvement, LearningFigures, OmbudsmanFigures, OrderCompliance, ResidentThemes};
pub use measures::{Measure, StageCounts};
pub use metrics::{
    DAYS_TO_RESPOND_BOUNDS, Distribution, Metrics, MonthFigures, Outcomes, Timeliness, Volumes, metrics,
};
pub use period::{Period, PeriodError, ReportingYear};
pub use record::{EscalationRecord, ExtensionRecord, LateRecords, StageRecord, TsmRecord};
pub use tsm::{RecordedAfterDue, ReportingError, StageTally, TsmFigures, TsmTallies, tsm_figures};

#[cfg(test)]
mod insight_tests;
#[cfg(test)]
mod metrics_tests;
#[cfg(test)]
mod tests;
