//! The forms of a case, one route each: [`CaseForm`] names them, gives each its path, and
//! ties it to the kind of command it issues (the domain's [`Allowed`]), both ways: a form's
//! route and item make the command the form is built for, and each command the domain
//! allows makes the link to its form. No path is written anywhere else, so a link cannot
//! be misspelt and no handler routes by a string.

use redress_domain::complaint::Allowed;
use redress_domain::ids::ComplaintId;
use serde::Deserialize;

/// A form of a case, by the kind of command it issues. Those acting on an item (a remedy,
/// an action, an order) take its id from their path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseForm {
    /// Acknowledge the stage and define the complaint.
    Acknowledge,
    /// Name another handler for the stage: a form of its own (`reassign.rs`).
    Reassign,
    /// Pass the complaint to another organisation to handle: a form of its own (`pass.rs`).
    PassHandling,
    /// Decide not to accept the complaint.
    NotAccept,
    /// Refuse to escalate.
    RefuseEscalation,
    /// Extend the response deadline: two steps of its own (`extend.rs`).
    Extend,
    /// Record the stage's response: a task list of its own (`respond/`), each task a route of its own.
    Respond,
    /// Add points to the complaint.
    AddPoints,
    /// Agree how often to update the resident.
    UpdateInterval,
    /// Offer a remedy.
    OfferRemedy,
    /// Add an action.
    AddAction,
    /// Escalate to stage 2.
    Escalate,
    /// Close the complaint.
    Close,
    /// Complete a remedy.
    CompleteRemedy,
    /// Record progress on an action.
    UpdateAction,
    /// Complete an action.
    CompleteAction,
    /// Record a referral to the Ombudsman.
    Refer,
    /// Record the Ombudsman's determination.
    Determination,
    /// Record compliance with an order of the Ombudsman.
    ComplyOrder,
    /// Record correspondence: a form with attachments of its own (`correspondence.rs`).
    Correspondence,
}

/// The path of a case form: the case's id (or reference), and the item's id for a form that
/// acts on one.
#[derive(Debug, Deserialize)]
pub(crate) struct FormPath {
    /// The case.
    pub id: ComplaintId,
    /// The remedy, action or order, for the forms acting on one.
    pub item: Option<String>,
}

impl CaseForm {
    /// The one-page forms, built by `lifecycle.rs` (reassigning by `reassign.rs`, passing to
    /// another organisation by `pass.rs`): all but the response's task list, the extension's
    /// two steps and correspondence.
    pub(crate) const ONE_PAGE: [CaseForm; 17] = [
        CaseForm::Acknowledge,
        CaseForm::Reassign,
        CaseForm::PassHandling,
        CaseForm::NotAccept,
        CaseForm::RefuseEscalation,
        CaseForm::AddPoints,
        CaseForm::UpdateInterval,
        CaseForm::OfferRemedy,
        CaseForm::AddAction,
        CaseForm::Escalate,
        CaseForm::Close,
        CaseForm::CompleteRemedy,
        CaseForm::UpdateAction,
        CaseForm::CompleteAction,
        CaseForm::Refer,
        CaseForm::Determination,
        CaseForm::ComplyOrder,
    ];

    /// Its route, as axum writes it (`{item}` in those acting on an item).
    pub(crate) const fn path(self) -> &'static str {
        match self {
            CaseForm::Acknowledge => "/cases/{id}/acknowledge",
            CaseForm::Reassign => "/cases/{id}/reassign",
            CaseForm::PassHandling => "/cases/{id}/pass",
            CaseForm::NotAccept => "/cases/{id}/not-accept",
            CaseForm::RefuseEscalation => "/cases/{id}/refuse-escalation",
            CaseForm::Extend => "/cases/{id}/extend",
            CaseForm::Respond => "/cases/{id}/respond",
            CaseForm::AddPoints => "/cases/{id}/add-points",
            CaseForm::UpdateInterval => "/cases/{id}/update-interval",
            CaseForm::OfferRemedy => "/cases/{id}/offer-remedy",
            CaseForm::AddAction => "/cases/{id}/add-action",
            CaseForm::Escalate => "/cases/{id}/escalate",
            CaseForm::Close => "/cases/{id}/close",
            CaseForm::CompleteRemedy => "/cases/{id}/complete-remedy-{item}",
            CaseForm::UpdateAction => "/cases/{id}/update-action-{item}",
            CaseForm::CompleteAction => "/cases/{id}/complete-action-{item}",
            CaseForm::Refer => "/cases/{id}/refer",
            CaseForm::Determination => "/cases/{id}/determination",
            CaseForm::ComplyOrder => "/cases/{id}/comply-order-{item}",
            CaseForm::Correspondence => "/cases/{id}/correspondence",
        }
    }

    /// The form's address for case `id` (and `item`, for a form acting on one).
    pub(crate) fn href(self, id: &str, item: Option<&str>) -> String {
        self.path().replace("{id}", id).replace("{item}", item.unwrap_or_default())
    }

    /// The command the form issues, on `item` for those acting on one; `None` if the item
    /// is missing.
    pub(crate) fn command(self, item: Option<String>) -> Option<Allowed> {
        Some(match self {
            CaseForm::Acknowledge => Allowed::Acknowledge,
            CaseForm::Reassign => Allowed::Reassign,
            CaseForm::PassHandling => Allowed::PassHandling,
            CaseForm::NotAccept => Allowed::NotAccept,
            CaseForm::RefuseEscalation => Allowed::RefuseEscalation,
            CaseForm::Extend => Allowed::Extend,
            CaseForm::Respond => Allowed::Respond,
            CaseForm::AddPoints => Allowed::AddPoints,
            CaseForm::UpdateInterval => Allowed::UpdateInterval,
            CaseForm::OfferRemedy => Allowed::OfferRemedy,
            CaseForm::AddAction => Allowed::AddAction,
            CaseForm::Escalate => Allowed::Escalate,
            CaseForm::Close => Allowed::Close,
            CaseForm::CompleteRemedy => Allowed::CompleteRemedy(item?),
            CaseForm::UpdateAction => Allowed::UpdateAction(item?),
            CaseForm::CompleteAction => Allowed::CompleteAction(item?),
            CaseForm::Refer => Allowed::ReferToOmbudsman,
            CaseForm::Determination => Allowed::RecordDetermination,
            CaseForm::ComplyOrder => Allowed::RecordOrderCompliance(item?),
            CaseForm::Correspondence => Allowed::RecordCorrespondence,
        })
    }

    /// The form for a command, with the item it acts on, if any.
    pub(crate) fn of(allowed: &Allowed) -> (CaseForm, Option<&str>) {
        match allowed {
            Allowed::Acknowledge => (CaseForm::Acknowledge, None),
            Allowed::Reassign => (CaseForm::Reassign, None),
            Allowed::PassHandling => (CaseForm::PassHandling, None),
            Allowed::NotAccept => (CaseForm::NotAccept, None),
            Allowed::RefuseEscalation => (CaseForm::RefuseEscalation, None),
            Allowed::Extend => (CaseForm::Extend, None),
            Allowed::Respond => (CaseForm::Respond, None),
            Allowed::AddPoints => (CaseForm::AddPoints, None),
            Allowed::UpdateInterval => (CaseForm::UpdateInterval, None),
            Allowed::OfferRemedy => (CaseForm::OfferRemedy, None),
            Allowed::AddAction => (CaseForm::AddAction, None),
            Allowed::Escalate => (CaseForm::Escalate, None),
            Allowed::Close => (CaseForm::Close, None),
            Allowed::CompleteRemedy(id) => (CaseForm::CompleteRemedy, Some(id)),
            Allowed::UpdateAction(id) => (CaseForm::UpdateAction, Some(id)),
            Allowed::CompleteAction(id) => (CaseForm::CompleteAction, Some(id)),
            Allowed::ReferToOmbudsman => (CaseForm::Refer, None),
            Allowed::RecordDetermination => (CaseForm::Determination, None),
            Allowed::RecordOrderCompliance(id) => (CaseForm::ComplyOrder, Some(id)),
            Allowed::RecordCorrespondence => (CaseForm::Correspondence, None),
        }
    }

    /// What the case page's link to the form says, for `item` in those acting on one.
    fn label(self, item: Option<&str>) -> String {
        let item = item.unwrap_or_default();
        match self {
            CaseForm::Acknowledge => "Acknowledge and define the complaint".into(),
            CaseForm::Reassign => "Reassign the handler".into(),
            CaseForm::PassHandling => "Pass to another organisation".into(),
            CaseForm::NotAccept => "Do not accept the complaint".into(),
            CaseForm::RefuseEscalation => "Refuse to escalate".into(),
            CaseForm::Extend => "Extend the response deadline".into(),
            CaseForm::Respond => "Record the response".into(),
            CaseForm::AddPoints => "Add points to the complaint".into(),
            CaseForm::UpdateInterval => "Agree how often to update the resident".into(),
            CaseForm::OfferRemedy => "Offer a remedy".into(),
            CaseForm::AddAction => "Add an action".into(),
            CaseForm::Escalate => "Escalate to stage 2".into(),
            CaseForm::Close => "Close the complaint".into(),
            CaseForm::CompleteRemedy => format!("Complete remedy {item}"),
            CaseForm::UpdateAction => format!("Update action {item}"),
            CaseForm::CompleteAction => format!("Complete action {item}"),
            CaseForm::Refer => "Record a referral to the Ombudsman".into(),
            CaseForm::Determination => "Record the Ombudsman's determination".into(),
            CaseForm::ComplyOrder => format!("Record compliance with {item}"),
            CaseForm::Correspondence => "Record correspondence".into(),
        }
    }
}

/// The link (address and label) to the form for a command on case `id`.
pub(crate) fn link(id: &str, allowed: &Allowed) -> (String, String) {
    let (form, item) = CaseForm::of(allowed);
    (form.href(id, item), form.label(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form's route and item make a command whose form is that one again, with the
    /// same item: the two directions cannot drift apart.
    #[test]
    fn each_form_round_trips_through_its_command() {
        let all = CaseForm::ONE_PAGE.into_iter().chain([CaseForm::Respond, CaseForm::Extend, CaseForm::Correspondence]);
        for form in all {
            let item = form.path().contains("{item}").then(|| "R1".to_owned());
            let command = form.command(item.clone()).expect("a command");
            assert_eq!(CaseForm::of(&command), (form, item.as_deref()), "{form:?}");
        }
    }

    #[test]
    fn a_form_acting_on_an_item_needs_it() {
        assert_eq!(CaseForm::CompleteRemedy.command(None), None);
        assert_eq!(CaseForm::Close.command(None), Some(Allowed::Close));
    }

    #[test]
    fn an_address_fills_in_the_case_and_the_item() {
        assert_eq!(CaseForm::Close.href("CMP-1", None), "/cases/CMP-1/close");
        assert_eq!(CaseForm::ComplyOrder.href("CMP-1", Some("O2")), "/cases/CMP-1/comply-order-O2");
    }
}
