//! Cases about each complaint's stages as CH01 and CH02 count them (migration 0035): a year's
//! counts over hand-built facts, worked out by hand below, and the facts replaced with a
//! change to the complaint, with the organisation handling it following the summary's.

use redress_domain::complaint::StageNumber;
use redress_domain::reporting::{LateRecords, RecordedAfterDue, StageTally, TsmStageFacts, TsmTallies};
use redress_storage::{Backend, Extras, NewOrganisation, OrganisationKind};

use crate::fixtures::{at, cid, complaint, event_at, on, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_years_tsm_counts_are_the_stages_begun_and_the_responses_sent_in_it),
        on_each_backend!(a_complaints_tsm_stages_are_replaced_with_each_change_and_follow_its_handler),
    ]
}

/// A stage begun on `started` (counted by CH01 when `counted`), answered on `responded`.
fn facts(stage: StageNumber, started: &str, counted: bool, responded: Option<&str>) -> TsmStageFacts {
    TsmStageFacts {
        stage,
        started_on: on(started),
        counted,
        responded_on: responded.map(on),
        within: false,
        within_without_extensions: false,
        late: LateRecords::default(),
    }
}

fn within(facts: TsmStageFacts, without_extensions: bool) -> TsmStageFacts {
    TsmStageFacts { within: true, within_without_extensions: without_extensions, ..facts }
}

/// 2024/25 is 1 April 2024 to 31 March 2025.
///
/// - c-1: stage 1 begun 1 April 2024, answered 10 April within, without extensions too; stage 2
///   begun 31 March 2025, not answered.
/// - c-2: stage 1 begun 31 March 2024 (the year before), answered 2 April 2024, within only with
///   its extension, its acknowledgement recorded late and two extensions recorded late.
/// - c-3: refused (not counted), begun 5 May 2024, never answered.
/// - c-4: stage 1 begun 1 April 2025 (the year after); stage 1 of c-5 begun 3 June 2024,
///   answered 1 April 2025 (the year after).
/// - c-6, handled by the managing agent: stage 1 begun 3 June 2024, answered 31 March 2025
///   late, its response recorded late; stage 2 begun 1 July 2024, answered 1 August 2024
///   within, and its response recorded late.
/// - c-7: the other landlord's, in the year.
///
/// So CH01: stage 1 c-1, c-5, c-6 (3); stage 2 c-1's and c-6's (2). CH02 stage 1: c-1, c-2 and
/// c-6 answered in the year, c-1 and c-2 within (2), c-1 without extensions (1); late: 1
/// response (c-6), 1 acknowledgement and 2 extensions (c-2), within with late records 1 (c-2).
/// CH02 stage 2: c-6's, within, without extensions too, its response late: within with late
/// records 1. Handled by the agent (c-6 only): CH01 1 and 1; stage 1 one response, not within.
async fn a_years_tsm_counts_are_the_stages_begun_and_the_responses_sent_in_it(backend: Backend) -> CaseResult {
    use StageNumber::{One, Two};
    let w = world(backend).await?;
    let agent =
        w.db.create_organisation(&NewOrganisation {
            id: "org-agent".parse()?,
            name: "Agents Ltd".into(),
            kind: OrganisationKind::ManagingAgent,
            parent_id: Some(w.a.org()),
            created_at: at("2024-01-03T09:00:00Z"),
        })
        .await?;
    let late_ack = LateRecords { acknowledgement: true, extensions: 2, response: false };
    let late_response = LateRecords { response: true, ..LateRecords::default() };
    let stages = [
        (
            "c-1",
            vec![
                within(facts(One, "2024-04-01", true, Some("2024-04-10")), true),
                facts(Two, "2025-03-31", true, None),
            ],
        ),
        (
            "c-2",
            vec![TsmStageFacts { late: late_ack, ..within(facts(One, "2024-03-31", true, Some("2024-04-02")), false) }],
        ),
        ("c-3", vec![facts(One, "2024-05-05", false, None)]),
        ("c-4", vec![facts(One, "2025-04-01", true, None)]),
        ("c-5", vec![facts(One, "2024-06-03", true, Some("2025-04-01"))]),
        (
            "c-6",
            vec![
                TsmStageFacts { late: late_response, ..facts(One, "2024-06-03", true, Some("2025-03-31")) },
                TsmStageFacts {
                    late: late_response,
                    ..within(facts(Two, "2024-07-01", true, Some("2024-08-01")), true)
                },
            ],
        ),
    ];
    for (id, _) in &stages {
        complaint(&w.db, &w.a, id, "2024-06-03").await?;
    }
    complaint(&w.db, &w.b, "c-7", "2024-06-03").await?;
    let ids: Vec<_> = stages.iter().map(|(id, _)| cid(id)).collect();
    let (landlord, handler) = (w.a.org(), agent.id.clone());
    let rows: Vec<_> = ids
        .iter()
        .zip(&stages)
        .map(|(id, (name, facts))| (id, if *name == "c-6" { &handler } else { &landlord }, facts.as_slice()))
        .collect();
    w.db.replace_tsm_stages(&w.a.org(), &rows).await?;
    let other = [facts(One, "2024-06-03", true, Some("2024-06-10"))];
    w.db.replace_tsm_stages(&w.b.org(), &[(&cid("c-7"), &w.b.org(), &other[..])]).await?;

    let year = (on("2024-04-01"), on("2025-03-31"));
    let counted = w.db.tsm_tallies(&w.a.org(), None, year).await?;
    let expected = TsmTallies {
        received: [3, 2],
        stage1: StageTally {
            responses: 3,
            within: 2,
            within_without_extensions: 1,
            late: RecordedAfterDue {
                responses: 1,
                acknowledgements: 1,
                extensions: 2,
                within_timescales_with_late_records: 1,
            },
        },
        stage2: StageTally {
            responses: 1,
            within: 1,
            within_without_extensions: 1,
            late: RecordedAfterDue {
                responses: 1,
                within_timescales_with_late_records: 1,
                ..RecordedAfterDue::default()
            },
        },
    };
    assert_eq!(counted, expected);
    let agents = w.db.tsm_tallies(&w.a.org(), Some(&agent.id), year).await?;
    let expected = TsmTallies {
        received: [1, 1],
        stage1: StageTally {
            responses: 1,
            late: RecordedAfterDue { responses: 1, ..RecordedAfterDue::default() },
            ..StageTally::default()
        },
        stage2: expected.stage2,
    };
    assert_eq!(agents, expected);
    // A year with nothing in it.
    assert_eq!(w.db.tsm_tallies(&w.a.org(), None, (on("2021-04-01"), on("2022-03-31"))).await?, TsmTallies::default());
    Ok(())
}

async fn a_complaints_tsm_stages_are_replaced_with_each_change_and_follow_its_handler(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let year = (on("2024-04-01"), on("2025-03-31"));
    complaint(&w.db, &w.a, "c-1", "2024-06-03").await?;
    let first = [facts(StageNumber::One, "2024-06-03", true, None)];
    w.db.replace_tsm_stages(&w.a.org(), &[(&cid("c-1"), &w.a.org(), &first[..])]).await?;
    assert_eq!(w.db.tsm_tallies(&w.a.org(), None, year).await?.received, [1, 0]);
    // Answered within, and escalated: both stages, replacing the first.
    let answered = [
        within(facts(StageNumber::One, "2024-06-03", true, Some("2024-06-10")), true),
        facts(StageNumber::Two, "2024-07-01", true, None),
    ];
    let event = event_at("responded", r#"{"type":"step"}"#, "2024-06-10T10:00:00Z");
    let extras = Extras { tsm: Some(&answered), ..Extras::default() };
    w.db.append(&w.a.org(), &cid("c-1"), 1, &[event], &summary(&w.a, "2024-06-03"), extras).await?;
    let tallies = w.db.tsm_tallies(&w.a.org(), None, year).await?;
    assert_eq!((tallies.received, tallies.stage1.responses, tallies.stage1.within), ([1, 1], 1, 1));
    // A change that says nothing of the stages leaves them.
    let event = event_at("noted", r#"{"type":"step"}"#, "2024-06-11T10:00:00Z");
    w.db.append(&w.a.org(), &cid("c-1"), 2, &[event], &summary(&w.a, "2024-06-03"), Extras::default()).await?;
    assert_eq!(w.db.tsm_tallies(&w.a.org(), None, year).await?, tallies);
    // The escalation refused: stage 2 goes.
    let event = event_at("escalation_refused", r#"{"type":"step"}"#, "2024-07-02T10:00:00Z");
    let extras = Extras { tsm: Some(&answered[..1]), ..Extras::default() };
    w.db.append(&w.a.org(), &cid("c-1"), 3, &[event], &summary(&w.a, "2024-06-03"), extras).await?;
    assert_eq!(w.db.tsm_tallies(&w.a.org(), None, year).await?.received, [1, 0]);
    Ok(())
}
