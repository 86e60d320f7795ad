//! The board pack for a period (Code 9.6, 9.7 a-c): what the governing body and the Member
//! Responsible for Complaints read, built from the dashboard's own figures ([`Metrics`]) so that
//! the pack and the dashboard never disagree. A one-page summary comes first, then a section
//! per theme, each made by one function below (in [`SECTIONS`]' order) so that a section for new
//! figures is one more function: volumes and channels, timeliness per stage, outcomes and
//! refusals, the Ombudsman (9.7 c), themes by month and the residents behind them, learning
//! (9.1-9.3: improvements with the complaints behind them), trends by month, the record's
//! integrity (the audit checkpoint the board can note) and what the figures count.
//!
//! Pure: the figures, the checkpoint and the time of making come from the caller, in words
//! where they are times; a [`Document`] goes out, which `redress_pdf` prints and
//! `redress_documents::html` shows.

use std::collections::BTreeMap;

use redress_documents::{Block, Document, Fact, Inline};
use redress_domain::complaint::{Decision, OmbudsmanOutcome, OrderKind, StageNumber};
use redress_domain::ids::ComplaintId;
use redress_domain::reporting::{DAYS_TO_RESPOND_BOUNDS, Figure, Metrics, Period};

/// Everything the board pack says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardPackFacts {
    /// Whose figures, as the reports name it ("Riverside Homes (consolidated)").
    pub organisation: String,
    /// The period.
    pub period: Period,
    /// The homes owned in the reporting year the period ends in, if recorded.
    pub homes: Option<u32>,
    /// The dashboard's figures for the period.
    pub metrics: Metrics,
    /// Open complaints past a due date when the pack was made.
    pub open_past_due: u64,
    /// The organisation's audit checkpoint, made with the pack.
    pub checkpoint: CheckpointFacts,
    /// When the pack was made, in England ("7 December 2026 at 14:05 GMT").
    pub made_at: String,
    /// The references of the complaints the pack names (behind improvements), by id.
    pub references: BTreeMap<ComplaintId, String>,
}

/// An audit checkpoint, to note in the minutes (Code 5.12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointFacts {
    /// Its value (`redress audit checkpoint` prints the same): `3-9f2c…`.
    pub value: String,
    /// When it was made, in England.
    pub made_at: String,
}

/// The sections after the summary, in order: each heading as the pack shows it.
pub const SECTIONS: [&str; 10] = [
    "Summary",
    "Volumes and channels",
    "Timeliness",
    "Outcomes, refusals and remedies",
    "The Housing Ombudsman",
    "Themes",
    "Learning from complaints",
    "Trends by month",
    "The record's integrity",
    "What the figures count",
];

/// The board pack as a document.
pub fn board_pack(facts: &BoardPackFacts) -> Document {
    let mut blocks = Vec::new();
    let sections: [fn(&BoardPackFacts, &mut Vec<Block>); 10] =
        [summary, volumes, timeliness, outcomes, ombudsman, themes, learning, trends, integrity, definitions];
    opening(facts, &mut blocks);
    for (heading, section) in SECTIONS.iter().zip(sections) {
        blocks.push(Block::Heading { level: 2, text: (*heading).to_owned() });
        section(facts, &mut blocks);
        // The summary is the first page on its own, for a board to read first.
        if *heading == SECTIONS[0] {
            blocks.push(Block::PageBreak);
        }
    }
    Document {
        title: title(facts),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks,
    }
}

/// "Complaints board pack: Riverside Homes (consolidated), 1 April 2024 to 31 March 2025".
pub fn title(facts: &BoardPackFacts) -> String {
    format!("Complaints board pack: {}, {}", facts.organisation, period_words(&facts.period))
}

fn opening(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading { level: 1, text: title(facts) });
    blocks.push(paragraph(
        "For the governing body and the Member Responsible for Complaints (Housing Ombudsman \
         Complaint Handling Code 9.6 and 9.7): how complaints were handled in the period, \
         from the record.",
    ));
    blocks.push(Block::Facts {
        rows: vec![
            fact("Organisation", &facts.organisation),
            fact("Period", &period_words(&facts.period)),
            fact("Homes owned", &facts.homes.map_or_else(|| "Not recorded for the year".to_owned(), grouped)),
            fact("Made", &facts.made_at),
        ],
    });
}

fn summary(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let m = &facts.metrics;
    let (t, o) = (&m.timeliness, &m.outcomes);
    let remedies: u64 = o.remedies.iter().map(|(_, n)| n).sum();
    blocks.push(Block::Facts {
        rows: vec![
            fact("Complaints received", &grouped(m.volumes.stage1_received)),
            fact("Escalation requests received (stage 2)", &grouped(m.volumes.stage2_received)),
            fact("Stage 1 complaints per 1,000 homes (CH01)", &per_thousand(m.volumes.stage1_per_thousand_homes)),
            fact("Stage 1 responses within the Code's timescales (CH02)", &percent(t.responded_within[0])),
            fact("Stage 2 responses within the Code's timescales (CH02)", &percent(t.responded_within[1])),
            fact("Stage 1 acknowledged within 5 working days", &percent(t.acknowledged_within[0])),
            fact("Escalation rate (escalations per stage 1 response)", &percent(o.escalation_rate)),
            fact("Open complaints past a due date now", &grouped(facts.open_past_due)),
            fact("Remedies offered", &grouped(remedies)),
            fact("Financial remedies in all", &pounds(o.financial_pence)),
        ],
    });
}

fn volumes(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let v = &facts.metrics.volumes;
    blocks.push(table(
        "Complaints received per 1,000 homes",
        &["Measure", "Value", "Numerator", "Denominator (homes)"],
        [
            ("Stage 1 complaints accepted", v.stage1_per_thousand_homes),
            ("Stage 2 escalations accepted", v.stage2_per_thousand_homes),
        ]
        .into_iter()
        .map(|(label, f)| vec![label.to_owned(), value(f), grouped(f.numerator), grouped(f.denominator)])
        .collect(),
    ));
    blocks.push(table(
        "Complaints received by channel",
        &["Channel", "Complaints"],
        v.by_channel.iter().map(|(channel, n)| vec![channel.label().to_owned(), grouped(*n)]).collect(),
    ));
    let mut rows = vec![fact("Complaints from following up a survey (Code 1.6)", &grouped(v.survey_follow_up))];
    if let Some(requests) = v.service_requests {
        rows.push(fact("Service requests recorded (Code 1.4)", &grouped(requests)));
    }
    blocks.push(Block::Facts { rows });
}

fn timeliness(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let t = &facts.metrics.timeliness;
    let figures = [
        ("Acknowledged within 5 working days", t.acknowledged_within),
        ("Responses within the Code's timescales (CH02)", t.responded_within),
        ("Responses within the timescales, counting no extension", t.responded_within_without_extensions),
    ];
    let mut rows: Vec<Vec<String>> =
        figures.iter().map(|(label, f)| vec![(*label).to_owned(), percent(f[0]), percent(f[1])]).collect();
    rows.push(row("Extensions notified", t.extensions.map(|(n, _)| grouped(n))));
    rows.push(row("Working days added by extensions", t.extensions.map(|(_, days)| grouped(days))));
    rows.push(row(
        "Average working days to respond",
        [0, 1].map(|s| t.days_to_respond[s].average().map_or_else(|| "No responses".to_owned(), |a| a.to_string())),
    ));
    blocks.push(table("Timeliness by stage", &["Figure", "Stage 1", "Stage 2"], rows));
    let buckets = (0..=DAYS_TO_RESPOND_BOUNDS.len())
        .map(|b| row(&bucket_label(b), [0, 1].map(|s| grouped(t.days_to_respond[s].buckets[b]))))
        .collect();
    blocks.push(table("Responses by working days taken to respond", &["Working days", "Stage 1", "Stage 2"], buckets));
}

fn outcomes(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let o = &facts.metrics.outcomes;
    let decisions = Decision::ALL
        .iter()
        .enumerate()
        .map(|(d, decision)| row(decision.label(), [0, 1].map(|s| grouped(o.decisions[s][d]))))
        .collect();
    blocks.push(table("Decisions in the responses sent", &["Decision", "Stage 1", "Stage 2"], decisions));
    blocks.push(Block::Paragraph {
        text: vec![
            Inline::Text { text: "Escalation rate: ".into() },
            Inline::Strong { text: percent(o.escalation_rate) },
            Inline::Text { text: " (escalation requests received per stage 1 response sent).".into() },
        ],
    });
    let refused = o.refused.iter().map(|(ground, n)| row(ground.label(), n.map(grouped))).collect();
    blocks.push(table(
        "Complaints not accepted and escalations refused, by ground (Code 8.1 b)",
        &["Ground", StageNumber::One.label(), StageNumber::Two.label()],
        refused,
    ));
    let mut remedies: Vec<Vec<String>> =
        o.remedies.iter().map(|(kind, n)| vec![kind.label().to_owned(), grouped(*n)]).collect();
    remedies.push(vec!["Financial remedies in all".into(), pounds(o.financial_pence)]);
    blocks.push(table("Remedies offered in the responses sent, by kind", &["Remedy", "Offered"], remedies));
    blocks.push(table(
        "Promises past their due date and not completed, now",
        &["What", "Overdue"],
        vec![vec!["Remedies".into(), grouped(o.overdue.0)], vec!["Outstanding actions".into(), grouped(o.overdue.1)]],
    ));
}

fn themes(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let m = &facts.metrics;
    if m.themes.is_empty() {
        blocks.push(paragraph("No complaint received in the period was given a category."));
        return;
    }
    let mut header = vec!["Category".to_owned()];
    header.extend(m.months.iter().map(|month| short_month(&month.month)));
    header.push("Total".into());
    let rows = m
        .themes
        .iter()
        .map(|(category, counts)| {
            let mut cells = vec![category.clone()];
            cells.extend(counts.iter().map(|n| grouped(*n)));
            cells.push(grouped(counts.iter().sum::<u64>()));
            cells
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    blocks.push(table("Complaints received by category and month", &header, rows));
    blocks.push(paragraph("A complaint with several categories is counted under each."));
    residents(facts, blocks);
}

/// Who the period's complaints came from: repeat complainants and residents with needs,
/// counted only (nothing personal is in the pack).
fn residents(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let r = &facts.metrics.residents;
    blocks.push(Block::Facts {
        rows: vec![
            fact(
                "Residents who made two or more complaints",
                &format!("{} ({} complaints)", grouped(r.repeat_complainants), grouped(r.repeat_complaints.count)),
            ),
            fact(
                "Complaints where a vulnerability was considered at triage",
                &grouped(r.vulnerability_at_triage.count),
            ),
            fact(
                "Complaints from residents with recorded vulnerabilities or adjustments",
                &grouped(r.support_needs.count),
            ),
        ],
    });
}

/// The Ombudsman's referrals and determinations in the period, and whether its orders and
/// recommendations were complied with on time (Code 9.7 c).
fn ombudsman(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let o = &facts.metrics.ombudsman;
    blocks.push(Block::Facts {
        rows: vec![
            fact("Complaints referred to the Ombudsman", &grouped(o.referrals.count)),
            fact("Determinations received", &grouped(o.determinations.count)),
        ],
    });
    let findings: Vec<Vec<String>> = OmbudsmanOutcome::ALL
        .iter()
        .filter_map(|outcome| o.findings.iter().find(|(f, _)| f == outcome))
        .filter(|(_, counted)| counted.count > 0)
        .map(|(outcome, counted)| vec![outcome.label().to_owned(), grouped(counted.count)])
        .collect();
    if findings.is_empty() {
        blocks.push(paragraph("The Ombudsman made no finding on the organisation's complaints in the period."));
    } else {
        blocks.push(table("The Ombudsman's findings in the period", &["Finding", "Findings"], findings));
    }
    let orders = OrderKind::ALL
        .iter()
        .filter_map(|kind| o.orders.iter().find(|(k, _)| k == kind))
        .map(|(kind, c)| {
            vec![
                format!("{}s", kind.label()),
                grouped(c.made.count),
                grouped(c.on_time.count),
                grouped(c.late.count),
                grouped(c.outstanding_past_due.count),
                grouped(c.not_yet_due.count),
            ]
        })
        .collect();
    blocks.push(table(
        "Orders and recommendations of the period's determinations, and compliance",
        &["Kind", "Made", "Complied on time", "Complied late", "Past due, not complied", "Not yet due"],
        orders,
    ));
}

/// What the period's closed complaints taught: root causes, and the service improvements made
/// with the complaint behind each (Code 9.1-9.3).
fn learning(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let l = &facts.metrics.learning;
    blocks.push(Block::Facts { rows: vec![fact("Complaints closed", &grouped(l.closed.count))] });
    if !l.root_causes.is_empty() {
        let rows = l.root_causes.iter().map(|(cause, counted)| vec![cause.clone(), grouped(counted.count)]).collect();
        blocks.push(table(
            "Root causes of the complaints closed, most frequent first",
            &["Root cause", "Complaints"],
            rows,
        ));
    }
    if l.improvements.is_empty() {
        blocks.push(paragraph("No complaint closed in the period recorded a service improvement."));
        return;
    }
    let rows = l
        .improvements
        .iter()
        .map(|improvement| {
            let reference = facts
                .references
                .get(&improvement.complaint)
                .cloned()
                .unwrap_or_else(|| improvement.complaint.to_string());
            vec![reference, improvement.root_cause.clone(), improvement.actions.join("; ")]
        })
        .collect();
    blocks.push(table(
        "Service improvements made because of complaints",
        &["Complaint", "Root cause", "Improvement"],
        rows,
    ));
}

fn trends(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let rows = facts
        .metrics
        .months
        .iter()
        .map(|month| {
            vec![
                month_name(&month.month),
                grouped(month.received[0]),
                grouped(month.received[1]),
                percent(month.responded_within[0]),
                percent(month.responded_within[1]),
            ]
        })
        .collect();
    blocks.push(table(
        "Complaints received and responses within the Code's timescales, by month",
        &["Month", "Stage 1 received", "Stage 2 received", "Stage 1 within", "Stage 2 within"],
        rows,
    ));
}

fn integrity(facts: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let checkpoint = &facts.checkpoint;
    blocks.push(paragraph(
        "Every step of every complaint is recorded in a chain that cannot be changed without it \
         showing (Code 5.12). The audit checkpoint below commits to the whole record of the \
         organisation as it stood when this pack was made. Note its value in the minutes: \
         anyone can later check that nothing recorded before it has been changed or removed \
         (redress audit verify --against followed by the value).",
    ));
    blocks.push(Block::Facts {
        rows: vec![fact("Audit checkpoint", &checkpoint.value), fact("Made", &checkpoint.made_at)],
    });
}

fn definitions(_: &BoardPackFacts, blocks: &mut Vec<Block>) {
    let items = [
        "Each figure counts what happened in the period by its date in England: a complaint by the day it was \
         received; an acknowledgement, response, extension or refusal by the day it was made.",
        "Complaints received counts every complaint logged at stage 1, accepted or not. Per 1,000 homes counts \
         those accepted (and escalation requests not refused) per 1,000 homes owned in the reporting year the \
         period ends in, as the Regulator of Social Housing's measure CH01 does.",
        "A response is within the Code's timescales when it was acknowledged within 5 working days and the \
         response was sent within 10 working days of the acknowledgement at stage 1 (20 at stage 2), or by the \
         extended date where the resident was told of an extension (of at most 10 working days at stage 1, 20 \
         at stage 2) before the original due date. This is how CH02 counts it. The figure counting no extension \
         shows how much extensions carry it.",
        "Working days leave out weekends, bank holidays in England and the landlord's recorded closure days; \
         days to respond are counted from the day the stage began.",
        "Each percentage is shown with what it is counted from (numerator of denominator), rounded half up to \
         one decimal place as the Regulator publishes; no value means nothing to count.",
        "The escalation rate is escalation requests received in the period per stage 1 response sent in it.",
        "Remedies are those offered in responses sent in the period; overdue remedies and actions are those of \
         the period's complaints past their due date and not completed today. Open complaints past a due date \
         are all open complaints whose next acknowledgement or response is overdue now.",
    ];
    blocks.push(Block::List {
        ordered: false,
        items: items.iter().map(|text| vec![Inline::Text { text: (*text).to_owned() }]).collect(),
    });
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph { text: vec![Inline::Text { text: text.to_owned() }] }
}

fn fact(label: &str, value: &str) -> Fact {
    Fact { label: label.to_owned(), value: value.to_owned() }
}

fn table(caption: &str, header: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table { caption: caption.to_owned(), header: header.iter().map(|h| (*h).to_owned()).collect(), rows }
}

fn row(label: &str, stages: [String; 2]) -> Vec<String> {
    let [one, two] = stages;
    vec![label.to_owned(), one, two]
}

/// "1 April 2024 to 31 March 2025".
pub fn period_words(period: &Period) -> String {
    format!("{} to {}", period.first().strftime("%-d %B %Y"), period.last().strftime("%-d %B %Y"))
}

/// "April 2024".
fn month_name(month: &Period) -> String {
    month.first().strftime("%B %Y").to_string()
}

/// "Apr 2024": a narrow column's heading.
fn short_month(month: &Period) -> String {
    month.first().strftime("%b %Y").to_string()
}

/// A figure's value alone: "18.8", or "No value" with nothing to count out of.
fn value(figure: Figure) -> String {
    figure.value.map_or_else(|| "No value".to_owned(), |v| v.to_string())
}

/// "66.7% (2 of 3)", or "No value (0 of 0)".
pub fn percent(figure: Figure) -> String {
    match figure.value {
        Some(v) => format!("{v}% ({} of {})", grouped(figure.numerator), grouped(figure.denominator)),
        None => format!("No value ({} of {})", grouped(figure.numerator), grouped(figure.denominator)),
    }
}

/// "18.8 (3 per 160 homes)", or why there is no value.
fn per_thousand(figure: Figure) -> String {
    match figure.value {
        Some(v) => format!("{v} ({} per {} homes)", grouped(figure.numerator), grouped(figure.denominator)),
        None => format!("No value: homes owned not recorded ({} received)", grouped(figure.numerator)),
    }
}

/// "1,234".
fn grouped(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "£1,234.56".
pub fn pounds(pence: u64) -> String {
    format!("£{}.{:02}", grouped(pence / 100), pence % 100)
}

/// "Up to 5 working days", "6 to 10 working days", …, "Over 40 working days".
fn bucket_label(bucket: usize) -> String {
    match (bucket.checked_sub(1).map(|b| DAYS_TO_RESPOND_BOUNDS[b]), DAYS_TO_RESPOND_BOUNDS.get(bucket)) {
        (None, Some(bound)) => format!("Up to {bound} working days"),
        (Some(low), Some(high)) => format!("{} to {high} working days", low + 1),
        (Some(low), None) => format!("Over {low} working days"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
#[path = "board_pack_tests.rs"]
mod tests;
