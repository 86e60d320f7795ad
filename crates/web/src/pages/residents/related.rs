//! `GET`/`POST /residents/{id}/representatives/new` and
//! `GET`/`POST /residents/{id}/restrictions/new`: someone acting for a resident, and a
//! restriction on their contact (Code 5.14, 5.15).

use axum::Form;
use axum::extract::State;
use redress_domain::ids::ResidentId;

use crate::pages::IdPath;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use redress_app::{AppError, RepresentativeInput};
use redress_domain::people::ContactRestriction;

use super::{built, require_register};
use crate::AppState;
use crate::pages::forms::{Builder, Values, Widget, refused, show_form};
use crate::pages::{PageError, Staff};

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
    async fn show(&self, state: &AppState, staff: &Staff, id: &ResidentId) -> Result<Response, PageError> {
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
        id: &ResidentId,
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

    fn action(&self, id: &ResidentId) -> String {
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
