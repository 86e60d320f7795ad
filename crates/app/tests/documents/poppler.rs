//! A PDF's text by poppler's `pdftotext` (Debian `poppler-utils`, which CI installs). Without
//! it the helper says the check was skipped and gives `None`, so `cargo test` passes with Rust
//! alone.

use std::io::{ErrorKind, Write};
use std::process::Command;

/// The text of every page of `pdf`, or `None` (with a line saying so) without poppler.
pub fn text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Command::new("pdftotext").args(["-raw"]).arg(&path).arg("-").output() {
        Ok(output) => {
            assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED reading the PDF: pdftotext is not installed (Debian: apt-get install poppler-utils)"
            );
            None
        }
        Err(error) => panic!("pdftotext could not be run: {error}"),
    }
}

/// `text` with all whitespace removed: a long value wrapped over lines is found whole.
pub fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}
