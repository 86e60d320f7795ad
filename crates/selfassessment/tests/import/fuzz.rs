//! The importer fuzzed: arbitrary bytes, and the seeds (as text, HTML-wrapped and as DOCX)
//! mutated, must never panic, and an error must say what was found. One seed is Redress's own
//! export (`seeds/export_2024.docx`, every 2024 provision, written by
//! `redress-assessment-export`, whose tests keep it current): mutated as it is (mostly the
//! zip's structure and deflated data) and with its `word/document.xml` mutated and packed
//! again (the XML the reader walks).
//!
//! The default is proptest's 256 cases per property. For a longer run, as for the hour-long
//! equivalent the README records: `PROPTEST_CASES=200000 cargo test -p redress-selfassessment
//! --test import fuzz`.

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use proptest::prelude::*;
use redress_selfassessment::{ImportError, import};
use zip::write::SimpleFileOptions;

use crate::common::{docx, seed};

/// Imports `bytes`: whatever the outcome, no panic, and an error that names what it found.
fn check(bytes: &[u8]) {
    match import(bytes) {
        Ok(assessment) => assert!(!assessment.provisions.is_empty()),
        Err(ImportError::NoProvisions { found }) => assert!(found.contains("table row"), "{found}"),
        Err(ImportError::NoComplyColumn { provisions }) => assert!(provisions > 0),
        Err(error @ (ImportError::NotText(_) | ImportError::NotDocx(_))) => {
            assert!(error.to_string().len() > 20, "{error}");
        }
        Err(ImportError::CodeData(problem)) => panic!("the Code data is broken: {problem}"),
    }
}

/// One edit of a document.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, length: usize },
    Duplicate { at: usize, length: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Overwrite { at: usize, byte: u8 },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let special =
        prop::sample::select(vec![b'\t', b'\n', b'<', b'>', b'&', b'.', b'1', b'6', 0x0c, 0xE2, 0x80, b'P', b'K']);
    prop_oneof![
        (any::<usize>(), 0usize..400).prop_map(|(at, length)| Mutation::Delete { at, length }),
        (any::<usize>(), 0usize..400).prop_map(|(at, length)| Mutation::Duplicate { at, length }),
        (any::<usize>(), prop::collection::vec(prop_oneof![any::<u8>(), special.clone()], 0..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), prop_oneof![any::<u8>(), special]).prop_map(|(at, byte)| Mutation::Overwrite { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Delete { at, length } => {
                let start = at % len;
                let end = (start + length).min(bytes.len());
                if start < end {
                    bytes.drain(start..end);
                }
            }
            Mutation::Duplicate { at, length } => {
                let start = (at % len).min(bytes.len());
                let end = (start + length).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::Insert { at, bytes: new } => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::Overwrite { at, byte } => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *byte;
                }
            }
            Mutation::Truncate { at } => bytes.truncate(at % len),
        }
    }
    bytes
}

/// Redress's own export of a whole 2024 assessment.
const EXPORT: &[u8] = include_bytes!("../seeds/export_2024.docx");

/// The export's parts, by name, in the archive's order.
fn export_parts() -> &'static [(String, Vec<u8>)] {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut archive = zip::ZipArchive::new(Cursor::new(EXPORT)).unwrap();
        (0..archive.len())
            .map(|index| {
                let mut entry = archive.by_index(index).unwrap();
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).unwrap();
                (entry.name().unwrap().into_owned(), bytes)
            })
            .collect()
    })
}

/// The export with `document` in place of its `word/document.xml`.
fn export_with(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in export_parts() {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(if name == "word/document.xml" { document } else { bytes }).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn the_export_seed_reads_whole_before_it_is_mutated() {
    let assessment = import(EXPORT).unwrap();
    assert_eq!(assessment.provisions.len(), 72);
    let (_, document) = export_parts().iter().find(|(name, _)| name == "word/document.xml").unwrap();
    assert_eq!(import(&export_with(document)).unwrap(), assessment);
}

proptest! {
    #[test]
    fn fuzz_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check(&bytes);
    }

    #[test]
    fn fuzz_mutated_seeds(which in 1u8..=3, mutations in prop::collection::vec(mutation(), 1..8)) {
        check(&mutate(seed(which).as_bytes().to_vec(), &mutations));
    }

    #[test]
    fn fuzz_mutated_html(mutations in prop::collection::vec(mutation(), 1..8)) {
        let rows: String = seed(3)
            .lines()
            .filter(|l| l.contains('\t'))
            .take(20)
            .map(|l| format!("<tr><td>{}</td></tr>", l.replace('\t', "</td><td>")))
            .collect();
        check(&mutate(format!("<html><body><table>{rows}</table></body></html>").into_bytes(), &mutations));
    }

    #[test]
    fn fuzz_mutated_docx(mutations in prop::collection::vec(mutation(), 1..4)) {
        let rows: String = seed(3)
            .lines()
            .filter(|l| l.contains('\t'))
            .take(10)
            .map(|l| {
                let cells: String = l.split('\t').map(|c| format!("<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>", crate::common::escape(c))).collect();
                format!("<w:tr>{cells}</w:tr>")
            })
            .collect();
        check(&mutate(docx(&format!("<w:tbl>{rows}</w:tbl>")), &mutations));
    }

    #[test]
    fn fuzz_mutated_export_docx(mutations in prop::collection::vec(mutation(), 1..4)) {
        check(&mutate(EXPORT.to_vec(), &mutations));
    }

    #[test]
    fn fuzz_mutated_export_document_xml(mutations in prop::collection::vec(mutation(), 1..8)) {
        let (_, document) = export_parts().iter().find(|(name, _)| name == "word/document.xml").unwrap();
        check(&export_with(&mutate(document.clone(), &mutations)));
    }
}
