//! Cases about an organisation's settings, recorded role assignments and the shared sign-in
//! throttle.

use redress_domain::ids::UserId;
use redress_domain::ombudsman::OmbudsmanContact;
use redress_storage::{Assigner, Backend, FailureKey, OrganisationDetails, RecentFailures, StorageError, UserChange};

use crate::fixtures::{at, on, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(role_changes_are_recorded_and_answer_who_held_a_role_when),
        on_each_backend!(a_change_to_what_a_user_already_has_records_nothing),
        on_each_backend!(another_organisations_user_cannot_be_changed),
        on_each_backend!(sign_in_failures_are_counted_per_account_and_address_within_the_window),
        on_each_backend!(organisation_details_are_saved_with_its_name),
        on_each_backend!(code_6_5_the_ombudsmans_details_start_as_the_housing_ombudsman_services_and_can_be_edited),
        on_each_backend!(closure_days_and_policy_grounds_are_kept_per_organisation),
    ]
}

fn command_line() -> Assigner {
    Assigner { user_id: None, name: "command line".into() }
}

async fn role_changes_are_recorded_and_answer_who_held_a_role_when(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    w.db.record_role_assignment(org, user, "handler", true, &command_line(), at("2025-01-02T09:00:00Z")).await?;
    let admin = Assigner { user_id: Some(user.clone()), name: "Ann Admin".into() };
    let change = UserChange::Role("complaints_officer".into());
    assert!(w.db.change_user(org, user, &change, &admin, at("2025-03-01T09:00:00Z")).await?);
    assert_eq!(w.db.get_user(org, user).await?.ok_or("user")?.role, "complaints_officer");
    assert!(w.db.change_user(org, user, &UserChange::Disabled(true), &admin, at("2025-04-01T09:00:00Z")).await?);

    let history = w.db.role_assignments(org).await?;
    let seen: Vec<_> = history.iter().map(|a| (a.role.as_str(), a.granted, a.assigned_by.name.as_str())).collect();
    assert_eq!(
        seen,
        [
            ("complaints_officer", false, "Ann Admin"),
            ("complaints_officer", true, "Ann Admin"),
            ("handler", false, "Ann Admin"),
            ("handler", true, "command line"),
        ]
    );
    assert_eq!(history[0].assigned_by.user_id.as_ref(), Some(user));
    assert_eq!(history[3].assigned_by.user_id, None);
    assert_eq!(history[1].assigned_at, at("2025-03-01T09:00:00Z"));
    assert!(w.db.role_assignments(&w.b.org()).await?.is_empty(), "another organisation's record");

    let holders = |role: &'static str, when: &'static str| {
        let db = w.db.database().clone();
        async move {
            db.role_holders(org, role, at(when)).await.map(|h| h.into_iter().map(|h| h.user_id).collect::<Vec<_>>())
        }
    };
    let none: Vec<UserId> = Vec::new();
    assert_eq!(holders("handler", "2025-01-01T00:00:00Z").await?, none, "before any assignment");
    assert_eq!(holders("handler", "2025-02-01T00:00:00Z").await?, std::slice::from_ref(user));
    assert_eq!(holders("complaints_officer", "2025-02-01T00:00:00Z").await?, none);
    assert_eq!(holders("handler", "2025-03-01T09:00:00Z").await?, none, "changed at that instant");
    let officers = w.db.role_holders(org, "complaints_officer", at("2025-03-15T00:00:00Z")).await?;
    assert_eq!(officers.len(), 1);
    assert_eq!((officers[0].name.as_str(), officers[0].since), ("Handler of Alpha Homes", at("2025-03-01T09:00:00Z")));
    assert_eq!(holders("complaints_officer", "2025-04-02T00:00:00Z").await?, none, "disabled");
    // A role changed while disabled is not held until re-enabled.
    let senior = UserChange::Role("senior_lead".into());
    w.db.change_user(org, user, &senior, &admin, at("2025-05-01T09:00:00Z")).await?;
    assert_eq!(w.db.role_assignments(org).await?.len(), 4, "nothing held, nothing recorded");
    w.db.change_user(org, user, &UserChange::Disabled(false), &admin, at("2025-06-01T09:00:00Z")).await?;
    assert_eq!(holders("senior_lead", "2025-05-15T00:00:00Z").await?, none);
    assert_eq!(holders("senior_lead", "2025-06-15T00:00:00Z").await?, std::slice::from_ref(user));
    Ok(())
}

async fn a_change_to_what_a_user_already_has_records_nothing(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    let now = at("2025-03-01T09:00:00Z");
    assert!(!w.db.change_user(org, user, &UserChange::Role("handler".into()), &command_line(), now).await?);
    assert!(!w.db.change_user(org, user, &UserChange::Disabled(false), &command_line(), now).await?);
    assert!(w.db.role_assignments(org).await?.is_empty());
    Ok(())
}

async fn another_organisations_user_cannot_be_changed(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let now = at("2025-03-01T09:00:00Z");
    let result = w.db.change_user(&w.b.org(), &w.a.user_id(), &UserChange::Disabled(true), &command_line(), now).await;
    assert!(matches!(result, Err(StorageError::NotFound { what: "user" })), "{result:?}");
    assert!(!w.db.get_user(&w.a.org(), &w.a.user_id()).await?.ok_or("user")?.disabled);
    assert!(w.db.role_assignments(&w.b.org()).await?.is_empty());
    Ok(())
}

async fn sign_in_failures_are_counted_per_account_and_address_within_the_window(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.record_sign_in_failure("ann", "office", at("2025-03-01T09:00:00Z")).await?;
    w.db.record_sign_in_failure("ann", "home", at("2025-03-01T09:10:00Z")).await?;
    w.db.record_sign_in_failure("bob", "office", at("2025-03-01T09:11:00Z")).await?;
    let since = at("2025-03-01T08:55:00Z");
    assert_eq!(w.db.recent_sign_in_failures("ann", "office", since).await?, RecentFailures { account: 2, address: 2 });
    assert_eq!(w.db.recent_sign_in_failures("cat", "cafe", since).await?, RecentFailures { account: 0, address: 0 });
    // Only failures after `since` count.
    let later = at("2025-03-01T09:00:00Z");
    assert_eq!(w.db.recent_sign_in_failures("ann", "office", later).await?, RecentFailures { account: 1, address: 1 });
    // The throttle lifts when the nth newest failure leaves the window.
    let office = FailureKey::Address("office");
    assert_eq!(w.db.nth_newest_sign_in_failure(office, since, 1).await?, Some(at("2025-03-01T09:11:00Z")));
    assert_eq!(w.db.nth_newest_sign_in_failure(office, since, 2).await?, Some(at("2025-03-01T09:00:00Z")));
    assert_eq!(w.db.nth_newest_sign_in_failure(office, since, 3).await?, None);
    let ann = FailureKey::Account("ann");
    assert_eq!(w.db.nth_newest_sign_in_failure(ann, since, 1).await?, Some(at("2025-03-01T09:10:00Z")));
    assert_eq!(w.db.nth_newest_sign_in_failure(ann, at("2025-03-01T09:10:00Z"), 1).await?, None, "after `since` only");
    // Signing in clears the account's failures, not the address's.
    w.db.clear_sign_in_failures("ann").await?;
    assert_eq!(w.db.recent_sign_in_failures("ann", "office", since).await?, RecentFailures { account: 0, address: 1 });
    assert_eq!(w.db.nth_newest_sign_in_failure(ann, since, 1).await?, None);
    assert_eq!(w.db.delete_old_sign_in_failures(at("2025-03-01T09:11:00Z")).await?, 1);
    assert_eq!(w.db.recent_sign_in_failures("bob", "office", since).await?, RecentFailures { account: 0, address: 0 });
    Ok(())
}

async fn organisation_details_are_saved_with_its_name(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    assert_eq!(w.db.get_organisation_details(&w.a.org()).await?, None);
    let details = OrganisationDetails {
        address: "1 River Street\nTown".into(),
        complaints_email: "complaints@alpha.example".into(),
        complaints_phone: "0100 000 000".into(),
        policy_url: "https://alpha.example/complaints".into(),
        ombudsman_member_number: "HOS-1234".into(),
        ombudsman: OmbudsmanContact::default(),
    };
    w.db.save_organisation_details(&w.a.org(), "Alpha Homes Ltd", &details, at("2025-03-01T09:00:00Z")).await?;
    assert_eq!(w.db.get_organisation_details(&w.a.org()).await?, Some(details.clone()));
    assert_eq!(w.db.get_organisation(&w.a.org()).await?.ok_or("org")?.name, "Alpha Homes Ltd");
    let changed = OrganisationDetails { ombudsman_member_number: "HOS-9".into(), ..details.clone() };
    w.db.save_organisation_details(&w.a.org(), "Alpha Homes Ltd", &changed, at("2025-03-02T09:00:00Z")).await?;
    assert_eq!(w.db.get_organisation_details(&w.a.org()).await?, Some(changed.clone()));
    // Another organisation's name is taken, and nothing changes.
    let taken = w.db.save_organisation_details(&w.a.org(), "Beta Housing", &details, at("2025-03-03T09:00:00Z")).await;
    assert!(matches!(taken, Err(StorageError::Duplicate { .. })), "{taken:?}");
    assert_eq!(w.db.get_organisation_details(&w.a.org()).await?, Some(changed));
    let missing = w.db.save_organisation_details(&"nope".parse()?, "Nope", &details, at("2025-03-03T09:00:00Z")).await;
    assert!(matches!(missing, Err(StorageError::NotFound { .. })), "{missing:?}");
    assert_eq!(w.db.get_organisation_details(&w.b.org()).await?, None);
    Ok(())
}

async fn closure_days_and_policy_grounds_are_kept_per_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let now = at("2025-03-01T09:00:00Z");
    w.db.add_closure_day(&w.a.org(), on("2025-12-29"), "Christmas closure", now).await?;
    w.db.add_closure_day(&w.a.org(), on("2025-12-24"), "Christmas Eve", now).await?;
    let again = w.db.add_closure_day(&w.a.org(), on("2025-12-29"), "Again", now).await;
    assert!(matches!(again, Err(StorageError::Duplicate { .. })), "{again:?}");
    let days: Vec<_> = w.db.list_closure_days(&w.a.org()).await?.into_iter().map(|d| (d.day, d.name)).collect();
    assert_eq!(days, [(on("2025-12-24"), "Christmas Eve".to_owned()), (on("2025-12-29"), "Christmas closure".into())]);
    assert!(w.db.list_closure_days(&w.b.org()).await?.is_empty());
    assert!(matches!(w.db.remove_closure_day(&w.b.org(), on("2025-12-24")).await, Err(StorageError::NotFound { .. })));
    w.db.remove_closure_day(&w.a.org(), on("2025-12-24")).await?;
    assert_eq!(w.db.list_closure_days(&w.a.org()).await?.len(), 1);

    w.db.add_policy_ground(&w.a.org(), "The complaint is about a neighbour dispute", now).await?;
    w.db.add_policy_ground(&w.a.org(), "An insurance claim is open", now).await?;
    let dup = w.db.add_policy_ground(&w.a.org(), "An insurance claim is open", now).await;
    assert!(matches!(dup, Err(StorageError::Duplicate { .. })), "{dup:?}");
    assert_eq!(
        w.db.list_policy_grounds(&w.a.org()).await?,
        ["An insurance claim is open", "The complaint is about a neighbour dispute"]
    );
    assert!(w.db.list_policy_grounds(&w.b.org()).await?.is_empty());
    let gone = w.db.remove_policy_ground(&w.b.org(), "An insurance claim is open").await;
    assert!(matches!(gone, Err(StorageError::NotFound { .. })), "{gone:?}");
    w.db.remove_policy_ground(&w.a.org(), "An insurance claim is open").await?;
    assert_eq!(w.db.list_policy_grounds(&w.a.org()).await?, ["The complaint is about a neighbour dispute"]);
    Ok(())
}

async fn code_6_5_the_ombudsmans_details_start_as_the_housing_ombudsman_services_and_can_be_edited(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    // Details saved before the Ombudsman's were kept (a row with the older columns only) read
    // with the Housing Ombudsman Service's published details, as migration 0013 fills them.
    let sqlite = "insert into organisation_details (organisation_id, address, complaints_email, complaints_phone,
                      policy_url, ombudsman_member_number, updated_at)
                  values ($1, '1 River Street', '', '', '', 'HOS-1', '2025-03-01T09:00:00.000000Z')";
    let postgres = "insert into organisation_details (organisation_id, address, complaints_email, complaints_phone,
                        policy_url, ombudsman_member_number, updated_at)
                    values ($1, '1 River Street', '', '', '', 'HOS-1', now())";
    let inserted = match &*w.db {
        redress_storage::Database::Sqlite(pool) => {
            sqlx::query(sqlite).bind(w.a.org().as_str()).execute(pool).await?.rows_affected()
        }
        redress_storage::Database::Postgres(pool) => {
            sqlx::query(postgres).bind(w.a.org().as_str()).execute(pool).await?.rows_affected()
        }
    };
    assert_eq!(inserted, 1);
    let read = w.db.get_organisation_details(&w.a.org()).await?.ok_or("details")?;
    assert_eq!(read.ombudsman, OmbudsmanContact::housing_ombudsman_service());
    assert_eq!(read.ombudsman_member_number, "HOS-1");
    // Edited, they are kept as edited, and only for that organisation.
    let moved = OmbudsmanContact {
        telephone: "0300 111 3001".into(),
        postal_address: "PO Box 2000, Preston, PR2 0AA".into(),
        ..OmbudsmanContact::default()
    };
    let edited = OrganisationDetails { ombudsman: moved.clone(), ..read };
    w.db.save_organisation_details(&w.a.org(), "Alpha Homes Ltd", &edited, at("2025-03-02T09:00:00Z")).await?;
    assert_eq!(w.db.get_organisation_details(&w.a.org()).await?.ok_or("details")?.ombudsman, moved);
    assert_eq!(w.db.get_organisation_details(&w.b.org()).await?, None);
    Ok(())
}
