//! The annual complaints performance and service improvement report (Code 8.1 a-f, 8.2) as one
//! plain value ([`AnnualReport`]), and the one [`Document`] every format is rendered from (the
//! staff's preview, the public page and the tagged PDF), so that they say the same.
//!
//! The figures are tables of text made here from the dashboard's [`Metrics`] for the reporting
//! year when the report is built: a published report keeps them as they were (its snapshot is
//! this value as JSON), whatever is recorded later.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_documents::{Block, Document, Fact, Inline};
use redress_domain::complaint::{Channel, Decision, RemedyKind};
use redress_domain::reporting::{Figure, Metrics, OneDecimal, PublicationKind, RefusalGround};
use serde::{Deserialize, Serialize};

/// An annual report, as drafted or as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualReport {
    /// The organisation, as it names itself.
    pub organisation: String,
    /// The reporting year as published: "2024/25".
    pub year: String,
    /// Its first day (1 April).
    pub from: Date,
    /// Its last day (31 March).
    pub to: Date,
    /// Where the self-assessment for the year is published (8.1 a); `None` while not linked.
    pub self_assessment: Option<String>,
    /// The figures for the year (8.1 b), each table as the report shows it.
    pub figures: Vec<FigureTable>,
    /// The qualitative analysis (8.1 b).
    pub qualitative: String,
    /// The Ombudsman's findings of non-compliance, in words (8.1 c).
    pub non_compliance: String,
    /// The improvement actions recorded when complaints of the year were closed (8.1 d).
    pub improvements: Vec<Improvement>,
    /// The service improvements, in words (8.1 d).
    pub improvements_text: String,
    /// The documents uploaded to it (8.1 c, e, f).
    pub documents: Vec<Publication>,
    /// The governing body's approval and response (8.2); `None` until recorded.
    pub approval: Option<Approval>,
    /// When it was published; `None` for a draft.
    pub published_at: Option<Timestamp>,
}

/// A table of figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureTable {
    /// What it holds.
    pub caption: String,
    /// Its column headers.
    pub header: Vec<String>,
    /// Its rows, as many cells each as there are headers.
    pub rows: Vec<Vec<String>>,
}

/// An improvement action and the complaints it was made after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Improvement {
    /// The action, as recorded when the complaint was closed.
    pub action: String,
    /// The references of the complaints behind it. The staff's pages list them; what is
    /// published says only how many, so that no one outside can tie a change to a resident.
    pub complaints: Vec<String>,
}

/// An uploaded document as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// What it is (stored text of [`PublicationKind`]).
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Its file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// The governing body's approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The day of its meeting.
    pub meeting_on: Date,
    /// The minute that records it.
    pub minute: String,
    /// Its response to the report (8.2).
    pub response: String,
}

/// The year's figures as tables (Code 8.1 b): volumes, timeliness, outcomes, the types of
/// complaint refused by ground, and remedies.
pub fn figure_tables(metrics: &Metrics) -> Vec<FigureTable> {
    let (volumes, timeliness, outcomes) = (&metrics.volumes, &metrics.timeliness, &metrics.outcomes);
    let per_homes = |f: &Figure| match f.value {
        Some(value) => format!("{value} ({} of {} homes)", f.numerator, f.denominator),
        None => "No value: homes owned not recorded".to_owned(),
    };
    let stages = |first: &str| vec![first.to_owned(), "Stage 1".to_owned(), "Stage 2".to_owned()];
    let mut tables = vec![
        FigureTable {
            caption: "Complaints received".into(),
            header: vec!["Figure".into(), "Value".into()],
            rows: vec![
                vec!["Complaints received at stage 1".into(), volumes.stage1_received.to_string()],
                vec!["Escalation requests accepted at stage 2".into(), volumes.stage2_received.to_string()],
                vec!["Stage 1 complaints per 1,000 homes".into(), per_homes(&volumes.stage1_per_thousand_homes)],
                vec!["Stage 2 complaints per 1,000 homes".into(), per_homes(&volumes.stage2_per_thousand_homes)],
            ],
        },
        FigureTable {
            caption: "Complaints received by channel".into(),
            header: vec!["Channel".into(), "Complaints".into()],
            rows: volumes
                .by_channel
                .iter()
                .map(|(c, n): &(Channel, u64)| vec![c.label().into(), n.to_string()])
                .collect(),
        },
    ];
    let days = |i: usize| {
        let d = &timeliness.days_to_respond[i];
        average(d.total_days, d.responses)
    };
    tables.push(FigureTable {
        caption: "Timeliness".into(),
        header: stages("Figure"),
        rows: vec![
            pair("Acknowledged within the Code's timescale (%)", &timeliness.acknowledged_within),
            pair("Responded within the Code's timescales (%)", &timeliness.responded_within),
            pair(
                "Responded within the timescales without extensions (%)",
                &timeliness.responded_within_without_extensions,
            ),
            vec![
                "Extensions (working days in all)".into(),
                format!("{} ({})", timeliness.extensions[0].0, timeliness.extensions[0].1),
                format!("{} ({})", timeliness.extensions[1].0, timeliness.extensions[1].1),
            ],
            vec!["Average working days to respond".into(), days(0), days(1)],
        ],
    });
    let mut decisions: Vec<Vec<String>> = Decision::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            vec![d.label().into(), outcomes.decisions[0][i].to_string(), outcomes.decisions[1][i].to_string()]
        })
        .collect();
    decisions.push(vec![
        "Escalated to stage 2 (% of stage 1 responses)".into(),
        percent(&outcomes.escalation_rate),
        String::new(),
    ]);
    tables.push(FigureTable { caption: "Decisions".into(), header: stages("Decision"), rows: decisions });
    tables.push(FigureTable {
        caption: "Complaints not accepted and escalations refused, by ground (Code 8.1 b)".into(),
        header: stages("Ground"),
        rows: outcomes
            .refused
            .iter()
            .map(|(g, n): &(RefusalGround, [u64; 2])| vec![g.label().into(), n[0].to_string(), n[1].to_string()])
            .collect(),
    });
    let mut remedies: Vec<Vec<String>> =
        outcomes.remedies.iter().map(|(k, n): &(RemedyKind, u64)| vec![k.label().into(), n.to_string()]).collect();
    remedies.push(vec!["Financial remedies in all".into(), pounds(outcomes.financial_pence)]);
    tables.push(FigureTable {
        caption: "Remedies".into(),
        header: vec!["Remedy".into(), "Number".into()],
        rows: remedies,
    });
    tables
}

/// A row of a percentage at each stage.
fn pair(label: &str, figures: &[Figure; 2]) -> Vec<String> {
    vec![label.to_owned(), percent(&figures[0]), percent(&figures[1])]
}

/// "31.3 (5 of 16)", or "None (0 of 0)" when nothing was counted.
fn percent(figure: &Figure) -> String {
    let value = figure.value.map_or_else(|| "None".to_owned(), |v| v.to_string());
    format!("{value} ({} of {})", figure.numerator, figure.denominator)
}

/// "£1,234.50".
fn pounds(pence: u64) -> String {
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

/// `total / count` to one decimal place, or "None" when nothing was counted.
fn average(total: u64, count: u64) -> String {
    OneDecimal::ratio(total, count, 1).map_or_else(|| "None".to_owned(), |v| v.to_string())
}

/// The report as a document: headings in the Code's order, one section per part of 8.1 and 8.2.
pub fn document(report: &AnnualReport) -> Document {
    let title = format!("Annual complaints performance and service improvement report {}", report.year);
    let mut blocks = vec![
        Block::Heading { level: 1, text: title.clone() },
        Block::Facts {
            rows: vec![
                fact("Organisation", &report.organisation),
                fact("Reporting year", &format!("{} to {}", long_date(report.from), long_date(report.to))),
                fact("Status", status(report)),
                fact(
                    "Approved by the governing body",
                    &report.approval.as_ref().map_or_else(
                        || "Not yet".to_owned(),
                        |a| format!("At its meeting of {} (minute {})", long_date(a.meeting_on), a.minute),
                    ),
                ),
            ],
        },
        heading("The self-assessment against the Complaint Handling Code (8.1 a)"),
    ];
    blocks.push(match &report.self_assessment {
        Some(url) => Block::Paragraph {
            text: vec![
                text("Our self-assessment for the year is published at "),
                Inline::Link { text: url.clone(), href: url.clone() },
                text("."),
            ],
        },
        None => paragraph("The self-assessment for the year is not linked yet."),
    });
    blocks.push(heading("Our complaint handling performance (8.1 b)"));
    blocks.push(paragraph(
        "The figures count what happened in the reporting year by its date in England, from the complaints recorded.",
    ));
    for table in &report.figures {
        blocks.push(Block::Table {
            caption: table.caption.clone(),
            header: table.header.clone(),
            rows: table.rows.clone(),
        });
    }
    blocks.push(Block::Heading { level: 3, text: "What the figures tell us".into() });
    blocks.extend(paragraphs(&report.qualitative, "No analysis has been written yet."));
    blocks.push(heading("Findings of non-compliance with the Code by the Ombudsman (8.1 c)"));
    blocks.extend(paragraphs(&report.non_compliance, "The Ombudsman made no finding of non-compliance."));
    blocks.extend(documents(report, PublicationKind::NonComplianceFinding));
    blocks.push(heading("Service improvements made as a result of learning from complaints (8.1 d)"));
    if report.improvements.is_empty() {
        blocks.push(paragraph("No improvement action was recorded when complaints were closed this year."));
    } else {
        let items = report
            .improvements
            .iter()
            .map(|i| {
                let after = match i.complaints.len() {
                    1 => " (after 1 complaint)".to_owned(),
                    n => format!(" (after {n} complaints)"),
                };
                vec![text(&i.action), text(&after)]
            })
            .collect();
        blocks.push(Block::List { ordered: false, items });
    }
    blocks.extend(paragraphs(&report.improvements_text, ""));
    blocks.push(heading("The Ombudsman's annual report about us (8.1 e)"));
    blocks.extend(documents(report, PublicationKind::OmbudsmanAnnualReport));
    blocks.push(heading("Other relevant reports and publications of the Ombudsman (8.1 f)"));
    blocks.extend(documents(report, PublicationKind::OtherPublication));
    blocks.push(heading("The governing body's response (8.2)"));
    match &report.approval {
        Some(approval) => blocks.extend(paragraphs(&approval.response, "The governing body gave no response.")),
        None => blocks.push(paragraph("The governing body has not yet considered this report.")),
    }
    Document { title, language: "en-GB".into(), letterhead: None, addressing: None, large_print: false, blocks }
}

/// "Draft", "Approved, not yet published" or "Published on 14 June 2025".
fn status(report: &AnnualReport) -> &'static str {
    match (&report.published_at, &report.approval) {
        (Some(_), _) => "Published",
        (None, Some(_)) => "Approved, not yet published",
        (None, None) => "Draft",
    }
}

/// The documents of `kind`, as a list, or a sentence saying there are none.
fn documents(report: &AnnualReport, kind: PublicationKind) -> Vec<Block> {
    let items: Vec<Vec<Inline>> = report
        .documents
        .iter()
        .filter(|d| d.kind == kind.as_str())
        .map(|d| {
            vec![
                Inline::Strong { text: d.title.clone() },
                text(&format!(" ({}, {} KB, SHA-256 {})", d.file_name, d.size_bytes.div_ceil(1024), d.sha256)),
            ]
        })
        .collect();
    if items.is_empty() {
        if kind == PublicationKind::NonComplianceFinding {
            return vec![];
        }
        return vec![paragraph("None was published about us this year.")];
    }
    vec![Block::List { ordered: false, items }]
}

fn heading(text: &str) -> Block {
    Block::Heading { level: 2, text: text.to_owned() }
}

fn text(text: &str) -> Inline {
    Inline::Text { text: text.to_owned() }
}

fn paragraph(words: &str) -> Block {
    Block::Paragraph { text: vec![text(words)] }
}

/// `words` as paragraphs (separated by blank lines), or `otherwise` when there are none.
fn paragraphs(words: &str, otherwise: &str) -> Vec<Block> {
    let found: Vec<Block> = words.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(paragraph).collect();
    if found.is_empty() && !otherwise.is_empty() { vec![paragraph(otherwise)] } else { found }
}

fn fact(label: &str, value: &str) -> Fact {
    Fact { label: label.to_owned(), value: value.to_owned() }
}

/// "1 April 2024".
pub fn long_date(day: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = usize::try_from(day.month() - 1).ok().and_then(|m| MONTHS.get(m)).copied().unwrap_or_default();
    format!("{} {month} {}", day.day(), day.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> AnnualReport {
        AnnualReport {
            organisation: "Riverside Homes".into(),
            year: "2024/25".into(),
            from: Date::constant(2024, 4, 1),
            to: Date::constant(2025, 3, 31),
            self_assessment: None,
            figures: vec![],
            qualitative: "Repairs lead.\n\nDamp is second.".into(),
            non_compliance: String::new(),
            improvements: vec![Improvement {
                action: "Check tickets weekly".into(),
                complaints: vec!["CMP-1".into(), "CMP-2".into()],
            }],
            improvements_text: String::new(),
            documents: vec![Publication {
                kind: PublicationKind::OmbudsmanAnnualReport.as_str().into(),
                title: "Our performance".into(),
                file_name: "hos.pdf".into(),
                size_bytes: 2049,
                sha256: "ab".into(),
            }],
            approval: None,
            published_at: None,
        }
    }

    #[test]
    fn the_document_has_every_part_of_8_1_and_8_2_in_order_and_publishes_no_complaint_reference() {
        let text = document(&report()).plain_text();
        let parts = ["(8.1 a)", "(8.1 b)", "(8.1 c)", "(8.1 d)", "(8.1 e)", "(8.1 f)", "(8.2)"];
        let at: Vec<usize> = parts.iter().map(|p| text.find(p).unwrap_or(usize::MAX)).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1] && w[1] != usize::MAX), "{text}");
        assert!(text.contains("The self-assessment for the year is not linked yet."));
        assert!(text.contains("Repairs lead.\nDamp is second."), "paragraphs split on blank lines");
        assert!(text.contains("Check tickets weekly (after 2 complaints)"));
        assert!(!text.contains("CMP-1"), "{text}");
        assert!(text.contains("Our performance (hos.pdf, 3 KB, SHA-256 ab)"), "{text}");
        assert!(text.contains("Status: Draft"));
        assert!(text.contains("The governing body has not yet considered this report."));
    }

    #[test]
    fn an_approved_report_gives_the_meeting_minute_and_response() {
        let mut approved = report();
        approved.approval = Some(Approval {
            meeting_on: Date::constant(2025, 6, 12),
            minute: "B/25/7".into(),
            response: "We welcome it.".into(),
        });
        approved.self_assessment = Some("https://example.org/sa".into());
        let text = document(&approved).plain_text();
        assert!(text.contains("Approved by the governing body: At its meeting of 12 June 2025 (minute B/25/7)"));
        assert!(text.contains("Status: Approved, not yet published"));
        assert!(text.ends_with("We welcome it."), "{text}");
        assert!(text.contains("published at https://example.org/sa."));
    }

    #[test]
    fn amounts_are_pounds_with_thousands_grouped() {
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(pounds(123_456_789), "£1,234,567.89");
        assert_eq!(pounds(100_050), "£1,000.50");
    }
}
