//! The plain record the dashboard's figures read, beside the TSM's ([`TsmRecord`]): how a
//! complaint arrived and under which categories, the decision at each stage, whether it was
//! not accepted and on which ground, its remedies and actions with their due dates, its time
//! with the Ombudsman and what was learnt when it closed. Built from the complaint's events by
//! one function ([`ActivityRecord::from_events`]).

use jiff::Timestamp;
use jiff::civil::Date;

use super::record::TsmRecord;
use crate::complaint::{
    Channel, Decision, Event, ExclusionGround, Learning, OmbudsmanOutcome, OrderKind, RemedyKind, Risk, StageNumber,
};
use crate::ids::{ComplaintId, ResidentId};

/// The ground a complaint or an escalation was not accepted on (Code 2.1, 5.11), without its
/// particulars: what the annual report counts them by (Code 8.1 b).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefusalGround {
    /// The issue arose over 12 months ago.
    OverTwelveMonths,
    /// Legal proceedings have started.
    LegalProceedings,
    /// Considered under the complaints policy before.
    PreviouslyConsidered,
    /// Another ground in the complaints policy.
    Policy,
}

impl RefusalGround {
    /// Every ground, in the Code's order.
    pub const ALL: [RefusalGround; 4] = [
        RefusalGround::OverTwelveMonths,
        RefusalGround::LegalProceedings,
        RefusalGround::PreviouslyConsidered,
        RefusalGround::Policy,
    ];

    /// The ground of `ground`.
    pub fn of(ground: &ExclusionGround) -> RefusalGround {
        match ground {
            ExclusionGround::IssueOverTwelveMonthsOld => RefusalGround::OverTwelveMonths,
            ExclusionGround::LegalProceedingsStarted => RefusalGround::LegalProceedings,
            ExclusionGround::PreviouslyConsidered { .. } => RefusalGround::PreviouslyConsidered,
            ExclusionGround::PolicyGround { .. } => RefusalGround::Policy,
        }
    }

    /// In plain English, as the decision gives it.
    pub fn label(self) -> &'static str {
        match self {
            RefusalGround::OverTwelveMonths => ExclusionGround::IssueOverTwelveMonthsOld.label(),
            RefusalGround::LegalProceedings => ExclusionGround::LegalProceedingsStarted.label(),
            RefusalGround::PreviouslyConsidered => {
                ExclusionGround::PreviouslyConsidered { earlier_complaint: None }.label()
            }
            RefusalGround::Policy => ExclusionGround::PolicyGround { ground: String::new() }.label(),
        }
    }
}

/// A refusal: a complaint not accepted, or an escalation refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefusalRecord {
    /// The stage refused: 1 (not accepted) or 2 (escalation refused).
    pub stage: StageNumber,
    /// On what ground.
    pub ground: RefusalGround,
    /// When it was decided.
    pub at: Timestamp,
}

/// A stage's response as the outcomes read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionRecord {
    /// The stage answered.
    pub stage: StageNumber,
    /// The decision on the complaint.
    pub decision: Decision,
    /// When the response was sent.
    pub at: Timestamp,
}

/// A remedy or an action the landlord undertook, with when it was due and done (Code 7.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndertakingRecord {
    /// A remedy of this kind; `None` for an action.
    pub remedy: Option<RemedyKind>,
    /// The amount in pence, for a financial remedy.
    pub amount_pence: Option<u64>,
    /// By when.
    pub due: Date,
    /// When completed, once it was.
    pub completed_on: Option<Date>,
    /// Its number within the complaint ("R1", "A2"), which its completion names.
    pub id: String,
}

/// An order or recommendation of the Ombudsman, with when it was due and complied with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRecord {
    /// Its number within the complaint ("O1"), which its compliance names.
    pub id: String,
    /// Order or recommendation.
    pub kind: OrderKind,
    /// By when, if the Ombudsman said.
    pub due: Option<Date>,
    /// When compliance was evidenced, once it was.
    pub complied_on: Option<Date>,
}

/// A determination of the Ombudsman as the figures read it: its findings' outcomes (not the
/// aspects' words) and its orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeterminationRecord {
    /// When it was made.
    pub on: Date,
    /// The outcome of each finding.
    pub findings: Vec<OmbudsmanOutcome>,
    /// Its orders and recommendations.
    pub orders: Vec<OrderRecord>,
}

/// A closure, with what was learnt (Code 9.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureRecord {
    /// When it was closed.
    pub at: Timestamp,
    /// The root cause, whether a service improvement is needed, and the improvement actions.
    pub learning: Learning,
}

/// What the dashboard needs of one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRecord {
    /// The complaint: figures the case list cannot filter by list the complaints behind them.
    pub id: ComplaintId,
    /// The resident who made it, to find repeat complainants (never shown).
    pub resident: ResidentId,
    /// Whether a vulnerability was considered at triage (Code 6.1): a yes or no, never what.
    pub vulnerability_at_triage: bool,
    /// Whether the resident's record holds vulnerabilities or reasonable adjustments (Code
    /// 5.10): a yes or no the caller sets from the resident's record, which no event holds.
    pub support_needs: bool,
    /// What the TSM rules read: receipt, acknowledgements, extensions, responses, escalation.
    pub tsm: TsmRecord,
    /// How it arrived.
    pub channel: Channel,
    /// Its categories, as named when logged.
    pub categories: Vec<String>,
    /// Its refusals (a complaint not accepted, an escalation refused).
    pub refusals: Vec<RefusalRecord>,
    /// Its decisions, stage by stage.
    pub decisions: Vec<DecisionRecord>,
    /// Its remedies and actions.
    pub undertakings: Vec<UndertakingRecord>,
    /// When it was referred to the Ombudsman, each time it was.
    pub referred_on: Vec<Date>,
    /// The Ombudsman's determinations.
    pub determinations: Vec<DeterminationRecord>,
    /// Its closures.
    pub closures: Vec<ClosureRecord>,
}

impl ActivityRecord {
    /// The kinds of event (as stored) that put a complaint in a dashboard's period besides its
    /// receipt: every step the dashboard's figures count when it happened in the period.
    pub const STEPS_IN_PERIOD: [&'static str; 10] = [
        "acknowledged",
        "extended",
        "responded",
        "escalation_requested",
        "escalation_refused",
        "not_accepted",
        "referred_to_ombudsman",
        "ombudsman_determined",
        "order_complied",
        "closed",
    ];

    /// The kinds of event (as stored) that [`ActivityRecord::from_events`] reads, the TSM's
    /// among them.
    pub const KINDS: [&'static str; 16] = [
        "logged",
        "not_accepted",
        "acknowledged",
        "extended",
        "responded",
        "escalation_requested",
        "escalation_refused",
        "recorded_after_due",
        "remedy_offered",
        "remedy_completed",
        "action_added",
        "action_completed",
        "referred_to_ombudsman",
        "ombudsman_determined",
        "order_complied",
        "closed",
    ];

    /// The record of a complaint from its events, in order (its whole record, or only those of
    /// [`ActivityRecord::KINDS`]). `None` when they do not begin with its logging.
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event> + Clone) -> Option<ActivityRecord> {
        let tsm = TsmRecord::from_events(events.clone())?;
        let mut events = events.into_iter();
        let Some(Event::Logged(logged)) = events.next() else { return None };
        let mut record = ActivityRecord {
            id: logged.id.clone(),
            resident: logged.resident.clone(),
            vulnerability_at_triage: logged.risks.contains(&Risk::Vulnerability),
            support_needs: false,
            tsm,
            channel: logged.channel,
            categories: logged.categories.clone(),
            refusals: Vec::new(),
            decisions: Vec::new(),
            undertakings: Vec::new(),
            referred_on: Vec::new(),
            determinations: Vec::new(),
            closures: Vec::new(),
        };
        for event in events {
            record.apply(event);
        }
        Some(record)
    }

    fn apply(&mut self, event: &Event) {
        match event {
            Event::NotAccepted { at, ground, .. } => {
                self.refusals.push(RefusalRecord {
                    stage: StageNumber::One,
                    ground: RefusalGround::of(ground),
                    at: *at,
                });
            }
            Event::EscalationRefused { at, ground, .. } => {
                self.refusals.push(RefusalRecord {
                    stage: StageNumber::Two,
                    ground: RefusalGround::of(ground),
                    at: *at,
                });
            }
            Event::Responded { stage, at, decision, .. } => {
                self.decisions.push(DecisionRecord { stage: *stage, decision: *decision, at: *at });
            }
            Event::RemedyOffered { remedy } => self.undertakings.push(UndertakingRecord {
                remedy: Some(remedy.kind),
                amount_pence: remedy.amount_pence,
                due: remedy.due,
                completed_on: remedy.completed_on,
                id: remedy.id.clone(),
            }),
            Event::ActionAdded { action } => self.undertakings.push(UndertakingRecord {
                remedy: None,
                amount_pence: None,
                due: action.due,
                completed_on: None,
                id: action.id.clone(),
            }),
            Event::RemedyCompleted { id, on, .. } | Event::ActionCompleted { id, on } => {
                if let Some(u) = self.undertakings.iter_mut().find(|u| &u.id == id) {
                    u.completed_on = Some(*on);
                }
            }
            Event::ReferredToOmbudsman { on, .. } => self.referred_on.push(*on),
            Event::OmbudsmanDetermined { on, findings, orders } => self.determinations.push(DeterminationRecord {
                on: *on,
                findings: findings.iter().map(|f| f.outcome).collect(),
                orders: orders
                    .iter()
                    .map(|o| OrderRecord { id: o.id.clone(), kind: o.kind, due: o.due, complied_on: o.complied_on })
                    .collect(),
            }),
            Event::OrderComplied { id, on, .. } => {
                let orders = self.determinations.iter_mut().flat_map(|d| d.orders.iter_mut());
                if let Some(order) = orders.filter(|o| &o.id == id).last() {
                    order.complied_on = Some(*on);
                }
            }
            Event::Closed { at, learning } => self.closures.push(ClosureRecord { at: *at, learning: learning.clone() }),
            _ => {}
        }
    }
}
