//! Folding one event into the complaint it makes.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{
    Acknowledgement, Closure, Complaint, Determination, EscalationRefusal, Extension, Handover, NotAcceptance,
    OmbudsmanCase, Reassignment, Response, Stage,
};
use crate::complaint::escalation::HowToEscalate;
use crate::complaint::event::Event;
use crate::complaint::model::{Direction, StageNumber};

impl Complaint {
    /// Applies one event. Events come from [`crate::complaint::decide`], which has already
    /// checked them, so an event naming something that does not exist is passed over.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::Logged(_) => {}
            Event::NotAccepted { at, on, ground, reasons, discretion, ombudsman } => {
                self.not_accepted = Some(NotAcceptance {
                    at: *at,
                    on: *on,
                    ground: ground.clone(),
                    reasons: reasons.clone(),
                    discretion: discretion.clone(),
                    ombudsman: ombudsman.clone(),
                });
            }
            Event::Acknowledged {
                stage,
                at,
                on,
                handler,
                definition,
                responsibility,
                conflict,
                late_issue_discretion,
                recorded_by,
            } => {
                if let Some(stage) = self.stage_mut(*stage) {
                    stage.acknowledgement = Some(Acknowledgement {
                        at: *at,
                        on: *on,
                        handler: handler.clone(),
                        definition: definition.clone(),
                        responsibility: responsibility.clone(),
                        conflict: conflict.clone(),
                        late_issue_discretion: late_issue_discretion.clone(),
                        recorded_by: recorded_by.clone(),
                    });
                }
            }
            Event::HandlerReassigned { stage, from, handler, reason, conflict, recorded_by } => {
                if let Some(stage) = self.stage_mut(*stage) {
                    stage.reassignments.push(Reassignment {
                        from: from.clone(),
                        handler: handler.clone(),
                        reason: reason.clone(),
                        conflict: conflict.clone(),
                        recorded_by: recorded_by.clone(),
                    });
                }
            }
            Event::HandlingPassed { from, to, reason, recorded_by } => self.handovers.push(Handover {
                from: from.clone(),
                to: to.clone(),
                reason: reason.clone(),
                recorded_by: recorded_by.clone(),
            }),
            Event::PointsAdded { points } => {
                if let Some(ack) = self.stage1.acknowledgement.as_mut() {
                    ack.definition.points.extend(points.iter().cloned());
                }
            }
            Event::UpdateIntervalAgreed { stage, every_working_days, on } => {
                if let Some(stage) = self.stage_mut(*stage) {
                    stage.update_interval = Some(*every_working_days);
                    stage.update_interval_agreed_on = *on;
                }
            }
            Event::Extended { stage, at, on, working_days, reason, good_reason, new_due, ombudsman, recorded_by } => {
                if let Some(stage) = self.stage_mut(*stage) {
                    stage.extensions.push(Extension {
                        at: *at,
                        on: *on,
                        working_days: *working_days,
                        reason: reason.clone(),
                        good_reason: good_reason.clone(),
                        new_due: *new_due,
                        ombudsman: ombudsman.clone(),
                        recorded_by: recorded_by.clone(),
                    });
                }
            }
            Event::Responded {
                stage,
                at,
                on,
                decision,
                decisions,
                no_remedy_reason,
                escalation_details,
                stage_two_route,
                ombudsman,
                recorded_by,
            } => {
                if let Some(stage) = self.stage_mut(*stage) {
                    stage.response = Some(Response {
                        at: *at,
                        on: *on,
                        decision: *decision,
                        decisions: decisions.clone(),
                        no_remedy_reason: no_remedy_reason.clone(),
                        escalation: HowToEscalate::recorded(
                            stage_two_route.as_ref(),
                            ombudsman.as_ref(),
                            escalation_details.as_ref(),
                        ),
                        recorded_by: recorded_by.clone(),
                    });
                }
            }
            Event::EscalationRequested { on, counts_from, reason, channel, .. } => {
                // Escalating reopens a complaint closed after stage 1; its learning stays.
                self.earlier_closures.extend(self.closed.take());
                let stage = Stage::open(StageNumber::Two, *on, *counts_from, reason.clone());
                self.stage2 = Some(Stage { escalation_channel: *channel, ..stage });
            }
            Event::EscalationRefused { at, on, ground, reasons, ombudsman } => {
                let on = on.unwrap_or_else(|| date_in_england(*at));
                let refused = self.stage2.take();
                let requested_on = refused.as_ref().map_or(on, |stage| stage.opened_on);
                self.escalation_refusals.push(EscalationRefusal {
                    at: *at,
                    on,
                    requested_on,
                    requested_because: refused.and_then(|stage| stage.escalation_reason),
                    ground: ground.clone(),
                    reasons: reasons.clone(),
                    ombudsman: ombudsman.clone(),
                });
            }
            Event::RemedyOffered { remedy } => self.remedies.push(remedy.clone()),
            Event::RemedyCompleted { id, on, note } => {
                if let Some(remedy) = self.remedies.iter_mut().find(|r| &r.id == id) {
                    remedy.completed_on = Some(*on);
                    remedy.completion_note = Some(note.clone());
                }
            }
            Event::ActionAdded { action } => {
                let mut action = action.clone();
                // Records made before actions named their stage: the stage the complaint was at.
                action.stage.get_or_insert(self.current_stage().number);
                self.actions.push(action);
            }
            Event::ActionUpdated { id, update } => {
                if let Some(action) = self.actions.iter_mut().find(|a| &a.id == id) {
                    action.updates.push(update.clone());
                }
            }
            Event::ActionCompleted { id, on } => {
                if let Some(action) = self.actions.iter_mut().find(|a| &a.id == id) {
                    action.completed_on = Some(*on);
                }
            }
            Event::CorrespondenceRecorded { correspondence, direction, at, .. } => {
                self.correspondence.push(correspondence.clone());
                if *direction == Direction::Outgoing {
                    self.sent_to_resident.push(*at);
                }
            }
            Event::ReferredToOmbudsman { on, case_reference } => {
                self.ombudsman = Some(OmbudsmanCase {
                    referred_on: *on,
                    case_reference: case_reference.clone(),
                    determination: None,
                });
            }
            Event::OmbudsmanDetermined { on, findings, orders } => {
                if let Some(case) = self.ombudsman.as_mut() {
                    case.determination =
                        Some(Determination { on: *on, findings: findings.clone(), orders: orders.clone() });
                }
            }
            Event::OrderComplied { id, on, evidence } => {
                let orders = self.ombudsman.as_mut().and_then(|c| c.determination.as_mut()).map(|d| &mut d.orders);
                if let Some(order) = orders.and_then(|orders| orders.iter_mut().find(|o| &o.id == id)) {
                    order.complied_on = Some(*on);
                    order.evidence = Some(evidence.clone());
                }
            }
            Event::Closed { at, learning } => self.closed = Some(Closure { at: *at, learning: learning.clone() }),
            Event::RecordedAfterDue(late) => self.recorded_after_due.push(late.clone()),
        }
    }
}

/// The date in England at `at`, for events recorded before they carried it. The zone is
/// compiled in, so failing to load it means a broken build; UTC's date is then the nearest.
pub(super) fn date_in_england(at: Timestamp) -> Date {
    crate::calendar::london::local_date(at).unwrap_or_else(|_| at.to_zoned(jiff::tz::TimeZone::UTC).date())
}
