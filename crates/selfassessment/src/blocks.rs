//! The one stream every reader produces, and what the recogniser asks of a piece of text: is
//! it a provision number, a column heading, a section heading?

use redress_domain::code::ProvisionNumber;

/// One piece of a document, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A table row with real column boundaries (a DOCX or HTML row, a tab-separated line).
    Row(Vec<String>),
    /// One cell of a layout without column boundaries (one cell per line or per paragraph, or
    /// a cell started by a tab); may be empty, as an empty cell is.
    Cell(String),
    /// A heading or other text outside the table: it ends the row before it.
    Break(String),
}

/// What a column holds, told by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// "Code provision", "Code section".
    Number,
    /// "Code requirement".
    Requirement,
    /// "Comply: Yes / No".
    Comply,
    /// "Evidence" (also "Evidence, commentary and any explanations").
    Evidence,
    /// "Commentary / explanation".
    Commentary,
}

/// Whitespace collapsed to single spaces (no-break spaces included), ends trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Word's artefacts removed: bookmarks as text exports show them (`[bookmark: _Hlk1745]`) and
/// the codes of fields (`HYPERLINK "..."`, `\* MERGEFORMAT`).
pub fn without_artefacts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[bookmark:") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find(']') {
            Some(end) => &rest[start + end + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    for code in ["\\* MERGEFORMAT", "\\h", "\\o"] {
        out = out.replace(code, " ");
    }
    while let Some(start) = out.find("HYPERLINK \"") {
        let after = start + "HYPERLINK \"".len();
        let end = out[after..].find('"').map_or(out.len(), |e| after + e + 1);
        out.replace_range(start..end, " ");
    }
    out
}

/// The provision number that `cell` is, alone (`6.2`, `6.2.`, `[bookmark: x]6.2`,
/// `6.2 (continued)`); sections 1 to 9, items 1 to 40.
pub fn provision_number(cell: &str) -> Option<ProvisionNumber> {
    let cleaned = squash(&without_artefacts(cell));
    let lower = cleaned.to_lowercase();
    let bare = lower
        .strip_suffix("(continued)")
        .or_else(|| lower.strip_suffix("(cont.)"))
        .or_else(|| lower.strip_suffix("(cont)"))
        .unwrap_or(&lower)
        .trim()
        .trim_end_matches('.');
    number_token(bare)
}

/// `token` as a provision number, if it is one.
pub fn number_token(token: &str) -> Option<ProvisionNumber> {
    let (section, item) = token.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if section.len() != 1 || !digits(section) || !digits(item) {
        return None;
    }
    let number: ProvisionNumber = token.parse().ok()?;
    (number.section <= 9 && number.item <= 40).then_some(number)
}

/// Whether the row `cell` marks a continuation of the provision before it across a page break.
pub fn is_continued(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    lower.contains("(continued)") || lower.contains("(cont")
}

/// The words column headings are made of: a heading has no others ("Comply: Yes / No",
/// "Evidence, commentary and any explanations"), so that evidence such as
/// "Comments-Compliments-Complaints-Policy" is not taken for one.
const HEADING_WORDS: [&str; 25] = [
    "code",
    "provision",
    "provisions",
    "section",
    "requirement",
    "requirements",
    "comply",
    "compliance",
    "compliant",
    "yes",
    "no",
    "evidence",
    "commentary",
    "comments",
    "explanation",
    "explanations",
    "and",
    "any",
    "or",
    "additional",
    "supporting",
    "ref",
    "number",
    "paragraph",
    "the",
];

/// What column `cell` heads, if it is a column heading.
pub fn role_of_heading(cell: &str) -> Option<Role> {
    let lower = squash(&without_artefacts(cell)).to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > 8 || !words.iter().all(|w| HEADING_WORDS.contains(w)) {
        return None;
    }
    let has = |word: &str| words.contains(&word);
    if has("comply") || has("compliance") || has("compliant") || words == ["yes", "no"] {
        Some(Role::Comply)
    } else if has("requirement") || has("requirements") {
        Some(Role::Requirement)
    } else if has("evidence") {
        Some(Role::Evidence)
    } else if has("commentary") || has("comments") || has("explanation") || has("explanations") {
        Some(Role::Commentary)
    } else if has("provision") || has("section") || has("ref") || has("number") || has("paragraph") {
        Some(Role::Number)
    } else {
        None
    }
}

/// The roles of a header row, if `cells` is one: at least two headings, one of them the
/// requirement, comply or evidence column.
pub fn header(cells: &[String]) -> Option<Vec<Option<Role>>> {
    let roles: Vec<Option<Role>> = cells.iter().map(|c| role_of_heading(c)).collect();
    let known = roles.iter().flatten().count();
    let telling = roles.iter().flatten().any(|r| matches!(r, Role::Requirement | Role::Comply | Role::Evidence));
    (known >= 2 && telling).then_some(roles)
}

/// Whether a line of text is a heading that ends the row before it: a section title
/// ("Section 2: Exclusions", "Section 5 - Complaint stages"), a stage ("Stage 1"), or the
/// 2022 form's table titles ("Mandatory 'must' requirements").
pub fn is_heading(line: &str) -> bool {
    let text = squash(&without_artefacts(line));
    let lower = text.to_lowercase();
    if lower.chars().count() > 100 {
        return false;
    }
    let numbered = |word: &str| {
        lower.strip_prefix(word).is_some_and(|rest| {
            let rest = rest.trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = rest[digits.len()..].trim_start();
            !digits.is_empty()
                && digits.len() <= 2
                && (after.is_empty() || after.starts_with([':', '-', '–', '—', '.']))
        })
    };
    numbered("section ")
        || (numbered("stage ") && lower.chars().count() <= 12)
        || ((lower.starts_with("mandatory") || lower.starts_with("best practice")) && lower.contains("requirements"))
        || is_page_furniture(&lower)
}

/// Whether a line is a page's furniture: "Page 3 of 12", or a page number alone.
pub fn is_page_furniture(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let rest = lower.strip_prefix("page").unwrap_or(&lower).trim();
    let (number, total) = rest.split_once(" of ").unwrap_or((rest, "1"));
    let all_digits = |s: &str| !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit());
    all_digits(number) && all_digits(total)
}

/// Whether every cell is empty or only rule characters (`----`, `|`), as text exports draw a
/// table's borders.
pub fn is_rule(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().chars().all(|ch| matches!(ch, '-' | '–' | '_' | '=' | '|' | '+' | ' ')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provision_numbers_are_read_through_artefacts() {
        assert_eq!(provision_number("[bookmark: _Hlk174538562]4.3").map(|n| n.to_string()), Some("4.3".into()));
        assert_eq!(provision_number(" 5.10 ").map(|n| n.to_string()), Some("5.10".into()));
        assert_eq!(provision_number("1.8 (continued)").map(|n| n.to_string()), Some("1.8".into()));
        for not in ["2024", "10.1", "6.2 Complaints must", "1.2.3", "6.", "", "v3.0"] {
            assert_eq!(provision_number(not), None, "{not:?}");
        }
    }

    #[test]
    fn headings_and_furniture_are_told_from_text() {
        for heading in [
            "Section 2: Exclusions",
            "Section 1 - Definition of a complaint",
            "Stage 1",
            "Mandatory 'must' requirements",
        ] {
            assert!(is_heading(heading), "{heading}");
        }
        for text in ["Stage 1 and Stage 2 acknowledgement letters provide details", "Sections of the policy", "Yes"] {
            assert!(!is_heading(text), "{text}");
        }
        assert!(is_page_furniture("Page 3 of 12") && is_page_furniture("14") && !is_page_furniture("6.2"));
    }

    #[test]
    fn header_rows_name_their_columns() {
        let cells: Vec<String> =
            ["Code section", "Code requirement", "Comply: Yes/No", "Evidence, commentary and any explanations"]
                .map(String::from)
                .into();
        let roles = header(&cells);
        assert_eq!(
            roles,
            Some(vec![Some(Role::Number), Some(Role::Requirement), Some(Role::Comply), Some(Role::Evidence)])
        );
        assert_eq!(header(&["1.2".to_owned(), "Yes".to_owned()]), None);
        assert_eq!(role_of_heading("Comments-Compliments-Complaints-Policy"), None);
        assert_eq!(role_of_heading("Commentary / explanation"), Some(Role::Commentary));
    }
}
