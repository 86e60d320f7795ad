//! The case file's zip: `case-file.pdf`, the original attachments under `attachments/` with
//! their recorded names, and `record.json`. Written in memory, deflated; every entry dated
//! 1 January 1980 (the zip format's first day), so that the same record gives the same bytes.
//!
//! A recorded name becomes a path in the zip only after it is made safe to unpack: no folder
//! separators, no `..`, no control characters, and a name used twice gets " (2)" before its
//! extension. The case file's PDF and `record.json` name each file's path, so nothing is left
//! to guesswork.

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The PDF's name in the zip.
pub const CASE_FILE_PDF: &str = "case-file.pdf";

/// The record's name in the zip.
pub const RECORD_JSON: &str = "record.json";

/// The folder of the attachments in the zip.
const ATTACHMENTS: &str = "attachments/";

/// The longest file name kept, in characters (unpackers refuse longer ones).
const LONGEST_NAME: usize = 150;

/// Why the zip could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// There are not as many paths as attachments.
    #[error("{files} attachments were given with {paths} paths")]
    Mismatch {
        /// How many files.
        files: usize,
        /// How many paths.
        paths: usize,
    },
    /// The zip writer failed.
    #[error("the zip could not be written: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing into memory failed.
    #[error("the zip could not be written: {0}")]
    Io(#[from] std::io::Error),
}

/// The paths in the zip of attachments recorded as `names`, in the same order: each under
/// `attachments/`, made safe to unpack and unique.
pub fn attachment_paths(names: &[&str]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    names
        .iter()
        .map(|name| {
            let safe = safe_name(name);
            let (stem, extension) = match safe.rsplit_once('.') {
                Some((stem, extension)) if !stem.is_empty() => (stem.to_owned(), format!(".{extension}")),
                _ => (safe.clone(), String::new()),
            };
            let mut candidate = safe;
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem} ({n}){extension}");
            }
            format!("{ATTACHMENTS}{candidate}")
        })
        .collect()
}

/// `name` without what could make it anything but one file in one folder when unpacked.
fn safe_name(name: &str) -> String {
    let cleaned: String =
        name.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let kept: String = trimmed.chars().take(LONGEST_NAME).collect();
    if kept.is_empty() { "file".to_owned() } else { kept }
}

/// The zip of the case file `pdf`, the attachments `(path, bytes)` (paths from
/// [`attachment_paths`]) and `record` (the record as JSON).
///
/// # Errors
///
/// [`BundleError`] if the zip cannot be written (in memory: only a defect).
pub fn bundle(pdf: &[u8], attachments: &[(String, Vec<u8>)], record: &[u8]) -> Result<Vec<u8>, BundleError> {
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(CASE_FILE_PDF, options)?;
    zip.write_all(pdf)?;
    zip.start_file(RECORD_JSON, options)?;
    zip.write_all(record)?;
    for (path, bytes) in attachments {
        zip.start_file(path.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_paths_are_safe_to_unpack_and_unique() {
        let paths =
            attachment_paths(&["photo.jpg", "Photo.jpg", "../../etc/passwd", "", "notes", "notes", "a\u{0}b.txt"]);
        assert_eq!(
            paths,
            [
                "attachments/photo.jpg",
                "attachments/Photo (2).jpg",
                "attachments/_.._etc_passwd",
                "attachments/file",
                "attachments/notes",
                "attachments/notes (2)",
                "attachments/a_b.txt",
            ]
        );
    }
}
