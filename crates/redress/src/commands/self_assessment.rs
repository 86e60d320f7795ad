//! `redress self-assessment`: reading published self-assessments, and comparing them.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use redress_domain::code::CodeBook;
use redress_selfassessment::{SelfAssessment, compare, import};

use crate::cli::{CompareFormat, ImportFormat, SelfAssessmentCommand};
use crate::input::InputError;

/// Runs one `self-assessment` subcommand.
pub fn run(command: SelfAssessmentCommand) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match command {
        SelfAssessmentCommand::Import { file, format } => {
            let assessment = read(&file)?;
            match format {
                ImportFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &assessment)?;
                    writeln!(out)?;
                }
                ImportFormat::Text => text(&assessment, &mut out)?,
            }
        }
        SelfAssessmentCommand::Compare { files, format } => {
            let mut named = Vec::new();
            for file in &files {
                let assessment = read_any(file)?;
                let name = assessment.landlord.clone().unwrap_or_else(|| file_name(file));
                named.push((name, assessment));
            }
            let table = compare::compare(CodeBook::embedded()?, &named);
            out.write_all(
                match format {
                    CompareFormat::Text => table.to_text(),
                    CompareFormat::Csv => table.to_csv(),
                }
                .as_bytes(),
            )?;
        }
    }
    out.flush().context("writing the output")?;
    Ok(())
}

fn file_name(file: &Path) -> String {
    file.file_stem().map_or_else(|| file.display().to_string(), |s| s.to_string_lossy().into_owned())
}

/// A document, imported; a document that cannot be read is the user's input error.
fn read(file: &Path) -> anyhow::Result<SelfAssessment> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    import(&bytes).map_err(|e| InputError(format!("{}: {e}", file.display())).into())
}

/// The JSON `import` printed, or else a document.
fn read_any(file: &Path) -> anyhow::Result<SelfAssessment> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    if let Ok(assessment) = serde_json::from_slice::<SelfAssessment>(&bytes) {
        return Ok(assessment);
    }
    import(&bytes).map_err(|e| InputError(format!("{}: {e}", file.display())).into())
}

fn text(assessment: &SelfAssessment, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}: Complaint Handling Code {}, {} provisions",
        assessment.landlord.as_deref().unwrap_or("Landlord not named"),
        assessment.code_version.as_str(),
        assessment.provisions.len()
    )?;
    for p in &assessment.provisions {
        let comply = p.comply.map_or("(not stated)", |c| c.as_str());
        let evidence = if p.evidence.is_empty() { "no evidence" } else { "evidence" };
        let mapped = match &p.in_2024 {
            Some(numbers) if numbers.is_empty() => "\t(no 2024 counterpart)".to_owned(),
            Some(numbers) => {
                format!("\t(2024 {})", numbers.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
            }
            None => String::new(),
        };
        writeln!(out, "{}\t{comply}\t{evidence}{mapped}", p.provision)?;
    }
    Ok(())
}
