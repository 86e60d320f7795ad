//! Cases about response drafts: saved task by task, their files kept until the response is
//! recorded, then deleted in the transaction that records it.

use redress_domain::complaint::StageNumber;
use redress_storage::{
    Backend, Database, DraftKey, DraftSave, Extras, NewAttachment, NewDraftAttachment, StorageError, UsedDraft,
    sha256_hex,
};

use crate::correspondence::letter;
use crate::fixtures::{World, at, cid, complaint, event, id, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_draft_is_saved_task_by_task_with_who_saved_it_last),
        on_each_backend!(a_draft_keeps_its_files_until_one_is_removed),
        on_each_backend!(a_draft_is_one_organisations_and_one_stages),
        on_each_backend!(recording_the_response_moves_the_files_and_deletes_the_draft_in_one_transaction),
        on_each_backend!(a_draft_saved_again_since_it_was_read_stops_the_recording),
    ]
}

fn key(complaint: &str, stage: StageNumber) -> DraftKey {
    DraftKey { complaint_id: cid(complaint), stage }
}

fn saved(w: &World, when: &str) -> DraftSave {
    DraftSave { by: w.a.user_id(), at: at(when) }
}

fn file(name: &str, content: &[u8]) -> NewDraftAttachment {
    NewDraftAttachment {
        id: id(name),
        file_name: format!("{name}.pdf"),
        media_type: "application/pdf".into(),
        content: content.to_vec(),
    }
}

async fn a_draft_is_saved_task_by_task_with_who_saved_it_last(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (db, org): (&Database, _) = (&w.db, w.a.org());
    complaint(db, &w.a, "c-1", "2025-03-01").await?;
    let k = key("c-1", StageNumber::One);
    assert_eq!(db.response_draft(&org, &k).await?, None, "no draft until one is saved");
    db.save_draft_part(&org, &k, "remedies", r#"[["remedy","none"]]"#, &saved(&w, "2025-03-02T09:00:00Z")).await?;
    db.save_draft_part(&org, &k, "decisions", r#"[["decision","upheld"]]"#, &saved(&w, "2025-03-02T09:05:00Z")).await?;
    db.save_draft_part(&org, &k, "remedies", r#"[["remedy","offered"]]"#, &saved(&w, "2025-03-02T09:10:00Z")).await?;
    let draft = db.response_draft(&org, &k).await?.ok_or("the draft")?;
    assert_eq!(
        draft.parts,
        vec![
            ("decisions".to_owned(), r#"[["decision","upheld"]]"#.to_owned()),
            ("remedies".to_owned(), r#"[["remedy","offered"]]"#.to_owned()),
        ],
        "a task saved again replaces its part"
    );
    assert_eq!((draft.saved_by, draft.saved_at, draft.revision), (w.a.user_id(), at("2025-03-02T09:10:00Z"), 3));
    let not_json = db.save_draft_part(&org, &k, "sent", "{", &saved(&w, "2025-03-02T09:15:00Z")).await;
    assert!(matches!(not_json, Err(StorageError::InvalidInput(_))), "{not_json:?}");
    let no_complaint = key("c-none", StageNumber::One);
    let orphan = db.save_draft_part(&org, &no_complaint, "sent", "[]", &saved(&w, "2025-03-02T09:15:00Z")).await;
    assert!(matches!(orphan, Err(StorageError::MissingReference { .. })), "{orphan:?}");
    Ok(())
}

async fn a_draft_keeps_its_files_until_one_is_removed(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (db, org): (&Database, _) = (&w.db, w.a.org());
    complaint(db, &w.a, "c-1", "2025-03-01").await?;
    let k = key("c-1", StageNumber::One);
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let both = [file("f-1", &bytes), file("f-2", b"plan")];
    let kept = db.add_draft_attachments(&org, &k, &both, &saved(&w, "2025-03-02T09:00:00Z")).await?;
    let [first, second] = <[_; 2]>::try_from(kept).map_err(|_| "two files kept")?;
    assert_eq!((first.sha256.as_str(), first.size_bytes), (sha256_hex(&bytes).as_str(), 70_000));
    let draft = db.response_draft(&org, &k).await?.ok_or("the draft, made by the upload")?;
    assert_eq!(draft.attachments, vec![first.clone(), second]);
    assert_eq!(draft.revision, 1, "one upload of two files is one change");
    // An upload with a file that cannot be kept keeps none of its files.
    let clash = [file("f-3", b"new"), file("f-1", b"taken id")];
    let refused = db.add_draft_attachments(&org, &k, &clash, &saved(&w, "2025-03-02T09:01:00Z")).await;
    assert!(matches!(refused, Err(StorageError::Duplicate { .. })), "{refused:?}");
    assert_eq!(db.draft_attachments(&org, &k).await?.len(), 2, "nothing of the refused upload");
    assert_eq!(db.response_draft(&org, &k).await?.ok_or("the draft")?.revision, 1);
    db.remove_draft_attachment(&org, &k, &id("f-2"), &saved(&w, "2025-03-02T09:02:00Z")).await?;
    let files = db.draft_attachments(&org, &k).await?;
    assert_eq!(files.len(), 1);
    assert_eq!((&files[0].info, &files[0].content), (&first, &bytes));
    let again = db.remove_draft_attachment(&org, &k, &id("f-2"), &saved(&w, "2025-03-02T09:03:00Z")).await;
    assert!(matches!(again, Err(StorageError::NotFound { .. })), "{again:?}");
    assert_eq!(db.response_draft(&org, &k).await?.ok_or("the draft")?.revision, 2, "a failed removal saves nothing");
    Ok(())
}

async fn a_draft_is_one_organisations_and_one_stages(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let db: &Database = &w.db;
    complaint(db, &w.a, "c-1", "2025-03-01").await?;
    let k = key("c-1", StageNumber::One);
    db.save_draft_part(&w.a.org(), &k, "sent", "[]", &saved(&w, "2025-03-02T09:00:00Z")).await?;
    db.add_draft_attachments(&w.a.org(), &k, &[file("f-1", b"x")], &saved(&w, "2025-03-02T09:00:00Z")).await?;
    assert_eq!(db.response_draft(&w.b.org(), &k).await?, None, "another organisation's");
    assert!(db.draft_attachments(&w.b.org(), &k).await?.is_empty());
    let removed = db.remove_draft_attachment(&w.b.org(), &k, &id("f-1"), &saved(&w, "2025-03-02T09:00:00Z")).await;
    assert!(matches!(removed, Err(StorageError::NotFound { .. })), "{removed:?}");
    assert_eq!(db.response_draft(&w.a.org(), &key("c-1", StageNumber::Two)).await?, None, "another stage's");
    Ok(())
}

async fn recording_the_response_moves_the_files_and_deletes_the_draft_in_one_transaction(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    let (db, org): (&Database, _) = (&w.db, w.a.org());
    complaint(db, &w.a, "c-1", "2025-03-01").await?;
    let k = key("c-1", StageNumber::One);
    db.save_draft_part(&org, &k, "sent", "[]", &saved(&w, "2025-03-02T09:00:00Z")).await?;
    db.add_draft_attachments(&org, &k, &[file("f-1", b"the letter")], &saved(&w, "2025-03-02T09:01:00Z")).await?;
    let draft = db.response_draft(&org, &k).await?.ok_or("the draft")?;
    let item = letter("k-1", "c-1", "2025-03-10T09:00:00Z");
    let moved: Vec<NewAttachment> = db
        .draft_attachments(&org, &k)
        .await?
        .into_iter()
        .map(|f| NewAttachment {
            id: f.info.id,
            correspondence_id: item.id.clone(),
            file_name: f.info.file_name,
            media_type: f.info.media_type,
            content: f.content,
            expected_sha256: Some(f.info.sha256),
            created_at: at("2025-03-10T12:00:00Z"),
        })
        .collect();
    let used = UsedDraft { key: k.clone(), revision: draft.revision };
    let extras = Extras { correspondence: Some(&item), attachments: &moved, draft: Some(&used), ..Extras::default() };
    let events = [event("responded", "{}"), event("correspondence_recorded", "{}")];
    db.append(&org, &cid("c-1"), 1, &events, &summary(&w.a, "2025-03-01"), extras).await?;
    assert_eq!(db.response_draft(&org, &k).await?, None, "the draft is gone");
    assert!(db.draft_attachments(&org, &k).await?.is_empty(), "and its files");
    let stored = db.get_attachment(&org, &id("f-1")).await?.ok_or("the file, in the record")?;
    assert_eq!(stored.content, b"the letter");
    Ok(())
}

async fn a_draft_saved_again_since_it_was_read_stops_the_recording(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (db, org): (&Database, _) = (&w.db, w.a.org());
    complaint(db, &w.a, "c-1", "2025-03-01").await?;
    let k = key("c-1", StageNumber::One);
    db.save_draft_part(&org, &k, "sent", "[]", &saved(&w, "2025-03-02T09:00:00Z")).await?;
    let read = db.response_draft(&org, &k).await?.ok_or("the draft")?;
    db.save_draft_part(&org, &k, "sent", r#"[["sent","now"]]"#, &saved(&w, "2025-03-02T09:05:00Z")).await?;
    let used = UsedDraft { key: k.clone(), revision: read.revision };
    let extras = Extras { draft: Some(&used), ..Extras::default() };
    let stale =
        db.append(&org, &cid("c-1"), 1, &[event("responded", "{}")], &summary(&w.a, "2025-03-01"), extras).await;
    assert!(matches!(stale, Err(StorageError::Stale { .. })), "{stale:?}");
    assert_eq!(db.load_events(&org, &cid("c-1")).await?.len(), 1, "nothing recorded");
    let kept = db.response_draft(&org, &k).await?.ok_or("the draft, kept")?;
    assert_eq!(kept.parts, vec![("sent".to_owned(), r#"[["sent","now"]]"#.to_owned())]);
    Ok(())
}
