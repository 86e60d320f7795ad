//! Residents' records: `GET /residents` (searched by name or address, paged),
//! `GET`/`POST /residents/new`, `GET /residents/{id}` (the whole record),
//! `GET`/`POST /residents/{id}/edit` (contact details, preferences and support needs),
//! `GET`/`POST /residents/{id}/representatives/new` and
//! `GET`/`POST /residents/{id}/restrictions/new` (Code 5.14, 5.15).
//!
//! Every role reads the records its scope allows: a landlord's staff its residents, a managing
//! agent's or contractor's staff only the residents of the complaints their organisation
//! handles. The forms use the lifecycle forms' machinery (`forms.rs`): input that cannot be
//! read re-renders with field errors (400), a refusal citing the Code with the refusal (422).
//! Read-only roles, and the staff of agents and contractors, who do not keep the landlord's
//! register, get 403.

use crate::pages::IdPath;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use redress_app::{AppError, Permission, RepresentativeInput, ResidentInput};
use redress_domain::ids::ResidentId;
use redress_domain::people::{ContactRestriction, ReasonableAdjustment, review_overdue};
use redress_storage::{Cursor, Page, Resident, ResidentCursor, ResidentFilter};
use serde::Deserialize;

use super::cases::{encode, long_date, words};
use super::forms::{Builder, Built, Values, Widget, refused, show_form};
use super::{Layout, PageError, Section, Staff, render};
use crate::AppState;

/// Residents per page of the list.
const PAGE_SIZE: u32 = 25;

/// Blank reasonable-adjustment rows offered besides those already agreed.
const SPARE_ADJUSTMENTS: usize = 1;

/// The list's search, as its form sends it, and which page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ResidentQuery {
    #[serde(default)]
    q: Option<String>,
    /// The page after this resident (an opaque cursor from a "Next" link).
    #[serde(default)]
    after: Option<String>,
    /// The page before this resident (from a "Previous" link).
    #[serde(default)]
    before: Option<String>,
}

/// One row of the list.
struct ListRow {
    id: String,
    name: String,
    address: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "residents/list.html")]
struct ListPage {
    layout: Layout,
    search: String,
    rows: Vec<ListRow>,
    total: u64,
    previous: Option<String>,
    next: Option<String>,
    can_add: bool,
}

/// Whether the member of staff may change the landlord's register of residents and their
/// service requests: a role that manages residents, of the landlord's own staff.
pub(super) fn keeps_register(staff: &Staff) -> bool {
    staff.actor.role.may(Permission::ManageResidents) && !staff.actor.scope.is_agent()
}

/// Refuses a form to those who may not change the register (403).
pub(super) async fn require_register(state: &AppState, staff: &Staff) -> Result<(), PageError> {
    staff.actor.require(Permission::ManageResidents)?;
    state.app().require_landlord_staff(&staff.actor).await?;
    Ok(())
}

/// `GET /residents`.
pub(crate) async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ResidentQuery>,
) -> Result<Response, PageError> {
    let search = query.q.as_deref().unwrap_or_default().trim().to_owned();
    let page = match (super::cursor(&query.after)?, super::cursor(&query.before)?) {
        (None, None) => Page::First,
        (Some(after), None) => Page::After(after),
        (None, Some(before)) => Page::Before(before),
        (Some(_), Some(_)) => return Err(AppError::Invalid("the link to this page is not valid".into()).into()),
    };
    let filter = ResidentFilter {
        search: (!search.is_empty()).then(|| search.clone()),
        handled_by: None,
        page: page.clone(),
        limit: PAGE_SIZE,
    };
    let app = state.app();
    let (total, found) =
        tokio::try_join!(app.count_residents(&staff.actor, &filter), app.residents_page(&staff.actor, &filter))?;
    let (previous, next) = super::neighbours(&page, &found, Resident::cursor);
    let rows = found
        .items
        .into_iter()
        .map(|r| ListRow {
            contact: [r.details.email.clone(), r.details.phone.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            address: r.details.address.unwrap_or_default(),
            name: r.details.name,
            id: r.id,
        })
        .collect();
    let link = |page: Page<ResidentCursor>| {
        let q = if search.is_empty() { String::new() } else { format!("q={}&", encode(&search)) };
        match page {
            Page::After(cursor) => format!("/residents?{q}after={}", cursor.encode()),
            Page::Before(cursor) => format!("/residents?{q}before={}", cursor.encode()),
            Page::First => format!("/residents?{q}"),
        }
    };
    let list = ListPage {
        layout: staff.layout("Residents", Section::Residents),
        rows,
        total,
        previous: previous.map(link),
        next: next.map(link),
        can_add: keeps_register(&staff),
        search,
    };
    Ok(render(StatusCode::OK, &list))
}

/// The date of an instant in England.
pub(super) fn day_of(at: jiff::Timestamp) -> Date {
    at.to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC)).date()
}

/// A line of a list, from the JSON storage keeps: text as it is, an object by its
/// description.
fn item_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Object(map) => {
            map.get("description").and_then(|d| d.as_str()).map_or_else(|| value.to_string(), str::to_owned)
        }
        other => other.to_string(),
    }
}

/// The items of a JSON list.
fn items(value: &serde_json::Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().map(item_text).collect()).unwrap_or_default()
}

/// The reasonable adjustments on record.
fn adjustments(resident: &Resident) -> Vec<ReasonableAdjustment> {
    serde_json::from_value(resident.details.reasonable_adjustments.clone()).unwrap_or_default()
}

/// Something kept under review: what it is, its review date and whether that has passed.
struct Reviewed {
    what: String,
    review: String,
    overdue: bool,
}

struct RepresentativeRow {
    name: String,
    relationship: String,
    contact: String,
    authority: String,
}

struct RestrictionRow {
    restriction: String,
    behaviour: String,
    starts: String,
    review: Reviewed,
}

struct ComplaintRow {
    id: String,
    reference: String,
    received: String,
    status: String,
}

struct RequestRow {
    id: String,
    description: String,
    recorded: String,
    status: String,
}

#[derive(Template)]
#[template(path = "residents/show.html")]
struct RecordPage {
    layout: Layout,
    contact: Vec<(&'static str, String)>,
    disabilities: Vec<String>,
    vulnerabilities: Vec<String>,
    adjustments: Vec<Reviewed>,
    representatives: Vec<RepresentativeRow>,
    restrictions: Vec<RestrictionRow>,
    complaints: Vec<ComplaintRow>,
    requests: Vec<RequestRow>,
    /// The forms the user may open, as `(href, label)`.
    actions: Vec<(String, String)>,
}

/// `GET /residents/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
) -> Result<Response, PageError> {
    let app = state.app();
    let today = app.today()?;
    let record = app.resident(&staff.actor, &id).await?;
    let resident = &record.resident;
    let d = &resident.details;
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "Not given".to_owned());
    let contact = vec![
        ("Email", or_none(&d.email)),
        ("Telephone", or_none(&d.phone)),
        ("Address", or_none(&d.address)),
        ("Preferred contact method", or_none(&d.preferred_contact_method)),
        ("Format needed", or_none(&d.preferred_format)),
        ("Record last changed", long_date(day_of(resident.updated_at))),
    ];
    let reviewed =
        |what: String, on: Date| Reviewed { what, review: long_date(on), overdue: review_overdue(on, today) };
    let representatives = record
        .representatives
        .iter()
        .map(|r| RepresentativeRow {
            name: r.name.clone(),
            relationship: r.relationship.clone(),
            contact: [r.email.clone(), r.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(", "),
            authority: r.authority_evidence.clone(),
        })
        .collect();
    let restrictions = app
        .restrictions(&staff.actor, &id)
        .await?
        .into_iter()
        .map(|r| RestrictionRow {
            starts: long_date(r.details.starts_on),
            review: reviewed(String::new(), r.details.review_on),
            restriction: r.details.restriction,
            behaviour: r.details.behaviour,
        })
        .collect();
    let complaints = app
        .resident_complaints(&staff.actor, &id)
        .await?
        .into_iter()
        .map(|c| ComplaintRow {
            id: c.id,
            reference: c.reference,
            received: long_date(c.summary.received_on),
            status: words(&c.summary.status),
        })
        .collect();
    let requests = app
        .service_requests(&staff.actor)
        .await?
        .into_iter()
        .filter(|r| r.resident_id == id)
        .map(|r| RequestRow {
            recorded: long_date(day_of(r.created_at)),
            status: words(&r.status),
            description: r.description,
            id: r.id,
        })
        .collect();
    let actions = if keeps_register(&staff) {
        vec![
            (format!("/residents/{id}/edit"), "Change contact details, preferences and support needs".to_owned()),
            (format!("/residents/{id}/representatives/new"), "Add a representative".to_owned()),
            (format!("/residents/{id}/restrictions/new"), "Restrict contact".to_owned()),
            (format!("/service-requests/new?resident={id}"), "Record a service request".to_owned()),
        ]
    } else {
        Vec::new()
    };
    let page = RecordPage {
        layout: staff.layout(d.name.clone(), Section::Residents),
        contact,
        disabilities: items(&d.disabilities),
        vulnerabilities: items(&d.vulnerabilities),
        adjustments: adjustments(resident).into_iter().map(|a| reviewed(a.adjustment, a.review_on)).collect(),
        representatives,
        restrictions,
        complaints,
        requests,
        actions,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The resident form's fields and, when they could all be read, the resident.
fn resident_fields(b: &mut Builder<'_>, slots: usize) -> Option<ResidentInput> {
    let values = b.values;
    b.add("name", "Full name", "", Widget::Text);
    if values.text("name").is_empty() {
        b.fail("name", "name", "Enter the resident's full name");
    }
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

/// A built form in the residents section.
fn built(b: Builder<'_>, title: &str, caption: String, button: &'static str) -> Built {
    let mut built = Built::from(b, title, caption, button, None);
    built.section = Section::Residents;
    built
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

/// The representative form's fields and, when readable, the representative.
fn representative_fields(b: &mut Builder<'_>) -> Option<RepresentativeInput> {
    let values = b.values;
    b.add("name", "Full name", "", Widget::Text);
    b.add("relationship", "Relationship to the resident", "For example: daughter, advocate, MP", Widget::Text);
    b.add("email", "Email address", "", Widget::Text);
    b.add("phone", "Telephone number", "", Widget::Text);
    b.add(
        "authority_evidence",
        "The resident's authority",
        "How the resident gave their consent. Code 3.6: without it on record, the representative cannot deal with a complaint",
        Widget::Textarea,
    );
    if values.text("name").is_empty() {
        b.fail("name", "name", "Enter the representative's full name");
    }
    if values.text("relationship").is_empty() {
        b.fail("relationship", "relationship", "Enter the representative's relationship to the resident");
    }
    Some(RepresentativeInput {
        name: values.text("name"),
        relationship: values.text("relationship"),
        email: values.optional("email"),
        phone: values.optional("phone"),
        authority_evidence: values.text("authority_evidence"),
    })
}

/// The restriction form's fields and, when its dates could be read, the restriction. What
/// makes a restriction complete is the domain's to decide (Code 5.14, 5.15).
fn restriction_fields(b: &mut Builder<'_>) -> Option<ContactRestriction> {
    let values = b.values;
    b.add("behaviour", "The behaviour", "What the resident did that led to the restriction", Widget::Textarea);
    b.add("evidence", "The evidence", "Code 5.14: the reasons must be evidenced", Widget::Textarea);
    b.add(
        "restriction",
        "What contact is restricted",
        "And how the resident can still raise matters, including complaints",
        Widget::Textarea,
    );
    b.add("proportionality", "Why it is proportionate", "Code 5.15", Widget::Textarea);
    b.add(
        "equality_act_consideration",
        "How the Equality Act 2010 was considered",
        "Code 5.15: including any disability the resident has disclosed",
        Widget::Textarea,
    );
    let starts_on = b.date("starts_on", "Start date", "For example, 27 3 2025", true);
    let review_on = b.date("review_on", "Review date", "Code 5.14: kept under regular review, within a year", true);
    Some(ContactRestriction {
        behaviour: values.text("behaviour"),
        evidence: values.text("evidence"),
        restriction: values.text("restriction"),
        proportionality: values.text("proportionality"),
        equality_act_consideration: values.text("equality_act_consideration"),
        starts_on: starts_on?,
        review_on: review_on?,
    })
}

/// A short form about one resident (`/residents/{id}/{path}`): what it is called, and the
/// fields that draw it and read its input.
struct ResidentForm<T> {
    path: &'static str,
    title: &'static str,
    button: &'static str,
    fields: fn(&mut Builder<'_>) -> Option<T>,
}

const REPRESENTATIVE: ResidentForm<RepresentativeInput> = ResidentForm {
    path: "representatives/new",
    title: "Add a representative",
    button: "Add representative",
    fields: representative_fields,
};

const RESTRICTION: ResidentForm<ContactRestriction> = ResidentForm {
    path: "restrictions/new",
    title: "Restrict contact",
    button: "Record restriction",
    fields: restriction_fields,
};

impl<T> ResidentForm<T> {
    /// `GET`: the empty form, to those who may change the register.
    async fn show(&self, state: &AppState, staff: &Staff, id: &str) -> Result<Response, PageError> {
        require_register(state, staff).await?;
        let record = state.app().resident(&staff.actor, id).await?;
        let values = Values::default();
        let mut b = Builder::new(&values);
        (self.fields)(&mut b);
        let form = built(b, self.title, record.resident.details.name, self.button).blank();
        Ok(show_form(staff, form, self.action(id), format!("/residents/{id}"), StatusCode::OK))
    }

    /// `POST`: the input read and given to `save`; the form again with errors (400) if it
    /// cannot be read, or with the refusal (422) if `save` refuses it.
    async fn submit(
        &self,
        state: &AppState,
        staff: &Staff,
        id: &str,
        values: Vec<(String, String)>,
        save: impl AsyncFnOnce(T) -> Result<(), AppError>,
    ) -> Result<Response, PageError> {
        require_register(state, staff).await?;
        let record = state.app().resident(&staff.actor, id).await?;
        let values = Values(values);
        let mut b = Builder::new(&values);
        let input = (self.fields)(&mut b);
        let form = built(b, self.title, record.resident.details.name, self.button);
        let (action, back) = (self.action(id), format!("/residents/{id}"));
        let Some(input) = input.filter(|_| form.errors.is_empty()) else {
            return Ok(show_form(staff, form, action, back, StatusCode::BAD_REQUEST));
        };
        match save(input).await {
            Ok(()) => Ok(Redirect::to(&back).into_response()),
            Err(error) => Ok(refused(staff, form, error, action, back)),
        }
    }

    fn action(&self, id: &str) -> String {
        format!("/residents/{id}/{}", self.path)
    }
}

/// `GET /residents/{id}/representatives/new`.
pub(crate) async fn representative_form(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
) -> Result<Response, PageError> {
    REPRESENTATIVE.show(&state, &staff, &id).await
}

/// `POST /residents/{id}/representatives/new`.
pub(crate) async fn add_representative(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let save = async |input| state.app().add_representative(&staff.actor, &id, input).await.map(drop);
    REPRESENTATIVE.submit(&state, &staff, &id, values, save).await
}

/// `GET /residents/{id}/restrictions/new`.
pub(crate) async fn restriction_form(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
) -> Result<Response, PageError> {
    RESTRICTION.show(&state, &staff, &id).await
}

/// `POST /residents/{id}/restrictions/new`.
pub(crate) async fn restrict(
    State(state): State<AppState>,
    staff: Staff,
    IdPath(id): IdPath<ResidentId>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let save = async |restriction| state.app().restrict_contact(&staff.actor, &id, restriction).await.map(drop);
    RESTRICTION.submit(&state, &staff, &id, values, save).await
}
