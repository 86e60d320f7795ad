//! What makes a new self-assessment due outside the annual one, and declared non-compliance:
//! a significant restructure, merger or change in procedures (Code 8.3), the Ombudsman's
//! request after an investigation (Code 8.4), and a period of non-compliance because of
//! exceptional circumstances, with what residents were told and the timescale to return to
//! compliance (Code 8.5).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::refusal::Refusal;
use crate::text::{self, LONG};

/// Something that happened which asks for a new self-assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerKind {
    /// A significant restructure (Code 8.3).
    Restructure,
    /// A merger (Code 8.3).
    Merger,
    /// A change in complaint handling procedures (Code 8.3).
    ProcedureChange,
    /// The Ombudsman asked for the self-assessment to be reviewed and updated after an
    /// investigation (Code 8.4).
    OmbudsmanRequest,
}

impl TriggerKind {
    /// Every kind, in the order the forms offer them.
    pub const ALL: [TriggerKind; 4] =
        [TriggerKind::Restructure, TriggerKind::Merger, TriggerKind::ProcedureChange, TriggerKind::OmbudsmanRequest];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerKind::Restructure => "restructure",
            TriggerKind::Merger => "merger",
            TriggerKind::ProcedureChange => "procedure_change",
            TriggerKind::OmbudsmanRequest => "ombudsman_request",
        }
    }

    /// The kind stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<TriggerKind> {
        TriggerKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// For pages.
    pub fn label(self) -> &'static str {
        match self {
            TriggerKind::Restructure => "A significant restructure",
            TriggerKind::Merger => "A merger",
            TriggerKind::ProcedureChange => "A change in complaint handling procedures",
            TriggerKind::OmbudsmanRequest => "The Ombudsman asked after an investigation",
        }
    }

    /// The provision that asks for a new self-assessment after it: 8.3 or 8.4.
    pub fn provision(self) -> &'static str {
        match self {
            TriggerKind::OmbudsmanRequest => "8.4",
            _ => "8.3",
        }
    }
}

/// One recorded trigger: what happened, on which day, in the landlord's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    /// What happened.
    pub kind: TriggerKind,
    /// The day it happened (for 8.4, the day the Ombudsman asked).
    pub on: Date,
    /// What it was ("Merged with Northfield Homes"; "Case 202312345: review 5.8 and 6.13").
    pub details: String,
}

impl Trigger {
    /// Checks a trigger before it is recorded.
    ///
    /// # Errors
    ///
    /// [`Refusal::Invalid`] for a day in the future or no details; [`Refusal::Text`] for text
    /// too long.
    pub fn check(&self, today: Date) -> Result<(), Refusal> {
        text::check("the details", &self.details, LONG)?;
        if self.details.trim().is_empty() {
            return Err(Refusal::Invalid("say what happened".into()));
        }
        if self.on > today {
            return Err(Refusal::Invalid("the day it happened cannot be in the future".into()));
        }
        Ok(())
    }
}

/// The triggers a self-assessment has not yet answered: those on or after the day the
/// organisation's latest assessment was started (all of them when it has none), oldest first.
/// While any remain, the pages say "a new self-assessment is due".
pub fn outstanding(triggers: &[Trigger], latest_started_on: Option<Date>) -> Vec<&Trigger> {
    let mut due: Vec<&Trigger> =
        triggers.iter().filter(|t| latest_started_on.is_none_or(|started| t.on >= started)).collect();
    due.sort_by_key(|t| t.on);
    due
}

/// A declared period of non-compliance with the Code because of exceptional circumstances,
/// such as a cyber incident (Code 8.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonCompliance {
    /// The first day it could not comply.
    pub from: Date,
    /// The circumstances.
    pub circumstances: String,
    /// The day the Ombudsman was told.
    pub ombudsman_told_on: Date,
    /// What residents who may be affected were told, as published on its website.
    pub residents_told: String,
    /// The date by which it expects to comply again: the timescale the Code asks for.
    pub return_by: Date,
}

impl NonCompliance {
    /// Checks a declaration as Code 8.5 asks for it.
    ///
    /// # Errors
    ///
    /// [`Refusal::Code`] citing 8.5 without the circumstances or what residents were told, or
    /// with a return date before it started or a day the Ombudsman was told before it;
    /// [`Refusal::Invalid`] for a start in the future; [`Refusal::Text`] for text too long.
    pub fn check(&self, today: Date) -> Result<(), Refusal> {
        text::check("the circumstances", &self.circumstances, LONG)?;
        text::check("what residents were told", &self.residents_told, LONG)?;
        if self.circumstances.trim().is_empty() {
            return Err(Refusal::code("8.5", "say what the exceptional circumstances are"));
        }
        if self.residents_told.trim().is_empty() {
            return Err(Refusal::code(
                "8.5",
                "residents who may be affected must be given information, published on the website: record what they were told",
            ));
        }
        if self.return_by < self.from {
            return Err(Refusal::code(
                "8.5",
                "the timescale for returning to compliance must end after the period starts",
            ));
        }
        if self.ombudsman_told_on < self.from {
            return Err(Refusal::code("8.5", "the Ombudsman is told of the circumstances once they arise, not before"));
        }
        if self.from > today || self.ombudsman_told_on > today {
            return Err(Refusal::Invalid(
                "the days it started and the Ombudsman was told cannot be in the future".into(),
            ));
        }
        Ok(())
    }

    /// Whether it is still declared on `today`: not yet past its return date.
    pub fn is_current(&self, today: Date) -> bool {
        self.from <= today && today <= self.return_by
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date::constant(2026, 6, 30);

    fn trigger(kind: TriggerKind, on: Date) -> Trigger {
        Trigger { kind, on, details: "Merged with Northfield Homes".into() }
    }

    fn declared() -> NonCompliance {
        NonCompliance {
            from: Date::constant(2026, 5, 1),
            circumstances: "Cyber incident: the housing system was offline.".into(),
            ombudsman_told_on: Date::constant(2026, 5, 2),
            residents_told: "Responses may take up to 20 working days longer until 31 July.".into(),
            return_by: Date::constant(2026, 7, 31),
        }
    }

    #[test]
    fn code_8_3_a_merger_after_the_latest_assessment_makes_a_new_one_due() {
        let merger = trigger(TriggerKind::Merger, Date::constant(2026, 5, 1));
        let before = trigger(TriggerKind::Restructure, Date::constant(2025, 1, 1));
        let triggers = [merger.clone(), before.clone()];
        assert_eq!(outstanding(&triggers, Some(Date::constant(2025, 6, 1))), vec![&merger]);
        assert_eq!(outstanding(&triggers, None), vec![&before, &merger], "oldest first, all when none was made");
        assert!(outstanding(&triggers, Some(Date::constant(2026, 5, 2))).is_empty(), "answered by a later one");
        assert_eq!(TriggerKind::Merger.provision(), "8.3");
    }

    #[test]
    fn code_8_4_the_ombudsmans_request_is_recorded_with_its_date_and_cites_8_4() {
        let request = trigger(TriggerKind::OmbudsmanRequest, Date::constant(2026, 6, 1));
        assert_eq!(request.check(TODAY), Ok(()));
        assert_eq!(TriggerKind::OmbudsmanRequest.provision(), "8.4");
        assert_eq!(outstanding(std::slice::from_ref(&request), Some(Date::constant(2026, 4, 1))), vec![&request]);
        let future = trigger(TriggerKind::OmbudsmanRequest, Date::constant(2026, 7, 1));
        assert!(matches!(future.check(TODAY), Err(Refusal::Invalid(_))));
    }

    #[test]
    fn code_8_5_non_compliance_needs_what_residents_were_told() {
        assert_eq!(declared().check(TODAY), Ok(()));
        let silent = NonCompliance { residents_told: " ".into(), ..declared() };
        assert!(matches!(silent.check(TODAY), Err(Refusal::Code { provision, .. }) if provision.to_string() == "8.5"));
    }

    #[test]
    fn code_8_5_the_timescale_to_return_must_end_after_the_period_starts() {
        let backwards = NonCompliance { return_by: Date::constant(2026, 4, 1), ..declared() };
        assert!(
            matches!(backwards.check(TODAY), Err(Refusal::Code { provision, .. }) if provision.to_string() == "8.5")
        );
        assert!(declared().is_current(TODAY));
        assert!(!declared().is_current(Date::constant(2026, 8, 1)));
    }

    #[test]
    fn trigger_kinds_read_back_what_they_store() {
        for kind in TriggerKind::ALL {
            assert_eq!(TriggerKind::parse(kind.as_str()), Some(kind));
        }
    }
}
