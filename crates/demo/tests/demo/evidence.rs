//! The self-assessment's evidence for the demo landlord (issue 13): every provision the
//! compliance matrix does not mark `attested` has evidence from the record, carrying what
//! remains for the landlord to attest, and names only the demo's own complaints.

use std::collections::BTreeSet;

use redress_domain::assessment::Answer;
use redress_domain::code::{CodeBook, Support};
use redress_domain::reporting::ReportingYear;
use redress_storage::Backend;

use crate::fixtures::{complaints, demo, reader};
use crate::{Case, CaseResult, case};

/// Every case.
pub fn all() -> Vec<Case> {
    vec![case!(every_provision_not_attested_has_evidence_from_the_demo_landlords_record)]
}

async fn every_provision_not_attested_has_evidence_from_the_demo_landlords_record(backend: Backend) -> CaseResult {
    let (db, summary) = demo(backend, 300, 1, 11).await?;
    let (app, auditor) = reader(&db, &summary).await;
    let year = ReportingYear::of(crate::fixtures::END).period();
    let evidence = app.assessment_evidence(&auditor, Some(&summary.landlord.id), year).await?;
    let matrix = CodeBook::embedded()?.matrix();
    let expected: Vec<_> = matrix.iter().filter(|e| e.support != Support::Attested).collect();
    assert_eq!(evidence.len(), expected.len());
    let references: BTreeSet<String> = complaints(&db, &summary).await.into_iter().map(|c| c.reference).collect();
    for (found, entry) in evidence.iter().zip(&expected) {
        assert_eq!(found.provision, entry.provision);
        assert_eq!(found.remains, entry.remains, "{}", entry.provision);
        assert!(!found.statements.is_empty(), "{} has no statement", entry.provision);
        for reference in &found.complaints {
            assert!(references.contains(reference), "{}: {reference} is not the demo's", entry.provision);
        }
        if !found.policy_breaches.is_empty() {
            assert_eq!(found.suggested, Some(Answer::No), "{}", entry.provision);
        }
        if found.suggested == Some(Answer::Yes) {
            assert!(entry.remains.is_empty(), "{}: Yes only when nothing remains to attest", entry.provision);
        }
    }
    // The demo lives complaints through the use cases, so stage 1 was acknowledged in the year.
    let acknowledged = evidence.iter().find(|e| e.provision.to_string() == "6.2").ok_or("6.2")?;
    assert!(acknowledged.statements[0].contains("acknowledged within 5 working days"), "{acknowledged:?}");
    Ok(())
}
