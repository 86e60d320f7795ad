//! What the case page's sections are made of, in the GOV.UK Design System's terms: headings,
//! summary lists, tables, tags and warning text. Each section module says what to show;
//! `cases/show.html` draws these pieces the same way everywhere, so the template stays small
//! however much the file holds.

use jiff::civil::Date;

use crate::pages::cases::{in_england, long_date};

/// A value in a summary list or a table's cell.
pub(crate) enum Value {
    /// Plain text.
    Text(String),
    /// Several items, one a line; "None" when there are none.
    Lines(Vec<String>),
    /// Items that are counted, such as the points of a definition.
    Numbered(Vec<String>),
    /// A GOV.UK tag, its colour given by its class (`govuk-tag--red`).
    Tag { text: &'static str, colour: &'static str },
    /// Text with notes under it in smaller type: an action's updates, an order's evidence.
    Noted { text: String, notes: Vec<String> },
    /// A link.
    Link { href: String, text: String },
}

/// A table: its caption (read by screen readers), its column headings and its rows.
pub(crate) struct Table {
    pub(crate) caption: String,
    pub(crate) head: Vec<&'static str>,
    pub(crate) rows: Vec<Vec<Value>>,
}

/// One piece of a section.
pub(crate) enum Part {
    /// A heading within the section.
    Heading(String),
    /// A summary list: each row a key and its value.
    Rows(Vec<(String, Value)>),
    /// A table.
    Table(Table),
    /// A paragraph.
    Text(String),
    /// Something that must not be missed, as GOV.UK warning text.
    Warning(String),
}

/// A section of the case page, under its own heading, with an `id` to link to.
pub(crate) struct Section {
    pub(crate) id: &'static str,
    pub(crate) heading: String,
    pub(crate) parts: Vec<Part>,
}

impl Value {
    /// Text, or `none` when there is none.
    pub(crate) fn or(text: Option<String>, none: &str) -> Value {
        Value::Text(text.unwrap_or_else(|| none.to_owned()))
    }
}

impl Section {
    /// A section with nothing in it yet.
    pub(crate) fn new(id: &'static str, heading: impl Into<String>) -> Section {
        Section { id, heading: heading.into(), parts: Vec::new() }
    }

    /// Adds a heading and, under it, a table of `rows` (nothing at all when there are none).
    pub(crate) fn table(&mut self, heading: &str, head: Vec<&'static str>, rows: Vec<Vec<Value>>) {
        if rows.is_empty() {
            return;
        }
        self.parts.push(Part::Heading(heading.to_owned()));
        self.parts.push(Part::Table(Table { caption: heading.to_owned(), head, rows }));
    }
}

/// A row of a summary list.
pub(crate) fn row(key: &str, value: Value) -> (String, Value) {
    (key.to_owned(), value)
}

/// "Open", or "Completed 4 March 2025" with what `done` says of it and, under it, the `note`
/// of how it was done.
pub(crate) fn progress(done_on: Option<Date>, done: &str, note: Option<&String>) -> Value {
    let text = done_on.map_or_else(|| "Open".to_owned(), |on| format!("{done} {}", long_date(on)));
    Value::Noted { text, notes: note.into_iter().cloned().collect() }
}

/// `£150.50`.
pub(crate) fn pounds(pence: u64) -> String {
    format!("£{}.{:02}", pence / 100, pence % 100)
}

/// The date in England of an instant: `3 June 2024`.
pub(crate) fn day(at: jiff::Timestamp) -> String {
    long_date(in_england(at).date())
}
