//! What changed since last year's assessment: the organisation's previous published
//! assessment compared with this one, provision by provision.

use serde::{Deserialize, Serialize};

use super::Answer;
use super::model::Entry;
use crate::code::ProvisionNumber;

/// How one provision differs from last year's assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The provision.
    pub provision: ProvisionNumber,
    /// Last year's answer (`None`: unanswered, or the provision was not in it).
    pub before: Option<Answer>,
    /// This year's answer.
    pub after: Option<Answer>,
    /// Whether the provision is new since last year's assessment.
    pub added: bool,
    /// Whether the landlord's evidence, links or documents changed.
    pub evidence_changed: bool,
    /// Whether the commentary or explanation changed.
    pub commentary_changed: bool,
}

impl Change {
    /// Whether the answer changed.
    pub fn answer_changed(&self) -> bool {
        self.before != self.after
    }
}

/// The provisions of `now` that differ from `before` (last year's), in `now`'s order; a
/// provision the same in both is left out.
pub fn changes(before: &[Entry], now: &[Entry]) -> Vec<Change> {
    now.iter()
        .filter_map(|entry| {
            let previous = before.iter().find(|b| b.provision == entry.provision);
            let (was, is) = (previous.map(|p| &p.statement), &entry.statement);
            let change = Change {
                provision: entry.provision,
                before: was.and_then(|w| w.answer),
                after: is.answer,
                added: previous.is_none(),
                evidence_changed: was
                    .is_some_and(|w| w.evidence != is.evidence || w.links != is.links || w.documents != is.documents),
                commentary_changed: was
                    .is_some_and(|w| w.commentary != is.commentary || w.explanation != is.explanation),
            };
            (change.added || change.answer_changed() || change.evidence_changed || change.commentary_changed)
                .then_some(change)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::model::Statement;

    fn entry(number: &str, answer: Option<Answer>, evidence: &str) -> Entry {
        Entry {
            provision: number.parse().unwrap(),
            from_record: None,
            statement: Statement { answer, evidence: evidence.into(), ..Statement::default() },
        }
    }

    #[test]
    fn only_the_provisions_that_differ_are_listed_with_what_changed() {
        let last_year = [entry("1.1", Some(Answer::Yes), "Policy"), entry("2.3", Some(Answer::No), "6 months")];
        let this_year = [
            entry("1.1", Some(Answer::Yes), "Policy"),
            entry("2.3", Some(Answer::Yes), "12 months since April"),
            entry("9.8", None, ""),
        ];
        let found = changes(&last_year, &this_year);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].before, found[0].after), (Some(Answer::No), Some(Answer::Yes)));
        assert!(found[0].answer_changed() && found[0].evidence_changed && !found[0].commentary_changed);
        assert!(found[1].added && found[1].provision.to_string() == "9.8");
    }

    #[test]
    fn nothing_changed_lists_nothing() {
        let same = [entry("1.1", Some(Answer::Yes), "Policy")];
        assert!(changes(&same, &same).is_empty());
    }
}
