//! The reports pages: the Tenant Satisfaction Measures page and its downloads show the
//! domain's figures (the spreadsheet read back by calamine, the CSV by splitting it), only to
//! the roles that may read reports, and only for organisations within the caller's scope.

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use redress_app::{Role, Stated};
use redress_domain::complaint::Command;
use redress_domain::reporting::{Measure, ReportingYear};
use redress_storage::Backend;
use serde_json::json;

use crate::site::{Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(code_9_6_the_tsm_page_and_its_downloads_show_the_domains_figures_with_numerators_and_denominators),
        case!(only_those_who_may_read_reports_see_them_and_only_for_their_own_organisations),
        case!(code_9_6_the_dashboard_agrees_with_the_tsm_and_drills_down_to_the_complaints_behind_a_figure),
    ]
}

/// Three complaints received on 4 March 2025 (2024/25), one answered the same day, and 160
/// homes owned: CH01 stage 1 is 3 per 160 homes, 18.75 per 1,000, published 18.8 (half-up);
/// CH02 stage 1 is 1 of 1, 100.0.
pub(crate) async fn site_with_figures(backend: Backend) -> Site {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let answered = site.complaint(handler, "The boiler failed").await;
    site.complaint(handler, "The lift is broken").await;
    site.complaint(handler, "The gutter leaks").await;
    let act = |command: serde_json::Value| async {
        let command: Command = serde_json::from_value(command).unwrap();
        site.app.act(handler, &answered.parse().unwrap(), command, Stated::default()).await.unwrap();
    };
    act(json!({
        "command": "acknowledge", "stage": 1, "handler": handler.user_id,
        "definition": { "points": ["The boiler failed"], "outcomes_sought": ["Heating"] },
        "responsibility": { "responsible_for": ["The boiler"], "not_responsible_for": [] },
    }))
    .await;
    act(json!({
        "command": "respond", "stage": 1, "decision": "upheld",
        "decisions": [{ "point": "P1", "decision": "upheld", "reasons": "The repair took too long." }],
        "remedy": { "type": "no_remedy", "reason": "The boiler was replaced." },
        "outstanding": { "type": "none" },
        "escalation": { "contact": "The complaints team", "how": "Reply to this letter", "within": "20 working days" },
    }))
    .await;
    let year = ReportingYear::starting(2024).unwrap();
    site.app.record_homes_owned(&handler.organisation_id, year, 160).await.unwrap();
    site
}

async fn code_9_6_the_tsm_page_and_its_downloads_show_the_domains_figures_with_numerators_and_denominators(
    backend: Backend,
) {
    let site = site_with_figures(backend).await;
    let landlord = site.member(Role::Admin).organisation_id.clone();
    let year = ReportingYear::starting(2024).unwrap();
    let found = site.app.tsm_reports(site.member(Role::Admin), None, year).await.unwrap();
    let figures = found.reports[0].figures;
    assert_eq!(figures.ch01_stage1.value.unwrap().to_string(), "18.8");
    assert_eq!((figures.ch02_stage1.numerator, figures.ch02_stage1.denominator), (1, 1));

    let cookie = site.sign_in(&email(Role::MemberResponsible)).await;
    let query = format!("?year=2024&org={}", encode(landlord.as_str()));
    let page = site.get(Some(&cookie), &format!("/reports/tsm{query}")).await;
    page.expect_page("Tenant Satisfaction Measures");
    assert!(page.body.contains("2024/25 (1 April 2024 to 31 March 2025)"), "{}", page.body);
    assert!(page.body.contains("Homes owned: 160"));
    // CH01 stage 1: 18.8, from 3 complaints over 160 homes.
    let ch01 = page.body.split("CH01 stage 1: Complaints received per 1,000 homes").nth(1).unwrap();
    let cells: Vec<&str> = ch01.split("govuk-table__cell--numeric\">").skip(1).take(3).collect();
    assert!(cells[0].starts_with("18.8<") && cells[1].starts_with("3 ") && cells[2].starts_with("160 "), "{cells:?}");
    assert!(page.body.contains("Tenant Satisfaction Measures: Technical Requirements"), "the rules cite the source");
    let link = page.body.split("href=\"/reports/tsm.xlsx").nth(1).unwrap().split('"').next().unwrap();
    assert_eq!(link.replace("&amp;", "&").replace("&#38;", "&"), query, "the download keeps the choice");

    let (status, headers, bytes) = site.download(&cookie, &format!("/reports/tsm.xlsx{query}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-disposition"], "attachment; filename=\"tsm-2024-25.xlsx\"");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Figures").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(rows.len(), 6, "the landlord has no managing agent here: its six figures");
    for (row, measure) in rows.iter().zip(Measure::ALL) {
        let figure = figures.figure(measure);
        let value = figure.value.map_or(Data::Empty, |v| Data::Float(v.tenths() as f64 / 10.0));
        assert_eq!(row[3], Data::String(measure.code().into()));
        assert_eq!(
            (&row[5], &row[6], &row[7]),
            (&value, &Data::Float(figure.numerator as f64), &Data::Float(figure.denominator as f64))
        );
    }
    assert_eq!(rows[0][5], Data::Float(18.8));

    let csv = site.get(Some(&cookie), &format!("/reports/tsm.csv{query}")).await;
    csv.expect(StatusCode::OK);
    let line = csv.body.split("\r\n").find(|l| l.contains(",CH01 stage 1,")).unwrap();
    assert!(line.ends_with(",18.8,3,160"), "{line}");
}

async fn only_those_who_may_read_reports_see_them_and_only_for_their_own_organisations(backend: Backend) {
    let site = Site::new(backend).await;
    for role in Role::ALL {
        let cookie = site.sign_in(&email(role)).await;
        let allowed = role != Role::Handler;
        for path in ["/reports", "/reports/tsm", "/reports/tsm.csv", "/reports/tsm.xlsx"] {
            let status = site.get(Some(&cookie), path).await.status;
            let expected = if allowed { StatusCode::OK } else { StatusCode::FORBIDDEN };
            assert_eq!(status, expected, "{role} GET {path}");
        }
        let home = site.get(Some(&cookie), "/").await;
        assert_eq!(home.body.contains("href=\"/reports\""), allowed, "{role} is offered Reports in the navigation");
    }
    // Another landlord's figures are not found, as are those of an organisation that does not exist.
    let cookie = site.sign_in(&email(Role::SeniorLead)).await;
    let other = encode(site.outsider.organisation_id.as_str());
    for path in [
        format!("/reports/tsm?org={other}"),
        format!("/reports/tsm.xlsx?org={other}"),
        "/reports/tsm?org=nobody".into(),
    ] {
        site.get(Some(&cookie), &path).await.expect(StatusCode::NOT_FOUND);
    }
    site.get(Some(&cookie), "/reports/tsm?year=twenty").await.expect(StatusCode::BAD_REQUEST);
}

async fn code_9_6_the_dashboard_agrees_with_the_tsm_and_drills_down_to_the_complaints_behind_a_figure(
    backend: Backend,
) {
    let site = site_with_figures(backend).await;
    let cookie = site.sign_in(&email(Role::SeniorLead)).await;
    let page = site.get(Some(&cookie), "/reports?year=2024").await;
    page.expect_page("Complaints dashboard");
    assert!(page.body.contains("Riverside Homes (consolidated), 1 April 2024 to 31 March 2025"), "{}", page.body);
    // The same CH01 as the TSM page: 3 accepted complaints over 160 homes, 18.8 per 1,000.
    let row = page.body.split("Stage 1 complaints accepted per 1,000 homes").nth(1).unwrap();
    let cells: Vec<&str> = row.split("govuk-table__cell--numeric\">").skip(1).take(3).collect();
    assert_eq!(cells.iter().map(|c| c.split('<').next().unwrap()).collect::<Vec<_>>(), ["18.8", "3", "160"]);
    // Stage 1 acknowledged within 5 working days: the one acknowledgement, 1 of 1; responses
    // within the timescales as CH02: 1 of 1.
    for label in ["Stage 1 acknowledged within 5 working days", "Stage 1 responses within the Code&#39;s timescales"] {
        let row = page.body.split(label).nth(1).unwrap_or_else(|| panic!("{label}: {}", page.body));
        let cells: Vec<&str> = row.split("govuk-table__cell--numeric\">").skip(1).take(3).collect();
        assert_eq!(
            cells.iter().map(|c| c.split('<').next().unwrap()).collect::<Vec<_>>(),
            ["100.0", "1", "1"],
            "{label}"
        );
    }
    // The charts are images named by their titles, with their numbers in a table beside.
    assert!(page.body.contains(r#"role="img" aria-labelledby="trend-received-title trend-received-desc""#));
    assert!(page.body.contains("<th scope=\"row\" class=\"govuk-table__header\">March 2025</th>"));

    // Drill-down: the count of complaints received links to the case list filtered to them,
    // which lists exactly as many.
    let received = page.body.split("Complaints received (stage 1, accepted or not)").nth(1).unwrap();
    let link = received
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    assert!(link.starts_with("/cases?received_from-day=1&received_from-month=4&received_from-year=2024"), "{link}");
    let count = received.split("\">").nth(2).unwrap().split('<').next().unwrap();
    assert_eq!(count, "3");
    let list = site.get(Some(&cookie), &link).await;
    list.expect(StatusCode::OK);
    assert!(list.body.contains(">3 cases</p>"), "{}", list.body);

    // A quarter: January to March 2025 holds the three complaints; April to June none.
    let q4 = site.get(Some(&cookie), "/reports?year=2024&quarter=4").await;
    assert!(q4.body.contains("1 January 2025 to 31 March 2025"));
    let q1 = site.get(Some(&cookie), "/reports?year=2024&quarter=1").await;
    let received = q1.body.split("Complaints received (stage 1, accepted or not)").nth(1).unwrap();
    assert_eq!(received.split("\">").nth(2).unwrap().split('<').next().unwrap(), "0");
    site.get(Some(&cookie), "/reports?quarter=5").await.expect(StatusCode::BAD_REQUEST);
}
