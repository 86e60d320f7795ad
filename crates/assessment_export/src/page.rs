//! The assessment as Redress's document model ([`redress_documents::Document`]), and from it
//! the tagged PDF (PDF/UA-1, by `redress-pdf`) and the HTML, a whole page or the content alone
//! for a public page of the site. The structure is the form's: the title (heading 1), the
//! particulars as a list of facts, then for each section a heading 2 and one table with the
//! form's five columns as its header cells.

use redress_documents::{Block, Document, Fact, Inline};

use crate::document::COLUMNS;
use crate::{AssessmentDocument, ExportError};

/// The assessment as a document, ready for any renderer.
pub fn document(assessment: &AssessmentDocument) -> Document {
    let title = assessment.title();
    let mut blocks = vec![
        Block::Heading { level: 1, text: title.clone() },
        Block::Facts {
            rows: assessment
                .particulars()
                .into_iter()
                .map(|(label, value)| Fact { label: label.to_owned(), value })
                .collect(),
        },
        Block::Paragraph {
            text: vec![Inline::Text {
                text: "For each provision of the Code: whether the landlord complies, the evidence that it does, \
                       and its commentary. Where it does not comply, the commentary explains why and says by when \
                       it intends to."
                    .to_owned(),
            }],
        },
    ];
    for section in &assessment.sections {
        let heading = section.heading();
        blocks.push(Block::Heading { level: 2, text: heading.clone() });
        blocks.push(Block::Table {
            caption: format!("{heading}: the landlord's assessment of each provision"),
            header: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
            rows: section
                .rows
                .iter()
                .map(|row| {
                    vec![
                        row.provision.to_string(),
                        row.requirement.clone(),
                        row.comply_label().to_owned(),
                        row.evidence.trim().to_owned(),
                        row.commentary_with_date().trim().to_owned(),
                    ]
                })
                .collect(),
        });
    }
    Document { title, language: "en-GB".into(), letterhead: None, addressing: None, large_print: false, blocks }
}

/// The assessment as a tagged PDF (PDF/UA-1): A4, its title and language in the file, every
/// table's header cells tagged. Takes tens of milliseconds a page: run it off the async
/// runtime.
pub fn pdf(assessment: &AssessmentDocument) -> Result<Vec<u8>, ExportError> {
    Ok(redress_pdf::render(&document(assessment))?)
}

/// The assessment as one standalone HTML page, from `<!DOCTYPE html>` to `</html>`.
pub fn html_page(assessment: &AssessmentDocument) -> String {
    redress_documents::html::render(&document(assessment))
}

/// The assessment's content alone, to be the body of a public page of the site.
pub fn html_fragment(assessment: &AssessmentDocument) -> String {
    redress_documents::html::fragment(&document(assessment))
}
