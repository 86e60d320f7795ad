//! What happens to a complaint, step by step, through the application's use cases: logged,
//! acknowledged or not accepted, extended, answered, escalated, closed, taken to the
//! Ombudsman. Every step is a command the domain checks; a refusal is a defect of the
//! generator and stops the demo.

use std::collections::BTreeSet;

use jiff::civil::Date;
use jiff::{SignedDuration, ToSpan};
use rand::rngs::StdRng;
use redress_app::{Actor, ComplaintIntake, Known, PendingComplaint, ServiceRequestInput};
use redress_domain::complaint::{
    Acknowledge, AddPoints, Channel, Command, Complexity, ConflictDeclaration, DefinitionInput, Direction,
    ExclusionGround, Extend, NotAccept, RequestEscalation, Responsibility, Risk, StageNumber, StageTwoRoute, Step,
};
use redress_domain::ids::{CategoryId, ServiceRequestId};
use redress_domain::service_requests::ServiceRequestStatus;
use redress_storage::{NewRepresentative, NewServiceRequest};

use crate::DemoError;
use crate::content::{EXTENSION_REASONS, GOOD_REASONS, POLICY_GROUNDS};
use crate::life::{Letter, Life, Staff, Stop, World};
use crate::people::{Home, home};
use crate::plan::{ExtensionPlan, Ground, Profile, StagePlan, Timing};
use crate::random::{between, chance, pick};

mod answer;
mod ombudsman;

/// How to escalate, as a stage 1 response must say (Code 6.9), in the letter.
const TO_STAGE_2: &str = "If you are not satisfied with this response, you can ask us to escalate your complaint to \
    stage 2 within 20 working days by replying to this letter, calling us or using our website. You do not need to \
    give reasons.";

/// The same route to stage 2, as the response records it (Code 6.9 g).
fn stage_two_route() -> StageTwoRoute {
    StageTwoRoute {
        contact: "The complaints team".into(),
        how: "Reply to this letter, call us or use our website".into(),
        within: "Within 20 working days of this response".into(),
    }
}

/// How to go to the Ombudsman, as a stage 2 response must say (Code 6.19).
const TO_OMBUDSMAN: &str = "This is our final response. If you remain dissatisfied you can refer your complaint to \
    the Housing Ombudsman Service: www.housing-ombudsman.org.uk, 0300 111 3000, info@housing-ombudsman.org.uk.";

/// A complaint's life as lived up to the end of the demo, not yet written.
pub(crate) struct Lived {
    /// Its record and state at the end.
    pub complaint: PendingComplaint,
    /// How much correspondence was recorded.
    pub letters: u64,
}

/// Lives the life `profile` plans for the complaint `key`, up to the end of the demo.
pub(crate) async fn live(world: &World, key: String, rng: StdRng, profile: &Profile) -> Result<Lived, DemoError> {
    let home = home(world.seed, profile.home, world.from, world.set_up_at);
    let mut story = Story::begin(world, key, rng, profile, home).await?;
    match story.main_line().await {
        Ok(()) | Err(Stop::Cutoff) => {}
        Err(Stop::Failed(error)) => return Err(error),
    }
    match story.life.finish().await {
        Ok(()) | Err(Stop::Cutoff) => {}
        Err(Stop::Failed(error)) => return Err(error),
    }
    Ok(Lived { letters: story.life.letters, complaint: story.life.complaint })
}

struct Story<'w, 'p> {
    life: Life<'w>,
    profile: &'p Profile,
    home: Home,
    stage1: &'w Actor,
    stage2: &'w Actor,
    officer: &'w Actor,
    /// How letters go out to the resident.
    writes_by: Channel,
}

impl<'w, 'p> Story<'w, 'p> {
    /// Logs the complaint when it arrives, with what the resident sent.
    async fn begin(
        world: &'w World,
        key: String,
        mut rng: StdRng,
        profile: &'p Profile,
        home: Home,
    ) -> Result<Story<'w, 'p>, DemoError> {
        let (stage1, stage2) = handlers(&world.staff, home.by_agent, &mut rng);
        let received = world.instant(profile.arrival.on, profile.arrival.at)?;
        world.clock.set(received);
        let description = pick(&mut rng, profile.topic.descriptions).to_string();
        let (residents, properties) = ([&home.resident], [&home.property]);
        let representatives: Vec<&NewRepresentative> = home.representative.iter().collect();
        let known = Known {
            residents: &residents,
            representatives: &representatives,
            properties: &properties,
            ..Known::default()
        };
        let raised = raise_service_request(world, &key, profile, &home, &description, known, &mut rng)?;
        let service_request = raised.as_ref().map(|r| r.id.clone());
        let intake = intake(world, profile, &home, description.clone(), service_request, &mut rng);
        let by_representative = intake.representative_id.is_some();
        let logged = world.app.log_pending(&world.settings, stage1, intake, known, raised.into_iter().collect());
        let logged = logged.await.map_err(|source| DemoError::Step {
            complaint: key.clone(),
            step: "log",
            source: Box::new(source),
        })?;
        let writes_by = if home.prefers == Channel::Email { Channel::Email } else { Channel::Letter };
        let mut story = Story {
            life: Life::new(world, key, rng, logged, received),
            profile,
            home,
            stage1,
            stage2,
            officer: &world.staff.officer,
            writes_by,
        };
        let from = if by_representative { "the resident's representative" } else { "the resident" };
        let letter = Letter {
            direction: Direction::Incoming,
            channel: profile.arrival.channel,
            subject: format!("Complaint from {from} about {}", profile.topic.category.to_lowercase()),
            body: description,
            attachment: None,
        };
        match story.life.letter(stage1, letter).await {
            Ok(()) | Err(Stop::Cutoff) => Ok(story),
            Err(Stop::Failed(error)) => Err(error),
        }
    }

    async fn main_line(&mut self) -> Result<(), Stop> {
        let counts_from = self.life.view().complaint.logged.counts_from;
        let decided_on = self.calendar().add_working_days(counts_from, self.profile.ack_after)?;
        self.life.step(decided_on).await?;
        if let Some(ground) = self.profile.not_accepted {
            return self.not_accept(ground).await;
        }
        self.acknowledge(StageNumber::One).await?;
        if self.profile.add_points {
            let on = self.calendar().add_working_days(decided_on, between(&mut self.life.rng, 1, 3))?;
            self.life.step(on).await?;
            let point = pick(&mut self.life.rng, self.profile.topic.further_points).to_string();
            self.life.act(self.stage1, Command::AddPoints(AddPoints { points: vec![point] }), "add points").await?;
        }
        let stage1 = self.profile.stage1.clone();
        let mut answered_on = self.extend_and_respond(StageNumber::One, &stage1).await?;
        if let Some(escalation) = self.profile.escalation.clone() {
            let on = self.calendar().add_working_days(answered_on, escalation.after)?;
            self.life.step(on).await?;
            let reason = chance(&mut self.life.rng, 0.7)
                .then(|| "The problem is still not put right and the response does not reflect what happened.".into());
            self.life
                .act(
                    self.stage1,
                    Command::RequestEscalation(RequestEscalation { reason, channel: Some(self.writes_by) }),
                    "request escalation",
                )
                .await?;
            self.letter_in("Request to escalate the complaint to stage 2").await?;
            if escalation.refused {
                let on = self.calendar().add_working_days(on, between(&mut self.life.rng, 1, 4))?;
                self.life.step(on).await?;
                self.refuse_escalation().await?;
                answered_on = on;
            } else {
                let counts_from = self.life.view().complaint.stage2.as_ref().map_or(on, |s| s.counts_from);
                let on = self.calendar().add_working_days(counts_from, escalation.ack_after)?;
                self.life.step(on).await?;
                self.acknowledge(StageNumber::Two).await?;
                answered_on = self.extend_and_respond(StageNumber::Two, &escalation.stage2).await?;
            }
        }
        if let Some(after) = self.profile.close_after {
            let on = self.calendar().add_working_days(answered_on, after)?;
            self.life.step(on).await?;
            self.close().await?;
        }
        if let Some(ombudsman) = self.profile.ombudsman {
            self.ombudsman(answered_on, ombudsman).await?;
        }
        Ok(())
    }

    fn calendar(&self) -> &'w redress_domain::calendar::WorkingCalendar {
        self.life.world.app.calendar()
    }

    /// The handler of the stage the complaint is at.
    fn handler(&self) -> &'w Actor {
        if self.life.view().complaint.stage2.is_some() { self.stage2 } else { self.stage1 }
    }

    async fn letter_out(
        &mut self,
        subject: String,
        body: String,
        attachment: Option<&'static str>,
    ) -> Result<(), Stop> {
        let letter = Letter { direction: Direction::Outgoing, channel: self.writes_by, subject, body, attachment };
        self.life.letter(self.handler(), letter).await
    }

    async fn letter_in(&mut self, subject: &str) -> Result<(), Stop> {
        let letter = Letter {
            direction: Direction::Incoming,
            channel: self.writes_by,
            subject: subject.to_owned(),
            body: format!("{subject}, from {}.", self.home.resident.details.name),
            attachment: None,
        };
        self.life.letter(self.handler(), letter).await
    }

    async fn not_accept(&mut self, ground: Ground) -> Result<(), Stop> {
        let (ground, reasons, discretion) = match ground {
            Ground::OverTwelveMonths => (
                ExclusionGround::IssueOverTwelveMonthsOld,
                "The issue arose more than 12 months before the complaint was made.".to_owned(),
                Some(
                    "No reason was given for the delay and the records from the time are no longer held, so a fair \
                     investigation is not possible."
                        .to_owned(),
                ),
            ),
            Ground::LegalProceedings => (
                ExclusionGround::LegalProceedingsStarted,
                "A disrepair claim about the same issue has been issued at the county court, which will decide it."
                    .to_owned(),
                None,
            ),
            Ground::PreviouslyConsidered => (
                ExclusionGround::PreviouslyConsidered { earlier_complaint: None },
                "The same issue was answered at stage 2 last year and nothing new has been raised.".to_owned(),
                None,
            ),
            Ground::Policy => (
                ExclusionGround::PolicyGround { ground: pick(&mut self.life.rng, POLICY_GROUNDS).to_string() },
                "We have raised it as a service request and will contact the resident to arrange it.".to_owned(),
                None,
            ),
        };
        let body = format!(
            "We are not able to accept your complaint. {reasons} If you disagree with this decision you can ask the \
             Housing Ombudsman to consider it."
        );
        let command = Command::NotAccept(NotAccept { ground, reasons, discretion });
        self.life.act(self.stage1, command, "not accept").await?;
        self.letter_out("Your complaint: our decision".into(), body, None).await
    }

    async fn acknowledge(&mut self, stage: StageNumber) -> Result<(), Stop> {
        let topic = self.profile.topic;
        let rng = &mut self.life.rng;
        let points = match stage {
            StageNumber::One => {
                let count = between(rng, 1, 3.min(topic.points.len() as i32)) as usize;
                let first = between(rng, 0, topic.points.len() as i32 - 1) as usize;
                (0..count).map(|i| topic.points[(first + i) % topic.points.len()].to_owned()).collect()
            }
            StageNumber::Two => vec![
                "The stage 1 response did not put things right.".to_owned(),
                pick(rng, topic.further_points).to_string(),
            ],
        };
        let outcomes = (0..between(rng, 1, 2)).map(|_| pick(rng, topic.outcomes).to_string()).collect::<Vec<_>>();
        let mut outcomes_sought = outcomes;
        outcomes_sought.dedup();
        let not_responsible_for =
            topic.not_responsible_for.filter(|_| chance(rng, 0.5)).map(|n| vec![n.to_owned()]).unwrap_or_default();
        let conflict = if chance(rng, 0.03) {
            ConflictDeclaration {
                has_conflict: true,
                measures: Some("The handler knows the resident; a second officer reviews every decision.".into()),
            }
        } else {
            ConflictDeclaration::default()
        };
        let late_issue_discretion = (stage == StageNumber::One && self.profile.issue_months_before > 12).then(|| {
            "The resident was waiting on repeated promises to put it right, so the delay is understandable and we \
             will consider the complaint."
                .to_owned()
        });
        let handler = if stage == StageNumber::One { self.stage1 } else { self.stage2 };
        let command = Command::Acknowledge(Acknowledge {
            stage,
            handler: handler.user_id.clone(),
            definition: DefinitionInput { points, outcomes_sought },
            responsibility: Responsibility {
                responsible_for: vec![topic.responsible_for.to_owned()],
                not_responsible_for,
            },
            conflict,
            late_issue_discretion,
        });
        self.life.act(handler, command, "acknowledge").await?;
        let body = format!(
            "We have logged your complaint at stage {stage}. {} will handle it and will write to you with our \
             response.",
            handler.name
        );
        self.letter_out(format!("Your complaint: acknowledgement at stage {stage}"), body, None).await
    }

    /// Extends the stage if planned, then responds; returns the date of the response.
    async fn extend_and_respond(&mut self, stage: StageNumber, plan: &StagePlan) -> Result<Date, Stop> {
        let calendar = self.calendar();
        let earliest = calendar.add_working_days(self.life.today(), 1)?;
        let late_extension = match plan.extension {
            Some(extension) => self.extend(stage, extension, earliest).await?,
            None => None,
        };
        let due = self.life.due(stage, Step::Response)?;
        let on = match (late_extension, plan.respond) {
            // Recorded after the due date: the response follows it, late.
            (Some(recorded_on), _) => calendar.add_working_days(recorded_on, between(&mut self.life.rng, 2, 5))?,
            (None, Timing::OnTime { before }) => calendar.add_working_days(due, -before)?.max(earliest),
            (None, Timing::Late { after }) => calendar.add_working_days(due, after)?,
        };
        self.life.step(on).await?;
        self.respond(stage, plan, on).await?;
        Ok(on)
    }

    /// Extends the stage's response deadline (Code 6.4, 6.5, 6.15, 6.16), agreeing an update
    /// interval (5.9), and tells the resident; returns the date it was recorded if that was
    /// too late to count.
    async fn extend(
        &mut self,
        stage: StageNumber,
        extension: ExtensionPlan,
        earliest: Date,
    ) -> Result<Option<Date>, Stop> {
        let calendar = self.calendar();
        let due = self.life.due(stage, Step::Response)?;
        let version = self.life.world.app.code().version(self.life.view().complaint.logged.code_version);
        let limit = version.map_or(10, |v| match stage {
            StageNumber::One => v.timescales.stage1_extension_limit.working_days,
            StageNumber::Two => v.timescales.stage2_extension_limit.working_days,
        });
        let (on, working_days, good_reason) = match extension {
            ExtensionPlan::Within { days, before } => {
                (calendar.add_working_days(due, -before)?.max(earliest), days.min(limit), None)
            }
            ExtensionPlan::Beyond { extra, before } => {
                let reason = pick(&mut self.life.rng, GOOD_REASONS).to_string();
                (calendar.add_working_days(due, -before)?.max(earliest), limit + extra, Some(reason))
            }
            ExtensionPlan::TooLate { days, after } => (calendar.add_working_days(due, after)?, days, None),
        };
        self.life.step(on).await?;
        let reason = pick(&mut self.life.rng, EXTENSION_REASONS).to_string();
        let agreed = self.life.view().complaint.stage(stage).and_then(|s| s.update_interval);
        let command = Command::Extend(Extend {
            stage,
            working_days,
            reason: reason.clone(),
            resident_informed: true,
            good_reason,
            update_interval: agreed.is_none().then_some(5),
            // The domain records the new due date the extension gives.
            new_due: None,
        });
        self.life.act(self.handler(), command, "extend").await?;
        let body = format!(
            "We need more time to respond: {reason} We will respond within {working_days} more working days and \
             update you every week. If you are unhappy about the delay you can contact the Housing Ombudsman on \
             0300 111 3000."
        );
        self.letter_out(format!("Your complaint: more time needed at stage {stage}"), body, None).await?;
        Ok(matches!(extension, ExtensionPlan::TooLate { .. }).then_some(on))
    }
}

/// Who handles stage 1 (the managing agent's handler for the homes it looks after) and who
/// would handle stage 2: never the same person (Code 6.13).
fn handlers<'w>(staff: &'w Staff, by_agent: bool, rng: &mut StdRng) -> (&'w Actor, &'w Actor) {
    let stage1 = if by_agent {
        &staff.agent_handler
    } else if chance(rng, 0.3) {
        &staff.officer
    } else {
        &staff.handler
    };
    let stage2 =
        if stage1.user_id == staff.officer.user_id || chance(rng, 0.5) { &staff.senior } else { &staff.officer };
    (stage1, stage2)
}

/// For most complaints about repairs, the service request they arose from, reported some days
/// before; it stays open while the complaint is dealt with (Code 1.5). Kept in memory and
/// written with the complaint.
fn raise_service_request(
    world: &World,
    key: &str,
    profile: &Profile,
    home: &Home,
    description: &str,
    known: Known<'_>,
    rng: &mut StdRng,
) -> Result<Option<NewServiceRequest>, DemoError> {
    if !(profile.topic.repair && chance(rng, 0.6)) {
        return Ok(None);
    }
    let days_before = i64::from(between(rng, 3, 40));
    let received = world.instant(profile.arrival.on, profile.arrival.at)?;
    let created_at = received.checked_sub(SignedDuration::from_hours(24 * days_before))?;
    let input = ServiceRequestInput {
        resident_id: home.resident.id.clone(),
        property_id: Some(home.property.id.clone()),
        description: format!("Repair reported: {description}"),
        status: Some(ServiceRequestStatus::InProgress),
    };
    // Reported days before the complaint: the clock goes back for it, then on again.
    world.clock.set(created_at);
    let request = world.app.raise_pending(&world.staff.officer, input, known);
    world.clock.set(received);
    let request = request.map_err(|source| DemoError::Step {
        complaint: key.to_owned(),
        step: "raise a service request",
        source: Box::new(source),
    })?;
    Ok(Some(request))
}

/// The risks triaged for a complaint in `category` (Code 6.1): the resident's vulnerability,
/// and the hazards its subject is.
fn risks(category: &str, vulnerable: bool) -> BTreeSet<Risk> {
    let hazard = match category {
        "Damp and mould" => Some(Risk::DampAndMould),
        "Repairs" => Some(Risk::Disrepair),
        "Heating and hot water" => Some(Risk::HealthAndSafety),
        _ => None,
    };
    vulnerable.then_some(Risk::Vulnerability).into_iter().chain(hazard).collect()
}

/// The complaint as staff log it.
fn intake(
    world: &World,
    profile: &Profile,
    home: &Home,
    description: String,
    service_request: Option<ServiceRequestId>,
    rng: &mut StdRng,
) -> ComplaintIntake {
    let issue_occurred_on = profile
        .arrival
        .on
        .saturating_sub(i64::from(profile.issue_months_before).months())
        .saturating_sub(i64::from(between(rng, 0, 20)).days());
    ComplaintIntake {
        received_at: None,
        logged_on: None,
        handling_organisation_id: home.by_agent.then(|| world.agent.id.clone()),
        channel: profile.arrival.channel,
        issue_occurred_on,
        became_aware_on: None,
        description,
        categories: profile.topic.categories.iter().map(|id| CategoryId::trusted((*id).to_owned())).collect(),
        risks: risks(profile.topic.category, !home.risk_flags.is_empty()),
        risk_notes: (!home.risk_flags.is_empty()).then(|| home.risk_flags.join("; ")),
        complexity: if chance(rng, 0.25) { Complexity::Complex } else { Complexity::Straightforward },
        resident_id: home.resident.id.clone(),
        representative_id: home.representative.as_ref().filter(|_| profile.via_representative).map(|r| r.id.clone()),
        property_id: Some(home.property.id.clone()),
        service_request_ids: service_request.into_iter().collect(),
        linked_complaint_ids: Vec::new(),
    }
}
