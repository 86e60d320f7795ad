//! Answering a stage (Code 6.7, 6.9, 6.18, 6.19): a decision with reasons on every point, the
//! remedy or why none, the outstanding actions or none, how to escalate; then carrying out
//! the remedies and actions. Also refusing an escalation (5.11) and closing with the learning
//! (9.1).

use jiff::civil::Date;
use rand::rngs::StdRng;
use redress_domain::complaint::{
    ActionPlan, Command, CompleteAction, CompleteRemedy, Decision, ExclusionGround, Item, Learning, Outstanding, Point,
    PointDecision, RefuseEscalation, RemedyKind, RemedyOffer, RemedyOutcome, Respond, StageNumber, UpdateAction,
};

use super::{Story, TO_OMBUDSMAN, TO_STAGE_2, stage_two_route};
use crate::life::Stop;
use crate::plan::{RemedyPlan, StagePlan};
use crate::random::{between, chance, pick};

impl Story<'_, '_> {
    /// Issues the stage's response on `on`, and plans the remedies and actions it promises.
    pub(super) async fn respond(&mut self, stage: StageNumber, plan: &StagePlan, on: Date) -> Result<(), Stop> {
        let topic = self.profile.topic;
        let category = topic.category.to_lowercase();
        let handler = self.handler();
        let points = self
            .life
            .view()
            .complaint
            .stage(stage)
            .and_then(|s| s.acknowledgement.as_ref())
            .map(|a| a.definition.points.clone())
            .unwrap_or_default();
        let decisions = decide_points(&mut self.life.rng, &points, &category);
        let decision = overall(&decisions);
        let offers = self.remedies(plan.remedy, decision, on)?;
        let remedy = if offers.is_empty() {
            let reason = match decision {
                Decision::NotUpheld => "We found no failing in our service, so no remedy is due.",
                _ => "The problem was put right before the complaint was answered, which is the remedy it needed.",
            };
            RemedyOutcome::NoRemedy { reason: reason.into() }
        } else {
            RemedyOutcome::Offered { remedies: offers }
        };
        let mut actions = Vec::new();
        for choice in &plan.actions {
            actions.push(ActionPlan {
                description: pick(&mut self.life.rng, topic.actions).to_string(),
                owner: handler.user_id.clone(),
                due: self.calendar().add_working_days(on, choice.due_after)?,
            });
        }
        let outstanding = if actions.is_empty() { Outstanding::None } else { Outstanding::Actions { actions } };
        let (remedies_before, actions_before) =
            (self.life.view().complaint.remedies.len(), self.life.view().complaint.actions.len());
        // A stage 2 response records the Ombudsman's details from the landlord's settings.
        let (escalation, escalation_details) = match stage {
            StageNumber::One => (Some(stage_two_route()), TO_STAGE_2),
            StageNumber::Two => (None, TO_OMBUDSMAN),
        };
        let command = Command::Respond(Respond {
            stage,
            decision: Some(decision),
            decisions: decisions.clone(),
            remedy: Some(remedy),
            outstanding: Some(outstanding),
            escalation,
        });
        self.life.act(handler, command, "respond").await?;

        let mut body = format!("Our stage {stage} response to your complaint.\n");
        // Each point in the resident's words with the decision's label: never its number or
        // the decision's name in code.
        for d in &decisions {
            let point = points.iter().find(|p| p.id == d.point).map_or("", |p| p.text.as_str());
            body.push_str(&format!("{point} Our decision: {}. {}\n", d.decision.label(), d.reasons));
        }
        body.push_str(escalation_details);
        let file = match stage {
            StageNumber::One => "stage-1-response.txt",
            StageNumber::Two => "stage-2-response.txt",
        };
        self.letter_out(format!("Your complaint: our stage {stage} response"), body, Some(file)).await?;
        self.plan_follow_up(plan, remedies_before, actions_before, on)
    }

    /// The remedies a response offers.
    fn remedies(&mut self, plan: RemedyPlan, decision: Decision, on: Date) -> Result<Vec<RemedyOffer>, Stop> {
        let category = self.profile.topic.category.to_lowercase();
        let rng = &mut self.life.rng;
        let mut kinds: Vec<(RemedyKind, Option<u64>)> = Vec::new();
        match plan {
            RemedyPlan::None => {}
            RemedyPlan::Financial(pence) => {
                kinds = vec![(RemedyKind::Apology, None), (RemedyKind::Financial, Some(pence))]
            }
            RemedyPlan::Auto if decision != Decision::NotUpheld && chance(rng, 0.85) => {
                kinds.push((RemedyKind::Apology, None));
                if chance(rng, 0.5) {
                    kinds.push((RemedyKind::Financial, Some(500 * u64::from(between(rng, 5, 120).unsigned_abs()))));
                }
                if chance(rng, 0.4) {
                    let kind = *pick(
                        rng,
                        &[
                            RemedyKind::ActionOnDelay,
                            RemedyKind::Acknowledgement,
                            RemedyKind::RecordAmended,
                            RemedyKind::ReconsideredDecision,
                            RemedyKind::PolicyChange,
                        ],
                    );
                    kinds.push((kind, None));
                }
            }
            RemedyPlan::Auto if chance(rng, 0.1) => kinds.push((RemedyKind::Explanation, None)),
            RemedyPlan::Auto => {}
        }
        let mut offers = Vec::new();
        for (kind, amount_pence) in kinds {
            let description = match (kind, amount_pence) {
                (RemedyKind::Financial, Some(pence)) => format!(
                    "£{}.{:02} compensation for the distress, inconvenience and time spent, paid to the resident's \
                     bank account.",
                    pence / 100,
                    pence % 100
                ),
                (RemedyKind::Apology, _) => format!("A written apology from the {category} manager."),
                (RemedyKind::ActionOnDelay, _) => {
                    "Prioritise the outstanding work and confirm the date in writing.".into()
                }
                (RemedyKind::Acknowledgement, _) => "Acknowledge in writing where our service went wrong.".into(),
                (RemedyKind::RecordAmended, _) => "Correct the resident's record and confirm the change.".into(),
                (RemedyKind::ReconsideredDecision, _) => "Reconsider the decision with the new evidence.".into(),
                (RemedyKind::PolicyChange, _) => format!("Review the {category} procedure with the service manager."),
                (_, _) => "Explain in writing how the decision was reached.".into(),
            };
            let due = self.calendar().add_working_days(on, between(&mut self.life.rng, 5, 20))?;
            offers.push(RemedyOffer { kind, description, amount_pence, due: Some(due) });
        }
        Ok(offers)
    }

    /// Plans the completion of the remedies and actions a response just promised.
    fn plan_follow_up(
        &mut self,
        plan: &StagePlan,
        remedies_before: usize,
        actions_before: usize,
        on: Date,
    ) -> Result<(), Stop> {
        let calendar = self.calendar();
        let handler = self.handler();
        let earliest = calendar.add_working_days(on, 1)?;
        let remedies = self.life.view().complaint.remedies.iter().skip(remedies_before).cloned().collect::<Vec<_>>();
        for remedy in remedies {
            if chance(&mut self.life.rng, 0.92) {
                let done = calendar.add_working_days(remedy.due, -between(&mut self.life.rng, 0, 4))?.max(earliest);
                let note = match remedy.kind {
                    RemedyKind::Financial => "Paid by bank transfer.",
                    RemedyKind::Apology => "Apology letter sent.",
                    _ => "Done as promised in the response.",
                };
                let command =
                    Command::CompleteRemedy(Item { id: remedy.id.clone(), body: CompleteRemedy { note: note.into() } });
                self.life.later(done, handler, command, "complete remedy")?;
            }
        }
        let actions = self.life.view().complaint.actions.iter().skip(actions_before).cloned().collect::<Vec<_>>();
        for (action, choice) in actions.iter().zip(&plan.actions) {
            let update_on = calendar.add_working_days(on, (choice.due_after / 2).max(1))?;
            let note = "Work booked with the contractor; the resident was told the date.".to_owned();
            let command = Command::UpdateAction(Item {
                id: action.id.clone(),
                body: UpdateAction { note, resident_informed: true },
            });
            self.life.later(update_on, handler, command, "update action")?;
            if let Some(offset) = choice.completed {
                // After the update, so that the update is not recorded on a completed action.
                let done = calendar.add_working_days(action.due, offset)?.max(calendar.add_working_days(update_on, 1)?);
                self.life.later(
                    done,
                    handler,
                    Command::CompleteAction(Item { id: action.id.clone(), body: CompleteAction {} }),
                    "complete action",
                )?;
            }
        }
        Ok(())
    }

    /// Refuses to escalate (Code 5.11), with reasons, telling the resident of the Ombudsman.
    pub(super) async fn refuse_escalation(&mut self) -> Result<(), Stop> {
        let (ground, reasons) = if chance(&mut self.life.rng, 0.5) {
            (
                ExclusionGround::LegalProceedingsStarted,
                "The resident has since issued a court claim about the same matter, which the court will decide.",
            )
        } else {
            (
                ExclusionGround::PolicyGround {
                    ground: "The request raises only new matters, which are logged as a new complaint".into(),
                },
                "The request is about new matters, not the stage 1 response; we have logged them as a new complaint.",
            )
        };
        let command = Command::RefuseEscalation(RefuseEscalation { ground, reasons: reasons.into() });
        // Refusing is stage 2's decision, which no one from stage 1 makes (Code 6.13).
        self.life.act(self.stage2, command, "refuse escalation").await?;
        let body = format!("We cannot escalate your complaint to stage 2. {reasons} {TO_OMBUDSMAN}");
        self.letter_out("Your request for stage 2: our decision".into(), body, None).await
    }

    /// Closes the complaint with what was learnt (Code 9.1).
    pub(super) async fn close(&mut self) -> Result<(), Stop> {
        let topic = self.profile.topic;
        let rng = &mut self.life.rng;
        let improvement_needed = chance(rng, 0.35);
        let learning = Learning {
            root_cause: pick(rng, topic.root_causes).to_string(),
            improvement_needed,
            improvement_actions: if improvement_needed {
                vec![pick(rng, topic.improvements).to_string()]
            } else {
                vec![]
            },
        };
        self.life.act(self.handler(), Command::Close(learning), "close").await
    }
}

/// The decision on the whole complaint from the decisions on its points.
fn overall(decisions: &[PointDecision]) -> Decision {
    if decisions.iter().all(|d| d.decision == Decision::Upheld) {
        Decision::Upheld
    } else if decisions.iter().all(|d| d.decision == Decision::NotUpheld) {
        Decision::NotUpheld
    } else {
        Decision::PartlyUpheld
    }
}

/// A decision with reasons on each point (Code 6.7, 6.18), more or less favourable to the
/// resident from one complaint to the next.
fn decide_points(rng: &mut StdRng, points: &[Point], category: &str) -> Vec<PointDecision> {
    let upheld = *pick(rng, &[0.0, 0.3, 0.6, 0.9]);
    points
        .iter()
        .map(|point| {
            let decision = if chance(rng, upheld) {
                Decision::Upheld
            } else if chance(rng, 0.3) {
                Decision::PartlyUpheld
            } else {
                Decision::NotUpheld
            };
            let reasons = match decision {
                Decision::Upheld => format!("Our records confirm this fell short of our {category} policy."),
                Decision::PartlyUpheld => {
                    format!("Our records confirm part of this; the rest was in line with our {category} policy.")
                }
                Decision::NotUpheld => {
                    format!("Our records show we acted in line with our {category} policy, as explained below.")
                }
            };
            PointDecision { point: point.id.clone(), decision, reasons }
        })
        .collect()
}
