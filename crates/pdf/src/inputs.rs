//! A [`Document`] as the data the layout reads (`sys.inputs` in `document.typ`): every text
//! as a typst string, which typst shows as written and never parses, and every image as
//! bytes. Checks here what PDF/UA-1 needs and typst cannot check for us: a title, a
//! language, alternative text on every image, a header for every column.

use redress_documents::{Addressing, Block, Document, Fact, Image, Inline, Letterhead};
use typst::foundations::{Array, Bytes, Dict, Str, Value};

use crate::PdfError;

/// The inputs for one PDF of `documents`, titled `title`.
pub(crate) fn inputs(title: &str, documents: &[Document]) -> Result<Dict, PdfError> {
    let documents = documents.iter().map(document).collect::<Result<Vec<_>, _>>()?;
    Ok([("title", text(title)), ("documents", Value::Array(documents.into_iter().collect()))]
        .into_iter()
        .map(|(key, value)| (Str::from(key), value))
        .collect())
}

fn document(document: &Document) -> Result<Value, PdfError> {
    if document.title.trim().is_empty() {
        return Err(PdfError::MissingTitle);
    }
    let (lang, region) = language(&document.language)?;
    // A page break at the end would leave the document's end, and so its page count, on an
    // empty page of its own.
    let last = document.blocks.iter().rposition(|b| !matches!(b, Block::PageBreak)).map_or(0, |i| i + 1);
    let blocks = document.blocks[..last].iter().map(block).collect::<Result<Array, _>>()?;
    Ok(dict([
        ("lang", text(&lang)),
        ("region", region.map_or(Value::None, |r| text(&r))),
        ("large", Value::Bool(document.large_print)),
        ("letterhead", document.letterhead.as_ref().map_or(Ok(Value::None), letterhead)?),
        ("addressing", document.addressing.as_ref().map_or(Value::None, addressing)),
        ("blocks", Value::Array(blocks)),
    ]))
}

/// A BCP 47 tag of a language and an optional region (`en`, `en-GB`, `cy-GB`) as typst's
/// language (lower case) and region (upper case).
fn language(tag: &str) -> Result<(String, Option<String>), PdfError> {
    let refused = || PdfError::Language(tag.to_owned());
    let letters = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let mut parts = tag.split('-');
    let lang = parts.next().filter(|part| letters(part, 2..=3)).ok_or_else(refused)?;
    let region = parts.next().map(|part| if letters(part, 2..=2) { Ok(part) } else { Err(refused()) }).transpose()?;
    if parts.next().is_some() {
        return Err(refused());
    }
    Ok((lang.to_ascii_lowercase(), region.map(str::to_ascii_uppercase)))
}

fn letterhead(head: &Letterhead) -> Result<Value, PdfError> {
    Ok(dict([
        ("name", text(&head.name)),
        ("address", texts(&head.address)),
        ("contact", texts(&head.contact)),
        ("logo", head.logo.as_ref().map_or(Ok(Value::None), image)?),
    ]))
}

fn addressing(to: &Addressing) -> Value {
    dict([("recipient", texts(&to.recipient)), ("date", text(&to.date)), ("reference", text(&to.reference))])
}

fn block(block: &Block) -> Result<Value, PdfError> {
    Ok(match block {
        Block::Heading { level, text: words } => {
            dict([("kind", text("heading")), ("level", Value::Int(i64::from((*level).max(1)))), ("text", text(words))])
        }
        Block::Paragraph { text: pieces } => dict([("kind", text("paragraph")), ("text", inlines(pieces))]),
        Block::List { ordered, items } => dict([
            ("kind", text("list")),
            ("ordered", Value::Bool(*ordered)),
            ("items", Value::Array(items.iter().map(|item| inlines(item)).collect())),
        ]),
        Block::Facts { rows } => {
            dict([("kind", text("facts")), ("rows", Value::Array(rows.iter().map(fact).collect()))])
        }
        Block::Table { caption, header, rows } => table(caption, header, rows)?,
        Block::Image(picture) => dict([("kind", text("image")), ("image", image(picture)?)]),
        Block::PageBreak => dict([("kind", text("page-break"))]),
    })
}

fn fact(fact: &Fact) -> Value {
    dict([("label", text(&fact.label)), ("value", text(&fact.value))])
}

fn table(caption: &str, header: &[String], rows: &[Vec<String>]) -> Result<Value, PdfError> {
    if header.is_empty() {
        return Err(PdfError::TableWithoutHeader);
    }
    if let Some(row) = rows.iter().find(|row| row.len() != header.len()) {
        return Err(PdfError::RaggedTable { headers: header.len(), cells: row.len() });
    }
    Ok(dict([
        ("kind", text("table")),
        ("caption", text(caption)),
        ("header", texts(header)),
        ("rows", Value::Array(rows.iter().map(|row| texts(row)).collect())),
    ]))
}

fn image(image: &Image) -> Result<Value, PdfError> {
    if image.alt.trim().is_empty() {
        return Err(PdfError::MissingAltText);
    }
    let format = match image.media_type.as_str() {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/svg+xml" => "svg",
        other => return Err(PdfError::ImageType(other.to_owned())),
    };
    Ok(dict([
        ("bytes", Value::Bytes(Bytes::new(image.bytes.clone()))),
        ("format", text(format)),
        ("alt", text(&image.alt)),
    ]))
}

fn inlines(pieces: &[Inline]) -> Value {
    Value::Array(pieces.iter().map(inline).collect())
}

fn inline(piece: &Inline) -> Value {
    match piece {
        Inline::Text { text: words } => dict([("kind", text("text")), ("text", text(words))]),
        Inline::Strong { text: words } => dict([("kind", text("strong")), ("text", text(words))]),
        Inline::Link { text: words, href } => dict([
            ("kind", text("link")),
            ("text", text(words)),
            ("href", text(href)),
            ("address", printed_address(words, href).map_or(Value::None, text)),
        ]),
    }
}

/// What print shows after a link's words: its address, without the `mailto:` or `tel:` that
/// nobody types, unless the words already are the address.
fn printed_address<'a>(words: &str, href: &'a str) -> Option<&'a str> {
    let address = href.strip_prefix("mailto:").or_else(|| href.strip_prefix("tel:")).unwrap_or(href);
    (address.trim() != words.trim()).then_some(address)
}

/// `words` as data for the layout, each character the embedded fonts cannot print (a script
/// they lack, an emoji, a control character) as a question mark: PDF/UA-1 refuses a text it
/// cannot show, and a resident's words must never stop a letter or a case file being made.
fn text(words: &str) -> Value {
    let printable = |c: char| c == '\n' || (!c.is_control() && crate::fonts::prints(c));
    if words.chars().all(printable) {
        return Value::Str(Str::from(words));
    }
    let shown: String = words.chars().map(|c| if printable(c) { c } else { '?' }).collect();
    Value::Str(Str::from(shown.as_str()))
}

fn texts(lines: &[String]) -> Value {
    Value::Array(lines.iter().map(|line| text(line)).collect())
}

fn dict<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Dict(pairs.into_iter().map(|(key, value)| (Str::from(key), value)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_tag_becomes_typsts_language_and_region() {
        assert_eq!(language("en-GB").ok(), Some(("en".to_owned(), Some("GB".to_owned()))));
        assert_eq!(language("cy").ok(), Some(("cy".to_owned(), None)));
        assert_eq!(language("EN-gb").ok(), Some(("en".to_owned(), Some("GB".to_owned()))));
        for refused in ["", "e", "english", "en-", "en-GBR", "en-GB-x", "1n", "sr-Latn"] {
            assert!(matches!(language(refused), Err(PdfError::Language(_))), "{refused} was accepted");
        }
    }

    #[test]
    fn print_shows_a_links_address_unless_its_words_are_the_address() {
        assert_eq!(printed_address("Email us", "mailto:a@b.org"), Some("a@b.org"));
        assert_eq!(printed_address("0300 111 3000", "tel:0300 111 3000"), None);
        assert_eq!(printed_address("the Ombudsman", "https://x.org"), Some("https://x.org"));
        assert_eq!(printed_address("https://x.org", "https://x.org"), None);
    }
}
