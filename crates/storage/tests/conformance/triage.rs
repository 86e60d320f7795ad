//! Triage (Code 6.1): the case list filters by the complexity and the risks recorded when
//! a complaint was logged, alone and with other filters, and counts the same.

use redress_domain::complaint::{Complexity, Risk};
use redress_storage::{Backend, ComplaintFilter, NewComplaint, Triage};

use crate::fixtures::{cid, complaint, event, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![on_each_backend!(code_6_1_complaints_are_listed_by_complexity_and_by_risk)]
}

async fn code_6_1_complaints_are_listed_by_complexity_and_by_risk(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let db = &w.db;
    for (id, complexity, risks, channel) in [
        ("c-1", Complexity::Complex, vec![Risk::DampAndMould, Risk::Vulnerability], "email"),
        ("c-2", Complexity::Straightforward, vec![Risk::DampAndMould], "phone"),
        ("c-3", Complexity::Complex, vec![], "phone"),
        ("c-4", Complexity::Straightforward, vec![Risk::Other], "email"),
    ] {
        let mut s = summary(&w.a, "2025-03-01");
        s.channel = channel.into();
        let triage = Triage { complexity, risks: risks.into_iter().collect() };
        db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid(id), summary: s, triage, categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    }
    // Another landlord's complaint, straightforward with no risk, is never listed.
    complaint(db, &w.b, "b-1", "2025-03-01").await?;
    let listed = async |filter: ComplaintFilter| -> Result<Vec<String>, redress_storage::StorageError> {
        let mut ids: Vec<String> =
            db.list_complaints(&w.a.id, &filter).await?.into_iter().map(|c| String::from(c.id)).collect();
        ids.sort();
        assert_eq!(db.count_complaints(&w.a.id, &filter).await?, ids.len() as u64, "{filter:?}");
        Ok(ids)
    };
    let all = ComplaintFilter::default();
    let complexity = |c| ComplaintFilter { complexity: Some(c), ..all.clone() };
    let risk = |r| ComplaintFilter { risk: Some(r), ..all.clone() };
    assert_eq!(listed(complexity(Complexity::Complex)).await?, ["c-1", "c-3"]);
    assert_eq!(listed(complexity(Complexity::Straightforward)).await?, ["c-2", "c-4"]);
    assert_eq!(listed(risk(Risk::DampAndMould)).await?, ["c-1", "c-2"]);
    assert_eq!(listed(risk(Risk::Vulnerability)).await?, ["c-1"]);
    assert_eq!(listed(risk(Risk::Other)).await?, ["c-4"]);
    assert!(listed(risk(Risk::HealthAndSafety)).await?.is_empty());
    assert!(listed(risk(Risk::Disrepair)).await?.is_empty());
    let both = ComplaintFilter { complexity: Some(Complexity::Straightforward), ..risk(Risk::DampAndMould) };
    assert_eq!(listed(both).await?, ["c-2"]);
    let with_channel = ComplaintFilter { channel: Some("email".into()), ..risk(Risk::DampAndMould) };
    assert_eq!(listed(with_channel).await?, ["c-1"]);
    assert_eq!(db.count_complaints_up_to(&w.a.id, &risk(Risk::DampAndMould), 1001).await?, 2);
    Ok(())
}
