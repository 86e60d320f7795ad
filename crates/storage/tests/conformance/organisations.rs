//! Cases about organisations, users and API tokens.

use redress_storage::{Backend, NewOrganisation, NewUser, OrganisationKind, StorageError, hash_token};

use crate::fixtures::{at, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(an_organisation_is_found_by_id_and_by_name_and_listed),
        on_each_backend!(a_managing_agent_records_the_landlord_it_acts_for),
        on_each_backend!(a_landlords_organisations_and_staff_are_its_own_and_its_agents_only),
        on_each_backend!(two_organisations_cannot_share_a_name),
        on_each_backend!(users_are_found_only_within_their_organisation),
        on_each_backend!(a_token_is_found_by_its_hash_and_stops_working_when_its_user_is_disabled),
        on_each_backend!(a_tokens_calendar_version_moves_with_each_change_to_its_landlords_closure_days),
        on_each_backend!(a_tokens_people_version_moves_with_each_change_to_its_landlords_people_and_categories),
        on_each_backend!(a_token_cannot_be_given_to_another_organisations_user),
    ]
}

async fn an_organisation_is_found_by_id_and_by_name_and_listed(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let a = w.db.get_organisation(&w.a.org()).await?.ok_or("A exists")?;
    assert_eq!(a.name, "Alpha Homes");
    assert_eq!(a.kind, OrganisationKind::Landlord);
    assert_eq!(a.created_at, at("2025-01-02T09:00:00Z"));
    assert_eq!(w.db.get_organisation_by_name("Beta Housing").await?.map(|o| o.id), Some(w.b.org()));
    assert_eq!(w.db.get_organisation_by_name("Gamma").await?, None);
    assert_eq!(w.db.get_organisation(&"org-none".parse()?).await?, None);
    let names: Vec<String> = w.db.list_organisations().await?.into_iter().map(|o| o.name).collect();
    assert_eq!(names, ["Alpha Homes", "Beta Housing"]);
    Ok(())
}

async fn a_managing_agent_records_the_landlord_it_acts_for(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let agent =
        w.db.create_organisation(&NewOrganisation {
            id: "org-agent".parse()?,
            name: "Agents Ltd".into(),
            kind: OrganisationKind::ManagingAgent,
            parent_id: Some(w.a.org()),
            created_at: at("2025-01-03T09:00:00Z"),
        })
        .await?;
    assert_eq!(w.db.get_organisation(&"org-agent".parse()?).await?, Some(agent));
    let orphan = NewOrganisation {
        id: "org-orphan".parse()?,
        name: "Nobody's".into(),
        kind: OrganisationKind::Contractor,
        parent_id: Some("org-none".parse()?),
        created_at: at("2025-01-03T09:00:00Z"),
    };
    assert!(matches!(w.db.create_organisation(&orphan).await, Err(StorageError::MissingReference { .. })));
    Ok(())
}

async fn a_landlords_organisations_and_staff_are_its_own_and_its_agents_only(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    w.db.create_organisation(&NewOrganisation {
        id: "org-agent".parse()?,
        name: "Agents Ltd".into(),
        kind: OrganisationKind::ManagingAgent,
        parent_id: Some(w.a.org()),
        created_at: at("2025-01-03T09:00:00Z"),
    })
    .await?;
    let agent_staff = NewUser {
        id: "user-agent".parse()?,
        name: "Aaron Agent".into(),
        role: "handler".into(),
        created_at: at("2025-01-03T10:00:00Z"),
    };
    w.db.create_user(&"org-agent".parse()?, &agent_staff).await?;
    let organisations: Vec<String> =
        w.db.organisations_of_landlord(&w.a.org()).await?.into_iter().map(|o| o.name).collect();
    assert_eq!(organisations, ["Agents Ltd", "Alpha Homes"], "by name; Beta Housing is another landlord");
    let staff = w.db.staff_of_landlord(&w.a.org()).await?;
    let named: Vec<(&str, &str)> = staff.iter().map(|u| (u.name.as_str(), u.organisation_id.as_str())).collect();
    let own = w.db.list_users(&w.a.org()).await?;
    assert_eq!(named.len(), own.len() + 1, "the landlord's staff and the agent's, none of Beta's: {named:?}");
    assert_eq!(named.first(), Some(&("Aaron Agent", "org-agent")));
    assert!(own.iter().all(|u| staff.contains(u)));
    // An agent is nobody's landlord: it has only itself.
    let of_agent: Vec<String> =
        w.db.organisations_of_landlord(&"org-agent".parse()?).await?.into_iter().map(|o| o.name).collect();
    assert_eq!(of_agent, ["Agents Ltd"]);
    Ok(())
}

async fn two_organisations_cannot_share_a_name(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let copy = NewOrganisation {
        id: "org-c".parse()?,
        name: "Alpha Homes".into(),
        kind: OrganisationKind::Landlord,
        parent_id: None,
        created_at: at("2025-01-03T09:00:00Z"),
    };
    assert!(matches!(w.db.create_organisation(&copy).await, Err(StorageError::Duplicate { .. })));
    Ok(())
}

async fn users_are_found_only_within_their_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let user = w.db.get_user(&w.a.org(), &w.a.user_id()).await?.ok_or("A's user")?;
    assert_eq!((user.role.as_str(), user.disabled), ("handler", false));
    assert_eq!(w.db.get_user(&w.b.org(), &w.a.user_id()).await?, None);
    assert_eq!(w.db.list_users(&w.b.org()).await?.len(), 1);
    assert!(matches!(
        w.db.set_user_disabled(&w.b.org(), &w.a.user_id(), true).await,
        Err(StorageError::NotFound { what: "user" })
    ));
    let again = NewUser {
        id: w.a.user_id(),
        name: "Copy".into(),
        role: "handler".into(),
        created_at: at("2025-01-05T00:00:00Z"),
    };
    assert!(matches!(w.db.create_user(&w.a.org(), &again).await, Err(StorageError::Duplicate { .. })));
    Ok(())
}

async fn a_token_is_found_by_its_hash_and_stops_working_when_its_user_is_disabled(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let token = "rdr_secret_token_value";
    let hash = hash_token(token);
    assert_eq!(hash.len(), 64);
    assert_ne!(hash, token);
    w.db.add_api_token(&w.a.org(), &w.a.user_id(), &hash, at("2025-01-04T00:00:00Z")).await?;

    let (user, organisation, _) = w.db.find_user_by_token_hash(&hash).await?.ok_or("the token's user")?;
    assert_eq!((user.id.as_str(), user.organisation_id.as_str()), (w.a.user.as_str(), w.a.id.as_str()));
    assert_eq!(Some(&organisation), w.db.get_organisation(&w.a.org()).await?.as_ref(), "with their organisation");
    assert_eq!(w.db.find_user_by_token_hash(&hash_token("another")).await?, None);
    assert_eq!(w.db.find_user_by_token_hash(token).await?, None, "the token itself is not stored");

    w.db.set_user_disabled(&w.a.org(), &w.a.user_id(), true).await?;
    assert_eq!(w.db.find_user_by_token_hash(&hash).await?, None);
    w.db.set_user_disabled(&w.a.org(), &w.a.user_id(), false).await?;
    assert!(w.db.find_user_by_token_hash(&hash).await?.is_some());
    Ok(())
}

/// The landlord's calendar version, read with a token's user, moves with every change to its
/// closure days and with no one else's: what tells the application its cached calendar is
/// stale (migration 0015).
async fn a_tokens_calendar_version_moves_with_each_change_to_its_landlords_closure_days(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    let hash = hash_token("rdr_calendar_version");
    w.db.add_api_token(&w.a.org(), &w.a.user_id(), &hash, at("2025-01-04T00:00:00Z")).await?;
    let version = async || -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
        Ok(w.db.find_user_by_token_hash(&hash).await?.ok_or("the token's user")?.2.calendar)
    };
    let start = version().await?;
    let day = jiff::civil::date(2025, 12, 29);
    w.db.add_closure_day(&w.a.org(), day, "Christmas closure", at("2025-01-05T00:00:00Z")).await?;
    let added = version().await?;
    assert!(added > start, "adding a closure day moves it");
    w.db.add_closure_day(&w.b.org(), day, "Another landlord's closure", at("2025-01-05T00:00:00Z")).await?;
    assert_eq!(version().await?, added, "another organisation's closure day does not");
    w.db.remove_closure_day(&w.a.org(), day).await?;
    assert!(version().await? > added, "removing one moves it");
    Ok(())
}

/// The landlord's people version, read with a token's user, moves with every change to the
/// organisations acting for it, their staff and its categories, and with no other landlord's:
/// what tells the application that the people and categories it keeps are stale (migration
/// 0030). The triggers move it, so each write path is checked here rather than trusted.
async fn a_tokens_people_version_moves_with_each_change_to_its_landlords_people_and_categories(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    let hash = hash_token("rdr_people_version");
    w.db.add_api_token(&w.a.org(), &w.a.user_id(), &hash, at("2025-01-04T00:00:00Z")).await?;
    let version = async || -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
        Ok(w.db.find_user_by_token_hash(&hash).await?.ok_or("the token's user")?.2.people)
    };
    let mut last = version().await?;
    let mut moved = async |what: &str| -> CaseResult {
        let now = version().await?;
        assert!(now > last, "{what} moves the people version ({last} then {now})");
        last = now;
        Ok(())
    };
    let agent: redress_domain::ids::OrganisationId = "org-agent".parse()?;
    w.db.create_organisation(&NewOrganisation {
        id: agent.clone(),
        name: "Agents Ltd".into(),
        kind: OrganisationKind::ManagingAgent,
        parent_id: Some(w.a.org()),
        created_at: at("2025-01-04T09:00:00Z"),
    })
    .await?;
    moved("a managing agent acting for the landlord").await?;
    let new_user = |id: &str, name: &str| -> Result<NewUser, Box<dyn std::error::Error + Send + Sync>> {
        Ok(NewUser {
            id: id.parse()?,
            name: name.into(),
            role: "handler".into(),
            created_at: at("2025-01-04T10:00:00Z"),
        })
    };
    w.db.create_user(&agent, &new_user("user-agent", "Aaron Agent")?).await?;
    moved("a member of the agent's staff").await?;
    w.db.create_user(&w.a.org(), &new_user("user-new", "Nadia New")?).await?;
    moved("a member of the landlord's staff").await?;
    w.db.set_user_disabled(&agent, &"user-agent".parse()?, true).await?;
    moved("disabling the agent's member of staff").await?;
    let category: redress_domain::ids::CategoryId = "cat-gardens".parse()?;
    w.db.add_category(&w.a.org(), &category, "Gardens").await?;
    moved("a category").await?;
    w.db.rename_category(&w.a.org(), &category, "Gardens and grounds").await?;
    moved("renaming a category").await?;
    w.db.set_category_retired(&w.a.org(), &category, true).await?;
    moved("retiring a category").await?;

    w.db.create_user(&w.b.org(), &new_user("user-beta", "Bea Beta")?).await?;
    w.db.add_category(&w.b.org(), &"cat-beta".parse()?, "Another landlord's category").await?;
    let day = jiff::civil::date(2025, 12, 29);
    w.db.add_closure_day(&w.a.org(), day, "Christmas closure", at("2025-01-05T00:00:00Z")).await?;
    assert_eq!(version().await?, last, "another landlord's people and categories, and closure days, do not move it");
    Ok(())
}

async fn a_token_cannot_be_given_to_another_organisations_user(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let result = w.db.add_api_token(&w.b.org(), &w.a.user_id(), &hash_token("t"), at("2025-01-04T00:00:00Z")).await;
    assert!(matches!(result, Err(StorageError::NotFound { what: "user" })), "{result:?}");
    w.db.add_api_token(&w.a.org(), &w.a.user_id(), &hash_token("t"), at("2025-01-04T00:00:00Z")).await?;
    let again = w.db.add_api_token(&w.a.org(), &w.a.user_id(), &hash_token("t"), at("2025-01-04T00:00:00Z")).await;
    assert!(matches!(again, Err(StorageError::Duplicate { .. })), "{again:?}");
    Ok(())
}
