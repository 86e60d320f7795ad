//! The triage questions every form that logs a complaint asks (Code 6.1): how complex it is,
//! and which risks apply, or none, with notes on them. Nothing is assumed: a complaint is
//! logged only once both are answered.

use std::collections::BTreeSet;

use redress_domain::complaint::{Complexity, Risk};

use super::fields::{Builder, Widget, pairs, variant};

/// The complexities, as the radios offer them.
const COMPLEXITIES: [(&str, &str); 2] = [
    ("straightforward", "Straightforward: it can be answered promptly"),
    ("complex", "Complex: it needs a fuller investigation"),
];

/// The risks, as the checkboxes offer them; "none" answers the question too.
const RISKS: [(&str, &str); 5] = [
    ("vulnerability", "The resident or someone in the household is vulnerable"),
    ("health_and_safety", "A risk to health or safety"),
    ("damp_and_mould", "Damp and mould"),
    ("disrepair", "Disrepair"),
    ("other", "Another risk"),
];

/// The value of the exclusive "none of these" checkbox.
const NONE: &str = "none";

/// A complaint's triage as the form answered it.
pub(crate) struct Triage {
    pub(crate) complexity: Complexity,
    pub(crate) risks: BTreeSet<Risk>,
    pub(crate) notes: Option<String>,
}

/// Adds the triage questions to `b`; the answers, once both questions are answered.
pub(crate) fn triage_fields(b: &mut Builder<'_>) -> Option<Triage> {
    let values = b.values;
    b.add(
        "triage",
        "Triage",
        "How complex the complaint is and whether the resident is at risk (Code 6.1)",
        Widget::Heading,
    );
    let complexity = b.choose(
        "complexity",
        "How complex is the complaint?",
        "",
        Widget::Radios(pairs(&COMPLEXITIES)),
        "Select how complex the complaint is",
    );
    let mut options = pairs(&RISKS);
    options.push((NONE.to_owned(), "None of these".to_owned()));
    b.add("risks", "Which risks apply?", "Select all that apply", Widget::Checkboxes(options));
    let ticked = values.all("risks");
    let risks: Option<BTreeSet<Risk>> = ticked.iter().filter(|v| **v != NONE).map(|v| variant::<Risk>(v)).collect();
    let none = ticked.contains(&NONE);
    b.add(
        "risk_notes",
        "About the risks",
        "For example, the resident's vulnerability or the hazard. Needed for another risk",
        Widget::Textarea,
    );
    let risks = match risks {
        Some(risks) if risks.is_empty() && !none => {
            b.fail("risks", "risks", "Select the risks that apply, or none of these");
            None
        }
        Some(risks) if !risks.is_empty() && none => {
            b.fail("risks", "risks", "Select either risks or none of these, not both");
            None
        }
        Some(risks) => Some(risks),
        None => {
            b.fail("risks", "risks", "Select risks from the list");
            None
        }
    };
    Some(Triage {
        complexity: variant::<Complexity>(&complexity?)?,
        risks: risks?,
        notes: values.optional("risk_notes"),
    })
}
