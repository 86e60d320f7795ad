//! What the export tests share: a whole 2024 assessment built from the Code data, its answers
//! varied by a rule that the tests can recompute (yes, no with an explanation and a date,
//! unanswered; evidence present or not; text that must be escaped), and small readers.

use std::io::{Cursor, Read};

use jiff::civil::date;
use redress_assessment_export::{Answer, Approval, AssessmentDocument, Row, Section};
use redress_domain::code::{CodeBook, VersionId};

/// The landlord of the test assessment.
pub const LANDLORD: &str = "Riverside Homes";

/// The answer given to the `index`th provision (from 0): every fourth from the second is
/// "no", every seventh from the fourth (that is not a "no") unanswered, the rest "yes".
pub fn answer(index: usize) -> Option<Answer> {
    if index % 4 == 1 {
        Some(Answer::No)
    } else if index % 7 == 3 {
        None
    } else {
        Some(Answer::Yes)
    }
}

/// Whether the `index`th provision has evidence: all but every fifth.
pub fn has_evidence(index: usize) -> bool {
    !index.is_multiple_of(5)
}

/// Every provision of the 2024 Code, answered by [`answer`], approved by a board.
pub fn full_2024() -> AssessmentDocument {
    let code = CodeBook::embedded().unwrap().version(VersionId::V2024).unwrap();
    let mut index = 0;
    let sections = code
        .sections
        .iter()
        .map(|section| Section {
            number: section.number,
            title: section.title.clone(),
            rows: code
                .provisions
                .iter()
                .filter(|p| p.section == section.number)
                .map(|p| {
                    let comply = answer(index);
                    let evidence = if has_evidence(index) {
                        format!(
                            "Our complaints policy, paragraph {}, says so.\n\n43 of the 45 complaints met it & none were \"late\" <by design>.",
                            index + 1
                        )
                    } else {
                        String::new()
                    };
                    let (commentary, comply_by) = match comply {
                        Some(Answer::No) => ("Our officers left; the new team starts in January.".to_owned(), Some(date(2027, 3, 31))),
                        _ => (String::new(), None),
                    };
                    index += 1;
                    Row { provision: p.number, requirement: p.requirement.clone(), comply, evidence, commentary, comply_by }
                })
                .collect(),
        })
        .collect();
    AssessmentDocument {
        landlord: LANDLORD.into(),
        agents: vec!["Northgate Management".into()],
        code_version: VersionId::V2024,
        from: date(2025, 4, 1),
        to: date(2026, 3, 31),
        approval: Some(Approval {
            body: "Board of Management".into(),
            on: date(2026, 5, 12),
            minute: "B/2026/14".into(),
        }),
        sections,
    }
}

/// Whitespace normalised, as the importer gives text.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file `name` of the zip `bytes`, as text.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}
