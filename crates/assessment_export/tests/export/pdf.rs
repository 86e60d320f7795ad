//! The PDF and the HTML: the PDF identified as PDF/UA-1 with its title shown and its language,
//! tagged with its headings and one table per section with header cells, and its text read
//! back by `pdftotext` (when installed); the HTML a whole page and a fragment with the same
//! structure.

use std::io::{ErrorKind, Write};
use std::process::Command;

use lopdf::{Dictionary, Object};
use redress_assessment_export::{html_fragment, html_page, pdf};

use crate::common::{full_2024, squash};

fn resolve<'a>(pdf: &'a lopdf::Document, object: &'a Object) -> &'a Object {
    pdf.dereference(object).unwrap().1
}

fn dictionary<'a>(pdf: &'a lopdf::Document, object: &'a Object) -> &'a Dictionary {
    match resolve(pdf, object) {
        Object::Dictionary(dictionary) => dictionary,
        Object::Stream(stream) => &stream.dict,
        other => panic!("expected a dictionary, found {other:?}"),
    }
}

fn name(object: &Object) -> String {
    match object {
        Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
        other => panic!("expected a name, found {other:?}"),
    }
}

/// A PDF text string: UTF-16 with its byte order mark, or PDFDocEncoding (ASCII here).
fn text_string(pdf: &lopdf::Document, object: &Object) -> String {
    let bytes = resolve(pdf, object).as_str().unwrap();
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            String::from_utf16(&utf16.chunks(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])).collect::<Vec<_>>())
                .unwrap()
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The standard roles of the structure tree's elements, in document order.
fn roles(pdf: &lopdf::Document) -> Vec<String> {
    let root = dictionary(pdf, pdf.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    let role_map = root.get(b"RoleMap").ok().map(|map| dictionary(pdf, map));
    let mut roles = Vec::new();
    collect(pdf, role_map, root.get(b"K").unwrap(), &mut roles);
    roles
}

fn collect(pdf: &lopdf::Document, role_map: Option<&Dictionary>, kids: &Object, into: &mut Vec<String>) {
    match resolve(pdf, kids) {
        Object::Array(kids) => kids.iter().for_each(|kid| collect(pdf, role_map, kid, into)),
        Object::Dictionary(element) if element.has(b"S") => {
            let mut role = name(element.get(b"S").unwrap());
            while let Some(standard) = role_map.and_then(|map| map.get(role.as_bytes()).ok()) {
                role = name(standard);
            }
            into.push(role);
            if let Ok(kids) = element.get(b"K") {
                collect(pdf, role_map, kids, into);
            }
        }
        _ => {}
    }
}

/// The PDF's text by poppler's `pdftotext`, or `None` (with a line saying so) without it.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("assessment.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Command::new("pdftotext").arg("-raw").arg(&path).arg("-").output() {
        Ok(output) => {
            assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {
            let _ = writeln!(std::io::stderr(), "SKIPPED reading the PDF: pdftotext is not installed");
            None
        }
        Err(error) => panic!("pdftotext could not be run: {error}"),
    }
}

#[test]
fn the_pdf_is_pdf_ua_1_tagged_with_its_headings_and_a_table_per_section_and_reads_back() {
    let assessment = full_2024();
    let bytes = pdf(&assessment).unwrap();
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = document.catalog().unwrap();
    assert_eq!(text_string(&document, catalog.get(b"Lang").unwrap()), "en-GB");
    let mark_info = dictionary(&document, catalog.get(b"MarkInfo").unwrap());
    assert_eq!(mark_info.get(b"Marked").unwrap(), &Object::Boolean(true));
    let viewer = dictionary(&document, catalog.get(b"ViewerPreferences").unwrap());
    assert_eq!(viewer.get(b"DisplayDocTitle").unwrap(), &Object::Boolean(true));
    let xmp = match resolve(&document, catalog.get(b"Metadata").unwrap()) {
        Object::Stream(stream) => String::from_utf8_lossy(&stream.content).into_owned(),
        other => panic!("the metadata is not a stream: {other:?}"),
    };
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>") || xmp.contains(r#"pdfuaid:part="1""#), "{xmp}");
    assert!(xmp.contains("Riverside Homes - Self-assessment against the Housing Ombudsman"), "{xmp}");

    let roles = roles(&document);
    let count = |role: &str| roles.iter().filter(|r| *r == role).count();
    assert_eq!(count("H1"), 1, "{roles:?}");
    assert_eq!(count("H2"), 9, "{roles:?}");
    // The particulars (a table of facts, a header cell for each of its 5 rows) and the 9
    // sections' tables, each with the form's 5 column headers.
    assert_eq!(count("Table"), 1 + 9, "{roles:?}");
    assert_eq!(count("TH"), 5 + 9 * 5, "{roles:?}");

    let Some(text) = pdftotext(&bytes) else { return };
    let flat = squash(&text);
    for expected in [
        "Riverside Homes - Self-assessment against the Housing Ombudsman",
        "Approved by the Board of Management on 12 May 2026 (minute B/2026/14)",
        "1 April 2025 to 31 March 2026",
        "Northgate Management",
        "Section 1: Definition of a complaint",
        "Section 9: Scrutiny & oversight: continuous learning and improvement",
        "Comply: Yes / No",
        "Commentary / explanation",
    ] {
        assert!(flat.contains(expected), "the PDF lacks {expected:?}:\n{flat}");
    }
    // Every provision's number is printed, in the Code's order.
    let mut from = 0;
    for (_, row) in assessment.rows() {
        let number = format!(" {} ", row.provision);
        let at = flat[from..].find(&number).unwrap_or_else(|| panic!("{} is missing or out of order", row.provision));
        from += at + number.len() - 1;
    }
    assert!(flat.contains("We intend to comply by 31 March 2027."), "{flat}");
}

#[test]
fn the_html_is_a_whole_page_or_the_content_alone_with_every_table_and_header() {
    let assessment = full_2024();
    let page = html_page(&assessment);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"), "{page}");
    assert!(page.contains("<title>Riverside Homes - Self-assessment against the Housing Ombudsman&#39;s Complaint Handling Code (2024)</title>"));
    let fragment = html_fragment(&assessment);
    assert!(fragment.starts_with("<div lang=\"en-GB\""));
    assert!(!fragment.contains("<html") && !fragment.contains("<title"));
    for html in [&page, &fragment] {
        assert_eq!(html.matches("<h1").count(), 1);
        assert_eq!(html.matches("<h2").count(), 9);
        assert_eq!(html.matches("<table").count(), 9);
        assert_eq!(html.matches("<th scope=\"col\"").count(), 9 * 5);
        assert_eq!(html.matches("<tr>").count(), 9 + 72);
        assert!(html.contains(">Section 6: Complaints stages</h2>"), "{html}");
        assert!(html.contains(
            "says so.<br><br>43 of the 45 complaints met it &amp; none were &quot;late&quot; &lt;by design&gt;."
        ));
        assert!(html.contains("<dt style=\"font-weight:bold;margin:0\">Approval</dt>"));
    }
}
