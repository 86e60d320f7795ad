//! The TSM figures as an XLSX workbook: a sheet of figures (value to one decimal place,
//! numerator, denominator), a sheet of the counts behind them, and a sheet of the rules they
//! follow. Values are numbers with the format `0.0`, so a spreadsheet can sum and chart them;
//! a figure with no denominator has an empty value cell rather than a made-up 0.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use redress_domain::reporting::OneDecimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use crate::ExportError;
use crate::tsm::{COUNT_COLUMNS, TSM_RULES, TsmExport, count_rows, figure_rows, stage_label};

/// The figures' columns.
const FIGURE_HEADER: [&str; 8] =
    ["Organisation", "Whose", "Homes owned", "Measure", "Description", "Value", "Numerator", "Denominator"];

/// `export` as an XLSX workbook.
pub fn tsm_xlsx(export: &TsmExport) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let title = format!("Tenant Satisfaction Measures {}", export.year);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("Redress")
            .set_creation_datetime(&excel_time(export.computed_at)?),
    );
    let bold = Format::new().set_bold();
    let one_decimal = Format::new().set_num_format("0.0");

    let figures = workbook.add_worksheet().set_name("Figures")?;
    header(figures, &FIGURE_HEADER, &bold)?;
    for (n, row) in figure_rows(export).enumerate() {
        let r = row_number(n + 1)?;
        let figure = row.sheet.figures.figure(row.measure);
        figures.write_string(r, 0, &row.sheet.organisation)?;
        figures.write_string(r, 1, row.sheet.whose.label())?;
        if let Some(homes) = row.sheet.homes {
            figures.write_number(r, 2, homes)?;
        }
        figures.write_string(r, 3, row.measure.code())?;
        figures.write_string(r, 4, row.measure.label())?;
        if let Some(value) = figure.value {
            figures.write_number_with_format(r, 5, as_number(value), &one_decimal)?;
        }
        figures.write_number(r, 6, count(figure.numerator))?;
        figures.write_number(r, 7, count(figure.denominator))?;
    }
    figures.autofit();

    let counts = workbook.add_worksheet().set_name("Counts")?;
    let count_header: Vec<&str> =
        ["Organisation", "Whose", "Stage"].into_iter().chain(COUNT_COLUMNS.iter().map(|(name, _)| *name)).collect();
    header(counts, &count_header, &bold)?;
    for (n, (sheet, stage_counts)) in count_rows(export).enumerate() {
        let r = row_number(n + 1)?;
        counts.write_string(r, 0, &sheet.organisation)?;
        counts.write_string(r, 1, sheet.whose.label())?;
        counts.write_string(r, 2, stage_label(stage_counts.stage))?;
        for (c, (_, value)) in (3u16..).zip(COUNT_COLUMNS) {
            counts.write_number(r, c, count(value(&stage_counts)))?;
        }
    }
    counts.autofit();

    let rules = workbook.add_worksheet().set_name("Rules")?;
    rules.write_string_with_format(0, 0, &title, &bold)?;
    rules.write_string(1, 0, format!("Reporting year {}: {}", export.year, export.year.period()))?;
    for (r, line) in (3u32..).zip(TSM_RULES) {
        rules.write_string(r, 0, line)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn header(sheet: &mut Worksheet, names: &[&str], bold: &Format) -> Result<(), ExportError> {
    for (c, name) in (0u16..).zip(names) {
        sheet.write_string_with_format(0, c, *name, bold)?;
    }
    Ok(())
}

/// A row index as the workbook numbers them.
fn row_number(n: usize) -> Result<u32, ExportError> {
    u32::try_from(n).map_err(|_| ExportError::Xlsx(rust_xlsxwriter::XlsxError::RowColumnLimitError))
}

/// A value as the spreadsheet's number: tenths over ten.
fn as_number(value: OneDecimal) -> f64 {
    #[allow(clippy::cast_precision_loss)] // tenths of figures far below 2^52
    let tenths = value.tenths() as f64;
    tenths / 10.0
}

/// A count as the spreadsheet's number.
fn count(n: u64) -> f64 {
    #[allow(clippy::cast_precision_loss)] // counts of complaints and homes, far below 2^52
    let n = n as f64;
    n
}

/// `at` (UTC) as the workbook's creation time, which the format keeps in UTC.
fn excel_time(at: Timestamp) -> Result<ExcelDateTime, ExportError> {
    let t = at.to_zoned(TimeZone::UTC).datetime();
    let bad = || ExportError::Date(at.to_string());
    let year = u16::try_from(t.year()).map_err(|_| bad())?;
    ExcelDateTime::from_ymd(year, t.month().unsigned_abs(), t.day().unsigned_abs())
        .and_then(|d| d.and_hms(u16::from(t.hour().unsigned_abs()), t.minute().unsigned_abs(), t.second()))
        .map_err(|_| bad())
}
