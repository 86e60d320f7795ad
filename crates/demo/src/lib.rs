//! Demo data for Redress: a landlord ("Redress Demo Homes") with its homes, residents, staff
//! and a managing agent, and years of synthetic complaints in every state the Complaint
//! Handling Code knows.
//!
//! Every complaint is lived through the application's own use cases ([`redress_app::App`]),
//! on a clock moved to the time of each step, so every record has passed the domain's rules
//! and is in the tamper-evident record like any other. Each life is decided in memory as a
//! [`PendingComplaint`] (the same checks, decisions, deadlines and views as a live request,
//! without a read and a transaction per step) and written with the lives before it, a batch
//! at a time, in one transaction: the stored record is the one the steps taken one at a time
//! would have left. The same seed and size give the same data: every id, date, word and hash,
//! except the staff's user ids and tokens, which the application mints.
//!
//! Memory stays flat however large the demo: homes are made a batch at a time, complaints are
//! lived one at a time in the order they arrive and written [`BATCH`] at a time, and each is
//! a pure function of the seed and its number. The library prints nothing; a caller can
//! follow along through [`Progress`].
//!
//! What does not belong here: SQL (in `redress-storage`), rules of the Code (in
//! `redress-domain`), printing (in the `redress` binary).

mod content;
mod error;
mod life;
mod people;
mod period;
mod plan;
mod random;
mod story;
mod summary;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use jiff::ToSpan;
use jiff::civil::{Date, time};
use redress_app::{Actor, App, FixedClock, PendingComplaint, Role, Scope};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_domain::ids::{CategoryId, OrganisationId};
use redress_domain::people::ContactRestriction;
use redress_storage::{Database, NewOrganisation, Organisation, OrganisationKind};

pub use error::DemoError;
pub use period::{COMPLAINTS_PER_1000_HOMES_PER_YEAR, EARLIEST_START, Period};
pub use summary::{DemoAccount, DemoSummary};

use crate::content::{FIRST_NAMES, LETTINGS, SURNAMES};
use crate::life::{Staff, World};
use crate::random::{SeededIds, id, pick, rng};
use crate::summary::Tally;

/// The demo landlord's name. A database has at most one demo.
pub const LANDLORD: &str = "Redress Demo Homes";
/// The name of the managing agent acting for the demo landlord.
pub const MANAGING_AGENT: &str = "Redress Demo Property Management";
/// Homes in a demo unless told otherwise.
pub const DEFAULT_HOMES: u32 = 500;
/// The password of every demo account. Public on purpose: the demo is for trying Redress,
/// never for real residents' data.
pub const DEMO_PASSWORD: &str = "redress-demo-password";

/// The email a demo account signs in with: `handler@demo-homes.example` for the landlord's
/// staff, `handler@demo-agent.example` for the managing agent's handler.
pub fn demo_email(role: Role, of_agent: bool) -> String {
    let domain = if of_agent { "demo-agent.example" } else { "demo-homes.example" };
    format!("{}@{domain}", role.as_str())
}
/// Whole reporting years in a demo unless told otherwise.
pub const DEFAULT_YEARS: u16 = 2;
/// The seed unless told otherwise.
pub const DEFAULT_SEED: u64 = 1;

/// What demo to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many homes (one property and one resident each).
    pub homes: u32,
    /// How many whole reporting years before the current one (see [`Period`]).
    pub years: u16,
    /// The seed: the same seed and size give the same data.
    pub seed: u64,
    /// The day the demo is seen from: its data stops the day before, and its deadlines are
    /// judged as of this day.
    pub end: Date,
}

/// How far generation has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Homes made so far, of the total.
    Homes {
        /// Made so far.
        done: u64,
        /// In all.
        total: u64,
    },
    /// Complaints lived and written so far, of the total.
    Complaints {
        /// Lived and written so far.
        done: u64,
        /// In all.
        total: u64,
    },
}

/// The demo landlord, if the database has one.
///
/// # Errors
///
/// [`DemoError::Storage`] if the database fails.
pub async fn find_demo(db: &Database) -> Result<Option<Organisation>, DemoError> {
    Ok(db.get_organisation_by_name(LANDLORD).await?)
}

/// Makes the demo in `db` (already migrated), counting working days with `calendar`, and
/// reports progress to `progress` as it goes.
///
/// # Errors
///
/// [`DemoError::AlreadyExists`] if the database already has the demo landlord (nothing is
/// changed); [`DemoError::Invalid`] for options that make no demo; otherwise whatever stopped
/// it, leaving what was made so far.
pub async fn generate(
    db: &Database,
    calendar: WorkingCalendar,
    options: &DemoOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<DemoSummary, DemoError> {
    let period = Period::new(options.end, options.years)?;
    if options.homes == 0 {
        return Err(DemoError::Invalid("a demo has at least one home".into()));
    }
    if find_demo(db).await?.is_some() {
        return Err(DemoError::AlreadyExists(LANDLORD.into()));
    }
    let tz = london::zone()?;
    let set_up_on = period.from.saturating_sub(14.days());
    let set_up_at = set_up_on.to_datetime(time(9, 0, 0, 0)).to_zoned(tz.clone())?.timestamp();
    let clock = Arc::new(FixedClock::new(set_up_at));
    let seed = options.seed;
    let ids = Arc::new(SeededIds { seed, given: AtomicU64::new(0) });
    let app = App::new(db.clone(), calendar, clock.clone())?.with_ids(ids);

    let organisation = |index, name: &str, kind, parent_id| NewOrganisation {
        id: OrganisationId::trusted(id(seed, "organisation", index)),
        name: name.to_owned(),
        kind,
        parent_id,
        created_at: set_up_at,
    };
    let landlord = db.create_organisation(&organisation(0, LANDLORD, OrganisationKind::Landlord, None)).await?;
    let (lettings, name) = LETTINGS;
    db.add_category(&landlord.id, &CategoryId::trusted(lettings.to_owned()), name).await?;
    let agent = organisation(1, MANAGING_AGENT, OrganisationKind::ManagingAgent, Some(landlord.id.clone()));
    let agent = db.create_organisation(&agent).await?;
    let (staff, accounts) = add_staff(&app, &landlord, &agent, seed).await?;
    let homes =
        people::create_homes(db, &landlord.id, &agent.id, seed, options.homes, period.from, set_up_at, progress)
            .await?;

    let settings = app.pending_settings(&staff.handler).await?;
    let world = World {
        app,
        settings,
        clock,
        seed,
        homes: options.homes,
        from: period.from,
        set_up_at,
        cutoff: options.end.to_zoned(tz.clone())?.timestamp(),
        tz,
        agent: agent.clone(),
        staff,
    };
    restrict_contact(&world, period.end).await?;
    let mut tally = Tally {
        summary: DemoSummary {
            landlord,
            agent,
            period,
            homes: u64::from(options.homes),
            representatives: homes.representatives,
            managed_by_agent: homes.managed_by_agent,
            accounts,
            complaints: 0,
            by_status: Default::default(),
            escalated: 0,
            escalation_refused: 0,
            referred_to_ombudsman: 0,
            deadlines: Default::default(),
            correspondence: 0,
        },
        calendar: world.app.calendar(),
        code: world.app.code(),
    };
    live_all(&world, &period, &mut tally, progress).await?;
    // From here on the application sees the day the demo is seen from.
    world.clock.set(world.cutoff);
    Ok(tally.summary)
}

/// How many complaints are lived in memory before they are written together, in one
/// transaction: enough that a transaction's cost is shared thinly, few enough that memory
/// stays flat.
const BATCH: usize = 250;

/// Lives every complaint, the showcase and the random ones merged in the order they arrive,
/// and writes them in that order, [`BATCH`] at a time.
async fn live_all(
    world: &World,
    period: &Period,
    tally: &mut Tally<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), DemoError> {
    let seed = world.seed;
    let showcases = plan::showcases(seed, world.homes, period.end, world.app.calendar())?;
    let expected = period.expected_complaints(world.homes);
    // Showcases count towards the rate; but however small the demo, at least half the expected
    // number are drawn at random, so that it is never only showcases.
    let random = expected.saturating_sub(showcases.len() as u64).max(expected / 2);
    let total = random + showcases.len() as u64;
    let mut showcases = showcases.into_iter().enumerate().peekable();
    let arrival_of =
        |index: u64| (index < random).then(|| plan::arrival(seed, index, random, period.from, period.days()));
    let mut next_random = 0;
    let mut arrival = arrival_of(0);
    let mut done = 0;
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let take_showcase = match (showcases.peek(), &arrival) {
            (Some((_, showcase)), Some(arrival)) => {
                (showcase.arrival.on, showcase.arrival.at) <= (arrival.on, arrival.at)
            }
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let (key, rng, profile) = if take_showcase {
            let Some((index, profile)) = showcases.next() else { break };
            (format!("demo-showcase-{index}"), rng(seed, "showcase-life", index as u64), profile)
        } else {
            let Some(this) = arrival.take() else { break };
            let mut rng = rng(seed, "complaint", next_random);
            let profile = plan::draw(&mut rng, this, world.homes);
            let key = format!("demo-complaint-{next_random}");
            next_random += 1;
            arrival = arrival_of(next_random);
            (key, rng, profile)
        };
        let lived = story::live(world, key, rng, &profile).await?;
        tally.add(lived.complaint.view(), lived.letters, period.end)?;
        batch.push(lived.complaint);
        if batch.len() == BATCH {
            done += write(world, &mut batch).await?;
            progress(Progress::Complaints { done, total });
        }
    }
    done += write(world, &mut batch).await?;
    progress(Progress::Complaints { done, total });
    Ok(())
}

/// Writes the complaints lived since the last write, in one transaction; returns how many.
async fn write(world: &World, batch: &mut Vec<PendingComplaint>) -> Result<u64, DemoError> {
    let written = batch.len() as u64;
    if written > 0 {
        world.app.write_pending(std::mem::take(batch)).await?;
    }
    Ok(written)
}

/// Restricts one resident's contact for unacceptable behaviour (Code 5.14, 5.15), from two
/// months before the end with a review due a month after it.
async fn restrict_contact(world: &World, end: Date) -> Result<(), DemoError> {
    let starts_on = end.saturating_sub(60.days());
    world.clock.set(world.instant(starts_on, time(11, 0, 0, 0))?);
    let home = people::home(world.seed, 2 % world.homes, world.from, world.set_up_at);
    let restriction = ContactRestriction {
        behaviour: "Repeated abusive and threatening phone calls to the repairs team".into(),
        evidence: "Call recordings and staff incident reports from three calls in the last month".into(),
        restriction: "Contact by email or letter to a named officer only; emergency repairs by phone as before".into(),
        proportionality: "Every route to report repairs and complaints stays open; only phone calls to the team \
                          are restricted"
            .into(),
        equality_act_consideration: "The resident's disclosed needs were reviewed; written contact suits them and \
                                     a named officer is a reasonable adjustment"
            .into(),
        starts_on,
        review_on: end.saturating_add(30.days()),
    };
    world.app.restrict_contact(&world.staff.senior, &home.resident.id, restriction).await?;
    Ok(())
}

/// Adds a member of staff for each role, and the managing agent's handler; returns them as
/// actors of the landlord, and their accounts with tokens.
async fn add_staff(
    app: &App,
    landlord: &Organisation,
    agent: &Organisation,
    seed: u64,
) -> Result<(Staff, Vec<DemoAccount>), DemoError> {
    let mut accounts = Vec::new();
    let members = Role::ALL.into_iter().map(|role| (landlord, role)).chain([(agent, Role::Handler)]);
    for (index, (organisation, role)) in members.enumerate() {
        let mut rng = rng(seed, "staff", index as u64);
        let name = format!("{} {}", pick(&mut rng, FIRST_NAMES), pick(&mut rng, SURNAMES));
        let (user, token) = app.add_user(organisation, &name, role).await?;
        let email = demo_email(role, organisation.id == agent.id);
        app.set_password(&organisation.id, &user.id, &email, DEMO_PASSWORD).await?;
        accounts.push(DemoAccount {
            email,
            organisation: organisation.name.clone(),
            name: user.name,
            role,
            user_id: user.id,
            token,
        });
    }
    let actor = |role: Role, organisation: &Organisation| {
        let account = accounts.iter().find(|a| a.role == role && a.organisation == organisation.name);
        account.map(|a| Actor {
            user_id: a.user_id.clone(),
            name: a.name.clone(),
            // Everyone acts on the landlord's complaints, the agent's handler included (Code 5.4).
            organisation_id: landlord.id.clone(),
            role,
            scope: Scope::landlord(&landlord.id),
        })
    };
    let staff = (|| {
        Some(Staff {
            handler: actor(Role::Handler, landlord)?,
            officer: actor(Role::ComplaintsOfficer, landlord)?,
            senior: actor(Role::SeniorLead, landlord)?,
            agent_handler: actor(Role::Handler, agent)?,
        })
    })()
    .ok_or_else(|| DemoError::Invalid("a demo role has no member of staff".into()))?;
    Ok((staff, accounts))
}
