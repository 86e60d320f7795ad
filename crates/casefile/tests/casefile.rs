//! The case file of a hand-built case: every section is there, in order, with everything the
//! case holds; and the zip holds the PDF, the record and each attachment under its path.

// Helpers outside #[test] functions unwrap too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Read};

use redress_casefile::{
    ActionFacts, AttachmentFacts, CASE_FILE_PDF, CaseFacts, CorrespondenceFacts, DeadlineFacts, EventFacts, Integrity,
    Labelled, Part, RECORD_JSON, RemedyFacts, SECTIONS, StageFacts, attachment_paths, bundle, document,
};
use redress_documents::Block;

const HEAD: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const LETTER_SHA: &str = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
const FILE_SHA: &str = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";

fn case() -> CaseFacts {
    CaseFacts {
        reference: "CMP-2026-000042".into(),
        landlord: "Riverside Homes".into(),
        made_at: "7 December 2026 at 14:05 GMT".into(),
        made_by: "Sam Officer".into(),
        summary: vec![Labelled::new("Status", "Closed"), Labelled::new("Received", "2 November 2026")],
        description: "The heating has not worked since October.\n\nNobody called me back.".into(),
        decisions: vec![Part {
            title: "Closure".into(),
            facts: vec![Labelled::new("Root cause", "Parts ordered late")],
        }],
        stages: vec![StageFacts {
            title: "Stage 1".into(),
            facts: vec![Labelled::new("Handler", "Hana Handler")],
            points: vec!["P1: The repair was late".into()],
            outcomes_sought: vec!["A working boiler".into()],
            responsible_for: vec!["Repairs to the boiler".into()],
            not_responsible_for: vec!["The gas supply (the supplier)".into()],
            decisions: vec!["P1, upheld: the engineer missed two visits".into()],
        }],
        deadlines: vec![DeadlineFacts {
            title: "Stage 1 response".into(),
            due: "16 November 2026".into(),
            status: "Met".into(),
            done: Some("13 November 2026".into()),
            derivation: vec![
                "Counted from the day the complaint was received, 2 November 2026".into(),
                "Skipped: Saturday 7 November 2026 (weekend)".into(),
            ],
            recorded_late: vec![],
        }],
        timeline: vec![EventFacts {
            seq: 1,
            what: "Complaint logged".into(),
            happened: "2 November 2026 at 09:00 GMT".into(),
            recorded: "2 November 2026 at 09:03 GMT".into(),
            by: "Sam Officer".into(),
        }],
        correspondence: vec![CorrespondenceFacts {
            subject: "Our stage 1 response".into(),
            direction: "Outgoing".into(),
            channel: "Letter".into(),
            occurred: "13 November 2026 at 10:00 GMT".into(),
            recorded: "13 November 2026 at 10:01 GMT".into(),
            sha256: LETTER_SHA.into(),
            body: "Dear Ada, we have upheld your complaint.".into(),
            attachments: vec![AttachmentFacts {
                file_name: "response.pdf".into(),
                media_type: "application/pdf".into(),
                size_bytes: 3,
                sha256: FILE_SHA.into(),
                path: "attachments/response.pdf".into(),
            }],
        }],
        remedies: vec![RemedyFacts {
            id: "R1".into(),
            stage: "Stage 1".into(),
            kind: "Financial remedy".into(),
            description: "Compensation for the time without heating (£50.00)".into(),
            due: "30 November 2026".into(),
            status: "Completed on 20 November 2026".into(),
        }],
        actions: vec![ActionFacts {
            id: "A1".into(),
            stage: "Stage 1".into(),
            description: "Service the boiler".into(),
            owner: "Hana Handler".into(),
            due: "1 December 2026".into(),
            status: "Not yet completed".into(),
            updates: vec!["25 November 2026: engineer booked (the resident was told)".into()],
        }],
        integrity: Integrity {
            verified: true,
            events: 1,
            head_seq: 1,
            head_hash: HEAD.into(),
            files_checked: 2,
            problems: vec![],
        },
    }
}

#[test]
fn the_case_file_has_a_contents_page_and_every_section_in_order_with_everything_in_it() {
    let facts = case();
    let file = document(&facts);
    assert_eq!(file.title, "Case file: complaint CMP-2026-000042");
    // The contents page lists every section and ends with a page break.
    let contents = file.blocks.iter().position(|b| matches!(b, Block::Heading { text, .. } if text == "Contents"));
    let contents = contents.expect("a contents heading");
    assert!(matches!(&file.blocks[contents + 1], Block::List { items, .. } if items.len() == SECTIONS.len()));
    assert_eq!(file.blocks[contents + 2], Block::PageBreak);
    let sections: Vec<&str> = file
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 2, text } if text != "Contents" => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(sections, SECTIONS);
    let text = file.plain_text();
    let grouped =
        |hex: &str| hex.as_bytes().chunks(8).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ");
    for expected in [
        "Status: Closed",
        "Nobody called me back.",
        "Root cause: Parts ordered late",
        "Handler: Hana Handler",
        "P1: The repair was late",
        "A working boiler",
        "Repairs to the boiler",
        "The gas supply (the supplier)",
        "P1, upheld: the engineer missed two visits",
        "Due: 16 November 2026",
        "Done: 13 November 2026",
        "Skipped: Saturday 7 November 2026 (weekend)",
        "1 | Complaint logged | 2 November 2026 at 09:00 GMT | 2 November 2026 at 09:03 GMT | Sam Officer",
        "Our stage 1 response",
        &format!("SHA-256 of its content: {}", grouped(LETTER_SHA)),
        &format!("response.pdf | attachments/response.pdf | application/pdf | 3 bytes | {}", grouped(FILE_SHA)),
        "R1 | Stage 1 | Financial remedy | Compensation for the time without heating (£50.00) | 30 November 2026 | Completed on 20 November 2026",
        "Action: A1",
        "25 November 2026: engineer booked (the resident was told)",
        &grouped(HEAD),
        "nothing was found altered, missing or added",
    ] {
        assert!(text.contains(expected), "the case file lacks {expected:?}:\n{text}");
    }
}

#[test]
fn a_case_with_nothing_yet_says_so_in_each_section_rather_than_leave_it_out() {
    let mut facts = case();
    facts.decisions.clear();
    facts.deadlines.clear();
    facts.correspondence.clear();
    facts.remedies.clear();
    facts.actions.clear();
    facts.stages[0].points.clear();
    facts.integrity.verified = false;
    facts.integrity.problems = vec!["Event 2 was altered".into()];
    let text = document(&facts).plain_text();
    for expected in
        ["Not yet defined.", "None yet.", "None recorded.", "None offered.", "None.", "1 problems were found"]
    {
        assert!(text.contains(expected), "the case file lacks {expected:?}:\n{text}");
    }
    assert!(text.contains("Event 2 was altered"));
}

#[test]
fn the_zip_holds_the_pdf_the_record_and_each_attachment_under_its_path() {
    let paths = attachment_paths(&["response.pdf", "response.pdf"]);
    let files = vec![(paths[0].clone(), b"one".to_vec()), (paths[1].clone(), b"two".to_vec())];
    let zip = bundle(b"%PDF-1.7 the file", &files, br#"{"events":[]}"#).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(&zip)).unwrap();
    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        archive.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        bytes
    };
    assert_eq!(read(CASE_FILE_PDF), b"%PDF-1.7 the file");
    assert_eq!(read(RECORD_JSON), br#"{"events":[]}"#);
    assert_eq!(read("attachments/response.pdf"), b"one");
    assert_eq!(read("attachments/response (2).pdf"), b"two");
    assert_eq!(archive.len(), 4);
    // The same record gives the same bytes: nothing in the zip is dated by the clock.
    assert_eq!(bundle(b"%PDF-1.7 the file", &files, br#"{"events":[]}"#).unwrap(), zip);
}
