//! The assessment as data: CSV, one row per provision, and JSON in the importer's shape
//! (`redress-selfassessment`'s `SelfAssessment`) where the two overlap, so that an exported
//! assessment reads back as an imported one, with what only an export knows (the agents, the
//! period, the approval, each provision's section and date to comply by) alongside.

use jiff::civil::Date;
use redress_domain::assessment::Answer;
use redress_domain::code::{ProvisionNumber, VersionId};
use serde::{Deserialize, Serialize};

use crate::{Approval, AssessmentDocument, ExportError};

/// The CSV's header row.
pub const CSV_HEADER: [&str; 7] =
    ["section", "provision", "requirement", "comply", "evidence", "commentary", "comply_by"];

/// The assessment as CSV (RFC 4180, UTF-8): a header row, then one row per provision in the
/// Code's order. `comply` is `yes`, `no` or empty; `comply_by` an ISO date or empty. A cell
/// a spreadsheet would run as a formula (it starts with `=`, `+`, `-` or `@`) starts with an
/// apostrophe instead, so that opening the file runs nothing a landlord wrote.
pub fn csv(assessment: &AssessmentDocument) -> Result<Vec<u8>, ExportError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    for (section, row) in assessment.rows() {
        writer.write_record([
            section.number.to_string(),
            row.provision.to_string(),
            inert(&row.requirement),
            row.comply.map(answer).unwrap_or_default().to_owned(),
            inert(&row.evidence),
            inert(&row.commentary),
            row.comply_by.map(|d| d.to_string()).unwrap_or_default(),
        ])?;
    }
    writer.into_inner().map_err(|e| ExportError::Csv(e.to_string()))
}

fn answer(answer: Answer) -> &'static str {
    match answer {
        Answer::Yes => "yes",
        Answer::No => "no",
    }
}

/// `text`, with an apostrophe before it when a spreadsheet would read it as a formula.
fn inert(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

/// The assessment as JSON: the importer's fields, then the export's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentJson {
    /// The Code version: "2024" or "2022".
    pub code_version: VersionId,
    /// The landlord.
    pub landlord: String,
    /// Every provision, in the Code's order.
    pub provisions: Vec<ProvisionJson>,
    /// The managing agents assessed with the landlord.
    pub agents: Vec<String>,
    /// The first day of the period.
    pub from: Date,
    /// The last day of the period.
    pub to: Date,
    /// The governing body's approval; `null` for a draft.
    pub approval: Option<Approval>,
}

/// One provision in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionJson {
    /// Such as "6.2".
    pub provision: ProvisionNumber,
    /// "yes", "no", or `null` while unanswered.
    pub comply: Option<Answer>,
    /// The Code's requirement.
    pub requirement: String,
    /// The evidence.
    pub evidence: String,
    /// The commentary.
    pub commentary: String,
    /// The section, 1 to 9.
    pub section: u8,
    /// For a "no", the date by which the landlord intends to comply.
    pub comply_by: Option<Date>,
}

impl From<&AssessmentDocument> for AssessmentJson {
    fn from(assessment: &AssessmentDocument) -> AssessmentJson {
        AssessmentJson {
            code_version: assessment.code_version,
            landlord: assessment.landlord.clone(),
            provisions: assessment
                .rows()
                .map(|(section, row)| ProvisionJson {
                    provision: row.provision,
                    comply: row.comply,
                    requirement: row.requirement.clone(),
                    evidence: row.evidence.clone(),
                    commentary: row.commentary.clone(),
                    section: section.number,
                    comply_by: row.comply_by,
                })
                .collect(),
            agents: assessment.agents.clone(),
            from: assessment.from,
            to: assessment.to,
            approval: assessment.approval.clone(),
        }
    }
}

/// The assessment as pretty-printed JSON.
pub fn json(assessment: &AssessmentDocument) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(&AssessmentJson::from(assessment))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("- a bullet"), "'- a bullet");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("Policy 4.2 = yes"), "Policy 4.2 = yes");
    }
}
