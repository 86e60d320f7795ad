//! The board pack's document: its sections in order, its figures in words, and tables a PDF
//! can print (every row as wide as its header).

use std::collections::BTreeMap;

use redress_domain::complaint::{Channel, OmbudsmanOutcome, OrderKind, RemedyKind};
use redress_domain::ids::ComplaintId;
use redress_domain::reporting::{
    Counted, Distribution, Figure, Improvement, LearningFigures, Metrics, MonthFigures, OmbudsmanFigures,
    OrderCompliance, Outcomes, Period, RefusalGround, ReportingYear, ResidentThemes, Timeliness, Volumes,
};

use super::*;

/// A quarter (January to March 2025) with hand-made figures: 3 complaints, 2 by email and 1 by
/// phone; 2 of 3 stage 1 responses in time; 1 escalation; 160 homes; £150.50 of remedies; one
/// complaint (c-1) referred to the Ombudsman, found maladministration with one order complied
/// with on time, and closed with an improvement; one resident who complained twice.
fn facts() -> BoardPackFacts {
    let period = ReportingYear::starting(2024).unwrap().quarter(4).unwrap();
    let months: Vec<Period> = period.months();
    let mut by_channel: Vec<(Channel, u64)> = Channel::ALL.iter().map(|c| (*c, 0)).collect();
    by_channel[0].1 = 1;
    by_channel[1].1 = 2;
    let metrics = Metrics {
        volumes: Volumes {
            stage1_received: 3,
            stage2_received: 1,
            stage1_per_thousand_homes: Figure::per_thousand(3, 160),
            stage2_per_thousand_homes: Figure::per_thousand(1, 160),
            by_channel,
            survey_follow_up: 1,
            service_requests: Some(12),
        },
        timeliness: Timeliness {
            acknowledged_within: [Figure::percentage(3, 3), Figure::percentage(1, 1)],
            responded_within: [Figure::percentage(2, 3), Figure::percentage(0, 0)],
            responded_within_without_extensions: [Figure::percentage(1, 3), Figure::percentage(0, 0)],
            extensions: [(1, 5), (0, 0)],
            days_to_respond: [
                Distribution { buckets: [1, 1, 1, 0, 0], total_days: 4 + 9 + 14, responses: 3 },
                Distribution::default(),
            ],
        },
        outcomes: Outcomes {
            decisions: [[1, 1, 1], [0, 0, 0]],
            escalation_rate: Figure::percentage(1, 3),
            refused: RefusalGround::ALL.iter().map(|g| (*g, [0, 0])).collect(),
            remedies: RemedyKind::ALL.iter().map(|k| (*k, u64::from(*k == RemedyKind::Financial))).collect(),
            financial_pence: 15_050,
            overdue: (0, 2),
        },
        themes: BTreeMap::from([("Repairs".to_owned(), vec![0, 1, 2])]),
        months: months
            .iter()
            .zip([[0, 0], [1, 0], [2, 1]])
            .map(|(month, received)| MonthFigures {
                month: *month,
                received,
                responded_within: [Figure::percentage(0, 0), Figure::percentage(0, 0)],
            })
            .collect(),
        ombudsman: OmbudsmanFigures {
            referrals: counted(1),
            determinations: counted(1),
            findings: OmbudsmanOutcome::ALL
                .iter()
                .map(|o| (*o, if *o == OmbudsmanOutcome::Maladministration { counted(1) } else { Counted::default() }))
                .collect(),
            orders: OrderKind::ALL
                .iter()
                .map(|k| {
                    let made = if *k == OrderKind::Order { 1 } else { 0 };
                    (*k, OrderCompliance { made: counted(made), on_time: counted(made), ..OrderCompliance::default() })
                })
                .collect(),
        },
        learning: LearningFigures {
            closed: counted(1),
            improvements: vec![Improvement {
                complaint: c1(),
                closed_on: jiff::civil::date(2025, 3, 20),
                root_cause: "Repairs were not chased".into(),
                actions: vec!["Chase repairs weekly".into(), "Train the repairs desk".into()],
            }],
            root_causes: vec![("repairs were not chased".into(), counted(1))],
        },
        residents: ResidentThemes {
            repeat_complainants: 1,
            repeat_complaints: Counted { count: 2, complaints: vec![c1()] },
            vulnerability_at_triage: Counted::default(),
            support_needs: counted(1),
        },
    };
    BoardPackFacts {
        organisation: "Riverside Homes (consolidated)".into(),
        period,
        homes: Some(160),
        metrics,
        open_past_due: 4,
        checkpoint: CheckpointFacts { value: "7-0123456789abcdef0123456789abcdef".into(), made_at: "M".into() },
        made_at: "7 December 2026 at 14:05 GMT".into(),
        references: BTreeMap::from([(c1(), "C-2025-00001".to_owned())]),
    }
}

fn c1() -> ComplaintId {
    ComplaintId::trusted("c-1".to_owned())
}

/// `n` of complaint c-1 (none when `n` is 0).
fn counted(n: u64) -> Counted {
    Counted { count: n, complaints: if n == 0 { Vec::new() } else { vec![c1()] } }
}

#[test]
fn code_9_7_c_the_ombudsmans_referrals_findings_and_orders_complied_with_are_reported() {
    let text = board_pack(&facts()).plain_text();
    for line in [
        "Complaints referred to the Ombudsman: 1",
        "Determinations received: 1",
        "Maladministration | 1",
        "Orders | 1 | 1 | 0 | 0 | 0",
        "Recommendations | 0 | 0 | 0 | 0 | 0",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
    assert!(!text.lines().any(|l| l.starts_with("Severe maladministration")), "findings not made are left out");
}

#[test]
fn code_9_3_improvements_made_from_complaints_are_reported_with_the_complaint_behind_each() {
    let text = board_pack(&facts()).plain_text();
    for line in [
        "Complaints closed: 1",
        "repairs were not chased | 1",
        "C-2025-00001 | Repairs were not chased | Chase repairs weekly; Train the repairs desk",
        "Residents who made two or more complaints: 1 (2 complaints)",
        "Complaints from residents with recorded vulnerabilities or adjustments: 1",
        "Complaints from following up a survey (Code 1.6): 1",
        "Service requests recorded (Code 1.4): 12",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
}

#[test]
fn the_pack_opens_with_its_title_then_a_one_page_summary_then_every_section_in_order() {
    let document = board_pack(&facts());
    assert_eq!(
        document.title,
        "Complaints board pack: Riverside Homes (consolidated), 1 January 2025 to 31 March 2025"
    );
    let headings: Vec<(u8, &str)> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, text } => Some((*level, text.as_str())),
            _ => None,
        })
        .collect();
    let mut expected = vec![(1, document.title.as_str())];
    expected.extend(SECTIONS.iter().map(|s| (2, *s)));
    assert_eq!(headings, expected);
    // The summary is its own page: the block after its facts is a page break.
    let summary = document.blocks.iter().position(|b| *b == Block::Heading { level: 2, text: "Summary".into() });
    assert_eq!(document.blocks.get(summary.unwrap() + 2), Some(&Block::PageBreak));
}

#[test]
fn the_summary_gives_each_figure_with_what_it_is_counted_from() {
    let text = board_pack(&facts()).plain_text();
    for line in [
        "Complaints received: 3",
        "Escalation requests received (stage 2): 1",
        // 3 per 160 homes = 18.75 per 1,000, published half-up as 18.8.
        "Stage 1 complaints per 1,000 homes (CH01): 18.8 (3 per 160 homes)",
        // 2 of 3 = 66.666…%: 66.7.
        "Stage 1 responses within the Code's timescales (CH02): 66.7% (2 of 3)",
        "Stage 2 responses within the Code's timescales (CH02): No value (0 of 0)",
        "Escalation rate (escalations per stage 1 response): 33.3% (1 of 3)",
        "Open complaints past a due date now: 4",
        "Remedies offered: 1",
        "Financial remedies in all: £150.50",
        "Homes owned: 160",
        "Audit checkpoint: 7-0123456789abcdef0123456789abcdef",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
}

#[test]
fn the_sections_tables_hold_the_figures_by_stage_month_and_category() {
    let text = board_pack(&facts()).plain_text();
    for line in [
        "Telephone | 1",
        "Email | 2",
        "Stage 1 complaints accepted | 18.8 | 3 | 160",
        "Responses within the timescales, counting no extension | 33.3% (1 of 3) | No value (0 of 0)",
        "Extensions notified | 1 | 0",
        "Working days added by extensions | 5 | 0",
        // (4 + 9 + 14) / 3 = 9 working days on average.
        "Average working days to respond | 9.0 | No responses",
        "Up to 5 working days | 1 | 0",
        "Over 40 working days | 0 | 0",
        "Upheld | 1 | 0",
        "Outstanding actions | 2",
        "Category | Jan 2025 | Feb 2025 | Mar 2025 | Total",
        "Repairs | 0 | 1 | 2 | 3",
        "March 2025 | 2 | 1 | No value (0 of 0) | No value (0 of 0)",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
}

#[test]
fn every_table_row_is_as_wide_as_its_header() {
    for block in board_pack(&facts()).blocks {
        if let Block::Table { caption, header, rows } = block {
            assert!(rows.iter().all(|r| r.len() == header.len()), "{caption}");
        }
    }
}

#[test]
fn a_period_without_categories_or_homes_says_so_rather_than_showing_empty_tables() {
    let mut facts = facts();
    facts.metrics.themes.clear();
    facts.homes = None;
    facts.metrics.volumes.stage1_per_thousand_homes = Figure::per_thousand(3, 0);
    let text = board_pack(&facts).plain_text();
    assert!(text.contains("No complaint received in the period was given a category."), "{text}");
    assert!(text.contains("Homes owned: Not recorded for the year"), "{text}");
    assert!(text.contains("(CH01): No value: homes owned not recorded (3 received)"), "{text}");
}

#[test]
fn money_and_counts_are_grouped_by_thousands() {
    assert_eq!(pounds(0), "£0.00");
    assert_eq!(pounds(123_456_789), "£1,234,567.89");
    assert_eq!(grouped(1_000u64), "1,000");
    assert_eq!(grouped(999u64), "999");
}
