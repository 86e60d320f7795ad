//! The case page's sections for the landlord's decisions before the Ombudsman: a decision not to
//! accept the complaint, each stage (its definition, what the landlord is and is not responsible
//! for, the handler, extensions, the response with each point's decision and reasons, its
//! remedies and outstanding actions) and each refusal to escalate. Both stages stay on the page
//! once stage 2 begins: a reviewer reads stage 1 as it was decided.

use redress_domain::complaint::{
    Complaint, EscalationRefusal, ExclusionGround, HowToEscalate, NotAcceptance, Point, Stage, StageNumber,
};
use redress_domain::ombudsman::OmbudsmanContact;

use super::parts::{Part, Section, Value, pounds, progress, row};
use crate::pages::cases::long_date;
use crate::pages::cases::timing::working_days;

/// Names a member of staff by their user id.
pub(crate) type NameOf<'a> = &'a dyn Fn(&str) -> String;

/// The decision not to accept the complaint (Code 2.1-2.5).
pub(crate) fn not_accepted(decision: &NotAcceptance) -> Section {
    let mut section = Section::new("not-accepted", "Not accepted as a complaint");
    let mut rows = vec![
        row("Decided on", Value::Text(long_date(decision.on))),
        row("Ground", ground(&decision.ground)),
        row("Reasons", Value::Text(decision.reasons.clone())),
    ];
    if let Some(discretion) = &decision.discretion {
        rows.push(row("Discretion on an issue over 12 months old", Value::Text(discretion.clone())));
    }
    rows.push(row("The Housing Ombudsman's details given", ombudsman_given(decision.ombudsman.as_ref())));
    section.parts.push(Part::Rows(rows));
    section
}

/// One stage, from its start to its response, with the remedies and actions of that stage.
pub(crate) fn stage(complaint: &Complaint, stage: &Stage, name_of: NameOf<'_>) -> Section {
    let (id, began) = match stage.number {
        StageNumber::One => ("stage-1", "Received"),
        StageNumber::Two => ("stage-2", "Asked for on"),
    };
    let mut section = Section::new(id, stage.number.label());
    let mut rows = vec![row(began, Value::Text(long_date(stage.opened_on)))];
    if stage.number == StageNumber::Two {
        if let Some(channel) = stage.escalation_channel {
            rows.push(row("How they asked", Value::Text(channel.label().to_owned())));
        }
        rows.push(row("The resident's reasons for asking", reasons_for_asking(stage.escalation_reason.as_ref())));
    }
    let Some(ack) = &stage.acknowledgement else {
        rows.push(row("Handler", Value::Text("Not assigned".into())));
        section.parts.push(Part::Rows(rows));
        section.parts.push(Part::Text("Not yet defined: the complaint is defined when it is acknowledged.".into()));
        return section;
    };
    rows.push(row("Handler", Value::Text(name_of(ack.handler.as_str()))));
    let by = ack.recorded_by.as_ref().map(|who| format!(", recorded by {}", name_of(who.as_str())));
    rows.push(row("Acknowledged", Value::Text(format!("{}{}", long_date(ack.on), by.unwrap_or_default()))));
    let conflict = match (&ack.conflict.has_conflict, &ack.conflict.measures) {
        (false, _) => "None declared".to_owned(),
        (true, Some(measures)) => format!("Declared. Measures taken: {measures}"),
        (true, None) => "Declared".to_owned(),
    };
    rows.push(row("Conflict of interest", Value::Text(conflict)));
    if let Some(discretion) = &ack.late_issue_discretion {
        rows.push(row(
            "Why discretion was used to accept an issue over 12 months old",
            Value::Text(discretion.clone()),
        ));
    }
    let interval = stage.update_interval.map(|every| format!("Every {}", working_days(every)));
    rows.push(row("Updates to the resident", Value::or(interval, "No interval agreed")));
    section.parts.push(Part::Rows(rows));

    section.parts.push(Part::Heading("Definition".into()));
    section.parts.push(Part::Rows(vec![
        row("Points of complaint", Value::Numbered(ack.definition.points.iter().map(|p| p.text.clone()).collect())),
        row("Outcomes sought", Value::Lines(ack.definition.outcomes_sought.clone())),
        row("The landlord is responsible for", Value::Lines(ack.responsibility.responsible_for.clone())),
        row("The landlord is not responsible for", Value::Lines(ack.responsibility.not_responsible_for.clone())),
    ]));
    section.table("Extensions", vec!["Recorded", "Working days", "Reasons", "New due date"], extensions(stage));
    if let Some(response) = &stage.response {
        section.parts.push(Part::Heading("Response".into()));
        let mut rows = vec![
            row("Sent", Value::Text(long_date(response.on))),
            row("Decision", Value::Text(response.decision.label().to_owned())),
        ];
        if let Some(reason) = &response.no_remedy_reason {
            rows.push(row("No remedy offered, because", Value::Text(reason.clone())));
        }
        rows.push(row("How to take the complaint further", how_to_escalate(&response.escalation)));
        section.parts.push(Part::Rows(rows));
        let points = all_points(complaint);
        let decisions = response
            .decisions
            .iter()
            .map(|d| {
                let point = points.iter().find(|p| p.id == d.point).map_or_else(|| d.point.clone(), |p| p.text.clone());
                vec![Value::Text(point), Value::Text(d.decision.label().to_owned()), Value::Text(d.reasons.clone())]
            })
            .collect();
        section.table("Decision on each point", vec!["Point", "Decision", "Reasons"], decisions);
    }
    section.table("Remedies", vec!["Number", "Kind", "What", "Due", "Status"], remedies(complaint, stage.number));
    let actions = actions(complaint, stage.number, name_of);
    section.table("Outstanding actions", vec!["Number", "What", "Owner", "Due", "Status"], actions);
    section
}

/// Each refusal to escalate (Code 5.11): the request it answered and why it was refused.
pub(crate) fn refusals(refusals: &[EscalationRefusal]) -> Option<Section> {
    if refusals.is_empty() {
        return None;
    }
    let mut section = Section::new("escalation-refused", "Stage 2 refused");
    for refusal in refusals {
        section.parts.push(Part::Heading(format!("Asked for on {}", long_date(refusal.requested_on))));
        section.parts.push(Part::Rows(vec![
            row("The resident's reasons for asking", reasons_for_asking(refusal.requested_because.as_ref())),
            row("Refused on", Value::Text(long_date(refusal.on))),
            row("Ground", ground(&refusal.ground)),
            row("Reasons", Value::Text(refusal.reasons.clone())),
            row("The Housing Ombudsman's details given", ombudsman_given(refusal.ombudsman.as_ref())),
        ]));
    }
    Some(section)
}

fn reasons_for_asking(reason: Option<&String>) -> Value {
    Value::or(reason.cloned(), "None given: the resident need not give reasons")
}

/// A ground for not accepting or not escalating, with the policy's words or the earlier
/// complaint it names.
fn ground(ground: &ExclusionGround) -> Value {
    match ground {
        ExclusionGround::PolicyGround { ground: words } => Value::Text(format!("{}: {words}", ground.label())),
        ExclusionGround::PreviouslyConsidered { earlier_complaint: Some(earlier) } => {
            Value::Link { href: format!("/cases/{earlier}"), text: ground.label().to_owned() }
        }
        _ => Value::Text(ground.label().to_owned()),
    }
}

/// The Housing Ombudsman's details as a step recorded them given.
fn ombudsman_given(contact: Option<&OmbudsmanContact>) -> Value {
    match contact {
        Some(contact) => Value::Lines(ombudsman_lines(contact)),
        None => Value::Text("Not recorded (decided before Redress kept them)".into()),
    }
}

fn ombudsman_lines(contact: &OmbudsmanContact) -> Vec<String> {
    vec![
        contact.name.clone(),
        format!("Telephone: {}", contact.telephone),
        format!("Email: {}", contact.email),
        format!("Web: {}", contact.web_address),
        format!("Post: {}", contact.postal_address),
    ]
}

/// What a response told the resident about taking the complaint further (Code 6.9 g, 6.19 g).
fn how_to_escalate(escalation: &HowToEscalate) -> Value {
    match escalation {
        HowToEscalate::StageTwo { route } => Value::Lines(vec![
            format!("Ask for stage 2: {}", route.contact),
            format!("How: {}", route.how),
            format!("Within: {}", route.within),
        ]),
        HowToEscalate::Ombudsman { contact } => {
            let mut lines = vec!["Refer the complaint to the Housing Ombudsman".to_owned()];
            lines.extend(ombudsman_lines(contact));
            Value::Lines(lines)
        }
        HowToEscalate::Text { text } => Value::Text(text.clone()),
    }
}

/// Every point defined, at either stage.
fn all_points(complaint: &Complaint) -> Vec<&Point> {
    [Some(&complaint.stage1), complaint.stage2.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|s| s.acknowledgement.as_ref())
        .flat_map(|a| &a.definition.points)
        .collect()
}

fn extensions(stage: &Stage) -> Vec<Vec<Value>> {
    stage
        .extensions
        .iter()
        .map(|e| {
            let notes = e.good_reason.iter().map(|g| format!("Good reason for going beyond the Code's limit: {g}"));
            vec![
                Value::Text(long_date(e.on)),
                Value::Text(e.working_days.to_string()),
                Value::Noted { text: e.reason.clone(), notes: notes.collect() },
                Value::or(e.new_due.map(long_date), "Not recorded"),
            ]
        })
        .collect()
}

fn remedies(complaint: &Complaint, stage: StageNumber) -> Vec<Vec<Value>> {
    complaint
        .remedies
        .iter()
        .filter(|r| r.stage == stage)
        .map(|r| {
            let amount = r.amount_pence.map(|p| format!(" ({})", pounds(p))).unwrap_or_default();
            vec![
                Value::Text(r.id.clone()),
                Value::Text(r.kind.label().to_owned()),
                Value::Text(format!("{}{amount}", r.description)),
                Value::Text(long_date(r.due)),
                progress(r.completed_on, "Completed", r.completion_note.as_ref()),
            ]
        })
        .collect()
}

fn actions(complaint: &Complaint, stage: StageNumber, name_of: NameOf<'_>) -> Vec<Vec<Value>> {
    complaint
        .actions
        .iter()
        .filter(|a| a.stage == Some(stage))
        .map(|a| {
            let updates = a.updates.iter().map(|u| {
                let told = if u.resident_informed { "resident told" } else { "resident not told" };
                format!("{}: {} ({told})", long_date(u.on), u.note)
            });
            vec![
                Value::Text(a.id.clone()),
                Value::Noted { text: a.description.clone(), notes: updates.collect() },
                Value::Text(name_of(a.owner.as_str())),
                Value::Text(long_date(a.due)),
                progress(a.completed_on, "Completed", None),
            ]
        })
        .collect()
}
