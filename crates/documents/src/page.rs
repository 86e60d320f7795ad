//! A [`Document`](crate::Document)'s blocks as part of a page of the web application (the
//! board pack shown in the staff layout): the GOV.UK Design System's classes, and no inline
//! style, which the application's content security policy does not allow. The page gives the
//! document its frame (its `<h1>`, its navigation); this gives the content, with every piece
//! of text escaped as in [`crate::html`]. Tables get a header cell per column and their first
//! cell of each row as the row's header, as GOV.UK tables of figures do.

use std::fmt::Write as _;

use crate::html::{base64, escape, safe_href};
use crate::{Block, Fact, Inline};

/// `blocks` as HTML to place in a page's main content.
pub fn fragment(blocks: &[Block]) -> String {
    let mut out = String::with_capacity(4096);
    for block in blocks {
        block_html(&mut out, block);
    }
    out
}

fn block_html(out: &mut String, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            let (tag, class) = match level {
                1 => ("h1", "govuk-heading-l"),
                2 => ("h2", "govuk-heading-m"),
                _ => ("h3", "govuk-heading-s"),
            };
            let _ = writeln!(out, "<{tag} class=\"{class}\">{}</{tag}>", escape(text));
        }
        Block::Paragraph { text } => {
            let _ = writeln!(out, "<p class=\"govuk-body\">{}</p>", inlines(text));
        }
        Block::List { ordered, items } => {
            let (tag, class) = if *ordered { ("ol", "govuk-list--number") } else { ("ul", "govuk-list--bullet") };
            let _ = writeln!(out, "<{tag} class=\"govuk-list {class}\">");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", inlines(item));
            }
            let _ = writeln!(out, "</{tag}>");
        }
        Block::Facts { rows } => facts(out, rows),
        Block::Table { caption, header, rows } => table(out, caption, header, rows),
        Block::Image(image) => {
            let _ = writeln!(
                out,
                "<p class=\"govuk-body\"><img class=\"redress-document-image\" src=\"data:{};base64,{}\" alt=\"{}\"></p>",
                escape(&image.media_type),
                base64(&image.bytes),
                escape(&image.alt)
            );
        }
        Block::PageBreak => {}
    }
}

fn facts(out: &mut String, rows: &[Fact]) {
    out.push_str("<dl class=\"govuk-summary-list\">\n");
    for fact in rows {
        let _ = writeln!(
            out,
            "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>\
             <dd class=\"govuk-summary-list__value\">{}</dd></div>",
            escape(&fact.label),
            escape(&fact.value)
        );
    }
    out.push_str("</dl>\n");
}

fn table(out: &mut String, caption: &str, header: &[String], rows: &[Vec<String>]) {
    out.push_str("<table class=\"govuk-table\">\n");
    let _ =
        writeln!(out, "<caption class=\"govuk-table__caption govuk-table__caption--s\">{}</caption>", escape(caption));
    out.push_str("<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">");
    for cell in header {
        let _ = write!(out, "<th scope=\"col\" class=\"govuk-table__header\">{}</th>", escape(cell));
    }
    out.push_str("</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n");
    for row in rows {
        out.push_str("<tr class=\"govuk-table__row\">");
        for (n, cell) in row.iter().enumerate() {
            if n == 0 {
                let _ = write!(out, "<th scope=\"row\" class=\"govuk-table__header\">{}</th>", escape(cell));
            } else {
                let _ = write!(out, "<td class=\"govuk-table__cell\">{}</td>", escape(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn inlines(pieces: &[Inline]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Strong { text } => {
                let _ = write!(out, "<strong>{}</strong>", escape(text));
            }
            Inline::Link { text, href } if safe_href(href) => {
                let _ = write!(out, "<a class=\"govuk-link\" href=\"{}\">{}</a>", escape(href), escape(text));
            }
            Inline::Link { text, .. } => out.push_str(&escape(text)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_govuk_components_with_no_inline_style_and_text_escaped() {
        let html = fragment(&[
            Block::Heading { level: 2, text: "Summary <b>".into() },
            Block::Paragraph {
                text: vec![
                    Inline::Strong { text: "66.7%".into() },
                    Inline::Link { text: "bad".into(), href: "javascript:alert(1)".into() },
                ],
            },
            Block::Facts { rows: vec![Fact { label: "Complaints".into(), value: "3 & more".into() }] },
            Block::Table {
                caption: "By month".into(),
                header: vec!["Month".into(), "Received".into()],
                rows: vec![vec!["April 2024".into(), "3".into()]],
            },
            Block::List { ordered: false, items: vec![vec![Inline::Text { text: "one".into() }]] },
            Block::PageBreak,
        ]);
        assert!(!html.contains("style=") && !html.contains("javascript"), "{html}");
        assert!(html.contains("<h2 class=\"govuk-heading-m\">Summary &lt;b&gt;</h2>"), "{html}");
        assert!(html.contains("<p class=\"govuk-body\"><strong>66.7%</strong>bad</p>"), "{html}");
        assert!(html.contains("<dt class=\"govuk-summary-list__key\">Complaints</dt>"), "{html}");
        assert!(html.contains("<dd class=\"govuk-summary-list__value\">3 &amp; more</dd>"), "{html}");
        assert!(html.contains("<caption class=\"govuk-table__caption govuk-table__caption--s\">By month</caption>"));
        assert!(html.contains("<th scope=\"col\" class=\"govuk-table__header\">Received</th>"), "{html}");
        assert!(
            html.contains(
                "<th scope=\"row\" class=\"govuk-table__header\">April 2024</th><td class=\"govuk-table__cell\">3</td>"
            ),
            "{html}"
        );
        assert!(html.contains("<ul class=\"govuk-list govuk-list--bullet\">\n<li>one</li>"), "{html}");
    }
}
