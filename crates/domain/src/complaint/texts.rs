//! The text limits of [`crate::text`] applied to every text a complaint command carries, so
//! that [`super::log`] and [`super::decide`] refuse an oversized or malformed text before
//! anything else, whichever front end sent it.

use super::command::{
    Acknowledge, AddPoints, Command, CompleteRemedy, DefinitionInput, Extend, Item, LogComplaint, NotAccept,
    PassHandling, Reassign, RecordCorrespondence, RecordDetermination, RecordOrderCompliance, ReferToOmbudsman,
    RefuseEscalation, RequestEscalation, Respond, UpdateAction,
};
use super::model::{ActionPlan, ExclusionGround, Outstanding, RemedyOffer, RemedyOutcome};
use crate::refusal::Refusal;
use crate::text::{LONG, SHORT, TextError, check, check_all, check_count, check_optional};

impl LogComplaint {
    /// Checks the texts of a new complaint against their limits.
    ///
    /// # Errors
    ///
    /// [`Refusal::Text`] naming the first field that is too long or holds a control
    /// character.
    pub fn check_texts(&self) -> Result<(), Refusal> {
        check("the description", &self.description, LONG)?;
        check_count("the categories", self.categories.len())?;
        check_optional("the risk notes", self.risk_notes.as_deref(), LONG)?;
        check_count("the linked complaints", self.linked_complaints.len())?;
        check_count("the service requests", self.service_requests.len())?;
        Ok(())
    }
}

impl Command {
    /// Checks every text the command carries against its limits.
    ///
    /// # Errors
    ///
    /// [`Refusal::Text`] naming the first field that is too long or holds a control
    /// character.
    pub fn check_texts(&self) -> Result<(), Refusal> {
        match self {
            Command::NotAccept(NotAccept { ground, reasons, discretion, .. }) => {
                ground_texts(ground)?;
                check("the reasons", reasons, LONG)?;
                check_optional("the reason for not using discretion", discretion.as_deref(), LONG)?;
            }
            Command::Acknowledge(Acknowledge {
                definition,
                responsibility,
                conflict,
                late_issue_discretion,
                handler,
                ..
            }) => {
                check("the handler", handler.as_str(), SHORT)?;
                definition_texts(definition)?;
                check_all("what the landlord is responsible for", &responsibility.responsible_for, LONG)?;
                check_all("what the landlord is not responsible for", &responsibility.not_responsible_for, LONG)?;
                check_optional("the measures for the conflict of interest", conflict.measures.as_deref(), LONG)?;
                check_optional("the reason for accepting a late complaint", late_issue_discretion.as_deref(), LONG)?;
            }
            Command::Reassign(Reassign { handler, reason, conflict, .. }) => {
                check("the handler", handler.as_str(), SHORT)?;
                check("the reason for the reassignment", reason, LONG)?;
                check_optional("the measures for the conflict of interest", conflict.measures.as_deref(), LONG)?;
            }
            Command::PassHandling(PassHandling { organisation, reason }) => {
                check("the organisation", organisation.as_str(), SHORT)?;
                check("the reason for passing the complaint", reason, LONG)?;
            }
            Command::AddPoints(AddPoints { points }) => check_all("a point", points, LONG)?,
            Command::AgreeUpdateInterval(_) => {}
            Command::Extend(Extend { reason, good_reason, .. }) => {
                check("the reason", reason, LONG)?;
                check_optional("the good reason", good_reason.as_deref(), LONG)?;
            }
            Command::Respond(Respond { decisions, remedy, outstanding, escalation, .. }) => {
                check_count("the decisions", decisions.len())?;
                for decision in decisions {
                    check("the point decided", &decision.point, SHORT)?;
                    check("the reasons for a decision", &decision.reasons, LONG)?;
                }
                match remedy {
                    Some(RemedyOutcome::Offered { remedies }) => {
                        check_count("the remedies", remedies.len())?;
                        remedies.iter().try_for_each(remedy_texts)?;
                    }
                    Some(RemedyOutcome::NoRemedy { reason }) => check("the reason for no remedy", reason, LONG)?,
                    None => {}
                }
                if let Some(Outstanding::Actions { actions }) = outstanding {
                    check_count("the actions", actions.len())?;
                    actions.iter().try_for_each(action_texts)?;
                }
                if let Some(route) = escalation {
                    check("who to contact to escalate", &route.contact, LONG)?;
                    check("how to escalate", &route.how, LONG)?;
                    check("when to escalate by", &route.within, LONG)?;
                }
            }
            Command::RequestEscalation(RequestEscalation { reason, .. }) => {
                check_optional("the reason", reason.as_deref(), LONG)?
            }
            Command::RefuseEscalation(RefuseEscalation { ground, reasons, .. }) => {
                ground_texts(ground)?;
                check("the reasons", reasons, LONG)?;
            }
            Command::OfferRemedy(offer) => remedy_texts(offer)?,
            Command::CompleteRemedy(Item { id, body: CompleteRemedy { note } }) => {
                check("the remedy", id, SHORT)?;
                check("the note", note, LONG)?;
            }
            Command::AddAction(plan) => action_texts(plan)?,
            Command::UpdateAction(Item { id, body: UpdateAction { note, .. } }) => {
                check("the action", id, SHORT)?;
                check("the note", note, LONG)?;
            }
            Command::CompleteAction(Item { id, .. }) => check("the action", id, SHORT)?,
            Command::RecordCorrespondence(RecordCorrespondence { correspondence, summary, .. }) => {
                check("the correspondence", correspondence, SHORT)?;
                check("the summary", summary, LONG)?;
            }
            Command::ReferToOmbudsman(ReferToOmbudsman { case_reference }) => {
                check_optional("the Ombudsman's case reference", case_reference.as_deref(), SHORT)?;
            }
            Command::RecordDetermination(RecordDetermination { findings, orders }) => {
                check_count("the findings", findings.len())?;
                findings.iter().try_for_each(|f| check("the aspect of a finding", &f.aspect, LONG))?;
                check_count("the orders", orders.len())?;
                orders.iter().try_for_each(|o| check("an order", &o.description, LONG))?;
            }
            Command::RecordOrderCompliance(Item { id, body: RecordOrderCompliance { evidence } }) => {
                check("the order", id, SHORT)?;
                check("the evidence", evidence, LONG)?;
            }
            Command::Close(learning) => {
                check("the root cause", &learning.root_cause, LONG)?;
                check_all("an improvement action", &learning.improvement_actions, LONG)?;
            }
        }
        Ok(())
    }
}

fn ground_texts(ground: &ExclusionGround) -> Result<(), TextError> {
    match ground {
        ExclusionGround::PolicyGround { ground } => check("the ground", ground, SHORT),
        _ => Ok(()),
    }
}

fn definition_texts(definition: &DefinitionInput) -> Result<(), TextError> {
    check_all("a point", &definition.points, LONG)?;
    check_all("an outcome sought", &definition.outcomes_sought, LONG)
}

fn remedy_texts(offer: &RemedyOffer) -> Result<(), TextError> {
    check("the remedy", &offer.description, LONG)
}

fn action_texts(plan: &ActionPlan) -> Result<(), TextError> {
    check("the action", &plan.description, LONG)?;
    check("the action's owner", plan.owner.as_str(), SHORT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::model::Learning;
    use crate::text::LONG_TEXT_CHARS;

    fn close(root_cause: &str, actions: Vec<String>) -> Command {
        Command::Close(Learning {
            root_cause: root_cause.into(),
            improvement_needed: true,
            improvement_actions: actions,
        })
    }

    #[test]
    fn a_command_with_texts_within_their_limits_passes() {
        assert_eq!(close("Repairs were not chased\nfor weeks", vec!["Chase weekly".into()]).check_texts(), Ok(()));
        assert_eq!(Command::AddPoints(AddPoints { points: vec!["Damp in the bedroom".into()] }).check_texts(), Ok(()));
    }

    #[test]
    fn a_command_with_an_oversized_or_control_text_is_refused_naming_the_field() {
        let refusal = close(&"a".repeat(LONG_TEXT_CHARS + 1), Vec::new()).check_texts().unwrap_err();
        assert!(matches!(refusal, Refusal::Text(_)), "{refusal:?}");
        assert_eq!(refusal.to_string(), "The root cause must be 20,000 characters or fewer");
        let refusal = close("Cause", vec!["ok".into(), "N\0UL".into()]).check_texts().unwrap_err();
        assert_eq!(refusal.to_string(), "An improvement action must not contain control characters");
        let refusal = Command::ReferToOmbudsman(ReferToOmbudsman { case_reference: Some("2025\n01".into()) })
            .check_texts()
            .unwrap_err();
        assert!(refusal.to_string().contains("The Ombudsman's case reference must not contain line breaks"));
        let points = vec!["p".to_owned(); crate::text::MOST_ITEMS + 1];
        assert!(Command::AddPoints(AddPoints { points }).check_texts().is_err());
    }
}
