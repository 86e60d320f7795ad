//! What each letter must say, checked on the rendered letter itself (never on its template),
//! with the case's own facts: the definition's points appear, each point's decision follows
//! it, each remedy's description sits with its date in words, the Ombudsman's telephone and
//! web address appear, and so on. Whatever an organisation writes in its template, a letter
//! that leaves one out is refused, naming the provision and the element.
//!
//! Texts are compared ignoring case and runs of spaces and line breaks. Only the letter's body
//! counts: the letterhead and the address come from the context on every letter, and satisfy
//! nothing.

use serde::Serialize;

use redress_documents::{Block, Document};

use redress_domain::ombudsman::OmbudsmanContact;

use crate::context::{ActionPart, LetterContext, RemedyPart};
use crate::kind::LetterKind;

/// One thing a letter must say, and the provision that requires it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Element {
    /// The provision, as the Code numbers it ("6.9 e").
    pub provision: String,
    /// What it is, as a handler reads it ("remedy R1: what will happen and by when").
    pub name: String,
    #[serde(skip)]
    rule: Rule,
}

impl std::fmt::Display for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (Code {})", self.name, self.provision)
    }
}

/// How an element is found in the letter's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    /// Each text appears somewhere.
    All(Vec<String>),
    /// The texts appear together, in one paragraph, list item or heading.
    Together(Vec<String>),
    /// After a line with the text of the response's point number `index`, and before the next
    /// heading or line with another point's text, the decision appears (as itself, not the end
    /// of a longer decision such as "not upheld").
    Decision { index: usize, decision: String },
    /// A line about the complaint ("complaint" is in it) gives the decision, as itself.
    Overall(String),
}

/// The decisions' labels as a letter writes them; a shorter one inside a longer one does not
/// count as the shorter.
const DECISIONS: [&str; 3] = ["upheld", "partly upheld", "not upheld"];

impl Element {
    fn new(provision: impl Into<String>, name: impl Into<String>, rule: Rule) -> Element {
        Element { provision: provision.into(), name: name.into(), rule }
    }

    fn found_in(&self, letter: &Letter) -> bool {
        let lines = letter.lines.as_slice();
        match &self.rule {
            Rule::All(texts) => {
                texts.iter().map(|text| normal(text)).all(|text| lines.iter().any(|line| line.contains(&text)))
            }
            Rule::Together(texts) => {
                let texts: Vec<String> = texts.iter().map(|text| normal(text)).collect();
                lines.iter().any(|line| texts.iter().all(|text| line.contains(text)))
            }
            Rule::Decision { index, decision } => decision_follows(letter, *index, &normal(decision)),
            Rule::Overall(decision) => {
                let decision = normal(decision);
                lines.iter().any(|line| line.contains("complaint") && has_decision(&line.text, &decision))
            }
        }
    }
}

fn decision_follows(letter: &Letter, index: usize, decision: &str) -> bool {
    let Some(point) = letter.points.get(index) else { return false };
    // Another point with the very same words is the same point for this purpose.
    let same = |other: &usize| letter.points.get(*other) == Some(point);
    let lines = &letter.lines;
    lines.iter().enumerate().filter(|(_, line)| line.points.contains(&index)).any(|(start, line)| {
        let after_point = line.text.find(point.as_str()).map(|at| &line.text[at + point.len()..]).unwrap_or_default();
        // The point's section: up to the next heading or the next line about another point.
        let section = lines[start + 1..]
            .iter()
            .take_while(|next| !next.heading && next.points.iter().all(same))
            .map(|next| next.text.as_str());
        std::iter::once(after_point).chain(section).any(|text| has_decision(text, decision))
    })
}

/// Whether `decision` appears in `text` as itself, not as the end of a longer decision.
fn has_decision(text: &str, decision: &str) -> bool {
    let longer: Vec<&str> = DECISIONS.iter().copied().filter(|d| *d != decision && d.ends_with(decision)).collect();
    text.match_indices(decision).any(|(at, _)| {
        let upto = &text[..at + decision.len()];
        !longer.iter().any(|l| upto.ends_with(l))
    })
}

/// A rendered letter as the checks read it.
struct Letter {
    /// Its lines, in reading order.
    lines: Vec<Line>,
    /// The texts of the response's points, normalised, when it has any.
    points: Vec<String>,
}

/// One line a check reads: a heading, paragraph, list item, fact or table row, normalised,
/// with the response's points whose text it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    heading: bool,
    text: String,
    points: Vec<usize>,
}

impl Line {
    fn contains(&self, needle: &str) -> bool {
        self.text.contains(needle)
    }
}

impl Letter {
    fn new(document: &Document, context: &LetterContext) -> Letter {
        let points: Vec<String> =
            context.response.iter().flat_map(|r| r.points.iter()).map(|p| normal(&p.text)).collect();
        let mut lines = Vec::new();
        for block in &document.blocks {
            let heading = matches!(block, Block::Heading { .. });
            let single = Document {
                title: String::new(),
                language: String::new(),
                letterhead: None,
                addressing: None,
                large_print: false,
                blocks: vec![block.clone()],
            };
            for text in single.plain_text().lines().map(normal) {
                let on_line =
                    (0..points.len()).filter(|&i| !points[i].is_empty() && text.contains(&points[i])).collect();
                lines.push(Line { heading, text, points: on_line });
            }
        }
        Letter { lines, points }
    }
}

/// Lower case, with every run of white space one space.
fn normal(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The elements of `kind` missing from `document`, a letter written for `context`.
pub fn missing(kind: LetterKind, context: &LetterContext, document: &Document) -> Vec<Element> {
    let letter = Letter::new(document, context);
    required(kind, context).into_iter().filter(|element| !element.found_in(&letter)).collect()
}

/// Every element a letter of `kind` for `context` must contain.
pub fn required(kind: LetterKind, context: &LetterContext) -> Vec<Element> {
    let s1 = !context.final_stage;
    let mut out = Vec::new();
    match kind {
        LetterKind::Stage1Acknowledgement | LetterKind::Stage2Acknowledgement => {
            definition(&mut out, "5.6", context);
            responsibility(&mut out, context);
            if let Some(due) = &context.response_due {
                let provision = if s1 { "6.3" } else { "6.14" };
                out.push(Element::new(provision, "the date we will respond by", Rule::All(vec![due.clone()])));
            }
            out.push(Element::new("3.6", "how to have a representative", Rule::All(vec!["representative".into()])));
            out.push(Element::new(
                "5.10",
                "how to ask for reasonable adjustments",
                Rule::All(vec!["adjustment".into()]),
            ));
            ombudsman(&mut out, "3.7", "how to contact the Housing Ombudsman", &context.ombudsman);
        }
        LetterKind::ExtensionNotice => extension(&mut out, s1, context),
        LetterKind::Stage1Response | LetterKind::Stage2Response => response(&mut out, s1, context),
        LetterKind::NotAccepted => exclusion(&mut out, "2.4", context),
        LetterKind::EscalationRefused => exclusion(&mut out, "5.11", context),
        LetterKind::RemedyUpdate => {
            let provision = if s1 { "6.6" } else { "6.17" };
            if let Some(progress) = &context.progress {
                progress.remedies.iter().for_each(|r| out.push(remedy_progress(provision, r)));
                progress.actions.iter().for_each(|a| out.push(action_progress(provision, a)));
            }
        }
        LetterKind::KeepingInformed => keeping_informed(&mut out, context),
    }
    out
}

fn definition(out: &mut Vec<Element>, provision: &str, context: &LetterContext) {
    let Some(definition) = &context.definition else { return };
    for point in &definition.points {
        let name = format!("the complaint definition: point {}", point.id);
        out.push(Element::new(provision, name, Rule::All(vec![point.text.clone()])));
    }
    for (i, outcome) in definition.outcomes_sought.iter().enumerate() {
        let name = format!("the complaint definition: outcome sought {}", i + 1);
        out.push(Element::new(provision, name, Rule::All(vec![outcome.clone()])));
    }
}

fn responsibility(out: &mut Vec<Element>, context: &LetterContext) {
    let Some(definition) = &context.definition else { return };
    for (i, item) in definition.responsible_for.iter().enumerate() {
        let name = format!("what we are responsible for ({})", i + 1);
        out.push(Element::new("5.7", name, Rule::All(vec![item.clone()])));
    }
    for (i, item) in definition.not_responsible_for.iter().enumerate() {
        let name = format!("what we are not responsible for ({})", i + 1);
        out.push(Element::new("5.7", name, Rule::All(vec![item.clone()])));
    }
}

fn ombudsman(out: &mut Vec<Element>, provision: &str, name: &str, contact: &OmbudsmanContact) {
    let details =
        vec![contact.name.clone(), contact.telephone.clone(), contact.email.clone(), contact.web_address.clone()];
    out.push(Element::new(
        provision,
        format!("{name}: its name, telephone, email and web address"),
        Rule::All(details),
    ));
}

fn extension(out: &mut Vec<Element>, s1: bool, context: &LetterContext) {
    let Some(extension) = &context.extension else { return };
    let (provision, contact) = if s1 { ("6.4", "6.5") } else { ("6.15", "6.16") };
    out.push(Element::new(provision, "the new date for our response", Rule::All(vec![extension.new_due.clone()])));
    out.push(Element::new(provision, "the reasons for the extension", Rule::All(vec![extension.reasons.clone()])));
    if let Some(every) = extension.update_interval {
        let interval = vec![working_days(every), "update".into()];
        out.push(Element::new("5.9", "how often we will update you", Rule::Together(interval)));
    }
    ombudsman(out, contact, "the Ombudsman's contact details", &context.ombudsman);
}

fn working_days(n: u16) -> String {
    if n == 1 { "1 working day".into() } else { format!("{n} working days") }
}

fn response(out: &mut Vec<Element>, s1: bool, context: &LetterContext) {
    let Some(response) = &context.response else { return };
    let code = if s1 { "6.9" } else { "6.19" };
    let p = |letter: &str| format!("{code} {letter}");
    out.push(Element::new(p("a"), "the complaint stage", Rule::All(vec![context.stage.clone()])));
    definition(out, &p("b"), context);
    let overall = Rule::Overall(response.decision.clone());
    out.push(Element::new(p("c"), "the decision on the complaint", overall));
    for (index, point) in response.points.iter().enumerate() {
        let rule = Rule::Decision { index, decision: point.decision.clone() };
        out.push(Element::new(p("c"), format!("the decision on point {}", point.id), rule));
        let reasons = Rule::All(vec![point.reasons.clone()]);
        out.push(Element::new(p("d"), format!("the reasons for the decision on point {}", point.id), reasons));
    }
    for remedy in &response.remedies {
        let mut together = vec![remedy.description.clone(), remedy.due.clone()];
        together.extend(remedy.amount.clone());
        let name = format!("remedy {}: what will happen and by when", remedy.id);
        out.push(Element::new(p("e"), name, Rule::Together(together)));
    }
    if let Some(reason) = &response.no_remedy_reason {
        out.push(Element::new(p("e"), "why no remedy is offered", Rule::All(vec![reason.clone()])));
    }
    for action in &response.actions {
        let name = format!("outstanding action {}: what and by when", action.id);
        out.push(Element::new(p("f"), name, Rule::Together(vec![action.description.clone(), action.due.clone()])));
    }
    if let Some(route) = &response.stage_two {
        let parts = vec![route.contact.clone(), route.how.clone(), route.within.clone()];
        out.push(Element::new(p("g"), "how to ask for stage 2: who, how and by when", Rule::All(parts)));
    } else if let Some(text) = &response.escalation_text {
        out.push(Element::new(p("g"), "how to escalate the complaint", Rule::All(vec![text.clone()])));
    } else {
        ombudsman(out, &p("g"), "how to take the complaint to the Housing Ombudsman", &context.ombudsman);
    }
    if !s1 {
        out.push(Element::new("6.20", "that this is our final response", Rule::All(vec!["final response".into()])));
    }
}

fn exclusion(out: &mut Vec<Element>, provision: &str, context: &LetterContext) {
    let Some(exclusion) = &context.exclusion else { return };
    let mut ground = vec![exclusion.ground.clone()];
    ground.extend(exclusion.policy_ground.clone());
    out.push(Element::new(provision, "our decision and its ground", Rule::All(ground)));
    out.push(Element::new(provision, "the reasons for our decision", Rule::All(vec![exclusion.reasons.clone()])));
    ombudsman(out, "2.4", "the right to take our decision to the Housing Ombudsman", &context.ombudsman);
}

fn remedy_progress(provision: &str, remedy: &RemedyPart) -> Element {
    let date = remedy.completed_on.clone().unwrap_or_else(|| remedy.due.clone());
    let name = format!("remedy {}: what it is and when it was or will be done", remedy.id);
    Element::new(provision, name, Rule::Together(vec![remedy.description.clone(), date]))
}

fn action_progress(provision: &str, action: &ActionPart) -> Element {
    let date = action.completed_on.clone().unwrap_or_else(|| action.due.clone());
    let mut together = vec![action.description.clone(), date];
    together.extend(action.latest_update.clone());
    let name = format!("action {}: what it is, its progress and its date", action.id);
    Element::new(provision, name, Rule::Together(together))
}

fn keeping_informed(out: &mut Vec<Element>, context: &LetterContext) {
    if let Some(due) = &context.response_due {
        out.push(Element::new("5.9", "when we expect to respond", Rule::All(vec![due.clone()])));
    }
    let Some(part) = &context.keeping_informed else { return };
    if let Some(next) = &part.next_update {
        out.push(Element::new("5.9", "when we will next update you", Rule::All(vec![next.clone()])));
    }
    if let Some(message) = &part.message {
        out.push(Element::new("5.9", "what has happened since our last update", Rule::All(vec![message.clone()])));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A letter of `text`, one line a line, `# ` lines being headings.
    fn letter(text: &str, points: &[&str]) -> Letter {
        let points: Vec<String> = points.iter().map(|p| normal(p)).collect();
        let lines = text
            .lines()
            .map(|line| {
                let (heading, line) = line.strip_prefix("# ").map_or((false, line), |h| (true, h));
                let text = normal(line);
                let on_line = (0..points.len()).filter(|&i| text.contains(&points[i])).collect();
                Line { heading, text, points: on_line }
            })
            .collect();
        Letter { lines, points }
    }

    #[test]
    fn a_decision_counts_only_as_itself_and_only_under_its_point() {
        let points = ["The boiler", "The letter"];
        let text = letter("The boiler\nOur decision: not upheld.\nThe letter\nOur decision: upheld.", &points);
        let found = |index: usize, decision: &str| {
            Element::new("6.9 c", "x", Rule::Decision { index, decision: decision.into() }).found_in(&text)
        };
        assert!(found(0, "not upheld"));
        assert!(!found(0, "upheld"), "not upheld is not upheld");
        assert!(found(1, "upheld"));
        assert!(!found(1, "not upheld"), "a decision under another point does not count");
        let text = letter("The boiler\n# Our decision\nYour complaint is upheld.", &points);
        let found = |rule: Rule| Element::new("6.9 c", "x", rule).found_in(&text);
        assert!(!found(Rule::Decision { index: 0, decision: "upheld".into() }), "not under another heading");
        assert!(found(Rule::Overall("upheld".into())));
        assert!(!found(Rule::Overall("not upheld".into())));
    }

    #[test]
    fn together_means_on_one_line_and_texts_ignore_case_and_spacing() {
        let apart = Element::new(
            "6.9 e",
            "x",
            Rule::Together(vec!["repair the door".into(), "Friday 18 December 2026".into()]),
        );
        assert!(!apart.found_in(&letter("We will  Repair the door\nby Friday 18 December 2026.", &[])));
        assert!(apart.found_in(&letter("We will  Repair the\tdoor by Friday 18 December 2026.", &[])));
    }
}
