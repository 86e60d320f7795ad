//! HTML into blocks: each row of a table a [`Block::Row`], the text outside tables read as
//! plain text (so that a page of paragraphs, one cell each, reads as the text layouts do).
//! A small tokenizer, not a browser: tags, comments, entities, and the contents of `script`
//! and `style` skipped; malformed markup is read as far as it goes.

use crate::blocks::{Block, squash};
use crate::text;

/// Whether `text` is an HTML document rather than text with HTML fragments in its cells: it
/// starts as a page does, or holds a table's rows and cells.
pub fn looks_like_html(text: &str) -> bool {
    let lower = text.trim_start().get(..200.min(text.trim_start().len())).unwrap_or("").to_ascii_lowercase();
    let starts = ["<!doctype html", "<html", "<body", "<table", "<head", "<meta", "<div", "<section", "<main"]
        .iter()
        .any(|s| lower.starts_with(s));
    let all = text.to_ascii_lowercase();
    starts || (all.contains("<tr") && all.contains("<td"))
}

/// One piece of markup.
enum Token<'a> {
    Text(&'a str),
    Open(String),
    Close(String),
}

/// The markup's tokens, tag names in lower case; comments, doctype and the contents of
/// `script` and `style` left out.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Token::Text(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let after = &rest[1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !is_tag {
            out.push(Token::Text("<"));
            rest = after;
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let inside = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = inside.starts_with('/');
        let name: String = inside
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if closing {
            out.push(Token::Close(name));
        } else if name == "script" || name == "style" {
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&end).and_then(|e| rest.get(e..)).unwrap_or("");
        } else if !name.is_empty() {
            out.push(Token::Open(name));
        }
    }
    out
}

/// Tags whose start or end breaks a line of text.
fn breaks_line(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "dt"
            | "dd"
            | "caption"
            | "hr"
    )
}

/// The entities of `text` decoded: the named ones published self-assessments use, and
/// numeric ones.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        "bull" => '•',
        "middot" => '·',
        "hellip" => '…',
        "pound" => '£',
        _ => return None,
    })
}

/// A fragment of HTML in a text cell as text: tags dropped (block tags as line breaks),
/// entities decoded. Text with no markup comes back as it was.
pub fn strip_fragment(fragment: &str) -> String {
    if !fragment.contains('<') && !fragment.contains('&') {
        return fragment.to_owned();
    }
    let mut out = String::with_capacity(fragment.len());
    for token in tokens(fragment) {
        match token {
            Token::Text(text) => out.push_str(&decode_entities(text)),
            Token::Open(name) | Token::Close(name) if breaks_line(&name) => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// The page's blocks: table rows (the outermost table's; a nested table's text joins its
/// cell), and the text between tables read as plain text.
pub fn blocks(html: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut outside = String::new();
    let mut depth = 0usize;
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    let finish_cell = |row: &mut Option<Vec<String>>, cell: &mut Option<String>| {
        if let Some(text) = cell.take() {
            row.get_or_insert_with(Vec::new).push(squash(&text));
        }
    };
    for token in tokens(html) {
        match token {
            Token::Open(name) if name == "table" => {
                depth += 1;
                if depth == 1 {
                    blocks.extend(text::blocks(&std::mem::take(&mut outside)));
                }
            }
            Token::Close(name) if name == "table" && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    finish_cell(&mut row, &mut cell);
                    blocks.extend(row.take().map(Block::Row));
                }
            }
            Token::Open(name) if depth == 1 && name == "tr" => {
                finish_cell(&mut row, &mut cell);
                blocks.extend(row.take().map(Block::Row));
                row = Some(Vec::new());
            }
            Token::Close(name) if depth == 1 && name == "tr" => {
                finish_cell(&mut row, &mut cell);
                blocks.extend(row.take().map(Block::Row));
            }
            Token::Open(name) if depth == 1 && (name == "td" || name == "th") => {
                finish_cell(&mut row, &mut cell);
                cell = Some(String::new());
            }
            Token::Close(name) if depth == 1 && (name == "td" || name == "th") => finish_cell(&mut row, &mut cell),
            Token::Text(text) if depth == 0 => outside.push_str(&decode_entities(text)),
            Token::Text(text) => {
                if let Some(open) = cell.as_mut() {
                    open.push_str(&decode_entities(text));
                }
            }
            Token::Open(name) | Token::Close(name) if breaks_line(&name) => {
                if depth == 0 {
                    outside.push('\n');
                } else if let Some(open) = cell.as_mut() {
                    open.push('\n');
                }
            }
            Token::Open(name) | Token::Close(name) if depth > 1 && matches!(name.as_str(), "td" | "th") => {
                if let Some(open) = cell.as_mut() {
                    open.push(' ');
                }
            }
            Token::Open(_) | Token::Close(_) => {}
        }
    }
    finish_cell(&mut row, &mut cell);
    blocks.extend(row.take().map(Block::Row));
    blocks.extend(text::blocks(&outside));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_become_rows_and_markup_in_cells_is_text() {
        let html = "<html><body><h1>Acme Homes - Self-assessment</h1><table><tr><th>Code provision</th><th>Comply</th></tr>\
                    <tr><td>1.2</td><td><p>Yes&nbsp;&amp; <b>more</b></p><ul><li>one</li></ul></td></tr></table></body></html>";
        assert_eq!(
            blocks(html),
            vec![
                Block::Cell("Acme Homes - Self-assessment".into()),
                Block::Row(vec!["Code provision".into(), "Comply".into()]),
                Block::Row(vec!["1.2".into(), "Yes & more one".into()]),
            ]
        );
    }

    #[test]
    fn fragments_lose_tags_and_keep_text_that_only_looks_like_markup() {
        assert_eq!(
            squash(&strip_fragment("<u>within 10 days</u> of &lsquo;x&rsquo; a < b")),
            "within 10 days of ‘x’ a < b"
        );
        assert_eq!(decode_entities("&#8226; &#x2022; &bogus; &"), "• • &bogus; &");
    }
}
