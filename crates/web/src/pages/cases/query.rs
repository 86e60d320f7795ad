//! The case list's filters: what the filter form sends, checked, and as a storage filter.

use jiff::civil::Date;
use redress_app::AppError;
use redress_domain::complaint::{Channel, Complexity, DUE_SOON_WORKING_DAYS, Risk, Status};
use redress_storage::{ComplaintCursor, ComplaintFilter, Cursor, Page};
use serde::Deserialize;

use super::PAGE_SIZE;
use crate::AppState;
use crate::pages::forms::variant;
use crate::pages::{FieldError, PageError};

/// The list's filters, as the filter form sends them (empty means any). The CSV export
/// takes the same.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct CaseQuery {
    #[serde(default)]
    pub(super) stage: Option<String>,
    #[serde(default)]
    pub(super) status: Option<String>,
    /// `due_soon`, `overdue` or `missed` (answered late, or overdue now).
    #[serde(default)]
    pub(super) deadline: Option<String>,
    /// An update to the resident (Code 5.9): `due` (today) or `overdue`.
    #[serde(default)]
    pub(super) update: Option<String>,
    #[serde(default)]
    pub(super) handler: Option<String>,
    /// The handling organisation's id.
    #[serde(default)]
    pub(super) organisation: Option<String>,
    /// A category's id.
    #[serde(default)]
    pub(super) category: Option<String>,
    #[serde(default)]
    pub(super) channel: Option<String>,
    /// `straightforward` or `complex` (Code 6.1).
    #[serde(default)]
    pub(super) complexity: Option<String>,
    /// One of the risks (Code 6.1), as the domain names it.
    #[serde(default)]
    pub(super) risk: Option<String>,
    /// Text in the reference, the resident's name or address.
    #[serde(default)]
    pub(super) search: Option<String>,
    #[serde(default, rename = "received_from-day")]
    pub(super) from_day: Option<String>,
    #[serde(default, rename = "received_from-month")]
    pub(super) from_month: Option<String>,
    #[serde(default, rename = "received_from-year")]
    pub(super) from_year: Option<String>,
    #[serde(default, rename = "received_to-day")]
    pub(super) to_day: Option<String>,
    #[serde(default, rename = "received_to-month")]
    pub(super) to_month: Option<String>,
    #[serde(default, rename = "received_to-year")]
    pub(super) to_year: Option<String>,
    /// The page after this case (an opaque cursor from a "Next" link).
    #[serde(default)]
    pub(super) after: Option<String>,
    /// The page before this case (from a "Previous" link).
    #[serde(default)]
    pub(super) before: Option<String>,
}

/// The channels a complaint can arrive by, as the domain names them: filter options.
pub(super) fn channels() -> impl Iterator<Item = &'static str> {
    Channel::ALL.into_iter().map(Channel::as_str)
}

/// The complexities, as the domain names them: filter options.
pub(super) fn complexities() -> impl Iterator<Item = &'static str> {
    Complexity::ALL.into_iter().map(complexity_name)
}

/// The risks, as the domain names them: filter options.
pub(super) fn risks() -> impl Iterator<Item = &'static str> {
    Risk::ALL.into_iter().map(risk_name)
}

fn complexity_name(complexity: Complexity) -> &'static str {
    match complexity {
        Complexity::Straightforward => "straightforward",
        Complexity::Complex => "complex",
    }
}

pub(super) fn risk_name(risk: Risk) -> &'static str {
    match risk {
        Risk::Vulnerability => "vulnerability",
        Risk::HealthAndSafety => "health_and_safety",
        Risk::DampAndMould => "damp_and_mould",
        Risk::Disrepair => "disrepair",
        Risk::Other => "other",
    }
}

pub(super) fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A date typed into a GOV.UK date input: none if all three parts are empty, an error
/// message if they do not make a real date.
pub(super) fn typed_date(
    label: &str,
    day: &Option<String>,
    month: &Option<String>,
    year: &Option<String>,
) -> DateField {
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
    pub(super) fn with(set: impl FnOnce(&mut CaseQuery)) -> CaseQuery {
        let mut query = CaseQuery::default();
        set(&mut query);
        query
    }

    /// Which page: the first, or after or before the case a link's cursor names.
    pub(super) fn page(&self) -> Result<Page<ComplaintCursor>, PageError> {
        Ok(match (crate::pages::cursor(&self.after)?, crate::pages::cursor(&self.before)?) {
            (None, None) => Page::First,
            (Some(after), None) => Page::After(after),
            (None, Some(before)) => Page::Before(before),
            (Some(_), Some(_)) => return Err(AppError::Invalid("the link to this page is not valid".into()).into()),
        })
    }

    /// The received date range and the errors in it, each for the field to fix.
    pub(super) fn received(&self) -> (Option<Date>, Option<Date>, Vec<FieldError>) {
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
    pub(super) fn filter(&self, state: &AppState) -> Result<ComplaintFilter, PageError> {
        let app = state.app();
        let today = app.today()?;
        let stage = match present(&self.stage) {
            None => None,
            Some("1") => Some(1),
            Some("2") => Some(2),
            Some(_) => return Err(AppError::Invalid("choose stage 1 or 2".into()).into()),
        };
        let status = match present(&self.status) {
            None => None,
            Some(s) => Some(Status::named(s).ok_or_else(|| AppError::Invalid("choose a status from the list".into()))?),
        };
        let channel = present(&self.channel).map(str::to_owned);
        if channel.as_deref().is_some_and(|c| !channels().any(|known| known == c)) {
            return Err(AppError::Invalid("choose a channel from the list".into()).into());
        }
        let complexity = match present(&self.complexity) {
            None => None,
            Some(c) => Some(
                variant::<Complexity>(c)
                    .ok_or_else(|| AppError::Invalid("choose a complexity from the list".into()))?,
            ),
        };
        let risk = match present(&self.risk) {
            None => None,
            Some(r) => Some(variant::<Risk>(r).ok_or_else(|| AppError::Invalid("choose a risk from the list".into()))?),
        };
        let (overdue_on, due_between, missed_on) = match present(&self.deadline) {
            None => (None, None, None),
            Some("overdue") => (Some(today), None, None),
            Some("due_soon") => {
                let end = app.calendar().add_working_days(today, DUE_SOON_WORKING_DAYS).map_err(AppError::from)?;
                (None, Some((today, end)), None)
            }
            Some("missed") => (None, None, Some(today)),
            Some(_) => return Err(AppError::Invalid("choose a deadline status from the list".into()).into()),
        };
        let (update_due_on, update_overdue_on) = match present(&self.update) {
            None => (None, None),
            Some("due") => (Some(today), None),
            Some("overdue") => (None, Some(today)),
            Some(_) => return Err(AppError::Invalid("choose an update status from the list".into()).into()),
        };
        let handler = present(&self.handler)
            .map(str::parse)
            .transpose()
            .map_err(|_| AppError::Invalid("choose a handler from the list".into()))?;
        let organisation_handling = present(&self.organisation)
            .map(str::parse)
            .transpose()
            .map_err(|_| AppError::Invalid("choose an organisation from the list".into()))?;
        let category = present(&self.category)
            .map(str::parse)
            .transpose()
            .map_err(|_| AppError::Invalid("choose a category from the list".into()))?;
        let (received_from, received_to, errors) = self.received();
        if let Some(error) = errors.into_iter().next() {
            return Err(AppError::Invalid(error.message).into());
        }
        Ok(ComplaintFilter {
            stage,
            status,
            handler,
            organisation_handling,
            category,
            channel,
            complexity,
            risk,
            search: present(&self.search).map(str::to_owned),
            overdue_on,
            missed_on,
            due_between,
            update_overdue_on,
            update_due_on,
            received_from,
            received_to,
            resident_id: None,
            page: self.page()?,
            limit: PAGE_SIZE,
            offset: 0,
        })
    }

    /// `?stage=1&…` for this query, on `page` (default: the first).
    pub(super) fn to_query_string(&self, page: Option<&Page<ComplaintCursor>>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (name, value) in [
            ("stage", &self.stage),
            ("status", &self.status),
            ("deadline", &self.deadline),
            ("update", &self.update),
            ("handler", &self.handler),
            ("organisation", &self.organisation),
            ("category", &self.category),
            ("channel", &self.channel),
            ("complexity", &self.complexity),
            ("risk", &self.risk),
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
pub(crate) fn encode(value: &str) -> String {
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
    pub(super) value: String,
    pub(super) text: String,
    pub(super) selected: bool,
}

pub(super) fn options(current: &Option<String>, choices: Vec<(String, String)>) -> Vec<SelectOption> {
    let current = present(current).unwrap_or_default();
    std::iter::once((String::new(), "Any".to_owned()))
        .chain(choices)
        .map(|(value, text)| SelectOption { selected: value == current, value, text })
        .collect()
}

/// A date input's parts as typed, for showing them again.
pub(super) struct DateParts {
    pub(super) day: String,
    pub(super) month: String,
    pub(super) year: String,
}

impl DateParts {
    pub(super) fn of(day: &Option<String>, month: &Option<String>, year: &Option<String>) -> DateParts {
        let text = |part: &Option<String>| part.as_deref().unwrap_or_default().trim().to_owned();
        DateParts { day: text(day), month: text(month), year: text(year) }
    }
}
