//! The assessment as the document landlords publish ([`AssessmentDocument`]): the Ombudsman's
//! form, one table per section with the Code's requirement, the answer, the evidence (what
//! the record shows, what remains for the landlord to attest, the landlord's own evidence,
//! links and documents) and the commentary (with the explanation of a "No").

use redress_assessment_export::{Approval, AssessmentDocument, Row, Section};
use redress_domain::assessment::Entry;
use redress_domain::ids::{AssessmentId, OrganisationId};

use super::view::AssessmentView;
use crate::{Actor, App, AppError};

impl App {
    /// Assessment `id` as the document every export format is rendered from, for those who
    /// read reports.
    pub async fn assessment_document(&self, actor: &Actor, id: &AssessmentId) -> Result<AssessmentDocument, AppError> {
        Ok(document(&self.assessment(actor, id).await?, References::Named))
    }

    /// Organisation `org`'s published assessment `id` as its document, for anyone.
    pub async fn published_assessment_document(
        &self,
        org: &OrganisationId,
        id: &AssessmentId,
    ) -> Result<AssessmentDocument, AppError> {
        Ok(document(&self.published_assessment(org, id).await?, References::LeftOut))
    }
}

/// Whether the evidence names the complaints concerned by reference: staff see them; the
/// published assessment, which anyone reads, does not, so that no one outside can tie a
/// finding to a resident's complaint (as the published annual report counts improvements
/// without naming their complaints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum References {
    /// For staff.
    Named,
    /// For the public.
    LeftOut,
}

/// The document of an assessment's view.
pub(crate) fn document(view: &AssessmentView, references: References) -> AssessmentDocument {
    let stored = &view.assessment;
    AssessmentDocument {
        landlord: view.organisation.clone(),
        agents: view.agents.clone(),
        code_version: stored.code_version,
        from: stored.period_from,
        to: stored.period_to,
        approval: stored.approval.as_ref().map(|a| Approval {
            body: a.body.clone(),
            on: a.on,
            minute: a.minute.clone(),
        }),
        sections: view
            .sections
            .iter()
            .map(|section| Section {
                number: section.number,
                title: section.title.clone(),
                rows: section
                    .rows
                    .iter()
                    .map(|row| Row {
                        provision: row.provision(),
                        requirement: row.requirement.clone(),
                        comply: row.entry.statement.answer,
                        evidence: evidence(&row.entry, references),
                        commentary: commentary(&row.entry),
                        comply_by: row.entry.statement.comply_by,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The evidence column: the record's statements and the settings that break the provision,
/// what remains for the landlord to attest, then the landlord's own evidence, links and
/// documents; paragraphs separated by blank lines.
fn evidence(entry: &Entry, references: References) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(record) = &entry.from_record {
        let statements = record.statements.iter();
        match references {
            References::Named => paragraphs.extend(statements.cloned()),
            References::LeftOut => {
                paragraphs.extend(statements.filter_map(|s| without_references(s, &record.complaints)))
            }
        }
        paragraphs.extend(record.policy_breaches.iter().cloned());
        if !record.complaints.is_empty() && references == References::Named {
            paragraphs.push(format!("Complaints concerned: {}.", record.complaints.join(", ")));
        }
    }
    let statement = &entry.statement;
    if !statement.evidence.trim().is_empty() {
        paragraphs.push(statement.evidence.trim().to_owned());
    } else if let Some(record) = entry.from_record.as_ref().filter(|r| !r.remains.trim().is_empty()) {
        paragraphs.push(format!("For the landlord to attest: {}", record.remains.trim()));
    }
    if !statement.links.is_empty() {
        paragraphs.push(statement.links.join("\n"));
    }
    if !statement.documents.is_empty() {
        paragraphs.push(format!("Documents: {}.", statement.documents.join("; ")));
    }
    paragraphs.join("\n\n")
}

/// `statement` without the references it names: a statement naming complaints says what they
/// were after a colon ("Not acknowledged within 5 working days: C-1, C-2."), so the part
/// before it is kept; one that names them otherwise is left out.
fn without_references(statement: &str, references: &[String]) -> Option<String> {
    if !references.iter().any(|r| statement.contains(r.as_str())) {
        return Some(statement.to_owned());
    }
    let (said, _) = statement.rsplit_once(": ")?;
    (!references.iter().any(|r| said.contains(r.as_str()))).then(|| format!("{said}."))
}

/// The commentary column: the commentary and, for a "No", the explanation.
fn commentary(entry: &Entry) -> String {
    [entry.statement.explanation.trim(), entry.statement.commentary.trim()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::without_references;

    #[test]
    fn the_published_evidence_keeps_what_was_found_without_naming_the_complaints() {
        let references = ["C-1".to_owned(), "C-2".to_owned()];
        let late = "Not acknowledged within 5 working days: C-1, C-2 and 3 more.";
        assert_eq!(without_references(late, &references).as_deref(), Some("Not acknowledged within 5 working days."));
        let figure = "43 of the 45 complaints were acknowledged within 5 working days.";
        assert_eq!(without_references(figure, &references).as_deref(), Some(figure));
        assert_eq!(without_references("C-1 was refused", &references), None);
    }
}
