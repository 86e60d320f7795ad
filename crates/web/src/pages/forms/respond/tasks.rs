//! The response's tasks: each lays its fields out on a [`Builder`], reads them into its part of
//! the response and checks them, failing a field (with a GOV.UK field error) for anything the
//! task lacks. A task passes its check when it fails no field: only then is it "Completed".

use redress_app::{ResponseLetter, ResponseTask, Stated};
use redress_domain::complaint::{
    ActionPlan, Channel, Decision, Outstanding, Point, PointDecision, RemedyKind, RemedyOffer, RemedyOutcome,
    StageNumber, StageTwoRoute,
};
use redress_domain::ids::UserId;
use redress_storage::{DraftAttachmentInfo, OrganisationDetails};

use super::super::fields::{pairs, variant};
use super::super::options::{self, channels, remedy_kinds};
use super::super::when::Bounds;
use super::super::{Builder, Widget};
use crate::api::correspondence::MAX_CORRESPONDENCE_BYTES;

/// What the tasks need from the case.
pub(super) struct Case {
    pub(super) stage: StageNumber,
    pub(super) points: Vec<Point>,
    /// Who owns the outstanding actions: the member of staff recording the response.
    pub(super) owner: UserId,
    pub(super) caption: String,
    /// The task list's address.
    pub(super) list: String,
    /// The case page's.
    pub(super) back: String,
    /// How to reach the complaints team (to prefill the route to stage 2) and the
    /// Ombudsman's details (which a stage 2 response gives).
    pub(super) settings: OrganisationDetails,
    /// What the date it was sent must keep to.
    pub(super) bounds: Bounds,
}

/// The parts of a response the tasks read, each `None` until its task gives it.
#[derive(Default)]
pub(super) struct Parts {
    pub(super) decision: Option<Decision>,
    pub(super) decisions: Vec<PointDecision>,
    pub(super) remedy: Option<RemedyOutcome>,
    pub(super) outstanding: Option<Outstanding>,
    /// At stage 1, the route to stage 2 (at stage 2 the response gives the Ombudsman's
    /// details from settings, so there is nothing to draft).
    pub(super) escalation: Option<StageTwoRoute>,
    pub(super) sent: Option<Stated>,
    pub(super) letter: Option<ResponseLetter>,
}

/// Task `task`'s title: its link on the task list and its form's heading.
pub(super) fn title(task: ResponseTask) -> &'static str {
    match task {
        ResponseTask::Decisions => "Decide the complaint and each point",
        ResponseTask::Remedies => "Remedies",
        ResponseTask::Actions => "Outstanding actions",
        ResponseTask::Escalation => "How to escalate",
        ResponseTask::Sent => "When the response was sent",
        ResponseTask::Letter => "The letter and its attachments",
    }
}

/// Lays task `task`'s fields out on `b`, reading and checking them into `parts`; `files` are
/// the draft's files, which the letter task lists.
pub(super) fn build(
    task: ResponseTask,
    b: &mut Builder<'_>,
    case: &Case,
    parts: &mut Parts,
    files: &[DraftAttachmentInfo],
) {
    match task {
        ResponseTask::Decisions => decisions(b, case, parts),
        ResponseTask::Remedies => parts.remedy = remedies(b),
        ResponseTask::Actions => parts.outstanding = actions(b, case),
        ResponseTask::Escalation => parts.escalation = escalation(b, case),
        ResponseTask::Sent => parts.sent = Some(b.stated("the response was sent", &case.bounds, true)),
        ResponseTask::Letter => parts.letter = letter(b, case, files),
    }
}

fn decisions(b: &mut Builder<'_>, case: &Case, parts: &mut Parts) {
    let values = b.values;
    let decision = b.choose(
        "decision",
        "Decision on the complaint",
        "",
        Widget::Radios(options::decisions()),
        "Select the decision",
    );
    parts.decision = decision.as_deref().and_then(variant::<Decision>);
    for point in &case.points {
        b.add(&format!("point-{}", point.id), &format!("Point {}", point.id), &point.text, Widget::Heading);
        let chosen = b.choose(
            &format!("decision-{}", point.id),
            &format!("Decision on point {}", point.id),
            "",
            Widget::Radios(options::decisions()),
            &format!("Select the decision on point {}", point.id),
        );
        let reasons = format!("reasons-{}", point.id);
        b.add(
            &reasons,
            &format!("Reasons for the decision on point {}", point.id),
            "Referring to policy, law and good practice where appropriate",
            Widget::Textarea,
        );
        if values.text(&reasons).is_empty() {
            b.fail(&reasons, &reasons, &format!("Enter the reasons for the decision on point {}", point.id));
        }
        if let Some(decision) = chosen.as_deref().and_then(variant::<Decision>) {
            parts.decisions.push(PointDecision { point: point.id.clone(), decision, reasons: values.text(&reasons) });
        }
    }
}

/// Whether field `id` already has an error (a date that is not a date, an amount that is not
/// one), so that a missing-value error is not added on top.
fn failed(b: &Builder<'_>, anchor: &str) -> bool {
    b.errors.iter().any(|e| e.field == anchor)
}

/// The "Remove" button of row `n` of `group` (`remedy`, `action`), when there is more than one
/// row or the row holds something.
fn remove_button(b: &mut Builder<'_>, group: &str, n: usize, rows: usize, what: &str) {
    if rows > 1 || b.values.row_filled(group, n) {
        b.add(&format!("remove-{group}-{n}"), &format!("Remove {what} {n}"), "", Widget::Button);
    }
}

fn remedies(b: &mut Builder<'_>) -> Option<RemedyOutcome> {
    let values = b.values;
    let offered = b.choose(
        "remedy",
        "Is a remedy offered?",
        "",
        Widget::Radios(pairs(&[("offered", "Yes, one or more remedies are offered"), ("none", "No remedy")])),
        "Select whether a remedy is offered",
    );
    let checked = offered.as_deref() == Some("offered");
    let mut offers = Vec::new();
    let rows = b.rows("remedy");
    for n in 1..=rows {
        let id = |part: &str| format!("remedy-{n}-{part}");
        b.add(&format!("remedy-{n}"), &format!("Remedy {n}"), "", Widget::Heading);
        b.add(&id("kind"), "Kind of remedy", "", Widget::Select(remedy_kinds()));
        b.add(&id("description"), "What will be done", "", Widget::Textarea);
        let amount = b.pounds(&id("amount"), "Amount, in pounds", "For a financial remedy, for example 150.00");
        let due = b.date(&id("due"), "To be carried out by", "For example, 27 3 2025", false);
        remove_button(b, "remedy", n, rows, "remedy");
        if !checked || !values.row_filled("remedy", n) {
            continue;
        }
        let kind = variant::<RemedyKind>(&values.text(&id("kind")));
        if kind.is_none() {
            b.fail(&id("kind"), &id("kind"), &format!("Select the kind of remedy {n}"));
        }
        if values.text(&id("description")).is_empty() {
            b.fail(&id("description"), &id("description"), &format!("Enter what will be done for remedy {n}"));
        }
        if due.is_none() && !failed(b, &id("due-day")) {
            b.fail(&id("due"), &id("due-day"), &format!("Enter the date remedy {n} is due"));
        }
        match (kind, amount) {
            (Some(RemedyKind::Financial), None) if !failed(b, &id("amount")) => {
                b.fail(&id("amount"), &id("amount"), &format!("Enter the amount of remedy {n}"));
            }
            (Some(kind), Some(_)) if kind != RemedyKind::Financial => b.fail(
                &id("amount"),
                &id("amount"),
                &format!("Remove the amount from remedy {n}: only a financial remedy has one"),
            ),
            _ => {}
        }
        if let Some(kind) = kind {
            offers.push(RemedyOffer { kind, description: values.text(&id("description")), amount_pence: amount, due });
        }
    }
    b.add("add-remedy", "Add another remedy", "", Widget::Button);
    b.add("no_remedy_reason", "Why no remedy is offered", "If none is", Widget::Textarea);
    match offered.as_deref() {
        Some("offered") if offers.is_empty() && b.errors.is_empty() => {
            b.fail("remedy-1-kind", "remedy-1-kind", "Give at least one remedy, or select that no remedy is offered");
            None
        }
        Some("offered") => Some(RemedyOutcome::Offered { remedies: offers }),
        Some(_) if values.text("no_remedy_reason").is_empty() => {
            b.fail("no_remedy_reason", "no_remedy_reason", "Enter why no remedy is offered");
            None
        }
        Some(_) => Some(RemedyOutcome::NoRemedy { reason: values.text("no_remedy_reason") }),
        None => None,
    }
}

fn actions(b: &mut Builder<'_>, case: &Case) -> Option<Outstanding> {
    let values = b.values;
    let outstanding = b.choose(
        "outstanding",
        "Are any actions outstanding?",
        "",
        Widget::Radios(pairs(&[("some", "Yes"), ("none", "No, nothing is outstanding")])),
        "Select whether any actions are outstanding",
    );
    let checked = outstanding.as_deref() == Some("some");
    let mut plans = Vec::new();
    let rows = b.rows("action");
    for n in 1..=rows {
        let id = |part: &str| format!("action-{n}-{part}");
        b.add(&format!("action-{n}"), &format!("Outstanding action {n}"), "", Widget::Heading);
        b.add(&id("description"), "What is to be done", "The action is yours to own", Widget::Textarea);
        let due = b.date(&id("due"), "Due by", "For example, 27 3 2025", false);
        remove_button(b, "action", n, rows, "action");
        if !checked || !values.row_filled("action", n) {
            continue;
        }
        let description = values.text(&id("description"));
        if description.is_empty() {
            b.fail(&id("description"), &id("description"), &format!("Enter what is to be done for action {n}"));
        }
        match due {
            Some(due) => plans.push(ActionPlan { description, owner: case.owner.clone(), due }),
            None if !failed(b, &id("due-day")) => {
                b.fail(&id("due"), &id("due-day"), &format!("Enter the date action {n} is due by"));
            }
            None => {}
        }
    }
    b.add("add-action", "Add another action", "", Widget::Button);
    match outstanding.as_deref() {
        Some("some") if plans.is_empty() && b.errors.is_empty() => {
            b.fail(
                "action-1-description",
                "action-1-description",
                "Give at least one outstanding action, or select that none is outstanding",
            );
            None
        }
        Some("some") => Some(Outstanding::Actions { actions: plans }),
        Some(_) => Some(Outstanding::None),
        None => None,
    }
}

/// Whether none of `ids` is among the values: the task has never been saved, so its fields
/// are prefilled.
fn fresh(b: &Builder<'_>, ids: &[&str]) -> bool {
    ids.iter().all(|id| !b.values.0.iter().any(|(name, _)| name == id))
}

fn escalation(b: &mut Builder<'_>, case: &Case) -> Option<StageTwoRoute> {
    if case.stage == StageNumber::Two {
        b.ombudsman_details(
            "The response tells the resident of their right to refer the complaint to the Housing Ombudsman, with its contact details from the organisation's settings (Code 6.19):",
            &case.settings.ombudsman,
        );
        return None;
    }
    let values = b.values;
    let contact = &case.settings.complaints_email;
    let how = match (contact.is_empty(), case.settings.complaints_phone.is_empty()) {
        (false, false) => format!("Email {contact} or telephone {}", case.settings.complaints_phone),
        (false, true) => format!("Email {contact}"),
        (true, false) => format!("Telephone {}", case.settings.complaints_phone),
        (true, true) => String::new(),
    };
    let fields = [
        (
            "escalation_contact",
            "Who to contact",
            "As the complaints policy says",
            "The complaints team".to_owned(),
            "Enter who to contact",
        ),
        (
            "escalation_how",
            "How to contact them",
            "An address, email address, telephone number or form",
            how,
            "Enter how to contact them",
        ),
        (
            "escalation_within",
            "Within what time",
            "As the complaints policy says, for example within 20 working days of this response",
            String::new(),
            "Enter within what time the resident should ask",
        ),
    ];
    let prefill = fresh(b, &fields.iter().map(|f| f.0).collect::<Vec<_>>());
    for (id, label, hint, default, _) in &fields {
        let field = b.add(id, label, hint, Widget::Text);
        if prefill {
            field.value.clone_from(default);
        }
    }
    for (id, _, _, _, message) in &fields {
        if values.text(id).is_empty() {
            b.fail(id, id, message);
        }
    }
    let route = StageTwoRoute {
        contact: values.text("escalation_contact"),
        how: values.text("escalation_how"),
        within: values.text("escalation_within"),
    };
    b.errors.is_empty().then_some(route)
}

fn letter(b: &mut Builder<'_>, case: &Case, files: &[DraftAttachmentInfo]) -> Option<ResponseLetter> {
    let values = b.values;
    let prefill = fresh(b, &["subject"]);
    let channel = b.choose(
        "channel",
        "How the letter was sent",
        "",
        Widget::Select(channels()),
        "Select how the letter was sent",
    );
    let subject = b.add("subject", "Subject", "The letter's subject line", Widget::Text);
    if prefill {
        subject.value = format!("Your complaint: stage {} response", u8::from(case.stage));
    }
    if values.text("subject").is_empty() {
        b.fail("subject", "subject", "Enter the subject of the letter");
    }
    b.add(
        "attachments",
        "Attach files",
        &format!(
            "The letter itself and anything sent with it. You can choose several files, up to {} MB each time. \
             They are kept with the draft, even if this page shows an error, until the response is recorded.",
            MAX_CORRESPONDENCE_BYTES / (1024 * 1024)
        ),
        Widget::File,
    );
    if !files.is_empty() {
        let names: Vec<String> = files.iter().map(|f| format!("{} ({})", f.file_name, size(f.size_bytes))).collect();
        b.add("files", "Files attached", &names.join("\n"), Widget::Inset);
        for file in files {
            b.add(&format!("remove-file-{}", file.id), &format!("Remove {}", file.file_name), "", Widget::Button);
        }
    }
    let channel = channel.as_deref().and_then(variant::<Channel>)?;
    b.errors.is_empty().then(|| ResponseLetter { channel, subject: values.text("subject") })
}

/// A file's size as people read it: `12 KB`, `3.4 MB`.
fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", b / 1024),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
