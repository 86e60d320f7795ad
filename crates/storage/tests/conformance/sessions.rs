//! Cases about staff sign-in: emails and password hashes, and sessions.

use redress_domain::ids::UserId;
use redress_storage::{Backend, NewSession, NewUser, StorageError};

use crate::fixtures::{at, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(credentials_are_found_by_email_whatever_its_case),
        on_each_backend!(two_users_cannot_share_an_email),
        on_each_backend!(credentials_cannot_be_given_to_another_organisations_user),
        on_each_backend!(a_session_finds_its_user_until_it_expires_and_is_extended_when_used),
        on_each_backend!(a_session_ends_when_deleted_or_when_its_user_is_disabled),
        on_each_backend!(expired_sessions_are_removed_and_a_users_sessions_can_all_be_ended),
        on_each_backend!(a_session_seen_recently_is_not_written_again),
    ]
}

fn session(id_hash: &str, user_id: &UserId, created: &str, expires: &str) -> NewSession {
    NewSession { id_hash: id_hash.into(), user_id: user_id.clone(), created_at: at(created), expires_at: at(expires) }
}

async fn credentials_are_found_by_email_whatever_its_case(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    assert_eq!(w.db.find_credentials("ann@alpha.example").await?, None);
    w.db.set_user_credentials(&w.a.org(), &w.a.user_id(), " Ann@Alpha.example ", "$argon2id$hash").await?;
    let found = w.db.find_credentials("ANN@alpha.EXAMPLE").await?.ok_or("found by email")?;
    assert_eq!((found.user.id.as_str(), found.password_hash.as_str()), (w.a.user.as_str(), "$argon2id$hash"));
    assert_eq!(found.user.organisation_id, w.a.id);
    // A disabled user is still found: the application decides what that means.
    w.db.set_user_disabled(&w.a.org(), &w.a.user_id(), true).await?;
    assert!(w.db.find_credentials("ann@alpha.example").await?.is_some_and(|c| c.user.disabled));
    Ok(())
}

async fn two_users_cannot_share_an_email(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.set_user_credentials(&w.a.org(), &w.a.user_id(), "same@example.org", "h1").await?;
    let taken = w.db.set_user_credentials(&w.b.org(), &w.b.user_id(), "SAME@example.org", "h2").await;
    assert!(matches!(taken, Err(StorageError::Duplicate { .. })), "{taken:?}");
    Ok(())
}

async fn credentials_cannot_be_given_to_another_organisations_user(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let result = w.db.set_user_credentials(&w.b.org(), &w.a.user_id(), "x@example.org", "h").await;
    assert!(matches!(result, Err(StorageError::NotFound { what: "user" })), "{result:?}");
    assert_eq!(w.db.find_credentials("x@example.org").await?, None);
    Ok(())
}

async fn a_session_finds_its_user_until_it_expires_and_is_extended_when_used(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.create_session(&session("s1", &w.a.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T17:00:00Z")).await?;
    assert!(
        w.db.create_session(&session("s1", &w.a.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T17:00:00Z"))
            .await
            .is_err()
    );
    let user =
        w.db.use_session("s1", at("2025-02-01T16:00:00Z"), at("2025-02-02T00:00:00Z"), at("2025-02-01T16:00:00Z"))
            .await?;
    let (user, organisation, before) = user.ok_or("the session's user")?;
    assert_eq!((user.id, organisation.id), (w.a.user_id(), w.a.org()));
    // The landlord's versions come with them, as with a token (migrations 0015 and 0030): the
    // calendar's moves when a closure day is added, the people's when a member of staff is.
    let day = jiff::civil::date(2025, 12, 29);
    w.db.add_closure_day(&w.a.org(), day, "Christmas closure", at("2025-02-01T16:00:00Z")).await?;
    let seen =
        w.db.use_session("s1", at("2025-02-01T16:00:01Z"), at("2025-02-02T00:00:00Z"), at("2025-02-01T16:00:00Z"))
            .await?;
    let after = seen.ok_or("the session's user")?.2;
    assert!(after.calendar > before.calendar, "adding a closure day moves the calendar version");
    let new = NewUser {
        id: "user-new".parse()?,
        name: "Nadia New".into(),
        role: "handler".into(),
        created_at: at("2025-02-01T16:00:00Z"),
    };
    w.db.create_user(&w.a.org(), &new).await?;
    let seen =
        w.db.use_session("s1", at("2025-02-01T16:00:02Z"), at("2025-02-02T00:00:00Z"), at("2025-02-01T16:00:00Z"))
            .await?;
    assert!(seen.ok_or("the session's user")?.2.people > after.people, "adding staff moves the people version");
    // Extended by that use: still alive after the first expiry, gone after the second.
    assert!(
        w.db.use_session("s1", at("2025-02-01T18:00:00Z"), at("2025-02-02T00:00:00Z"), at("2025-02-01T18:00:00Z"))
            .await?
            .is_some()
    );
    assert_eq!(
        w.db.use_session("s1", at("2025-02-02T00:00:00Z"), at("2025-02-03T00:00:00Z"), at("2025-02-02T00:00:00Z"))
            .await?,
        None
    );
    assert_eq!(
        w.db.use_session("nope", at("2025-02-01T10:00:00Z"), at("2025-02-03T00:00:00Z"), at("2025-02-01T10:00:00Z"))
            .await?,
        None
    );
    Ok(())
}

async fn a_session_ends_when_deleted_or_when_its_user_is_disabled(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (now, later) = (at("2025-02-01T10:00:00Z"), at("2025-02-01T18:00:00Z"));
    w.db.create_session(&session("a", &w.a.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T17:00:00Z")).await?;
    w.db.create_session(&session("b", &w.a.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T17:00:00Z")).await?;
    w.db.delete_session("a").await?;
    w.db.delete_session("a").await?;
    assert_eq!(w.db.use_session("a", now, later, now).await?, None);
    w.db.set_user_disabled(&w.a.org(), &w.a.user_id(), true).await?;
    assert_eq!(w.db.use_session("b", now, later, now).await?, None);
    w.db.set_user_disabled(&w.a.org(), &w.a.user_id(), false).await?;
    assert!(w.db.use_session("b", now, later, now).await?.is_some(), "re-enabling does not revoke");
    Ok(())
}

async fn expired_sessions_are_removed_and_a_users_sessions_can_all_be_ended(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.create_session(&session("old", &w.a.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T10:00:00Z")).await?;
    w.db.create_session(&session("new", &w.a.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T17:00:00Z")).await?;
    w.db.create_session(&session("other", &w.b.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T17:00:00Z")).await?;
    assert_eq!(w.db.delete_expired_sessions(at("2025-02-01T12:00:00Z")).await?, 1);
    assert_eq!(w.db.delete_user_sessions(&w.a.user_id()).await?, 1);
    assert!(
        w.db.use_session("other", at("2025-02-01T12:00:00Z"), at("2025-02-01T17:00:00Z"), at("2025-02-01T12:00:00Z"))
            .await?
            .is_some()
    );
    Ok(())
}

async fn a_session_seen_recently_is_not_written_again(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.create_session(&session("s", &w.a.user_id(), "2025-02-01T09:00:00Z", "2025-02-01T17:00:00Z")).await?;
    // Last seen at 09:00, before 09:59: marked seen at 10:00 and extended to 18:00.
    let first =
        w.db.use_session("s", at("2025-02-01T10:00:00Z"), at("2025-02-01T18:00:00Z"), at("2025-02-01T09:59:00Z"));
    assert!(first.await?.is_some());
    // Seen at 10:00, not before 09:59:30: found, but left as it was (not extended to 18:00:30).
    let again =
        w.db.use_session("s", at("2025-02-01T10:00:30Z"), at("2025-02-01T18:00:30Z"), at("2025-02-01T09:59:30Z"));
    assert!(again.await?.is_some());
    let after = at("2025-02-01T18:00:10Z");
    assert_eq!(w.db.use_session("s", after, at("2025-02-02T02:00:10Z"), after).await?, None, "expired at 18:00");
    Ok(())
}
