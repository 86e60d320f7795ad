//! Homes and the people in them: one property and one resident per home, some residents with
//! disabilities, vulnerabilities and reasonable adjustments (Code 5.10), some with a
//! representative holding their authority (Code 1.3, 3.6).
//!
//! A home is a pure function of the seed and its number ([`home`]), so a complaint can find
//! out about its resident without anything being kept in memory, however many homes there are.
//! Homes are written many at a time ([`create_homes`]).

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use rand::RngExt;
use redress_domain::complaint::Channel;
use redress_domain::ids::{OrganisationId, PropertyId, RepresentativeId, ResidentId};
use redress_domain::people::ReasonableAdjustment;
use redress_storage::{
    Assignment, Database, HomeFilter, MOST_HOMES, NewHome, NewProperty, NewRepresentative, NewResident, ResidentDetails,
};
use serde_json::{Value, json};

use crate::content::{DISABILITIES, FIRST_NAMES, REPRESENTATIVES, STREETS, SURNAMES, TOWNS, VULNERABILITIES};
use crate::random::{between, chance, id, pick, rng};
use crate::{DemoError, Progress};

/// Every fifth home is looked after by the managing agent.
const AGENT_EVERY: u32 = 5;

/// One home, its resident and their representative, if any.
pub(crate) struct Home {
    /// The property.
    pub property: NewProperty,
    /// The resident.
    pub resident: NewResident,
    /// Their representative.
    pub representative: Option<NewRepresentative>,
    /// Whether the managing agent looks after it (and handles its complaints).
    pub by_agent: bool,
    /// How the resident likes to be contacted.
    pub prefers: Channel,
    /// The resident's vulnerabilities, which become a complaint's risk flags.
    pub risk_flags: Vec<String>,
}

/// The tenancy reference of home number `index`: `T` and six digits, `T100000` for the first.
fn tenancy_reference(index: u32) -> String {
    format!("T{}", 100_000 + u64::from(index))
}

/// Home number `index` (from 0) of the demo with `seed`; `from` is the first day of the demo,
/// from which review dates of adjustments are set.
pub(crate) fn home(seed: u64, index: u32, from: Date, created_at: Timestamp) -> Home {
    let mut rng = rng(seed, "home", u64::from(index));
    let (town, area) = *pick(&mut rng, TOWNS);
    let address = format!(
        "{} {}, {town} {area}{} {}{}{}",
        between(&mut rng, 1, 180),
        pick(&mut rng, STREETS),
        between(&mut rng, 1, 19),
        between(&mut rng, 1, 9),
        pick(&mut rng, &POSTCODE_LETTERS),
        pick(&mut rng, &POSTCODE_LETTERS),
    );
    let uprn = chance(&mut rng, 0.85).then(|| format!("9{:011}", rng.random_range(0..100_000_000_000u64)));
    let property = NewProperty {
        id: PropertyId::trusted(id(seed, "property", u64::from(index))),
        address: address.clone(),
        uprn,
        created_at,
    };

    let name = format!("{} {}", pick(&mut rng, FIRST_NAMES), pick(&mut rng, SURNAMES));
    let prefers = *pick(&mut rng, &[Channel::Email, Channel::Email, Channel::Letter, Channel::Phone]);
    let (disabilities, adjustments, format, review) = support_needs(&mut rng, from);
    let risk_flags: Vec<String> = if chance(&mut rng, 0.12) {
        let mut flags = vec![pick(&mut rng, VULNERABILITIES).to_string()];
        if chance(&mut rng, 0.3) {
            flags.push(pick(&mut rng, VULNERABILITIES).to_string());
        }
        flags.dedup();
        flags
    } else {
        Vec::new()
    };
    let email = format!("{}@example.org", name.to_lowercase().replace([' ', '\''], "."));
    let details = ResidentDetails {
        name: name.clone(),
        // The tenancy reference, from the home's number: unique, and no draw of the generator,
        // so the rest of the demo is as it was for a seed.
        reference: Some(tenancy_reference(index)),
        email: (prefers == Channel::Email || chance(&mut rng, 0.5)).then_some(email),
        // 07700 900000 to 900999: set aside by Ofcom for drama, so never a real number.
        phone: Some(format!("07700 900{:03}", rng.random_range(0..1000u32))),
        address: Some(address),
        preferred_contact_method: Some(contact_method(prefers).to_owned()),
        preferred_format: format.map(str::to_owned),
        disabilities,
        vulnerabilities: json!(risk_flags),
        reasonable_adjustments: adjustments,
        support_review_on: review,
    };
    let resident_id = ResidentId::trusted(id(seed, "resident", u64::from(index)));
    // Home 1 always has a representative, so that even a tiny demo shows one.
    let representative = (index == 1 || chance(&mut rng, 0.06)).then(|| {
        let (relationship, authority) = *pick(&mut rng, REPRESENTATIVES);
        NewRepresentative {
            id: RepresentativeId::trusted(id(seed, "representative", u64::from(index))),
            resident_id: resident_id.clone(),
            name: format!("{} {}", pick(&mut rng, FIRST_NAMES), pick(&mut rng, SURNAMES)),
            relationship: relationship.to_owned(),
            email: Some(format!("representative{index}@example.org")),
            phone: None,
            authority_evidence: authority.to_owned(),
            created_at,
        }
    });
    Home {
        property,
        resident: NewResident { id: resident_id, details, created_at },
        representative,
        by_agent: index % AGENT_EVERY == AGENT_EVERY - 1,
        prefers,
        risk_flags,
    }
}

/// Letters that UK postcodes use in their last part.
const POSTCODE_LETTERS: [char; 20] =
    ['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z'];

/// Disabilities disclosed, the adjustments agreed for them with review dates, the letter
/// format needed, and the earliest review date.
fn support_needs(rng: &mut rand::rngs::StdRng, from: Date) -> (Value, Value, Option<&'static str>, Option<Date>) {
    if !chance(rng, 0.18) {
        return (json!([]), json!([]), None, None);
    }
    let (disability, adjustment, format) = *pick(rng, DISABILITIES);
    let review = from.saturating_add(i64::from(between(rng, 120, 720)).days());
    let adjustments = json!([ReasonableAdjustment { adjustment: adjustment.to_owned(), review_on: review }]);
    (json!([disability]), adjustments, format, Some(review))
}

fn contact_method(channel: Channel) -> &'static str {
    match channel {
        Channel::Letter => "letter",
        Channel::Phone => "phone",
        _ => "email",
    }
}

/// What [`create_homes`] made.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HomeCounts {
    /// Residents with a representative.
    pub representatives: u64,
    /// Homes assigned to the managing agent.
    pub managed_by_agent: u64,
}

/// How many homes are written in one transaction: enough that a transaction's cost is shared
/// thinly, few enough that memory stays flat.
const HOMES_TOGETHER: u32 = 2_000;

/// Creates every home of the demo, with its resident (living in it) and representative,
/// [`HOMES_TOGETHER`] at a time in one transaction; then assigns the managing agent's homes to
/// it, as the landlord's set-up would.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn create_homes(
    db: &Database,
    org: &OrganisationId,
    agent: &OrganisationId,
    seed: u64,
    homes: u32,
    from: Date,
    created_at: Timestamp,
    progress: &mut dyn FnMut(Progress),
) -> Result<HomeCounts, DemoError> {
    let mut counts = HomeCounts::default();
    let mut agents_homes = Vec::new();
    let mut start = 0;
    while start < homes {
        let end = homes.min(start.saturating_add(HOMES_TOGETHER));
        let batch: Vec<NewHome> = (start..end)
            .map(|index| {
                let home = home(seed, index, from, created_at);
                if home.by_agent {
                    agents_homes.push(home.property.id.clone());
                }
                NewHome { property: home.property, resident: home.resident, representative: home.representative }
            })
            .collect();
        db.create_homes(org, &batch).await?;
        counts.representatives += batch.iter().filter(|h| h.representative.is_some()).count() as u64;
        progress(Progress::Homes { done: u64::from(end), total: u64::from(homes) });
        start = end;
    }
    // Set up from the command line: nobody on the staff assigned them.
    let assignment = Assignment { manager: Some(agent.clone()), assigned_by: None, at: created_at };
    for chunk in agents_homes.chunks(MOST_HOMES as usize) {
        let filter = HomeFilter { ids: Some(chunk.to_vec()), ..HomeFilter::default() };
        counts.managed_by_agent += db.assign_homes(org, &filter, &assignment).await?;
    }
    Ok(counts)
}
