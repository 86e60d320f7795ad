//! The lifecycle forms: `GET`/`POST /cases/new` (log a complaint) and
//! `GET`/`POST /cases/{id}/{action}` for `acknowledge`, `not-accept`, `refuse-escalation`,
//! `add-points`, `extend`, `respond`, `escalate`, `offer-remedy`, `complete-remedy-{R}`,
//! `add-action`, `complete-action-{A}`, `refer`, `determination` and `close`.
//!
//! Every form is the one template `cases/form.html`, given a list of [`Field`]s. A POST that
//! succeeds redirects (303) to the case page. Input that cannot be read (a bad date, an empty
//! number) re-renders the form with field errors (400); a refusal by the domain re-renders it
//! with the refusal's text, citing the provision, in the error summary (422). Either way the
//! values typed are kept. Read-only roles get 403 on both GET and POST.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use redress_app::{AppError, ComplaintIntake, ComplaintView};
use redress_domain::complaint::{
    ActionPlan, Channel, Command, Complexity, ConflictDeclaration, Decision, DefinitionInput, ExclusionGround, Finding,
    Learning, OmbudsmanOutcome, OrderKind, OrderTerms, Outstanding, PointDecision, RemedyKind, RemedyOffer,
    RemedyOutcome, Responsibility, StageNumber,
};
use redress_domain::ids::UserId;

use super::{Layout, PageError, Section, Staff, render};
use crate::AppState;

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
    /// A GOV.UK date input: `(part, label, value, width)` for day, month and year.
    Date(Vec<(&'static str, &'static str, String, &'static str)>),
    /// A sub-heading between fields (not a field).
    Heading,
}

/// One field of a form.
pub(crate) struct Field {
    id: String,
    label: String,
    hint: String,
    error: String,
    value: String,
    widget: Widget,
}

impl Field {
    /// ` aria-describedby="…"` for the hint and error, or nothing.
    fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if !self.error.is_empty() {
            ids.push(format!("{}-error", self.id));
        }
        if ids.is_empty() { String::new() } else { format!(r#" aria-describedby="{}""#, ids.join(" ")) }
    }
}

/// An error for the summary, linking to the field (or its first input).
pub(crate) struct FormError {
    pub(super) field: String,
    pub(super) message: String,
}

#[derive(Template)]
#[template(path = "cases/form.html")]
struct FormPage {
    layout: Layout,
    errors: Vec<FormError>,
    caption: String,
    action: String,
    back: String,
    fields: Vec<Field>,
    button: &'static str,
}

/// The posted form, as name-value pairs (names may repeat).
#[derive(Default)]
pub(crate) struct Values(pub(super) Vec<(String, String)>);

impl Values {
    pub(super) fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    pub(super) fn text(&self, name: &str) -> String {
        self.get(name).trim().to_owned()
    }

    pub(super) fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.is_empty())
    }

    fn ticked(&self, name: &str) -> bool {
        self.get(name) == "yes"
    }

    /// Non-blank lines.
    pub(super) fn lines(&self, name: &str) -> Vec<String> {
        self.get(name).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }
}

/// Builds fields from values, collecting input errors while reading them.
pub(super) struct Builder<'a> {
    pub(super) values: &'a Values,
    fields: Vec<Field>,
    pub(super) errors: Vec<FormError>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(values: &'a Values) -> Builder<'a> {
        Builder { values, fields: Vec::new(), errors: Vec::new() }
    }

    pub(super) fn add(&mut self, id: &str, label: &str, hint: &str, widget: Widget) -> &mut Field {
        let value = match widget {
            Widget::Date(_) | Widget::Heading => String::new(),
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

    pub(super) fn fail(&mut self, id: &str, anchor: &str, message: &str) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.id == id) {
            field.error = message.to_owned();
        }
        self.errors.push(FormError { field: anchor.to_owned(), message: message.to_owned() });
    }

    /// A date input; its date, if the three parts make one.
    pub(super) fn date(&mut self, id: &str, label: &str, hint: &str, required: bool) -> Option<Date> {
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

    /// A whole-number input; its number, if it is one.
    fn number(&mut self, id: &str, label: &str, hint: &str, required: bool) -> Option<u16> {
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
    fn pounds(&mut self, id: &str, label: &str, hint: &str) -> Option<u64> {
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
    pub(super) fn choose(
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
}

pub(super) fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(v, t)| ((*v).to_owned(), (*t).to_owned())).collect()
}

/// Reads a serde unit-variant name (`"in_person"`) into its enum.
pub(super) fn variant<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

pub(super) const CHANNELS: [(&str, &str); 9] = [
    ("phone", "Telephone"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("web", "Website"),
    ("in_person", "In person"),
    ("social_media", "Social media"),
    ("via_staff", "Through a member of staff"),
    ("via_third_party", "Through a third party"),
    ("survey_follow_up", "Survey follow-up"),
];

const DECISIONS: [(&str, &str); 3] =
    [("upheld", "Upheld"), ("partly_upheld", "Partly upheld"), ("not_upheld", "Not upheld")];

const REMEDY_KINDS: [(&str, &str); 8] = [
    ("apology", "Apology"),
    ("acknowledgement", "Acknowledging what went wrong"),
    ("explanation", "Explanation, assistance or reasons"),
    ("action_on_delay", "Action on a delay"),
    ("reconsidered_decision", "Reconsidering a decision"),
    ("record_amended", "Amending a record"),
    ("financial", "Financial"),
    ("policy_change", "Changing a policy"),
];

const GROUNDS: [(&str, &str); 4] = [
    ("issue_over_twelve_months_old", "The issue arose over 12 months ago"),
    ("legal_proceedings_started", "Legal proceedings have started"),
    ("previously_considered", "The matter was considered under the complaints policy before"),
    ("policy_ground", "Another ground in the complaints policy"),
];

const OMBUDSMAN_OUTCOMES: [(&str, &str); 8] = [
    ("no_maladministration", "No maladministration"),
    ("service_failure", "Service failure"),
    ("maladministration", "Maladministration"),
    ("severe_maladministration", "Severe maladministration"),
    ("reasonable_redress", "Reasonable redress"),
    ("mediation", "Resolved by mediation"),
    ("outside_jurisdiction", "Outside the Ombudsman's jurisdiction"),
    ("withdrawn", "Withdrawn"),
];

/// The ground radios, the policy's wording and the reasons, shared by not accepting a complaint
/// and refusing to escalate it; the ground, if one was chosen.
fn ground_fields(b: &mut Builder<'_>) -> Option<ExclusionGround> {
    let values = b.values;
    let ground = b.choose("ground", "Ground", "", Widget::Radios(pairs(&GROUNDS)), "Select the ground");
    b.add(
        "policy_ground",
        "The ground as the complaints policy words it",
        "If another ground in the policy",
        Widget::Text,
    );
    b.add("reasons", "Reasons", "For this complaint, as explained to the resident", Widget::Textarea);
    match ground.as_deref()? {
        "issue_over_twelve_months_old" => Some(ExclusionGround::IssueOverTwelveMonthsOld),
        "legal_proceedings_started" => Some(ExclusionGround::LegalProceedingsStarted),
        "previously_considered" => Some(ExclusionGround::PreviouslyConsidered),
        _ => Some(ExclusionGround::PolicyGround { ground: values.text("policy_ground") }),
    }
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

/// What the form's POST would do, once its fields are read.
pub(super) enum Intent {
    Log(Box<ComplaintIntake>),
    Act(Command),
}

/// A form: its fields (with the values given) and, if they could all be read, the intent.
pub(super) struct Built {
    title: String,
    caption: String,
    button: &'static str,
    fields: Vec<Field>,
    pub(super) errors: Vec<FormError>,
    pub(super) intent: Option<Intent>,
    /// The field a refusal's summary links to.
    first: String,
    /// The navigation section the form belongs to.
    pub(super) section: Section,
}

impl Built {
    pub(super) fn from(
        builder: Builder<'_>,
        title: &str,
        caption: String,
        button: &'static str,
        intent: Option<Intent>,
    ) -> Built {
        let first = builder
            .fields
            .iter()
            .find(|f| !matches!(f.widget, Widget::Heading))
            .map(|f| if matches!(f.widget, Widget::Date(_)) { format!("{}-day", f.id) } else { f.id.clone() })
            .unwrap_or_default();
        let intent = if builder.errors.is_empty() { intent } else { None };
        Built {
            title: title.to_owned(),
            caption,
            button,
            fields: builder.fields,
            errors: builder.errors,
            intent,
            first,
            section: Section::Cases,
        }
    }

    /// The form as first shown: no errors, though nothing is filled in yet.
    pub(super) fn blank(mut self) -> Built {
        self.errors.clear();
        for field in &mut self.fields {
            field.error.clear();
        }
        self
    }
}

/// The log-a-complaint form.
async fn log_form(state: &AppState, staff: &Staff, values: &Values) -> Result<Built, PageError> {
    let mut residents: Vec<(String, String)> =
        state.app().residents(&staff.actor).await?.into_iter().map(|r| (r.id, r.details.name)).collect();
    residents.sort_by(|a, b| a.1.cmp(&b.1));
    let mut b = Builder::new(values);
    let resident = b.choose("resident", "Resident", "", Widget::Select(residents), "Select the resident");
    let channel = b.choose(
        "channel",
        "How did the complaint arrive?",
        "",
        Widget::Radios(pairs(&CHANNELS)),
        "Select how the complaint arrived",
    );
    let issue_date = b.date(
        "issue_date",
        "Date of the issue",
        "When the issue happened or the resident became aware of it. For example, 27 3 2025",
        true,
    );
    b.add("description", "What is the complaint about?", "", Widget::Textarea);
    let description = values.text("description");
    if description.is_empty() {
        b.fail("description", "description", "Enter what the complaint is about");
    }
    b.add(
        "categories",
        "Categories",
        "Separate categories with commas, for example: repairs, damp and mould",
        Widget::Text,
    );
    let categories: Vec<String> =
        values.get("categories").split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect();
    let intent = match (resident, channel.as_deref().and_then(variant::<Channel>), issue_date) {
        (Some(resident_id), Some(channel), Some(issue_date)) => Some(Intent::Log(Box::new(ComplaintIntake {
            received_at: None,
            logged_on: None,
            handling_organisation_id: None,
            channel,
            issue_date,
            description,
            categories,
            risk_flags: Vec::new(),
            complexity: Complexity::default(),
            resident_id,
            representative_id: None,
            property_id: None,
            service_request_ids: Vec::new(),
            linked_complaint_ids: Vec::new(),
        }))),
        _ => None,
    };
    Ok(Built::from(b, "Log a complaint", String::new(), "Log complaint", intent))
}

/// The actions a case's status allows now, as `(path, label)`: one form per open remedy and
/// per open action, the Ombudsman's forms once the Code's stages are done or a decision not to
/// accept the complaint can be taken to it.
pub(crate) fn allowed_actions(view: &ComplaintView) -> Vec<(String, String)> {
    let fixed = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items.iter().map(|(p, l)| ((*p).to_owned(), (*l).to_owned())).collect()
    };
    let status = view.status.as_str();
    let mut actions = match (status, view.stage) {
        ("awaiting_acknowledgement", 1) => fixed(&[
            ("acknowledge", "Acknowledge and define the complaint"),
            ("not-accept", "Do not accept the complaint"),
        ]),
        ("awaiting_acknowledgement", _) => fixed(&[
            ("acknowledge", "Acknowledge and define the complaint"),
            ("refuse-escalation", "Refuse to escalate"),
        ]),
        ("investigating", 1) => fixed(&[
            ("extend", "Extend the response deadline"),
            ("respond", "Record the response"),
            ("add-points", "Add points to the complaint"),
        ]),
        ("investigating", _) => {
            fixed(&[("extend", "Extend the response deadline"), ("respond", "Record the response")])
        }
        ("responded", 1) => fixed(&[("escalate", "Escalate to stage 2"), ("close", "Close the complaint")]),
        ("responded", _) => fixed(&[("close", "Close the complaint")]),
        _ => Vec::new(),
    };
    if matches!(status, "investigating" | "responded") {
        actions.extend(fixed(&[("offer-remedy", "Offer a remedy"), ("add-action", "Add an action")]));
    }
    let complaint = &view.complaint;
    if status != "not_accepted" {
        for r in complaint.remedies.iter().filter(|r| r.completed_on.is_none()) {
            actions.push((format!("complete-remedy-{}", r.id), format!("Complete remedy {}", r.id)));
        }
        for a in complaint.actions.iter().filter(|a| a.completed_on.is_none()) {
            actions.push((format!("complete-action-{}", a.id), format!("Complete action {}", a.id)));
        }
    }
    match &complaint.ombudsman {
        None if matches!(status, "responded" | "closed" | "not_accepted") => {
            actions.extend(fixed(&[("refer", "Record a referral to the Ombudsman")]));
        }
        Some(case) if case.determination.is_none() => {
            actions.extend(fixed(&[("determination", "Record the Ombudsman's determination")]));
        }
        _ => {}
    }
    actions
}

/// One of the case's action forms.
async fn action_form(
    state: &AppState,
    staff: &Staff,
    view: &ComplaintView,
    action: &str,
    values: &Values,
) -> Result<Built, PageError> {
    let stage: StageNumber = view.complaint.current_stage().number;
    let caption = format!("Complaint {}, stage {}", view.reference, view.stage);
    let mut b = Builder::new(values);
    let built = match action {
        "acknowledge" => {
            let mut handlers: Vec<(String, String)> =
                state.app().staff_names(&staff.actor).await?.into_iter().collect();
            handlers.sort_by(|a, b| a.1.cmp(&b.1));
            let handler = b.choose("handler", "Complaint handler", "", Widget::Select(handlers), "Select the handler");
            b.add("points", "Points of complaint", "One point per line", Widget::Textarea);
            b.add("outcomes", "Outcomes the resident seeks", "One outcome per line", Widget::Textarea);
            b.add("responsible_for", "What the landlord is responsible for", "One per line", Widget::Textarea);
            b.add(
                "not_responsible_for",
                "What the landlord is not responsible for, and who is",
                "One per line",
                Widget::Textarea,
            );
            b.add("has_conflict", "The handler has a conflict of interest", "", Widget::Checkbox);
            b.add("conflict_measures", "Measures taken about the conflict of interest", "", Widget::Textarea);
            let intent = handler.map(|handler| {
                Intent::Act(Command::Acknowledge {
                    stage,
                    handler: UserId(handler),
                    definition: DefinitionInput {
                        points: values.lines("points"),
                        outcomes_sought: values.lines("outcomes"),
                    },
                    responsibility: Responsibility {
                        responsible_for: values.lines("responsible_for"),
                        not_responsible_for: values.lines("not_responsible_for"),
                    },
                    conflict: ConflictDeclaration {
                        has_conflict: values.ticked("has_conflict"),
                        measures: values.optional("conflict_measures"),
                    },
                    late_issue_discretion: None,
                })
            });
            Built::from(b, "Acknowledge and define the complaint", caption, "Acknowledge", intent)
        }
        "extend" => {
            let days = b.number("working_days", "Working days to extend by", "", true);
            b.add("reason", "Reason for the extension", "As explained to the resident", Widget::Textarea);
            b.add(
                "resident_informed",
                "The resident was told of the extension, its reasons and the new date",
                "",
                Widget::Checkbox,
            );
            b.add(
                "ombudsman_details_given",
                "The resident was given the Ombudsman's contact details",
                "",
                Widget::Checkbox,
            );
            let interval = b.number(
                "update_interval",
                "Update interval agreed with the resident, in working days",
                "If not agreed already",
                false,
            );
            b.add(
                "good_reason",
                "Good reason for going beyond the Code's limit",
                "Only if the extension does",
                Widget::Textarea,
            );
            let intent = days.map(|working_days| {
                Intent::Act(Command::Extend {
                    stage,
                    working_days,
                    reason: values.text("reason"),
                    resident_informed: values.ticked("resident_informed"),
                    ombudsman_details_given: values.ticked("ombudsman_details_given"),
                    good_reason: values.optional("good_reason"),
                    update_interval: interval,
                })
            });
            Built::from(b, "Extend the response deadline", caption, "Extend", intent)
        }
        "respond" => respond_form(b, view, staff, stage, caption),
        "escalate" => {
            b.add("reason", "The resident's reasons", "They need not give any (Code 6.12)", Widget::Textarea);
            let intent = Some(Intent::Act(Command::RequestEscalation { reason: values.optional("reason") }));
            Built::from(b, "Escalate to stage 2", caption, "Escalate", intent)
        }
        "close" => {
            b.add("root_cause", "Root cause", "", Widget::Textarea);
            b.add("improvement_needed", "A service improvement is needed", "", Widget::Checkbox);
            b.add("improvement_actions", "Improvement actions", "One per line", Widget::Textarea);
            let intent = Some(Intent::Act(Command::Close {
                learning: Learning {
                    root_cause: values.text("root_cause"),
                    improvement_needed: values.ticked("improvement_needed"),
                    improvement_actions: values.lines("improvement_actions"),
                },
            }));
            Built::from(b, "Close the complaint", caption, "Close", intent)
        }
        "not-accept" => {
            let ground = ground_fields(&mut b);
            b.add(
                "discretion",
                "Why discretion was not used to accept it",
                "Only for an issue over 12 months old (Code 2.3)",
                Widget::Textarea,
            );
            b.add(
                "told",
                "The resident was told the reasons and of their right to take the decision to the Ombudsman",
                "",
                Widget::Checkbox,
            );
            let intent = ground.map(|ground| {
                Intent::Act(Command::NotAccept {
                    ground,
                    reasons: values.text("reasons"),
                    discretion: values.optional("discretion"),
                    resident_told_of_ombudsman_right: values.ticked("told"),
                })
            });
            Built::from(b, "Do not accept the complaint", caption, "Do not accept", intent)
        }
        "refuse-escalation" => {
            let ground = ground_fields(&mut b);
            b.add(
                "told",
                "The resident was told the reasons and of their right to go to the Ombudsman",
                "",
                Widget::Checkbox,
            );
            let intent = ground.map(|ground| {
                Intent::Act(Command::RefuseEscalation {
                    ground,
                    reasons: values.text("reasons"),
                    resident_told_of_ombudsman_right: values.ticked("told"),
                })
            });
            Built::from(b, "Refuse to escalate", caption, "Refuse", intent)
        }
        "add-points" => {
            b.add("points", "New points of complaint", "One point per line", Widget::Textarea);
            let intent = Some(Intent::Act(Command::AddPoints { points: values.lines("points") }));
            Built::from(b, "Add points to the complaint", caption, "Add points", intent)
        }
        "offer-remedy" => {
            let kind = b.choose(
                "kind",
                "Kind of remedy",
                "",
                Widget::Radios(pairs(&REMEDY_KINDS)),
                "Select the kind of remedy",
            );
            b.add("description", "What will be done", "", Widget::Textarea);
            let amount = b.pounds("amount", "Amount, in pounds", "For a financial remedy, for example 150.00");
            let due = b.date("due", "To be carried out by", "For example, 27 3 2025", false);
            let intent = kind.as_deref().and_then(variant::<RemedyKind>).map(|kind| {
                Intent::Act(Command::OfferRemedy {
                    offer: RemedyOffer { kind, description: values.text("description"), amount_pence: amount, due },
                })
            });
            Built::from(b, "Offer a remedy", caption, "Offer remedy", intent)
        }
        "add-action" => {
            b.add("description", "What is to be done", "The action is yours to own", Widget::Textarea);
            let due = b.date("due", "Due by", "For example, 27 3 2025", true);
            let intent = due.map(|due| {
                Intent::Act(Command::AddAction {
                    plan: ActionPlan {
                        description: values.text("description"),
                        owner: UserId(staff.actor.user_id.clone()),
                        due,
                    },
                })
            });
            Built::from(b, "Add an action", caption, "Add action", intent)
        }
        "refer" => {
            b.add("case_reference", "The Ombudsman's case reference", "If known", Widget::Text);
            let intent =
                Some(Intent::Act(Command::ReferToOmbudsman { case_reference: values.optional("case_reference") }));
            Built::from(b, "Record a referral to the Ombudsman", caption, "Record referral", intent)
        }
        "determination" => {
            b.add(
                "aspect",
                "Aspect of the complaint",
                "The finding's aspect, as the determination words it",
                Widget::Text,
            );
            let outcome = b.choose(
                "outcome",
                "The Ombudsman's finding",
                "",
                Widget::Radios(pairs(&OMBUDSMAN_OUTCOMES)),
                "Select the finding",
            );
            b.add("order-heading", "Order or recommendation", "If the Ombudsman made one", Widget::Heading);
            let kind = b.choose(
                "order_kind",
                "Order or recommendation",
                "",
                Widget::Radios(pairs(&[
                    ("none", "Neither"),
                    ("order", "An order"),
                    ("recommendation", "A recommendation"),
                ])),
                "Select whether there is an order or recommendation",
            );
            b.add("order_description", "What the landlord is to do", "", Widget::Textarea);
            let order_due = b.date("order_due", "Due by", "If the order sets a date. For example, 27 3 2025", false);
            let orders: Vec<OrderTerms> = kind
                .as_deref()
                .and_then(variant::<OrderKind>)
                .map(|kind| OrderTerms { kind, description: values.text("order_description"), due: order_due })
                .into_iter()
                .collect();
            let intent = outcome.as_deref().and_then(variant::<OmbudsmanOutcome>).map(|outcome| {
                Intent::Act(Command::RecordDetermination {
                    findings: vec![Finding { aspect: values.text("aspect"), outcome }],
                    orders,
                })
            });
            Built::from(b, "Record the Ombudsman's determination", caption, "Record determination", intent)
        }
        other => {
            if let Some(id) = other.strip_prefix("complete-remedy-") {
                let remedy = view.complaint.remedies.iter().find(|r| r.id == id).ok_or_else(PageError::not_found)?;
                b.add("remedy", &format!("Remedy {id}"), &remedy.description, Widget::Heading);
                b.add("note", "How the remedy was carried out", "", Widget::Textarea);
                let intent =
                    Some(Intent::Act(Command::CompleteRemedy { id: id.to_owned(), note: values.text("note") }));
                Built::from(b, &format!("Complete remedy {id}"), caption, "Complete remedy", intent)
            } else if let Some(id) = other.strip_prefix("complete-action-") {
                let action = view.complaint.actions.iter().find(|a| a.id == id).ok_or_else(PageError::not_found)?;
                b.add("action", &format!("Action {id}"), &action.description, Widget::Heading);
                let intent = Some(Intent::Act(Command::CompleteAction { id: id.to_owned() }));
                Built::from(b, &format!("Complete action {id}"), caption, "Complete action", intent)
            } else {
                return Err(PageError::not_found());
            }
        }
    };
    Ok(built)
}

fn respond_form(mut b: Builder<'_>, view: &ComplaintView, staff: &Staff, stage: StageNumber, caption: String) -> Built {
    let values = b.values;
    let decision =
        b.choose("decision", "Decision on the complaint", "", Widget::Radios(pairs(&DECISIONS)), "Select the decision");
    let points = view
        .complaint
        .current_stage()
        .acknowledgement
        .as_ref()
        .map(|a| a.definition.points.clone())
        .unwrap_or_default();
    let mut decisions = Vec::new();
    for point in &points {
        b.add(&format!("point-{}", point.id), &format!("Point {}", point.id), &point.text, Widget::Heading);
        let id = format!("decision-{}", point.id);
        let chosen = b.choose(
            &id,
            &format!("Decision on point {}", point.id),
            "",
            Widget::Radios(pairs(&DECISIONS)),
            &format!("Select the decision on point {}", point.id),
        );
        let reasons_id = format!("reasons-{}", point.id);
        b.add(&reasons_id, &format!("Reasons for the decision on point {}", point.id), "", Widget::Textarea);
        if let Some(decision) = chosen.as_deref().and_then(variant::<Decision>) {
            decisions.push(PointDecision { point: point.id.clone(), decision, reasons: values.text(&reasons_id) });
        }
    }
    b.add("remedy-heading", "Remedy", "", Widget::Heading);
    let remedy = b.choose(
        "remedy",
        "Is a remedy offered?",
        "",
        Widget::Radios(pairs(&[("offered", "Yes, a remedy is offered"), ("none", "No remedy")])),
        "Select whether a remedy is offered",
    );
    let kind =
        b.add("remedy_kind", "Kind of remedy", "If one is offered", Widget::Select(pairs(&REMEDY_KINDS))).value.clone();
    b.add("remedy_description", "What will be done", "If a remedy is offered", Widget::Textarea);
    let remedy_due =
        b.date("remedy_due", "Remedy to be carried out by", "If one is offered. For example, 27 3 2025", false);
    b.add("no_remedy_reason", "Why no remedy is offered", "If none is", Widget::Textarea);
    let remedy = match remedy.as_deref() {
        Some("offered") => match variant::<RemedyKind>(&kind) {
            Some(kind) => Some(RemedyOutcome::Offered {
                remedies: vec![RemedyOffer {
                    kind,
                    description: values.text("remedy_description"),
                    amount_pence: None,
                    due: remedy_due,
                }],
            }),
            None => {
                b.fail("remedy_kind", "remedy_kind", "Select the kind of remedy");
                None
            }
        },
        Some(_) => Some(RemedyOutcome::NoRemedy { reason: values.text("no_remedy_reason") }),
        None => None,
    };
    b.add("outstanding-heading", "Outstanding actions", "", Widget::Heading);
    let outstanding = b.choose(
        "outstanding",
        "Are any actions outstanding?",
        "",
        Widget::Radios(pairs(&[("none", "None"), ("some", "Yes")])),
        "Select whether any actions are outstanding",
    );
    b.add("action_description", "Outstanding action", "If there is one; it is yours to own", Widget::Textarea);
    let due = b.date("action_due", "Outstanding action due by", "For example, 27 3 2025", false);
    let outstanding = match outstanding.as_deref() {
        Some("some") => match due {
            Some(due) => Some(Outstanding::Actions {
                actions: vec![ActionPlan {
                    description: values.text("action_description"),
                    owner: UserId(staff.actor.user_id.clone()),
                    due,
                }],
            }),
            None => {
                if b.errors.iter().all(|e| e.field != "action_due-day") {
                    b.fail("action_due", "action_due-day", "Enter the date the outstanding action is due by");
                }
                None
            }
        },
        Some(_) => Some(Outstanding::None),
        None => None,
    };
    b.add(
        "escalation_details",
        "How to escalate",
        "To stage 2, or from stage 2 to the Housing Ombudsman",
        Widget::Textarea,
    );
    let intent = Some(Intent::Act(Command::Respond {
        stage,
        decision: decision.as_deref().and_then(variant::<Decision>),
        decisions,
        remedy,
        outstanding,
        escalation_details: values.optional("escalation_details"),
    }));
    Built::from(b, "Record the response", caption, "Send response", intent)
}

pub(super) fn show_form(staff: &Staff, built: Built, action: String, back: String, status: StatusCode) -> Response {
    let mut layout = staff.layout(built.title, built.section);
    let errors = built.errors;
    layout.has_errors = !errors.is_empty();
    let page =
        FormPage { layout, errors, caption: built.caption, action, back, fields: built.fields, button: built.button };
    render(status, &page)
}

/// Renders a form again with an error from the application.
pub(super) fn refused(staff: &Staff, mut built: Built, error: AppError, action: String, back: String) -> Response {
    let (status, field, message) = match error {
        AppError::Refused(refusal) => (StatusCode::UNPROCESSABLE_ENTITY, built.first.clone(), refusal.to_string()),
        AppError::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, built.first.clone(), message),
        AppError::NotFound(what @ ("handler" | "resident")) => {
            let message = format!("Select a {what} from the list");
            if let Some(f) = built.fields.iter_mut().find(|f| f.id == what) {
                f.error = message.clone();
            }
            (StatusCode::UNPROCESSABLE_ENTITY, what.to_owned(), message)
        }
        other => return PageError::from(other).into_response(),
    };
    built.errors.push(FormError { field, message });
    show_form(staff, built, action, back, status)
}

/// `GET /cases/new`.
pub(crate) async fn new_case(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    staff.actor.require_change()?;
    let built = log_form(&state, &staff, &Values::default()).await?.blank();
    Ok(show_form(&staff, built, "/cases/new".into(), "/cases".into(), StatusCode::OK))
}

/// `POST /cases/new`.
pub(crate) async fn log_case(
    State(state): State<AppState>,
    staff: Staff,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require_change()?;
    let mut built = log_form(&state, &staff, &Values(values)).await?;
    let Some(Intent::Log(intake)) = built.intent.take() else {
        return Ok(show_form(&staff, built, "/cases/new".into(), "/cases".into(), StatusCode::BAD_REQUEST));
    };
    match state.app().log_complaint(&staff.actor, *intake, None).await {
        Ok(view) => Ok(Redirect::to(&format!("/cases/{}", view.id)).into_response()),
        Err(error) => Ok(refused(&staff, built, error, "/cases/new".into(), "/cases".into())),
    }
}

/// `GET /cases/{id}/{action}`.
pub(crate) async fn action(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    staff.actor.require_change()?;
    let view = state.app().complaint(&staff.actor, &id).await?;
    let built = action_form(&state, &staff, &view, &action, &Values::default()).await?.blank();
    Ok(show_form(&staff, built, format!("/cases/{id}/{action}"), format!("/cases/{id}"), StatusCode::OK))
}

/// `POST /cases/{id}/{action}`.
pub(crate) async fn act(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    Form(values): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    staff.actor.require_change()?;
    let view = state.app().complaint(&staff.actor, &id).await?;
    let mut built = action_form(&state, &staff, &view, &action, &Values(values)).await?;
    let (path, back) = (format!("/cases/{id}/{action}"), format!("/cases/{id}"));
    let Some(Intent::Act(command)) = built.intent.take() else {
        return Ok(show_form(&staff, built, path, back, StatusCode::BAD_REQUEST));
    };
    match state.app().act(&staff.actor, &id, command, None).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(error) => Ok(refused(&staff, built, error, path, back)),
    }
}
