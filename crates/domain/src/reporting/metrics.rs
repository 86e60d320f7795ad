//! The dashboard's figures for any period (Code 9.4-9.7: what the senior lead, the Member
//! Responsible for Complaints and the governing body see), over plain records
//! ([`ActivityRecord`]): volumes, timeliness, outcomes and themes, and the same by month; the
//! Ombudsman, learning and the residents behind the complaints are in `insight.rs`.
//!
//! Each figure counts what happened in the period by its date in England: a complaint by the
//! day it was received, an acknowledgement, response, extension or refusal by the day it was
//! made. Responses "within the Code's timescales" are judged exactly as CH02 judges them
//! ([`tsm_figures`](super::tsm_figures)), so the dashboard and the TSM agree.

use std::collections::BTreeMap;

use super::activity::{ActivityRecord, RefusalGround};
use super::facts::TsmStageFacts;
use super::figure::{Figure, OneDecimal};
use super::insight::{LearningFigures, OmbudsmanFigures, ResidentThemes, insight};
use super::period::Period;
use super::record::{StageRecord, TsmRecord};
use super::tsm::{ReportingError, TsmFigures, TsmTallies};
use crate::calendar::{WorkingCalendar, london};
use crate::code::CodeBook;
use crate::complaint::{Channel, Decision, RemedyKind, StageNumber};

/// The upper bounds (working days, included) of the distribution of days to respond; the last
/// bucket is everything above the last bound.
pub const DAYS_TO_RESPOND_BOUNDS: [u32; 4] = [5, 10, 20, 40];

/// Everything the dashboard shows for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metrics {
    /// Complaints received.
    pub volumes: Volumes,
    /// How promptly they were handled.
    pub timeliness: Timeliness,
    /// What was decided.
    pub outcomes: Outcomes,
    /// Complaints received by category, month by month (the period's months in order).
    pub themes: BTreeMap<String, Vec<u64>>,
    /// The period's months, each with its own figures.
    pub months: Vec<MonthFigures>,
    /// Referrals to the Ombudsman, its determinations and orders (Code 9.7 c).
    pub ombudsman: OmbudsmanFigures,
    /// What was learnt from the complaints closed in the period (Code 9.1-9.3).
    pub learning: LearningFigures,
    /// Repeat complainants and complaints from residents with vulnerabilities (Code 9.7 b).
    pub residents: ResidentThemes,
}

/// Complaints received in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volumes {
    /// Complaints received (logged at stage 1, accepted or not).
    pub stage1_received: u64,
    /// Escalation requests received and not refused (Code 5.11).
    pub stage2_received: u64,
    /// Complaints received and accepted per 1,000 homes: CH01 stage 1 over the period.
    pub stage1_per_thousand_homes: Figure,
    /// Escalation requests not refused per 1,000 homes: CH01 stage 2 over the period.
    pub stage2_per_thousand_homes: Figure,
    /// Complaints received by channel, every channel listed.
    pub by_channel: Vec<(Channel, u64)>,
    /// Complaints received that came from following up dissatisfaction in a survey (Code 1.6),
    /// called out of `by_channel`.
    pub survey_follow_up: u64,
    /// Service requests recorded in the period (Code 1.4): none from [`metrics`], which reads
    /// complaints only; the application counts them in storage and sets this.
    pub service_requests: Option<u64>,
}

/// Timeliness, stage by stage (index 0 is stage 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeliness {
    /// Acknowledgements made in the period within the Code's timescale (Code 6.2, 6.11) of all
    /// those made (stage 2 under the 2022 Code, which set none, is not counted).
    pub acknowledged_within: [Figure; 2],
    /// Responses sent in the period within the Code's timescales, as CH02 counts them.
    pub responded_within: [Figure; 2],
    /// The same counting no extension.
    pub responded_within_without_extensions: [Figure; 2],
    /// Extensions notified in the period: how many, and their working days in all.
    pub extensions: [(u64, u64); 2],
    /// Working days from the stage's start to each response sent in the period.
    pub days_to_respond: [Distribution; 2],
}

/// How many responses took how long.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Distribution {
    /// Responses per bucket of [`DAYS_TO_RESPOND_BOUNDS`], and one over the last bound.
    pub buckets: [u64; 5],
    /// Working days taken, in all.
    pub total_days: u64,
    /// Responses counted.
    pub responses: u64,
}

impl Distribution {
    fn add(&mut self, days: u32) {
        let bucket = DAYS_TO_RESPOND_BOUNDS.iter().position(|bound| days <= *bound).unwrap_or(4);
        self.buckets[bucket] += 1;
        self.total_days += u64::from(days);
        self.responses += 1;
    }

    /// The average, in working days to one decimal place; `None` with no responses.
    pub fn average(&self) -> Option<OneDecimal> {
        OneDecimal::ratio(self.total_days, self.responses, 1)
    }
}

/// What was decided in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcomes {
    /// Responses sent, by stage (index 0 is stage 1) and decision ([`Decision::ALL`]'s order).
    pub decisions: [[u64; 3]; 2],
    /// Escalation requests received, as a share of stage 1 responses sent.
    pub escalation_rate: Figure,
    /// Complaints not accepted (stage 1) and escalations refused (stage 2) by ground (Code 8.1 b).
    pub refused: Vec<(RefusalGround, [u64; 2])>,
    /// Remedies offered at a stage answered in the period, by kind ([`RemedyKind::ALL`]'s order).
    pub remedies: Vec<(RemedyKind, u64)>,
    /// The financial remedies of those, in pence.
    pub financial_pence: u64,
    /// Remedies, then actions, of the period's complaints past their due date and not completed on `today`.
    pub overdue: (u64, u64),
}

/// One month's figures, for trends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthFigures {
    /// The month (cut to the period).
    pub month: Period,
    /// Complaints and escalation requests received.
    pub received: [u64; 2],
    /// Responses sent within the Code's timescales, of those sent, by stage.
    pub responded_within: [Figure; 2],
}

/// The figures of `records` for `period`, with `homes` owned (none: no per-1,000 values) and
/// `today` for what is overdue now.
pub fn metrics(
    records: &[ActivityRecord],
    period: &Period,
    homes: Option<u64>,
    today: jiff::civil::Date,
    code: &CodeBook,
    calendar: &WorkingCalendar,
) -> Result<Metrics, ReportingError> {
    let tsm_records: Vec<TsmRecord> = records.iter().map(|r| r.tsm.clone()).collect();
    // Each stage is judged once (working days are the costly part) and counted for the period
    // and each of its months from those judgements, as the stored TSM figures are.
    let mut facts = Vec::new();
    for record in &tsm_records {
        facts.extend(record.stage_facts(code, calendar)?);
    }
    let tsm = TsmTallies::from_facts(&facts, period).figures(homes);
    let months = period
        .months()
        .into_iter()
        .map(|month| month_figures(&tsm_records, &facts, month))
        .collect::<Result<Vec<_>, _>>()?;
    let mut volumes = Volumes {
        stage1_received: 0,
        stage2_received: 0,
        stage1_per_thousand_homes: tsm.ch01_stage1,
        stage2_per_thousand_homes: tsm.ch01_stage2,
        by_channel: Channel::ALL.iter().map(|c| (*c, 0)).collect(),
        survey_follow_up: 0,
        service_requests: None,
    };
    let mut timeliness = Timeliness {
        acknowledged_within: [Figure::percentage(0, 0); 2],
        responded_within: [tsm.ch02_stage1, tsm.ch02_stage2],
        responded_within_without_extensions: [tsm.ch02_stage1_without_extensions, tsm.ch02_stage2_without_extensions],
        extensions: [(0, 0); 2],
        days_to_respond: Default::default(),
    };
    let mut acknowledged = [(0u64, 0u64); 2];
    let mut outcomes = Outcomes {
        decisions: [[0; 3]; 2],
        escalation_rate: Figure::percentage(0, 0),
        refused: RefusalGround::ALL.iter().map(|g| (*g, [0, 0])).collect(),
        remedies: RemedyKind::ALL.iter().map(|k| (*k, 0)).collect(),
        financial_pence: 0,
        overdue: (0, 0),
    };
    let mut themes: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let month_periods: Vec<Period> = months.iter().map(|m| m.month).collect();
    for record in records {
        let version =
            code.version(record.tsm.code_version).ok_or(ReportingError::UnknownVersion(record.tsm.code_version))?;
        let received_on = london::local_date(record.tsm.received_at)?;
        if period.contains(received_on) {
            volumes.stage1_received += 1;
            if let Some(entry) = volumes.by_channel.iter_mut().find(|(c, _)| *c == record.channel) {
                entry.1 += 1;
            }
            if let Some(month) = month_periods.iter().position(|m| m.contains(received_on)) {
                for category in &record.categories {
                    themes.entry(category.clone()).or_insert_with(|| vec![0; month_periods.len()])[month] += 1;
                }
            }
        }
        let start1 = calendar.effective_received_date(received_on)?;
        let ack1 = Some(version.timescales.stage1_acknowledge.working_days);
        stage_timeliness(calendar, period, start1, ack1, &record.tsm.stage1, 0, &mut acknowledged, &mut timeliness)?;
        if let Some(escalation) = &record.tsm.escalation {
            let requested_on = london::local_date(escalation.requested_at)?;
            let start2 = calendar.effective_received_date(requested_on)?;
            let ack2 = version.timescales.stage2_acknowledge.map(|t| t.working_days);
            stage_timeliness(calendar, period, start2, ack2, &escalation.stage, 1, &mut acknowledged, &mut timeliness)?;
        }
        for refusal in &record.refusals {
            if period.contains_instant(refusal.at)?
                && let Some(entry) = outcomes.refused.iter_mut().find(|(g, _)| *g == refusal.ground)
            {
                entry.1[stage_index(refusal.stage)] += 1;
            }
        }
        for decision in &record.decisions {
            if period.contains_instant(decision.at)? {
                let column = Decision::ALL.iter().position(|d| *d == decision.decision).unwrap_or(0);
                outcomes.decisions[stage_index(decision.stage)][column] += 1;
            }
        }
        // A remedy belongs to the period when a response of its complaint was sent in it.
        let answered_in_period = record.decisions.iter().any(|d| period.contains_instant(d.at).unwrap_or(false));
        for undertaking in &record.undertakings {
            let open_past_due = undertaking.completed_on.is_none() && undertaking.due < today;
            match undertaking.remedy {
                Some(kind) => {
                    outcomes.overdue.0 += u64::from(open_past_due);
                    if answered_in_period {
                        if let Some(entry) = outcomes.remedies.iter_mut().find(|(k, _)| *k == kind) {
                            entry.1 += 1;
                        }
                        outcomes.financial_pence += undertaking.amount_pence.unwrap_or(0);
                    }
                }
                None => outcomes.overdue.1 += u64::from(open_past_due),
            }
        }
    }
    volumes.stage2_received = tsm.ch01_stage2.numerator;
    volumes.survey_follow_up =
        volumes.by_channel.iter().find(|(c, _)| *c == Channel::SurveyFollowUp).map_or(0, |(_, n)| *n);
    let (ombudsman, learning, residents) = insight(records, period, today)?;
    timeliness.acknowledged_within = acknowledged.map(|(within, all)| Figure::percentage(within, all));
    let stage1_responses = tsm.ch02_stage1.denominator;
    outcomes.escalation_rate = Figure::percentage(tsm.ch01_stage2.numerator, stage1_responses);
    Ok(Metrics { volumes, timeliness, outcomes, themes, months, ombudsman, learning, residents })
}

/// Counts a stage's acknowledgement, extensions and response made in `period`.
#[allow(clippy::too_many_arguments)] // one stage's facts and the two tallies it adds to
fn stage_timeliness(
    calendar: &WorkingCalendar,
    period: &Period,
    start: jiff::civil::Date,
    acknowledge_within: Option<u16>,
    stage: &StageRecord,
    index: usize,
    acknowledged: &mut [(u64, u64); 2],
    timeliness: &mut Timeliness,
) -> Result<(), ReportingError> {
    if let (Some(at), Some(days)) = (stage.acknowledged_at, acknowledge_within) {
        let on = london::local_date(at)?;
        if period.contains(on) {
            let due = calendar.add_working_days(start, i32::from(days))?;
            acknowledged[index].0 += u64::from(on <= due);
            acknowledged[index].1 += 1;
        }
    }
    for extension in &stage.extensions {
        if period.contains_instant(extension.notified_at)? {
            timeliness.extensions[index].0 += 1;
            timeliness.extensions[index].1 += u64::from(extension.working_days);
        }
    }
    if let Some(at) = stage.responded_at {
        let on = london::local_date(at)?;
        if period.contains(on) {
            let days = calendar.working_days_between(start, on)?;
            timeliness.days_to_respond[index].add(u32::try_from(days).unwrap_or(0));
        }
    }
    Ok(())
}

fn month_figures(
    records: &[TsmRecord],
    facts: &[TsmStageFacts],
    month: Period,
) -> Result<MonthFigures, ReportingError> {
    let TsmFigures { ch02_stage1, ch02_stage2, .. } = TsmTallies::from_facts(facts, &month).figures(None);
    let mut received = [0u64; 2];
    for record in records {
        received[0] += u64::from(month.contains_instant(record.received_at)?);
        if let Some(escalation) = &record.escalation {
            received[1] += u64::from(month.contains_instant(escalation.requested_at)?);
        }
    }
    Ok(MonthFigures { month, received, responded_within: [ch02_stage1, ch02_stage2] })
}

fn stage_index(stage: StageNumber) -> usize {
    match stage {
        StageNumber::One => 0,
        StageNumber::Two => 1,
    }
}
