//! The building blocks of every form: the [`Widget`]s a field is drawn as, the posted
//! [`Values`], and the [`Builder`] that lays out fields while reading their values, collecting
//! an error for anything that cannot be read (a date that is not a date, a choice not made).
//!
//! A field's id is also its input's name, so values posted back re-fill the same fields.

use jiff::civil::Date;
use redress_domain::ombudsman::OmbudsmanContact;

/// The most rows a repeated group ("add another") shows.
const MAX_ROWS: usize = 20;

/// What a field is drawn as.
pub(crate) enum Widget {
    /// A one-line text input.
    Text,
    /// A whole number.
    Number,
    /// A multi-line text area.
    Textarea,
    /// A select of `(value, text)` options.
    Select(Vec<(String, String)>),
    /// Radios of `(value, text)` options.
    Radios(Vec<(String, String)>),
    /// One checkbox, ticked when the value is "yes".
    Checkbox,
    /// Checkboxes of `(value, text)` options, any number ticked; an option valued "none" is
    /// exclusive (GOV.UK's "None of these", after an "or").
    Checkboxes(Vec<(String, String)>),
    /// A GOV.UK date input: `(part, label, value, width)` for day, month and year.
    Date(Vec<(&'static str, &'static str, String, &'static str)>),
    /// A GOV.UK file upload taking several files (its form posts `multipart/form-data`).
    File,
    /// A value carried through the form unseen (a repeated group's row count).
    Hidden,
    /// A secondary submit button posting `go` with the field's id as its value (such as
    /// "Add another remedy"); the label is its text.
    Button,
    /// A sub-heading between fields (not a field).
    Heading,
    /// GOV.UK inset text (not a field): the label, then the hint's lines, such as details the
    /// form records as given to the resident.
    Inset,
    /// A choice made before the form (not a field), such as the resident a complaint is
    /// from: a summary list row of the label and the hint's lines, with a "Change" link to
    /// the page where it was made.
    Chosen {
        /// The page that makes the choice again.
        change: String,
    },
}

/// One field of a form.
pub(crate) struct Field {
    /// The input's id and name.
    pub(crate) id: String,
    /// Its label (or legend).
    pub(crate) label: String,
    /// Its hint, if not empty.
    pub(crate) hint: String,
    /// Its error, if not empty.
    pub(crate) error: String,
    /// The value shown.
    pub(crate) value: String,
    /// How it is drawn.
    pub(crate) widget: Widget,
}

impl Field {
    /// ` aria-describedby="…"` for the hint and error, or nothing.
    pub(crate) fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if !self.error.is_empty() {
            ids.push(format!("{}-error", self.id));
        }
        if ids.is_empty() { String::new() } else { format!(r#" aria-describedby="{}""#, ids.join(" ")) }
    }

    /// The names this field posts (a date posts three).
    pub(crate) fn names(&self) -> Vec<String> {
        match self.widget {
            Widget::Date(_) => ["day", "month", "year"].iter().map(|p| format!("{}-{p}", self.id)).collect(),
            Widget::Heading | Widget::Inset | Widget::Chosen { .. } | Widget::Button => Vec::new(),
            _ => vec![self.id.clone()],
        }
    }

    /// Where an error summary's link for this field goes (a date's first input).
    pub(crate) fn anchor(&self) -> String {
        if matches!(self.widget, Widget::Date(_)) { format!("{}-day", self.id) } else { self.id.clone() }
    }

    /// Whether checkbox `value` of the field is ticked (its value holds one ticked value a
    /// line).
    pub(crate) fn is_ticked(&self, value: &str) -> bool {
        self.value.lines().any(|v| v == value)
    }

    /// Whether the field is something a person fills in.
    pub(crate) fn is_input(&self) -> bool {
        !matches!(
            self.widget,
            Widget::Heading | Widget::Inset | Widget::Chosen { .. } | Widget::Hidden | Widget::Button
        )
    }
}

/// An error for the summary, linking to the field (or its first input).
pub(crate) struct FormError {
    /// The id the summary links to.
    pub(crate) field: String,
    /// What to do about it.
    pub(crate) message: String,
}

/// The posted form, as name-value pairs (names may repeat).
#[derive(Default, Clone)]
pub(crate) struct Values(pub(crate) Vec<(String, String)>);

impl Values {
    /// The first value posted under `name`, or "".
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    /// The value, trimmed.
    pub(crate) fn text(&self, name: &str) -> String {
        self.get(name).trim().to_owned()
    }

    /// The value, trimmed, unless blank.
    pub(crate) fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.is_empty())
    }

    /// Every value posted under `name`, in order (ticked checkboxes).
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// Whether a checkbox was ticked.
    pub(crate) fn ticked(&self, name: &str) -> bool {
        self.get(name) == "yes"
    }

    /// Non-blank lines.
    pub(crate) fn lines(&self, name: &str) -> Vec<String> {
        self.get(name).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }

    /// Whether anything was filled in on row `n` of a repeated group (`{group}-{n}-…`).
    pub(crate) fn row_filled(&self, group: &str, n: usize) -> bool {
        let prefix = format!("{group}-{n}-");
        self.0.iter().any(|(name, value)| name.starts_with(&prefix) && !value.trim().is_empty())
    }
}

/// Builds fields from values, collecting input errors while reading them.
pub(crate) struct Builder<'a> {
    /// The values posted.
    pub(crate) values: &'a Values,
    /// The fields so far.
    pub(crate) fields: Vec<Field>,
    /// The errors so far.
    pub(crate) errors: Vec<FormError>,
}

impl<'a> Builder<'a> {
    /// A builder reading `values`.
    pub(crate) fn new(values: &'a Values) -> Builder<'a> {
        Builder { values, fields: Vec::new(), errors: Vec::new() }
    }

    /// Adds a field showing the value posted under its id.
    pub(crate) fn add(&mut self, id: &str, label: &str, hint: &str, widget: Widget) -> &mut Field {
        let value = match widget {
            Widget::Date(_)
            | Widget::Heading
            | Widget::Inset
            | Widget::Chosen { .. }
            | Widget::Button
            | Widget::File => String::new(),
            Widget::Checkboxes(_) => self.values.all(id).join("\n"),
            _ => self.values.get(id).to_owned(),
        };
        self.fields.push(Field {
            id: id.to_owned(),
            label: label.to_owned(),
            hint: hint.to_owned(),
            error: String::new(),
            value,
            widget,
        });
        let last = self.fields.len() - 1;
        &mut self.fields[last]
    }

    /// Marks field `id` with an error, linked from the summary to `anchor`.
    pub(crate) fn fail(&mut self, id: &str, anchor: &str, message: &str) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.id == id) {
            field.error = message.to_owned();
        }
        self.errors.push(FormError { field: anchor.to_owned(), message: message.to_owned() });
    }

    /// A date input; its date, if the three parts make one.
    pub(crate) fn date(&mut self, id: &str, label: &str, hint: &str, required: bool) -> Option<Date> {
        let part = |p: &str| self.values.get(&format!("{id}-{p}")).trim().to_owned();
        let (day, month, year) = (part("day"), part("month"), part("year"));
        let parts = vec![
            ("day", "Day", day.clone(), "2"),
            ("month", "Month", month.clone(), "2"),
            ("year", "Year", year.clone(), "4"),
        ];
        self.add(id, label, hint, Widget::Date(parts));
        let anchor = format!("{id}-day");
        if day.is_empty() && month.is_empty() && year.is_empty() {
            if required {
                self.fail(id, &anchor, &format!("Enter the {}", label.to_lowercase()));
            }
            return None;
        }
        let parsed = (|| Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok())();
        if parsed.is_none() || year.len() != 4 {
            self.fail(id, &anchor, &format!("{label} must be a real date"));
            return None;
        }
        parsed
    }

    /// When the issue occurred and, if later, when the resident became aware of it: Code 2.3's
    /// 12 months count from the later of the two. Each date, if given and readable.
    pub(crate) fn issue_dates(&mut self) -> (Option<Date>, Option<Date>) {
        let occurred = self.date("issue_occurred_on", "Date the issue occurred", "For example, 27 3 2025", true);
        let aware = self.date(
            "became_aware_on",
            "Date the resident became aware of it",
            "Only if later than it occurred: a complaint must be accepted within 12 months of the later date \
             (Code 2.3). For example, 27 3 2025",
            false,
        );
        (occurred, aware)
    }

    /// A whole-number input; its number, if it is one.
    pub(crate) fn number(&mut self, id: &str, label: &str, hint: &str, required: bool) -> Option<u16> {
        self.add(id, label, hint, Widget::Number);
        let text = self.values.text(id);
        if text.is_empty() {
            if required {
                self.fail(id, id, &format!("Enter the {}", label.to_lowercase()));
            }
            return None;
        }
        match text.parse::<u16>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.fail(id, id, &format!("{label} must be a whole number, like 10"));
                None
            }
        }
    }

    /// An amount of money in pounds; in pence, if given and readable.
    pub(crate) fn pounds(&mut self, id: &str, label: &str, hint: &str) -> Option<u64> {
        self.add(id, label, hint, Widget::Text);
        let text = self.values.text(id);
        if text.is_empty() {
            return None;
        }
        let amount = pence(&text);
        if amount.is_none() {
            self.fail(id, id, &format!("{label} must be an amount, like 150.00"));
        }
        amount
    }

    /// A choice that must be made from `options`.
    pub(crate) fn choose(
        &mut self,
        id: &str,
        label: &str,
        hint: &str,
        widget: Widget,
        message: &str,
    ) -> Option<String> {
        let options = match &widget {
            Widget::Select(o) | Widget::Radios(o) => o.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        self.add(id, label, hint, widget);
        let value = self.values.text(id);
        if options.contains(&value) {
            Some(value)
        } else {
            self.fail(id, id, message);
            None
        }
    }

    /// How many rows of the repeated group `group` to show (GOV.UK "add another", without
    /// JavaScript): the count the form carried in `{group}_rows`, enough for every row filled
    /// in, and one more when the group's "add another" button (`go=add-{group}`) was pressed.
    /// The count goes into a hidden field so the next post carries it.
    pub(crate) fn rows(&mut self, group: &str) -> usize {
        let name = format!("{group}_rows");
        let carried = self.values.text(&name).parse::<usize>().unwrap_or(1);
        let filled = (1..=MAX_ROWS).filter(|n| self.values.row_filled(group, *n)).max().unwrap_or(0);
        let adding = self.values.get("go") == format!("add-{group}");
        let count = (carried.max(filled).max(1) + usize::from(adding)).min(MAX_ROWS);
        self.add(&name, "", "", Widget::Hidden).value = count.to_string();
        count
    }
}

impl Builder<'_> {
    /// Shows the Housing Ombudsman's contact details that the step records as given to the
    /// resident (copied from the organisation's settings when it is recorded), in place of a
    /// tick box: `lead` says when they are given and under which provision.
    pub(crate) fn ombudsman_details(&mut self, lead: &str, contact: &OmbudsmanContact) {
        let lines = format!(
            "{}\nTelephone: {}\nEmail: {}\nWeb: {}\nPost: {}",
            contact.name, contact.telephone, contact.email, contact.web_address, contact.postal_address
        );
        self.add("ombudsman", lead, &lines, Widget::Inset);
    }
}

/// `(value, text)` options from constants.
pub(crate) fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(v, t)| ((*v).to_owned(), (*t).to_owned())).collect()
}

/// Reads a serde unit-variant name (`"in_person"`) into its enum.
pub(crate) fn variant<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

/// `"150"`, `"£150.5"` or `"1,150.50"` in pence.
fn pence(text: &str) -> Option<u64> {
    let text = text.trim().trim_start_matches('£').replace(',', "");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 2
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let pounds: u64 = whole.parse().ok()?;
    let pennies: u64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    pounds.checked_mul(100)?.checked_add(pennies)
}
