//! A full context for the unit tests: three points, remedies and actions.

use redress_domain::ombudsman::OmbudsmanContact;

use crate::context::{
    ActionPart, DefinitionPart, LetterContext, Organisation, Person, PointDecisionPart, PointPart, RemedyPart,
    ResponsePart, StageTwoPart,
};

/// A stage 1 response's context, every part filled in.
pub fn context() -> LetterContext {
    LetterContext {
        organisation: Organisation {
            name: "Riverside Homes".into(),
            address: vec!["1 High Street".into(), "Leeds".into(), "LS1 1AA".into()],
            telephone: "0113 000 0000".into(),
            email: "complaints@riverside.example".into(),
            logo: None,
        },
        resident: Person { name: "Ms Ada Lovelace".into(), address: vec!["2 Mill Lane".into(), "Leeds".into()] },
        representative: None,
        adjustments: vec![],
        large_print: false,
        reference: "C-2026-00042".into(),
        today: "Monday 7 December 2026".into(),
        received_on: "Monday 16 November 2026".into(),
        stage: "stage 1".into(),
        final_stage: false,
        ombudsman: OmbudsmanContact::housing_ombudsman_service(),
        definition: Some(DefinitionPart {
            points: vec![
                PointPart { id: "P1".into(), text: "The boiler was not repaired".into() },
                PointPart { id: "P2".into(), text: "Nobody called back".into() },
                PointPart { id: "P3".into(), text: "The rent statement was wrong".into() },
            ],
            outcomes_sought: vec!["A working boiler".into()],
            responsible_for: vec!["Repairs to the boiler".into()],
            not_responsible_for: vec!["The gas supply, which is the supplier's".into()],
        }),
        response_due: None,
        extension: None,
        response: Some(ResponsePart {
            decision: "partly upheld".into(),
            points: vec![
                PointDecisionPart {
                    id: "P1".into(),
                    text: "The boiler was not repaired".into(),
                    decision: "upheld".into(),
                    reasons: "Our contractor missed two appointments.".into(),
                },
                PointDecisionPart {
                    id: "P2".into(),
                    text: "Nobody called back".into(),
                    decision: "partly upheld".into(),
                    reasons: "We called once but not again.".into(),
                },
                PointDecisionPart {
                    id: "P3".into(),
                    text: "The rent statement was wrong".into(),
                    decision: "not upheld".into(),
                    reasons: "The statement matches the rent account.".into(),
                },
            ],
            remedies: vec![RemedyPart {
                id: "R1".into(),
                kind: "Financial".into(),
                description: "Pay you for the time without heating".into(),
                amount: Some("£150.00".into()),
                due: "Friday 18 December 2026".into(),
                completed_on: None,
            }],
            no_remedy_reason: None,
            actions: vec![ActionPart {
                id: "A1".into(),
                description: "Replace the boiler's pump".into(),
                due: "Friday 11 December 2026".into(),
                completed_on: None,
                latest_update: None,
            }],
            stage_two: Some(StageTwoPart {
                contact: "The complaints team".into(),
                how: "complaints@riverside.example".into(),
                within: "within 20 working days of this letter".into(),
            }),
            escalation_text: None,
        }),
        exclusion: None,
        progress: None,
        keeping_informed: None,
    }
}
