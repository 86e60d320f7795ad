//! The recogniser: blocks in, provisions out. A row starts at a provision number (a table
//! row whose number cell is one, or a cell of a flat layout that is one, or a cell that starts
//! with one and goes on with that provision's requirement); column headings, wherever they
//! are repeated, say which column is which; rows and cells that follow a row without a number
//! of their own continue it (page breaks); headings end it.

use redress_domain::code::{CodeBook, ProvisionNumber, VersionId};

use crate::ImportError;
use crate::blocks::{
    Block, Role, header, is_continued, is_rule, number_token, provision_number, role_of_heading, squash,
};
use crate::matching;
use crate::model::{Comply, ImportedProvision, SelfAssessment};

/// The columns after the number in a flat layout with no headings: the Ombudsman's form.
const FORM: [Role; 4] = [Role::Requirement, Role::Comply, Role::Evidence, Role::Commentary];

/// A row as read, before its cells are given their roles.
#[derive(Debug)]
struct Draft {
    number: ProvisionNumber,
    /// True for a table row (cells in columns), false for a flat layout's cells.
    tabular: bool,
    /// A table row's cells, number cell included; a flat row's cells after the number.
    cells: Vec<String>,
    /// The column headings in force when the row started.
    columns: Option<Vec<Option<Role>>>,
    /// Whether cells and rows that follow may still continue it.
    open: bool,
}

/// Everything the recogniser keeps while reading.
#[derive(Default)]
struct Reading {
    drafts: Vec<Draft>,
    columns: Option<Vec<Option<Role>>>,
    pending_headings: Vec<Role>,
    stated_comply_column: bool,
    prelude: Vec<String>,
}

impl Reading {
    fn open_draft(&mut self) -> Option<&mut Draft> {
        self.drafts.last_mut().filter(|d| d.open)
    }

    fn close(&mut self) {
        if let Some(draft) = self.drafts.last_mut() {
            draft.open = false;
        }
    }

    fn set_columns(&mut self, roles: Vec<Option<Role>>) {
        self.stated_comply_column |= roles.contains(&Some(Role::Comply));
        self.columns = Some(roles);
    }

    /// Column headings given one to a cell (a flat layout's header) take effect at the first
    /// cell that is not one.
    fn settle_headings(&mut self) {
        let headings = std::mem::take(&mut self.pending_headings);
        let cells: Vec<String> = headings.iter().map(|r| format!("{r:?}")).collect();
        let telling = headings.iter().any(|r| matches!(r, Role::Requirement | Role::Comply | Role::Evidence));
        if headings.len() >= 2 && telling && !cells.is_empty() {
            self.set_columns(headings.into_iter().map(Some).collect());
        }
    }

    fn start(&mut self, number: ProvisionNumber, tabular: bool, cells: Vec<String>) {
        self.close();
        self.drafts.push(Draft { number, tabular, cells, columns: self.columns.clone(), open: true });
    }

    fn row(&mut self, cells: Vec<String>) {
        if is_rule(&cells) {
            return;
        }
        if let Some(roles) = header(&cells) {
            self.set_columns(roles);
            return;
        }
        let number_column =
            self.columns.as_ref().and_then(|c| c.iter().position(|r| *r == Some(Role::Number))).unwrap_or(0);
        let number_cell = cells.get(number_column).map_or("", String::as_str);
        let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
        match provision_number(number_cell) {
            Some(number) => match self.open_draft() {
                // The same number again, or "(continued)": the row goes on after a page break.
                Some(draft) if draft.tabular && (draft.number == number || is_continued(number_cell)) => {
                    merge(&mut draft.cells, &cells);
                }
                _ => self.start(number, true, cells),
            },
            None if number_cell.trim().is_empty() && filled > 0 => match self.open_draft() {
                Some(draft) if draft.tabular => merge(&mut draft.cells, &cells),
                Some(draft) => draft.cells.extend(cells.into_iter().filter(|c| !c.trim().is_empty())),
                None => {}
            },
            None if filled == 0 => {}
            None => match anchored(number_cell) {
                Some((number, requirement)) => {
                    let mut split = vec![number.to_string(), requirement];
                    split.extend(cells.into_iter().skip(number_column + 1));
                    self.start(number, true, split);
                }
                None => {
                    if self.drafts.is_empty() {
                        self.prelude.extend(cells);
                    }
                    self.close();
                }
            },
        }
    }

    fn cell(&mut self, text: String) {
        if let Some(role) = role_of_heading(&text) {
            self.pending_headings.push(role);
            return;
        }
        self.settle_headings();
        if let Some(number) = provision_number(&text) {
            match self.open_draft() {
                Some(draft) if !draft.tabular && draft.number == number && is_continued(&text) => {}
                _ => self.start(number, false, Vec::new()),
            }
            return;
        }
        if let Some((number, requirement)) = anchored(&text) {
            self.start(number, false, vec![requirement]);
            return;
        }
        let first = self.drafts.is_empty();
        match self.open_draft() {
            Some(draft) if draft.tabular && !text.is_empty() => {
                let last = draft.cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
                if let Some(cell) = draft.cells.get_mut(last) {
                    append(cell, &text);
                }
            }
            Some(draft) if draft.tabular => {}
            Some(draft) => draft.cells.push(text),
            None if first => self.prelude.push(text),
            None => {}
        }
    }

    fn heading(&mut self, text: String) {
        self.settle_headings();
        if self.drafts.is_empty() {
            self.prelude.push(text);
        }
        self.close();
    }
}

/// A cell that starts with a provision number and goes on with that provision's requirement
/// as some version of the Code words it: the number and the requirement, apart.
fn anchored(text: &str) -> Option<(ProvisionNumber, String)> {
    let (first, rest) = text.trim().split_once(char::is_whitespace)?;
    let number = number_token(first.trim_end_matches('.'))?;
    let book = CodeBook::embedded().ok()?;
    matching::is_requirement(book, number, rest).then(|| (number, rest.trim().to_owned()))
}

fn append(cell: &mut String, text: &str) {
    if !text.is_empty() {
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(text);
    }
}

/// A continuation row's cells added to the row's, column by column.
fn merge(cells: &mut Vec<String>, more: &[String]) {
    for (index, text) in more.iter().enumerate() {
        if index >= cells.len() {
            cells.resize(index + 1, String::new());
        }
        // The number cell of a continuation says only "continued", or the number again.
        if index > 0 || provision_number(text).is_none() && !is_continued(text) {
            append(&mut cells[index], text);
        }
    }
}

/// Reads the blocks as a self-assessment.
pub fn recognise(blocks: &[Block]) -> Result<SelfAssessment, ImportError> {
    let book = CodeBook::embedded().map_err(|e| ImportError::CodeData(e.to_string()))?;
    let mut reading = Reading::default();
    for block in blocks {
        match block {
            Block::Row(cells) => {
                reading.settle_headings();
                reading.row(cells.clone());
            }
            Block::Cell(text) => reading.cell(text.clone()),
            Block::Break(text) => reading.heading(text.clone()),
        }
    }
    if reading.drafts.is_empty() {
        return Err(ImportError::NoProvisions { found: found(blocks) });
    }
    let inferred = inferred_columns(&reading.drafts);
    let mut provisions: Vec<ImportedProvision> =
        reading.drafts.iter().map(|draft| provision(draft, inferred.as_deref())).collect();
    if !reading.stated_comply_column && provisions.iter().all(|p| p.comply.is_none()) {
        return Err(ImportError::NoComplyColumn { provisions: provisions.len() });
    }
    let quoted: Vec<(ProvisionNumber, &str)> =
        provisions.iter().map(|p| (p.provision, p.requirement.as_str())).collect();
    let code_version = matching::version_of(book, &quoted);
    // A number with nothing after it that the Code does not have is a stray number in the
    // text (a policy's "2.11"), not a row.
    if let Some(version) = book.version(code_version) {
        provisions
            .retain(|p| version.provision(p.provision).is_some() || p.comply.is_some() || !p.requirement.is_empty());
    }
    let mut unmapped = None;
    if code_version == VersionId::V2022 {
        let mut none = Vec::new();
        for provision in &mut provisions {
            let counterparts = matching::in_2024(book, provision.provision);
            if counterparts.is_empty() && !none.contains(&provision.provision) {
                none.push(provision.provision);
            }
            provision.in_2024 = Some(counterparts);
        }
        unmapped = Some(none);
    }
    Ok(SelfAssessment { code_version, landlord: landlord(&reading.prelude), provisions, unmapped })
}

/// What the blocks held, in words, for an error.
fn found(blocks: &[Block]) -> String {
    let rows = blocks.iter().filter(|b| matches!(b, Block::Row(_))).count();
    let cells = blocks.iter().filter(|b| matches!(b, Block::Cell(c) if !c.is_empty())).count();
    let headings = blocks.iter().filter(|b| matches!(b, Block::Break(_))).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {} and {}",
        plural(rows, "table row", "table rows"),
        plural(cells, "paragraph or cell of text", "paragraphs or cells of text"),
        plural(headings, "heading", "headings")
    )
}

/// For table rows read with no header: the number first, the comply column where most rows
/// state an answer, the requirement between them, evidence after, then commentary.
fn inferred_columns(drafts: &[Draft]) -> Option<Vec<Option<Role>>> {
    let width = drafts.iter().filter(|d| d.tabular).map(|d| d.cells.len()).max()?;
    let answers = |column: usize| {
        drafts
            .iter()
            .filter(|d| d.tabular && d.columns.is_none())
            .filter(|d| d.cells.get(column).is_some_and(|c| Comply::read(c).is_some()))
            .count()
    };
    let comply = (1..width).max_by_key(|&c| (answers(c), std::cmp::Reverse(c))).filter(|&c| answers(c) > 0);
    Some(
        (0..width)
            .map(|column| match comply {
                _ if column == 0 => Some(Role::Number),
                Some(c) if column < c => Some(Role::Requirement),
                Some(c) if column == c => Some(Role::Comply),
                Some(c) if column == c + 1 => Some(Role::Evidence),
                Some(_) => Some(Role::Commentary),
                None if column == 1 => Some(Role::Requirement),
                None if column == 2 => Some(Role::Evidence),
                None => Some(Role::Commentary),
            })
            .collect(),
    )
}

/// The texts a row gives each role.
#[derive(Default)]
struct Assigned {
    requirement: String,
    comply: Option<Comply>,
    evidence: String,
    commentary: String,
}

impl Assigned {
    fn give(&mut self, role: Role, text: &str) {
        match role {
            Role::Requirement => append(&mut self.requirement, text),
            Role::Comply => {
                if self.comply.is_none() {
                    self.comply = Comply::read(text);
                }
            }
            Role::Evidence => append(&mut self.evidence, text),
            Role::Commentary | Role::Number => append(&mut self.commentary, text),
        }
    }
}

fn provision(draft: &Draft, inferred: Option<&[Option<Role>]>) -> ImportedProvision {
    let mut assigned = Assigned::default();
    if draft.tabular {
        let roles = draft.columns.as_deref().or(inferred).unwrap_or(&[]);
        for (index, cell) in draft.cells.iter().enumerate() {
            match roles.get(index).copied().flatten() {
                Some(Role::Number) => {}
                Some(role) => assigned.give(role, cell),
                None => assigned.give(Role::Commentary, cell),
            }
        }
    } else {
        let roles: Vec<Role> = match &draft.columns {
            Some(columns) => columns.iter().flatten().copied().filter(|r| *r != Role::Number).collect(),
            None => FORM.to_vec(),
        };
        flat(&roles, &folded(&draft.cells, roles.len() + 1), &mut assigned);
    }
    ImportedProvision {
        provision: draft.number,
        comply: assigned.comply,
        requirement: squash(&assigned.requirement),
        evidence: squash(&assigned.evidence),
        commentary: squash(&assigned.commentary),
        in_2024: None,
    }
}

/// A flat row whose table row was split by a page break, each half with all its cells (the
/// second with an empty number cell), folded back into one row of `width` cells.
fn folded(cells: &[String], width: usize) -> Vec<String> {
    let total = cells.len() + 1;
    let splits = total / width;
    let shaped = width > 1 && total > width && total.is_multiple_of(width);
    if !shaped || !(1..splits).all(|k| cells[k * width - 1].is_empty()) {
        return cells.to_vec();
    }
    let mut row = cells[..width - 1].to_vec();
    for k in 1..splits {
        for (index, text) in cells[k * width..(k + 1) * width - 1].iter().enumerate() {
            append(&mut row[index], text);
        }
    }
    row
}

/// A flat row's cells given their roles: by position when there is a cell for each column;
/// otherwise around the first cell that states an answer (the requirement before it, the
/// other columns after it in order, any cells over joining the last column).
fn flat(roles: &[Role], cells: &[String], assigned: &mut Assigned) {
    let comply_at = roles.iter().position(|r| *r == Role::Comply);
    let answer_at = cells.iter().position(|c| Comply::read(c).is_some());
    let (before, after): (&[Role], &[Role]) = match comply_at {
        Some(at) => (&roles[..at], &roles[at + 1..]),
        None => (roles, &[]),
    };
    match (comply_at, answer_at) {
        (Some(_), Some(answer)) if cells.len() != roles.len() || answer == before.len() => {
            let requirement_role = before.last().copied().unwrap_or(Role::Requirement);
            for (index, cell) in cells[..answer].iter().enumerate() {
                assigned
                    .give(before.get(index).copied().filter(|_| index + 1 < answer).unwrap_or(requirement_role), cell);
            }
            assigned.give(Role::Comply, &cells[answer]);
            spread(after, &cells[answer + 1..], assigned);
        }
        _ => spread(roles, cells, assigned),
    }
}

/// Cells given the roles in order, any over joining the last role.
fn spread(roles: &[Role], cells: &[String], assigned: &mut Assigned) {
    for (index, cell) in cells.iter().enumerate() {
        let role = roles.get(index).or(roles.last()).copied().unwrap_or(Role::Commentary);
        assigned.give(role, cell);
    }
}

/// The landlord named in the text before the first row: a `Landlord: X` line, or a title
/// `X - Self-assessment ...` (not the form's own "Appendix A: Self-assessment form").
fn landlord(prelude: &[String]) -> Option<String> {
    for text in prelude {
        let lower = text.to_lowercase();
        for label in ["landlord name:", "landlord:", "organisation:"] {
            if let Some(at) = lower.find(label) {
                let name = squash(&text[at + label.len()..]);
                if !name.is_empty() {
                    return Some(name);
                }
            }
        }
        let Some(at) = lower.find("self-assessment").or_else(|| lower.find("self assessment")) else {
            continue;
        };
        let before = text[..at].trim_end();
        let name = before.trim_end_matches(['-', '–', '—', ':', '|', ',']).trim_end();
        let generic = ["appendix", "section", "the ", "complaint handling code", "housing ombudsman", "annual"];
        if name.len() < before.len() && !name.is_empty() && !generic.iter().any(|g| name.to_lowercase().starts_with(g))
        {
            return Some(squash(name));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn a_row_split_over_a_page_with_all_its_cells_folds_back() {
        let cells = strings(&["Req a", "Yes", "Ev a", "Com a", "", "req b", "", "ev b", ""]);
        assert_eq!(folded(&cells, 5), strings(&["Req a req b", "Yes", "Ev a ev b", "Com a"]));
        let plain = strings(&["Req", "Yes", "Ev", "Com"]);
        assert_eq!(folded(&plain, 5), plain);
    }

    #[test]
    fn the_landlord_is_read_from_a_title_or_a_label() {
        let title = strings(&[
            "Dawley Housing Co-operative - Self-assessment with the Housing Ombudsman Complaint Handling Code 2024",
        ]);
        assert_eq!(landlord(&title).as_deref(), Some("Dawley Housing Co-operative"));
        assert_eq!(landlord(&strings(&["Appendix A: Self-assessment form"])), None);
        assert_eq!(landlord(&strings(&["Landlord: Acme Homes"])).as_deref(), Some("Acme Homes"));
    }
}
