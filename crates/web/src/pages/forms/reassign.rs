//! `GET`/`POST /cases/{id}/reassign`: name another handler for the stage the complaint is at,
//! with the reason, while it is open.
//!
//! It offers only people who may change cases ([`App::handler_choices`]), the handler now
//! aside. At stage 2 it still offers stage 1's people, as the stage 2 acknowledgement does:
//! the domain refuses them citing Code 6.13, and the form shows the refusal.
//!
//! It does not ask when: a reassignment is a decision made in Redress and takes effect when it
//! is recorded (nothing is counted from it), so the shared "when" widget has nothing to ask.
//!
//! [`App::handler_choices`]: redress_app::App::handler_choices

use redress_app::ComplaintView;
use redress_domain::complaint::{Command, ConflictDeclaration, Reassign, StageNumber};
use redress_domain::ids::UserId;

use super::{Builder, Built, Intent, Widget};
use crate::AppState;
use crate::pages::{PageError, Staff};

/// The form, built on `b` (with the values posted, if any).
pub(super) async fn form(
    state: &AppState,
    staff: &Staff,
    view: &ComplaintView,
    mut b: Builder<'_>,
    caption: String,
) -> Result<Built, PageError> {
    let values = b.values;
    let stage = view.complaint.current_stage();
    let current = stage.handler().map(UserId::to_string).unwrap_or_default();
    let (choices, names) =
        tokio::try_join!(state.app().handler_choices(&staff.actor), state.app().staff_names(&staff.actor))?;
    let now = names.get(&current).cloned().unwrap_or_else(|| current.clone());
    b.add("current", &format!("Handled now by {now}"), "", Widget::Heading);
    let complaint = &view.complaint;
    let others = choices
        .into_iter()
        .filter(|(id, _)| id.as_str() != current && complaint.may_handle(stage.number, id))
        .map(|(id, name)| (id.to_string(), name));
    let hint = match stage.number {
        StageNumber::One => "Only people whose role may change cases",
        StageNumber::Two => "Only people whose role may change cases and who took no part in stage 1 (Code 6.13)",
    };
    let handler = b.choose("handler", "New handler", hint, Widget::Select(others.collect()), "Select the new handler");
    b.add("reason", "Why the handler changes", "This is kept on the case's record", Widget::Textarea);
    let reason = values.text("reason");
    if reason.is_empty() {
        b.fail("reason", "reason", "Enter why the handler changes");
    }
    b.add("has_conflict", "The new handler has a conflict of interest", "", Widget::Checkbox);
    b.add("conflict_measures", "Measures taken about the conflict of interest", "", Widget::Textarea);
    let intent = handler.map(|handler| {
        Intent::Act(Command::Reassign(Reassign {
            stage: stage.number,
            // One of the staff ids the list offered, read from the database.
            handler: UserId::trusted(handler),
            reason,
            conflict: ConflictDeclaration {
                has_conflict: values.ticked("has_conflict"),
                measures: values.optional("conflict_measures"),
            },
        }))
    });
    Ok(Built::from(b, "Reassign the handler", caption, "Reassign", intent))
}
