//! The options forms offer for the domain's enums: each value as `(value, text)`, the value
//! its serde name (which [`variant`](super::variant) reads back into the enum) and the text its
//! one label from the domain, so that a form offers a decision in the same words the case page,
//! the CSV and letters show it.

use redress_domain::complaint::{Channel, Decision, ExclusionGround, OmbudsmanOutcome, OrderKind, RemedyKind};
use serde::Serialize;

/// `(value, text)` options for `values`, each labelled by `label`.
pub(crate) fn labelled<T: Serialize>(values: &[T], label: impl Fn(&T) -> &'static str) -> Vec<(String, String)> {
    values.iter().map(|value| (serde_name(value), label(value).to_owned())).collect()
}

/// A value's serde name: a unit variant's own (`"partly_upheld"`), or the tag of an internally
/// tagged one (`"policy_ground"`).
fn serde_name<T: Serialize>(value: &T) -> String {
    let name = match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => Some(name),
        Ok(serde_json::Value::Object(map)) => map.get("type").and_then(|t| t.as_str()).map(str::to_owned),
        _ => None,
    };
    name.unwrap_or_default()
}

/// How a complaint or correspondence arrived or was sent.
pub(crate) fn channels() -> Vec<(String, String)> {
    labelled(&Channel::ALL, |c| c.label())
}

/// Decisions on a complaint or a point.
pub(crate) fn decisions() -> Vec<(String, String)> {
    labelled(&Decision::ALL, |d| d.label())
}

/// The kinds of remedy (Code 7.1).
pub(crate) fn remedy_kinds() -> Vec<(String, String)> {
    labelled(&RemedyKind::ALL, |k| k.label())
}

/// Grounds for not accepting or not escalating a complaint (Code 2.2, 5.11), by kind: the form
/// asks for a policy ground's words and the earlier complaint apart.
pub(crate) fn grounds() -> Vec<(String, String)> {
    let kinds = [
        ExclusionGround::IssueOverTwelveMonthsOld,
        ExclusionGround::LegalProceedingsStarted,
        ExclusionGround::PreviouslyConsidered { earlier_complaint: None },
        ExclusionGround::PolicyGround { ground: String::new() },
    ];
    labelled(&kinds, ExclusionGround::label)
}

/// What the Ombudsman can find.
pub(crate) fn ombudsman_outcomes() -> Vec<(String, String)> {
    labelled(&OmbudsmanOutcome::ALL, |o| o.label())
}

/// An order or a recommendation.
pub(crate) fn order_kinds() -> Vec<(String, String)> {
    labelled(&OrderKind::ALL, |k| k.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::forms::variant;

    #[test]
    fn every_option_reads_back_as_the_value_its_label_names() {
        for (value, text) in decisions() {
            assert_eq!(variant::<Decision>(&value).map(Decision::label), Some(text.as_str()), "{value}");
        }
        for (value, text) in ombudsman_outcomes() {
            assert_eq!(variant::<OmbudsmanOutcome>(&value).map(OmbudsmanOutcome::label), Some(text.as_str()));
        }
        for (value, text) in channels() {
            assert_eq!(Channel::named(&value).map(Channel::label), Some(text.as_str()));
        }
        let grounds: Vec<String> = grounds().into_iter().map(|(value, _)| value).collect();
        assert_eq!(
            grounds,
            ["issue_over_twelve_months_old", "legal_proceedings_started", "previously_considered", "policy_ground"]
        );
        assert_eq!(decisions()[1], ("partly_upheld".to_owned(), "Partly upheld".to_owned()));
    }
}
