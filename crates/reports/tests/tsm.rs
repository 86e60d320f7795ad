//! The TSM exports read back by a spreadsheet library (calamine) and a CSV reader: every
//! figure's value, numerator and denominator, and every count, must be the domain's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use redress_domain::complaint::StageNumber;
use redress_domain::reporting::{Figure, Measure, RecordedAfterDue, ReportingYear, TsmFigures};
use redress_reports::{TsmExport, TsmSheet, Whose, tsm_csv, tsm_xlsx};

/// A landlord and its agent: a tie (5/16 = 31.25%, published 31.3), a figure with no
/// denominator (the agent's homes not recorded), and late recordings.
fn export() -> TsmExport {
    let landlord = TsmFigures {
        ch01_stage1: Figure::per_thousand(16, 500),
        ch01_stage2: Figure::per_thousand(3, 500),
        ch02_stage1: Figure::percentage(5, 16),
        ch02_stage2: Figure::percentage(2, 3),
        ch02_stage1_without_extensions: Figure::percentage(4, 16),
        ch02_stage2_without_extensions: Figure::percentage(2, 3),
        ch02_stage1_recorded_after_due: RecordedAfterDue {
            responses: 1,
            acknowledgements: 2,
            extensions: 1,
            within_timescales_with_late_records: 1,
        },
        ch02_stage2_recorded_after_due: RecordedAfterDue::default(),
    };
    let agent = TsmFigures {
        ch01_stage1: Figure::per_thousand(4, 0),
        ch01_stage2: Figure::per_thousand(0, 0),
        ch02_stage1: Figure::percentage(1, 8),
        ch02_stage2: Figure::percentage(0, 0),
        ch02_stage1_without_extensions: Figure::percentage(1, 8),
        ch02_stage2_without_extensions: Figure::percentage(0, 0),
        ch02_stage1_recorded_after_due: RecordedAfterDue::default(),
        ch02_stage2_recorded_after_due: RecordedAfterDue::default(),
    };
    TsmExport {
        year: ReportingYear::starting(2024).unwrap(),
        sheets: vec![
            TsmSheet {
                organisation: "Alpha Homes".into(),
                whose: Whose::Consolidated,
                homes: Some(500),
                figures: landlord,
            },
            TsmSheet { organisation: "=Agent & Co".into(), whose: Whose::Agent, homes: None, figures: agent },
        ],
        computed_at: "2026-12-07T17:30:00Z".parse().unwrap(),
    }
}

/// A figure's value as the spreadsheet holds it (tenths over ten), or none.
fn value(figure: Figure) -> Option<f64> {
    figure.value.map(|v| v.tenths() as f64 / 10.0)
}

#[test]
fn the_workbook_read_back_holds_every_figure_and_count_of_the_domain() {
    let export = export();
    let bytes = tsm_xlsx(&export).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Figures", "Counts", "Rules"]);

    let figures = book.worksheet_range("Figures").unwrap();
    let rows: Vec<&[Data]> = figures.rows().collect();
    assert_eq!(rows.len(), 1 + 2 * 6, "a header and six figures per organisation");
    assert_eq!(rows[0][5], Data::String("Value".into()));
    for (row, (sheet, measure)) in rows[1..].iter().zip(export.sheets.iter().flat_map(|s| Measure::ALL.map(|m| (s, m))))
    {
        let figure = sheet.figures.figure(measure);
        assert_eq!(row[0], Data::String(sheet.organisation.clone()), "written as text, never a formula");
        assert_eq!(row[3], Data::String(measure.code().into()));
        match value(figure) {
            Some(v) => assert_eq!(row[5], Data::Float(v), "{} {}", sheet.organisation, measure.key()),
            None => assert_eq!(row[5], Data::Empty, "no denominator, no value"),
        }
        assert_eq!(row[6], Data::Float(figure.numerator as f64));
        assert_eq!(row[7], Data::Float(figure.denominator as f64));
    }
    // The tie rounds half-up: CH02 stage 1 of the landlord is 31.3, not 31.2.
    assert_eq!(rows[3][5], Data::Float(31.3));
    assert_eq!(rows[1][2], Data::Float(500.0));
    assert_eq!(rows[7][2], Data::Empty, "the agent's homes are not recorded");

    let counts = book.worksheet_range("Counts").unwrap();
    let rows: Vec<&[Data]> = counts.rows().collect();
    assert_eq!(rows.len(), 1 + 2 * 2);
    assert_eq!(rows[0][7], Data::String("Within the timescales only by an extension".into()));
    // Alpha Homes, stage 1: 16 received, 16 responses, 5 within, 4 without an extension, so 1
    // only by one; 1 response, 2 acknowledgements and 1 extension recorded late; 1 within with one.
    let expected = [16.0, 16.0, 5.0, 4.0, 1.0, 1.0, 2.0, 1.0, 1.0];
    assert_eq!(rows[1][2], Data::String("Stage 1".into()));
    assert_eq!(rows[1][3..].to_vec(), expected.map(Data::Float).to_vec());
    let agent_stage2 = export.sheets[1].figures.counts(StageNumber::Two);
    assert_eq!(rows[4][4], Data::Float(agent_stage2.responses as f64));

    let rules = book.worksheet_range("Rules").unwrap();
    let text: Vec<String> = rules.rows().filter_map(|r| r.first().map(ToString::to_string)).collect();
    assert_eq!(text[0], "Tenant Satisfaction Measures 2024/25");
    assert!(text.iter().any(|t| t.contains("Tenant Satisfaction Measures: Technical Requirements")));
}

#[test]
fn the_csv_read_back_holds_every_figure_and_count_of_the_domain() {
    let export = export();
    let bytes = tsm_csv(&export).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 lines end CRLF");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.get(6), Some("value"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2 * 6 + 2 * 2 * 9, "six figures and nine counts a stage per organisation");
    for (record, (sheet, measure)) in
        records.iter().zip(export.sheets.iter().flat_map(|s| Measure::ALL.map(|m| (s, m))))
    {
        let figure = sheet.figures.figure(measure);
        assert_eq!(&record[0], "2024/25");
        assert_eq!(&record[4], measure.code());
        assert_eq!(record[6], figure.value.map(|v| v.to_string()).unwrap_or_default());
        assert_eq!(record[7], figure.numerator.to_string());
        assert_eq!(record[8], figure.denominator.to_string());
    }
    assert_eq!(&records[2][6], "31.3", "5/16 rounds half-up");
    assert_eq!(&records[6][1], "'=Agent & Co", "a name that would run as a formula is text");
    assert_eq!(&records[6][3], "", "homes not recorded");
    let within_only_by_extension = records
        .iter()
        .find(|r| {
            &r[1] == "Alpha Homes" && &r[4] == "Stage 1 count" && &r[5] == "Within the timescales only by an extension"
        })
        .unwrap();
    assert_eq!(&within_only_by_extension[7], "1");
}
