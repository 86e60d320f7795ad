//! Plain text, as a PDF, Word document or web page exports it, into blocks. The text's own
//! layout is found first, one of:
//! - tab-separated rows, a line a row, cells possibly holding HTML fragments, with rows that
//!   continue after a page break as lines whose first cell is empty;
//! - cells each started by a tab at the start of a line, running on over the lines after it
//!   (Word's "save as text" of a table);
//! - one cell per line;
//! - one cell per paragraph (paragraphs separated by blank lines).

use crate::ImportError;
use crate::blocks::{Block, is_heading, is_page_furniture, number_token, provision_number, squash, without_artefacts};
use crate::html;

/// The bytes as text: UTF-8 (with or without a byte order mark), UTF-16 with a byte order
/// mark, or else Windows-1252, as older exports write; refused when they hold control
/// characters that no text has.
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest);
    }
    let utf16 = |le: bool, rest: &[u8]| {
        let units = rest
            .chunks_exact(2)
            .map(|p| if le { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) });
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect::<String>()
    };
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(true, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(false, rest)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
        }
    };
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')).count();
    let replaced = text.chars().filter(|&c| c == char::REPLACEMENT_CHARACTER).count();
    if controls + replaced > text.chars().count() / 100 {
        return Err(ImportError::NotText(format!(
            "{} bytes, of which {} characters are control characters or not text",
            bytes.len(),
            controls + replaced
        )));
    }
    Ok(text)
}

/// A byte of Windows-1252 as a character (its 0x80 to 0x9F are typographic marks, not
/// Latin-1's controls).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// How a text lays its table out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    TabSeparated,
    TabStartsCell,
    CellPerLine,
    CellPerParagraph,
}

/// The text's blocks, in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n").replace(['\r', '\x0c', '\u{2028}'], "\n");
    let lines: Vec<&str> = text.lines().collect();
    match layout(&lines) {
        Layout::TabSeparated => tab_separated(&lines),
        Layout::TabStartsCell => tab_starts_cell(&lines),
        Layout::CellPerLine => cell_per_line(&lines),
        Layout::CellPerParagraph => cell_per_paragraph(&lines),
    }
}

/// A cell's text, cleaned: HTML fragments stripped, Word's artefacts removed, whitespace
/// normalised.
fn clean(cell: &str) -> String {
    squash(&html::strip_fragment(&without_artefacts(cell)))
}

/// Whether a line (tabs aside) starts with a provision number: alone, or followed by text.
fn starts_with_number(line: &str) -> bool {
    let cleaned = without_artefacts(line);
    let first = cleaned.split_whitespace().next().unwrap_or("");
    number_token(first.trim_end_matches('.')).is_some()
}

/// The layout most of the rows that start with a provision number use.
fn layout(lines: &[&str]) -> Layout {
    let separated = lines
        .iter()
        .filter(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            fields.len() >= 3 && provision_number(fields[0]).is_some()
        })
        .count();
    let tab_started = lines
        .iter()
        .filter(|l| l.strip_prefix('\t').is_some_and(|rest| !rest.contains('\t') && provision_number(rest).is_some()))
        .count();
    if separated > 0 && separated >= tab_started {
        return Layout::TabSeparated;
    }
    if tab_started > 0 {
        return Layout::TabStartsCell;
    }
    let (mut per_line, mut per_paragraph) = (0, 0);
    for (index, line) in lines.iter().enumerate() {
        if starts_with_number(line) {
            match lines.get(index + 1) {
                Some(next) if next.trim().is_empty() => per_paragraph += 1,
                Some(_) => per_line += 1,
                None => {}
            }
        }
    }
    if per_paragraph > per_line { Layout::CellPerParagraph } else { Layout::CellPerLine }
}

fn tab_separated(lines: &[&str]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for line in lines {
        if line.contains('\t') {
            blocks.push(Block::Row(line.split('\t').map(clean).collect()));
        } else {
            push_line(&mut blocks, line);
        }
    }
    blocks
}

/// A line outside any cell: skipped when blank or page furniture, a break when a heading, a
/// cell of text otherwise.
fn push_line(blocks: &mut Vec<Block>, line: &str) {
    if line.trim().is_empty() || is_page_furniture(line) {
        return;
    }
    let cleaned = clean(line);
    blocks.push(if is_heading(&cleaned) { Block::Break(cleaned) } else { Block::Cell(cleaned) });
}

fn tab_starts_cell(lines: &[&str]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cell: Option<String> = None;
    for line in lines {
        if let Some(rest) = line.strip_prefix('\t') {
            if let Some(done) = cell.replace(rest.to_owned()) {
                blocks.push(Block::Cell(clean(&done)));
            }
        } else if is_page_furniture(line) {
            // A page's number between two halves of a cell belongs to neither.
        } else if is_heading(line) || (cell.is_none() && !line.trim().is_empty()) {
            if let Some(done) = cell.take() {
                blocks.push(Block::Cell(clean(&done)));
            }
            blocks.push(Block::Break(clean(line)));
        } else if let Some(open) = cell.as_mut() {
            open.push('\n');
            open.push_str(line);
        }
    }
    if let Some(done) = cell {
        blocks.push(Block::Cell(clean(&done)));
    }
    blocks
}

fn cell_per_line(lines: &[&str]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for line in lines {
        push_line(&mut blocks, line);
    }
    blocks
}

fn cell_per_paragraph(lines: &[&str]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        // Headings at the top of a paragraph stand apart from the cell under them.
        let headings = paragraph.iter().take_while(|l| is_heading(l)).count();
        for heading in &paragraph[..headings] {
            blocks.push(Block::Break(clean(heading)));
        }
        if paragraph.len() > headings {
            blocks.push(Block::Cell(clean(&paragraph[headings..].join("\n"))));
        }
        paragraph.clear();
    };
    for line in lines {
        if is_page_furniture(line) {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Block> {
        blocks(text)
    }

    #[test]
    fn a_tab_starts_a_cell_that_runs_on_over_lines() {
        let text = "Intro\n\t1.2\n\tThe requirement\nwraps here\n\tYes\n\t\n\tCommentary\n\nSection 2: Exclusions\n";
        assert_eq!(
            cells(text),
            vec![
                Block::Break("Intro".into()),
                Block::Cell("1.2".into()),
                Block::Cell("The requirement wraps here".into()),
                Block::Cell("Yes".into()),
                Block::Cell(String::new()),
                Block::Cell("Commentary".into()),
                Block::Break("Section 2: Exclusions".into()),
            ]
        );
    }

    #[test]
    fn tab_separated_rows_keep_their_columns_and_lose_their_markup() {
        let text = "1.2\tA <i>complaint</i>\tYes\t<p>We &amp; they</p>\n\tcontinued\t\tmore\n";
        assert_eq!(
            cells(text),
            vec![
                Block::Row(vec!["1.2".into(), "A complaint".into(), "Yes".into(), "We & they".into()]),
                Block::Row(vec![String::new(), "continued".into(), String::new(), "more".into()]),
            ]
        );
    }

    #[test]
    fn paragraphs_are_cells_when_blank_lines_separate_them() {
        let text = "1.2\n\nA requirement\nover two lines\n\nYes\n\nPage 2 of 3\n\nEvidence\n";
        assert_eq!(
            cells(text),
            vec![
                Block::Cell("1.2".into()),
                Block::Cell("A requirement over two lines".into()),
                Block::Cell("Yes".into()),
                Block::Cell("Evidence".into()),
            ]
        );
    }

    #[test]
    fn text_in_other_encodings_is_read_and_binary_is_refused() {
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF, b'h', b'i']).ok(), Some("hi".to_owned()));
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]).ok(), Some("hi".to_owned()));
        assert_eq!(decode(b"it\x92s").ok(), Some("it’s".to_owned()));
        assert!(matches!(decode(&[0, 1, 2, 3, 4, 5, 6]), Err(ImportError::NotText(_))));
    }
}
