//! The one human label of every value of the complaint's enums that people read: the pages,
//! the CSV export and letters all take them from here, so that a status, a decision or a
//! finding reads the same everywhere and no internal name ("PartlyUpheld",
//! "awaiting_acknowledgement") reaches anyone. Each `label` is an exhaustive match, so a new
//! variant does not compile until it has one; each `ALL` lists the values in the order forms
//! offer them.

use super::deadlines::{DeadlineState, DeadlineStatus, Step};
use super::event::Event;
use super::model::{
    Channel, Complexity, Decision, Direction, ExclusionGround, OmbudsmanOutcome, OrderKind, RemedyKind, StageNumber,
};
use super::state::Status;
use super::triage::Risk;

impl Status {
    /// "Awaiting acknowledgement" and so on.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotAccepted => "Not accepted",
            Status::AwaitingAcknowledgement => "Awaiting acknowledgement",
            Status::Investigating => "Investigating",
            Status::Responded => "Responded",
            Status::Closed => "Closed",
        }
    }
}

impl StageNumber {
    /// Both stages, in order.
    pub const ALL: [StageNumber; 2] = [StageNumber::One, StageNumber::Two];

    /// "Stage 1" or "Stage 2".
    pub fn label(self) -> &'static str {
        match self {
            StageNumber::One => "Stage 1",
            StageNumber::Two => "Stage 2",
        }
    }
}

impl Channel {
    /// How it came, as people say it: "Telephone", "Through a third party".
    pub fn label(self) -> &'static str {
        match self {
            Channel::Phone => "Telephone",
            Channel::Email => "Email",
            Channel::Letter => "Letter",
            Channel::Web => "Website",
            Channel::InPerson => "In person",
            Channel::SocialMedia => "Social media",
            Channel::ViaStaff => "Through a member of staff",
            Channel::ViaThirdParty => "Through a third party",
            Channel::SurveyFollowUp => "Survey follow-up",
        }
    }
}

impl Complexity {
    /// "Straightforward" or "Complex".
    pub fn label(self) -> &'static str {
        match self {
            Complexity::Straightforward => "Straightforward",
            Complexity::Complex => "Complex",
        }
    }
}

impl Risk {
    /// "Health and safety", "Damp and mould" and so on.
    pub fn label(self) -> &'static str {
        match self {
            Risk::Vulnerability => "Vulnerability",
            Risk::HealthAndSafety => "Health and safety",
            Risk::DampAndMould => "Damp and mould",
            Risk::Disrepair => "Disrepair",
            Risk::Other => "Another risk",
        }
    }
}

impl Decision {
    /// Every decision, most favourable to the resident first.
    pub const ALL: [Decision; 3] = [Decision::Upheld, Decision::PartlyUpheld, Decision::NotUpheld];

    /// "Upheld", "Partly upheld" or "Not upheld".
    pub fn label(self) -> &'static str {
        match self {
            Decision::Upheld => "Upheld",
            Decision::PartlyUpheld => "Partly upheld",
            Decision::NotUpheld => "Not upheld",
        }
    }
}

impl RemedyKind {
    /// Every kind of remedy, in the Code's order (7.1).
    pub const ALL: [RemedyKind; 8] = [
        RemedyKind::Apology,
        RemedyKind::Acknowledgement,
        RemedyKind::Explanation,
        RemedyKind::ActionOnDelay,
        RemedyKind::ReconsideredDecision,
        RemedyKind::RecordAmended,
        RemedyKind::Financial,
        RemedyKind::PolicyChange,
    ];

    /// What the remedy is, in the Code's words, shortened (7.1).
    pub fn label(self) -> &'static str {
        match self {
            RemedyKind::Apology => "Apology",
            RemedyKind::Acknowledgement => "Acknowledging what went wrong",
            RemedyKind::Explanation => "Explanation, assistance or reasons",
            RemedyKind::ActionOnDelay => "Action on a delay",
            RemedyKind::ReconsideredDecision => "Reconsidering a decision",
            RemedyKind::RecordAmended => "Amending a record",
            RemedyKind::Financial => "Financial",
            RemedyKind::PolicyChange => "Changing a policy",
        }
    }
}

impl ExclusionGround {
    /// The ground, as the decision gives it; a policy ground's own words are beside it
    /// (`PolicyGround::ground`), not in the label.
    pub fn label(&self) -> &'static str {
        match self {
            ExclusionGround::IssueOverTwelveMonthsOld => "The issue arose over 12 months ago",
            ExclusionGround::LegalProceedingsStarted => "Legal proceedings have started",
            ExclusionGround::PreviouslyConsidered { .. } => {
                "The matter was considered under the complaints policy before"
            }
            ExclusionGround::PolicyGround { .. } => "Another ground in the complaints policy",
        }
    }
}

impl OmbudsmanOutcome {
    /// Every finding the Ombudsman can make, from none to the most serious, then the others.
    pub const ALL: [OmbudsmanOutcome; 8] = [
        OmbudsmanOutcome::NoMaladministration,
        OmbudsmanOutcome::ServiceFailure,
        OmbudsmanOutcome::Maladministration,
        OmbudsmanOutcome::SevereMaladministration,
        OmbudsmanOutcome::ReasonableRedress,
        OmbudsmanOutcome::Mediation,
        OmbudsmanOutcome::OutsideJurisdiction,
        OmbudsmanOutcome::Withdrawn,
    ];

    /// The finding as the Ombudsman words it: "Severe maladministration" and so on.
    pub fn label(self) -> &'static str {
        match self {
            OmbudsmanOutcome::NoMaladministration => "No maladministration",
            OmbudsmanOutcome::ServiceFailure => "Service failure",
            OmbudsmanOutcome::Maladministration => "Maladministration",
            OmbudsmanOutcome::SevereMaladministration => "Severe maladministration",
            OmbudsmanOutcome::ReasonableRedress => "Reasonable redress",
            OmbudsmanOutcome::Mediation => "Resolved by mediation",
            OmbudsmanOutcome::OutsideJurisdiction => "Outside the Ombudsman's jurisdiction",
            OmbudsmanOutcome::Withdrawn => "Withdrawn",
        }
    }
}

impl OrderKind {
    /// An order, then a recommendation.
    pub const ALL: [OrderKind; 2] = [OrderKind::Order, OrderKind::Recommendation];

    /// "Order" or "Recommendation".
    pub fn label(self) -> &'static str {
        match self {
            OrderKind::Order => "Order",
            OrderKind::Recommendation => "Recommendation",
        }
    }
}

impl Direction {
    /// In, then out.
    pub const ALL: [Direction; 2] = [Direction::Incoming, Direction::Outgoing];

    /// "Received" or "Sent", from the landlord's side.
    pub fn label(self) -> &'static str {
        match self {
            Direction::Incoming => "Received",
            Direction::Outgoing => "Sent",
        }
    }
}

impl Step {
    /// The acknowledgement, then the response.
    pub const ALL: [Step; 2] = [Step::Acknowledgement, Step::Response];

    /// What the step is, as a deadline names it: "Acknowledge and define" or "Respond".
    pub fn label(self) -> &'static str {
        match self {
            Step::Acknowledgement => "Acknowledge and define",
            Step::Response => "Respond",
        }
    }
}

impl DeadlineState {
    /// "On track", "Overdue" and so on.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::OnTrack => "On track",
            DeadlineState::DueSoon => "Due soon",
            DeadlineState::Overdue => "Overdue",
            DeadlineState::Met => "Met",
            DeadlineState::MetWithinExtension => "Met within an extension",
            DeadlineState::Missed => "Missed",
        }
    }
}

impl DeadlineStatus {
    /// As [`DeadlineState::label`].
    pub fn label(self) -> &'static str {
        self.state().label()
    }
}

impl Event {
    /// What happened, for the timeline: "Logged", "Response issued" and so on.
    pub fn label(&self) -> &'static str {
        match self {
            Event::Logged(_) => "Logged",
            Event::NotAccepted { .. } => "Not accepted",
            Event::Acknowledged { .. } => "Acknowledged and defined",
            Event::HandlerReassigned { .. } => "Handler reassigned",
            Event::HandlingPassed { .. } => "Passed to another organisation",
            Event::PointsAdded { .. } => "Points added",
            Event::UpdateIntervalAgreed { .. } => "Update interval agreed",
            Event::Extended { .. } => "Response deadline extended",
            Event::Responded { .. } => "Response issued",
            Event::EscalationRequested { .. } => "Stage 2 requested",
            Event::EscalationRefused { .. } => "Escalation refused",
            Event::RemedyOffered { .. } => "Remedy offered",
            Event::RemedyCompleted { .. } => "Remedy completed",
            Event::ActionAdded { .. } => "Action added",
            Event::ActionUpdated { .. } => "Action updated",
            Event::ActionCompleted { .. } => "Action completed",
            Event::CorrespondenceRecorded { .. } => "Correspondence recorded",
            Event::ReferredToOmbudsman { .. } => "Referred to the Housing Ombudsman",
            Event::OmbudsmanDetermined { .. } => "The Ombudsman's determination",
            Event::OrderComplied { .. } => "Compliance with an order",
            Event::Closed { .. } => "Closed",
            Event::RecordedAfterDue(_) => "Recorded after its due date",
        }
    }
}

#[cfg(test)]
mod tests;
