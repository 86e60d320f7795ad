//! DOCX into blocks: a zip archive whose `word/document.xml` holds the body. Each row of the
//! outermost tables is a [`Block::Row`] (a cell's paragraphs joined by line breaks); the
//! paragraphs between tables are read as plain text, a paragraph a line. Word's artefacts are
//! left behind by reading only the text runs (`w:t`): bookmarks, field instructions
//! (`w:instrText`), deleted text, and the fallback copies of text boxes (`mc:Fallback`).

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::ImportError;
use crate::blocks::{Block, squash};
use crate::text;

/// The most bytes of `word/document.xml` read: far beyond any self-assessment, and a bound on
/// what a crafted archive can make us inflate.
const MOST_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The document's blocks.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    let xml = document_xml(bytes)?;
    body(&xml)
}

fn document_xml(bytes: &[u8]) -> Result<String, ImportError> {
    let not_docx = |what: String| ImportError::NotDocx(what);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_docx(format!("{e}")))?;
    let names = archive.len();
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|e| not_docx(format!("{names} files, but no word/document.xml ({e})")))?;
    let mut xml = Vec::new();
    entry.take(MOST_XML_BYTES).read_to_end(&mut xml).map_err(|e| not_docx(format!("word/document.xml: {e}")))?;
    String::from_utf8(xml).map_err(|_| not_docx("word/document.xml is not UTF-8".into()))
}

/// Where the text being read goes.
#[derive(Default)]
struct Body {
    blocks: Vec<Block>,
    outside: String,
    depth: usize,
    row: Option<Vec<String>>,
    cell: Option<String>,
}

impl Body {
    fn push(&mut self, text: &str) {
        match (self.depth, self.cell.as_mut()) {
            (0, _) => self.outside.push_str(text),
            (_, Some(cell)) => cell.push_str(text),
            (_, None) => {}
        }
    }

    fn finish_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            self.row.get_or_insert_with(Vec::new).push(squash(&cell));
        }
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        if let Some(row) = self.row.take() {
            self.blocks.push(Block::Row(row));
        }
    }

    fn flush_outside(&mut self) {
        let outside = std::mem::take(&mut self.outside);
        self.blocks.extend(text::blocks(&outside));
    }
}

fn body(xml: &str) -> Result<Vec<Block>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut body = Body::default();
    let mut in_text = false;
    let mut fallback = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ImportError::NotDocx(format!("word/document.xml is not well-formed XML: {e}")))?;
        match event {
            Event::Eof => break,
            Event::Start(start) => match start.local_name().as_ref() {
                b"Fallback" => fallback += 1,
                _ if fallback > 0 => {}
                b"tbl" => {
                    body.depth += 1;
                    if body.depth == 1 {
                        body.flush_outside();
                    }
                }
                b"tr" if body.depth == 1 => body.finish_row(),
                b"tc" if body.depth == 1 => {
                    body.finish_cell();
                    body.cell = Some(String::new());
                }
                b"t" => in_text = true,
                _ => {}
            },
            Event::End(end) => match end.local_name().as_ref() {
                b"Fallback" => fallback = fallback.saturating_sub(1),
                _ if fallback > 0 => {}
                b"tbl" if body.depth > 0 => {
                    if body.depth == 1 {
                        body.finish_row();
                    }
                    body.depth -= 1;
                }
                b"tr" if body.depth == 1 => body.finish_row(),
                b"tc" if body.depth == 1 => body.finish_cell(),
                b"p" => body.push("\n"),
                b"t" => in_text = false,
                _ => {}
            },
            Event::Empty(empty) if fallback == 0 => match empty.local_name().as_ref() {
                b"tab" => body.push("\t"),
                b"br" | b"cr" | b"p" => body.push("\n"),
                _ => {}
            },
            Event::Text(text) if in_text && fallback == 0 => {
                body.push(&text.decode().map_err(|e| ImportError::NotDocx(format!("text is not readable: {e}")))?);
            }
            Event::CData(data) if in_text && fallback == 0 => {
                body.push(&data.decode().map_err(|e| ImportError::NotDocx(format!("text is not readable: {e}")))?);
            }
            Event::GeneralRef(reference) if in_text && fallback == 0 => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*reference as &[u8] {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = resolved {
                    body.push(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }
    body.finish_row();
    body.flush_outside();
    Ok(body.blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn rows_cells_and_paragraphs_are_read_without_bookmarks_or_field_codes() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>Acme - Self-assessment</w:t></w:r></w:p><w:tbl>
            <w:tr><w:tc><w:p><w:bookmarkStart w:id="0" w:name="_Hlk1"/><w:r><w:t>4.3</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p></w:tc>
            <w:tc><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Policy</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">A &amp; B</w:t></w:r><w:r><w:delText>gone</w:delText></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
        );
        assert_eq!(
            body(&xml).ok(),
            Some(vec![
                Block::Cell("Acme - Self-assessment".into()),
                Block::Row(vec!["4.3".into(), "Policy A & B".into()])
            ])
        );
    }

    #[test]
    fn an_archive_without_a_document_says_so() {
        let error = blocks(b"PK\x03\x04 not really a zip").err();
        assert!(matches!(error, Some(ImportError::NotDocx(_))), "{error:?}");
    }
}
