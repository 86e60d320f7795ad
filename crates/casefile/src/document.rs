//! The case file as a document: a contents page, then one section for each part of the
//! record, in the order of [`SECTIONS`]. Headings never skip a level (the title is level 1,
//! each section level 2, each stage, deadline or letter level 3), every table has its
//! header, and a section with nothing in it says so rather than disappear, so that a reader
//! can tell "none" from "left out".

use redress_documents::{Block, Document, Fact, Inline};

use crate::{CaseFacts, CorrespondenceFacts, DeadlineFacts, Integrity, Labelled, Part, StageFacts};

/// The sections of every case file, in order: its contents page lists them.
pub const SECTIONS: [&str; 8] = [
    "Summary",
    "The complaint at each stage",
    "Other decisions",
    "Deadlines and how they were worked out",
    "Timeline",
    "Letters and correspondence",
    "Remedies and actions",
    "The integrity of the record",
];

/// The case file of `facts`, ready to render.
pub fn document(facts: &CaseFacts) -> Document {
    let mut blocks = contents(facts);
    let mut add = |section: usize, body: Vec<Block>| {
        blocks.push(heading(2, SECTIONS[section]));
        blocks.extend(body);
    };
    add(0, summary(facts));
    add(1, stages(&facts.stages));
    add(2, parts(&facts.decisions));
    add(3, deadlines(&facts.deadlines));
    add(4, timeline(facts));
    add(5, correspondence(&facts.correspondence));
    add(6, remedies_and_actions(facts));
    add(7, integrity(&facts.integrity));
    Document {
        title: format!("Case file: complaint {}", facts.reference),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks,
    }
}

/// The title, what the file is, and the contents, on a page of their own.
fn contents(facts: &CaseFacts) -> Vec<Block> {
    vec![
        heading(1, &format!("Case file: complaint {}", facts.reference)),
        paragraph(&format!(
            "The whole record of complaint {} kept by {}, made on {} by {}.",
            facts.reference, facts.landlord, facts.made_at, facts.made_by
        )),
        paragraph(
            "Times are shown in UK time (Europe/London). The record stores them in UTC, as record.json in this file's zip gives them.",
        ),
        heading(2, "Contents"),
        Block::List { ordered: true, items: SECTIONS.iter().map(|s| vec![text(s)]).collect() },
        Block::PageBreak,
    ]
}

fn summary(facts: &CaseFacts) -> Vec<Block> {
    let mut blocks: Vec<Block> = facts_block(&facts.summary).into_iter().collect();
    blocks.push(heading(3, "The complaint in the resident's words"));
    blocks.extend(paragraphs(&facts.description));
    blocks
}

fn stages(stages: &[StageFacts]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for stage in stages {
        blocks.push(heading(3, &stage.title));
        blocks.extend(facts_block(&stage.facts));
        blocks.extend(listed("The complaint definition: the points", &stage.points, "Not yet defined."));
        blocks.extend(listed("The outcomes the resident seeks", &stage.outcomes_sought, "None recorded."));
        blocks.extend(listed("What the landlord is responsible for", &stage.responsible_for, "None recorded."));
        blocks.extend(listed("What the landlord is not responsible for", &stage.not_responsible_for, "None recorded."));
        blocks.extend(listed("The decision on each point", &stage.decisions, "No response yet."));
    }
    blocks
}

fn parts(parts: &[Part]) -> Vec<Block> {
    if parts.is_empty() {
        return vec![paragraph(
            "None: the complaint was accepted, no escalation was refused, and it has not been closed or referred to the Housing Ombudsman.",
        )];
    }
    let mut blocks = Vec::new();
    for part in parts {
        blocks.push(heading(3, &part.title));
        blocks.extend(facts_block(&part.facts));
    }
    blocks
}

fn deadlines(deadlines: &[DeadlineFacts]) -> Vec<Block> {
    if deadlines.is_empty() {
        return vec![paragraph("None yet.")];
    }
    let mut blocks = Vec::new();
    for deadline in deadlines {
        blocks.push(heading(3, &deadline.title));
        let mut rows = vec![Labelled::new("Due", &deadline.due), Labelled::new("Status", &deadline.status)];
        rows.extend(deadline.done.as_ref().map(|done| Labelled::new("Done", done)));
        blocks.extend(facts_block(&rows));
        blocks.push(paragraph("How the due date was worked out:"));
        blocks.push(list(&deadline.derivation));
        if !deadline.recorded_late.is_empty() {
            blocks.push(paragraph("Recorded after its due date:"));
            blocks.push(list(&deadline.recorded_late));
        }
    }
    blocks
}

fn timeline(facts: &CaseFacts) -> Vec<Block> {
    vec![
        paragraph(
            "Every event of the record in order: when it happened, as stated, and when it was recorded. Each event's hash is in record.json.",
        ),
        Block::Table {
            caption: format!("The {} events of complaint {}", facts.timeline.len(), facts.reference),
            header: ["Event", "What happened", "When it happened", "When it was recorded", "Recorded by"]
                .map(String::from)
                .to_vec(),
            rows: facts
                .timeline
                .iter()
                .map(|e| vec![e.seq.to_string(), e.what.clone(), e.happened.clone(), e.recorded.clone(), e.by.clone()])
                .collect(),
        },
    ]
}

fn correspondence(items: &[CorrespondenceFacts]) -> Vec<Block> {
    if items.is_empty() {
        return vec![paragraph("None recorded.")];
    }
    let mut blocks = vec![paragraph(
        "Each letter and item of correspondence as recorded, with the SHA-256 checksum of its content and of each file. The files are in the zip under the names given.",
    )];
    for item in items {
        blocks.push(heading(3, &item.subject));
        blocks.extend(facts_block(&[
            Labelled::new("Direction", &item.direction),
            Labelled::new("Channel", &item.channel),
            Labelled::new("Sent or received", &item.occurred),
            Labelled::new("Recorded", &item.recorded),
            Labelled::new("SHA-256 of its content", checksum(&item.sha256)),
        ]));
        blocks.extend(paragraphs(&item.body));
        if !item.attachments.is_empty() {
            blocks.push(Block::Table {
                caption: format!("Files attached to “{}”", item.subject),
                header: ["File", "In the zip", "Type", "Size", "SHA-256"].map(String::from).to_vec(),
                rows: item
                    .attachments
                    .iter()
                    .map(|a| {
                        vec![
                            a.file_name.clone(),
                            a.path.clone(),
                            a.media_type.clone(),
                            format!("{} bytes", a.size_bytes),
                            checksum(&a.sha256),
                        ]
                    })
                    .collect(),
            });
        }
    }
    blocks
}

fn remedies_and_actions(facts: &CaseFacts) -> Vec<Block> {
    let mut blocks = vec![heading(3, "Remedies")];
    if facts.remedies.is_empty() {
        blocks.push(paragraph("None offered."));
    } else {
        blocks.push(Block::Table {
            caption: "Remedies offered, with their status".into(),
            header: ["Remedy", "Stage", "Kind", "What will happen", "By", "Status"].map(String::from).to_vec(),
            rows: facts
                .remedies
                .iter()
                .map(|r| [&r.id, &r.stage, &r.kind, &r.description, &r.due, &r.status].map(|s| s.to_string()).to_vec())
                .collect(),
        });
    }
    blocks.push(heading(3, "Outstanding actions"));
    if facts.actions.is_empty() {
        blocks.push(paragraph("None."));
    }
    for action in &facts.actions {
        blocks.extend(facts_block(&[
            Labelled::new("Action", &action.id),
            Labelled::new("Stage", &action.stage),
            Labelled::new("What is to be done", &action.description),
            Labelled::new("Owner", &action.owner),
            Labelled::new("By", &action.due),
            Labelled::new("Status", &action.status),
        ]));
        if !action.updates.is_empty() {
            blocks.push(paragraph(&format!("Updates on action {}:", action.id)));
            blocks.push(list(&action.updates));
        }
    }
    blocks
}

fn integrity(integrity: &Integrity) -> Vec<Block> {
    let outcome = if integrity.verified {
        format!(
            "The record was checked when this file was made and nothing was found altered, missing or added. Its {} events form an unbroken chain ending in event {}, whose hash is:",
            integrity.events, integrity.head_seq
        )
    } else {
        format!(
            "The record was checked when this file was made and {} problems were found (listed below). Its chain of {} events should end in event {}, whose recorded hash is:",
            integrity.problems.len(),
            integrity.events,
            integrity.head_seq
        )
    };
    let mut blocks = vec![
        paragraph(&outcome),
        Block::Paragraph { text: vec![Inline::Strong { text: checksum(&integrity.head_hash) }] },
        paragraph(&format!(
            "{} items of correspondence and files were checked against their recorded SHA-256 checksums.",
            integrity.files_checked
        )),
        paragraph(
            "What this means: each event of the complaint is stored with a hash, a fingerprint computed from its content and from the hash of the event before it. Changing, removing or inserting any event, even by someone with direct access to the database, changes every hash after it, so the chain would no longer end in the hash above. Keep this hash: anyone can check later that the record is still the one this file shows (redress audit verify).",
        ),
    ];
    if !integrity.problems.is_empty() {
        blocks.push(heading(3, "Problems found"));
        blocks.push(list(&integrity.problems));
    }
    blocks
}

/// A SHA-256 in groups of eight, so that it wraps on a page; the text without spaces is the hash.
fn checksum(hex: &str) -> String {
    hex.as_bytes().chunks(8).map(|group| String::from_utf8_lossy(group).into_owned()).collect::<Vec<_>>().join(" ")
}

/// A subheading and its list, or `none` when the list is empty.
fn listed(title: &str, items: &[String], none: &str) -> Vec<Block> {
    let body = if items.is_empty() { paragraph(none) } else { list(items) };
    vec![paragraph_strong(title), body]
}

fn heading(level: u8, words: &str) -> Block {
    Block::Heading { level, text: words.into() }
}

fn text(words: &str) -> Inline {
    Inline::Text { text: words.into() }
}

fn paragraph(words: &str) -> Block {
    Block::Paragraph { text: vec![text(words)] }
}

fn paragraph_strong(words: &str) -> Block {
    Block::Paragraph { text: vec![Inline::Strong { text: words.into() }] }
}

/// Text that may hold several paragraphs (separated by blank lines), one block each.
fn paragraphs(words: &str) -> Vec<Block> {
    let blocks: Vec<Block> = words
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| paragraph(&p.replace('\n', " ")))
        .collect();
    if blocks.is_empty() { vec![paragraph("(No text.)")] } else { blocks }
}

fn list(items: &[String]) -> Block {
    Block::List { ordered: false, items: items.iter().map(|i| vec![text(i)]).collect() }
}

/// A facts block, or nothing for no facts (an empty summary list says nothing).
fn facts_block(rows: &[Labelled]) -> Option<Block> {
    (!rows.is_empty()).then(|| Block::Facts {
        rows: rows.iter().map(|r| Fact { label: r.label.clone(), value: r.value.clone() }).collect(),
    })
}
