//! The DOCX: read back by the importer (`redress-selfassessment`) over every 2024 provision,
//! and opened as a zip whose XML has the heading styles, the repeating header rows and the
//! core properties; and the importer's fuzz seed is this crate's output.

use quick_xml::Reader;
use quick_xml::events::Event;
use redress_assessment_export::{Answer, COLUMNS, docx};
use redress_domain::code::VersionId;
use redress_selfassessment::{Comply, import};

use crate::common::{LANDLORD, answer, full_2024, has_evidence, part, squash};

#[test]
fn the_importer_reads_every_2024_provision_back_with_its_answer_and_evidence() {
    let assessment = full_2024();
    let imported = import(&docx(&assessment).unwrap()).unwrap();
    assert_eq!(imported.code_version, VersionId::V2024);
    assert_eq!(imported.landlord.as_deref(), Some(LANDLORD));
    let rows: Vec<_> = assessment.rows().map(|(_, row)| row).collect();
    assert_eq!(
        imported.provisions.iter().map(|p| p.provision).collect::<Vec<_>>(),
        rows.iter().map(|r| r.provision).collect::<Vec<_>>()
    );
    // The 2024 Code data has 72 provisions: all of them came back.
    assert_eq!(rows.len(), 72);
    for (index, (read, row)) in imported.provisions.iter().zip(&rows).enumerate() {
        let expected = answer(index).map(|a| match a {
            Answer::Yes => Comply::Yes,
            Answer::No => Comply::No,
        });
        assert_eq!(read.comply, expected, "{}", row.provision);
        assert_eq!(!read.evidence.is_empty(), has_evidence(index), "{}: {:?}", row.provision, read.evidence);
        assert_eq!(read.requirement, squash(&row.requirement), "{}", row.provision);
        if has_evidence(index) {
            assert!(
                read.evidence.contains("& none were \"late\" <by design>."),
                "{}: {:?}",
                row.provision,
                read.evidence
            );
        }
        if row.comply == Some(Answer::No) {
            assert_eq!(
                read.commentary,
                "Our officers left; the new team starts in January. We intend to comply by 31 March 2027."
            );
        } else {
            assert_eq!(read.commentary, "", "{}", row.provision);
        }
    }
}

/// The paragraphs of `document.xml` with a style, as (style, text).
fn styled_paragraphs(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    let mut style: Option<String> = None;
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == b"p" => {
                style = None;
                text.clear();
            }
            Event::Empty(e) if e.local_name().as_ref() == b"pStyle" => {
                let value = e.try_get_attribute("w:val").unwrap().unwrap();
                style = Some(String::from_utf8(value.value.to_vec()).unwrap());
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_text => {
                text.push(match &*r as &[u8] {
                    b"amp" => '&',
                    b"lt" => '<',
                    b"gt" => '>',
                    _ => '"',
                });
            }
            Event::End(e) if e.local_name().as_ref() == b"p" => {
                if let Some(style) = style.take() {
                    found.push((style, text.clone()));
                }
            }
            _ => {}
        }
    }
    found
}

/// Each table's rows, as (whether the row is a repeating header row, its cells' text).
fn tables(xml: &str) -> Vec<Vec<(bool, Vec<String>)>> {
    let mut reader = Reader::from_str(xml);
    let mut tables = Vec::new();
    let mut rows: Vec<(bool, Vec<String>)> = Vec::new();
    let mut in_text = false;
    let mut in_cell = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) => match e.local_name().as_ref() {
                b"tbl" => rows.clear(),
                b"tr" => rows.push((false, Vec::new())),
                b"tc" => {
                    in_cell = true;
                    rows.last_mut().unwrap().1.push(String::new());
                }
                b"t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"tblHeader" => rows.last_mut().unwrap().0 = true,
            Event::Text(t) if in_text && in_cell => {
                rows.last_mut().unwrap().1.last_mut().unwrap().push_str(&t.decode().unwrap());
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"tc" => in_cell = false,
                b"tbl" => tables.push(std::mem::take(&mut rows)),
                _ => {}
            },
            _ => {}
        }
    }
    tables
}

#[test]
fn the_docx_has_real_heading_styles_one_table_per_section_with_a_repeating_header_row() {
    let assessment = full_2024();
    let bytes = docx(&assessment).unwrap();
    let styles = part(&bytes, "word/styles.xml");
    for (id, name) in [("Heading1", "heading 1"), ("Heading2", "heading 2")] {
        let at = styles.find(&format!("w:styleId=\"{id}\"")).unwrap();
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(style.contains(&format!("<w:name w:val=\"{name}\"/>")), "{style}");
        assert!(style.contains("<w:outlineLvl"), "{style}");
    }
    assert!(styles.contains("w:ascii=\"Arial\""), "Arial is the default font");
    assert!(styles.contains("<w:lang w:val=\"en-GB\""), "British English is the default language");

    let xml = part(&bytes, "word/document.xml");
    let headings = styled_paragraphs(&xml);
    let mut expected = vec![("Heading1".to_owned(), assessment.title())];
    expected.extend(assessment.sections.iter().map(|s| ("Heading2".to_owned(), s.heading())));
    assert_eq!(headings, expected);
    assert_eq!(headings[1].1, "Section 1: Definition of a complaint");

    let tables = tables(&xml);
    assert_eq!(tables.len(), 9);
    for (table, section) in tables.iter().zip(&assessment.sections) {
        let (header, cells) = &table[0];
        assert!(*header, "the first row of each table repeats on every page");
        assert_eq!(cells, &COLUMNS.map(String::from).to_vec());
        assert!(table[1..].iter().all(|(header, _)| !header), "only the first row is a header row");
        assert_eq!(table.len(), section.rows.len() + 1);
        for ((_, cells), row) in table[1..].iter().zip(&section.rows) {
            assert_eq!(cells[0], row.provision.to_string());
            assert_eq!(cells[2], row.comply_label());
        }
    }
}

#[test]
fn the_core_properties_give_the_title_and_the_language() {
    let assessment = full_2024();
    let bytes = docx(&assessment).unwrap();
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        core.contains(
            "<dc:title>Riverside Homes - Self-assessment against the Housing Ombudsman&apos;s Complaint Handling Code (2024)</dc:title>"
        ) || core.contains(
            "<dc:title>Riverside Homes - Self-assessment against the Housing Ombudsman's Complaint Handling Code (2024)</dc:title>"
        ),
        "{core}"
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
    assert!(core.contains("<dc:creator>Riverside Homes</dc:creator>"), "{core}");
    let types = part(&bytes, "[Content_Types].xml");
    assert!(types.contains("PartName=\"/docProps/core.xml\""), "{types}");
    assert!(part(&bytes, "_rels/.rels").contains("Target=\"docProps/core.xml\""));
}

#[test]
fn the_same_assessment_gives_the_same_file() {
    assert_eq!(docx(&full_2024()).unwrap(), docx(&full_2024()).unwrap());
}

#[test]
fn text_xml_cannot_hold_does_not_break_the_file() {
    let mut assessment = full_2024();
    assessment.landlord = "A & B <Homes> \"Ltd\"".into();
    assessment.sections[0].rows[0].evidence = "bell\u{7} and nul\u{0} and \u{FFFE} & <w:p>".into();
    let imported = import(&docx(&assessment).unwrap()).unwrap();
    assert_eq!(imported.provisions.len(), 72);
    assert_eq!(imported.provisions[0].evidence, "bell and nul and & <w:p>");
}

/// The importer's fuzz tests mutate this crate's DOCX of [`full_2024`]: the copy they read,
/// `crates/selfassessment/tests/seeds/export_2024.docx`, must be what this crate writes today.
/// `REDRESS_BLESS=1` writes it afresh.
#[test]
fn the_importers_fuzz_seed_is_this_crates_docx() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../selfassessment/tests/seeds/export_2024.docx");
    let bytes = docx(&full_2024()).unwrap();
    if std::env::var_os("REDRESS_BLESS").is_some() {
        std::fs::write(&path, &bytes).unwrap();
    }
    let seed = std::fs::read(&path).unwrap();
    assert!(seed == bytes, "{} is out of date: run this test with REDRESS_BLESS=1", path.display());
}
