//! The plain value every format of a published self-assessment is rendered from.

use jiff::civil::Date;
use redress_domain::assessment::Answer;
use redress_domain::code::{ProvisionNumber, VersionId};
use serde::{Deserialize, Serialize};

/// A self-assessment ready to publish or export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDocument {
    /// The landlord that assesses itself, as it names itself.
    pub landlord: String,
    /// The managing agents assessed with it (one council's published self-assessment covers
    /// its four agents); empty when the landlord is assessed alone.
    pub agents: Vec<String>,
    /// The version of the Code assessed against.
    pub code_version: VersionId,
    /// The first day of the period assessed.
    pub from: Date,
    /// The last day of the period assessed.
    pub to: Date,
    /// The governing body's approval, once given (Code 8.2); `None` for a draft.
    pub approval: Option<Approval>,
    /// The Code's sections in order, each with its provisions in order.
    pub sections: Vec<Section>,
}

/// The governing body's approval of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// Who approved it: the governing body's name, such as "Board of Management".
    pub body: String,
    /// The day of the meeting that approved it.
    pub on: Date,
    /// The minute that records it, such as "B/2025/14".
    pub minute: String,
}

/// One section of the Code, such as "5. The complaint handling process".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Its number, 1 to 9.
    pub number: u8,
    /// Its title, as the Code gives it.
    pub title: String,
    /// Its provisions, in the Code's order.
    pub rows: Vec<Row>,
}

/// One provision and what the landlord says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The provision, such as 6.2.
    pub provision: ProvisionNumber,
    /// The Code's requirement, quoted whole.
    pub requirement: String,
    /// Whether the landlord complies; `None` while not yet answered.
    pub comply: Option<Answer>,
    /// The evidence: the statements drawn from the record and the landlord's own, in plain
    /// English (paragraphs separated by blank lines).
    pub evidence: String,
    /// The commentary; for a "no", the explanation the Code asks for.
    pub commentary: String,
    /// For a "no", the date by which the landlord intends to comply.
    pub comply_by: Option<Date>,
}

/// The five columns of the Ombudsman's form, in order.
pub const COLUMNS: [&str; 5] =
    ["Code provision", "Code requirement", "Comply: Yes / No", "Evidence", "Commentary / explanation"];

impl AssessmentDocument {
    /// The document's title, which names the landlord first, as published self-assessments
    /// do (and as the importer reads the landlord back from).
    pub fn title(&self) -> String {
        format!(
            "{} - Self-assessment against the Housing Ombudsman's Complaint Handling Code ({})",
            self.landlord,
            self.code_version.as_str()
        )
    }

    /// What the assessment covers, as lines of label and value: the landlord, its agents,
    /// the Code, the period and the approval (or that it is a draft).
    pub fn particulars(&self) -> Vec<(&'static str, String)> {
        let mut lines = vec![("Landlord", self.landlord.clone())];
        if !self.agents.is_empty() {
            lines.push(("Managing agents assessed with the landlord", self.agents.join(", ")));
        }
        lines.push(("Code", format!("Complaint Handling Code {}", self.code_version.as_str())));
        lines.push(("Period assessed", format!("{} to {}", in_words(self.from), in_words(self.to))));
        lines.push((
            "Approval",
            match &self.approval {
                Some(approval) => format!(
                    "Approved by the {} on {} (minute {})",
                    approval.body,
                    in_words(approval.on),
                    approval.minute
                ),
                None => "Draft: not yet approved by the governing body".to_owned(),
            },
        ));
        lines
    }

    /// Every row with its section, in order.
    pub fn rows(&self) -> impl Iterator<Item = (&Section, &Row)> {
        self.sections.iter().flat_map(|section| section.rows.iter().map(move |row| (section, row)))
    }
}

impl Section {
    /// Its heading on the form: "Section 5: The complaint handling process".
    pub fn heading(&self) -> String {
        format!("Section {}: {}", self.number, self.title)
    }
}

impl Row {
    /// The comply column: "Yes", "No", or nothing while unanswered.
    pub fn comply_label(&self) -> &'static str {
        self.comply.map(Answer::label).unwrap_or("")
    }

    /// The commentary column: the commentary, then, for a "no" with a date, the date by which
    /// the landlord intends to comply (the form has no column of its own for it).
    pub fn commentary_with_date(&self) -> String {
        match self.comply_by {
            Some(by) if self.commentary.trim().is_empty() => format!("We intend to comply by {}.", in_words(by)),
            Some(by) => format!("{}\n\nWe intend to comply by {}.", self.commentary.trim_end(), in_words(by)),
            None => self.commentary.clone(),
        }
    }
}

/// A date as a reader in England writes it: "1 April 2025".
pub fn in_words(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// Text in paragraphs: split at blank lines, each paragraph's lines in order, blank lines and
/// surrounding spaces dropped.
pub fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(commentary: &str, comply_by: Option<Date>) -> Row {
        Row {
            provision: ProvisionNumber { section: 6, item: 2 },
            requirement: "Acknowledge".into(),
            comply: Some(Answer::No),
            evidence: String::new(),
            commentary: commentary.into(),
            comply_by,
        }
    }

    #[test]
    fn a_no_with_a_date_says_by_when_after_its_explanation() {
        let by = Some(jiff::civil::date(2027, 3, 31));
        assert_eq!(
            row("Staff left.\n", by).commentary_with_date(),
            "Staff left.\n\nWe intend to comply by 31 March 2027."
        );
        assert_eq!(row("  ", by).commentary_with_date(), "We intend to comply by 31 March 2027.");
        assert_eq!(row("Staff left.", None).commentary_with_date(), "Staff left.");
    }

    #[test]
    fn text_splits_into_paragraphs_at_blank_lines() {
        assert_eq!(paragraphs("a\n b \n\n\n c\r\n"), vec![vec!["a", "b"], vec!["c"]]);
        assert!(paragraphs(" \n ").is_empty());
    }
}
