//! Several imported self-assessments side by side: a table of provisions by landlord showing
//! who says "no" where, for a group, a consultant or the Ombudsman. Rows are the 2024 Code's
//! provisions; a 2022 assessment's answers appear against the 2024 provisions they correspond
//! to (with the 2022 number), and its provisions with no 2024 counterpart get rows of their own.

use redress_domain::code::{CodeBook, ProvisionNumber, VersionId};

use crate::model::{Comply, SelfAssessment};

/// The table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// One column per assessment, by landlord (or the name it was given).
    pub landlords: Vec<String>,
    /// One row per provision, in the 2024 Code's order, then 2022 provisions with no
    /// counterpart.
    pub rows: Vec<Row>,
}

/// One provision across the assessments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// "6.3" for a 2024 provision, "2022 5.17" for a 2022 one with no 2024 counterpart.
    pub provision: String,
    /// Each landlord's answer: "yes", "no", "partial", "n/a", "not stated" (the row is there
    /// with no answer), "-" (not assessed); a 2022 assessment's with its numbers, such as
    /// "no (2022 7.6)".
    pub answers: Vec<String>,
    /// The landlords that say "no" to it.
    pub says_no: Vec<String>,
}

fn answer(comply: Option<Comply>) -> &'static str {
    comply.map_or("not stated", Comply::as_str)
}

/// The comparison of `assessments`, each named.
pub fn compare(book: &CodeBook, assessments: &[(String, SelfAssessment)]) -> Comparison {
    let landlords: Vec<String> = assessments.iter().map(|(name, _)| name.clone()).collect();
    let numbers_2024: Vec<ProvisionNumber> =
        book.version(VersionId::V2024).map(|v| v.provisions.iter().map(|p| p.number).collect()).unwrap_or_default();
    let mut rows = Vec::new();
    for number in numbers_2024 {
        let answers: Vec<(String, bool)> = assessments
            .iter()
            .map(|(_, assessment)| match assessment.code_version {
                VersionId::V2024 => {
                    let found: Vec<_> = assessment.provisions.iter().filter(|p| p.provision == number).collect();
                    match found.first() {
                        Some(p) => (answer(p.comply).to_owned(), p.comply == Some(Comply::No)),
                        None => ("-".to_owned(), false),
                    }
                }
                VersionId::V2022 => {
                    let found: Vec<_> = assessment
                        .provisions
                        .iter()
                        .filter(|p| p.in_2024.as_ref().is_some_and(|n| n.contains(&number)))
                        .collect();
                    if found.is_empty() {
                        ("-".to_owned(), false)
                    } else {
                        let text = found
                            .iter()
                            .map(|p| format!("{} (2022 {})", answer(p.comply), p.provision))
                            .collect::<Vec<_>>()
                            .join("; ");
                        (text, found.iter().any(|p| p.comply == Some(Comply::No)))
                    }
                }
            })
            .collect();
        rows.push(row(number.to_string(), &landlords, answers));
    }
    let mut unmapped: Vec<ProvisionNumber> =
        assessments.iter().flat_map(|(_, a)| a.unmapped.iter().flatten().copied()).collect();
    unmapped.sort();
    unmapped.dedup();
    for number in unmapped {
        let answers = assessments
            .iter()
            .map(|(_, a)| {
                let found = (a.code_version == VersionId::V2022)
                    .then(|| a.provisions.iter().find(|p| p.provision == number))
                    .flatten();
                found.map_or(("-".to_owned(), false), |p| (answer(p.comply).to_owned(), p.comply == Some(Comply::No)))
            })
            .collect();
        rows.push(row(format!("2022 {number}"), &landlords, answers));
    }
    Comparison { landlords, rows }
}

fn row(provision: String, landlords: &[String], answers: Vec<(String, bool)>) -> Row {
    let says_no = landlords.iter().zip(&answers).filter(|(_, (_, no))| *no).map(|(name, _)| name.clone()).collect();
    Row { provision, answers: answers.into_iter().map(|(text, _)| text).collect(), says_no }
}

impl Comparison {
    /// As a text table, columns padded, then a line per landlord listing where it says "no".
    pub fn to_text(&self) -> String {
        let mut header = vec!["Provision".to_owned()];
        header.extend(self.landlords.iter().cloned());
        header.push("Says no".to_owned());
        let lines: Vec<Vec<String>> = std::iter::once(header)
            .chain(self.rows.iter().map(|row| {
                let mut cells = vec![row.provision.clone()];
                cells.extend(row.answers.iter().cloned());
                cells.push(row.says_no.join(", "));
                cells
            }))
            .collect();
        let columns = lines.first().map_or(0, Vec::len);
        let widths: Vec<usize> =
            (0..columns).map(|c| lines.iter().map(|l| l[c].chars().count()).max().unwrap_or(0)).collect();
        let mut out = String::new();
        for line in &lines {
            let padded: Vec<String> = line.iter().zip(&widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
            out.push_str(padded.join("  ").trim_end());
            out.push('\n');
        }
        for landlord in &self.landlords {
            let no: Vec<&str> =
                self.rows.iter().filter(|r| r.says_no.contains(landlord)).map(|r| r.provision.as_str()).collect();
            let listed = if no.is_empty() { "nowhere".to_owned() } else { no.join(", ") };
            out.push_str(&format!("\n{landlord} says no to: {listed}"));
        }
        out.push('\n');
        out
    }

    /// As CSV (RFC 4180): a header row, then a row per provision.
    pub fn to_csv(&self) -> String {
        let field = |text: &str| {
            if text.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text.to_owned()
            }
        };
        let mut out = String::new();
        let mut header = vec!["provision".to_owned()];
        header.extend(self.landlords.iter().cloned());
        header.push("says_no".to_owned());
        out.push_str(&header.iter().map(|h| field(h)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let mut cells = vec![row.provision.clone()];
            cells.extend(row.answers.iter().cloned());
            cells.push(row.says_no.join("; "));
            out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        out
    }
}
