//! `/settings/closure-days`: the days the organisation is closed, which count in its
//! deadlines on top of bank holidays when recorded before the day. Days still to come can be
//! removed; those begun or past stay, since deadlines have counted them.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use redress_app::{AppError, Permission};
use serde::Deserialize;

use crate::AppState;
use crate::pages::cases::long_date;
use crate::pages::{Layout, PageError, Staff, render};

use super::{Problems, RemoveForm, admin_layout, invalid, problem_at};
use redress_domain::refusal::as_sentence;

#[derive(Template)]
#[template(path = "settings/closure_days.html")]
struct ClosureDaysPage {
    layout: Layout,
    errors: Problems,
    days: Vec<ClosureRow>,
    form: ClosureForm,
}

/// One closure day as the page lists it.
struct ClosureRow {
    /// `YYYY-MM-DD`, which the remove button sends.
    value: String,
    /// `29 December 2025`.
    date: String,
    name: String,
    /// `29 December 2025`, the day it was recorded.
    recorded: String,
    /// Whether it counts: recorded before the day. One recorded later changes no deadline.
    moves_deadlines: bool,
    /// Whether it can still be removed: it is after today.
    removable: bool,
}

/// What the add-a-closure-day form sends.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ClosureForm {
    #[serde(default, rename = "day-day")]
    day: String,
    #[serde(default, rename = "day-month")]
    month: String,
    #[serde(default, rename = "day-year")]
    year: String,
    #[serde(default)]
    name: String,
}

impl ClosureForm {
    fn date(&self) -> Result<Date, &'static str> {
        let parts = [self.day.trim(), self.month.trim(), self.year.trim()];
        if parts.iter().all(|p| p.is_empty()) {
            return Err("Enter the date of the closure day");
        }
        let bad = "The date of the closure day must be a real date, like 29 12 2025";
        let (Ok(day), Ok(month), Ok(year)) = (parts[0].parse::<i8>(), parts[1].parse::<i8>(), parts[2].parse::<i16>())
        else {
            return Err(bad);
        };
        Date::new(year, month, day).map_err(|_| bad)
    }
}

async fn closure_days_page(
    state: &AppState,
    staff: &Staff,
    errors: Problems,
    form: ClosureForm,
) -> Result<ClosureDaysPage, PageError> {
    let layout = admin_layout(staff, "Closure days", Permission::ManageSettings, &errors)?;
    let today = state.app().today()?;
    let days = state
        .app()
        .closure_days(&staff.actor)
        .await?
        .into_iter()
        .map(|d| ClosureRow {
            value: d.date.to_string(),
            date: long_date(d.date),
            recorded: d.recorded_on.map(long_date).unwrap_or_default(),
            moves_deadlines: d.moves_deadlines(),
            removable: d.date > today,
            name: d.name,
        })
        .collect();
    Ok(ClosureDaysPage { layout, errors, days, form })
}

/// `GET /settings/closure-days`.
pub(crate) async fn closure_days(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let page = closure_days_page(&state, &staff, Problems::default(), ClosureForm::default()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /settings/closure-days`: adds one.
pub(crate) async fn add_closure_day(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<ClosureForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let mut errors = Problems::default();
    let date = form.date().map_err(|message| errors.add("day-day", message)).ok();
    if form.name.trim().is_empty() {
        errors.add("name", "Enter what the closure is, like Christmas closure");
    }
    if let (Some(date), true) = (date, errors.is_empty()) {
        match state.app().add_closure_day(&staff.actor, date, &form.name).await {
            Ok(()) => return Ok(Redirect::to("/settings/closure-days").into_response()),
            Err(AppError::Calendar(error)) => errors.add("day-day", as_sentence(&error.to_string())),
            Err(error) => errors = problem_at("day-day", error)?,
        }
    }
    Ok(invalid(&closure_days_page(&state, &staff, errors, form).await?))
}

/// `POST /settings/closure-days/remove`.
pub(crate) async fn remove_closure_day(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<RemoveForm>,
) -> Result<Response, PageError> {
    staff.actor.require(Permission::ManageSettings)?;
    let date: Date = form.value.trim().parse().map_err(|_| PageError::not_found())?;
    match state.app().remove_closure_day(&staff.actor, date).await {
        Ok(()) => Ok(Redirect::to("/settings/closure-days").into_response()),
        // A day begun or past stays; the page has no button for it, so this is a stale page.
        Err(error) => {
            let errors = problem_at("closures", error)?;
            Ok(invalid(&closure_days_page(&state, &staff, errors, ClosureForm::default()).await?))
        }
    }
}
