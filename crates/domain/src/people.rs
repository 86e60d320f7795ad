//! Residents' needs and restrictions that the Code asks landlords to record: reasonable
//! adjustments with their review dates (Code 5.10) and restrictions on contact for
//! unacceptable behaviour (Code 5.14, 5.15). The records themselves are kept by storage; the
//! rules for what makes one complete live here.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::refusal::Refusal;
use crate::text;

/// A reasonable adjustment agreed with a resident (Code 5.10), kept under review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonableAdjustment {
    /// What the landlord will do differently, such as "large print letters".
    pub adjustment: String,
    /// When it is next to be reviewed.
    pub review_on: Date,
}

impl ReasonableAdjustment {
    /// Checks an adjustment agreed on `agreed_on`: it says what it is and has a review date
    /// after that day.
    pub fn check(&self, agreed_on: Date) -> Result<(), Refusal> {
        text::check("a reasonable adjustment", &self.adjustment, text::SHORT)?;
        if self.adjustment.trim().is_empty() {
            return Err(Refusal::code("5.10", "say what the reasonable adjustment is"));
        }
        if self.review_on <= agreed_on {
            return Err(Refusal::code("5.10", "a reasonable adjustment needs a review date in the future"));
        }
        Ok(())
    }
}

/// A restriction on a resident's (or representative's) contact with the landlord because of
/// unacceptable behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactRestriction {
    /// The behaviour that led to it.
    pub behaviour: String,
    /// The evidence for it (Code 5.14: the reasons must be evidenced).
    pub evidence: String,
    /// What contact is restricted, and how the resident can still raise matters.
    pub restriction: String,
    /// Why it is proportionate (Code 5.15).
    pub proportionality: String,
    /// How the Equality Act 2010 was considered, including any disability (Code 5.15).
    pub equality_act_consideration: String,
    /// From when it applies.
    pub starts_on: Date,
    /// When it is next reviewed (Code 5.14: kept under regular review).
    pub review_on: Date,
}

/// The longest a restriction may go without review: a year is taken as the outer limit of
/// "regular review" (the Code sets no figure).
pub const LONGEST_REVIEW_INTERVAL_DAYS: i32 = 366;

impl ContactRestriction {
    /// Checks a restriction against Code 5.14 and 5.15.
    pub fn check(&self) -> Result<(), Refusal> {
        text::check("the behaviour", &self.behaviour, text::LONG)?;
        text::check("the evidence", &self.evidence, text::LONG)?;
        text::check("the restriction", &self.restriction, text::LONG)?;
        text::check("why it is proportionate", &self.proportionality, text::LONG)?;
        text::check("how the Equality Act was considered", &self.equality_act_consideration, text::LONG)?;
        let missing = |text: &str| text.trim().is_empty();
        if missing(&self.behaviour) || missing(&self.evidence) {
            return Err(Refusal::code("5.14", "a restriction must record the behaviour and the evidence for it"));
        }
        if missing(&self.restriction) {
            return Err(Refusal::code("5.14", "say what contact is restricted"));
        }
        if missing(&self.proportionality) || missing(&self.equality_act_consideration) {
            return Err(Refusal::code(
                "5.15",
                "a restriction must be shown to be proportionate, with regard to the Equality Act 2010",
            ));
        }
        let days_to_review = self.starts_on.until(self.review_on).map(|span| span.get_days()).unwrap_or(0);
        if self.review_on <= self.starts_on || days_to_review > LONGEST_REVIEW_INTERVAL_DAYS {
            return Err(Refusal::code(
                "5.14",
                "a restriction must be reviewed regularly: set a review date within a year",
            ));
        }
        Ok(())
    }
}

/// Whether a review due on `review_on` is overdue on `today`: an adjustment (Code 5.10: kept
/// under active review) or a contact restriction (Code 5.14: kept under regular review) whose
/// review date has passed without a new one being set. Due on the day itself is not yet overdue.
pub fn review_overdue(review_on: Date, today: Date) -> bool {
    review_on < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn restriction() -> ContactRestriction {
        ContactRestriction {
            behaviour: "Abusive phone calls to the repairs team".into(),
            evidence: "Call recordings of 3, 5 and 9 June".into(),
            restriction: "Contact by email to a named officer only".into(),
            proportionality: "Email keeps every route to raise repairs open".into(),
            equality_act_consideration: "No disability disclosed; resident asked about support needs".into(),
            starts_on: date(2024, 6, 10),
            review_on: date(2024, 9, 10),
        }
    }

    #[test]
    fn code_5_14_a_restriction_is_evidenced_and_kept_under_review() {
        assert!(restriction().check().is_ok());
        let no_evidence = ContactRestriction { evidence: " ".into(), ..restriction() };
        assert_eq!(no_evidence.check().unwrap_err().provision().unwrap().to_string(), "5.14");
        let never_reviewed = ContactRestriction { review_on: date(2026, 6, 10), ..restriction() };
        assert_eq!(never_reviewed.check().unwrap_err().provision().unwrap().to_string(), "5.14");
        let review_before_start = ContactRestriction { review_on: date(2024, 6, 1), ..restriction() };
        assert!(review_before_start.check().is_err());
        let huge = ContactRestriction { evidence: "e".repeat(text::LONG_TEXT_CHARS + 1), ..restriction() };
        assert_eq!(huge.check().unwrap_err().to_string(), "The evidence must be 20,000 characters or fewer");
    }

    #[test]
    fn code_5_14_a_review_a_year_away_is_regular_and_a_day_more_is_not() {
        // From 10 June 2024, 366 days (2024 to 2025 spans no 29 February) is 11 June 2025.
        let at_the_limit = ContactRestriction { review_on: date(2025, 6, 11), ..restriction() };
        assert!(at_the_limit.check().is_ok());
        let a_day_more = ContactRestriction { review_on: date(2025, 6, 12), ..restriction() };
        assert_eq!(a_day_more.check().unwrap_err().provision().unwrap().to_string(), "5.14");
    }

    #[test]
    fn code_5_15_a_restriction_is_proportionate_with_regard_to_the_equality_act() {
        let no_equality = ContactRestriction { equality_act_consideration: String::new(), ..restriction() };
        assert_eq!(no_equality.check().unwrap_err().provision().unwrap().to_string(), "5.15");
        let no_proportionality = ContactRestriction { proportionality: String::new(), ..restriction() };
        assert_eq!(no_proportionality.check().unwrap_err().provision().unwrap().to_string(), "5.15");
    }

    #[test]
    fn code_5_10_a_reasonable_adjustment_has_a_future_review_date() {
        let adjustment = ReasonableAdjustment { adjustment: "Large print letters".into(), review_on: date(2025, 6, 1) };
        assert!(adjustment.check(date(2024, 6, 1)).is_ok());
        assert_eq!(adjustment.check(date(2025, 6, 1)).unwrap_err().provision().unwrap().to_string(), "5.10");
        let empty = ReasonableAdjustment { adjustment: " ".into(), ..adjustment.clone() };
        assert!(empty.check(date(2024, 6, 1)).is_err());
        let nul = ReasonableAdjustment { adjustment: "Large\0print".into(), ..adjustment };
        assert!(matches!(nul.check(date(2024, 6, 1)), Err(Refusal::Text(_))));
    }

    #[test]
    fn code_5_10_a_review_is_overdue_only_once_its_date_has_passed() {
        let due = date(2025, 6, 2);
        assert!(!review_overdue(due, date(2025, 6, 1)));
        assert!(!review_overdue(due, due));
        assert!(review_overdue(due, date(2025, 6, 3)));
    }
}
