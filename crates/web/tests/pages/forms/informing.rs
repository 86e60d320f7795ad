//! Keeping the resident informed (Code 5.9): updates due and overdue on the home page, the case
//! list and the case page; and the extension's two steps, the new due date shown before the
//! handler confirms that the resident was told of it (Code 6.4, 6.15). The site's clock is
//! Tuesday 4 March 2025.

use axum::http::StatusCode;
use jiff::Timestamp;
use jiff::civil::date;
use redress_app::{ComplaintIntake, CorrespondenceInput, Role, Stated};
use redress_domain::complaint::{
    Acknowledge, AgreeUpdateInterval, Channel, Command, ConflictDeclaration, DefinitionInput, Direction, Event,
    Responsibility, StageNumber, Step,
};
use redress_storage::Backend;
use serde_json::json;

use super::acknowledged_case;
use crate::site::{Site, email};

fn at(text: &str) -> Option<Timestamp> {
    Some(text.parse().unwrap())
}

/// A complaint received at `received`, acknowledged by the handler at `acknowledged`, with an
/// update interval of `every` working days agreed then; its id and reference.
async fn informed_case(site: &Site, received: &str, acknowledged: &str, every: u16) -> (String, String) {
    let actor = site.member(Role::Handler);
    let resident = redress_app::ResidentInput { name: "Una Update".into(), ..Default::default() };
    let resident = site.app.create_resident(actor, resident).await.unwrap();
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "received_at": received,
        "channel": "letter",
        "issue_occurred_on": "2025-01-20",
        "complexity": "straightforward",
        "risks": [],
        "description": "Nobody tells me what is happening",
        "resident_id": resident.id,
    }))
    .unwrap();
    let view = site.app.log_complaint(actor, intake, None).await.unwrap().view;
    let acknowledge = Command::Acknowledge(Acknowledge {
        stage: StageNumber::One,
        handler: actor.user_id.clone(),
        definition: DefinitionInput { points: vec!["No updates".into()], outcomes_sought: vec!["Updates".into()] },
        responsibility: Responsibility { responsible_for: vec!["Updates".into()], not_responsible_for: vec![] },
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
    });
    // Set up in the past, so recorded after its due date: the reason says why (Code 5.12).
    let late = Stated { at: at(acknowledged), late_reason: Some("Set up for this test in the past".into()) };
    site.app.act(actor, &view.id, acknowledge, late).await.unwrap();
    let agree =
        Command::AgreeUpdateInterval(AgreeUpdateInterval { stage: StageNumber::One, every_working_days: every });
    site.app.act(actor, &view.id, agree, Stated::at(at(acknowledged))).await.unwrap();
    (view.id.into(), view.reference)
}

/// The count a home page tile shows for `label`.
fn tile(home: &str, label: &str) -> String {
    let end = home.find(&format!("</span> {label}</a>")).unwrap_or_else(|| panic!("no tile {label}: {home}"));
    let start = home[..end].rfind('>').unwrap() + 1;
    home[start..end].to_owned()
}

pub async fn code_5_9_updates_due_and_overdue_show_on_the_home_page_the_case_list_and_the_case(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    // Agreed on Tuesday 4 February, every 5 working days: due 11 February, overdue today.
    let (late, late_ref) = informed_case(&site, "2025-02-03T09:00:00Z", "2025-02-04T10:00:00Z", 5).await;
    // Agreed on Tuesday 18 February, every 10 working days: due today.
    let (_, due_ref) = informed_case(&site, "2025-02-17T09:00:00Z", "2025-02-18T10:00:00Z", 10).await;
    // Not yet acknowledged: no interval, no response deadline, no update due.
    let quiet = site.complaint(site.member(Role::Handler), "A quiet complaint").await;

    let home = site.get(Some(&cookie), "/").await;
    home.expect(StatusCode::OK);
    assert_eq!(tile(&home.body, "Updates to residents due today"), "1");
    assert_eq!(tile(&home.body, "Updates to residents overdue"), "1");
    assert!(home.body.contains(r#"href="/cases?update=overdue""#), "{}", home.body);

    let list = site.get(Some(&cookie), "/cases?update=overdue").await;
    list.expect(StatusCode::OK);
    assert!(list.body.contains(&late_ref) && !list.body.contains(&due_ref), "{}", list.body);
    assert!(list.body.contains("Update overdue"), "{}", list.body);
    assert!(list.body.contains(r#"<option value="overdue" selected>Update overdue</option>"#), "{}", list.body);
    let list = site.get(Some(&cookie), "/cases?update=due").await;
    assert!(list.body.contains(&due_ref) && !list.body.contains(&late_ref), "{}", list.body);
    assert!(list.body.contains("1 case<"), "{}", list.body);
    site.get(Some(&cookie), "/cases?update=someday").await.expect(StatusCode::BAD_REQUEST);

    let page = site.get(Some(&cookie), &format!("/cases/{late}")).await;
    assert!(page.body.contains("Next update to the resident due 11 February 2025"), "{}", page.body);
    assert!(page.body.contains(">Overdue</strong>"), "{}", page.body);
    assert!(page.body.contains("as agreed with the resident on 4 February 2025"), "{}", page.body);
    let page = site.get(Some(&cookie), &format!("/cases/{quiet}")).await;
    assert!(page.body.contains("No update to the resident is due."), "{}", page.body);

    // A letter to the resident today is an update: the next is due 5 working days later.
    let letter = CorrespondenceInput {
        direction: Direction::Outgoing,
        channel: Channel::Letter,
        subject: "Where your complaint has got to".into(),
        body: "We are still waiting for the surveyor.".into(),
        occurred_at: None,
        attachments: Vec::new(),
    };
    site.app.record_correspondence(site.member(Role::Handler), &late.parse().unwrap(), letter).await.unwrap();
    let page = site.get(Some(&cookie), &format!("/cases/{late}")).await;
    assert!(page.body.contains("Next update to the resident due 11 March 2025"), "{}", page.body);
    assert!(page.body.contains("the last update, sent on 4 March 2025"), "{}", page.body);
    let home = site.get(Some(&cookie), "/").await;
    assert_eq!(tile(&home.body, "Updates to residents overdue"), "0");
}

pub async fn code_6_4_the_new_due_date_is_shown_before_confirming_and_recorded_after(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    // Acknowledged today, Tuesday 4 March 2025: the response is due 18 March.
    let id = acknowledged_case(&site, &cookie).await;
    let (case, path) = (format!("/cases/{id}"), format!("/cases/{id}/extend"));
    let events =
        || async { site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap().events.len() };
    let before = events().await;

    let step1 = site.get(Some(&cookie), &path).await;
    step1.expect(StatusCode::OK).expect_page("Extend the response deadline");
    assert!(!step1.body.contains(r#"name="resident_informed""#), "not asked before the date is shown");

    let answers = [("working_days", "5"), ("reason", "Waiting for the surveyor's report"), ("update_interval", "5")];
    let step2 = site.submit(&cookie, &path, &answers).await;
    step2.expect(StatusCode::OK).expect_page("Tell the resident the new due date");
    let html = &step2.body;
    assert!(html.contains("New due date: 25 March 2025"), "{html}");
    assert!(
        html.contains("The stage 1 response is due on 18 March 2025. 5 working days later is 25 March 2025."),
        "{html}"
    );
    assert!(html.contains("Saturday 22 March 2025 (weekend)"), "{html}");
    assert!(html.contains(r#"<input type="hidden" name="new_due" value="2025-03-25">"#), "{html}");
    assert!(
        html.contains(r#"<input type="hidden" name="reason" value="Waiting for the surveyor&#39;s report">"#),
        "{html}"
    );
    assert!(html.contains("The resident has been told the new due date, 25 March 2025, and the reasons"), "{html}");
    assert_eq!(events().await, before, "nothing recorded before confirming");

    // Back to step 1 with the answers kept.
    let mut change: Vec<(&str, &str)> = answers.to_vec();
    change.push(("go", "change"));
    let back = site.submit(&cookie, &path, &change).await;
    back.expect(StatusCode::OK).expect_page("Extend the response deadline");
    assert!(back.body.contains(">Waiting for the surveyor&#39;s report</textarea>"), "{}", back.body);

    // Confirming a date the extension does not give is refused, citing Code 6.4.
    let confirm = |told: &'static str| {
        let mut pairs: Vec<(&str, &str)> = answers.to_vec();
        pairs.extend([("new_due", told), ("resident_informed", "yes"), ("go", "confirm")]);
        pairs
    };
    let wrong = site.submit(&cookie, &path, &confirm("2025-03-24")).await;
    wrong.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Tell the resident the new due date");
    assert!(wrong.body.contains("The extension gives a new due date of 2025-03-25, not 2025-03-24"), "{}", wrong.body);
    assert_eq!(events().await, before, "nothing recorded when refused");

    // Confirming with no date shown (the first step skipped) records nothing.
    let mut unseen: Vec<(&str, &str)> = answers.to_vec();
    unseen.extend([("resident_informed", "yes"), ("go", "confirm")]);
    let blind = site.submit(&cookie, &path, &unseen).await;
    blind.expect(StatusCode::BAD_REQUEST);
    assert!(blind.body.contains("Continue from the first step to see the new due date"), "{}", blind.body);
    assert_eq!(events().await, before, "nothing recorded without the date shown");

    site.submit(&cookie, &path, &confirm("2025-03-25")).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let recorded = view.events.iter().find_map(|e| match &e.event {
        Event::Extended { new_due, .. } => Some(*new_due),
        _ => None,
    });
    assert_eq!(recorded, Some(Some(date(2025, 3, 25))), "the new due date is in the record");
    let deadline = view.deadlines.iter().find(|d| d.stage == StageNumber::One && d.step == Step::Response).unwrap();
    assert_eq!(deadline.due, date(2025, 3, 25));
    assert!(site.get(Some(&cookie), &case).await.body.contains("25 March 2025"));
}
