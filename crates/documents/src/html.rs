//! A [`Document`] as one complete, accessible, email-safe HTML page: the body of an email and
//! the copy kept in the record.
//!
//! Email clients strip `<style>` elements and never fetch what a message links to, so every
//! style is inline, the only font is Arial (Helvetica, then any sans-serif, where it is
//! missing), and images travel inside the page as `data:` URIs. Every piece of text is
//! escaped, so nothing a resident or a template wrote can become markup. The structure is what
//! assistive technology reads: the page's language and title, headings in order, real lists,
//! tables with header cells (`<th scope="col">`) and a caption, and the key facts as a
//! description list. Large print (Code 3.1, 5.10) sets every size larger rather than zooming.

use std::fmt::Write as _;

use crate::{Addressing, Block, Document, Fact, Image, Inline, Letterhead};

/// The type sizes of one document, in pixels: ordinary or large print.
struct Sizes {
    body: u8,
    h1: u8,
    h2: u8,
    h3: u8,
}

impl Sizes {
    fn of(document: &Document) -> Sizes {
        // Large print is at least 16 point (about 21 px) body text, as RNIB's clear print
        // guidance asks; 16 px is the GOV.UK body size.
        if document.large_print {
            Sizes { body: 24, h1: 36, h2: 30, h3: 27 }
        } else {
            Sizes { body: 16, h1: 28, h2: 22, h3: 18 }
        }
    }

    fn heading(&self, level: u8) -> u8 {
        match level {
            1 => self.h1,
            2 => self.h2,
            _ => self.h3,
        }
    }
}

const FONT: &str = "font-family:Arial,Helvetica,sans-serif";
const INK: &str = "color:#0b0c0c";

/// The whole page, from `<!DOCTYPE html>` to `</html>`.
pub fn render(document: &Document) -> String {
    let sizes = Sizes::of(document);
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n\
         <body style=\"margin:0;padding:16px;background:#ffffff;{FONT};{INK};font-size:{}px;line-height:1.5\">\n\
         <div style=\"max-width:40em\">\n",
        escape(&document.language),
        escape(&document.title),
        sizes.body
    );
    if let Some(letterhead) = &document.letterhead {
        letterhead_html(&mut out, letterhead);
    }
    if let Some(addressing) = &document.addressing {
        addressing_html(&mut out, addressing);
    }
    out.push_str("<main>\n");
    for block in &document.blocks {
        block_html(&mut out, block, &sizes);
    }
    out.push_str("</main>\n</div>\n</body>\n</html>\n");
    out
}

/// The document's content without the page around it (no `<html>`, `<head>` or `<main>`): one
/// `<div>` in the document's language and type, to sit inside a page of the site (a published
/// self-assessment). Styled inline, like [`render`], so that it looks the same anywhere.
pub fn fragment(document: &Document) -> String {
    let sizes = Sizes::of(document);
    let mut out = String::with_capacity(4096);
    let _ = writeln!(
        out,
        "<div lang=\"{}\" style=\"{FONT};{INK};font-size:{}px;line-height:1.5\">",
        escape(&document.language),
        sizes.body
    );
    if let Some(letterhead) = &document.letterhead {
        letterhead_html(&mut out, letterhead);
    }
    if let Some(addressing) = &document.addressing {
        addressing_html(&mut out, addressing);
    }
    for block in &document.blocks {
        block_html(&mut out, block, &sizes);
    }
    out.push_str("</div>\n");
    out
}

fn letterhead_html(out: &mut String, letterhead: &Letterhead) {
    out.push_str("<header style=\"margin-bottom:24px\">\n");
    if let Some(logo) = &letterhead.logo {
        image_html(out, logo, "max-height:80px;max-width:240px");
    }
    let _ = writeln!(out, "<p style=\"margin:0;font-weight:bold\">{}</p>", escape(&letterhead.name));
    lines_html(out, &letterhead.address);
    lines_html(out, &letterhead.contact);
    out.push_str("</header>\n");
}

fn addressing_html(out: &mut String, addressing: &Addressing) {
    out.push_str("<div style=\"margin-bottom:24px\">\n");
    lines_html(out, &addressing.recipient);
    let _ = writeln!(
        out,
        "<p style=\"margin:16px 0 0 0\">Date: {}<br>Our reference: {}</p>",
        escape(&addressing.date),
        escape(&addressing.reference)
    );
    out.push_str("</div>\n");
}

/// Lines of an address as one paragraph with line breaks; nothing when there are none.
fn lines_html(out: &mut String, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let joined = lines.iter().map(|line| escape(line)).collect::<Vec<_>>().join("<br>");
    let _ = writeln!(out, "<p style=\"margin:0\">{joined}</p>");
}

fn block_html(out: &mut String, block: &Block, sizes: &Sizes) {
    match block {
        Block::Heading { level, text } => {
            let level = (*level).clamp(1, 3);
            let _ = writeln!(
                out,
                "<h{level} style=\"{FONT};font-size:{}px;font-weight:bold;line-height:1.25;margin:32px 0 16px 0\">{}</h{level}>",
                sizes.heading(level),
                escape(text)
            );
        }
        Block::Paragraph { text } => {
            let _ = writeln!(out, "<p style=\"margin:0 0 16px 0\">{}</p>", inlines_html(text));
        }
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            let _ = writeln!(out, "<{tag} style=\"margin:0 0 16px 0;padding-left:24px\">");
            for item in items {
                let _ = writeln!(out, "<li style=\"margin-bottom:8px\">{}</li>", inlines_html(item));
            }
            let _ = writeln!(out, "</{tag}>");
        }
        Block::Facts { rows } => facts_html(out, rows),
        Block::Table { caption, header, rows } => table_html(out, caption, header, rows),
        Block::Image(image) => {
            out.push_str("<p style=\"margin:0 0 16px 0\">");
            image_html(out, image, "max-width:100%");
            out.push_str("</p>\n");
        }
        // Pages are for print; a web page flows on.
        Block::PageBreak => {}
    }
}

fn facts_html(out: &mut String, rows: &[Fact]) {
    out.push_str("<dl style=\"margin:0 0 16px 0\">\n");
    for fact in rows {
        let _ = writeln!(
            out,
            "<dt style=\"font-weight:bold;margin:0\">{}</dt>\n<dd style=\"margin:0 0 8px 0\">{}</dd>",
            escape(&fact.label),
            escape(&fact.value)
        );
    }
    out.push_str("</dl>\n");
}

fn table_html(out: &mut String, caption: &str, header: &[String], rows: &[Vec<String>]) {
    const CELL: &str = "text-align:left;vertical-align:top;padding:8px 16px 8px 0;border-bottom:1px solid #b1b4b6";
    out.push_str("<table style=\"border-collapse:collapse;margin:0 0 16px 0\">\n");
    let _ = writeln!(
        out,
        "<caption style=\"text-align:left;font-weight:bold;padding-bottom:8px\">{}</caption>",
        escape(caption)
    );
    out.push_str("<thead>\n<tr>");
    for cell in header {
        let _ = write!(out, "<th scope=\"col\" style=\"{CELL}\">{}</th>", escape(cell));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            // A cell's lines stay lines, as the PDF prints them (a self-assessment's evidence).
            let _ = write!(out, "<td style=\"{CELL}\">{}</td>", escape(cell).replace('\n', "<br>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn image_html(out: &mut String, image: &Image, style: &str) {
    let _ = write!(
        out,
        "<img src=\"data:{};base64,{}\" alt=\"{}\" style=\"{style};display:block\">",
        escape(&image.media_type),
        base64(&image.bytes),
        escape(&image.alt)
    );
}

fn inlines_html(pieces: &[Inline]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Strong { text } => {
                let _ = write!(out, "<strong>{}</strong>", escape(text));
            }
            Inline::Link { text, href } if safe_href(href) => {
                let _ = write!(out, "<a href=\"{}\" style=\"color:#1d70b8\">{}</a>", escape(href), escape(text));
            }
            // A link to anywhere else (`javascript:`, a relative path) is shown as its words.
            Inline::Link { text, .. } => out.push_str(&escape(text)),
        }
    }
    out
}

/// Only the schemes the model allows become links.
pub(crate) fn safe_href(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    ["https:", "mailto:", "tel:"].iter().any(|scheme| lower.starts_with(scheme))
}

/// Text made safe for both element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648), for `data:` URIs.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    fn document(blocks: Vec<Block>) -> Document {
        Document {
            title: "Your complaint".into(),
            language: "en-GB".into(),
            letterhead: None,
            addressing: None,
            large_print: false,
            blocks,
        }
    }

    #[test]
    fn every_text_is_escaped_so_nothing_written_becomes_markup() {
        let mut doc = document(vec![
            Block::Heading { level: 1, text: "<script>alert(1)</script>".into() },
            Block::Paragraph { text: vec![text("Tom & \"Jerry\" <b>")] },
            Block::Facts { rows: vec![Fact { label: "<i>".into(), value: "a'b".into() }] },
            Block::Paragraph {
                text: vec![Inline::Link { text: "x".into(), href: "https://e.org/?a=1&b=\"2\"".into() }],
            },
        ]);
        doc.title = "</title><script>".into();
        doc.letterhead =
            Some(Letterhead { name: "<Homes>".into(), address: vec!["1 <Road>".into()], contact: vec![], logo: None });
        let html = render(&doc);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<i>") && !html.contains("<Homes>"), "{html}");
        assert!(html.contains("<title>&lt;/title&gt;&lt;script&gt;</title>"), "{html}");
        assert!(html.contains("Tom &amp; &quot;Jerry&quot; &lt;b&gt;"), "{html}");
        assert!(html.contains("a&#39;b"), "{html}");
        assert!(html.contains("href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\""), "{html}");
    }

    #[test]
    fn a_link_to_anything_but_https_mailto_or_tel_is_only_its_words() {
        let html = render(&document(vec![Block::Paragraph {
            text: vec![
                Inline::Link { text: "bad".into(), href: "javascript:alert(1)".into() },
                Inline::Link { text: "call".into(), href: "tel:03001113000".into() },
            ],
        }]));
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains(">bad<") || html.contains("bad<a"), "{html}");
        assert!(html.contains("<a href=\"tel:03001113000\""), "{html}");
    }

    #[test]
    fn the_page_has_its_language_title_and_real_structure() {
        let doc = Document {
            addressing: Some(Addressing {
                recipient: vec!["Ms A Resident".into(), "1 Road".into()],
                date: "Monday 7 December 2026".into(),
                reference: "C-1".into(),
            }),
            ..document(vec![
                Block::Heading { level: 1, text: "Our response".into() },
                Block::Heading { level: 2, text: "What we decided".into() },
                Block::List {
                    ordered: false,
                    items: vec![vec![text("one")], vec![Inline::Strong { text: "two".into() }]],
                },
                Block::List { ordered: true, items: vec![vec![text("first")]] },
                Block::Facts { rows: vec![Fact { label: "Reference".into(), value: "C-1".into() }] },
                Block::Table {
                    caption: "Remedies".into(),
                    header: vec!["What".into(), "By".into()],
                    rows: vec![vec!["Repair".into(), "1 May".into()]],
                },
                Block::PageBreak,
            ])
        };
        let html = render(&doc);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"), "{html}");
        assert!(html.contains("<title>Your complaint</title>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        let h1 = html.find("<h1").unwrap_or(usize::MAX);
        let h2 = html.find("<h2").unwrap_or(0);
        assert!(h1 < h2, "headings in order");
        assert!(html.contains("<ul") && html.contains("<li style=\"margin-bottom:8px\">one</li>"));
        assert!(html.contains("<li style=\"margin-bottom:8px\"><strong>two</strong></li>"));
        assert!(html.contains("<ol") && html.contains(">first</li>"));
        assert!(html.contains("<dl") && html.contains(">Reference</dt>") && html.contains(">C-1</dd>"));
        assert!(html.contains("<caption") && html.contains(">Remedies</caption>"));
        assert_eq!(html.matches("<th scope=\"col\"").count(), 2);
        assert!(html.contains(">Repair</td>"));
        assert!(html.contains("Ms A Resident<br>1 Road"));
        assert!(html.contains("Our reference: C-1"));
    }

    #[test]
    fn it_is_email_safe_inline_styles_only_arial_and_nothing_fetched() {
        let mut doc = document(vec![Block::Image(Image {
            bytes: b"PNG".to_vec(),
            media_type: "image/png".into(),
            alt: "A bar chart".into(),
        })]);
        doc.letterhead = Some(Letterhead {
            name: "Homes".into(),
            address: vec![],
            contact: vec!["0300 000 0000".into()],
            logo: Some(Image { bytes: vec![0, 1, 2, 3], media_type: "image/png".into(), alt: "Homes logo".into() }),
        });
        let html = render(&doc);
        assert!(!html.contains("<style") && !html.contains("<link") && !html.contains("<script"), "{html}");
        assert!(!html.contains("http://") && !html.contains("src=\"https"), "nothing fetched: {html}");
        assert!(html.contains("font-family:Arial,Helvetica,sans-serif"));
        assert!(html.contains("src=\"data:image/png;base64,UE5H\" alt=\"A bar chart\""), "{html}");
        assert!(html.contains("src=\"data:image/png;base64,AAECAw==\" alt=\"Homes logo\""), "{html}");
    }

    #[test]
    fn large_print_sets_larger_type() {
        let mut doc = document(vec![Block::Heading { level: 1, text: "Our response".into() }]);
        let ordinary = render(&doc);
        doc.large_print = true;
        let large = render(&doc);
        assert!(ordinary.contains("font-size:16px;") && !ordinary.contains("font-size:24px;"), "{ordinary}");
        assert!(large.contains("font-size:24px;") && !large.contains("font-size:16px;"), "{large}");
        assert!(large.contains("font-size:36px") && ordinary.contains("font-size:28px"));
    }

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in vectors {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn a_fragment_is_the_content_alone_in_its_language_with_a_cells_lines_kept() {
        let doc = document(vec![
            Block::Heading { level: 2, text: "Section 1".into() },
            Block::Table {
                caption: "Provisions".into(),
                header: vec!["Evidence".into()],
                rows: vec![vec!["one <b>\n\ntwo".into()]],
            },
        ]);
        let html = fragment(&doc);
        assert!(html.starts_with("<div lang=\"en-GB\""), "{html}");
        assert!(html.ends_with("</div>\n"), "{html}");
        for page in ["<html", "<head", "<title", "<body", "<main"] {
            assert!(!html.contains(page), "{page} in {html}");
        }
        assert!(html.contains(">Section 1</h2>"), "{html}");
        assert!(html.contains(">one &lt;b&gt;<br><br>two</td>"), "{html}");
    }
}
