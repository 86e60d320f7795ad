//! Cases about correspondence and attachments.

use redress_storage::{Backend, Direction, NewAttachment, NewCorrespondence, StorageError, sha256_hex};

use crate::fixtures::{at, complaint, id, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(correspondence_is_recorded_on_a_complaint_and_listed_in_order),
        on_each_backend!(an_attachment_is_stored_with_its_sha256_and_read_back_checked),
        on_each_backend!(an_attachment_whose_given_checksum_does_not_match_is_refused),
        on_each_backend!(an_attachment_altered_in_the_database_is_refused_on_reading),
        on_each_backend!(another_organisation_sees_no_correspondence_or_attachments),
    ]
}

/// A letter out on complaint `complaint_id`.
pub fn letter(item: &str, complaint_id: &str, occurred_at: &str) -> NewCorrespondence {
    NewCorrespondence {
        id: id(item),
        complaint_id: id(complaint_id),
        direction: Direction::Out,
        channel: "letter".into(),
        subject: "Your complaint: stage 1 response".into(),
        body: "Dear Ada,\n\nWe have looked into your complaint…".into(),
        occurred_at: at(occurred_at),
        recorded_at: at("2025-03-10T12:00:00Z"),
    }
}

/// A PDF attached to correspondence `correspondence_id`.
pub fn pdf(file: &str, correspondence_id: &str, content: &[u8]) -> NewAttachment {
    NewAttachment {
        id: id(file),
        correspondence_id: id(correspondence_id),
        file_name: "response.pdf".into(),
        media_type: "application/pdf".into(),
        content: content.to_vec(),
        expected_sha256: None,
        created_at: at("2025-03-10T12:00:00Z"),
    }
}

async fn correspondence_is_recorded_on_a_complaint_and_listed_in_order(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let later = w.db.record_correspondence(&w.a.org(), &letter("k-2", "c-1", "2025-03-10T09:00:00Z")).await?;
    let mut call = letter("k-1", "c-1", "2025-03-02T15:30:00Z");
    call.direction = Direction::In;
    call.channel = "phone".into();
    let earlier = w.db.record_correspondence(&w.a.org(), &call).await?;
    assert_eq!(earlier.direction, Direction::In);
    assert_eq!(earlier.hash.len(), 64);
    assert_eq!(w.db.get_correspondence(&w.a.org(), &"k-2".parse()?).await?, Some(later.clone()));
    assert_eq!(w.db.list_correspondence(&w.a.org(), &"c-1".parse()?).await?, vec![earlier, later]);
    let orphan = w.db.record_correspondence(&w.a.org(), &letter("k-3", "c-none", "2025-03-10T09:00:00Z")).await;
    assert!(matches!(orphan, Err(StorageError::MissingReference { .. })), "{orphan:?}");
    Ok(())
}

async fn an_attachment_is_stored_with_its_sha256_and_read_back_checked(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    w.db.record_correspondence(&w.a.org(), &letter("k-1", "c-1", "2025-03-10T09:00:00Z")).await?;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let mut new = pdf("f-1", "k-1", &bytes);
    new.expected_sha256 = Some(sha256_hex(&bytes).to_uppercase());
    let info = w.db.add_attachment(&w.a.org(), &new).await?;
    assert_eq!(info.sha256, sha256_hex(&bytes));
    assert_eq!(info.size_bytes, 70_000);
    let read = w.db.get_attachment(&w.a.org(), &"f-1".parse()?).await?.ok_or("the attachment")?;
    assert_eq!(read.content, bytes);
    assert_eq!(read.info, info);
    assert_eq!(w.db.list_attachments(&w.a.org(), &"k-1".parse()?).await?, vec![info]);
    Ok(())
}

async fn an_attachment_whose_given_checksum_does_not_match_is_refused(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    w.db.record_correspondence(&w.a.org(), &letter("k-1", "c-1", "2025-03-10T09:00:00Z")).await?;
    let mut new = pdf("f-1", "k-1", b"%PDF-1.7 ...");
    new.expected_sha256 = Some(sha256_hex(b"something else"));
    assert!(matches!(w.db.add_attachment(&w.a.org(), &new).await, Err(StorageError::InvalidInput(_))));
    assert_eq!(w.db.get_attachment(&w.a.org(), &"f-1".parse()?).await?, None);
    Ok(())
}

async fn an_attachment_altered_in_the_database_is_refused_on_reading(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    w.db.record_correspondence(&w.a.org(), &letter("k-1", "c-1", "2025-03-10T09:00:00Z")).await?;
    w.db.add_attachment(&w.a.org(), &pdf("f-1", "k-1", b"%PDF-1.7 original")).await?;
    tamper_with_attachment(&w.db, "f-1").await?;
    let read = w.db.get_attachment(&w.a.org(), &"f-1".parse()?).await;
    assert!(matches!(read, Err(StorageError::Integrity { what: "attachment", .. })), "{read:?}");
    Ok(())
}

/// Replaces an attachment's bytes behind storage's back.
pub async fn tamper_with_attachment(db: &redress_storage::Database, id: &str) -> CaseResult {
    let changed = match db {
        redress_storage::Database::Sqlite(pool) => sqlx::query("update attachments set content = $1 where id = $2")
            .bind(b"%PDF-1.7 forged".as_slice())
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected(),
        redress_storage::Database::Postgres(pool) => sqlx::query("update attachments set content = $1 where id = $2")
            .bind(b"%PDF-1.7 forged".as_slice())
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected(),
    };
    assert_eq!(changed, 1);
    Ok(())
}

async fn another_organisation_sees_no_correspondence_or_attachments(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    w.db.record_correspondence(&w.a.org(), &letter("k-1", "c-1", "2025-03-10T09:00:00Z")).await?;
    w.db.add_attachment(&w.a.org(), &pdf("f-1", "k-1", b"%PDF")).await?;
    assert_eq!(w.db.get_correspondence(&w.b.org(), &"k-1".parse()?).await?, None);
    assert!(w.db.list_correspondence(&w.b.org(), &"c-1".parse()?).await?.is_empty());
    assert_eq!(w.db.get_attachment(&w.b.org(), &"f-1".parse()?).await?, None);
    assert!(w.db.list_attachments(&w.b.org(), &"k-1".parse()?).await?.is_empty());
    // Nor can it attach files to A's correspondence or write on A's complaint.
    assert!(matches!(
        w.db.add_attachment(&w.b.org(), &pdf("f-2", "k-1", b"x")).await,
        Err(StorageError::MissingReference { .. })
    ));
    let result = w.db.record_correspondence(&w.b.org(), &letter("k-2", "c-1", "2025-03-10T09:00:00Z")).await;
    assert!(matches!(result, Err(StorageError::MissingReference { .. })), "{result:?}");
    Ok(())
}
