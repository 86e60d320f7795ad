//! Opening a PDF with poppler's `pdftotext` and `pdfinfo` (Debian `poppler-utils`, which CI
//! installs). `cargo test` must pass with only Rust installed, so where they are missing each
//! helper prints that the test was skipped and returns `None`.

#![allow(dead_code)] // Each test file uses some of these.

use std::io::{ErrorKind, Write};
use std::process::Command;

/// Runs poppler's `tool` on `pdf` (written to a temporary file) with `args` before the file
/// name and `after` behind it; `None`, with a line saying so, when the tool is not installed.
fn run(tool: &str, pdf: &[u8], args: &[&str], after: &[&str]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).ok()?;
    match Command::new(tool).args(args).arg(&path).args(after).output() {
        Ok(output) => {
            assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {
            // Straight to stderr: the test harness hides what `println!` prints in a passing test.
            let test = std::thread::current().name().unwrap_or("a PDF test").to_owned();
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {test}: {tool} is not installed (Debian: apt-get install poppler-utils)"
            );
            None
        }
        Err(error) => panic!("{tool} could not be run: {error}"),
    }
}

/// The text of every page, in the order it was drawn (`-raw`: the content stream's order, which
/// is the layout's reading order, rather than poppler's guess at columns).
pub fn text(pdf: &[u8]) -> Option<String> {
    run("pdftotext", pdf, &["-raw"], &["-"])
}

/// The text of page `page` (from 1).
pub fn page_text(pdf: &[u8], page: usize) -> Option<String> {
    let page = page.to_string();
    run("pdftotext", pdf, &["-raw", "-f", &page, "-l", &page], &["-"])
}

/// `pdfinfo`'s fields, as (name, value) pairs.
pub fn info(pdf: &[u8]) -> Option<Vec<(String, String)>> {
    let out = run("pdfinfo", pdf, &[], &[])?;
    Some(
        out.lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            .collect(),
    )
}

/// The value of `pdfinfo`'s field `name`.
pub fn field<'a>(info: &'a [(String, String)], name: &str) -> &'a str {
    info.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

/// The heights of the words on every page (`pdftotext -bbox`), in points.
pub fn word_heights(pdf: &[u8]) -> Option<Vec<f64>> {
    let html = run("pdftotext", pdf, &["-bbox"], &["-"])?;
    let attribute = |line: &str, name: &str| -> Option<f64> {
        let start = line.find(&format!("{name}=\""))? + name.len() + 2;
        line[start..].split('"').next()?.parse().ok()
    };
    Some(
        html.lines()
            .filter(|line| line.trim_start().starts_with("<word"))
            .filter_map(|line| Some(attribute(line, "yMax")? - attribute(line, "yMin")?))
            .collect(),
    )
}

/// Whether each of `texts` appears in `haystack` after the one before it.
pub fn in_order(haystack: &str, texts: &[impl AsRef<str>]) -> Result<(), String> {
    // Lines are joined with spaces: a long text may wrap.
    let flat = haystack.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for text in texts.iter().map(AsRef::as_ref) {
        match flat[from..].find(text) {
            Some(at) => from += at + text.len(),
            None => {
                return Err(format!("{text:?} is missing, or out of order, after byte {from} of:\n{flat}"));
            }
        }
    }
    Ok(())
}
