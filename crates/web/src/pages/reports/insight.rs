//! The dashboard's sections on the Ombudsman (Code 9.7 c), learning (9.1-9.3) and the
//! residents behind the complaints (9.7 b), as rows for the page: each count links to the
//! case list where its filters can say which complaints, and otherwise lists the complaints
//! behind it by reference, each a link to its case page.

use std::collections::HashMap;

use redress_domain::complaint::{OrderKind, Risk};
use redress_domain::ids::ComplaintId;
use redress_domain::reporting::{Counted, Metrics, OrderCompliance};

use crate::pages::cases::{DrillDown, long_date};

/// A complaint listed under a figure: its reference and case page.
pub(super) struct CaseLink {
    pub reference: String,
    pub href: String,
}

/// A count with the complaints behind it: a link to the case list, or a list of them.
pub(super) struct ListedRow {
    pub label: String,
    pub count: String,
    pub link: Option<String>,
    pub complaints: Vec<CaseLink>,
}

/// A service improvement made because of a complaint, as the page lists it.
pub(super) struct ImprovementRow {
    pub complaint: CaseLink,
    pub closed_on: String,
    pub root_cause: String,
    pub actions: Vec<String>,
}

/// The rows of the new sections.
pub(super) struct Insight {
    pub residents: Vec<ListedRow>,
    pub referrals: Vec<ListedRow>,
    pub findings: Vec<ListedRow>,
    pub orders: Vec<ListedRow>,
    pub closed: Vec<ListedRow>,
    pub improvements: Vec<ImprovementRow>,
    pub root_causes: Vec<ListedRow>,
}

/// The rows of `m`'s Ombudsman, learning and resident figures, with the complaints'
/// `references` and `drill` (the period's received days and organisation) for links.
pub(super) fn insight(m: &Metrics, references: &HashMap<ComplaintId, String>, drill: &DrillDown) -> Insight {
    let row = |label: &str, counted: &Counted| listed(label, counted, references);
    let (o, l, r) = (&m.ombudsman, &m.learning, &m.residents);
    let vulnerability = DrillDown { risk: Some(Risk::Vulnerability), ..drill.clone() };
    let mut triage =
        row("Complaints where a vulnerability was considered at triage (Code 6.1)", &r.vulnerability_at_triage);
    if triage.count != "0" {
        triage.link = Some(vulnerability.link());
        triage.complaints.clear();
    }
    Insight {
        residents: vec![
            ListedRow {
                label: "Residents who made two or more complaints".into(),
                count: r.repeat_complainants.to_string(),
                link: None,
                complaints: Vec::new(),
            },
            row("Complaints from residents who made two or more", &r.repeat_complaints),
            triage,
            row(
                "Complaints from residents with vulnerabilities or reasonable adjustments on their record",
                &r.support_needs,
            ),
        ],
        referrals: vec![
            row("Complaints referred to the Ombudsman", &o.referrals),
            row("Determinations made by the Ombudsman", &o.determinations),
        ],
        findings: o.findings.iter().map(|(outcome, counted)| row(outcome.label(), counted)).collect(),
        orders: o.orders.iter().flat_map(|(kind, compliance)| order_rows(*kind, compliance, &row)).collect(),
        closed: vec![row("Complaints closed", &l.closed)],
        improvements: l
            .improvements
            .iter()
            .map(|i| ImprovementRow {
                complaint: case_link(&i.complaint, references),
                closed_on: long_date(i.closed_on),
                root_cause: if i.root_cause.is_empty() { "Not recorded".into() } else { i.root_cause.clone() },
                actions: i.actions.clone(),
            })
            .collect(),
        root_causes: l.root_causes.iter().map(|(cause, counted)| row(cause, counted)).collect(),
    }
}

fn order_rows(kind: OrderKind, c: &OrderCompliance, row: &impl Fn(&str, &Counted) -> ListedRow) -> Vec<ListedRow> {
    let what = match kind {
        OrderKind::Order => "Orders",
        OrderKind::Recommendation => "Recommendations",
    };
    vec![
        row(&format!("{what} made"), &c.made),
        row(&format!("{what} complied with on time"), &c.on_time),
        row(&format!("{what} complied with late"), &c.late),
        row(&format!("{what} past their due date and not complied with"), &c.outstanding_past_due),
        row(&format!("{what} not yet due"), &c.not_yet_due),
    ]
}

fn listed(label: &str, counted: &Counted, references: &HashMap<ComplaintId, String>) -> ListedRow {
    ListedRow {
        label: label.to_owned(),
        count: counted.count.to_string(),
        link: None,
        complaints: counted.complaints.iter().map(|id| case_link(id, references)).collect(),
    }
}

fn case_link(id: &ComplaintId, references: &HashMap<ComplaintId, String>) -> CaseLink {
    CaseLink { reference: references.get(id).cloned().unwrap_or_else(|| id.to_string()), href: format!("/cases/{id}") }
}
