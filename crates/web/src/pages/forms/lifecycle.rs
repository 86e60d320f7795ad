//! The one-page lifecycle forms: every action on a case but its
//! response (`respond.rs`) and correspondence (`correspondence.rs`). Each action's form is
//! one arm of [`action_form`], chosen by the command it issues (the domain's [`Allowed`],
//! which its route makes: see `case_forms.rs`); the case page links to those
//! [`allowed_actions`] allows.
//!
//! Forms with repeated groups (the determination's findings and orders) show one row per
//! group to begin with and an "add another" button that posts the form back with one more
//! row (see [`Builder::rows`]).

use redress_app::{Actor, ComplaintView};
use redress_domain::complaint::{
    Acknowledge, ActionPlan, AddPoints, AgreeUpdateInterval, Allowed, Channel, Command, CompleteAction, CompleteRemedy,
    ConflictDeclaration, DefinitionInput, ExclusionGround, Finding, Item, Learning, Logged, NotAccept,
    OmbudsmanOutcome, OrderKind, OrderTerms, RecordDetermination, RecordOrderCompliance, ReferToOmbudsman,
    RefuseEscalation, RemedyKind, RemedyOffer, RequestEscalation, Responsibility, StageNumber, UpdateAction,
};
use redress_domain::ids::UserId;

use super::case_forms::link;
use super::fields::variant;
use super::options::{channels, grounds, ombudsman_outcomes, order_kinds, remedy_kinds};
use super::when::Bounds;
use super::{Builder, Built, Intent, Values, Widget};
use crate::AppState;
use crate::pages::cases::long_date;
use crate::pages::{PageError, Staff};

/// The ground radios, the policy's wording and the reasons, shared by not accepting a complaint
/// and refusing to escalate it; the ground, if one was chosen. `listed` is the policy's further
/// grounds as kept in Settings (Code 2.2): once there are any, the policy's ground is chosen from
/// them; until then it is typed.
async fn ground_fields(
    state: &AppState,
    staff: &Staff,
    b: &mut Builder<'_>,
) -> Result<Option<ExclusionGround>, PageError> {
    let listed = state.app().policy_grounds(&staff.actor).await?;
    let values = b.values;
    let ground = b.choose("ground", "Ground", "", Widget::Radios(grounds()), "Select the ground");
    let (hint, widget) = if listed.is_empty() {
        ("If another ground in the policy", Widget::Text)
    } else {
        let options = listed.into_iter().map(|g| (g.clone(), g)).collect();
        ("If another ground in the policy: one of those it lists", Widget::Select(options))
    };
    b.add("policy_ground", "The ground as the complaints policy words it", hint, widget);
    b.add(
        "earlier_complaint",
        "The earlier complaint that considered the matter",
        "If considered before: its reference, like CMP-2024-000012",
        Widget::Text,
    );
    b.add("reasons", "Reasons", "For this complaint, as explained to the resident", Widget::Textarea);
    let Some(ground) = ground else { return Ok(None) };
    Ok(Some(match ground.as_str() {
        "issue_over_twelve_months_old" => ExclusionGround::IssueOverTwelveMonthsOld,
        "legal_proceedings_started" => ExclusionGround::LegalProceedingsStarted,
        "previously_considered" => {
            let earlier_complaint = match values.optional("earlier_complaint") {
                None => None,
                Some(reference) => {
                    let found = state.app().complaint_id_by_reference(&staff.actor, &reference).await?;
                    if found.is_none() {
                        b.fail(
                            "earlier_complaint",
                            "earlier_complaint",
                            "Enter the reference of one of our complaints",
                        );
                    }
                    found
                }
            };
            ExclusionGround::PreviouslyConsidered { earlier_complaint }
        }
        _ => ExclusionGround::PolicyGround { ground: values.text("policy_ground") },
    }))
}

/// Why Code 2.3's question is asked: the date the 12 months count from and the date received.
fn late_issue_hint(logged: &Logged) -> String {
    format!(
        "The issue occurred, or the resident became aware of it, on {}: over 12 months before the complaint \
         was received on {}. Code 2.3: consider using discretion to accept it where there are good reasons.",
        long_date(logged.issue_counts_from()),
        long_date(logged.received_on),
    )
}

/// The forms for the commands the complaint's state allows now ([`Complaint::allowed`], which
/// the domain decides), as `(href, label)`; for an agent's staff, not passing the complaint
/// on, which only the landlord's staff do.
///
/// [`Complaint::allowed`]: redress_domain::complaint::Complaint::allowed
pub(crate) fn allowed_actions(view: &ComplaintView, actor: &Actor) -> Vec<(String, String)> {
    let allowed = view.complaint.allowed();
    let offered = allowed.iter().filter(|a| !(actor.scope.is_agent() && **a == Allowed::PassHandling));
    offered.map(|allowed| link(&view.id, allowed)).collect()
}

/// The values a form starts with: the determination's findings, one per point of the
/// complaint's latest definition, with the point's text as the finding's aspect.
pub(super) fn initial_values(view: &ComplaintView, command: &Allowed) -> Values {
    if *command != Allowed::RecordDetermination {
        return Values::default();
    }
    let complaint = &view.complaint;
    let definition = complaint.current_stage().acknowledgement.as_ref().or(complaint.stage1.acknowledgement.as_ref());
    let points = definition.map(|a| a.definition.points.as_slice()).unwrap_or_default();
    let mut values: Vec<(String, String)> =
        points.iter().enumerate().map(|(i, p)| (format!("finding-{}-aspect", i + 1), p.text.clone())).collect();
    values.push(("finding_rows".into(), points.len().max(1).to_string()));
    Values(values)
}

/// The one-page form of the case for `command`; not found for an item the case does not have,
/// and for the commands whose forms are pages of their own.
pub(super) async fn action_form(
    state: &AppState,
    staff: &Staff,
    view: &ComplaintView,
    command: &Allowed,
    values: &Values,
) -> Result<Built, PageError> {
    let stage: StageNumber = view.complaint.current_stage().number;
    let logged = &view.complaint.logged;
    let caption = format!("Complaint {}, stage {}", view.reference, view.stage);
    let bounds = Bounds { now: state.app().now(), received: Some(view.complaint.logged.received_at) };
    let mut b = Builder::new(values);
    let built = match command {
        Allowed::Acknowledge => {
            // Only people who may change cases: a read-only role could not act (the domain
            // refuses one named through the API); at stage 2, nobody who took part in stage 1.
            let handlers = state.app().handler_choices(&staff.actor).await?;
            let complaint = &view.complaint;
            let handlers = handlers
                .into_iter()
                .filter(|(id, _)| complaint.may_handle(stage, id))
                .map(|(id, name)| (id.to_string(), name))
                .collect();
            let hint = match stage {
                StageNumber::One => "",
                StageNumber::Two => "People who took part in stage 1 are not listed (Code 6.13)",
            };
            let handler =
                b.choose("handler", "Complaint handler", hint, Widget::Select(handlers), "Select the handler");
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
            // Code 2.3: accepting a complaint about an issue over 12 months old is a use of
            // discretion, recorded with its reasons; asked only when it applies.
            if stage == StageNumber::One && logged.issue_over_twelve_months_old() {
                b.add(
                    "late_issue_discretion",
                    "Why discretion is used to accept this complaint",
                    &late_issue_hint(logged),
                    Widget::Textarea,
                );
            }
            let stated = b.stated("acknowledged", &bounds, true);
            let intent = handler.map(|handler| {
                Intent::Act(Command::Acknowledge(Acknowledge {
                    stage,
                    // One of the staff ids the list offered, read from the database.
                    handler: UserId::trusted(handler),
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
                    late_issue_discretion: values.optional("late_issue_discretion"),
                }))
            });
            Built::from(b, "Acknowledge and define the complaint", caption, "Acknowledge", intent).stated(stated)
        }
        Allowed::Reassign => return super::reassign::form(state, staff, view, b, caption).await,
        Allowed::PassHandling => return super::pass::form(state, staff, view, b, caption).await,
        Allowed::Escalate => {
            let channel = b.choose(
                "channel",
                "How did the resident ask?",
                "Residents may ask by any of the ways they can complain (Code 3.1)",
                Widget::Radios(channels()),
                "Select how the resident asked for stage 2",
            );
            b.add("reason", "The resident's reasons", "They need not give any (Code 6.12)", Widget::Textarea);
            let stated = b.stated("the resident asked", &bounds, false);
            let intent = channel.as_deref().and_then(variant::<Channel>).map(|channel| {
                Intent::Act(Command::RequestEscalation(RequestEscalation {
                    reason: values.optional("reason"),
                    channel: Some(channel),
                }))
            });
            Built::from(b, "Escalate to stage 2", caption, "Escalate", intent).stated(stated)
        }
        Allowed::Close => {
            b.add("root_cause", "Root cause", "", Widget::Textarea);
            b.add("improvement_needed", "A service improvement is needed", "", Widget::Checkbox);
            b.add("improvement_actions", "Improvement actions", "One per line", Widget::Textarea);
            let intent = Some(Intent::Act(Command::Close(Learning {
                root_cause: values.text("root_cause"),
                improvement_needed: values.ticked("improvement_needed"),
                improvement_actions: values.lines("improvement_actions"),
            })));
            Built::from(b, "Close the complaint", caption, "Close", intent)
        }
        Allowed::NotAccept => {
            let ground = ground_fields(state, staff, &mut b).await?;
            if logged.issue_over_twelve_months_old() {
                b.add(
                    "discretion",
                    "Why discretion was not used to accept it",
                    &format!("If not accepted because of its age. {}", late_issue_hint(logged)),
                    Widget::Textarea,
                );
            }
            b.ombudsman_details(
                "The resident is told the reasons and of their right to take the decision to the Housing Ombudsman, with its contact details from the organisation's settings (Code 2.4):",
                &state.app().letter_details(&staff.actor).await?.ombudsman,
            );
            let stated = b.stated("decided", &bounds, true);
            let intent = ground.map(|ground| {
                Intent::Act(Command::NotAccept(NotAccept {
                    ground,
                    reasons: values.text("reasons"),
                    discretion: values.optional("discretion"),
                }))
            });
            Built::from(b, "Do not accept the complaint", caption, "Do not accept", intent).stated(stated)
        }
        Allowed::RefuseEscalation => {
            let ground = ground_fields(state, staff, &mut b).await?;
            b.ombudsman_details(
                "The resident is told the reasons and of their right to go to the Housing Ombudsman, with its contact details from the organisation's settings (Code 2.4, 5.11):",
                &state.app().letter_details(&staff.actor).await?.ombudsman,
            );
            let stated = b.stated("refused", &bounds, true);
            let intent = ground.map(|ground| {
                Intent::Act(Command::RefuseEscalation(RefuseEscalation { ground, reasons: values.text("reasons") }))
            });
            Built::from(b, "Refuse to escalate", caption, "Refuse", intent).stated(stated)
        }
        Allowed::AddPoints => {
            b.add("points", "New points of complaint", "One point per line", Widget::Textarea);
            let intent = Some(Intent::Act(Command::AddPoints(AddPoints { points: values.lines("points") })));
            Built::from(b, "Add points to the complaint", caption, "Add points", intent)
        }
        Allowed::OfferRemedy => {
            let kind =
                b.choose("kind", "Kind of remedy", "", Widget::Radios(remedy_kinds()), "Select the kind of remedy");
            b.add("description", "What will be done", "", Widget::Textarea);
            let amount = b.pounds("amount", "Amount, in pounds", "For a financial remedy, for example 150.00");
            let due = b.date("due", "To be carried out by", "For example, 27 3 2025", false);
            let intent = kind.as_deref().and_then(variant::<RemedyKind>).map(|kind| {
                Intent::Act(Command::OfferRemedy(RemedyOffer {
                    kind,
                    description: values.text("description"),
                    amount_pence: amount,
                    due,
                }))
            });
            Built::from(b, "Offer a remedy", caption, "Offer remedy", intent)
        }
        Allowed::AddAction => {
            b.add("description", "What is to be done", "The action is yours to own", Widget::Textarea);
            let due = b.date("due", "Due by", "For example, 27 3 2025", true);
            let intent = due.map(|due| {
                Intent::Act(Command::AddAction(ActionPlan {
                    description: values.text("description"),
                    owner: staff.actor.user_id.clone(),
                    due,
                }))
            });
            Built::from(b, "Add an action", caption, "Add action", intent)
        }
        Allowed::ReferToOmbudsman => {
            b.add("case_reference", "The Ombudsman's case reference", "If known", Widget::Text);
            let intent = Some(Intent::Act(Command::ReferToOmbudsman(ReferToOmbudsman {
                case_reference: values.optional("case_reference"),
            })));
            Built::from(b, "Record a referral to the Ombudsman", caption, "Record referral", intent)
        }
        Allowed::RecordDetermination => determination_form(b, caption),
        Allowed::UpdateInterval => {
            let every = b.number(
                "every_working_days",
                "Working days between updates",
                "As agreed with the resident (Code 5.9). For example, 5",
                true,
            );
            let intent = every.map(|every_working_days| {
                Intent::Act(Command::AgreeUpdateInterval(AgreeUpdateInterval { stage, every_working_days }))
            });
            Built::from(b, "Agree how often to update the resident", caption, "Record the interval", intent)
        }
        Allowed::CompleteRemedy(id) => {
            let remedy = view.complaint.remedies.iter().find(|r| &r.id == id).ok_or_else(PageError::not_found)?;
            b.add("remedy", &format!("Remedy {id}"), &remedy.description, Widget::Heading);
            b.add("note", "How the remedy was carried out", "", Widget::Textarea);
            let intent = Some(Intent::Act(Command::CompleteRemedy(Item {
                id: id.to_owned(),
                body: CompleteRemedy { note: values.text("note") },
            })));
            Built::from(b, &format!("Complete remedy {id}"), caption, "Complete remedy", intent)
        }
        Allowed::UpdateAction(id) => {
            let action = view.complaint.actions.iter().find(|a| &a.id == id).ok_or_else(PageError::not_found)?;
            b.add("action", &format!("Action {id}"), &action.description, Widget::Heading);
            b.add("note", "Progress on the action", "What has happened since the last update", Widget::Textarea);
            b.add("resident_informed", "The resident was told of this progress", "", Widget::Checkbox);
            let intent = Some(Intent::Act(Command::UpdateAction(Item {
                id: id.to_owned(),
                body: UpdateAction { note: values.text("note"), resident_informed: values.ticked("resident_informed") },
            })));
            Built::from(b, &format!("Update action {id}"), caption, "Record update", intent)
        }
        Allowed::RecordOrderCompliance(id) => {
            let orders = view.complaint.ombudsman.iter().flat_map(|c| &c.determination).flat_map(|d| &d.orders);
            let order = orders.into_iter().find(|o| &o.id == id).ok_or_else(PageError::not_found)?;
            b.add("order", &format!("Order {id}"), &order.description, Widget::Heading);
            b.add("evidence", "Evidence of compliance", "What was done, and the evidence sent", Widget::Textarea);
            let intent = Some(Intent::Act(Command::RecordOrderCompliance(Item {
                id: id.to_owned(),
                body: RecordOrderCompliance { evidence: values.text("evidence") },
            })));
            Built::from(b, &format!("Record compliance with {id}"), caption, "Record compliance", intent)
        }
        Allowed::CompleteAction(id) => {
            let action = view.complaint.actions.iter().find(|a| &a.id == id).ok_or_else(PageError::not_found)?;
            b.add("action", &format!("Action {id}"), &action.description, Widget::Heading);
            let intent =
                Some(Intent::Act(Command::CompleteAction(Item { id: id.to_owned(), body: CompleteAction {} })));
            Built::from(b, &format!("Complete action {id}"), caption, "Complete action", intent)
        }
        // Pages of their own (`respond.rs`, `extend.rs`, `correspondence.rs`): no route brings
        // them here.
        Allowed::Respond | Allowed::Extend | Allowed::RecordCorrespondence => return Err(PageError::not_found()),
    };
    Ok(built)
}

/// The Ombudsman's determination: findings and orders or recommendations, as many of each as
/// the determination has.
fn determination_form(mut b: Builder<'_>, caption: String) -> Built {
    let values = b.values;
    let mut findings = Vec::new();
    for n in 1..=b.rows("finding") {
        let (aspect, outcome) = (format!("finding-{n}-aspect"), format!("finding-{n}-outcome"));
        b.add(&format!("finding-{n}"), &format!("Finding {n}"), "", Widget::Heading);
        b.add(&aspect, "Aspect of the complaint", "As the determination words it", Widget::Text);
        let chosen = values.text(&outcome);
        b.add(&outcome, "The Ombudsman's finding", "", Widget::Select(ombudsman_outcomes()));
        if !values.row_filled("finding", n) {
            continue;
        }
        if values.text(&aspect).is_empty() {
            b.fail(&aspect, &aspect, &format!("Enter the aspect of finding {n}"));
        }
        match variant::<OmbudsmanOutcome>(&chosen) {
            Some(outcome) => findings.push(Finding { aspect: values.text(&aspect), outcome }),
            None => b.fail(&outcome, &outcome, &format!("Select the outcome of finding {n}")),
        }
    }
    b.add("add-finding", "Add another finding", "", Widget::Button);
    let mut orders = Vec::new();
    for n in 1..=b.rows("order") {
        let (kind, description) = (format!("order-{n}-kind"), format!("order-{n}-description"));
        b.add(
            &format!("order-{n}"),
            &format!("Order or recommendation {n}"),
            "If the Ombudsman made any",
            Widget::Heading,
        );
        let chosen = values.text(&kind);
        b.add(&kind, "Order or recommendation", "", Widget::Select(order_kinds()));
        b.add(&description, "What the landlord is to do", "", Widget::Textarea);
        let due = b.date(&format!("order-{n}-due"), "Due by", "If it sets a date. For example, 27 3 2025", false);
        if !values.row_filled("order", n) {
            continue;
        }
        if values.text(&description).is_empty() {
            b.fail(&description, &description, &format!("Enter what the landlord is to do for order {n}"));
        }
        match variant::<OrderKind>(&chosen) {
            Some(kind) => orders.push(OrderTerms { kind, description: values.text(&description), due }),
            None => b.fail(&kind, &kind, &format!("Select whether item {n} is an order or a recommendation")),
        }
    }
    b.add("add-order", "Add another order or recommendation", "", Widget::Button);
    let intent = Some(Intent::Act(Command::RecordDetermination(RecordDetermination { findings, orders })));
    Built::from(b, "Record the Ombudsman's determination", caption, "Record determination", intent)
}
