//! The small markup a letter's template writes, and its parsing into the document's blocks.
//!
//! A rendered template is plain text in which:
//!
//! - a line starting `# `, `## ` or `### ` is a heading (level 1 is the letter's main heading;
//!   a heading deeper than one level below the one before is raised, so levels never skip);
//! - a line starting `- ` is an item of a bulleted list, and one starting with a number and
//!   `. ` (`1. `) an item of a numbered list; a line straight after an item, without a
//!   marker, continues it; items of one kind separated only by blank lines stay one list
//!   (a template's loop may well leave a blank line between them);
//! - other lines are running text, and lines not separated by a blank line make one paragraph;
//! - within text, `**words**` are strong, and `[words](https://…)` is a link (also `mailto:`
//!   and `tel:`; a link anywhere else stays as the text written);
//! - a backslash before any ASCII punctuation character makes it that character and nothing
//!   else (`\*`, `\#`, `\[`): this is how every value a template prints is written
//!   ([`escape`]), so that the case's own words are never markup;
//! - anything else, HTML included, is text: the renderers escape it.

use redress_documents::{Block, Inline};

/// Text made literal in the markup: a backslash before every ASCII punctuation character.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What a line of markup starts.
enum Line<'a> {
    Blank,
    Heading(u8, &'a str),
    Item { ordered: bool, text: &'a str },
    Text(&'a str),
}

fn classify(line: &str) -> Line<'_> {
    let line = line.trim();
    if line.is_empty() {
        return Line::Blank;
    }
    for (marker, level) in [("### ", 3), ("## ", 2), ("# ", 1)] {
        if let Some(text) = line.strip_prefix(marker) {
            return Line::Heading(level, text);
        }
    }
    if let Some(text) = line.strip_prefix("- ") {
        return Line::Item { ordered: false, text };
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Line::Item { ordered: true, text: &line[digits + 2..] };
    }
    Line::Text(line)
}

/// A block being gathered from lines.
enum Open {
    None,
    Paragraph(String),
    List { ordered: bool, items: Vec<String> },
}

/// The blocks a rendered template makes.
pub fn parse(markup: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open = Open::None;
    let mut last_level = 0u8;
    let mut after_blank = false;
    for line in markup.lines() {
        let line = classify(line);
        // A list waits past blank lines for its next item; anything else ends it.
        if after_blank && !matches!(line, Line::Blank | Line::Item { .. }) {
            close(&mut open, &mut blocks);
        }
        after_blank = matches!(line, Line::Blank);
        match line {
            Line::Blank => {
                if !matches!(open, Open::List { .. }) {
                    close(&mut open, &mut blocks);
                }
            }
            Line::Heading(level, text) => {
                close(&mut open, &mut blocks);
                let level = level.min(last_level + 1);
                last_level = level;
                blocks.push(Block::Heading { level, text: plain(&inlines(text)) });
            }
            Line::Item { ordered, text } => match &mut open {
                Open::List { ordered: o, items } if *o == ordered => items.push(text.to_owned()),
                _ => {
                    close(&mut open, &mut blocks);
                    open = Open::List { ordered, items: vec![text.to_owned()] };
                }
            },
            Line::Text(text) => match &mut open {
                Open::Paragraph(paragraph) => {
                    paragraph.push(' ');
                    paragraph.push_str(text);
                }
                Open::List { items, .. } => {
                    if let Some(item) = items.last_mut() {
                        item.push(' ');
                        item.push_str(text);
                    }
                }
                Open::None => open = Open::Paragraph(text.to_owned()),
            },
        }
    }
    close(&mut open, &mut blocks);
    blocks
}

fn close(open: &mut Open, blocks: &mut Vec<Block>) {
    match std::mem::replace(open, Open::None) {
        Open::None => {}
        Open::Paragraph(text) => blocks.push(Block::Paragraph { text: inlines(&text) }),
        Open::List { ordered, items } => {
            blocks.push(Block::List { ordered, items: items.iter().map(|item| inlines(item)).collect() })
        }
    }
}

fn plain(pieces: &[Inline]) -> String {
    pieces.iter().map(Inline::plain).collect()
}

/// One character of markup text: itself, and whether a backslash made it literal.
type Char = (char, bool);

fn unescaped(text: &str) -> Vec<Char> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                chars.next();
                out.push((next, true));
            }
            _ => out.push((c, false)),
        }
    }
    out
}

/// The inline pieces of a line of text: text, strong and links.
fn inlines(text: &str) -> Vec<Inline> {
    let chars = unescaped(text);
    let mut pieces = Vec::new();
    let mut buffer = String::new();
    let mut strong_from: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let is = |at: usize, c: char| chars.get(at) == Some(&(c, false));
        if is(i, '*') && is(i + 1, '*') {
            flush(&mut pieces, &mut buffer, strong_from.is_some());
            strong_from = match strong_from {
                Some(_) => None,
                None => Some(pieces.len()),
            };
            i += 2;
            continue;
        }
        if is(i, '[')
            && let Some((link, next)) = link_at(&chars, i)
        {
            flush(&mut pieces, &mut buffer, strong_from.is_some());
            pieces.push(link);
            i = next;
            continue;
        }
        buffer.push(chars[i].0);
        i += 1;
    }
    match strong_from {
        // A `**` never closed was only two asterisks: what followed is ordinary text.
        Some(from) => {
            let rest: String = pieces.drain(from..).map(|piece| piece.plain().to_owned()).collect();
            pieces.push(Inline::Text { text: format!("**{rest}{buffer}") });
        }
        None => flush(&mut pieces, &mut buffer, false),
    }
    merge_text(pieces)
}

fn flush(pieces: &mut Vec<Inline>, buffer: &mut String, strong: bool) {
    if buffer.is_empty() {
        return;
    }
    let text = std::mem::take(buffer);
    pieces.push(if strong { Inline::Strong { text } } else { Inline::Text { text } });
}

/// Neighbouring plain texts as one.
fn merge_text(pieces: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// The link `[text](href)` starting at `start`, and the index after it, when one is there and
/// goes somewhere a letter may link to.
fn link_at(chars: &[Char], start: usize) -> Option<(Inline, usize)> {
    let close_text = (start + 1..chars.len()).find(|&j| chars[j] == (']', false))?;
    if chars.get(close_text + 1) != Some(&('(', false)) {
        return None;
    }
    let close_href = (close_text + 2..chars.len()).find(|&j| chars[j] == (')', false))?;
    let text: String = chars[start + 1..close_text].iter().map(|(c, _)| c).collect();
    let href: String = chars[close_text + 2..close_href].iter().map(|(c, _)| c).collect();
    let href = href.trim().to_owned();
    let allowed = ["https://", "mailto:", "tel:"].iter().any(|scheme| href.starts_with(scheme));
    if !allowed || text.trim().is_empty() || href.chars().any(char::is_whitespace) {
        return None;
    }
    Some((Inline::Link { text, href }, close_href + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn headings_paragraphs_and_lists() {
        let blocks = parse(
            "# Your complaint\n\nWe have your complaint.\nIt is about repairs.\n\n## What happens next\n- one\n- two\n  continued\n1. first\n2. second\n\nEnd.",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Heading { level: 1, text: "Your complaint".into() },
                Block::Paragraph { text: vec![text("We have your complaint. It is about repairs.")] },
                Block::Heading { level: 2, text: "What happens next".into() },
                Block::List { ordered: false, items: vec![vec![text("one")], vec![text("two continued")]] },
                Block::List { ordered: true, items: vec![vec![text("first")], vec![text("second")]] },
                Block::Paragraph { text: vec![text("End.")] },
            ]
        );
    }

    #[test]
    fn items_apart_only_by_blank_lines_are_one_list_and_text_after_a_blank_ends_it() {
        assert_eq!(
            parse("- one\n\n- two\n\nAfter."),
            vec![
                Block::List { ordered: false, items: vec![vec![text("one")], vec![text("two")]] },
                Block::Paragraph { text: vec![text("After.")] },
            ]
        );
    }

    #[test]
    fn heading_levels_never_skip() {
        let blocks = parse("### Deep first\n### Still\n# Top\n### Skips");
        let levels: Vec<u8> = blocks
            .iter()
            .filter_map(|b| if let Block::Heading { level, .. } = b { Some(*level) } else { None })
            .collect();
        assert_eq!(levels, vec![1, 2, 1, 2]);
    }

    #[test]
    fn strong_and_links_to_allowed_places_only() {
        let blocks = parse(
            "Call **0300 111 3000** or see [the Ombudsman](https://www.housing-ombudsman.org.uk). Not [this](javascript:alert(1)) nor [that](/relative).",
        );
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                text: vec![
                    text("Call "),
                    Inline::Strong { text: "0300 111 3000".into() },
                    text(" or see "),
                    Inline::Link { text: "the Ombudsman".into(), href: "https://www.housing-ombudsman.org.uk".into() },
                    text(". Not [this](javascript:alert(1)) nor [that](/relative)."),
                ],
            }]
        );
    }

    #[test]
    fn escaped_text_is_only_text() {
        let value = "# Not a heading **not strong** [not](https://a.link) <b>html</b> \\ back";
        let blocks = parse(&escape(value));
        assert_eq!(blocks, vec![Block::Paragraph { text: vec![text(value)] }]);
        for line in ["- not an item", "1. not numbered", "## not either"] {
            assert_eq!(parse(&escape(line)), vec![Block::Paragraph { text: vec![text(line)] }]);
        }
    }

    #[test]
    fn an_unclosed_strong_is_just_asterisks() {
        assert_eq!(parse("a **b c"), vec![Block::Paragraph { text: vec![text("a **b c")] }]);
        assert_eq!(
            parse("**a** **b"),
            vec![Block::Paragraph { text: vec![Inline::Strong { text: "a".into() }, text(" **b")] }]
        );
    }
}
