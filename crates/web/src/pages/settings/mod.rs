//! The settings pages, for administrators only ([`Permission::ManageSettings`] and
//! [`Permission::ManageUsers`]; everyone else gets 403): `/settings`,
//! `/settings/organisation`, `/settings/closure-days`, `/settings/exclusion-grounds`,
//! `/settings/categories`, `/settings/homes`, `/settings/users`, `/settings/letters` (with each
//! letter's editor) and `/settings/letterhead`.
//!
//! Every form posts to its page (or a sub-path of it) and, when it succeeds, redirects (303)
//! back to the page, so a refresh does not post again. Bad input re-renders the page with the
//! GOV.UK error summary and the values typed (400) and changes nothing.

mod categories;
mod closure_days;
mod grounds;
mod homes;
mod letterhead;
mod letters;
mod organisation;
mod users;

use askama::Template;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use redress_app::{AppError, Permission};
use redress_domain::refusal::{Refusal, as_sentence};
use serde::Deserialize;

use self::categories::{add_category, categories, rename_category, restore_category, retire_category};
use self::closure_days::{add_closure_day, closure_days, remove_closure_day};
use self::grounds::{add_exclusion_ground, exclusion_grounds, remove_exclusion_ground};
use self::homes::{assign, assign_one, homes};
use self::letterhead::{MAX_LOGO_UPLOAD_BYTES, letterhead, remove, upload};
use self::letters::{letter, letters, reset, submit};
use self::organisation::{organisation, save_organisation};
use self::users::{add_user, change_role, disable_user, enable_user, users};

use super::{Layout, PageError, Section, Staff, render};
use crate::AppState;

/// The settings routes.
pub(crate) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/settings", get(index)),
        ("/settings/organisation", get(organisation).post(save_organisation)),
        ("/settings/closure-days", get(closure_days).post(add_closure_day)),
        ("/settings/closure-days/remove", post(remove_closure_day)),
        ("/settings/exclusion-grounds", get(exclusion_grounds).post(add_exclusion_ground)),
        ("/settings/exclusion-grounds/remove", post(remove_exclusion_ground)),
        ("/settings/categories", get(categories).post(add_category)),
        ("/settings/categories/{id}/rename", post(rename_category)),
        ("/settings/categories/{id}/retire", post(retire_category)),
        ("/settings/categories/{id}/restore", post(restore_category)),
        ("/settings/homes", get(homes).post(assign)),
        ("/settings/homes/{id}/manager", post(assign_one)),
        ("/settings/users", get(users).post(add_user)),
        ("/settings/users/{id}/role", post(change_role)),
        ("/settings/users/{id}/disable", post(disable_user)),
        ("/settings/users/{id}/enable", post(enable_user)),
        ("/settings/letters", get(letters)),
        ("/settings/letters/{kind}", get(letter).post(submit)),
        ("/settings/letters/{kind}/reset", post(reset)),
        (
            "/settings/letterhead",
            get(letterhead)
                .post(upload)
                // The logo comes in the form, so this one route takes larger bodies.
                .layer(DefaultBodyLimit::max(MAX_LOGO_UPLOAD_BYTES)),
        ),
        ("/settings/letterhead/remove", post(remove)),
    ]
}

/// An error for the summary and its field. (The field ids of the users page are made from
/// user ids, so they are owned.)
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) field: String,
    pub(crate) message: String,
}

/// A page's errors.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub(crate) fn one(field: impl Into<String>, message: impl Into<String>) -> Problems {
        Problems(vec![Problem { field: field.into(), message: message.into() }])
    }

    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { field: field.into(), message: message.into() });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error message of `field`, or empty.
    pub(crate) fn of(&self, field: &str) -> String {
        self.0.iter().find(|p| p.field == field).map(|p| p.message.clone()).unwrap_or_default()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// What a remove button sends.
#[derive(Debug, Deserialize)]
pub(crate) struct RemoveForm {
    #[serde(default)]
    value: String,
}

/// The page's layout, for an administrator; anyone else is refused.
fn admin_layout(staff: &Staff, title: &str, permission: Permission, problems: &Problems) -> Result<Layout, PageError> {
    staff.actor.require(permission)?;
    let mut layout = staff.layout(title, Section::Settings);
    layout.has_errors = !problems.is_empty();
    Ok(layout)
}

/// A page with errors: 400.
fn invalid(page: &impl Template) -> Response {
    render(StatusCode::BAD_REQUEST, page)
}

/// The application's refusal of bad input as a problem with `field`; other errors as a page
/// error.
pub(crate) fn problem_at(field: &str, error: AppError) -> Result<Problems, PageError> {
    match error {
        AppError::Invalid(message) | AppError::Refused(Refusal::Invalid(message)) => {
            Ok(Problems::one(field, as_sentence(&message)))
        }
        AppError::Refused(Refusal::Text(error)) => Ok(Problems::one(field, as_sentence(&error.to_string()))),
        other => Err(other.into()),
    }
}

// ---- /settings

#[derive(Template)]
#[template(path = "settings/index.html")]
struct IndexPage {
    layout: Layout,
}

/// `GET /settings`.
pub(crate) async fn index(staff: Staff) -> Result<Response, PageError> {
    let layout = admin_layout(&staff, "Settings", Permission::ManageSettings, &Problems::default())?;
    Ok(render(StatusCode::OK, &IndexPage { layout }))
}
