//! The cases: what a demo holds, that it is reproducible, that its record is intact, and that
//! its accounts work.

use std::collections::BTreeSet;

use redress_app::Role;
use redress_demo::{DemoError, DemoOptions, LANDLORD, generate};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::code::VersionId;
use redress_domain::complaint::{DeadlineStatus, ExclusionGround, RemedyKind, StageNumber, Status, Step};
use redress_storage::{Backend, ComplaintFilter};

use crate::fixtures::{END, complaints, demo, digest, reader, views};
use crate::{Case, CaseResult, case};

/// Every case.
pub fn all() -> Vec<Case> {
    vec![
        case!(a_small_demo_has_complaints_in_every_state_and_deadline_status),
        case!(the_same_seed_and_size_give_the_same_data),
        case!(the_record_of_a_demo_passes_the_audit),
        case!(every_demo_account_signs_in_with_its_token),
        case!(the_managing_agent_sees_the_residents_of_the_homes_it_manages),
        case!(a_second_demo_in_the_same_database_is_refused),
        case!(a_demo_reaching_back_before_april_2024_follows_the_2022_code_at_the_expected_rate),
        case!(the_demos_letters_give_decisions_in_plain_words_not_internal_names),
    ]
}

/// Every kind of event the lifecycle records.
const EVENT_KINDS: [&str; 19] = [
    "logged",
    "not_accepted",
    "acknowledged",
    "points_added",
    "update_interval_agreed",
    "extended",
    "responded",
    "escalation_requested",
    "escalation_refused",
    "remedy_offered",
    "remedy_completed",
    "action_added",
    "action_updated",
    "action_completed",
    "correspondence_recorded",
    "referred_to_ombudsman",
    "ombudsman_determined",
    "order_complied",
    "closed",
];

async fn a_small_demo_has_complaints_in_every_state_and_deadline_status(backend: Backend) -> CaseResult {
    let (db, summary) = demo(backend, 200, 2, 1).await?;
    let views = views(&db, &summary).await;
    assert_eq!(views.len() as u64, summary.complaints);
    assert_eq!(summary.by_status.values().sum::<u64>(), summary.complaints);

    let statuses: BTreeSet<&str> = views.iter().map(|v| v.status.as_str()).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["not_accepted", "awaiting_acknowledgement", "investigating", "responded", "closed"])
    );
    let deadline_statuses: BTreeSet<&str> =
        views.iter().flat_map(|v| v.deadlines.iter().map(|d| d.status.as_str())).collect();
    let every = ["on_track", "due_soon", "overdue", "met", "met_within_extension", "missed"];
    assert_eq!(deadline_statuses, BTreeSet::from(every));
    assert_eq!(summary.deadlines.keys().copied().collect::<BTreeSet<_>>(), BTreeSet::from(every));
    let kinds: BTreeSet<String> = views.iter().flat_map(|v| v.events.iter().map(|e| kind(&e.event))).collect();
    assert_eq!(kinds, EVENT_KINDS.iter().map(|k| k.to_string()).collect());

    let any = |test: &dyn Fn(&redress_app::ComplaintView) -> bool| views.iter().any(test);
    let acknowledgement_missed = |v: &redress_app::ComplaintView| {
        v.deadlines.iter().any(|d| {
            d.stage == StageNumber::One
                && d.step == Step::Acknowledgement
                && matches!(d.status, DeadlineStatus::Missed { .. })
        })
    };
    assert!(any(&acknowledgement_missed), "a stage 1 acknowledgement made late");
    assert!(any(&|v| v.complaint.stage1.extensions.iter().any(|e| e.good_reason.is_some())), "beyond the limit");
    assert!(
        any(&|v| v.deadlines.iter().any(|d| d.explanation.extensions.iter().any(|e| !e.counted))),
        "an extension recorded too late to count"
    );
    assert!(
        any(&|v| v.complaint.remedies.iter().any(|r| r.kind == RemedyKind::Financial && r.amount_pence > Some(0))),
        "a financial remedy with its amount"
    );
    assert!(
        any(&|v| v.complaint.stage1.response.as_ref().is_some_and(|r| r.no_remedy_reason.is_some())),
        "a stage 1 response with no remedy"
    );
    assert!(
        any(&|v| {
            let stage2 = v.complaint.stage2.as_ref();
            stage2.is_some_and(|s| s.response.is_some() && s.handler() != v.complaint.stage1.handler())
        }),
        "a stage 2 response by another handler"
    );
    assert!(any(&|v| !v.complaint.escalation_refusals.is_empty()), "an escalation refused");
    let grounds: BTreeSet<String> = views
        .iter()
        .filter_map(|v| v.complaint.not_accepted.as_ref())
        .map(|n| match &n.ground {
            ExclusionGround::PolicyGround { .. } => "policy".to_owned(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(grounds.len(), 4, "every exclusion ground: {grounds:?}");
    assert!(any(&|v| v.complaint.actions.iter().any(|a| a.completed_on.is_some())), "an action completed");
    assert!(any(&|v| v.complaint.actions.iter().any(|a| a.completed_on.is_none())), "an action still open");
    assert!(
        any(&|v| {
            let determination = v.complaint.ombudsman.as_ref().and_then(|c| c.determination.as_ref());
            determination.is_some_and(|d| !d.orders.is_empty() && d.orders.iter().any(|o| o.complied_on.is_some()))
        }),
        "an Ombudsman determination with orders complied with"
    );
    assert!(
        any(&|v| v.complaint.ombudsman.as_ref().is_some_and(|c| c.determination.is_none())),
        "a referral awaiting the Ombudsman"
    );
    assert!(
        any(&|v| v.complaint.closed.as_ref().is_some_and(|c| !c.learning.root_cause.is_empty())),
        "closed with learning"
    );
    assert!(
        any(&|v| v.complaint.stage2.is_some()
            && matches!(v.status, Status::AwaitingAcknowledgement | Status::Investigating)),
        "open at stage 2"
    );
    assert!(any(&|v| v.complaint.logged.handling_organisation == summary.agent.id), "handled by the agent");
    assert!(any(&|v| v.complaint.logged.representative.is_some()), "made by a representative");
    assert!(views.iter().all(|v| !v.complaint.correspondence.is_empty()), "every complaint has correspondence");
    Ok(())
}

/// The serde name of an event's kind.
fn kind(event: &redress_domain::complaint::Event) -> String {
    serde_json::to_value(event).unwrap()["type"].as_str().unwrap().to_owned()
}

async fn the_same_seed_and_size_give_the_same_data(backend: Backend) -> CaseResult {
    let (first_db, first) = demo(backend, 100, 1, 7).await?;
    let (second_db, second) = demo(backend, 100, 1, 7).await?;
    let (a, b) = (digest(&first_db, &first).await, digest(&second_db, &second).await);
    assert_eq!(a.len(), b.len());
    if let Some((x, y)) = a.iter().zip(&b).find(|(x, y)| x != y) {
        panic!("the two demos differ:\n{x}\n{y}");
    }
    assert_eq!(first.landlord.id, second.landlord.id);
    assert_eq!(first.by_status, second.by_status);
    assert_eq!(first.deadlines, second.deadlines);

    let (other_db, other) = demo(backend, 100, 1, 8).await?;
    assert_ne!(digest(&other_db, &other).await, a, "another seed gives other data");
    Ok(())
}

async fn the_record_of_a_demo_passes_the_audit(backend: Backend) -> CaseResult {
    let (db, summary) = demo(backend, 150, 1, 3).await?;
    let report = db.verify_audit().await?;
    assert!(report.is_clean(), "{:#?}", report.problems);
    assert_eq!(report.organisations, 2);
    assert_eq!(report.complaints, summary.complaints);
    assert_eq!(report.correspondence, summary.correspondence);
    assert!(report.attachments > 0);
    assert!(report.events > summary.complaints * 5);
    Ok(())
}

async fn every_demo_account_signs_in_with_its_token(backend: Backend) -> CaseResult {
    let (db, summary) = demo(backend, 20, 1, 5).await?;
    let (app, _) = crate::fixtures::reader(&db, &summary).await;
    let landlord_roles: BTreeSet<&str> =
        summary.accounts.iter().filter(|a| a.organisation == summary.landlord.name).map(|a| a.role.as_str()).collect();
    assert_eq!(landlord_roles, Role::ALL.iter().map(|r| r.as_str()).collect());
    assert_eq!(summary.accounts.len(), Role::ALL.len() + 1);
    for account in &summary.accounts {
        let actor = app.authenticate(&account.token).await?.expect("the token signs in");
        assert_eq!((actor.role, actor.user_id.as_str()), (account.role, account.user_id.as_str()));
        let organisation = if account.organisation == summary.agent.name { &summary.agent } else { &summary.landlord };
        assert_eq!(actor.organisation_id, organisation.id);
        assert!(!format!("{account:?}").contains(&account.token), "tokens stay out of debug output");
    }
    Ok(())
}

async fn the_managing_agent_sees_the_residents_of_the_homes_it_manages(backend: Backend) -> CaseResult {
    let (db, summary) = demo(backend, 20, 1, 5).await?;
    let (app, _) = crate::fixtures::reader(&db, &summary).await;
    assert_eq!(summary.managed_by_agent, 4, "every fifth home of 20");
    let account = summary.accounts.iter().find(|a| a.organisation == summary.agent.name).expect("the agent's handler");
    let agent = app.authenticate(&account.token).await?.expect("the token signs in");
    let homes = app.properties(&agent).await?;
    assert_eq!(homes.len(), 4);
    let residents = app.residents(&agent).await?;
    assert_eq!(residents.len(), 4, "the residents of its homes, and none other");
    assert!(residents.iter().all(|r| r.home_id.as_ref().is_some_and(|h| homes.iter().any(|home| &home.id == h))));
    Ok(())
}

async fn a_second_demo_in_the_same_database_is_refused(backend: Backend) -> CaseResult {
    let (db, summary) = demo(backend, 10, 1, 1).await?;
    let options = DemoOptions { homes: 10, years: 1, seed: 2, end: END };
    let again = generate(&db, WorkingCalendar::england_and_wales(), &options, &mut |_| {}).await;
    assert!(matches!(again, Err(DemoError::AlreadyExists(ref name)) if name == LANDLORD), "{again:?}");
    let count = db.count_complaints(&summary.landlord.id, &ComplaintFilter::default()).await?;
    assert_eq!(count, summary.complaints);
    assert_eq!(db.list_organisations().await?.len(), 2);
    Ok(())
}

async fn a_demo_reaching_back_before_april_2024_follows_the_2022_code_at_the_expected_rate(
    backend: Backend,
) -> CaseResult {
    let (db, summary) = demo(backend, 400, 3, 11).await?;
    assert_eq!(summary.period.from, jiff::civil::date(2023, 4, 1));
    assert_eq!(summary.complaints, summary.period.expected_complaints(400));
    let stored = complaints(&db, &summary).await;
    assert!(stored.iter().any(|c| c.summary.received_on < jiff::civil::date(2024, 4, 1)));
    let views = views(&db, &summary).await;
    assert!(views.iter().any(|v| v.complaint.logged.code_version == VersionId::V2022));
    assert!(views.iter().any(|v| v.complaint.logged.code_version == VersionId::V2024));
    let report = db.verify_audit().await?;
    assert!(report.is_clean(), "{:#?}", report.problems);
    Ok(())
}

/// Whether `text` has a point's number written as code writes it, such as "P4:".
fn point_number(text: &str) -> bool {
    text.match_indices('P').any(|(at, _)| {
        let digits: String = text[at + 1..].chars().take_while(char::is_ascii_digit).collect();
        !digits.is_empty() && text[at + 1 + digits.len()..].starts_with(':')
    })
}

async fn the_demos_letters_give_decisions_in_plain_words_not_internal_names(backend: Backend) -> CaseResult {
    let (db, summary) = demo(backend, 200, 2, 1).await?;
    let (app, actor) = reader(&db, &summary).await;
    let mut responses = 0;
    for complaint in complaints(&db, &summary).await {
        for letter in app.correspondence(&actor, &complaint.id).await? {
            let text = format!("{} {}", letter.item.subject, letter.item.body);
            for internal in ["NotUpheld", "PartlyUpheld", "not_upheld", "partly_upheld"] {
                assert!(!text.contains(internal), "{internal} in {}: {text}", complaint.reference);
            }
            assert!(!point_number(&text), "a point's number in {}: {text}", complaint.reference);
            responses += usize::from(text.contains("Our decision: "));
        }
    }
    assert!(responses > 0, "the demo's responses give their decisions");
    assert!(point_number("P4: NotUpheld") && !point_number("Pay £40: done"), "the check finds what it looks for");
    Ok(())
}
