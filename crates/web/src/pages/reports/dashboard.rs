//! `GET /reports?org=&year=&quarter=`: the dashboard (Code 9.4-9.7) of an organisation for a
//! reporting year or one of its quarters: volumes, timeliness, outcomes and themes, each figure
//! with what it is counted from, trends by month as charts with their numbers in a table
//! beside each, the Ombudsman, learning and the residents behind the complaints (`insight.rs`),
//! and each figure linked to the complaints behind it: the case list filtered to them where its
//! filters can say which, and otherwise a list of them under the figure.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use redress_app::Dashboard;
use redress_domain::complaint::{Channel, Decision, RemedyKind};
use redress_domain::reporting::{DAYS_TO_RESPOND_BOUNDS, Figure, Metrics, Period, ReportingYear};
use redress_storage::OrganisationKind;

use super::charts::{BarChart, Series};
use super::insight::{Insight, insight};
use super::{Choice, ReportQuery, organisation_choices, query_string, year_choices};
use crate::AppState;
use crate::pages::cases::{DrillDown, long_date};
use crate::pages::{Layout, PageError, Section, Staff, render};

/// The charts' colours: GOV.UK blue and purple, each over 3:1 on white.
const STAGE_COLOURS: [&str; 2] = ["#1d70b8", "#912b88"];

/// A figure with its parts.
struct FigureRow {
    label: String,
    value: String,
    numerator: u64,
    denominator: u64,
}

/// A count, linked to the complaints behind it where the case list can say which.
struct CountRow {
    label: String,
    count: String,
    link: Option<String>,
}

/// A row of a table by stage: a label and a value per stage.
struct StageRow {
    label: String,
    stages: [String; 2],
}

/// A chart with the table of its numbers.
struct Trend {
    svg: String,
    caption: String,
    /// The series' names, the table's columns.
    columns: Vec<&'static str>,
    /// A month and its values.
    rows: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "reports/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    organisations: Vec<Choice>,
    years: Vec<Choice>,
    quarters: Vec<Choice>,
    /// "Riverside Homes (consolidated), 1 April 2024 to 31 March 2025".
    heading: String,
    homes: String,
    volumes: Vec<CountRow>,
    per_thousand: Vec<FigureRow>,
    channels: Vec<CountRow>,
    timeliness: Vec<FigureRow>,
    timeliness_counts: Vec<StageRow>,
    open_past_due: Vec<CountRow>,
    days_to_respond: Vec<StageRow>,
    decisions: Vec<StageRow>,
    escalation_rate: Vec<FigureRow>,
    refused: Vec<StageRow>,
    remedies: Vec<CountRow>,
    overdue: Vec<CountRow>,
    /// The months' names, then each category's counts.
    theme_months: Vec<String>,
    themes: Vec<(String, Vec<u64>)>,
    trends: Vec<Trend>,
    tsm_link: String,
    /// The board pack of the same choice.
    board_pack_link: String,
    /// The Ombudsman, learning and the residents behind the complaints.
    insight: Insight,
}

/// `GET /reports`.
pub(super) async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let app = state.app();
    let today = app.today()?;
    let year = query.year(today)?;
    let quarter = query.quarter()?;
    let period = match quarter {
        None => year.period(),
        Some(q) => year.quarter(q).map_err(|e| redress_app::AppError::Invalid(e.to_string()))?,
    };
    let dashboard = app.dashboard(&staff.actor, query.organisation()?.as_ref(), period).await?;
    let agent = (dashboard.chosen.kind != OrganisationKind::Landlord).then(|| dashboard.chosen.id.clone());
    let drill = DrillDown {
        received: Some((period.first(), period.last())),
        organisation: agent.clone(),
        ..DrillDown::default()
    };
    let overdue = DrillDown { organisation: agent, overdue: true, ..DrillDown::default() };
    let open_past_due = app.count_complaints(&staff.actor, &overdue.filter(&state)?).await?;
    let page = view(&staff, &dashboard, year, quarter, today, &drill, (&overdue, open_past_due));
    Ok(render(StatusCode::OK, &page))
}

fn view(
    staff: &Staff,
    dashboard: &Dashboard,
    year: ReportingYear,
    quarter: Option<u8>,
    today: jiff::civil::Date,
    drill: &DrillDown,
    (overdue, open_past_due): (&DrillDown, u64),
) -> DashboardPage {
    let m: &Metrics = &dashboard.metrics;
    let period = dashboard.period;
    let v = &m.volumes;
    let t = &m.timeliness;
    let o = &m.outcomes;
    let name = super::organisation_label(&dashboard.chosen);
    DashboardPage {
        layout: staff.layout("Complaints dashboard", Section::Reports),
        organisations: organisation_choices(&dashboard.organisations, &dashboard.chosen.id),
        years: year_choices(today, year),
        quarters: quarter_choices(quarter),
        heading: format!("{name}, {} to {}", long_date(period.first()), long_date(period.last())),
        homes: dashboard.homes.map_or_else(
            || "Homes owned: not recorded for this reporting year, so there are no figures per 1,000 homes.".to_owned(),
            |homes| format!("Homes owned in {}: {homes}", ReportingYear::of(period.last())),
        ),
        volumes: vec![
            CountRow {
                label: "Complaints received (stage 1, accepted or not)".into(),
                count: v.stage1_received.to_string(),
                link: Some(drill.link()),
            },
            CountRow {
                label: "Escalation requests received (stage 2, not refused)".into(),
                count: v.stage2_received.to_string(),
                link: None,
            },
            CountRow {
                label: "Complaints from following up dissatisfaction in a survey (Code 1.6)".into(),
                count: v.survey_follow_up.to_string(),
                link: (v.survey_follow_up > 0)
                    .then(|| DrillDown { channel: Some(Channel::SurveyFollowUp), ..drill.clone() }.link()),
            },
            CountRow {
                label: "Service requests recorded (Code 1.4)".into(),
                count: v.service_requests.map_or_else(|| "Not counted".to_owned(), |n| n.to_string()),
                link: None,
            },
        ],
        per_thousand: vec![
            figure_row("Stage 1 complaints accepted per 1,000 homes", v.stage1_per_thousand_homes),
            figure_row("Stage 2 complaints accepted per 1,000 homes", v.stage2_per_thousand_homes),
        ],
        channels: v
            .by_channel
            .iter()
            .map(|(channel, n)| CountRow {
                label: channel.label().to_owned(),
                count: n.to_string(),
                link: (*n > 0).then(|| DrillDown { channel: Some(*channel), ..drill.clone() }.link()),
            })
            .collect(),
        timeliness: vec![
            figure_row("Stage 1 acknowledged within 5 working days (Code 6.2), %", t.acknowledged_within[0]),
            figure_row("Stage 2 acknowledged within 5 working days (Code 6.11), %", t.acknowledged_within[1]),
            figure_row("Stage 1 responses within the Code's timescales (as CH02), %", t.responded_within[0]),
            figure_row("Stage 2 responses within the Code's timescales (as CH02), %", t.responded_within[1]),
            figure_row(
                "Stage 1 responses within the timescales without extensions, %",
                t.responded_within_without_extensions[0],
            ),
            figure_row(
                "Stage 2 responses within the timescales without extensions, %",
                t.responded_within_without_extensions[1],
            ),
        ],
        timeliness_counts: vec![
            StageRow { label: "Extensions notified".into(), stages: t.extensions.map(|(n, _)| n.to_string()) },
            StageRow {
                label: "Working days added by extensions".into(),
                stages: t.extensions.map(|(_, days)| days.to_string()),
            },
            StageRow {
                label: "Average working days to respond".into(),
                stages: [0, 1]
                    .map(|s| t.days_to_respond[s].average().map_or_else(|| "None".to_owned(), |a| a.to_string())),
            },
        ],
        open_past_due: vec![CountRow {
            label: "Open complaints past a due date now".into(),
            count: open_past_due.to_string(),
            link: Some(overdue.link()),
        }],
        days_to_respond: (0..=DAYS_TO_RESPOND_BOUNDS.len())
            .map(|b| StageRow {
                label: bucket_label(b),
                stages: [0, 1].map(|s| t.days_to_respond[s].buckets[b].to_string()),
            })
            .collect(),
        decisions: Decision::ALL
            .iter()
            .enumerate()
            .map(|(d, decision)| StageRow {
                label: decision.label().to_owned(),
                stages: [0, 1].map(|s| o.decisions[s][d].to_string()),
            })
            .collect(),
        escalation_rate: vec![figure_row("Escalation requests per stage 1 response, %", o.escalation_rate)],
        refused: o
            .refused
            .iter()
            .map(|(ground, n)| StageRow { label: ground.label().to_owned(), stages: n.map(|c| c.to_string()) })
            .collect(),
        remedies: remedy_rows(&o.remedies, o.financial_pence),
        overdue: vec![
            CountRow {
                label: "Remedies past their due date, not completed".into(),
                count: o.overdue.0.to_string(),
                link: Some("/work".into()),
            },
            CountRow {
                label: "Actions past their due date, not completed".into(),
                count: o.overdue.1.to_string(),
                link: Some("/work".into()),
            },
        ],
        theme_months: m.months.iter().map(|month| month_name(&month.month)).collect(),
        themes: m.themes.iter().map(|(category, counts)| (category.clone(), counts.clone())).collect(),
        trends: trends(m),
        tsm_link: format!("/reports/tsm{}", query_string(year, &dashboard.chosen.id)),
        board_pack_link: format!(
            "/reports/board-pack{}",
            super::board_pack::with_quarter(query_string(year, &dashboard.chosen.id), quarter)
        ),
        insight: insight(m, &dashboard.references, drill),
    }
}

fn figure_row(label: &str, figure: Figure) -> FigureRow {
    FigureRow {
        label: label.to_owned(),
        value: figure.value.map_or_else(|| "No value".to_owned(), |v| v.to_string()),
        numerator: figure.numerator,
        denominator: figure.denominator,
    }
}

fn remedy_rows(remedies: &[(RemedyKind, u64)], financial_pence: u64) -> Vec<CountRow> {
    remedies
        .iter()
        .map(|(kind, n)| CountRow { label: kind.label().to_owned(), count: n.to_string(), link: None })
        .chain([CountRow { label: "Financial remedies in all".into(), count: pounds(financial_pence), link: None }])
        .collect()
}

/// `£1,234.56`.
fn pounds(pence: u64) -> String {
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (n, digit) in pounds.chars().enumerate() {
        if n > 0 && (pounds.len() - n).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("£{grouped}.{:02}", pence % 100)
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

pub(super) fn quarter_choices(chosen: Option<u8>) -> Vec<Choice> {
    let names = ["The whole year", "April to June", "July to September", "October to December", "January to March"];
    (0u8..)
        .zip(names)
        .map(|(q, text)| Choice {
            value: if q == 0 { String::new() } else { q.to_string() },
            text: text.to_owned(),
            selected: chosen.unwrap_or(0) == q,
        })
        .collect()
}

/// "April 2024".
fn month_name(month: &Period) -> String {
    month.first().strftime("%B %Y").to_string()
}

fn trends(m: &Metrics) -> Vec<Trend> {
    let labels: Vec<String> = m.months.iter().map(|month| month.month.first().strftime("%b").to_string()).collect();
    let names: Vec<String> = m.months.iter().map(|month| month_name(&month.month)).collect();
    let received: [Vec<Option<f64>>; 2] =
        [0, 1].map(|s| m.months.iter().map(|month| Some(month.received[s] as f64)).collect());
    let within: [Vec<Option<f64>>; 2] = [0, 1].map(|s| {
        m.months.iter().map(|month| month.responded_within[s].value.map(|v| v.tenths() as f64 / 10.0)).collect()
    });
    let received_chart = BarChart {
        id: "trend-received",
        title: "Complaints received by month".into(),
        description: "Stage 1 complaints and stage 2 escalation requests received each month; the table beside gives the numbers.".into(),
        labels: labels.clone(),
        series: vec![
            Series { name: "Stage 1", colour: STAGE_COLOURS[0], values: received[0].clone() },
            Series { name: "Stage 2", colour: STAGE_COLOURS[1], values: received[1].clone() },
        ],
        max: None,
    };
    let within_chart = BarChart {
        id: "trend-within",
        title: "Responses within the Code's timescales by month (%)".into(),
        description: "The share of each month's responses sent within the Code's timescales, stage 1 and stage 2; a month with no responses has no bar. The table beside gives the numbers.".into(),
        labels,
        series: vec![
            Series { name: "Stage 1", colour: STAGE_COLOURS[0], values: within[0].clone() },
            Series { name: "Stage 2", colour: STAGE_COLOURS[1], values: within[1].clone() },
        ],
        max: Some(100.0),
    };
    let received_rows = names
        .iter()
        .zip(&m.months)
        .map(|(name, month)| (name.clone(), month.received.iter().map(ToString::to_string).collect()))
        .collect();
    let within_rows = names
        .iter()
        .zip(&m.months)
        .map(|(name, month)| {
            let cells = month
                .responded_within
                .iter()
                .map(|f| match f.value {
                    Some(v) => format!("{v} ({} of {})", f.numerator, f.denominator),
                    None => "No responses".to_owned(),
                })
                .collect();
            (name.clone(), cells)
        })
        .collect();
    vec![
        Trend {
            svg: received_chart.svg(),
            caption: received_chart.title.clone(),
            columns: vec!["Stage 1 received", "Stage 2 received"],
            rows: received_rows,
        },
        Trend {
            svg: within_chart.svg(),
            caption: within_chart.title.clone(),
            columns: vec!["Stage 1 within (%)", "Stage 2 within (%)"],
            rows: within_rows,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_the_buckets_of_days_read_as_people_write_them() {
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(pounds(5000), "£50.00");
        assert_eq!(pounds(123_456_789), "£1,234,567.89");
        let labels: Vec<String> = (0..=DAYS_TO_RESPOND_BOUNDS.len()).map(bucket_label).collect();
        assert_eq!(
            labels,
            [
                "Up to 5 working days",
                "6 to 10 working days",
                "11 to 20 working days",
                "21 to 40 working days",
                "Over 40 working days"
            ]
        );
    }
}
