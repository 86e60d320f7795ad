//! The TSM figures as CSV (RFC 4180, UTF-8, CRLF lines): one row per organisation and
//! measure, with its value, numerator and denominator, then one row per organisation and
//! stage with the counts behind them. Every cell is made by Redress (an organisation's name
//! aside), and a name that a spreadsheet would run as a formula is written as text.

use crate::ExportError;
use crate::tsm::{COUNT_COLUMNS, TsmExport, count_rows, figure_rows, stage_label};

/// The columns of the figures' rows; the counts' rows use the same first four and put each
/// count in `numerator`, naming it in `measure`.
const HEADER: [&str; 9] = [
    "reporting_year",
    "organisation",
    "whose",
    "homes_owned",
    "measure",
    "description",
    "value",
    "numerator",
    "denominator",
];

/// `export` as CSV.
pub fn tsm_csv(export: &TsmExport) -> Result<Vec<u8>, ExportError> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    out.write_record(HEADER)?;
    let year = export.year.to_string();
    for row in figure_rows(export) {
        let figure = row.sheet.figures.figure(row.measure);
        out.write_record([
            year.clone(),
            text(&row.sheet.organisation),
            row.sheet.whose.label().to_owned(),
            row.sheet.homes.map(|h| h.to_string()).unwrap_or_default(),
            row.measure.code().to_owned(),
            row.measure.label().to_owned(),
            figure.value.map(|v| v.to_string()).unwrap_or_default(),
            figure.numerator.to_string(),
            figure.denominator.to_string(),
        ])?;
    }
    for (sheet, counts) in count_rows(export) {
        for (name, count) in COUNT_COLUMNS {
            out.write_record([
                year.clone(),
                text(&sheet.organisation),
                sheet.whose.label().to_owned(),
                sheet.homes.map(|h| h.to_string()).unwrap_or_default(),
                format!("{} count", stage_label(counts.stage)),
                name.to_owned(),
                String::new(),
                count(&counts).to_string(),
                String::new(),
            ])?;
        }
    }
    out.into_inner().map_err(|e| ExportError::Csv(e.into_error().into()))
}

/// A name as a cell a spreadsheet shows as text: one starting `=`, `+`, `-`, `@`, a tab or a
/// carriage return would run as a formula, so it gets a single quote in front (OWASP's advice).
fn text(name: &str) -> String {
    if name.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{name}") } else { name.to_owned() }
}
