//! The audit of the record through the application (Code 5.12): what only the application
//! can check, because it reads inside events. A stored status that is not the record's, and
//! correspondence or files deleted, replaced with matching checksums, or slipped in without
//! an event, are each detected.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::civil::date;
use redress_storage::{Backend, Database, Direction, NewCorrespondence, ProblemKind, sha256_hex};
use serde_json::json;

use crate::case;
use crate::support::{Api, at};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(code_5_12_the_audit_detects_a_stored_status_or_stage_that_is_not_the_records),
        case!(code_5_12_the_audit_detects_an_attachment_replaced_with_its_checksum_or_deleted),
        case!(code_5_12_the_audit_detects_correspondence_rewritten_with_its_hash_or_deleted),
        case!(code_5_12_the_audit_detects_correspondence_no_event_records),
        case!(code_5_12_housekeeping_checkpoints_so_a_closure_cut_later_is_detected),
    ]
}

/// A complaint acknowledged at stage 1 with one letter carrying one file; returns its id,
/// the letter's id and the file's id.
async fn with_letter(api: &Api) -> (String, String, String) {
    let id = api.acknowledged().await;
    api.set_now(at(date(2024, 6, 4), 16));
    let letter = json!({
        "direction": "outgoing", "channel": "letter", "subject": "We have your complaint",
        "body": "Dear Rosa, we have your complaint.",
        "attachments": [{ "file_name": "letter.pdf", "media_type": "application/pdf",
                          "content_base64": STANDARD.encode(b"%PDF-1.7 letter") }],
    });
    let reply = api.act(&api.handler, &id, "correspondence", letter).await;
    let item = &reply.expect(StatusCode::OK).json["correspondence"][0];
    let file = item["attachments"][0]["id"].as_str().unwrap().to_owned();
    (id, item["id"].as_str().unwrap().to_owned(), file)
}

/// The kinds of problem the audit finds.
async fn problems(api: &Api) -> Vec<ProblemKind> {
    let report = api.app.verify_record(&[]).await.unwrap();
    report.problems.iter().map(|p| p.kind).collect()
}

/// `$body` on whichever pool `$db` holds (the same text compiled for each).
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Database::Sqlite($pool) => $body,
            Database::Postgres($pool) => $body,
        }
    };
}

/// Runs SQL with text arguments, as someone with database access would.
async fn exec(db: &Database, sql: &'static str, args: &[&str]) -> u64 {
    on_pool!(db, pool => {
        let mut query = sqlx::query(sql);
        for arg in args {
            query = query.bind(*arg);
        }
        query.execute(pool).await.unwrap().rows_affected()
    })
}

async fn code_5_12_the_audit_detects_a_stored_status_or_stage_that_is_not_the_records(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.responded().await;
    assert!(problems(&api).await.is_empty());
    // The case list would show it as still being investigated.
    assert_eq!(exec(&api.db, "update complaints set status = $1 where id = $2", &["investigating", &id]).await, 1);
    assert_eq!(problems(&api).await, [ProblemKind::SummaryMismatch]);
    exec(&api.db, "update complaints set status = $1 where id = $2", &["responded", &id]).await;
    assert!(problems(&api).await.is_empty());
    assert_eq!(exec(&api.db, "update complaints set stage = 2 where id = $1", &[&id]).await, 1);
    assert_eq!(problems(&api).await, [ProblemKind::SummaryMismatch]);
}

async fn code_5_12_the_audit_detects_an_attachment_replaced_with_its_checksum_or_deleted(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (_, _, file) = with_letter(&api).await;
    assert!(problems(&api).await.is_empty());
    // Bytes, checksum and size replaced together: the file's own check passes.
    let forged = b"%PDF-1.7 a different letter";
    let sha = sha256_hex(forged);
    let sql = "update attachments set content = $1, sha256 = $2, size_bytes = $3 where id = $4";
    let replace = on_pool!(&api.db, pool => sqlx::query(sql)
        .bind(forged.as_slice())
        .bind(&sha)
        .bind(forged.len() as i64)
        .bind(&file)
        .execute(pool)
        .await
        .unwrap()
        .rows_affected());
    assert_eq!(replace, 1);
    assert_eq!(problems(&api).await, [ProblemKind::AttachmentAltered]);
    assert_eq!(exec(&api.db, "delete from attachments where id = $1", &[&file]).await, 1);
    assert_eq!(problems(&api).await, [ProblemKind::AttachmentMissing]);
}

async fn code_5_12_the_audit_detects_correspondence_rewritten_with_its_hash_or_deleted(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (id, letter, _) = with_letter(&api).await;
    let stored = api.db.get_correspondence(&api.landlord, &letter.parse().unwrap()).await.unwrap().unwrap();
    // The text rewritten, with the row's hash recomputed as the published algorithm says.
    let rewritten = NewCorrespondence {
        id: stored.id.clone(),
        complaint_id: id.parse().unwrap(),
        direction: Direction::Out,
        channel: stored.channel.clone(),
        subject: stored.subject.clone(),
        body: "Dear Rosa, we uphold your complaint in full.".into(),
        occurred_at: stored.occurred_at,
        recorded_at: stored.recorded_at,
    };
    let hash = rewritten.content_hash(&api.landlord);
    let sql = "update correspondence set body = $1, hash = $2 where id = $3";
    assert_eq!(exec(&api.db, sql, &[&rewritten.body, &hash, &letter]).await, 1);
    assert_eq!(problems(&api).await, [ProblemKind::CorrespondenceAltered]);
    exec(&api.db, "delete from attachments where correspondence_id = $1", &[&letter]).await;
    assert_eq!(exec(&api.db, "delete from correspondence where id = $1", &[&letter]).await, 1);
    assert_eq!(problems(&api).await, [ProblemKind::CorrespondenceMissing]);
}

async fn code_5_12_the_audit_detects_correspondence_no_event_records(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (id, letter, _) = with_letter(&api).await;
    let stored = api.db.get_correspondence(&api.landlord, &letter.parse().unwrap()).await.unwrap().unwrap();
    let slipped_in = NewCorrespondence {
        id: "slipped-in".parse().unwrap(),
        complaint_id: id.parse().unwrap(),
        direction: Direction::In,
        channel: "letter".into(),
        subject: "I withdraw my complaint".into(),
        body: "Please close it.".into(),
        occurred_at: stored.occurred_at,
        recorded_at: stored.recorded_at,
    };
    api.db.record_correspondence(&api.landlord, &slipped_in).await.unwrap();
    assert_eq!(problems(&api).await, [ProblemKind::CorrespondenceNotInRecord]);
}

async fn code_5_12_housekeeping_checkpoints_so_a_closure_cut_later_is_detected(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.responded().await;
    api.app.housekeeping().await.unwrap();
    // The response removed with its head row, as someone with database access would.
    let last = api.stored_events(&id).await.len().to_string();
    let delete = "delete from complaint_events where complaint_id = $1 and seq = cast($2 as integer)";
    assert_eq!(exec(&api.db, delete, &[&id, &last]).await, 1);
    let rewind = "update complaints set last_seq = last_seq - 1, status = 'investigating',
                      head_hash = (select hash from complaint_events e where e.complaint_id = $1
                                   and e.seq = complaints.last_seq - 1)
                  where id = $1";
    assert_eq!(exec(&api.db, rewind, &[&id]).await, 1);
    assert_eq!(problems(&api).await, [ProblemKind::CutSinceCheckpoint]);
}
