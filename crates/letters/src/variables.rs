//! The names a template may use, each with what it holds, for the template editor's help: the
//! [`LetterContext`](crate::LetterContext)'s fields as a template sees them. A test checks every
//! name listed is one the context has.

/// A name a template may use (`resident.name`) and what it holds. A name ending `[]` is a
/// list, used with `{% for item in … %}`; the names after it are each item's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    /// The name, as a template writes it.
    pub name: &'static str,
    /// What it holds.
    pub holds: &'static str,
}

const fn v(name: &'static str, holds: &'static str) -> Variable {
    Variable { name, holds }
}

/// Every name a template may use. Parts that do not apply to a letter (a response in an
/// acknowledgement, say) are `none`, so `{% if response %}` tests for them.
pub const VARIABLES: &[Variable] = &[
    v("resident.name", "The resident's name as they wish to be addressed"),
    v("resident.address[]", "Their postal address, one line each"),
    v("representative", "Their representative (with name and address), or none"),
    v("adjustments[]", "The reasonable adjustments agreed with them (Code 5.10)"),
    v("large_print", "Whether the letter is in large print"),
    v("reference", "The complaint's reference"),
    v("today", "The letter's date, in words"),
    v("received_on", "The date the complaint was received, in words"),
    v("stage", "\"stage 1\" or \"stage 2\""),
    v("final_stage", "Whether it is stage 2, the final stage (Code 6.20)"),
    v("organisation.name", "Your organisation's name"),
    v("organisation.telephone", "Your telephone number for complaints"),
    v("organisation.email", "Your email address for complaints"),
    v("ombudsman.name", "The Housing Ombudsman's name"),
    v("ombudsman.telephone", "The Ombudsman's telephone number"),
    v("ombudsman.email", "The Ombudsman's email address"),
    v("ombudsman.web_address", "The Ombudsman's web address"),
    v("ombudsman.postal_address", "The Ombudsman's postal address"),
    v("response_due", "When the response is due, in words, while one is awaited"),
    v("definition.points[]", "Each point of the complaint: id (P1) and text (Code 5.6)"),
    v("definition.outcomes_sought[]", "The outcomes the resident is seeking"),
    v("definition.responsible_for[]", "What you are responsible for (Code 5.7)"),
    v("definition.not_responsible_for[]", "What you are not responsible for, and who is"),
    v("extension.new_due", "The extended due date, in words (Code 6.4, 6.15)"),
    v("extension.working_days", "How many working days the extension adds"),
    v("extension.reasons", "The reasons for the extension"),
    v("extension.update_interval", "The agreed update interval in working days, or none (Code 5.9)"),
    v("response.decision", "The decision on the complaint as a whole (\"partly upheld\")"),
    v("response.points[]", "Each point: id, text, decision and reasons (Code 6.9 c, 6.19 c)"),
    v("response.remedies[]", "Each remedy: id, kind, description, amount, due and completed_on"),
    v("response.no_remedy_reason", "Why no remedy is offered, when none is"),
    v("response.actions[]", "Each outstanding action: id, description, due, completed_on, latest_update"),
    v("response.stage_two", "How to ask for stage 2: contact, how and within (Code 6.9 g), or none"),
    v("response.escalation_text", "How to escalate as free text, in older records, or none"),
    v("exclusion.ground", "The ground for not accepting or not escalating (Code 2.4, 5.11)"),
    v("exclusion.policy_ground", "The complaints policy's words for a policy ground, or none"),
    v("exclusion.reasons", "The reasons for the decision"),
    v("exclusion.requested_on", "When the resident asked for stage 2, in words (a refusal to escalate)"),
    v("progress.remedies[]", "Every remedy, done or not (Code 6.6, 6.17)"),
    v("progress.actions[]", "Every outstanding action, done or not"),
    v("keeping_informed.response_late", "Whether the response is already late (Code 5.9)"),
    v("keeping_informed.update_interval", "The agreed update interval in working days, or none"),
    v("keeping_informed.next_update", "The date of the next update, in words, or none"),
    v("keeping_informed.message", "What the handler wants to tell the resident, or none"),
];

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use redress_domain::ombudsman::OmbudsmanContact;

    use super::*;
    use crate::{LetterContext, LetterKind, Organisation};

    #[test]
    fn every_name_listed_is_one_a_template_can_use() {
        let organisation = Organisation {
            name: "Riverside Homes".into(),
            address: vec![],
            telephone: String::new(),
            email: String::new(),
            logo: None,
        };
        let today = date(2026, 12, 7);
        for variable in VARIABLES {
            let path = variable.name.trim_end_matches("[]");
            // Every part is in every context (as none when it does not apply), so a name is
            // found when the key is there in the context of some kind.
            let found = LetterKind::ALL.into_iter().any(|kind| {
                let context =
                    LetterContext::placeholder(kind, organisation.clone(), OmbudsmanContact::default(), today);
                let Ok(mut value) = serde_json::to_value(&context) else { return false };
                for part in path.split('.') {
                    let Some(next) = value.get(part) else { return false };
                    value = next.clone();
                }
                true
            });
            assert!(found, "{} is not in any letter's context", variable.name);
        }
    }
}
