//! The case's facts in words for its file (`redress_casefile::CaseFacts`), from the complaint
//! the domain rebuilt from its record: every enum by its one label, every date in words, every
//! instant in England with its zone's abbreviation (the record keeps UTC), every person by
//! name.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_casefile::{ActionFacts, DeadlineFacts, EventFacts, Labelled, Part, RemedyFacts, StageFacts};
use redress_domain::calendar::{NonWorkingDay, london};
use redress_domain::code::Anchor;
use redress_domain::complaint::{Complaint, Deadline, Event, Happened, HowToEscalate, Stage};

use crate::RecordedEvent;

/// Names a member of staff by their id (the id itself for one no longer known).
pub(super) type NameOf<'a> = &'a dyn Fn(&str) -> String;

/// `3 June 2024`.
pub(super) fn day(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// `3 June 2024 at 14:05 BST`: the instant on England's clocks, saying which.
pub(super) fn instant(at: Timestamp) -> String {
    match london::zone() {
        Ok(zone) => at.to_zoned(zone).strftime("%-d %B %Y at %H:%M %Z").to_string(),
        Err(_) => at.strftime("%-d %B %Y at %H:%M UTC").to_string(),
    }
}

/// `£1,234.50`.
fn pounds(pence: u64) -> String {
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

/// The case at a glance.
pub(super) fn summary(reference: &str, complaint: &Complaint, name_of: NameOf<'_>) -> Vec<Labelled> {
    let logged = &complaint.logged;
    let handler = complaint.current_stage().handler().or(complaint.stage1.handler());
    let mut risks: Vec<String> = logged.risks.iter().map(|r| r.label().to_owned()).collect();
    risks.extend(logged.risk_flags.iter().cloned());
    vec![
        Labelled::new("Reference", reference),
        Labelled::new("Status", complaint.status().label()),
        Labelled::new("Stage", complaint.current_stage().number.label()),
        Labelled::new("Received", instant(logged.received_at)),
        Labelled::new("Issue occurred", day(logged.issue_occurred_on)),
        Labelled::new(
            "Resident became aware of it",
            logged.became_aware_on.map_or_else(|| "Not given: counted from when it occurred".to_owned(), day),
        ),
        Labelled::new("Channel", logged.channel.label()),
        Labelled::new(
            "Categories",
            if logged.categories.is_empty() { "None".into() } else { logged.categories.join(", ") },
        ),
        Labelled::new("Complexity", logged.complexity.label()),
        Labelled::new("Risks", if risks.is_empty() { "None identified".into() } else { risks.join(", ") }),
        Labelled::new("Handler", handler.map_or_else(|| "Not assigned".into(), |h| name_of(h.as_str()))),
    ]
}

/// One stage: its facts, definition and response.
pub(super) fn stage(stage: &Stage, name_of: NameOf<'_>) -> StageFacts {
    let mut facts = vec![Labelled::new("Began", day(stage.opened_on))];
    facts.extend(stage.escalation_reason.as_ref().map(|r| Labelled::new("Why the resident asked for it", r)));
    facts.extend(stage.escalation_channel.map(|c| Labelled::new("How the resident asked", c.label())));
    let (mut points, mut outcomes, mut responsible, mut not_responsible) = (vec![], vec![], vec![], vec![]);
    if let Some(ack) = &stage.acknowledgement {
        facts.push(Labelled::new("Acknowledged", instant(ack.at)));
        facts.push(Labelled::new("Handler named", name_of(ack.handler.as_str())));
        let conflict = match (&ack.conflict.has_conflict, &ack.conflict.measures) {
            (false, _) => "No conflict of interest declared".to_owned(),
            (true, Some(measures)) => format!("A conflict of interest was declared. Measures: {measures}"),
            (true, None) => "A conflict of interest was declared".to_owned(),
        };
        facts.push(Labelled::new("Conflict of interest", conflict));
        facts.extend(ack.late_issue_discretion.as_ref().map(|d| Labelled::new("Discretion used for an old issue", d)));
        points = ack.definition.points.iter().map(|p| format!("{}: {}", p.id, p.text)).collect();
        outcomes.clone_from(&ack.definition.outcomes_sought);
        responsible.clone_from(&ack.responsibility.responsible_for);
        not_responsible.clone_from(&ack.responsibility.not_responsible_for);
    }
    for r in &stage.reassignments {
        let text =
            format!("from {} to {}. Reason: {}", name_of(r.from.as_str()), name_of(r.handler.as_str()), r.reason);
        facts.push(Labelled::new("Handler reassigned", text));
    }
    facts.extend(
        stage.update_interval.map(|every| Labelled::new("Updates agreed", format!("every {every} working days"))),
    );
    for e in &stage.extensions {
        let mut text = format!("{} working days, recorded {}. Reasons: {}", e.working_days, day(e.on), e.reason);
        if let Some(good) = &e.good_reason {
            text.push_str(&format!(". Good reason for going beyond the Code's limit: {good}"));
        }
        if let Some(new_due) = e.new_due {
            text.push_str(&format!(". New due date: {}", day(new_due)));
        }
        facts.push(Labelled::new("Extension", text));
    }
    let mut decisions = Vec::new();
    if let Some(response) = &stage.response {
        facts.push(Labelled::new("Response sent", instant(response.at)));
        facts.push(Labelled::new("Decision", response.decision.label()));
        facts.extend(response.no_remedy_reason.as_ref().map(|r| Labelled::new("Why no remedy", r)));
        facts.push(Labelled::new("How to take it further", escalation(&response.escalation)));
        decisions = response
            .decisions
            .iter()
            .map(|d| format!("{}, {}: {}", d.point, d.decision.label().to_lowercase(), d.reasons))
            .collect();
    }
    StageFacts {
        title: stage.number.label().to_owned(),
        facts,
        points,
        outcomes_sought: outcomes,
        responsible_for: responsible,
        not_responsible_for: not_responsible,
        decisions,
    }
}

/// What a response told the resident about taking the complaint further.
fn escalation(how: &HowToEscalate) -> String {
    match how {
        HowToEscalate::StageTwo { route } => {
            format!("To stage 2: contact {}, {}, {}", route.contact, route.how, route.within)
        }
        HowToEscalate::Ombudsman { contact } => {
            format!("To {}: {}, {}, {}", contact.name, contact.telephone, contact.email, contact.web_address)
        }
        HowToEscalate::Text { text } => text.clone(),
    }
}

/// A decision not to accept, the refusals to escalate, the closures and the Ombudsman.
pub(super) fn decisions(complaint: &Complaint) -> Vec<Part> {
    let mut parts = Vec::new();
    if let Some(not) = &complaint.not_accepted {
        let mut facts = vec![
            Labelled::new("Decided", instant(not.at)),
            Labelled::new("Ground", not.ground.label()),
            Labelled::new("Reasons", &not.reasons),
        ];
        facts.extend(not.discretion.as_ref().map(|d| Labelled::new("Why discretion was not used", d)));
        parts.push(Part { title: "Decision not to accept the complaint".into(), facts });
    }
    for refusal in &complaint.escalation_refusals {
        let mut facts = vec![
            Labelled::new("Requested", day(refusal.requested_on)),
            Labelled::new("Refused", instant(refusal.at)),
            Labelled::new("Ground", refusal.ground.label()),
            Labelled::new("Reasons", &refusal.reasons),
        ];
        facts.extend(refusal.requested_because.as_ref().map(|r| Labelled::new("The resident's reasons", r)));
        parts.push(Part { title: "Refusal to escalate".into(), facts });
    }
    for (title, closure) in complaint
        .earlier_closures
        .iter()
        .map(|c| ("Closure, later reopened by escalation", c))
        .chain(complaint.closed.iter().map(|c| ("Closure", c)))
    {
        let learning = &closure.learning;
        let mut facts =
            vec![Labelled::new("Closed", instant(closure.at)), Labelled::new("Root cause", &learning.root_cause)];
        facts.push(Labelled::new(
            "Service improvement",
            if learning.improvement_needed { learning.improvement_actions.join("; ") } else { "None needed".into() },
        ));
        parts.push(Part { title: title.into(), facts });
    }
    if let Some(case) = &complaint.ombudsman {
        let mut facts = vec![Labelled::new("Referred", day(case.referred_on))];
        facts.extend(case.case_reference.as_ref().map(|r| Labelled::new("The Ombudsman's reference", r)));
        if let Some(determination) = &case.determination {
            facts.push(Labelled::new("Determined", day(determination.on)));
            for finding in &determination.findings {
                facts.push(Labelled::new("Finding", format!("{}: {}", finding.aspect, finding.outcome.label())));
            }
            for order in &determination.orders {
                let due = order.due.map_or_else(String::new, |d| format!(" by {}", day(d)));
                let complied = match (order.complied_on, &order.evidence) {
                    (Some(on), Some(evidence)) => format!("Complied on {}: {evidence}", day(on)),
                    (Some(on), None) => format!("Complied on {}", day(on)),
                    _ => "Not yet complied with".into(),
                };
                let text = format!("{} {}{due}. {complied}", order.id, order.description);
                facts.push(Labelled::new(order.kind.label(), text));
            }
        }
        parts.push(Part { title: "The Housing Ombudsman".into(), facts });
    }
    parts
}

/// Every deadline with how it was worked out.
pub(super) fn deadlines(deadlines: &[Deadline]) -> Vec<DeadlineFacts> {
    deadlines.iter().map(deadline).collect()
}

fn deadline(d: &Deadline) -> DeadlineFacts {
    let e = &d.explanation;
    let start = match e.start_event {
        Anchor::Received => "the complaint was received",
        Anchor::Logged => "the complaint was logged",
        Anchor::Acknowledged => "the stage was acknowledged and the complaint defined",
        Anchor::EscalationRequested => "the resident asked for stage 2",
    };
    let mut derivation = vec![format!("Counted from the day {start}: {}", day(e.start_date))];
    if e.counted_from != e.start_date {
        derivation.push(format!("That was not a working day, so the count starts from {}", day(e.counted_from)));
    }
    derivation.push(format!("Code {} allows {} working days", e.provision, e.working_days));
    derivation.push(format!("Due by the rule: {}", day(e.original_due)));
    for x in &e.extensions {
        let counted = if x.counted {
            "it moved the due date".to_owned()
        } else {
            "recorded after the due date, so it did not move it".to_owned()
        };
        derivation.push(format!(
            "Extended by {} working days, recorded {} (Code {}): {counted}",
            x.working_days,
            day(x.recorded_on),
            x.provision
        ));
    }
    if e.skipped.is_empty() {
        derivation.push("No day was skipped: every day counted was a working day".into());
    }
    for skipped in &e.skipped {
        let why = match &skipped.reason {
            NonWorkingDay::Weekend => "weekend".to_owned(),
            NonWorkingDay::BankHoliday(name) => format!("bank holiday: {name}"),
            NonWorkingDay::Closure(name) => format!("closure day: {name}"),
        };
        derivation.push(format!("Skipped {} ({why})", skipped.date.strftime("%A %-d %B %Y")));
    }
    DeadlineFacts {
        title: format!("Stage {} {}", u8::from(d.stage), d.step.label().to_lowercase()),
        due: day(d.due),
        status: d.status.label().to_owned(),
        done: d.done_on.map(day),
        derivation,
        recorded_late: d
            .recorded_after_due
            .iter()
            .map(|late| {
                format!(
                    "Stated as {}, recorded {}. Reason: {}",
                    day(late.stated_on),
                    day(late.recorded_on),
                    late.reason
                )
            })
            .collect(),
    }
}

/// Every event, with both its times.
pub(super) fn timeline(events: &[RecordedEvent], name_of: NameOf<'_>) -> Vec<EventFacts> {
    events
        .iter()
        .map(|e| EventFacts {
            seq: e.seq,
            what: match detail(&e.event) {
                Some(detail) => format!("{}: {detail}", e.event.label()),
                None => e.event.label().to_owned(),
            },
            happened: match e.event.happened() {
                Some(Happened::At(at)) => instant(at),
                Some(Happened::On(on)) => day(on),
                None => format!("{} (when recorded)", instant(e.recorded_at)),
            },
            recorded: instant(e.recorded_at),
            by: name_of(&e.actor),
        })
        .collect()
}

/// What the timeline adds to an event's label.
fn detail(event: &Event) -> Option<String> {
    match event {
        Event::Acknowledged { stage, .. } | Event::Responded { stage, .. } => Some(format!("stage {stage}")),
        Event::Extended { stage, working_days, .. } => Some(format!("stage {stage}, by {working_days} working days")),
        Event::NotAccepted { ground, .. } | Event::EscalationRefused { ground, .. } => Some(ground.label().to_owned()),
        Event::CorrespondenceRecorded { summary, .. } => Some(summary.clone()),
        Event::RemedyOffered { remedy } => Some(remedy.id.clone()),
        Event::ActionAdded { action } => Some(action.id.clone()),
        Event::RemedyCompleted { id, .. }
        | Event::ActionUpdated { id, .. }
        | Event::ActionCompleted { id, .. }
        | Event::OrderComplied { id, .. } => Some(id.clone()),
        _ => None,
    }
}

/// Every remedy, with its status.
pub(super) fn remedies(complaint: &Complaint) -> Vec<RemedyFacts> {
    complaint
        .remedies
        .iter()
        .map(|r| RemedyFacts {
            id: r.id.clone(),
            stage: r.stage.label().to_owned(),
            kind: r.kind.label().to_owned(),
            description: match r.amount_pence {
                Some(pence) => format!("{} ({})", r.description, pounds(pence)),
                None => r.description.clone(),
            },
            due: day(r.due),
            status: match (r.completed_on, &r.completion_note) {
                (Some(on), Some(note)) => format!("Completed on {}: {note}", day(on)),
                (Some(on), None) => format!("Completed on {}", day(on)),
                (None, _) => "Not yet completed".into(),
            },
        })
        .collect()
}

/// Every outstanding action, with its status and updates.
pub(super) fn actions(complaint: &Complaint, name_of: NameOf<'_>) -> Vec<ActionFacts> {
    complaint
        .actions
        .iter()
        .map(|a| ActionFacts {
            id: a.id.clone(),
            stage: a.stage.map_or_else(|| "Not recorded".into(), |s| s.label().to_owned()),
            description: a.description.clone(),
            owner: name_of(a.owner.as_str()),
            due: day(a.due),
            status: a.completed_on.map_or_else(|| "Not yet completed".into(), |on| format!("Completed on {}", day(on))),
            updates: a
                .updates
                .iter()
                .map(|u| {
                    let told = if u.resident_informed { "the resident was told" } else { "the resident was not told" };
                    format!("{}: {} ({told})", day(u.on), u.note)
                })
                .collect(),
        })
        .collect()
}
