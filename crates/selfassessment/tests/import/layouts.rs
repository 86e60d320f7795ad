//! Layouts the importer has never seen: the seeds' content, read and checked against the
//! tables in `seeds.rs`, laid out again (one cell per line, one per paragraph, tab-separated
//! rows with HTML fragments, a DOCX and an HTML page, rows split by page breaks, the 2022
//! Code's "must" and "should" tables), must read back to the same provisions.

use redress_selfassessment::{Comply, ImportError, ImportedProvision, SelfAssessment, import};

use crate::common::{docx, escape};
use crate::seeds::imported;

/// The comply cell as a landlord might write each answer.
fn written(comply: Option<Comply>) -> &'static str {
    match comply {
        Some(Comply::Yes) => "Yes",
        Some(Comply::No) => "No",
        Some(Comply::Partial) => "Partially (in progress)",
        Some(Comply::NotApplicable) => "Not applicable",
        None => "",
    }
}

/// `text` cut in two at the word boundary nearest its middle.
fn halves(text: &str) -> (String, String) {
    let words: Vec<&str> = text.split(' ').collect();
    let middle = words.len() / 2;
    (words[..middle].join(" "), words[middle..].join(" "))
}

/// `text` wrapped at about `width` characters, as a PDF export wraps a cell.
fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        if line > 0 && line + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// The sections of an assessment, in order: each section's number and its rows.
fn sections(assessment: &SelfAssessment) -> Vec<(u8, Vec<&ImportedProvision>)> {
    let mut out: Vec<(u8, Vec<&ImportedProvision>)> = Vec::new();
    for p in &assessment.provisions {
        match out.last_mut() {
            Some((section, rows)) if *section == p.provision.section => rows.push(p),
            _ => out.push((p.provision.section, vec![p])),
        }
    }
    out
}

fn read(bytes: &[u8]) -> SelfAssessment {
    import(bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn assert_same(relaid: &SelfAssessment, original: &SelfAssessment) {
    assert_eq!(relaid.code_version, original.code_version);
    assert_eq!(relaid.provisions.len(), original.provisions.len());
    for (new, old) in relaid.provisions.iter().zip(&original.provisions) {
        assert_eq!(new, old);
    }
    assert_eq!(relaid.unmapped, original.unmapped);
}

#[test]
fn one_cell_per_line_with_headers_repeated_per_section() {
    let original = imported(3);
    let mut text = String::from("Acme Homes - Self-assessment against the Complaint Handling Code\n\n");
    for (section, rows) in sections(&original) {
        text.push_str(&format!(
            "Section {section}: title\nCode provision\nCode requirement\nComply: Yes / No\nEvidence\n\n"
        ));
        for p in rows {
            text.push_str(&format!("{}\n{}\n{}\n{}\n\n", p.provision, p.requirement, written(p.comply), p.evidence));
        }
    }
    let relaid = read(text.as_bytes());
    assert_same(&relaid, &original);
    assert_eq!(relaid.landlord.as_deref(), Some("Acme Homes"));
}

#[test]
fn one_cell_per_paragraph_in_the_2022_codes_must_and_should_tables_across_page_breaks() {
    let original = imported(2);
    let mut text = String::from("Landlord: Walsall Housing Group\n\n");
    let mut page = 1;
    for (section, rows) in sections(&original) {
        // The 2022 form's tables: "must" first, then "should"; the seed's order within each.
        let (must, should): (Vec<&ImportedProvision>, Vec<&ImportedProvision>) = rows.iter().partition(|p| {
            let book = redress_domain::code::CodeBook::embedded().unwrap();
            let code = book.version(redress_domain::code::VersionId::V2022).unwrap();
            code.provision(p.provision).is_none_or(|c| c.kind == redress_domain::code::Kind::Must)
        });
        text.push_str(&format!("Section {section} - title\n\n"));
        for (title, table) in [("Mandatory 'must' requirements", must), ("Best practice 'should' requirements", should)]
        {
            if table.is_empty() {
                continue;
            }
            text.push_str(&format!(
                "{title}\n\nCode section\n\nCode requirement\n\nComply: Yes/No\n\nEvidence, commentary and any explanations\n\n"
            ));
            for p in table {
                let (first, second) = halves(&p.evidence);
                // Every fifth row's evidence runs over a page break, with the page's number between.
                let evidence = if p.provision.item % 5 == 0 && !second.is_empty() {
                    page += 1;
                    format!("{}\n\x0cPage {page} of 30\n{}", wrapped(&first, 70), wrapped(&second, 70))
                } else {
                    wrapped(&p.evidence, 70)
                };
                text.push_str(&format!(
                    "{}\n\n{}\n\n{}\n\n{evidence}\n\n",
                    p.provision,
                    wrapped(&p.requirement, 60),
                    written(p.comply)
                ));
            }
        }
    }
    let relaid = read(text.as_bytes());
    assert_same(&relaid, &original);
    assert_eq!(relaid.landlord.as_deref(), Some("Walsall Housing Group"));
}

#[test]
fn tab_separated_rows_with_html_fragments_continuing_after_page_breaks() {
    let original = imported(1);
    let header = "Code provision\tCode requirement\tComply: Yes / No\tEvidence\tCommentary / explanation\n";
    let mut text = String::new();
    for (section, rows) in sections(&original) {
        text.push_str(&format!("Section {section}: title\n{header}"));
        for p in rows {
            let (req1, req2) = halves(&p.requirement);
            let (com1, com2) = halves(&p.commentary);
            let cells = |req: &str, ev: &str, com: &str| {
                format!(
                    "<p>{}</p>\t{}\t<p>{}</p>\t<ul><li>{}</li></ul>",
                    escape(req),
                    written(p.comply),
                    escape(ev),
                    escape(com)
                )
            };
            if p.provision.item % 3 == 0 && !req2.is_empty() && !com2.is_empty() {
                // The row breaks over a page: the rest of each cell on the next page, under the
                // header again, in a row whose number cell is empty.
                text.push_str(&format!("{}\t{}\n", p.provision, cells(&req1, &p.evidence, &com1)));
                text.push_str(&format!("\x0c3\n{header}\t<p>{}</p>\t\t\t{}\n", escape(&req2), escape(&com2)));
            } else {
                text.push_str(&format!("{}\t{}\n", p.provision, cells(&p.requirement, &p.evidence, &p.commentary)));
            }
        }
        text.push_str("------------\t--\t-----\t---\t---\n");
    }
    assert_same(&read(text.as_bytes()), &original);
}

#[test]
fn word_saved_as_text_with_rows_split_over_pages() {
    let original = imported(1);
    let mut text = String::from("Appendix A: Self-assessment form\n");
    for (section, rows) in sections(&original) {
        text.push_str(&format!(
            "Section {section}: title\n\t[bookmark: _Hlk1]Code provision\n\tCode requirement\n\tComply: Yes / No\n\tEvidence\n\tCommentary / explanation\n\n"
        ));
        for p in rows {
            let (req1, req2) = halves(&p.requirement);
            let (ev1, ev2) = halves(&p.evidence);
            let (com1, com2) = halves(&p.commentary);
            if p.provision.item % 4 == 0 && !req2.is_empty() {
                // Word's text of a row split by a page break: every cell of each half.
                text.push_str(&format!(
                    "\t[bookmark: _Hlk9]{}\n\t{}\n\t{}\n\t{ev1}\n\t{com1}\n\x0c\n\t\n\t{req2}\n\t\n\t{ev2}\n\t{com2}\n\n",
                    p.provision,
                    wrapped(&req1, 50),
                    written(p.comply)
                ));
            } else {
                text.push_str(&format!(
                    "\t{}\n\t{}\n\t{}\n\t{}\n\t{}\n\n",
                    p.provision,
                    wrapped(&p.requirement, 50),
                    written(p.comply),
                    p.evidence,
                    wrapped(&p.commentary, 80)
                ));
            }
        }
    }
    assert_same(&read(text.as_bytes()), &original);
}

#[test]
fn the_provision_number_and_requirement_in_one_cell_anchored_by_the_codes_text() {
    let original = imported(3);
    let mut text = String::from("Code provision and requirement\nComply\nEvidence\n\n");
    for p in &original.provisions {
        text.push_str(&format!("{} {}\n{}\n{}\n\n", p.provision, p.requirement, written(p.comply), p.evidence));
    }
    assert_same(&read(text.as_bytes()), &original);
}

/// A Word paragraph.
fn para(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, escape(text))
}

/// A table cell of paragraphs.
fn cell(inner: &str) -> String {
    format!("<w:tc><w:tcPr/>{inner}</w:tc>")
}

#[test]
fn a_docx_with_bookmarks_field_codes_and_a_table_per_section() {
    let original = imported(1);
    let mut body = para("Tamworth Borough Council - Self-assessment 2024/25");
    for (section, rows) in sections(&original) {
        body.push_str(&para(&format!("Section {section}: title")));
        body.push_str("<w:tbl><w:tblPr/>");
        let headings =
            ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"];
        body.push_str(&format!("<w:tr>{}</w:tr>", headings.iter().map(|h| cell(&para(h))).collect::<String>()));
        for p in rows {
            let number = format!(
                r#"<w:p><w:bookmarkStart w:id="1" w:name="_Hlk1745"/><w:r><w:t>{}</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p>"#,
                p.provision
            );
            // Evidence as a hyperlink field: the instruction is not text, the result is.
            let evidence = if p.evidence.is_empty() {
                "<w:p/>".to_owned()
            } else {
                format!(
                    r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.invalid/policy" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
                    escape(&p.evidence)
                )
            };
            let (com1, com2) = halves(&p.commentary);
            let commentary = format!("{}{}", para(&com1), para(&com2));
            let comply = format!(
                r#"<w:p><w:r><w:t>{}</w:t></w:r><w:r><w:delText>No</w:delText></w:r></w:p>"#,
                written(p.comply)
            );
            let (req1, req2) = halves(&p.requirement);
            if p.provision.item == 1 && !req2.is_empty() {
                // Split over two rows by a page break; the second has no number.
                body.push_str(&format!(
                    "<w:tr>{}{}{}{}{}</w:tr><w:tr>{}{}{}{}{}</w:tr>",
                    cell(&number),
                    cell(&para(&req1)),
                    cell(&comply),
                    cell(&evidence),
                    cell(&commentary),
                    cell("<w:p/>"),
                    cell(&para(&req2)),
                    cell("<w:p/>"),
                    cell("<w:p/>"),
                    cell("<w:p/>")
                ));
            } else {
                body.push_str(&format!(
                    "<w:tr>{}{}{}{}{}</w:tr>",
                    cell(&number),
                    cell(&para(&p.requirement)),
                    cell(&comply),
                    cell(&evidence),
                    cell(&commentary)
                ));
            }
        }
        body.push_str("</w:tbl>");
    }
    let relaid = read(&docx(&body));
    assert_same(&relaid, &original);
    assert_eq!(relaid.landlord.as_deref(), Some("Tamworth Borough Council"));
}

#[test]
fn an_html_page_with_must_and_should_tables() {
    let original = imported(2);
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Self-assessment</title><style>td { color: red }</style></head><body><h1>Walsall Housing Group &ndash; Self-assessment</h1>",
    );
    for (section, rows) in sections(&original) {
        html.push_str(&format!(
            "<h2>Section {section} - title</h2><h3>Mandatory &#39;must&#39; requirements</h3><table>"
        ));
        html.push_str("<thead><tr><th>Code section</th><th>Code requirement</th><th>Comply: Yes/No</th><th>Evidence, commentary and any explanations</th></tr></thead><tbody>");
        for p in rows {
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td><strong>{}</strong></td><td><p>{}</p><!-- checked --></td></tr>\n",
                p.provision,
                escape(&p.requirement),
                written(p.comply),
                escape(&p.evidence)
            ));
        }
        html.push_str("</tbody></table>");
    }
    html.push_str("</body></html>");
    let relaid = read(html.as_bytes());
    assert_same(&relaid, &original);
    assert_eq!(relaid.landlord.as_deref(), Some("Walsall Housing Group"));
}

#[test]
fn a_document_without_a_comply_column_says_what_was_found() {
    let original = imported(3);
    let mut text = String::new();
    for p in original.provisions.iter().take(12) {
        text.push_str(&format!("{}\t{}\t{}\n", p.provision, p.requirement, p.evidence));
    }
    let error = import(text.as_bytes()).unwrap_err();
    assert_eq!(error, ImportError::NoComplyColumn { provisions: 12 });
    assert_eq!(error.to_string(), "recognised 12 provisions; no comply column");
}

#[test]
fn a_document_without_provisions_says_what_was_found() {
    let page = "<html><body><h1>Annual complaints report</h1><p>We received 40 complaints.</p><h2>Section 2: Figures</h2>\
                <table><tr><th>Stage</th><th>Complaints</th></tr><tr><td>1</td><td>40</td></tr></table></body></html>";
    let error = import(page.as_bytes()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "recognised no provisions: found 2 table rows, 2 paragraphs or cells of text and 1 heading, but no provision numbers (such as 6.2) starting a row"
    );
}
