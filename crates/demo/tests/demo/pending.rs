//! Complaints lived in memory ([`redress_app::PendingComplaint`]) and written whole are stored
//! exactly as the same steps taken one at a time through the live use cases store them: the
//! same rows, hashes, references and registry, given the same ids and clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::{SignedDuration, Timestamp};
use redress_app::{
    Actor, App, AttachmentInput, ComplaintIntake, ComplaintView, CorrespondenceInput, FixedClock, IdSource, Known,
    Role, Scope,
};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{
    Acknowledge, AddPoints, Channel, Command, ConflictDeclaration, DefinitionInput, Direction, RemedyKind, RemedyOffer,
    Responsibility, StageNumber,
};
use redress_domain::ids::{CategoryId, ComplaintId, OrganisationId, ResidentId, UserId};
use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, Database, NewOrganisation, NewResident, NewUser, OrganisationKind, ResidentDetails};
use serde_json::json;

use crate::{Case, CaseResult, case};

/// Every case.
pub fn all() -> Vec<Case> {
    vec![
        case!(complaints_lived_in_memory_are_stored_as_their_steps_one_at_a_time_would_be),
        case!(a_command_refused_leaves_a_pending_complaint_as_it_was),
    ]
}

const ORG: &str = "00000000-0000-0000-0000-00000000000a";
const HANDLER: &str = "00000000-0000-0000-0000-00000000000b";
/// The organisation, as the typed id storage takes.
fn org() -> OrganisationId {
    OrganisationId::trusted(ORG.into())
}

const RESIDENT: &str = "00000000-0000-0000-0000-00000000000c";

/// The landlord's resident, recorded by [`world`].
fn resident() -> NewResident {
    let details = ResidentDetails {
        name: "Rita Resident".into(),
        reference: None,
        email: None,
        phone: None,
        address: None,
        preferred_contact_method: None,
        preferred_format: None,
        disabilities: json!([]),
        vulnerabilities: json!([]),
        reasonable_adjustments: json!([]),
        support_review_on: None,
    };
    let created_at = "2025-03-03T09:00:00Z".parse().expect("an instant");
    NewResident { id: ResidentId::trusted(RESIDENT.into()), details, created_at }
}

/// Ids 1, 2, 3…: the same in every run.
struct Counted(AtomicU64);

impl IdSource for Counted {
    fn new_id(&self) -> String {
        format!("00000000-0000-0000-0001-{:012}", self.0.fetch_add(1, Ordering::Relaxed))
    }
}

/// A fresh database with a landlord, its handler and a resident, and the application over it
/// on a clock that `steps` moves, taking ids from a counter.
async fn world(
    backend: Backend,
) -> Result<(TestDatabase, App, Arc<FixedClock>, Actor), Box<dyn std::error::Error + Send + Sync>> {
    let db = TestDatabase::migrated(backend).await?;
    let start: Timestamp = "2025-03-03T09:00:00Z".parse()?;
    let organisation = NewOrganisation {
        id: org(),
        name: "Landlord".into(),
        kind: OrganisationKind::Landlord,
        parent_id: None,
        created_at: start,
    };
    db.create_organisation(&organisation).await?;
    let user = NewUser {
        id: UserId::trusted(HANDLER.into()),
        name: "Hana Handler".into(),
        role: Role::Handler.as_str().into(),
        created_at: start,
    };
    db.create_user(&org(), &user).await?;
    db.create_resident(&org(), &resident()).await?;
    let clock = Arc::new(FixedClock::new(start));
    let app = App::new(db.clone(), WorkingCalendar::england_and_wales(), clock.clone())?
        .with_ids(Arc::new(Counted(AtomicU64::new(1))));
    let actor = Actor {
        user_id: UserId::trusted(HANDLER.into()),
        name: "Hana Handler".into(),
        organisation_id: org(),
        role: Role::Handler,
        scope: Scope::landlord(&org()),
    };
    Ok((db, app, clock, actor))
}

/// What happens to complaint `n`, step by step: logged, a letter in with a file, acknowledged,
/// a point added, a letter out.
enum Step {
    Log(ComplaintIntake),
    Act(Command),
    Letter(CorrespondenceInput),
}

fn steps(n: i64) -> Vec<(Timestamp, Step)> {
    let at = |hours: i64| "2025-03-04T09:30:00Z".parse::<Timestamp>().unwrap() + SignedDuration::from_hours(hours + n);
    let letter = |direction, subject: &str, file: Option<&str>| CorrespondenceInput {
        direction,
        channel: Channel::Email,
        subject: subject.into(),
        body: format!("{subject}: the text of it."),
        occurred_at: None,
        attachments: file
            .map(|name| AttachmentInput {
                file_name: name.into(),
                media_type: "text/plain".into(),
                content: format!("{subject} as a file").into_bytes(),
                sha256: None,
            })
            .into_iter()
            .collect(),
    };
    vec![
        (
            at(0),
            Step::Log(ComplaintIntake {
                received_at: None,
                logged_on: None,
                handling_organisation_id: None,
                channel: Channel::Email,
                issue_occurred_on: jiff::civil::date(2025, 2, 10),
                became_aware_on: None,
                description: format!("Complaint {n}: the boiler has failed twice."),
                categories: vec![CategoryId::trusted("repairs".into())],
                risks: Default::default(),
                risk_notes: None,
                complexity: Default::default(),
                resident_id: ResidentId::trusted(RESIDENT.into()),
                representative_id: None,
                property_id: None,
                service_request_ids: Vec::new(),
                linked_complaint_ids: Vec::new(),
            }),
        ),
        (at(1), Step::Letter(letter(Direction::Incoming, "The complaint", Some("complaint.txt")))),
        (
            at(26),
            Step::Act(Command::Acknowledge(Acknowledge {
                stage: StageNumber::One,
                handler: UserId::trusted(HANDLER.into()),
                definition: DefinitionInput {
                    points: vec!["The boiler failed twice in a month.".into()],
                    outcomes_sought: vec!["A new boiler.".into()],
                },
                responsibility: Responsibility {
                    responsible_for: vec!["Heating".into()],
                    not_responsible_for: Vec::new(),
                },
                conflict: ConflictDeclaration::default(),
                late_issue_discretion: None,
            })),
        ),
        (at(27), Step::Letter(letter(Direction::Outgoing, "Acknowledgement", None))),
        (at(50), Step::Act(Command::AddPoints(AddPoints { points: vec!["No hot water for a week.".into()] }))),
        (
            at(51),
            Step::Act(Command::OfferRemedy(RemedyOffer {
                kind: RemedyKind::Apology,
                description: "A written apology.".into(),
                amount_pence: None,
                due: Some(jiff::civil::date(2025, 3, 14)),
            })),
        ),
    ]
}

async fn complaints_lived_in_memory_are_stored_as_their_steps_one_at_a_time_would_be(backend: Backend) -> CaseResult {
    let (live_db, live, live_clock, actor) = world(backend).await?;
    let mut live_views = Vec::new();
    for n in 0..3 {
        let mut id = None;
        let mut view = None;
        for (at, step) in steps(n) {
            live_clock.set(at);
            view = Some(match step {
                Step::Log(intake) => live.log_complaint(&actor, intake, None).await?.view,
                Step::Act(command) => {
                    live.act(&actor, id.as_ref().ok_or("logged first")?, command, redress_app::Stated::default())
                        .await?
                }
                Step::Letter(input) => {
                    live.record_correspondence(&actor, id.as_ref().ok_or("logged first")?, input).await?
                }
            });
            id = view.as_ref().map(|v| v.id.clone());
        }
        live_views.extend(view);
    }

    let (pending_db, pending, pending_clock, actor) = world(backend).await?;
    let settings = pending.pending_settings(&actor).await?;
    let resident = resident();
    let known = Known { residents: &[&resident], ..Known::default() };
    let mut lived = Vec::new();
    for n in 0..3 {
        let mut complaint = None;
        for (at, step) in steps(n) {
            pending_clock.set(at);
            match (step, complaint.as_mut()) {
                (Step::Log(intake), None) => {
                    complaint = Some(pending.log_pending(&settings, &actor, intake, known, Vec::new()).await?)
                }
                (Step::Act(command), Some(c)) => pending.act_pending(&settings, &actor, c, command, None).await?,
                (Step::Letter(input), Some(c)) => {
                    pending.record_correspondence_pending(&settings, &actor, c, input).await?
                }
                _ => panic!("a complaint is logged first, once"),
            }
        }
        lived.extend(complaint);
    }
    let views: Vec<ComplaintView> = lived.iter().map(|c| c.view().clone()).collect();
    let references = pending.write_pending(lived).await?;

    for ((live_view, pending_view), reference) in live_views.iter().zip(&views).zip(&references) {
        assert_eq!(&live_view.reference, reference);
        assert_eq!(&ComplaintView { reference: String::new(), ..live_view.clone() }, pending_view);
        assert_stored_alike(&live_db, &pending_db, &live_view.id).await?;
    }
    let (live_audit, pending_audit) = (live_db.verify_audit().await?, pending_db.verify_audit().await?);
    assert!(pending_audit.is_clean(), "{:#?}", pending_audit.problems);
    assert_eq!(pending_audit.registry_heads, live_audit.registry_heads);
    assert_eq!((pending_audit.complaints, pending_audit.events), (3, live_audit.events));
    assert_eq!((pending_audit.correspondence, pending_audit.attachments), (6, 3));
    Ok(())
}

/// The complaint's row, events, remedies' rows, correspondence and files are the same in both
/// databases.
async fn assert_stored_alike(a: &Database, b: &Database, id: &str) -> CaseResult {
    let complaint_id = ComplaintId::trusted(id.into());
    assert_eq!(a.get_complaint(&org(), &complaint_id).await?, b.get_complaint(&org(), &complaint_id).await?);
    let work = a.work_items_of(ORG, id).await?;
    assert_eq!(work.len(), 1, "the remedy offered has its row");
    assert_eq!(work, b.work_items_of(ORG, id).await?);
    assert_eq!(a.load_events(&org(), &complaint_id).await?, b.load_events(&org(), &complaint_id).await?);
    let (letters_a, letters_b) = (
        a.correspondence_with_attachments(&org(), &ComplaintId::trusted(id.into())).await?,
        b.correspondence_with_attachments(&org(), &ComplaintId::trusted(id.into())).await?,
    );
    assert_eq!(letters_a, letters_b);
    for (_, files) in &letters_a {
        for file in files {
            assert_eq!(a.get_attachment(&org(), &file.id).await?, b.get_attachment(&org(), &file.id).await?);
        }
    }
    Ok(())
}

async fn a_command_refused_leaves_a_pending_complaint_as_it_was(backend: Backend) -> CaseResult {
    let (db, app, clock, actor) = world(backend).await?;
    let settings = app.pending_settings(&actor).await?;
    let resident = resident();
    let known = Known { residents: &[&resident], ..Known::default() };
    let mut complaint = None;
    for (at, step) in steps(0).into_iter().take(2) {
        clock.set(at);
        match (step, complaint.as_mut()) {
            (Step::Log(intake), None) => {
                complaint = Some(app.log_pending(&settings, &actor, intake, known, Vec::new()).await?)
            }
            (Step::Letter(input), Some(c)) => app.record_correspondence_pending(&settings, &actor, c, input).await?,
            _ => panic!("the first two steps are a log and a letter"),
        }
    }
    let mut complaint = complaint.expect("logged");
    let before = complaint.view().clone();
    // Points can be added only once the complaint is acknowledged.
    let refused = app
        .act_pending(
            &settings,
            &actor,
            &mut complaint,
            Command::AddPoints(AddPoints { points: vec!["x".into()] }),
            None,
        )
        .await;
    assert!(refused.is_err());
    assert_eq!(complaint.view(), &before);
    assert!(db.get_complaint(&org(), &before.id).await?.is_none(), "nothing is written before write_pending");
    let references = app.write_pending(vec![complaint]).await?;
    let stored = db.load_events(&org(), &before.id).await?;
    assert_eq!(stored.len(), before.events.len());
    assert_eq!(stored.last().map(|e| e.hash.as_str()), before.events.last().map(|e| e.hash.as_str()));
    assert_eq!(references.len(), 1);
    Ok(())
}
