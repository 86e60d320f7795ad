//! A made-up case for the template editor's preview: every part a letter of the kind is
//! written from, filled in as [`LetterContext::build`](crate::LetterContext::build) would
//! fill it for a real case at that step, so that a template is previewed (and its required
//! elements checked) before any case needs it. The sender's details are the organisation's
//! own, so the preview shows its letterhead.

use jiff::ToSpan;
use jiff::civil::Date;

use redress_domain::complaint::{Decision, ExclusionGround, RemedyKind};
use redress_domain::ombudsman::OmbudsmanContact;

use crate::context::{
    ActionPart, DefinitionPart, ExclusionPart, ExtensionPart, KeepingInformedPart, LetterContext, Organisation, Person,
    PointDecisionPart, PointPart, ProgressPart, RemedyPart, ResponsePart, StageTwoPart,
};
use crate::kind::LetterKind;
use crate::words;

impl LetterContext {
    /// A letter of `kind` about a made-up case, from `organisation` (with its logo), giving
    /// `ombudsman`'s details, written `today`.
    pub fn placeholder(
        kind: LetterKind,
        organisation: Organisation,
        ombudsman: OmbudsmanContact,
        today: Date,
    ) -> LetterContext {
        let day = |days: i64| words::date(today.saturating_add(days.days()));
        let stage_two = matches!(kind, LetterKind::Stage2Acknowledgement | LetterKind::Stage2Response);
        let mut context = LetterContext {
            organisation,
            resident: Person {
                name: "Alex Example".into(),
                address: vec!["Flat 1, 2 Sample Road".into(), "Exampletown".into(), "EX1 2AB".into()],
            },
            representative: None,
            adjustments: vec!["Letters in large print".into()],
            large_print: false,
            reference: "CMP-2026-00001".into(),
            today: words::date(today),
            received_on: day(-7),
            stage: if stage_two || kind == LetterKind::EscalationRefused { "stage 2" } else { "stage 1" }.into(),
            final_stage: stage_two,
            ombudsman,
            definition: None,
            response_due: None,
            extension: None,
            response: None,
            exclusion: None,
            progress: None,
            keeping_informed: None,
        };
        match kind {
            LetterKind::Stage1Acknowledgement | LetterKind::Stage2Acknowledgement => {
                context.definition = Some(definition());
                context.response_due = Some(day(14));
            }
            LetterKind::ExtensionNotice => {
                context.extension = Some(ExtensionPart {
                    new_due: day(21),
                    working_days: 10,
                    reasons: "We need a report from the heating engineer".into(),
                    update_interval: Some(5),
                });
                context.response_due = Some(day(21));
            }
            LetterKind::Stage1Response | LetterKind::Stage2Response => {
                context.definition = Some(definition());
                context.response = Some(response(stage_two, &day));
            }
            LetterKind::NotAccepted => {
                context.exclusion = Some(ExclusionPart {
                    ground: ExclusionGround::IssueOverTwelveMonthsOld.label().to_owned(),
                    policy_ground: None,
                    reasons: "The repair you tell us about was finished in 2024".into(),
                    requested_on: None,
                });
            }
            LetterKind::EscalationRefused => {
                context.exclusion = Some(ExclusionPart {
                    ground: ExclusionGround::LegalProceedingsStarted.label().to_owned(),
                    policy_ground: None,
                    reasons: "You have started a claim at court about the same repair".into(),
                    requested_on: Some(day(-3)),
                });
            }
            LetterKind::RemedyUpdate => {
                let (remedies, actions) = (remedies(&day), actions(&day));
                context.progress = Some(ProgressPart { remedies, actions });
            }
            LetterKind::KeepingInformed => {
                context.response_due = Some(day(14));
                context.keeping_informed = Some(KeepingInformedPart {
                    response_late: false,
                    update_interval: Some(5),
                    next_update: Some(day(7)),
                    message: Some("The engineer visits on Monday".into()),
                });
            }
        }
        context
    }
}

fn definition() -> DefinitionPart {
    DefinitionPart {
        points: vec![
            PointPart { id: "P1".into(), text: "The boiler was not repaired for three weeks".into() },
            PointPart { id: "P2".into(), text: "Nobody called you back when you asked".into() },
        ],
        outcomes_sought: vec!["A working boiler".into(), "Payment for the cold weeks".into()],
        responsible_for: vec!["Repairs to the boiler".into()],
        not_responsible_for: vec!["The gas supply, which is for your gas supplier".into()],
    }
}

fn response(stage_two: bool, day: &impl Fn(i64) -> String) -> ResponsePart {
    let decision = |d: Decision| d.label().to_lowercase();
    ResponsePart {
        decision: decision(Decision::PartlyUpheld),
        points: vec![
            PointDecisionPart {
                id: "P1".into(),
                text: "The boiler was not repaired for three weeks".into(),
                decision: decision(Decision::Upheld),
                reasons: "Our contractor missed two visits".into(),
            },
            PointDecisionPart {
                id: "P2".into(),
                text: "Nobody called you back when you asked".into(),
                decision: decision(Decision::NotUpheld),
                reasons: "Our records show we called you twice".into(),
            },
        ],
        remedies: remedies(day),
        no_remedy_reason: None,
        actions: actions(day),
        // At stage 2 the way on is the Ombudsman, whose details the letter gives.
        stage_two: (!stage_two).then(|| StageTwoPart {
            contact: "The complaints team".into(),
            how: "By email or telephone".into(),
            within: "20 working days of this letter".into(),
        }),
        escalation_text: None,
    }
}

fn remedies(day: &impl Fn(i64) -> String) -> Vec<RemedyPart> {
    vec![RemedyPart {
        id: "R1".into(),
        kind: RemedyKind::Financial.label().to_owned(),
        description: "We will pay you for the weeks without heating".into(),
        amount: Some(words::pounds(15_000)),
        due: day(10),
        completed_on: None,
    }]
}

fn actions(day: &impl Fn(i64) -> String) -> Vec<ActionPart> {
    vec![ActionPart {
        id: "A1".into(),
        description: "Fit a new pump to the boiler".into(),
        due: day(5),
        completed_on: None,
        latest_update: None,
    }]
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::{preview, render};

    fn sender() -> Organisation {
        Organisation {
            name: "Riverside Homes".into(),
            address: vec!["1 High Street".into()],
            telephone: "0113 000 0000".into(),
            email: "complaints@riverside.example".into(),
            logo: None,
        }
    }

    #[test]
    fn every_default_letter_is_complete_for_the_placeholder_case() {
        for kind in LetterKind::ALL {
            let context = LetterContext::placeholder(
                kind,
                sender(),
                OmbudsmanContact::housing_ombudsman_service(),
                date(2026, 12, 7),
            );
            let letter = render(kind, None, &context);
            assert!(letter.is_ok(), "{kind:?}: {letter:?}");
            // Something is required of every kind, so a template that says nothing is refused.
            let empty = preview(kind, Some("Dear {{ resident.name }},"), &context).map(|d| d.missing.len());
            assert!(empty.as_ref().is_ok_and(|n| *n > 0), "{kind:?}: {empty:?}");
        }
    }
}
