//! What Redress enforced in the period, for the provisions whose rules it enforces on a step but
//! cannot measure from the record (1.3-1.5, 3.6, 5.2-5.8, 5.12, 5.13, 6.1, 6.7-6.10, 6.12,
//! 6.18): how many of those steps were recorded, each of which passed the rule the matrix
//! describes.

use std::collections::BTreeMap;

use super::{EvidenceInput, EvidenceRecord, Finding, count};
use crate::complaint::StageNumber;
use crate::reporting::{Period, ReportingError};

/// How one provision's steps are counted: which complaints had one in the period, and what the
/// step is called.
struct Counted {
    provision: &'static str,
    /// The step, singular and plural ("complaint was logged through a representative").
    step: (&'static str, &'static str),
    had: fn(&EvidenceRecord, &Period) -> Result<bool, ReportingError>,
}

fn received(record: &EvidenceRecord, period: &Period) -> Result<bool, ReportingError> {
    Ok(period.contains(record.received_on))
}

fn acknowledged(record: &EvidenceRecord, period: &Period) -> Result<bool, ReportingError> {
    let tsm = &record.activity.tsm;
    let stages = std::iter::once(&tsm.stage1).chain(tsm.escalation.as_ref().map(|e| &e.stage));
    for at in stages.filter_map(|s| s.acknowledged_at) {
        if period.contains_instant(at)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn answered(record: &EvidenceRecord, period: &Period, stage: StageNumber) -> bool {
    record.responses.iter().any(|r| r.stage == stage && period.contains(r.on))
}

fn escalated(record: &EvidenceRecord, period: &Period) -> Result<bool, ReportingError> {
    match &record.activity.tsm.escalation {
        Some(e) => Ok(period.contains_instant(e.requested_at)?),
        None => Ok(false),
    }
}

const COUNTED: [Counted; 19] = [
    Counted {
        provision: "1.3",
        step: ("complaint was made through a representative", "complaints were made through a representative"),
        had: |r, p| Ok(r.represented && received(r, p)?),
    },
    Counted {
        provision: "3.6",
        step: ("complaint was made through a representative", "complaints were made through a representative"),
        had: |r, p| Ok(r.represented && received(r, p)?),
    },
    Counted {
        provision: "1.4",
        step: ("complaint arose from a service request", "complaints arose from service requests"),
        had: |r, p| Ok(r.from_service_request && received(r, p)?),
    },
    Counted {
        provision: "1.5",
        step: ("complaint was logged about a service request", "complaints were logged about service requests"),
        had: |r, p| Ok(r.from_service_request && received(r, p)?),
    },
    Counted { provision: "5.2", step: ("complaint was received", "complaints were received"), had: received },
    Counted { provision: "5.3", step: ("escalation was requested", "escalations were requested"), had: escalated },
    Counted {
        provision: "5.4",
        step: (
            "complaint was handled by a managing agent or contractor",
            "complaints were handled by managing agents or contractors",
        ),
        had: |r, p| Ok(r.handled_by_another && received(r, p)?),
    },
    Counted {
        provision: "5.5",
        step: (
            "complaint was handled by a managing agent or contractor",
            "complaints were handled by managing agents or contractors",
        ),
        had: |r, p| Ok(r.handled_by_another && received(r, p)?),
    },
    Counted {
        provision: "5.6",
        step: ("complaint was acknowledged", "complaints were acknowledged"),
        had: acknowledged,
    },
    Counted {
        provision: "5.7",
        step: ("complaint was acknowledged", "complaints were acknowledged"),
        had: acknowledged,
    },
    Counted {
        provision: "5.8",
        step: ("complaint was acknowledged", "complaints were acknowledged"),
        had: acknowledged,
    },
    Counted { provision: "5.12", step: ("complaint was received", "complaints were received"), had: received },
    Counted {
        provision: "5.13",
        step: ("stage 1 response was sent", "stage 1 responses were sent"),
        had: |r, p| Ok(answered(r, p, StageNumber::One)),
    },
    Counted {
        provision: "6.1",
        step: ("complaint was received and triaged", "complaints were received and triaged"),
        had: received,
    },
    Counted {
        provision: "6.7",
        step: ("stage 1 response was sent", "stage 1 responses were sent"),
        had: |r, p| Ok(answered(r, p, StageNumber::One)),
    },
    Counted {
        provision: "6.8",
        step: ("stage 1 response was sent", "stage 1 responses were sent"),
        had: |r, p| Ok(answered(r, p, StageNumber::One)),
    },
    Counted {
        provision: "6.9",
        step: ("stage 1 response was sent", "stage 1 responses were sent"),
        had: |r, p| Ok(answered(r, p, StageNumber::One)),
    },
    Counted { provision: "6.10", step: ("escalation was requested", "escalations were requested"), had: escalated },
    Counted {
        provision: "6.18",
        step: ("stage 2 response was sent", "stage 2 responses were sent"),
        had: |r, p| Ok(answered(r, p, StageNumber::Two)),
    },
];

/// The findings for the provisions of [`COUNTED`]: how many complaints had the step
/// in the period, and that each passed the rule (`covers` is added by the caller's matrix).
pub(super) fn findings(input: &EvidenceInput<'_>) -> Result<BTreeMap<&'static str, Finding>, ReportingError> {
    let mut out = BTreeMap::new();
    for counted in &COUNTED {
        let mut n = 0;
        for record in input.records {
            n += usize::from((counted.had)(record, &input.period)?);
        }
        let mut finding = Finding::default();
        finding.say(format!(
            "In the period {}; Redress refuses the step when the rule below is not kept, so each kept it.",
            count(n, counted.step.0, counted.step.1)
        ));
        out.insert(counted.provision, finding);
    }
    Ok(out)
}
