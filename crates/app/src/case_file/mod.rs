//! The case file (issue 11): one complaint's whole record for the Housing Ombudsman, a subject
//! access request or a review, made in one read (Code 5.12: the full record, kept and
//! produced). `App::case_file` reads the complaint within the caller's scope with its
//! correspondence and files, checks its record now (its event chain against its head, each
//! event's correspondence and files against those stored, each item's and file's checksum),
//! and gives the PDF (`redress_casefile::document`, printed by `redress_pdf` off the async
//! runtime) and the zip of the PDF, the original attachments and `record.json` (the record as
//! stored: every event with both its times and its hash, the correspondence and the files'
//! checksums, the integrity found). The facts in words are made in `facts.rs`.

mod facts;

use redress_casefile::{AttachmentFacts, CaseFacts, CorrespondenceFacts, Integrity};
use redress_domain::complaint::Happened;
use redress_domain::ids::ComplaintId;
use redress_storage::{ComplaintAudit, StorageError};
use serde_json::{Value, json};

use crate::{Actor, App, AppError, ComplaintView, CorrespondenceRecord, Permission};

/// A complaint's case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    /// The complaint's reference, for the files' names.
    pub reference: String,
    /// The case file as a PDF.
    pub pdf: Vec<u8>,
    /// The zip: `case-file.pdf`, `record.json` and the attachments under `attachments/`.
    pub zip: Vec<u8>,
}

/// One attachment read for the file: where it goes in the zip, and its bytes if they still
/// match their checksum.
struct ReadFile {
    path: String,
    bytes: Option<Vec<u8>>,
}

impl App {
    /// The case file of complaint `complaint_id`, for anyone who may read it (within their
    /// scope: another's complaint is not found).
    pub async fn case_file(&self, actor: &Actor, complaint_id: &ComplaintId) -> Result<CaseFile, AppError> {
        actor.require(Permission::ReadCases)?;
        let view = self.complaint(actor, complaint_id).await?;
        let org = &actor.scope.landlord;
        let (letters, names, organisations, audit) = tokio::try_join!(
            self.correspondence_of(org, complaint_id),
            self.staff_names(actor),
            self.organisation_names(actor),
            self.audit_one(org, complaint_id),
        )?;
        let mut problems: Vec<String> =
            audit.problems.iter().map(|p| problem_sentence(&p.kind, p.seq, &p.detail)).collect();
        let files = self.read_files(org, &letters, &mut problems).await?;
        let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
        let integrity = Integrity {
            verified: problems.is_empty(),
            events: audit.events,
            head_seq: audit.last_seq,
            head_hash: audit.head_hash.clone(),
            files_checked: audit.correspondence + files.len() as u64,
            problems,
        };
        let made_at = self.now();
        let case = CaseFacts {
            reference: view.reference.clone(),
            landlord: organisations.get(org).cloned().unwrap_or_default(),
            made_at: facts::instant(made_at),
            made_by: actor.name.clone(),
            summary: facts::summary(&view.reference, &view.complaint, &name_of),
            description: view.complaint.logged.description.clone(),
            decisions: facts::decisions(&view.complaint),
            stages: std::iter::once(&view.complaint.stage1)
                .chain(view.complaint.stage2.as_ref())
                .map(|s| facts::stage(s, &name_of))
                .collect(),
            deadlines: facts::deadlines(&view.deadlines),
            timeline: facts::timeline(&view.events, &name_of),
            correspondence: correspondence_facts(&letters, &files),
            remedies: facts::remedies(&view.complaint),
            actions: facts::actions(&view.complaint, &name_of),
            integrity,
        };
        let record = record_json(&view, &letters, &files, &case.integrity, made_at);
        let record = serde_json::to_vec_pretty(&record).map_err(|e| AppError::Corrupt(e.to_string()))?;
        let document = redress_casefile::document(&case);
        let pdf = tokio::task::spawn_blocking(move || redress_pdf::render(&document))
            .await
            .map_err(|error| AppError::Corrupt(format!("printing the case file stopped: {error}")))??;
        let attachments: Vec<(String, Vec<u8>)> =
            files.into_iter().filter_map(|f| f.bytes.map(|bytes| (f.path, bytes))).collect();
        let zip =
            redress_casefile::bundle(&pdf, &attachments, &record).map_err(|e| AppError::Corrupt(e.to_string()))?;
        // Who made whose file, by ids only: never the resident's or the record's words.
        tracing::info!(complaint = %complaint_id, by = %actor.user_id, "case file made");
        Ok(CaseFile { reference: view.reference, pdf, zip })
    }

    /// Complaint `complaint_id`'s record checked now, with the checks inside its events.
    async fn audit_one(
        &self,
        org: &redress_domain::ids::OrganisationId,
        complaint_id: &ComplaintId,
    ) -> Result<ComplaintAudit, AppError> {
        let audit = self.db().audit_complaint(org, complaint_id, Some(&crate::audit::EventContent)).await?;
        audit.ok_or(AppError::NotFound("complaint"))
    }

    /// The bytes of every attachment of `letters`, in order, each checked against its
    /// SHA-256: one that no longer matches is left out of the zip, and said in `problems`.
    async fn read_files(
        &self,
        org: &redress_domain::ids::OrganisationId,
        letters: &[CorrespondenceRecord],
        problems: &mut Vec<String>,
    ) -> Result<Vec<ReadFile>, AppError> {
        let infos: Vec<_> = letters.iter().flat_map(|l| &l.attachments).collect();
        let names: Vec<&str> = infos.iter().map(|a| a.file_name.as_str()).collect();
        let paths = redress_casefile::attachment_paths(&names);
        let mut files = Vec::with_capacity(infos.len());
        for (info, path) in infos.into_iter().zip(paths) {
            let bytes = match self.db().get_attachment(org, &info.id).await {
                Ok(found) => found.map(|a| a.content),
                Err(StorageError::Integrity { reason, .. }) => {
                    problems
                        .push(format!("The file {path} no longer matches its checksum ({reason}): it is left out."));
                    None
                }
                Err(error) => return Err(error.into()),
            };
            files.push(ReadFile { path, bytes });
        }
        Ok(files)
    }
}

/// A problem the check found, as a sentence.
fn problem_sentence(kind: &redress_storage::ProblemKind, seq: Option<i64>, detail: &str) -> String {
    let at = seq.map_or_else(String::new, |seq| format!(" at event {seq}"));
    let detail = if detail.is_empty() { String::new() } else { format!(": {detail}") };
    format!("{kind:?}{at}{detail}")
}

/// The correspondence in words, each file with its path in the zip.
fn correspondence_facts(letters: &[CorrespondenceRecord], files: &[ReadFile]) -> Vec<CorrespondenceFacts> {
    let mut paths = files.iter().map(|f| f.path.clone());
    letters
        .iter()
        .map(|record| {
            let item = &record.item;
            let direction = match item.direction {
                redress_storage::Direction::In => redress_domain::complaint::Direction::Incoming,
                redress_storage::Direction::Out => redress_domain::complaint::Direction::Outgoing,
            };
            CorrespondenceFacts {
                subject: item.subject.clone(),
                direction: direction.label().to_owned(),
                channel: redress_domain::complaint::Channel::named(&item.channel)
                    .map_or_else(|| item.channel.clone(), |c| c.label().to_owned()),
                occurred: facts::instant(item.occurred_at),
                recorded: facts::instant(item.recorded_at),
                sha256: item.hash.clone(),
                body: item.body.clone(),
                attachments: record
                    .attachments
                    .iter()
                    .map(|a| AttachmentFacts {
                        file_name: a.file_name.clone(),
                        media_type: a.media_type.clone(),
                        size_bytes: a.size_bytes,
                        sha256: a.sha256.clone(),
                        path: paths.next().unwrap_or_default(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The record as stored, for `record.json`: times in UTC (RFC 3339), ids and hashes as kept.
fn record_json(
    view: &ComplaintView,
    letters: &[CorrespondenceRecord],
    files: &[ReadFile],
    integrity: &Integrity,
    made_at: jiff::Timestamp,
) -> Value {
    let events: Vec<Value> = view
        .events
        .iter()
        .map(|e| {
            let (happened_at, happened_on) = match e.event.happened() {
                Some(Happened::At(at)) => (Some(at.to_string()), None),
                Some(Happened::On(on)) => (None, Some(on.to_string())),
                None => (None, None),
            };
            json!({
                "seq": e.seq,
                "happened_at": happened_at,
                "happened_on": happened_on,
                "recorded_at": e.recorded_at.to_string(),
                "recorded_by": e.actor,
                "hash": e.hash,
                "event": e.event,
            })
        })
        .collect();
    let mut paths = files.iter().map(|f| (f.path.clone(), f.bytes.is_some()));
    let correspondence: Vec<Value> = letters
        .iter()
        .map(|record| {
            let item = &record.item;
            let attachments: Vec<Value> = record
                .attachments
                .iter()
                .map(|a| {
                    let (path, included) = paths.next().unwrap_or_default();
                    json!({
                        "id": a.id, "file_name": a.file_name, "media_type": a.media_type,
                        "size_bytes": a.size_bytes, "sha256": a.sha256,
                        "path": if included { Some(path) } else { None },
                    })
                })
                .collect();
            json!({
                "id": item.id, "direction": match item.direction {
                    redress_storage::Direction::In => "in",
                    redress_storage::Direction::Out => "out",
                },
                "channel": item.channel, "subject": item.subject, "body": item.body,
                "occurred_at": item.occurred_at.to_string(), "recorded_at": item.recorded_at.to_string(),
                "sha256": item.hash, "attachments": attachments,
            })
        })
        .collect();
    json!({
        "complaint": { "id": view.id, "reference": view.reference, "status": view.status.as_str(), "stage": view.stage },
        "made_at": made_at.to_string(),
        "events": events,
        "correspondence": correspondence,
        "integrity": integrity,
    })
}
