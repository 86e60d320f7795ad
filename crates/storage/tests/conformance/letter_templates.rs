//! Cases about organisations' letter templates, kept as versions, and their letterhead's logo.

use redress_storage::{Backend, NewLogo, StorageError};

use crate::fixtures::{at, exec, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(letter_templates_are_kept_as_versions_the_newest_in_use),
        on_each_backend!(a_logo_is_kept_per_organisation_replaced_and_removed),
    ]
}

async fn letter_templates_are_kept_as_versions_the_newest_in_use(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    assert_eq!(w.db.letter_template(org, "stage1_response").await?, None, "nothing saved yet");
    assert!(w.db.letter_templates_in_use(org).await?.is_empty());

    let first =
        w.db.save_letter_template(org, "stage1_response", Some("One"), user, at("2026-01-05T09:00:00Z")).await?;
    let second =
        w.db.save_letter_template(org, "stage1_response", Some("Two"), user, at("2026-01-06T09:00:00.123456789Z"))
            .await?;
    let reset = w.db.save_letter_template(org, "stage1_response", None, user, at("2026-01-07T09:00:00Z")).await?;
    let other = w.db.save_letter_template(org, "not_accepted", Some("Ours"), user, at("2026-01-08T09:00:00Z")).await?;
    assert_eq!((first, second, reset, other), (1, 2, 3, 1), "versions count per kind");

    let in_use = w.db.letter_template(org, "stage1_response").await?.ok_or("a template in use")?;
    assert_eq!((in_use.version, in_use.source), (3, None), "the newest, going back to the default, is in use");
    assert_eq!(in_use.saved_by_name, "Handler of Alpha Homes");
    assert_eq!(&in_use.saved_by, user);

    let versions = w.db.letter_template_versions(org, "stage1_response").await?;
    let seen: Vec<_> = versions.iter().map(|v| (v.version, v.source.as_deref())).collect();
    assert_eq!(seen, [(3, None), (2, Some("Two")), (1, Some("One"))], "earlier versions are kept, newest first");
    assert_eq!(versions[1].saved_at, at("2026-01-06T09:00:00.123456Z"), "to the microsecond");

    let kinds: Vec<_> =
        w.db.letter_templates_in_use(org).await?.into_iter().map(|v| (v.kind, v.version, v.source)).collect();
    assert_eq!(
        kinds,
        [("not_accepted".to_owned(), 1, Some("Ours".to_owned())), ("stage1_response".to_owned(), 3, None)]
    );

    // Another organisation's are its own.
    assert!(w.db.letter_templates_in_use(&w.b.org()).await?.is_empty());
    assert_eq!(w.db.letter_template(&w.b.org(), "stage1_response").await?, None);
    let theirs =
        w.db.save_letter_template(&w.b.org(), "stage1_response", Some("B"), &w.b.user_id(), at("2026-01-09T09:00:00Z"))
            .await?;
    assert_eq!(theirs, 1);

    // A version's number cannot be taken twice.
    let taken = exec(
        w.db.database(),
        "insert into letter_templates (organisation_id, kind, version, source, saved_by, saved_at)
         select organisation_id, kind, version, source, saved_by, saved_at from letter_templates
         where organisation_id = $1 and version = 1 and kind = 'not_accepted'",
        &[org.as_str()],
    )
    .await;
    assert!(taken.is_err(), "a duplicate version is refused");
    let unknown =
        w.db.save_letter_template(org, "stage1_response", Some("x"), &"nobody".parse()?, at("2026-01-10T09:00:00Z"))
            .await;
    assert!(matches!(unknown, Err(StorageError::MissingReference { .. })), "{unknown:?}");
    Ok(())
}

async fn a_logo_is_kept_per_organisation_replaced_and_removed(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    assert_eq!(w.db.logo(org).await?, None);
    assert!(!w.db.remove_logo(org).await?, "nothing to remove");

    let png = NewLogo {
        media_type: "image/png".into(),
        alt_text: "Alpha Homes".into(),
        content: b"\x89PNG\r\n\x1a\n....".to_vec(),
    };
    w.db.save_logo(org, &png, user, at("2026-01-05T09:00:00Z")).await?;
    let kept = w.db.logo(org).await?.ok_or("a logo")?;
    assert_eq!(
        (kept.media_type.as_str(), kept.alt_text.as_str(), &kept.content),
        ("image/png", "Alpha Homes", &png.content)
    );
    assert_eq!(kept.sha256.len(), 64);
    assert_eq!((&kept.saved_by, kept.saved_at), (user, at("2026-01-05T09:00:00Z")));
    assert_eq!(w.db.logo(&w.b.org()).await?, None, "another organisation's is its own");

    let jpeg =
        NewLogo { media_type: "image/jpeg".into(), alt_text: "Alpha".into(), content: b"\xff\xd8\xff..".to_vec() };
    w.db.save_logo(org, &jpeg, user, at("2026-01-06T09:00:00Z")).await?;
    let kept = w.db.logo(org).await?.ok_or("a logo")?;
    assert_eq!((kept.media_type.as_str(), kept.content), ("image/jpeg", jpeg.content.clone()), "replaced");

    // Bytes changed behind the application's back are not given out.
    exec(w.db.database(), "update letterhead_logos set sha256 = 'x' where organisation_id = $1", &[org.as_str()])
        .await?;
    assert!(matches!(w.db.logo(org).await, Err(StorageError::Integrity { .. })));

    assert!(w.db.remove_logo(org).await?);
    assert_eq!(w.db.logo(org).await?, None);
    Ok(())
}
