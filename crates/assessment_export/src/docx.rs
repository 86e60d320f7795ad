//! The assessment as a Word document (DOCX) in the layout landlords publish: the title as a
//! Heading 1, the particulars (landlord, agents, Code, period, approval), then for each section
//! a Heading 2 ("Section N: title") and one table with the form's five columns, whose header
//! row is marked to repeat on every page. Arial throughout; the title and the language (en-GB)
//! are in the core properties, and the language is every run's default too.
//!
//! The OOXML is written here, by hand, into a zip (`zip`, already in the tree) rather than by
//! `docx-rs`: seven small parts are all a form needs, and writing them gives exact control of
//! what the tests and screen readers rely on (`w:tblHeader`, the built-in heading styles,
//! `dc:language`) without another ~13 s of build and a second zip and image stack. Every text
//! is escaped, and the characters XML 1.0 cannot hold (control characters) are dropped, so no
//! landlord's evidence can break the file.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::document::{COLUMNS, paragraphs};
use crate::{AssessmentDocument, ExportError, Row};

/// The media type of a DOCX file.
pub const DOCX_MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The widths of the five columns in twentieths of a point: together the text width of a
/// landscape A4 page with 2 cm margins (16838 - 2 x 1134).
const WIDTHS: [u32; 5] = [1300, 4400, 1300, 4470, 3100];

/// The assessment as a DOCX file. The same assessment gives the same bytes: no part is dated.
pub fn docx(assessment: &AssessmentDocument) -> Result<Vec<u8>, ExportError> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", ROOT_RELATIONSHIPS.to_owned()),
        ("docProps/core.xml", core_properties(assessment)),
        ("docProps/app.xml", APP_PROPERTIES.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELATIONSHIPS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/document.xml", document_xml(assessment)),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // The default time is 1 January 1980, the zip format's first day: no clock.
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(name, options)?;
        zip.write_all(xml.as_bytes()).map_err(|e| ExportError::Zip(e.to_string()))?;
    }
    Ok(zip.finish()?.into_inner())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELATIONSHIPS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const APP_PROPERTIES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Redress</Application></Properties>"#;

/// Arial 11 pt and British English by default; the built-in heading styles (their names are
/// the built-in ones, lower case, so that Word treats them as its own: navigation pane,
/// contents, and the headings screen readers list), and a header cell style.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="60" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// The core properties: the title and the language, and the landlord as the author. No date,
/// so that the same assessment gives the same file.
fn core_properties(assessment: &AssessmentDocument) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>Complaint Handling Code self-assessment</dc:subject><dc:creator>{}</dc:creator><dc:language>en-GB</dc:language></cp:coreProperties>"#,
        escape(&assessment.title()),
        escape(&assessment.landlord)
    )
}

fn document_xml(assessment: &AssessmentDocument) -> String {
    let mut body = String::with_capacity(64 * 1024);
    styled_paragraph(&mut body, "Heading1", &assessment.title());
    for (label, value) in assessment.particulars() {
        let _ = write!(
            body,
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}: </w:t></w:r>{}</w:p>",
            escape(label),
            run(&value)
        );
    }
    for section in &assessment.sections {
        styled_paragraph(&mut body, "Heading2", &section.heading());
        table(&mut body, &section.rows);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

fn styled_paragraph(out: &mut String, style: &str, text: &str) {
    let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>", run(text));
}

/// One section's table: its header row (repeated on each page), then a row per provision.
fn table(out: &mut String, rows: &[Row]) {
    out.push_str(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
         <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" \
         w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for width in WIDTHS {
        let _ = write!(out, "<w:gridCol w:w=\"{width}\"/>");
    }
    out.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (column, heading) in COLUMNS.iter().enumerate() {
        let _ = write!(
            out,
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/></w:tcPr>\
             <w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
            WIDTHS[column],
            escape(heading)
        );
    }
    out.push_str("</w:tr>");
    for row in rows {
        out.push_str("<w:tr>");
        let cells = [
            row.provision.to_string(),
            row.requirement.clone(),
            row.comply_label().to_owned(),
            row.evidence.clone(),
            row.commentary_with_date(),
        ];
        for (column, text) in cells.iter().enumerate() {
            let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr>", WIDTHS[column]);
            cell_paragraphs(out, text);
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// A cell's text as paragraphs (a blank line between them in the text), each line within a
/// paragraph after a line break. A cell with no text still holds the one paragraph Word
/// requires.
fn cell_paragraphs(out: &mut String, text: &str) {
    let paragraphs = paragraphs(text);
    if paragraphs.is_empty() {
        out.push_str("<w:p/>");
    }
    for lines in paragraphs {
        out.push_str("<w:p><w:r>");
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                out.push_str("<w:br/>");
            }
            let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", escape(line));
        }
        out.push_str("</w:r></w:p>");
    }
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(text))
}

/// Text for XML element content and quoted attributes; characters XML 1.0 cannot hold are
/// dropped, and line breaks become spaces (a run's text is one line).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if allowed_in_xml(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// XML 1.0's `Char` production, less the whitespace handled above.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_what_xml_cannot_hold_is_dropped() {
        assert_eq!(escape("A & B <c> \"d\"\u{0}\u{1b}\u{FFFF}\te"), "A &amp; B &lt;c&gt; &quot;d&quot; e");
        assert_eq!(escape("£50 — Ŵ 😀"), "£50 — Ŵ 😀");
    }

    #[test]
    fn a_cells_paragraphs_and_lines_become_paragraphs_and_breaks() {
        let mut out = String::new();
        cell_paragraphs(&mut out, "one\ntwo\n\nthree");
        assert_eq!(
            out,
            "<w:p><w:r><w:t xml:space=\"preserve\">one</w:t><w:br/><w:t xml:space=\"preserve\">two</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">three</w:t></w:r></w:p>"
        );
        let mut empty = String::new();
        cell_paragraphs(&mut empty, " ");
        assert_eq!(empty, "<w:p/>");
    }
}
