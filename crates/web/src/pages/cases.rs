//! `GET /` (home), `GET /cases` (the list, filtered, searched and paged), `GET /cases.csv`
//! (the filtered list, whole, as CSV) and `GET /cases/{id}` (one case). Every role that may
//! sign in may read (and export) its organisation's cases, as through the API; the case page
//! links to the forms (`forms.rs`) its status allows, for roles that change cases.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use redress_app::{AppError, ComplaintView, CorrespondenceRecord, Permission};
use redress_domain::complaint::{DUE_SOON_WORKING_DAYS, Event, OrderKind, Step};
use redress_storage::{ComplaintCursor, ComplaintFilter, Cursor, ListedComplaint, Page, Paged};
use serde::Deserialize;

use super::{FieldError, Layout, PageError, Section, Staff, render};
use crate::AppState;

/// Cases per page of the list.
const PAGE_SIZE: u32 = 25;

/// The list counts its cases up to this many, then says "more than": counting every case
/// of a large landlord would cost more than showing the page.
const MOST_COUNTED: u64 = 1000;

/// `3 June 2024`.
pub(super) fn long_date(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// `3 June 2024 at 14:05`, in England.
pub(super) fn long_instant(at: Timestamp) -> String {
    let zone = TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC);
    at.to_zoned(zone).strftime("%-d %B %Y at %H:%M").to_string()
}

/// `awaiting_acknowledgement` → `Awaiting acknowledgement`.
pub(super) fn words(name: &str) -> String {
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The GOV.UK tag colour for a deadline status.
fn tag_class(status: &str) -> &'static str {
    match status {
        "overdue" | "missed" => "govuk-tag--red",
        "due_soon" => "govuk-tag--yellow",
        "on_track" => "govuk-tag--blue",
        _ => "govuk-tag--grey",
    }
}

/// One count on the home page, linking to the list it counts.
struct Tile {
    label: &'static str,
    count: u64,
    href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    tiles: Vec<Tile>,
}

/// The home page: counts of the caller's work, each linking to the list.
pub(crate) async fn home(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let app = state.app();
    let me = &staff.actor.user_id;
    let queries = [
        (
            "My cases being investigated",
            CaseQuery::with(|q| {
                q.handler = Some(me.clone());
                q.status = Some("investigating".into());
            }),
        ),
        ("Due within 2 working days", CaseQuery::with(|q| q.deadline = Some("due_soon".into()))),
        ("Overdue", CaseQuery::with(|q| q.deadline = Some("overdue".into()))),
        ("Awaiting acknowledgement", CaseQuery::with(|q| q.status = Some("awaiting_acknowledgement".into()))),
    ];
    let filters = queries.iter().map(|(_, query)| query.filter(&state)).collect::<Result<Vec<_>, _>>()?;
    let count = |n: usize| app.count_complaints(&staff.actor, &filters[n]);
    // At once: on PostgreSQL each count is a round trip to the server.
    let counts = tokio::try_join!(count(0), count(1), count(2), count(3))?;
    let tiles = queries
        .into_iter()
        .zip([counts.0, counts.1, counts.2, counts.3])
        .map(|((label, query), count)| Tile { label, count, href: format!("/cases{}", query.to_query_string(None)) })
        .collect();
    let layout = staff.layout(format!("Hello, {}", staff.actor.name), Section::Home);
    Ok(render(StatusCode::OK, &HomePage { layout, tiles }))
}

/// The list's filters, as the filter form sends them (empty means any). The CSV export
/// takes the same.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct CaseQuery {
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    status: Option<String>,
    /// `due_soon` or `overdue`.
    #[serde(default)]
    deadline: Option<String>,
    #[serde(default)]
    handler: Option<String>,
    /// The handling organisation's id.
    #[serde(default)]
    organisation: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    /// Text in the reference, the resident's name or address.
    #[serde(default)]
    search: Option<String>,
    #[serde(default, rename = "received_from-day")]
    from_day: Option<String>,
    #[serde(default, rename = "received_from-month")]
    from_month: Option<String>,
    #[serde(default, rename = "received_from-year")]
    from_year: Option<String>,
    #[serde(default, rename = "received_to-day")]
    to_day: Option<String>,
    #[serde(default, rename = "received_to-month")]
    to_month: Option<String>,
    #[serde(default, rename = "received_to-year")]
    to_year: Option<String>,
    /// The page after this case (an opaque cursor from a "Next" link).
    #[serde(default)]
    after: Option<String>,
    /// The page before this case (from a "Previous" link).
    #[serde(default)]
    before: Option<String>,
}

/// The statuses a case can have, as filter options.
const STATUSES: [&str; 5] = ["awaiting_acknowledgement", "investigating", "responded", "closed", "not_accepted"];

/// The channels a complaint can arrive by, as the domain names them: filter options.
const CHANNELS: [&str; 9] = [
    "phone",
    "email",
    "letter",
    "web",
    "in_person",
    "social_media",
    "via_staff",
    "via_third_party",
    "survey_follow_up",
];

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A date typed into a GOV.UK date input: none if all three parts are empty, an error
/// message if they do not make a real date.
fn typed_date(label: &str, day: &Option<String>, month: &Option<String>, year: &Option<String>) -> DateField {
    let parts = [present(day), present(month), present(year)];
    if parts.iter().all(Option::is_none) {
        return Ok(None);
    }
    let [Some(day), Some(month), Some(year)] = parts else {
        return Err(format!("{label} must include a day, month and year"));
    };
    let number = |part: &str| part.parse::<i16>().ok();
    match (number(day), number(month), number(year)) {
        (Some(d), Some(m), Some(y)) if (1000..=9999).contains(&y) => {
            let (Ok(d), Ok(m)) = (i8::try_from(d), i8::try_from(m)) else {
                return Err(format!("{label} must be a real date"));
            };
            Date::new(y, m, d).map(Some).map_err(|_| format!("{label} must be a real date"))
        }
        (Some(_), Some(_), Some(_)) => Err(format!("{label} must include a year with 4 numbers")),
        _ => Err(format!("{label} must be a real date")),
    }
}

/// A date input's date (if any) or what is wrong with it.
type DateField = Result<Option<Date>, String>;

impl CaseQuery {
    fn with(set: impl FnOnce(&mut CaseQuery)) -> CaseQuery {
        let mut query = CaseQuery::default();
        set(&mut query);
        query
    }

    /// Which page: the first, or after or before the case a link's cursor names.
    fn page(&self) -> Result<Page<ComplaintCursor>, PageError> {
        Ok(match (super::cursor(&self.after)?, super::cursor(&self.before)?) {
            (None, None) => Page::First,
            (Some(after), None) => Page::After(after),
            (None, Some(before)) => Page::Before(before),
            (Some(_), Some(_)) => return Err(AppError::Invalid("the link to this page is not valid".into()).into()),
        })
    }

    /// The received date range and the errors in it, each for the field to fix.
    fn received(&self) -> (Option<Date>, Option<Date>, Vec<FieldError>) {
        let from = typed_date("The date received from", &self.from_day, &self.from_month, &self.from_year);
        let to = typed_date("The date received to", &self.to_day, &self.to_month, &self.to_year);
        let mut errors = Vec::new();
        let (from, to) = match (from, to) {
            (Ok(from), Ok(to)) => (from, to),
            (from, to) => {
                // Each links to its date's first input, the day.
                for (field, result) in [("received_from-day", from), ("received_to-day", to)] {
                    if let Err(message) = result {
                        errors.push(FieldError { field, message });
                    }
                }
                return (None, None, errors);
            }
        };
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            errors.push(FieldError {
                field: "received_to-day",
                message: "The date received to must be the same as or after the date received from".into(),
            });
        }
        (from, to, errors)
    }

    /// The storage filter for this query's page, refusing values no form would send. Errors
    /// in the typed dates are left to the caller ([`CaseQuery::received`]): here they are a
    /// 400 page.
    fn filter(&self, state: &AppState) -> Result<ComplaintFilter, PageError> {
        let app = state.app();
        let today = app.today()?;
        let stage = match present(&self.stage) {
            None => None,
            Some("1") => Some(1),
            Some("2") => Some(2),
            Some(_) => return Err(AppError::Invalid("choose stage 1 or 2".into()).into()),
        };
        let status = present(&self.status).map(str::to_owned);
        if status.as_deref().is_some_and(|s| !STATUSES.contains(&s)) {
            return Err(AppError::Invalid("choose a status from the list".into()).into());
        }
        let channel = present(&self.channel).map(str::to_owned);
        if channel.as_deref().is_some_and(|c| !CHANNELS.contains(&c)) {
            return Err(AppError::Invalid("choose a channel from the list".into()).into());
        }
        let (overdue_on, due_between) = match present(&self.deadline) {
            None => (None, None),
            Some("overdue") => (Some(today), None),
            Some("due_soon") => {
                let end = app.calendar().add_working_days(today, DUE_SOON_WORKING_DAYS).map_err(AppError::from)?;
                (None, Some((today, end)))
            }
            Some(_) => return Err(AppError::Invalid("choose a deadline status from the list".into()).into()),
        };
        let (received_from, received_to, errors) = self.received();
        if let Some(error) = errors.into_iter().next() {
            return Err(AppError::Invalid(error.message).into());
        }
        Ok(ComplaintFilter {
            stage,
            status,
            handler: present(&self.handler).map(str::to_owned),
            organisation_handling: present(&self.organisation).map(str::to_owned),
            category: present(&self.category).map(str::to_owned),
            channel,
            search: present(&self.search).map(str::to_owned),
            overdue_on,
            due_between,
            received_from,
            received_to,
            resident_id: None,
            page: self.page()?,
            limit: PAGE_SIZE,
            offset: 0,
        })
    }

    /// `?stage=1&…` for this query, on `page` (default: the first).
    fn to_query_string(&self, page: Option<&Page<ComplaintCursor>>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (name, value) in [
            ("stage", &self.stage),
            ("status", &self.status),
            ("deadline", &self.deadline),
            ("handler", &self.handler),
            ("organisation", &self.organisation),
            ("category", &self.category),
            ("channel", &self.channel),
            ("search", &self.search),
            ("received_from-day", &self.from_day),
            ("received_from-month", &self.from_month),
            ("received_from-year", &self.from_year),
            ("received_to-day", &self.to_day),
            ("received_to-month", &self.to_month),
            ("received_to-year", &self.to_year),
        ] {
            if let Some(value) = present(value) {
                pairs.push((name, value.to_owned()));
            }
        }
        match page {
            Some(Page::After(cursor)) => pairs.push(("after", cursor.encode())),
            Some(Page::Before(cursor)) => pairs.push(("before", cursor.encode())),
            Some(Page::First) | None => {}
        }
        if pairs.is_empty() {
            return String::new();
        }
        let encoded: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        format!("?{}", encoded.join("&"))
    }
}

/// Percent-encodes a query value.
pub(super) fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An option of a filter's select.
pub(crate) struct SelectOption {
    value: String,
    text: String,
    selected: bool,
}

fn options(current: &Option<String>, choices: Vec<(String, String)>) -> Vec<SelectOption> {
    let current = present(current).unwrap_or_default();
    std::iter::once((String::new(), "Any".to_owned()))
        .chain(choices)
        .map(|(value, text)| SelectOption { selected: value == current, value, text })
        .collect()
}

/// A date input's parts as typed, for showing them again.
struct DateParts {
    day: String,
    month: String,
    year: String,
}

impl DateParts {
    fn of(day: &Option<String>, month: &Option<String>, year: &Option<String>) -> DateParts {
        let text = |part: &Option<String>| part.as_deref().unwrap_or_default().trim().to_owned();
        DateParts { day: text(day), month: text(month), year: text(year) }
    }
}

/// One row of the list.
struct Row {
    id: String,
    reference: String,
    received: String,
    stage: String,
    status: String,
    next_due: String,
    deadline: String,
    deadline_class: &'static str,
    handler: String,
    resident: String,
}

#[derive(Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    layout: Layout,
    errors: Vec<FieldError>,
    search: String,
    stages: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    deadlines: Vec<SelectOption>,
    handlers: Vec<SelectOption>,
    organisations: Vec<SelectOption>,
    categories: Vec<SelectOption>,
    channels: Vec<SelectOption>,
    received_from: DateParts,
    received_to: DateParts,
    rows: Vec<Row>,
    total: u64,
    /// Whether there are more than [`MOST_COUNTED`] cases (`total` is then that many).
    more_than: bool,
    previous: Option<String>,
    next: Option<String>,
    /// The CSV export of the whole filtered list.
    csv_href: String,
    /// Whether the user may log a complaint.
    can_log: bool,
}

impl ListPage {
    /// The error message of `field`, or empty.
    fn error_of(&self, field: &str) -> &str {
        self.errors.iter().find(|e| e.field == field).map_or("", |e| e.message.as_str())
    }
}

/// The case list. Dates that are not real dates, or a range ending before it starts, show
/// the filters again with the errors and no cases (400).
pub(crate) async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<CaseQuery>,
) -> Result<Response, PageError> {
    let app = state.app();
    let (_, _, errors) = query.received();
    let actor = &staff.actor;
    let cases = async {
        if !errors.is_empty() {
            return Ok((0, Paged { items: Vec::new(), more: false }, Page::First));
        }
        let filter = query.filter(&state)?;
        // Independent reads, at once: on PostgreSQL each is a round trip to the server.
        let (total, listed) = tokio::try_join!(
            app.count_complaints_up_to(actor, &filter, MOST_COUNTED + 1),
            app.page_of_complaints(actor, &filter)
        )?;
        Ok::<_, PageError>((total, listed, filter.page))
    };
    let choices = async {
        tokio::try_join!(app.staff_names(actor), app.handling_organisations(actor), app.complaint_categories(actor))
    };
    let (cases, choices) = tokio::join!(cases, choices);
    let (total, listed, page) = cases?;
    let (previous, next) = super::neighbours(&page, &listed, |l: &ListedComplaint| l.complaint.cursor());
    let (names, organisations, categories) = choices?;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let rows = listed
        .items
        .into_iter()
        .map(|listed| {
            let c = listed.complaint;
            let deadline = c.summary.deadline_status.clone().unwrap_or_default();
            Row {
                id: c.id,
                reference: c.reference,
                received: long_date(c.summary.received_on),
                stage: c.summary.stage.map(|s| s.to_string()).unwrap_or_default(),
                status: words(&c.summary.status),
                next_due: c.summary.next_due.map(long_date).unwrap_or_default(),
                deadline_class: tag_class(&deadline),
                deadline: words(&deadline),
                handler: c.summary.handler.as_deref().map(name_of).unwrap_or_default(),
                resident: listed.resident_name,
            }
        })
        .collect();
    let mut handlers: Vec<(String, String)> = names.into_iter().collect();
    handlers.sort_by(|a, b| a.1.cmp(&b.1));
    let organisations = organisations.into_iter().map(|o| (o.id, o.name)).collect();
    let categories = categories.into_iter().map(|c| (c.clone(), c)).collect();
    let mut layout = staff.layout("Cases", Section::Cases);
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let page_data = ListPage {
        layout,
        errors,
        search: query.search.clone().unwrap_or_default(),
        stages: options(&query.stage, vec![("1".into(), "Stage 1".into()), ("2".into(), "Stage 2".into())]),
        statuses: options(&query.status, STATUSES.iter().map(|s| ((*s).to_owned(), words(s))).collect()),
        deadlines: options(
            &query.deadline,
            vec![("due_soon".into(), "Due within 2 working days".into()), ("overdue".into(), "Overdue".into())],
        ),
        handlers: options(&query.handler, handlers),
        organisations: options(&query.organisation, organisations),
        categories: options(&query.category, categories),
        channels: options(&query.channel, CHANNELS.iter().map(|c| ((*c).to_owned(), words(c))).collect()),
        received_from: DateParts::of(&query.from_day, &query.from_month, &query.from_year),
        received_to: DateParts::of(&query.to_day, &query.to_month, &query.to_year),
        rows,
        more_than: total > MOST_COUNTED,
        total: total.min(MOST_COUNTED),
        previous: previous.map(|page| format!("/cases{}", query.to_query_string(Some(&page)))),
        next: next.map(|page| format!("/cases{}", query.to_query_string(Some(&page)))),
        csv_href: format!("/cases.csv{}", query.to_query_string(None)),
        can_log: staff.actor.role.may(Permission::ChangeCases),
    };
    Ok(render(status, &page_data))
}

/// The CSV export's columns.
const CSV_HEADER: [&str; 11] = [
    "Reference",
    "Received",
    "Stage",
    "Status",
    "Handler",
    "Handling organisation",
    "Category",
    "Channel",
    "Resident",
    "Next due",
    "Deadline status",
];

/// `GET /cases.csv`: every case the list's filters select (all pages), one row each, scoped
/// as the list is. Dates are ISO 8601, for spreadsheets.
pub(crate) async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<CaseQuery>,
) -> Result<Response, PageError> {
    let app = state.app();
    let filter = query.filter(&state)?;
    let listed = app.all_listed_complaints(&staff.actor, &filter).await?;
    let names = app.staff_names(&staff.actor).await?;
    let organisations: HashMap<String, String> =
        app.handling_organisations(&staff.actor).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut table = super::csv::Table::new(&CSV_HEADER);
    for ListedComplaint { complaint: c, resident_name } in listed {
        let s = c.summary;
        let lookup = |map: &HashMap<String, String>, id: &str| map.get(id).cloned().unwrap_or_else(|| id.to_owned());
        table.row(&[
            c.reference,
            s.received_on.to_string(),
            s.stage.map(|n| n.to_string()).unwrap_or_default(),
            words(&s.status),
            s.handler.as_deref().map(|h| lookup(&names, h)).unwrap_or_default(),
            lookup(&organisations, &s.organisation_handling),
            s.category.unwrap_or_default(),
            words(&s.channel),
            resident_name,
            s.next_due.map(|d| d.to_string()).unwrap_or_default(),
            words(&s.deadline_status.unwrap_or_default()),
        ]);
    }
    let file_name = format!("cases-{}.csv", app.today()?);
    Ok(table.into_response(&file_name))
}

/// One deadline on the case page.
struct DeadlineRow {
    stage: u8,
    step: &'static str,
    due: String,
    remaining: String,
    status: String,
    status_class: &'static str,
}

/// One remedy, action or Ombudsman's order on the case page.
struct Undertaking {
    id: String,
    what: String,
    due: String,
    status: String,
    /// An action's progress updates, or an order's evidence of compliance.
    notes: Vec<String>,
}

/// One item of correspondence on the case page.
struct Letter {
    when: String,
    direction: &'static str,
    channel: String,
    subject: String,
    body: String,
    /// `(href, file name, size)` of each attachment.
    attachments: Vec<(String, String, String)>,
}

/// One event of the timeline.
struct TimelineEntry {
    when: String,
    what: String,
    who: String,
}

#[derive(Template)]
#[template(path = "cases/show.html")]
struct CasePage {
    layout: Layout,
    summary: Vec<(&'static str, String)>,
    description: String,
    points: Vec<String>,
    outcomes: Vec<String>,
    deadlines: Vec<DeadlineRow>,
    timeline: Vec<TimelineEntry>,
    /// Remedies, actions and the Ombudsman's orders, each with its heading (shown when there
    /// are any).
    undertakings: Vec<(&'static str, Vec<Undertaking>)>,
    /// Correspondence in and out, newest first.
    correspondence: Vec<Letter>,
    /// The forms the case's status and the user's role allow now, as `(href, label)`.
    actions: Vec<(String, String)>,
    /// The resident's record and the service requests the complaint arose from, as
    /// `(href, label)`.
    related: Vec<(String, String)>,
}

/// One case.
pub(crate) async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let app = state.app();
    let view = app.complaint(&staff.actor, &id).await?;
    let names = app.staff_names(&staff.actor).await?;
    let letters = app.correspondence(&staff.actor, &id).await?;
    let mut page = case_page(&state, &staff, view, &names).await?;
    page.correspondence = letters.into_iter().rev().map(|record| letter(&id, record)).collect();
    Ok(render(StatusCode::OK, &page))
}

async fn case_page(
    state: &AppState,
    staff: &Staff,
    view: ComplaintView,
    names: &HashMap<String, String>,
) -> Result<CasePage, PageError> {
    let app = state.app();
    let today = app.today()?;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let complaint = &view.complaint;
    let logged = &complaint.logged;
    let handler = complaint.current_stage().handler().or(complaint.stage1.handler()).map(|h| name_of(&h.0));
    let summary = vec![
        ("Status", words(view.status.as_str())),
        ("Stage", view.stage.to_string()),
        ("Received", long_date(logged.received_on)),
        (
            "Channel",
            words(
                &serde_json::to_value(logged.channel)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
        ),
        ("Categories", logged.categories.join(", ")),
        ("Handler", handler.unwrap_or_else(|| "Not assigned".into())),
        (
            "Updates to the resident",
            complaint.current_stage().update_interval.map_or_else(
                || "No interval agreed".to_owned(),
                |every| format!("Every {every} working day{}", if every == 1 { "" } else { "s" }),
            ),
        ),
    ];
    let definition = complaint.current_stage().acknowledgement.as_ref().or(complaint.stage1.acknowledgement.as_ref());
    let points = definition.map(|a| a.definition.points.iter().map(|p| p.text.clone()).collect()).unwrap_or_default();
    let outcomes = definition.map(|a| a.definition.outcomes_sought.clone()).unwrap_or_default();
    let calendar = app.calendar_of(&staff.actor).await?;
    let mut deadlines = Vec::new();
    for d in &view.deadlines {
        let remaining = if d.done_on.is_some() {
            "Done".to_owned()
        } else {
            let days = calendar.working_days_between(today, d.due).map_err(AppError::from)?;
            match days {
                0 => "Due today".to_owned(),
                1 => "1 working day".to_owned(),
                n if n > 1 => format!("{n} working days"),
                -1 => "1 working day overdue".to_owned(),
                n => format!("{} working days overdue", -n),
            }
        };
        let status = d.status.as_str();
        deadlines.push(DeadlineRow {
            stage: d.stage.into(),
            step: match d.step {
                Step::Acknowledgement => "Acknowledge and define",
                Step::Response => "Respond",
            },
            due: long_date(d.due),
            remaining,
            status: words(status),
            status_class: tag_class(status),
        });
    }
    let actions = if staff.actor.role.may(Permission::ChangeCases) {
        super::forms::allowed_actions(&view)
            .into_iter()
            .map(|(path, label)| (format!("/cases/{}/{path}", view.id), label))
            .collect()
    } else {
        Vec::new()
    };
    let timeline = view
        .events
        .iter()
        .rev()
        .map(|e| {
            let kind = serde_json::to_value(&e.event)
                .ok()
                .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned))
                .unwrap_or_default();
            let what = match detail(&e.event) {
                Some(detail) => format!("{}: {detail}", words(&kind)),
                None => words(&kind),
            };
            TimelineEntry { when: long_instant(e.recorded_at), what, who: name_of(&e.actor) }
        })
        .collect();
    let done = |on: Option<Date>| on.map_or_else(|| "Open".to_owned(), |d| format!("Completed {}", long_date(d)));
    let remedies: Vec<Undertaking> = complaint
        .remedies
        .iter()
        .map(|r| {
            let amount = r.amount_pence.map(|p| format!(" (£{}.{:02})", p / 100, p % 100)).unwrap_or_default();
            Undertaking {
                id: r.id.clone(),
                what: format!("{}{amount}", r.description),
                due: long_date(r.due),
                status: done(r.completed_on),
                notes: Vec::new(),
            }
        })
        .collect();
    let actions_outstanding: Vec<Undertaking> = complaint
        .actions
        .iter()
        .map(|a| Undertaking {
            id: a.id.clone(),
            what: format!("{} (owner: {})", a.description, name_of(&a.owner.0)),
            due: long_date(a.due),
            status: done(a.completed_on),
            notes: a
                .updates
                .iter()
                .map(|u| {
                    let told = if u.resident_informed { "resident told" } else { "resident not told" };
                    format!("{}: {} ({told})", long_date(u.on), u.note)
                })
                .collect(),
        })
        .collect();
    let orders: Vec<Undertaking> = complaint
        .ombudsman
        .iter()
        .flat_map(|c| &c.determination)
        .flat_map(|d| &d.orders)
        .map(|o| Undertaking {
            id: o.id.clone(),
            what: format!(
                "{}: {}",
                match o.kind {
                    OrderKind::Order => "Order",
                    OrderKind::Recommendation => "Recommendation",
                },
                o.description
            ),
            due: o.due.map_or_else(|| "No date set".to_owned(), long_date),
            status: o.complied_on.map_or_else(|| "Open".to_owned(), |d| format!("Complied {}", long_date(d))),
            notes: o.evidence.iter().cloned().collect(),
        })
        .collect();
    let related =
        std::iter::once((format!("/residents/{}", logged.resident.0), "The resident's record".to_owned()))
            .chain(logged.service_requests.iter().map(|r| {
                (format!("/service-requests/{}", r.0), "The service request the complaint arose from".to_owned())
            }))
            .collect();
    Ok(CasePage {
        undertakings: vec![
            ("Remedies", remedies),
            ("Outstanding actions", actions_outstanding),
            ("The Ombudsman's orders and recommendations", orders),
        ],
        correspondence: Vec::new(),
        related,
        layout: staff.layout(format!("Complaint {}", view.reference), Section::Cases),
        summary,
        description: logged.description.clone(),
        points,
        outcomes,
        deadlines,
        timeline,
        actions,
    })
}

/// What the timeline adds to an event's name: correspondence's summary, an action's or
/// order's number.
fn detail(event: &Event) -> Option<String> {
    match event {
        Event::CorrespondenceRecorded { summary, .. } => Some(summary.clone()),
        Event::ActionUpdated { id, .. } | Event::ActionCompleted { id, .. } | Event::OrderComplied { id, .. } => {
            Some(id.clone())
        }
        Event::UpdateIntervalAgreed { every_working_days, .. } => {
            Some(format!("every {every_working_days} working days"))
        }
        _ => None,
    }
}

/// One item of correspondence of case `id`, with links to its attachments.
fn letter(id: &str, record: CorrespondenceRecord) -> Letter {
    let item = record.item;
    Letter {
        when: long_instant(item.occurred_at),
        direction: match item.direction {
            redress_storage::Direction::In => "Received",
            redress_storage::Direction::Out => "Sent",
        },
        channel: words(&item.channel),
        attachments: record
            .attachments
            .into_iter()
            .map(|a| {
                let href = format!("/cases/{id}/correspondence/{}/attachments/{}", item.id, a.id);
                let size = match a.size_bytes {
                    n if n < 1024 => format!("{n} bytes"),
                    n if n < 1024 * 1024 => format!("{} KB", (n + 1023) / 1024),
                    n => format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)),
                };
                (href, a.file_name, size)
            })
            .collect(),
        subject: item.subject,
        body: item.body,
    }
}
