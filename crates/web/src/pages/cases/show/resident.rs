//! The case page's resident panel: who the complaint is from and what handling it must respect
//! (their home, how they want to be contacted and in what format, their vulnerabilities and
//! disabilities, the reasonable adjustments agreed, any restriction on their contact, and the
//! representative acting on this complaint). It shows what [`App::case_people`] lets the
//! caller see, and nothing of it is logged.
//!
//! [`App::case_people`]: redress_app::App::case_people

use jiff::civil::Date;
use redress_app::CasePeople;
use redress_domain::people::review_overdue;

use super::parts::{Part, Section, Value, row};
use crate::pages::cases::long_date;
use crate::pages::residents::{adjustments, items};

/// The resident panel, judged `today` for reviews that are due.
pub(crate) fn panel(people: &CasePeople, today: Date) -> Section {
    let resident = &people.record.resident;
    let d = &resident.details;
    let given = |v: &Option<String>| Value::or(v.clone(), "Not given");
    let reviewed = |what: &str, on: Date| {
        let overdue = if review_overdue(on, today) { ", review overdue" } else { "" };
        format!("{what} (review by {}{overdue})", long_date(on))
    };
    let mut rows = vec![row("Name", Value::Link { href: format!("/residents/{}", resident.id), text: d.name.clone() })];
    if let Some(home) = &people.home {
        rows.push(row("The home the complaint is about", Value::Text(home.address.clone())));
    }
    rows.extend([
        row("Address", given(&d.address)),
        row("Email", given(&d.email)),
        row("Telephone", given(&d.phone)),
        row("Preferred contact method", given(&d.preferred_contact_method)),
        row("Format needed", given(&d.preferred_format)),
        row("Vulnerabilities", Value::Lines(items(&d.vulnerabilities))),
        row("Disabilities", Value::Lines(items(&d.disabilities))),
        row(
            "Reasonable adjustments",
            Value::Lines(adjustments(resident).iter().map(|a| reviewed(&a.adjustment, a.review_on)).collect()),
        ),
        row(
            "Contact restrictions",
            Value::Lines(
                people.restrictions.iter().map(|r| reviewed(&r.details.restriction, r.details.review_on)).collect(),
            ),
        ),
        row("Representative on this complaint", representative(people)),
    ]);
    let mut section = Section::new("resident", "The resident");
    section.parts.push(Part::Rows(rows));
    section
}

/// The representative the complaint names, with how to reach them and the resident's authority
/// (Code 3.6).
fn representative(people: &CasePeople) -> Value {
    let Some(rep) = &people.representative else {
        return Value::Text("None: the resident acts for themselves".into());
    };
    let mut notes: Vec<String> = [rep.email.clone(), rep.phone.clone()].into_iter().flatten().collect();
    notes.push(if rep.authority_evidence.trim().is_empty() {
        "No authority from the resident on record".to_owned()
    } else {
        format!("Authority: {}", rep.authority_evidence)
    });
    Value::Noted { text: format!("{} ({})", rep.name, rep.relationship), notes }
}
