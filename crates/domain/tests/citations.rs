//! Every provision of the Code cited in the repository exists in the version it names.
//!
//! The citations read are those the project writes: `Code 6.13` (also `code 6.13` in SQL
//! comments), with lists and ranges after it (`Code 6.4, 6.5 and 6.15`, `Code 2.1-2.5`); the
//! refusal constructor `Refusal::code("6.13", ...)`; the provision a test expects a refusal to
//! cite (`expect_refusal("6.13")`, `case.refused(when, command, "6.13")`); and test names
//! `code_6_13_...`. A citation
//! is of the 2024 Code unless `2022` comes just before it (`2022 Code 5.13`). Rust, TOML, SQL,
//! templates, Markdown and scripts are read, everywhere but `target/`, hidden folders, vendored
//! static files and the Code's own provision texts.

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use redress_domain::code::{CodeBook, ProvisionNumber, VersionId};

/// One provision number cited, where, and of which version.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Citation {
    version: VersionId,
    number: String,
    line: usize,
}

const READ: [&str; 10] = ["rs", "toml", "sql", "html", "md", "mjs", "js", "sh", "py", "yml"];

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file under `dir` worth reading, skipping build output, hidden folders, vendored
/// static files and the Code's own texts (whose words, such as "section 2 of this Code", are
/// the Code's and not citations).
fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for path in entries.flatten().map(|e| e.path()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !(name.starts_with('.') || ["target", "node_modules", "static"].contains(&name)) {
                files(&path, found);
            }
        } else if READ.iter().any(|ext| path.extension().is_some_and(|e| e == *ext))
            && !path.ends_with("crates/domain/code/2024.toml")
            && !path.ends_with("crates/domain/code/2022.toml")
        {
            found.push(path);
        }
    }
}

/// A provision number at the start of `text` (`6.13`), and how many bytes it took; not part
/// of a longer dotted number such as a version `1.2.3`.
fn number_at(text: &str) -> Option<(String, usize)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let section = digits(text);
    if section == 0 || text.as_bytes().get(section) != Some(&b'.') {
        return None;
    }
    let item = digits(&text[section + 1..]);
    let end = section + 1 + item;
    let rest = &text.as_bytes()[end..];
    let longer = rest.first() == Some(&b'.') && rest.get(1).is_some_and(u8::is_ascii_digit);
    (item > 0 && !longer).then(|| (text[..end].to_owned(), end))
}

/// The numbers of a list starting at `text`: `6.4, 6.5 and 6.15`, `2.1-2.5`, `9.5–9.7`.
fn number_list(text: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut rest = text;
    while let Some((number, used)) = number_at(rest) {
        numbers.push(number);
        rest = &rest[used..];
        let joined = [", and ", ", ", " and ", " or ", "-", "–", " to ", "/"].iter().find_map(|j| rest.strip_prefix(j));
        match joined {
            Some(next) => rest = next,
            None => break,
        }
    }
    numbers
}

/// Whether the byte before `at` ends a word (so that `Code` in `LogCode 1.2` is not read).
fn starts_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
}

/// Every citation in `text`.
fn citations(text: &str) -> Vec<Citation> {
    let mut found = Vec::new();
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    for marker in ["Code ", "code "] {
        for (at, _) in text.match_indices(marker).filter(|(at, _)| starts_word(text, *at)) {
            let version = if text[..at].ends_with("2022 ") { VersionId::V2022 } else { VersionId::V2024 };
            for number in number_list(&text[at + marker.len()..]) {
                found.push(Citation { version, number, line: line_of(at) });
            }
        }
    }
    for (at, _) in text.match_indices("Refusal::code(") {
        let argument = text[at + "Refusal::code(".len()..].trim_start();
        if let Some((number, _)) = argument.strip_prefix('"').and_then(number_at) {
            found.push(Citation { version: VersionId::V2024, number, line: line_of(at) });
        }
    }
    for (at, _) in text.match_indices("expect_refusal(\"") {
        if let Some((number, _)) = number_at(&text[at + "expect_refusal(\"".len()..]) {
            found.push(Citation { version: VersionId::V2024, number, line: line_of(at) });
        }
    }
    for (at, _) in text.match_indices(".refused(") {
        // A domain test's `case.refused(when, command, "6.13");`: the provision is the last
        // string of the statement.
        let statement = text[at..].split(';').next().unwrap_or_default();
        let last = statement.rsplit('"').nth(1).filter(|s| number_at(s).is_some_and(|(_, used)| used == s.len()));
        if let Some(number) = last {
            found.push(Citation { version: VersionId::V2024, number: number.to_owned(), line: line_of(at) });
        }
    }
    for (at, _) in text.match_indices("code_").filter(|(at, _)| starts_word(text, *at)) {
        let name = &text[at + "code_".len()..];
        let mut parts = name.splitn(3, '_');
        let (Some(section), Some(item)) = (parts.next(), parts.next()) else { continue };
        if let Some((number, _)) = number_at(&format!("{section}.{item}")) {
            found.push(Citation { version: VersionId::V2024, number, line: line_of(at) });
        }
    }
    found
}

fn exists(book: &CodeBook, citation: &Citation) -> bool {
    let Ok(number) = citation.number.parse::<ProvisionNumber>() else { return false };
    book.version(citation.version).is_some_and(|v| v.provision(number).is_some())
}

#[test]
fn every_provision_cited_exists_in_the_code_version_it_names() {
    let book = CodeBook::embedded().unwrap();
    let root = repository();
    let mut paths = Vec::new();
    files(&root, &mut paths);
    assert!(paths.len() > 100, "the repository was not found at {}", root.display());
    let mut read = 0;
    let mut wrong = Vec::new();
    for path in paths {
        let Ok(text) = fs::read_to_string(&path) else { continue };
        for citation in citations(&text) {
            read += 1;
            if !exists(book, &citation) {
                let shown = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
                let version = citation.version.as_str();
                wrong.push(format!("{shown}:{}: {version} Code {}", citation.line, citation.number));
            }
        }
    }
    assert!(read > 200, "only {read} citations were read: the scanner has stopped recognising them");
    assert!(wrong.is_empty(), "citations of provisions that do not exist:\n{}", wrong.join("\n"));
}

#[test]
fn the_scanner_reads_each_form_of_citation_and_no_other_numbers() {
    let cited = |text: &str| -> Vec<(&'static str, String)> {
        citations(text).into_iter().map(|c| (c.version.as_str(), c.number)).collect()
    };
    let v2024 = |n: &str| ("2024", n.to_owned());
    assert_eq!(cited("(Code 6.4, 6.5 and 6.15)"), [v2024("6.4"), v2024("6.5"), v2024("6.15")]);
    assert_eq!(cited("(Code 2.1-2.5; 9.5–9.7)"), [v2024("2.1"), v2024("2.5")]);
    assert_eq!(cited("-- residents (code 5.10)."), [v2024("5.10")]);
    assert_eq!(cited("(2024 Code 6.11; 2022 Code 5.13)"), [v2024("6.11"), ("2022", "5.13".to_owned())]);
    assert_eq!(cited("Refusal::code(\n    \"6.13\", \"no\")"), [v2024("6.13")]);
    assert_eq!(cited("fn code_6_13_stage_two_handler_differs()"), [v2024("6.13")]);
    assert_eq!(cited("reply.expect_refusal(\"5.3\");"), [v2024("5.3")]);
    assert_eq!(
        cited("case.refused(\n    \"2024-06-04T09:00:00Z\",\n    escalate(),\n    \"6.10\",\n);"),
        [v2024("6.10")]
    );
    assert_eq!(cited("Code 8.1(b) and Code 6.9(e)."), [v2024("8.1"), v2024("6.9")]);
    // Not citations: a version number, a word ending in "code", a name without a number.
    assert!(cited("redress code 1.2.3, postcode 1.2, code_point, Code of practice").is_empty());

    let book = CodeBook::embedded().unwrap();
    let check = |version, number: &str| exists(book, &Citation { version, number: number.into(), line: 1 });
    assert!(check(VersionId::V2024, "6.20") && check(VersionId::V2022, "5.20"));
    assert!(!check(VersionId::V2024, "5.20"), "2024 section 5 stops at 5.15");
    assert!(!check(VersionId::V2022, "9.1"), "the 2022 Code has 8 sections");
}
