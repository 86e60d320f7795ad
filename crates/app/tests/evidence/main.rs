//! The self-assessment's evidence from the record (issue 13) for complaints lived through the
//! use cases, on each database backend (SQLite, and PostgreSQL when
//! `REDRESS_TEST_DATABASE_URL` is set): the late ones are named by reference and the
//! provision is answered `No`; the settings that break a provision are flagged on it.
//!
//! ```text
//! cargo test -p redress-app --test evidence
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress-app --test evidence
//! ```

// Test code: a failed unwrap or assert is a failed case with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The letters' world: a landlord, its staff and a resident, with complaints lived through the
// use cases. Not every part of it is used here.
#[allow(dead_code)]
#[path = "../letters/world.rs"]
mod world;

use std::process::ExitCode;

use redress_app::AppError;
use redress_domain::assessment::{Answer, ProvisionEvidence};
use redress_domain::reporting::Period;
use redress_storage::Backend;
use redress_storage::testing::suite;
pub use redress_storage::{case, testing::suite::Case};

use crate::world::{Upto, World, world};

fn main() -> ExitCode {
    let cases = vec![
        case!(code_6_2_the_evidence_names_the_complaints_acknowledged_late_or_not_at_all_and_suggests_no),
        case!(code_2_3_a_six_month_time_limit_among_the_policys_grounds_is_flagged_and_suggests_no),
        case!(the_evidence_is_for_those_who_may_read_reports),
    ];
    suite::run("evidence", suite::trials_of(cases))
}

fn at(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

fn of<'a>(all: &'a [ProvisionEvidence], provision: &str) -> &'a ProvisionEvidence {
    all.iter().find(|e| e.provision.to_string() == provision).unwrap()
}

/// Three complaints received on Monday 5 January 2026: the first acknowledged that day, the
/// second on Tuesday 13 January (due Monday 12 January: late), the third not at all; seen on
/// Tuesday 20 January.
async fn january(w: &World) {
    let first = w.logged().await;
    let second = w.logged().await;
    let _third = w.logged().await;
    w.live(&first, Upto::Logged, Upto::Acknowledged).await;
    w.clock.set(at("2026-01-13T09:00:00Z"));
    w.live(&second, Upto::Logged, Upto::Acknowledged).await;
    w.clock.set(at("2026-01-20T09:00:00Z"));
}

async fn code_6_2_the_evidence_names_the_complaints_acknowledged_late_or_not_at_all_and_suggests_no(backend: Backend) {
    let w = world(backend).await;
    january(&w).await;
    let all = w.app.assessment_evidence(&w.senior, None, Period::month(2026, 1).unwrap()).await.unwrap();
    let found = of(&all, "6.2");
    assert_eq!(
        found.statements,
        [
            "1 of the 2 stage 1 complaints acknowledged in the period were acknowledged within 5 working days of receipt.",
            "Acknowledged late: CMP-2026-000002.",
            "Not acknowledged and past the 5 working days: CMP-2026-000003.",
        ]
    );
    assert_eq!(found.complaints, ["CMP-2026-000002", "CMP-2026-000003"]);
    assert_eq!(found.suggested, Some(Answer::No));
    // Nothing reached stage 2: 6.11 cannot be shown met, and is left to the landlord.
    assert_eq!(of(&all, "6.11").suggested, None);
    // Every provision the matrix does not mark attested has evidence.
    let matrix = w.app.code().matrix();
    let expected = matrix.iter().filter(|e| e.support != redress_domain::code::Support::Attested).count();
    assert_eq!(all.len(), expected);
    assert!(all.iter().all(|e| !e.statements.is_empty()));
}

async fn code_2_3_a_six_month_time_limit_among_the_policys_grounds_is_flagged_and_suggests_no(backend: Backend) {
    let w = world(backend).await;
    let organisation = w.app.organisation_named("Alpha Homes").await.unwrap();
    let (_, token) = w.app.add_user(&organisation, "Ann Admin", redress_app::Role::Admin).await.unwrap();
    let admin = w.app.authenticate(&token).await.unwrap().unwrap();
    let january = Period::month(2026, 1).unwrap();
    let before = w.app.assessment_evidence(&w.senior, None, january).await.unwrap();
    assert!(of(&before, "2.3").policy_breaches.is_empty());
    assert_eq!(of(&before, "2.3").suggested, None);
    w.app.add_policy_ground(&admin, "The complaint is made more than 6 months after the issue").await.unwrap();
    let after = w.app.assessment_evidence(&w.senior, None, january).await.unwrap();
    let found = of(&after, "2.3");
    assert_eq!(found.policy_breaches.len(), 1, "{found:?}");
    assert!(found.policy_breaches[0].contains("sets a time limit of 6 months"), "{found:?}");
    assert_eq!(found.suggested, Some(Answer::No));
    assert!(of(&after, "2.2").statements[0].contains("more than 6 months after the issue"));
}

async fn the_evidence_is_for_those_who_may_read_reports(backend: Backend) {
    let w = world(backend).await;
    let january = Period::month(2026, 1).unwrap();
    let refused = w.app.assessment_evidence(&w.handler, None, january).await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
    assert!(w.app.assessment_evidence(&w.auditor, None, january).await.is_ok());
}
