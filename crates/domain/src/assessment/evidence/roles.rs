//! The roles the Code asks a landlord to fill (4.1 the complaints officer, 9.4 the senior lead,
//! 9.5 the Member Responsible for Complaints), from the record of role assignments: whether
//! someone held each on every day of the period up to today, and the days no one did.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::ToSpan;

use super::{EvidenceInput, Finding};
use crate::calendar::london;
use crate::ids::UserId;
use crate::reporting::ReportingError;

/// One assignment of a role to a member of staff, or its removal: a member of staff holds the
/// role their latest assignment granted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleChange {
    /// Who.
    pub user: UserId,
    /// The role, as stored ("complaints_officer", "senior_lead", "mrc").
    pub role: String,
    /// Granted (or removed).
    pub granted: bool,
    /// When.
    pub at: Timestamp,
}

/// The provisions, the role each asks for as stored, and its name.
const ROLES: [(&str, &str, &str); 3] = [
    ("4.1", "complaints_officer", "complaints officer"),
    ("9.4", "senior_lead", "senior lead for complaints"),
    ("9.5", "mrc", "Member Responsible for Complaints"),
];

/// The findings for 4.1, 9.4 and 9.5; none when the caller has no record of roles to give.
pub(super) fn findings(input: &EvidenceInput<'_>) -> Result<BTreeMap<&'static str, Finding>, ReportingError> {
    let mut out = BTreeMap::new();
    let Some(changes) = input.roles else { return Ok(out) };
    let mut dated = Vec::with_capacity(changes.len());
    for change in changes {
        dated.push((london::local_date(change.at)?, change));
    }
    dated.sort_by_key(|(_, c)| c.at);
    let last = input.period.last().min(input.today);
    for (provision, role, name) in ROLES {
        let mut finding = Finding::default();
        if last < input.period.first() {
            finding.say(format!("The period has not begun, so no day of it shows who was the {name}."));
            out.insert(provision, finding);
            continue;
        }
        finding.measured = true;
        // Each member of staff's latest assignment by the end of each day.
        let mut latest: BTreeMap<&UserId, (&str, bool)> = BTreeMap::new();
        let mut next = 0;
        let mut holders = std::collections::BTreeSet::new();
        let mut vacant: Vec<(jiff::civil::Date, jiff::civil::Date)> = Vec::new();
        let mut day = input.period.first();
        while day <= last {
            while let Some((_, change)) = dated.get(next).filter(|(on, _)| *on <= day) {
                latest.insert(&change.user, (change.role.as_str(), change.granted));
                next += 1;
            }
            let held: Vec<&&UserId> = latest.iter().filter(|(_, (r, g))| *r == role && *g).map(|(u, _)| u).collect();
            if held.is_empty() {
                match vacant.last_mut() {
                    Some((_, to)) if to.checked_add(1.day()).ok() == Some(day) => *to = day,
                    _ => vacant.push((day, day)),
                }
            }
            holders.extend(held.into_iter().map(|u| (*u).clone()));
            day = day.checked_add(1.day()).map_err(|e| crate::calendar::CalendarError::TimeZone(e.to_string()))?;
        }
        if vacant.is_empty() {
            finding.say(format!(
                "Someone held the role of {name} on every day of the period up to {last}; {} held it.",
                super::count(holders.len(), "person", "people"),
            ));
        } else {
            let spans: Vec<String> = vacant
                .iter()
                .map(|(from, to)| if from == to { from.to_string() } else { format!("{from} to {to}") })
                .collect();
            finding.say(format!("No one held the role of {name} on: {}.", spans.join(", ")));
            finding.breach = true;
        }
        out.insert(provision, finding);
    }
    Ok(out)
}
