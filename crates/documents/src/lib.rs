//! The structure of a document Redress writes: a letter, the case file, a board pack.
//!
//! Every document is built once, as a [`Document`] of [`Block`]s, and then rendered by each
//! renderer (HTML for the email body and the record, tagged PDF for post and download), so
//! that what is checked (a letter's required elements are checked on the built document's
//! text, never on a template) is exactly what each format shows. The model holds only what
//! every renderer can show accessibly: headings in order, paragraphs, lists, tables with
//! headers, summary lists, images with alternative text. Nothing here does I/O.

pub mod html;
pub mod page;

use serde::{Deserialize, Serialize};

/// A whole document, ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The document's title: the PDF's title and the HTML `<title>` (PDF/UA-1 requires one).
    pub title: String,
    /// Its language as a BCP 47 tag (`en-GB`): read aloud by screen readers.
    pub language: String,
    /// Who it is from, shown at the top of every letter.
    pub letterhead: Option<Letterhead>,
    /// For a letter: who it is to, the date and the reference, shown under the letterhead.
    pub addressing: Option<Addressing>,
    /// Large print (Code 3.1, 5.10: a reasonable adjustment): renderers use a larger type.
    pub large_print: bool,
    /// The content, in reading order.
    pub blocks: Vec<Block>,
}

/// The sender of a document: the organisation's details from its settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letterhead {
    /// The organisation's name.
    pub name: String,
    /// Its postal address, one line each.
    pub address: Vec<String>,
    /// How to contact it (telephone, email, web), one line each.
    pub contact: Vec<String>,
    /// Its logo, if one was uploaded.
    pub logo: Option<Image>,
}

/// Who a letter is to, and when and under which reference it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addressing {
    /// The recipient's name and postal address, one line each.
    pub recipient: Vec<String>,
    /// The date, already in words ("7 December 2026").
    pub date: String,
    /// Our reference (the complaint's reference).
    pub reference: String,
}

/// An image with its alternative text (required: PDF/UA-1 and WCAG refuse an image without).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// The bytes of a PNG, JPEG or SVG file.
    pub bytes: Vec<u8>,
    /// Its media type (`image/png`, `image/jpeg`, `image/svg+xml`).
    pub media_type: String,
    /// What it shows, for people who cannot see it.
    pub alt: String,
}

/// One piece of a document's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading; level 1 is the document's main heading, and levels never skip.
    Heading {
        /// 1 to 3.
        level: u8,
        /// Its text.
        text: String,
    },
    /// A paragraph of running text.
    Paragraph {
        /// Its text, as inline pieces.
        text: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered rather than bulleted.
        ordered: bool,
        /// Each item, as inline pieces.
        items: Vec<Vec<Inline>>,
    },
    /// Label and value pairs (a GOV.UK summary list): the case's key facts.
    Facts {
        /// Each pair.
        rows: Vec<Fact>,
    },
    /// A table with one header row.
    Table {
        /// What the table holds, read before it.
        caption: String,
        /// The column headers.
        header: Vec<String>,
        /// The rows, each with as many cells as there are headers.
        rows: Vec<Vec<String>>,
    },
    /// An image (a chart, say) with its alternative text.
    Image(Image),
    /// Start a new page (print only; HTML ignores it).
    PageBreak,
}

/// One label and value of a [`Block::Facts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    /// What the value is.
    pub label: String,
    /// The value.
    pub value: String,
}

/// A piece of running text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Text that stands out (a date, an amount).
    Strong {
        /// The text.
        text: String,
    },
    /// A link; print shows the address after the text.
    Link {
        /// What the link says.
        text: String,
        /// Where it goes (`https:`, `mailto:` or `tel:`).
        href: String,
    },
}

impl Inline {
    /// The words a reader sees, as they would read them (a link's text, not its address).
    pub fn plain(&self) -> &str {
        match self {
            Inline::Text { text } | Inline::Strong { text } | Inline::Link { text, .. } => text,
        }
    }
}

impl Document {
    /// The document's visible text, block by block, one line per paragraph, list item, fact or
    /// table row: what a letter's required elements and its readability are checked against.
    pub fn plain_text(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Heading { text, .. } => lines.push(text.clone()),
                Block::Paragraph { text } => lines.push(joined(text)),
                Block::List { items, .. } => lines.extend(items.iter().map(|item| joined(item))),
                Block::Facts { rows } => lines.extend(rows.iter().map(|f| format!("{}: {}", f.label, f.value))),
                Block::Table { caption, header, rows } => {
                    lines.push(caption.clone());
                    lines.push(header.join(" | "));
                    lines.extend(rows.iter().map(|row| row.join(" | ")));
                }
                Block::Image(image) => lines.push(image.alt.clone()),
                Block::PageBreak => {}
            }
        }
        lines.join("\n")
    }
}

/// Inline pieces as one line of text.
fn joined(pieces: &[Inline]) -> String {
    pieces.iter().map(Inline::plain).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn plain_text_reads_every_block_in_order_and_a_links_words_not_its_address() {
        let document = Document {
            title: "Your complaint".into(),
            language: "en-GB".into(),
            letterhead: None,
            addressing: None,
            large_print: false,
            blocks: vec![
                Block::Heading { level: 1, text: "Your complaint".into() },
                Block::Paragraph {
                    text: vec![
                        text("Contact the "),
                        Inline::Link { text: "Housing Ombudsman".into(), href: "https://example.org".into() },
                        text("."),
                    ],
                },
                Block::List {
                    ordered: false,
                    items: vec![vec![text("one")], vec![Inline::Strong { text: "two".into() }]],
                },
                Block::Facts { rows: vec![Fact { label: "Reference".into(), value: "C-1".into() }] },
                Block::PageBreak,
                Block::Table {
                    caption: "Remedies".into(),
                    header: vec!["What".into(), "By".into()],
                    rows: vec![vec!["Repair".into(), "1 May".into()]],
                },
            ],
        };
        assert_eq!(
            document.plain_text(),
            "Your complaint\nContact the Housing Ombudsman.\none\ntwo\nReference: C-1\nRemedies\nWhat | By\nRepair | 1 May"
        );
    }

    #[test]
    fn a_document_survives_json() {
        let document = Document {
            title: "t".into(),
            language: "en-GB".into(),
            letterhead: Some(Letterhead {
                name: "Homes".into(),
                address: vec!["1 Road".into()],
                contact: vec![],
                logo: None,
            }),
            addressing: Some(Addressing {
                recipient: vec!["A Resident".into()],
                date: "7 December 2026".into(),
                reference: "C-1".into(),
            }),
            large_print: true,
            blocks: vec![Block::Image(Image { bytes: vec![1, 2], media_type: "image/png".into(), alt: "Logo".into() })],
        };
        let json = serde_json::to_string(&document).unwrap_or_default();
        let back: Result<Document, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(document));
    }
}
