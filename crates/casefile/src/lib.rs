//! A complaint's case file (issue 11): what the landlord sends the Housing Ombudsman when it
//! investigates, and what answers a subject access request or a review. One click gives the
//! whole record, so that no one assembles it by hand.
//!
//! The crate is pure: no I/O, no clock, no database. The application gathers the case's facts
//! into a [`CaseFacts`] (every value already in the words and the time zone a reader reads:
//! labels, dates in England), and this crate lays them out as a
//! [`redress_documents::Document`] (`document.rs`: a contents page, the summary, the definition
//! at each stage, the deadlines with their derivation, the timeline with both times of every
//! event, the correspondence with its checksums, the remedies and actions, and the integrity
//! statement), which `redress-pdf` prints; and packs the PDF, the original attachments and the
//! record as JSON into one zip (`bundle.rs`).

mod bundle;
mod document;

pub use bundle::{BundleError, CASE_FILE_PDF, RECORD_JSON, attachment_paths, bundle};
pub use document::{SECTIONS, document};

use serde::Serialize;

/// Everything the case file says about one complaint, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseFacts {
    /// The complaint's reference.
    pub reference: String,
    /// The landlord whose record it is.
    pub landlord: String,
    /// When the file was made, in England ("7 December 2026 at 14:05 GMT").
    pub made_at: String,
    /// Who made it.
    pub made_by: String,
    /// The case at a glance: status, stage, dates, channel, handler…
    pub summary: Vec<Labelled>,
    /// The complaint in the resident's words, as logged.
    pub description: String,
    /// What was decided without a stage: a decision not to accept, refusals to escalate, the
    /// closure, the Housing Ombudsman's involvement; each a titled list of facts.
    pub decisions: Vec<Part>,
    /// Each stage the complaint reached, in order.
    pub stages: Vec<StageFacts>,
    /// Every deadline, in order.
    pub deadlines: Vec<DeadlineFacts>,
    /// Every event of the record, in order.
    pub timeline: Vec<EventFacts>,
    /// Every item of correspondence, letters included, oldest first.
    pub correspondence: Vec<CorrespondenceFacts>,
    /// Every remedy offered.
    pub remedies: Vec<RemedyFacts>,
    /// Every outstanding action.
    pub actions: Vec<ActionFacts>,
    /// The record checked as the file was made.
    pub integrity: Integrity,
}

/// A label and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labelled {
    /// What the value is.
    pub label: String,
    /// The value.
    pub value: String,
}

impl Labelled {
    /// `label`: `value`.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Labelled {
        Labelled { label: label.into(), value: value.into() }
    }
}

/// A titled list of facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// Its title ("Decision not to accept the complaint").
    pub title: String,
    /// Its facts.
    pub facts: Vec<Labelled>,
}

/// One stage of the complaint: its facts, its definition and its response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageFacts {
    /// "Stage 1", "Stage 2".
    pub title: String,
    /// When it began, who handled it, who acknowledged it, extensions, the response…
    pub facts: Vec<Labelled>,
    /// The points of the definition ("P1: The repair was late"), Code 5.6.
    pub points: Vec<String>,
    /// The outcomes the resident sought, Code 5.6.
    pub outcomes_sought: Vec<String>,
    /// What the landlord is responsible for in this complaint, Code 5.7.
    pub responsible_for: Vec<String>,
    /// What it is not responsible for, and who is, Code 5.7.
    pub not_responsible_for: Vec<String>,
    /// The decision and reasons on each point ("P1, upheld: …").
    pub decisions: Vec<String>,
}

/// One deadline with how it was worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineFacts {
    /// "Stage 1 response".
    pub title: String,
    /// The due date in force.
    pub due: String,
    /// Where it stands ("Met", "Missed").
    pub status: String,
    /// When it was done, if it has been.
    pub done: Option<String>,
    /// How the due date was worked out, one sentence each: the start, the provision and its
    /// working days, the due date by the rule, each extension, each day skipped by name.
    pub derivation: Vec<String>,
    /// Each event that met or moved it but was recorded after it had passed, with its reason.
    pub recorded_late: Vec<String>,
}

/// One event of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventFacts {
    /// Its place in the complaint's chain, from 1.
    pub seq: i64,
    /// What happened ("Acknowledged: stage 1").
    pub what: String,
    /// When it happened, as stated, in England.
    pub happened: String,
    /// When it was recorded, in England.
    pub recorded: String,
    /// Who recorded it.
    pub by: String,
}

/// One item of correspondence, a letter or otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrespondenceFacts {
    /// Its subject.
    pub subject: String,
    /// "Incoming", "Outgoing".
    pub direction: String,
    /// How it came or went ("Letter", "Email").
    pub channel: String,
    /// When it was sent or received, in England.
    pub occurred: String,
    /// When it was recorded, in England.
    pub recorded: String,
    /// The SHA-256 of its content as recorded (lowercase hex).
    pub sha256: String,
    /// Its text.
    pub body: String,
    /// Its files.
    pub attachments: Vec<AttachmentFacts>,
}

/// A file attached to correspondence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentFacts {
    /// The file's name as recorded.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// The SHA-256 of its bytes as recorded (lowercase hex).
    pub sha256: String,
    /// Where it is in the zip (`attachments/…`; see [`attachment_paths`]).
    pub path: String,
}

/// A remedy offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemedyFacts {
    /// "R1".
    pub id: String,
    /// The stage it was offered at.
    pub stage: String,
    /// Its kind ("Apology").
    pub kind: String,
    /// What will happen, and the amount for a financial remedy.
    pub description: String,
    /// By when.
    pub due: String,
    /// "Completed on 3 June 2024: paid by BACS", "Not yet completed".
    pub status: String,
}

/// An outstanding action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionFacts {
    /// "A1".
    pub id: String,
    /// The stage it was added at.
    pub stage: String,
    /// What is to be done.
    pub description: String,
    /// Who owns it.
    pub owner: String,
    /// By when.
    pub due: String,
    /// "Completed on …", "Not yet completed".
    pub status: String,
    /// Each update, with whether the resident was told.
    pub updates: Vec<String>,
}

/// The record's integrity as checked when the file was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Integrity {
    /// Whether nothing was found wrong.
    pub verified: bool,
    /// How many events the chain holds.
    pub events: u64,
    /// The seq of the last event.
    pub head_seq: i64,
    /// The hash the chain ends in (lowercase hex).
    pub head_hash: String,
    /// How many items of correspondence and attachments were checked against their hashes.
    pub files_checked: u64,
    /// What was found wrong, one sentence each; empty when verified.
    pub problems: Vec<String>,
}
