//! The staff web application: server-rendered pages following the GOV.UK Design System,
//! working without JavaScript.
//!
//! Each page is a typed askama template (`crates/web/templates`) beside its handler. Every
//! page but sign-in takes a [`Staff`] member, so an unsigned request is sent to sign in,
//! and every query is scoped to their organisation through the same use cases as the API.
//! State changes are POSTs only, behind the CSRF layer in `routes.rs`.

mod cases;
mod csv;
mod download;
mod forms;
mod path;
mod print;
mod reports;
mod residents;
mod self_assessment;
mod self_assessment_export;
mod self_assessment_prompts;
mod service_requests;
mod session;
mod settings;
mod sign_in;
mod work;

use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use redress_app::AppError;
use redress_storage::{Cursor, Page, Paged, StorageError};

use crate::AppState;
use crate::api::correspondence::MAX_CORRESPONDENCE_BYTES;
use crate::assets::{PageAssets, page_assets};
use crate::problem::RETRY_AFTER_SECONDS;
use forms::CaseForm;
pub(crate) use path::IdPath;
pub(crate) use session::Staff;

/// Every page's route: its path and handlers. The router is built from this table so that
/// [`paths`] lists every path, which the access test (`tests/pages/access.rs`) must reach.
fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let mut routes = vec![
        ("/", get(cases::home)),
        ("/my-work", get(work::mine)),
        ("/work", get(work::all)),
        ("/sign-in", get(sign_in::form).post(sign_in::submit)),
        ("/sign-out", post(sign_in::sign_out)),
        ("/cases", get(cases::list)),
        ("/cases.csv", get(cases::export)),
        ("/cases/new", get(forms::log::page).post(forms::log::submit)),
        ("/cases/{id}", get(cases::show)),
        ("/cases/{id}/letters/new", get(cases::letter_preview)),
        ("/cases/{id}/letters", post(cases::issue_letter)),
        ("/cases/{id}/file", get(cases::file::zip)),
        ("/cases/{id}/file.pdf", get(cases::file::pdf)),
        (CaseForm::Respond.path(), get(forms::respond::page).post(forms::respond::record)),
        (
            "/cases/{id}/respond/{task}",
            get(forms::respond::task_page)
                .post(forms::respond::save_task)
                // The letter's task takes its attachments, so its route takes larger bodies.
                .layer(DefaultBodyLimit::max(MAX_CORRESPONDENCE_BYTES)),
        ),
        (CaseForm::Extend.path(), get(forms::extend::page).post(forms::extend::submit)),
        (
            CaseForm::Correspondence.path(),
            get(forms::correspondence::form)
                .post(forms::correspondence::record)
                // Attachments come in the form, so this one route takes larger bodies.
                .layer(DefaultBodyLimit::max(MAX_CORRESPONDENCE_BYTES)),
        ),
        ("/cases/{id}/correspondence/{cid}/attachments/{aid}", get(forms::correspondence::attachment)),
        ("/print", get(print::queue)),
        ("/print/posted", post(print::mark_posted)),
        ("/print/letters/{id}", get(print::letter)),
        ("/print/days/{day}", get(print::day)),
        ("/residents", get(residents::list)),
        ("/residents/new", get(residents::new).post(residents::create)),
        ("/residents/{id}", get(residents::show)),
        ("/residents/{id}/edit", get(residents::edit_form).post(residents::edit)),
        (
            "/residents/{id}/representatives/new",
            get(residents::representative_form).post(residents::add_representative),
        ),
        ("/residents/{id}/restrictions/new", get(residents::restriction_form).post(residents::restrict)),
        ("/residents/{id}/home", get(residents::home_page).post(residents::record_home)),
        ("/service-requests", get(service_requests::list)),
        ("/service-requests/new", get(service_requests::new).post(service_requests::create)),
        ("/service-requests/{id}", get(service_requests::show)),
        ("/service-requests/{id}/status", get(service_requests::status_form).post(service_requests::set_status)),
        (
            "/service-requests/{id}/complaint",
            get(service_requests::complaint_form).post(service_requests::log_complaint),
        ),
    ];
    // The one-page lifecycle forms: a route each, its handlers told which form it is.
    routes.extend(CaseForm::ONE_PAGE.map(|form| (form.path(), forms::one_page(form))));
    routes.extend(settings::routes());
    routes.extend(reports::routes());
    routes.extend(self_assessment::routes());
    routes.extend(self_assessment_export::routes());
    routes.extend(self_assessment_prompts::routes());
    routes
}

/// Every page's route.
pub(crate) fn router() -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |router, (path, handlers)| router.route(path, handlers))
}

/// The path of every page (as axum writes them: `/cases/{id}`), for tests that must reach
/// them all.
pub fn paths() -> Vec<&'static str> {
    routes().into_iter().map(|(path, _)| path).collect()
}

/// What the page template (`base.html`) needs.
#[derive(Debug)]
pub(crate) struct Layout {
    /// The page's title (the `h1`, usually), before " – Redress".
    pub title: String,
    /// The organisation's name, in the header.
    pub organisation: String,
    /// The signed-in member of staff's name; `None` on the sign-in page.
    pub user: Option<String>,
    /// The navigation section the page belongs to.
    pub section: Section,
    /// Whether the page shows errors (the title then starts "Error: ").
    pub has_errors: bool,
    /// Whether the member of staff may change settings (the navigation then shows Settings).
    pub admin: bool,
    /// Whether the member of staff may send letters, who may change cases (the navigation then
    /// shows the letters to post).
    pub may_send: bool,
    /// Whether the member of staff may read reports (the navigation then shows Reports).
    pub reports: bool,
    /// CSS and JS URLs.
    pub assets: &'static PageAssets,
}

/// A navigation section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// Home.
    Home,
    /// The member of staff's work, and the open remedies and actions of every case.
    Work,
    /// The case list and case pages.
    Cases,
    /// Residents' records.
    Residents,
    /// Service requests.
    ServiceRequests,
    /// The print queue: letters to post.
    Print,
    /// The reports: the dashboard and the TSM figures.
    Reports,
    /// The settings pages (administrators only).
    Settings,
    /// Pages outside the navigation.
    None,
}

/// One link of the service navigation.
#[derive(Debug)]
pub(crate) struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// What it says.
    pub label: &'static str,
    /// Whether the page is in its section.
    pub current: bool,
}

impl Layout {
    /// A page outside any signed-in context (sign-in, errors before sign-in).
    pub(crate) fn anonymous(title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            organisation: "Redress".into(),
            user: None,
            section: Section::None,
            has_errors: false,
            admin: false,
            may_send: false,
            reports: false,
            assets: page_assets(),
        }
    }

    /// The service navigation's links.
    pub(crate) fn navigation(&self) -> Vec<NavItem> {
        let print = self.may_send.then_some(("/print", "Letters to post", Section::Print));
        let reports = self.reports.then_some(("/reports", "Reports", Section::Reports));
        let settings = self.admin.then_some(("/settings", "Settings", Section::Settings));
        [
            ("/", "Home", Section::Home),
            ("/my-work", "My work", Section::Work),
            ("/cases", "Cases", Section::Cases),
            ("/residents", "Residents", Section::Residents),
            ("/service-requests", "Service requests", Section::ServiceRequests),
        ]
        .into_iter()
        .chain(print)
        .chain(reports)
        .chain(settings)
        .map(|(href, label, section)| NavItem { href, label, current: section == self.section })
        .collect()
    }
}

/// A field's error, for the error summary and the field.
#[derive(Debug, Clone)]
pub(crate) struct FieldError {
    /// The field's id (the summary links to it).
    pub field: &'static str,
    /// What to do about it, in the Design System's words.
    pub message: String,
}

/// Renders a template with a status, or a generic 500 if rendering fails.
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page could not be rendered");
            (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service").into_response()
        }
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    message: String,
}

/// A page that could not be shown: rendered as the error page with its status.
#[derive(Debug)]
pub(crate) struct PageError {
    status: StatusCode,
    title: &'static str,
    message: String,
    /// Whether to ask the browser to try again shortly (`Retry-After`, with a 503).
    retry: bool,
}

impl PageError {
    /// 404, for anything not found in the caller's organisation.
    pub(crate) fn not_found() -> PageError {
        PageError {
            status: StatusCode::NOT_FOUND,
            title: "Page not found",
            message: "If you typed the web address, check it is correct. If you followed a link to a case, it may belong to another organisation.".into(),
            retry: false,
        }
    }
}

impl From<AppError> for PageError {
    fn from(error: AppError) -> PageError {
        match error {
            AppError::NotFound(_) => PageError::not_found(),
            AppError::Forbidden(message) => {
                PageError { status: StatusCode::FORBIDDEN, title: "You cannot do this", message, retry: false }
            }
            AppError::Invalid(message) => PageError {
                status: StatusCode::BAD_REQUEST,
                title: "There is a problem",
                message: redress_domain::refusal::as_sentence(&message),
                retry: false,
            },
            AppError::Storage(StorageError::Saturated) => {
                tracing::warn!("no database connection free in time: answered 503");
                PageError {
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    title: "Sorry, the service is busy",
                    message: "Try again in a moment.".into(),
                    retry: true,
                }
            }
            AppError::Refused(redress_domain::refusal::Refusal::Text(error)) => PageError {
                status: StatusCode::BAD_REQUEST,
                title: "There is a problem",
                message: redress_domain::refusal::as_sentence(&error.to_string()),
                retry: false,
            },
            // A page that only someone the Code allows may open (a response draft, at stage 2
            // not for those who took part in stage 1): the refusal, citing the provision.
            AppError::Refused(refusal) => PageError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                title: "You cannot do this",
                message: refusal.sentence(),
                retry: false,
            },
            other => {
                // The cause goes to the log, never to the page.
                tracing::error!(error = %other, "a page failed");
                PageError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    title: "Sorry, there is a problem with the service",
                    message: "Try again later.".into(),
                    retry: false,
                }
            }
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response =
            render(self.status, &ErrorPage { layout: Layout::anonymous(self.title), message: self.message });
        if self.retry {
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
        }
        response
    }
}

/// The cursor a "Previous" or "Next" link carries, if any; 400 if it is not one.
pub(crate) fn cursor<C: Cursor>(text: &Option<String>) -> Result<Option<C>, PageError> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => C::decode(text)
            .map(Some)
            .ok_or_else(|| AppError::Invalid("the link to this page is not valid".into()).into()),
    }
}

/// The pages before and after `paged`, read as `page`, if there are any (the GOV.UK
/// pagination's "Previous" and "Next"): before its first row, after its last.
pub(crate) fn neighbours<T, C>(
    page: &Page<C>,
    paged: &Paged<T>,
    key: impl Fn(&T) -> C,
) -> (Option<Page<C>>, Option<Page<C>>) {
    let (Some(first), Some(last)) = (paged.items.first(), paged.items.last()) else { return (None, None) };
    let (before, after) = match page {
        Page::First => (false, paged.more),
        Page::After(_) => (true, paged.more),
        Page::Before(_) => (paged.more, true),
    };
    (before.then(|| Page::Before(key(first))), after.then(|| Page::After(key(last))))
}

/// 404 for any other path outside the API.
pub(crate) async fn not_found() -> PageError {
    PageError::not_found()
}
