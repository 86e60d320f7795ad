//! The board pack (Code 9.6, 9.7 a-c): the page shows the dashboard's figures for the same
//! choice of organisation and period, in the staff layout with no inline style, links to its
//! PDF, which downloads as a PDF; the dashboard links to it; only those who may read reports
//! get it, and only for their own organisations.

use axum::http::StatusCode;
use redress_app::Role;
use redress_domain::reporting::ReportingYear;
use redress_storage::Backend;

use crate::reports::site_with_figures;
use crate::site::{Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(code_9_6_the_board_pack_page_shows_the_dashboards_figures_and_downloads_as_a_pdf),
        case!(only_those_who_may_read_reports_get_the_board_pack),
    ]
}

async fn code_9_6_the_board_pack_page_shows_the_dashboards_figures_and_downloads_as_a_pdf(backend: Backend) {
    let site = site_with_figures(backend).await;
    let year = ReportingYear::starting(2024).unwrap();
    let mrc = site.member(Role::MemberResponsible);
    let dashboard = site.app.dashboard(mrc, None, year.period()).await.unwrap();
    let landlord = encode(dashboard.chosen.id.as_str());
    let cookie = site.sign_in(&email(Role::MemberResponsible)).await;

    // The dashboard links to the pack of its own choice, the quarter included.
    let q4 = site.get(Some(&cookie), "/reports?year=2024&quarter=4").await;
    assert_eq!(
        href(&q4.body, "/reports/board-pack?"),
        format!("/reports/board-pack?year=2024&org={landlord}&quarter=4")
    );

    let page = site.get(Some(&cookie), "/reports/board-pack?year=2024").await;
    page.expect_page("Board pack");
    let body = &page.body;
    assert!(
        body.contains("<h1 class=\"govuk-heading-l\">Complaints board pack: Riverside Homes (consolidated), 1 April 2024 to 31 March 2025</h1>"),
        "{body}"
    );
    let main = body.split("id=\"main-content\"").nth(1).unwrap();
    assert!(!main.contains("style="), "the content security policy allows no inline style: {main}");
    // The dashboard's figures: 3 complaints over 160 homes is 18.75 per 1,000, published 18.8;
    // the one stage 1 response was within the timescales.
    let m = &dashboard.metrics;
    let ch02 = m.timeliness.responded_within[0];
    for (label, value) in [
        ("Complaints received", m.volumes.stage1_received.to_string()),
        ("Stage 1 complaints per 1,000 homes (CH01)", "18.8 (3 per 160 homes)".to_owned()),
        (
            "Stage 1 responses within the Code&#39;s timescales (CH02)",
            format!("{}% ({} of {})", ch02.value.unwrap(), ch02.numerator, ch02.denominator),
        ),
        ("Open complaints past a due date now", "0".to_owned()),
    ] {
        let row = format!(
            "<dt class=\"govuk-summary-list__key\">{label}</dt><dd class=\"govuk-summary-list__value\">{value}</dd>"
        );
        assert!(body.contains(&row), "{row} not in {body}");
    }
    assert_eq!(ch02.value.unwrap().to_string(), "100.0");
    assert!(body.contains("<dt class=\"govuk-summary-list__key\">Audit checkpoint</dt>"), "{body}");
    for section in ["Volumes and channels", "Timeliness", "Themes", "Trends by month", "What the figures count"] {
        assert!(body.contains(&format!("<h2 class=\"govuk-heading-m\">{section}</h2>")), "{section}");
    }
    let pdf_link = href(body, "/reports/board-pack.pdf?");
    assert_eq!(pdf_link, format!("/reports/board-pack.pdf?year=2024&org={landlord}"), "the download keeps the choice");

    let (status, headers, bytes) = site.download(&cookie, &pdf_link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["content-disposition"], "attachment; filename=\"board-pack-2024-25.pdf\"");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let (_, headers, _) = site.download(&cookie, "/reports/board-pack.pdf?year=2024&quarter=4").await;
    assert_eq!(headers["content-disposition"], "attachment; filename=\"board-pack-2024-25-q4.pdf\"");
}

/// The first link in `html` starting `start`, unescaped.
fn href(html: &str, start: &str) -> String {
    let after = html.split(&format!("href=\"{start}")).nth(1).unwrap_or_else(|| panic!("no link to {start}: {html}"));
    let query = after.split('"').next().unwrap().replace("&amp;", "&").replace("&#38;", "&");
    format!("{start}{query}")
}

async fn only_those_who_may_read_reports_get_the_board_pack(backend: Backend) {
    let site = Site::new(backend).await;
    for role in Role::ALL {
        let cookie = site.sign_in(&email(role)).await;
        let expected = if role == Role::Handler { StatusCode::FORBIDDEN } else { StatusCode::OK };
        for path in ["/reports/board-pack", "/reports/board-pack.pdf"] {
            assert_eq!(site.get(Some(&cookie), path).await.status, expected, "{role} GET {path}");
        }
    }
    let cookie = site.sign_in(&email(Role::SeniorLead)).await;
    let other = encode(site.outsider.organisation_id.as_str());
    for path in [format!("/reports/board-pack?org={other}"), format!("/reports/board-pack.pdf?org={other}")] {
        site.get(Some(&cookie), &path).await.expect(StatusCode::NOT_FOUND);
    }
    site.get(Some(&cookie), "/reports/board-pack?quarter=5").await.expect(StatusCode::BAD_REQUEST);
    site.get(Some(&cookie), "/reports/board-pack.pdf?year=twenty").await.expect(StatusCode::BAD_REQUEST);
}
