//! What asks for a new self-assessment, and a declared period of non-compliance (issue 13,
//! Code 8.3-8.5), recorded from the self-assessment list (`GET /self-assessment`):
//!
//! - `POST /self-assessment/triggers`: a significant restructure, merger or change in
//!   procedures (8.3), or the Ombudsman's request after an investigation (8.4), with its day and
//!   what it was; until a self-assessment is started after it, the list says one is due.
//! - `POST /self-assessment/non-compliance`: a period the landlord cannot comply because of
//!   exceptional circumstances (8.5), with the day the Ombudsman was told, what residents were
//!   told and the day it expects to comply again; administrators only.
//!
//! The domain checks both (`Trigger::check`, `NonCompliance::check`, citing 8.5); a refusal is an
//! error on the form, with what was typed kept.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};
use redress_domain::assessment::{NonCompliance, Trigger, TriggerKind};
use serde::Deserialize;

use super::self_assessment::{Problems, day, list_page};
use crate::AppState;
use crate::pages::{PageError, Staff};

pub(super) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![("/self-assessment/triggers", post(record_trigger)), ("/self-assessment/non-compliance", post(declare))]
}

/// The form recording what asks for a new self-assessment.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TriggerForm {
    #[serde(default)]
    pub(super) kind: String,
    /// Named apart from the other forms' days on the same page.
    #[serde(default, rename = "trigger-on")]
    pub(super) on: String,
    #[serde(default)]
    pub(super) details: String,
}

/// The form declaring a period of non-compliance.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DeclarationForm {
    /// Named apart from the start form's `from` on the same page.
    #[serde(default, rename = "declared-from")]
    pub(super) from: String,
    #[serde(default)]
    pub(super) circumstances: String,
    #[serde(default)]
    pub(super) ombudsman_told_on: String,
    #[serde(default)]
    pub(super) residents_told: String,
    #[serde(default)]
    pub(super) return_by: String,
}

/// `POST /self-assessment/triggers`.
async fn record_trigger(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<TriggerForm>,
) -> Result<Response, PageError> {
    let mut errors = Problems::default();
    let kind = TriggerKind::parse(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Select what happened");
    }
    let on = day(&form.on, "trigger-on", "the day it happened", &mut errors);
    if let (Some(kind), Some(on)) = (kind, on) {
        let trigger = Trigger { kind, on, details: form.details.trim().to_owned() };
        match state.app().record_assessment_trigger(&staff.actor, trigger).await {
            Ok(()) => return Ok(Redirect::to("/self-assessment").into_response()),
            Err(error) => errors = Problems::refused("details", error)?,
        }
    }
    list_page(&state, &staff, errors, Default::default(), form, DeclarationForm::default()).await
}

/// `POST /self-assessment/non-compliance`.
async fn declare(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<DeclarationForm>,
) -> Result<Response, PageError> {
    // Only administrators declare: the use case refuses anyone else a declaration it would record.
    let mut errors = Problems::default();
    let from = day(&form.from, "declared-from", "the first day it could not comply", &mut errors);
    let told = day(&form.ombudsman_told_on, "ombudsman_told_on", "the day the Ombudsman was told", &mut errors);
    let return_by = day(&form.return_by, "return_by", "the day it expects to comply again", &mut errors);
    if let (Some(from), Some(ombudsman_told_on), Some(return_by)) = (from, told, return_by) {
        let declaration = NonCompliance {
            from,
            circumstances: form.circumstances.trim().to_owned(),
            ombudsman_told_on,
            residents_told: form.residents_told.trim().to_owned(),
            return_by,
        };
        match state.app().declare_non_compliance(&staff.actor, declaration).await {
            Ok(()) => return Ok(Redirect::to("/self-assessment").into_response()),
            Err(error) => errors = Problems::refused("circumstances", error)?,
        }
    }
    list_page(&state, &staff, errors, Default::default(), TriggerForm::default(), form).await
}
