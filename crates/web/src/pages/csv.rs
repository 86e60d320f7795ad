//! CSV downloads (RFC 4180), safe to open in a spreadsheet.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// A CSV table being written: a header line, then rows, each line ending CRLF.
pub(crate) struct Table {
    text: String,
}

impl Table {
    /// A table with this header.
    pub(crate) fn new(header: &[&str]) -> Table {
        let mut table = Table { text: String::new() };
        table.line(header.iter().copied());
        table
    }

    /// Adds a row.
    pub(crate) fn row(&mut self, cells: &[String]) {
        self.line(cells.iter().map(String::as_str));
    }

    fn line<'a>(&mut self, cells: impl Iterator<Item = &'a str>) {
        for (n, cell) in cells.enumerate() {
            if n > 0 {
                self.text.push(',');
            }
            self.text.push_str(&field(cell));
        }
        self.text.push_str("\r\n");
    }

    /// The download: `text/csv` in UTF-8, as an attachment named `file_name` (made by us,
    /// never from input, so it needs no quoting beyond the quotes).
    pub(crate) fn into_response(self, file_name: &str) -> Response {
        (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            ],
            self.text,
        )
            .into_response()
    }
}

/// One field, quoted if need be.
///
/// Formula injection: a spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (and
/// some read a leading tab or carriage return the same way) as a formula, so a resident's
/// name such as `=HYPERLINK(…)` could act on the computer of whoever opens the export. Such
/// a cell gets a single quote in front, which spreadsheets show as text (OWASP's advice).
/// Then RFC 4180: a field holding a comma, a double quote, CR or LF is put in double
/// quotes, with its double quotes doubled.
fn field(cell: &str) -> String {
    let guarded = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() };
    if guarded.contains([',', '"', '\r', '\n']) { format!("\"{}\"", guarded.replace('"', "\"\"")) } else { guarded }
}

#[cfg(test)]
mod tests {
    use super::{Table, field};

    #[test]
    fn plain_fields_are_left_alone() {
        assert_eq!(field("CMP-2025-000001"), "CMP-2025-000001");
        assert_eq!(field(""), "");
        assert_eq!(field("Zoë O'Brien"), "Zoë O'Brien");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(field("Flat 2, 3 High Street"), "\"Flat 2, 3 High Street\"");
        assert_eq!(field("the \"boiler\""), "\"the \"\"boiler\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote_first() {
        for (cell, expected) in [
            ("=1+1", "'=1+1"),
            ("+44 20", "'+44 20"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("\rx", "\"'\rx\""),
        ] {
            assert_eq!(field(cell), expected, "{cell:?}");
        }
        assert_eq!(field("a=b"), "a=b", "only a leading character counts");
    }

    #[test]
    fn lines_end_with_crlf() {
        let mut table = Table::new(&["A", "B"]);
        table.row(&["1".into(), "x,y".into()]);
        assert_eq!(table.text, "A,B\r\n1,\"x,y\"\r\n");
    }
}
