//! Keyset paging: the cursors of the lists and how they travel.
//!
//! Every list has a stable order ending in a unique tiebreaker, and an index that serves
//! it (`migrations/*/0008_list_indexes.sql`). A page after (or before) a row is read by
//! comparing the order key with the row's, so the database seeks to it in the index
//! instead of counting past every earlier row as a large `offset` would.
//!
//! A cursor is opaque to clients: the order key's parts, hex-encoded, so that it is safe in
//! a URL and says nothing that the page itself does not.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::ids::{ResidentId, ServiceRequestId};

use crate::values::format_instant;

/// Which way a page reads from its cursor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Page<C> {
    /// The first page.
    #[default]
    First,
    /// The rows after this one, in the list's order ("Next").
    After(C),
    /// The rows before this one, still returned in the list's order ("Previous").
    Before(C),
}

/// Where a page of complaints starts or ends: the order key of a complaint in its list's
/// order ([`ComplaintFilter::order`](crate::ComplaintFilter::order)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintCursor {
    /// The day the list is ordered by: the day it was received, or in the deadline lists
    /// the day it is next due.
    pub on: Date,
    /// Its reference (unique in the organisation).
    pub reference: String,
}

/// Where a page of residents starts or ends: by name, then id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentCursor {
    /// The resident's name.
    pub name: String,
    /// Their id.
    pub id: ResidentId,
}

/// Where a page of service requests starts or ends: newest first, then by id, descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequestCursor {
    /// When it was recorded.
    pub created_at: Timestamp,
    /// Its id.
    pub id: ServiceRequestId,
}

/// Where a page of open remedies and actions starts or ends: by due date, then complaint and
/// item (see `work.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCursor {
    /// The item's due date.
    pub due: Date,
    /// Its complaint's id.
    pub complaint_id: String,
    /// Its number within the complaint.
    pub item_id: String,
}

/// An order key that travels as an opaque text.
pub trait Cursor: Sized {
    /// The cursor as URL-safe text.
    fn encode(&self) -> String;
    /// The cursor `text` encodes, or `None` if it is not one.
    fn decode(text: &str) -> Option<Self>;
}

impl Cursor for ComplaintCursor {
    fn encode(&self) -> String {
        encode_parts(&[&self.on.to_string(), &self.reference])
    }

    fn decode(text: &str) -> Option<Self> {
        let [on, reference] = decode_parts(text)?;
        Some(ComplaintCursor { on: on.parse().ok()?, reference })
    }
}

impl Cursor for ResidentCursor {
    fn encode(&self) -> String {
        encode_parts(&[&self.name, &self.id])
    }

    fn decode(text: &str) -> Option<Self> {
        let [name, id] = decode_parts(text)?;
        Some(ResidentCursor { name, id: id.parse().ok()? })
    }
}

impl Cursor for ServiceRequestCursor {
    fn encode(&self) -> String {
        encode_parts(&[&format_instant(self.created_at), &self.id])
    }

    fn decode(text: &str) -> Option<Self> {
        let [created_at, id] = decode_parts(text)?;
        Some(ServiceRequestCursor { created_at: created_at.parse().ok()?, id: id.parse().ok()? })
    }
}

impl Cursor for WorkCursor {
    fn encode(&self) -> String {
        encode_parts(&[&self.due.to_string(), &self.complaint_id, &self.item_id])
    }

    fn decode(text: &str) -> Option<Self> {
        let [due, complaint_id, item_id] = decode_parts(text)?;
        Some(WorkCursor { due: due.parse().ok()?, complaint_id, item_id })
    }
}

/// The parts, each hex-encoded, joined by `.`.
fn encode_parts(parts: &[&str]) -> String {
    let hex: Vec<String> = parts.iter().map(|part| part.bytes().map(|b| format!("{b:02x}")).collect()).collect();
    hex.join(".")
}

/// The `N` parts of an [`encode_parts`] text, or `None`.
fn decode_parts<const N: usize>(text: &str) -> Option<[String; N]> {
    if text.len() > 4096 {
        return None;
    }
    let parts: Vec<String> = text.split('.').map(unhex).collect::<Option<_>>()?;
    parts.try_into().ok()
}

fn unhex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

/// How a page reads its list from a cursor.
pub(crate) struct Seek {
    /// How the order key compares with the cursor's (`<` or `>`); none on the first page.
    pub(crate) comparison: Option<&'static str>,
    /// The direction to read the index in: `desc` or `asc`.
    pub(crate) direction: &'static str,
    /// Whether the rows come back in the opposite of the list's order (reading "before" a
    /// cursor walks the index the other way), so the caller must reverse them.
    pub(crate) reversed: bool,
}

/// How to read `page` of a list ordered by its key descending (or ascending).
pub(crate) fn seek<C>(page: &Page<C>, descending: bool) -> Seek {
    let (forward, backward) = if descending { ("desc", "asc") } else { ("asc", "desc") };
    let (before, after) = if descending { (">", "<") } else { ("<", ">") };
    match page {
        Page::First => Seek { comparison: None, direction: forward, reversed: false },
        Page::After(_) => Seek { comparison: Some(after), direction: forward, reversed: false },
        Page::Before(_) => Seek { comparison: Some(before), direction: backward, reversed: true },
    }
}

/// One page of a list, in the list's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Whether there are more rows beyond these in the direction read: after them for the
    /// first page or a page after a cursor, before them for a page before one.
    pub more: bool,
}

impl<T> Paged<T> {
    /// `rows` read with `limit + 1` in a [`Seek`]'s direction, as a page of at most
    /// `limit` in the list's order (`reversed` is the seek's).
    pub(crate) fn of(mut rows: Vec<T>, limit: usize, reversed: bool) -> Paged<T> {
        let more = rows.len() > limit;
        rows.truncate(limit);
        if reversed {
            rows.reverse();
        }
        Paged { items: rows, more }
    }

    /// The page with each row mapped.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged { items: self.items.into_iter().map(f).collect(), more: self.more }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_travel_and_nonsense_is_refused() {
        let cursor = ComplaintCursor { on: jiff::civil::date(2025, 3, 4), reference: "CMP-2025-000012".into() };
        assert_eq!(ComplaintCursor::decode(&cursor.encode()), Some(cursor));
        let resident = ResidentCursor { name: "Zoë O'Neil.".into(), id: ResidentId::trusted("r1".into()) };
        assert_eq!(ResidentCursor::decode(&resident.encode()), Some(resident));
        let request =
            ServiceRequestCursor { created_at: Timestamp::UNIX_EPOCH, id: ServiceRequestId::trusted("s".into()) };
        assert_eq!(ServiceRequestCursor::decode(&request.encode()), Some(request));
        // A cursor whose id is not a valid id names no row.
        assert_eq!(ResidentCursor::decode(&encode_parts(&["Ada", "R 1"])), None);
        let work = WorkCursor { due: jiff::civil::date(2025, 3, 4), complaint_id: "c-1".into(), item_id: "R2".into() };
        assert_eq!(WorkCursor::decode(&work.encode()), Some(work));
        for nonsense in ["", "x", "abc", "61.62.63", "zz.zz", "323032352d31332d3031.41"] {
            assert_eq!(ComplaintCursor::decode(nonsense), None, "{nonsense}");
        }
    }
}
