//! The case page is the file: a complaint taken through both stages to closure and an Ombudsman
//! determination shows everything decided on it (each point's decision and reasons, remedies,
//! actions, extensions, the escalation's reason and route, the closure's learning, the findings
//! with severe maladministration made to stand out, the orders and compliance), stage 1 as it
//! was decided after stage 2 began, and the resident panel; never an internal name.

use jiff::Timestamp;
use jiff::civil::date;
use redress_app::{Actor, ComplaintIntake, RepresentativeInput, ResidentInput, Role, Stated};
use redress_domain::complaint::{
    Acknowledge, ActionPlan, Channel, Command, CompleteRemedy, ConflictDeclaration, Decision, DefinitionInput, Extend,
    Finding, Item, Learning, OmbudsmanOutcome, OrderKind, OrderTerms, Outstanding, PointDecision, RecordDetermination,
    RecordOrderCompliance, ReferToOmbudsman, RemedyKind, RemedyOffer, RemedyOutcome, RequestEscalation, Respond,
    Responsibility, StageNumber, StageTwoRoute, UpdateAction,
};
use redress_domain::ids::{ComplaintId, PropertyId, RepresentativeId, ResidentId};
use redress_domain::people::ReasonableAdjustment;
use redress_storage::{Backend, OrganisationKind};
use serde_json::json;

use crate::site::{PASSWORD, Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(the_case_page_shows_everything_decided_at_both_stages_to_the_ombudsman),
        case!(the_resident_panel_shows_the_person_and_who_acts_for_them),
        case!(a_managing_agent_handling_the_complaint_sees_its_resident_panel),
    ]
}

/// What the case page must never show: the names the code gives values.
const INTERNAL: [&str; 10] = [
    "NotUpheld",
    "PartlyUpheld",
    "not_upheld",
    "partly_upheld",
    "SevereMaladministration",
    "severe_maladministration",
    "P1:",
    "P2:",
    "P3:",
    "awaiting_acknowledgement",
];

/// When a step happened, recorded today from the paper file: late, with the reason (Code 5.12).
fn at(text: &str) -> Stated {
    Stated { at: Some(text.parse::<Timestamp>().unwrap()), late_reason: Some("Entered from the paper file".into()) }
}

/// A resident with needs, an adjustment and a representative, and their home.
pub(crate) struct Person {
    pub(crate) resident: ResidentId,
    representative: RepresentativeId,
    home: PropertyId,
}

pub(crate) async fn person(site: &Site) -> Person {
    let actor = site.member(Role::ComplaintsOfficer);
    let resident = ResidentInput {
        name: "Ada Lovelace".into(),
        email: Some("ada@example.org".into()),
        address: Some("12 Analytical Row, Leeds LS1 1AA".into()),
        preferred_contact_method: Some("Email".into()),
        preferred_format: Some("Large print".into()),
        disabilities: vec!["Visual impairment".into()],
        vulnerabilities: vec!["Recent bereavement".into(), "Financial hardship".into()],
        reasonable_adjustments: vec![ReasonableAdjustment {
            adjustment: "Letters in large print (18 point)".into(),
            review_on: date(2025, 9, 1),
        }],
        ..ResidentInput::default()
    };
    let resident = site.app.create_resident(actor, resident).await.unwrap().id;
    let representative = RepresentativeInput {
        name: "Byron Lovelace".into(),
        relationship: "Son".into(),
        phone: Some("0113 496 0000".into()),
        authority_evidence: "Signed third-party authority form on file".into(),
        ..RepresentativeInput::default()
    };
    let representative = site.app.add_representative(actor, &resident, representative).await.unwrap().id;
    let home = site.app.create_property(actor, "Flat 3, 12 Analytical Row, Leeds LS1 1AA", None).await.unwrap().id;
    Person { resident, representative, home }
}

/// Logs the person's complaint, received Monday 6 January 2025.
pub(crate) async fn logged(site: &Site, person: &Person) -> ComplaintId {
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "received_at": "2025-01-06T09:00:00Z",
        "channel": "via_third_party",
        "issue_occurred_on": "2024-12-20",
        "complexity": "complex",
        "risks": ["vulnerability", "damp_and_mould"],
        "description": "Black mould in the bedroom, reported three times since December.",
        "resident_id": person.resident,
        "representative_id": person.representative,
        "property_id": person.home,
    }))
    .unwrap();
    site.app.log_complaint(site.member(Role::ComplaintsOfficer), intake, None).await.unwrap().view.id
}

fn acknowledge(stage: StageNumber, handler: &Actor, points: &[&str]) -> Command {
    Command::Acknowledge(Acknowledge {
        stage,
        handler: handler.user_id.clone(),
        definition: DefinitionInput {
            points: points.iter().map(|p| (*p).to_owned()).collect(),
            outcomes_sought: vec!["The mould treated at its cause".into()],
        },
        responsibility: Responsibility {
            responsible_for: vec!["Repairs to the structure of the home".into()],
            not_responsible_for: vec!["The resident's damaged furniture, which their contents insurer covers".into()],
        },
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
    })
}

fn decided(point: &str, decision: Decision, reasons: &str) -> PointDecision {
    PointDecision { point: point.into(), decision, reasons: reasons.into() }
}

/// Takes the complaint through both stages, closes it, and records the Ombudsman's
/// determination with severe maladministration and compliance with its first order.
pub(crate) async fn lived(site: &Site, id: &ComplaintId) {
    let (handler, senior) = (site.member(Role::Handler), site.member(Role::SeniorLead));
    let act = |actor: &'static str, stated: Stated, command: Command| {
        let actor = if actor == "senior" { senior } else { handler };
        async move { site.app.act(actor, id, command, stated).await.unwrap() }
    };
    let points = ["Mould reports were not investigated", "The surveyor did not attend"];
    act("handler", at("2025-01-08T10:00:00Z"), acknowledge(StageNumber::One, handler, &points)).await;
    let extend = Extend {
        stage: StageNumber::One,
        working_days: 5,
        reason: "We are waiting for the damp specialist's report.".into(),
        resident_informed: true,
        good_reason: None,
        update_interval: Some(5),
        new_due: None,
    };
    act("handler", at("2025-01-15T10:00:00Z"), Command::Extend(extend)).await;
    let respond = Respond {
        stage: StageNumber::One,
        decision: Some(Decision::PartlyUpheld),
        decisions: vec![
            decided("P1", Decision::PartlyUpheld, "Two of the three reports were logged without an inspection."),
            decided("P2", Decision::NotUpheld, "The surveyor attended on 9 January, as the visit log shows."),
        ],
        remedy: Some(RemedyOutcome::Offered {
            remedies: vec![RemedyOffer {
                kind: RemedyKind::Apology,
                description: "A written apology from the repairs manager".into(),
                amount_pence: None,
                due: Some(date(2025, 2, 7)),
            }],
        }),
        outstanding: Some(Outstanding::Actions {
            actions: vec![ActionPlan {
                description: "Treat the mould and fit an extractor fan".into(),
                owner: handler.user_id.clone(),
                due: date(2025, 2, 28),
            }],
        }),
        escalation: Some(StageTwoRoute {
            contact: "The complaints team".into(),
            how: "Reply to this letter or email complaints@riverside.example".into(),
            within: "Within 20 working days of this response".into(),
        }),
    };
    act("handler", at("2025-01-27T10:00:00Z"), Command::Respond(respond)).await;
    let done =
        Item { id: "R1".into(), body: CompleteRemedy { note: "Apology posted first class on 29 January".into() } };
    act("handler", at("2025-01-29T10:00:00Z"), Command::CompleteRemedy(done)).await;
    let progress = UpdateAction { note: "Specialist booked for 10 February".into(), resident_informed: true };
    act("handler", at("2025-01-30T10:00:00Z"), Command::UpdateAction(Item { id: "A1".into(), body: progress })).await;
    let because = "The mould has come back and the fan has not been fitted.";
    let escalate = RequestEscalation { reason: Some(because.into()), channel: Some(Channel::Email) };
    act("handler", at("2025-02-03T10:00:00Z"), Command::RequestEscalation(escalate)).await;
    let stage_two = acknowledge(StageNumber::Two, senior, &["The stage 1 remedy did not stop the mould"]);
    act("senior", at("2025-02-04T10:00:00Z"), stage_two).await;
    let respond = Respond {
        stage: StageNumber::Two,
        decision: Some(Decision::Upheld),
        decisions: vec![decided("P3", Decision::Upheld, "The fan was not fitted when we said it would be.")],
        remedy: Some(RemedyOutcome::Offered {
            remedies: vec![RemedyOffer {
                kind: RemedyKind::Financial,
                description: "Compensation for the damaged bedding".into(),
                amount_pence: Some(25000),
                due: Some(date(2025, 3, 7)),
            }],
        }),
        outstanding: Some(Outstanding::None),
        escalation: None,
    };
    act("senior", at("2025-02-20T10:00:00Z"), Command::Respond(respond)).await;
    let learning = Learning {
        root_cause: "Mould reports were closed without an inspection".into(),
        improvement_needed: true,
        improvement_actions: vec!["Inspect every mould report within 10 working days".into()],
    };
    act("senior", at("2025-02-21T10:00:00Z"), Command::Close(learning)).await;
    let refer = ReferToOmbudsman { case_reference: Some("202500123".into()) };
    act("senior", at("2025-02-24T10:00:00Z"), Command::ReferToOmbudsman(refer)).await;
    let finding = |aspect: &str, outcome| Finding { aspect: aspect.into(), outcome };
    let determination = RecordDetermination {
        findings: vec![
            finding("The landlord's response to reports of damp and mould", OmbudsmanOutcome::SevereMaladministration),
            finding("The landlord's complaint handling", OmbudsmanOutcome::ServiceFailure),
        ],
        orders: vec![
            OrderTerms {
                kind: OrderKind::Order,
                description: "Pay the resident £600 for the distress caused".into(),
                due: Some(date(2025, 3, 31)),
            },
            OrderTerms {
                kind: OrderKind::Recommendation,
                description: "Review the damp and mould policy".into(),
                due: None,
            },
        ],
    };
    act("senior", at("2025-03-03T10:00:00Z"), Command::RecordDetermination(determination)).await;
    let complied = RecordOrderCompliance { evidence: "Payment made by bank transfer on 4 March".into() };
    act("senior", at("2025-03-04T09:00:00Z"), Command::RecordOrderCompliance(Item { id: "O1".into(), body: complied }))
        .await;
}

/// The part of the page from the section with `id` to the next section's heading.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!(r#"id="{id}""#)).unwrap_or_else(|| panic!("no section {id}: {html}"));
    let rest = &html[start..];
    let end = rest[1..].find(r#"<h2 class="govuk-heading-m""#).map_or(rest.len(), |end| end + 1);
    &rest[..end]
}

/// A summary list row as the page draws it.
fn row(key: &str, value: &str) -> String {
    format!(
        "<dt class=\"govuk-summary-list__key\">{key}</dt>\n    <dd class=\"govuk-summary-list__value\">{value}</dd>"
    )
}

/// Table cells as the page draws them, one after another.
fn cells(texts: &[&str]) -> String {
    texts.iter().map(|t| format!("<td class=\"govuk-table__cell\">{t}</td>")).collect::<Vec<_>>().join("\n      ")
}

#[track_caller]
fn shows(html: &str, texts: &[&str]) {
    for text in texts {
        assert!(html.contains(text), "{text:?} is not in: {html}");
    }
}

async fn the_case_page_shows_everything_decided_at_both_stages_to_the_ombudsman(backend: Backend) {
    let site = Site::new(backend).await;
    let person = person(&site).await;
    let id = logged(&site, &person).await;
    lived(&site, &id).await;
    // Read by the Member Responsible for Complaints, who reads every case.
    let cookie = site.sign_in(&email(Role::MemberResponsible)).await;
    let page = site.get(Some(&cookie), &format!("/cases/{id}")).await;
    let html = &page.body;
    for internal in INTERNAL {
        assert!(!html.contains(internal), "{internal} on the case page: {html}");
    }
    shows(
        html,
        &[
            &row("Status", "Closed"),
            &row("Channel", "Through a third party"),
            &row("Risks", "Vulnerability, Damp and mould"),
        ],
    );

    // Severe maladministration stands out, above everything.
    let top = &html[..html.find(r#"<dl class="govuk-summary-list">"#).unwrap()];
    shows(top, &["govuk-warning-text", "The Housing Ombudsman found severe maladministration."]);

    // Stage 1 as it was decided, though stage 2 has been acknowledged and answered since.
    let stage_1 = section(html, "stage-1");
    shows(
        stage_1,
        &[
            "<li>Mould reports were not investigated</li>",
            "<li>The surveyor did not attend</li>",
            "The mould treated at its cause",
            "Repairs to the structure of the home",
            "The resident&#39;s damaged furniture, which their contents insurer covers",
            &row("Handler", "Riverside handler"),
            &row("Updates to the resident", "Every 5 working days"),
            // The extension, with its reasons and the new due date it gave.
            "We are waiting for the damp specialist&#39;s report.",
            &row("Decision", "Partly upheld"),
            &cells(&["Mould reports were not investigated", "Partly upheld"]),
            "Two of the three reports were logged without an inspection.",
            &cells(&["The surveyor did not attend", "Not upheld"]),
            "The surveyor attended on 9 January, as the visit log shows.",
            // How the resident was told to escalate.
            "Ask for stage 2: The complaints team",
            "Within: Within 20 working days of this response",
            // The remedy, completed, with how; the action with its update.
            "A written apology from the repairs manager",
            "Completed 29 January 2025",
            "Apology posted first class on 29 January",
            "Treat the mould and fit an extractor fan",
            "30 January 2025: Specialist booked for 10 February (resident told)",
        ],
    );
    // Acknowledged Wednesday 8 January, the response was due 22 January; 5 working days more.
    shows(stage_1, &[&cells(&["15 January 2025", "5"]), &cells(&["29 January 2025"])]);

    let stage_2 = section(html, "stage-2");
    shows(
        stage_2,
        &[
            &row("Asked for on", "3 February 2025"),
            &row("How they asked", "Email"),
            "The mould has come back and the fan has not been fitted.",
            &row("Handler", "Riverside senior_lead"),
            "<li>The stage 1 remedy did not stop the mould</li>",
            &row("Decision", "Upheld"),
            "The fan was not fitted when we said it would be.",
            "Refer the complaint to the Housing Ombudsman",
            "Compensation for the damaged bedding (£250.00)",
            &cells(&["R2", "Financial", "Compensation for the damaged bedding (£250.00)"]),
        ],
    );
    assert!(!stage_2.contains("Mould reports were not investigated</li>"), "stage 1's points stay in stage 1");

    let closure = section(html, "closure");
    shows(
        closure,
        &[
            &row("Closed on", "21 February 2025"),
            "Mould reports were closed without an inspection",
            "Inspect every mould report within 10 working days",
        ],
    );

    let ombudsman = section(html, "ombudsman");
    shows(
        ombudsman,
        &[
            "The Housing Ombudsman found severe maladministration.",
            &row("Referred on", "24 February 2025"),
            "202500123",
            r#"<strong class="govuk-tag govuk-tag--red">Severe maladministration</strong>"#,
            r#"<strong class="govuk-tag govuk-tag--yellow">Service failure</strong>"#,
            "Pay the resident £600 for the distress caused",
            "Complied 4 March 2025",
            "Payment made by bank transfer on 4 March",
            "Review the damp and mould policy",
            "No date set",
        ],
    );
    // The timeline labels every event in words.
    shows(
        html,
        &[
            "<strong>Response issued: stage 1</strong>",
            "<strong>Stage 2 requested</strong>",
            "<strong>The Ombudsman&#39;s determination</strong>",
        ],
    );
}

async fn the_resident_panel_shows_the_person_and_who_acts_for_them(backend: Backend) {
    let site = Site::new(backend).await;
    let person = person(&site).await;
    let id = logged(&site, &person).await;
    let cookie = site.sign_in(&email(Role::Auditor)).await;
    let page = site.get(Some(&cookie), &format!("/cases/{id}")).await;
    let panel = section(&page.body, "resident");
    shows(
        panel,
        &[
            &format!(r#"<a class="govuk-link" href="/residents/{}">Ada Lovelace</a>"#, person.resident),
            &row("The home the complaint is about", "Flat 3, 12 Analytical Row, Leeds LS1 1AA"),
            &row("Preferred contact method", "Email"),
            &row("Format needed", "Large print"),
            "<li>Recent bereavement</li>",
            "<li>Financial hardship</li>",
            "<li>Visual impairment</li>",
            "Letters in large print (18 point) (review by 1 September 2025)",
            "Byron Lovelace (Son)",
            "Authority: Signed third-party authority form on file",
        ],
    );
    // A complaint made by the resident alone says so.
    let own = site.complaint(site.member(Role::Handler), "The gate is broken").await;
    let page = site.get(Some(&cookie), &format!("/cases/{own}")).await;
    shows(
        section(&page.body, "resident"),
        &["None: the resident acts for themselves", "<dd class=\"govuk-summary-list__value\">None</dd>"],
    );
}

async fn a_managing_agent_handling_the_complaint_sees_its_resident_panel(backend: Backend) {
    let site = Site::new(backend).await;
    let landlord = site.member(Role::Handler).organisation_id.clone();
    let agent = site
        .app
        .create_organisation("Riverside Estate Services", OrganisationKind::ManagingAgent, Some(landlord))
        .await
        .unwrap();
    let (user, _) = site.app.add_user(&agent, "Aggie Agent", Role::Handler).await.unwrap();
    site.app.set_password(&agent.id, &user.id, "aggie@agent.example", PASSWORD).await.unwrap();
    let person = person(&site).await;
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "channel": "phone",
        "issue_occurred_on": "2025-02-20",
        "complexity": "straightforward",
        "risks": [],
        "description": "The communal door does not lock.",
        "resident_id": person.resident,
        "handling_organisation_id": agent.id,
    }))
    .unwrap();
    let id = site.app.log_complaint(site.member(Role::Handler), intake, None).await.unwrap().view.id;
    let cookie = site.sign_in("aggie@agent.example").await;
    let page = site.get(Some(&cookie), &format!("/cases/{id}")).await;
    shows(section(&page.body, "resident"), &["Ada Lovelace", "<li>Recent bereavement</li>"]);
}
