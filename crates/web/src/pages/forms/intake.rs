//! The questions every form that logs a complaint asks (how it arrived, when it was received,
//! when the issue arose, what it is about, its categories and triage), and the
//! [`ComplaintIntake`] their answers make: one constructor for the log form
//! (`log.rs`) and the form that logs a complaint about a service request
//! (`service_requests.rs`), which add only who it is from and what it arose from.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_app::ComplaintIntake;
use redress_domain::complaint::Channel;
use redress_domain::ids::{CategoryId, ResidentId};

use super::categories::category_field;
use super::fields::variant;
use super::options::channels;
use super::triage::{Triage, triage_fields};
use super::when::Bounds;
use super::{Builder, Widget};

/// What staff answered about a new complaint, once every question is answered.
pub(crate) struct ComplaintAnswers {
    received_at: Option<Timestamp>,
    channel: Channel,
    issue_occurred_on: Date,
    became_aware_on: Option<Date>,
    description: String,
    categories: Vec<CategoryId>,
    triage: Triage,
}

impl ComplaintAnswers {
    /// The complaint from `resident_id` these answers describe, logged today by the caller's
    /// organisation, with no representative, home, service request or linked complaint.
    pub(crate) fn intake(self, resident_id: ResidentId) -> ComplaintIntake {
        ComplaintIntake {
            received_at: self.received_at,
            logged_on: None,
            handling_organisation_id: None,
            channel: self.channel,
            issue_occurred_on: self.issue_occurred_on,
            became_aware_on: self.became_aware_on,
            description: self.description,
            categories: self.categories,
            risks: self.triage.risks,
            risk_notes: self.triage.notes,
            complexity: self.triage.complexity,
            resident_id,
            representative_id: None,
            property_id: None,
            service_request_ids: Vec::new(),
            linked_complaint_ids: Vec::new(),
        }
    }
}

/// Adds the questions about a new complaint to `b`: received by `now` at the latest, the
/// description with `description_hint`, the organisation's `categories` offered. The answers,
/// once every question is answered.
pub(crate) fn complaint_questions(
    b: &mut Builder<'_>,
    now: Timestamp,
    description_hint: &str,
    categories: Vec<(String, String)>,
) -> Option<ComplaintAnswers> {
    let values = b.values;
    let channel = b.choose(
        "channel",
        "How did the complaint arrive?",
        "",
        Widget::Radios(channels()),
        "Select how the complaint arrived",
    );
    let received_at = b.when("received", &Bounds { now, received: None });
    let (occurred, became_aware_on) = b.issue_dates();
    b.add("description", "What is the complaint about?", description_hint, Widget::Textarea);
    let description = values.text("description");
    if description.is_empty() {
        b.fail("description", "description", "Enter what the complaint is about");
    }
    let categories = category_field(b, categories);
    let triage = triage_fields(b);
    match (channel.as_deref().and_then(variant::<Channel>), occurred, categories, triage) {
        (Some(channel), Some(issue_occurred_on), Some(categories), Some(triage)) => Some(ComplaintAnswers {
            received_at,
            channel,
            issue_occurred_on,
            became_aware_on,
            description,
            categories,
            triage,
        }),
        _ => None,
    }
}
