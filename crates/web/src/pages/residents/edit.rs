//! `GET`/`POST /residents/new` and `GET`/`POST /residents/{id}/edit`: recording a resident,
//! and changing their contact details, preferences and support needs.

use axum::Form;
use axum::extract::State;
use redress_domain::ids::ResidentId;

use crate::pages::IdPath;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::ResidentInput;
use redress_domain::people::ReasonableAdjustment;
use redress_storage::Resident;

use super::{adjustments, built, items, require_register};
use crate::AppState;
use crate::pages::forms::{Builder, Values, Widget, refused, show_form};
use crate::pages::{PageError, Staff};

/// Blank reasonable-adjustment rows offered besides those already agreed.
const SPARE_ADJUSTMENTS: usize = 1;

/// The resident form's fields and, when they could all be read, the resident.
fn resident_fields(b: &mut Builder<'_>, slots: usize) -> Option<ResidentInput> {
    let values = b.values;
    b.add("name", "Full name", "", Widget::Text);
    if values.text("name").is_empty() {
        b.fail("name", "name", "Enter the resident's full name");
    }
    b.add("reference", "Tenancy or resident reference", "Your own reference for them, if they have one", Widget::Text);
    b.add("email", "Email address", "", Widget::Text);
    b.add("phone", "Telephone number", "", Widget::Text);
    b.add("address", "Address", "", Widget::Textarea);
    b.add("preferences", "Contact preferences", "", Widget::Heading);
    b.add("preferred_contact_method", "Preferred contact method", "For example: email, phone, letter", Widget::Text);
    b.add("preferred_format", "Format needed", "For example: large print, Easy Read, braille", Widget::Text);
    b.add("needs", "Disclosed needs", "Only what the resident has chosen to tell you", Widget::Heading);
    b.add("disabilities", "Disabilities disclosed", "One per line", Widget::Textarea);
    b.add("vulnerabilities", "Vulnerabilities", "One per line", Widget::Textarea);
    b.add(
        "adjustments",
        "Reasonable adjustments",
        "Code 5.10: keep a record of each adjustment agreed and when it is to be reviewed",
        Widget::Heading,
    );
    let mut agreed = Vec::new();
    let mut readable = true;
    for n in 1..=slots {
        let id = format!("adjustment_{n}");
        b.add(&id, &format!("Adjustment {n}"), "What will be done differently", Widget::Text);
        let review =
            b.date(&format!("review_{n}"), &format!("Review adjustment {n} by"), "For example, 27 3 2026", false);
        let what = values.text(&id);
        match (what.is_empty(), review) {
            (true, None) => {}
            (false, Some(review_on)) => agreed.push(ReasonableAdjustment { adjustment: what, review_on }),
            (false, None) => {
                if b.errors.iter().all(|e| e.field != format!("review_{n}-day")) {
                    b.fail(
                        &format!("review_{n}"),
                        &format!("review_{n}-day"),
                        &format!("Enter the date to review adjustment {n} by"),
                    );
                }
                readable = false;
            }
            (true, Some(_)) => {
                b.fail(&id, &id, &format!("Say what adjustment {n} is, or clear its review date"));
                readable = false;
            }
        }
    }
    readable.then(|| ResidentInput {
        name: values.text("name"),
        reference: values.optional("reference"),
        email: values.optional("email"),
        phone: values.optional("phone"),
        address: values.optional("address"),
        preferred_contact_method: values.optional("preferred_contact_method"),
        preferred_format: values.optional("preferred_format"),
        disabilities: values.lines("disabilities"),
        vulnerabilities: values.lines("vulnerabilities"),
        reasonable_adjustments: agreed,
    })
}

/// How many adjustment rows a posted form had.
fn posted_slots(values: &Values) -> usize {
    values
        .0
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("adjustment_").and_then(|n| n.parse::<usize>().ok()))
        .max()
        .unwrap_or(0)
        .clamp(1, 50)
}
/// `GET /residents/new`.
pub(crate) async fn new(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let values = Values::default();
    let mut b = Builder::new(&values);
    resident_fields(&mut b, 1 + SPARE_ADJUSTMENTS);
    let form = built(b, "Record a resident", String::new(), "Record resident").blank();
    Ok(show_form(&staff, form, "/residents/new".into(), "/residents".into(), StatusCode::OK))
}

/// `POST /residents/new`.
pub(crate) async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let values = Values(values);
    let mut b = Builder::new(&values);
    let input = resident_fields(&mut b, posted_slots(&values));
    let form = built(b, "Record a resident", String::new(), "Record resident");
    let (action, back) = ("/residents/new".to_owned(), "/residents".to_owned());
    let Some(input) = input.filter(|_| form.errors.is_empty()) else {
        return Ok(show_form(&staff, form, action, back, StatusCode::BAD_REQUEST));
    };
    match state.app().create_resident(&staff.actor, input).await {
        Ok(resident) => Ok(Redirect::to(&format!("/residents/{}", resident.id)).into_response()),
        Err(error) => Ok(refused(&staff, form, error, action, back)),
    }
}

/// The form's values for a resident on record.
fn values_of(resident: &Resident) -> Values {
    let d = &resident.details;
    let mut pairs = vec![
        ("name".to_owned(), d.name.clone()),
        ("reference".to_owned(), d.reference.clone().unwrap_or_default()),
        ("email".to_owned(), d.email.clone().unwrap_or_default()),
        ("phone".to_owned(), d.phone.clone().unwrap_or_default()),
        ("address".to_owned(), d.address.clone().unwrap_or_default()),
        ("preferred_contact_method".to_owned(), d.preferred_contact_method.clone().unwrap_or_default()),
        ("preferred_format".to_owned(), d.preferred_format.clone().unwrap_or_default()),
        ("disabilities".to_owned(), items(&d.disabilities).join("\n")),
        ("vulnerabilities".to_owned(), items(&d.vulnerabilities).join("\n")),
    ];
    for (i, a) in adjustments(resident).into_iter().enumerate() {
        let n = i + 1;
        pairs.push((format!("adjustment_{n}"), a.adjustment));
        pairs.push((format!("review_{n}-day"), a.review_on.day().to_string()));
        pairs.push((format!("review_{n}-month"), a.review_on.month().to_string()));
        pairs.push((format!("review_{n}-year"), a.review_on.year().to_string()));
    }
    Values(pairs)
}

/// `GET /residents/{id}/edit`.
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let record = state.app().resident(&staff.actor, &id).await?;
    let values = values_of(&record.resident);
    let mut b = Builder::new(&values);
    resident_fields(&mut b, adjustments(&record.resident).len() + SPARE_ADJUSTMENTS);
    let form = built(b, "Change the resident's record", record.resident.details.name.clone(), "Save changes").blank();
    Ok(show_form(&staff, form, format!("/residents/{id}/edit"), format!("/residents/{id}"), StatusCode::OK))
}

/// `POST /residents/{id}/edit`.
pub(crate) async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    require_register(&state, &staff).await?;
    let record = state.app().resident(&staff.actor, &id).await?;
    let values = Values(values);
    let mut b = Builder::new(&values);
    let input = resident_fields(&mut b, posted_slots(&values));
    let form = built(b, "Change the resident's record", record.resident.details.name.clone(), "Save changes");
    let (action, back) = (format!("/residents/{id}/edit"), format!("/residents/{id}"));
    let Some(input) = input.filter(|_| form.errors.is_empty()) else {
        return Ok(show_form(&staff, form, action, back, StatusCode::BAD_REQUEST));
    };
    match state.app().update_resident(&staff.actor, &id, input).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(error) => Ok(refused(&staff, form, error, action, back)),
    }
}
