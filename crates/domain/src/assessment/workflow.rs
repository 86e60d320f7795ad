//! The workflow of an assessment (Code 8.1, 8.2): drafted by the complaints officer, sent for
//! review, approved by the governing body (the meeting's date and the minute that records it),
//! published with the annual report and the governing body's response. [`decide`] takes the
//! assessment's status, its entries and today, and says what the command changes, or refuses
//! it citing the provision it would break.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::model::{Entry, Status};
use crate::refusal::Refusal;
use crate::text::{self, LONG, SHORT};

/// The provision asking for the governing body's approval and the publication of its response.
pub const GOVERNING_BODY: &str = "8.2";

/// The governing body's approval of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The governing body, such as "Board of Management".
    pub body: String,
    /// The day of the meeting that approved it.
    pub on: Date,
    /// The minute that records it, such as "B/2025/14".
    pub minute: String,
}

/// The publication of an assessment with the annual report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// The day it was published.
    pub on: Date,
    /// The governing body's response to the report, published alongside it (Code 8.2).
    pub response: String,
}

/// A step of the workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The complaints officer sends the draft for review.
    SendForReview,
    /// The reviewer sends it back to be changed.
    ReturnToDraft,
    /// The governing body approved it.
    Approve(Approval),
    /// It was published with the annual report.
    Publish(Publication),
}

/// What a step changes: the new status, and the approval or publication it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The status changes and nothing else.
    Moved(Status),
    /// Approved, with the approval on record.
    Approved(Approval),
    /// Published, with the publication on record.
    Published(Publication),
}

impl Decision {
    /// The status after the step.
    pub fn status(&self) -> Status {
        match self {
            Decision::Moved(status) => *status,
            Decision::Approved(_) => Status::Approved,
            Decision::Published(_) => Status::Published,
        }
    }
}

/// Decides `command` on an assessment in `status` with `entries`, `today`; `approved_on` is the
/// day of its approval, once approved.
///
/// # Errors
///
/// [`Refusal::State`] for a step out of order; [`Refusal::Code`] citing 8.1 for an approval
/// while a provision is unanswered or a "No" lacks its explanation or date, and citing 8.2 for
/// an approval without the governing body or minute, or a publication without the governing
/// body's response; [`Refusal::Invalid`] for a date in the future or a publication dated
/// before the approval.
pub fn decide(
    status: Status,
    entries: &[Entry],
    command: Command,
    today: Date,
    approved_on: Option<Date>,
) -> Result<Decision, Refusal> {
    match (status, command) {
        (Status::Draft, Command::SendForReview) => Ok(Decision::Moved(Status::InReview)),
        (Status::InReview, Command::ReturnToDraft) => Ok(Decision::Moved(Status::Draft)),
        (Status::InReview, Command::Approve(approval)) => {
            if let Some(entry) = entries.iter().find(|e| e.statement.answer.is_none()) {
                return Err(Refusal::code(
                    super::model::SELF_ASSESSMENT,
                    format!(
                        "every provision needs an answer before the governing body approves the self-assessment; {} has none",
                        entry.provision
                    ),
                ));
            }
            for entry in entries {
                entry.statement.check().map_err(|refusal| match refusal {
                    Refusal::Code { provision, version, message } => {
                        Refusal::Code { provision, version, message: format!("{}: {message}", entry.provision) }
                    }
                    other => other,
                })?;
            }
            text::check("the governing body", &approval.body, SHORT)?;
            text::check("the minute reference", &approval.minute, SHORT)?;
            if approval.body.trim().is_empty() || approval.minute.trim().is_empty() {
                return Err(Refusal::code(
                    GOVERNING_BODY,
                    "the governing body that approved the self-assessment and the minute that records it are both needed",
                ));
            }
            if approval.on > today {
                return Err(Refusal::Invalid("the date of the meeting cannot be in the future".into()));
            }
            Ok(Decision::Approved(approval))
        }
        (Status::Approved, Command::Publish(publication)) => {
            text::check("the governing body's response", &publication.response, LONG)?;
            if publication.response.trim().is_empty() {
                return Err(Refusal::code(
                    GOVERNING_BODY,
                    "the governing body's response to the report must be published alongside it",
                ));
            }
            if publication.on > today {
                return Err(Refusal::Invalid("the date of publication cannot be in the future".into()));
            }
            if approved_on.is_some_and(|approved| publication.on < approved) {
                return Err(Refusal::Invalid("it cannot be published before the governing body approved it".into()));
            }
            Ok(Decision::Published(publication))
        }
        (status, command) => Err(Refusal::State(format!(
            "a self-assessment that is {} cannot be {}",
            status.label().to_lowercase(),
            match command {
                Command::SendForReview => "sent for review",
                Command::ReturnToDraft => "returned to draft",
                Command::Approve(_) => "approved (send it for review first)",
                Command::Publish(_) => "published (the governing body approves it first)",
            }
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Answer;
    use crate::assessment::model::Statement;

    const TODAY: Date = Date::constant(2026, 6, 30);

    fn entry(number: &str, statement: Statement) -> Entry {
        Entry { provision: number.parse().unwrap(), from_record: None, statement }
    }

    fn yes() -> Statement {
        Statement { answer: Some(Answer::Yes), ..Statement::default() }
    }

    fn approval() -> Approval {
        Approval { body: "Board of Management".into(), on: Date::constant(2026, 6, 18), minute: "B/2026/14".into() }
    }

    fn cited(result: Result<Decision, Refusal>) -> String {
        match result {
            Err(Refusal::Code { provision, .. }) => provision.to_string(),
            other => panic!("not refused under the Code: {other:?}"),
        }
    }

    #[test]
    fn code_8_1_approval_is_refused_while_a_provision_is_unanswered() {
        let entries = [entry("1.1", yes()), entry("1.2", Statement::default())];
        let refused = decide(Status::InReview, &entries, Command::Approve(approval()), TODAY, None);
        assert!(matches!(&refused, Err(Refusal::Code { message, .. }) if message.contains("1.2")), "{refused:?}");
        assert_eq!(cited(refused), "8.1");
    }

    #[test]
    fn code_8_1_approval_is_refused_while_a_no_lacks_its_date() {
        let no =
            Statement { answer: Some(Answer::No), explanation: "Policy under review.".into(), ..Statement::default() };
        let entries = [entry("2.3", no)];
        assert_eq!(cited(decide(Status::InReview, &entries, Command::Approve(approval()), TODAY, None)), "8.1");
    }

    #[test]
    fn code_8_2_approval_needs_the_governing_body_and_the_minute() {
        let entries = [entry("1.1", yes())];
        let no_minute = Approval { minute: " ".into(), ..approval() };
        assert_eq!(cited(decide(Status::InReview, &entries, Command::Approve(no_minute), TODAY, None)), "8.2");
        let decided = decide(Status::InReview, &entries, Command::Approve(approval()), TODAY, None);
        assert_eq!(decided, Ok(Decision::Approved(approval())));
    }

    #[test]
    fn code_8_2_publication_needs_the_governing_bodys_response() {
        let publication = Publication { on: TODAY, response: String::new() };
        let approved_on = Some(approval().on);
        assert_eq!(cited(decide(Status::Approved, &[], Command::Publish(publication), TODAY, approved_on)), "8.2");
        let publication = Publication { on: TODAY, response: "The board welcomes the report.".into() };
        let decided = decide(Status::Approved, &[], Command::Publish(publication.clone()), TODAY, approved_on);
        assert_eq!(decided.map(|d| d.status()), Ok(Status::Published));
    }

    #[test]
    fn code_8_2_publication_before_the_approval_or_in_the_future_is_refused() {
        let approved_on = Some(approval().on);
        let early = Publication { on: Date::constant(2026, 6, 1), response: "Noted.".into() };
        assert!(matches!(
            decide(Status::Approved, &[], Command::Publish(early), TODAY, approved_on),
            Err(Refusal::Invalid(_))
        ));
        let later = Publication { on: Date::constant(2026, 7, 1), response: "Noted.".into() };
        assert!(matches!(
            decide(Status::Approved, &[], Command::Publish(later), TODAY, approved_on),
            Err(Refusal::Invalid(_))
        ));
    }

    #[test]
    fn steps_out_of_order_are_refused_by_state() {
        let entries = [entry("1.1", yes())];
        for (status, command) in [
            (Status::Draft, Command::Approve(approval())),
            (Status::Draft, Command::Publish(Publication { on: TODAY, response: "x".into() })),
            (Status::InReview, Command::SendForReview),
            (Status::Published, Command::ReturnToDraft),
            (Status::Approved, Command::SendForReview),
        ] {
            assert!(matches!(decide(status, &entries, command, TODAY, None), Err(Refusal::State(_))), "{status:?}");
        }
        assert_eq!(
            decide(Status::Draft, &entries, Command::SendForReview, TODAY, None),
            Ok(Decision::Moved(Status::InReview))
        );
        assert_eq!(
            decide(Status::InReview, &entries, Command::ReturnToDraft, TODAY, None),
            Ok(Decision::Moved(Status::Draft))
        );
    }
}
