//! An assessment and what it says about each provision: the answer the evidence suggests kept
//! beside the answer the landlord confirms, the landlord's own evidence, links and documents,
//! the commentary, and for a "No" the explanation and the date by which it intends to comply
//! (Code 8.1). The checks on one provision's answer live here; the workflow in
//! [`super::workflow`].

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Answer, ProvisionEvidence};
use crate::code::ProvisionNumber;
use crate::refusal::Refusal;
use crate::text::{self, LONG, SHORT, WEB_ADDRESS};

/// The provision the annual self-assessment is required by, cited by the refusals about an
/// assessment's answers.
pub const SELF_ASSESSMENT: &str = "8.1";

/// Whom an assessment covers: the organisation alone, or a landlord with all its managing
/// agents together (as one council's published self-assessment covers its four agents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The organisation alone.
    Alone,
    /// The landlord and every managing agent acting for it.
    WithAgents,
}

impl Coverage {
    /// As stored: `alone` or `with_agents`.
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Alone => "alone",
            Coverage::WithAgents => "with_agents",
        }
    }

    /// The coverage stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Coverage> {
        [Coverage::Alone, Coverage::WithAgents].into_iter().find(|c| c.as_str() == text)
    }
}

/// Where an assessment is in its workflow (Code 8.1, 8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written by the complaints officer.
    Draft,
    /// Sent for review before it goes to the governing body.
    InReview,
    /// Approved by the governing body (date and minute reference on record).
    Approved,
    /// Published with the annual complaints performance and service improvement report.
    Published,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 4] = [Status::Draft, Status::InReview, Status::Approved, Status::Published];

    /// As stored: `draft`, `in_review`, `approved`, `published`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Approved => "approved",
            Status::Published => "published",
        }
    }

    /// The status stored as `text`, if it is one.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// For pages: "Draft", "In review", "Approved", "Published".
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Approved => "Approved",
            Status::Published => "Published",
        }
    }

    /// Whether its answers may still be changed: only before the governing body approves it.
    /// A change after that needs a new assessment, so what was approved stays what is published.
    pub fn is_editable(self) -> bool {
        matches!(self, Status::Draft | Status::InReview)
    }
}

/// What the landlord says about one provision: its answer and its own evidence. The
/// suggested answer and the evidence from the record are kept beside it ([`Entry`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Statement {
    /// Its answer; `None` while not yet answered.
    pub answer: Option<Answer>,
    /// Its own evidence, in plain English.
    pub evidence: String,
    /// Web addresses of evidence (a policy, a report, a page of its website), one each.
    pub links: Vec<String>,
    /// Documents it relies on, named as it files them ("Complaints policy v4, March 2025").
    pub documents: Vec<String>,
    /// Its commentary.
    pub commentary: String,
    /// For a "No": why it does not comply.
    pub explanation: String,
    /// For a "No": the date by which it intends to comply.
    pub comply_by: Option<Date>,
}

impl Statement {
    /// Checks the statement as the Code asks for it: a "No" needs an explanation and the date
    /// by which the landlord intends to comply, and no text is longer than its field allows.
    ///
    /// # Errors
    ///
    /// [`Refusal::Code`] citing 8.1 for a "No" without its explanation or date;
    /// [`Refusal::Text`] for text too long or with control characters.
    pub fn check(&self) -> Result<(), Refusal> {
        text::check("the evidence", &self.evidence, LONG)?;
        text::check("the commentary", &self.commentary, LONG)?;
        text::check("the explanation", &self.explanation, LONG)?;
        text::check_count("the links", self.links.len())?;
        text::check_all("a link", &self.links, WEB_ADDRESS)?;
        text::check_count("the documents", self.documents.len())?;
        text::check_all("a document's name", &self.documents, SHORT)?;
        if self.answer == Some(Answer::No) {
            if self.explanation.trim().is_empty() {
                return Err(Refusal::code(
                    SELF_ASSESSMENT,
                    "a provision the landlord does not comply with needs an explanation of why, for the annual self-assessment against the Code",
                ));
            }
            if self.comply_by.is_none() {
                return Err(Refusal::code(
                    SELF_ASSESSMENT,
                    "a provision the landlord does not comply with needs the date by which it intends to comply",
                ));
            }
        }
        Ok(())
    }

    /// Whether it is complete enough to go to the governing body: answered, and a "No" with
    /// its explanation and date.
    pub fn is_complete(&self) -> bool {
        self.answer.is_some() && self.check().is_ok()
    }
}

/// One provision of an assessment as it stands: the evidence from the record (with its
/// suggested answer) and what the landlord says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The provision.
    pub provision: ProvisionNumber,
    /// What the record shows for the period; `None` for a provision the compliance matrix
    /// marks attested, whose evidence only the landlord can give.
    pub from_record: Option<ProvisionEvidence>,
    /// What the landlord says.
    pub statement: Statement,
}

impl Entry {
    /// The answer the evidence from the record suggests, if it suggests one.
    pub fn suggested(&self) -> Option<Answer> {
        self.from_record.as_ref().and_then(|e| e.suggested)
    }

    /// Whether the landlord's answer differs from the one the record suggests (both given).
    pub fn overrides_suggestion(&self) -> bool {
        matches!((self.suggested(), self.statement.answer), (Some(s), Some(a)) if s != a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no(explanation: &str, comply_by: Option<Date>) -> Statement {
        Statement { answer: Some(Answer::No), explanation: explanation.into(), comply_by, ..Statement::default() }
    }

    #[test]
    fn code_8_1_a_no_without_an_explanation_is_refused_citing_8_1() {
        let refused = no("  ", Some(Date::constant(2026, 3, 31))).check();
        assert!(matches!(refused, Err(Refusal::Code { provision, .. }) if provision.to_string() == "8.1"));
    }

    #[test]
    fn code_8_1_a_no_without_the_date_to_comply_by_is_refused_citing_8_1() {
        let refused = no("Our policy gives 6 months; the board changes it in March.", None).check();
        let Err(Refusal::Code { provision, message, .. }) = refused else { panic!("not refused: {refused:?}") };
        assert_eq!(provision.to_string(), "8.1");
        assert!(message.contains("date"), "{message}");
    }

    #[test]
    fn code_8_1_a_no_with_explanation_and_date_and_a_yes_alone_are_kept() {
        assert_eq!(no("Policy changes in March.", Some(Date::constant(2026, 3, 31))).check(), Ok(()));
        let yes = Statement { answer: Some(Answer::Yes), ..Statement::default() };
        assert_eq!(yes.check(), Ok(()));
        assert!(yes.is_complete());
        assert!(!Statement::default().is_complete(), "unanswered is not complete");
    }

    #[test]
    fn a_link_with_a_line_break_is_refused_as_text() {
        let statement = Statement { links: vec!["https://a.example/\npolicy".into()], ..Statement::default() };
        assert!(matches!(statement.check(), Err(Refusal::Text(_))));
    }

    #[test]
    fn an_answer_overrides_the_suggestion_only_when_both_are_given_and_differ() {
        let evidence = |suggested| ProvisionEvidence {
            provision: "6.2".parse().unwrap(),
            statements: vec![],
            remains: String::new(),
            complaints: vec![],
            policy_breaches: vec![],
            suggested,
        };
        let entry = |suggested, answer| Entry {
            provision: "6.2".parse().unwrap(),
            from_record: Some(evidence(suggested)),
            statement: Statement { answer, ..Statement::default() },
        };
        assert!(entry(Some(Answer::No), Some(Answer::Yes)).overrides_suggestion());
        assert!(!entry(Some(Answer::No), Some(Answer::No)).overrides_suggestion());
        assert!(!entry(None, Some(Answer::Yes)).overrides_suggestion());
        assert!(!entry(Some(Answer::Yes), None).overrides_suggestion());
    }

    #[test]
    fn statuses_and_coverages_read_back_what_they_store() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Coverage::parse("with_agents"), Some(Coverage::WithAgents));
        assert_eq!(Coverage::parse("agents"), None);
        assert!(Status::InReview.is_editable() && !Status::Approved.is_editable());
    }
}
