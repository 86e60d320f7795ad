//! What will happen to each complaint: when it arrives, and how its life is meant to go.
//!
//! A [`Profile`] fixes the choices that shape a complaint's life (late or on time, extended,
//! escalated, referred to the Ombudsman…); the smaller choices (wording, how many points, the
//! amount of a remedy) are drawn as the life is lived. Most complaints are drawn at random at
//! about the rate real landlords see; a fixed set of showcase complaints, placed relative to
//! the end of the demo, makes sure that every state appears in even the smallest demo.

use jiff::civil::{Date, Time, time};
use rand::RngExt;
use rand::rngs::StdRng;
use redress_domain::calendar::{CalendarError, WorkingCalendar};
use redress_domain::complaint::Channel;

use crate::content::{TOPICS, Topic};
use crate::random::{between, chance, pick, rng};

/// When a complaint arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Arrival {
    /// The date in England.
    pub on: Date,
    /// The time of day in England.
    pub at: Time,
    /// How it arrives.
    pub channel: Channel,
}

/// How a stage's response deadline is extended (Code 6.4, 6.15).
#[derive(Debug, Clone, Copy)]
pub(crate) enum ExtensionPlan {
    /// By `days`, recorded `before` working days ahead of the due date.
    Within { days: u16, before: i32 },
    /// Beyond the Code's limit by `extra` days, with a recorded good reason.
    Beyond { extra: u16, before: i32 },
    /// By `days`, but recorded `after` working days past the due date: too late to count.
    TooLate { days: u16, after: i32 },
}

/// When a response is sent, relative to the due date in force.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Timing {
    /// `before` working days ahead of it (0: on the day).
    OnTime { before: i32 },
    /// `after` working days past it.
    Late { after: i32 },
}

/// What a response offers by way of remedy.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RemedyPlan {
    /// Whatever suits the decisions.
    Auto,
    /// None, with the reason.
    None,
    /// An apology and this many pence.
    Financial(u64),
}

/// An outstanding action a response promises (Code 6.6, 6.17).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActionChoice {
    /// Due this many working days after the response.
    pub due_after: i32,
    /// Completed this many working days from its due date (negative: early), or never.
    pub completed: Option<i32>,
}

/// How one stage goes once acknowledged.
#[derive(Debug, Clone)]
pub(crate) struct StagePlan {
    /// An extension, if any.
    pub extension: Option<ExtensionPlan>,
    /// When the response goes out.
    pub respond: Timing,
    /// The remedy.
    pub remedy: RemedyPlan,
    /// The outstanding actions.
    pub actions: Vec<ActionChoice>,
}

/// The resident asks for stage 2 (Code 6.10).
#[derive(Debug, Clone)]
pub(crate) struct EscalationPlan {
    /// This many working days after the stage 1 response.
    pub after: i32,
    /// Whether the landlord refuses (Code 5.11).
    pub refused: bool,
    /// Stage 2 acknowledged this many working days after the request.
    pub ack_after: i32,
    /// How stage 2 goes.
    pub stage2: StagePlan,
}

/// The resident takes the complaint to the Housing Ombudsman.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OmbudsmanPlan {
    /// Referred this many days after the final response.
    pub referred_after_days: i32,
    /// Determined this many days after referral (never, while it waits).
    pub determined_after_days: Option<i32>,
}

/// How a complaint's life goes.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    /// When and how it arrives.
    pub arrival: Arrival,
    /// The home it is about (and its resident).
    pub home: u32,
    /// What it is about.
    pub topic: &'static Topic,
    /// Made through the resident's representative, when they have one.
    pub via_representative: bool,
    /// The issue arose this many months before the complaint (over 12: Code 2.3).
    pub issue_months_before: i32,
    /// Not accepted, on this ground.
    pub not_accepted: Option<Ground>,
    /// Acknowledged this many working days after it counts as received (over 5: late).
    pub ack_after: i32,
    /// Points added during stage 1 (Code 6.8).
    pub add_points: bool,
    /// Stage 1.
    pub stage1: StagePlan,
    /// Stage 2.
    pub escalation: Option<EscalationPlan>,
    /// Closed this many working days after the final response (never: left awaiting).
    pub close_after: Option<i32>,
    /// The Ombudsman.
    pub ombudsman: Option<OmbudsmanPlan>,
}

/// A ground for not accepting a complaint (Code 2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ground {
    /// Over 12 months old, discretion not used (2.3).
    OverTwelveMonths,
    /// Legal proceedings have started.
    LegalProceedings,
    /// Previously considered.
    PreviouslyConsidered,
    /// A ground the policy lists.
    Policy,
}

/// A random complaint arriving at `arrival`, drawn from its own generator.
pub(crate) fn draw(rng: &mut StdRng, arrival: Arrival, homes: u32) -> Profile {
    let topic = weighted_topic(rng);
    let issue_months_before = if chance(rng, 0.04) { between(rng, 13, 20) } else { between(rng, 0, 3) };
    let not_accepted = if issue_months_before > 12 {
        chance(rng, 0.5).then_some(Ground::OverTwelveMonths)
    } else if chance(rng, 0.05) {
        Some(*pick(rng, &[Ground::LegalProceedings, Ground::PreviouslyConsidered, Ground::Policy]))
    } else {
        None
    };
    let escalation = chance(rng, 0.15).then(|| EscalationPlan {
        after: between(rng, 1, 20),
        refused: chance(rng, 0.1),
        ack_after: if chance(rng, 0.9) { between(rng, 1, 5) } else { between(rng, 6, 9) },
        stage2: draw_stage(rng),
    });
    let escalated = escalation.as_ref().is_some_and(|e| !e.refused);
    Profile {
        arrival,
        home: rng.random_range(0..homes.max(1)),
        topic,
        via_representative: chance(rng, 0.6),
        issue_months_before,
        not_accepted,
        ack_after: if chance(rng, 0.88) { *pick(rng, &[0, 1, 1, 1, 2, 2, 3, 4, 5]) } else { between(rng, 6, 10) },
        add_points: chance(rng, 0.08),
        stage1: draw_stage(rng),
        escalation,
        close_after: chance(rng, 0.94).then(|| between(rng, 3, 15)),
        ombudsman: (escalated && chance(rng, 0.25)).then(|| OmbudsmanPlan {
            referred_after_days: between(rng, 20, 120),
            determined_after_days: Some(between(rng, 90, 250)),
        }),
    }
}

fn draw_stage(rng: &mut StdRng) -> StagePlan {
    let extension = chance(rng, 0.12).then(|| match between(rng, 1, 10) {
        1..=7 => ExtensionPlan::Within { days: between(rng, 3, 10) as u16, before: between(rng, 1, 4) },
        8..=9 => ExtensionPlan::Beyond { extra: between(rng, 3, 10) as u16, before: between(rng, 1, 3) },
        _ => ExtensionPlan::TooLate { days: between(rng, 5, 10) as u16, after: between(rng, 1, 3) },
    });
    let on_time = if extension.is_some() { 0.9 } else { 0.88 };
    let respond = if chance(rng, on_time) {
        Timing::OnTime { before: between(rng, 0, 6) }
    } else {
        Timing::Late { after: between(rng, 1, 8) }
    };
    let actions = (0..*pick(rng, &[0, 0, 0, 0, 0, 1, 1, 2]))
        .map(|_| ActionChoice {
            due_after: between(rng, 10, 40),
            completed: if chance(rng, 0.85) { Some(between(rng, -8, 3)) } else { None },
        })
        .collect();
    StagePlan { extension, respond, remedy: RemedyPlan::Auto, actions }
}

fn weighted_topic(rng: &mut StdRng) -> &'static Topic {
    let total: u32 = TOPICS.iter().map(|t| t.weight).sum();
    let mut draw = rng.random_range(0..total);
    for topic in TOPICS {
        if draw < topic.weight {
            return topic;
        }
        draw -= topic.weight;
    }
    &TOPICS[0]
}

/// Arrival `index` of `count` spread over `days` days from `from`: evenly, with jitter, so that
/// arrivals come in date order without any being held in memory.
pub(crate) fn arrival(seed: u64, index: u64, count: u64, from: Date, days: i64) -> Arrival {
    let mut rng = rng(seed, "arrival", index);
    let position = (index as f64 + rng.random::<f64>()) / count.max(1) as f64;
    let offset = ((position * days as f64) as i64).clamp(0, days.saturating_sub(1).max(0));
    let on = from.saturating_add(jiff::Span::new().days(offset));
    let channel = *pick(
        &mut rng,
        &[
            Channel::Phone,
            Channel::Phone,
            Channel::Phone,
            Channel::Email,
            Channel::Email,
            Channel::Email,
            Channel::Web,
            Channel::Web,
            Channel::Letter,
            Channel::InPerson,
            Channel::ViaStaff,
            Channel::SocialMedia,
            Channel::ViaThirdParty,
            Channel::SurveyFollowUp,
        ],
    );
    // People write at any hour; offices answer phones and callers in office hours.
    let (first, last) = match channel {
        Channel::Email | Channel::Web | Channel::SocialMedia | Channel::Letter => (7, 22),
        _ => (9, 16),
    };
    let at = time(between(&mut rng, first, last) as i8, between(&mut rng, 0, 59) as i8, 0, 0);
    Arrival { on, at, channel }
}

/// The showcase complaints: one for each state the demo must show, each placed so many working
/// days before the end of the demo that its life reaches exactly that state. Returned in
/// date order.
pub(crate) fn showcases(
    seed: u64,
    homes: u32,
    end: Date,
    calendar: &WorkingCalendar,
) -> Result<Vec<Profile>, CalendarError> {
    let mut profiles = Vec::new();
    for (index, (before_end, shape)) in SHOWCASES.iter().enumerate() {
        let on = calendar.add_working_days(end, -before_end)?;
        let arrival = Arrival { on, at: time(10, (index % 60) as i8, 0, 0), channel: Channel::Email };
        let mut profile = plain(&mut rng(seed, "showcase", index as u64), arrival, homes, index as u32);
        shape(&mut profile, homes);
        profiles.push(profile);
    }
    profiles.sort_by_key(|p| (p.arrival.on, p.arrival.at));
    Ok(profiles)
}

/// A complaint that goes by the book: acknowledged and answered on time, then closed.
fn plain(rng: &mut StdRng, arrival: Arrival, homes: u32, index: u32) -> Profile {
    Profile {
        arrival,
        home: index.wrapping_mul(7919) % homes.max(1),
        topic: weighted_topic(rng),
        via_representative: false,
        issue_months_before: 1,
        not_accepted: None,
        ack_after: 2,
        add_points: false,
        stage1: on_time_stage(),
        escalation: None,
        close_after: Some(8),
        ombudsman: None,
    }
}

fn on_time_stage() -> StagePlan {
    StagePlan { extension: None, respond: Timing::OnTime { before: 2 }, remedy: RemedyPlan::Auto, actions: Vec::new() }
}

fn escalated(after: i32, ack_after: i32) -> Option<EscalationPlan> {
    Some(EscalationPlan { after, refused: false, ack_after, stage2: on_time_stage() })
}

/// A home looked after by the managing agent (every fifth), when there is one.
fn agent_home(profile: &mut Profile, homes: u32) {
    if homes >= 5 {
        profile.home = 4 + 5 * (profile.home / 5).min((homes - 5) / 5);
    }
}

type Shape = fn(&mut Profile, u32);

/// Each showcase: how many working days before the end it arrives, and how it goes.
const SHOWCASES: &[(i32, Shape)] = &[
    // Closed after a stage 1 response on time with no remedy.
    (200, |p, _| p.stage1.remedy = RemedyPlan::None),
    // Acknowledged late; a financial remedy; closed.
    (190, |p, _| {
        p.ack_after = 8;
        p.stage1.remedy = RemedyPlan::Financial(15_000);
    }),
    // Extended within the Code's limit, answered within the extension.
    (180, |p, _| {
        p.stage1.extension = Some(ExtensionPlan::Within { days: 8, before: 2 });
        p.stage1.respond = Timing::OnTime { before: 1 };
    }),
    // Extended beyond the limit with a good reason.
    (170, |p, _| p.stage1.extension = Some(ExtensionPlan::Beyond { extra: 5, before: 1 })),
    // An extension recorded after the due date: the deadline is missed.
    (160, |p, _| p.stage1.extension = Some(ExtensionPlan::TooLate { days: 10, after: 2 })),
    // Answered late without an extension.
    (150, |p, _| p.stage1.respond = Timing::Late { after: 4 }),
    // Escalated, answered at stage 2 by another handler with a financial remedy, closed.
    (230, |p, _| {
        p.stage1.remedy = RemedyPlan::None;
        p.escalation = escalated(6, 3);
        if let Some(e) = p.escalation.as_mut() {
            e.stage2.remedy = RemedyPlan::Financial(25_000);
            e.stage2.actions = vec![ActionChoice { due_after: 10, completed: Some(-1) }];
        }
    }),
    // Stage 2 extended within its limit.
    (210, |p, _| {
        p.escalation = escalated(4, 2);
        if let Some(e) = p.escalation.as_mut() {
            e.stage2.extension = Some(ExtensionPlan::Within { days: 10, before: 3 });
        }
    }),
    // Escalation refused (Code 5.11), then closed.
    (140, |p, _| {
        p.escalation = escalated(5, 2);
        if let Some(e) = p.escalation.as_mut() {
            e.refused = true;
        }
    }),
    // Not accepted, on each ground.
    (120, |p, _| {
        p.issue_months_before = 15;
        p.not_accepted = Some(Ground::OverTwelveMonths);
    }),
    (110, |p, _| p.not_accepted = Some(Ground::LegalProceedings)),
    (100, |p, _| p.not_accepted = Some(Ground::PreviouslyConsidered)),
    (90, |p, _| p.not_accepted = Some(Ground::Policy)),
    // Outstanding actions, one completed and one still open; not closed.
    (45, |p, _| {
        p.stage1.actions =
            vec![ActionChoice { due_after: 8, completed: Some(-2) }, ActionChoice { due_after: 60, completed: None }];
        p.close_after = None;
    }),
    // Referred to the Ombudsman after stage 2: determined, with orders complied with.
    (250, |p, _| {
        p.escalation = escalated(6, 2);
        p.close_after = Some(5);
        p.ombudsman = Some(OmbudsmanPlan { referred_after_days: 30, determined_after_days: Some(120) });
    }),
    // Referred to the Ombudsman, awaiting its determination.
    (120, |p, _| {
        p.escalation = escalated(4, 2);
        p.close_after = Some(5);
        p.ombudsman = Some(OmbudsmanPlan { referred_after_days: 20, determined_after_days: None });
    }),
    // An issue over 12 months old, accepted using discretion (Code 2.3).
    (80, |p, _| p.issue_months_before = 14),
    // Handled by the managing agent.
    (70, |p, homes| agent_home(p, homes)),
    // Made by a representative; points added during stage 1 (Code 6.8).
    (65, |p, homes| {
        p.home = 1 % homes.max(1);
        p.via_representative = true;
        p.add_points = true;
    }),
    // Answered at stage 1, the resident has not yet said whether they will escalate.
    (12, |p, _| {
        p.ack_after = 1;
        p.stage1.respond = Timing::OnTime { before: 3 };
        p.close_after = None;
    }),
    // Awaiting acknowledgement, on track.
    (1, |p, _| p.ack_after = 5),
    // Awaiting acknowledgement, overdue.
    (8, |p, _| p.ack_after = 12),
    // Being investigated, the response due within two working days.
    (11, |p, _| p.stage1.respond = Timing::OnTime { before: 0 }),
    // Being investigated, the response overdue.
    (18, |p, _| p.stage1.respond = Timing::Late { after: 8 }),
    // Extended, on track.
    (16, |p, _| {
        p.ack_after = 1;
        p.stage1.extension = Some(ExtensionPlan::Within { days: 10, before: 2 });
        p.stage1.respond = Timing::OnTime { before: 0 };
    }),
    // Escalated the day before the end: stage 2 awaiting acknowledgement.
    (30, |p, _| p.escalation = escalated(19, 5)),
    // Stage 2 being investigated, on track.
    (30, |p, _| {
        p.escalation = escalated(3, 2);
        if let Some(e) = p.escalation.as_mut() {
            e.stage2.respond = Timing::OnTime { before: 0 };
        }
    }),
];
