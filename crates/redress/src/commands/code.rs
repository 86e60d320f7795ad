//! `redress code`: the Complaint Handling Code's provisions and the compliance matrix.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use redress_domain::code::{CodeBook, CodeVersion, MatrixEntry, Provision, ProvisionNumber, Support, VersionId};
use serde::Serialize;

use crate::cli::{CodeCommand, Format, Version};
use crate::input::InputError;

/// Runs one `code` subcommand.
pub fn run(command: CodeCommand) -> anyhow::Result<()> {
    let book = CodeBook::embedded()?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match command {
        CodeCommand::List { version, format } => list(version_of(book, version)?, format, &mut out)?,
        CodeCommand::Show { provision, version } => show(book, version_of(book, version)?, &provision, &mut out)?,
        CodeCommand::Matrix { format } => matrix(book.matrix(), format, &mut out)?,
    }
    out.flush().context("writing the output")?;
    Ok(())
}

fn version_of(book: &CodeBook, version: Version) -> anyhow::Result<&CodeVersion> {
    let id = match version {
        Version::V2024 => VersionId::V2024,
        Version::V2022 => VersionId::V2022,
    };
    book.version(id).with_context(|| format!("the {} Code is not in this build", id.as_str()))
}

/// A provision as `code list --format json` prints it.
#[derive(Serialize)]
struct ListedProvision<'a> {
    version: &'static str,
    provision: String,
    section: u8,
    section_title: &'a str,
    kind: String,
    requirement: &'a str,
}

fn section_title<'a>(code: &'a CodeVersion, provision: &Provision) -> &'a str {
    code.section(provision.section).map_or("", |s| s.title.as_str())
}

fn list(code: &CodeVersion, format: Format, out: &mut impl Write) -> anyhow::Result<()> {
    if format == Format::Json {
        let listed: Vec<ListedProvision> = code
            .provisions
            .iter()
            .map(|p| ListedProvision {
                version: code.id.as_str(),
                provision: p.number.to_string(),
                section: p.section,
                section_title: section_title(code, p),
                kind: p.kind.to_string(),
                requirement: &p.requirement,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &listed)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{} ({} provisions)", code.title, code.provisions.len())?;
    for section in &code.sections {
        writeln!(out, "\nSection {}: {}", section.number, section.title)?;
        for provision in code.provisions.iter().filter(|p| p.section == section.number) {
            writeln!(out, "{}\t{}\t{}", provision.number, provision.kind, one_line(&provision.requirement))?;
        }
    }
    Ok(())
}

fn show(book: &CodeBook, code: &CodeVersion, text: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let number: ProvisionNumber = text.parse().map_err(|e| InputError(format!("{e}")))?;
    let provision =
        code.provision(number).ok_or_else(|| InputError(format!("the {} has no provision {number}", code.title)))?;
    writeln!(out, "{} {number} ({})", code.title, provision.kind)?;
    writeln!(out, "Section {}: {}\n", provision.section, section_title(code, provision))?;
    writeln!(out, "{}", provision.requirement)?;
    counterparts(book, code.id, number, out)?;
    if code.id == VersionId::V2024
        && let Some(entry) = book.matrix().iter().find(|e| e.provision == number)
    {
        writeln!(out, "\nRedress: {}. {}", entry.support, entry.covers)?;
        if !entry.remains.is_empty() {
            writeln!(out, "Remains for the landlord to attest: {}", entry.remains)?;
        }
    }
    Ok(())
}

/// The provisions of the other version that correspond to `number` of version `id`, each with
/// how much they share and how the pair was matched.
fn counterparts(book: &CodeBook, id: VersionId, number: ProvisionNumber, out: &mut impl Write) -> anyhow::Result<()> {
    let (other, pairs): (&str, Vec<_>) = match id {
        VersionId::V2024 => ("2022", book.correspondence().iter().filter(|p| p.v2024 == number).collect()),
        VersionId::V2022 => ("2024", book.correspondence().iter().filter(|p| p.v2022 == number).collect()),
    };
    if pairs.is_empty() {
        writeln!(out, "\nNo provision of the {other} Code corresponds to it.")?;
    }
    for pair in pairs {
        let counterpart = if id == VersionId::V2024 { pair.v2022 } else { pair.v2024 };
        let (extent, basis) = (pair.extent.as_str(), pair.basis.as_str());
        writeln!(out, "\n{other} Code {counterpart} corresponds ({extent}, matched by {basis}).")?;
    }
    Ok(())
}

/// A matrix row as `code matrix --format json` prints it.
#[derive(Serialize)]
struct MatrixRow<'a> {
    provision: String,
    support: String,
    covers: &'a str,
    remains: &'a str,
    tests: Vec<&'a str>,
    test_packages: Vec<String>,
}

fn matrix(entries: &[MatrixEntry], format: Format, out: &mut impl Write) -> anyhow::Result<()> {
    if format == Format::Json {
        let rows: Vec<MatrixRow> = entries
            .iter()
            .map(|e| MatrixRow {
                provision: e.provision.to_string(),
                support: e.support.to_string(),
                covers: &e.covers,
                remains: &e.remains,
                tests: e.tests.iter().map(|t| t.path.as_str()).collect(),
                test_packages: e
                    .tests
                    .iter()
                    .map(|t| match &t.target {
                        Some(target) => format!("{} --test {target}", t.package),
                        None => t.package.clone(),
                    })
                    .collect(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for entry in entries {
        writeln!(out, "{}\t{}\t{}", entry.provision, entry.support, entry.covers)?;
        if !entry.remains.is_empty() {
            writeln!(out, "\t\tremains: {}", entry.remains)?;
        }
        for test in &entry.tests {
            writeln!(out, "\t\ttest: {}", test.path)?;
        }
    }
    writeln!(out, "\n{}", counts(entries))?;
    Ok(())
}

/// The matrix summed up: full claims of each kind, then partial ones, then attested.
fn counts(entries: &[MatrixEntry]) -> String {
    let count = |support: Support| entries.iter().filter(|e| e.support == support).count();
    let full = entries.iter().filter(|e| e.support.is_full()).count();
    format!(
        "{} provisions: {full} in full ({} enforced, {} measured, {} generated), {} partly, {} attested",
        entries.len(),
        count(Support::Enforced),
        count(Support::Measured),
        count(Support::Generated),
        count(Support::Partly),
        count(Support::Attested)
    )
}

/// The requirement folded onto one line for the listing.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
