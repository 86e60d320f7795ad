//! Cases about the outbox (emails, their files and attempts) and the print queue.

use std::collections::BTreeSet;

use redress_domain::delivery::{AfterAttempt, AttemptOutcome, EmailState};
use redress_domain::ids::EmailId;
use redress_storage::{
    Backend, Database, Extras, NewEmail, NewEmailAttempt, NewEmailFile, NewPrintItem, StorageError, sha256_hex,
};

use crate::correspondence::{letter, pdf, tamper_with_attachment};
use crate::fixtures::{Org, assert_audit_clean, at, cid, complaint, event, exec, id, on, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(an_email_is_queued_with_its_files_and_listed_on_its_complaint),
        on_each_backend!(an_email_queued_with_its_correspondence_is_written_with_it_or_not_at_all),
        on_each_backend!(two_claimers_at_once_never_claim_the_same_email),
        on_each_backend!(a_claim_keeps_an_email_until_it_runs_out_and_then_it_is_claimed_again),
        on_each_backend!(each_attempt_is_recorded_and_the_email_left_as_decided),
        on_each_backend!(a_sender_that_lost_its_claim_records_its_attempt_but_not_the_state),
        on_each_backend!(a_stored_file_altered_after_queuing_is_refused_when_sent),
        on_each_backend!(nothing_of_the_outbox_or_the_print_queue_can_be_deleted),
        on_each_backend!(letters_are_queued_for_print_listed_by_day_and_posted_once),
        on_each_backend!(the_letters_to_post_are_every_days_unposted_ones_by_day),
    ]
}

/// An email for correspondence `k-1` of complaint `c-1`, queued at `queued_at`.
fn email(email_id: &str, queued_at: &str) -> NewEmail {
    NewEmail {
        id: id(email_id),
        complaint_id: id("c-1"),
        correspondence_id: id("k-1"),
        recipients: vec!["ada@example.org".into(), "rep@example.org".into()],
        subject: "Your complaint: stage 1 response".into(),
        html_body: "<p>Dear Ada,</p>".into(),
        text_body: "Dear Ada,".into(),
        attachments: Vec::new(),
        queued_at: at(queued_at),
    }
}

/// A complaint `c-1` of `org` with a letter `k-1` and its PDF `f-1`.
async fn letter_on_file(db: &Database, org: &Org) -> CaseResult {
    complaint(db, org, "c-1", "2025-03-01").await?;
    db.record_correspondence(&org.org(), &letter("k-1", "c-1", "2025-03-10T09:00:00Z")).await?;
    db.add_attachment(&org.org(), &pdf("f-1", "k-1", b"%PDF-1.7 the letter")).await?;
    Ok(())
}

/// An attempt at `when` with `outcome`.
fn attempt(when: &str, outcome: AttemptOutcome, detail: &str) -> NewEmailAttempt {
    NewEmailAttempt { attempted_at: at(when), outcome, detail: detail.into(), instance: "host-1".into() }
}

async fn an_email_is_queued_with_its_files_and_listed_on_its_complaint(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    let mut new = email("e-1", "2025-03-10T09:00:00Z");
    new.attachments = vec![
        NewEmailFile::Stored(id("f-1")),
        NewEmailFile::Bytes { file_name: "notes.txt".into(), media_type: "text/plain".into(), content: b"n".to_vec() },
    ];
    w.db.queue_email(&w.a.org(), &new).await?;
    let stored = w.db.get_email(&w.a.org(), &id("e-1")).await?.ok_or("the email")?;
    assert_eq!((stored.state, stored.attempts, stored.due_at), (EmailState::Waiting, 0, new.queued_at));
    assert_eq!(stored.recipients, new.recipients);
    let files = w.db.email_files(&stored).await?;
    let names: Vec<(&str, &str, &[u8])> =
        files.iter().map(|f| (f.info.file_name.as_str(), f.info.media_type.as_str(), f.content.as_slice())).collect();
    assert_eq!(
        names,
        [("response.pdf", "application/pdf", b"%PDF-1.7 the letter".as_slice()), ("notes.txt", "text/plain", b"n")]
    );
    assert_eq!(files[0].info.sha256, sha256_hex(b"%PDF-1.7 the letter"));
    assert_eq!(files[0].info.attachment_id, Some(id("f-1")));
    let listed = w.db.emails_of_complaint(&w.a.org(), &cid("c-1")).await?;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].email, stored);
    assert_eq!(listed[0].files.iter().map(|f| f.position).collect::<Vec<_>>(), [1, 2]);
    assert!(listed[0].attempts.is_empty());
    // Another landlord sees none of it, and cannot queue with this one's file.
    assert!(w.db.emails_of_complaint(&w.b.org(), &cid("c-1")).await?.is_empty());
    assert_eq!(w.db.get_email(&w.b.org(), &id("e-1")).await?, None);
    complaint(&w.db, &w.b, "c-b", "2025-03-01").await?;
    w.db.record_correspondence(&w.b.org(), &letter("k-b", "c-b", "2025-03-10T09:00:00Z")).await?;
    let mut theirs = email("e-b", "2025-03-10T09:00:00Z");
    (theirs.complaint_id, theirs.correspondence_id) = (id("c-b"), id("k-b"));
    theirs.attachments = vec![NewEmailFile::Stored(id("f-1"))];
    let refused = w.db.queue_email(&w.b.org(), &theirs).await;
    assert!(matches!(refused, Err(StorageError::MissingReference { .. })), "{refused:?}");
    assert_eq!(w.db.get_email(&w.b.org(), &id("e-b")).await?, None, "nothing of a refused email is kept");
    let mut nobody = email("e-2", "2025-03-10T09:00:00Z");
    nobody.recipients.clear();
    assert!(matches!(w.db.queue_email(&w.a.org(), &nobody).await, Err(StorageError::InvalidInput(_))));
    Ok(())
}

async fn an_email_queued_with_its_correspondence_is_written_with_it_or_not_at_all(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let org = w.a.org();
    let new = letter("k-1", "c-1", "2025-03-10T09:00:00Z");
    let file = pdf("f-1", "k-1", b"%PDF-1.7 the letter");
    let mut queued = email("e-1", "2025-03-10T09:00:00Z");
    queued.attachments = vec![NewEmailFile::Stored(id("f-1")), NewEmailFile::Stored(id("f-none"))];
    let attachments = [file];
    let emails = [queued];
    let extras = Extras { correspondence: Some(&new), attachments: &attachments, emails: &emails, ..Extras::default() };
    let s = summary(&w.a, "2025-03-01");
    let refused = w.db.append(&org, &cid("c-1"), 1, &[event("correspondence_recorded", "{}")], &s, extras).await;
    assert!(matches!(refused, Err(StorageError::MissingReference { .. })), "{refused:?}");
    assert_eq!(w.db.get_correspondence(&org, &id("k-1")).await?, None, "the correspondence went with the email");
    assert_eq!(w.db.load_events(&org, &cid("c-1")).await?.len(), 1);
    let emails = [NewEmail { attachments: vec![NewEmailFile::Stored(id("f-1"))], ..emails[0].clone() }];
    let extras = Extras { correspondence: Some(&new), attachments: &attachments, emails: &emails, ..Extras::default() };
    w.db.append(&org, &cid("c-1"), 1, &[event("correspondence_recorded", "{}")], &s, extras).await?;
    let stored = w.db.get_email(&org, &id("e-1")).await?.ok_or("the email")?;
    assert_eq!(w.db.email_files(&stored).await?.len(), 1);
    assert_audit_clean(&w.db).await
}

async fn two_claimers_at_once_never_claim_the_same_email(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    for n in 0..30 {
        w.db.queue_email(&w.a.org(), &email(&format!("e-{n:02}"), "2025-03-10T09:00:00Z")).await?;
    }
    // Two pools, as two Redress instances on one database would have.
    let first = w.db.database().clone();
    let second = w.db.connect_again().await?;
    let (now, until) = (at("2025-03-10T09:05:00Z"), at("2025-03-10T09:10:00Z"));
    let (mut by_first, mut by_second) = (Vec::new(), Vec::new());
    for round in 0..20 {
        let (one, two) = (format!("first-{round}"), format!("second-{round}"));
        let (a, b) =
            tokio::join!(first.claim_due_emails(&one, now, until, 4), second.claim_due_emails(&two, now, until, 4),);
        let (a, b) = (a?, b?);
        if a.is_empty() && b.is_empty() {
            break;
        }
        by_first.extend(a.into_iter().map(|e| e.id));
        by_second.extend(b.into_iter().map(|e| e.id));
    }
    second.close().await;
    let all: Vec<&EmailId> = by_first.iter().chain(&by_second).collect();
    let distinct: BTreeSet<&EmailId> = all.iter().copied().collect();
    assert_eq!(all.len(), distinct.len(), "an email claimed twice: {by_first:?} / {by_second:?}");
    assert_eq!(distinct.len(), 30, "every due email is claimed");
    Ok(())
}

async fn a_claim_keeps_an_email_until_it_runs_out_and_then_it_is_claimed_again(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    w.db.queue_email(&w.a.org(), &email("e-1", "2025-03-10T09:00:00Z")).await?;
    let not_yet = w.db.claim_due_emails("early", at("2025-03-10T08:59:59Z"), at("2025-03-10T09:10:00Z"), 10).await?;
    assert!(not_yet.is_empty(), "not due before it was queued");
    let first = w.db.claim_due_emails("one", at("2025-03-10T09:00:00Z"), at("2025-03-10T09:05:00Z"), 10).await?;
    assert_eq!(first.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e-1"]);
    let during = w.db.claim_due_emails("two", at("2025-03-10T09:04:59Z"), at("2025-03-10T09:10:00Z"), 10).await?;
    assert!(during.is_empty(), "claimed while the first claim lasts: {during:?}");
    let after = w.db.claim_due_emails("three", at("2025-03-10T09:05:00Z"), at("2025-03-10T09:10:00Z"), 10).await?;
    assert_eq!(after.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e-1"], "claimed again once run out");
    Ok(())
}

async fn each_attempt_is_recorded_and_the_email_left_as_decided(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    let org = w.a.org();
    w.db.queue_email(&org, &email("e-1", "2025-03-10T09:00:00Z")).await?;
    w.db.claim_due_emails("one", at("2025-03-10T09:00:00Z"), at("2025-03-10T09:05:00Z"), 10).await?;
    let deferred = attempt("2025-03-10T09:00:01Z", AttemptOutcome::Deferred, "451 4.3.0 try again later");
    let retry = AfterAttempt::RetryAt(at("2025-03-10T09:01:01Z"));
    assert_eq!(w.db.record_email_attempt(&id("e-1"), "one", &deferred, retry).await?, (1, true));
    let waiting = w.db.get_email(&org, &id("e-1")).await?.ok_or("the email")?;
    assert_eq!((waiting.state, waiting.attempts, waiting.due_at), (EmailState::Waiting, 1, at("2025-03-10T09:01:01Z")));
    assert_eq!(waiting.finished_at, None);
    let early = w.db.claim_due_emails("two", at("2025-03-10T09:01:00Z"), at("2025-03-10T09:06:00Z"), 10).await?;
    assert!(early.is_empty(), "not tried again before it is due, though its claim was released");
    let again = w.db.claim_due_emails("two", at("2025-03-10T09:01:01Z"), at("2025-03-10T09:06:00Z"), 10).await?;
    assert_eq!(again.len(), 1);
    let accepted = attempt("2025-03-10T09:01:02Z", AttemptOutcome::Accepted, "250 2.0.0 Ok: queued as 42");
    assert_eq!(w.db.record_email_attempt(&id("e-1"), "two", &accepted, AfterAttempt::Sent).await?, (2, true));
    let sent = w.db.get_email(&org, &id("e-1")).await?.ok_or("the email")?;
    assert_eq!((sent.state, sent.attempts, sent.finished_at), (EmailState::Sent, 2, Some(at("2025-03-10T09:01:02Z"))));
    let later = w.db.claim_due_emails("three", at("2025-03-11T09:00:00Z"), at("2025-03-11T09:05:00Z"), 10).await?;
    assert!(later.is_empty(), "a sent email is never claimed");
    let record = w.db.emails_of_complaint(&org, &cid("c-1")).await?;
    let attempts: Vec<_> = record[0].attempts.iter().map(|a| (a.number, a.attempt.clone())).collect();
    assert_eq!(attempts, [(1, deferred), (2, accepted)]);
    // A refusal fails the email for good, shown with the rest.
    w.db.queue_email(&org, &email("e-2", "2025-03-10T10:00:00Z")).await?;
    w.db.claim_due_emails("four", at("2025-03-10T10:00:00Z"), at("2025-03-10T10:05:00Z"), 10).await?;
    let rejected = attempt("2025-03-10T10:00:01Z", AttemptOutcome::Rejected, "550 5.1.1 no such user");
    w.db.record_email_attempt(&id("e-2"), "four", &rejected, AfterAttempt::Failed).await?;
    let failed = w.db.emails_in_state(&org, EmailState::Failed, 10).await?;
    assert_eq!(failed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e-2"]);
    assert!(w.db.emails_in_state(&w.b.org(), EmailState::Failed, 10).await?.is_empty());
    let missing = w.db.record_email_attempt(&id("e-none"), "four", &rejected, AfterAttempt::Failed).await;
    assert!(matches!(missing, Err(StorageError::NotFound { .. })), "{missing:?}");
    Ok(())
}

async fn a_sender_that_lost_its_claim_records_its_attempt_but_not_the_state(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    w.db.queue_email(&w.a.org(), &email("e-1", "2025-03-10T09:00:00Z")).await?;
    w.db.claim_due_emails("slow", at("2025-03-10T09:00:00Z"), at("2025-03-10T09:05:00Z"), 10).await?;
    w.db.claim_due_emails("next", at("2025-03-10T09:06:00Z"), at("2025-03-10T09:11:00Z"), 10).await?;
    let late = attempt("2025-03-10T09:07:00Z", AttemptOutcome::Rejected, "550 refused");
    assert_eq!(w.db.record_email_attempt(&id("e-1"), "slow", &late, AfterAttempt::Failed).await?, (1, false));
    let email = w.db.get_email(&w.a.org(), &id("e-1")).await?.ok_or("the email")?;
    assert_eq!((email.state, email.attempts), (EmailState::Waiting, 1), "the later claimant decides");
    let accepted = attempt("2025-03-10T09:07:01Z", AttemptOutcome::Accepted, "250 ok");
    assert_eq!(w.db.record_email_attempt(&id("e-1"), "next", &accepted, AfterAttempt::Sent).await?, (2, true));
    Ok(())
}

async fn a_stored_file_altered_after_queuing_is_refused_when_sent(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    let mut new = email("e-1", "2025-03-10T09:00:00Z");
    new.attachments = vec![NewEmailFile::Stored(id("f-1"))];
    w.db.queue_email(&w.a.org(), &new).await?;
    tamper_with_attachment(&w.db, "f-1").await?;
    let stored = w.db.get_email(&w.a.org(), &id("e-1")).await?.ok_or("the email")?;
    let read = w.db.email_files(&stored).await;
    assert!(matches!(read, Err(StorageError::Integrity { what: "email attachment", .. })), "{read:?}");
    Ok(())
}

async fn nothing_of_the_outbox_or_the_print_queue_can_be_deleted(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    let mut new = email("e-1", "2025-03-10T09:00:00Z");
    new.attachments = vec![NewEmailFile::Stored(id("f-1"))];
    w.db.queue_email(&w.a.org(), &new).await?;
    w.db.claim_due_emails("one", at("2025-03-10T09:00:00Z"), at("2025-03-10T09:05:00Z"), 10).await?;
    let failed = attempt("2025-03-10T09:00:01Z", AttemptOutcome::Rejected, "550 refused");
    w.db.record_email_attempt(&id("e-1"), "one", &failed, AfterAttempt::Failed).await?;
    w.db.queue_print(&w.a.org(), &print_item("p-1", "2025-03-10T09:00:00Z", "2025-03-10")).await?;
    for sql in [
        "delete from email_attempts",
        "update email_attempts set detail = 'edited'",
        "delete from outbox_attachments",
        "delete from outbox_emails",
        "delete from print_queue",
    ] {
        assert!(exec(&w.db, sql, &[]).await.is_err(), "{sql} was allowed");
    }
    let record = w.db.emails_of_complaint(&w.a.org(), &cid("c-1")).await?;
    assert_eq!((record.len(), record[0].files.len(), record[0].attempts.len()), (1, 1, 1));
    assert_eq!(record[0].attempts[0].attempt.detail, "550 refused");
    assert!(w.db.print_item(&w.a.org(), &id("p-1")).await?.is_some());
    Ok(())
}

/// A print item for letter `k-1`'s PDF `f-1`.
fn print_item(item: &str, queued_at: &str, queued_on: &str) -> NewPrintItem {
    NewPrintItem {
        id: id(item),
        complaint_id: id("c-1"),
        correspondence_id: id("k-1"),
        attachment_id: id("f-1"),
        recipient: "Ada Resident\n1 High Street\nAnytown".into(),
        queued_at: at(queued_at),
        queued_on: on(queued_on),
    }
}

async fn letters_are_queued_for_print_listed_by_day_and_posted_once(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    let org = w.a.org();
    w.db.queue_print(&org, &print_item("p-2", "2025-03-10T15:00:00Z", "2025-03-10")).await?;
    w.db.queue_print(&org, &print_item("p-1", "2025-03-10T09:00:00Z", "2025-03-10")).await?;
    w.db.queue_print(&org, &print_item("p-3", "2025-03-11T09:00:00Z", "2025-03-11")).await?;
    let day = w.db.print_queue_on(&org, on("2025-03-10"), None).await?;
    assert_eq!(day.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p-1", "p-2"]);
    assert_eq!(day[0].item, print_item("p-1", "2025-03-10T09:00:00Z", "2025-03-10"));
    assert!(!day[0].reference.is_empty());
    assert!(day.iter().all(|p| p.posted.is_none()));
    // Only the complaints an agent handles are an agent's; another landlord has none.
    assert!(w.db.print_queue_on(&org, on("2025-03-10"), Some(&w.b.org())).await?.is_empty());
    assert_eq!(w.db.print_queue_on(&org, on("2025-03-10"), Some(&org)).await?.len(), 2);
    assert!(w.db.print_queue_on(&w.b.org(), on("2025-03-10"), None).await?.is_empty());
    // A complaint's letters, whatever the day, first queued first; none of another landlord's.
    let of_complaint = w.db.print_items_of_complaint(&org, &cid("c-1")).await?;
    assert_eq!(of_complaint.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p-1", "p-2", "p-3"]);
    assert!(w.db.print_items_of_complaint(&w.b.org(), &cid("c-1")).await?.is_empty());
    let ids = [id("p-1"), id("p-2")];
    // Posted on the 10th, ticked off the next morning.
    let marked = w.db.mark_posted(&org, &ids, &w.a.user_id(), at("2025-03-11T08:00:00Z"), on("2025-03-10")).await?;
    assert_eq!(marked, 2);
    let again = w.db.mark_posted(&org, &ids, &w.a.user_id(), at("2025-03-11T16:00:00Z"), on("2025-03-11")).await?;
    assert_eq!(again, 0);
    let (other, by) = (w.b.org(), w.b.user_id());
    assert_eq!(w.db.mark_posted(&other, &[id("p-3")], &by, at("2025-03-11T16:00:00Z"), on("2025-03-11")).await?, 0);
    let posted = w.db.print_item(&org, &id("p-1")).await?.ok_or("the letter")?.posted.ok_or("posted")?;
    assert_eq!(
        (posted.by, posted.at, posted.on),
        (w.a.user_id(), at("2025-03-11T08:00:00Z"), Some(on("2025-03-10"))),
        "the first posting stays, with the day it was posted beside when it was recorded"
    );
    assert!(w.db.print_item(&org, &id("p-3")).await?.ok_or("the letter")?.posted.is_none());
    let mut stranger = print_item("p-4", "2025-03-10T09:00:00Z", "2025-03-10");
    stranger.attachment_id = id("f-none");
    let refused = w.db.queue_print(&org, &stranger).await;
    assert!(matches!(refused, Err(StorageError::MissingReference { .. })), "{refused:?}");
    Ok(())
}

async fn the_letters_to_post_are_every_days_unposted_ones_by_day(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    letter_on_file(&w.db, &w.a).await?;
    let org = w.a.org();
    assert!(w.db.letters_to_post(&org, None).await?.is_empty());
    w.db.queue_print(&org, &print_item("p-3", "2025-03-11T08:00:00Z", "2025-03-11")).await?;
    w.db.queue_print(&org, &print_item("p-2", "2025-03-10T15:00:00Z", "2025-03-10")).await?;
    w.db.queue_print(&org, &print_item("p-1", "2025-03-10T09:00:00Z", "2025-03-10")).await?;
    w.db.queue_print(&org, &print_item("p-4", "2025-03-12T09:00:00Z", "2025-03-12")).await?;
    w.db.mark_posted(&org, &[id("p-2")], &w.a.user_id(), at("2025-03-10T16:00:00Z"), on("2025-03-10")).await?;
    let waiting = w.db.letters_to_post(&org, None).await?;
    assert_eq!(waiting.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["p-1", "p-3", "p-4"]);
    assert_eq!(waiting[0].subject, letter("k-1", "c-1", "2025-03-10T09:00:00Z").subject);
    assert!(waiting.iter().all(|p| p.posted.is_none()));
    // An agent's staff see only the complaints their organisation handles; another landlord none.
    assert!(w.db.letters_to_post(&org, Some(&w.b.org())).await?.is_empty());
    assert_eq!(w.db.letters_to_post(&org, Some(&org)).await?.len(), 3);
    assert!(w.db.letters_to_post(&w.b.org(), None).await?.is_empty());
    Ok(())
}
